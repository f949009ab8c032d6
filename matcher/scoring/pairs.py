"""Two ways to address a set of pairs, so each rule and component is written once.

`Block(rows, cols)` is a dense mentors × mentees block: per-person arrays broadcast as a column
and a row, bilinear terms are matrix products. `PairList(mi, ei)` is a list of pairs: per-person
arrays are gathered, bilinear terms are row-wise dot products. Code written against `m()`, `e()`,
`dot()`, `at()` and `lookup()` works with either and gives the same values on the same pairs.

Bilinear features come as (mentor matrix, mentee matrix); a mentor matrix may be sparse (CSR),
a mentee matrix is dense when narrow and CSR otherwise (text).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matcher.scoring import kernels

Matrix = np.ndarray | sp.csr_matrix


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
        """a[mi[k]] · b[ei[k]] for every pair, each summed on its own (`kernels`): a pair's
        value does not depend on the list it comes in, so `explain` gives the same."""
        mi, ei = self.mi, self.ei
        if not sp.issparse(a) and not sp.issparse(b):
            return kernels.dense_dense_rows(np.asarray(a), np.asarray(b), mi, ei)
        if sp.issparse(a) and not sp.issparse(b):
            return kernels.sparse_dense_rows(sp.csr_matrix(a), np.asarray(b), mi, ei)
        if sp.issparse(a) and sp.issparse(b):
            return kernels.sparse_sparse_rows(sp.csr_matrix(a), sp.csr_matrix(b), mi, ei)
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


Pairs = Block | PairList
