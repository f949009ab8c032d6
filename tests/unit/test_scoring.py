"""The scorer on small hand-made banks: concrete values and reasons."""

from __future__ import annotations

import math
from datetime import date, time

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.errors import UnknownParticipant
from matcher.model import (
    Bank,
    Category,
    ConsentKind,
    Form,
    MeetingFormat,
    MenteeRequest,
    MentorOffer,
    Participant,
    Programme,
    TimeSlot,
    Weekday,
    Weights,
    Wish,
    WishLevel,
)
from matcher.scoring import BIT, COMPONENTS, IneligiblePair, Scorer, TooLargeForDense
from matcher.scoring.explain import UNINFORMATIVE
from matcher.scoring.features import WISH_NONE, TextFeaturizer
from tests.factories import bank, consents, programme, student
from tests.factories import chemistry_mentee as mentee
from tests.factories import chemistry_mentor as mentor

PROGRAMME = programme()


def fit(*people: Participant, programme: Programme = PROGRAMME, **kw) -> Scorer:
    return Scorer(**kw).fit(bank(*people), programme)


def component(scorer: Scorer, name: str, m: str = "m", e: str = "e"):
    return next(c for c in scorer.explain(m, e).components if c.name == name)


def test_component_names_are_the_weights_fields():
    assert COMPONENTS == (*Weights.model_fields, "curator_rules")


def test_coverage_weighs_requests_by_priority_and_competencies_by_level():
    c = component(fit(mentor(), mentee()), "topic_coverage")
    # (3 · 3/3 + 1 · 2/3) / (3 + 1)
    assert c.value == pytest.approx((3 + 2 / 3) / 4, abs=1e-6)
    assert c.reason.ru == ("Запросы наставляемого закрыты компетенциями наставника: методика "
                           "преподавания (уровень 3), подготовка к ОГЭ и ЕГЭ (уровень 2)")
    assert c.reason.en.startswith("The mentor's competencies cover the mentee's requests")


def test_subject_bound_topic_counts_only_for_the_same_subject():
    s = fit(mentor(subjects=("физика",)), mentee())
    assert component(s, "topic_coverage").value == pytest.approx(3 / 4, abs=1e-6)
    sub = component(s, "subject_match")
    assert sub.value == 0
    assert sub.reason.code == "subject_other"


def test_same_subject_is_named_in_the_reason():
    c = component(fit(mentor(), mentee()), "subject_match")
    assert c.value == 1
    assert c.reason.ru == "Наставник ведёт тот же предмет: химия"
    assert c.reason.en == "The mentor teaches the same subject: химия"


def test_subject_match_is_neutral_when_no_request_is_about_a_subject():
    c = component(fit(mentor(), mentee(requests={"working_with_parents": 2})), "subject_match")
    assert c.value == 0.5
    assert c.reason.code == "subject_not_needed"


def test_more_competencies_never_lower_coverage():
    before = component(fit(mentor(competencies={"teaching_methods": 1}), mentee()),
                       "topic_coverage").value
    after = component(fit(mentor(), mentee()), "topic_coverage").value
    assert after > before


@pytest.mark.parametrize(
    ("m_wish", "e_wish", "value", "code"),
    [
        (WishLevel.yes, WishLevel.yes, 1.0, "wishes_mutual"),
        (WishLevel.yes, None, math.sqrt(WISH_NONE), "wishes_one_sided"),
        (WishLevel.maybe, WishLevel.yes, math.sqrt(0.6), "wishes_one_sided"),
        (None, None, WISH_NONE, "wishes_none"),
    ],
)
def test_mutual_wishes_reward_interest_from_both_sides(m_wish, e_wish, value, code):
    m = mentor(wishes=(Wish(target="e", level=m_wish),) if m_wish else ())
    e = mentee(wishes=(Wish(target="m", level=e_wish),) if e_wish else ())
    c = component(fit(m, e), "mutual_wishes")
    assert c.value == pytest.approx(value, abs=1e-6)
    assert c.reason.code == code
    if code == "wishes_mutual":
        assert c.reason.ru == "Оба назвали друг друга после встречи-знакомства"


def test_a_lower_ranked_yes_scores_lower_than_a_first_choice():
    first = fit(mentor(), mentee(wishes=(Wish(target="m", level=WishLevel.yes, rank=1),)))
    third = fit(mentor(), mentee(wishes=(Wish(target="m", level=WishLevel.yes, rank=3),)))
    assert component(third, "mutual_wishes").value < component(first, "mutual_wishes").value


