"""`solve(bank, programme)`: scores → instance → flow / CP-SAT → proposals and explanations →
the independent validator (a result breaking a hard rule raises `InvalidResult`).

Data flows one way: the scorer's candidates and the bank's numbers become an `Instance`, the
engine returns a `Solution` of candidate indices, and this module turns it into a `RunResult`
with deterministic proposal ids (a hash of programme, mentor, kind and mentees).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np

from matcher import control, gcpause
from matcher.candidates import FORM_ORDER, Candidates
from matcher.errors import InvalidResult
from matcher.executors import LOCAL, Executor
from matcher.model import (
    Bank,
    Form,
    Kind,
    MenteeRequest,
    MentorOffer,
    PairScore,
    Participant,
    Programme,
    Proposal,
    RunResult,
    Side,
    SolveStatus,
)
from matcher.objective import (
    coverage_unit,
    group_gain,
    group_value_of,
    min_load_target,
    penalty_room,
    quota_values,
    total_demand,
)
from matcher.options import DEFAULT_OPTIONS, SCALE, SolveOptions
from matcher.preferences import preference_key
from matcher.rules import pair_kind, reverse_topics
from matcher.solver.engine import EngineResult, solve_instance
from matcher.solver.instance import (
    I64,
    BoolArray,
    Instance,
    IntArray,
    QuotaRow,
    scale_scores,
)
from matcher.solver.rerun import Decisions, RerunPlan, plan
from matcher.solver.solution import Solution, covered_count, score_total
from matcher.solver.warm import previous_solution
from matcher.topics import programme_taxonomy, using_taxonomy
from matcher.validation import check

if TYPE_CHECKING:  # the scorer loads sklearn: imported lazily where it runs
    from matcher.scoring import Scorer
    from matcher.scoring.incremental import CacheSlot

Progress = Callable[[str, float], None]  # (stage, fraction done)


@dataclass(frozen=True, eq=False)
class Prepared:
    """An instance with what is needed to turn its solution back into proposals."""

    inst: Instance
    cands: Candidates
    plan: RerunPlan
    kept_by_cand: dict[int, Proposal]
    previous: Solution | None = None  # the previous run's answer over these candidates


def bank_hash(bank: Bank) -> str:
    """The bank's version as a run records it: from the people's content hashes, which the
    scorer's cache reads too, so the bank is serialised once per run, not twice."""
    return bank.content_hash[:16]


def proposal_id(programme: Programme, mentor: str, kind: Kind, mentees: Collection[str]) -> str:
    key = "|".join((programme.id, mentor, kind.value, *sorted(mentees)))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def score_candidates(bank: Bank, programme: Programme, *, scorer: Scorer | None = None,
                     rejected: Collection[tuple[str, str]] = (),
                     executor: Executor = LOCAL, cache: CacheSlot | None = None,
                     ) -> tuple[Scorer, Candidates]:
    """A fitted scorer and its candidates (the scorer is imported lazily: it loads sklearn).
    With `cache`, the previous run's scoring state in it is reused where it applies and this
    run's is left there (`matcher.scoring.incremental`)."""
    from matcher.scoring import Scorer

    if scorer is None:
        scorer = Scorer(random_state=programme.seed).fit(
            bank, programme, rejected=rejected, previous=cache.value if cache else None)
    cands = scorer.candidates(executor=executor)
    if cache is not None:
        cache.value, cache.reused = scorer.cache_, scorer.reused_
    return scorer, cands


def with_programme(options: SolveOptions, programme: Programme) -> SolveOptions:
    """`options` with the programme's stored ones (`Programme.options`) where the caller left
    the default: a run of the service and a CLI solve of the programme file agree."""
    po = programme.options
    min_load = options.min_load or po.min_load
    return replace(
        options, stable=options.stable or po.stable, fairness=options.fairness or po.fairness,
        balance=options.balance or po.balance,
        unmatched_bonus=options.unmatched_bonus or po.unmatched_bonus,
        priority_bonus=options.priority_bonus or po.priority_bonus, min_load=min_load,
        min_load_penalty=(po.min_load_penalty if po.min_load and not options.min_load
                          else options.min_load_penalty))


