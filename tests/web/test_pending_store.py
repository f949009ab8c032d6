"""The store of uploads waiting between preview and confirmation: a token is taken once,
by its own user, and a sweep by another process never trips over a file taken meanwhile."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from service.web import pending


@pytest.fixture(autouse=True)
def own_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pending, "ROOT", tmp_path / "pending")


def test_a_token_is_taken_once_even_by_two_confirmations_at_once() -> None:
    for _ in range(20):
        token = pending.keep(7, "bank.xlsx", False, b"x" * 1000, "2026/27")
        got: list[object] = []
        barrier = threading.Barrier(2)

        def confirm(barrier: threading.Barrier = barrier, got: list[object] = got,
                    token: str = token) -> None:
            barrier.wait()
            got.append(pending.take(token, 7))

        threads = [threading.Thread(target=confirm) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        taken = [g for g in got if g is not None]
        assert len(taken) == 1 and taken[0].programme == "2026/27"  # type: ignore[attr-defined]
        assert list(pending.ROOT.iterdir()) == []


def test_another_users_token_is_left_and_a_sweep_skips_what_vanished(monkeypatch) -> None:
    token = pending.keep(7, "bank.csv", True, b"data")
    assert pending.take(token, 8) is None and pending.take(token, 7) is not None
    stale = pending.keep(7, "old.csv", False, b"old")
    real_glob = Path.glob

    def vanishing(self: Path, pattern: str):  # another process takes it between glob and stat
        for path in list(real_glob(self, pattern)):
            path.unlink()
            yield path

    monkeypatch.setattr(Path, "glob", vanishing)
    pending._sweep(10**12)  # every file stale: none left, no error
    monkeypatch.undo()
    assert pending.take(stale, 7) is None