def test_common_free_time_in_minutes_and_named_windows():
    m = mentor(free_slots=(TimeSlot(day=Weekday.tue, start=time(15), end=time(17)),))
    e = mentee(free_slots=(TimeSlot(day=Weekday.tue, start=time(16), end=time(18)),
                           TimeSlot(day=Weekday.tue, start=time(16, 30), end=time(17, 30))))
    c = component(fit(m, e), "time_overlap")
    assert c.value == pytest.approx(60 / 90, abs=1e-6)  # the mentee's own overlap counts once
    assert c.reason.ru == "Общие свободные окна: вт 16:00–17:00"
    assert c.reason.en == "Common free time: Tue 16:00–17:00"


def test_in_person_needs_the_same_site_remote_does_not():
    same = component(fit(mentor(), mentee()), "format_fit")
    assert same.value == 1.0
    assert same.reason.code == "format_same_site"
    apart = fit(mentor(organisation="Школа 2"), mentee())
    assert component(apart, "format_fit").value == 0.25
    both = {MeetingFormat.in_person, MeetingFormat.remote}
    remote = fit(mentor(organisation="Школа 2", formats=both), mentee(formats=both))
    assert component(remote, "format_fit").value == 0.75


def test_expectations_agree_on_frequency_and_format():
    from matcher.model import Frequency

    s = fit(mentor(meeting_frequency=Frequency.weekly), mentee(meeting_frequency=Frequency.weekly))
    assert component(s, "expectations").value == pytest.approx(1.0)
    s = fit(mentor(meeting_frequency=Frequency.weekly),
            mentee(meeting_frequency=Frequency.monthly))
    assert component(s, "expectations").value == pytest.approx(0.3)


def test_experience_gap_for_teachers():
    c = component(fit(mentor(), mentee()), "experience_gap")
    # 0.7 · min(24 / 10, 1) + 0.3 · (3 - 0) / 3
    assert c.value == pytest.approx(1.0)
    assert c.reason.ru == "Стаж наставника 25 лет, наставляемого 1 год; категория: высшая и " \
                          "без категории"


def test_reverse_mentoring_counts_only_new_practice_and_the_digital_gap():
    young = mentor(birth_year=2000, experience_years=2, digital_level=3, category=Category.none,
                   competencies={"digital_tools": 3, "teaching_methods": 1})
    senior = mentee(birth_year=1970, experience_years=30, digital_level=1,
                    requests={"digital_tools": 2, "teaching_methods": 3})
    programme = PROGRAMME.model_copy(update={"forms": frozenset({Form.reverse})})
    s = fit(young, senior, programme=programme)
    assert s.pair_form("m", "e") == Form.reverse
    cov = component(s, "topic_coverage")
    assert cov.value == pytest.approx(1.0)  # digital_tools at level 3; teaching methods ignored
    assert cov.reason.ru.startswith("Реверсивное наставничество")  # the seeds' term (issue 10)
    assert component(s, "experience_gap").value == pytest.approx(2 / 3)


def test_student_mentor_two_grades_ahead():
    s = fit(student("m", 10, mentor=MentorOffer(), competencies={"academic_lag": 3},
                    subjects=("математика",)),
            student("e", 8, mentee=MenteeRequest(), requests={"academic_lag": 3},
                    subjects=("математика",)))
    assert s.pair_form("m", "e") == Form.student_student
    gap = component(s, "experience_gap")
    assert gap.value == pytest.approx(2 / 3)
    assert gap.reason.ru == "Наставник старше по обучению: 10 класс, наставляемый — 8 класс"


def test_a_no_excludes_and_explain_refuses_with_the_reasons():
    s = fit(mentor(), mentee(wishes=(Wish(target="m", level=WishLevel.no),)))
    assert s.exclusion_codes("m", "e") == ("mentee_said_no",)
    assert [r.code for r in s.exclusions("m", "e")] == ["mentee_said_no"]
    assert s.exclusion_bits()[0, 0] == BIT["mentee_said_no"]
    assert len(s.candidates()) == 0
    with pytest.raises(IneligiblePair) as err:
        s.explain("m", "e")
    assert err.value.reasons[0].code == "mentee_said_no"


def test_consent_revoked_before_the_start_excludes():
    s = fit(mentor(consents=consents(ConsentKind.personal_data, ConsentKind.mentor_duties,
                                     revoked=date(2026, 8, 31))), mentee())
    assert s.exclusion_codes("m", "e") == ("mentor_consent",)
    assert s.score_matrix()[0, 0] == 0


