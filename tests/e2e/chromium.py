"""Find Debian's Chromium for the browser tests, installing it with apt-get where allowed.

Playwright's own browser download needs hosts this project cannot reach, so the tests drive
the system's Chromium. Used by `tests/e2e/conftest.py`, and runnable alone:

    python tests/e2e/chromium.py          # print the path, installing if allowed
    NASTAVNIK_INSTALL_CHROMIUM=0 python tests/e2e/chromium.py   # never install

A fresh machine runs the browser tests too: as root with apt-get, Debian's package is installed
when missing (`NASTAVNIK_INSTALL_CHROMIUM=0` forbids it); otherwise the caller gets
`ChromiumUnavailable` with a message saying what to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

ENV_PATH = "NASTAVNIK_CHROMIUM"  # an explicit browser executable
ENV_INSTALL = "NASTAVNIK_INSTALL_CHROMIUM"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
APT_PACKAGES = ("chromium", "fonts-dejavu-core")
INSTALL_TIMEOUT_S = 900

# Flags for a headless run in a container without a network or a user session.
LAUNCH_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
)


class ChromiumUnavailable(RuntimeError):
    """No Chromium here and none could be installed; the message says why and what to do."""


def find_chromium() -> str | None:
    explicit = os.environ.get(ENV_PATH)
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def install_allowed() -> tuple[bool, str]:
    if os.environ.get(ENV_INSTALL, "").lower() in ("0", "false", "no"):
        return False, f"{ENV_INSTALL}=0 forbids installing"
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False, "installing needs root (apt-get)"
    if shutil.which("apt-get") is None:
        return False, "no apt-get on this system"
    return True, ""


def apt_install() -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "--no-install-recommends", *APT_PACKAGES]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True,
                              timeout=INSTALL_TIMEOUT_S, check=False)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise ChromiumUnavailable(f"`{' '.join(cmd)}` failed: {' / '.join(tail)}")


def ensure_chromium() -> str:
    """The path of a Chromium executable, installing Debian's package if allowed."""
    path = find_chromium()
    if path:
        return path
    allowed, why = install_allowed()
    if not allowed:
        raise ChromiumUnavailable(
            f"Chromium not found ({', '.join(CANDIDATES)} or ${ENV_PATH}); {why}; or install "
            f"it yourself: apt-get install -y chromium")
    apt_install()
    path = find_chromium()
    if path is None:
        raise ChromiumUnavailable("apt-get installed chromium, yet no executable was found")
    return path


def main() -> int:
    try:
        print(ensure_chromium())
    except ChromiumUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
