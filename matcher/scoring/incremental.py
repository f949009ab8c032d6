"""Incremental reruns: what a scorer keeps from one run to the next, and the candidates of a
changed bank computed from it.

A `ScoreCache` holds the fitted text model (vocabulary, IDF, the low-rank projection), each
person's key (`features.person_key`: the content hash of the whole record, wishes included,
with what the run's day makes of it: age and consents in force), the feature and text rows
of everyone (`features.Reusable`) and the run's candidates with their components. On the next
run of the same programme with the same scorer settings (`cache_key`, which leaves out the
day of the run):

- the text model is kept while the people differ from those it was fitted on by at most
  REFIT_SHARE (10%, changed, new and gone people counted since that fit); beyond it the cache
  is not used at all: the text model is refitted and everyone scored, so the scores of one
  run never come from two text models;
- unchanged people keep their feature rows and text vectors (when the vocabularies of
  topics, subjects, sites and free time are the same); only the changed people's texts are
  transformed;
- pairs of two unchanged people are reused as they were (their score, form and components),
  after the bank-wide pair facts are checked again (a new conflict, rejection or "no");
- only changed (or new) people are scored: the changed mentors' rows against the unchanged
  mentees, and the changed mentees' whole columns;
- with all eligible pairs kept (the exact regime without `top_k`) the candidates are exactly
  those of a fresh run with the same text model (a test compares them); with a top-k limit,
  an unchanged mentee's list is its cached one without the changed mentors, merged with the
  changed mentors' exact pairs, cut to k again (the exact regime rescores the whole column of
  a mentee who lost a cached pair, so its top k stays exact).

A cache of another programme, other settings or the other regime is ignored (a full fit).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, is_dataclass
from dataclasses import fields as dc_fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.decomposition import TruncatedSVD

from matcher.candidates import Candidates
from matcher.model import Bank, Participant, Programme
from matcher.scoring.features import Features, Reusable, old_index, person_key, reusable
from matcher.scoring.text import TextFeaturizer

if TYPE_CHECKING:
    from matcher.scoring.scorer import Scorer

CACHE_FORMAT = 2  # bump when what a cache holds changes: an older file is then ignored


def person_hash(p: Participant) -> str:
    """The content hash of one person's record (any change of it rescores the person),
    computed once per record object (`Participant.content_hash`)."""
    return p.content_hash


def person_hashes(people: Sequence[Participant]) -> tuple[str, ...]:
    return tuple(person_hash(p) for p in people)


def side_keys(f: Features) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The mentors' and mentees' keys (`features.person_key`: record and day) the cache is
    indexed by."""
    return f.mentor_keys, f.mentee_keys


def cache_key(params: dict[str, Any], programme: Programme, weights: Mapping[str, float],
              approximate: bool) -> str:
    """What must not change for a cache to be reused: the programme (forms, kinds, dates,
    thresholds), the weights, the scorer's parameters and its regime. Not the day of the run
    (`Programme.as_of`, which the service sets to today): what it changes is a person's age
    and consents in force, which are in each person's key (`features.person_key`), so a
    rerun the next day rescores only whoever the day changed."""
    undated = programme.model_copy(update={"as_of": None})
    text = "|".join((str(CACHE_FORMAT), undated.model_dump_json(), repr(sorted(weights.items())),
                     repr(sorted(params.items())), str(approximate)))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, eq=False)
class ScoreCache:
    """One run's reusable scoring state (module doc)."""

    key: str
    text: TextFeaturizer
    lsa: TruncatedSVD | None
    mentor_hash: tuple[str, ...]
    mentee_hash: tuple[str, ...]
    candidates: Candidates
    features: Reusable | None = None  # per-person feature and text rows (`build_features`)
    fitted_on: Mapping[str, str] = field(default_factory=dict)  # id → key at the text fit

    def save(self, path: Path) -> None:
        """Write the cache to a file of the caller's own (pickle: read back only files this
        program wrote, never one from elsewhere)."""
        tmp = path.with_suffix(path.suffix + ".tmp")
        with tmp.open("wb") as f:
            pickle.dump((CACHE_FORMAT, self), f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    def nbytes(self) -> int:
        """About how much memory the cache holds: its arrays (dense and sparse) and hashes;
        the text model's vocabulary is counted by its terms. For a service's bound."""
        return _nbytes(self, depth=4)

    @staticmethod
    def load(path: Path) -> ScoreCache | None:
        """The cache written to `path`, or None if there is none or it is of another format."""
        try:
            with path.open("rb") as f:
                fmt, cache = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError):
            return None
        return cache if fmt == CACHE_FORMAT and isinstance(cache, ScoreCache) else None


REFIT_SHARE = 0.10  # beyond this share of people changed since its fit, the text model is refitted


