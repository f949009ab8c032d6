"""The curator's own rules for many pairs at once (see `matcher.curator_rules`, the spec).

Each rule becomes per-person arrays once (a loop over people, never over pairs): a one-hot row of
normalised values for same / different, a number (NaN when unknown) for gaps, a flag for allowed
values, one-hot topics for a shared topic. `kept(...)` then evaluates any set of pairs
(`matcher.scoring.pairs`): a block or a list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import scipy.sparse as sp

from matcher.model import (
    PairRule,
    Participant,
    Programme,
    RuleKind,
    Side,
    categorical_values,
    numeric_value,
)
from matcher.scoring.pairs import Matrix, Pairs

DENSE_MAX_COLUMNS = 1024


@dataclass(frozen=True, slots=True)
class RuleArrays:
    """One rule's per-person arrays for the mentors (`m_*`) and the mentees (`e_*`)."""

    rule: PairRule
    m_hot: Matrix | None = None  # one-hot values (same / different / share_topic)
    e_hot: Matrix | None = None
    m_known: np.ndarray | None = None  # bool: has a value
    e_known: np.ndarray | None = None
    m_num: np.ndarray | None = None  # float64, NaN unknown (gap)
    e_num: np.ndarray | None = None
    m_ok: np.ndarray | None = None  # bool: the value is allowed (allowed)
    e_ok: np.ndarray | None = None


def _one_hot(rows: Sequence[frozenset[str]]) -> tuple[Matrix, np.ndarray]:
    """One-hot rows over a shared vocabulary (split back by the caller), and a 'known' flag."""
    vocab = {v: i for i, v in enumerate(sorted({v for r in rows for v in r}))}
    indptr: list[int] = [0]
    indices: list[int] = []
    for r in rows:
        indices.extend(vocab[v] for v in r)
        indptr.append(len(indices))
    m = sp.csr_matrix((np.ones(len(indices), np.float32), np.asarray(indices, np.int32),
                       np.asarray(indptr, np.int64)), shape=(len(rows), max(len(vocab), 1)))
    known = np.diff(m.indptr) > 0
    out: Matrix = m.toarray() if m.shape[1] <= DENSE_MAX_COLUMNS else m
    return out, known


def _split(hot: Matrix, n: int) -> tuple[Matrix, Matrix]:
    return hot[:n], hot[n:]


def build(programme: Programme, mentors: Sequence[Participant],
          mentees: Sequence[Participant]) -> tuple[RuleArrays, ...]:
    """Arrays for every rule of the programme (required and preferred)."""
    at: date = programme.rules_date
    n = len(mentors)
    people = (*mentors, *mentees)
    out = []
    for rule in programme.rules:
        match rule.kind:
            case RuleKind.same | RuleKind.different:
                attribute = rule.attribute  # an enum made from the field: once, not per person
                hot, known = _one_hot([categorical_values(p, attribute) for p in people])
                mh, eh = _split(hot, n)
                out.append(RuleArrays(rule, m_hot=mh, e_hot=eh, m_known=known[:n],
                                      e_known=known[n:]))
            case RuleKind.share_topic:
                rows = [frozenset(p.competencies) for p in mentors] + [
                    frozenset(p.requests) for p in mentees]
                hot, _ = _one_hot(rows)
                mh, eh = _split(hot, n)
                out.append(RuleArrays(rule, m_hot=mh, e_hot=eh))
            case RuleKind.gap:
                numeric = rule.numeric
                nums = np.asarray([np.nan if (v := numeric_value(p, numeric, at)) is None
                                   else v for p in people], np.float64)
                out.append(RuleArrays(rule, m_num=nums[:n], e_num=nums[n:]))
            case RuleKind.allowed:
                allowed = rule.normalised_values()
                attribute = rule.attribute
                ok = np.asarray([bool(categorical_values(p, attribute) & allowed)
                                 for p in people], bool)
                out.append(RuleArrays(rule, m_ok=ok[:n], e_ok=ok[n:]))
    return tuple(out)


def kept(a: RuleArrays, px: Pairs) -> np.ndarray:
    """Whether each pair of `px` keeps the rule (bool, shaped like the pairs)."""
    rule = a.rule
    shape = px.shape
    match rule.kind:
        case RuleKind.same | RuleKind.different:
            assert a.m_hot is not None and a.e_hot is not None
            assert a.m_known is not None and a.e_known is not None
            shared = px.dot(a.m_hot, a.e_hot) > 0
            both = px.m(a.m_known) & px.e(a.e_known)
            res = both & (shared if rule.kind == RuleKind.same else ~shared)
        case RuleKind.share_topic:
            assert a.m_hot is not None and a.e_hot is not None
            res = px.dot(a.m_hot, a.e_hot) > 0
        case RuleKind.gap:
            assert a.m_num is not None and a.e_num is not None
            gap = px.m(a.m_num) - px.e(a.e_num)
            with np.errstate(invalid="ignore"):
                res = ~np.isnan(gap)
                if rule.min is not None:
                    res &= gap >= rule.min
                if rule.max is not None:
                    res &= gap <= rule.max
        case RuleKind.allowed:
            assert a.m_ok is not None and a.e_ok is not None
            res = np.ones(shape, bool)
            if rule.side in (Side.mentor, Side.both):
                res = res & px.m(a.m_ok)
            if rule.side in (Side.mentee, Side.both):
                res = res & px.e(a.e_ok)
    return np.broadcast_to(np.asarray(res, bool), shape)


def required_broken(arrays: Sequence[RuleArrays], px: Pairs) -> np.ndarray | None:
    """Pairs that break a required rule (None when the programme has none)."""
    out: np.ndarray | None = None
    for a in arrays:
        if a.rule.tier != "required":
            continue
        broken = ~kept(a, px)
        out = broken if out is None else out | broken
    return out


def preferred_value(arrays: Sequence[RuleArrays], px: Pairs) -> np.ndarray:
    """The `curator_rules` component: the weighted share of preferred rules kept (0 if none)."""
    acc = np.zeros(px.shape, np.float32)
    total = 0.0
    for a in arrays:
        if a.rule.tier != "preferred" or a.rule.weight <= 0:
            continue
        acc += kept(a, px).astype(np.float32) * np.float32(a.rule.weight)
        total += a.rule.weight
    if total > 0:
        acc /= np.float32(total)
    return acc
