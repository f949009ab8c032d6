"""Settings from the environment (pydantic-settings), with a generated secret kept locally.

`DATABASE_URL`, `SECRET_KEY`, `ACCESS_TOKEN_MINUTES`, ... are read from the environment or a
`.env` file. The state directory is owner-only (0700) and every file in it 0600, tightened on
start if found looser. When `SECRET_KEY` is unset a random key is generated once and kept in
`STATE_DIR/secret_key` (mode 0600), so tokens survive restarts and no key is ever hard-coded;
the export's pseudonym key (`PSEUDONYM_KEY`) is kept the same way in `STATE_DIR/pseudonym_key`.
"""

from __future__ import annotations

import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from matcher.bank_io.limits import DEFAULT_LIMITS, FileLimits
from service.mail import MailSettings

SECRET_KEY_FILE = "secret_key"
PSEUDONYM_KEY_FILE = "pseudonym_key"


class Settings(BaseSettings):
    """Everything the service reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./nastavnik.db"
    secret_key: SecretStr | None = None
    state_dir: Path = Path(".nastavnik")
    access_token_minutes: int = Field(default=8 * 60, ge=1, le=30 * 24 * 60)
    jwt_algorithm: str = "HS256"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    demo_login: str = "curator"
    demo_password: SecretStr | None = None
    admin_login: str = "admin"
    admin_password: SecretStr | None = None
    demo_seed: int = 0  # seed of the generated demo bank
    default_page_size: int = Field(default=50, ge=1, le=1000)
    max_page_size: int = Field(default=500, ge=1, le=10_000)
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    # a bank file larger than this is imported by a background job (the answer is the job,
    # whose progress the page shows), never inside the request
    import_background_bytes: int = Field(default=256 * 1024, ge=0)
    # bounds on an uploaded bank file, checked before and while it is parsed (FileLimits)
    import_max_rows: int = Field(default=DEFAULT_LIMITS.max_rows, ge=1)
    import_max_columns: int = Field(default=DEFAULT_LIMITS.max_columns, ge=1)
    import_max_cells: int = Field(default=DEFAULT_LIMITS.max_cells, ge=1)
    import_max_shared_strings: int = Field(default=DEFAULT_LIMITS.max_shared_strings, ge=1)
    import_max_unzipped_bytes: int = Field(default=DEFAULT_LIMITS.max_unzipped_bytes, ge=1)
    import_max_zip_members: int = Field(default=DEFAULT_LIMITS.max_zip_members, ge=1)
    import_max_json_depth: int = Field(default=DEFAULT_LIMITS.max_json_depth, ge=4)
    import_max_json_containers: int = Field(default=DEFAULT_LIMITS.max_json_containers, ge=1)
    job_workers: int = Field(default=2, ge=1, le=32)  # runs solved at once, in-process
    # where runs are solved: threads of the web process (SQLite, one process), or the durable
    # queue in PostgreSQL with `python -m service worker` processes (see service.jobs);
    # `auto`: the durable queue when DATABASE_URL is PostgreSQL, threads on SQLite
    run_queue: Literal["auto", "inprocess", "procrastinate"] = "auto"
    # on the durable queue, the web process also solves runs itself (one at a time), so that
    # `python -m service` alone solves them; false when workers run beside the web processes
    embedded_worker: bool = True
    run_heartbeat_s: float = Field(default=2.0, gt=0, le=60)  # a solving run says it is alive
    run_stall_s: float = Field(default=30.0, gt=0, le=3600)  # silent this long: worker lost
    # queued this long with no job on the durable queue: its web process died before the
    # defer, so the supervisor defers it again
    run_defer_grace_s: float = Field(default=30.0, gt=0, le=3600)
    worker_grace_s: float = Field(default=60.0, ge=0)  # a stopping worker lets solves finish
    # where a run's scoring blocks and CP-SAT components are computed: `local` (the worker's
    # own process, the default) or `ray` (tasks on the Ray cluster at `RAY_ADDRESS`: "auto",
    # "ray://head:10001"; unset starts a local Ray instance). Same results either way.
    matcher_engine: Literal["local", "ray"] = "local"
    ray_address: str | None = None
    why_not_time_limit_s: float = Field(default=10.0, gt=0, le=600)  # per re-solve
    explanation_link_days: int = Field(default=30, ge=1, le=365)
    # key of the depersonalised export's pseudonyms; generated into STATE_DIR when unset.
    # Keep it from year to year: the same person keeps the same pseudonym.
    pseudonym_key: SecretStr | None = None
    # Retention: N days after a participant is deleted, their names, birth year, e-mail and
    # free texts in run snapshots and the audit log are replaced by a pseudonym (`python -m
    # service purge`, also run at start-up).
    retention_days_deleted: int = Field(default=30, ge=0, le=3650)
    # Sign-in throttling: after `login_free_failures` wrong passwords for one login (or
    # `login_address_free_failures` from one address) within `login_window_s`, each further
    # attempt waits `login_lock_base_s` seconds, doubled per failure, at most `login_lock_max_s`.
    login_free_failures: int = Field(default=5, ge=1, le=100)
    login_address_free_failures: int = Field(default=20, ge=1, le=10_000)
    login_lock_base_s: int = Field(default=2, ge=1, le=3600)
    login_lock_max_s: int = Field(default=900, ge=1, le=24 * 3600)
    login_window_s: int = Field(default=3600, ge=60, le=7 * 24 * 3600)
    # Reminders by e-mail (issue 16): off unless SMTP_HOST and SMTP_FROM are set. STARTTLS is
    # on by default (port 587); SMTP_USER/SMTP_PASSWORD sign in when given.
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: SecretStr | None = None
    smtp_from: str = ""
    smtp_from_name: str = "Наставничество"
    smtp_starttls: bool = True
    # Memory for the programmes' score caches in each process (reruns score only who changed;
    # about 185 MB for a region of 50,000 people): the least recently used go first past it.
    score_cache_mb: int = Field(default=1024, ge=0, le=1_000_000)
    # The service's address as participants reach it (e.g. https://nastavnik.school.ru): the
    # links in letters start with it. Unset, the address the curator's request came in on.
    public_url: str = Field(default="", max_length=300, pattern=r"^(https?://[^\s/?#]+/?)?$")

    def link_base(self, request_base: str) -> str:
        """Where participants' links in letters start: `PUBLIC_URL`, else the request's."""
        return self.public_url or request_base

    @property
    def queue(self) -> Literal["inprocess", "procrastinate"]:
        """The queue `RUN_QUEUE` stands for on this database (`auto` resolved)."""
        if self.run_queue != "auto":
            return self.run_queue
        backend = make_url(self.database_url).get_backend_name()
        return "procrastinate" if backend == "postgresql" else "inprocess"

    @property
    def mail(self) -> MailSettings | None:
        """Where reminders go out, or None when SMTP is not configured (the default)."""
        if not self.smtp_host or not self.smtp_from:
            return None
        return MailSettings(
            host=self.smtp_host, port=self.smtp_port, sender=self.smtp_from,
            user=self.smtp_user,
            password=self.smtp_password.get_secret_value() if self.smtp_password else "",
            starttls=self.smtp_starttls, sender_name=self.smtp_from_name)

    @property
    def file_limits(self) -> FileLimits:
        """The bounds every uploaded bank file is read within."""
        return FileLimits(
            max_bytes=self.max_upload_bytes, max_rows=self.import_max_rows,
            max_columns=self.import_max_columns, max_cells=self.import_max_cells,
            max_shared_strings=self.import_max_shared_strings,
            max_unzipped_bytes=self.import_max_unzipped_bytes,
            max_zip_members=self.import_max_zip_members,
            max_json_depth=self.import_max_json_depth,
            max_json_containers=self.import_max_json_containers,
        )

    @cached_property
    def signing_key(self) -> str:
        """The JWT signing key: `SECRET_KEY`, else the one kept in the state directory."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        return read_or_create_secret(self.state_dir / SECRET_KEY_FILE)

    @cached_property
    def export_key(self) -> str:
        """The pseudonym key: `PSEUDONYM_KEY`, else the one kept in the state directory."""
        if self.pseudonym_key is not None:
            return self.pseudonym_key.get_secret_value()
        return read_or_create_secret(self.state_dir / PSEUDONYM_KEY_FILE)


PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private(path: Path, mode: int) -> None:
    """Take group and other permissions off `path` when it has any (owner-only `mode`)."""
    if path.stat().st_mode & 0o077:
        path.chmod(mode)


def ensure_private_dir(path: Path) -> None:
    """Create the directory owner-only, or tighten it and the files in it if found looser."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    make_private(path, PRIVATE_DIR)
    for child in path.iterdir():
        if child.is_file():
            make_private(child, PRIVATE_FILE)


def read_or_create_secret(path: Path, *, nbytes: int = 32) -> str:
    """Read a secret from `path`, creating it (owner-only permissions) on first use."""
    if path.exists():
        make_private(path, PRIVATE_FILE)
        return path.read_text(encoding="utf-8").strip()
    ensure_private_dir(path.parent)
    value = secrets.token_urlsafe(nbytes)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:  # another process created it first: use theirs
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(value + "\n")
    return value
