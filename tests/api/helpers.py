"""Helpers shared by the API tests: accounts, the two-school world, participant bodies."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from matcher.bank_io import write_bank
from matcher.model import Bank, Participant
from service import security
from service.config import Settings
from service.domain import Organisation, UserRole

PASSWORD = "correct horse battery"
SCHOOL_A = "МБОУ «Школа № 1»"
SCHOOL_B = "МБОУ «Лицей № 2»"
API = "/api/v1"
# The server of the PostgreSQL runs; each test session works in a schema of its own there.
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def with_search_path(url: str, schema: str) -> str:
    """`url` whose connections use `schema` first, so tests never touch `public`; commits
    do not wait for the disk (a test database needs no durability, and it is much faster)."""
    parsed = make_url(url)
    query = dict(parsed.query)
    query["options"] = f"-csearch_path={schema} -csynchronous_commit=off"
    return parsed.set(query=query).render_as_string(hide_password=False)


@dataclass
class Account:
    id: int
    login: str
    role: UserRole
    organisation_id: int | None
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class World:
    """Two schools, an administrator, a curator of each school and a viewer of school A."""

    client: TestClient
    settings: Settings
    school_a: Organisation
    school_b: Organisation
    admin: Account
    curator_a: Account
    curator_b: Account
    viewer_a: Account
    uow: Any

    def token_for(self, user_id: int) -> str:
        return security.create_access_token(
            user_id, key=self.settings.signing_key, algorithm=self.settings.jwt_algorithm,
            minutes=5,
        )



def participant_json(pid: str, organisation: str = SCHOOL_A, **fields: Any) -> dict[str, Any]:
    """A valid mentee teacher, with fields overridden as given."""
    data: dict[str, Any] = {
        "id": pid,
        "full_name": f"Иванова Анна {pid}",
        "role": "teacher",
        "organisation": organisation,
        "birth_year": 1995,
        "subjects": ["Математика"],
        "experience_years": 2,
        "years_in_organisation": 1,
        "requests": {"exam_preparation": 2},
        "mentee": {"forms": ["teacher_teacher"]},
        "consents": [{"kind": "personal_data", "given": "2025-09-01"}],
    }
    data.update(fields)
    return data


def create(world: World, who: Account, pid: str, organisation: str = SCHOOL_A,
           **fields: Any) -> dict[str, Any]:
    response = world.client.post(f"{API}/participants", headers=who.headers,
                                 json=participant_json(pid, organisation, **fields))
    assert response.status_code == 201, response.text
    return response.json()


# --- bank files and sign-in, shared by the import, re-import, partner and download tests ---


def upload(world: World, who: Account, content: bytes, name: str = "bank.json",
           strict: bool = False, **headers: str) -> Any:
    return world.client.post(
        f"{API}/participants/import", headers={**who.headers, **headers},
        files={"file": (name, content, "application/octet-stream")},
        data={"strict": "true" if strict else "false"},
    )


def bank_file(*participants: dict[str, Any]) -> bytes:
    return json.dumps({"participants": list(participants)}, ensure_ascii=False).encode()


def ids(world: World) -> list[str]:
    page = world.client.get(f"{API}/participants?limit=100", headers=world.admin.headers)
    return [p["id"] for p in page.json()["items"]]


def sign_in(client: TestClient, login: str, password: str) -> dict[str, str]:
    response = client.post(f"{API}/auth/token", data={"username": login, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


MENTOR = participant_json(
    "T1", full_name="Соколова Мария Петровна", site="корпус 2", gender="female",
    subjects=["Математика", "Информатика"], category="highest", experience_years=22,
    years_in_organisation=15, digital_level=3,
    competencies={"teaching_methods": 3, "exam_preparation": 2},
    requests={"digital_tools": 2}, experience_text="Готовлю к ЕГЭ двадцать лет",
    difficulties_text="Хочу освоить онлайн-доски", interests=["шахматы"],
    free_slots=[{"day": "tue", "start": "15:00", "end": "16:00"}], formats=["in_person", "remote"],
    meeting_frequency="weekly",
    mentor={"capacity_mentees": 2, "capacity_groups": 1, "forms": ["teacher_teacher"]},
    mentee={"forms": ["reverse"], "mentors_wanted": 1},
    consents=[{"kind": "personal_data", "given": "2025-09-01"},
              {"kind": "mentor_duties", "given": "2025-09-02"},
              {"kind": "participation", "given": "2025-09-03"}],
)


MENTEE = participant_json("T2", full_name="Орлов Илья Сергеевич")


def full_bank(tmp_path: Path) -> bytes:
    path = tmp_path / "bank.xlsx"
    write_bank(Bank(participants=(Participant.model_validate(MENTOR),
                                  Participant.model_validate(MENTEE))), path)
    return path.read_bytes()


def person(world: World, pid: str) -> dict[str, Any]:
    body = world.client.get(f"{API}/participants/{pid}", headers=world.admin.headers).json()
    return {k: v for k, v in body.items() if k not in ("version", "updated_at")}
