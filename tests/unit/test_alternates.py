"""Alternates: the next feasible mentors of each matched mentee under the places the run
leaves, in the objective's order; `pick` takes the best one still available and never breaks
a hard rule."""

from __future__ import annotations

from matcher.model import MentorOffer, ProposalStatus
from matcher.solver import solve
from matcher.solver.alternates import alternates, free_places, pick
from matcher.solver.api import score_candidates
from matcher.validation import violations
from tests.factories import bank, programme, teacher_mentee, teacher_mentor


def _school() -> tuple:
    people = [
        teacher_mentor("a", full_name="Алексеева Анна Петровна",
                       mentor=MentorOffer(capacity_mentees=1)),
        teacher_mentor("b", full_name="Борисова Вера Ивановна",
                       competencies={"teaching_methods": 2},
                       mentor=MentorOffer(capacity_mentees=2)),
        teacher_mentor("c", full_name="Власова Галина Олеговна",
                       competencies={"teaching_methods": 1},
                       mentor=MentorOffer(capacity_mentees=2)),
        teacher_mentee("e1", full_name="Петров Пётр Ильич"),
        teacher_mentee("e2", full_name="Сидоров Семён Ильич"),
    ]
    b, p = bank(*people), programme()
    _, cands = score_candidates(b, p)
    return b, p, solve(b, p, candidates=cands), cands


def test_alternates_have_a_place_exclude_the_mentor_and_follow_the_score() -> None:
    b, p, result, cands = _school()
    places = free_places(b, p, result.proposals)
    found = alternates(b, p, result, cands, k=3)
    assert set(found) == {"e1", "e2"}
    for mentee, alts in found.items():
        [own] = [q.mentor for q in result.proposals if mentee in q.mentees]
        assert own not in {a.mentor for a in alts}
        assert all(places[a.mentor] > 0 for a in alts)
        assert [a.rank for a in alts] == list(range(1, len(alts) + 1))
        assert [a.score for a in alts] == sorted((a.score for a in alts), reverse=True)
        assert all(a.coverage_cost == 0 for a in alts)
    assert all(len(a) <= 1 for a in alternates(b, p, result, cands, k=1).values())


def test_pick_skips_an_alternate_whose_place_was_taken_and_keeps_the_rules() -> None:
    b, p, result, cands = _school()
    found = alternates(b, p, result, cands, k=3)
    mentee, alts = next((e, a) for e, a in found.items() if len(a) >= 1)
    mine = next(q for q in result.proposals if mentee in q.mentees)
    freed = result.model_copy(update={"proposals": tuple(
        q.model_copy(update={"status": ProposalStatus.rejected}) if q.id == mine.id else q
        for q in result.proposals)})
    best = pick(b, p, freed, alts)
    assert best is not None and best.mentor == alts[0].mentor and best.mentees == (mentee,)
    with_best = freed.model_copy(update={"proposals": (*freed.proposals, best)})
    assert [v for v in violations(b, p, with_best) if v.severity == "error"] == []
    # the mentee has a mentor again: nothing more is picked for them
    assert pick(b, p, with_best, alts) is None
    # a mentor whose places are all taken is skipped
    full = free_places(b, p, freed.proposals)[alts[0].mentor]
    taken = freed
    for i in range(full):
        filler = best.model_copy(update={"id": f"x{i}", "mentees": (f"other{i}",)})
        taken = taken.model_copy(update={"proposals": (*taken.proposals, filler)})
    assert free_places(b, p, taken.proposals)[alts[0].mentor] == 0
    second = pick(b, p, taken, alts)
    assert second is None or second.mentor != alts[0].mentor
    # a refused pair is never picked again
    refused = freed.model_copy(update={"proposals": (*freed.proposals, best.model_copy(
        update={"status": ProposalStatus.rejected}))})
    again = pick(b, p, refused, alts)
    assert again is None or again.mentor != best.mentor


def test_coverage_comes_before_score_a_mentor_an_unmatched_mentee_needs_goes_last() -> None:
    from matcher.model import Conflict, Proposal

    people = [
        teacher_mentor("a", full_name="Алексеева Анна Петровна",
                       mentor=MentorOffer(capacity_mentees=1)),
        teacher_mentor("b", full_name="Борисова Вера Ивановна",
                       competencies={"teaching_methods": 3},
                       mentor=MentorOffer(capacity_mentees=1)),
        teacher_mentor("c", full_name="Власова Галина Олеговна",
                       competencies={"teaching_methods": 1},
                       mentor=MentorOffer(capacity_mentees=1)),
        teacher_mentee("e1", full_name="Петров Пётр Ильич"),
        teacher_mentee("e2", full_name="Сидоров Семён Ильич"),
    ]
    b, p = bank(*people, conflicts=(Conflict(a="c", b="e2"),)), programme()
    _, cands = score_candidates(b, p)
    solved = solve(b, p, candidates=cands)
    # as a curator's decisions may leave it: a → e1, and e2 waiting with b as its only place
    mine = next(q for q in solved.proposals if q.mentor == "a" or "e1" in q.mentees)
    only = mine.model_copy(update={"mentor": "a", "mentees": ("e1",), "id": "x"})
    result = solved.model_copy(update={"proposals": (only,)})
    assert isinstance(only, Proposal)
    found = alternates(b, p, result, cands, k=3)["e1"]
    by_mentor = {a.mentor: a for a in found}
    assert by_mentor["b"].score > by_mentor["c"].score  # b fits e1 better...
    assert by_mentor["b"].coverage_cost == 1 and by_mentor["c"].coverage_cost == 0
    assert [a.mentor for a in found] == ["c", "b"]  # ...but taking b would leave e2 without
