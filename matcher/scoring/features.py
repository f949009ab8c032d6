"""Per-person feature arrays for vectorised eligibility and scoring.

Everything about one person is turned into numbers once (a loop over people, never over pairs):
role codes, agreed forms and kinds as bit masks, consent and capacity flags, topic vectors,
subject and interest one-hot rows, free time over elementary week intervals, and text vectors.
Pair-level facts that are sparse by nature (wishes, conflicts, rejections) are kept as sorted
pair keys. `matcher.scoring.pairs` then evaluates any set of pairs from these arrays.
"""

from __future__ import annotations

import contextvars
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple, TypedDict, TypeVar

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.decomposition import TruncatedSVD

from matcher.model import (
    CATEGORY_RANK,
    Bank,
    Category,
    Frequency,
    MeetingFormat,
    MenteeRequest,
    MentorOffer,
    Participant,
    Programme,
    Role,
    StudentModel,
    TimeSlot,
    Wish,
    WishLevel,
    rank_weight,
)
from matcher.rules import student_models, study_stage
from matcher.scoring.codes import (
    ALL_FORMS,
    ALL_KINDS,
    FORM_BITS,
    KIND_BITS,
    MODEL_BITS,
    ROLE_ORDER,
    people_bits,
)
from matcher.scoring.curator import RuleArrays
from matcher.scoring.curator import build as build_rules
from matcher.scoring.embedding import SentenceEmbedder
from matcher.scoring.text import TextFeaturizer, lemmatize_text
from matcher.topics import taxonomy

__all__ = ["TextFeaturizer", "lemmatize_text"]  # moved to matcher.scoring.text, still here

# Bilinear features are float64, so a block product and a row-wise product of the same pair
# round to the same float32 component value (summation order differs between the two).
Matrix = np.ndarray | sp.csr_matrix
FORMAT_BITS: dict[MeetingFormat, int] = {MeetingFormat.in_person: 1, MeetingFormat.remote: 2}
ALL_FORMATS = 3
FREQUENCY_ORDER: tuple[Frequency, ...] = (Frequency.weekly, Frequency.biweekly, Frequency.monthly)

# A wish turned into a number for the geometric mean in `mutual_wishes`. "No opinion" is a
# neutral, fairly low value, so interest from one side only lands well below interest from both.
WISH_NONE = 0.3
WISH_MAYBE = 0.6
WISH_YES_FLOOR = 0.8  # a "yes" ranked far down still beats a "maybe"
WISH_YES_RANK_STEP = 0.05  # each place down the ranking costs this much


def wish_value(wish: Wish | None, longest: int = 1) -> float:
    """A side's wish in [0, 1]: rank-aware yes, maybe, neutral for no opinion, 0 for no.

    A ranked yes loses WISH_YES_RANK_STEP per place, or less where the person's ranking is
    longer (`longest`, their lowest rank) than fits above WISH_YES_FLOOR: a ranking of 30
    mentors keeps 30 distinct values instead of collapsing after the fifth."""
    if wish is None:
        return WISH_NONE
    match wish.level:
        case WishLevel.no:
            return 0.0
        case WishLevel.maybe:
            return WISH_MAYBE
        case WishLevel.yes:
            rank = wish.rank or 1
            step = min(WISH_YES_RANK_STEP, (1.0 - WISH_YES_FLOOR) / max(longest - 1, 1))
            return max(WISH_YES_FLOOR, 1.0 - step * (rank - 1))
    raise AssertionError(wish.level)  # pragma: no cover


def longest_ranking(person: Participant) -> int:
    """The lowest rank among a person's ranked yes wishes (1 if they rank none)."""
    return max((w.rank for w in person.wishes if w.level == WishLevel.yes and w.rank), default=1)


@lru_cache(maxsize=1 << 16)  # the same few subjects and interests, written by everyone
def norm_token(text: str) -> str:
    """Subjects and interests compared case-insensitively, with ё as е and spaces squeezed."""
    return " ".join(text.lower().replace("ё", "е").split())


def location(p: Participant) -> str:
    """Where a person meets in person: the site, or the organisation when no site is given."""
    return norm_token(p.site or p.organisation)


