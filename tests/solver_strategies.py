"""Random solver instances (numpy, seeded) and hypothesis strategies over them."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import strategies as st

from matcher.candidates import Candidates
from matcher.model import (
    Bank,
    Consent,
    ConsentKind,
    Goal,
    Kind,
    MenteeRequest,
    MentorOffer,
    Participant,
    Programme,
    Role,
    Wish,
    WishLevel,
)
from matcher.solver.instance import Instance, from_candidates


def random_candidates(
    rng: np.random.Generator, n_mentors: int, n_mentees: int, density: float,
    *, group_share: float = 0.0, pair_share: float = 1.0, n_forms: int = 1,
) -> Candidates:
    """Random sparse candidates: each pair present with `density`, scores on a 0.001 grid."""
    mask = rng.random((n_mentors, n_mentees)) < density
    mentor, mentee = np.nonzero(mask)
    n = mentor.size
    pair_ok = rng.random(n) < pair_share
    group_ok = rng.random(n) < group_share
    pair_ok |= ~group_ok  # every candidate can meet somehow
    return Candidates(
        mentor_ids=tuple(f"m{i}" for i in range(n_mentors)),
        mentee_ids=tuple(f"e{j}" for j in range(n_mentees)),
        mentor=mentor.astype(np.int32), mentee=mentee.astype(np.int32),
        score=np.round(rng.random(n), 3), form=rng.integers(0, n_forms, n).astype(np.int8),
        pair_ok=pair_ok, group_ok=group_ok,
    )


def random_instance(
    seed: int, n_mentors: int = 6, n_mentees: int = 8, density: float = 0.5, *,
    max_cap: int = 2, max_demand: int = 1, groups: bool = False, n_topics: int = 2,
    goal: Goal = Goal.coverage_first, group_min: int = 2, group_max: int = 3, **kw,
) -> Instance:
    rng = np.random.default_rng(seed)
    cands = random_candidates(
        rng, n_mentors, n_mentees, density, group_share=0.8 if groups else 0.0,
        pair_share=0.4 if groups else 1.0, n_forms=2 if groups else 1,
    )
    cap_groups = rng.integers(1, 3, n_mentors) if groups else np.zeros(n_mentors, np.int64)
    demand = rng.integers(1, max_demand + 1, n_mentees)
    topics = tuple(f"t{k}" for k in range(n_topics))
    return from_candidates(
        cands, cap_mentees=rng.integers(0 if groups else 1, max_cap + 1, n_mentors),
        cap_groups=cap_groups, demand=demand,
        mentor_topic=rng.random((n_mentors, n_topics)) < 0.8,
        mentee_topic=rng.random((n_mentees, n_topics)) < 0.6,
        topic_ids=topics, goal=goal, group_min=group_min, group_max=group_max,
        cover_unit=(int(demand.sum()) * 1000 + 1) if goal == Goal.coverage_first else 0, **kw,
    )


@st.composite
def instances(draw, *, groups: bool = False, max_demand: int = 1) -> Instance:
    seed = draw(st.integers(0, 2**31 - 1))
    return random_instance(
        seed, draw(st.integers(1, 7)), draw(st.integers(1, 9)), draw(st.floats(0.1, 0.9)),
        max_cap=draw(st.integers(1, 3)), max_demand=max_demand, groups=groups,
        goal=draw(st.sampled_from(list(Goal))),
    )


# --- banks where matching is likely: teachers with consents, groups accepted often -----------

TOPICS = ("subject_content", "teaching_methods", "digital_tools")
START = date(2026, 9, 1)


@st.composite
def matchable_banks(draw, max_mentors: int = 4, max_mentees: int = 7) -> tuple[Bank, Programme]:
    """A small bank of teachers who mostly consent, often accept groups, and state wishes."""
    n_m = draw(st.integers(1, max_mentors))
    n_e = draw(st.integers(1, max_mentees))
    kinds = st.sampled_from([
        frozenset({Kind.individual}), frozenset({Kind.group}),
        frozenset({Kind.individual, Kind.group}), frozenset({Kind.virtual, Kind.group}),
    ])
    topics = st.dictionaries(st.sampled_from(TOPICS), st.integers(1, 3), min_size=1, max_size=3)
    mentor_ids = [f"m{i}" for i in range(n_m)]
    mentee_ids = [f"e{j}" for j in range(n_e)]

    def consents(extra: ConsentKind) -> tuple[Consent, ...]:
        given = date(2026, 5, 1)
        revoked = draw(st.sampled_from([None, None, None, None, date(2026, 6, 1)]))
        return (Consent(kind=ConsentKind.personal_data, given=given),
                Consent(kind=extra, given=given, revoked=revoked))

    def wishes(targets: list[str]) -> tuple[Wish, ...]:
        chosen = draw(st.lists(st.sampled_from(targets), unique=True, max_size=2))
        out = []
        for t in chosen:
            level = draw(st.sampled_from((WishLevel.yes, WishLevel.yes, WishLevel.maybe,
                                          WishLevel.no)))
            rank = draw(st.none() | st.integers(1, 3)) if level == WishLevel.yes else None
            out.append(Wish(target=t, level=level, rank=rank))
        return tuple(out)

    people = [
        Participant(
            id=pid, full_name=f"Наставник {pid}", role=Role.teacher, organisation="s1",
            birth_year=1975, experience_years=20, competencies=draw(topics),
            mentor=MentorOffer(capacity_mentees=draw(st.integers(0, 3)),
                               capacity_groups=draw(st.integers(0, 2)), kinds=draw(kinds)),
            consents=consents(ConsentKind.mentor_duties), wishes=wishes(mentee_ids),
        )
        for pid in mentor_ids
    ] + [
        Participant(
            id=pid, full_name=f"Наставляемый {pid}", role=Role.teacher, organisation="s1",
            birth_year=1998, experience_years=2, requests=draw(topics),
            mentee=MenteeRequest(kinds=draw(kinds), mentors_wanted=draw(st.integers(1, 2))),
            consents=consents(ConsentKind.participation), wishes=wishes(mentor_ids),
        )
        for pid in mentee_ids
    ]
    programme = Programme(
        id="prog", start=START, end=date(2027, 5, 31),
        kinds=frozenset({Kind.individual, Kind.group, Kind.virtual}),
        group_min=2, group_max=draw(st.integers(2, 3)), seed=draw(st.integers(0, 3)),
    )
    return Bank(participants=tuple(people)), programme
