"""Every DOCX the product writes, rendered by LibreOffice: no word in a table is split across
lines (issue 11: «руководите ль», «индиву альное», «01.11.202 / 6»).

Each document is converted to PDF with `libreoffice --headless --convert-to pdf` and its text
read back with `pdftotext`. A word LibreOffice had to break inside a too narrow column comes
back as two pieces, so for every word of the document's tables (split at hyphens and slashes,
where a break is allowed) the PDF must hold at least as many whole copies as the DOCX has.
Marked slow (`make test-all` runs it). Skipped, saying why, where LibreOffice or pdftotext
is not installed (Debian: `apt-get install libreoffice-writer-nogui poppler-utils`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from matcher.bank_io import read_bank
from matcher.model import Programme, ProposalStatus
from matcher.reports.docx_layout import add_row, add_table, setup
from matcher.reports.order import ChangeGround, OrderSettings, build_order
from matcher.reports.plans import build_plans
from matcher.reports.plans_docx import build_plans_docx
from matcher.solver import solve
from tests.cases import BANK, PROGRAMME, RESULT, SAMPLE, SCHOOL

SOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = [
    pytest.mark.slow,  # about 40 s on 2 cores (LibreOffice starts once for every document)
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed: apt-get install "
                                               "libreoffice-writer-nogui"),
    pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed: apt-get install "
                                                 "poppler-utils"),
]
CONVERT_TIMEOUT_S = 180
PIECES = re.compile(r"[\w.№«»()]+")  # a word with the punctuation that stays attached


def _pieces(text: str) -> list[str]:
    """Words as they may be broken: at spaces, hyphens, dashes and slashes; only those with a
    letter or digit and longer than two characters (shorter ones cannot be split readably)."""
    out = []
    for chunk in re.split(r"[\s\-–—/]+", text):
        word = chunk.strip("«»()\"'.,;:")
        if len(word) > 2 and re.search(r"\w", word) and "_" not in word:
            out.append(word)
    return out


def _table_words(path: Path) -> Counter[str]:
    doc = Document(str(path))
    cells = {id(c._tc): c.text for t in doc.tables for row in t.rows for c in row.cells}
    return Counter(w for text in cells.values() for w in _pieces(text))


def _all_words(path: Path) -> Counter[str]:
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return Counter(w for text in texts for w in _pieces(text))


def _narrow() -> DocxDocument:
    """A control: a 1 cm column that must break «индивидуальное»."""
    doc = Document()
    setup(doc)
    table = add_table(doc, ["№", "Вид"], [1.0, 1.0])
    add_row(table, [1.0, 1.0], [["1"], ["индивидуальное"]])
    return doc


def _documents(out: Path) -> list[Path]:
    """Every kind of DOCX: the three orders (with drafts, statuses and an ended pair), the
    programmes of the hand-built school and of the sample school's solved run."""
    ended = RESULT.model_copy(update={"proposals": tuple(
        p.model_copy(update={"status": ProposalStatus.ended,
                             "status_reason": "по заявлению наставляемой: перевод в другую "
                                              "образовательную организацию"})
        if p.id == "p1" else p for p in RESULT.proposals)})
    settings = OrderSettings(number="238/1-о", order_date=date(2026, 11, 1),
                             director="Газиева Мавиле Рустемовна",
                             curator="Васильева Елена Игоревна",
                             curator_position="заместитель директора по учебно-воспитательной "
                                              "работе")
    docs = {
        "order-pairs": build_order(BANK, PROGRAMME, RESULT, organisation=SCHOOL,
                                   include_proposed=True, settings=settings),
        "order-mentors": build_order(BANK, PROGRAMME, RESULT, organisation=SCHOOL,
                                     kind="mentors", include_proposed=True, settings=settings),
        "order-changes": build_order(BANK, PROGRAMME, ended, organisation=SCHOOL,
                                     kind="changes", settings=settings, grounds={
                                         "p1": ChangeGround("заявление наставляемой",
                                                            "Белова А. С. (наставляемая)",
                                                            date(2026, 11, 1))}),
        "plans-cases": build_plans_docx(build_plans(BANK, PROGRAMME, RESULT)),
    }
    sample = read_bank(SAMPLE).bank
    programme = Programme(id="render", name="Наставничество 2026/2027",
                          start=date(2026, 9, 1), end=date(2027, 5, 31), time_limit_s=5)
    result = solve(sample, programme)
    orgs = sorted({sample.get(p.mentees[0]).organisation for p in result.proposals})
    docs["order-sample"] = build_order(sample, programme, result, organisation=orgs[0],
                                       include_proposed=True, only_organisation=True)
    docs["plans-sample"] = build_plans_docx(build_plans(sample, programme, result)[:12])
    docs["narrow"] = _narrow()
    paths = []
    for name, doc in docs.items():
        path = out / f"{name}.docx"
        doc.save(str(path))
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    out = tmp_path_factory.mktemp("render")
    paths = _documents(out)
    profile = out / "profile"  # a private LibreOffice profile: no clash with another instance
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, paths)],
                   check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S)
    texts = []
    for path in paths:
        pdf = path.with_suffix(".pdf")
        assert pdf.exists(), f"LibreOffice wrote no PDF for {path.name}"
        text = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True,
                              capture_output=True, timeout=60).stdout.decode("utf-8")
        texts.append((path, text))
    return texts


def test_no_word_in_a_table_is_split_across_lines(rendered: list[tuple[Path, str]]) -> None:
    broken: dict[str, list[str]] = {}
    for path, text in rendered:
        in_pdf = Counter(_pieces(text))
        in_docx = _all_words(path)
        missing = [w for w in _table_words(path) if in_pdf[w] < in_docx[w]]
        if missing:
            broken[path.name] = sorted(missing)
    # the control proves the check can fail: its narrow column breaks the word
    assert "индивидуальное" in broken.pop("narrow.docx", [])
    assert broken == {}, f"words split across lines in the rendered tables: {broken}"
