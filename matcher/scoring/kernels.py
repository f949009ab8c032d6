"""Compiled row-wise products for lists of pairs (numba): the exact stage of the top-k regime
scores millions of chosen pairs, where numpy must gather every non-zero into temporaries.

Each kernel walks the pairs in runs of one mentor: the mentor's row is written once into a
dense buffer, and every mentee of the run reads its own non-zeros from it (a mentee row is
read, never the product of whole rows). Sums are taken in float64, in the order of the
mentee's non-zeros, and the result rounded to float32 as the other product paths do, so a
pair's value never depends on the list it is in. The kernels release the GIL and start no
threads of their own (the scorer runs its blocks on threads, and the service runs solves on
threads: numba's own thread pool must not be entered from two at once). Compiled on first use
and kept on disk (`cache=True`).
"""

from __future__ import annotations

from typing import Any

import numba as nb
import numpy as np
import scipy.sparse as sp


@nb.njit(cache=True, nogil=True)
def _sparse_sparse(a_ptr: Any, a_idx: Any, a_val: Any, b_ptr: Any, b_idx: Any, b_val: Any,
                   mi: Any, ei: Any, order: Any, width: int, out: Any) -> None:
    buf = np.zeros(width, np.float64)
    prev = -1
    for p in order:
        m = mi[p]
        if m != prev:
            if prev >= 0:
                for j in range(a_ptr[prev], a_ptr[prev + 1]):
                    buf[a_idx[j]] = 0.0
            for j in range(a_ptr[m], a_ptr[m + 1]):
                buf[a_idx[j]] += a_val[j]  # a repeated index adds up, as in a product
            prev = m
        e = ei[p]
        s = 0.0
        for j in range(b_ptr[e], b_ptr[e + 1]):
            s += buf[b_idx[j]] * b_val[j]
        out[p] = s


@nb.njit(cache=True, nogil=True)
def _sparse_dense(a_ptr: Any, a_idx: Any, a_val: Any, b: Any, mi: Any, ei: Any,
                  out: Any) -> None:
    for p in range(len(mi)):
        m, e = mi[p], ei[p]
        s = 0.0
        for j in range(a_ptr[m], a_ptr[m + 1]):
            s += a_val[j] * b[e, a_idx[j]]
        out[p] = s


@nb.njit(cache=True, nogil=True)
def _dense_dense(a: Any, b: Any, mi: Any, ei: Any, out: Any) -> None:
    width = a.shape[1]
    for p in range(len(mi)):
        m, e = mi[p], ei[p]
        s = 0.0
        for j in range(width):
            s += a[m, j] * b[e, j]
        out[p] = s


def _by_mentor(mi: np.ndarray) -> np.ndarray:
    """An order of the pairs that keeps each mentor's together (the given one if it does)."""
    if len(mi) < 2 or bool(np.all(mi[1:] >= mi[:-1])):
        return np.arange(len(mi))
    order: np.ndarray = np.argsort(mi, kind="stable")
    return order


def sparse_sparse_rows(a: sp.csr_matrix, b: sp.csr_matrix, mi: np.ndarray,
                       ei: np.ndarray) -> np.ndarray:
    """Σ_k a[mi[p], k] · b[ei[p], k] for every pair p (two CSR matrices), float32."""
    out = np.zeros(len(mi), np.float64)
    if len(mi):
        width = max(a.shape[1], b.shape[1], 1)
        _sparse_sparse(a.indptr, a.indices, a.data, b.indptr, b.indices, b.data,
                       mi, ei, _by_mentor(mi), width, out)
    return out.astype(np.float32)


def sparse_dense_rows(a: sp.csr_matrix, b: np.ndarray, mi: np.ndarray,
                      ei: np.ndarray) -> np.ndarray:
    """Σ_k a[mi[p], k] · b[ei[p], k] for every pair p (a CSR, b dense), float32."""
    out = np.zeros(len(mi), np.float64)
    if len(mi):
        _sparse_dense(a.indptr, a.indices, a.data, np.ascontiguousarray(b), mi, ei, out)
    return out.astype(np.float32)


def dense_dense_rows(a: np.ndarray, b: np.ndarray, mi: np.ndarray,
                     ei: np.ndarray) -> np.ndarray:
    """Σ_k a[mi[p], k] · b[ei[p], k] for every pair p (both dense), float32."""
    out = np.zeros(len(mi), np.float64)
    if len(mi):
        _dense_dense(np.ascontiguousarray(a), np.ascontiguousarray(b), mi, ei, out)
    return out.astype(np.float32)
