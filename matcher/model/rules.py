"""The curator's own rules, quotas and solver options, stored with a programme.

A `PairRule` is one row a curator writes about a mentor–mentee pair, over participant fields:
the same or a different organisation, site, department, subject, gender…; a gap (mentor minus
mentee) in age, experience, grade or category; a request topic the mentor covers; a list of
values allowed on one side. Its tier says what it does: `required` is a hard rule (the pair is
ineligible, with the rule named as the reason: `matcher.hard_rules` row `programme_rule`),
`preferred` is a weighted score component (`curator_rules`) with its reason in explanations.

A `Quota` bounds how many pairs (group members count one each) have a given attribute value on
one side: at most / at least a number or a share of all pairs, for one value or for each value.

The person-level facts the rules read (`categorical_values`, `numeric_value`) are here, so the
pair-at-a-time specification (`matcher.curator_rules`) and the vectorised evaluation
(`matcher.scoring.curator`) read the same values.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Self

from pydantic import Field, model_validator

from matcher.base import Frozen
from matcher.messages import domain_error
from matcher.model.enums import CATEGORY_RANK
from matcher.model.people import Participant

MAX_RULES = 50  # rule rows per programme
MAX_QUOTAS = 50
MAX_VALUES = 200  # values listed in one rule or quota


class Tier(StrEnum):
    required = "required"  # a hard rule: a pair breaking it is never proposed
    preferred = "preferred"  # a score component: a pair keeping it scores higher


class RuleKind(StrEnum):
    same = "same"  # mentor and mentee share a value of `field`
    different = "different"  # both have a value of `field` and share none
    gap = "gap"  # min <= value(mentor) - value(mentee) <= max
    share_topic = "share_topic"  # the mentor covers one of the mentee's request topics
    allowed = "allowed"  # the `side`'s value of `field` is one of `values`


class Attribute(StrEnum):
    """A participant field compared as text (same / different / allowed / quotas)."""

    organisation = "organisation"
    site = "site"  # the site, or the organisation when none is given
    department = "department"
    subject = "subject"  # any of the person's subjects
    gender = "gender"
    role = "role"
    category = "category"
    position = "position"


class Numeric(StrEnum):
    """A participant field compared as a number (gap rules)."""

    age = "age"  # years at the programme's rules date
    experience = "experience"  # experience_years
    grade = "grade"  # grade, or 11 + course for college students
    category = "category"  # qualification category rank (none 0 … mentor_teacher 5)
    digital_level = "digital_level"
    years_in_organisation = "years_in_organisation"


class Side(StrEnum):
    mentor = "mentor"
    mentee = "mentee"
    both = "both"


@lru_cache(maxsize=1 << 16)  # the same few organisations, subjects, roles, written by many
def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def categorical_values(p: Participant, field: Attribute) -> frozenset[str]:
    """The person's values of `field`, normalised (case, ё, spaces); empty when unknown."""
    match field:
        case Attribute.organisation:
            raw: tuple[str, ...] = (p.organisation,)
        case Attribute.site:
            raw = (p.site or p.organisation,)
        case Attribute.department:
            raw = (p.department,)
        case Attribute.subject:
            raw = p.subjects
        case Attribute.gender:
            raw = (p.gender.value if p.gender is not None else "",)
        case Attribute.role:
            raw = (p.role.value,)
        case Attribute.category:
            raw = (p.category.value,)
        case Attribute.position:
            raw = (p.position,)
    return frozenset(v for v in (_norm(x) for x in raw) if v)


def numeric_value(p: Participant, field: Numeric, at: date) -> float | None:
    """The person's number for `field`, None when unknown (then a gap rule is not kept)."""
    match field:
        case Numeric.age:
            return float(p.age_at(at))
        case Numeric.experience:
            return float(p.experience_years)
        case Numeric.grade:
            return float(p.study_level) if p.study_level is not None else None
        case Numeric.category:
            return float(CATEGORY_RANK[p.category])
        case Numeric.digital_level:
            return float(p.digital_level)
        case Numeric.years_in_organisation:
            return float(p.years_in_organisation)