# --- people -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Side:
    """Feature arrays of one side (mentors or mentees); row i is `ids[i]`."""

    ids: tuple[str, ...]
    people: tuple[Participant, ...]
    gid: np.ndarray  # int32: index in bank.participants, to tell the same person
    role: np.ndarray  # int8: index in ROLE_ORDER
    forms: np.ndarray  # uint8: FORM_BITS agreed (none named = all)
    kinds: np.ndarray  # uint8: KIND_BITS agreed (none named = all)
    person_bits: np.ndarray  # uint16: exclusion bits that depend on this person alone
    study_level: np.ndarray  # int8: grade, 11 + course, or -1
    stage: np.ndarray  # int8: stage of education (rules.study_stage), -1 if not studying
    student_models: np.ndarray  # uint8: mentors' «ученик – ученик» role models as bits
    employable: np.ndarray  # bool: senior grade or a college course (employer_student)
    young: np.ndarray  # bool: young specialist at the programme start, by its definitions
    experience: np.ndarray  # float64 years
    birth_year: np.ndarray  # int32 (exact comparisons for `reverse`)
    organisation: np.ndarray  # int32: code of the organisation (same-organisation forms)
    category: np.ndarray  # int8 CATEGORY_RANK
    digital: np.ndarray  # int8 0..3
    location: np.ndarray  # int32: code of site (or organisation)
    formats: np.ndarray  # uint8 FORMAT_BITS (none named = both)
    frequency: np.ndarray  # int8 index in FREQUENCY_ORDER, -1 unknown
    topics: np.ndarray  # float64 (n × T): mentors: level / 3; mentees: priority 1..3
    asks: np.ndarray  # float64 (n × T): mentees: priorities / their sum (0 rows for none)
    practice_asks: np.ndarray  # float64 (n × T): the same over new-practice topics only
    bound_asks: np.ndarray  # float64 (n × T): `asks` restricted to subject-bound topics
    expect_code: np.ndarray  # int8: (frequency + 1) * 4 + formats, for the expectations table
    subjects: Matrix  # binary (n × S)
    interests: Matrix  # binary (n × I)
    n_interests: np.ndarray  # float32
    # (n × K) over elementary week intervals: mentors the free minutes of each, mentees 1 where
    # free, so a product is the common free time in minutes.
    slots: Matrix
    has_slots: np.ndarray  # bool
    text: sp.csr_matrix  # TF-IDF rows (experience for mentors, difficulties for mentees)
    text_lsa: np.ndarray | None  # dense projection of `text`, for the top-k candidate stage

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class Features:
    """Everything the vectorised rules and components read, for one bank and programme."""

    mentors: Side
    mentees: Side
    topic_ids: tuple[str, ...]
    new_practice: np.ndarray  # bool (T,)
    subject_bound: np.ndarray  # bool (T,)
    subject_names: tuple[str, ...]
    interest_names: tuple[str, ...]
    slot_bounds: np.ndarray  # int32 (K + 1,) elementary interval bounds, minutes from Monday
    programme_forms: int  # FORM_BITS allowed
    programme_kinds: int  # KIND_BITS allowed
    # Sparse pair facts as sorted keys mentor_index * n_mentees + mentee_index.
    mentor_no: np.ndarray
    mentee_no: np.ndarray
    conflict: np.ndarray
    rejected: np.ndarray
    mentor_wish_keys: np.ndarray
    mentor_wish_values: np.ndarray  # float32, aligned with mentor_wish_keys
    mentee_wish_keys: np.ndarray
    mentee_wish_values: np.ndarray
    lsa_model: TruncatedSVD | None = None  # the fitted text projection (top-k regime)
    # The programme's own rules as per-person arrays (`matcher.scoring.curator`).
    curator: tuple[RuleArrays, ...] = ()
    scope_key: tuple[object, ...] = ()  # the vocabularies the rows are written in
    mentor_keys: tuple[str, ...] = ()  # `person_key` of each mentor, for the next run
    mentee_keys: tuple[str, ...] = ()

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.mentors), len(self.mentees)


K = TypeVar("K")


def _mask(chosen: Iterable[K], bits: Mapping[K, int], full: int) -> int:
    out = 0
    for item in chosen:
        out |= bits[item]
    return out or full


LSA_FIT_DOCS = 6_000  # texts the low-rank projection is fitted on (top-k regime only)
DENSE_MAX_COLUMNS = 1024  # narrower one-hot matrices are kept dense: BLAS beats sparse products


def _compact(x: sp.csr_matrix) -> Matrix:
    return x.toarray() if x.shape[1] <= DENSE_MAX_COLUMNS else x


def _row_normalised(x: NDArray[np.float64]) -> NDArray[np.float64]:
    sums = x.sum(axis=1, keepdims=True)
    out = np.zeros_like(x)
    np.divide(x, sums, out=out, where=sums > 0)
    return out


def _keys(pairs: Iterable[tuple[int, int]], n_mentees: int) -> np.ndarray:
    keys = np.fromiter((m * n_mentees + e for m, e in pairs), dtype=np.int64)
    return np.unique(keys)


