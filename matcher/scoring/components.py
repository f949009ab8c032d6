"""Score components: each a function of per-person features over a set of pairs, in [0, 1].

Names equal the fields of `matcher.model.Weights`. All are vectorised (see `pairs`); the values
that stand for "no information" are constants here, so every mentee is treated alike.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from matcher.candidates import FORM_ORDER
from matcher.model import Form, Weights
from matcher.scoring.curator import preferred_value
from matcher.scoring.features import WISH_NONE, Features
from matcher.scoring.pairs import Pairs

# The weights' components, then the programme's preferred rules (weighted by the rules
# themselves: `Programme.component_weights`).
COMPONENTS: tuple[str, ...] = (*Weights.model_fields, "curator_rules")

NOT_APPLICABLE = 0.5  # subject_match when no request is about a subject
UNKNOWN = 0.3  # expectations and free time when a side did not say
EXPERIENCE_FULL_YEARS = 10.0  # a 10-year experience gap counts as fully useful
EXPERIENCE_SHARE = 0.7  # rest of experience_gap: qualification category gap
CATEGORY_STEPS = 3.0
DIGITAL_STEPS = 3.0
GRADE_FULL_GAP = 3.0  # a peer mentor three grades ahead is as useful as it gets
TIME_FULL_MINUTES = 90.0  # an hour and a half of common free time a week is enough
FREQUENCY_SHARE = 0.7  # rest of expectations: agreement on meeting formats
FORMAT_SAME_SITE = 1.0  # in person, same site
FORMAT_REMOTE = 0.75  # both accept remote meetings
FORMAT_TRAVEL = 0.25  # in person only, different sites

_F = {form: i for i, form in enumerate(FORM_ORDER)}
_TEACHER_FORMS = (Form.teacher_teacher, Form.leader_teacher, Form.university_teacher_young_teacher)


def _format_jaccard(a: int, b: int) -> float:
    """Agreement of two meeting-format bit masks (1 in person, 2 remote, 3 both)."""
    return (a & b).bit_count() / max(1, (a | b).bit_count())


def _expectations_table() -> np.ndarray:
    """expectations for every pair of `Side.expect_code` values: (frequency + 1) * 4 + formats."""
    table = np.zeros((16, 16), dtype=np.float32)
    for cm in range(16):
        for ce in range(16):
            fm, fe = cm // 4 - 1, ce // 4 - 1
            freq = 1 - abs(fm - fe) / 2 if fm >= 0 and fe >= 0 else UNKNOWN
            fmt = _format_jaccard(cm % 4, ce % 4)
            table[cm, ce] = FREQUENCY_SHARE * freq + (1 - FREQUENCY_SHARE) * fmt
    return table


def _format_table() -> np.ndarray:
    """format_fit indexed [same location, mentor formats, mentee formats]."""
    table = np.zeros((2, 4, 4), dtype=np.float32)
    for same in (0, 1):
        for a in range(4):
            for b in range(4):
                common = a & b
                table[same, a, b] = (
                    FORMAT_SAME_SITE if common & 1 and same
                    else FORMAT_REMOTE if common & 2
                    else FORMAT_TRAVEL if common & 1 else 0.0)
    return table


EXPECTATIONS = _expectations_table()
_TEACHER_FORM_TABLE = np.array([False] + [f in _TEACHER_FORMS for f in FORM_ORDER])  # [form + 1]


def _scaled(x: np.ndarray, factor: float) -> np.ndarray:
    return (x * factor).astype(np.float32)
FORMAT_FIT = _format_table()


def compute(
    f: Features, px: Pairs, form: np.ndarray, *, text: str = "exact",
    only: tuple[str, ...] = COMPONENTS,
) -> dict[str, np.ndarray]:
    """Component values (float32) for the pairs `px`, given each pair's form index (-1: none).
    Per-person arrays are gathered before any arithmetic, so a block costs what it holds.

    `text="lsa"` uses the low-rank text projection (the top-k candidate stage).
    """
    M, E = f.mentors, f.mentees
    shape = px.shape
    out: dict[str, np.ndarray] = {}
    present = np.bincount(form.ravel() + 1, minlength=len(FORM_ORDER) + 1)[1:] > 0

    if "topic_coverage" in only or "subject_match" in only:  # both read `shared`
        shared = px.dot(M.subjects, E.subjects) > 0

    if "topic_coverage" in only:
        # A subject-bound topic (subject content, exams, lagging behind) is covered only by a
        # mentor of the same subject: a chemistry teacher does not prepare for the maths exam.
        cov = px.dot(M.topics, E.asks)
        cov -= px.dot(M.topics, E.bound_asks) * ~shared
        np.maximum(cov, 0, out=cov)  # rounding
        if present[_F[Form.reverse]]:
            cov_np = px.dot(M.topics, E.practice_asks)
            np.copyto(cov, cov_np, where=form == _F[Form.reverse])
        out["topic_coverage"] = cov

    if "subject_match" in only:
        bound = px.e(np.any(E.topics[:, f.subject_bound] > 0, axis=1))  # per mentee first
        out["subject_match"] = np.where(bound, shared.astype(np.float32),
                                        np.float32(NOT_APPLICABLE))

    if "text_similarity" in only:
        if text == "lsa":
            # Features carry the projection whenever the scorer works in the top-k regime,
            # the only one that asks for it.
            assert M.text_lsa is not None and E.text_lsa is not None
            sim = px.dot(M.text_lsa, E.text_lsa)
        else:
            sim = px.dot(M.text, E.text)
        out["text_similarity"] = np.clip(sim, 0, 1, out=sim)

    if "experience_gap" in only:
        gap = np.zeros(shape, dtype=np.float32)
        if any(present[_F[x]] for x in _TEACHER_FORMS):
            teacher = _TEACHER_FORM_TABLE[form + 1]
            # Per-person scaled terms in float32, so the pair work is a few passes.
            years = _scaled(px.m(M.experience), EXPERIENCE_SHARE / EXPERIENCE_FULL_YEARS) \
                - _scaled(px.e(E.experience), EXPERIENCE_SHARE / EXPERIENCE_FULL_YEARS)
            np.clip(years, 0, EXPERIENCE_SHARE, out=years)
            step = (1 - EXPERIENCE_SHARE) / CATEGORY_STEPS
            cats = _scaled(px.m(M.category), step) - _scaled(px.e(E.category), step)
            np.clip(cats, 0, 1 - EXPERIENCE_SHARE, out=cats)
            years += cats
            np.copyto(gap, years, where=teacher)
        if present[_F[Form.reverse]]:
            digital = np.clip((px.m(M.digital) - px.e(E.digital)) / DIGITAL_STEPS, 0, 1)
            np.copyto(gap, np.broadcast_to(digital, shape), where=form == _F[Form.reverse],
                      casting="same_kind")
        if present[_F[Form.student_student]]:
            grades = np.clip((px.m(M.study_level).astype(np.int16) - px.e(E.study_level))
                             / GRADE_FULL_GAP, 0, 1)
            np.copyto(gap, np.broadcast_to(grades, shape),
                      where=form == _F[Form.student_student], casting="same_kind")
        if present[_F[Form.employer_student]]:
            employer = np.clip(px.m(M.experience) / EXPERIENCE_FULL_YEARS, 0, 1).astype(
                np.float32)
            np.copyto(gap, np.broadcast_to(employer, shape),
                      where=form == _F[Form.employer_student])
        out["experience_gap"] = gap

    if "mutual_wishes" in only:
        out["mutual_wishes"] = _wishes(f, px)

    if "shared_interests" in only:
        common = px.dot(M.interests, E.interests)
        least = np.minimum(px.m(M.n_interests), px.e(E.n_interests))
        common /= np.maximum(least, 1)  # no interests on a side: nothing in common, 0
        out["shared_interests"] = common

    if "expectations" in only:
        code = px.m(M.expect_code).astype(np.int16) * 16 + px.e(E.expect_code)
        out["expectations"] = EXPECTATIONS.ravel().take(code)

    if "time_overlap" in only:
        minutes = px.dot(M.slots, E.slots)
        minutes *= 1 / TIME_FULL_MINUTES
        np.minimum(minutes, 1, out=minutes)
        known = px.m(M.has_slots) & px.e(E.has_slots)
        out["time_overlap"] = np.where(known, minutes, np.float32(UNKNOWN))

    if "format_fit" in only:
        code = px.m(M.formats).astype(np.int8) * 4 + px.e(E.formats)
        code += (px.m(M.location) == px.e(E.location)) * np.int8(16)
        out["format_fit"] = FORMAT_FIT.ravel().take(code)

    if "curator_rules" in only:
        out["curator_rules"] = preferred_value(f.curator, px)

    return {k: np.broadcast_to(np.asarray(v, dtype=np.float32), shape) for k, v in out.items()}


def _wishes(f: Features, px: Pairs) -> np.ndarray:
    """Geometric mean of both sides' wish values; only pairs with a wish differ from neutral."""
    keys = np.union1d(f.mentor_wish_keys, f.mentee_wish_keys)
    a = _values_at(f.mentor_wish_keys, f.mentor_wish_values, keys, WISH_NONE)
    b = _values_at(f.mentee_wish_keys, f.mentee_wish_values, keys, WISH_NONE)
    return px.lookup(keys, np.sqrt(a * b).astype(np.float32), WISH_NONE)


def _values_at(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray,
               default: float) -> np.ndarray:
    if len(keys) == 0:
        return np.full(len(wanted), default, dtype=np.float32)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, values[at], np.float32(default))


def total(values: dict[str, np.ndarray], weights: dict[str, float],
          dtype: type[np.floating[Any]] = np.float64) -> np.ndarray:
    """Weighted sum of components (weights sum to 1), clipped into [0, 1]. float64 for the
    scores handed out; float32 is enough to rank a candidate pool."""
    acc: np.ndarray | None = None
    for name in COMPONENTS:
        w = weights[name]
        if w == 0 or name not in values:
            continue
        term = values[name].astype(dtype) * dtype(w)
        if acc is None:
            acc = term
        else:
            acc += term
    if acc is None:  # `Weights` refuses all-zero weights, so some component always counts
        raise ValueError("no component with a non-zero weight to add up")
    return np.clip(acc, 0.0, 1.0, out=acc)
