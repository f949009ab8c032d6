"""Property-based API fuzzing (schemathesis) against the OpenAPI schema: no operation answers
with a server error, for a signed-in curator on a seeded database.

Bounded: a few examples per operation and a fixed time budget (running out of it fails the
test, naming how far it got, rather than passing quietly). SQLite only: the point is the
handlers, not the backend.
"""

from __future__ import annotations

import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

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

EXAMPLES_PER_OPERATION = 8
BUDGET_S = 150.0  # for the whole module


def seed(settings: Settings) -> tuple[str, dict[str, Any]]:
    """The sample bank, a curator of its school, a programme and one finished run: the
    curator's access token, and path parameters that name things that exist."""
    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)

    def uow() -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(factory)

    names = sorted({p.organisation for p in read_bank(SAMPLES / "sample.json").bank.participants})
    orgs = {name: services.create_organisation(uow(), SYSTEM, name) for name in names}
    curator = services.create_user(uow(), SYSTEM, login="curator", password="fuzzing curator 123",
                                   full_name="Куратор", role=UserRole.curator,
                                   organisation_id=orgs[SCHOOL_7].id)
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
    token = security.create_access_token(curator.id, key=settings.signing_key,
                                         algorithm=settings.jwt_algorithm, minutes=60)
    known = {"run_id": run.id, "programme_id": "P-2027", "organisation_id": orgs[SCHOOL_7].id,
             "proposal_id": proposal, "target": "T01", "token": link, "conflict_id": 1,
             "user_id": curator.id}
    return token, known


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory,
           sqlite_template: Path) -> Iterator[tuple[Any, str, dict[str, Any]]]:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    shutil.copyfile(sqlite_template, path)
    settings = Settings(database_url=f"sqlite:///{path}", secret_key=secrets.token_urlsafe(32),
                        state_dir=path.parent / "state", why_not_time_limit_s=1,
                        _env_file=None)  # type: ignore[call-arg]
    token, known = seed(settings)
    app = create_app(settings)
    yield app, token, known
    app.state.jobs.shutdown(wait=True)
    app.state.engine.dispose()


def existing(known: dict[str, Any], path: str) -> Callable[[Any], Any]:
    """A case with its path parameters naming seeded things (the rest stays generated), so
    the handlers are reached past their 404s."""
    values = {**known, "pid": "P-2027" if path.startswith("/api/v1/programmes") else "T05"}

    def fix(case: Any) -> Any:
        if case.path_parameters:
            case.path_parameters = {k: values.get(k, v) for k, v in case.path_parameters.items()}
        return case

    return fix


def test_no_operation_answers_with_a_server_error(
    seeded: tuple[Any, str, dict[str, Any]],
) -> None:
    """Every operation, a few generated requests each, first as generated, then aimed at the
    seeded run, programme and people; within the budget. Schemathesis's own pytest
    integration does not run on pytest 9 (`request.node._nodeid` is gone), so the operations
    are driven here through its hypothesis strategies."""
    app, token, known = seeded
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {token}"}
    started = time.monotonic()
    failures: list[str] = []
    tried: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if time.monotonic() - started > BUDGET_S:
            break
        tried.append(operation.label)

        strategy = operation.as_strategy()
        aimed = strategy.map(existing(known, operation.path))

        @given(case=st.one_of(strategy, aimed))
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            check()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:2000]}")
    operations = len(list(schema.get_all_operations()))
    assert not failures, "\n\n".join(failures)
    assert len(tried) == operations, (
        f"the {BUDGET_S:.0f} s budget covered {len(tried)} of {operations} operations")