def drift(prev: ScoreCache, now: Mapping[str, str]) -> int:
    """People changed, new or gone since the cached text model was fitted (`now`: each
    person's id and key)."""
    base = prev.fitted_on
    changed = sum(1 for pid, key in now.items() if base.get(pid, key) != key)
    return changed + len(now.keys() - base.keys()) + len(base.keys() - now.keys())


def text_model_stale(prev: ScoreCache, now: Mapping[str, str]) -> bool:
    """Whether the people now differ from those the cached text model was fitted on by more
    than REFIT_SHARE of them (counted since that fit, so small changes cannot add up to a
    model of another bank). A stale cache is not used at all: the rerun refits and scores
    everyone, so no run mixes two text models."""
    return drift(prev, now) > REFIT_SHARE * max(len(prev.fitted_on), 1)


def usable_cache(previous: ScoreCache | None, key: str, fresh: object, bank: Bank,
                 programme: Programme) -> ScoreCache | None:
    """`previous` if this run may build on it: the same key (programme, settings, regime), a
    text model of the kind this bank calls for (`fresh`'s) and not stale; else None."""
    if previous is None or previous.key != key or type(previous.text) is not type(fresh):
        return None
    at = programme.rules_date
    now = {p.id: person_key(p, at) for side in (bank.mentors, bank.mentees)
           for p in side if programme.covers(p)}
    return None if text_model_stale(previous, now) else previous


def next_cache(scorer: Scorer, m_hash: tuple[str, ...], e_hash: tuple[str, ...],
               cands: Candidates) -> ScoreCache:
    """The cache a scorer leaves for the next run: its text model (with the people it was
    fitted on), its feature rows and its candidates."""
    prev = scorer.previous_
    f = scorer.features_
    fitted_on = prev.fitted_on if prev is not None else {
        **dict(zip(f.mentors.ids, m_hash, strict=True)),
        **dict(zip(f.mentees.ids, e_hash, strict=True))}
    return ScoreCache(scorer.cache_key_, scorer.text_, scorer.features_.lsa_model, m_hash,
                      e_hash, cands, reusable(scorer.features_), fitted_on)


@dataclass
class CacheSlot:
    """Where a solve finds the previous run's cache and leaves this run's (`value`)."""

    value: ScoreCache | None = None
    reused: dict[str, int] = field(default_factory=dict)  # what the last run reused


def _nbytes(obj: object, depth: int) -> int:
    """Bytes of the numpy arrays, scipy sparse matrices and strings inside `obj`, down to
    `depth` levels of fields, mappings and sequences (a shared array may count twice)."""
    if isinstance(obj, np.ndarray):
        return int(obj.nbytes)
    if isinstance(obj, str):
        return len(obj) + 49  # CPython's str header
    data = getattr(obj, "data", None)
    if isinstance(data, np.ndarray) and hasattr(obj, "indices"):  # a scipy sparse matrix
        return int(data.nbytes + obj.indices.nbytes + getattr(obj, "indptr", data[:0]).nbytes)
    if depth == 0:
        return 0
    if isinstance(obj, Mapping):
        return sum(_nbytes(k, depth - 1) + _nbytes(v, depth - 1) for k, v in obj.items())
    if isinstance(obj, (list, tuple)):
        return 8 * len(obj) + sum(_nbytes(v, depth - 1) for v in obj)
    if is_dataclass(obj):  # with or without __slots__
        return sum(_nbytes(getattr(obj, f.name), depth - 1) for f in dc_fields(obj))
    attrs = getattr(obj, "__dict__", None)
    return 0 if attrs is None else sum(_nbytes(v, depth - 1) for v in attrs.values())


def _inverse(old_idx: np.ndarray, n_old: int) -> np.ndarray:
    out = np.full(n_old, -1, np.int64)
    same = np.flatnonzero(old_idx >= 0)
    out[old_idx[same]] = same
    return out


