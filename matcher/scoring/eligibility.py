"""Vectorised hard rules: the exclusion bits of many pairs at once.

This mirrors `matcher.rules.pair_exclusions` rule by rule (a property test checks every pair of
random banks). Each pair gets a uint16 of bit flags; `EXCLUSION_CODES[b]` is the `Reason.code`
that rules gives for bit `b`. A pair is eligible exactly when its bits are zero. Codes and bits
come from the table of hard rules (`matcher.hard_rules`); they stay importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.candidates import FORM_ORDER
from matcher.hard_rules import BIT as BIT  # kept importable here
from matcher.hard_rules import EXCLUSION_CODES as EXCLUSION_CODES
from matcher.model import PEDAGOGICAL_ROLES, Form, Kind, Role, StudentModel
from matcher.rules import MENTORED_TEACHERS, PAIR_KINDS, SAME_ORGANISATION_FORMS
from matcher.scoring.codes import (  # noqa: F401
    FORM_BITS,
    KIND_BITS,
    MODEL_BITS,
    ROLE_ORDER,
    person_bits,
)
from matcher.scoring.curator import required_broken
from matcher.scoring.features import Features
from matcher.scoring.pairs import Pairs

# The roles each form admits (mentor roles, mentee roles): the role part of
# `rules.form_fits_roles`. Top-k candidate generation blocks mentors by these too.
FORM_ROLES: dict[Form, tuple[frozenset[Role], frozenset[Role]]] = {
    Form.teacher_teacher: (frozenset({Role.teacher, Role.psychologist}), MENTORED_TEACHERS),
    Form.leader_teacher: (frozenset({Role.leader}), MENTORED_TEACHERS),
    Form.leader_student: (frozenset({Role.leader}), frozenset({Role.student})),
    Form.employer_student: (frozenset({Role.employer}), frozenset({Role.student})),
    Form.student_student: (frozenset({Role.student}), frozenset({Role.student})),
    Form.university_teacher_young_teacher: (
        frozenset({Role.university_teacher}), MENTORED_TEACHERS),
    Form.reverse: (PEDAGOGICAL_ROLES, PEDAGOGICAL_ROLES),
}
PAIR_KIND_BITS = sum(KIND_BITS[k] for k in PAIR_KINDS)
GROUP_BIT = KIND_BITS[Kind.group]


def mentor_roles_for(mentee_role: Role, forms: frozenset[Form]) -> frozenset[Role]:
    """Mentor roles that could mentor this mentee role under any of `forms`."""
    out: set[Role] = set()
    for f in forms:
        m_roles, e_roles = FORM_ROLES[f]
        if mentee_role in e_roles:
            out |= m_roles
    return frozenset(out)


def _role_in(roles: np.ndarray, allowed: frozenset[Role]) -> np.ndarray:
    return np.isin(roles, [ROLE_ORDER.index(r) for r in allowed])


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Hard-rule results for a set of pairs (arrays shaped like the pairs)."""

    bits: np.ndarray  # uint16 exclusion bits, 0 = eligible
    form: np.ndarray  # int8: index in FORM_ORDER of the first eligible form, -1 if none
    pair_ok: np.ndarray  # bool: a one-to-one kind is common
    group_ok: np.ndarray  # bool: both accept group work

    @property
    def eligible(self) -> np.ndarray:
        ok: np.ndarray = self.bits == 0
        return ok


@dataclass(frozen=True, eq=False)
class FormPeople:
    """The per-person parts of the form rules, computed once per `Features` (`form_people`)
    so that a block's work is proportional to the block, not to the bank."""

    sides: tuple[tuple[np.ndarray, np.ndarray] | None, ...]  # per FORM_ORDER: mentors, mentees
    offers: np.ndarray  # float32 (mentors × T): competencies among new-practice topics
    asks: np.ndarray  # float32 (mentees × T): requested topics


