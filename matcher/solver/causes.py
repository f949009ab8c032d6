"""Causes of a rerun's changes, named (issue 18): a pair that went says whom it concerns
(«Выбыл из банка: Иванов И.», «Согласие отозвано: Петрова А. (…)»), and a pair replaced by
another says what set the change off: a new person in the bank, a pair the curator rejected or
ended, a person who left or withdrew consent, or a mentee left unmatched last time. Promised
pairs (confirmed or locked) that went come first.

`name_causes` takes the diff `matcher.solver.diff` computed and returns it with these reasons;
what went and what replaced it stay the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from matcher.messages import message
from matcher.model import (
    KEPT_STATUSES,
    Bank,
    Programme,
    Proposal,
    ProposalStatus,
    Reason,
    RunResult,
)
from matcher.solver.rerun import Decisions, Ended, RunDiff, with_decisions

__all__ = ["PreviousPeople", "name_causes", "previous_people", "promised"]

CONSENT_CODES = frozenset({"mentor_consent", "mentee_consent"})


def promised(p: Proposal) -> bool:
    """Whether the participants were told: the pair was confirmed or locked."""
    return p.status in KEPT_STATUSES


def _reason(code: str, **params: str) -> Reason:
    return Reason(code=code, ru=message(code, "ru", **params), en=message(code, "en", **params))


PreviousPeople = Mapping[str, tuple[str, str]]  # id -> (full name, gender value or "")


def previous_people(bank_json: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """The previous run's people from its stored bank JSON, without validating the bank."""
    return {str(p["id"]): (str(p.get("full_name", p["id"])), str(p.get("gender") or ""))
            for p in bank_json.get("participants", ()) if "id" in p}


class _People:
    """Names and genders from the rerun's bank, else the previous run's people, else the id."""

    def __init__(self, bank: Bank, previous: PreviousPeople | None) -> None:
        self.bank = bank
        self.previous = previous or {}

    def name(self, pid: str) -> str:
        if pid in self.bank.by_id:
            return self.bank.by_id[pid].full_name
        return self.previous.get(pid, (pid, ""))[0]

    def gender(self, pid: str) -> str:
        if pid in self.bank.by_id:
            g = self.bank.by_id[pid].gender
            return g.value if g is not None else ""
        return self.previous.get(pid, (pid, ""))[1]

    def pair(self, p: Proposal) -> str:
        return f"«{self.name(p.mentor)} → {', '.join(self.name(e) for e in p.mentees)}»"


def _direct(p: Proposal, reason: Reason, bank: Bank, programme: Programme,
            people: _People) -> Reason:
    """The reason a pair went with the person it concerns named."""
    if reason.code == "person_left":
        gone = next((x for x in (p.mentor, *p.mentees) if x not in bank.by_id), None)
        if gone is not None:
            return _named(reason.code, "cause.left_bank", name=people.name(gone),
                          gender=people.gender(gone))
    if reason.code in CONSENT_CODES:
        at = programme.rules_date
        who = [p.mentor] if reason.code == "mentor_consent" else [
            e for e in p.mentees if e in bank.by_id
            and bank.by_id[e].missing_consents(at, as_mentor=False)]
        if who:
            return Reason(code=reason.code,
                          ru=message("cause.consent", "ru", name=people.name(who[0]),
                                     detail=_lower(reason.ru)),
                          en=message("cause.consent", "en", name=people.name(who[0]),
                                     detail_en=_lower(reason.en)))
    return reason


def _named(code: str, text: str, **params: str) -> Reason:
    """The reason `code` (kept for programs) with the catalogue's `text` naming the person."""
    return Reason(code=code, ru=message(text, "ru", **params), en=message(text, "en", **params))


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _trigger(p: Proposal, reason: Reason, people: _People) -> Reason | None:
    """What a pair that went set off in others, as a short cause («куратор отклонил пару…»)."""
    if p.status == ProposalStatus.rejected or reason.code == "rejected":
        return _reason("cause.pair_rejected", names=people.pair(p))
    if p.status == ProposalStatus.ended or reason.code == "ended":
        return _reason("cause.pair_ended", names=people.pair(p))
    if reason.code == "person_left":
        gone = next((x for x in (p.mentor, *p.mentees) if x not in people.bank.by_id), p.mentor)
        return _reason("cause.person_left", name=people.name(gone),
                       gender=people.gender(gone))
    if reason.code in CONSENT_CODES:
        return Reason(code=reason.code, ru=_lower(reason.ru), en=_lower(reason.en))
    return None


