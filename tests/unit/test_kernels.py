"""The compiled row-wise products of chosen pairs (`matcher.scoring.kernels`) against numpy."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matcher.scoring import kernels


def test_kernels_add_up_repeated_indices() -> None:
    """A CSR row that repeats a column (not summed yet) counts each entry, as a product does."""
    a = sp.csr_matrix((np.array([1.0, 2.0]), np.array([0, 0]), np.array([0, 2])), shape=(1, 2))
    b = sp.csr_matrix(np.array([[3.0, 1.0]]))
    one = np.array([0])
    assert kernels.sparse_sparse_rows(a, b, one, one)[0] == 9.0
    assert kernels.sparse_dense_rows(a, b.toarray(), one, one)[0] == 9.0


def test_kernels_equal_numpy_on_random_pairs() -> None:
    rng = np.random.default_rng(1)
    a = sp.random(40, 60, density=0.2, format="csr", random_state=1)
    b = sp.random(30, 60, density=0.2, format="csr", random_state=2)
    mi, ei = rng.integers(0, 40, 500), rng.integers(0, 30, 500)
    want = np.einsum("ij,ij->i", a.toarray()[mi], b.toarray()[ei]).astype(np.float32)
    np.testing.assert_allclose(kernels.sparse_sparse_rows(a, b, mi, ei), want, rtol=1e-6)
    np.testing.assert_allclose(kernels.sparse_dense_rows(a, b.toarray(), mi, ei), want,
                               rtol=1e-6)
    np.testing.assert_allclose(kernels.dense_dense_rows(a.toarray(), b.toarray(), mi, ei),
                               want, rtol=1e-6)
