"""The page and table layout the school documents share (the order, the programmes).

Times New Roman 14 pt for the text and 12 pt inside the tables, A4 with the margins Russian
office documents use, tables with single borders, a fixed grid and a header row repeated on
every page.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import CharacterStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
TEXT_PT = 14
TABLE_PT = 12
TABLE_STYLE = "Table Grid"  # single borders on every cell, shipped with python-docx's template
TABLE_TEXT = "Table Text"


def setup(doc: DocxDocument) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = doc.styles["Normal"]
    font(normal, TEXT_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    table_text = doc.styles.add_style(TABLE_TEXT, 1)  # 1: a paragraph style
    table_text.base_style = normal
    font(table_text, TABLE_PT)


def font(style: CharacterStyle, size: int) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def para(doc_or_cell: DocxDocument | _Cell, text: str, *, bold: bool = False,
          align: WD_PARAGRAPH_ALIGNMENT | None = None, before: int = 0, after: int = 0,
          indent: bool = False, size: int | None = None, style: str | None = None) -> Paragraph:
    lines = text.split("\n")
    p = doc_or_cell.add_paragraph(style=style)
    for i, line in enumerate(lines):
        run = p.add_run(line)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if i < len(lines) - 1:
            run.add_break()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    if before:
        fmt.space_before = Pt(before)
    if after:
        fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1.25)
    return p


def add_table(doc: DocxDocument, headers: list[str], widths: list[float]) -> Table:
    table: Table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles[TABLE_STYLE]
    borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    head = table.rows[0]
    trpr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    for column, cell, text, width in zip(table.columns, head.cells, headers, widths,
                                         strict=True):
        column.width = Cm(width)  # the grid, which a fixed layout follows
        cell.width = Cm(width)
        cell_text(cell, [text], bold=True)
    return table


def borders(table: Table) -> None:
    """Single borders on the table itself too, for viewers that ignore the table style."""
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for attr, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"),
                            ("w:color", "000000")):
            el.set(qn(attr), value)
        borders.append(el)
    tblpr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def add_row(table: Table, widths: list[float], cells: list[list[str]]) -> None:
    row = table.add_row()
    for cell, lines, width in zip(row.cells, cells, widths, strict=True):
        cell.width = Cm(width)
        cell_text(cell, lines)


def cell_text(cell: _Cell, lines: list[str], *, bold: bool = False) -> None:
    """Each line its own paragraph in the table style; the cell's empty first paragraph is
    reused so no blank line is left."""
    first = cell.paragraphs[0]
    first.style = TABLE_TEXT
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph(style=TABLE_TEXT)
        run = p.add_run(line)
        run.bold = bold or None