def prepare(
    bank: Bank, programme: Programme, cands: Candidates, *, options: SolveOptions,
    the_plan: RerunPlan | None = None, forced: Collection[tuple[str, str]] = (),
) -> Prepared:
    """The solver instance for `cands` (rejected pairs dropped, kept pairs fixed, `forced`
    (mentor, mentee) pairs fixed as one-to-one pairs)."""
    options = with_programme(options, programme)
    the_plan = the_plan or RerunPlan()
    cands = _drop_pairs(cands, the_plan.rejected_pairs)
    cands, kept_rows = _with_kept(cands, the_plan.kept)
    cands, new_row = canonical(cands)
    kept_rows = [np.sort(new_row[r]) for r in kept_rows]
    people = [bank.get(i) for i in cands.mentor_ids]
    mentees = [bank.get(i) for i in cands.mentee_ids]
    topic_ids = tuple(sorted(set().union(*(p.competencies for p in people),
                                         *(p.requests for p in mentees))))
    t_pos = {t: i for i, t in enumerate(topic_ids)}
    mentor_topic = _topic_matrix([p.competencies for p in people], t_pos)
    mentee_topic = _topic_matrix([p.requests for p in mentees], t_pos)

    m_pos = {pid: i for i, pid in enumerate(cands.mentor_ids)}
    e_pos = {pid: i for i, pid in enumerate(cands.mentee_ids)}
    mentor = cands.mentor.astype(I64)
    mentee = cands.mentee.astype(I64)
    code = mentor * len(mentees) + mentee
    order = np.argsort(code, kind="stable")

    def rows(pairs: Collection[tuple[str, str]]) -> IntArray:
        known = [(m_pos[m], e_pos[e]) for m, e in pairs if m in m_pos and e in e_pos]
        if not known:
            return np.zeros(0, I64)
        want = np.asarray([m * len(mentees) + e for m, e in known], I64)
        at = np.searchsorted(code[order], want)
        at = np.minimum(at, max(code.size - 1, 0))
        return np.sort(order[at][code[order][at] == want]) if code.size else np.zeros(0, I64)

    score = scale_scores(cands.score)
    keep = np.zeros(len(cands), I64)
    keep[rows(the_plan.proposed_pairs)] = options.scaled(options.keep_bonus)
    bonus = np.zeros(len(mentees), I64)
    for pid in the_plan.unmatched_before:
        if pid in e_pos:
            bonus[e_pos[pid]] = options.scaled(options.unmatched_bonus)
    if options.priority_bonus:
        bonus += np.asarray([p.priority for p in mentees], I64) * options.scaled(
            options.priority_bonus)
    form = cands.form.astype(I64).copy()
    fixed_pairs: list[int] = []
    fixed_groups: list[tuple[int, IntArray]] = []
    kept_by_cand: dict[int, Proposal] = {}
    for kp, p_rows in zip(the_plan.kept, kept_rows, strict=True):
        form[p_rows] = FORM_ORDER.index(kp.form)
        kept_by_cand.update({int(r): kp for r in p_rows})
        if kp.is_group:
            fixed_groups.append((t_pos[kp.topics[0]], np.sort(p_rows)))
        else:
            fixed_pairs.extend(p_rows.tolist())
    fixed_pairs.extend(rows(forced).tolist())
    pref_m: IntArray | None = None
    pref_e: IntArray | None = None
    if options.stable:
        pref_m = np.asarray([preference_key(people[m], cands.mentee_ids[e], s,
                                            partner=mentees[e], as_mentor=True)
                             for m, e, s in zip(mentor.tolist(), mentee.tolist(), score.tolist(),
                                                strict=True)], I64)
        pref_e = np.asarray([preference_key(mentees[e], cands.mentor_ids[m], s,
                                            partner=people[m])
                             for m, e, s in zip(mentor.tolist(), mentee.tolist(), score.tolist(),
                                                strict=True)], I64)
    inst = Instance(
        mentor_ids=cands.mentor_ids, mentee_ids=cands.mentee_ids, topic_ids=topic_ids,
        mentor=mentor, mentee=mentee, score=score, form=form,
        pair_ok=cands.pair_ok.astype(bool), group_ok=cands.group_ok.astype(bool),
        cap_mentees=np.asarray([_offer(p).capacity_mentees for p in people], I64),
        cap_groups=np.asarray([_offer(p).capacity_groups for p in people], I64),
        demand=np.asarray([_request(p).mentors_wanted for p in mentees], I64),
        mentor_topic=mentor_topic, mentee_topic=mentee_topic,
        group_min=programme.group_min, group_max=programme.group_max, goal=programme.goal,
        cover_unit=coverage_unit(total_demand(bank, programme), programme.goal, options,
                                 group_value_of(programme, options),
                                 penalty_room(bank, programme, options)),
        group_value=group_value_of(programme, options), keep=keep, cover_bonus=bonus,
        balance=options.scaled(options.balance),
        fairness=options.fairness, fixed_pairs=np.asarray(sorted(set(fixed_pairs)), I64),
        fixed_groups=tuple(fixed_groups), pref_mentor=pref_m, pref_mentee=pref_e,
        quotas=quota_rows(bank, programme, options, people, mentees, mentor, mentee),
        min_load=np.asarray([min_load_target(p, programme, options) for p in people], I64),
        min_load_penalty=options.scaled(options.min_load_penalty) if options.min_load else 0,
    )
    previous = None
    if the_plan.proposed:
        sorted_code = code[order]

        def row_of(m: str, e: str) -> int:
            if m not in m_pos or e not in e_pos or not code.size:
                return -1
            want = m_pos[m] * len(mentees) + e_pos[e]
            at = min(int(np.searchsorted(sorted_code, want)), code.size - 1)
            return int(order[at]) if sorted_code[at] == want else -1

        before = (*the_plan.proposed, *the_plan.kept)
        previous = previous_solution(inst, before, {(p.mentor, e): row_of(p.mentor, e)
                                                    for p in before for e in p.mentees})
    return Prepared(inst, cands, the_plan, kept_by_cand, previous)


