"""Hard rules for one mentor–mentee pair, written plainly, one pair at a time.

This is the specification of eligibility: the vectorised eligibility in `matcher.scoring` must
agree with it on every pair (a property test checks that), and the validator uses it to check
results independently of the solver. A pair that breaks any rule is never proposed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from functools import cache, lru_cache
from typing import TypeVar

from matcher.curator_rules import broken_detail, broken_required
from matcher.hard_rules import rule_reason as _r
from matcher.labels import label
from matcher.model import (
    PEDAGOGICAL_ROLES,
    Bank,
    ConsentKind,
    Form,
    Kind,
    Participant,
    Programme,
    Reason,
    Role,
    StudentModel,
    WishLevel,
)
from matcher.topics import taxonomy

# One-to-one kinds in the order a pair prefers them; `group` is the only many-mentee kind.
PAIR_KINDS: tuple[Kind, ...] = (
    Kind.individual, Kind.virtual, Kind.short_term, Kind.situational, Kind.speed,
)
# Every form and kind in enum order, iterated once per pair (iterating an enum class is slow).
ALL_FORMS: tuple[Form, ...] = tuple(Form)
ALL_KINDS: tuple[Kind, ...] = tuple(Kind)
_E = TypeVar("_E", Form, Kind)
# Who a teacher-to-teacher form mentors: teachers and school psychologists.
MENTORED_TEACHERS = frozenset({Role.teacher, Role.psychologist})
# Forms whose pair must belong to one organisation: 003 (3.1.4) «обучающихся одного
# образовательного учреждения»; «руководитель образовательной организации – педагог» is the
# leader of the teacher's own organisation.
SAME_ORGANISATION_FORMS = frozenset({Form.student_student, Form.leader_teacher})


def agreed(chosen: Collection[object], item: object) -> bool:
    """A participant who named no forms (or kinds) accepts any; otherwise only those named."""
    return not chosen or item in chosen


@cache
def new_practice_topics() -> frozenset[str]:
    return frozenset(t.id for t in taxonomy() if t.new_practice)


def study_stage(p: Participant) -> int | None:
    """The stage of education (ступень): 1 primary (grades 1–4), 2 basic (5–9), 3 secondary
    (10–11), 4 college; None for someone who is not studying."""
    if p.grade is not None:
        return 1 if p.grade <= 4 else 2 if p.grade <= 9 else 3
    return 4 if p.course is not None else None


def student_models(mentor: Participant, programme: Programme) -> frozenset[StudentModel]:
    """The «ученик – ученик» role models a mentor works in: their own choice, else the
    programme's."""
    chosen = mentor.mentor.student_models if mentor.mentor is not None else frozenset()
    return chosen or programme.definitions.student_models


def students_fit(
    mentor: Participant, mentee: Participant, models: Collection[StudentModel]
) -> bool:
    """«старший – младший»: the mentor is a stage higher; «равный – равному»: the same grade."""
    m_stage, e_stage = study_stage(mentor), study_stage(mentee)
    if m_stage is None or e_stage is None:
        return False
    return (StudentModel.senior_junior in models and m_stage > e_stage) or (
        StudentModel.peer in models and mentor.study_level == mentee.study_level)


