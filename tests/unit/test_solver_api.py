"""End to end on generated banks: validator, objective, determinism, reruns, why-not."""

from __future__ import annotations

from datetime import date

import pytest

from datasets.generators import generate
from matcher.model import Kind, Programme, ProposalStatus
from matcher.rules import pair_exclusions
from matcher.solver import SolveOptions, diff, solve, why_not
from matcher.solver.api import score_candidates
from matcher.validation import objective_value, violations

START = date(2026, 9, 1)


@pytest.fixture(scope="module")
def school():
    bank = generate("school", seed=3).bank
    programme = Programme(id="p", start=START, end=date(2027, 5, 31), time_limit_s=5)
    scorer, cands = score_candidates(bank, programme)
    return bank, programme, scorer, cands


def test_school_result_is_valid_and_objective_recomputes(school) -> None:
    bank, programme, scorer, cands = school
    result = solve(bank, programme, scorer=scorer, candidates=cands)
    assert result.proposals
    assert violations(bank, programme, result) == []
    assert objective_value(bank, programme, result) == pytest.approx(result.objective)
    assert result.gap == 0 and result.status == "optimal"


def test_same_input_and_seed_give_same_result(school) -> None:
    bank, programme, scorer, cands = school
    a = solve(bank, programme, scorer=scorer, candidates=cands, options=SolveOptions(explain=False))
    b = solve(bank, programme, scorer=scorer, candidates=cands, options=SolveOptions(explain=False))
    assert a.proposals == b.proposals and a.unmatched == b.unmatched


def test_cpsat_path_matches_flow_on_a_real_bank(school) -> None:
    bank, programme, _, cands = school
    flow = solve(bank, programme, candidates=cands, options=SolveOptions(explain=False))
    cp = solve(bank, programme, candidates=cands,
               options=SolveOptions(explain=False, force_cpsat=True))
    assert cp.solver == "CP-SAT" and flow.solver == "min-cost flow"
    assert cp.objective == pytest.approx(flow.objective)
    assert violations(bank, programme, cp) == []


def test_every_unmatched_mentee_has_reasons_and_suggestions(school) -> None:
    bank, programme, _, cands = school
    result = solve(bank, programme, candidates=cands, options=SolveOptions(explain=False))
    matched = {e for p in result.proposals for e in p.mentees}
    for person in bank.mentees:
        wanted = person.mentee.mentors_wanted
        got = sum(person.id in p.mentees for p in result.proposals)
        listed = any(u.mentee == person.id for u in result.unmatched)
        assert listed == (got < wanted), person.id
    for u in result.unmatched:
        assert u.reasons and u.suggestions
        assert all(r.ru and r.en for r in (*u.reasons, *u.suggestions))
    assert matched


def test_groups_when_the_programme_allows_only_groups() -> None:
    bank = generate("district", seed=4).bank
    programme = Programme(id="g", start=START, end=date(2027, 5, 31), kinds={Kind.group},
                          group_min=2, group_max=4, time_limit_s=2)
    result = solve(bank, programme, options=SolveOptions(explain=False))
    assert violations(bank, programme, result) == []
    assert result.proposals and all(p.kind == Kind.group for p in result.proposals)
    assert result.best_bound >= result.objective
    assert objective_value(bank, programme, result) == pytest.approx(result.objective)


def test_rerun_keeps_confirmed_and_excludes_rejected(school) -> None:
    bank, programme, scorer, cands = school
    first = solve(bank, programme, candidates=cands, options=SolveOptions(explain=False))
    confirmed, rejected = first.proposals[0], first.proposals[1]
    decisions = {confirmed.id: ProposalStatus.confirmed, rejected.id: ProposalStatus.rejected}
    second = solve(bank, programme, scorer=scorer, previous=first, decisions=decisions,
                   options=SolveOptions(explain=False))
    kept = next(p for p in second.proposals if p.id == confirmed.id)
    assert kept.status == ProposalStatus.confirmed and kept.mentees == confirmed.mentees
    assert not any(p.mentor == rejected.mentor and set(p.mentees) & set(rejected.mentees)
                   for p in second.proposals)
    d = diff(first, decisions, second, bank, programme)
    assert confirmed.id in {p.id for p in d.kept}
    assert any(e.proposal.id == rejected.id and e.reason.code == "rejected" for e in d.ended)
    # Nothing else changed in the bank, so every unconfirmed pair is kept too (keep bonus).
    assert len(d.kept) == len(first.proposals) - 1 - len(d.changed) - sum(
        e.proposal.id != rejected.id for e in d.ended)


