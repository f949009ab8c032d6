"""A rerun's diff on hand-made runs: why each unconfirmed proposal that went is gone, whether
another took its place (changed) or none did (ended), with hard rules checked on the rerun's day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from matcher.model import (
    Form,
    Kind,
    Proposal,
    ProposalStatus,
    RunResult,
    SolveStatus,
)
from matcher.solver import RunDiff, diff
from tests.factories import bank, programme, teacher_mentee, teacher_mentor

PROGRAMME = programme()
RERUN_DAY = date(2026, 11, 20)  # the day a rerun during the programme checks the rules on
RERUN = PROGRAMME.model_copy(update={"as_of": RERUN_DAY})

M1, M2 = (teacher_mentor(pid, full_name=f"Наставник {pid}") for pid in ("m1", "m2"))
E1, E2 = (teacher_mentee(pid, full_name=f"Наставляемый {pid}") for pid in ("e1", "e2"))
E1_REVOKED = teacher_mentee("e1", full_name="Наставляемый e1", revoked=date(2026, 10, 1))
EVERYONE = (M1, M2, E1, E2)


def proposal(pid: str, mentor_id: str, mentee_id: str) -> Proposal:
    return Proposal(id=pid, mentor=mentor_id, mentees=(mentee_id,), form=Form.teacher_teacher,
                    kind=Kind.individual, score=0.5)


def run(*proposals: Proposal) -> RunResult:
    return RunResult(programme_id="p", created_at=datetime(2026, 11, 20, tzinfo=UTC),
                     status=SolveStatus.optimal, objective=0.0, best_bound=0.0,
                     proposals=proposals)


BEFORE = proposal("a", "m1", "e1")


def test_an_unconfirmed_pair_replaced_by_a_better_one_says_so():
    after = proposal("b", "m1", "e2")
    d = diff(run(BEFORE), {}, run(after), bank(*EVERYONE), PROGRAMME)
    assert d.changed == ((BEFORE, after),)
    assert [r.code for r in d.changed_reasons] == ["replaced"]
    assert (d.kept, d.new, d.ended) == ((), (), ())


def test_a_consent_revoked_during_the_programme_is_the_reason_on_the_rerun_day():
    revoked_in_october = (M1, E1_REVOKED, E2)
    after = proposal("b", "m1", "e2")
    d = diff(run(BEFORE), {}, run(after), bank(*revoked_in_october), RERUN)
    assert d.changed == ((BEFORE, after),)
    [reason] = d.changed_reasons
    assert reason.code == "mentee_consent"
    assert reason.ru and reason.en
    # At the programme's start the consent was still in force: only a better option.
    at_start = diff(run(BEFORE), {}, run(after), bank(*revoked_in_october), PROGRAMME)
    assert [r.code for r in at_start.changed_reasons] == ["replaced"]


@pytest.mark.parametrize(
    ("gone", "after"),
    [("e1", proposal("b", "m1", "e2")),  # the mentee left; the mentor took another
     ("m1", proposal("b", "m2", "e1"))],  # the mentor left; the mentee got another
)
def test_a_person_who_left_is_the_reason(gone: str, after: Proposal):
    left = bank(*(p for p in EVERYONE if p.id != gone))
    d = diff(run(BEFORE), {}, run(after), left, RERUN)
    assert d.changed == ((BEFORE, after),)
    assert [r.code for r in d.changed_reasons] == ["person_left"]


@pytest.mark.parametrize(
    ("people", "code"),
    [(EVERYONE, "replaced"),
     ((M1, E1_REVOKED, E2), "mentee_consent"),
     ((M1, E2), "person_left")],
)
def test_changed_and_ended_give_the_same_reason(people, code):
    """Whether another proposal takes its place or none does, the reason is the same."""
    changed = diff(run(BEFORE), {}, run(proposal("b", "m1", "e2")), bank(*people), RERUN)
    ended = diff(run(BEFORE), {}, run(), bank(*people), RERUN)
    assert [r.code for r in changed.changed_reasons] == [code]
    assert [(e.proposal, e.reason) for e in ended.ended] == [(BEFORE, changed.changed_reasons[0])]
    assert ended.changed == ended.changed_reasons == ()


def test_a_diff_without_a_reason_for_every_change_is_refused():
    with pytest.raises(ValueError, match="1 changed proposals but 0 reasons"):
        RunDiff(changed=((BEFORE, proposal("b", "m1", "e2")),))


@pytest.mark.parametrize(("status", "code"), [(ProposalStatus.rejected, "rejected"),
                                              (ProposalStatus.ended, "ended")])
def test_a_rejected_or_ended_pair_is_never_proposed_again(status, code):
    from matcher.solver.rerun import plan

    the_plan = plan(bank(*EVERYONE), PROGRAMME, run(BEFORE), {"a": status})
    assert ("m1", "e1") in the_plan.rejected_pairs
    assert [(e.proposal.id, e.reason.code) for e in the_plan.ended] == [("a", code)]
    assert the_plan.kept == ()
