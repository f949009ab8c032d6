"""Hostile bank files built on the fly: a 22 KB XLSX whose `<dimension>` claims the whole
sheet (A1:XFD1048576) with one cell in the last row, and a zip bomb."""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Банк" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER = ("ID", "ФИО", "Роль", "Организация", "Год рождения")


def _cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_xml(padding: int = 20_000) -> str:
    """A header row, then one cell in the very last cell of the sheet; `padding` bytes of
    XML comment bring the file to the size of a real small bank."""
    header = "".join(_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/>'
        f"<!--{'x' * padding}-->"
        f'<sheetData><row r="1">{header}</row>'
        f'<row r="1048576">{_cell("XFD1048576", "boom")}</row></sheetData></worksheet>'
    )


def dimension_bomb() -> bytes:
    """The XLSX bomb: about 22 KB on disk (the padding is stored, not compressed)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES, zipfile.ZIP_DEFLATED)
        zf.writestr("_rels/.rels", ROOT_RELS, zipfile.ZIP_DEFLATED)
        zf.writestr("xl/workbook.xml", WORKBOOK, zipfile.ZIP_DEFLATED)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS, zipfile.ZIP_DEFLATED)
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml(), zipfile.ZIP_STORED)
    return buf.getvalue()


def zip_bomb(unpacked: int = 300 * 1024 * 1024) -> bytes:
    """A workbook whose one sheet unpacks to `unpacked` bytes of blanks (a few hundred KB)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES, zipfile.ZIP_DEFLATED)
        zf.writestr("_rels/.rels", ROOT_RELS, zipfile.ZIP_DEFLATED)
        zf.writestr("xl/workbook.xml", WORKBOOK, zipfile.ZIP_DEFLATED)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as f:
            block = b" " * (1024 * 1024)
            for _ in range(unpacked // len(block)):
                f.write(block)
    return buf.getvalue()


def lying_zip(declared: int = 1000, unpacked: int = 50_000) -> bytes:
    """A workbook whose sheet's header claims `declared` bytes but unpacks to `unpacked`."""
    good = dimension_bomb()
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zf.writestr(info, src.read(info))
        zf.writestr("xl/worksheets/sheet1.xml", b" " * unpacked, zipfile.ZIP_DEFLATED)
    return _patch_size(buf.getvalue(), "xl/worksheets/sheet1.xml", declared)


def _patch_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size of `name` in both its local and central headers."""
    out = bytearray(data)
    raw = name.encode()
    for sig, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (pos := out.find(sig, start)) != -1:
            if out[pos + name_at: pos + name_at + len(raw)] == raw:
                out[pos + size_at: pos + size_at + 4] = size.to_bytes(4, "little")
            start = pos + 4
    return bytes(out)
