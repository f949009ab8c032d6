"""The number codes of the vectorised hard rules: role indices, form and kind bit masks, and the
exclusion bits that depend on one person alone.

Both the feature arrays (`matcher.scoring.features`) and the eligibility over pairs
(`matcher.scoring.eligibility`) use this layout, so it lives below both. The exclusion bits
themselves come from the table of hard rules (`matcher.hard_rules.BIT`).
"""

from __future__ import annotations

from matcher.hard_rules import BIT
from matcher.model import Form, Kind, Participant, Programme, Role, StudentModel

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
