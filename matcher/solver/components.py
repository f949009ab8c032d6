"""Independent parts of the candidate graph: mentors and mentees linked by candidate pairs.

Pairs in different components never compete for a mentor or a mentee, so each component is
solved on its own (and most of them, in practice, by the exact flow alone).
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from matcher.solver.instance import I64, BoolArray, Instance, IntArray


def component_labels(inst: Instance, mask: BoolArray) -> IntArray:
    """A component number for every candidate in `mask` (−1 elsewhere)."""
    n_m, n_e = len(inst.mentor_ids), len(inst.mentee_ids)
    idx = np.flatnonzero(mask)
    graph = coo_matrix(
        (np.ones(idx.size, np.int8), (inst.mentor[idx], n_m + inst.mentee[idx])),
        shape=(n_m + n_e, n_m + n_e),
    )
    _, node_label = connected_components(graph, directed=False)
    labels = np.full(inst.n_candidates, -1, I64)
    labels[idx] = node_label[inst.mentor[idx]]
    return labels


def components(inst: Instance, mask: BoolArray) -> list[IntArray]:
    """Candidate indices of each component with at least one candidate in `mask`, in a fixed
    order (by smallest candidate index), each sorted."""
    labels = component_labels(inst, mask)
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    order = np.argsort(labels[idx], kind="stable")
    sorted_labels = labels[idx][order]
    cuts = np.flatnonzero(np.diff(sorted_labels)) + 1
    parts = np.split(idx[order], cuts)
    parts.sort(key=lambda p: int(p[0]))
    return parts
