"""«Are the banks ready?» before a run: mentees against mentor places by form, kind and topic,
the people a missing consent leaves out, the likely coverage and what would raise it.

The likely coverage is an **upper bound**: the maximum flow from the mentors' places to the
mentees over the pairs the hard rules allow (the same eligibility the run uses, from the
scorer), each mentee counted once. Pairs a rerun keeps (confirmed or locked in the run it
starts from) hold their mentor's places and cover their mentees before the flow shares out
the rest, as the rerun will. A run covers at most this many mentees; it covers fewer when
groups must share a topic or when the goal trades coverage for better pairs. It costs one
scoring pass and one max-flow (scipy), far less than a solve.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_flow

from matcher.labels import label
from matcher.messages import message
from matcher.model import Bank, ConsentKind, Form, Kind, Participant, Programme
from matcher.rules import agreed
from matcher.solver.api import score_candidates
from matcher.topics import taxonomy

if TYPE_CHECKING:  # the scorer loads sklearn: imported lazily where it runs
    from matcher.scoring import Scorer


@dataclass(frozen=True)
class Supply:
    """One line of the table: mentees asking for `key` and what mentors offer for it."""

    key: str  # a form, a kind or a topic id
    mentees: int
    mentors: int
    places: int  # the mentors' places (capacity in mentees) for it

    @property
    def short(self) -> int:
        """Mentees more than places (0 when there is room)."""
        return max(0, self.mentees - self.places)


@dataclass(frozen=True)
class LeftOut:
    """A person a missing consent keeps out of the run."""

    person: str
    name: str
    as_mentor: bool
    missing: tuple[ConsentKind, ...]


@dataclass(frozen=True)
class Advice:
    """One thing that would raise the coverage, in both languages."""

    code: str
    ru: str
    en: str

    def text(self, lang: str = "ru") -> str:
        return self.en if lang == "en" else self.ru


@dataclass(frozen=True)
class Readiness:
    mentees: int  # in the mentees' bank and the programme's organisations
    mentors: int
    places: int
    ready_mentees: int  # of them, with every consent
    ready_mentors: int
    allowed_pairs: int
    coverage_bound: int  # at most this many mentees can get a mentor (kept + max flow)
    without_mentor: tuple[str, ...]  # ready mentees no allowed pair reaches
    by_form: tuple[Supply, ...]
    by_kind: tuple[Supply, ...]
    by_topic: tuple[Supply, ...]
    left_out: tuple[LeftOut, ...]
    advice: tuple[Advice, ...]

    @property
    def coverage_share(self) -> float:
        return self.coverage_bound / self.mentees if self.mentees else 0.0


def _places(p: Participant) -> int:
    return p.mentor.capacity_mentees if p.mentor is not None else 0


def _supply(keys: list[str], mentees: list[Participant], mentors: list[Participant],
            wants: dict[str, set[str]], offers: dict[str, set[str]]) -> tuple[Supply, ...]:
    return tuple(
        Supply(key, sum(1 for e in mentees if key in wants[e.id]),
               sum(1 for m in mentors if key in offers[m.id]),
               sum(_places(m) for m in mentors if key in offers[m.id]))
        for key in keys)


def max_coverage(n_mentors: int, n_mentees: int, mentor: np.ndarray, mentee: np.ndarray,
                 capacity: np.ndarray) -> int:
    """Most mentees matched to distinct allowed mentors within the mentors' capacities: the
    maximum flow source → mentor (capacity) → mentee (1) → sink (1)."""
    if n_mentors == 0 or n_mentees == 0 or mentor.size == 0:
        return 0
    source, sink = 0, 1 + n_mentors + n_mentees
    pairs = np.unique(np.stack([mentor, mentee], axis=1), axis=0)
    rows = np.concatenate([np.zeros(n_mentors, np.int64), 1 + pairs[:, 0],
                           1 + n_mentors + np.arange(n_mentees)])
    cols = np.concatenate([1 + np.arange(n_mentors), 1 + n_mentors + pairs[:, 1],
                           np.full(n_mentees, sink)])
    caps = np.concatenate([capacity.astype(np.int32), np.ones(len(pairs), np.int32),
                           np.ones(n_mentees, np.int32)])
    graph = csr_array((caps, (rows, cols)), shape=(sink + 1, sink + 1))
    return int(maximum_flow(graph, source, sink).flow_value)


def _kept(kept: Sequence[tuple[str, Sequence[str]]], mentor_ids: Sequence[str],
          mentee_ids: Sequence[str], capacity: np.ndarray, allowed: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray]:
    """Places each mentor's kept pairs hold and the mentees they cover: only pairs the hard
    rules still allow (`allowed`: mentor × mentees + mentee codes), as only those stay (one
    with someone gone, or a consent withdrawn, no longer holds anything)."""
    mentor_at = {m: i for i, m in enumerate(mentor_ids)}
    mentee_at = {e: i for i, e in enumerate(mentee_ids)}
    pairs = [(mentor_at[m], mentee_at[e]) for m, mentees in kept if m in mentor_at
             for e in mentees if e in mentee_at]
    codes = np.array([i * len(mentee_ids) + j for i, j in pairs], np.int64)
    still = np.isin(codes, allowed)
    held = np.zeros(len(mentor_ids), np.int64)
    covered = np.zeros(len(mentee_ids), bool)
    for (i, j), ok in zip(pairs, still.tolist(), strict=True):
        if ok and not covered[j] and held[i] < capacity[i]:
            held[i] += 1
            covered[j] = True
    return held, covered


def readiness(bank: Bank, programme: Programme, *, scorer: Scorer | None = None,
              kept: Sequence[tuple[str, Sequence[str]]] = ()) -> Readiness:
    """The readiness check of `programme` over `bank` (see the module's note). `kept`: the
    pairs and groups a rerun keeps, as (mentor id, mentee ids)."""
    from matcher.scoring.eligibility import FORM_ROLES  # loads sklearn, as the scoring does

    at = programme.rules_date
    mentees = [p for p in bank.mentees if programme.covers(p)]
    mentors = [p for p in bank.mentors if programme.covers(p)]
    left_out = tuple(
        LeftOut(p.id, p.full_name, as_mentor, missing)
        for people, as_mentor in ((mentors, True), (mentees, False)) for p in people
        if (missing := p.missing_consents(at, as_mentor=as_mentor)))
    blocked = {(x.person, x.as_mentor) for x in left_out}
    ready_mentees = [p for p in mentees if (p.id, False) not in blocked]
    ready_mentors = [p for p in mentors if (p.id, True) not in blocked]

    forms = [f.value for f in Form if f in programme.forms]
    kinds = [k.value for k in Kind if k in programme.kinds]
    # a form counts for a person who agreed to it (or named none) and whose role it takes
    wants = {e.id: {f for f in forms if e.mentee is not None and agreed(e.mentee.forms, f)
                    and e.role in FORM_ROLES[Form(f)][1]} for e in mentees}
    offers = {m.id: {f for f in forms if m.mentor is not None and agreed(m.mentor.forms, f)
                     and m.role in FORM_ROLES[Form(f)][0]} for m in mentors}
    by_form = _supply(forms, ready_mentees, ready_mentors, wants, offers)
    wants_kind = {e.id: {k for k in kinds if e.mentee is not None and agreed(e.mentee.kinds, k)}
                  for e in mentees}
    offers_kind = {m.id: {k for k in kinds if m.mentor is not None and agreed(m.mentor.kinds, k)}
                   for m in mentors}
    by_kind = _supply(kinds, ready_mentees, ready_mentors, wants_kind, offers_kind)
    topic_count = Counter(t for e in ready_mentees for t in e.requests)
    topics = [t for t, _ in topic_count.most_common()]
    by_topic = _supply(topics, ready_mentees, ready_mentors,
                       {e.id: set(e.requests) for e in mentees},
                       {m.id: set(m.competencies) for m in mentors})

    allowed, bound, reached = 0, 0, set()
    if ready_mentees and ready_mentors:
        _, cands = score_candidates(bank, programme, scorer=scorer)
        ok = cands.pair_ok | cands.group_ok
        allowed = int(ok.sum())
        capacity = np.array([_places(bank.get(m)) for m in cands.mentor_ids], np.int64)
        allowed_codes = (cands.mentor[ok].astype(np.int64) * len(cands.mentee_ids)
                         + cands.mentee[ok])
        held, covered = _kept(kept, cands.mentor_ids, cands.mentee_ids, capacity,
                              allowed_codes)
        free = ok & ~covered[cands.mentee]
        bound = int(covered.sum()) + max_coverage(
            len(cands.mentor_ids), len(cands.mentee_ids), cands.mentor[free],
            cands.mentee[free], np.maximum(capacity - held, 0))
        reached = {cands.mentee_ids[i] for i in np.unique(cands.mentee[ok])}
        reached |= {cands.mentee_ids[i] for i in np.flatnonzero(covered)}
    without = tuple(e.id for e in ready_mentees if e.id not in reached)
    result = Readiness(
        mentees=len(mentees), mentors=len(mentors), places=sum(_places(m) for m in mentors),
        ready_mentees=len(ready_mentees), ready_mentors=len(ready_mentors),
        allowed_pairs=allowed, coverage_bound=bound, without_mentor=without, by_form=by_form,
        by_kind=by_kind, by_topic=by_topic, left_out=left_out, advice=())
    return Readiness(**{**result.__dict__, "advice": _advice(result, bank, programme)})


def _advice(r: Readiness, bank: Bank, programme: Programme) -> tuple[Advice, ...]:
    """What would raise the coverage, most mentees first."""
    out: list[tuple[int, Advice]] = []

    def add(weight: int, code: str, **params: object) -> None:
        out.append((weight, Advice(code, message(f"ready.{code}", "ru", **params),
                                   message(f"ready.{code}", "en", **params))))

    mentees_out = sum(1 for x in r.left_out if not x.as_mentor)
    mentors_out = [x for x in r.left_out if x.as_mentor]
    if mentees_out:
        add(mentees_out, "consents_mentees", n=mentees_out)
    if mentors_out:
        places = sum(_places(bank.get(x.person)) for x in mentors_out)
        add(places, "consents_mentors", n=len(mentors_out), places=places)
    from matcher.scoring.eligibility import FORM_ROLES

    tax = taxonomy()
    for s in r.by_topic:
        if s.short and s.key in tax.by_id:
            add(s.short, "topic_short", topic=tax.by_id[s.key].label("ru"),
                topic_en=tax.by_id[s.key].label("en"), mentees=s.mentees, places=s.places)
    # a form is short only of the mentees who asked for it by name (one who named no form
    # counts under every form their role takes, in the table, and would overstate it here)
    blocked = {x.person for x in r.left_out if not x.as_mentor}
    asked = Counter(f for e in bank.mentees
                    if programme.covers(e) and e.mentee is not None and e.id not in blocked
                    for f in e.mentee.forms if f in programme.forms)
    for s in r.by_form:
        form = Form(s.key)
        if asked[form] > s.places:
            add(asked[form] - s.places, "form_short", form=label(form, "ru"),
                form_en=label(form, "en"), mentees=asked[form], places=s.places)
    wanted_out = Counter(f for e in bank.mentees if programme.covers(e) and e.mentee is not None
                         for f in e.mentee.forms
                         if f not in programme.forms and e.role in FORM_ROLES[f][1])
    for form, n in wanted_out.most_common():
        add(n, "form_not_allowed", n=n, form=label(form, "ru"), form_en=label(form, "en"))
    if r.without_mentor:
        add(len(r.without_mentor), "no_allowed_mentor", n=len(r.without_mentor))
    if r.places < r.ready_mentees:
        add(r.ready_mentees - r.places, "places_short", mentees=r.ready_mentees,
            places=r.places)
    return tuple(a for _, a in sorted(out, key=lambda wa: -wa[0]))