def test_rerun_ends_a_confirmed_pair_whose_mentee_revoked_consent(school) -> None:
    bank, programme, _, cands = school
    first = solve(bank, programme, candidates=cands, options=SolveOptions(explain=False))
    target = first.proposals[0]
    mentee = bank.get(target.mentees[0])
    revoked = tuple(c.model_copy(update={"revoked": START.replace(month=8)})
                    if c.kind == "participation" else c for c in mentee.consents)
    people = tuple(p.model_copy(update={"consents": revoked}) if p.id == mentee.id else p
                   for p in bank.participants)
    bank2 = bank.model_copy(update={"participants": people})
    bank2 = type(bank)(participants=bank2.participants, conflicts=bank2.conflicts)
    decisions = {target.id: ProposalStatus.confirmed}
    second = solve(bank2, programme, previous=first, decisions=decisions,
                   options=SolveOptions(explain=False))
    assert target.id not in {p.id for p in second.proposals}
    d = diff(first, decisions, second, bank2, programme)
    ended = next(e for e in d.ended if e.proposal.id == target.id)
    assert ended.reason.code == "mentee_consent"
    assert violations(bank2, programme, second) == []


def test_rerun_names_a_consent_revoked_during_the_programme_for_an_unconfirmed_pair(
        school) -> None:
    bank, programme, _, cands = school
    first = solve(bank, programme, candidates=cands, options=SolveOptions(explain=False))
    target = next(p for p in first.proposals if not p.is_group)
    mentee = bank.get(target.mentees[0])
    revoked = tuple(c.model_copy(update={"revoked": date(2026, 10, 15)})
                    if c.kind == "participation" else c for c in mentee.consents)
    bank2 = type(bank)(participants=tuple(
        p.model_copy(update={"consents": revoked}) if p.id == mentee.id else p
        for p in bank.participants), conflicts=bank.conflicts)
    rerun = programme.model_copy(update={"as_of": date(2026, 11, 20)})  # as the service does
    second = solve(bank2, rerun, previous=first, options=SolveOptions(explain=False))
    d = diff(first, {}, second, bank2, rerun)
    why = {**{e.proposal.id: e.reason for e in d.ended},
           **{before.id: r for (before, _), r in zip(d.changed, d.changed_reasons, strict=True)}}
    assert why[target.id].code == "mentee_consent"


def test_why_not_names_the_rule_or_the_cost(school) -> None:
    bank, programme, scorer, cands = school
    result = solve(bank, programme, candidates=cands, options=SolveOptions(explain=False))
    p = result.proposals[0]
    mentee = p.mentees[0]
    allowed_other = next(
        m for m in bank.mentors if m.id != p.mentor
        and not pair_exclusions(m, bank.get(mentee), programme, bank=bank)
        and m.mentor.capacity_mentees > 0
    )
    answer = why_not(bank, programme, mentee, allowed_other.id, scorer=scorer, candidates=cands)
    assert answer.allowed and answer.score_loss >= 0 and answer.reasons[0].code in ("cost",
                                                                                     "already")
    forbidden = next(m for m in bank.mentors
                     if pair_exclusions(m, bank.get(mentee), programme, bank=bank))
    answer = why_not(bank, programme, mentee, forbidden.id, scorer=scorer, candidates=cands)
    assert not answer.allowed and answer.reasons


def test_stable_option_has_no_blocking_pair_and_reports_its_cost(school) -> None:
    bank, programme, _, cands = school
    result = solve(bank, programme, candidates=cands,
                   options=SolveOptions(explain=False, stable=True))
    assert violations(bank, programme, result, stable=True, candidates=cands) == []
    assert result.metrics["stability_coverage_cost"] >= 0
    assert result.metrics["stability_coverage_cost"] > 0 or result.metrics["stability_cost"] >= 0


def test_fairness_and_balance_recompute(school) -> None:
    bank, programme, _, cands = school
    options = SolveOptions(explain=False, fairness=5, balance=0.01)
    result = solve(bank, programme, candidates=cands, options=options)
    assert violations(bank, programme, result) == []
    assert objective_value(bank, programme, result, options=options) == pytest.approx(
        result.objective)
    assert result.best_bound >= result.objective - 1e-9
