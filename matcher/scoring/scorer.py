"""The scorer: eligibility, component matrices, totals, candidates and explanations.

Follows scikit-learn conventions: `__init__` stores parameters, `fit(bank, programme)` learns
the people, the text vocabulary and the weights (attributes ending in `_`), and returns self.

Two regimes, chosen by the number of mentor × mentee pairs:

* exact (up to `exact_limit` pairs: school and district banks): every pair is evaluated in dense
  blocks of mentee chunks; `candidates()` holds every eligible pair, or the exact top k per
  mentee when `top_k` is set.
* top-k (region banks): the dense matrix is never built. Mentees are grouped by role and each
  group is scored against the mentors whose role can mentor it under an allowed form (blocking by
  role and form), skipping people excluded on their own (consent, capacity); where every allowed
  form of the role needs one organisation, one block per organisation. Stage 1: the hard rules
  exactly and a proxy score: one float32 matrix product of per-person rows (topic coverage with
  subject-bound topics through a shared subject, subject match, text similarity on a 64-dimension
  LSA projection of the TF-IDF vectors) plus the experience gap, expectations, format fit,
  shared interests, free time and wishes computed exactly; the best `pool_factor × k` mentors
  per mentee by the proxy are kept. In a block of more than `2 × shortlist` mentors (virtual
  mentoring across a region) stage 1 does not look at every pair: mentees are clustered and each
  cluster only at the `shortlist` mentors best for its centroid, plus every mentor of the
  mentee's own organisation and every pair with a wish (`matcher.scoring.shortlist`).
  Stage 2, on that pool only: the hard rules and every component exactly, the best k per
  mentee. Returned scores are therefore exact (equal to `explain`) and every candidate is
  eligible; only the choice of the k is approximate: it keeps 99.1% of the exact top-50 pairs
  and 99.94% of their score sum on a one-town bank of 30,000 people, 98.7% and 99.91% on 3,000
  mentees of the generated region against all its mentors (`benchmarks/scoring.py` measures
  it in every run).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, Literal, Self

import numpy as np
from numpy.typing import DTypeLike
from sklearn.base import BaseEstimator

from matcher import control
from matcher.candidates import FORM_ORDER, Candidates
from matcher.curator_rules import preferred_reason
from matcher.errors import MatcherError, UnknownParticipant
from matcher.executors import LOCAL, Executor, scoring_executor
from matcher.model import Bank, ComponentScore, Form, PairScore, Programme, Reason, Role, Weights
from matcher.rules import SAME_ORGANISATION_FORMS, pair_exclusions
from matcher.scoring import components as comp
from matcher.scoring import eligibility as elig
from matcher.scoring import embedding, shortlist
from matcher.scoring.codes import FORM_BITS, ROLE_ORDER
from matcher.scoring.embedding import SentenceEmbedder
from matcher.scoring.explain import EXPLAINERS, UNINFORMATIVE
from matcher.scoring.features import WISH_NONE, Features, TextFeaturizer, build_features
from matcher.scoring.incremental import (
    ScoreCache,
    cache_key,
    incremental_parts,
    next_cache,
    side_keys,
    usable_cache,
)
from matcher.scoring.pairs import Block, Matrix, PairList

COMPONENTS = comp.COMPONENTS
DEFAULT_TOP_K = 50  # per mentee, when the bank is too large for exact scoring and top_k is unset
# Components the top-k regime's first stage computes exactly (per-person codes, and the
# capped or normalised products a matrix product cannot give).
PROXY_EXACT = ("experience_gap", "expectations", "format_fit", "shared_interests",
               "time_overlap")
# The shortlist search is used in blocks of more than this many dense blocks of pairs; smaller
# ones (a few hundred mentees, e.g. a region's psychologists) are scored against every mentor.
CLUSTER_MIN_BLOCKS = 10


class IneligiblePair(MatcherError):
    """`explain` was asked about a pair that breaks a hard rule; `reasons` says which."""

    def __init__(self, mentor: str, mentee: str, reasons: tuple[Reason, ...]) -> None:
        super().__init__(
            f"Пара {mentor} – {mentee} недопустима: " + "; ".join(r.ru for r in reasons))
        self.mentor, self.mentee, self.reasons = mentor, mentee, reasons


class TooLargeForDense(MatcherError):
    """A dense matrix was asked for a bank scored in the top-k regime."""


TextMethod = Literal["auto", "tfidf", "use", "e5"]
# "auto" embeds up to this many texts: a school's bank (~5 s of CPU at ~9–13 ms a text, once per
# process); a district's 2,000 would take ~25 s against its 5 s scoring target, so TF-IDF there.
EMBED_MAX_TEXTS = 500


def text_featurizer(method: TextMethod, n_texts: int, *, lemmatize: bool,
                    ngram_range: tuple[int, int]) -> TextFeaturizer | SentenceEmbedder:
    """The text featurizer `method` names ("auto": see `Scorer`)."""
    if method == "auto":
        method = "use" if n_texts <= EMBED_MAX_TEXTS and embedding.available("use") else "tfidf"
    if method == "tfidf":
        return TextFeaturizer(lemmatize=lemmatize, ngram_range=ngram_range)
    return SentenceEmbedder(method=method)


class Scorer(BaseEstimator):  # type: ignore[misc]  # scikit-learn ships no type hints
    """Scores every eligible mentor–mentee pair of a programme, with explanations.

    Parameters (keyword-only):
        weights: component weights; default: the programme's (`Programme.weights`).
        top_k: keep at most this many mentors per mentee in `candidates()`; None keeps all
            eligible pairs in the exact regime and `DEFAULT_TOP_K` in the top-k regime.
        lemmatize: lemmatise texts with pymorphy3 before TF-IDF. Off by default: on generated
            district banks it changed Spearman against the true fit by +0.001 and precision@5
            by -0.002 while making fitting slower (`benchmarks/scoring.py` measures it).
        ngram_range: character n-gram sizes of the TF-IDF (`char_wb`).
        exact_limit: mentor × mentee pairs above which the top-k regime is used.
        pool_factor: top-k regime: mentors per mentee kept by the first stage, as a multiple of k.
        lsa_components: top-k regime: dimensions of the text projection (fitted on a sample of
            texts drawn with `random_state`).
        block_pairs: pairs per dense block (bounds memory; ~40 bytes per pair at peak).
        shortlist: top-k regime: in a block of more than twice this many mentors, mentees are
            clustered and each cluster's members are scored against only this many mentors,
            the best for the cluster's centroid (`matcher.scoring.shortlist`).
        cluster_size: top-k regime: mentees per cluster of the shortlist search.
        random_state: seed of the text projection (the only randomness).
        text_method: how free texts are compared: "tfidf" (character n-grams, by spelling),
            "use" or "e5" (sentence embeddings, by meaning; `matcher.scoring.embedding`), or
            "auto": "use" where its package is installed and the bank has at most
            `EMBED_MAX_TEXTS` texts, TF-IDF otherwise. On the labelled paraphrase set
            (datasets/eval/text_pairs_ru.csv, `python -m benchmarks text`) USE ranks the right
            mentor with MRR 0.34 against TF-IDF's 0.07, at about 9 ms of CPU per new text.
    """

    def __init__(
        self,
        *,
        weights: Weights | None = None,
        top_k: int | None = None,
        lemmatize: bool = False,
        ngram_range: tuple[int, int] = (2, 4),
        exact_limit: int = 10_000_000,
        pool_factor: float = 4.0,
        lsa_components: int = 64,
        block_pairs: int = 2_000_000,
        shortlist: int = 3000,
        cluster_size: int = 32,
        random_state: int = 0,
        text_method: TextMethod = "auto",
    ) -> None:
        self.weights = weights
        self.top_k = top_k
        self.lemmatize = lemmatize
        self.ngram_range = ngram_range
        self.exact_limit = exact_limit
        self.pool_factor = pool_factor
        self.lsa_components = lsa_components
        self.block_pairs = block_pairs
        self.shortlist = shortlist
        self.cluster_size = cluster_size
        self.random_state = random_state
        self.text_method = text_method

    # --- fitting ---------------------------------------------------------------------------

    def fit(
        self, bank: Bank, programme: Programme, *, rejected: Collection[tuple[str, str]] = (),
        previous: ScoreCache | None = None,
    ) -> Self:
        """Learn the people the programme covers, the text vocabulary and the weights.

        `previous`: the last run's `cache_` (`matcher.scoring.incremental`); used when it is of
        the same programme, settings and regime: its text model is kept, and `candidates()`
        scores only the people who changed."""
        if self.top_k is not None and self.top_k < 1:
            raise ValueError("top_k must be at least 1")
        n_m = sum(programme.covers(p) for p in bank.mentors)
        n_e = sum(programme.covers(p) for p in bank.mentees)
        self.approximate_ = n_m * n_e > self.exact_limit
        self.bank_ = bank
        self.programme_ = programme
        self.rejected_ = frozenset(rejected)
        self.weights_ = programme.component_weights(self.weights)
        self.cache_key_ = cache_key(self.get_params(), programme, self.weights_,
                                    self.approximate_)
        fresh = text_featurizer(self.text_method, n_m + n_e, lemmatize=self.lemmatize,
                                ngram_range=self.ngram_range)
        # A rerun keeps the fitted text model, if it is of the kind this bank's size calls for
        # and the bank has not drifted too far from the one it was fitted on.
        self.previous_ = usable_cache(previous, self.cache_key_, fresh, bank, programme)
        self.text_ = self.previous_.text if self.previous_ is not None else fresh
        self.features_: Features = build_features(
            bank, programme, rejected=self.rejected_, text=self.text_,
            lsa_components=self.lsa_components if self.approximate_ else 0,
            random_state=self.random_state, text_fitted=self.previous_ is not None,
            lsa_model=None if self.previous_ is None else self.previous_.lsa,
            reuse=None if self.previous_ is None else self.previous_.features,
        )
        self.proxy_: tuple[np.ndarray, np.ndarray] | None = None  # built by candidates()
        self._people = elig.form_people(self.features_)
        self.mentor_ids_ = self.features_.mentors.ids
        self.mentee_ids_ = self.features_.mentees.ids
        self._mentor_pos = {pid: i for i, pid in enumerate(self.mentor_ids_)}
        self._mentee_pos = {pid: i for i, pid in enumerate(self.mentee_ids_)}
        self._dense: dict[str, np.ndarray] | None = None
        return self

    # --- blocks ----------------------------------------------------------------------------

    def _evaluate(
        self, px: Block | PairList, *, text: str = "exact",
        dtype: type[np.floating[Any]] = np.float64,
    ) -> tuple[elig.Eligibility, dict[str, np.ndarray], np.ndarray]:
        e = elig.evaluate(self.features_, px, self._people)
        values = comp.compute(self.features_, px, e.form, text=text)
        return e, values, comp.total(values, self.weights_, dtype)

    def _chunks(self, rows: np.ndarray, cols: np.ndarray, *, report: bool = False
                ) -> Iterator[Block]:
        """Blocks of `cols` (mentees); a requested stop ends the pass between blocks, and
        with `report` each block says how many mentees are scored (`matcher.control`)."""
        step = max(1, self.block_pairs // max(1, len(rows)))
        n_e = len(self.mentee_ids_)
        for lo in range(0, len(cols), step):
            control.checkpoint()
            yield Block(rows, cols[lo:lo + step], n_e)
            if report:
                control.note("mentees", min(lo + step, len(cols)), len(cols))

    def _all_rows(self) -> np.ndarray:
        return np.arange(len(self.mentor_ids_))

    def _dense_all(self) -> dict[str, np.ndarray]:
        if self._dense is not None:
            return self._dense
        if self.approximate_:
            raise TooLargeForDense(
                f"{len(self.mentor_ids_)} × {len(self.mentee_ids_)} pairs exceed exact_limit="
                f"{self.exact_limit}; use candidates()")
        n_m, n_e = len(self.mentor_ids_), len(self.mentee_ids_)
        dense = {name: np.zeros((n_m, n_e), np.float32) for name in COMPONENTS}
        dense["__total__"] = np.zeros((n_m, n_e), np.float64)
        dense["__bits__"] = np.zeros((n_m, n_e), np.uint16)
        for blk in self._chunks(self._all_rows(), np.arange(n_e), report=True):
            e, values, tot = self._evaluate(blk)
            ok = e.eligible
            cols = blk.cols
            dense["__bits__"][:, cols] = e.bits
            dense["__total__"][:, cols] = np.where(ok, tot, 0.0)
            for name in COMPONENTS:
                dense[name][:, cols] = np.where(ok, values[name], 0)
        self._dense = dense
        return dense

    # --- matrices --------------------------------------------------------------------------

    def exclusion_bits(self) -> np.ndarray:
        """Dense mentors × mentees uint16 exclusion bits (`eligibility.EXCLUSION_CODES`)."""
        return self._dense_all()["__bits__"]

    def eligible_matrix(self) -> np.ndarray:
        """Dense boolean mentors × mentees: the pair breaks no hard rule."""
        eligible: np.ndarray = self.exclusion_bits() == 0
        return eligible

    def score_matrix(self) -> np.ndarray:
        """Dense mentors × mentees total score (0 for ineligible pairs); exact regime only."""
        return self._dense_all()["__total__"]

    def components_matrix(self, name: str) -> np.ndarray:
        """Dense mentors × mentees values of one component (0 for ineligible pairs)."""
        if name not in COMPONENTS:
            raise KeyError(f"unknown component {name!r}; known: {', '.join(COMPONENTS)}")
        return self._dense_all()[name]

    # --- candidates ------------------------------------------------------------------------

    def candidates(self, *, executor: Executor = LOCAL) -> Candidates:
        """Eligible pairs with scores and components, for the solver (see the module doc).

        `executor` runs the blocks of mentees (`matcher.executors`): in this process by default,
        or as Ray tasks; the blocks are the same either way, so are the candidates. With a
        usable `previous` cache given to `fit`, only changed people are scored
        (`matcher.scoring.incremental`); either way `cache_` is left for the next run."""
        k = (self.top_k or DEFAULT_TOP_K) if self.approximate_ else self.top_k
        executor = scoring_executor(executor)  # this process: its blocks on threads
        if self.approximate_:
            self._wish = self._wish_gain()
            self._proxy()  # before any thread or task starts
        m_hash, e_hash = side_keys(self.features_)
        if self.previous_ is not None:
            parts, self.reused_ = incremental_parts(self, self.previous_, m_hash, e_hash, k,
                                                    executor)
        else:
            parts = self._parts_for(np.arange(len(self.mentee_ids_)), executor, k)
            self.reused_ = {}
        cands = self._assemble(parts)
        self.cache_ = next_cache(self, m_hash, e_hash, cands)
        # The proxy rows serve only this pass (about 100 MB at 200,000 people): the solve that
        # follows keeps the scorer, so they are let go, and built again by the next pass.
        self.proxy_ = None
        return cands

    def _parts_for(self, cols: np.ndarray, executor: Executor, k: int | None
                   ) -> list[dict[str, np.ndarray]]:
        """The candidate parts of these mentees (all of them in a fresh run)."""
        pieces = max(1, executor.pieces)
        if self.approximate_:
            assert k is not None
            items: list[_Item] = []
            for role, rows, role_cols in self._role_blocks():
                block_cols = np.intersect1d(role_cols, cols)
                if self._uses_search(rows, block_cols):
                    items.extend(self._cluster_items(role, rows, block_cols, k, pieces))
                    continue
                items.extend(_Chunks(rows, tuple(self._col_chunks(rows, part)), k)
                             for part in _split(block_cols, self._chunk_step(rows), pieces))
            parts = executor.map(_top_k_item, self, items, what="mentees",
                                 sizes=[item.mentees() for item in items])
        else:
            rows = self._all_rows()
            items2 = [(tuple(self._col_chunks(rows, part)), k)
                      for part in _split(cols, self._chunk_step(rows), pieces)]
            parts = executor.map(_exact_item, self, items2, what="mentees",
                                 sizes=[sum(len(c) for c in chunks) for chunks, _ in items2])
        return [p for ps in parts for p in ps]

    def _chunk_step(self, rows: np.ndarray) -> int:
        return max(1, self.block_pairs // max(1, len(rows)))

    def _col_chunks(self, rows: np.ndarray, cols: np.ndarray) -> Iterator[np.ndarray]:
        step = self._chunk_step(rows)
        for lo in range(0, len(cols), step):
            yield cols[lo:lo + step]

    def _role_blocks(self) -> Iterator[tuple[Role, np.ndarray, np.ndarray]]:
        """Blocking by what the rules force: each mentee role against the mentors whose role
        can mentor it under an allowed form, without people excluded on their own (consent,
        capacity), who can never be in a candidate pair; and where every allowed form of the
        role needs one organisation («ученик – ученик», «руководитель – педагог»), one block
        per organisation, so those pairs cost the sum of the organisations' squares, not the
        square of the whole region."""
        f = self.features_
        m_ok, e_ok = f.mentors.person_bits == 0, f.mentees.person_bits == 0
        for role in Role:
            cols = np.flatnonzero(e_ok & (f.mentees.role == ROLE_ORDER.index(role)))
            m_roles = elig.mentor_roles_for(role, self.programme_.forms)
            rows = np.flatnonzero(
                m_ok & np.isin(f.mentors.role, [ROLE_ORDER.index(r) for r in m_roles]))
            if not (len(cols) and len(rows)):
                continue
            forms = [form for form in self.programme_.forms if role in elig.FORM_ROLES[form][1]]
            if not all(form in SAME_ORGANISATION_FORMS for form in forms):
                yield role, rows, cols
                continue
            m_org, e_org = f.mentors.organisation[rows], f.mentees.organisation[cols]
            for org in np.unique(e_org):
                r, c = rows[m_org == org], cols[e_org == org]
                if len(r) and len(c):
                    yield role, r, c

    def _exact_chunks(self, chunks: tuple[np.ndarray, ...], k: int | None,
                      rows: np.ndarray | None = None) -> list[dict[str, np.ndarray]]:
        rows = self._all_rows() if rows is None else rows
        n_e = len(self.mentee_ids_)
        parts = []
        done, total = 0, sum(len(c) for c in chunks)
        for cols in chunks:
            control.checkpoint()
            blk = Block(rows, cols, n_e)
            e, values, tot = self._evaluate(blk)
            done += len(cols)
            control.note("mentees", done, total)  # in this process only: a Ray task has no hooks
            ok = e.eligible
            if k is not None and k < blk.shape[0]:
                ok &= _top_mask(np.where(ok, tot, -np.inf), k)
            r, c = np.nonzero(ok)
            parts.append(_part(blk.rows[r], blk.cols[c], e, values, tot, (r, c)))
        return parts

    def _top_k_chunks(self, rows: np.ndarray, chunks: tuple[np.ndarray, ...], k: int
                      ) -> list[dict[str, np.ndarray]]:
        """The top-k regime on whole blocks: every mentor of `rows` against each chunk."""
        parts = []
        for cols in chunks:
            control.checkpoint()
            mi, ei = self._pool(rows, cols, k)
            if len(mi):
                parts.append(self._exact_top(mi, ei, k))
        return parts

    def _pool(self, rows: np.ndarray, cols: np.ndarray, k: int,
              wish: tuple[np.ndarray, np.ndarray] | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
        """Stage 1 on the block rows × cols: the exact hard rules and a proxy score (one matrix
        product: topics, subject, low-rank text, linear free time and interests; plus the cheap
        components computed exactly and the wishes); the best `pool_factor × k` mentors of
        each mentee by the proxy, as (mentor, mentee) index arrays. `wish`: the wishes'
        keys and gains, if the caller has them for these mentees alone."""
        f = self.features_
        am, be = self._proxy()
        pool = max(k, int(np.ceil(self.pool_factor * k)))
        wish_keys, wish_gain = self._wish if wish is None else wish
        blk = Block(rows, cols, len(self.mentee_ids_))
        e1 = elig.evaluate(f, blk, self._people)
        cost = am[rows] @ -be[cols].T  # minus the proxy score, mentors × mentees
        cheap = comp.compute(f, blk, e1.form, only=PROXY_EXACT)
        for name in PROXY_EXACT:
            cost -= cheap[name] * np.float32(self.weights_[name])
        if len(wish_keys):
            where, found = blk.at(wish_keys)
            cost[where] -= wish_gain[found]
        np.copyto(cost, np.inf, where=e1.bits != 0)
        cost = np.ascontiguousarray(cost.T)  # a mentee's mentors contiguous
        take = min(pool, len(rows))
        best = np.argpartition(cost, take - 1, axis=1)[:, :take]
        keep = np.isfinite(np.take_along_axis(cost, best, axis=1))
        ei = np.repeat(cols, take).reshape(len(cols), take)[keep]
        return rows[best[keep]], ei

    def _exact_top(self, mi: np.ndarray, ei: np.ndarray, k: int) -> dict[str, np.ndarray]:
        """Stage 2 on a list of pairs: the hard rules and every component exactly (scores
        equal `explain`), and the best k eligible pairs per mentee."""
        e, values, tot = self._evaluate(PairList(mi, ei, len(self.mentee_ids_)))
        part = _keep(_part(mi, ei, e, values, tot, slice(None)), np.flatnonzero(e.eligible))
        return _keep(part, _top_in_groups(part["mentee"], part["score"], k))

    # --- the shortlist search inside large blocks (`matcher.scoring.shortlist`) ------------

    def _uses_search(self, rows: np.ndarray, cols: np.ndarray) -> bool:
        """Whether the block rows × cols takes the shortlist search (see `Scorer`)."""
        return (len(rows) > 2 * self.shortlist
                and len(rows) * len(cols) > CLUSTER_MIN_BLOCKS * self.block_pairs)

    def _cross_organisation(self, role: Role, *, mentors: np.ndarray | None = None,
                            mentees: np.ndarray | None = None) -> np.ndarray:
        """Which of these mentors (or mentees) could pair with someone of `role` (mentees:
        with some mentor) outside their own organisation: by role and agreed forms, under an
        allowed form that does not need one organisation."""
        f = self.features_
        side = f.mentors if mentors is not None else f.mentees
        idx = mentors if mentors is not None else mentees
        assert idx is not None
        out = np.zeros(len(idx), bool)
        for form in self.programme_.forms:
            m_roles, e_roles = elig.FORM_ROLES[form]
            if form in SAME_ORGANISATION_FORMS or role not in e_roles:
                continue
            agreed = (side.forms[idx] & FORM_BITS[form]) > 0
            out |= (agreed & np.isin(side.role[idx], [ROLE_ORDER.index(r) for r in m_roles])
                    if mentors is not None else agreed)
        return out

    def _cluster_items(self, role: Role, rows: np.ndarray, cols: np.ndarray, k: int,
                       pieces: int) -> list[_Item]:
        """The block rows × cols as items of mentee clusters, each with its shortlist of
        mentors: the best `shortlist` of those who may pair across organisations, by the
        proxy score against the cluster's centroid (the module doc of `shortlist`)."""
        am, be = self._proxy()
        far_rows = rows[self._cross_organisation(role, mentors=rows)]
        far = self._cross_organisation(role, mentees=cols)
        far_cols, near_cols = cols[far], cols[~far]
        groups: list[tuple[np.ndarray, np.ndarray]] = []
        if len(far_cols) and len(far_rows):
            a = am[far_rows]
            # Mentees cluster in the space of their proxy rows weighed by how much each
            # column moves mentors' scores.
            scale = np.sqrt(np.mean(np.square(a, dtype=np.float64), axis=0)).astype(np.float32)
            x = shortlist.project(be[far_cols] * scale, shortlist.PROJECTION_DIMS,
                                  self.random_state)
            found = [part[c] for part in self._subject_groups(far_cols)
                     for c in shortlist.clusters(x[part], self.cluster_size, self.random_state)]
            take = min(self.shortlist, len(far_rows))
            step = max(1, 8_000_000 // len(far_rows))  # centroids per product
            for lo in range(0, len(found), step):
                members = found[lo:lo + step]
                centres = np.stack([be[far_cols[c]].mean(axis=0) for c in members])
                scores = centres @ a.T
                for c, row in zip(members, scores, strict=True):
                    groups.append((far_rows[shortlist.top_rows(row, take)], far_cols[c]))
        step = max(1, self.cluster_size)
        groups.extend((far_rows[:0], near_cols[lo:lo + step])
                      for lo in range(0, len(near_cols), step))
        per = -(-len(groups) // max(1, pieces))
        return [_Clusters(rows, tuple(groups[lo:lo + per]), k)
                for lo in range(0, len(groups), per)]

    def _subject_groups(self, cols: np.ndarray) -> list[np.ndarray]:
        """Positions in `cols` grouped by the subjects that decide a mentee's best mentors:
        a subject-bound request (exam, subject content) is covered only by a mentor of the
        mentee's subject, so such mentees are clustered only with mentees of their subjects."""
        f = self.features_
        subj = f.mentees.subjects[cols]
        subj = np.asarray(subj.toarray() if hasattr(subj, "toarray") else subj) > 0
        bound = np.any(f.mentees.topics[cols][:, f.subject_bound] > 0, axis=1)
        subj &= bound[:, None]
        _, key = np.unique(subj, axis=0, return_inverse=True)
        order = np.argsort(key.ravel(), kind="stable")
        return np.split(order, np.flatnonzero(np.diff(key.ravel()[order])) + 1)

    def _cluster_chunks(self, item: _Clusters) -> list[dict[str, np.ndarray]]:
        """Stage 1 on each cluster × its shortlist, joined with the pairs the proxy does not
        see (the mentee's own organisation, stated wishes), then stage 2 on the union."""
        f, n_e = self.features_, len(self.mentee_ids_)
        rows, k = item.rows, item.k
        # Pairs with a wish that adds to the score, by the group of their mentee.
        group_of = np.full(n_e, -1, np.int64)
        for g, (_, members) in enumerate(item.groups):
            group_of[members] = g
        all_keys, all_gain = self._wish
        wish_g = group_of[all_keys % n_e]
        by_group = np.argsort(wish_g, kind="stable")
        all_keys, all_gain, wish_g = all_keys[by_group], all_gain[by_group], wish_g[by_group]
        wish_at = np.searchsorted(wish_g, np.arange(len(item.groups) + 1))
        in_rows = np.isin(all_keys // n_e, rows) & (all_gain > 0)
        m_org = f.mentors.organisation[rows]
        parts, batch = [], []
        pending = 0
        for g, (short, members) in enumerate(item.groups):
            control.checkpoint()
            found = [shortlist.same_group_pairs(m_org, rows, f.mentees.organisation[members],
                                                members)]
            at = slice(wish_at[g], wish_at[g + 1])  # this cluster's wishes (sorted keys)
            if len(short):
                found.append(self._pool(short, members, k, (all_keys[at], all_gain[at])))
            wished = all_keys[at][in_rows[at]]
            found.append((wished // n_e, wished % n_e))
            keys = _distinct(np.concatenate([mi.astype(np.int64) * n_e + ei
                                             for mi, ei in found]))
            batch.append(keys)
            pending += len(keys)
            if pending >= self.block_pairs // 4:
                parts.append(self._exact_top(*np.divmod(np.concatenate(batch), n_e), k))
                batch, pending = [], 0
        if pending:
            parts.append(self._exact_top(*np.divmod(np.concatenate(batch), n_e), k))
        return parts

    def _wish_gain(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs with a stated wish and how much mutual_wishes adds over "no opinion"."""
        from matcher.scoring.components import _wishes

        f = self.features_
        keys = np.union1d(f.mentor_wish_keys, f.mentee_wish_keys)
        if len(keys) == 0:
            return keys, np.zeros(0, np.float32)
        px = PairList(*np.divmod(keys, len(self.mentee_ids_)), len(self.mentee_ids_))
        gain = (_wishes(f, px) - np.float32(WISH_NONE)) * self.weights_["mutual_wishes"]
        return keys, gain.astype(np.float32)

    def _proxy(self) -> tuple[np.ndarray, np.ndarray]:
        """The proxy rows: built by `candidates()` for its pass (before any thread or task
        starts), or here for a caller outside it."""
        if self.proxy_ is None:
            self.proxy_ = self._build_proxy()
        return self.proxy_

    def _build_proxy(self) -> tuple[np.ndarray, np.ndarray]:
        """Mentor and mentee rows whose product approximates, weighted, topic coverage
        (subject-bound topics through a shared subject), subject match and text similarity
        (low rank): the top-k regime's candidate filter, with `PROXY_EXACT`."""
        f, w = self.features_, self.weights_
        M, E = f.mentors, f.mentees

        def dense(x: Matrix) -> np.ndarray:
            return x.toarray() if hasattr(x, "toarray") else np.asarray(x)

        # fit() projects the texts whenever it builds the proxy (the top-k regime).
        assert M.text_lsa is not None and E.text_lsa is not None
        bound = np.any(E.topics[:, f.subject_bound] > 0, axis=1)
        # A subject-bound topic counts only with a shared subject: its coverage is the product
        # of (topic level × subject) rows, exact unless the two share two subjects.
        tb = np.flatnonzero(f.subject_bound)
        m_subj, e_subj = dense(M.subjects), dense(E.subjects)
        m_bound = (M.topics[:, tb, None] * m_subj[:, None, :]).reshape(len(M.topics), -1)
        e_bound = (E.bound_asks[:, tb, None] * e_subj[:, None, :]).reshape(len(E.topics), -1)
        am = np.hstack([
            w["topic_coverage"] * M.topics, w["topic_coverage"] * m_bound,
            w["subject_match"] * m_subj,
            w["text_similarity"] * M.text_lsa,
        ])
        be = np.hstack([
            E.asks - E.bound_asks, e_bound, bound[:, None] * e_subj, E.text_lsa,
        ])
        return np.ascontiguousarray(am, np.float32), np.ascontiguousarray(be, np.float32)

    def _assemble(self, parts: list[dict[str, np.ndarray]]) -> Candidates:
        def cat(key: str, dtype: DTypeLike) -> np.ndarray:
            return (np.concatenate([p[key] for p in parts]).astype(dtype, copy=False)
                    if parts else np.zeros(0, dtype))

        mentor, mentee = cat("mentor", np.int32), cat("mentee", np.int32)
        # By mentee, then mentor: one stable sort of one key (timsort finds the runs the parts
        # already come in), several times faster than a lexsort of the two columns.
        order = np.argsort(mentee.astype(np.int64) * max(1, len(self.mentor_ids_)) + mentor,
                           kind="stable")
        comps = (np.stack([cat(n, np.float32) for n in COMPONENTS], axis=1) if parts
                 else np.zeros((0, len(COMPONENTS)), np.float32))
        return Candidates(
            mentor_ids=self.mentor_ids_, mentee_ids=self.mentee_ids_,
            mentor=mentor[order], mentee=mentee[order], score=cat("score", np.float64)[order],
            form=cat("form", np.int8)[order], pair_ok=cat("pair_ok", bool)[order],
            group_ok=cat("group_ok", bool)[order], component_names=COMPONENTS,
            components=comps[order],
        )

    # --- one pair --------------------------------------------------------------------------

    def _pos(self, mentor_id: str, mentee_id: str) -> tuple[int | None, int | None]:
        for pid in (mentor_id, mentee_id):
            if pid not in self.bank_.by_id:
                raise UnknownParticipant(pid)
        return self._mentor_pos.get(mentor_id), self._mentee_pos.get(mentee_id)

    def exclusions(self, mentor_id: str, mentee_id: str) -> tuple[Reason, ...]:
        """Every hard rule the pair breaks (empty if eligible), with texts for the curator.

        The texts come from `rules.pair_exclusions` (the specification); the vectorised bits
        agree with it on every pair (property-tested), see `exclusion_codes`."""
        self._pos(mentor_id, mentee_id)
        return pair_exclusions(
            self.bank_.get(mentor_id), self.bank_.get(mentee_id), self.programme_,
            bank=self.bank_, rejected=self.rejected_)

    def exclusion_codes(self, mentor_id: str, mentee_id: str) -> tuple[str, ...]:
        """Reason codes of the pair from the vectorised bits (people outside the programme or
        the banks: from the rules)."""
        i, j = self._pos(mentor_id, mentee_id)
        if i is None or j is None:
            return tuple(r.code for r in self.exclusions(mentor_id, mentee_id))
        px = PairList(np.array([i]), np.array([j]), len(self.mentee_ids_))
        return elig.decode(int(elig.evaluate(self.features_, px).bits[0]))

    def explain(self, mentor_id: str, mentee_id: str) -> PairScore:
        """The pair's score with every component, its weight and a filled-in reason, sorted by
        contribution (largest first). Raises `IneligiblePair` for a pair that breaks a rule."""
        i, j = self._pos(mentor_id, mentee_id)
        reasons = self.exclusions(mentor_id, mentee_id)
        if i is None or j is None or reasons:
            raise IneligiblePair(mentor_id, mentee_id, reasons)
        px = PairList(np.array([i]), np.array([j]), len(self.mentee_ids_))
        e, values, tot = self._evaluate(px)
        form = FORM_ORDER[int(e.form[0])] if e.form[0] >= 0 else None
        m, me = self.bank_.get(mentor_id), self.bank_.get(mentee_id)
        parts = [
            ComponentScore(
                name=name, value=float(values[name][0]), weight=self.weights_[name],
                reason=(preferred_reason(self.programme_, m, me) if name == "curator_rules"
                        else EXPLAINERS[name](m, me, form, float(values[name][0]))),
            )
            for name in COMPONENTS
            if name != "curator_rules" or self.weights_[name] > 0
        ]
        # Largest contribution first, reasons that explain nothing last; stable on ties.
        parts.sort(key=lambda c: (c.reason.code in UNINFORMATIVE, -c.contribution))
        return PairScore(mentee=mentee_id, score=float(tot[0]), components=tuple(parts))

    def top_mentors(self, mentee_id: str, k: int = 5) -> list[tuple[str, float]]:
        """The k best eligible mentors of one mentee with their scores, best first (ties by
        mentor order): exact in either regime, one vectorised column of the matrix."""
        if mentee_id not in self.bank_.by_id:
            raise UnknownParticipant(mentee_id)
        j = self._mentee_pos.get(mentee_id)
        if j is None:
            return []
        best: list[tuple[float, int]] = []
        for blk in self._chunks(np.array([j]), np.arange(len(self.mentor_ids_))):
            # One mentee against a chunk of mentors: swap the block's roles back.
            px = Block(blk.cols, blk.rows, len(self.mentee_ids_))
            e, _, tot = self._evaluate(px)
            ok = np.flatnonzero(e.eligible[:, 0])
            best.extend(zip(tot[ok, 0].tolist(), px.rows[ok].tolist(), strict=True))
        best.sort(key=lambda x: (-x[0], x[1]))
        return [(self.mentor_ids_[i], score) for score, i in best[:k]]

    def pair_form(self, mentor_id: str, mentee_id: str) -> Form | None:
        """The form the pair would work under (the first eligible one), or None."""
        i, j = self._pos(mentor_id, mentee_id)
        if i is None or j is None:
            return None
        px = PairList(np.array([i]), np.array([j]), len(self.mentee_ids_))
        f = int(elig.evaluate(self.features_, px).form[0])
        return FORM_ORDER[f] if f >= 0 else None


def _exact_item(scorer: Scorer, item: tuple[tuple[np.ndarray, ...], int | None]
                ) -> list[dict[str, np.ndarray]]:
    """One executor item of the exact regime: its blocks of mentees (module-level so that a
    Ray worker can import it)."""
    return scorer._exact_chunks(*item)


@dataclass(frozen=True, eq=False)
class _Chunks:
    """A top-k item: every mentor of `rows` against blocks of mentees."""

    rows: np.ndarray
    chunks: tuple[np.ndarray, ...]
    k: int

    def mentees(self) -> int:
        return sum(len(c) for c in self.chunks)


@dataclass(frozen=True, eq=False)
class _Clusters:
    """A top-k item of the shortlist search: the block's mentors and, for each cluster of
    mentees, its shortlisted mentors (empty: only its own organisation and wishes)."""

    rows: np.ndarray
    groups: tuple[tuple[np.ndarray, np.ndarray], ...]
    k: int

    def mentees(self) -> int:
        return sum(len(members) for _, members in self.groups)


_Item = _Chunks | _Clusters


def _top_k_item(scorer: Scorer, item: _Item) -> list[dict[str, np.ndarray]]:
    """One executor item of the top-k regime (module-level so that a Ray worker can import
    it)."""
    if isinstance(item, _Clusters):
        return scorer._cluster_chunks(item)
    return scorer._top_k_chunks(item.rows, item.chunks, item.k)


def _split(cols: np.ndarray, step: int, pieces: int) -> list[np.ndarray]:
    """`cols` cut into at most `pieces` runs of whole chunks of `step` (so the blocks, and the
    float results inside them, are the same however many pieces there are)."""
    if len(cols) == 0:
        return []
    n_chunks = -(-len(cols) // step)
    per = -(-n_chunks // max(1, pieces)) * step
    return [cols[lo:lo + per] for lo in range(0, len(cols), per)]


def _top_mask(scores: np.ndarray, k: int) -> np.ndarray:
    """Mask of the k highest finite scores in each column of a (mentors × mentees) block."""
    k = min(k, scores.shape[0])
    top = np.argpartition(-scores, k - 1, axis=0)[:k]
    mask = np.zeros(scores.shape, dtype=bool)
    np.put_along_axis(mask, top, True, axis=0)
    top_finite: np.ndarray = mask & np.isfinite(scores)
    return top_finite


def _part(mentor: np.ndarray, mentee: np.ndarray, e: elig.Eligibility,
          values: dict[str, np.ndarray], tot: np.ndarray,
          where: tuple[np.ndarray, np.ndarray] | slice) -> dict[str, np.ndarray]:
    out = {
        "mentor": mentor, "mentee": mentee, "score": tot[where], "form": e.form[where],
        "pair_ok": e.pair_ok[where], "group_ok": e.group_ok[where],
    }
    for name in COMPONENTS:
        out[name] = values[name][where] if name in values else np.zeros(len(mentor), np.float32)
    return out


def _top_in_groups(group: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k best scores within each group (ties: lower index first)."""
    order = np.lexsort((-score, group))  # stable: ties keep their order
    g = group[order]
    starts = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    rank = np.arange(len(g)) - np.repeat(starts, np.diff(np.r_[starts, len(g)]))
    best: np.ndarray = order[rank < k]
    return best


def _distinct(keys: np.ndarray) -> np.ndarray:
    """`np.unique(keys)` by one sort (numpy's hashed unique is several times slower on the
    few thousand keys of a cluster)."""
    keys = np.sort(keys)
    out: np.ndarray = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys
    return out


def _keep(part: dict[str, np.ndarray], idx: np.ndarray) -> dict[str, np.ndarray]:
    return {key: val[idx] for key, val in part.items()}
