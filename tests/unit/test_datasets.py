"""The bank generator: reproducible, realistic, valid, and honest about its hidden truth."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from datasets import generate
from datasets.generators import GeneratedBank
from datasets.names import (
    FEMALE_FIRST_NAMES,
    FEMALE_SURNAMES,
    MALE_FIRST_NAMES,
    MALE_SURNAMES,
    female_surname,
    patronymic,
)
from datasets.phrases import agree, templates, years_phrase
from matcher.bank_io import read_bank, write_bank
from matcher.cli import app
from matcher.model import (
    Bank,
    Category,
    ConsentKind,
    Form,
    Gender,
    Participant,
    Programme,
    Role,
    WishLevel,
)
from matcher.rules import is_eligible
from matcher.topics import taxonomy

START = date(2026, 9, 1)


@pytest.fixture(scope="module")
def school() -> GeneratedBank:
    return generate("school", seed=1)


@pytest.fixture(scope="module")
def district() -> GeneratedBank:
    return generate("district", seed=7)


@pytest.fixture(scope="module")
def students() -> GeneratedBank:
    return generate("students", seed=3)


def _teachers(g: GeneratedBank) -> list[Participant]:
    return [p for p in g.bank.participants if p.role == Role.teacher]


# --- reproducibility and size ----------------------------------------------------------------

def test_same_seed_gives_identical_bank_and_truth() -> None:
    a, b = generate("school", seed=5), generate("school", seed=5)
    assert a.bank.model_dump_json() == b.bank.model_dump_json()
    assert np.array_equal(a.truth.skill, b.truth.skill)
    assert np.array_equal(a.truth.need, b.truth.need)
    assert np.array_equal(a.truth.z, b.truth.z)


def test_different_seed_gives_different_bank() -> None:
    a, b = generate("school", seed=5), generate("school", seed=6)
    assert a.bank.model_dump_json() != b.bank.model_dump_json()


def test_start_date_moves_consents_and_ages() -> None:
    later = generate("school", seed=5, start=date(2027, 9, 1))
    base = generate("school", seed=5)
    assert [p.birth_year + 1 for p in base.bank.participants] == [
        p.birth_year for p in later.bank.participants]
    assert all(c.given <= date(2027, 9, 1) for p in later.bank.participants for c in p.consents)


@pytest.mark.parametrize(("size", "lo", "hi"), [("school", 70, 90), (300, 270, 330),
                                                ("students", 450, 700)])
def test_sizes_are_roughly_right(size: str | int, lo: int, hi: int) -> None:
    assert lo <= len(generate(size, seed=2).bank.participants) <= hi


def test_district_has_about_25_schools_in_several_towns(district: GeneratedBank) -> None:
    people = district.bank.participants
    assert 1800 <= len(people) <= 2200
    schools = {p.organisation for p in people if re.search(r"СОШ|ООШ|Школа|Гимназия|Лицей",
                                                             p.organisation)}
    assert 20 <= len(schools) <= 30
    assert len({p.site for p in people}) >= 4
    roles = Counter(p.role for p in people)
    assert roles[Role.university_teacher] > 0 and roles[Role.employer] > 0
    assert roles[Role.leader] >= len(schools) and roles[Role.psychologist] > 0


def test_unknown_size_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown size"):
        generate("city", seed=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 5"):
        generate(2, seed=1)


def test_ids_are_unique_and_stable(school: GeneratedBank) -> None:
    ids = [p.id for p in school.bank.participants]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[scueo]\d{2,4}-[tlpues]\d{3}", pid) for pid in ids)
    assert ids == [p.id for p in generate("school", seed=1).bank.participants]


# --- realism ---------------------------------------------------------------------------------

def test_teachers_are_mostly_women(district: GeneratedBank) -> None:
    share = np.mean([p.gender == Gender.female for p in _teachers(district)])
    assert 0.7 <= share <= 0.9


def test_young_specialists_share_and_profile(district: GeneratedBank) -> None:
    teachers = _teachers(district)
    young = [p for p in teachers if p.is_young_specialist(START) and p.age_at(START) <= 30]
    assert 0.08 <= len(young) / len(teachers) <= 0.25
    assert np.mean([p.category == Category.none for p in young]) >= 0.8
    assert np.mean([p.mentee is not None for p in young]) >= 0.7
    assert any(p.age_at(START) >= 60 for p in teachers)  # retirement-age teachers remain


def test_russian_and_mathematics_are_the_commonest_subjects(district: GeneratedBank) -> None:
    main = Counter(p.subjects[0] for p in _teachers(district) if p.subjects)
    top_two = {s for s, _ in main.most_common(2)}
    assert top_two == {"русский язык", "математика"}
    assert main["ОБЗР"] < main["английский язык"]
    assert len(main) >= 15


def test_categories_follow_experience(district: GeneratedBank) -> None:
    teachers = _teachers(district)
    veterans = [p for p in teachers if p.experience_years >= 15]
    assert np.mean([p.category in (Category.first, Category.highest) for p in veterans]) > 0.7
    shares = Counter(p.category for p in teachers)
    # The generator draws the four categories of the attestation rules; «педагог-методист» and
    # «педагог-наставник» (issue 10) are read from files but not generated.
    drawn = (Category.none, Category.matches_position, Category.first, Category.highest)
    assert all(shares[c] / len(teachers) >= 0.05 for c in drawn)


def test_names_agree_with_gender(district: GeneratedBank) -> None:
    male_sur, female_sur = set(MALE_SURNAMES), set(FEMALE_SURNAMES)
    for p in district.bank.participants:
        surname, first, patr = p.full_name.split(" ")
        if p.gender == Gender.female:
            assert surname in female_sur and first in FEMALE_FIRST_NAMES, p.full_name
            assert patr.endswith(("вна", "чна")), p.full_name
        else:
            assert surname in male_sur and first in MALE_FIRST_NAMES, p.full_name
            assert patr.endswith(("вич", "ич")) and not patr.endswith("чна"), p.full_name


def test_name_lists_are_varied() -> None:
    assert len(set(MALE_SURNAMES)) >= 150
    assert len(set(MALE_FIRST_NAMES)) >= 60 and len(set(FEMALE_FIRST_NAMES)) >= 60


@pytest.mark.parametrize(("father", "male", "female"), [
    ("Сергей", "Сергеевич", "Сергеевна"), ("Иван", "Иванович", "Ивановна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"), ("Николай", "Николаевич", "Николаевна"),
    ("Игорь", "Игоревич", "Игоревна"), ("Илья", "Ильич", "Ильинична"),
    ("Никита", "Никитич", "Никитична"), ("Лев", "Львович", "Львовна"),
    ("Павел", "Павлович", "Павловна"), ("Михаил", "Михайлович", "Михайловна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"), ("Юрий", "Юрьевич", "Юрьевна"),
])
def test_patronymic_rules(father: str, male: str, female: str) -> None:
    assert patronymic(father, female=False) == male
    assert patronymic(father, female=True) == female


@pytest.mark.parametrize(("male", "female"), [
    ("Иванов", "Иванова"), ("Соловьёв", "Соловьёва"), ("Ильин", "Ильина"),
    ("Горский", "Горская"), ("Троицкий", "Троицкая"), ("Толстой", "Толстая"),
    ("Шевченко", "Шевченко"), ("Черных", "Черных"), ("Кравчук", "Кравчук"),
])
def test_female_surnames(male: str, female: str) -> None:
    assert female_surname(male) == female


def test_organisations_are_named_like_real_ones(district: GeneratedBank) -> None:
    names = {p.organisation for p in district.bank.participants}
    assert any(re.fullmatch(r"М[БАК]ОУ .*№ \d+.* г\. .+", n) for n in names)
    assert any("колледж" in n.lower() for n in names)
    assert any(n.startswith(("ООО", "АО", "ПАО")) for n in names)
    assert all(p.site.startswith(("г. ", "с. ")) for p in district.bank.participants)


def test_students_flavour_has_grades_courses_and_employers(students: GeneratedBank) -> None:
    people = students.bank.participants
    grades = {p.grade for p in people if p.grade is not None}
    courses = {p.course for p in people if p.course is not None}
    assert grades == set(range(5, 12)) and courses == {1, 2, 3, 4}
    employers = [p for p in people if p.role == Role.employer]
    assert employers and np.mean([p.mentor is not None for p in employers]) >= 0.8
    assert any(p.mentor and Form.employer_student in p.mentor.forms for p in employers)
    asks = [p for p in people if p.role == Role.student and p.mentee is not None]
    assert {"academic_lag", "career_choice"} <= {t for p in asks for t in p.requests}
    lag = [p for p in asks if "academic_lag" in p.requests]
    assert all(p.subjects for p in lag)  # the subject they lag in is named
    tutors = [p for p in people if p.role == Role.student and p.mentor is not None]
    assert np.mean([p.study_level for p in tutors]) > np.mean([p.study_level for p in asks])


def test_minors_are_counted_as_the_model_counts_them(students: GeneratedBank) -> None:
    minors = [p for p in students.bank.participants if p.is_minor(START)]
    assert minors and all(p.role == Role.student for p in minors)
    with_guardian = [p for p in minors if p.consent_active(ConsentKind.guardian, START)]
    assert 0.8 <= len(with_guardian) / len(minors) < 1.0


def test_reverse_mentoring_is_present(district: GeneratedBank) -> None:
    practice = {t.id for t in taxonomy() if t.new_practice}
    reverse_mentors = [p for p in district.bank.mentors if Form.reverse in p.mentor.forms]
    assert reverse_mentors
    assert all(set(p.competencies) <= practice and p.is_young_specialist(START)
               for p in reverse_mentors)
    learners = [p for p in district.bank.mentees
                if Form.reverse in p.mentee.forms and set(p.requests) & practice]
    assert learners and np.mean([p.experience_years for p in learners]) > 15


# --- validity --------------------------------------------------------------------------------

def test_every_participant_validates(district: GeneratedBank, students: GeneratedBank) -> None:
    for g in (district, students):
        for p in g.bank.participants:
            assert Participant.model_validate(p.model_dump()) == p
        assert Bank.model_validate_json(g.bank.model_dump_json()) == g.bank


def test_topics_exist_and_suit_the_audience(district: GeneratedBank,
                                            students: GeneratedBank) -> None:
    tax = taxonomy()
    for g in (district, students):
        for p in g.bank.participants:
            audience = "student" if p.role in (Role.student, Role.employer) else "teacher"
            for t in (*p.competencies, *p.requests):
                assert t in tax and tax[t].audience in (audience, "both"), (p.id, t)


def test_wishes_name_people_of_the_same_meeting(district: GeneratedBank) -> None:
    by_id = district.bank.by_id
    for p in district.bank.participants:
        ranks = [w.rank for w in p.wishes if w.level == WishLevel.yes]
        assert sorted(ranks) == list(range(1, len(ranks) + 1))
        assert all(w.rank is None for w in p.wishes if w.level != WishLevel.yes)
        for w in p.wishes:
            other = by_id[w.target]
            assert (p.mentor is not None and other.mentee is not None) or (
                p.mentee is not None and other.mentor is not None)
            if {p.role, other.role} <= {Role.teacher, Role.leader, Role.psychologist}:
                assert other.organisation == p.organisation


def test_a_school_mentee_usually_has_an_eligible_mentor(school: GeneratedBank) -> None:
    programme = Programme(id="p", start=START, end=date(2027, 5, 31))
    bank = school.bank
    ready = [e for e in bank.mentees if e.can_be_mentored(START)]
    covered = [e for e in ready
               if any(is_eligible(m, e, programme, bank=bank) for m in bank.mentors)]
    assert ready and len(covered) / len(ready) >= 0.8


# --- consents --------------------------------------------------------------------------------

def test_consent_gaps_are_in_the_expected_ranges(district: GeneratedBank) -> None:
    people = district.bank.participants
    no_pd = np.mean([not p.consent_active(ConsentKind.personal_data, START) for p in people])
    revoked = [c for p in people for c in p.consents if c.revoked is not None]
    assert 0.05 <= no_pd <= 0.12
    assert 0.01 <= len(revoked) / len(people) <= 0.06
    assert all(c.revoked < START for c in revoked)
    mentors = district.bank.mentors
    no_duty = np.mean([not p.consent_active(ConsentKind.mentor_duties, START) for p in mentors])
    assert 0.03 <= no_duty <= 0.15
    for p in people:
        for c in p.consents:
            if c.revoked is None:
                assert START - date.resolution * 70 <= c.given <= START


# --- free text -------------------------------------------------------------------------------

def _sentences(texts: list[str]) -> list[str]:
    return [s.strip() for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]


def test_difficulty_texts_are_varied(district: GeneratedBank) -> None:
    texts = [p.difficulties_text for p in district.bank.mentees]
    assert np.mean([bool(t) for t in texts]) > 0.9
    sents = _sentences(texts)
    counts = Counter(sents)
    assert len(counts) >= 0.5 * len(sents) and len(counts) >= 300
    assert counts.most_common(1)[0][1] / len(sents) < 0.02


def test_experience_texts_are_varied(district: GeneratedBank) -> None:
    sents = _sentences([p.experience_text for p in district.bank.mentors])
    counts = Counter(sents)
    assert len(counts) >= 400
    assert counts.most_common(1)[0][1] / len(sents) < 0.02


def test_texts_have_no_unfilled_slots_and_agree_in_gender(district: GeneratedBank,
                                                           students: GeneratedBank) -> None:
    for g in (district, students):
        for p in g.bank.participants:
            for text in (p.difficulties_text, p.experience_text):
                assert not re.search(r"[{}\[\]|]", text), text
                if p.gender == Gender.male:
                    assert not re.search(r"\b(стала|уверена|перешла|хотела)\b", text), text


@pytest.mark.parametrize(("kind", "voice", "minimum"), [
    ("difficulty", "teacher", 6), ("experience", "teacher", 6),
    ("difficulty", "student", 5), ("experience", "student", 3),
    ("experience", "employer", 4),
])
def test_every_topic_has_many_templates(kind: str, voice: str, minimum: int) -> None:
    audience = "student" if voice in ("student", "employer") else "teacher"
    topics = [t for t in taxonomy().for_audience(audience)]
    if voice == "employer":
        topics = [t for t in topics if t.block == "career" or t.id == "project_work"]
    for t in topics:
        assert len(templates(kind, voice, t.id)) >= minimum, (kind, voice, t.id)


def test_texts_mention_what_was_asked(district: GeneratedBank) -> None:
    """Mentees asking for the same topic write more alike than mentees asking for different
    ones: text similarity carries signal, though not perfectly."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    mentees = [p for p in district.bank.mentees if p.difficulties_text and p.requests]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit(
        [p.difficulties_text for p in mentees])
    x = vec.transform([p.difficulties_text for p in mentees])
    top = [max(p.requests, key=p.requests.get) for p in mentees]
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, len(mentees), 20_000), rng.integers(0, len(mentees), 20_000)
    sim = np.asarray(x[a].multiply(x[b]).sum(axis=1)).ravel()
    same = np.array([top[i] == top[j] for i, j in zip(a, b, strict=True)]) & (a != b)
    diff = np.array([top[i] != top[j] for i, j in zip(a, b, strict=True)])
    assert sim[same].mean() > sim[diff].mean() + 0.03


