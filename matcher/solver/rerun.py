"""Reruns: what the previous run and the curator's decisions mean for the next solve, and the
difference between two runs.

- Confirmed and locked proposals are kept when their people are still in the bank and the pair
  still breaks no hard rule (consent, wishes, form, kind); a group that lost members is kept
  with the others if at least `group_min` remain, otherwise it ends.
- Rejected proposals exclude their pairs from the next run.
- Proposed (unconfirmed) pairs earn `SolveOptions.keep_bonus`, the price of changing them.
- Mentees unmatched in the previous run earn `SolveOptions.unmatched_bonus` for being covered.

`diff` says why every proposal that went is gone, changed (another took its place) or ended,
checking hard rules on the rerun's day (`Programme.rules_date`), so a consent revoked during the
programme is named as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from matcher.model import (
    KEPT_STATUSES,
    Bank,
    Programme,
    Proposal,
    ProposalStatus,
    Reason,
    RunResult,
)
from matcher.rules import common_kinds, eligible_forms, pair_exclusions

Decisions = Mapping[str, ProposalStatus]  # proposal id → the curator's status


@dataclass(frozen=True)
class Ended:
    proposal: Proposal
    reason: Reason


@dataclass(frozen=True)
class RerunPlan:
    kept: tuple[Proposal, ...] = ()
    ended: tuple[Ended, ...] = ()
    rejected_pairs: frozenset[tuple[str, str]] = frozenset()
    proposed_pairs: frozenset[tuple[str, str]] = frozenset()
    unmatched_before: frozenset[str] = frozenset()
    proposed: tuple[Proposal, ...] = ()  # the previous run's open proposals (CP-SAT's start)


@dataclass(frozen=True)
class RunDiff:
    """How a rerun differs from the previous run, proposal by proposal."""

    kept: tuple[Proposal, ...] = ()
    changed: tuple[tuple[Proposal, Proposal], ...] = ()  # (before, after): same mentor or mentee
    new: tuple[Proposal, ...] = ()
    ended: tuple[Ended, ...] = field(default_factory=tuple)
    changed_reasons: tuple[Reason, ...] = ()  # one per `changed`: why its `before` went

    def __post_init__(self) -> None:
        if len(self.changed_reasons) != len(self.changed):
            raise ValueError(f"{len(self.changed)} changed proposals but "
                             f"{len(self.changed_reasons)} reasons")


def _r(code: str, ru: str, en: str) -> Reason:
    return Reason(code=code, ru=ru, en=en)


PERSON_LEFT = _r("person_left", "Участник выбыл из банка", "A participant left the bank")
REJECTED = _r("rejected", "Куратор отклонил предложение", "The curator rejected the proposal")
GROUP_TOO_SMALL = _r("group_too_small", "В группе осталось слишком мало участников",
                     "Too few members remain in the group")
ENDED = _r("ended", "Куратор завершил пару (по просьбе участника или по итогам)",
           "The curator ended the pair (at a participant's request or when done)")
REPLACED = _r("replaced", "Предложение заменено лучшим вариантом",
              "The proposal was replaced by a better option")


def with_decisions(previous: RunResult, decisions: Decisions | None) -> tuple[Proposal, ...]:
    """The previous proposals with the curator's statuses applied."""
    decisions = decisions or {}
    return tuple(
        p.model_copy(update={"status": decisions[p.id]}) if p.id in decisions else p
        for p in previous.proposals
    )


def plan(bank: Bank, programme: Programme, previous: RunResult | None,
         decisions: Decisions | None = None) -> RerunPlan:
    if previous is None:
        return RerunPlan()
    kept: list[Proposal] = []
    ended: list[Ended] = []
    rejected: set[tuple[str, str]] = set()
    proposed: set[tuple[str, str]] = set()
    still_open: list[Proposal] = []
    for p in with_decisions(previous, decisions):
        if p.status in (ProposalStatus.rejected, ProposalStatus.ended):
            # Neither a rejected nor an ended pair is proposed again.
            rejected.update((p.mentor, e) for e in p.mentees)
            ended.append(Ended(p, REJECTED if p.status == ProposalStatus.rejected else ENDED))
        elif p.status == ProposalStatus.proposed:
            proposed.update((p.mentor, e) for e in p.mentees)
            still_open.append(p)
        elif p.status in KEPT_STATUSES:
            still, reason = _still_valid(bank, programme, p)
            if still is None:
                ended.append(Ended(p, reason))
            else:
                kept.append(still)
    return RerunPlan(
        kept=tuple(kept), ended=tuple(ended), rejected_pairs=frozenset(rejected),
        proposed_pairs=frozenset(proposed),
        unmatched_before=frozenset(u.mentee for u in previous.unmatched),
        proposed=tuple(still_open),
    )


