"""The read model's repository interface and its queries: a run's proposals as rows to
page, filter and sort (`service.db.views` implements it; `tests/service/fakes.py` in memory)."""


import abc
from dataclasses import dataclass
from enum import StrEnum

from matcher.model import Form, Kind, ProposalStatus
from service.domain import (
    EndedEntry,
    ProposalFacts,
    ProposalMark,
    ProposalSummary,
    RunPerson,
    StoredProposal,
    UnmatchedEntry,
)


class ProposalSort(StrEnum):
    """Orders of a run's proposals; each ends on the solver's order, so pages are stable."""

    position = "position"  # the solver's order
    score = "score"  # lowest score first
    score_desc = "-score"  # best first
    mentor = "mentor"  # by the mentor's name
    mentor_desc = "-mentor"
    form = "form"  # by the form's code: the same forms together
    form_desc = "-form"
    kind = "kind"
    kind_desc = "-kind"
    status = "status"  # undecided first, then confirmed, locked, rejected, ended
    status_desc = "-status"
    decided = "decided"  # by the time of the latest decision (undecided: the run's end)
    decided_desc = "-decided"  # the latest decided first
    review = "review"  # the review page: undecided first, a rerun's changes first, best first

    @property
    def descending(self) -> bool:
        return self.value.startswith("-")


@dataclass(frozen=True)
class ProposalQuery:
    """Filters of a run's proposals (every one that is set must hold), the order and a page:
    `offset`, or `after` (the sort key and position of the last row seen, a keyset cursor)."""

    status: ProposalStatus | None = None
    form: Form | None = None
    kind: Kind | None = None
    organisation: str | None = None  # the mentor's or a mentee's, whole, case-insensitive
    score_min: float | None = None
    score_max: float | None = None
    name: str | None = None  # part of the mentor's or a mentee's name
    ids: tuple[str, ...] | None = None
    changed: bool = False  # a rerun's new and changed proposals only
    sort: ProposalSort = ProposalSort.position
    offset: int = 0
    after: tuple[float | str, int] | None = None
    limit: int = 50


@dataclass(frozen=True)
class ProposalSlice:
    """A page of a run's proposals, how many pass the filters, and the keyset of the page's
    last row (the `after` of the next page; None on an empty page)."""

    items: list[StoredProposal]
    total: int
    last: tuple[float | str, int] | None = None


@dataclass(frozen=True)
class SummarySlice:
    """A page of a run's proposals as a list shows them (`ProposalSlice` without the full
    proposals): the rows, how many pass the filters, and the last row's keyset."""

    items: list[ProposalSummary]
    total: int
    last: tuple[float | str, int] | None = None


class RunViewRepository(abc.ABC):
    """The read model of finished runs: people, proposal facts, unmatched mentees and a rerun's
    changes, written once when a run finishes; the proposal rows themselves (status, version)
    stay in `ProposalRepository`, which these queries join."""

    @abc.abstractmethod
    def write(self, run_id: int, people: list[RunPerson], facts: list[ProposalFacts],
              unmatched: list[UnmatchedEntry]) -> None: ...

    @abc.abstractmethod
    def write_changes(self, run_id: int, marks: dict[str, ProposalMark],
                      ended: list[EndedEntry]) -> None:
        """Store a rerun's marks on its proposals and the proposals it ended."""

    @abc.abstractmethod
    def has_changes(self, run_id: int) -> bool:
        """Whether the rerun's changes are stored (a marked proposal or an ended one)."""

    @abc.abstractmethod
    def search(self, run_id: int, query: ProposalQuery) -> ProposalSlice:
        """One page of the run's proposals that pass the filters, and how many pass."""

    @abc.abstractmethod
    def summaries(self, run_id: int, query: ProposalQuery) -> SummarySlice:
        """`search` as a list shows it: the list's fields from the rows, no breakdown."""

    @abc.abstractmethod
    def counts(self, run_id: int) -> dict[str, int]:
        """The run's proposals by status value (every status, zeros included)."""

    @abc.abstractmethod
    def mark_counts(self, run_id: int) -> dict[str, int]:
        """A rerun's proposals by mark: kept, new, changed (zeros included)."""

    @abc.abstractmethod
    def marks(self, run_id: int, proposal_ids: list[str]) -> dict[str, ProposalMark]: ...

    @abc.abstractmethod
    def organisations(self, run_id: int) -> list[str]:
        """The organisations of the run's people, sorted (the review table filters by them)."""

    @abc.abstractmethod
    def people(self, run_id: int, pids: list[str]) -> dict[str, RunPerson]:
        """These people of the run's bank (those it did not read are left out)."""

    @abc.abstractmethod
    def unmatched(self, run_id: int, offset: int = 0, limit: int | None = None
                  ) -> tuple[list[UnmatchedEntry], int]:
        """A page of the run's unmatched mentees in the solver's order, and how many."""

    @abc.abstractmethod
    def ended(self, run_id: int) -> list[EndedEntry]: ...