def _keyed(items: dict[tuple[int, int], float], n_mentees: int) -> tuple[np.ndarray, np.ndarray]:
    if not items:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    keys = np.fromiter((m * n_mentees + e for m, e in items), dtype=np.int64, count=len(items))
    vals = np.fromiter(items.values(), dtype=np.float32, count=len(items))
    order = np.argsort(keys)
    return keys[order], vals[order]


def _lsa(texts: sp.csr_matrix, n_mentors: int, dims: int, random_state: int,
         fitted: TruncatedSVD | None = None
         ) -> tuple[np.ndarray, np.ndarray, TruncatedSVD | None]:
    """Low-rank projection of the TF-IDF rows (mentors first), for the top-k candidate stage,
    and the projection. Fitted on a sample of the texts: enough for a candidate filter, and it
    bounds the time; `fitted` (a rerun's) is reused as it is."""
    n_docs, n_feat = texts.shape
    k = min(dims, n_feat - 1, n_docs - 1)
    if fitted is None and k < 1:  # (almost) no text: nothing to project
        out = np.zeros((n_docs, 1), dtype=np.float32)
        return out[:n_mentors], out[n_mentors:], None
    svd = fitted
    if svd is None:
        rng = np.random.default_rng(random_state)
        sample = np.sort(rng.choice(n_docs, size=min(n_docs, LSA_FIT_DOCS), replace=False))
        svd = TruncatedSVD(n_components=k, n_iter=3, random_state=random_state)
        with np.errstate(invalid="ignore", divide="ignore"):  # explained variance of empty texts
            svd.fit(texts[sample])
    out = svd.transform(texts).astype(np.float32)
    return out[:n_mentors], out[n_mentors:], svd


@dataclass(frozen=True, eq=False)
class _Scope:
    """The vocabularies rows are written in (topics, subjects, sites, ...); bank indices."""

    topic_ids: tuple[str, ...]
    t_index: dict[str, int]
    new_practice: np.ndarray
    subject_bound: np.ndarray
    s_vocab: dict[str, int]
    i_vocab: dict[str, int]
    locations: dict[str, int]
    organisations: dict[str, int]
    bounds: np.ndarray
    gindex: dict[str, int]


def _scope(bank: Bank, everyone: tuple[Participant, ...]) -> _Scope:
    tax = taxonomy()
    topics: set[str] = set()
    raw_subjects: set[str] = set()
    raw_interests: set[str] = set()
    slots: set[TimeSlot] = set()
    for p in everyone:  # one pass; the distinct values are normalised afterwards
        topics.update(p.competencies)
        topics.update(p.requests)
        raw_subjects.update(p.subjects)
        raw_interests.update(p.interests)
        slots.update(p.free_slots)
    extra = sorted(topics - set(tax.ids))
    topic_ids = (*tax.ids, *extra)
    subjects = sorted({norm_token(s) for s in raw_subjects})
    interests = sorted({norm_token(s) for s in raw_interests})
    edges = sorted({x for s in slots for x in s.minutes})
    return _Scope(
        topic_ids=topic_ids, t_index={t: i for i, t in enumerate(topic_ids)},
        new_practice=np.array([t in tax and tax[t].new_practice for t in topic_ids]),
        subject_bound=np.array([t in tax and tax[t].subject_bound for t in topic_ids]),
        s_vocab={s: i for i, s in enumerate(subjects)},
        i_vocab={s: i for i, s in enumerate(interests)},
        locations={loc: i for i, loc in enumerate(sorted({location(p) for p in everyone}))},
        organisations={o: i for i, o in enumerate(sorted({p.organisation for p in everyone}))},
        bounds=np.asarray(edges or [0, 1], dtype=np.int32),
        gindex={p.id: i for i, p in enumerate(bank.participants)},
    )


class _TopicRows(TypedDict):
    topics: np.ndarray
    asks: np.ndarray
    practice_asks: np.ndarray
    bound_asks: np.ndarray


class _CodeRows(TypedDict):
    gid: np.ndarray
    role: np.ndarray
    forms: np.ndarray
    kinds: np.ndarray
    person_bits: np.ndarray


class _AttributeRows(TypedDict):
    study_level: np.ndarray
    stage: np.ndarray
    student_models: np.ndarray
    employable: np.ndarray
    young: np.ndarray
    experience: np.ndarray
    birth_year: np.ndarray
    organisation: np.ndarray
    category: np.ndarray
    digital: np.ndarray
    location: np.ndarray
    formats: np.ndarray
    frequency: np.ndarray
    expect_code: np.ndarray