def _topic_matrix(topics: list[dict[str, int]], t_pos: dict[str, int]) -> BoolArray:
    """Person × topic: whether the person has the topic (each person's `topics` keys), set in
    one assignment rather than one per person."""
    out = np.zeros((len(topics), len(t_pos)), bool)
    rows = np.repeat(np.arange(len(topics)), [len(ts) for ts in topics])
    out[rows, np.asarray([t_pos[t] for ts in topics for t in ts], I64)] = True
    return out


def quota_rows(bank: Bank, programme: Programme, options: SolveOptions,
               mentors: list[Participant], mentees: list[Participant], mentor: IntArray,
               mentee: IntArray) -> tuple[QuotaRow, ...]:
    """One row per quota and value: which candidates count towards it, and its bounds."""
    out = []
    for q in programme.quotas:
        by_mentor = q.side == Side.mentor
        people, which = (mentors, mentor) if by_mentor else (mentees, mentee)
        has = [q.matches(p) for p in people]
        for v in quota_values(bank, programme, q):
            person_in = np.asarray([v in h for h in has], bool)
            out.append(QuotaRow(
                member=person_in[which] if which.size else np.zeros(0, bool),
                at_most=q.at_most, at_least=q.at_least or 0,
                share_permille=(round(q.share_at_most * 1000) if q.share_at_most is not None
                                else None),
                penalty=options.scaled(q.shortfall_penalty), label=f"{q.field.value}={v}"))
    return tuple(out)
