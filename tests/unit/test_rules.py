"""The scalar hard rules: each rule excludes exactly the pairs it names."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.model import (
    Bank,
    Category,
    Conflict,
    ConsentKind,
    Definitions,
    Form,
    Kind,
    MenteeRequest,
    MentorOffer,
    Participant,
    Programme,
    Role,
    StudentModel,
    Wish,
    WishLevel,
)
from matcher.rules import common_kinds, eligible_forms, pair_exclusions, pair_kind
from tests.factories import (
    MENTEE_CONSENTS,
    MENTOR_CONSENTS,
    START,
    consents,
    programme,
)
from tests.factories import teacher_mentee as mentee
from tests.factories import teacher_mentor as mentor

PROGRAMME = programme()


def codes(m: Participant, e: Participant, programme: Programme = PROGRAMME, **kw) -> set[str]:
    return {r.code for r in pair_exclusions(m, e, programme, **kw)}


def test_plain_teacher_pair_is_eligible_under_teacher_teacher():
    assert codes(mentor(), mentee()) == set()
    assert eligible_forms(mentor(), mentee(), PROGRAMME) == (Form.teacher_teacher,)
    assert pair_kind(mentor(), mentee(), PROGRAMME) == Kind.individual


def test_same_person_is_the_only_reason_given():
    both = mentor(mentee=MenteeRequest())
    assert codes(both, both) == {"same_person"}


@pytest.mark.parametrize(
    ("who", "kept", "code"),
    [
        ("mentor", (ConsentKind.personal_data,), "mentor_consent"),
        ("mentor", (ConsentKind.mentor_duties,), "mentor_consent"),
        ("mentee", (ConsentKind.personal_data,), "mentee_consent"),
        ("mentee", (ConsentKind.participation,), "mentee_consent"),
    ],
)
def test_a_missing_consent_excludes(who, kept, code):
    if who == "mentor":
        assert codes(mentor(consents=consents(*kept)), mentee()) == {code}
    else:
        assert codes(mentor(), mentee(consents=consents(*kept))) == {code}


def test_consent_revoked_before_start_excludes_and_after_start_does_not():
    before = consents(ConsentKind.personal_data, ConsentKind.participation, revoked=START)
    after = consents(
        ConsentKind.personal_data, ConsentKind.participation, revoked=date(2026, 10, 1)
    )
    assert codes(mentor(), mentee(consents=before)) == {"mentee_consent"}
    assert codes(mentor(), mentee(consents=after)) == set()


def test_minor_needs_a_guardian_consent():
    older = dict(role=Role.student, grade=11, birth_year=2009, competencies={"olympiads": 3})
    younger = dict(role=Role.student, grade=7, birth_year=2013, requests={"olympiads": 2})
    m = mentor(**older, consents=consents(ConsentKind.personal_data, ConsentKind.mentor_duties,
                                          ConsentKind.guardian))
    e = mentee(**younger)
    reasons = pair_exclusions(m, e, PROGRAMME)
    assert [r.code for r in reasons] == ["mentee_consent"]
    assert "родителя" in reasons[0].ru
    e_ok = mentee(**younger, consents=MENTEE_CONSENTS + consents(ConsentKind.guardian))
    assert codes(m, e_ok) == set()
    assert eligible_forms(m, e_ok, PROGRAMME) == (Form.student_student,)


@pytest.mark.parametrize("side", ["mentor", "mentee"])
def test_a_no_from_either_side_excludes(side):
    no_to = lambda target: (Wish(target=target, level=WishLevel.no),)  # noqa: E731
    if side == "mentor":
        assert codes(mentor(wishes=no_to("e")), mentee()) == {"mentor_said_no"}
    else:
        assert codes(mentor(), mentee(wishes=no_to("m"))) == {"mentee_said_no"}


def test_maybe_does_not_exclude():
    assert codes(mentor(), mentee(wishes=(Wish(target="m", level=WishLevel.maybe),))) == set()


def test_conflict_and_rejection_exclude():
    bank = Bank(participants=(mentor(), mentee()), conflicts=(Conflict(a="e", b="m"),))
    assert codes(mentor(), mentee(), bank=bank) == {"conflict"}
    assert codes(mentor(), mentee(), rejected={("m", "e")}) == {"rejected"}
    assert codes(mentor(), mentee(), rejected={("e", "m")}) == set()


def test_capacity_zero_excludes():
    m = mentor(mentor=MentorOffer(capacity_mentees=0, capacity_groups=0))
    assert codes(m, mentee()) == {"capacity_zero"}


def test_form_not_in_programme_or_not_agreed_excludes():
    only_reverse = programme(forms={Form.reverse})
    assert codes(mentor(), mentee(), only_reverse) == {"no_form"}
    refuses = mentee(mentee=MenteeRequest(forms={Form.leader_teacher}))
    assert codes(mentor(), refuses) == {"no_form"}


def test_no_common_kind_excludes():
    m = mentor(mentor=MentorOffer(capacity_mentees=2, kinds={Kind.group}))
    assert codes(m, mentee()) == {"no_kind"}
    assert common_kinds(m, mentee(mentee=MenteeRequest(kinds={Kind.group})), PROGRAMME) == (
        Kind.group,
    )
    assert pair_kind(m, mentee(mentee=MenteeRequest(kinds={Kind.group})), PROGRAMME) is None


def test_employer_student_needs_senior_classes_or_college():
    """003 (3.1.3): «обучающегося старших классов»: grades 10–11 by default (issue 10; the
    product allowed grade 8 before), and college students."""
    emp = mentor(role=Role.employer, competencies={"career_choice": 3})
    student = dict(role=Role.student, birth_year=2010, requests={"career_choice": 2},
                   consents=MENTEE_CONSENTS + consents(ConsentKind.guardian))
    assert eligible_forms(emp, mentee(**student, grade=8), PROGRAMME) == ()
    assert eligible_forms(emp, mentee(**student, grade=9), PROGRAMME) == ()
    assert eligible_forms(emp, mentee(**student, grade=10), PROGRAMME) == (Form.employer_student,)
    assert eligible_forms(emp, mentee(**student, course=1), PROGRAMME) == (Form.employer_student,)


def test_employer_min_grade_is_a_programme_setting():
    emp = mentor(role=Role.employer, competencies={"career_choice": 3})
    student = mentee(role=Role.student, birth_year=2011, requests={"career_choice": 2}, grade=8,
                     consents=MENTEE_CONSENTS + consents(ConsentKind.guardian))
    from_8 = PROGRAMME.model_copy(update={"definitions": Definitions(employer_min_grade=8)})
    assert eligible_forms(emp, student, from_8) == (Form.employer_student,)


def test_student_student_needs_a_higher_level():
    s = dict(role=Role.student, birth_year=2010,
             consents=MENTEE_CONSENTS + MENTOR_CONSENTS + consents(ConsentKind.guardian))
    same = (mentor(**s, grade=9), mentee(**s, grade=9))
    assert eligible_forms(*same, PROGRAMME) == ()
    assert eligible_forms(mentor(**s, course=1), mentee(**s, grade=11), PROGRAMME) == (
        Form.student_student,
    )


def test_reverse_needs_less_experience_and_a_new_practice_topic():
    young = mentor(birth_year=1999, experience_years=2, digital_level=3,
                   competencies={"digital_tools": 3})
    veteran = mentee(birth_year=1968, experience_years=30, requests={"digital_tools": 3})
    assert Form.reverse in eligible_forms(young, veteran, PROGRAMME)
    on_method = mentee(birth_year=1968, experience_years=30, requests={"teaching_methods": 3})
    young_method = mentor(birth_year=1999, experience_years=2,
                          competencies={"digital_tools": 3, "teaching_methods": 2})
    assert Form.reverse not in eligible_forms(young_method, on_method, PROGRAMME)


def test_university_teacher_mentors_young_specialists_only():
    uni = mentor(role=Role.university_teacher)
    assert eligible_forms(uni, mentee(), PROGRAMME) == (Form.university_teacher_young_teacher,)
    assert eligible_forms(uni, mentee(experience_years=4), PROGRAMME) == ()


def test_programme_organisations_limit_who_takes_part():
    p = programme(organisations=("Школа 2",))
    assert codes(mentor(), mentee(), p) == {"outside_programme"}


def test_model_copy_does_not_keep_a_stale_wish_lookup():
    e = mentee(wishes=(Wish(target="m", level=WishLevel.no),))
    assert e.wish_about("m") is not None
    assert e.model_copy(update={"wishes": ()}).wish_about("m") is None
    assert codes(mentor(), e.model_copy(update={"wishes": ()})) == set()


def test_a_rerun_during_the_programme_checks_consents_on_its_own_day():
    revoked_in_october = consents(
        ConsentKind.personal_data, ConsentKind.participation, revoked=date(2026, 10, 1)
    )
    e = mentee(consents=revoked_in_october)
    assert codes(mentor(), e) == set()
    rerun = PROGRAMME.model_copy(update={"as_of": date(2026, 11, 20)})
    assert rerun.rules_date == date(2026, 11, 20)
    assert codes(mentor(), e, rerun) == {"mentee_consent"}
    early = PROGRAMME.model_copy(update={"as_of": date(2026, 6, 1)})
    assert early.rules_date == START


# ---- issue 10: forms and role models as the seeds define them ------------------------------

_S = dict(role=Role.student, birth_year=2010,
          consents=MENTEE_CONSENTS + MENTOR_CONSENTS + consents(ConsentKind.guardian))


def test_student_student_is_within_one_organisation():
    """003 (3.1.4): «обучающихся одного образовательного учреждения»."""
    senior = mentor(**_S, grade=11)
    assert eligible_forms(senior, mentee(**_S, grade=7), PROGRAMME) == (Form.student_student,)
    other = mentee(**_S, grade=7, organisation="Другая школа")
    assert eligible_forms(senior, other, PROGRAMME) == ()


def test_senior_junior_needs_a_higher_stage_not_just_a_higher_grade():
    """«более высокой ступени образования»: grade 9 and grade 7 are both basic school."""
    assert eligible_forms(mentor(**_S, grade=9), mentee(**_S, grade=7), PROGRAMME) == ()
    assert eligible_forms(mentor(**_S, grade=10), mentee(**_S, grade=9), PROGRAMME) == (
        Form.student_student,)


def test_peer_model_is_chosen_per_programme_or_per_mentor():
    """«равный – равному»: the same grade, an exchange of skills."""
    peers = (mentor(**_S, grade=9), mentee(**_S, grade=9))
    assert eligible_forms(*peers, PROGRAMME) == ()  # the default is «старший – младший»
    by_programme = PROGRAMME.model_copy(update={"definitions": Definitions(
        student_models=frozenset({StudentModel.peer}))})
    assert eligible_forms(*peers, by_programme) == (Form.student_student,)
    own = mentor(**_S, grade=9, mentor=MentorOffer(
        student_models=frozenset({StudentModel.peer})))
    assert eligible_forms(own, peers[1], PROGRAMME) == (Form.student_student,)
    assert eligible_forms(mentor(**_S, grade=11), mentee(**_S, grade=7), by_programme) == ()


def test_leader_teacher_is_within_one_organisation():
    head = mentor(role=Role.leader)
    assert Form.leader_teacher in eligible_forms(head, mentee(), PROGRAMME)
    elsewhere = mentee(organisation="Колледж")
    assert Form.leader_teacher not in eligible_forms(head, elsewhere, PROGRAMME)


def test_leader_student_form_exists():
    """002 (1.4, 3.3): «руководитель – ученик»."""
    head = mentor(role=Role.leader, mentor=MentorOffer(forms=frozenset({Form.leader_student})))
    assert eligible_forms(head, mentee(**_S, grade=8), PROGRAMME) == (Form.leader_student,)


def test_reverse_is_decided_by_age_and_digital_skill():
    younger = mentor(birth_year=1995, experience_years=10, digital_level=3,
                     competencies={"digital_tools": 3})
    elder = mentee(birth_year=1970, experience_years=5, digital_level=1,
                   requests={"digital_tools": 3})
    assert Form.reverse in eligible_forms(younger, elder, PROGRAMME)  # more years, still younger
    same_skill = mentee(birth_year=1970, digital_level=3, requests={"digital_tools": 3})
    assert Form.reverse not in eligible_forms(younger, same_skill, PROGRAMME)
    older = mentor(birth_year=1960, digital_level=3, competencies={"digital_tools": 3})
    assert Form.reverse not in eligible_forms(older, elder, PROGRAMME)


def test_students_take_part_from_the_programme_age():
    """003: «в возрасте от 10 лет»; the age is a programme setting."""
    senior = mentor(**_S, grade=11)
    child = mentee(**{**_S, "birth_year": START.year - 9}, grade=3)
    codes = [r.code for r in pair_exclusions(senior, child, PROGRAMME)]
    assert "student_too_young" in codes
    younger_ok = PROGRAMME.model_copy(update={"definitions": Definitions(min_student_age=9)})
    assert "student_too_young" not in [r.code for r in pair_exclusions(senior, child, younger_ok)]


def test_mentor_thresholds_are_programme_settings():
    novice = mentor(years_in_organisation=1, experience_years=5)
    strict = PROGRAMME.model_copy(update={"definitions": Definitions(
        mentor_min_years_in_organisation=3, mentor_min_category=Category.first)})
    assert "mentor_threshold" in [r.code for r in pair_exclusions(novice, mentee(), strict)]
    assert "mentor_threshold" not in [r.code for r in pair_exclusions(novice, mentee(), PROGRAMME)]
    reason = next(r for r in pair_exclusions(novice, mentee(), strict)
                  if r.code == "mentor_threshold")
    assert reason.ru.startswith("Наставник не проходит") and reason.en.startswith("The mentor")


# ---- issue 10: why not a form, by the rule that stops it -----------------------------------

def no_form(m: Participant, e: Participant, prog: Programme = PROGRAMME):
    return next(r for r in pair_exclusions(m, e, prog) if r.code == "no_form")


def test_no_form_names_one_organisation_for_student_student():
    reason = no_form(mentor(**_S, grade=11), mentee(**_S, grade=7, organisation="Другая школа"))
    assert reason.ru == ("Нет формы наставничества, допустимой для этой пары: «ученик – ученик» — "
                         "участники из разных организаций, а форма требует одной (003, 3.1.4)")
    assert "different organisations" in reason.en


def test_no_form_names_the_stage_of_the_role_model():
    reason = no_form(mentor(**_S, grade=9), mentee(**_S, grade=7))
    assert "«старший – младший» требует ступени обучения выше" in reason.ru
    assert "senior–junior needs a higher stage" in reason.en


def test_no_form_names_the_senior_grade_with_the_programme_setting():
    boss = mentor(role=Role.employer)
    reason = no_form(boss, mentee(**_S, grade=8))
    assert "только для старших классов (с 10 класса)" in reason.ru
    later = PROGRAMME.model_copy(update={"definitions": Definitions(employer_min_grade=11)})
    assert "с 11 класса" in no_form(boss, mentee(**_S, grade=10), later).ru


def test_no_form_names_the_young_specialist_and_the_organisation_of_a_leader():
    professor = mentor(role=Role.university_teacher)
    assert "не молодой специалист" in no_form(professor, mentee(experience_years=10)).ru
    head = mentor(role=Role.leader, mentor=MentorOffer(forms=frozenset({Form.leader_teacher})))
    assert "разных организаций" in no_form(head, mentee(organisation="Колледж")).ru


def test_no_form_names_each_form_the_roles_allow_and_what_stops_it():
    """A teacher pair whose only form the programme forbids: the programme is named; roles that
    fit no form at all keep the bare rule."""
    only_reverse = PROGRAMME.model_copy(update={"forms": frozenset({Form.reverse})})
    reason = no_form(mentor(), mentee(), only_reverse)
    assert "«педагог – педагог» — форма не разрешена программой" in reason.ru
    assert "«реверсивное наставничество» — наставник не моложе наставляемого" in reason.ru
    boss = mentor(role=Role.employer)
    assert no_form(boss, mentee()).ru == "Нет формы наставничества, допустимой для этой пары"
    assert no_form(boss, mentee()).en == "No mentoring form is allowed for this pair"
