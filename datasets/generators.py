"""Realistic banks of mentors and mentees for Russian schools and colleges, with a hidden truth.

`generate(size, seed=...)` builds a `Bank` that looks like what a curator collects with
questionnaires: Russian names in the right gender forms, schools named like real ones, subjects
weighted as in real staff rooms, young specialists asking for help with discipline and
documentation, experienced teachers offering what they know, students behind in a subject,
employers offering career guidance, free text in many phrasings, wishes after an acquaintance
meeting, missing and revoked consents. Behind the bank sits a `HiddenTruth` of latent needs,
skills and personalities; every observable field is a noisy view of it, so a scorer is
evaluated by how well it recovers `HiddenTruth.true_fit` (see `datasets.truth`).

All randomness goes through one `numpy.random.Generator` seeded with `seed`: the same size, seed
and start date give an identical bank.

Conventions: the bank lists the whole staff of each organisation (and its students where the
size has them); `mentor`/`mentee` are set for those in the mentors'/mentees' banks, so many
people are in neither. Competency levels: 3 = expert. Request levels are priorities:
3 = most pressing. Ids are `<organisation code>-<role letter><number>`, e.g. "s03-t017"
(school 3, teacher 17), "c01-s120" (college student), "e02-e004" (employer), "u01-u007".
Acquaintance meetings (and so wishes) happen inside an organisation; employers meet the
students of a partner college or school in their town.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Literal

import numpy as np

from datasets import vocab
from datasets.names import draw_full_names, email_login
from datasets.phrases import keyword_sentence, opener, sentence, years_phrase
from datasets.truth import OFF_SUBJECT, OFF_SUBJECT_METHOD, HiddenTruth
from matcher.model import (
    Bank,
    Category,
    Consent,
    ConsentKind,
    Form,
    Frequency,
    Gender,
    Kind,
    MeetingFormat,
    MenteeRequest,
    MentorOffer,
    Participant,
    Role,
    TimeSlot,
    Weekday,
    Wish,
    WishLevel,
)
from matcher.topics import taxonomy

SizeName = Literal["school", "district", "region", "students"]
Size = SizeName | int
SIZES: tuple[SizeName, ...] = ("school", "district", "region", "students")

# Roles in the order the generator lays people out (R_* index this tuple); each role's
# attributes are drawn in one vectorised batch.
ROLES: tuple[Role, ...] = (
    Role.teacher, Role.leader, Role.psychologist, Role.university_teacher, Role.employer,
    Role.student,
)
R_TEACHER, R_LEADER, R_PSYCH, R_UNIV, R_EMPLOYER, R_STUDENT = range(len(ROLES))
_ROLE_LETTER = ("t", "l", "p", "u", "e", "s")

# Career stages of teachers (hidden; observable through age, experience and category).
YOUNG, MID, EXPERIENCED, SENIOR = range(4)
STAGE_SHARES = (0.15, 0.45, 0.28, 0.12)

LATENT_DIMS = 8
KEYWORD_SHARE = 0.3  # texts that also name a topic outright ("Запрос: ФГОС.")
FEMALE_SHARE = {R_TEACHER: 0.8, R_LEADER: 0.72, R_PSYCH: 0.9, R_UNIV: 0.6, R_EMPLOYER: 0.45,
                R_STUDENT: 0.5}

# Consent gaps (shares of people).
NO_PERSONAL_DATA = 0.05
REVOKED_PERSONAL_DATA = 0.03
NO_MENTOR_CONSENT = 0.08
NO_PARTICIPATION = 0.04
NO_GUARDIAN = 0.08


@dataclass(frozen=True, slots=True)
class OrgPlan:
    """One organisation to populate: name, site and how many people of each kind."""

    code: str
    name: str
    site: str
    kind: Literal["school", "college", "university", "company"]
    host: int  # index of the organisation whose acquaintance meeting its people attend
    counts: tuple[int, int, int, int, int, int]  # people per ROLES entry
    field: str = ""  # a college's or company's vocational field


@dataclass(frozen=True, eq=False)
class GeneratedBank:
    """A generated bank, the hidden truth behind it, and how it was made.

    `true_fit(mentor_idx, mentee_idx)` is 0.7 × profile fit (latent needs met by latent skills,
    subject-aware) + 0.3 × personal affinity (latent embeddings), in [0, 1]; the exact
    definition is in `datasets.truth`. Indices follow `mentor_ids` / `mentee_ids`.
    """

    bank: Bank
    truth: HiddenTruth
    size: Size
    seed: int
    start: date
    organisations: tuple[OrgPlan, ...] = field(default=())

    @property
    def mentor_ids(self) -> tuple[str, ...]:
        """Ids of everyone in the mentors' bank, in `true_fit`'s mentor index order."""
        return self.truth.mentor_ids

    @property
    def mentee_ids(self) -> tuple[str, ...]:
        """Ids of everyone in the mentees' bank, in `true_fit`'s mentee index order."""
        return self.truth.mentee_ids

    def true_fit(self, mentor_idx: np.ndarray, mentee_idx: np.ndarray) -> np.ndarray:
        """True fit in [0, 1] of pairs given as indices into `mentor_ids` and `mentee_ids`."""
        return self.truth.true_fit(mentor_idx, mentee_idx)

    @property
    def mentor_index(self) -> dict[str, int]:
        """Participant id → mentor index for `true_fit`."""
        return self.truth.mentor_index

    @property
    def mentee_index(self) -> dict[str, int]:
        """Participant id → mentee index for `true_fit`."""
        return self.truth.mentee_index

    def true_fit_ids(self, mentor_ids: list[str], mentee_ids: list[str]) -> np.ndarray:
        """True fit of pairs given by participant ids (parallel lists)."""
        mpos, epos = self.mentor_index, self.mentee_index
        return self.true_fit(
            np.array([mpos[m] for m in mentor_ids], dtype=np.int64),
            np.array([epos[e] for e in mentee_ids], dtype=np.int64),
        )


# ---------------------------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------------------------

def _weighted(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(p.shape[0], size=n, p=p / p.sum())


def _split(rng: np.random.Generator, total: int, parts: int, sigma: float) -> np.ndarray:
    """`total` people over `parts` organisations with log-normal sizes (no part empty)."""
    if parts <= 0:
        return np.zeros(0, dtype=np.int64)
    w = rng.lognormal(0.0, sigma, size=parts)
    base = np.ones(parts, dtype=np.int64)
    rest = max(total - parts, 0)
    return base + rng.multinomial(rest, w / w.sum())


def _staff_counts(n: int) -> tuple[int, int, int]:
    """Teachers, leaders (head and deputies) and psychologists for a school of n staff."""
    leaders = max(1, round(n * 0.05))
    psych = (1 if n >= 20 else 0) + (1 if n >= 90 else 0)
    return max(n - leaders - psych, 1), leaders, psych


class _Namer:
    """Unique, realistic organisation names."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.numbers: dict[str, set[int]] = {}

    def _unique(self, name: str) -> str:
        base, k = name, 2
        while name in self.used:
            name = f"{base} (корпус {k})"
            k += 1
        self.used.add(name)
        return name

    def _number(self, town: str, top: int) -> int:
        taken = self.numbers.setdefault(town, set())
        while True:
            n = int(self.rng.integers(1, top + 1))
            if n not in taken or len(taken) >= top:
                taken.add(n)
                return n

    def town_school(self, town: str, schools_in_town: int) -> str:
        if town == "Москва":
            return self._unique(f"ГБОУ Школа № {self._number(town, 2100)}")
        n = self._number(town, max(8, int(schools_in_town * 1.6) + 3))
        patterns = (
            ("МБОУ СОШ № {n} г. {t}", 0.5), ("МАОУ СОШ № {n} г. {t}", 0.1),
            ("МБОУ «Гимназия № {n}» г. {t}", 0.1), ("МБОУ «Лицей № {n}» г. {t}", 0.07),
            ("МБОУ «Средняя школа № {n}» г. {t}", 0.13), ("МБОУ «Школа № {n}» г. {t}", 0.1),
        )
        k = _weighted(self.rng, np.array([w for _, w in patterns]), 1)[0]
        return self._unique(patterns[k][0].format(n=n, t=town))

    def village_school(self, village: str) -> str:
        pattern = ("МКОУ СОШ с. {v}", "МБОУ СОШ с. {v}", "МКОУ ООШ с. {v}")[
            int(self.rng.integers(0, 3))]
        return self._unique(pattern.format(v=village))

    def college(self, town: str) -> tuple[str, str]:
        k = int(self.rng.integers(0, len(vocab.COLLEGE_NAMES)))
        name, fld = vocab.COLLEGE_NAMES[k]
        prefix = ("ГБПОУ", "ГАПОУ", "ОГБПОУ")[int(self.rng.integers(0, 3))]
        return self._unique(f"{prefix} «{name}» г. {town}"), fld

    def company(self) -> tuple[str, str]:
        stem = vocab.COMPANY_STEMS[int(self.rng.integers(0, len(vocab.COMPANY_STEMS)))]
        end = vocab.COMPANY_ENDINGS[int(self.rng.integers(0, len(vocab.COMPANY_ENDINGS)))]
        fld = vocab.COMPANY_FIELDS.get(stem) or vocab.FIELDS[
            int(self.rng.integers(0, len(vocab.FIELDS)))].nom
        form = ("ООО", "АО", "ООО", "ПАО")[int(self.rng.integers(0, 4))]
        return self._unique(f"{form} «{stem}{end}»"), fld


