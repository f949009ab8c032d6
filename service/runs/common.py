"""What the use cases of `service.runs` share: the run statuses and their words, loading a run or
failing with `NotFound`, and a finished run's context (what it read and its result as the
curator's decisions left it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matcher.lifecycle import STATUS_WORDS as PROPOSAL_STATUS_WORDS
from matcher.model import Bank, Programme, RunResult
from matcher.reports.targets import SchoolYearNumbers, school_year_of
from service.domain import RunStatus, StoredProposal, StoredRun
from service.errors import NotFound, RunNotReady
from service.services.papers import school_year_numbers
from service.unit_of_work import AbstractUnitOfWork

UowFactory = Callable[[], AbstractUnitOfWork]

ACTIVE = frozenset({RunStatus.queued, RunStatus.running})
NOT_FAILED = frozenset({RunStatus.queued, RunStatus.running, RunStatus.done})

RUN_STATUS_WORDS: dict[RunStatus, tuple[str, str]] = {
    RunStatus.queued: ("в очереди", "queued"),
    RunStatus.running: ("выполняется", "running"),
    RunStatus.failed: ("ошибка", "failed"),
    RunStatus.done: ("готово", "done"),
}
# Every status word by its value, a run's and a proposal's (the proposal's from the lifecycle).
STATUS_WORDS: dict[str, tuple[str, str]] = {
    **{s.value: words for s, words in PROPOSAL_STATUS_WORDS.items()},
    **{s.value: words for s, words in RUN_STATUS_WORDS.items()},
}


def stored_run(uow: AbstractUnitOfWork, run_id: int, *, full: bool = False) -> StoredRun:
    """The run with this id (`full`: with its bank, programme and result); `NotFound` else."""
    run = uow.runs.get(run_id, full=full)
    if run is None:
        raise NotFound(entity="run", key=str(run_id))
    return run


def require_done(run: StoredRun) -> None:
    """`RunNotReady` unless the run finished, naming the status it is in."""
    if run.status != RunStatus.done:
        words = STATUS_WORDS[run.status.value]
        raise RunNotReady(key=str(run.id), status=words[0], status_en=words[1])


@dataclass(frozen=True)
class RunContext:
    """A finished run with what it read and its result as the curator's decisions left it."""

    run: StoredRun
    programme: Programme
    bank: Bank
    result: RunResult  # proposals with their current status
    proposals: tuple[StoredProposal, ...]
    organisation_name: str = ""
    # the organisation's real numbers for the programme's school year, if it recorded them
    numbers: SchoolYearNumbers | None = None


def context_of(uow: AbstractUnitOfWork, run: StoredRun) -> RunContext:
    """The context of a finished run loaded in full; `RunNotReady` if it has not finished."""
    require_done(run)
    assert run.result is not None and run.bank is not None and run.programme is not None
    rows = tuple(uow.proposals.list_for(run.id))
    result = RunResult.model_validate(run.result)
    result = result.model_copy(update={"proposals": tuple(r.proposal for r in rows)})
    programme = Programme.model_validate(run.programme)
    org_name = ""
    if run.organisation_id is not None:
        org = uow.organisations.get(run.organisation_id)
        org_name = org.name if org is not None else ""
    if not org_name:
        org_name = programme.organisations[0] if len(programme.organisations) == 1 else (
            programme.name or programme.id)
    numbers = school_year_numbers(uow, run.organisation_id, school_year_of(programme.start))
    return RunContext(run, programme, Bank.model_validate(run.bank), result, rows, org_name,
                      numbers)
