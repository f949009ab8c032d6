"""The review table (issue 18) through the server: search, filters, sort by a column, pages,
a bulk decision after one confirmation that says how many and which, undo from a row and from
the card until the order is issued, the card with its history, the print view, the keyboard
shortcuts listed and no inline script."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from matcher.bank_io import read_bank
from tests.cases import SAMPLE

NAMES = {p.id: p.full_name for p in read_bank(SAMPLE).bank.participants}
ROW = re.compile(r'<tr id="p-([0-9a-f]+)" data-status="(\w+)" data-version="(\d+)"')


def rows(html: str) -> list[tuple[str, str, int]]:
    return [(pid, status, int(v)) for pid, status, v in ROW.findall(html)]


def people_of(html: str) -> dict[str, str]:
    """Each row's «mentor → mentees» as the table shows it."""
    found = re.findall(r'<tr id="p-([0-9a-f]+)".*?data-row-link>([^<]+)</a>', html, re.S)
    return {pid: htmllib.unescape(text) for pid, text in found}


@pytest.fixture
def ran(signed_in):
    signed_in.import_sample()
    signed_in.create_programme()
    signed_in.run_id = signed_in.run()
    return signed_in


def test_search_filters_and_sort_narrow_the_rows(ran) -> None:
    url = f"/runs/{ran.run_id}"
    page = ran.client.get(url).text
    every = people_of(page)
    assert len(every) >= 5
    # search by a mentee's surname, any case
    pid, people = next(iter(every.items()))
    surname = people.split(" → ")[1].split()[0]
    found = people_of(ran.client.get(url, params={"q": surname.lower()}).text)
    assert pid in found and all(surname in p for p in found.values())
    assert rows(ran.client.get(url, params={"q": "Нет-Такого-Человека"}).text) == []
    # sort by score, best first, then lowest first: the score column follows
    scores = lambda h: [int(s) for s in re.findall(  # noqa: E731
        r'<td class="num"><span class="scorebar"[^>]*><span></span></span> (\d+)</td>', h)]
    best = scores(ran.client.get(url, params={"sort": "-score"}).text)
    assert best == sorted(best, reverse=True) and len(best) >= 5
    low = scores(ran.client.get(url, params={"sort": "score"}).text)
    assert low == sorted(low) and low[0] <= best[-1]
    sorted_page = ran.client.get(url, params={"sort": "-score"}).text
    assert 'aria-sort="descending"><a href="?sort=score"' in sorted_page
    # score band and status filters
    band = ran.client.get(url, params={"band": "80"}).text
    assert all(s >= 80 for s in scores(band))
    assert rows(ran.client.get(url, params={"status": "confirmed"}).text) == []
    # kind: the sample school forms groups only where it pays; individual rows are not groups
    individual = ran.client.get(url, params={"kind": "individual"}).text
    assert rows(individual) and "(группа," not in individual
    # unknown values are dropped, not refused
    assert ran.client.get(url, params={"status": "nope", "sort": "drop table"}).status_code == 200