def role_obstacle(
    form: Form, mentor: Participant, mentee: Participant, programme: Programme
) -> str | None:
    """What stops this form for the two people by their roles (and organisation, grades, age,
    experience), by the programme's definitions: None if nothing does, "roles" if the roles
    are not the form's at all, else the `matcher.hard_rules.FORM_OBSTACLES` code naming the
    rule (one organisation, stage, senior grade, young specialist, the reverse conditions)."""
    m, e, d, at = mentor, mentee, programme.definitions, programme.rules_date
    match form:
        case Form.teacher_teacher:
            roles = m.role in (Role.teacher, Role.psychologist) and e.role in MENTORED_TEACHERS
        case Form.leader_teacher:
            roles = m.role == Role.leader and e.role in MENTORED_TEACHERS
        case Form.leader_student:
            roles = m.role == Role.leader and e.role == Role.student
        case Form.employer_student:
            roles = m.role == Role.employer and e.role == Role.student
        case Form.student_student:
            roles = m.role == Role.student and e.role == Role.student
        case Form.university_teacher_young_teacher:
            roles = m.role == Role.university_teacher and e.role in MENTORED_TEACHERS
        case Form.reverse:
            roles = m.role in PEDAGOGICAL_ROLES and e.role in PEDAGOGICAL_ROLES
        case _:  # pragma: no cover - every form is handled above
            raise AssertionError(form)
    if not roles:
        return "roles"
    if form in SAME_ORGANISATION_FORMS and m.organisation != e.organisation:
        return "no_form.organisation"
    if form == Form.student_student and not students_fit(m, e, student_models(m, programme)):
        return "no_form.student_model"
    if form == Form.employer_student and not d.employable(e):
        return "no_form.senior_grade"
    if form == Form.university_teacher_young_teacher and not d.is_young_specialist(e, at):
        return "no_form.young_specialist"
    if form == Form.reverse:
        # 000, 003: «профессионал младшего возраста становится наставником опытного
        # работника по вопросам новых тенденций, технологий»: younger, digitally stronger,
        # and able to cover a new-practice topic the elder asks for.
        if m.birth_year <= e.birth_year:
            return "no_form.reverse_age"
        if m.digital_level <= e.digital_level:
            return "no_form.reverse_digital"
        practice = new_practice_topics()
        if not any(t in practice and t in m.competencies for t in e.requests):
            return "no_form.reverse_topic"
    return None


def reverse_topics(mentor: Participant,
                   mentee: Participant) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two ways of a reverse pair (000, 003: it teaches both ways): what the younger
    mentor brings (new-practice topics the elder asks for and the mentor covers) and what the
    elder brings back (method topics, not new practice, among the elder's competencies, those
    the younger asks for first)."""
    practice = new_practice_topics()
    brings = tuple(t for t in mentee.requests_in_order()
                   if t in practice and t in mentor.competencies)
    back = tuple(sorted((t for t in mentee.competencies if t not in practice),
                        key=lambda t: (t not in mentor.requests, -mentee.competencies[t], t)))
    return brings, back


def form_fits_roles(
    form: Form, mentor: Participant, mentee: Participant, programme: Programme
) -> bool:
    """Whether the two people's roles (and organisation, grades, age, experience) allow this
    form, by the programme's definitions."""
    return role_obstacle(form, mentor, mentee, programme) is None


def form_obstacle(
    form: Form, mentor: Participant, mentee: Participant, programme: Programme
) -> str | None:
    """What stops this form for the pair: the roles (`role_obstacle`), then the programme's
    forms and each person's choice; None if the form is eligible."""
    if mentor.mentor is None or mentee.mentee is None:
        return "roles"
    found = role_obstacle(form, mentor, mentee, programme)
    if found is not None:
        return found
    if form not in programme.forms:
        return "no_form.programme"
    if not agreed(mentor.mentor.forms, form):
        return "no_form.mentor_choice"
    if not agreed(mentee.mentee.forms, form):
        return "no_form.mentee_choice"
    return None


def form_obstacles(
    mentor: Participant, mentee: Participant, programme: Programme
) -> tuple[tuple[Form, str], ...]:
    """For each form the two people's roles are made for, what stops it (empty if no form
    suits their roles, or if one form is eligible)."""
    found = [(f, form_obstacle(f, mentor, mentee, programme)) for f in ALL_FORMS]
    if any(code is None for _, code in found):
        return ()
    return tuple((f, code) for f, code in found if code is not None and code != "roles")


