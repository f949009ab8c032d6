"""Page models: plain values the templates show, built from domain objects. Presentation only;
the rules they show (consents, coverage) come from `matcher` and the use cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matcher.labels import label
from matcher.model import ConsentKind, Participant

SIDES = ("all", "mentors", "mentees")
CONSENT_FILTERS = ("", "ok", "missing")
MATCHED_FILTERS = ("", "yes", "no")


@dataclass(frozen=True)
class BankFilters:
    side: str = "all"
    q: str = ""
    role: str = ""
    subject: str = ""
    consent: str = ""  # "", "ok" or "missing"
    matched: str = ""  # "", "yes" or "no"

    @classmethod
    def of(cls, side: str, q: str, role: str, subject: str, consent: str,
           matched: str) -> BankFilters:
        return cls(
            side=side if side in SIDES else "all", q=q.strip(), role=role,
            subject=subject.strip(),
            consent=consent if consent in CONSENT_FILTERS else "",
            matched=matched if matched in MATCHED_FILTERS else "",
        )

    @property
    def is_mentor(self) -> bool | None:
        return True if self.side == "mentors" else None

    @property
    def is_mentee(self) -> bool | None:
        return True if self.side == "mentees" else None


@dataclass(frozen=True)
class BankRow:
    participant: Participant
    is_mentor: bool
    is_mentee: bool
    missing: tuple[ConsentKind, ...]  # consents lacking for the roles they are in the banks for
    matched: bool | None  # None: no run yet

    @property
    def consent_ok(self) -> bool:
        return not self.missing

    def missing_text(self, lang: str) -> str:
        return "; ".join(label(k, lang) for k in self.missing)


def bank_row(p: Participant, today: date, matched: set[str] | None) -> BankRow:
    missing: list[ConsentKind] = []
    if p.mentor is not None:
        missing += p.missing_consents(today, as_mentor=True)
    if p.mentee is not None:
        missing += [k for k in p.missing_consents(today, as_mentor=False) if k not in missing]
    return BankRow(p, p.mentor is not None, p.mentee is not None, tuple(missing),
                   None if matched is None else p.id in matched)


def filter_rows(rows: list[BankRow], f: BankFilters) -> list[BankRow]:
    out = rows
    if f.consent == "ok":
        out = [r for r in out if r.consent_ok]
    elif f.consent == "missing":
        out = [r for r in out if not r.consent_ok]
    if f.matched == "yes":
        out = [r for r in out if r.matched]
    elif f.matched == "no":
        out = [r for r in out if r.matched is False]
    return out


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: a label, a value, its share of the axis and an optional target."""

    label: str
    value: float
    share: float  # 0..1 of the bar's full width
    text: str
    target: float | None = None  # 0..1, drawn as a marker
    ok: bool | None = None
    note: str = ""  # e.g. the target in words