def canonical(cands: Candidates) -> tuple[Candidates, IntArray]:
    """`cands` with mentors and mentees in id order and rows by (mentor, mentee), and each old
    row's new position: the bank's row order then changes nothing the solver sees, so the same
    bank in another order gets the same proposals (ties fall the same way)."""
    m_order = np.argsort(np.asarray(cands.mentor_ids, dtype=object), kind="stable")
    e_order = np.argsort(np.asarray(cands.mentee_ids, dtype=object), kind="stable")
    m_new = np.empty(m_order.size, I64)
    m_new[m_order] = np.arange(m_order.size)
    e_new = np.empty(e_order.size, I64)
    e_new[e_order] = np.arange(e_order.size)
    mentor, mentee = m_new[cands.mentor.astype(I64)], e_new[cands.mentee.astype(I64)]
    rows = np.lexsort((mentee, mentor))
    new_row = np.empty(rows.size, I64)
    new_row[rows] = np.arange(rows.size)
    out = _take(replace(cands, mentor=mentor.astype(np.int32), mentee=mentee.astype(np.int32),
                        mentor_ids=tuple(cands.mentor_ids[i] for i in m_order.tolist()),
                        mentee_ids=tuple(cands.mentee_ids[j] for j in e_order.tolist())), rows)
    return out, new_row


def _offer(p: Participant) -> MentorOffer:
    """A candidate mentor's offer (the scorer pairs only people who have one)."""
    if p.mentor is None:
        raise ValueError(f"candidate mentor {p.id} has no mentor offer")
    return p.mentor


def _request(p: Participant) -> MenteeRequest:
    """A candidate mentee's request (the scorer pairs only people who have one)."""
    if p.mentee is None:
        raise ValueError(f"candidate mentee {p.id} has no mentee request")
    return p.mentee


def _drop_pairs(cands: Candidates, pairs: Collection[tuple[str, str]]) -> Candidates:
    if not pairs or len(cands) == 0:
        return cands
    m_pos = {pid: i for i, pid in enumerate(cands.mentor_ids)}
    e_pos = {pid: i for i, pid in enumerate(cands.mentee_ids)}
    n_e = len(cands.mentee_ids)
    bad = np.asarray([m_pos[m] * n_e + e_pos[e] for m, e in pairs if m in m_pos and e in e_pos],
                     I64)
    keep = ~np.isin(cands.mentor.astype(I64) * n_e + cands.mentee, bad)
    return _take(cands, keep)


def _take(c: Candidates, keep: BoolArray | IntArray) -> Candidates:
    return replace(
        c, mentor=c.mentor[keep], mentee=c.mentee[keep], score=c.score[keep], form=c.form[keep],
        pair_ok=c.pair_ok[keep], group_ok=c.group_ok[keep],
        components=None if c.components is None else c.components[keep],
    )


def _with_kept(cands: Candidates, kept: tuple[Proposal, ...]
               ) -> tuple[Candidates, list[IntArray]]:
    """Candidates with every kept (mentor, mentee) present, and each kept proposal's rows.

    A kept pair missing from the candidates (cut by top-k, or a person new to the id lists)
    is appended with its previous score."""
    mentor_ids, mentee_ids = list(cands.mentor_ids), list(cands.mentee_ids)
    m_pos = {pid: i for i, pid in enumerate(mentor_ids)}
    e_pos = {pid: i for i, pid in enumerate(mentee_ids)}
    lookup = {(int(m), int(e)): i for i, (m, e) in enumerate(
        zip(cands.mentor.tolist(), cands.mentee.tolist(), strict=True))} if kept else {}
    extra: list[tuple[int, int, float, int, bool]] = []
    rows: list[IntArray] = []
    n = len(cands)
    for p in kept:
        if p.mentor not in m_pos:
            m_pos[p.mentor] = len(mentor_ids)
            mentor_ids.append(p.mentor)
        scores = {s.mentee: s.score for s in p.pairs}
        mine = []
        for e in p.mentees:
            if e not in e_pos:
                e_pos[e] = len(mentee_ids)
                mentee_ids.append(e)
            key = (m_pos[p.mentor], e_pos[e])
            if key not in lookup:
                lookup[key] = n + len(extra)
                extra.append((*key, scores.get(e, p.score), FORM_ORDER.index(p.form), p.is_group))
            mine.append(lookup[key])
        rows.append(np.asarray(mine, I64))
    if not extra and len(mentor_ids) == len(cands.mentor_ids):
        return cands, rows
    ex = np.asarray([(m, e) for m, e, *_ in extra], I64).reshape(-1, 2)
    grp = np.asarray([g for *_, g in extra], bool)
    comps = cands.components
    if comps is not None:
        comps = np.vstack([comps, np.zeros((len(extra), comps.shape[1]), comps.dtype)])
    c = replace(
        cands, mentor_ids=tuple(mentor_ids), mentee_ids=tuple(mentee_ids),
        mentor=np.concatenate([cands.mentor, ex[:, 0]]).astype(np.int32),
        mentee=np.concatenate([cands.mentee, ex[:, 1]]).astype(np.int32),
        score=np.concatenate([cands.score, [s for _, _, s, _, _ in extra]]),
        form=np.concatenate([cands.form, [f for *_, f, _ in extra]]).astype(np.int8),
        pair_ok=np.concatenate([cands.pair_ok, ~grp]),
        group_ok=np.concatenate([cands.group_ok, grp]), components=comps,
    )
    return c, rows


