"""Personal data at rest: the SQLite file 0600, the state directory 0700, and the generated
passwords printed on the first start only (and by `python -m service show-logins`)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service import __main__ as entrypoint
from service.config import Settings
from service.db.engine import make_engine


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual umask: files 0644, folders 0755
    yield
    os.umask(old)


@pytest.fixture
def started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loose_umask: None) -> Any:
    """`python -m service` with uvicorn replaced: returns a function that starts it again."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'nastavnik.db'}")
    monkeypatch.setenv("STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)

    def start(*argv: str) -> None:
        served: dict[str, Any] = {}
        monkeypatch.setattr(entrypoint.uvicorn, "run", lambda app, host, port: served.update(
            app=app))
        entrypoint.main(list(argv))
        if "app" in served:
            served["app"].state.engine.dispose()

    return start


def test_the_database_file_is_0600_after_start_up(tmp_path: Path, started: Any) -> None:
    started()
    assert mode(tmp_path / "nastavnik.db") == 0o600
    assert mode(tmp_path / "state") == 0o700
    for secret in (tmp_path / "state").iterdir():
        assert mode(secret) == 0o600, secret


def test_a_looser_database_and_state_directory_are_tightened(tmp_path: Path,
                                                             started: Any) -> None:
    started()
    (tmp_path / "nastavnik.db").chmod(0o644)
    (tmp_path / "state").chmod(0o755)
    (tmp_path / "state" / "admin_password").chmod(0o644)
    started()
    assert mode(tmp_path / "nastavnik.db") == 0o600
    assert mode(tmp_path / "state") == 0o700
    assert mode(tmp_path / "state" / "admin_password") == 0o600


def test_an_engine_creates_its_sqlite_file_owner_only(tmp_path: Path, loose_umask: None) -> None:
    path = tmp_path / "new.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect():
        pass
    engine.dispose()
    assert mode(path) == 0o600
    for side in ("new.db-wal", "new.db-shm"):
        if (tmp_path / side).exists():
            assert mode(tmp_path / side) == 0o600, side


def test_passwords_are_printed_on_the_first_start_only(
    tmp_path: Path, started: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    started()
    first = capsys.readouterr().out
    password = (tmp_path / "state" / "admin_password").read_text(encoding="utf-8").strip()
    assert f"пароль {password}" in first
    started()
    second = capsys.readouterr().out
    assert password not in second and "пароль" not in second
    assert "python -m service show-logins" in second
    started("show-logins")
    shown = capsys.readouterr().out
    assert f"Администратор: логин admin, пароль {password}" in shown


def test_settings_state_dir_is_private_when_a_secret_is_made(tmp_path: Path,
                                                            loose_umask: None) -> None:
    settings = Settings(state_dir=tmp_path / "state", _env_file=None)  # type: ignore[call-arg]
    assert settings.export_key
    assert mode(tmp_path / "state") == 0o700
