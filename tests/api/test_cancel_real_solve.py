"""Cancel through the service stops a real CP-SAT search (not a stand-in solve): a district
groups-only run that would search for minutes ends cancelled within 5 s of the request, and
the programme starts a new run at once."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from service.domain import SYSTEM
from service.runs import execution
from service.services import ParsedRow, create_organisation, import_participants
from tests.api.helpers import API, World
from tests.long_search import long_bank, long_programme

pytestmark = pytest.mark.slow
STOP_WITHIN_S = 5.0


class TimedSolve:
    """The real solver, noting when each call ends (returned, stopped or failed)."""

    def __init__(self) -> None:
        self.real = execution.solve
        self.ended: list[threading.Event] = []
        self.ended_at: list[float] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        ended = threading.Event()
        self.ended.append(ended)
        try:
            return self.real(*args, **kwargs)
        finally:
            self.ended_at.append(time.monotonic())
            ended.set()


def wait_until_searching(world: World, run_id: int) -> None:
    """Until the run is in the solver's stage, then a moment more: CP-SAT is searching."""
    deadline = time.monotonic() + 120
    while True:
        shown = world.client.get(f"{API}/runs/{run_id}", headers=world.admin.headers).json()
        assert shown["status"] in ("queued", "running"), shown
        if shown["stage"] == "solving":
            break
        assert time.monotonic() < deadline, shown
        time.sleep(0.1)
    time.sleep(2)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_cancel_stops_a_real_search_and_the_programme_runs_again_at_once(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    bank = long_bank()
    uow = world.uow()
    for name in sorted({p.organisation for p in bank.participants}):
        create_organisation(uow, SYSTEM, name)
    rows = [ParsedRow(i, p) for i, p in enumerate(bank.participants, 1)]
    assert not import_participants(uow, SYSTEM, rows, [], strict=True).errors
    programme = long_programme("LONG").model_dump(mode="json")
    response = world.client.post(f"{API}/programmes", headers=world.admin.headers,
                                 json=programme)
    assert response.status_code == 201, response.text
    timed = TimedSolve()
    monkeypatch.setattr(execution, "solve", timed)
    runs_url = f"{API}/programmes/LONG/runs"
    first = world.client.post(runs_url, headers=world.admin.headers)
    assert first.status_code == 202, first.text
    first_id = first.json()["id"]
    wait_until_searching(world, first_id)
    assert not timed.ended[0].is_set(), "the search ended before it could be cancelled"

    cancelled_at = time.monotonic()
    cancel = world.client.post(f"{API}/runs/{first_id}/cancel", headers=world.admin.headers)
    assert cancel.status_code == 200, cancel.text
    assert cancel.json()["status"] == "failed" and "отменён" in cancel.json()["error"]
    second = world.client.post(runs_url, headers=world.admin.headers)  # at once
    assert second.status_code == 202, second.text
    assert second.json()["id"] != first_id
    assert timed.ended[0].wait(STOP_WITHIN_S), f"the search went on {STOP_WITHIN_S} s"
    assert timed.ended_at[0] - cancelled_at < STOP_WITHIN_S

    stop = world.client.post(f"{API}/runs/{second.json()['id']}/cancel",
                             headers=world.admin.headers)
    assert stop.status_code == 200, stop.text
    assert world.client.app.state.jobs.wait(timeout=30)
    ended = world.client.get(f"{API}/runs/{first_id}", headers=world.admin.headers).json()
    assert ended["status"] == "failed" and "отменён" in ended["error"]  # not overwritten
    result = world.client.get(f"{API}/runs/{first_id}/result", headers=world.admin.headers)
    assert result.status_code == 409, result.text  # a stopped solve stores nothing
