"""The number codes of the vectorised hard rules: role indices, form and kind bit masks, and the
exclusion bits that depend on one person alone.

Both the feature arrays (`matcher.scoring.features`) and the eligibility over pairs
(`matcher.scoring.eligibility`) use this layout, so it lives below both. The exclusion bits
themselves come from the table of hard rules (`matcher.hard_rules.BIT`).
"""

from __future__ import annotations

from collections.abc import Sequence

from matcher.hard_rules import BIT
from matcher.model import Category, Form, Kind, Participant, Programme, Role, StudentModel

ROLE_ORDER: tuple[Role, ...] = tuple(Role)
FORM_BITS: dict[Form, int] = {f: 1 << i for i, f in enumerate(Form)}
KIND_BITS: dict[Kind, int] = {k: 1 << i for i, k in enumerate(Kind)}
MODEL_BITS: dict[StudentModel, int] = {m: 1 << i for i, m in enumerate(StudentModel)}
ALL_FORMS = sum(FORM_BITS.values())
ALL_KINDS = sum(KIND_BITS.values())


def person_bits(p: Participant, programme: Programme, *, as_mentor: bool) -> int:
    """Exclusion bits that depend on one person only (mentor side or mentee side)."""
    bits = 0
    if not programme.covers(p):
        bits |= BIT["outside_programme"]
    if programme.definitions.student_too_young(p, programme.rules_date):
        bits |= BIT["student_too_young"]
    if as_mentor:
        if p.mentor is None:
            return bits | BIT["not_a_mentor"]
        if not programme.definitions.meets_mentor_thresholds(p):
            bits |= BIT["mentor_threshold"]
        if p.missing_consents(programme.rules_date, as_mentor=True):
            bits |= BIT["mentor_consent"]
        if p.mentor.capacity_mentees == 0 and p.mentor.capacity_groups == 0:
            bits |= BIT["capacity_zero"]
    else:
        if p.mentee is None:
            return bits | BIT["not_a_mentee"]
        if p.missing_consents(programme.rules_date, as_mentor=False):
            bits |= BIT["mentee_consent"]
    return bits


def people_bits(people: Sequence[Participant], programme: Programme, *,
                as_mentor: bool) -> list[int]:
    """`person_bits` of many people, equal bit for bit: the programme's facts are looked up
    once and its definitions asked once per distinct value they read (at 100,000 people)."""
    at, d = programme.rules_date, programme.definitions
    orgs = frozenset(programme.organisations)
    too_young: dict[tuple[Role, int], bool] = {}  # (role, birth year): student_too_young
    below: dict[tuple[Role, float, Category], bool] = {}  # not meets_mentor_thresholds
    out: list[int] = []
    for p in people:
        bits = 0
        if orgs and p.organisation not in orgs:  # not programme.covers(p)
            bits |= BIT["outside_programme"]
        age_key = (p.role, p.birth_year)
        young = too_young.get(age_key)
        if young is None:
            young = too_young[age_key] = d.student_too_young(p, at)
        if young:
            bits |= BIT["student_too_young"]
        if as_mentor:
            offer = p.mentor
            if offer is None:
                out.append(bits | BIT["not_a_mentor"])
                continue
            staff_key = (p.role, p.years_in_organisation, p.category)
            low = below.get(staff_key)
            if low is None:
                low = below[staff_key] = not d.meets_mentor_thresholds(p)
            if low:
                bits |= BIT["mentor_threshold"]
            if p.missing_consents(at, as_mentor=True):
                bits |= BIT["mentor_consent"]
            if offer.capacity_mentees == 0 and offer.capacity_groups == 0:
                bits |= BIT["capacity_zero"]
        else:
            if p.mentee is None:
                out.append(bits | BIT["not_a_mentee"])
                continue
            if p.missing_consents(at, as_mentor=False):
                bits |= BIT["mentee_consent"]
        out.append(bits)
    return out