def solve(
    bank: Bank,
    programme: Programme,
    *,
    scorer: Scorer | None = None,
    candidates: Candidates | None = None,
    previous: RunResult | None = None,
    decisions: Decisions | None = None,
    options: SolveOptions = DEFAULT_OPTIONS,
    progress: Progress | None = None,
    forced: Collection[tuple[str, str]] = (),
    bank_path: str = "",
    should_stop: control.ShouldStop | None = None,
    detail: control.Detail | None = None,
    executor: Executor = LOCAL,
    cache: CacheSlot | None = None,
    on_candidates: Callable[[Candidates], None] | None = None,
) -> RunResult:
    """Propose pairs and groups for `programme` over `bank` (see the module doc).

    `should_stop` is asked between stages, between blocks of mentees and while CP-SAT
    searches: once true the solve raises `Cancelled` within a moment. `detail(what, done,
    total)` reports countable progress: ("mentees", 1200, 3000), ("component", 3, 17).
    `executor` runs the scoring blocks and the CP-SAT components (`matcher.executors`): this
    process by default, or Ray tasks; the result is the same. `cache` holds the previous run's
    scoring state (only changed people are scored) and receives this run's. `on_candidates` is
    given the scored candidates (e.g. to keep alternates with the run)."""
    with control.controlled(should_stop, detail), gcpause.paused(), \
            using_taxonomy(programme_taxonomy(programme)):  # the programme's topic labels
        return _solve(bank, programme, scorer=scorer, candidates=candidates, previous=previous,
                      decisions=decisions, options=options, progress=progress, forced=forced,
                      bank_path=bank_path, executor=executor, cache=cache,
                      on_candidates=on_candidates)


