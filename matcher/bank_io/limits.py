"""Bounds on a bank file, checked before and while it is parsed, so a small hostile file
(an XLSX whose `<dimension>` claims a million rows, a zip bomb, JSON nested a million deep)
is refused with a message naming the limit instead of exhausting memory.

`FileLimits` holds the defaults the CLI uses; the service builds one from its settings. Each
refusal is a `FileTooLarge` (an `UnreadableFile`) whose reason names the limit in Russian and
English.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError, iterparse

from matcher.errors import UnreadableFile
from matcher.messages import message

MB = 1024 * 1024
CHUNK = 256 * 1024
SHARED_STRINGS = "xl/sharedStrings.xml"

@dataclass(frozen=True)
class FileLimits:
    """What one bank file may hold. The defaults leave a region's bank (tens of thousands of
    participants, some forty columns) far inside and keep a reader's memory in the low
    hundreds of megabytes."""

    max_bytes: int = 20 * MB
    max_rows: int = 50_000
    max_columns: int = 200
    max_cells: int = 2_000_000
    max_shared_strings: int = 500_000
    max_unzipped_bytes: int = 200 * MB
    max_zip_members: int = 1_000
    max_json_depth: int = 32
    max_json_containers: int = 500_000


DEFAULT_LIMITS = FileLimits()


class FileTooLarge(UnreadableFile):
    """A file refused because it breaks one of the `FileLimits`; `limit` is the field."""

    def __init__(self, path: str, limit: str, value: int | str, maximum: int) -> None:
        params = {"limit": message(f"limit.{limit}", "ru"),
                  "limit_en": message(f"limit.{limit}", "en"), "value": value, "max": maximum}
        super().__init__(path, message("file.limit", "ru", **params) + " / "
                         + message("file.limit", "en", **params))
        self.limit, self.value, self.maximum = limit, value, maximum


def both(code: str, **params: object) -> str:
    """The Russian and the English text of `code`, as an `UnreadableFile` reason."""
    return message(code, "ru", **params) + " / " + message(code, "en", **params)


def check_size(path: Path, limits: FileLimits) -> None:
    """Refuse a file larger than `max_bytes` before reading it."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise UnreadableFile(str(path), e.strerror or str(e)) from e
    if size > limits.max_bytes:
        raise FileTooLarge(str(path), "max_bytes", size, limits.max_bytes)


class RowCounter:
    """Counts the rows and cells of one table as they stream in, refusing past the limits."""

    def __init__(self, source: str, limits: FileLimits) -> None:
        self.source, self.limits = source, limits
        self.rows = 0
        self.cells = 0

    def add(self, width: int) -> None:
        lim = self.limits
        self.rows += 1
        self.cells += width
        if self.rows > lim.max_rows:
            raise FileTooLarge(self.source, "max_rows", self.rows, lim.max_rows)
        if width > lim.max_columns:
            raise FileTooLarge(self.source, "max_columns", width, lim.max_columns)
        if self.cells > lim.max_cells:
            raise FileTooLarge(self.source, "max_cells", self.cells, lim.max_cells)


def check_workbook(path: Path, limits: FileLimits) -> None:
    """Check an XLSX archive before openpyxl opens it: file size, number of parts, declared
    and actual unpacked sizes (a part that unpacks past its declared size is a zip bomb), and
    the number of shared strings (openpyxl loads them all at once)."""
    check_size(path, limits)
    source = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            if len(members) > limits.max_zip_members:
                raise FileTooLarge(source, "max_zip_members", len(members),
                                   limits.max_zip_members)
            declared = sum(m.file_size for m in members)
            if declared > limits.max_unzipped_bytes:
                raise FileTooLarge(source, "max_unzipped_bytes", declared,
                                   limits.max_unzipped_bytes)
            total = 0
            for m in members:
                with zf.open(m) as f:
                    total += _unpacked_size(f, m, source, limits.max_unzipped_bytes - total)
            if any(m.filename == SHARED_STRINGS for m in members):
                with zf.open(SHARED_STRINGS) as f:
                    _count_shared_strings(f, source, limits.max_shared_strings)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as e:
        raise UnreadableFile(source, both("file.zip_broken", detail=str(e))) from e
    except OSError as e:
        raise UnreadableFile(source, e.strerror or str(e)) from e


def _unpacked_size(f: IO[bytes], m: zipfile.ZipInfo, source: str, budget: int) -> int:
    """The bytes a part really unpacks to, read in chunks and never past `budget`."""
    size = 0
    while chunk := f.read(CHUNK):
        size += len(chunk)
        if size > m.file_size:
            raise UnreadableFile(source, both("file.zip_size_mismatch", member=m.filename))
        if size > budget:
            raise FileTooLarge(source, "max_unzipped_bytes", size, budget)
    return size


def _count_shared_strings(f: IO[bytes], source: str, maximum: int) -> None:
    count = 0
    try:
        for _, elem in iterparse(f, events=("end",)):
            if elem.tag.endswith("}si") or elem.tag == "si":
                count += 1
                if count > maximum:
                    raise FileTooLarge(source, "max_shared_strings", count, maximum)
                elem.clear()
    except ParseError as e:
        raise UnreadableFile(source, both("file.zip_broken", detail=str(e))) from e

