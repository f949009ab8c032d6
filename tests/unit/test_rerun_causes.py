"""A rerun's diff names its causes (issue 18): who left or withdrew consent, which new person
or rejected pair set a replacement off; promised pairs (confirmed, locked) that went first."""

from __future__ import annotations

from datetime import UTC, date, datetime

from matcher.model import Form, Kind, Proposal, ProposalStatus, RunResult, SolveStatus
from matcher.solver import diff, name_causes, previous_people
from tests.factories import bank, programme, teacher_mentee, teacher_mentor

PROGRAMME = programme().model_copy(update={"as_of": date(2026, 11, 20)})
M1, M2 = (teacher_mentor(pid, full_name=f"Наставник {pid}") for pid in ("m1", "m2"))
E1, E2, E3 = (teacher_mentee(pid, full_name=f"Наставляемая {pid}", gender="female")
              for pid in ("e1", "e2", "e3"))
E1_REVOKED = teacher_mentee("e1", full_name="Наставляемая e1", gender="female",
                            revoked=date(2026, 10, 1))


def proposal(pid: str, mentor_id: str, mentee_id: str,
             status: ProposalStatus = ProposalStatus.proposed) -> Proposal:
    return Proposal(id=pid, mentor=mentor_id, mentees=(mentee_id,), form=Form.teacher_teacher,
                    kind=Kind.individual, score=0.5, status=status)


def run(*proposals: Proposal, unmatched: tuple[str, ...] = ()) -> RunResult:
    return RunResult.model_validate({
        "programme_id": "p", "created_at": datetime(2026, 11, 20, tzinfo=UTC),
        "status": SolveStatus.optimal, "objective": 0.0, "best_bound": 0.0,
        "proposals": proposals,
        "unmatched": [{"mentee": u, "reasons": []} for u in unmatched]})


def people(*ps):
    return previous_people({"participants": [p.model_dump(mode="json") for p in ps]})


def explain(previous, decisions, result, now, before):
    changes = diff(previous, decisions, result, now, PROGRAMME)
    return name_causes(changes, previous, decisions, result, now, PROGRAMME, people(*before))


def test_a_replacement_names_the_new_person_who_took_the_place():
    before = run(proposal("a", "m1", "e1"))
    after = run(proposal("b", "m1", "e3"))  # e3 is new in the bank
    d = explain(before, {}, after, bank(M1, E1, E3), (M1, E1))
    [reason] = d.changed_reasons
    assert reason.code == "replaced"  # the code programs read stays; the text names the cause
    assert reason.ru == "Заменено, причина: новый участник Наставляемая e3"
    assert "new participant Наставляемая e3" in reason.en


def test_without_the_previous_people_nobody_is_called_new():
    before = run(proposal("a", "m1", "e1"))
    after = run(proposal("b", "m1", "e3"))
    changes = diff(before, {}, after, bank(M1, E1, E3), PROGRAMME)
    d = name_causes(changes, before, {}, after, bank(M1, E1, E3), PROGRAMME)
    assert [r.ru for r in d.changed_reasons] == ["Предложение заменено лучшим вариантом"]


def test_a_replacement_names_the_pair_the_curator_rejected():
    # m2 → e2 was rejected; e2 now takes m1, whose mentee e1 goes unmatched: a1 was replaced
    before = run(proposal("a1", "m1", "e1"), proposal("a2", "m2", "e2"))
    after = run(proposal("b", "m1", "e2"))
    d = explain(before, {"a2": ProposalStatus.rejected}, after, bank(M1, M2, E1, E2),
                (M1, M2, E1, E2))
    [(gone, _)] = d.changed
    assert gone.id == "a1"
    [reason] = d.changed_reasons
    assert reason.ru == ("Заменено, причина: куратор отклонил пару "
                         "«Наставник m2 → Наставляемая e2»")


def test_a_consent_withdrawn_names_whose_and_a_promised_pair_comes_first():
    before = run(proposal("a1", "m2", "e2"), proposal("a2", "m1", "e1"))
    decisions = {"a2": ProposalStatus.confirmed}
    after = run()
    d = explain(before, decisions, after, bank(M1, M2, E1_REVOKED, E2), (M1, M2, E1, E2))
    assert [e.proposal.id for e in d.ended] == ["a2", "a1"]  # the confirmed one first
    first = d.ended[0]
    assert first.proposal.status == ProposalStatus.confirmed
    assert first.reason.code == "mentee_consent"
    assert first.reason.ru.startswith("Согласие отозвано: Наставляемая e1 (")
    assert "Consent withdrawn: Наставляемая e1" in first.reason.en


def test_a_person_who_left_is_named_with_agreement():
    before = run(proposal("a", "m1", "e1", ProposalStatus.locked))
    d = explain(before, {}, run(), bank(M1), (M1, E1))
    [ended] = d.ended
    assert ended.reason.code == "person_left"
    assert ended.reason.ru == "Выбыла из банка: Наставляемая e1"
    assert ended.reason.en == "Left the bank: Наставляемая e1"


def test_a_mentee_unmatched_last_time_is_the_cause_when_nothing_else_is():
    before = run(proposal("a", "m1", "e1"), unmatched=("e2",))
    after = run(proposal("b", "m1", "e2"))
    d = explain(before, {}, after, bank(M1, E1, E2), (M1, E1, E2))
    [reason] = d.changed_reasons
    assert reason.ru == "Заменено, причина: Наставляемая e2 была без пары в прошлом подборе"