def incremental_parts(scorer: Scorer, prev: ScoreCache, m_hash: tuple[str, ...],
                      e_hash: tuple[str, ...], k: int | None, executor: Any
                      ) -> tuple[list[dict[str, np.ndarray]], dict[str, int]]:
    """The candidate parts of `scorer`'s bank from `prev` (module doc), and what was reused."""
    from matcher.scoring.scorer import COMPONENTS, _top_in_groups

    f = scorer.features_
    n_e = len(e_hash)
    m_old, e_old = old_index(m_hash, prev.mentor_hash), old_index(e_hash, prev.mentee_hash)
    m_new = _inverse(m_old, len(prev.mentor_hash))
    e_new = _inverse(e_old, len(prev.mentee_hash))
    c = prev.candidates
    nm = m_new[c.mentor] if len(c) else np.zeros(0, np.int64)
    ne = e_new[c.mentee] if len(c) else np.zeros(0, np.int64)
    both = (nm >= 0) & (ne >= 0)
    changed_rows = np.flatnonzero(m_old < 0)
    lost = np.zeros(n_e, bool)
    lost[ne[(nm < 0) & (ne >= 0)]] = True  # an unchanged mentee lost a cached pair
    redo_col = e_old < 0
    if k is not None and not scorer.approximate_:
        redo_col |= lost  # its exact top k may now hold a mentor beyond the cached k
    changed_cols = np.flatnonzero(redo_col)
    keep_cols = np.flatnonzero(~redo_col)

    reused_at = np.flatnonzero(both)
    reused_at = reused_at[~redo_col[ne[reused_at]]]
    mi, ei = nm[reused_at], ne[reused_at]
    # Two unchanged people keep every fact of their own (wishes, consents, age, the rules'
    # values); only the facts of the bank and the run about the pair may have changed: a new
    # conflict or a rejection. Those are checked again.
    key = mi.astype(np.int64) * n_e + ei
    ok = ~(_among(key, f.conflict) | _among(key, f.rejected))
    reused_at, mi, ei = reused_at[ok], mi[ok], ei[ok]
    reused: dict[str, np.ndarray] = {
        "mentor": mi, "mentee": ei, "score": c.score[reused_at], "form": c.form[reused_at],
        "pair_ok": c.pair_ok[reused_at], "group_ok": c.group_ok[reused_at],
    }
    comps = c.components if c.components is not None else np.zeros((len(c), len(COMPONENTS)))
    for j, name in enumerate(COMPONENTS):
        reused[name] = comps[reused_at, j]

    parts: list[dict[str, np.ndarray]] = []
    # The changed mentors against the mentees kept: every eligible pair, exactly.
    if len(changed_rows) and len(keep_cols):
        fresh = [p for ps in executor.map(
            _rows_item, scorer, [(changed_rows, tuple(scorer._col_chunks(changed_rows, part)))
                                 for part in _pieces(scorer, changed_rows, keep_cols,
                                                     executor.pieces)]) for p in ps]
        if k is not None:
            floor = _kth_floor(reused, k, n_e)
            fresh = [{key: val[p["score"] >= floor[p["mentee"]]] for key, val in p.items()}
                     for p in fresh]
        merged = [reused, *fresh]
    else:
        merged = [reused]
    joined = {key: np.concatenate([p[key] for p in merged]) for key in reused}
    if k is not None and len(merged) > 1:
        # Only the mentees the changed mentors reached can now hold more than k pairs, and
        # only those that do are cut (a group of at most k keeps every pair anyway).
        over = np.bincount(joined["mentee"], minlength=n_e) > k
        at = np.flatnonzero(over[joined["mentee"]])
        if at.size:
            best = at[_top_in_groups(joined["mentee"][at], joined["score"][at], k)]
            keep = np.sort(np.concatenate([np.flatnonzero(~over[joined["mentee"]]), best]))
            joined = {key: val[keep] for key, val in joined.items()}
    parts.append(joined)
    # The changed mentees: their whole columns, as a fresh run scores them.
    if len(changed_cols):
        parts.extend(scorer._parts_for(changed_cols, executor, k))
    stats = {"mentors_changed": len(changed_rows), "mentees_rescored": len(changed_cols),
             "pairs_reused": len(reused_at)}
    return parts, stats


def _kth_floor(reused: dict[str, np.ndarray], k: int, n_e: int) -> np.ndarray:
    """Per mentee, the score a new pair needs to reach its top k: the lowest of the k reused
    pairs it already has (those come first and win ties), or -inf with fewer than k."""
    count = np.bincount(reused["mentee"], minlength=n_e)
    floor = np.full(n_e, np.inf)
    np.minimum.at(floor, reused["mentee"], reused["score"])
    floor[count < k] = -np.inf
    return floor


def _among(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Whether each key is one of `sorted_keys` (sorted, unique)."""
    if not sorted_keys.size:
        return np.zeros(keys.size, bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    found: np.ndarray = sorted_keys[at] == keys
    return found


def _pieces(scorer: Scorer, rows: np.ndarray, cols: np.ndarray, pieces: int) -> list[np.ndarray]:
    """The mentees kept, cut into at most `pieces` runs for the changed mentors' rows (each
    scored in blocks of the scorer's size): where those blocks would be fewer than `pieces`
    (a few changed mentors against a whole region), runs of smaller blocks, so the work is
    not on one thread while the others wait."""
    from matcher.scoring.scorer import _split

    step = min(scorer._chunk_step(rows), max(1, -(-len(cols) // max(1, pieces))))
    return _split(cols, step, pieces)


def _rows_item(scorer: Scorer, item: tuple[np.ndarray, tuple[np.ndarray, ...]]
               ) -> list[dict[str, np.ndarray]]:
    """Every eligible pair of some mentors (rows) and blocks of mentees, exactly."""
    rows, chunks = item
    return scorer._exact_chunks(chunks, None, rows=rows)
