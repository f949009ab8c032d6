"""Service processes for the tests on PostgreSQL's queue: `python -m service worker` and
`python -m service` web processes started as subprocesses on a test database, and their
orderly stop. Shared by the worker-kill and the several-processes tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(args: list[str], url: str, tmp: Path, name: str,
           env: dict[str, str]) -> subprocess.Popen[bytes]:
    full = {**os.environ, "DATABASE_URL": url, "RUN_QUEUE": "procrastinate",
            "STATE_DIR": str(tmp / "state"), "PYTHONPATH": str(ROOT), **env}
    log = (tmp / f"{name}.log").open("wb")
    return subprocess.Popen([sys.executable, "-m", "service", *args], env=full, cwd=tmp,
                            stdout=log, stderr=subprocess.STDOUT)


def worker(url: str, tmp: Path, name: str, **env: str) -> subprocess.Popen[bytes]:
    """`python -m service worker` on `url`; its output in `tmp/<name>.log`."""
    return _start(["worker"], url, tmp, name, env)


def web(url: str, tmp: Path, name: str, port: int, **env: str) -> subprocess.Popen[bytes]:
    """`python -m service` serving on 127.0.0.1:`port` with no embedded worker (runs go to
    the workers); its output in `tmp/<name>.log`."""
    return _start([], url, tmp, name, {"HOST": "127.0.0.1", "PORT": str(port),
                                       "EMBEDDED_WORKER": "false", **env})


def wait_healthy(base: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    """Until the web process at `base` answers its health endpoint."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert proc.poll() is None, f"{base} exited with {proc.returncode}"
        assert time.monotonic() < deadline, f"{base} did not answer in {timeout} s"
        time.sleep(0.2)


def stop(*procs: subprocess.Popen[bytes] | None) -> None:
    """SIGTERM (a worker finishes its solve first), then SIGKILL after 30 s."""
    for proc in procs:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        if proc is not None:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
