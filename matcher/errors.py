"""Domain errors. Each carries structured fields so callers (CLI, HTTP) can show them well."""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.messages import CATALOGUE, message


class MatcherError(Exception):
    """Base of every error this package raises on purpose."""


@dataclass
class RowProblem:
    """One problem in one row of a bank file: where, what value, and a Russian message."""

    row: int  # 1-based, as a spreadsheet shows it (the header is row 1)
    column: str
    value: str
    message: str
    severity: str = "error"  # "error": the row is left out; "warning": kept, but see message
    participant: str = ""


class UnreadableFile(MatcherError):
    """A bank file that cannot be read at all; nothing from it is imported."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"Не удалось прочитать файл {path}: {reason}")
        self.path, self.reason = path, reason


@dataclass
class InvalidBank(MatcherError):
    """A bank with errors where the caller asked for all-or-nothing."""

    problems: list[RowProblem] = field(default_factory=list)

    def __str__(self) -> str:
        head = "; ".join(f"строка {p.row}, «{p.column}»: {p.message}" for p in self.problems[:5])
        more = f" и ещё {len(self.problems) - 5}" if len(self.problems) > 5 else ""
        return f"Ошибки в банке: {head}{more}"


class NoSolution(MatcherError):
    """The solver found no solution within the time limit (not the same as infeasible)."""


class Infeasible(MatcherError):
    """The rules cannot all hold at once; `conflicts` names what clashes."""

    def __init__(self, conflicts: list[str]) -> None:
        super().__init__("Правила несовместимы: " + "; ".join(conflicts))
        self.conflicts = conflicts


class UnknownParticipant(MatcherError):
    def __init__(self, pid: str) -> None:
        super().__init__(f"Участник {pid!r} не найден в банке")
        self.pid = pid


@dataclass(frozen=True)
class Violation:
    """One broken rule in a result: a code, a message, the proposal and the people concerned.

    `severity` "error" is a hard rule (the result must not reach a curator); "warning" is a
    finding that leaves the result usable (e.g. its recomputed objective differs)."""

    code: str
    message: str
    proposal: str = ""
    people: tuple[str, ...] = ()
    severity: str = "error"


class InvalidResult(MatcherError):
    """The solver's result breaks a hard rule (found by the independent validator): a bug,
    reported with the structured `violations` (which rule, which people) instead of a result."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        shown = violations[:5]
        more = len(violations) - len(shown)

        def text(lang: str) -> str:
            found = "; ".join(f"{_violation_word(v.code, lang)} ({', '.join(v.people)})"
                              for v in shown)
            if more:
                found = message("invalid_result.more", lang, found=found, more=more)
            return message("invalid_result", lang, found=found)

        self.ru, self.en = text("ru"), text("en")
        super().__init__(f"{self.ru} / {self.en}")


class Cancelled(MatcherError):
    """The caller asked the solve to stop (a curator's cancel, Ctrl-C); no result is made."""

    def __init__(self) -> None:
        super().__init__("Подбор остановлен по запросу / the solve was stopped on request")


def _violation_word(code: str, lang: str) -> str:
    """The validator's code in words (a broken hard rule `rule:<code>` by the rule's code)."""
    key = f"violation.{code}"
    return message(key if key in CATALOGUE else "violation.other", lang)
