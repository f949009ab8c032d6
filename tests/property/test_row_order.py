"""The same bank with its rows in another order gets the same proposals (issue 17, item 7):
ties fall by people's ids, never by where they stand in the file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.model import Goal, RunResult
from matcher.solver import SolveOptions, solve
from tests.solver_strategies import matchable_banks
from tests.strategies import banks

ORDER = settings(max_examples=25, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def shown(result: RunResult) -> tuple[object, ...]:
    """What a curator sees: every proposal's people, form, topics and score; who is left out
    and why."""
    proposals = sorted((p.mentor, tuple(sorted(p.mentees)), str(p.form), tuple(p.topics),
                        round(p.score, 6)) for p in result.proposals)
    unmatched = sorted((u.mentee, tuple(r.code for r in u.reasons)) for u in result.unmatched)
    return tuple(proposals), tuple(unmatched), round(result.objective, 6)


@ORDER
@given(st.one_of(banks(max_people=9), matchable_banks(max_mentors=4, max_mentees=8)),
       st.randoms(use_true_random=False), st.sampled_from(list(Goal)), st.booleans())
def test_shuffled_bank_gets_the_same_proposals(bank_prog, rnd, goal, stable) -> None:
    bank, programme = bank_prog
    programme = programme.model_copy(update={"goal": goal})
    people = list(bank.participants)
    rnd.shuffle(people)
    shuffled = bank.model_copy(update={"participants": tuple(people)})
    options = SolveOptions(explain=False, stable=stable, time_limit_s=5)
    assert shown(solve(shuffled, programme, options=options)) == shown(
        solve(bank, programme, options=options))
