"""What the why-not page shows: the answer for a pair (a rule, a cost, or «already proposed»,
with the forms the two people's roles allow and the pair against the mentee's current one
component by component) and, before a mentor is picked, the mentee's situation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matcher.hard_rules import short
from matcher.labels import label
from matcher.model import Bank
from matcher.reports.common import status_label
from matcher.solver.why_not import Situation, WhyNot
from service.web.forms import component_label
from service.web.runviews import Person, person


@dataclass(frozen=True)
class CompareRow:
    label: str
    weight: int  # share of the total weight, in %
    asked: int  # 0..100
    current: int  # 0..100
    difference: float  # in total-score points (0..100 scale), signed


@dataclass(frozen=True)
class CandidateRow:
    mentor: Person
    score: int  # 0..100
    load: int
    capacity: int
    full: bool
    with_mentee: bool


def why_not_view(result: WhyNot, bank: Bank, lang: str) -> dict[str, Any]:
    """The template's view of one answer."""
    compare = [CompareRow(component_label(c.name, lang), round(c.weight * 100),
                          round(c.asked * 100), round(c.current * 100),
                          round(c.difference * 100, 1)) for c in result.compare]
    return {
        "allowed": result.allowed, "reasons": [r.text(lang) for r in result.reasons],
        "pair_score": result.pair_score, "score_loss": result.score_loss,
        "coverage_loss": result.coverage_loss,
        "moved": [person(bank, e, lang) for e in result.moved],
        "mentee": person(bank, result.mentee, lang), "mentor": person(bank, result.mentor, lang),
        "proposal": result.proposal,
        "proposal_status": status_label(result.proposal_status, lang)
        if result.proposal_status else "",
        "forms_fit": [label(f, lang) for f in result.forms_fit],
        "current": person(bank, result.current_mentor, lang) if result.current_mentor else None,
        "current_score": result.current_score, "compare": compare,
    }


def situation_view(found: Situation, bank: Bank, lang: str) -> dict[str, Any]:
    """The template's view of a mentee's situation."""
    return {
        "mentee": person(bank, found.mentee, lang),
        "mentors": [person(bank, m, lang) for m in found.mentors],
        "best": [CandidateRow(person(bank, c.mentor, lang), round(c.score * 100), c.load,
                              c.capacity, c.full, c.with_mentee) for c in found.best],
        "blocked": [(short(code, lang), n) for code, n in found.blocked],
    }