def _solve(
    bank: Bank, programme: Programme, *, scorer: Scorer | None, candidates: Candidates | None,
    previous: RunResult | None, decisions: Decisions | None, options: SolveOptions,
    progress: Progress | None, forced: Collection[tuple[str, str]], bank_path: str,
    executor: Executor = LOCAL, cache: CacheSlot | None = None,
    on_candidates: Callable[[Candidates], None] | None = None,
) -> RunResult:
    started = time.perf_counter()
    options = with_programme(options, programme)
    report = progress or (lambda stage, done: None)
    the_plan = plan(bank, programme, previous, decisions)
    if candidates is None:
        report("score", 0.0)
        scorer, candidates = score_candidates(bank, programme, scorer=scorer,
                                              rejected=the_plan.rejected_pairs,
                                              executor=executor, cache=cache)
    if on_candidates is not None:
        on_candidates(candidates)
    control.checkpoint()
    report("solve", 0.2)
    prep = prepare(bank, programme, candidates, options=options, the_plan=the_plan,
                   forced=forced)
    limit = options.time_limit_s if options.time_limit_s is not None else programme.time_limit_s
    out = solve_instance(prep.inst, stable=options.stable, force_cpsat=options.force_cpsat,
                         time_limit_s=limit, seed=programme.seed, workers=options.workers,
                         log=options.log, deterministic=options.deterministic,
                         executor=executor, previous=prep.previous)
    control.checkpoint()  # a stopped search returns early: its answer is not the result
    report("explain", 0.8)
    proposals = to_proposals(bank, programme, prep, out.solution,
                             scorer=scorer if options.explain else None)
    from matcher.solver.unmatched import explain_unmatched

    unmatched = explain_unmatched(bank, programme, prep, out.solution,
                                 rejected=the_plan.rejected_pairs, scorer=scorer)
    metrics = _metrics(prep, out)
    if options.stable:
        free = solve_instance(prep.inst, time_limit_s=limit, seed=programme.seed,
                              workers=options.workers)
        # Coverage comes first, so the free result may cover more mentees at a lower score:
        # what stability costs is mentees first, then score (negative only when mentees were lost).
        metrics["stability_coverage_cost"] = float(covered_count(prep.inst, free.solution)
                                                   - covered_count(prep.inst, out.solution))
        metrics["stability_cost"] = (score_total(prep.inst, free.solution)
                                     - score_total(prep.inst, out.solution)) / SCALE
    metrics.update(options_cost(prep.inst, out, limit=limit, seed=programme.seed))
    result = RunResult(
        programme_id=programme.id, created_at=datetime.now(UTC), bank_version=bank_hash(bank),
        seed=programme.seed, solver=out.solver,
        status=SolveStatus.optimal if out.optimal else SolveStatus.feasible,
        objective=out.value / SCALE, best_bound=out.bound / SCALE, gap=gap(out),
        wall_time_s=time.perf_counter() - started, proposals=proposals, unmatched=unmatched,
        metrics=metrics, bank_path=bank_path,
    )
    result = validated(bank, programme, result, prep=prep, options=options, previous=previous,
                       decisions=decisions)
    report("done", 1.0)
    return result


def options_cost(inst: Instance, out: EngineResult, *, limit: float,
                 seed: int) -> dict[str, float]:
    """What the quotas, the minimum load, fairness and balance cost: mentees and total score
    of the plain optimum (the exact flow without them) minus this result's. Empty when none
    of them is set."""
    if not (inst.quotas or inst.min_load_penalty or inst.fairness or inst.balance):
        return {}
    plain = replace(inst, quotas=(), min_load_penalty=0, fairness=0, balance=0)
    # The plain optimum is the exact flow where there are no groups; with groups a quarter of
    # the limit bounds what the comparison may cost.
    free = solve_instance(plain, time_limit_s=limit / 4, seed=seed)
    return {
        "options_coverage_cost": float(covered_count(inst, free.solution)
                                       - covered_count(inst, out.solution)),
        "options_score_cost": (score_total(inst, free.solution)
                               - score_total(inst, out.solution)) / SCALE,
    }


def validated(bank: Bank, programme: Programme, result: RunResult, *, prep: Prepared,
              options: SolveOptions, previous: RunResult | None,
              decisions: Decisions | None) -> RunResult:
    """`result` after the independent validator (`matcher.validation.check`), run on every
    solve: a broken hard rule raises `InvalidResult` with the violations, so a wrong result
    never reaches a curator; warnings (an objective that does not recompute) stay on it."""
    found = check(bank, programme, result, rejected=prep.plan.rejected_pairs,
                  stable=options.stable, candidates=prep.cands, options=options,
                  previous=previous, decisions=decisions)
    errors = [v for v in found if v.severity == "error"]
    if errors:
        raise InvalidResult(errors)
    return result.model_copy(update={"violations": tuple(found)}) if found else result


