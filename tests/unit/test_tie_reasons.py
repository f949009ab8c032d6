"""A mentee left out on an exact tie is told so, not that the mentors took better fits."""

from __future__ import annotations

from matcher.model import MentorOffer
from matcher.solver import SolveOptions, solve
from matcher.solver.api import score_candidates
from tests.factories import bank, programme, teacher_mentee, teacher_mentor

ONE_PLACE = teacher_mentor("m", mentor=MentorOffer(capacity_mentees=1))


def left_out(*mentees):
    b, prog = bank(ONE_PLACE, *mentees), programme()
    _, cands = score_candidates(b, prog)
    result = solve(b, prog, candidates=cands, options=SolveOptions(explain=False))
    [u] = result.unmatched
    [taken] = [e for p in result.proposals for e in p.mentees]
    score = {cands.mentee_ids[int(e)]: float(s) for e, s in zip(cands.mentee, cands.score,
                                                                strict=True)}
    return u, score[u.mentee], score[taken]


def test_exact_tie_is_named_a_tie() -> None:
    u, mine, theirs = left_out(teacher_mentee("e1"), teacher_mentee("e2"))
    assert mine == theirs
    assert u.reasons[0].code == "mentors_full"
    assert "ровно так же" in u.reasons[0].ru and "более подходящими" not in u.reasons[0].ru
    assert "exactly as well" in u.reasons[0].en
    assert "Ивановой Анны Петровны" in u.reasons[0].ru  # «у наставника» takes the genitive


def test_a_weaker_fit_is_told_the_mentor_took_a_better_one() -> None:
    u, mine, theirs = left_out(teacher_mentee("e1"), teacher_mentee(
        "e2", requests={"teaching_methods": 1, "digital_tools": 3}))
    assert mine < theirs
    assert "более подходящими" in u.reasons[0].ru