@pytest.mark.parametrize(("n", "word"), [(1, "1 год"), (3, "3 года"), (5, "5 лет"),
                                         (11, "11 лет"), (21, "21 год"), (22, "22 года"),
                                         (14, "14 лет")])
def test_years_phrase(n: int, word: str) -> None:
    assert years_phrase(n) == word


def test_gender_alternatives() -> None:
    assert agree("[Перешёл|Перешла] в школу", female=True) == "Перешла в школу"
    assert agree("[Перешёл|Перешла] в школу", female=False) == "Перешёл в школу"


# --- hidden truth ----------------------------------------------------------------------------

def test_true_fit_is_in_unit_interval_and_shaped(district: GeneratedBank) -> None:
    nm, ne = len(district.mentor_ids), len(district.mentee_ids)
    block = district.true_fit(np.arange(50)[:, None], np.arange(40)[None, :])
    assert block.shape == (50, 40) and block.dtype == np.float64
    rng = np.random.default_rng(1)
    fit = district.true_fit(rng.integers(0, nm, 300_000), rng.integers(0, ne, 300_000))
    assert fit.shape == (300_000,) and 0 <= fit.min() and fit.max() <= 1
    assert fit.std() > 0.05  # not a constant


def test_true_fit_agrees_with_ids_and_is_zero_for_oneself(district: GeneratedBank) -> None:
    both = sorted(set(district.mentor_ids) & set(district.mentee_ids))
    assert both
    assert np.all(district.true_fit_ids(both, both) == 0)
    m, e = district.mentor_ids[3], district.mentee_ids[5]
    assert district.true_fit_ids([m], [e])[0] == district.true_fit(np.array([3]),
                                                                   np.array([5]))[0]