def test_bulk_confirm_is_one_action_and_one_confirmation_naming_each(ran) -> None:
    url = f"/runs/{ran.run_id}"
    page = ran.client.get(url).text
    chosen = [(pid, v) for pid, status, v in rows(page) if status == "proposed"][:4]
    people = people_of(page)
    back = f"{url}?sort=-score"
    confirm = ran.post(f"{url}/bulk", {"action": "confirm", "back": back,
                                       "pick": [f"{p}:{v}" for p, v in chosen]})
    assert confirm.status_code == 200
    text = htmllib.unescape(confirm.text)
    assert "Подтвердить 4 предложения?" in text
    for pid, _ in chosen:
        assert people[pid] in text  # which: every chosen pair is named
    # nothing has changed yet
    assert all(s == "proposed" for p, s, _ in rows(ran.client.get(url).text)
               if p in dict(chosen))
    picks = re.findall(r'name="pick" value="([^"]+)"', confirm.text)
    assert sorted(picks) == sorted(f"{p}:{v}" for p, v in chosen)
    done = ran.post(f"{url}/bulk/apply", {"action": "confirm", "back": back, "pick": picks},
                    follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == f"{back}&decided=confirm:4"
    after = ran.client.get(done.headers["location"]).text
    assert "Подтверждено: 4" in after
    statuses = {p: s for p, s, _ in rows(after)}
    assert all(statuses[p] == "confirmed" for p, _ in chosen)
    # the table says who decided and when
    row = after[after.index(f'id="p-{chosen[0][0]}"'):]
    assert re.search(r'<td class="who">[^<]+<br><small>\d\d\.\d\d\.\d{4} \d\d:\d\d</small>',
                     row[:row.index("</tr>")])


def test_a_bulk_rejection_needs_a_reason_and_skips_what_it_cannot_change(ran) -> None:
    url = f"/runs/{ran.run_id}"
    page = rows(ran.client.get(url).text)
    first, second = page[0], page[1]
    ran.post(f"{url}/bulk/apply", {"action": "confirm", "pick": [f"{first[0]}:{first[2]}"]})
    fresh = {p: v for p, _, v in rows(ran.client.get(url).text)}
    confirm = ran.post(f"{url}/bulk", {"action": "lock", "pick": [
        f"{first[0]}:{fresh[first[0]]}", f"{second[0]}:{fresh[second[0]]}"]})
    assert "Закрепить 2 предложения?" in confirm.text
    ran.post(f"{url}/bulk/apply", {"action": "lock", "pick": re.findall(
        r'name="pick" value="([^"]+)"', confirm.text)})
    fresh = {p: v for p, _, v in rows(ran.client.get(url).text)}
    # locked pairs cannot be rejected: the confirmation sets them apart
    third = next(p for p, s, _ in rows(ran.client.get(url).text) if s == "proposed")
    ask = ran.post(f"{url}/bulk", {"action": "reject", "pick": [
        f"{first[0]}:{fresh[first[0]]}", f"{third}:{fresh[third]}"]})
    assert "Отклонить 1 предложение?" in ask.text and "Не изменятся" in ask.text
    no_reason = ran.post(f"{url}/bulk/apply", {"action": "reject", "reason": " ",
                                               "pick": [f"{third}:{fresh[third]}"]})
    assert no_reason.status_code == 422
    assert {p: s for p, s, _ in rows(ran.client.get(url).text)}[third] == "proposed"


def test_an_undone_rejection_brings_the_pair_back_from_the_table(ran) -> None:
    url = f"/runs/{ran.run_id}"
    pid, _, version = rows(ran.client.get(url).text)[0]
    ran.post(f"{url}/proposals/{pid}/reject", {"version": version, "reason": "конфликт"})
    page = ran.client.get(url, params={"status": "rejected"}).text
    assert [p for p, _, _ in rows(page)] == [pid]
    row = page[page.index(f'id="p-{pid}"'):]
    row = row[:row.index("</tr>")]
    assert f'action="/runs/{ran.run_id}/proposals/{pid}/undo"' in row
    back = re.search(r'name="next" value="([^"]+)"', row).group(1)
    undone = ran.post(f"{url}/proposals/{pid}/undo",
                      {"version": version + 1, "next": htmllib.unescape(back)},
                      follow_redirects=False)
    assert undone.status_code == 303 and undone.headers["location"].endswith(f"#p-{pid}")
    statuses = {p: s for p, s, _ in rows(ran.client.get(url).text)}
    assert statuses[pid] == "proposed"
    card = ran.client.get(f"{url}/proposals/{pid}").text
    history = re.sub(r"\s+", " ", htmllib.unescape(card[card.index('id="history-h"'):]))
    assert "отклонить" in history and "отменить решение" in history
    assert "отклонено → проект" in history and "конфликт" in history


def test_no_undo_after_the_order_is_issued(ran) -> None:
    url = f"/runs/{ran.run_id}"
    pid, _, version = rows(ran.client.get(url).text)[0]
    ran.post(f"{url}/proposals/{pid}/confirm", {"version": version})
    card = ran.client.get(f"{url}/proposals/{pid}").text
    assert f'action="{url}/proposals/{pid}/undo"' in card
    assert "Отметить приказ изданным" in ran.client.get(url).text
    issued = ran.post(f"{url}/order-issued", follow_redirects=False)
    assert issued.status_code == 303
    page = ran.client.get(url).text
    assert 'id="order-issued"' in page and "/undo" not in page
    assert "/undo" not in ran.client.get(f"{url}/proposals/{pid}").text
    refused = ran.post(f"{url}/proposals/{pid}/undo", {"version": version + 1})
    assert refused.status_code == 409 and "Приказ" in refused.text


def test_the_card_decides_and_comes_back_to_itself(ran) -> None:
    url = f"/runs/{ran.run_id}"
    pid, _, version = rows(ran.client.get(url).text)[0]
    card = ran.client.get(f"{url}/proposals/{pid}", params={"back": f"{url}?sort=score"}).text
    assert f'href="{url}?sort=score"' in card  # the way back keeps the table's order
    next_here = htmllib.unescape(re.search(r'name="next" value="([^"]+)"', card).group(1))
    assert next_here.startswith(f"{url}/proposals/{pid}?back=")
    moved = ran.post(f"{url}/proposals/{pid}/lock", {"version": version, "next": next_here},
                     follow_redirects=False)
    assert moved.headers["location"] == next_here
    away = ran.post(f"{url}/proposals/{pid}/undo", {"version": version + 1,
                                                    "next": "https://evil.example/"},
                    follow_redirects=False)
    assert away.headers["location"] == "/"  # only local addresses


def test_print_view_lists_every_row_that_passes_the_filters(ran) -> None:
    url = f"/runs/{ran.run_id}"
    total = int(re.search(r"Найдено: (\d+)", ran.client.get(url).text).group(1))
    printed = ran.client.get(f"{url}/print").text
    assert printed.count("<tr><td>") == total
    assert "<form" not in printed and 'href="/static/app.css"' in printed
    band = ran.client.get(f"{url}/print", params={"band": "80"}).text
    banded = int(re.search(r"Найдено: (\d+)", ran.client.get(url, params={"band": "80"}).text)
                 .group(1))
    assert band.count("<tr><td>") == banded


def test_shortcuts_are_listed_and_no_script_is_inline(ran) -> None:
    page = ran.client.get(f"/runs/{ran.run_id}")
    assert "Клавиши" in page.text and "<kbd translate=\"no\">j</kbd>" in page.text
    assert "'unsafe-inline'" not in page.headers.get("content-security-policy", "")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text)  # scripts come from files
    assert not re.search(r"\son[a-z]+=", page.text)  # no inline event handlers
    english = ran.client.get(f"/runs/{ran.run_id}", headers={"Accept-Language": "en"})
    assert english.status_code == 200


def test_a_bulk_decision_can_take_every_row_the_filters_find_on_all_pages(ran) -> None:
    url = f"/runs/{ran.run_id}"
    individual = {p: v for p, s, v in rows(ran.client.get(
        url, params={"kind": "individual"}).text) if s == "proposed"}
    assert len(individual) >= 3
    confirm = ran.post(f"{url}/bulk", {"action": "confirm", "everything": "true",
                                       "filters": "kind=individual&page=3&sort=-score"})
    assert confirm.status_code == 200
    picks = re.findall(r'name="pick" value="([^"]+)"', confirm.text)
    assert sorted(picks) == sorted(f"{p}:{v}" for p, v in individual.items())
    assert "(группа," not in htmllib.unescape(confirm.text)
    # without `everything` the filters are not read: only the picked rows
    one = next(iter(individual.items()))
    only = ran.post(f"{url}/bulk", {"action": "confirm", "pick": [f"{one[0]}:{one[1]}"],
                                    "filters": "kind=individual"})
    assert re.findall(r'name="pick" value="([^"]+)"', only.text) == [f"{one[0]}:{one[1]}"]
