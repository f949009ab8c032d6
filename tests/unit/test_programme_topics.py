"""A programme's own topics beside the built-in taxonomy (issue 17, item 5): declared in the
programme, read by a bank import for that programme, refused without it, matched and
explained by their Russian label."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from matcher.bank_io import read_bank, write_bank
from matcher.model import ProgrammeTopic
from matcher.solver.api import solve
from matcher.topics import programme_taxonomy, taxonomy, topic_clashes, using_taxonomy
from tests.factories import bank, programme, teacher_mentee, teacher_mentor

ROBOTICS = ProgrammeTopic(id="robotics_club", label_ru="Кружок робототехники",
                          label_en="Robotics club", synonyms=("робототехника",))


def test_a_programme_carries_its_own_topics_beside_the_taxonomy() -> None:
    prog = programme(topics=[ROBOTICS.model_dump()])
    tax = programme_taxonomy(prog)
    assert len(tax) == len(taxonomy()) + 1
    assert tax.resolve("РОБОТОТЕХНИКА") == "robotics_club"
    assert tax.resolve("Методика преподавания") == taxonomy().resolve("Методика преподавания")
    assert "robotics_club" not in taxonomy()
    assert programme_taxonomy(None) is taxonomy()


def test_programme_topics_are_unique_and_do_not_rename_a_built_in_one() -> None:
    with pytest.raises(ValidationError, match="programme_topic_repeated"):
        programme(topics=[ROBOTICS.model_dump(),
                          {"id": "robots", "label_ru": "Робототехника"}])
    with pytest.raises(ValidationError):
        programme(topics=[{"id": "Bad Id", "label_ru": "Что-то"}])
    clash = programme(topics=[{"id": "oge", "label_ru": "ОГЭ"}])
    assert [name for name, _ in topic_clashes(clash)] == ["ОГЭ"]
    assert topic_clashes(programme(topics=[ROBOTICS.model_dump()])) == []


def _bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "bank.json"
    people = [teacher_mentor(competencies={"teaching_methods": 3}),
              teacher_mentee(requests={"teaching_methods": 3})]
    data = {"participants": [p.model_dump(mode="json") for p in people]}
    data["participants"][0]["competencies"] = {"robotics_club": 3}
    data["participants"][1]["requests"] = {"robotics_club": 3}
    data["participants"][1]["request_ranks"] = {"robotics_club": 1}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_bank_import_knows_the_programme_topics_only_for_that_programme(
        tmp_path: Path) -> None:
    path = _bank_file(tmp_path)
    alone = read_bank(path)
    assert any("robotics_club" in p.message for p in alone.problems)
    assert not alone.bank.participants
    prog = programme(topics=[ROBOTICS.model_dump()])
    report = read_bank(path, programme=prog)
    assert not [p for p in report.problems if p.severity == "error"], report.problems
    assert report.bank.get("m").competencies == {"robotics_club": 3}
    assert report.bank.get("e").request_ranks == {"robotics_club": 1}
    # A spreadsheet names the topic by its label or a synonym, as the curator writes it.
    xlsx = tmp_path / "bank.xlsx"
    with using_taxonomy(programme_taxonomy(prog)):
        write_bank(report.bank, xlsx)
    assert any("робототехник" in p.message for p in read_bank(xlsx).problems)
    again = read_bank(xlsx, programme=prog)
    assert again.bank.get("m").competencies == {"robotics_club": 3}
    assert again.bank.get("e").request_ranks == {"robotics_club": 1}


def test_a_programme_topic_is_matched_and_explained_by_its_label() -> None:
    prog = programme(topics=[ROBOTICS.model_dump()])
    people = bank(teacher_mentor("m1", competencies={"robotics_club": 3}),
                  teacher_mentor("m2", competencies={"teaching_methods": 3}),
                  teacher_mentee("e", requests={"robotics_club": 3}),
                  teacher_mentee("e2", requests={"teaching_methods": 3}))
    result = solve(people, prog)
    pairs = {(p.mentor, e) for p in result.proposals for e in p.mentees}
    assert ("m1", "e") in pairs
    proposal = next(p for p in result.proposals if p.mentor == "m1")
    reasons = " ".join(c.reason.ru for ps in proposal.pairs for c in ps.components
                       if c.name == "topic_coverage")
    assert "кружок робототехники" in reasons