def no_form_detail(mentor: Participant, mentee: Participant,
                   programme: Programme) -> dict[str, str]:
    """The `detail` of the `no_form` reason: for each form the roles would allow, the rule
    that stops it («ученик – ученик» — other organisation); empty if no form suits the roles."""
    stops = form_obstacles(mentor, mentee, programme)
    if not stops:
        return {"detail": "", "detail_en": ""}
    grade = programme.definitions.employer_min_grade
    ru = [_r(code, form=label(f, "ru"), grade=grade).ru for f, code in stops]
    en = [_r(code, form=label(f, "en"), grade=grade).en for f, code in stops]
    return {"detail": ": " + "; ".join(ru), "detail_en": ": " + "; ".join(en)}


def _agreed_by_all(memo: Callable[[frozenset[_E], frozenset[_E], frozenset[_E]], tuple[_E, ...]],
                   order: tuple[_E, ...], allowed: frozenset[_E], chosen_a: frozenset[_E],
                   chosen_b: frozenset[_E]) -> tuple[_E, ...]:
    """The forms (or kinds) of `order` in `allowed` both people `agreed` to, in that order:
    `memo` remembers them, since a bank has few distinct choices and every pair asks; they are
    worked out afresh for unhashable collections (a model built without validation)."""
    try:
        return memo(allowed, chosen_a, chosen_b)
    except TypeError:
        return _agreed_in(order, allowed, chosen_a, chosen_b)


def _agreed_in(order: tuple[_E, ...], allowed: Collection[_E], chosen_a: Collection[_E],
               chosen_b: Collection[_E]) -> tuple[_E, ...]:
    return tuple(x for x in order
                 if x in allowed and agreed(chosen_a, x) and agreed(chosen_b, x))


@lru_cache(maxsize=1024)
def _agreed_forms(allowed: frozenset[Form], chosen_a: frozenset[Form],
                  chosen_b: frozenset[Form]) -> tuple[Form, ...]:
    return _agreed_in(ALL_FORMS, allowed, chosen_a, chosen_b)


@lru_cache(maxsize=1024)
def _agreed_kinds(allowed: frozenset[Kind], chosen_a: frozenset[Kind],
                  chosen_b: frozenset[Kind]) -> tuple[Kind, ...]:
    return _agreed_in(ALL_KINDS, allowed, chosen_a, chosen_b)


def eligible_forms(
    mentor: Participant, mentee: Participant, programme: Programme
) -> tuple[Form, ...]:
    """Forms the programme allows, both people agreed to, and their roles fit, in enum order."""
    if mentor.mentor is None or mentee.mentee is None:
        return ()
    return tuple(
        f for f in _agreed_by_all(_agreed_forms, ALL_FORMS, programme.forms,
                                  mentor.mentor.forms, mentee.mentee.forms)
        if role_obstacle(f, mentor, mentee, programme) is None
    )


def common_kinds(
    mentor: Participant, mentee: Participant, programme: Programme
) -> tuple[Kind, ...]:
    """Kinds the programme allows and both people accept."""
    if mentor.mentor is None or mentee.mentee is None:
        return ()
    return _agreed_by_all(_agreed_kinds, ALL_KINDS, programme.kinds, mentor.mentor.kinds,
                          mentee.mentee.kinds)


def pair_kind(mentor: Participant, mentee: Participant, programme: Programme) -> Kind | None:
    """The one-to-one kind this pair would run under, or None if they can only meet in a group."""
    return _first_pair_kind(common_kinds(mentor, mentee, programme))


@lru_cache(maxsize=256)
def _first_pair_kind(kinds: tuple[Kind, ...]) -> Kind | None:
    """The first of `PAIR_KINDS` among `kinds` (remembered: few distinct kind sets)."""
    return next((k for k in PAIR_KINDS if k in kinds), None)


def _consents(kinds: Iterable[ConsentKind]) -> dict[str, str]:
    """The `consents` parameter of a consent rule's texts, in both languages."""
    return {"consents": ", ".join(label(k, "ru") for k in kinds),
            "consents_en": ", ".join(label(k, "en") for k in kinds)}


