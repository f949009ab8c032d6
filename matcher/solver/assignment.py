"""`assign`: exact capacitated assignment for a caller's own scores, by the fastest exact method.

The same objective as the product's plain pairing: as many mentees covered as possible first,
then the largest total score. Three exact methods, each checked against the others and against
brute force in the tests:

- ``"dense assignment"``: scipy's `linear_sum_assignment` (LAPJV) on the capacity-expanded
  matrix, one column per unit of a mentor's capacity. Fastest where most pairs are allowed.
- ``"sparse assignment"``: scipy's `min_weight_full_bipartite_matching` (LAPJVsp) on the
  same expanded matrix kept sparse, plus one "unassigned" column per mentee so a full matching
  always exists. For sparse and middling densities up to `SPARSE_ENTRIES` expanded entries.
- ``"min-cost flow"``: OR-Tools' `SimpleMinCostFlow` (the product's exact path); the only one of
  the three that handles a mentee wanting several mentors (``demand > 1``), and the default for
  large sparse instances, where the expanded matrices grow with the capacities, and for many
  mentees with few candidates each. Coverage first is one maximum flow (how many mentees can
  be covered), then the cheapest flow covering that many, so no cover weight enters the costs.

Scores are integers (the product scales its scores to integers, `matcher.options.SCALE`):
integer dtypes, or floats that hold whole numbers; anything else is refused rather than
rounded, since the optimum would then be an optimum of other scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, TypeAlias, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matcher.solver.flow import most_covered

I64 = np.int64
IntArray: TypeAlias = NDArray[np.int64]
Method = Literal["auto", "dense assignment", "sparse assignment", "min-cost flow"]
METHODS: tuple[str, ...] = ("dense assignment", "sparse assignment", "min-cost flow")

# Measured on a 2-core machine, scores 0–1000, capacities 1–3, mentors 60% of mentees: with
# every pair allowed the dense path wins (1,000 mentees: 0.08 s against 0.35 sparse and 0.42
# flow); at 5–40% allowed the sparse one does (2,000 at 40%: 0.40 s against 0.62 dense and
# 1.37 flow). Since the flow leaves the cover weight out of its costs (about half the time), it
# wins on many mentees with few candidates each (quiet, min of 2: 10,000 with 20 each 0.35 s
# against 0.59 sparse, 20,000 with 20 each 1.10 against 2.27; 5,000 with 20 each 0.11 against
# 0.14) and still loses with more each (10,000 with 50: 0.84 against 0.65; 5,000 with 100:
# 0.55 against 0.29).
FLOW_FROM_MENTEES = 5_000  # from this many mentees with at most FLOW_DEGREE candidates each
FLOW_DEGREE = 32  # on average, the flow is the fastest
DENSE_SHARE = 0.6  # at least this share of pairs allowed: the dense matrix is worth building
DENSE_CELLS = 40_000_000  # at most this many expanded cells (8 bytes each) for the dense path
SPARSE_ENTRIES = 20_000_000  # at most this many expanded entries for the sparse path
FLOAT_EXACT = 2**52  # float64 sums stay exact integers below this
BLOCK_ROWS = 64  # rows of the expanded matrix built at a time (a block of the small one: in cache)


@dataclass(frozen=True, eq=False)
class Assignment:
    """The answer of `assign`.

    `mentor`: per mentee, the mentor's index or -1 (shape ``(n_mentees,)``) when every demand
    is at most 1; otherwise shape ``(n_mentees, max demand)``, each row the mentee's mentors in
    increasing order, padded with -1. `method` is the exact method that ran; `total` the sum of
    the chosen pairs' scores; `covered` the number of mentees with at least one mentor.
    """

    mentor: IntArray
    method: str
    total: int
    covered: int


@dataclass(frozen=True, eq=False)
class _Problem:
    """The allowed pairs as edges (mentee, mentor, score), with capacities and demands. With
    every pair of a dense matrix allowed, `dense` holds it and the edges are built only if a
    method needs them (for 5,000 × 3,000 they are three arrays of 15 million)."""

    n_mentees: int
    n_mentors: int
    capacity: IntArray  # per mentor, at most its number of allowed mentees
    demand: IntArray  # per mentee, at most its number of allowed mentors
    dense: IntArray | None = None  # the full score matrix when every pair is allowed
    edge_list: tuple[IntArray, IntArray, IntArray] | None = None  # mentee, mentor, score

    @property
    def n_edges(self) -> int:
        return self.dense.size if self.dense is not None else self.edges()[2].size

    def edges(self) -> tuple[IntArray, IntArray, IntArray]:
        """(mentee, mentor, score) of every allowed pair."""
        if self.edge_list is not None:
            return self.edge_list
        assert self.dense is not None
        mentee, mentor = (a.astype(I64).ravel() for a in np.indices(self.dense.shape))
        return mentee, mentor, self.dense.ravel()

    @cached_property
    def extremes(self) -> tuple[int, int]:
        """The smallest and largest allowed score (0, 0 with none), found once."""
        values = self.dense if self.dense is not None else self.edges()[2]
        return (int(values.min()), int(values.max())) if values.size else (0, 0)


def assign(scores: Any, capacity: ArrayLike, *, allowed: Any = None, demand: ArrayLike = 1,
           method: Method = "auto") -> Assignment:
    """Each mentee's mentor, covering as many mentees as possible, then maximising the score.

    `scores`: a mentee × mentor matrix of integer scores, a numpy array (every pair allowed) or
    a scipy sparse matrix (its stored entries are the allowed pairs, explicit zeros included).
    `capacity`: mentees each mentor may take (one number or one per mentor). `allowed`: an
    optional boolean mask of the same shape (dense or sparse) further restricting the pairs.
    `demand`: mentors each mentee wants (one number or one per mentee; never the same mentor
    twice). `method`: ``"auto"`` picks by shape and density (module doc); a name forces that
    method (``"dense assignment"`` and ``"sparse assignment"`` need every demand ≤ 1).
    """
    prob = _problem(scores, capacity, allowed, demand)
    width = int(np.max(demand)) if np.size(demand) else 1
    chosen = _choose(prob) if method == "auto" else method
    if chosen not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected 'auto' or one of {METHODS}")
    if chosen != "min-cost flow" and (prob.demand > 1).any():
        raise ValueError(f"{chosen} handles at most one mentor per mentee; use 'min-cost flow'")
    if chosen == "dense assignment":
        try:
            rows, cols = _dense(prob)
        except _Inexact:
            if method != "auto":
                raise
            chosen, (rows, cols) = "min-cost flow", _flow(prob)
    elif chosen == "sparse assignment":
        rows, cols = _sparse(prob)
    else:
        rows, cols = _flow(prob)
    return _answer(prob, rows, cols, chosen, width=width)


def _problem(scores: Any, capacity: ArrayLike, allowed: Any, demand: ArrayLike) -> _Problem:
    """Check the input and turn it into edges; capacities and demands clipped to the degrees."""
    if sparse.issparse(scores):
        coo = sparse.coo_matrix(cast(Any, scores))  # `issparse` narrows to an abstract type
        coo.sum_duplicates()
        n_e, n_m = coo.shape
        mentee, mentor, score = coo.row.astype(I64), coo.col.astype(I64), _integers(coo.data)
    else:
        matrix = np.asarray(scores)
        if matrix.ndim != 2:
            raise ValueError("scores must be a mentee × mentor matrix")
        n_e, n_m = matrix.shape
        whole = _integers(matrix)
        cap = np.broadcast_to(np.asarray(capacity, I64), (n_m,))
        want = np.broadcast_to(np.asarray(demand, I64), (n_e,))
        if allowed is None and (cap > 0).all() and (want > 0).all():
            return _Problem(n_e, n_m, np.minimum(cap, n_e), np.minimum(want, n_m), dense=whole)
        mentee, mentor, score = _Problem(n_e, n_m, cap, want, dense=whole).edges()
    if allowed is not None:
        mask = _dense_mask(allowed)
        if mask.shape != (n_e, n_m):
            raise ValueError("allowed must have the shape of scores")
        keep = mask[mentee, mentor]
        mentee, mentor, score = mentee[keep], mentor[keep], score[keep]
    cap = np.broadcast_to(np.asarray(capacity, I64), (n_m,)).copy()
    want = np.broadcast_to(np.asarray(demand, I64), (n_e,)).copy()
    if (cap < 0).any() or (want < 0).any():
        raise ValueError("capacities and demands must not be negative")
    keep = (cap[mentor] > 0) & (want[mentee] > 0)
    mentee, mentor, score = mentee[keep], mentor[keep], score[keep]
    cap = np.minimum(cap, np.bincount(mentor, minlength=n_m))
    want = np.minimum(want, np.bincount(mentee, minlength=n_e))
    return _Problem(n_e, n_m, cap, want, edge_list=(mentee, mentor, score))


def _dense_mask(allowed: Any) -> NDArray[np.bool_]:
    """`allowed` (a numpy or scipy sparse mask) as a dense boolean array."""
    if sparse.issparse(allowed):
        return np.asarray(sparse.csr_matrix(cast(Any, allowed)).toarray(), bool)
    return np.asarray(allowed, bool)


def _integers(values: NDArray[Any]) -> IntArray:
    """`values` as int64, refusing what is not a whole number."""
    if np.issubdtype(values.dtype, np.integer):
        return values.astype(I64, copy=False)
    as_float = values.astype(np.float64)
    if not np.isfinite(as_float).all() or not np.array_equal(as_float, np.rint(as_float)):
        raise ValueError("scores must be whole numbers (scale them, e.g. by 1000, and round)")
    return as_float.astype(I64)


def _choose(prob: _Problem) -> str:
    """The exact method expected to be fastest for this shape and density (module doc)."""
    if (prob.demand > 1).any():
        return "min-cost flow"
    slots = int(prob.capacity.sum())
    share = prob.n_edges / max(prob.n_mentees * prob.n_mentors, 1)
    if share >= DENSE_SHARE and prob.n_mentees * slots <= DENSE_CELLS and (
            prob.dense is not None or _float_ok(prob)):
        return "dense assignment"  # every pair allowed: `_dense` checks the scores as it builds
    if prob.n_mentees >= FLOW_FROM_MENTEES and prob.n_edges <= FLOW_DEGREE * prob.n_mentees:
        return "min-cost flow"
    expanded = (int(prob.capacity[prob.edges()[1]].sum()) if prob.dense is None
                else prob.n_mentees * slots) + prob.n_mentees
    if expanded <= SPARSE_ENTRIES and _float_ok(prob):
        return "sparse assignment"
    return "min-cost flow"


class _Inexact(ValueError):
    """The scores are too large for float64 costs to stay exact integers."""

    def __init__(self) -> None:
        super().__init__("scores too large for an exact float path; use 'min-cost flow'")


def _cover_weight(prob: _Problem, largest: int | None = None) -> int:
    """A weight for each covered mentee above any difference in total score it could offset
    (`largest`: the largest score magnitude, if already known)."""
    if largest is None:
        low, high = prob.extremes
        largest = max(abs(low), abs(high))
    return 2 * largest * (int(prob.demand.sum()) + 1) + 1


def _float_ok(prob: _Problem, largest: int | None = None) -> bool:
    """Whether float64 costs (scipy's paths) stay exact integers for this problem."""
    return _cover_weight(prob, largest) * (prob.n_mentees + 1) < FLOAT_EXACT


def _slots(prob: _Problem) -> IntArray:
    """The expanded columns: mentor m repeated `capacity[m]` times."""
    return np.repeat(np.arange(prob.n_mentors, dtype=I64), prob.capacity)


def _dense(prob: _Problem) -> tuple[IntArray, IntArray]:
    """LAPJV on the dense expanded matrix; forbidden cells cost 0, like staying unassigned.

    The expanded matrix is built in the layout LSA works on, so it copies nothing: C order
    with the shorter side as rows (mentees × slots, or slots × mentees when the slots are
    fewer), each mentor's column (row) repeated by its capacity. With every pair allowed no
    coverage weight is needed: any full rectangular assignment covers as many mentees as can
    be, and the costs are the negated scores. Raises `_Inexact` for scores too large."""
    slots = _slots(prob)
    tall = slots.size < prob.n_mentees  # then LSA runs on the transposed problem
    if prob.dense is not None and not tall:  # the scores' size is checked as they are cast
        cost, largest = _repeat_columns(prob.dense, prob.capacity, negate=True)
        if not _float_ok(prob, int(largest)):
            raise _Inexact
    elif not _float_ok(prob):
        raise _Inexact
    elif prob.dense is not None:
        cost = np.repeat(np.negative(prob.dense.T, dtype=np.float64, order="C"), prob.capacity,
                         axis=0)
    else:
        mentee, mentor, score = prob.edges()
        weight = np.zeros((prob.n_mentees, prob.n_mentors), np.float64)
        weight[mentee, mentor] = -(score + _cover_weight(prob)).astype(np.float64)
        cost = (np.repeat(np.ascontiguousarray(weight.T), prob.capacity, axis=0) if tall
                else _repeat_columns(weight, prob.capacity, negate=False)[0])
    r, c = linear_sum_assignment(cost)
    rows, cols = (c, r) if tall else (r, c)
    if prob.dense is None:  # a cell left at 0 is no pair
        used = cost[r, c] < 0
        rows, cols = rows[used], cols[used]
    return rows.astype(I64), slots[cols]


def _repeat_columns(small: NDArray[Any], capacity: IntArray, *,
                    negate: bool) -> tuple[NDArray[np.float64], float]:
    """`small` as float64 (negated if asked) with column m repeated `capacity[m]` times, in C
    order, and the largest magnitude in it. Built `BLOCK_ROWS` rows at a time into the one
    output: each block is cast once, measured and repeated while it is in cache, with no
    full-size intermediate (a third faster than `np.repeat` of the cast matrix at 5,000 ×
    3,000, and the separate pass for the largest score saved)."""
    n_rows = small.shape[0]
    index = np.repeat(np.arange(small.shape[1]), capacity)
    out = np.empty((n_rows, index.size), np.float64)
    block = np.empty((min(BLOCK_ROWS, n_rows), small.shape[1]), np.float64)
    largest = 0.0
    for start in range(0, n_rows, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, n_rows)
        part = block[: stop - start]
        if negate:
            np.negative(small[start:stop], out=part, casting="unsafe")
        else:
            part[...] = small[start:stop]
        if part.size:
            largest = max(largest, -float(part.min()), float(part.max()))
        np.take(part, index, axis=1, out=out[start:stop], mode="clip")
    return out, largest


def _sparse(prob: _Problem) -> tuple[IntArray, IntArray]:
    """LAPJVsp on the sparse expanded matrix plus one 'unassigned' column per mentee. Weights
    are positive (zero weights would vanish): a pair costs `top + 1 − score`, staying
    unassigned more than every pair together, so coverage comes first."""
    if not _float_ok(prob):
        raise _Inexact
    n_e = prob.n_mentees
    mentee, mentor, score = prob.edges()
    slots = _slots(prob)
    first = np.cumsum(prob.capacity) - prob.capacity  # first slot of each mentor
    reps = prob.capacity[mentor]
    edge = np.repeat(np.arange(score.size), reps)
    offset = np.arange(edge.size) - np.repeat(np.cumsum(reps) - reps, reps)
    low, top = prob.extremes
    pair_cost = (top + 1 - score[edge]).astype(np.float64)
    idle = float((top + 1 - low) * (n_e + 1) + 1)
    rows = np.concatenate([mentee[edge], np.arange(n_e, dtype=I64)])
    cols = np.concatenate([first[mentor[edge]] + offset, slots.size + np.arange(n_e)])
    data = np.concatenate([pair_cost, np.full(n_e, idle)])
    graph = sparse.csr_matrix((data, (rows, cols)), shape=(n_e, slots.size + n_e))
    r, c = min_weight_full_bipartite_matching(graph)
    real = c < slots.size
    return r[real].astype(I64), slots[c[real]]


def _flow(prob: _Problem) -> tuple[IntArray, IntArray]:
    """Min-cost flow: source → mentor (capacity) → mentee (−score) → sink, the rest of each
    demand after the first unit straight to the sink and a source → sink bypass; the first
    units go through a node that takes as many mentees as a maximum flow can cover (coverage
    first, `flow.most_covered`), so the costs are the scores alone (no cover weight, which
    would give OR-Tools' cost scaling a phase per bit of it)."""
    n_e, n_m = prob.n_mentees, prob.n_mentors
    mentee, mentor, score = prob.edges()
    if score.size == 0:
        return np.zeros(0, I64), np.zeros(0, I64)
    source, sink, cover = 0, 1, 2 + n_m + n_e
    m_node = 2 + np.arange(n_m, dtype=I64)
    e_node = 2 + n_m + np.arange(n_e, dtype=I64)
    total = int(prob.capacity.sum())
    covering = most_covered(mentor, mentee, prob.capacity, prob.demand > 0)
    more = np.maximum(prob.demand - 1, 0)
    tails = np.concatenate([np.zeros(n_m, I64), m_node[mentor], e_node, e_node, [source]])
    heads = np.concatenate([m_node, e_node[mentee], np.full(n_e, cover, I64),
                            np.full(n_e, sink, I64), [sink]])
    caps = np.concatenate([prob.capacity, np.ones(score.size, I64),
                           np.minimum(prob.demand, 1), more, [total]])
    costs = np.concatenate([np.zeros(n_m, I64), -score, np.zeros(2 * n_e + 1, I64)])
    flow = SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs.astype(I64))
    flow.set_node_supply(source, total)
    flow.set_node_supply(cover, -covering)
    flow.set_node_supply(sink, covering - total)
    status = flow.solve()
    if status != flow.OPTIMAL:  # the bypass carries the rest, so this never happens
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = flow.flows(np.arange(n_m, n_m + score.size)) > 0
    return mentee[used], mentor[used]


def _answer(prob: _Problem, rows: IntArray, cols: IntArray, method: str, *,
            width: int) -> Assignment:
    """The chosen (mentee, mentor) pairs as an `Assignment`, its total from the scores."""
    if prob.dense is not None:
        total = int(prob.dense[rows, cols].sum())
    else:
        mentee, mentor, score = prob.edges()
        code = mentee * prob.n_mentors + mentor
        order = np.argsort(code)
        at = order[np.searchsorted(code[order], rows * prob.n_mentors + cols)]
        total = int(score[at].sum())
    covered = int(np.unique(rows).size)
    if width <= 1:
        mentor = np.full(prob.n_mentees, -1, I64)
        mentor[rows] = cols
        return Assignment(mentor, method, total, covered)
    table = np.full((prob.n_mentees, width), -1, I64)
    order = np.lexsort((cols, rows))
    rows, cols = rows[order], cols[order]
    rank = np.arange(rows.size) - np.searchsorted(rows, rows)
    table[rows, rank] = cols
    return Assignment(table, method, total, covered)
