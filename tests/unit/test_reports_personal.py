"""A participant's own explanation: their match and reasons, nothing about anyone else."""

from __future__ import annotations

import pytest

from matcher.errors import UnknownParticipant
from matcher.model import Bank, Participant
from matcher.reports import personal_explanation
from tests.cases import BANK, PEOPLE, RESULT, SECRETS

NAMES = {p.id: p.full_name for p in PEOPLE}


def _text(pid: str, lang: str = "ru") -> str:
    return personal_explanation(BANK, RESULT, pid, lang=lang).as_text()


def _nothing_of(text: str, *pids: str) -> None:
    """None of these people's name, birth year or free texts is in the text."""
    for pid in pids:
        p = BANK.get(pid)
        assert p.full_name not in text, pid
        assert str(p.birth_year) not in text, pid
        for secret in (p.experience_text, p.difficulties_text, *p.interests):
            if secret:
                assert secret not in text, (pid, secret)


def test_a_mentee_sees_their_mentor_form_kind_topics_and_own_reasons():
    e = personal_explanation(BANK, RESULT, "T3")
    [match] = e.matches
    assert match.as_role == "mentee"
    assert match.pairs[0].partner.name == "Смирнова Ольга Викторовна"
    assert (match.form, match.kind, match.status) == (
        "педагог – педагог", "индивидуальное", "подтверждено")
    assert match.topics == ("Дисциплина и управление классом", "Методика преподавания")
    assert match.pairs[0].score == 0.82
    text = e.as_text()
    assert "Ваш наставник: Смирнова Ольга Викторовна (педагог)" in text
    assert "Наставник ведёт тот же предмет: математика" in text
    assert "Общие интересы: шахматы" in text


def test_a_mentee_never_sees_the_mentors_wish_or_texts_or_anyone_else():
    text = _text("T3")
    # The curator's reason says the mentor answered "maybe": that is the mentor's wish.
    assert "наставник — возможно" not in text
    assert "Учтены пожелания участников после встречи-знакомства" in text
    assert SECRETS["T1"] not in text  # the mentor's experience text
    assert "1972" not in text  # the mentor's birth year
    _nothing_of(text, "T2", "T4", "T5", "T6", "S1", "S2", "S3", "S4", "E1")
    for secret in (SECRETS["conflict"], SECRETS["status_reason"]):
        assert secret not in text


def test_a_group_member_sees_the_others_names_but_not_their_scores_or_reasons():
    e = personal_explanation(BANK, RESULT, "S2")
    [match] = e.matches
    assert [p.name for p in match.group_members] == ["Николаев Артём Сергеевич"]
    assert match.pairs[0].score == 0.75
    text = e.as_text()
    assert "75 / 100" in text
    assert "65 / 100" not in text  # Николаев's pair score
    assert "70 / 100" not in text  # the group's score mixes both
    assert "чт 14:00–14:40" not in text  # a reason of Николаев's pair only
    assert SECRETS["S3"] not in text
    assert "2013" not in text


def test_a_mentor_sees_each_mentee_with_that_pairs_reasons():
    e = personal_explanation(BANK, RESULT, "S1")
    [match] = e.matches
    assert match.as_role == "mentor"
    assert [(p.partner.name, p.score) for p in match.pairs] == [
        ("Соколова Виктория Дмитриевна", 0.75), ("Николаев Артём Сергеевич", 0.65)]
    assert match.pairs[1].reasons[-1] == "Общие свободные окна: чт 14:00–14:40"
    text = e.as_text()
    # Николаев chose Петров first: his wish is not shown to Петров.
    assert "выбор № 1" not in text
    _nothing_of(text, "T1", "T2", "T3", "T4", "T5", "S4", "E1")


def test_a_mentor_does_not_see_words_quoted_from_the_mentees_text():
    text = _text("T1")
    assert "Белова Анна Сергеевна" in text
    assert "сходство 31 из 100" in text
    assert "общие слова" not in text and "уроках" not in text
    # The mentee may see the words: they are her own.
    assert "общие слова: уроках" in _text("T3")


def test_an_unmatched_mentee_sees_her_reasons_without_other_peoples_names():
    e = personal_explanation(BANK, RESULT, "T5")
    assert e.matches == ()
    assert e.unmatched_reasons == ("Подходящие наставники уже заняты: все места распределены",)
    assert e.suggestions == (
        "Куратор может попросить одного из наставников взять ещё одного наставляемого",
        "Куратор может привлечь ещё наставника по теме «Работа с родителями»")
    text = e.as_text()
    assert "Наставник пока не подобран" in text
    _nothing_of(text, *(pid for pid in NAMES if pid != "T5"))


