"""Reverse mentoring as a two-way pair (issue 10): the younger brings new practice, the elder
method; both sides' topics are on the proposal and in its explanation."""

from __future__ import annotations

from matcher.model import Form
from matcher.rules import reverse_topics
from matcher.solver import solve
from tests import factories as f


def younger_and_elder():
    young = f.teacher_mentor("m", birth_year=1998, experience_years=3, digital_level=3,
                             competencies={"digital_tools": 3},
                             requests={"classroom_management": 2})
    elder = f.teacher_mentee("e", birth_year=1968, experience_years=30, digital_level=1,
                             requests={"digital_tools": 3},
                             competencies={"teaching_methods": 3, "classroom_management": 2,
                                           "distance_learning": 1})
    return young, elder


def test_each_side_brings_its_own_topics() -> None:
    young, elder = younger_and_elder()
    brings, back = reverse_topics(young, elder)
    assert brings == ("digital_tools",)
    # method only (distance learning is new practice), what the younger asks for first
    assert back == ("classroom_management", "teaching_methods")


def test_a_reverse_proposal_records_both_ways_with_the_explanation() -> None:
    young, elder = younger_and_elder()
    programme = f.programme(forms={Form.reverse})
    (proposal,) = solve(f.bank(young, elder), programme).proposals
    assert proposal.form == Form.reverse
    assert proposal.topics == ("digital_tools",)
    assert proposal.return_topics == ("classroom_management", "teaching_methods")
    coverage = next(c for c in proposal.pairs[0].components if c.name == "topic_coverage")
    assert coverage.reason.ru.startswith("Реверсивное наставничество")
    assert "В ответ наставляемый делится методикой:" in coverage.reason.ru
    assert "In return the mentee shares method:" in coverage.reason.en


def test_other_forms_are_one_way() -> None:
    (proposal,) = solve(f.bank(f.teacher_mentor(), f.teacher_mentee()), f.programme()).proposals
    assert proposal.form == Form.teacher_teacher and proposal.return_topics == ()
