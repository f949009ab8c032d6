"""The run's review page stays light at district size: a page of the table reads a bounded
number of queries from the rows (never the stored JSON), each row shows its strongest reason as
the run stored it, and a row opens the full card with every reason (the reasons fragment stays
for htmx, or a page of its own without JavaScript)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from service.web.routes.review import PAGE_SIZE

HX = {"HX-Request": "true"}
MAX_QUERIES = 12  # the session, the run, its programme, a newer run, one page, its counts...


@pytest.fixture
def ran(signed_in):
    signed_in.import_sample()
    signed_in.create_programme()
    signed_in.run_id = signed_in.run()
    return signed_in


def reasons_in(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", r).strip()
            for r in re.findall(r'<span class="scorebar" [^>]*><span></span></span>([^<]+)</li>',
                                html)]


def test_the_run_page_reads_a_bounded_number_of_queries_and_no_result_json(ran) -> None:
    engine = ran.client.app.state.engine
    seen: list[str] = []

    def note(conn, cursor, statement, *args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        page = ran.client.get(f"/runs/{ran.run_id}")
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert page.status_code == 200, page.text
    assert len(seen) <= MAX_QUERIES, "\n".join(seen)
    assert not any("runs.result" in s or "proposals.data" in s for s in seen), seen
    assert 0 < len(re.findall(r'<tr id="p-', page.text)) <= PAGE_SIZE


def test_a_row_shows_its_top_reason_and_opens_the_full_card(ran) -> None:
    page = ran.client.get(f"/runs/{ran.run_id}").text
    pid = re.search(r'<tr id="p-([0-9a-f]+)"', page).group(1)
    row = page[page.index(f'id="p-{pid}"'):]
    row = row[:row.index("</tr>")]
    top = re.search(r'<td class="reason"><span class="clamp" title="[^"]*">([^<]+)</span>',
                    row).group(1).strip()
    assert top, row  # the stored strongest reason, in Russian
    card_link = f"/runs/{ran.run_id}/proposals/{pid}?back="
    assert f'href="{card_link}' in row
    card = ran.client.get(f"/runs/{ran.run_id}/proposals/{pid}")
    assert card.status_code == 200
    shown = reasons_in(card.text)
    assert top in shown and len(shown) > 1  # the card shows every reason, the top one too
    link = f"/runs/{ran.run_id}/proposals/{pid}/reasons"
    fragment = ran.client.get(link, headers=HX)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    every = reasons_in(fragment.text)
    assert len(every) >= len(shown) and set(shown) <= set(every)
    plain = ran.client.get(link)  # no JavaScript: a page of its own, with the way back
    assert plain.status_code == 200 and "<html" in plain.text
    assert set(every) <= set(reasons_in(plain.text))
    assert f'href="/runs/{ran.run_id}#p-{pid}"' in plain.text
    english = ran.client.get(link, headers={**HX, "Accept-Language": "en"})
    assert english.status_code == 200


def test_the_reasons_of_an_unknown_proposal_are_not_found(ran) -> None:
    assert ran.client.get(f"/runs/{ran.run_id}/proposals/nope/reasons").status_code == 404