class _SparseRows(TypedDict):
    subjects: Matrix
    interests: Matrix
    n_interests: np.ndarray
    slots: Matrix
    has_slots: np.ndarray


class _Columns(NamedTuple):
    """The fields the rows read, one tuple per field over a side's people (`_columns`)."""

    id: tuple[str, ...]
    role: tuple[Role, ...]
    mentor: tuple[MentorOffer | None, ...]
    mentee: tuple[MenteeRequest | None, ...]
    grade: tuple[int | None, ...]
    course: tuple[int | None, ...]
    birth_year: tuple[int, ...]
    experience_years: tuple[float, ...]
    organisation: tuple[str, ...]
    site: tuple[str, ...]
    category: tuple[Category, ...]
    digital_level: tuple[int, ...]
    formats: tuple[frozenset[MeetingFormat], ...]
    meeting_frequency: tuple[Frequency | None, ...]
    competencies: tuple[dict[str, int], ...]
    requests: tuple[dict[str, int], ...]
    competency_ranks: tuple[dict[str, int], ...]
    request_ranks: tuple[dict[str, int], ...]
    subjects: tuple[tuple[str, ...], ...]
    interests: tuple[tuple[str, ...], ...]
    free_slots: tuple[tuple[TimeSlot, ...], ...]


_READ = attrgetter(*_Columns._fields)


def _columns(people: Sequence[Participant]) -> _Columns:
    """Every field the rows read, in one visit per person: at 100,000 people a record read
    field by field, once per field, costs about three times as much (memory, not work)."""
    if not people:
        return _Columns._make(() for _ in _Columns._fields)
    return _Columns._make(zip(*map(_READ, people), strict=True))


def _topic_rows(c: _Columns, sc: _Scope, *, as_mentor: bool) -> _TopicRows:
    """Topic vectors: mentors' levels / 3, mentees' priorities, and the normalised asks.

    Ranked choices count to their full length (`rank_weight`): a mentor's level / 3 is scaled
    by the rank they gave the topic; a mentee who ranks their requests is read by the ranks
    alone (the finer statement of the same priority). No ranks: exactly as before."""
    topics = np.zeros((len(c.id), len(sc.topic_ids)), dtype=np.float64)
    t_index = sc.t_index
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []  # written at once: one fancy assignment, the same values
    for i, (levels, ranks) in enumerate(zip(*((c.competencies, c.competency_ranks) if as_mentor
                                               else (c.requests, c.request_ranks)), strict=True)):
        if not levels:
            continue
        for t, level in levels.items():
            rows.append(i)
            cols.append(t_index[t])
            if ranks:
                weight = rank_weight(ranks.get(t), len(levels))
                values.append(level / 3 * weight if as_mentor else weight)
            else:
                values.append(level / 3 if as_mentor else level)
    if rows:
        topics[np.asarray(rows, np.intp), np.asarray(cols, np.intp)] = np.asarray(
            values, dtype=np.float64)
    return {"topics": topics, "asks": _row_normalised(topics),
            "practice_asks": _row_normalised(topics * sc.new_practice),
            "bound_asks": _row_normalised(topics) * sc.subject_bound}


ROLE_INDEX: dict[Role, int] = {r: i for i, r in enumerate(ROLE_ORDER)}
FREQUENCY_INDEX: dict[Frequency | None, int] = {
    None: -1, **{f: i for i, f in enumerate(FREQUENCY_ORDER)}}


def _masks(chosen: Iterable[frozenset[K]], bits: Mapping[K, int], full: int) -> list[int]:
    """`_mask` of each set, computed once per distinct set (people agree to the same few)."""
    memo: dict[frozenset[K], int] = {}
    out: list[int] = []
    for items in chosen:
        found = memo.get(items)
        if found is None:
            found = memo[items] = _mask(items, bits, full)
        out.append(found)
    return out


def _code_rows(people: tuple[Participant, ...], c: _Columns, sc: _Scope,
               bits: Callable[[tuple[Participant, ...]], list[int]],
               *, as_mentor: bool) -> _CodeRows:
    """Codes and bit masks: bank index, role, agreed forms and kinds, exclusion bits
    (`bits`: every person's exclusion bits at once, `codes.people_bits`)."""
    n = len(people)
    offers = c.mentor if as_mentor else c.mentee
    for p, offer in zip(people, offers, strict=True):
        if offer is None:
            _offer(p, as_mentor=as_mentor)  # raises, naming the person
    present = [o for o in offers if o is not None]
    return {
        "gid": np.fromiter(map(sc.gindex.__getitem__, c.id), np.int32, n),
        "role": np.fromiter(map(ROLE_INDEX.__getitem__, c.role), np.int8, n),
        "forms": np.array(_masks([o.forms for o in present], FORM_BITS, ALL_FORMS), np.uint8),
        "kinds": np.array(_masks([o.kinds for o in present], KIND_BITS, ALL_KINDS), np.uint8),
        "person_bits": np.array(bits(people), np.uint16),
    }