def test_true_fit_rewards_profile_and_subject(district: GeneratedBank) -> None:
    """The same mentee fits a mentor skilled in what they need better than an unskilled one."""
    t = district.truth
    e = int(np.argmax(t.need[t.mentee_person].sum(axis=1)))
    fits = district.true_fit(np.arange(len(district.mentor_ids)), np.full(1, e))
    row = t.mentee_person[e]
    coverage = (t.skill[t.mentor_person] * t.need[row]).sum(axis=1)
    assert np.corrcoef(fits, coverage)[0, 1] > 0.5


def test_observed_fields_are_noisy_views_of_the_truth(district: GeneratedBank) -> None:
    t, pos = district.truth, {tid: k for k, tid in enumerate(district.truth.topic_ids)}
    row = {pid: i for i, pid in enumerate(t.person_ids)}
    requested = [t.need[row[p.id], pos[k]] > 0 for p in district.bank.mentees for k in p.requests]
    assert 0.8 <= np.mean(requested) < 1.0  # mostly real needs, some noise
    listed = [t.skill[row[p.id], pos[k]] for p in district.bank.mentors for k in p.competencies]
    assert np.mean(listed) > t.skill[t.mentor_person].mean() + 0.2


def test_wishes_follow_the_true_fit(district: GeneratedBank) -> None:
    mpos = {pid: i for i, pid in enumerate(district.mentor_ids)}
    epos = {pid: i for i, pid in enumerate(district.mentee_ids)}
    fits: dict[WishLevel, list[float]] = {lv: [] for lv in WishLevel}
    for p in district.bank.participants:
        for w in p.wishes:
            if p.id in epos and w.target in mpos:
                pair = (mpos[w.target], epos[p.id])
            else:
                pair = (mpos[p.id], epos[w.target])
            fits[w.level].append(float(district.true_fit(np.array([pair[0]]),
                                                         np.array([pair[1]]))[0]))
    stating = sum(bool(p.wishes) for p in district.bank.participants)
    assert 0.05 <= stating / len(district.bank.participants) <= 0.4  # most state nothing
    assert len(fits[WishLevel.no]) < len(fits[WishLevel.yes])  # "no" is rare
    rng = np.random.default_rng(2)
    rand = district.true_fit(rng.integers(0, len(mpos), 5000), rng.integers(0, len(epos), 5000))
    assert np.mean(fits[WishLevel.yes]) > rand.mean() + 0.1
    assert np.mean(fits[WishLevel.yes]) > np.mean(fits[WishLevel.maybe]) > np.mean(
        fits[WishLevel.no])


