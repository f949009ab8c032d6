"""Helpers shared by the API tests: accounts, the two-school world, participant bodies."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

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