def _offer(p: Participant, *, as_mentor: bool) -> MentorOffer | MenteeRequest:
    """The side's offer or request (`bank.mentors` and `bank.mentees` all have one)."""
    offer = p.mentor if as_mentor else p.mentee
    if offer is None:
        raise ValueError(f"{p.id} has no {'mentor offer' if as_mentor else 'mentee request'}")
    return offer


def _attribute_rows(people: tuple[Participant, ...], c: _Columns, sc: _Scope,
                    programme: Programme) -> _AttributeRows:
    """One number per person and attribute: level, experience, site, meeting habits, ...

    The rules' functions (`study_stage`, `student_models`, the definitions, `location`) are
    asked once per distinct value of what they read, on the first person who has it."""
    at, d = programme.rules_date, programme.definitions
    n = len(people)
    study: dict[tuple[int | None, int | None], tuple[int, int, bool]] = {}  # grade, course
    young: dict[tuple[Role, int, float], bool] = {}  # role, birth year, experience
    models: dict[frozenset[StudentModel] | None, int] = {}  # the mentor's own choice
    places: dict[tuple[str, str], int] = {}  # site, organisation
    level: list[int] = []
    stage: list[int] = []
    employable: list[bool] = []
    is_young: list[bool] = []
    model_bits: list[int] = []
    loc: list[int] = []
    for p, grade, course, role, birth, years, org, site, offer in zip(
            people, c.grade, c.course, c.role, c.birth_year, c.experience_years,
            c.organisation, c.site, c.mentor, strict=True):
        s = study.get((grade, course))
        if s is None:
            lv, st = p.study_level, study_stage(p)
            s = study[grade, course] = (-1 if lv is None else lv, -1 if st is None else st,
                                        d.employable(p))
        level.append(s[0])
        stage.append(s[1])
        employable.append(s[2])
        y = young.get((role, birth, years))
        if y is None:
            y = young[role, birth, years] = d.is_young_specialist(p, at)
        is_young.append(y)
        chosen = offer.student_models if offer is not None else None
        mb = models.get(chosen)
        if mb is None:
            mb = models[chosen] = _mask(student_models(p, programme), MODEL_BITS, 0)
        model_bits.append(mb)
        where = places.get((site, org))
        if where is None:
            where = places[site, org] = sc.locations[location(p)]
        loc.append(where)
    formats = np.array(_masks(c.formats, FORMAT_BITS, ALL_FORMATS), np.uint8)
    frequency = np.fromiter(map(FREQUENCY_INDEX.__getitem__, c.meeting_frequency), np.int8, n)
    return {
        "study_level": np.array(level, np.int8),
        "stage": np.array(stage, np.int8),
        "student_models": np.array(model_bits, np.uint8),
        "employable": np.array(employable, dtype=bool),
        "young": np.array(is_young, dtype=bool),
        "experience": np.array(c.experience_years, dtype=np.float64),
        "birth_year": np.array(c.birth_year, dtype=np.int32),
        "organisation": np.fromiter(map(sc.organisations.__getitem__, c.organisation),
                                    np.int32, n),
        "category": np.fromiter(map(CATEGORY_RANK.__getitem__, c.category), np.int8, n),
        "digital": np.array(c.digital_level, dtype=np.int8),
        "location": np.array(loc, dtype=np.int32),
        "formats": formats, "frequency": frequency, "expect_code": (frequency + 1) * 4 + formats,
    }


def _csr(ends: list[int], indices: list[int], data: np.ndarray | None, width: int
         ) -> sp.csr_matrix:
    """A CSR matrix from each row's end in `indices` (sorted, distinct columns per row)."""
    indptr = np.zeros(len(ends) + 1, dtype=np.int64)
    indptr[1:] = ends
    cols = np.asarray(indices, dtype=np.int32)
    values = np.ones(len(indices), dtype=np.float64) if data is None else data[cols]
    return sp.csr_matrix((values, cols, indptr), shape=(len(ends), width))


def _one_hot(values: Iterable[tuple[str, ...]], vocab: dict[str, int]) -> sp.csr_matrix:
    """One-hot rows of the values normalised (`norm_token`) that are in `vocab`; each
    distinct tuple of values is looked up once (people write the same few)."""
    memo: dict[tuple[str, ...], list[int]] = {}
    ends: list[int] = []
    indices: list[int] = []
    for raw in values:
        if raw:
            cols = memo.get(raw)
            if cols is None:
                cols = memo[raw] = sorted({vocab[x] for x in map(norm_token, raw) if x in vocab})
            indices.extend(cols)
        ends.append(len(indices))
    return _csr(ends, indices, None, max(len(vocab), 1))


