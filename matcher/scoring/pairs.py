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


_GATHER = 4_000_000  # elements of the dense buffer of mentee rows
_STEP = 1 << 18  # non-zeros gathered per step (temporaries stay in the cache)


def _sparse_sparse_rows(a: sp.csr_matrix, b: sp.csr_matrix, mi: np.ndarray,
                        ei: np.ndarray) -> np.ndarray:
    """Row-wise dot products of two CSR matrices: pairs are taken in groups of mentees whose
    rows fit a small dense buffer, and each mentor row's non-zeros are gathered against it
    (one flat gather and one segmented sum per group of pairs)."""
    out = np.zeros(len(mi), dtype=np.float32)
    if len(mi) == 0:
        return out
    order = np.argsort(ei, kind="stable")
    m_sorted, e_sorted = mi[order], ei[order]
    row_nnz = np.diff(a.indptr)[m_sorted]
    width = b.shape[1]
    per_group = max(1, min(_GATHER // max(1, width), 512))  # mentees per dense buffer
    uniq, first = np.unique(e_sorted, return_index=True)
    for g in range(0, len(uniq), per_group):
        lo = first[g]
        hi = first[g + per_group] if g + per_group < len(uniq) else len(e_sorted)
        group = uniq[g:g + per_group]
        base = np.searchsorted(group, e_sorted[lo:hi]) * width  # each pair's buffer row
        buf = b[group].toarray().ravel()
        # Sub-chunks keep the gathered arrays near _STEP elements.
        cum = np.cumsum(row_nnz[lo:hi])
        cuts = np.searchsorted(cum, np.arange(_STEP, cum[-1] if len(cum) else 0, _STEP))
        for s, t in itertools.pairwise([0, *cuts.tolist(), hi - lo]):
            if s == t:
                continue
            rows = m_sorted[lo + s:lo + t]
            starts, counts = a.indptr[rows], row_nnz[lo + s:lo + t]
            shift = np.cumsum(counts) - counts  # where each pair's run starts
            pos = np.arange(int(counts.sum())) + np.repeat(starts - shift, counts)
            at = a.indices[pos] + np.repeat(base[s:t], counts)
            prod = a.data[pos] * buf[at]
            full = counts > 0
            sums = np.zeros(t - s)
            if full.any():
                sums[full] = np.add.reduceat(prod, shift[full])
            out[order[lo + s:lo + t]] = sums
    return out


Pairs = Block | PairList
