"""Property-based API fuzzing (schemathesis) against the OpenAPI schema: no operation answers
with a server error, for a signed-in curator (and the administrator on the operations only an
administrator may use) on a seeded database.

Two kinds of run:
- `make test`: every operation, a few hypothesis examples each, aimed at the seeded run,
  programme and people; a fixed time budget.
- `make test-all` (`slow`): schemathesis's own engine with all its phases in order —
  examples (from the schema, missing ones filled in), coverage (boundary and negative values of
  every parameter and body field), fuzzing, and stateful (chains over the links schemathesis
  infers from the responses: create a participant, then read, change or delete it; start a run,
  then read its proposals; ...). Seeded and deterministic; bounded by example counts (about a
  minute and a half per identity on an idle machine), with `not_a_server_error` and
  `response_schema_conformance` checked on every response.

The identity is minted afresh for every request at the user's current token version, so an
operation that signs out (`POST /auth/logout`) does not sign the rest of the run out: with one
fixed token the first operation in schema order did, and everything after it answered 401.
SQLite only: the point is the handlers, not the backend.
"""

from __future__ import annotations

import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, StopReason, events, from_schema

from matcher.bank_io import read_bank
from matcher.model import Programme
from service import runs, security, services
from service.bank_files import read_upload
from service.config import Settings
from service.db.engine import make_engine, make_session_factory
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import SYSTEM, UserRole
from service.main import create_app
from tests.api.runs_helpers import SAMPLES, SCHOOL_7

SCHEMA_PATH = "/api/v1/openapi.json"
EXAMPLES_PER_OPERATION = 8
BUDGET_S = 150.0  # for the short run over every operation
SEED = 20250113
ADMIN_TAGS = ["users", "organisations", "audit"]  # where an administrator can do more


@dataclass
class Seeded:
    """The app on a seeded database, who to sign in as, and path parameters that exist."""

    app: FastAPI
    curator_id: int
    admin_id: int
    known: dict[str, Any] = field(default_factory=dict)

    def token(self, user_id: int) -> str:
        """A fresh access token at the user's current version (see the module docstring)."""
        with SqlAlchemyUnitOfWork(self.app.state.session_factory) as uow:
            user = uow.users.get(user_id)
            assert user is not None, user_id
            version = user.token_version
        config: Settings = self.app.state.settings
        return security.create_access_token(user_id, key=config.signing_key,
                                            algorithm=config.jwt_algorithm, minutes=60,
                                            version=version)


def seed(settings: Settings) -> tuple[int, int, dict[str, Any]]:
    """The sample bank, a curator of its school, an administrator, a programme and one finished
    run: the two users' ids, and path parameters that name things that exist."""
    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)

    def uow() -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(factory)

    names = sorted({p.organisation for p in read_bank(SAMPLES / "sample.json").bank.participants})
    orgs = {name: services.create_organisation(uow(), SYSTEM, name) for name in names}
    curator = services.create_user(uow(), SYSTEM, login="curator", password="fuzzing curator 123",
                                   full_name="Куратор", role=UserRole.curator,
                                   organisation_id=orgs[SCHOOL_7].id)
    admin = services.create_user(uow(), SYSTEM, login="admin", password="fuzzing admin 12345",
                                 full_name="Администратор", role=UserRole.admin,
                                 organisation_id=None)
    parsed = read_upload("sample.xlsx", (SAMPLES / "sample.xlsx").read_bytes())
    services.import_participants(uow(), SYSTEM, parsed.rows, parsed.problems, strict=False,
                                 conflicts=parsed.conflicts)
    start = date.today() + timedelta(days=30)
    services.create_programme(uow(), SYSTEM, Programme(
        id="P-2027", name="Наставничество", start=start, end=start + timedelta(days=200),
        time_limit_s=2), orgs[SCHOOL_7].id)
    actor = services.actor_for(uow(), curator.id)
    run = runs.start_run(uow(), actor, "P-2027")
    runs.execute_run(uow, run.id)
    with uow() as u:
        proposal = u.proposals.list_for(run.id)[0].pid
    engine.dispose()
    link = security.create_explanation_token(
        "T05", run.id, key=settings.signing_key, algorithm=settings.jwt_algorithm,
        expires=datetime.now(UTC) + timedelta(days=1))
    known = {"run_id": run.id, "programme_id": "P-2027", "organisation_id": orgs[SCHOOL_7].id,
             "proposal_id": proposal, "target": "T01", "token": link, "conflict_id": 1,
             "user_id": curator.id}
    return curator.id, admin.id, known


def seeded_app(directory: Path, sqlite_template: Path) -> Seeded:
    """A migrated copy of the template in `directory`, seeded, with an app bound to it."""
    path = directory / "fuzz.db"
    shutil.copyfile(sqlite_template, path)
    settings = Settings(database_url=f"sqlite:///{path}", secret_key=secrets.token_urlsafe(32),
                        state_dir=directory / "state", why_not_time_limit_s=1,
                        _env_file=None)  # type: ignore[call-arg]
    curator_id, admin_id, known = seed(settings)
    return Seeded(create_app(settings), curator_id, admin_id, known)


def close(seeded: Seeded) -> None:
    seeded.app.state.jobs.shutdown(wait=True)
    seeded.app.state.engine.dispose()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Seeded]:
    world = seeded_app(tmp_path_factory.mktemp("fuzz"), sqlite_template)
    yield world
    close(world)


@pytest.fixture
def seeded_for_admin(tmp_path_factory: pytest.TempPathFactory,
                     sqlite_template: Path) -> Iterator[Seeded]:
    """A database of its own: the administrator may delete the curator's school or block the
    curator, which must not change what the curator's runs reach."""
    world = seeded_app(tmp_path_factory.mktemp("fuzz-admin"), sqlite_template)
    yield world
    close(world)