def _code(prefix: str, i: int, count: int) -> str:
    return f"{prefix}{i + 1:0{max(2, len(str(count)))}d}"


def _plan_school_flavour(rng: np.random.Generator, n_people: int) -> list[OrgPlan]:
    """One school (or several in one town) of pedagogical staff only."""
    towns = np.array([w for _, w in vocab.TOWNS])
    moscow = rng.random() < 0.2
    town = "Москва" if moscow else vocab.TOWNS[_weighted(rng, towns, 1)[0]][0]
    n_schools = max(1, round(n_people / 80))
    sizes = _split(rng, n_people, n_schools, 0.15)
    namer = _Namer(rng)
    plans = []
    for i, n in enumerate(sizes):
        t, lead, psy = _staff_counts(int(n))
        plans.append(OrgPlan(
            code=_code("s", i, n_schools), name=namer.town_school(town, n_schools),
            site=f"г. {town}", kind="school", host=i, counts=(t, lead, psy, 0, 0, 0),
        ))
    return plans


def _plan_area(rng: np.random.Generator, n_people: int, n_towns: int,
               village_share: float) -> list[OrgPlan]:
    """A district or a region: schools in several towns and villages, colleges with
    students, a university or two, and local companies whose employers mentor students."""
    namer = _Namer(rng)
    n_univ_teachers = round(0.01 * n_people)
    n_employers = round(0.02 * n_people)
    n_colleges = max(1, round(n_people / 900))
    college_staff = 45
    college_students = round(0.06 * n_people)
    school_staff = n_people - n_univ_teachers - n_employers - n_colleges * college_staff \
        - college_students
    n_schools = max(1, round(school_staff / 78))

    weights = np.array([w for _, w in vocab.TOWNS])
    n_towns = min(n_towns, len(vocab.TOWNS))
    town_idx = rng.choice(len(vocab.TOWNS), size=n_towns, replace=False,
                          p=weights / weights.sum())
    towns = [vocab.TOWNS[i][0] for i in town_idx]
    town_w = weights[town_idx]

    plans: list[OrgPlan] = []
    # Schools: villages get smaller schools.
    in_village = rng.random(n_schools) < village_share
    school_town = _weighted(rng, town_w, n_schools)
    size_w = rng.lognormal(0.0, 0.3, size=n_schools) * np.where(in_village, 0.35, 1.0)
    sizes = 1 + rng.multinomial(max(school_staff - n_schools, 0), size_w / size_w.sum())
    per_town = np.bincount(school_town[~in_village], minlength=n_towns)
    village_pool = list(vocab.VILLAGES)
    for i in range(n_schools):
        if in_village[i]:
            v = village_pool[int(rng.integers(0, len(village_pool)))]
            name, site = namer.village_school(v), f"с. {v}"
        else:
            t = towns[school_town[i]]
            name, site = namer.town_school(t, int(per_town[school_town[i]])), f"г. {t}"
        teach, lead, psy = _staff_counts(int(sizes[i]))
        plans.append(OrgPlan(code=_code("s", i, n_schools), name=name, site=site,
                             kind="school", host=len(plans), counts=(teach, lead, psy, 0, 0, 0)))
    # Colleges, in the bigger towns.
    college_town = _weighted(rng, town_w ** 1.5, n_colleges)
    students = _split(rng, college_students, n_colleges, 0.3)
    college_rows: dict[int, list[int]] = {}
    for i in range(n_colleges):
        t = towns[college_town[i]]
        name, fld = namer.college(t)
        teach, lead, psy = _staff_counts(college_staff)
        college_rows.setdefault(int(college_town[i]), []).append(len(plans))
        plans.append(OrgPlan(code=_code("c", i, n_colleges), name=name, site=f"г. {t}",
                             kind="college", host=len(plans),
                             counts=(teach, lead, psy, 0, 0, int(students[i])), field=fld))
    # Universities (and the institute for teacher development): university teachers.
    n_univ = max(1, min(len(vocab.UNIVERSITIES), n_univ_teachers // 25))
    univ_sizes: np.ndarray | list[int] = (
        _split(rng, n_univ_teachers, n_univ, 0.2) if n_univ_teachers else [])
    for i, n in enumerate(univ_sizes):
        t = towns[int(np.argmax(town_w))]
        plans.append(OrgPlan(code=_code("u", i, n_univ), name=vocab.UNIVERSITIES[i],
                             site=f"г. {t}", kind="university", host=len(plans),
                             counts=(0, 0, 0, int(n), 0, 0)))
    # Companies: their employers meet students at a college in their town (or any college).
    n_companies = max(1, n_employers // 8) if n_employers else 0
    emp_sizes = _split(rng, n_employers, n_companies, 0.4)
    college_list = [r for rows in college_rows.values() for r in rows]
    for i, n in enumerate(emp_sizes):
        town_k = int(college_town[int(rng.integers(0, n_colleges))])
        name, fld = namer.company()
        hosts = college_rows.get(town_k) or college_list
        host = hosts[int(rng.integers(0, len(hosts)))]
        plans.append(OrgPlan(code=_code("e", i, n_companies), name=name,
                             site=f"г. {towns[town_k]}", kind="company", host=host,
                             counts=(0, 0, 0, 0, int(n), 0), field=fld))
    return plans


def _plan_students(rng: np.random.Generator) -> list[OrgPlan]:
    """A school with students of grades 5–11, a college with courses 1–4, local employers."""
    namer = _Namer(rng)
    weights = np.array([w for _, w in vocab.TOWNS])
    town = vocab.TOWNS[_weighted(rng, weights, 1)[0]][0]
    plans = [OrgPlan(code="s01", name=namer.town_school(town, 1), site=f"г. {town}",
                     kind="school", host=0, counts=(55, 3, 2, 0, 0, 300))]
    name, fld = namer.college(town)
    plans.append(OrgPlan(code="c01", name=name, site=f"г. {town}", kind="college", host=1,
                         counts=(34, 2, 1, 0, 0, 160), field=fld))
    for i, n in enumerate((7, 6, 6, 5)):
        cname, cfield = namer.company()
        plans.append(OrgPlan(code=_code("e", i, 4), name=cname, site=f"г. {town}",
                             kind="company", host=int(rng.integers(0, 2)),
                             counts=(0, 0, 0, 0, n, 0), field=cfield))
    return plans


def as_size(value: str | int) -> Size:
    """`value` as a size for `generate`: an int, or text naming a size (ValueError otherwise,
    as `generate` raises for it)."""
    if isinstance(value, int):
        return value
    for name in SIZES:
        if value == name:
            return name
    raise ValueError(_unknown_size(value))


def _unknown_size(size: object) -> str:
    return f"unknown size {size!r}; use one of {SIZES} or a number of people"


def plan(size: Size, rng: np.random.Generator) -> list[OrgPlan]:
    """The organisations of a bank of the given size."""
    if isinstance(size, bool) or not isinstance(size, int | str):
        raise TypeError(f"size must be one of {SIZES} or an int, got {size!r}")
    if isinstance(size, int):
        if size < 5:
            raise ValueError(f"a bank needs at least 5 people, got {size}")
        return _plan_school_flavour(rng, size)
    match size:
        case "school":
            return _plan_school_flavour(rng, 80)
        case "district":
            return _plan_area(rng, 2000, n_towns=5, village_share=0.3)
        case "region":
            return _plan_area(rng, 50_000, n_towns=len(vocab.TOWNS), village_share=0.35)
        case "students":
            return _plan_students(rng)
    raise ValueError(_unknown_size(size))


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

@dataclass(slots=True)
class _People:
    """Column arrays of everyone being generated (one row per person)."""

    role: np.ndarray
    org: np.ndarray
    local: np.ndarray  # number within (organisation, role), for ids
    female: np.ndarray
    age: np.ndarray
    experience: np.ndarray
    in_org: np.ndarray
    category: np.ndarray  # index into Category order
    stage: np.ndarray  # YOUNG..SENIOR for pedagogical staff, -1 otherwise
    subject: np.ndarray  # main subject/field index, -1 none
    subject2: np.ndarray  # second subject index, -1 none
    grade: np.ndarray  # school grade, 0 none
    course: np.ndarray  # college course, 0 none
    digital: np.ndarray  # latent digital fluency in [0, 1]
    ability: np.ndarray  # latent academic ability of students in [0, 1]


_CATEGORIES: tuple[Category, ...] = (
    Category.none, Category.matches_position, Category.first, Category.highest,
)


def _people(rng: np.random.Generator, plans: list[OrgPlan], start: date) -> _People:
    counts = np.array([p.counts for p in plans], dtype=np.int64)  # orgs × roles
    org_of = np.repeat(np.arange(len(plans)).repeat(len(ROLES)), counts.ravel())
    role_of = np.repeat(np.tile(np.arange(len(ROLES)), len(plans)), counts.ravel())
    n = int(org_of.shape[0])
    # Number people within each (organisation, role) block.
    block_start = np.repeat(np.cumsum(counts.ravel()) - counts.ravel(), counts.ravel())
    local = np.arange(n) - block_start + 1

    female = rng.random(n) < np.array([FEMALE_SHARE[r] for r in range(len(ROLES))])[role_of]
    age = np.zeros(n, dtype=np.int64)
    exp = np.zeros(n, dtype=np.float64)
    in_org = np.zeros(n, dtype=np.float64)
    cat = np.zeros(n, dtype=np.int64)
    stage = np.full(n, -1, dtype=np.int64)
    subj = np.full(n, -1, dtype=np.int64)
    subj2 = np.full(n, -1, dtype=np.int64)
    grade = np.zeros(n, dtype=np.int64)
    course = np.zeros(n, dtype=np.int64)
    ability = np.zeros(n, dtype=np.float64)

    # Pedagogical staff: career stage drives age, experience and category.
    ped = np.isin(role_of, (R_TEACHER, R_LEADER, R_PSYCH))
    k = int(ped.sum())
    st = _weighted(rng, np.array(STAGE_SHARES), k)
    st = np.where(role_of[ped] == R_LEADER, np.maximum(st, MID + (rng.random(k) < 0.7)), st)
    lo_age = np.array([22, 28, 40, 60])[st]
    hi_age = np.array([30, 50, 60, 72])[st]
    a = rng.integers(lo_age, hi_age + 1)
    max_exp = np.maximum(a - 22, 0)
    e_lo = np.array([0, 4, 15, 30])[st]
    e_hi = np.minimum(np.array([3, 20, 38, 48])[st], max_exp)
    e = np.where(e_hi >= e_lo, rng.integers(0, 10_000, k) % (np.maximum(e_hi - e_lo, 0) + 1)
                 + e_lo, max_exp)
    e = np.minimum(e, max_exp)
    cat_p = np.array([
        [0.95, 0.05, 0.0, 0.0],   # young specialists: no category yet
        [0.12, 0.33, 0.40, 0.15],
        [0.02, 0.10, 0.38, 0.50],
        [0.02, 0.10, 0.33, 0.55],
    ])
    cu = rng.random(k)
    c = (cu[:, None] > np.cumsum(cat_p[st], axis=1)).sum(axis=1)
    new_here = (st != YOUNG) & (rng.random(k) < 0.06)
    tenure = np.where(new_here, np.round(rng.random(k) * 0.8, 1),
                      np.floor(rng.random(k) * (e + 1)))
    tenure = np.minimum(tenure, e)
    age[ped], exp[ped], cat[ped], stage[ped], in_org[ped] = a, e, c, st, tenure

    # Subjects of teachers and leaders (psychologists have none).
    teaches = np.isin(role_of, (R_TEACHER, R_LEADER, R_UNIV))
    school_w = np.array([s.weight for s in vocab.SUBJECTS])
    subj[teaches] = _weighted(rng, school_w, int(teaches.sum()))
    subj[role_of == R_UNIV] = _weighted(
        rng, np.where([s.primary for s in vocab.SUBJECTS], 0.0, school_w),
        int((role_of == R_UNIV).sum()))
    u2 = rng.random(n)
    for main, second, p in vocab.SECOND_SUBJECT:
        i, j = vocab.SUBJECT_INDEX[main], vocab.SUBJECT_INDEX[second]
        subj2 = np.where(teaches & (subj == i) & (subj2 < 0) & (u2 < p), j, subj2)
        u2 = np.where(subj == i, u2 - p, u2)  # later rules for the same subject use fresh mass

    # University teachers and employers.
    for r, (lo, hi), (elo, ehi) in ((R_UNIV, (30, 68), (6, 40)), (R_EMPLOYER, (26, 62), (3, 35))):
        m = role_of == r
        km = int(m.sum())
        a = rng.integers(lo, hi + 1, km)
        e = np.minimum(rng.integers(elo, ehi + 1, km), a - 21)
        age[m], exp[m] = a, e
        in_org[m] = np.floor(rng.random(km) * (e + 1))
    field_index = {p.field: vocab.SUBJECT_INDEX[p.field] for p in plans if p.field}
    org_field = np.array([field_index.get(p.field, -1) for p in plans])
    emp = role_of == R_EMPLOYER
    subj[emp] = org_field[org_of[emp]]

    # Students: school grades 5–11 or college courses 1–4.
    stu = role_of == R_STUDENT
    in_college = stu & (np.array([p.kind == "college" for p in plans])[org_of])
    in_school = stu & ~in_college
    ks, kc = int(in_school.sum()), int(in_college.sum())
    grade[in_school] = rng.integers(5, 12, ks)
    course[in_college] = _weighted(rng, np.array([0.3, 0.28, 0.24, 0.18]), kc) + 1
    age[in_school] = grade[in_school] + 6 + (rng.random(ks) < 0.3)
    age[in_college] = course[in_college] + 15 + (rng.random(kc) < 0.35)
    ability[stu] = rng.beta(2.2, 2.0, int(stu.sum()))
    stud_w = np.array([w for _, w in vocab.STUDENT_SUBJECTS])
    stud_idx = np.array([vocab.SUBJECT_INDEX[s] for s, _ in vocab.STUDENT_SUBJECTS])
    subj[in_school] = stud_idx[_weighted(rng, stud_w, ks)]
    own_field = np.where(rng.random(kc) < 0.8, org_field[org_of[in_college]],
                         len(vocab.SUBJECTS) + rng.integers(0, len(vocab.FIELDS), kc))
    subj[in_college] = own_field

    # Digital fluency falls with age; students are fluent.
    mean = np.clip(0.9 - 0.014 * (age - 22), 0.12, 0.9)
    digital = rng.beta(mean * 6 + 0.5, (1 - mean) * 6 + 0.5)
    return _People(role_of, org_of, local, female, age, exp, in_org, cat, stage, subj, subj2,
                   grade, course, digital, ability)


# ---------------------------------------------------------------------------------------------
# Latents, mentors and mentees
# ---------------------------------------------------------------------------------------------

# Deficit profiles: probability that a mentee of this kind lacks each topic.
NEED_PROFILES: dict[str, dict[str, float]] = {
    "young": {
        "classroom_management": 0.6, "school_documentation": 0.45, "working_with_parents": 0.45,
        "lesson_design": 0.4, "assessment": 0.3, "upbringing": 0.3, "teaching_methods": 0.35,
        "subject_content": 0.2, "exam_preparation": 0.15, "inclusion": 0.15,
        "team_adaptation": 0.15, "legal_framework": 0.12, "psychological_support": 0.12,
        "functional_literacy": 0.1, "project_work": 0.08,
    },
    "newcomer": {
        "team_adaptation": 0.6, "school_documentation": 0.35, "legal_framework": 0.2,
        "upbringing": 0.2, "working_with_parents": 0.2, "digital_tools": 0.15,
        "functional_literacy": 0.1,
    },
    "digital": {
        "digital_tools": 0.7, "distance_learning": 0.35, "new_technologies": 0.45,
        "functional_literacy": 0.1,
    },
    "midcareer": {
        "gifted_children": 0.3, "inclusion": 0.3, "professional_contests": 0.25,
        "methodological_writing": 0.3, "functional_literacy": 0.3, "exam_preparation": 0.25,
        "psychological_support": 0.15, "new_technologies": 0.15, "project_work": 0.15,
    },
    "student_junior": {
        "academic_lag": 0.55, "class_adaptation": 0.3, "study_skills": 0.35,
        "olympiads": 0.12, "creative_results": 0.1, "sports_results": 0.1,
        "leadership": 0.08, "psychological_support": 0.1, "project_work": 0.08,
    },
    "student_senior": {
        "academic_lag": 0.4, "career_choice": 0.4, "exam_preparation": 0.35,
        "olympiads": 0.15, "project_work": 0.2, "leadership": 0.1, "study_skills": 0.15,
        "psychological_support": 0.1, "class_adaptation": 0.08,
    },
    "college_junior": {
        "academic_lag": 0.3, "professional_skills": 0.35, "career_choice": 0.3,
        "class_adaptation": 0.25, "study_skills": 0.2, "project_work": 0.12,
    },
    "college_senior": {
        "professional_skills": 0.55, "career_choice": 0.4, "entrepreneurship": 0.25,
        "project_work": 0.2,
    },
}

# How common real expertise in a topic is among teachers (multiplies the latent skill): most
# experienced teachers know their subject, lessons and class work; few are experts in
# inclusion, contests or publications.
TOPIC_PREVALENCE: dict[str, float] = {
    "subject_content": 1.0, "exam_preparation": 0.9, "teaching_methods": 0.95,
    "lesson_design": 0.95, "assessment": 0.8, "upbringing": 0.9, "classroom_management": 0.85,
    "working_with_parents": 0.85, "school_documentation": 0.8, "team_adaptation": 0.75,
    "legal_framework": 0.6, "functional_literacy": 0.6, "project_work": 0.7,
    "gifted_children": 0.6, "methodological_writing": 0.55, "professional_contests": 0.45,
    "inclusion": 0.5, "psychological_support": 0.5,
    "digital_tools": 0.85, "distance_learning": 0.7, "new_technologies": 0.6,
}

_BOOST_LEADER = ("legal_framework", "school_documentation", "assessment",
                 "methodological_writing", "professional_contests", "team_adaptation")
_PSYCH_TOPICS = ("psychological_support", "classroom_management", "inclusion",
                 "working_with_parents", "team_adaptation", "upbringing")
_BOOST_UNIV = ("subject_content", "teaching_methods", "methodological_writing",
               "new_technologies", "project_work", "functional_literacy")
_SUBJECT_METHOD_TOPICS = ("teaching_methods", "lesson_design", "assessment",
                          "functional_literacy", "project_work")
_CAREER_TOPICS = ("career_choice", "professional_skills", "entrepreneurship", "project_work")


@dataclass(slots=True)
class _Latent:
    skill: np.ndarray
    need: np.ndarray
    z: np.ndarray
    is_mentor: np.ndarray
    is_mentee: np.ndarray
    reverse_mentor: np.ndarray  # young, digitally strong teachers offering new practice
    profile: np.ndarray  # index into NEED_PROFILES keys, -1 for non-mentees


def _topic_masks() -> tuple[tuple[str, ...], dict[str, int], dict[str, np.ndarray]]:
    tax = taxonomy()
    ids = tax.ids
    pos = {t: i for i, t in enumerate(ids)}
    masks = {
        "teacher": np.array([t.audience in ("teacher", "both") for t in tax]),
        "student": np.array([t.audience in ("student", "both") for t in tax]),
        "new_practice": np.array([t.new_practice for t in tax]),
        "bound": np.array([t.subject_bound or t.id == "professional_skills" for t in tax]),
        "method": np.array([t.id in _SUBJECT_METHOD_TOPICS for t in tax]),
        "career": np.array([t.id in _CAREER_TOPICS for t in tax]),
        "vocational": np.array([t.block == "career" for t in tax]),
    }
    return ids, pos, masks


def _latents(rng: np.random.Generator, pp: _People) -> _Latent:
    ids, pos, masks = _topic_masks()
    n, nt = pp.role.shape[0], len(ids)
    role = pp.role
    aptitude = rng.beta(2.0, 2.0, size=(n, nt))
    skill = np.zeros((n, nt))

    ped = np.isin(role, (R_TEACHER, R_LEADER, R_PSYCH, R_UNIV))
    base = 1.0 - np.exp(-pp.experience / 8.0) + 0.05 * pp.category
    # Teachers are strong in a few topics, not evenly good at all: a skewed specialisation.
    special = rng.beta(0.9, 1.6, size=(n, nt))
    prevalence = np.array([TOPIC_PREVALENCE.get(t, 1.0) for t in ids])
    general = np.clip(base[:, None] * (0.15 + 1.1 * special) * prevalence, 0, 1)
    digital = np.clip(pp.digital[:, None] * (0.45 + 0.65 * aptitude) * prevalence, 0, 1)
    teacher_cols = masks["teacher"] & ~masks["new_practice"]
    skill[np.ix_(ped, teacher_cols)] = general[np.ix_(ped, teacher_cols)]
    skill[np.ix_(ped, masks["new_practice"])] = digital[np.ix_(ped, masks["new_practice"])]
    for r, topics, boost in ((R_LEADER, _BOOST_LEADER, 0.25), (R_UNIV, _BOOST_UNIV, 0.2)):
        rows = role == r
        cols = [pos[t] for t in topics]
        skill[np.ix_(rows, cols)] = np.clip(skill[np.ix_(rows, cols)] + boost, 0, 1)
    psych = role == R_PSYCH
    skill[np.ix_(psych, teacher_cols)] *= 0.35
    pcols = [pos[t] for t in _PSYCH_TOPICS]
    skill[np.ix_(psych, pcols)] = 0.55 + 0.45 * aptitude[np.ix_(psych, pcols)]

    # Students: ability and study level make an older, able student a useful tutor.
    stu = role == R_STUDENT
    level = np.where(pp.grade > 0, (pp.grade - 4) / 7.0, (pp.course + 6) / 10.0)
    ab, lv, ap = pp.ability, level, aptitude
    social = rng.beta(2.0, 2.0, n)
    student_skill = {
        "academic_lag": np.clip(ab * (0.5 + 0.6 * lv) * 1.15, 0, 1),
        "olympiads": np.clip(ab**2 * lv * 1.4, 0, 1),
        # School leavers sit ОГЭ/ЕГЭ; college students mostly do not.
        "exam_preparation": np.where(pp.course > 0, 0.1 * ab,
                                     np.clip(ab * np.clip(lv * 1.3 - 0.3, 0, 1), 0, 1)),
        "study_skills": np.clip(0.2 + 0.7 * ab * ap[:, pos["study_skills"]], 0, 1),
        "project_work": np.clip(ab * lv * (0.4 + ap[:, pos["project_work"]]), 0, 1),
        "leadership": np.clip(social * (0.4 + 0.7 * lv), 0, 1),
        "class_adaptation": np.clip(social * (0.4 + 0.6 * lv), 0, 1),
        "psychological_support": np.clip(social * 0.6, 0, 1),
        "creative_results": rng.beta(1.2, 2.5, n),
        "sports_results": rng.beta(1.2, 2.5, n),
        "career_choice": np.where(pp.course >= 3, 0.3 + 0.4 * ab, 0.05),
        "professional_skills": np.where(pp.course > 0, pp.course / 4.0 * (0.4 + 0.6 * ab), 0.0),
    }
    for t, v in student_skill.items():
        skill[stu, pos[t]] = v[stu]
    emp = role == R_EMPLOYER
    for t, lo, span in (("career_choice", 0.55, 0.45), ("professional_skills", 0.6, 0.4),
                        ("entrepreneurship", 0.1, 0.8), ("project_work", 0.3, 0.5)):
        skill[emp, pos[t]] = lo + span * aptitude[emp, pos[t]]

    # Who enters which bank.
    u = rng.random(n)
    u2 = rng.random(n)
    st, cat = pp.stage, pp.category
    teacherish = np.isin(role, (R_TEACHER, R_PSYCH))
    young = teacherish & (st == YOUNG)
    newcomer = teacherish & (st != YOUNG) & (pp.in_org < 1)
    low_digital = teacherish & np.isin(st, (EXPERIENCED, SENIOR)) & (pp.digital < 0.35)
    reverse_mentor = (role == R_TEACHER) & (st == YOUNG) & (pp.digital > 0.7) & (u2 < 0.45)
    mentor_p = np.select(
        [role == R_LEADER, role == R_PSYCH, role == R_UNIV, emp,
         (role == R_TEACHER) & (st == MID), (role == R_TEACHER) & (st >= EXPERIENCED)],
        [0.8, 0.6, 0.9, 0.95, 0.18 + 0.1 * (cat >= 2), 0.5 + 0.15 * (cat == 3)],
        default=0.0,
    )
    is_mentor = (u < mentor_p) | reverse_mentor
    # Students: older able students tutor, younger and struggling ones ask.
    senior_student = stu & ((pp.grade >= 9) | (pp.course >= 2))
    is_mentor |= senior_student & (pp.ability > 0.55) & (u < 0.45)

    profile = np.full(n, -1, dtype=np.int64)
    keys = list(NEED_PROFILES)
    v = rng.random(n)
    mid_deficit = (role == R_TEACHER) & (st == MID) & ~is_mentor & (v < 0.2)
    rules = (
        (young & (v < 0.9), "young"),
        (newcomer & (v < 0.6), "newcomer"),
        (low_digital & (v < 0.45), "digital"),
        (mid_deficit, "midcareer"),
        (stu & (pp.grade >= 5) & (pp.grade <= 7) & ~is_mentor & (v < 0.4), "student_junior"),
        (stu & (pp.grade >= 8) & ~is_mentor & (v < 0.3), "student_senior"),
        (stu & (pp.course >= 1) & (pp.course <= 2) & ~is_mentor & (v < 0.4), "college_junior"),
        (stu & (pp.course >= 3) & ~is_mentor & (v < 0.35), "college_senior"),
    )
    for mask, key in rules:
        profile = np.where(mask & (profile < 0), keys.index(key), profile)
    is_mentee = profile >= 0
    # A reverse mentor is young: they mentor on new practice and may still be a mentee.

    need = np.zeros((n, nt))
    for k, key in enumerate(keys):
        rows = profile == k
        if not rows.any():
            continue
        probs = np.zeros(nt)
        for t, p in NEED_PROFILES[key].items():
            probs[pos[t]] = p
        r = int(rows.sum())
        hit = rng.random((r, nt)) < probs
        strength = rng.uniform(0.35, 1.0, (r, nt))
        block = np.where(hit, strength, 0.0)
        empty = ~block.any(axis=1)
        top = int(np.argmax(probs))
        block[empty, top] = rng.uniform(0.5, 1.0, int(empty.sum()))
        if key == "digital":
            block *= (1.0 - pp.digital[rows])[:, None] * 0.6 + 0.4
        if key.startswith("student") or key.startswith("college"):
            # Weak students lag more, strong ones aim at olympiads.
            ab_r = pp.ability[rows]
            block[:, pos["academic_lag"]] *= np.clip(1.3 - ab_r, 0.3, 1.0)
            block[:, pos["olympiads"]] *= np.clip(ab_r + 0.2, 0.0, 1.0)
        need[rows] = block

    z = rng.normal(size=(n, LATENT_DIMS))
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    return _Latent(skill, need, z, is_mentor, is_mentee, reverse_mentor, profile)


# ---------------------------------------------------------------------------------------------
# Observable fields
# ---------------------------------------------------------------------------------------------

class _Stream:
    """Pre-drawn uniforms consumed one at a time: per-person Python choices stay cheap and all
    randomness still comes from the one seeded Generator."""

    def __init__(self, rng: np.random.Generator, batch: int = 1 << 16) -> None:
        self.rng = rng
        self.batch = batch
        self.buf: list[float] = []
        self.i = 0

    def u(self) -> float:
        if self.i >= len(self.buf):
            self.buf = self.rng.random(self.batch).tolist()
            self.i = 0
        x = self.buf[self.i]
        self.i += 1
        return x

    def pick(self, n: int) -> int:
        return min(int(self.u() * n), n - 1)


def _observed_competencies(
    rng: np.random.Generator, pp: _People, lat: _Latent, masks: dict[str, np.ndarray]
) -> list[dict[int, int]]:
    """Per mentor: topic column → level 1..3, a noisy, capped view of the latent skill."""
    n, nt = lat.skill.shape
    noisy = lat.skill + rng.normal(0, 0.12, size=(n, nt))
    allowed = np.zeros((n, nt), dtype=bool)
    ped = np.isin(pp.role, (R_TEACHER, R_LEADER, R_PSYCH, R_UNIV))
    allowed[ped] = masks["teacher"]
    allowed[lat.reverse_mentor] = masks["new_practice"]
    stu = pp.role == R_STUDENT
    # School students tutor in school topics; college students also in vocational ones.
    college = (pp.course[stu] > 0)[:, None]
    allowed[stu] = masks["student"] & (~masks["vocational"] | college)
    allowed[pp.role == R_EMPLOYER] = masks["career"]
    score = np.where(allowed, noisy, -np.inf)
    order = np.argsort(-score, axis=1)
    cap = np.where(ped, rng.integers(2, 7, n), rng.integers(1, 4, n))
    out: list[dict[int, int]] = []
    for i in range(n):
        if not lat.is_mentor[i]:
            out.append({})
            continue
        comp: dict[int, int] = {}
        for t in order[i, : cap[i]]:
            s = score[i, t]
            if s < 0.45 and comp:
                break
            comp[int(t)] = 1 + int(s > 0.68) + int(s > 0.85)
        out.append(comp)
    return out


def _observed_requests(
    rng: np.random.Generator, pp: _People, lat: _Latent, masks: dict[str, np.ndarray]
) -> list[dict[int, int]]:
    """Per mentee: topic column → priority 1..3 (3 = most pressing), from the latent need with
    noise; sometimes a topic they do not really need, sometimes a real need left out."""
    n, nt = map(int, lat.need.shape)
    noisy = np.where(lat.need > 0, lat.need + rng.normal(0, 0.1, (n, nt)), -np.inf)
    audience = np.where((pp.role == R_STUDENT)[:, None], masks["student"], masks["teacher"])
    spurious = rng.random(n) < 0.12
    cols = rng.integers(0, nt, n)
    ok = spurious & audience[np.arange(n), cols] & ~np.isfinite(noisy[np.arange(n), cols])
    noisy[np.arange(n)[ok], cols[ok]] = rng.uniform(0.35, 0.7, int(ok.sum()))
    order = np.argsort(-noisy, axis=1)
    k = _weighted(rng, np.array([0.3, 0.45, 0.25]), n) + 1
    out: list[dict[int, int]] = []
    for i in range(n):
        if not lat.is_mentee[i]:
            out.append({})
            continue
        req: dict[int, int] = {}
        for t in order[i, : k[i]]:
            s = noisy[i, t]
            if not np.isfinite(s):
                break
            req[int(t)] = 1 + int(s > 0.6) + int(s > 0.82)
        out.append(req)
    return out


_EXAMS = (("9", "ОГЭ"), ("11", "ЕГЭ"), ("9", "ГИА"), ("11", "ГИА"), ("9", "ОГЭ"), ("11", "ЕГЭ"))
_GENERIC_HARD_TOPICS = ("трудные темы", "новые разделы программы", "практические задания")


def _subject_ctx(idx: int) -> dict[str, str]:
    if idx < 0:
        return {"s_nom": "предмет", "s_acc": "предмет", "s_gen": "предмета",
                "s_dat": "предмету", "s_ins": "предметом"}
    s = vocab.ALL_SUBJECTS[idx]
    return {"s_nom": s.nom, "s_acc": s.acc or vocab.accusative(s.nom), "s_gen": s.gen,
            "s_dat": s.dat, "s_ins": s.ins}


def _texts(
    stream: _Stream, pp: _People, lat: _Latent, ids: tuple[str, ...],
    comps: list[dict[int, int]], reqs: list[dict[int, int]],
    plans: list[OrgPlan], masks: dict[str, np.ndarray],
) -> tuple[list[str], list[str], list[str]]:
    """Difficulties and experience texts (and the job title of employers)."""
    n: int = pp.role.shape[0]
    u = stream.u
    pick = stream.pick
    teacher_cols = np.flatnonzero(masks["teacher"])
    student_cols = np.flatnonzero(masks["student"])
    difficulties, experience, jobs = [""] * n, [""] * n, [""] * n
    subj_ctx = [_subject_ctx(i) for i in range(-1, len(vocab.ALL_SUBJECTS))]
    for i in range(n):
        role = int(pp.role[i])
        if not (lat.is_mentor[i] or lat.is_mentee[i]):
            continue
        primary = pp.subject[i] >= 0 and vocab.ALL_SUBJECTS[pp.subject[i]].primary
        if role == R_STUDENT:
            g = int(pp.grade[i] or pp.course[i])
            g2 = max(g - 1 - pick(3), 5) if pp.grade[i] else 5 + pick(5)
        elif primary:
            g, g2 = 1 + pick(4), 1 + pick(4)
        else:
            g, g2 = 5 + pick(7), 5 + pick(7)
        site = plans[int(pp.org[i])].site
        ctx = dict(subj_ctx[int(pp.subject[i]) + 1])
        hard = vocab.SUBJECT_TOPICS.get(ctx["s_nom"], _GENERIC_HARD_TOPICS)
        ctx["st"] = hard[pick(len(hard))]
        eg, ex = _EXAMS[pick(len(_EXAMS))]
        ctx.update(g=str(g), g2=str(g2), eg=eg, ex=ex,
                   years=years_phrase(int(pp.experience[i])) if pp.experience[i] >= 1
                   else "меньше года",
                   town=site.split(" ", 1)[1], female="1" if pp.female[i] else "0", job="")
        if role == R_EMPLOYER:
            titles = vocab.JOB_TITLES.get(vocab.ALL_SUBJECTS[int(pp.subject[i])].nom,
                                          ("специалист",))
            ctx["job"] = titles[pick(len(titles))]
            jobs[i] = ctx["job"]
        voice_d = "student" if role == R_STUDENT else "teacher"
        voice_e = {R_STUDENT: "student", R_EMPLOYER: "employer"}.get(role, "teacher")
        pool = student_cols if role == R_STUDENT else teacher_cols
        if lat.is_mentee[i]:
            topics = [t for t in reqs[i] if u() < 0.85]
            topics += [int(t) for t in np.flatnonzero(lat.need[i])
                       if t not in reqs[i] and u() < 0.6]
            if u() < 0.07:
                topics.append(int(pool[pick(len(pool))]))
            if not topics and reqs[i]:
                topics = [next(iter(reqs[i]))]
            difficulties[i] = _compose(stream, "difficulty", voice_d, topics, ids, ctx,
                                       with_opener=role in (R_TEACHER, R_LEADER),
                                       has_subject=pp.subject[i] >= 0)
        if lat.is_mentor[i]:
            topics = [t for t in comps[i] if u() < 0.8]
            topics += [int(t) for t in np.flatnonzero(lat.skill[i] > 0.65)
                       if t not in comps[i] and u() < 0.15]
            if not topics and comps[i]:
                topics = [next(iter(comps[i]))]
            experience[i] = _compose(stream, "experience", voice_e, topics, ids, ctx,
                                     with_opener=role in (R_TEACHER, R_LEADER),
                                     has_subject=pp.subject[i] >= 0)
    return difficulties, experience, jobs


def _compose(stream: _Stream, kind: str, voice: str, topics: list[int],
             ids: tuple[str, ...], ctx: dict[str, str], *, with_opener: bool,
             has_subject: bool) -> str:
    """1–3 sentences about shuffled topics, sometimes after an introductory sentence."""
    order = sorted(dict.fromkeys(topics), key=lambda _: stream.u())
    limit = 1 + stream.pick(3)
    parts = [sentence(kind, voice, ids[t], ctx, stream.pick, has_subject=has_subject)
             for t in order]
    parts = [p for p in parts if p][:limit]
    if order and stream.u() < KEYWORD_SHARE:
        parts.append(keyword_sentence(kind, ids[order[0]], stream.pick))
    if with_opener and stream.u() < 0.3:
        parts.insert(0, opener(kind, ctx, stream.pick))
    return " ".join(parts)


_SLOT_CACHE: dict[tuple[int, int, int], TimeSlot] = {}


def _slot(day: int, start_min: int, length: int) -> TimeSlot:
    key = (day, start_min, length)
    slot = _SLOT_CACHE.get(key)
    if slot is None:
        end = start_min + length
        slot = TimeSlot(day=tuple(Weekday)[day], start=time(start_min // 60, start_min % 60),
                        end=time(end // 60, end % 60))
        _SLOT_CACHE[key] = slot
    return slot


def _free_slots(rng: np.random.Generator, pp: _People) -> list[tuple[TimeSlot, ...]]:
    """0–4 weekly windows: school afternoons for staff and students, evenings or Saturday
    mornings for employers."""
    n: int = pp.role.shape[0]
    count = _weighted(rng, np.array([0.08, 0.22, 0.35, 0.25, 0.10]), n)
    days = np.argsort(rng.random((n, 5)), axis=1)
    staff_starts = np.arange(13 * 60, 17 * 60 + 1, 30)
    pupil_starts = np.arange(13 * 60 + 30, 16 * 60 + 31, 30)
    evening = np.arange(17 * 60, 18 * 60 + 31, 30)
    lengths = np.array([40, 45, 60, 60, 90])
    start_i = rng.integers(0, 64, (n, 4))
    len_i = rng.integers(0, lengths.shape[0], (n, 4))
    saturday = rng.random(n) < 0.3
    out: list[tuple[TimeSlot, ...]] = []
    for i in range(n):
        role = pp.role[i]
        starts = (pupil_starts if role == R_STUDENT
                  else evening if role in (R_EMPLOYER, R_UNIV) else staff_starts)
        slots = []
        for k in range(int(count[i])):
            day = int(days[i, k])
            s = int(starts[start_i[i, k] % starts.shape[0]])
            if role == R_EMPLOYER and saturday[i] and k == 0:
                day, s = 5, 10 * 60
            slots.append(_slot(day, s, int(lengths[len_i[i, k]])))
        out.append(tuple(sorted(set(slots), key=lambda x: x.minutes)))
    return out


def _interests(rng: np.random.Generator, z: np.ndarray) -> list[tuple[str, ...]]:
    """Hobbies chosen by affinity to the personality embedding: a noisy view of `z`."""
    n = z.shape[0]
    h = rng.normal(size=(len(vocab.HOBBIES), z.shape[1]))
    h /= np.linalg.norm(h, axis=1, keepdims=True)
    logits = 4.0 * z @ h.T + rng.gumbel(size=(n, h.shape[0]))
    order = np.argsort(-logits, axis=1)
    k = _weighted(rng, np.array([0.06, 0.12, 0.27, 0.3, 0.17, 0.08]), n)
    return [tuple(sorted(vocab.HOBBIES[j] for j in order[i, : k[i]])) for i in range(n)]


def _consents(
    rng: np.random.Generator, pp: _People, lat: _Latent, start: date
) -> list[tuple[Consent, ...]]:
    """Consents dated in the weeks before `start`, with realistic gaps: no personal-data
    consent, a revoked one, mentors without the written mentor consent, minors without a
    guardian's consent."""
    n: int = pp.role.shape[0]
    u = rng.random((n, 4))
    given = rng.integers(3, 60, (n, 4))
    old_given = rng.integers(60, 300, n)
    revoked_before = rng.integers(1, 40, n)
    minor = pp.age <= 18  # birth_year = start.year - age, as Participant.is_minor counts
    out: list[tuple[Consent, ...]] = []
    day = timedelta(days=1)
    for i in range(n):
        cs: list[Consent] = []
        if u[i, 0] >= NO_PERSONAL_DATA:
            if u[i, 0] < NO_PERSONAL_DATA + REVOKED_PERSONAL_DATA:
                cs.append(Consent(kind=ConsentKind.personal_data,
                                  given=start - int(old_given[i]) * day,
                                  revoked=start - int(revoked_before[i]) * day))
            else:
                cs.append(Consent(kind=ConsentKind.personal_data,
                                  given=start - int(given[i, 0]) * day))
        if lat.is_mentor[i] and u[i, 1] >= NO_MENTOR_CONSENT:
            cs.append(Consent(kind=ConsentKind.mentor_duties, given=start - int(given[i, 1]) * day))
        if lat.is_mentee[i] and u[i, 2] >= NO_PARTICIPATION:
            cs.append(Consent(kind=ConsentKind.participation,
                              given=start - int(given[i, 2]) * day))
        if minor[i] and u[i, 3] >= NO_GUARDIAN:
            cs.append(Consent(kind=ConsentKind.guardian, given=start - int(given[i, 3]) * day))
        out.append(tuple(cs))
    return out


def _wishes(
    rng: np.random.Generator, pp: _People, lat: _Latent, truth: HiddenTruth,
    plans: list[OrgPlan], person_ids: list[str],
) -> list[tuple[Wish, ...]]:
    """After an acquaintance meeting in each organisation some people name a few others:
    yes (ranked), maybe, or (rarely) no, judged from the true fit plus noise."""
    n: int = pp.role.shape[0]
    host = np.array([p.host for p in plans])[pp.org]
    student_side = np.isin(pp.role, (R_STUDENT, R_EMPLOYER))
    mentor_rows = truth.mentor_person
    mentee_rows = truth.mentee_person
    # Group mentors and mentees by (host organisation, side).
    m_key = host[mentor_rows] * 2 + student_side[mentor_rows]
    e_key = host[mentee_rows] * 2 + student_side[mentee_rows]
    m_groups = _group(m_key)
    e_groups = _group(e_key)
    staters: list[int] = []  # person row
    targets: list[int] = []  # person row
    fits_m: list[int] = []  # mentor list index
    fits_e: list[int] = []  # mentee list index
    stated: set[int] = set()
    u = rng.random(len(mentee_rows))
    for key, e_idx in e_groups.items():
        m_idx = m_groups.get(key)
        if m_idx is None:
            continue
        for j in e_idx[u[e_idx] < 0.3]:
            k = min(int(rng.integers(1, 5)), m_idx.shape[0])
            for mi in rng.choice(m_idx, size=k, replace=False):
                if mentor_rows[mi] != mentee_rows[j]:
                    staters.append(int(mentee_rows[j]))
                    targets.append(int(mentor_rows[mi]))
                    fits_m.append(int(mi))
                    fits_e.append(int(j))
            stated.add(int(mentee_rows[j]))
    u = rng.random(len(mentor_rows))
    for key, m_idx in m_groups.items():
        if key not in e_groups:
            continue
        e_idx = e_groups[key]
        for mi in m_idx[u[m_idx] < 0.2]:
            if int(mentor_rows[mi]) in stated:
                continue
            k = min(int(rng.integers(1, 4)), e_idx.shape[0])
            for j in rng.choice(e_idx, size=k, replace=False):
                if mentor_rows[mi] != mentee_rows[j]:
                    staters.append(int(mentor_rows[mi]))
                    targets.append(int(mentee_rows[j]))
                    fits_m.append(int(mi))
                    fits_e.append(int(j))
    out: list[list[Wish]] = [[] for _ in range(n)]
    if not staters:
        return [() for _ in range(n)]
    fit = truth.true_fit(np.array(fits_m), np.array(fits_e))
    n_fit: int = fit.shape[0]
    observed = fit + rng.normal(0, 0.05, n_fit)
    q_yes, q_no = np.quantile(observed, [0.55, 0.1])
    no_u = rng.random(n_fit)
    order = np.lexsort((-observed, np.array(staters)))
    rank: dict[int, int] = {}
    for k in order:
        s = staters[k]
        if observed[k] >= q_yes:
            rank[s] = rank.get(s, 0) + 1
            w = Wish(target=person_ids[targets[k]], level=WishLevel.yes, rank=rank[s])
        elif observed[k] < q_no and no_u[k] < 0.5:
            w = Wish(target=person_ids[targets[k]], level=WishLevel.no)
        else:
            w = Wish(target=person_ids[targets[k]], level=WishLevel.maybe)
        out[s].append(w)
    return [tuple(w) for w in out]


def _group(keys: np.ndarray) -> dict[int, np.ndarray]:
    """Positions of each distinct key, in order."""
    if keys.size == 0:
        return {}
    order = np.argsort(keys, kind="stable")
    uniq, first = np.unique(keys[order], return_index=True)
    return {int(k): order[a:b] for k, a, b in zip(
        uniq, first, [*first[1:], order.shape[0]], strict=True)}


# ---------------------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------------------

_FORMS_BY_ROLE: dict[int, frozenset[Form]] = {
    R_TEACHER: frozenset({Form.teacher_teacher}),
    R_LEADER: frozenset({Form.leader_teacher}),
    R_PSYCH: frozenset({Form.teacher_teacher}),
    R_UNIV: frozenset({Form.university_teacher_young_teacher}),
    R_EMPLOYER: frozenset({Form.employer_student}),
    R_STUDENT: frozenset({Form.student_student}),
}


def _offer(stream: _Stream, role: int, reverse: bool) -> MentorOffer:
    u = stream.u
    caps = {R_TEACHER: (1, 1, 2, 2, 3), R_LEADER: (1, 2), R_PSYCH: (2, 3),
            R_UNIV: (2, 3, 4), R_EMPLOYER: (2, 3, 4, 5), R_STUDENT: (1, 1, 2)}[role]
    group_p = {R_PSYCH: 0.3, R_EMPLOYER: 0.4, R_UNIV: 0.3, R_STUDENT: 0.1}.get(role, 0.15)
    groups = 1 if u() < group_p else 0
    if reverse:
        forms = frozenset({Form.reverse}) if u() < 0.6 else frozenset(
            {Form.reverse, Form.teacher_teacher})
    else:
        forms = frozenset() if u() < 0.08 else _FORMS_BY_ROLE[role]
    kinds = {Kind.individual}
    if groups:
        kinds.add(Kind.group)
    virtual_p = {R_UNIV: 0.8, R_EMPLOYER: 0.5}.get(role, 0.2)
    for kind, p in ((Kind.virtual, virtual_p), (Kind.short_term, 0.1),
                    (Kind.situational, 0.08), (Kind.speed, 0.04)):
        if u() < p:
            kinds.add(kind)
    return MentorOffer(capacity_mentees=caps[stream.pick(len(caps))], capacity_groups=groups,
                       forms=forms, kinds=frozenset(kinds))


def _request(stream: _Stream, pp: _People, i: int, profile: str,
             topics: dict[str, int]) -> MenteeRequest:
    u = stream.u
    role = int(pp.role[i])
    if role == R_STUDENT:
        forms = {Form.student_student}
        career = any(t in _CAREER_TOPICS for t in topics)
        if (pp.course[i] > 0 or pp.grade[i] >= 8) and (career or u() < 0.2):
            forms.add(Form.employer_student)
            if career and u() < 0.5:
                forms.discard(Form.student_student)
    elif profile == "digital":
        forms = {Form.teacher_teacher, Form.reverse}
    else:
        forms = {Form.teacher_teacher, Form.leader_teacher}
        if profile == "young" and u() < 0.5:
            forms.add(Form.university_teacher_young_teacher)
    if u() < 0.1:
        forms = set()
    kinds = {Kind.individual}
    for kind, p in ((Kind.group, 0.35), (Kind.virtual, 0.15), (Kind.short_term, 0.1),
                    (Kind.situational, 0.05)):
        if u() < p:
            kinds.add(kind)
    wanted = 2 if len(topics) >= 2 and u() < 0.1 else 1
    return MenteeRequest(forms=frozenset(forms), kinds=frozenset(kinds), mentors_wanted=wanted)


Progress = Callable[[str, int, int], None]  # (stage in Russian, done, total)


# Who gave an e-mail address: most adults, some older students (a share each).
EMAIL_SHARE_ADULT = 0.8
EMAIL_SHARE_STUDENT = 0.3
EMAIL_STUDENT_MIN_AGE = 14
# Personal mailboxes besides the organisation's; reserved `.example` names, so no letter
# sent to a generated bank ever reaches a real person.
PERSONAL_DOMAINS = ("mail.example", "inbox.example", "post.example")


def _emails(seed: int, pp: _People, plans: list[OrgPlan], names: list[str]) -> list[str]:
    """A plausible, unique address for a share of the people ("" for the others): the
    organisation's domain or a personal one, login from the name. Drawn from a generator of
    its own, so adding addresses left every other drawn value of a seed as it was."""
    rng = np.random.default_rng([seed, 0xE3A1])
    n = len(names)
    u, personal, pick = rng.random(n), rng.random(n) < 0.4, rng.integers(0, 3, n)
    student = pp.role == ROLES.index(Role.student)
    share = np.where(student, np.where(pp.age >= EMAIL_STUDENT_MIN_AGE,
                                       EMAIL_SHARE_STUDENT, 0.0), EMAIL_SHARE_ADULT)
    seen: set[str] = set()
    out: list[str] = []
    for i in range(n):
        if u[i] >= share[i]:
            out.append("")
            continue
        org = plans[int(pp.org[i])]
        domain = (PERSONAL_DOMAINS[int(pick[i])] if personal[i] or student[i]
                  else f"{org.code.lower()}.{'edu.' if org.kind != 'company' else ''}example")
        login, k = email_login(names[i]), 1
        address = f"{login}@{domain}"
        while address in seen:
            k += 1
            address = f"{login}{k}@{domain}"
        seen.add(address)
        out.append(address)
    return out


def generate(
    size: Size, *, seed: int, start: date = date(2026, 9, 1), progress: Progress | None = None,
) -> GeneratedBank:
    """A realistic bank of the given size and its hidden truth, reproducible from `seed`.

    `size` is "school" (~80 staff of one school), "district" (~2,000: ~25 schools in several
    towns, colleges with students, university teachers, employers), "region" (~50,000),
    "students" (a school with grades 5–11, a college, local employers: student–student and
    employer–student mentoring) or a number of people (school flavour, ~80 per school).
    `start` is the programme start: consents are dated before it, ages are counted at it.
    `progress`, if given, is told each stage (for a progress bar); it never affects the result.
    """
    def step(stage: str, done: int = 0, total: int = 1) -> None:
        if progress is not None:
            progress(stage, done, total)

    rng = np.random.default_rng(seed)
    step("Организации")
    plans = plan(size, rng)
    pp = _people(rng, plans, start)
    step("Скрытые потребности и навыки")
    lat = _latents(rng, pp)
    ids, _, masks = _topic_masks()
    n: int = pp.role.shape[0]

    person_ids = [
        f"{plans[o].code}-{_ROLE_LETTER[r]}{loc:03d}"
        for o, r, loc in zip(pp.org.tolist(), pp.role.tolist(), pp.local.tolist(), strict=True)
    ]
    subject_mask = np.zeros(n, dtype=np.int64)
    has1, has2 = pp.subject >= 0, pp.subject2 >= 0
    subject_mask[has1] |= np.left_shift(1, pp.subject[has1])
    subject_mask[has2] |= np.left_shift(1, pp.subject2[has2])
    need_subject = np.where(lat.is_mentee, pp.subject, -1).astype(np.int16)
    study_level = np.where(pp.grade > 0, pp.grade, np.where(pp.course > 0, 11 + pp.course, 0))
    truth = HiddenTruth(
        topic_ids=ids, person_ids=tuple(person_ids),
        skill=lat.skill.astype(np.float32), need=lat.need.astype(np.float32),
        off_subject=np.where(masks["bound"], OFF_SUBJECT,
                             np.where(masks["method"], OFF_SUBJECT_METHOD, 1.0)).astype(np.float32),
        subject_mask=subject_mask, need_subject=need_subject,
        study_level=study_level.astype(np.int16), z=lat.z.astype(np.float32),
        mentor_person=np.flatnonzero(lat.is_mentor).astype(np.int32),
        mentee_person=np.flatnonzero(lat.is_mentee).astype(np.int32),
    )

    step("Анкеты и тексты")
    stream = _Stream(rng)
    comps = _observed_competencies(rng, pp, lat, masks)
    reqs = _observed_requests(rng, pp, lat, masks)
    names = draw_full_names(rng, pp.female)
    emails = _emails(seed, pp, plans, names)
    difficulties, experience, jobs = _texts(stream, pp, lat, ids, comps, reqs, plans, masks)
    slots = _free_slots(rng, pp)
    interests = _interests(rng, lat.z)
    consents = _consents(rng, pp, lat, start)
    step("Знакомство и пожелания")
    wishes = _wishes(rng, pp, lat, truth, plans, person_ids)
    fmt_u = rng.random(n)
    freq = _weighted(rng, np.array([0.35, 0.35, 0.2, 0.1]), n)
    digital_obs = np.clip(np.rint(pp.digital * 3 + rng.normal(0, 0.35, n)), 0, 3).astype(int)
    profile_keys = list(NEED_PROFILES)

    participants: list[Participant] = []
    both = frozenset({MeetingFormat.in_person, MeetingFormat.remote})
    only_in = frozenset({MeetingFormat.in_person})
    only_remote = frozenset({MeetingFormat.remote})
    freqs = (Frequency.weekly, Frequency.biweekly, Frequency.monthly, None)
    for i in range(n):
        if i % 2000 == 0:
            step("Участники", i, n)
        role = int(pp.role[i])
        remote_friendly = role in (R_EMPLOYER, R_UNIV)
        f = fmt_u[i]
        if remote_friendly:
            formats = both if f < 0.5 else only_remote if f < 0.85 else only_in
        else:
            formats = only_in if f < 0.6 else both if f < 0.95 else only_remote
        subjects = tuple(vocab.ALL_SUBJECTS[s].nom for s in (pp.subject[i], pp.subject2[i])
                         if s >= 0)
        req_topics = {ids[t]: lvl for t, lvl in reqs[i].items()}
        org = plans[int(pp.org[i])]
        participants.append(Participant(
            id=person_ids[i],
            full_name=names[i],
            role=ROLES[role],
            organisation=org.name,
            site=org.site,
            birth_year=start.year - int(pp.age[i]),
            gender=Gender.female if pp.female[i] else Gender.male,
            subjects=subjects,
            category=_CATEGORIES[int(pp.category[i])] if role in (
                R_TEACHER, R_LEADER, R_PSYCH) else Category.none,
            experience_years=float(pp.experience[i]),
            years_in_organisation=float(pp.in_org[i]),
            grade=int(pp.grade[i]) or None,
            course=int(pp.course[i]) or None,
            digital_level=int(digital_obs[i]),
            competencies={ids[t]: lvl for t, lvl in comps[i].items()},
            requests=req_topics,
            experience_text=experience[i] if not jobs[i] else f"{jobs[i].capitalize()}. "
            + experience[i],
            difficulties_text=difficulties[i],
            interests=interests[i],
            free_slots=slots[i],
            formats=formats,
            meeting_frequency=freqs[int(freq[i])],
            mentor=_offer(stream, role, bool(lat.reverse_mentor[i])) if lat.is_mentor[i]
            else None,
            mentee=_request(stream, pp, i, profile_keys[int(lat.profile[i])], req_topics)
            if lat.is_mentee[i] else None,
            wishes=wishes[i],
            consents=consents[i],
            email=emails[i],
        ))
    step("Участники", n, n)
    bank = Bank(participants=tuple(participants))
    return GeneratedBank(bank=bank, truth=truth, size=size, seed=seed, start=start,
                         organisations=tuple(plans))


__all__ = ["SIZES", "GeneratedBank", "HiddenTruth", "OrgPlan", "Size", "as_size", "generate",
           "plan"]
