"""The live preview of the programme settings page: how the best pairs of the stored bank
change when the curator moves the weights (or forms, kinds, group sizes) in the form.

It scores the bank with `matcher.scoring.Scorer` twice, with the saved programme and with the
values in the form, and lines up the top pairs of each. Nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.candidates import Candidates
from matcher.model import Bank, Programme
from matcher.scoring import Scorer

TOP = 10


@dataclass(frozen=True)
class PreviewPair:
    mentor_id: str
    mentor_name: str
    mentee_id: str
    mentee_name: str
    score: float
    rank: int
    before_rank: int | None  # rank with the saved settings; None: not in the top then
    before_score: float | None

    @property
    def movement(self) -> str:
        """"new", "up", "down" or "same" against the saved settings."""
        if self.before_rank is None:
            return "new"
        if self.rank < self.before_rank:
            return "up"
        if self.rank > self.before_rank:
            return "down"
        return "same"


@dataclass(frozen=True)
class Preview:
    mentors: int
    mentees: int
    eligible_pairs: int
    mentees_with_candidate: int
    mean_best: float | None  # mean over mentees of their best candidate's score
    pairs: tuple[PreviewPair, ...]
    dropped: tuple[PreviewPair, ...]  # in the saved top, gone from the new one

    @property
    def fit_share(self) -> float | None:
        return self.mentees_with_candidate / self.mentees if self.mentees else None


Ranked = list[tuple[str, str, float]]  # (mentor id, mentee id, score), best first


def _top(bank: Bank, programme: Programme, k: int) -> tuple[Candidates, Ranked]:
    """The programme's candidates and its `k` best pairs (ties broken by position)."""
    cands = Scorer(random_state=programme.seed).fit(bank, programme).candidates()
    order = np.lexsort((cands.mentee, cands.mentor, -cands.score))[:k]
    top = [(cands.mentor_ids[cands.mentor[i]], cands.mentee_ids[cands.mentee[i]],
            float(cands.score[i])) for i in order]
    return cands, top


def build_preview(bank: Bank, saved: Programme, edited: Programme, *, k: int = TOP) -> Preview:
    """Top `k` pairs under `edited`, each with its rank under `saved`."""
    cands, after = _top(bank, edited, k)
    _, before = _top(bank, saved, k)
    before_at = {(m, e): (i + 1, s) for i, (m, e, s) in enumerate(before)}
    names = {p.id: p.full_name for p in bank.participants}

    def pair(m: str, e: str, s: float, rank: int, prev: tuple[int, float] | None) -> PreviewPair:
        return PreviewPair(m, names.get(m, m), e, names.get(e, e), s, rank,
                           prev[0] if prev else None, prev[1] if prev else None)

    pairs = tuple(pair(m, e, s, i + 1, before_at.get((m, e))) for i, (m, e, s) in enumerate(after))
    now = {(m, e) for m, e, _ in after}
    dropped = tuple(pair(m, e, s, 0, (r, s)) for (m, e), (r, s) in before_at.items()
                    if (m, e) not in now)
    best: dict[int, float] = {}
    for j, s in zip(cands.mentee.tolist(), cands.score.tolist(), strict=True):
        best[j] = max(best.get(j, 0.0), s)
    return Preview(
        mentors=len(cands.mentor_ids), mentees=len(cands.mentee_ids),
        eligible_pairs=len(cands), mentees_with_candidate=len(best),
        mean_best=float(np.mean(list(best.values()))) if best else None,
        pairs=pairs, dropped=dropped,
    )
