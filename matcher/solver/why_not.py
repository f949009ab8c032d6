"""«Why not mentor X for mentee Y?»: the hard rule that forbids the pair, or what forcing it
would cost the programme (score, coverage, and who would have to move)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from matcher.candidates import FORM_ORDER, Candidates
from matcher.errors import UnknownParticipant
from matcher.messages import message
from matcher.messages.reasons import reason
from matcher.model import Bank, Programme, Reason, RunResult
from matcher.options import DEFAULT_OPTIONS, SolveOptions
from matcher.rules import eligible_forms, pair_exclusions, pair_kind
from matcher.solver.api import score_candidates, solve

if TYPE_CHECKING:  # the scorer loads sklearn: imported lazily where it runs
    from matcher.scoring import Scorer


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
    rules = pair_exclusions(mentor, mentee, programme, bank=bank, rejected=rejected)
    if rules:
        return WhyNot(mentor_id, mentee_id, False, rules)
    if pair_kind(mentor, mentee, programme) is None or (
        mentor.mentor is not None and mentor.mentor.capacity_mentees == 0
    ):
        return WhyNot(mentor_id, mentee_id, False, (reason("group_only"),))
    if candidates is None:
        scorer, candidates = score_candidates(bank, programme, scorer=scorer, rejected=rejected)
    candidates, score = _with_pair(candidates, mentor_id, mentee_id, bank, programme, scorer)
    opts = replace(options, explain=False)
    base = solve(bank, programme, candidates=candidates, options=opts, previous=previous)
    if any(p.mentor == mentor_id and mentee_id in p.mentees for p in base.proposals):
        return WhyNot(mentor_id, mentee_id, True, (reason("already"),), pair_score=score)
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
    return WhyNot(mentor_id, mentee_id, True, (Reason(code="cost", ru=ru, en=en),),
                  score_loss=loss, coverage_loss=cov, moved=moved, pair_score=score)


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
