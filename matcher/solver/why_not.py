"""«Why not mentor X for mentee Y?»: the hard rule that forbids the pair, or what forcing it
would cost the programme (score, coverage, and who would have to move), compared component by
component with the mentor the mentee has; a pair already proposed is said to be so. Before a
mentor is picked, `mentee_situation` tells the mentee's side: the best candidates and what
stops each."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from matcher.candidates import FORM_ORDER, Candidates
from matcher.errors import UnknownParticipant
from matcher.messages import message
from matcher.messages.reasons import reason
from matcher.model import Bank, Form, Participant, Programme, Proposal, Reason, RunResult
from matcher.model.results import ProposalStatus
from matcher.options import DEFAULT_OPTIONS, SolveOptions
from matcher.rules import eligible_forms, form_fits_roles, pair_exclusions, pair_kind
from matcher.solver.api import score_candidates, solve

if TYPE_CHECKING:  # the scorer loads sklearn: imported lazily where it runs
    from matcher.scoring import Scorer


ACTIVE = frozenset({ProposalStatus.proposed, ProposalStatus.confirmed, ProposalStatus.locked})


@dataclass(frozen=True)
class Comparison:
    """One score component of the asked pair against the mentee's pair in the run."""

    name: str
    weight: float
    asked: float  # 0..1
    current: float  # 0..1

    @property
    def difference(self) -> float:
        """What the component adds to the asked pair's total against the current one."""
        return (self.asked - self.current) * self.weight


@dataclass(frozen=True)
class WhyNot:
    """The answer: `reasons` always; the costs only when the pair is allowed."""

    mentor: str
    mentee: str
    allowed: bool
    reasons: tuple[Reason, ...]
    score_loss: float = 0.0  # total score the programme would lose
    coverage_loss: int = 0  # mentees who would be left without a mentor
    moved: tuple[str, ...] = ()  # mentees whose mentors would change
    pair_score: float | None = None
    proposal: str | None = None  # the run's proposal that already holds the pair
    proposal_status: ProposalStatus | None = None
    forms_fit: tuple[Form, ...] = ()  # the programme's forms these two people's roles take
    current_mentor: str | None = None  # the mentee's mentor in the run (or the best solve)
    current_score: float | None = None
    compare: tuple[Comparison, ...] = ()  # weights normalised, largest difference first

    def text(self, lang: str = "ru") -> str:
        return "\n".join(r.text(lang) for r in self.reasons)


