"""Two ways to address a set of pairs, so each rule and component is written once.

`Block(rows, cols)` is a dense mentors × mentees block: per-person arrays broadcast as a column
and a row, bilinear terms are matrix products. `PairList(mi, ei)` is a list of pairs: per-person
arrays are gathered, bilinear terms are row-wise dot products. Code written against `m()`, `e()`,
`dot()`, `at()` and `lookup()` works with either and gives the same values on the same pairs.

Bilinear features come as (mentor matrix, mentee matrix); a mentor matrix may be sparse (CSR),
a mentee matrix is dense when narrow and CSR otherwise (text).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

Matrix = np.ndarray | sp.csr_matrix
_CHUNK = 250_000  # pairs per step of row-wise products (bounds temporary memory)


def _positions(index: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Position of each `wanted` value inside `index` (any order), -1 where absent."""
    if len(index) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    order = np.argsort(index, kind="stable")
    srt = index[order]
    at = np.minimum(np.searchsorted(srt, wanted), len(srt) - 1)
    return np.where(srt[at] == wanted, order[at], -1)


@dataclass(frozen=True, slots=True)
class Block:
    """The dense block rows × cols (mentor indices × mentee indices)."""

    rows: np.ndarray
    cols: np.ndarray
    n_mentees: int

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.cols)

    def m(self, a: np.ndarray) -> np.ndarray:
        column: np.ndarray = a[self.rows][:, None]
        return column

    def e(self, a: np.ndarray) -> np.ndarray:
        row: np.ndarray = a[self.cols][None, :]
        return row

    def dot(self, a: Matrix, b: Matrix) -> np.ndarray:
        """a[mentor] · b[mentee] for every pair of the block, rounded to float32."""
        out = a[self.rows] @ b[self.cols].T
        if sp.issparse(out):
            # scipy-stubs narrow issparse() to an ABC without toarray(); every sparse class has it
            out = out.toarray()  # type: ignore[attr-defined]
        return np.asarray(out, dtype=np.float32)

    def at(self, keys: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
        """Where the pairs with these keys (mentor * n_mentees + mentee) sit in the block:
        an index for the block's arrays, and which keys were found."""
        km, ke = np.divmod(keys, self.n_mentees)
        r, c = _positions(self.rows, km), _positions(self.cols, ke)
        found = (r >= 0) & (c >= 0)
        return (r[found], c[found]), found

    def lookup(self, keys: np.ndarray, values: np.ndarray, default: float) -> np.ndarray:
        """Values of sparse pair facts (sorted keys) inside the block, `default` elsewhere."""
        out = np.full(self.shape, default, dtype=np.float32)
        if len(keys):
            where, found = self.at(keys)
            out[where] = values[found]
        return out


@dataclass(frozen=True, slots=True)
class PairList:
    """An explicit list of pairs (mentor index mi[k], mentee index ei[k])."""

    mi: np.ndarray
    ei: np.ndarray
    n_mentees: int

    @property
    def shape(self) -> tuple[int]:
        return (len(self.mi),)

    def m(self, a: np.ndarray) -> np.ndarray:
        gathered: np.ndarray = a[self.mi]
        return gathered

    def e(self, a: np.ndarray) -> np.ndarray:
        gathered: np.ndarray = a[self.ei]
        return gathered

    def dot(self, a: Matrix, b: Matrix) -> np.ndarray:
        if not sp.issparse(a) and not sp.issparse(b):
            out = np.empty(len(self.mi), dtype=np.float32)
            for lo in range(0, len(self.mi), _CHUNK):
                mi, ei = self.mi[lo:lo + _CHUNK], self.ei[lo:lo + _CHUNK]
                out[lo:lo + len(mi)] = np.einsum("ij,ij->i", a[mi], b[ei])
            return out
        if sp.issparse(a) and not sp.issparse(b):
            return _sparse_dense_rows(a, b, self.mi, self.ei)
        if sp.issparse(a) and sp.issparse(b):
            return _sparse_sparse_rows(a, b, self.mi, self.ei)
        raise TypeError("a dense mentor matrix needs a dense mentee matrix")

    def at(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which pairs have these keys: (pair indices, which keys were found)."""
        pk = self.mi.astype(np.int64) * self.n_mentees + self.ei
        pos = _positions(pk, keys)
        found = pos >= 0
        return pos[found], found

    def lookup(self, keys: np.ndarray, values: np.ndarray, default: float) -> np.ndarray:
        out = np.full(len(self.mi), default, dtype=np.float32)
        if len(keys):
            pk = self.mi.astype(np.int64) * self.n_mentees + self.ei
            at = np.minimum(np.searchsorted(keys, pk), len(keys) - 1)
            hit = keys[at] == pk
            out[hit] = values[at[hit]]
        return out


def _expand(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the non-zeros of CSR `rows` and, for each, which of `rows` it belongs to."""
    starts, counts = indptr[rows], indptr[rows + 1] - indptr[rows]
    owner = np.repeat(np.arange(len(rows)), counts)
    pos = np.arange(len(owner)) + np.repeat(starts - (np.cumsum(counts) - counts), counts)
    return pos, owner


def _sparse_dense_rows(a: sp.csr_matrix, b: np.ndarray, mi: np.ndarray,
                       ei: np.ndarray) -> np.ndarray:
    """Σ_k a[mi, k] · b[ei, k] for each pair, expanding a's few non-zeros per row."""
    out = np.empty(len(mi), dtype=np.float32)
    for lo in range(0, len(mi), _CHUNK):
        m, e = mi[lo:lo + _CHUNK], ei[lo:lo + _CHUNK]
        pos, owner = _expand(a.indptr, m)
        prod = a.data[pos] * b[e[owner], a.indices[pos]]
        out[lo:lo + len(m)] = np.bincount(owner, weights=prod, minlength=len(m))
    return out


_GROUP = 32  # mentees per group of sparse row-wise products (their rows in a dense buffer)
_STEP = 1 << 18  # non-zeros gathered per step (temporaries stay in the cache)
# A mentor's row times the whole buffer costs about a tenth of a gather per mentee (measured:
# 0.7 ns per non-zero and mentee against 8.7 ns per gathered non-zero), so a mentor with pairs
# to at least a tenth of the group's mentees is multiplied at once.
_DENSE_GAIN = 10


def _sparse_sparse_rows(a: sp.csr_matrix, b: sp.csr_matrix, mi: np.ndarray,
                        ei: np.ndarray) -> np.ndarray:
    """Row-wise dot products of two CSR matrices (float64 sums, as the block product gives).

    Mentees are taken in groups of `_GROUP` in the order they first appear (a caller lists a
    cluster's pairs together), their rows in a dense buffer. A mentor with several pairs in
    the group is multiplied by the whole buffer at once (a sparse × dense product); the other
    pairs gather their mentor's non-zeros from the buffer."""
    out = np.zeros(len(mi), dtype=np.float32)
    if len(mi) == 0:
        return out
    uniq, first, inv = np.unique(ei, return_index=True, return_inverse=True)
    rank = np.empty(len(uniq), np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(uniq))
    group_of = rank[inv.ravel()] // _GROUP
    order = np.argsort(group_of, kind="stable")
    cuts = np.searchsorted(group_of[order], np.arange(1, int(group_of.max()) + 1))
    row_nnz = np.diff(a.indptr)
    for idx in np.split(order, cuts):
        m, e = mi[idx], ei[idx]
        group, local = np.unique(e, return_inverse=True)
        local = local.ravel()
        buf = b[group].toarray()
        mentors, m_local, counts = np.unique(m, return_inverse=True, return_counts=True)
        heavy_m = counts * _DENSE_GAIN >= len(group)
        heavy = heavy_m[m_local.ravel()]
        if heavy.any():
            rows = mentors[heavy_m]
            prod = np.asarray(a[rows] @ buf.T)
            out[idx[heavy]] = prod[np.searchsorted(rows, m[heavy]), local[heavy]]
        light = ~heavy
        if light.any():
            out[idx[light]] = _gathered(a, buf.ravel(), m[light],
                                        local[light] * buf.shape[1], row_nnz)
    return out


def _gathered(a: sp.csr_matrix, buf: np.ndarray, rows: np.ndarray, base: np.ndarray,
              row_nnz: np.ndarray) -> np.ndarray:
    """Σ_k a[rows[i], k] · buf[base[i] + k]: each mentor row's non-zeros gathered from a flat
    buffer, in steps of about `_STEP` non-zeros (temporaries stay in the cache)."""
    out = np.zeros(len(rows))
    counts_all = row_nnz[rows]
    cum = np.cumsum(counts_all)
    cuts = np.searchsorted(cum, np.arange(_STEP, cum[-1] if len(cum) else 0, _STEP))
    for s, t in itertools.pairwise([0, *cuts.tolist(), len(rows)]):
        if s == t:
            continue
        starts, counts = a.indptr[rows[s:t]], counts_all[s:t]
        shift = np.cumsum(counts) - counts  # where each pair's run starts
        pos = np.arange(int(counts.sum())) + np.repeat(starts - shift, counts)
        prod = a.data[pos] * buf[a.indices[pos] + np.repeat(base[s:t], counts)]
        full = counts > 0
        if full.any():
            sums = np.zeros(t - s)
            sums[full] = np.add.reduceat(prod, shift[full])
            out[s:t] = sums
    return out


Pairs = Block | PairList