def _slot_matrix(weeks: Iterable[tuple[TimeSlot, ...]], bounds: np.ndarray) -> sp.csr_matrix:
    """Free minutes per elementary interval; a person's own overlapping slots count once.
    Each slot is cut into intervals once (people share slot objects)."""
    lengths = np.diff(bounds).astype(np.float64)
    edges = bounds.tolist()
    cut: dict[int, range] = {}  # id of a slot (alive in `weeks`): its intervals
    ends: list[int] = []
    indices: list[int] = []
    for week in weeks:
        if week:
            spans = []
            for s in week:
                span = cut.get(id(s))
                if span is None:
                    a, b = s.minutes
                    span = cut[id(s)] = range(bisect_left(edges, a), bisect_left(edges, b))
                spans.append(span)
            indices.extend(spans[0] if len(spans) == 1 else sorted(set().union(*spans)))
        ends.append(len(indices))
    return _csr(ends, indices, lengths, max(len(lengths), 1))


def _sparse_rows(c: _Columns, sc: _Scope, *, as_mentor: bool) -> _SparseRows:
    """Subjects, interests, free time: sparse for mentors, dense if narrow for mentees."""
    def side_matrix(x: sp.csr_matrix) -> Matrix:
        return x if as_mentor else _compact(x)
    interests = _one_hot(c.interests, sc.i_vocab)
    slot_minutes = _slot_matrix(c.free_slots, sc.bounds)
    return {
        "subjects": side_matrix(_one_hot(c.subjects, sc.s_vocab)),
        "interests": side_matrix(interests),
        "n_interests": np.diff(interests.indptr).astype(np.float32),  # rows of ones: the sums
        "slots": side_matrix(slot_minutes if as_mentor
                             else (slot_minutes > 0).astype(np.float64)),
        "has_slots": np.array([bool(w) for w in c.free_slots], dtype=bool),
    }


def _wishes(people: tuple[Participant, ...], index: dict[str, int], *,
            as_mentor: bool) -> tuple[dict[tuple[int, int], float], list[tuple[int, int]]]:
    """Wishes of one side about the other as {(mentor, mentee): value}, and the `no`s."""
    values: dict[tuple[int, int], float] = {}
    said_no: list[tuple[int, int]] = []
    memo: dict[tuple[WishLevel, int | None, int], float] = {}  # (level, rank, longest)
    for own, p in enumerate(people):
        if not p.wishes:  # most people name nobody
            continue
        n = longest_ranking(p)
        for w in p.wishes:
            other = index.get(w.target)
            if other is None:
                continue
            pair = (own, other) if as_mentor else (other, own)
            key = (w.level, w.rank, n)
            v = memo.get(key)
            if v is None:
                v = memo[key] = wish_value(w, n)
            values[pair] = v
            if w.level == WishLevel.no:
                said_no.append(pair)
    return values, said_no


def person_key(p: Participant, at: date) -> str:
    """What a person's feature rows and pairs depend on besides the programme: the record
    (`Participant.content_hash`) and what the day of the run makes of it: the age (young
    specialist, a student's minimum age, age rules) and the consents in force. A rerun on
    another day reuses whoever these leave unchanged."""
    return p.day_key(at)  # computed once per record and day: the cache's check asks too


def old_index(now: Sequence[str], before: Sequence[str]) -> np.ndarray:
    """For each hash of `now`, its position in `before`, or -1 (a changed or new person)."""
    pos = {h: i for i, h in enumerate(before)}
    return np.fromiter((pos.get(h, -1) for h in now), dtype=np.int64, count=len(now))


ROW_FIELDS = tuple(f.name for f in fields(Side) if f.name not in ("ids", "people", "gid"))


@dataclass(frozen=True, eq=False)
class Reusable:
    """A build's per-person rows that a rerun may take over (`build_features(reuse=...)`):
    the vocabularies they are written in, and each side's rows (`ROW_FIELDS`) aligned with
    its people's keys (`person_key`). Rows depend on the person and the day (the key), the
    programme (the cache key) and these vocabularies only; the bank index (`gid`) is always
    recomputed."""

    scope: tuple[object, ...]
    mentor_hash: tuple[str, ...]
    mentee_hash: tuple[str, ...]
    mentors: dict[str, Any]
    mentees: dict[str, Any]