def why_not(
    bank: Bank, programme: Programme, mentee_id: str, mentor_id: str, *,
    scorer: Scorer | None = None, candidates: Candidates | None = None,
    options: SolveOptions = DEFAULT_OPTIONS,
    rejected: frozenset[tuple[str, str]] = frozenset(), previous: RunResult | None = None,
) -> WhyNot:
    """Explain why `mentor_id` is not (or would not be) the mentor of `mentee_id`."""
    for pid in (mentee_id, mentor_id):
        if pid not in bank.by_id:
            raise UnknownParticipant(pid)
    mentor, mentee = bank.get(mentor_id), bank.get(mentee_id)
    fit = forms_fit(mentor, mentee, programme)
    held = holding(previous, mentor_id, mentee_id)
    if held is not None:
        own = {ps.mentee: ps.score for ps in held.pairs}
        return WhyNot(mentor_id, mentee_id, True, (reason("already"),),
                      pair_score=own.get(mentee_id, held.score), proposal=held.id,
                      proposal_status=held.status, forms_fit=fit)
    rules = pair_exclusions(mentor, mentee, programme, bank=bank, rejected=rejected)
    if rules:
        return WhyNot(mentor_id, mentee_id, False, rules, forms_fit=fit)
    if pair_kind(mentor, mentee, programme) is None or (
        mentor.mentor is not None and mentor.mentor.capacity_mentees == 0
    ):
        return WhyNot(mentor_id, mentee_id, False, (reason("group_only"),), forms_fit=fit)
    if candidates is None:
        scorer, candidates = score_candidates(bank, programme, scorer=scorer, rejected=rejected)
    candidates, score = _with_pair(candidates, mentor_id, mentee_id, bank, programme, scorer)
    opts = replace(options, explain=False)
    base = solve(bank, programme, candidates=candidates, options=opts, previous=previous)
    if any(p.mentor == mentor_id and mentee_id in p.mentees for p in base.proposals):
        return WhyNot(mentor_id, mentee_id, True, (reason("already"),), pair_score=score,
                      forms_fit=fit)
    forced = solve(bank, programme, candidates=candidates, options=opts, previous=previous,
                   forced=[(mentor_id, mentee_id)])
    loss = base.metrics["score_total"] - forced.metrics["score_total"]
    cov = int(base.metrics["mentees_covered"] - forced.metrics["mentees_covered"])
    before, after = _mentors_of(base), _mentors_of(forced)
    moved = tuple(sorted(e for e in set(before) | set(after)
                         if e != mentee_id and before.get(e) != after.get(e)))
    def parts(lang: str) -> list[tuple[str, dict[str, Any]]]:
        out: list[tuple[str, dict[str, Any]]] = [
            ("cost", {"score": round(score * 100), "loss": points_text(loss, lang)})]
        if cov > 0:
            out.append(("cost_coverage", {"n": cov}))
        if moved:
            out.append(("cost_moved", {
                "names": ", ".join(bank.get(e).full_name for e in moved[:5]),
                "names_en": ", ".join(moved[:5])}))
        return out

    ru, en = ("".join(message(code, lang, **params) for code, params in parts(lang))
              for lang in ("ru", "en"))
    current = _mentors_of(previous or base).get(mentee_id, ()) or before.get(mentee_id, ())
    other = current[0] if current else None
    compare, other_score = _compare(scorer, mentor_id, other, mentee_id)
    return WhyNot(mentor_id, mentee_id, True, (Reason(code="cost", ru=ru, en=en),),
                  score_loss=loss, coverage_loss=cov, moved=moved, pair_score=score,
                  forms_fit=fit, current_mentor=other, current_score=other_score,
                  compare=compare)


def forms_fit(mentor: Participant, mentee: Participant, programme: Programme) -> tuple[Form, ...]:
    """The programme's forms these two people's roles (and ages, grades, experience) allow,
    whether or not each agreed to them."""
    return tuple(f for f in FORM_ORDER if f in programme.forms
                 and form_fits_roles(f, mentor, mentee, programme))


def holding(result: RunResult | None, mentor_id: str, mentee_id: str) -> Proposal | None:
    """The active proposal of `result` that pairs the two, if any."""
    if result is None:
        return None
    return next((p for p in result.proposals if p.mentor == mentor_id
                 and mentee_id in p.mentees and p.status in ACTIVE), None)


def _compare(scorer: Scorer | None, asked: str, other: str | None, mentee_id: str
             ) -> tuple[tuple[Comparison, ...], float | None]:
    """The two pairs component by component (weights as shares of their sum)."""
    if scorer is None or other is None or other == asked:
        return (), None
    from matcher.scoring.scorer import IneligiblePair

    try:
        mine, theirs = scorer.explain(asked, mentee_id), scorer.explain(other, mentee_id)
    except IneligiblePair:
        return (), None
    values = {c.name: c.value for c in theirs.components}
    total = sum(c.weight for c in mine.components) or 1.0
    rows = [Comparison(c.name, c.weight / total, c.value, values.get(c.name, 0.0))
            for c in mine.components]
    rows.sort(key=lambda r: -abs(r.difference))
    return tuple(rows), theirs.score


@dataclass(frozen=True)
class Candidate:
    """One of a mentee's best mentors and what stops the pair in the run."""

    mentor: str
    score: float
    load: int  # mentees the mentor has in the run
    capacity: int
    with_mentee: bool  # already the mentee's mentor

    @property
    def full(self) -> bool:
        return self.load >= self.capacity


@dataclass(frozen=True)
class Situation:
    """A mentee's side before a mentor is picked."""

    mentee: str
    mentors: tuple[str, ...]  # the mentee's mentors in the run
    best: tuple[Candidate, ...]  # the best allowed mentors, best first
    blocked: tuple[tuple[str, int], ...]  # hard rules (codes) that exclude the others, counted


