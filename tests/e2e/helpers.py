"""Steps shared by the browser tests."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "datasets" / "samples" / "sample.xlsx"
PROGRAMME_ID = "nastavnichestvo-2025"


def sign_in(page, server: LiveServer) -> None:
    page.goto("/banks")
    page.get_by_label("Логин").fill(server.login)
    page.get_by_label("Пароль").fill(server.password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/banks")


def import_sample(page) -> None:
    page.get_by_label("Файл анкет (XLSX, CSV или JSON)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Загрузить").click()
    page.locator("#import-preview").wait_for()  # the preview first, then the confirmation
    page.get_by_role("button", name="Подтвердить загрузку").click()
    page.get_by_role("button", name="Отменить эту загрузку").wait_for()


def create_programme(page, programme_id: str = PROGRAMME_ID) -> None:
    page.goto("/programmes/new")
    page.get_by_label("Код программы").fill(programme_id)
    page.get_by_label("Название").fill("Наставничество 2025/26")
    page.get_by_label("Начало").fill("2025-10-01")
    page.get_by_label("Окончание (3–12 месяцев)").fill("2026-05-31")
    page.get_by_role("button", name="Создать программу").click()
    page.wait_for_url(f"**/programmes/{programme_id}?saved=1")


def start_run(page, button: str = "Запустить подбор") -> str:
    """Press the run button and wait for the proposals of the finished run; the run's URL."""
    # the programme page checks the bank's readiness first: slow on a loaded machine
    page.get_by_role("button", name=button).first.click(timeout=60_000)
    page.wait_for_url(re.compile(r"/runs/\d+$"))
    page.locator("table.review tbody tr[id]").first.wait_for(timeout=120_000)
    return page.url


def card(page, index: int):
    """The `index`-th row of the review table."""
    return page.locator("table.review tbody tr[id]").nth(index)


def people(row) -> str:
    """A row's «mentor → mentee» as its link shows it."""
    return row.locator("a[data-row-link]").inner_text().strip()


def bank_names() -> dict[str, str]:
    from matcher.bank_io import read_bank

    return {p.id: p.full_name for p in read_bank(SAMPLE).bank.participants}