def reusable(f: Features) -> Reusable:
    """What the next build of a changed bank may reuse of `f` (no copy: the same arrays)."""
    def rows(side: Side) -> dict[str, Any]:
        return {name: getattr(side, name) for name in ROW_FIELDS}
    return Reusable(f.scope_key, f.mentor_keys, f.mentee_keys, rows(f.mentors),
                    rows(f.mentees))


def _scope_key(sc: _Scope) -> tuple[object, ...]:
    return (sc.topic_ids, tuple(sc.s_vocab), tuple(sc.i_vocab), tuple(sc.locations),
            tuple(sc.organisations), sc.bounds.tobytes())


def _take_rows(old: Any, fresh: Any, take: np.ndarray) -> Any:
    """Rows `take` of `old` stacked over `fresh` (an index ≥ len(old) reads `fresh`)."""
    if old is None:
        return None
    if fresh is None:  # nobody changed: the old rows only
        return old[take]
    if sp.issparse(old):
        blocks: list[Any] = [old, fresh]
        width = max(b.shape[1] for b in blocks)
        # Texts embedded when all of them were empty have no columns: zero rows, widened
        # (a zero-width block holds only empty texts).
        blocks = [b if b.shape[1] == width else sp.csr_matrix((b.shape[0], width))
                  for b in blocks]
        return sp.vstack(blocks).tocsr()[take]
    n_old = old.shape[0]
    if n_old == 0 or old.dtype != fresh.dtype or old.shape[1:] != fresh.shape[1:]:
        return np.concatenate([old, fresh])[take]
    # One copy instead of a concatenation and a gather: the old rows gathered (a new row's
    # place reads row 0 for now), then the few new rows written over their places.
    is_new = take >= n_old
    out = old[np.where(is_new, 0, take)]
    out[is_new] = fresh[take[is_new] - n_old]
    return out


def _side_rows(people: tuple[Participant, ...], sc: _Scope, programme: Programme,
               text: Any, text_lsa: np.ndarray | None, *, as_mentor: bool) -> dict[str, Any]:
    """Every row of a side but ids, people and gid (`ROW_FIELDS`)."""
    c = _columns(people)
    code = dict(_code_rows(people, c, sc,
                           lambda ps: people_bits(ps, programme, as_mentor=as_mentor),
                           as_mentor=as_mentor))
    code.pop("gid")
    return {**code, **_attribute_rows(people, c, sc, programme),
            **_topic_rows(c, sc, as_mentor=as_mentor),
            **_sparse_rows(c, sc, as_mentor=as_mentor), "text": text, "text_lsa": text_lsa}


