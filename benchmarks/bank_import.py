"""A 10,000-row bank file imported through the API on SQLite (issue 12, part 3): how long the
request takes to answer (a job, at once), how long the job takes, and how long another
curator's edit takes while the job runs. Run: `python -m benchmarks.bank_import [rows]`."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from pydantic import SecretStr

from matcher.bank_io import read_bank
from matcher.model import Bank
from service import services
from service.bank_files import bank_file
from service.config import Settings
from service.db import migrate
from service.db.engine import make_engine, make_session_factory
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import SYSTEM, UserRole
from service.main import create_app

SCHOOL = "МБОУ «Средняя школа № 7»"  # the sample bank's school
LOGIN, PASSWORD = "kurator", "Nastavnik-2025"

SAMPLE = Path(__file__).resolve().parents[1] / "datasets" / "samples" / "sample.json"


def bank_of(n: int) -> bytes:
    school = [p for p in read_bank(SAMPLE).bank.participants if p.organisation == SCHOOL]
    people = tuple(school[i % len(school)].model_copy(update={
        "id": f"X{i:05d}", "full_name": f"{school[i % len(school)].full_name} {i}",
        "email": f"x{i:05d}@school7.example", "wishes": ()}) for i in range(n))
    return bank_file(Bank(participants=people), "xlsx")


def main(rows: int = 10_000) -> None:
    content = bank_of(rows)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}",
                            secret_key=SecretStr("bench-" + "x" * 40), state_dir=Path(tmp),
                            _env_file=None)
        migrate.upgrade(settings.database_url)
        engine = make_engine(settings.database_url)
        uow = lambda: SqlAlchemyUnitOfWork(make_session_factory(engine))  # noqa: E731
        org = services.create_organisation(uow(), SYSTEM, SCHOOL, "")
        services.create_user(uow(), SYSTEM, login=LOGIN, password=PASSWORD, full_name="К",
                             role=UserRole.curator, organisation_id=org.id)
        engine.dispose()
        with TestClient(create_app(settings)) as client:
            token = client.post("/api/v1/auth/token",
                                data={"username": LOGIN, "password": PASSWORD}).json()
            h = {"Authorization": f"Bearer {token['access_token']}"}
            client.post("/api/v1/participants", headers=h, json={
                "id": "E1", "full_name": "Правкина Ева", "role": "teacher",
                "organisation": SCHOOL, "birth_year": 1990})
            start = time.perf_counter()
            answer = client.post("/api/v1/participants/import?background=true", headers=h,
                                 files={"file": ("bank.xlsx", content, "application/octet-stream")})
            answered = time.perf_counter() - start
            job_id = answer.json()["id"]
            edits: list[float] = []
            while True:
                job = client.get(f"/api/v1/imports/jobs/{job_id}", headers=h).json()
                if job["status"] in ("done", "failed"):
                    break
                version = client.get("/api/v1/participants/E1", headers=h).json()["version"]
                t = time.perf_counter()
                edit = client.patch("/api/v1/participants/E1", headers=h,
                                    json={"version": version, "site": f"корпус {len(edits)}"})
                assert edit.status_code == 200, edit.text
                edits.append(time.perf_counter() - t)
                time.sleep(0.5)
            total = time.perf_counter() - start
            created = len(job["report"]["created"]) if job["report"] else 0
    print(f"| rows | file bytes | request answered | job done | created | edits during job "
          f"| slowest edit |\n|---|---|---|---|---|---|---|\n| {rows} | {len(content)} "
          f"| {answered:.2f} s | {total:.1f} s | {created} | {len(edits)} "
          f"| {max(edits, default=0):.2f} s |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