def _replacement_cause(p: Proposal, result: RunResult, previous: tuple[Proposal, ...],
                       triggers: dict[str, Reason], unmatched_before: frozenset[str],
                       previous_ids: frozenset[str] | None, people: _People) -> Reason | None:
    """What made the rerun replace `p`: someone new beside one of its people, or a change
    in the pair one of the new partners came from."""
    mine = {p.mentor, *p.mentees}
    partners: list[str] = []
    for q in result.proposals:
        members = {q.mentor, *q.mentees}
        if members & mine:
            partners += [x for x in (q.mentor, *q.mentees) if x not in mine]
    # a mentor whose mentee went elsewhere: who took the mentee
    for q in result.proposals:
        if set(q.mentees) & set(p.mentees) and q.mentor != p.mentor:
            partners.append(q.mentor)
    before_of = {x: prev for prev in previous for x in (prev.mentor, *prev.mentees)
                 if prev.id != p.id}
    for x in _unique(partners):
        if previous_ids is not None and x not in previous_ids:
            return _reason("cause.new_person", name=people.name(x))
    for x in _unique(partners):
        prev = before_of.get(x)
        if prev is not None and prev.id in triggers:
            return triggers[prev.id]
    for x in _unique(partners):
        if x in unmatched_before:
            return _reason("cause.was_unmatched", name=people.name(x), gender=people.gender(x))
    return None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def name_causes(changes: RunDiff, previous: RunResult, decisions: Decisions | None,
                result: RunResult, bank: Bank, programme: Programme,
                previous_bank: PreviousPeople | None = None) -> RunDiff:
    """`changes` with each reason naming its cause, and the ended proposals in order:
    promised pairs (confirmed, locked) first, then the rest as they were. Without the
    previous run's people (`previous_people`) nobody is named as new."""
    people = _People(bank, previous_bank)
    before = with_decisions(previous, decisions)
    previous_ids = None if previous_bank is None else frozenset(previous_bank)
    unmatched_before = frozenset(u.mentee for u in previous.unmatched)
    ended = [Ended(e.proposal, _direct(e.proposal, e.reason, bank, programme, people))
             for e in changes.ended]
    changed_reasons = [_direct(b, r, bank, programme, people)
                       for (b, _), r in zip(changes.changed, changes.changed_reasons,
                                            strict=True)]
    triggers: dict[str, Reason] = {}
    for e in ended:
        t = _trigger(e.proposal, e.reason, people)
        if t is not None:
            triggers[e.proposal.id] = t
    for (b, _), r in zip(changes.changed, changed_reasons, strict=True):
        t = _trigger(b, r, people)
        if t is not None:
            triggers[b.id] = t

    def explained(p: Proposal, r: Reason) -> Reason:
        if r.code != "replaced":
            return r
        cause = _replacement_cause(p, result, before, triggers, unmatched_before,
                                   previous_ids, people)
        if cause is None:
            return r
        return Reason(code=r.code,
                      ru=message("cause.replaced", "ru", cause=cause.ru),
                      en=message("cause.replaced", "en", cause_en=cause.en))

    ended = [Ended(e.proposal, explained(e.proposal, e.reason)) for e in ended]
    changed_reasons = [explained(b, r) for (b, _), r in zip(changes.changed, changed_reasons,
                                                            strict=True)]
    ended.sort(key=lambda e: not promised(e.proposal))  # stable: promised first
    return RunDiff(kept=changes.kept, changed=changes.changed, new=changes.new,
                   ended=tuple(ended), changed_reasons=tuple(changed_reasons))