def _still_valid(bank: Bank, programme: Programme, p: Proposal) -> tuple[Proposal | None, Reason]:
    """The kept proposal as it can continue (members who left removed), or None and why."""
    if p.mentor not in bank.by_id:
        return None, PERSON_LEFT
    mentor = bank.get(p.mentor)
    members, first_reason = [], PERSON_LEFT
    for e in p.mentees:
        if e not in bank.by_id:
            continue
        mentee = bank.get(e)
        why = pair_exclusions(mentor, mentee, programme, bank=bank)
        fits = p.form in eligible_forms(mentor, mentee, programme) and (
            p.kind in common_kinds(mentor, mentee, programme))
        if p.is_group:
            fits = fits and all(t in mentee.requests and t in mentor.competencies
                                for t in p.topics[:1])
        if why or not fits:
            first_reason = why[0] if why else _r(
                "no_longer_fits", "Форма, вид или тема больше не подходят участникам",
                "The form, kind or topic no longer suits the participants")
            continue
        members.append(e)
    if not members:
        return None, first_reason
    if p.is_group and len(members) < programme.group_min:
        return None, GROUP_TOO_SMALL
    if len(members) == len(p.mentees):
        return p, first_reason
    return p.model_copy(update={"mentees": tuple(members),
                                "pairs": tuple(s for s in p.pairs if s.mentee in members)}), (
        first_reason)


def diff(previous: RunResult, decisions: Decisions | None, result: RunResult,
         bank: Bank, programme: Programme) -> RunDiff:
    """Kept, changed, new and ended proposals between `previous` (with decisions) and `result`."""
    before = with_decisions(previous, decisions)
    after_ids = {p.id: p for p in result.proposals}
    kept = [after_ids[p.id] for p in before if p.id in after_ids]
    the_plan = plan(bank, programme, previous, decisions)
    ended = {e.proposal.id: e for e in the_plan.ended}
    before_ids = {p.id for p in before}
    changed: list[tuple[Proposal, Proposal]] = []
    reasons: list[Reason] = []
    touched: set[str] = set()
    for p in before:
        if p.id in after_ids or p.id in ended:
            continue
        successor = next((q for q in result.proposals if q.id not in touched and q.id not in
                          before_ids and (q.mentor == p.mentor or
                                          set(q.mentees) & set(p.mentees))), None)
        if successor is not None:
            changed.append((p, successor))
            reasons.append(_why_gone(bank, programme, p))
            touched.add(successor.id)
        else:
            ended[p.id] = Ended(p, _why_gone(bank, programme, p))
    new = [q for q in result.proposals if q.id not in before_ids and q.id not in touched]
    return RunDiff(kept=tuple(kept), changed=tuple(changed), new=tuple(new),
                   ended=tuple(ended.values()), changed_reasons=tuple(reasons))


def _why_gone(bank: Bank, programme: Programme, p: Proposal) -> Reason:
    """Why a proposal the rerun did not keep went, whether another took its place or none
    did: a person left, a hard rule forbids it on the rerun's day (a consent revoked, a wish of
    "no", a conflict), it no longer fits (form, kind, topic), its group is too small, or else
    a better option replaced it. The same checks as for confirmed proposals (`_still_valid`)."""
    still, reason = _still_valid(bank, programme, p.model_copy(
        update={"status": ProposalStatus.confirmed}))
    return REPLACED if still is not None and len(still.mentees) == len(p.mentees) else reason
