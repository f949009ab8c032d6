"""`python -m benchmarks`: `--help` lists the areas, an unknown area is refused, and the dense
area's three methods reach the same optimum on a small instance."""

from __future__ import annotations

import pytest

from benchmarks import dense
from benchmarks.__main__ import AREAS, main


def test_help_lists_every_area(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert all(area in out for area in AREAS)


def test_an_unknown_area_is_refused_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["nosuch"])
    assert stop.value.code == 2
    assert "nosuch" in capsys.readouterr().err


def test_dense_area_methods_reach_the_same_optimum() -> None:
    (row,) = dense.run((120,))
    assert row["same"] is True
    assert row["method"] == "dense assignment"


def test_scoring_quality_tables_cover_every_weighted_component() -> None:
    from benchmarks.scoring import PROGRAMME, quality_tables
    from matcher.scoring import COMPONENTS

    lem, abl = quality_tables("school")
    weighted = [c for c, w in PROGRAMME.component_weights().items() if w > 0]
    assert lem.row_count == 2
    assert abl.row_count == 1 + len(weighted)  # the total, then each weighted component
    assert set(weighted) < set(COMPONENTS)
