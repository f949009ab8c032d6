"""Property tests of incremental reruns: on random small banks and random changes (texts,
experience, people leaving or joining), a rerun with the score cache gives what a fresh run
of the changed bank gives: the same candidates with the same scores, the same proposals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.candidates import Candidates
from matcher.model import Bank, Participant
from matcher.scoring import embedding, incremental
from matcher.scoring.incremental import CacheSlot
from matcher.solver import SolveOptions, solve
from tests.solver_strategies import matchable_banks
from tests.strategies import banks, participants

PROPS = settings(max_examples=25, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FAST = SolveOptions(explain=False, time_limit_s=5)
BANKS = st.one_of(banks(min_people=3, max_people=9), matchable_banks())
EDITS = ("text", "years", "drop", "join")


def _edited(bank: Bank, data: st.DataObject, start) -> Bank:  # type: ignore[no-untyped-def]
    people: list[Participant] = list(bank.participants)
    ops = data.draw(st.lists(st.tuples(st.integers(0, len(people) - 1), st.sampled_from(EDITS)),
                             min_size=1, max_size=3, unique_by=lambda t: t[0]))
    drop: set[str] = set()
    for n, (i, op) in enumerate(ops):
        p = people[i]
        if op == "text":
            people[i] = p.model_copy(update={
                "experience_text": p.experience_text + " проектная деятельность",
                "difficulties_text": p.difficulties_text + " дисциплина на уроке"})
        elif op == "years":
            people[i] = p.model_copy(update={"experience_years": p.experience_years + 3})
        elif op == "drop":
            drop.add(p.id)
        else:
            people.append(data.draw(participants(f"new{n}", start)))
    kept = [p for p in people if p.id not in drop]
    ids = {p.id for p in kept}
    return Bank.model_validate({
        "participants": [p.model_dump() for p in kept],
        "conflicts": [c.model_dump() for c in bank.conflicts if c.a in ids and c.b in ids]})


def _scored(c: Candidates) -> list[tuple[str, str, float, int]]:
    return sorted((c.mentor_ids[m], c.mentee_ids[e], s, f) for m, e, s, f in zip(
        c.mentor.tolist(), c.mentee.tolist(), c.score.tolist(), c.form.tolist(), strict=True))


@PROPS
@given(BANKS, st.data())
def test_a_rerun_with_the_cache_equals_a_fresh_run_of_the_changed_bank(bank_prog, data) -> None:
    if not embedding.available("use"):  # small banks read texts by meaning: no fitted model
        pytest.skip("the sentence embedder is not installed")
    bank, programme = bank_prog
    after = _edited(bank, data, programme.start)
    slot = CacheSlot()
    solve(bank, programme, options=FAST, cache=slot)
    seen: list[Candidates] = []
    with pytest.MonkeyPatch.context() as mp:  # reuse even when most of a tiny bank changed
        mp.setattr(incremental, "REFIT_SHARE", float("inf"))
        rerun = solve(after, programme, options=FAST, cache=slot, on_candidates=seen.append)
    fresh = solve(after, programme, options=FAST, on_candidates=seen.append)
    assert slot.reused  # the cache was used
    got, want = seen
    assert _scored(got) == _scored(want)
    if got.components is not None and want.components is not None:
        order_g = np.lexsort((got.mentee, got.mentor))
        order_w = np.lexsort((want.mentee, want.mentor))
        assert np.array_equal(got.components[order_g], want.components[order_w])
    assert [p.model_dump() for p in rerun.proposals] == [p.model_dump() for p in fresh.proposals]
    assert rerun.objective == fresh.objective
    assert [u.model_dump() for u in rerun.unmatched] == [u.model_dump() for u in fresh.unmatched]
