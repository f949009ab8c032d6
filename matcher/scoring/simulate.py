""""Simulate for one person": what each of the programme's own rules does to one mentee's
candidates, before the curator runs anything.

For the mentee, the mentors eligible by every other hard rule are the base; each rule then
says how many of them keep it and which break it (a required rule excludes those, a preferred
one only scores them lower), and the best mentors are listed with and without the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.curator_rules import describe, kept
from matcher.errors import UnknownParticipant
from matcher.model import Bank, PairRule, Programme
from matcher.rules import pair_exclusions
from matcher.scoring.scorer import Scorer


@dataclass(frozen=True, slots=True)
class RuleEffect:
    rule: PairRule
    ru: str  # how the rule reads
    en: str
    keeping: int  # base mentors who keep the rule
    breaking: tuple[str, ...]  # base mentors who break it (ids)


@dataclass(frozen=True, slots=True)
class Simulation:
    mentee: str
    base: int  # mentors eligible by every other hard rule
    eligible: int  # of those, mentors keeping every required rule
    effects: tuple[RuleEffect, ...]
    best: tuple[tuple[str, float], ...]  # with the rules: (mentor id, score), best first
    best_without: tuple[tuple[str, float], ...]  # the same without the programme's rules


def simulate(bank: Bank, programme: Programme, mentee_id: str, *, k: int = 10) -> Simulation:
    """What the programme's rules do to `mentee_id`'s candidates (see the module doc)."""
    if mentee_id not in bank.by_id:
        raise UnknownParticipant(mentee_id)
    mentee = bank.get(mentee_id)
    plain = programme.model_copy(update={"rules": ()})
    base = [m for m in bank.mentors
            if m.id != mentee_id and not pair_exclusions(m, mentee, plain, bank=bank)]
    at = programme.rules_date
    effects = tuple(
        RuleEffect(rule=r, ru=describe(r, "ru"), en=describe(r, "en"),
                   keeping=sum(kept(r, m, mentee, at) for m in base),
                   breaking=tuple(m.id for m in base if not kept(r, m, mentee, at)))
        for r in programme.rules)
    eligible = sum(all(kept(r, m, mentee, at) for r in programme.required_rules) for m in base)
    with_rules = Scorer(random_state=programme.seed).fit(bank, programme)
    without = Scorer(random_state=programme.seed).fit(bank, plain)
    return Simulation(
        mentee=mentee_id, base=len(base), eligible=eligible, effects=effects,
        best=tuple(with_rules.top_mentors(mentee_id, k)),
        best_without=tuple(without.top_mentors(mentee_id, k)))
