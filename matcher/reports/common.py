"""Small shared pieces of every report: language, dates, labels, which proposals count.

Every user-facing string of the reports is written here or next to its use in Russian and
English; Russian is the default because the documents go to Russian schools.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from matcher.labels import label
from matcher.lifecycle import STATUS_WORDS
from matcher.model import (
    KEPT_STATUSES,
    PEDAGOGICAL_ROLES,
    Category,
    Participant,
    Programme,
    Proposal,
    ProposalStatus,
    Role,
    RunResult,
)
from matcher.reports.wording import sex
from matcher.topics import taxonomy

Lang = Literal["ru", "en"]
Audience = Literal["teachers", "students"]
AUDIENCES: tuple[Audience, ...] = ("teachers", "students")

# A proposal in one of these statuses no longer pairs anyone: it does not count for coverage,
# load or the order.
INACTIVE_STATUSES = frozenset({ProposalStatus.rejected, ProposalStatus.ended})

# The words of the proposal lifecycle, defined once in `matcher.lifecycle`.
STATUS_LABELS: dict[ProposalStatus, tuple[str, str]] = STATUS_WORDS


def check_lang(lang: str) -> Lang:
    if lang not in ("ru", "en"):
        raise ValueError(f"unknown language {lang!r}: use 'ru' or 'en'")
    return lang  # type: ignore[return-value]


def tr(ru: str, en: str, lang: str) -> str:
    """The Russian or the English text."""
    return en if lang == "en" else ru


def status_label(status: ProposalStatus, lang: str = "ru") -> str:
    ru, en = STATUS_LABELS[status]
    return tr(ru, en, lang)


def is_active(proposal: Proposal) -> bool:
    return proposal.status not in INACTIVE_STATUSES


def active_proposals(result: RunResult) -> tuple[Proposal, ...]:
    return tuple(p for p in result.proposals if is_active(p))


def for_order(result: RunResult, *, include_proposed: bool) -> tuple[Proposal, ...]:
    """Confirmed and locked proposals, plus the proposed ones if asked (as drafts)."""
    wanted = KEPT_STATUSES | ({ProposalStatus.proposed} if include_proposed else frozenset())
    return tuple(p for p in result.proposals if p.status in wanted)


def audience_of(p: Participant) -> Audience | None:
    """`teachers` for pedagogical workers (teachers, leaders, psychologists), `students` for
    students; None for people from outside (employers, university teachers)."""
    if p.role in PEDAGOGICAL_ROLES:
        return "teachers"
    if p.role == Role.student:
        return "students"
    return None


def ru_date(d: date) -> str:
    """01.09.2026"""
    return d.strftime("%d.%m.%Y")


def period_text(start: date, end: date) -> str:
    """«01.09.2026 – 31.05.2027»"""
    return f"{ru_date(start)} – {ru_date(end)}"


def period(programme: Programme) -> str:
    return period_text(programme.start, programme.end)


def topic_label(tid: str, lang: str = "ru") -> str:
    tax = taxonomy()
    return tax[tid].label(lang) if tid in tax else tid


def topics_text(topics: tuple[str, ...], lang: str = "ru") -> str:
    return "; ".join(topic_label(t, lang) for t in topics)


def role_label(p: Participant, lang: str = "ru") -> str:
    return label(p.role, lang)


def position(p: Participant, lang: str = "ru") -> str:
    """What the order shows after a name: role, subjects and category, or grade for a student:
    «педагог (математика), высшая категория», «обучающийся, 7 класс»."""
    text = role_label(p, lang)
    if p.role == Role.student and lang == "ru" and _female(p):
        text = "обучающаяся"  # the role word agrees with the person («Лебедева А. И., обучающаяся»)
    if p.subjects and p.role != Role.student:
        text += f" ({', '.join(p.subjects)})"
    if p.grade is not None:
        text += tr(f", {p.grade} класс", f", grade {p.grade}", lang)
    elif p.course is not None:
        text += tr(f", {p.course} курс", f", college year {p.course}", lang)
    if p.role in PEDAGOGICAL_ROLES and p.category != Category.none:
        cat = label(p.category, lang)
        text += tr(f", категория: {cat}", f", category: {cat}", lang)
    return text


def _female(p: Participant) -> bool:
    return sex(p) == "female"


def initials(full_name: str) -> str:
    """«Газиева Мария Рустемовна» -> «М.Р. Газиева» (as Russian signatures are written)."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name
    surname, rest = parts[0], parts[1:]
    return "".join(f"{x[0]}." for x in rest) + " " + surname


def points(score: float | None) -> int | None:
    """A pair score in [0, 1] as curators and participants read it: 0 to 100."""
    return None if score is None else round(score * 100)
