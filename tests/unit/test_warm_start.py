"""A rerun's CP-SAT starts from the previous run's answer where it still holds, and ends where
a cold start ends (the flow path is exact and needs no start)."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.model import Bank, Kind, MenteeRequest, MentorOffer, RunResult
from matcher.options import SolveOptions
from matcher.solver import solve
from matcher.solver.api import Prepared, prepare, score_candidates
from matcher.solver.engine import solve_instance
from matcher.solver.rerun import plan
from matcher.solver.solution import Solution, value
from matcher.solver.warm import feasible
from tests import factories as f

BOTH = frozenset({Kind.individual, Kind.group})
TOPICS = ("teaching_methods", "lesson_design", "assessment", "digital_tools")
TEXTS = ("урок проект оценивание", "цифровые инструменты дистанционное обучение",
         "дисциплина класс родители", "подготовка к экзаменам олимпиады")
PROGRAMME = f.programme("warm")
OPTIONS = SolveOptions(explain=False, time_limit_s=20)


def group_bank(seed: int) -> Bank:
    """Mentors who take groups and mentees who accept them, topics and texts drawn at random:
    groups pay, so the solve goes to CP-SAT."""
    rng = np.random.default_rng(seed)
    mentors = [f.teacher_mentor(
        f"m{i}", full_name=f"Иванова Анна {i}", experience_text=str(rng.choice(TEXTS)),
        competencies={str(t): int(rng.integers(1, 4))
                      for t in rng.choice(TOPICS, size=2, replace=False)},
        mentor=MentorOffer(capacity_mentees=int(rng.integers(2, 5)), capacity_groups=1,
                           kinds=BOTH)) for i in range(4)]
    mentees = [f.teacher_mentee(
        f"e{i}", full_name=f"Петров Пётр {i}", difficulties_text=str(rng.choice(TEXTS)),
        requests={str(rng.choice(TOPICS)): int(rng.integers(1, 4))},
        mentee=MenteeRequest(kinds=BOTH)) for i in range(11)]
    return f.bank(*mentors, *mentees)


@pytest.fixture(scope="module", params=[5, 11, 17])
def rerun(request: pytest.FixtureRequest) -> tuple[Bank, RunResult, Prepared]:
    bank = group_bank(request.param)
    first = solve(bank, PROGRAMME, options=OPTIONS)
    assert first.metrics["cpsat_components"] >= 1  # groups pay: CP-SAT ran
    assert any(p.is_group for p in first.proposals)
    the_plan = plan(bank, PROGRAMME, first)
    _, cands = score_candidates(bank, PROGRAMME, rejected=the_plan.rejected_pairs)
    return bank, first, prepare(bank, PROGRAMME, cands, options=OPTIONS, the_plan=the_plan)


def test_the_previous_answer_is_a_feasible_start_worth_its_objective(
        rerun: tuple[Bank, RunResult, Prepared]) -> None:
    _, first, prep = rerun
    assert prep.previous is not None
    n_groups = sum(p.is_group for p in first.proposals)
    assert len(prep.previous.groups) == n_groups
    assert prep.previous.assigned().size == sum(len(p.mentees) for p in first.proposals)
    assert feasible(prep.inst, prep.inst.group_keys(), prep.previous)


def test_a_hinted_rerun_ends_where_a_cold_one_ends(
        rerun: tuple[Bank, RunResult, Prepared]) -> None:
    _, _, prep = rerun
    hinted = solve_instance(prep.inst, previous=prep.previous, time_limit_s=20)
    cold = solve_instance(prep.inst, time_limit_s=20)
    assert hinted.previous_starts >= 1 and cold.previous_starts == 0  # the hint was given
    assert hinted.optimal and cold.optimal
    assert hinted.value == cold.value == value(prep.inst, hinted.solution)
    # The same bank again: the previous answer is optimal, so CP-SAT keeps its value.
    assert prep.previous is not None
    assert hinted.value >= value(prep.inst, prep.previous)


def test_a_rerun_through_solve_reports_its_warm_start(
        rerun: tuple[Bank, RunResult, Prepared]) -> None:
    bank, first, _ = rerun
    again = solve(bank, PROGRAMME, options=OPTIONS, previous=first)
    assert again.metrics["cpsat_previous_starts"] >= 1
    assert again.objective >= first.objective  # the keep bonus only adds to it


def test_an_infeasible_previous_answer_is_not_a_start(
        rerun: tuple[Bank, RunResult, Prepared]) -> None:
    _, _, prep = rerun
    inst, opts = prep.inst, prep.inst.group_keys()
    assert prep.previous is not None
    # One mentor given every one of their candidates as pairs: over capacity (and demand).
    m = int(np.argmax(np.bincount(inst.mentor[inst.pair_usable])))
    over = np.flatnonzero(inst.pair_usable & (inst.mentor == m))
    assert over.size > inst.total_cap[m]
    assert not feasible(inst, opts, Solution(pairs=over))
    # A group cut below the minimum size.
    g = prep.previous.groups[0]
    small = Solution(groups=(type(g)(g.mentor, g.topic, g.form, g.members[:1]),))
    assert inst.group_min > 1 and not feasible(inst, opts, small)
