"""Bounded parsing (issue 13, item 1): hostile bank files are refused fast and in little
memory, naming the limit they break; ordinary files read as before."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matcher.bank_io import FileLimits, FileTooLarge, read_bank
from matcher.cli import app
from tests.bombs import dimension_bomb, lying_zip, zip_bomb

WIDE = {"COLUMNS": "400", "NO_COLOR": "1"}
PEAK_MB = 300
SECONDS = 2.0
EXIT_UNREADABLE = 2

# Runs `matcher validate` in a grandchild and prints the grandchild's CPU seconds and peak
# memory (KiB on Linux): the child has no other children, so RUSAGE_CHILDREN is the CLI's
# alone. CPU time, not the wall clock: the work the refusal costs, whatever else the machine runs.
MEASURE = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", "from matcher.cli import main; main()",
                       "validate", sys.argv[1]], capture_output=True, text=True)
use = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.write(f"{done.returncode}\\n{use.ru_utime + use.ru_stime}\\n"
                 f"{use.ru_maxrss}\\n{done.stdout}")
"""


def test_the_dimension_bomb_is_small_and_claims_the_whole_sheet() -> None:
    data = dimension_bomb()
    assert 15_000 < len(data) < 30_000
    assert b'<dimension ref="A1:XFD1048576"/>' in data and b'r="XFD1048576"' in data


def test_cli_refuses_the_dimension_bomb_fast_and_in_little_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(dimension_bomb())
    out = subprocess.run([sys.executable, "-c", MEASURE, str(bomb)], capture_output=True,
                         text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    code, seconds, peak_kib, output = out.stdout.split("\n", 3)
    assert int(code) == EXIT_UNREADABLE, out.stdout + out.stderr
    assert "строк в таблице" in output and "Traceback" not in output
    assert int(peak_kib) < PEAK_MB * 1024
    # the interpreter's start-up and imports are in the time; the refusal itself is ~0.1 s
    assert float(seconds) < SECONDS * 3


def test_reading_the_dimension_bomb_in_process_is_fast(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(dimension_bomb())
    # CPU time of this thread: the work the refusal costs, whatever else the machine runs
    # (and whatever threads an earlier test in this worker left running: process time
    # counted theirs too). The collector first walks what earlier tests in this worker left,
    # so that a full collection due on the read's allocations is not charged to the read
    # (one cost 2 s in a full run).
    gc.collect()
    start = time.thread_time()
    with pytest.raises(FileTooLarge) as info:
        read_bank(bomb)
    assert time.thread_time() - start < SECONDS
    assert info.value.limit == "max_rows"


def test_a_zip_bomb_is_refused_by_its_unpacked_size(tmp_path: Path) -> None:
    bomb = tmp_path / "zip.xlsx"
    bomb.write_bytes(zip_bomb())
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(FileTooLarge) as info:
        read_bank(bomb)
    assert info.value.limit == "max_unzipped_bytes"
    assert "размер распакованной книги Excel" in str(info.value)


def test_a_zip_part_larger_than_declared_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "lie.xlsx"
    bomb.write_bytes(lying_zip())
    result = CliRunner().invoke(app, ["validate", str(bomb)], env=WIDE)
    assert result.exit_code == EXIT_UNREADABLE, result.output
    assert "не файл Excel (.xlsx) или он повреждён" in result.output
    assert "Traceback" not in result.output


def test_a_workbook_past_the_cell_limit_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in range(30):
        ws.append([f"v{r}-{c}" for c in range(20)])
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    with pytest.raises(FileTooLarge) as info:
        read_bank(path, limits=FileLimits(max_cells=500))
    assert info.value.limit == "max_cells"
    with pytest.raises(FileTooLarge) as info:
        read_bank(path, limits=FileLimits(max_columns=10))
    assert info.value.limit == "max_columns"


def test_a_workbook_with_too_many_shared_strings_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "strings.xlsx"
    path.write_bytes(dimension_bomb())
    table = "".join(f"<si><t>s{i}</t></si>" for i in range(200))
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/sharedStrings.xml",
                    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    f"{table}</sst>")
    with pytest.raises(FileTooLarge) as info:
        read_bank(path, limits=FileLimits(max_shared_strings=100))
    assert info.value.limit == "max_shared_strings"
    assert "разных строк в книге Excel" in str(info.value)


def test_csv_limits(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("ID;ФИО;Роль;Организация;Год рождения\n" + "x;y;z;w;1990\n" * 100,
                    encoding="utf-8")
    with pytest.raises(FileTooLarge) as info:
        read_bank(path, limits=FileLimits(max_rows=50))
    assert info.value.limit == "max_rows"
    with pytest.raises(FileTooLarge) as info:
        read_bank(path, limits=FileLimits(max_columns=4))
    assert info.value.limit == "max_columns"
    with pytest.raises(FileTooLarge) as info:
        read_bank(path, limits=FileLimits(max_bytes=100))
    assert info.value.limit == "max_bytes"
    assert "размер файла, байт" in str(info.value) and "file size, bytes" in str(info.value)


def test_json_depth_and_containers_are_bounded_before_parsing(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"participants": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(FileTooLarge) as info:
        read_bank(deep)
    assert info.value.limit == "max_json_depth"
    assert "глубина вложенности JSON" in str(info.value)
    many = tmp_path / "many.json"
    many.write_text(json.dumps({"participants": [{} for _ in range(2000)]}))
    with pytest.raises(FileTooLarge) as info:
        read_bank(many, limits=FileLimits(max_json_containers=1000))
    assert info.value.limit == "max_json_containers"
    # brackets inside strings are text, not nesting
    text = tmp_path / "text.json"
    text.write_text(json.dumps({"participants": [], "note": "[[[[" * 50 + '\\"{'}))
    assert read_bank(text, limits=FileLimits(max_json_depth=4)).rows_read == 0
