"""Demo data for a fresh database: organisations, an administrator, a demo curator and a bank.

Runs only when the database has no users and no organisations, so it never touches real data.
Passwords are `DEMO_PASSWORD` / `ADMIN_PASSWORD` if set, else generated once and kept in the
state directory, so every start can print them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from pydantic import SecretStr

from matcher.model import (
    Bank,
    Consent,
    ConsentKind,
    Form,
    MenteeRequest,
    MentorOffer,
    Participant,
    Role,
)
from service import services
from service.config import Settings, read_or_create_secret
from service.domain import SYSTEM, UserRole
from service.unit_of_work import AbstractUnitOfWork


@dataclass(frozen=True)
class Credentials:
    login: str
    password: str


@dataclass(frozen=True)
class SeedResult:
    seeded: bool  # False: the database already had data and was left alone
    curator: Credentials
    admin: Credentials
    organisation: str = ""
    participants: int = 0
    source: str = ""


# The demo school is the school of the README's sample file (datasets/samples/sample.xlsx),
# and its partners are the sample's outside organisations, so the demo curator can import the
# sample on a fresh start: the employer, the university and the college teacher join the
# school's bank as outside mentors.
DEMO_SCHOOL = "МБОУ «Средняя школа № 7»"
DEMO_PARTNERS = (
    "АО «Кстовский машиностроительный завод»",
    "НГПУ им. К. Минина",
    "ГБПОУ «Кстовский нефтяной техникум»",
)


def demo_bank(seed: int = 0) -> tuple[Bank, str]:
    """The demo bank and where it came from: a generated school (`datasets.generate`) named
    as the demo school, or a tiny built-in bank where the generator is not installed."""
    try:
        from datasets import generate
    except ImportError:
        return builtin_bank(), "встроенный пример"
    bank = generate("school", seed=seed).bank
    people = tuple(p.model_copy(update={"organisation": DEMO_SCHOOL}) for p in bank.participants)
    return (Bank(participants=people, conflicts=bank.conflicts),
            f"генератор datasets, школа, seed={seed}")


def builtin_bank() -> Bank:
    """Three people of one school: enough to see the pages and the API at work."""
    school = "МБОУ «Демонстрационная школа»"
    consent = (Consent(kind=ConsentKind.personal_data, given=date(2025, 9, 1)),)
    return Bank(participants=(
        Participant(
            id="T01", full_name="Смирнова Ольга Викторовна", role=Role.teacher,
            organisation=school, birth_year=1972, subjects=("математика",),
            experience_years=28, years_in_organisation=20,
            competencies={"exam_preparation": 3, "teaching_methods": 3},
            mentor=MentorOffer(capacity_mentees=2, forms=frozenset({Form.teacher_teacher})),
            consents=(*consent, Consent(kind=ConsentKind.mentor_duties, given=date(2025, 9, 1))),
        ),
        Participant(
            id="T02", full_name="Кузнецов Артём Игоревич", role=Role.teacher,
            organisation=school, birth_year=2000, subjects=("математика",),
            experience_years=1, years_in_organisation=1,
            requests={"exam_preparation": 3, "classroom_management": 2},
            difficulties_text="Трудно удерживать дисциплину в 7-х классах",
            mentee=MenteeRequest(forms=frozenset({Form.teacher_teacher})),
            consents=(*consent, Consent(kind=ConsentKind.participation, given=date(2025, 9, 1))),
        ),
        Participant(
            id="T03", full_name="Павлова Мария Сергеевна", role=Role.teacher,
            organisation=school, birth_year=1998, subjects=("русский язык",),
            experience_years=2, years_in_organisation=2,
            requests={"working_with_parents": 2},
            mentee=MenteeRequest(),
            consents=(*consent, Consent(kind=ConsentKind.participation, given=date(2025, 9, 1))),
        ),
    ))


def credentials(settings: Settings) -> tuple[Credentials, Credentials]:
    """The demo curator's and the administrator's login and password."""
    def password(given: SecretStr | None, name: str) -> str:
        if given is not None:
            return given.get_secret_value()
        return read_or_create_secret(settings.state_dir / name, nbytes=9)

    return (
        Credentials(settings.demo_login, password(settings.demo_password, "demo_password")),
        Credentials(settings.admin_login, password(settings.admin_password, "admin_password")),
    )


def seed_if_empty(
    uow: AbstractUnitOfWork, settings: Settings, bank: Bank | None = None, source: str = ""
) -> SeedResult:
    """Create the demo data in an empty database; leave any other database alone."""
    curator, admin = credentials(settings)
    with uow:
        empty = uow.organisations.count() == 0 and uow.users.count() == 0
    if not empty:
        return SeedResult(seeded=False, curator=curator, admin=admin)
    partners: tuple[str, ...] = ()
    if bank is None:
        bank, source = demo_bank(settings.demo_seed)
        partners = DEMO_PARTNERS
    counts = Counter(p.organisation for p in bank.participants)
    orgs = {name: services.create_organisation(uow, SYSTEM, name) for name in sorted(counts)}
    home = counts.most_common(1)[0][0] if counts else ""
    if not orgs:
        home = "МБОУ «Демонстрационная школа»"
        orgs[home] = services.create_organisation(uow, SYSTEM, home)
    services.create_user(uow, SYSTEM, login=admin.login, password=admin.password,
                         full_name="Администратор", role=UserRole.admin, organisation_id=None)
    services.create_user(uow, SYSTEM, login=curator.login, password=curator.password,
                         full_name="Демо-куратор", role=UserRole.curator,
                         organisation_id=orgs[home].id)
    for name in partners:
        services.add_partner(uow, SYSTEM, orgs[home].id, name)
    rows = [services.ParsedRow(i, p) for i, p in enumerate(bank.participants, 1)]
    report = services.import_participants(uow, SYSTEM, rows, [], strict=True)
    return SeedResult(seeded=True, curator=curator, admin=admin, organisation=home,
                      participants=len(report.created), source=source)