def form_people(f: Features) -> FormPeople:
    """Who may take part in each form, on each side (None: nobody on some side)."""
    M, E = f.mentors, f.mentees
    sides: list[tuple[np.ndarray, np.ndarray] | None] = []
    for form in FORM_ORDER:
        if not f.programme_forms & FORM_BITS[form]:
            sides.append(None)
            continue
        m_roles, e_roles = FORM_ROLES[form]
        m_ok = _role_in(M.role, m_roles) & (M.forms & FORM_BITS[form] > 0)
        e_ok = _role_in(E.role, e_roles) & (E.forms & FORM_BITS[form] > 0)
        match form:
            case Form.employer_student:
                e_ok &= E.employable
            case Form.university_teacher_young_teacher:
                e_ok &= E.young
            case Form.student_student:
                m_ok &= M.stage >= 0
                e_ok &= E.stage >= 0
        sides.append((m_ok, e_ok) if m_ok.any() and e_ok.any() else None)
    practice = f.new_practice.astype(np.float32)
    return FormPeople(sides=tuple(sides),
                      offers=((M.topics > 0) * practice).astype(np.float32),
                      asks=(E.topics > 0).astype(np.float32))


def form_masks(f: Features, px: Pairs, people: FormPeople | None = None
               ) -> list[np.ndarray | None]:
    """For each form in FORM_ORDER: pairs that may work under it (None: no pair may).
    `people`: `form_people(f)`, when the caller keeps it for many blocks."""
    M, E = f.mentors, f.mentees
    people = people if people is not None else form_people(f)
    out: list[np.ndarray | None] = []
    for form, side in zip(FORM_ORDER, people.sides, strict=True):
        if side is None:
            out.append(None)
            continue
        m_ok, e_ok = side
        mask = px.m(m_ok) & px.e(e_ok)
        if form in SAME_ORGANISATION_FORMS:
            mask &= px.m(M.organisation) == px.e(E.organisation)
        match form:
            case Form.student_student:
                senior = (px.m(M.student_models) & MODEL_BITS[StudentModel.senior_junior]) > 0
                peer = (px.m(M.student_models) & MODEL_BITS[StudentModel.peer]) > 0
                mask &= (senior & (px.m(M.stage) > px.e(E.stage))) | (
                    peer & (px.m(M.study_level) == px.e(E.study_level)))
            case Form.reverse:
                mask &= px.m(M.birth_year) > px.e(E.birth_year)
                mask &= px.m(M.digital) > px.e(E.digital)
                # mentor competencies among new practice × topics the mentee asks for
                mask &= px.dot(people.offers, people.asks) > 0
        out.append(mask)
    return out


def evaluate(f: Features, px: Pairs, people: FormPeople | None = None) -> Eligibility:
    """Exclusion bits, first eligible form and kind flags for the pairs `px` (`people`: see
    `form_masks`)."""
    M, E = f.mentors, f.mentees
    shape = px.shape
    bits = np.empty(shape, dtype=np.uint16)
    np.bitwise_or(px.m(M.person_bits), px.e(E.person_bits), out=bits)
    for keys, code in ((f.mentor_no, "mentor_said_no"), (f.mentee_no, "mentee_said_no"),
                       (f.conflict, "conflict"), (f.rejected, "rejected")):
        if len(keys):
            where, _ = px.at(keys)
            bits[where] |= np.uint16(BIT[code])

    form = np.full(shape, -1, dtype=np.int8)
    for i, mask in reversed(list(enumerate(form_masks(f, px, people)))):  # first eligible form wins
        if mask is not None:
            np.copyto(form, np.int8(i), where=mask)
    np.bitwise_or(bits, np.uint16(BIT["no_form"]), out=bits, where=form < 0)

    kinds = np.empty(shape, dtype=np.uint8)
    np.bitwise_and(px.m(M.kinds), px.e(E.kinds), out=kinds)
    kinds &= np.uint8(f.programme_kinds)
    np.bitwise_or(bits, np.uint16(BIT["no_kind"]), out=bits, where=kinds == 0)
    broken = required_broken(f.curator, px)
    if broken is not None:  # the programme's required rules (`matcher.curator_rules`)
        np.bitwise_or(bits, np.uint16(BIT["programme_rule"]), out=bits, where=broken)
    same = px.m(M.gid) == px.e(E.gid)
    np.copyto(bits, np.uint16(BIT["same_person"]), where=same)  # rules gives only this one
    return Eligibility(
        bits=bits, form=form, pair_ok=(kinds & np.uint8(PAIR_KIND_BITS)) > 0,
        group_ok=(kinds & np.uint8(GROUP_BIT)) > 0,
    )


def decode(bits: int) -> tuple[str, ...]:
    """Reason codes of one pair's bits, in the order rules reports them."""
    return tuple(code for code, b in BIT.items() if bits & b)