class PairRule(Frozen):
    """One rule about a pair (see the module doc). `field` is an `Attribute` for same /
    different / allowed, a `Numeric` for gap, unused for share_topic."""

    kind: RuleKind
    field: str = ""
    tier: Tier = Tier.required
    weight: Annotated[float, Field(ge=0, le=1)] = 0.1  # preferred: in the units of `Weights`
    min: Annotated[float, Field(ge=-100, le=100)] | None = None  # gap: mentor − mentee
    max: Annotated[float, Field(ge=-100, le=100)] | None = None
    side: Side = Side.both  # allowed: whose value is checked
    values: Annotated[tuple[Annotated[str, Field(max_length=200)], ...],
                      Field(max_length=MAX_VALUES)] = ()
    label: Annotated[str, Field(max_length=200)] = ""  # the curator's own name for the rule

    @model_validator(mode="after")
    def _check(self) -> Self:
        attrs, nums = {a.value for a in Attribute}, {n.value for n in Numeric}
        if self.kind in (RuleKind.same, RuleKind.different, RuleKind.allowed) \
                and self.field not in attrs:
            raise domain_error("rule_field", field=self.field, allowed=", ".join(sorted(attrs)))
        if self.kind == RuleKind.gap:
            if self.field not in nums:
                raise domain_error("rule_field", field=self.field,
                                   allowed=", ".join(sorted(nums)))
            if self.min is None and self.max is None:
                raise domain_error("rule_gap_bounds")
            if self.min is not None and self.max is not None and self.min > self.max:
                raise domain_error("rule_gap_bounds")
        if self.kind == RuleKind.allowed and not self.values:
            raise domain_error("rule_no_values")
        return self

    @property
    def attribute(self) -> Attribute:
        return Attribute(self.field)

    @property
    def numeric(self) -> Numeric:
        return Numeric(self.field)

    def normalised_values(self) -> frozenset[str]:
        return frozenset(_norm(v) for v in self.values if _norm(v))


class Quota(Frozen):
    """At most `at_most` (or `share_at_most` of all pairs) and at least `at_least` of the pairs
    whose `side` has `value` of `field`; no `value`: the bounds hold for each value separately.
    "At most" is a hard rule; "at least" is kept where possible: each missing pair costs
    `shortfall_penalty` score units. Shares are counted in thousandths."""

    field: Attribute
    side: Side = Side.mentor
    value: Annotated[str, Field(max_length=200)] = ""
    at_most: Annotated[int, Field(ge=0, le=100_000)] | None = None
    at_least: Annotated[int, Field(ge=0, le=100_000)] | None = None
    share_at_most: Annotated[float, Field(ge=0, le=1)] | None = None
    shortfall_penalty: Annotated[float, Field(ge=0, le=10)] = 1.0
    label: Annotated[str, Field(max_length=200)] = ""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.at_most, self.at_least, self.share_at_most) == (None, None, None):
            raise domain_error("quota_no_bound")
        if self.side == Side.both:
            raise domain_error("quota_side")
        return self

    def matches_value(self) -> frozenset[str]:
        """The quota's own value, normalised (empty: the quota holds for each value)."""
        return frozenset({_norm(self.value)}) if _norm(self.value) else frozenset()

    def matches(self, p: Participant) -> frozenset[str]:
        """The values of this quota the person counts towards (one quota row per value)."""
        values = categorical_values(p, self.field)
        own = self.matches_value()
        return values & own if own else values


class ProgrammeOptions(Frozen):
    """Solver options stored with a programme (see `matcher.options.SolveOptions`), in score
    units: one unit is one perfect pair."""

    stable: bool = False
    fairness: Annotated[int, Field(ge=0, le=100)] = 0
    balance: Annotated[float, Field(ge=0, le=1)] = 0.0
    unmatched_bonus: Annotated[float, Field(ge=0, le=1)] = 0.0
    priority_bonus: Annotated[float, Field(ge=0, le=1)] = 0.0  # per level of `priority`
    min_load: Annotated[int, Field(ge=0, le=30)] = 0  # mentees per mentor, where possible
    min_load_penalty: Annotated[float, Field(ge=0, le=10)] = 0.5  # per missing mentee
