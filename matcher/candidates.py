"""Candidate pairs: the scorer's output and the solver's input, in coordinate (sparse) form."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.model import Form

FORM_ORDER: tuple[Form, ...] = tuple(Form)  # `Candidates.form` indexes into this


@dataclass(frozen=True, slots=True)
class Candidates:
    """Eligible mentor–mentee pairs, one entry per pair, as parallel numpy arrays.

    Only pairs that pass every hard rule appear here. `mentor[i]` and `mentee[i]` index into
    `mentor_ids` and `mentee_ids`; `score[i]` is the weighted total in [0, 1]; `form[i]` indexes
    `FORM_ORDER`; `pair_ok[i]` says a one-to-one kind is common to both, `group_ok[i]` that both
    accept group work; `components` (pairs × len(component_names)) holds the breakdown.
    """

    mentor_ids: tuple[str, ...]
    mentee_ids: tuple[str, ...]
    mentor: np.ndarray  # int32
    mentee: np.ndarray  # int32
    score: np.ndarray  # float64
    form: np.ndarray  # int8
    pair_ok: np.ndarray  # bool
    group_ok: np.ndarray  # bool
    component_names: tuple[str, ...] = ()
    components: np.ndarray | None = None  # float32, pairs × components

    def __len__(self) -> int:
        return int(self.mentor.shape[0])
