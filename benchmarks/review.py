"""The review table at district size: `python -m benchmarks review`.

Starts the service (uvicorn, one process, SQLite) with a fresh database, the district bank
(seed 0, about 2,000 people) and one district programme run to the end (about 560 proposals),
as `benchmarks.load` does. Then, one request at a time, the health endpoint (the baseline of
the same run) and the review table's pages: the first page as the curator opens it, sorted by
score, filtered (status, score band, a name), the last page, a card, and the print view of every
row. For each: the HTML size, the time until the first row of the table has arrived (the
response is read as it streams) and the time to the whole page, p50 and p99, and the p50 as a
ratio of the health endpoint's. The target: the page under 300 KB, its first rows under 1 s.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from benchmarks.load import ADMIN_PASSWORD, _run_programme, _seed, _server

REQUESTS = 60  # per page, one at a time
FIRST_ROW = b'<tr id="p-'
MAX_BYTES = 300 * 1024


@dataclass
class Sample:
    first_row: list[float] = field(default_factory=list)
    whole: list[float] = field(default_factory=list)
    size: int = 0
    rows: int = 0


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def _measure(client: httpx.Client, url: str, n: int) -> Sample:
    s = Sample()
    for _ in range(n):
        started = time.perf_counter()
        body = b""
        first: float | None = None
        with client.stream("GET", url) as response:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                body += chunk
                if first is None and FIRST_ROW in body:
                    first = time.perf_counter() - started
        whole = time.perf_counter() - started
        s.first_row.append(first if first is not None else whole)
        s.whole.append(whole)
        s.size = len(body)
        s.rows = body.count(FIRST_ROW) or body.count(b"<tr><td>")
    return s


def run() -> None:
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/review.db"
        state = Path(tmp) / "state"
        people = _seed(url, state)
        with _server(url, state) as base:
            token = httpx.post(f"{base}/api/v1/auth/token", data={
                "username": "admin", "password": ADMIN_PASSWORD}).raise_for_status().json()
            client = httpx.Client(base_url=base, timeout=60,
                                  headers={"Authorization": f"Bearer {token['access_token']}"},
                                  cookies={"nm_session": token["access_token"]})
            run_id = _run_programme(client)
            total = client.get(f"/api/v1/runs/{run_id}/proposals",
                               params={"limit": 1}).json()["total"]
            first = client.get(f"/runs/{run_id}").text
            name = re.search(r"data-row-link>([^ <]+)", first)
            pid = re.search(r'<tr id="p-([^"]+)"', first)
            pages = [
                ("health (baseline)", "/api/v1/health"),
                ("table, first page", f"/runs/{run_id}"),
                ("table, by score", f"/runs/{run_id}?sort=-score"),
                ("table, filtered", f"/runs/{run_id}?status=proposed&band=60"),
                ("table, search by name",
                 f"/runs/{run_id}?q={name.group(1) if name else 'а'}"),
                ("table, last page", f"/runs/{run_id}?page={max(1, -(-total // 50))}"),
                ("a card", f"/runs/{run_id}/proposals/{pid.group(1) if pid else 'x'}"),
                ("print view (every row)", f"/runs/{run_id}/print"),
            ]
            samples = [(label, _measure(client, path, REQUESTS)) for label, path in pages]
    baseline = statistics.median(samples[0][1].whole)
    table = Table(title=f"The review table at district size: {people} people, {total} "
                        f"proposals; SQLite, one uvicorn process; {REQUESTS} requests each; "
                        f"times in ms")
    for col in ("page", "rows", "KB", "first row p50", "first row p99", "whole p50",
                "whole p99", "÷ health p50"):
        table.add_column(col, justify="left" if col == "page" else "right")
    for label, s in samples:
        table.add_row(label, str(s.rows), f"{s.size / 1024:.1f}",
                      f"{_pct(s.first_row, 0.5):.1f}", f"{_pct(s.first_row, 0.99):.1f}",
                      f"{_pct(s.whole, 0.5):.1f}", f"{_pct(s.whole, 0.99):.1f}",
                      f"{statistics.median(s.whole) / baseline:.1f}×")
    console.print(table)
    page = samples[1][1]
    console.print(f"first page {page.size / 1024:.1f} KB (target < {MAX_BYTES // 1024} KB); "
                  f"first rows p99 {_pct(page.first_row, 0.99):.0f} ms (target < 1000 ms)")
