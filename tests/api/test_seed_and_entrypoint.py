"""The demo seed, `python -m service`, and the settings' generated secret key."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service import __main__ as entrypoint
from service.config import Settings
from service.db import migrate
from service.db.engine import make_engine
from service.seed import builtin_bank, demo_bank, seed_if_empty
from tests.api.helpers import API, sign_in


def test_seed_fills_an_empty_database_once(app_client: TestClient, settings: Settings,
                                           uow_factory: Any) -> None:
    result = seed_if_empty(uow_factory(), settings)
    assert result.seeded and result.participants == len(demo_bank()[0].participants) > 0
    headers = sign_in(app_client, result.curator.login, result.curator.password)
    page = app_client.get(f"{API}/participants?limit=100", headers=headers).json()
    assert page["total"] > 0
    assert {p["organisation"] for p in page["items"]} == {result.organisation}
    admin = sign_in(app_client, result.admin.login, result.admin.password)
    assert app_client.get(f"{API}/audit?user=system", headers=admin).json()["total"] > 24

    again = seed_if_empty(uow_factory(), settings)
    assert not again.seeded
    assert again.curator == result.curator  # the kept password is printed again


def test_seed_with_the_builtin_bank(app_client: TestClient, settings: Settings,
                                    uow_factory: Any) -> None:
    result = seed_if_empty(uow_factory(), settings, bank=builtin_bank(), source="test")
    assert (result.seeded, result.participants) == (True, 3)
    assert result.organisation == "МБОУ «Демонстрационная школа»"


def test_python_m_service_migrates_seeds_and_prints_the_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-1")
    served: dict[str, Any] = {}
    monkeypatch.setattr(entrypoint.uvicorn, "run",
                        lambda app, host, port: served.update(app=app, host=host, port=port))
    entrypoint.main([])
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000" in out
    assert "логин curator, пароль demo-password-1" in out
    assert (served["host"], served["port"]) == ("127.0.0.1", 8000)
    with TestClient(served["app"]) as client:
        sign_in(client, "curator", "demo-password-1")
    served["app"].state.engine.dispose()
    engine = make_engine(url)
    assert "participants" in migrate.current_tables(engine)
    engine.dispose()
    entrypoint.main(["downgrade"])
    engine = make_engine(url)
    assert migrate.current_tables(engine) == {"alembic_version"}
    engine.dispose()


def test_secret_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path / "state", _env_file=None)  # type: ignore[call-arg]
    key = settings.signing_key
    path = tmp_path / "state" / "secret_key"
    assert len(key) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Settings(state_dir=tmp_path / "state", _env_file=None).signing_key == key  # type: ignore[call-arg]
    given = Settings(state_dir=tmp_path / "other", secret_key="from-the-environment",
                     _env_file=None)  # type: ignore[call-arg]
    assert given.signing_key == "from-the-environment"
    assert not (tmp_path / "other").exists()