def test_rejected_pair_and_unknown_people():
    s = Scorer().fit(Bank(participants=(mentor(), mentee())), PROGRAMME, rejected={("m", "e")})
    assert s.exclusion_codes("m", "e") == ("rejected",)
    with pytest.raises(UnknownParticipant):
        s.explain("m", "nobody")


def test_breakdown_adds_up_sorted_by_contribution_with_explicit_weights():
    weights = Weights(topic_coverage=1, subject_match=0, text_similarity=0, experience_gap=0,
                      mutual_wishes=0, shared_interests=0, expectations=0, time_overlap=0,
                      format_fit=1)
    ps = fit(mentor(), mentee(), weights=weights).explain("m", "e")
    assert ps.score == pytest.approx(sum(c.contribution for c in ps.components))
    assert ps.score == pytest.approx(0.5 * (3 + 2 / 3) / 4 + 0.5 * 1.0, abs=1e-6)
    assert [c.name for c in ps.components[:2]] == ["format_fit", "topic_coverage"]
    assert all(c.reason.ru and c.reason.en for c in ps.components)


def test_text_similarity_reflects_shared_words():
    near = component(fit(mentor(), mentee()), "text_similarity")
    far = component(fit(mentor(experience_text="Спортивные секции и походы"), mentee()),
                    "text_similarity")
    assert near.value > far.value
    assert "егэ" in near.reason.ru or "химии" in near.reason.ru


def test_top_k_per_mentee_and_top_mentors_agree_with_the_matrix():
    mentors = [mentor(f"m{i}", experience_years=5 + 5 * i,
                      competencies={"teaching_methods": 1 + i % 3}) for i in range(6)]
    mentees = [mentee(f"e{j}") for j in range(3)]
    s = fit(*mentors, *mentees, top_k=2)
    cand = s.candidates()
    assert np.bincount(cand.mentee).tolist() == [2, 2, 2]
    total = s.score_matrix()
    for j, eid in enumerate(s.mentee_ids_):
        best = s.top_mentors(eid, 2)
        assert [score for _, score in best] == pytest.approx(sorted(total[:, j])[::-1][:2])
        chosen = {s.mentor_ids_[i] for i in cand.mentor[cand.mentee == j]}
        assert chosen == {mid for mid, _ in best}


def test_dense_matrices_refused_in_the_top_k_regime():
    s = fit(mentor(), mentee(), exact_limit=0)
    assert s.approximate_
    with pytest.raises(TooLargeForDense):
        s.score_matrix()
    assert len(s.candidates()) == 1


def test_scorer_follows_sklearn_conventions():
    s = Scorer(top_k=3, lemmatize=True, random_state=7)
    assert s.get_params()["top_k"] == 3
    twin = clone(s)
    assert twin.get_params() == s.get_params()
    assert not hasattr(twin, "features_")


def test_text_featurizer_equals_sklearn_char_wb_tfidf():
    texts = ["Трудно работать с родителями", "", "Работа с родителями, классное руководство",
             "Подготовка к ЕГЭ: задачи по химии", "родители родители родители"]
    ours = TextFeaturizer().fit_transform(texts).toarray()
    filled = [t.lower() for t in texts if t]
    ref = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True,
                          lowercase=False).fit_transform(filled).toarray()
    np.testing.assert_allclose(ours[[0, 2, 3, 4]], ref, atol=1e-6)
    assert not ours[1].any()


def test_lemmatised_text_uses_dictionary_forms():
    from matcher.scoring.features import lemmatize_text

    assert lemmatize_text("Учителя испытывают затруднения") == "учитель испытывать затруднение"


def test_every_reason_code_of_the_rules_has_a_bit():
    import inspect
    import re

    from matcher import rules
    from matcher.scoring import EXCLUSION_CODES

    codes = set(re.findall(r'_r\(\s*"([a-z_]+)"', inspect.getsource(rules.checked_pair)))
    assert codes == set(EXCLUSION_CODES)
    assert len(EXCLUSION_CODES) <= 16  # bits fit uint16


def test_reasons_that_explain_nothing_come_last():
    ps = fit(mentor(), mentee(requests={"teaching_methods": 3})).explain("m", "e")
    codes = [c.reason.code for c in ps.components]
    assert "subject_not_needed" in codes
    first_uninformative = min(i for i, c in enumerate(codes) if c in UNINFORMATIVE)
    assert all(c in UNINFORMATIVE for c in codes[first_uninformative:])
    assert codes[0] not in UNINFORMATIVE