def mentee_situation(bank: Bank, programme: Programme, mentee_id: str, *,
                     result: RunResult | None = None, scorer: Scorer | None = None,
                     rejected: frozenset[tuple[str, str]] = frozenset(), k: int = 5
                     ) -> Situation:
    """The mentee's best allowed mentors (by score) with their load in `result`, and how many
    other mentors each hard rule excludes: what a curator needs before picking a mentor."""
    if mentee_id not in bank.by_id:
        raise UnknownParticipant(mentee_id)
    if scorer is None:
        scorer, _ = score_candidates(bank, programme, rejected=rejected)
    mentee = bank.get(mentee_id)
    load: dict[str, int] = {}
    own: list[str] = []
    for p in (result.proposals if result is not None else ()):
        if p.status in ACTIVE:
            load[p.mentor] = load.get(p.mentor, 0) + len(p.mentees)
            if mentee_id in p.mentees:
                own.append(p.mentor)
    best = tuple(
        Candidate(m, score, load.get(m, 0), _capacity(bank.get(m)), m in own)
        for m, score in scorer.top_mentors(mentee_id, k))
    counts: Counter[str] = Counter()
    for mentor in bank.mentors:
        if mentor.id == mentee_id or not programme.covers(mentor):
            continue
        rules = pair_exclusions(mentor, mentee, programme, bank=bank, rejected=rejected)
        if rules:
            counts[rules[0].code] += 1
    blocked = tuple(counts.most_common())
    return Situation(mentee_id, tuple(own), best, blocked)


def _capacity(p: Participant) -> int:
    return p.mentor.capacity_mentees if p.mentor is not None else 0


def points_text(value: float, lang: str) -> str:
    """A total-score difference on the 0–100 scale of the pages, to a tenth (small losses
    still show), with a decimal comma in Russian."""
    text = f"{value * 100:.1f}"
    return text.replace(".", ",") if lang == "ru" else text


def _mentors_of(result: RunResult) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for p in result.proposals:
        for e in p.mentees:
            out.setdefault(e, []).append(p.mentor)
    return {e: tuple(sorted(ms)) for e, ms in out.items()}


def _with_pair(cands: Candidates, mentor_id: str, mentee_id: str, bank: Bank,
               programme: Programme, scorer: Scorer | None) -> tuple[Candidates, float]:
    """The candidates with the pair present (appended with its scorer score if top-k cut it)."""
    if mentor_id in cands.mentor_ids and mentee_id in cands.mentee_ids:
        m, e = cands.mentor_ids.index(mentor_id), cands.mentee_ids.index(mentee_id)
        hit = np.flatnonzero((cands.mentor == m) & (cands.mentee == e))
        if hit.size:
            return cands, float(cands.score[hit[0]])
    if scorer is None:
        raise ValueError("the pair is not among the candidates; pass the scorer to score it")
    score = float(scorer.explain(mentor_id, mentee_id).score)
    mentor_ids, mentee_ids = list(cands.mentor_ids), list(cands.mentee_ids)
    if mentor_id not in mentor_ids:
        mentor_ids.append(mentor_id)
    if mentee_id not in mentee_ids:
        mentee_ids.append(mentee_id)
    form = eligible_forms(bank.get(mentor_id), bank.get(mentee_id), programme)[0]
    comps = cands.components
    if comps is not None:
        comps = np.vstack([comps, np.zeros((1, comps.shape[1]), comps.dtype)])
    return replace(
        cands, mentor_ids=tuple(mentor_ids), mentee_ids=tuple(mentee_ids),
        mentor=np.append(cands.mentor, mentor_ids.index(mentor_id)).astype(np.int32),
        mentee=np.append(cands.mentee, mentee_ids.index(mentee_id)).astype(np.int32),
        score=np.append(cands.score, score), form=np.append(cands.form, FORM_ORDER.index(form))
        .astype(np.int8), pair_ok=np.append(cands.pair_ok, True),
        group_ok=np.append(cands.group_ok, False), components=comps,
    ), score
