"""Pictures of every page of the papers the product writes, for the README: the three orders
and a personalised programme of the sample school, rendered by LibreOffice and pdftoppm.

    PYTHONPATH=. python docs/papers/make_pictures.py      # writes docs/papers/*.png

Needs `libreoffice` and `pdftoppm` (Debian: libreoffice-writer-nogui, poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from matcher.bank_io import read_bank
from matcher.model import Programme, ProposalStatus
from matcher.reports.order import ChangeGround, OrderSettings, build_order
from matcher.reports.plans import build_plans
from matcher.reports.plans_docx import build_plans_docx
from matcher.solver import solve

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parents[1] / "datasets" / "samples" / "sample.xlsx"
DPI = 60


def documents() -> dict[str, object]:
    bank = read_bank(SAMPLE).bank
    programme = Programme(id="p-2026", name="Наставничество 2026/2027", start=date(2026, 9, 1),
                          end=date(2027, 5, 31), time_limit_s=5)
    result = solve(bank, programme)
    props = list(result.proposals)
    props[0] = props[0].model_copy(update={"status": ProposalStatus.ended,
                                           "status_reason": "по заявлению наставляемого"})
    for i in range(1, min(6, len(props))):
        props[i] = props[i].model_copy(update={"status": ProposalStatus.confirmed})
    result = result.model_copy(update={"proposals": tuple(props)})
    organisation = bank.get(props[1].mentees[0]).organisation
    settings = OrderSettings(number="112-о", order_date=date(2026, 9, 15),
                             director="Газиева Мавиле Рустемовна",
                             curator="Васильева Елена Игоревна",
                             curator_position="заместитель директора по УВР")
    common = {"organisation": organisation, "settings": settings, "only_organisation": True}
    return {
        "order-pairs": build_order(bank, programme, result, **common),
        "order-mentors": build_order(bank, programme, result, kind="mentors", **common),
        "order-changes": build_order(bank, programme, result, kind="changes", grounds={
            props[0].id: ChangeGround("заявление наставляемого", "наставляемый",
                                      date(2026, 11, 2))}, **common),
        "programme": build_plans_docx(build_plans(bank, programme, result,
                                                  confirmed_only=True)[:1]),
    }


def main() -> None:
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        raise SystemExit("needs libreoffice and pdftoppm")
    for old in HERE.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths = []
        for name, doc in documents().items():
            path = work / f"{name}.docx"
            doc.save(str(path))  # type: ignore[attr-defined]
            paths.append(path)
        subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'profile'}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(work),
                        *map(str, paths)], check=True, capture_output=True, timeout=300)
        for path in paths:
            subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(path.with_suffix(".pdf")),
                            str(HERE / path.stem)], check=True, timeout=120)
    for png in sorted(HERE.glob("*.png")):
        print(png.relative_to(HERE.parents[1]))


if __name__ == "__main__":
    main()
