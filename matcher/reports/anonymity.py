"""k-anonymity of the depersonalised export: every person's quasi-identifiers (organisation
code, role, age band, grade or course band, the young-specialist flag) must be shared by at
least `k` people of the export, so no row singles anyone out.

The values are generalised step by step, the whole export at once, until every class has `k`
people: grades into bands, rare roles into «другое», age bands widened and grades to school or
college, age and grade dropped, rare organisations into one «другие». People still in a class
under `k` after the last step are suppressed, and counted in the export's note.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

DEFAULT_K = 5
OTHER_ROLE = "other"
OTHER_ORGANISATION = "O-OTHER"

# The steps, in order; a level applies every step up to its own.
STEPS = ("exact", "grade_bands", "rare_roles", "wide_bands", "no_age", "rare_organisations")
GRADE_BANDS = ((1, 4), (5, 9), (10, 11))
COURSE_BANDS = ((1, 2), (3, 6))
WIDE_AGE = {"under_35": "under_35", "35_50": "35_plus", "over_50": "35_plus"}


@dataclass(frozen=True)
class Quasi:
    """The quasi-identifiers of one exported person, as they will be written."""

    organisation: str
    role: str
    age_band: str | None  # adults; None for students
    study: str | None  # students: "grade_7", "grades_5_9", "school", "course_2", ...
    young_specialist: bool | None  # None once generalised away


@dataclass(frozen=True)
class Anonymity:
    """The outcome: each kept person's generalised values, who was suppressed, and the note."""

    people: dict[str, Quasi]
    suppressed: frozenset[str]
    k: int
    steps: tuple[str, ...]

    @property
    def achieved(self) -> int | None:
        """The smallest class among the kept people (None when nobody is kept)."""
        sizes = Counter(self.people.values())
        return min(sizes.values()) if sizes else None


def study_code(grade: int | None, course: int | None) -> str | None:
    """The exact grade or course of a student, as a code."""
    if grade is not None:
        return f"grade_{grade}"
    if course is not None:
        return f"course_{course}"
    return None


def _band(value: int, bands: tuple[tuple[int, int], ...]) -> str:
    for low, high in bands:
        if low <= value <= high:
            return f"{low}_{high}"
    return f"{bands[-1][0]}_{bands[-1][1]}"


def _generalise(q: Quasi, level: int, rare_roles: set[str], rare_orgs: set[str]) -> Quasi:
    study, age, young = q.study, q.age_band, q.young_specialist
    if level >= 1 and study is not None:
        kind, _, number = study.partition("_")
        bands = GRADE_BANDS if kind == "grade" else COURSE_BANDS
        study = f"{kind}s_{_band(int(number), bands)}"
    if level >= 3:
        age = None if age is None else WIDE_AGE.get(age, age)
        study = None if study is None else ("school" if study.startswith("grade") else "college")
        young = None
    if level >= 4:
        age = None if age is None else "any"
        study = None if study is None else "student"
    role = OTHER_ROLE if level >= 2 and q.role in rare_roles else q.role
    org = OTHER_ORGANISATION if level >= 5 and q.organisation in rare_orgs else q.organisation
    return replace(q, organisation=org, role=role, age_band=age, study=study,
                   young_specialist=young)


def anonymise(people: dict[str, Quasi], k: int = DEFAULT_K) -> Anonymity:
    """Generalise `people` (exact values by pseudonym) step by step until every class has at
    least `k` members; suppress whoever is still in a smaller class."""
    if k < 1:
        raise ValueError("k must be at least 1")
    roles = Counter(q.role for q in people.values())
    orgs = Counter(q.organisation for q in people.values())
    rare_roles = {r for r, n in roles.items() if n < k}
    rare_orgs = {o for o, n in orgs.items() if n < k}
    out = dict(people)
    level = 0
    for level in range(len(STEPS)):
        out = {a: _generalise(q, level, rare_roles, rare_orgs) for a, q in people.items()}
        if min(Counter(out.values()).values(), default=k) >= k:
            break
    sizes = Counter(out.values())
    suppressed = frozenset(a for a, q in out.items() if sizes[q] < k)
    kept = {a: q for a, q in out.items() if a not in suppressed}
    return Anonymity(kept, suppressed, k, STEPS[: level + 1])
