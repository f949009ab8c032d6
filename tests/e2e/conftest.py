"""Browser tests: Playwright for Python driving Debian's Chromium, headless, against the app
served by uvicorn on a free localhost port with a temporary SQLite database.

Chromium comes from `tests/e2e/chromium.py` (installed with apt-get when missing and running as
root, unless NASTAVNIK_INSTALL_CHROMIUM=0); without it, or without the `playwright` package, the
tests are skipped with a message saying so. Screenshots of the main pages go to
`artifacts/screenshots/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.chromium import LAUNCH_ARGS, ChromiumUnavailable, ensure_chromium
from tests.e2e.server import LiveServer, live_server

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
VIEWPORT = {"width": 1366, "height": 860}  # a common laptop screen


@pytest.fixture(scope="session")
def sync_api():
    return pytest.importorskip(
        "playwright.sync_api", reason="browser tests skipped: pip install playwright")


@pytest.fixture(scope="session")
def chromium_path(sync_api) -> str:
    try:
        return ensure_chromium()
    except ChromiumUnavailable as exc:
        pytest.skip(f"browser tests skipped: {exc}")


@pytest.fixture(scope="session")
def browser(sync_api, chromium_path: str) -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=list(LAUNCH_ARGS),
                                     headless=True)
        yield browser
        browser.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(tmp_path) as live:
        yield live


@pytest.fixture
def page(browser, server: LiveServer) -> Iterator[object]:
    context = browser.new_context(viewport=VIEWPORT, locale="ru-RU", base_url=server.url,
                                  accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    blocked: list[str] = []  # the pages must run under their CSP without a single violation
    page.on("console", lambda msg: blocked.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    yield page
    context.close()
    assert blocked == [], blocked


@pytest.fixture(scope="session")
def shots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