def test_a_mentee_whose_pair_was_rejected_is_told_so_without_the_curators_note():
    text = _text("S4")
    assert "Предложенная пара отклонена или завершена" in text
    assert SECRETS["status_reason"] not in text
    assert "Лебедев Сергей Викторович" not in text


def test_a_mentor_with_nobody_and_someone_outside_the_run():
    assert _text("T6").splitlines() == ["Васильева Елена Игоревна", "",
                                        "В этом подборе наставляемые вам не назначены."]
    assert "наставляемые вам не назначены" in _text("E1")  # his only pair was rejected
    newcomer = PEOPLE[4].model_copy(update={"id": "T7", "full_name": "Зайцева Инна Львовна",
                                            "mentee": None})
    bank = BANK.model_copy(update={"participants": (*PEOPLE, newcomer)})
    e = personal_explanation(bank, RESULT, "T7")
    assert e.notes == ("В этом подборе вы не участвуете.",) and e.matches == ()


def test_a_missing_consent_is_told_to_the_person_as_theirs_to_give():
    from matcher.model import Reason, Unmatched

    entry = Unmatched(mentee="T5", reasons=(
        Reason(code="mentee_consent", ru="Нет согласия: согласие на участие",
               en="Missing consent: participation consent"),), suggestions=(
        Reason(code="ask_consent", ru="Получить согласие: согласие на участие",
               en="Ask for consent: participation consent"),
        Reason(code="ask_mentor_consent", ru="Получить согласия у наставников (3 наставника "
               "без согласия)", en="Collect consents from mentors (3 lack one)")))
    e = personal_explanation(BANK, RESULT.model_copy(update={"unmatched": (entry,)}), "T5")
    assert e.unmatched_reasons == ("Нет согласия: согласие на участие",)
    # Other people's missing consents are not hers to know.
    assert e.suggestions == ("Нужно оформить согласие: согласие на участие",)


def test_other_names_in_an_unknown_reason_are_masked():
    from matcher.model import Reason, Unmatched

    odd = Unmatched(mentee="T5", reasons=(Reason(
        code="something_new", ru="Кузнецов Андрей Николаевич уже занят",
        en="Кузнецов Андрей Николаевич is busy"),))
    result = RESULT.model_copy(update={"unmatched": (odd,)})
    e = personal_explanation(BANK, result, "T5")
    assert e.unmatched_reasons == ("… уже занят",)


def test_english_explanation():
    text = _text("T3", "en")
    assert "Your mentor: Смирнова Ольга Викторовна (teacher)" in text
    assert "Form: teacher – teacher" in text
    assert "mentor — maybe" not in text


def test_dict_and_html_forms():
    e = personal_explanation(BANK, RESULT, "T3")
    d = e.as_dict()
    assert d["matches"][0]["pairs"][0]["partner"] == {"name": "Смирнова Ольга Викторовна",
                                                      "role": "педагог"}
    html = e.as_html()
    assert "<p>Ваш наставник: Смирнова Ольга Викторовна (педагог)</p>" in html


def test_html_escapes_what_it_shows():
    odd = PEOPLE[0].model_copy(update={"full_name": "Смирнова <b>Ольга</b> Викторовна"})
    bank = BANK.model_copy(update={"participants": (odd, *PEOPLE[1:])})
    html = personal_explanation(bank, RESULT, "T3").as_html()
    assert "<b>" not in html and "&lt;b&gt;Ольга&lt;/b&gt;" in html


def test_unknown_participant():
    with pytest.raises(UnknownParticipant):
        personal_explanation(BANK, RESULT, "NOBODY")


def test_nobody_sees_an_address_of_anyone_else():
    """E-mail is personal data (issue 12 item 7): a participant's page names their partners,
    never their addresses (nor their own: the page is not where it is kept)."""
    bank = Bank(participants=tuple(
        Participant.model_validate(p.model_dump() | {"email": f"{p.id.lower()}.box@school.example"})
        for p in BANK.participants), conflicts=BANK.conflicts)
    for p in bank.participants:
        for lang in ("ru", "en"):
            text = personal_explanation(bank, RESULT, p.id, lang=lang).as_text()
            assert "@" not in text and ".box" not in text, (p.id, lang)
