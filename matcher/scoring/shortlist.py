"""Sub-quadratic candidate search inside a large block (virtual mentoring across a region).

The top-k regime's first stage scores pairs with a proxy: one float32 matrix product of a
mentor row and a mentee row (`Scorer._build_proxy`) plus a few cheap exact terms. Doing that
for every mentor × mentee pair of a region-wide block is quadratic. Here mentees are grouped
into small clusters of similar proxy rows (k-means on a low-dimensional projection); each
cluster's centroid is scored against every mentor (one product of clusters × mentors, a
hundredth of the pairs) and only its best `shortlist` mentors are scored against the
cluster's members. The work is then mentees × shortlist plus clusters × mentors.

Pairs the proxy cannot see are added as they are: every mentor of a mentee's own organisation
(forms that need one organisation, and the same site) and every pair with a stated wish. The
exact scores and the hard rules are computed on the union, so what changes is only which
mentors are looked at (`benchmarks/scoring.py` measures the recall against the exact pass).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

PROJECTION_DIMS = 32  # dimensions the k-means runs in
KMEANS_ITERATIONS = 8
PROJECTION_SAMPLE = 4000  # rows the projection is fitted on


def project(x: np.ndarray, dims: int, random_state: int) -> np.ndarray:
    """`x` (rows × features) centred and projected on its top `dims` principal directions,
    fitted on a sample of rows drawn with `random_state` (float32)."""
    if x.shape[1] <= dims:
        return np.ascontiguousarray(x, np.float32)
    rng = np.random.default_rng(random_state)
    sample = x if len(x) <= PROJECTION_SAMPLE else x[
        np.sort(rng.choice(len(x), PROJECTION_SAMPLE, replace=False))]
    mean = sample.mean(axis=0)
    _, _, vt = np.linalg.svd((sample - mean).astype(np.float64), full_matrices=False)
    out: np.ndarray = ((x - mean) @ vt[:dims].T.astype(np.float32)).astype(np.float32)
    return out


def clusters(x: np.ndarray, size: int, random_state: int) -> list[np.ndarray]:
    """Row indices of `x` grouped by k-means into clusters of about `size` rows (at most
    four times that: bigger ones are cut), each sorted; deterministic for `random_state`."""
    n = len(x)
    n_clusters = max(1, -(-n // max(1, size)))
    if n_clusters == 1:
        return [np.arange(n)]
    rng = np.random.default_rng(random_state)
    centres = x[np.sort(rng.choice(n, n_clusters, replace=False))].astype(np.float32)
    label = np.zeros(n, np.int64)
    sq = np.einsum("ij,ij->i", x, x)
    for _ in range(KMEANS_ITERATIONS):
        label = _nearest(x, sq, centres)
        counts = np.bincount(label, minlength=n_clusters)
        member = sp.csr_matrix((np.ones(n, np.float32), (label, np.arange(n))),
                               shape=(n_clusters, n))
        used = counts > 0  # an empty cluster is dropped
        centres = (np.asarray(member @ x)[used] / counts[used, None]).astype(np.float32)
        n_clusters = len(centres)
    label = _nearest(x, sq, centres)
    order = np.argsort(label, kind="stable")
    bounds = np.flatnonzero(np.diff(label[order])) + 1
    out = []
    for group in np.split(order, bounds):
        for lo in range(0, len(group), 4 * size):
            out.append(np.sort(group[lo:lo + 4 * size]))
    return out


def _nearest(x: np.ndarray, sq: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of the nearest centre of every row (in blocks of rows, to bound memory)."""
    c_sq = np.einsum("ij,ij->i", centres, centres)
    out = np.empty(len(x), np.int64)
    step = max(1, 4_000_000 // max(1, len(centres)))
    for lo in range(0, len(x), step):
        d = c_sq[None, :] - 2 * (x[lo:lo + step] @ centres.T)
        d += sq[lo:lo + step, None]
        out[lo:lo + step] = np.argmin(d, axis=1)
    return out


def top_rows(scores: np.ndarray, take: int) -> np.ndarray:
    """Indices of the `take` highest scores of a vector, sorted by index (ties: any)."""
    if take >= len(scores):
        return np.arange(len(scores))
    best: np.ndarray = np.sort(np.argpartition(-scores, take - 1)[:take])
    return best


def same_group_pairs(row_group: np.ndarray, rows: np.ndarray, col_group: np.ndarray,
                     cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (row, col) of `rows` × `cols` whose groups (organisations) are equal, as two
    index arrays: the pairs a group-wide rule allows, without the cross product."""
    order = np.argsort(row_group, kind="stable")
    g_sorted, r_sorted = row_group[order], rows[order]
    lo = np.searchsorted(g_sorted, col_group, side="left")
    hi = np.searchsorted(g_sorted, col_group, side="right")
    counts = hi - lo
    ei = np.repeat(cols, counts)
    starts = np.repeat(lo - (np.cumsum(counts) - counts), counts)
    mi = r_sorted[np.arange(len(ei)) + starts]
    return mi, ei