def gap(out: EngineResult) -> float:
    """(bound − objective) relative to the objective's score part (coverage units excluded):
    below one coverage unit it measures how much total score may still be missing."""
    return max(out.bound - out.value, 0) / max(out.score_part, 1)


def _metrics(prep: Prepared, out: EngineResult) -> dict[str, float]:
    inst, sol = prep.inst, out.solution
    idx = sol.assigned()
    covered = np.unique(inst.mentee[idx])
    scores = inst.score[idx] / SCALE
    return {
        "mentees": float(len(inst.mentee_ids)),
        "mentees_covered": float(covered.size),
        "assignments": float(idx.size),
        "groups": float(len(sol.groups)),
        "group_value_gained": group_gain([g.members.size for g in sol.groups],
                                         inst.group_value) / SCALE,
        "score_total": float(scores.sum()),
        "score_mean": float(scores.mean()) if idx.size else 0.0,
        "score_min": float(scores.min()) if idx.size else 0.0,
        "flow_seconds": out.flow_seconds,
        "cpsat_components": float(out.cpsat_components),
        "cpsat_previous_starts": float(out.previous_starts),
    }


def to_proposals(bank: Bank, programme: Programme, prep: Prepared, sol: Solution,
                 *, scorer: Scorer | None = None) -> tuple[Proposal, ...]:
    """Proposals for a solution: kept ones as they were, new ones with deterministic ids."""
    inst, cands = prep.inst, prep.cands
    out: list[Proposal] = []
    seen_kept: set[str] = set()

    clipped = np.clip(cands.score, 0.0, 1.0)

    def pair_score(c: int) -> PairScore:
        e_id = inst.mentee_ids[int(inst.mentee[c])]
        s = float(clipped[c])
        if scorer is None:
            return PairScore(mentee=e_id, score=s)
        explained = scorer.explain(inst.mentor_ids[int(inst.mentor[c])], e_id)
        return PairScore(mentee=e_id, score=s, components=explained.components)

    def kept(c: int) -> bool:
        p = prep.kept_by_cand.get(c)
        if p is None:
            return False
        if p.id not in seen_kept:
            seen_kept.add(p.id)
            out.append(p)
        return True

    rows = sol.pairs
    by_id = bank.by_id
    for c, m, e, f, s in zip(rows.tolist(), inst.mentor[rows].tolist(),
                             inst.mentee[rows].tolist(), inst.form[rows].tolist(),
                             clipped[rows].tolist(), strict=True):
        if kept(c):
            continue
        m_id, e_id = inst.mentor_ids[m], inst.mentee_ids[e]
        mentor, mentee = by_id[m_id], by_id[e_id]
        kind = pair_kind(mentor, mentee, programme) or Kind.individual
        ps = pair_score(c) if scorer is not None else PairScore(mentee=e_id, score=s)
        form = FORM_ORDER[f]
        topics, back = (reverse_topics(mentor, mentee) if form == Form.reverse
                        else (tuple(t for t in mentee.requests_in_order()
                                    if t in mentor.competencies), ()))
        out.append(Proposal(
            id=proposal_id(programme, m_id, kind, (e_id,)), mentor=m_id, mentees=(e_id,),
            form=form, kind=kind, topics=topics, return_topics=back, score=ps.score, pairs=(ps,),
        ))
    for g in sol.groups:
        members = sorted(g.members.tolist(), key=lambda c: inst.mentee_ids[int(inst.mentee[c])])
        if kept(int(members[0])):
            continue
        m_id = inst.mentor_ids[g.mentor]
        pairs = tuple(pair_score(c) for c in members)
        e_ids = tuple(p.mentee for p in pairs)
        out.append(Proposal(
            id=proposal_id(programme, m_id, Kind.group, e_ids), mentor=m_id, mentees=e_ids,
            form=FORM_ORDER[g.form], kind=Kind.group, topics=(inst.topic_ids[g.topic],),
            score=float(np.mean([p.score for p in pairs])), pairs=pairs,
        ))
    out.sort(key=lambda p: (p.mentor, p.mentees))
    return tuple(out)
