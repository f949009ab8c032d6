"""The run's review page stays light at district size: a page of cards reads a bounded number
of queries from the rows (never the stored JSON), each card shows its strongest reasons as the
run stored them, and the full reasons come on demand (htmx fragment, or a page of their own
without JavaScript)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from service.web.routes.runs import PAGE_SIZE

HX = {"HX-Request": "true"}
MAX_QUERIES = 13  # the session, the run, its programme, a newer run, one page, its counts,
# the participants' answers...


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
    assert 0 < page.text.count('class="proposal ') <= PAGE_SIZE


def test_a_card_shows_its_top_reasons_and_the_rest_on_demand(ran) -> None:
    page = ran.client.get(f"/runs/{ran.run_id}").text
    pid = re.search(r'id="p-([0-9a-f]+)"', page).group(1)
    card = page[page.index(f'id="p-{pid}"'):]
    card = card[:card.index("</article>")]
    shown = reasons_in(card)
    assert shown, card  # the stored top reasons, in Russian
    link = f"/runs/{ran.run_id}/proposals/{pid}/reasons"
    assert f'href="{link}" hx-get="{link}" hx-target="#reasons-{pid}"' in card
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