def existing(known: dict[str, Any], path: str) -> Callable[[Any], Any]:
    """A case with its path parameters naming seeded things (the rest stays generated), so
    the handlers are reached past their 404s."""
    values = {**known, "pid": "P-2027" if path.startswith("/api/v1/programmes") else "T05"}

    def fix(case: Any) -> Any:
        if case.path_parameters:
            case.path_parameters = {k: values.get(k, v) for k, v in case.path_parameters.items()}
        return case

    return fix


def test_no_operation_answers_with_a_server_error(seeded: Seeded) -> None:
    """Every operation, a few generated requests each, first as generated, then aimed at the
    seeded run, programme and people; within the budget. Schemathesis's own pytest
    integration does not run on pytest 9 (`request.node._nodeid` is gone), so the operations
    are driven here through its hypothesis strategies."""
    schema = schemathesis.openapi.from_asgi(SCHEMA_PATH, seeded.app)
    started = time.monotonic()
    failures: list[str] = []
    tried: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if time.monotonic() - started > BUDGET_S:
            break
        tried.append(operation.label)

        strategy = operation.as_strategy()
        aimed = strategy.map(existing(seeded.known, operation.path))

        @given(case=st.one_of(strategy, aimed))
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            headers = {"Authorization": f"Bearer {seeded.token(seeded.curator_id)}"}
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            check()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:2000]}")
    operations = len(list(schema.get_all_operations()))
    assert not failures, "\n\n".join(failures)
    assert len(tried) == operations, (
        f"the {BUDGET_S:.0f} s budget covered {len(tried)} of {operations} operations")


@dataclass
class EngineReport:
    """What one engine run did: phases that ran, requests by phase and status, what failed."""

    phases: dict[str, Status] = field(default_factory=dict)
    responses: dict[str, dict[int, int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    stop: StopReason | None = None
    elapsed_s: float = 0.0

    def took(self, event: events.ScenarioFinished) -> None:
        by_status = self.responses.setdefault(str(event.phase), {})
        for interaction in event.recorder.interactions.values():
            if interaction.response is not None:
                code = interaction.response.status_code
                by_status[code] = by_status.get(code, 0) + 1
        for nodes in event.recorder.checks.values():
            for node in nodes:
                if node.failure_info is not None:
                    failure = node.failure_info.failure
                    self.failures.append(
                        f"{event.phase} {event.recorder.label}: {node.name} {failure.title}: "
                        f"{failure.message[:800]}\n{node.failure_info.code_sample[:1500]}")

    def summary(self) -> str:
        return (f"{self.elapsed_s:.0f} s, stopped: {self.stop}, phases: {self.phases}, "
                f"responses: {self.responses}")


def engine_run(seeded: Seeded, user_id: int, *, tags: list[str] | None = None) -> EngineReport:
    """Every phase of schemathesis's engine as `user_id`, over the operations under `tags`
    (all when None), seeded and deterministic."""
    config = SchemathesisConfig.from_dict({
        "seed": SEED,
        "workers": 1,
        "generation": {"max-examples": 25, "deterministic": True, "database": "none"},
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            # pydantic writes `format: time` for a time of day; RFC 3339's `time` wants a zone.
            "response_schema_conformance": {"enabled": True, "validate-formats": False},
        },
        "phases": {
            "examples": {"fill-missing": True},
            "stateful": {"generation": {"max-examples": 60}},
        },
    })
    schema = schemathesis.openapi.from_asgi(SCHEMA_PATH, seeded.app, config=config)
    if tags is not None:
        schema = schema.include(tag=tags)

    @schema.auth(refresh_interval=None)
    class SignedIn:
        """The user's bearer token on every request, fresh each time."""

        def get(self, case: Any, context: Any) -> str:
            return seeded.token(user_id)

        def set(self, case: Any, data: str, context: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    report = EngineReport()
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.PhaseFinished):
            report.phases[str(event.phase.name)] = event.status
        elif isinstance(event, events.ScenarioFinished):
            report.took(event)
        elif isinstance(event, events.NonFatalError):
            report.failures.append(f"error in {event.phase} {event.label}: {event.value!r}")
        elif isinstance(event, events.FatalError):
            report.failures.append(f"fatal: {event.exception!r}")
        elif isinstance(event, events.EngineFinished):
            report.stop = event.stop_reason
            report.failures.extend(f"after the run: {f!r}" for f in event.failures)
    report.elapsed_s = time.monotonic() - started
    return report


def assert_clean(report: EngineReport) -> None:
    """No failure, every testing phase ran to completion, and the requests got past sign-in."""
    assert not report.failures, "\n\n".join(report.failures) + "\n\n" + report.summary()
    assert report.stop == StopReason.COMPLETED, report.summary()
    for phase in ("examples", "coverage", "fuzzing", "stateful"):
        assert report.phases.get(phase) == Status.SUCCESS, report.summary()
    for phase, by_status in report.responses.items():
        signed_out = by_status.get(401, 0)
        assert signed_out * 10 < sum(by_status.values()), (
            f"{phase}: {signed_out} requests answered 401; {report.summary()}")
        assert sum(n for code, n in by_status.items() if 200 <= code < 300), report.summary()


@pytest.mark.slow
def test_every_schemathesis_phase_finds_no_server_error_for_a_curator(seeded: Seeded) -> None:
    assert_clean(engine_run(seeded, seeded.curator_id))


@pytest.mark.slow
def test_every_schemathesis_phase_finds_no_server_error_for_an_administrator(
    seeded_for_admin: Seeded,
) -> None:
    assert_clean(engine_run(seeded_for_admin, seeded_for_admin.admin_id, tags=ADMIN_TAGS))
