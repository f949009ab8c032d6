"""What an import returns: the bank of good rows and every problem found, row by row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from matcher.errors import InvalidBank, RowProblem
from matcher.model import Bank, Participant

ERROR = "error"
WARNING = "warning"


@dataclass
class ParsedRow:
    """One participant row after parsing: the participant, or None if the row has errors."""

    row: int
    pid: str  # the ID as written (may be set even when the row failed), for wish checks
    participant: Participant | None
    problems: list[RowProblem] = field(default_factory=list)
    # the column keys the row fills and those it clears with «—» (see bank_io.merge)
    given: frozenset[str] = frozenset()
    cleared: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return self.participant is not None and not any(
            p.severity == ERROR for p in self.problems
        )


@dataclass
class ImportReport:
    """The bank built from the good rows plus every problem; error rows are left out."""

    bank: Bank
    problems: list[RowProblem]
    rows_read: int
    source: str = ""
    row_of: dict[str, int] = field(default_factory=dict)  # kept participant id -> file row
    # kept participant id -> the column keys its row fills / clears (see bank_io.merge)
    given: dict[str, frozenset[str]] = field(default_factory=dict)
    cleared: dict[str, frozenset[str]] = field(default_factory=dict)
    # the consent warnings of each kept participant (also in `problems`): a re-import that
    # merges with a stored person judges consents on the merged record instead
    consent_notes: dict[str, list[RowProblem]] = field(default_factory=dict)
    column: Callable[[str], str] = str  # column key -> its name in this file

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def kept(self) -> int:
        return len(self.bank.participants)

    @property
    def ok(self) -> bool:
        """No errors (warnings are allowed): every row was imported."""
        return not self.errors

    def raise_for_errors(self) -> Bank:
        """The bank, or InvalidBank with the errors where the caller wants all-or-nothing."""
        if self.errors:
            raise InvalidBank(self.errors)
        return self.bank
