"""The participant's page words: roles agree with the person's gender, the pair carries what
the person answers about, and only the reasons that added to the pair are its strengths."""

from __future__ import annotations

from matcher.model import MenteeRequest, MentorOffer, ProposalStatus
from matcher.reports.personal import personal_explanation, role_word
from matcher.solver import solve
from tests.factories import bank, programme, student


def test_a_girl_is_obuchayushchayasya_a_boy_obuchayushchiysya_unknown_the_common_form() -> None:
    girl = student("s1", 8, full_name="Иванова Мария Петровна")
    boy = student("s2", 8, full_name="Петров Иван Сергеевич")
    unknown = student("s3", 8, full_name="Ким Саша")
    assert role_word(girl, "ru") == "обучающаяся"
    assert role_word(boy, "ru") == "обучающийся"
    assert role_word(unknown, "ru") == "обучающийся"
    assert role_word(girl, "en") == "student"


def test_the_explanation_names_the_proposal_its_status_and_the_partner_id() -> None:
    mentor = student("m", 10, full_name="Смирнова Ольга Викторовна",
                     competencies={"olympiads": 3}, mentor=MentorOffer(capacity_mentees=1))
    mentee = student("e", 7, full_name="Орлова Анна Сергеевна", requests={"olympiads": 3},
                     mentee=MenteeRequest())
    b, p = bank(mentor, mentee), programme()
    result = solve(b, p)
    [prop] = result.proposals
    e = personal_explanation(b, result, "e")
    [match] = e.matches
    assert match.proposal_id == prop.id and match.status_code == ProposalStatus.proposed.value
    assert match.pairs[0].partner_id == "m"
    assert match.pairs[0].partner.role == "обучающаяся"
    assert set(match.pairs[0].strengths) <= set(match.pairs[0].reasons)
    assert all("сходство" not in s for s in match.pairs[0].strengths)
