"""Writing a finished run's read model: its people as the run read them, what its proposals are
filtered and sorted by, its unmatched mentees and, for a rerun, what changed against the run it
started from. Written once in the transaction that stores the result, so lists, counts,
decisions and pages read rows; the stored JSON stays for audit and documents."""

from __future__ import annotations

from typing import Any

from matcher.model import Bank, Programme, Proposal, ProposalStatus, RunResult
from matcher.solver import RunDiff, diff, name_causes, previous_people
from service.domain import (
    EndedEntry,
    MenteeTop,
    ProposalFacts,
    ProposalMark,
    RunPerson,
    StoredRun,
    UnmatchedEntry,
)
from service.unit_of_work import AbstractUnitOfWork


def people_of(bank: Bank) -> list[RunPerson]:
    return [RunPerson(p.id, p.full_name, p.role.value, p.organisation) for p in bank.participants]


def _name(bank: Bank, pid: str) -> str:
    return bank.by_id[pid].full_name if pid in bank.by_id else pid


TOP_REASONS = 3  # reasons a card shows per mentee; the rest on demand


def top_of(p: Proposal, limit: int | None = TOP_REASONS) -> tuple[MenteeTop, ...]:
    """Each mentee's pair score and strongest reasons (those that added to the score), in
    both languages, strongest first."""
    by_mentee = {ps.mentee: ps for ps in p.pairs}
    out = []
    for e in p.mentees:
        ps = by_mentee.get(e)
        comps = sorted(ps.components, key=lambda c: -c.contribution) if ps else []
        reasons = tuple((c.name, c.value, c.reason.text("ru"), c.reason.text("en"))
                        for c in comps if c.value > 0)[:limit]
        out.append((e, ps.score if ps else p.score, reasons))
    return tuple(out)


def facts_of(bank: Bank, result: RunResult,
             marks: dict[str, ProposalMark] | None = None) -> list[ProposalFacts]:
    facts = []
    for i, p in enumerate(result.proposals):
        people = (p.mentor, *p.mentees)
        orgs = sorted({bank.by_id[x].organisation for x in people if x in bank.by_id})
        facts.append(ProposalFacts(
            proposal_id=p.id, position=i, form=p.form.value, kind=p.kind.value, score=p.score,
            mentor_name=_name(bank, p.mentor), names=tuple(_name(bank, x) for x in people),
            organisations=tuple(orgs), mark=(marks or {}).get(p.id), mentor=p.mentor,
            mentees=p.mentees, topics=p.topics, top=top_of(p)))
    return facts


def unmatched_of(bank: Bank, result: RunResult) -> list[UnmatchedEntry]:
    out = []
    for u in result.unmatched:
        person = bank.by_id.get(u.mentee)
        out.append(UnmatchedEntry(u.mentee, person.full_name if person else u.mentee,
                                  person.role.value if person else "", u.reasons,
                                  u.suggestions))
    return out


def pair_names(bank: Bank, mentor: str, mentees: tuple[str, ...]) -> str:
    """«mentor → mentee, mentee» with the names the run read."""
    return f"{_name(bank, mentor)} → {', '.join(_name(bank, e) for e in mentees)}"


def changes_of(changes: RunDiff, bank: Bank) -> tuple[dict[str, ProposalMark], list[EndedEntry]]:
    """A rerun's marks by proposal id and the proposals it ended, from `matcher.solver.diff`."""
    marks = {p.id: ProposalMark("kept") for p in changes.kept}
    marks.update({p.id: ProposalMark("new") for p in changes.new})
    for (before, after), reason in zip(changes.changed, changes.changed_reasons, strict=True):
        marks[after.id] = ProposalMark("changed", reason,
                                       pair_names(bank, before.mentor, before.mentees))
    ended = [EndedEntry(e.proposal.id, pair_names(bank, e.proposal.mentor, e.proposal.mentees),
                        e.reason, e.proposal.status.value) for e in changes.ended]
    return marks, ended


def explained_diff(previous: RunResult, decisions: dict[str, ProposalStatus] | None,
                   result: RunResult, bank: Bank, programme: Programme,
                   previous_bank: dict[str, Any] | None) -> RunDiff:
    """`matcher.solver.diff` with every cause named (`matcher.solver.name_causes`): who left,
    whose consent, which new person or rejected pair set a replacement off; promised pairs
    that went first. `previous_bank` is the previous run's stored bank JSON."""
    people = previous_people(previous_bank) if previous_bank else None
    return name_causes(diff(previous, decisions or {}, result, bank, programme), previous,
                       decisions, result, bank, programme, people)


def record_read_model(
    uow: AbstractUnitOfWork,
    run_id: int,
    bank: Bank,
    programme: Programme,
    result: RunResult,
    *,
    previous: RunResult | None = None,
    decisions: dict[str, ProposalStatus] | None = None,
    previous_bank: dict[str, Any] | None = None,
) -> None:
    """Write the run's rows in the caller's transaction (the one that stores the result)."""
    marks: dict[str, ProposalMark] = {}
    ended: list[EndedEntry] = []
    if previous is not None:
        marks, ended = changes_of(explained_diff(previous, decisions, result, bank, programme,
                                                 previous_bank), bank)
    uow.views.write(run_id, people_of(bank), facts_of(bank, result, marks),
                    unmatched_of(bank, result))
    if ended:
        uow.views.write_changes(run_id, {}, ended)


def ensure_changes(uow: AbstractUnitOfWork, run: StoredRun) -> None:
    """Store a rerun's changes if they are missing (a run finished before the read model:
    the migration backfills people, proposals and unmatched mentees, not the diff). Once."""
    if run.previous_run_id is None:
        return
    with uow:
        if uow.views.has_changes(run.id):
            return
        full = uow.runs.get(run.id, full=True)
        prev = uow.runs.get(run.previous_run_id, full=True)
    if full is None or full.result is None or full.bank is None or full.programme is None:
        return
    if prev is None or prev.result is None:
        return
    bank = Bank.model_validate(full.bank)
    changes = explained_diff(RunResult.model_validate(prev.result),
                             {k: ProposalStatus(v) for k, v in (full.decisions or {}).items()},
                             RunResult.model_validate(full.result), bank,
                             Programme.model_validate(full.programme), prev.bank)
    marks, ended = changes_of(changes, bank)
    with uow:
        if uow.views.has_changes(run.id):  # another request got there first
            return
        uow.views.write_changes(run.id, marks, ended)
        uow.commit()