# --- CLI -------------------------------------------------------------------------------------

def test_cli_writes_a_bank_that_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "bank.json"
    result = CliRunner().invoke(app, ["datasets", "generate", "--size", "school", "--seed", "4",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Наставники" in result.output
    report = read_bank(out, at=START)
    assert not [p for p in report.problems if p.severity == "error"]
    expected = generate("school", seed=4).bank

    def key(bank: Bank) -> dict[str, tuple]:
        return {p.id: (p.full_name, p.requests, p.competencies, p.mentor, p.mentee,
                       frozenset(p.consents), frozenset(p.wishes)) for p in bank.participants}

    assert key(report.bank) == key(expected)


def test_cli_refuses_a_bad_size(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["datasets", "generate", "--size", "galaxy",
                                      "--out", str(tmp_path / "b.json")])
    assert result.exit_code != 0 and not (tmp_path / "b.json").exists()


# --- scale -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_region_is_generated_fast_and_valid() -> None:
    t0 = time.perf_counter()
    g = generate("region", seed=11)
    elapsed = time.perf_counter() - t0
    people = g.bank.participants
    assert 45_000 <= len(people) <= 55_000
    assert elapsed < 60
    assert len({p.organisation for p in people}) >= 400
    assert len({p.site for p in people}) >= 50
    sample = np.random.default_rng(0).choice(len(people), 2000, replace=False)
    for i in sample:
        assert Participant.model_validate(people[i].model_dump()) == people[i]
    rng = np.random.default_rng(3)
    fit = g.true_fit(rng.integers(0, len(g.mentor_ids), 2_000_000),
                     rng.integers(0, len(g.mentee_ids), 2_000_000))
    assert 0 <= fit.min() and fit.max() <= 1


def test_a_share_of_people_have_a_plausible_unique_address(district: GeneratedBank,
                                                           students: GeneratedBank,
                                                           tmp_path: Path) -> None:
    """Most adults and some older students give an e-mail (issue 12 item 7): well-formed,
    under a reserved `.example` name, never shared (a generated bank imports without a
    duplicate warning), and the same for the same seed."""
    people = district.bank.participants
    adults = [p for p in people if p.role != Role.student]
    share = sum(bool(p.email) for p in adults) / len(adults)
    assert 0.7 < share < 0.9
    young = [p for p in students.bank.participants if p.role == Role.student]
    assert 0 < sum(bool(p.email) for p in young) < len(young) / 2
    assert not [p for p in young if p.email and p.age_at(START) < 14]
    emails = [p.email.lower() for p in people if p.email]
    assert len(set(emails)) == len(emails)
    assert all(e.endswith(".example") and "@" in e for e in emails)
    assert [p.email for p in generate("district", seed=7).bank.participants] == [
        p.email for p in people]
    path = tmp_path / "bank.json"
    write_bank(district.bank, path)
    report = read_bank(path, at=START)
    assert not [w for w in report.warnings if "адрес" in w.message]