def pair_exclusions(
    mentor: Participant,
    mentee: Participant,
    programme: Programme,
    *,
    bank: Bank | None = None,
    rejected: Collection[tuple[str, str]] = (),
) -> tuple[Reason, ...]:
    """Every hard rule this pair breaks, as reasons for the curator; empty if eligible.

    `rejected` holds (mentor id, mentee id) pairs the curator rejected; conflicts come from `bank`.
    Codes and texts are the rows of `matcher.hard_rules`.
    """
    return checked_pair(mentor, mentee, programme, bank=bank, rejected=rejected)[0]


def checked_pair(
    mentor: Participant,
    mentee: Participant,
    programme: Programme,
    *,
    bank: Bank | None = None,
    rejected: Collection[tuple[str, str]] = (),
) -> tuple[tuple[Reason, ...], tuple[Form, ...], tuple[Kind, ...]]:
    """`pair_exclusions`, with the pair's `eligible_forms` and `common_kinds` it worked out on
    the way (the validator checks a proposal's form and kind too, without asking twice)."""
    at = programme.rules_date
    out: list[Reason] = []
    forms: tuple[Form, ...] = ()
    kinds: tuple[Kind, ...] = ()
    if mentor.id == mentee.id:
        return ((_r("same_person"),), eligible_forms(mentor, mentee, programme),
                common_kinds(mentor, mentee, programme))
    if mentor.mentor is None:
        out.append(_r("not_a_mentor", name=mentor.full_name))
    if mentee.mentee is None:
        out.append(_r("not_a_mentee", name=mentee.full_name))
    if not programme.covers(mentor) or not programme.covers(mentee):
        out.append(_r("outside_programme"))
    if mentor.mentor is not None:
        missing = mentor.missing_consents(at, as_mentor=True)
        if missing:
            out.append(_r("mentor_consent", **_consents(missing)))
        if mentor.mentor.capacity_mentees == 0 and mentor.mentor.capacity_groups == 0:
            out.append(_r("capacity_zero"))
    if mentee.mentee is not None:
        missing = mentee.missing_consents(at, as_mentor=False)
        if missing:
            out.append(_r("mentee_consent", **_consents(missing)))
    m_wish, e_wish = mentor.wish_about(mentee.id), mentee.wish_about(mentor.id)
    if m_wish is not None and m_wish.level == WishLevel.no:
        out.append(_r("mentor_said_no"))
    if e_wish is not None and e_wish.level == WishLevel.no:
        out.append(_r("mentee_said_no"))
    if bank is not None and bank.in_conflict(mentor.id, mentee.id):
        out.append(_r("conflict"))
    if (mentor.id, mentee.id) in rejected:
        out.append(_r("rejected"))
    if mentor.mentor is not None and mentee.mentee is not None:
        forms = eligible_forms(mentor, mentee, programme)
        if not forms:
            out.append(_r("no_form", **no_form_detail(mentor, mentee, programme)))
        kinds = common_kinds(mentor, mentee, programme)
        if not kinds:
            out.append(_r("no_kind"))
    young = [p for p in (mentor, mentee) if programme.definitions.student_too_young(p, at)]
    if young:
        out.append(_r("student_too_young", name=young[0].full_name,
                      age=programme.definitions.min_student_age))
    if mentor.mentor is not None and not programme.definitions.meets_mentor_thresholds(mentor):
        out.append(_r("mentor_threshold"))
    if mentor.mentor is not None and mentee.mentee is not None:
        broken = broken_required(mentor, mentee, programme)
        if broken:  # one reason (one exclusion bit) naming every rule the pair breaks
            details = [broken_detail(rule, mentor, mentee, at) for rule in broken]
            out.append(_r("programme_rule", **{
                key: "; ".join(d[key] for d in details) for key in ("detail", "detail_en")}))
    return tuple(out), forms, kinds


def is_eligible(
    mentor: Participant,
    mentee: Participant,
    programme: Programme,
    *,
    bank: Bank | None = None,
    rejected: Collection[tuple[str, str]] = (),
) -> bool:
    """Whether the pair breaks no hard rule (see `pair_exclusions`)."""
    return not pair_exclusions(mentor, mentee, programme, bank=bank, rejected=rejected)