def build_features(
    bank: Bank,
    programme: Programme,
    *,
    rejected: Collection[tuple[str, str]] = (),
    text: TextFeaturizer | SentenceEmbedder,
    lsa_components: int = 0,
    random_state: int = 0,
    text_fitted: bool = False,
    lsa_model: TruncatedSVD | None = None,
    reuse: Reusable | None = None,
) -> Features:
    """Features of everyone the programme covers: mentors are `bank.mentors`, mentees
    `bank.mentees`. The text featurizer is fitted here on every text in scope, unless
    `text_fitted` (a rerun reuses the previous run's vocabulary, IDF and `lsa_model`).

    With `reuse` (the previous build's `reusable`, its text model fitted) and the same
    vocabularies, unchanged people keep their rows and only the changed ones are built and
    their texts transformed: the rows equal a full build's (a unit test compares them)."""
    mentors = tuple(p for p in bank.mentors if programme.covers(p))
    mentees = tuple(p for p in bank.mentees if programme.covers(p))
    n_e = len(mentees)
    m_index, e_index = ({p.id: i for i, p in enumerate(s)} for s in (mentors, mentees))
    sc = _scope(bank, (*mentors, *mentees))
    key = _scope_key(sc)
    if reuse is not None and not (text_fitted and reuse.scope == key
                                  and (lsa_model is not None or not lsa_components)):
        reuse = None  # other vocabularies (or no fitted text model): everything is rebuilt

    def keys() -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (tuple(person_key(p, programme.rules_date) for p in mentors),
                tuple(person_key(p, programme.rules_date) for p in mentees))

    def texts_of(people_m: tuple[Participant, ...], people_e: tuple[Participant, ...]
                 ) -> tuple[Any, Any, np.ndarray | None, np.ndarray | None, Any]:
        docs = [p.experience_text for p in people_m] + [p.difficulties_text for p in people_e]
        texts = text.transform(docs) if text_fitted else text.fit_transform(docs)
        lsa = (_lsa(texts, len(people_m), lsa_components, random_state, lsa_model)
               if lsa_components else (None, None, None))
        return texts[:len(people_m)], texts[len(people_m):], lsa[0], lsa[1], lsa[2]

    if reuse is None:
        # The texts (mostly scipy, numpy and BLAS, which let go of the GIL) on a thread of
        # their own, beside the people's keys and rows (Python): the same rows either way.
        with ThreadPoolExecutor(1, thread_name_prefix="matcher-texts") as pool:
            texts = pool.submit(contextvars.copy_context().run, texts_of, mentors, mentees)
            m_keys, e_keys = keys()
            m_rows = _side_rows(mentors, sc, programme, None, None, as_mentor=True)
            e_rows = _side_rows(mentees, sc, programme, None, None, as_mentor=False)
            m_text, e_text, m_lsa, e_lsa, lsa_fit = texts.result()
        m_rows.update(text=m_text, text_lsa=m_lsa)
        e_rows.update(text=e_text, text_lsa=e_lsa)
    else:
        m_keys, e_keys = keys()
        m_old = old_index(m_keys, reuse.mentor_hash)
        e_old = old_index(e_keys, reuse.mentee_hash)
        m_new = tuple(mentors[i] for i in np.flatnonzero(m_old < 0).tolist())
        e_new = tuple(mentees[i] for i in np.flatnonzero(e_old < 0).tolist())
        lsa_fit = lsa_model
        fresh_m: dict[str, Any] = dict.fromkeys(ROW_FIELDS)
        fresh_e: dict[str, Any] = dict.fromkeys(ROW_FIELDS)
        if m_new or e_new:
            m_text, e_text, m_lsa, e_lsa, _ = texts_of(m_new, e_new)
            if m_new:
                fresh_m = _side_rows(m_new, sc, programme, m_text, m_lsa, as_mentor=True)
            if e_new:
                fresh_e = _side_rows(e_new, sc, programme, e_text, e_lsa, as_mentor=False)

        def merged(old_rows: dict[str, Any], fresh: dict[str, Any],
                   old: np.ndarray) -> dict[str, Any]:
            n_old = int(old_rows["role"].shape[0])
            take = old.copy()
            new_at = np.flatnonzero(old < 0)
            take[new_at] = n_old + np.arange(new_at.size)
            return {name: _take_rows(old_rows[name], fresh[name], take) for name in ROW_FIELDS}

        m_rows = merged(reuse.mentors, fresh_m, m_old)
        e_rows = merged(reuse.mentees, fresh_e, e_old)
        width = max(m_rows["text"].shape[1], e_rows["text"].shape[1])
        for rows in (m_rows, e_rows):  # as one transform of both sides would be
            if rows["text"].shape[1] == 0:  # only empty texts, embedded: zero rows
                rows["text"] = sp.csr_matrix((rows["text"].shape[0], width))

    def side(people: tuple[Participant, ...], rows: dict[str, Any]) -> Side:
        return Side(ids=tuple(p.id for p in people), people=people,
                    gid=np.array([sc.gindex[p.id] for p in people], dtype=np.int32), **rows)

    m_wish, mentor_no = _wishes(mentors, e_index, as_mentor=True)
    e_wish, mentee_no = _wishes(mentees, m_index, as_mentor=False)
    conflicts = [(m_index[a], e_index[b]) for c in bank.conflicts
                 for a, b in ((c.a, c.b), (c.b, c.a)) if a in m_index and b in e_index]
    rejected_idx = [(m_index[a], e_index[b]) for a, b in rejected
                    if a in m_index and b in e_index]
    mk, mv = _keyed(m_wish, n_e)
    ek, ev = _keyed(e_wish, n_e)
    return Features(
        mentors=side(mentors, m_rows), mentees=side(mentees, e_rows),
        topic_ids=sc.topic_ids, new_practice=sc.new_practice, subject_bound=sc.subject_bound,
        subject_names=tuple(sc.s_vocab), interest_names=tuple(sc.i_vocab), slot_bounds=sc.bounds,
        programme_forms=_mask(programme.forms, FORM_BITS, ALL_FORMS),
        programme_kinds=_mask(programme.kinds, KIND_BITS, ALL_KINDS),
        mentor_no=_keys(mentor_no, n_e), mentee_no=_keys(mentee_no, n_e),
        conflict=_keys(conflicts, n_e), rejected=_keys(rejected_idx, n_e),
        mentor_wish_keys=mk, mentor_wish_values=mv, mentee_wish_keys=ek, mentee_wish_values=ev,
        lsa_model=lsa_fit,
        curator=build_rules(programme, mentors, mentees),
        scope_key=key, mentor_keys=m_keys, mentee_keys=e_keys,
    )
