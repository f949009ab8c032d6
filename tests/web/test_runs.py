"""Run pages through the server: progress polling, decisions (htmx and plain forms), the
rerun's diff, why-not, unmatched, the report, documents and the participants' links."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from matcher.bank_io import read_bank
from service import runs, security, services
from service.db.engine import make_engine, make_session_factory
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from tests.cases import SAMPLE

HX = {"HX-Request": "true"}
NAMES = {p.id: p.full_name for p in read_bank(SAMPLE).bank.participants}


def card_ids(html: str, status: str | None = None) -> list[str]:
    pattern = r'id="p-([0-9a-f]+)"[^>]*data-status="(\w+)"'
    return [pid for pid, st in re.findall(pattern, html) if status is None or st == status]


def version_of(html: str, pid: str) -> str:
    """The version a row of the review table (or a card) shows."""
    card = html[html.index(f'id="p-{pid}"'):]
    return re.search(r'(?:data-version="|name="version" value=")(\d+)"', card).group(1)


@pytest.fixture
def ran(signed_in):
    signed_in.import_sample()
    signed_in.create_programme()
    signed_in.run_id = signed_in.run()
    return signed_in


def test_progress_polls_while_queued_then_sends_the_page_to_the_result(signed_in, settings):
    signed_in.import_sample()
    signed_in.create_programme()
    engine = make_engine(settings.database_url)
    make_uow = lambda: SqlAlchemyUnitOfWork(make_session_factory(engine))  # noqa: E731
    user_id = security.user_id_from_token(signed_in.client.cookies["nm_session"],
                                          key=settings.signing_key,
                                          algorithm=settings.jwt_algorithm)
    curator = services.actor_for(make_uow(), user_id)
    run = runs.start_run(make_uow(), curator, "p1")  # queued, no job submitted yet
    page = signed_in.client.get(f"/runs/{run.id}")
    assert 'role="progressbar"' in page.text and 'aria-valuenow="0"' in page.text
    assert f'hx-get="/runs/{run.id}/progress" hx-trigger="every 1s"' in page.text
    poll = signed_in.client.get(f"/runs/{run.id}/progress", headers=HX)
    assert "<html" not in poll.text and "в очереди" in poll.text
    runs.execute_run(make_uow, run.id)
    done = signed_in.client.get(f"/runs/{run.id}/progress", headers=HX)
    assert done.headers["HX-Redirect"] == f"/runs/{run.id}"
    assert 'class="review"' in signed_in.client.get(f"/runs/{run.id}").text
    engine.dispose()


def test_a_queued_run_is_cancelled_from_its_page_after_a_confirmation(signed_in, settings):
    """The progress page offers the cancel (with the confirmation in Russian) while the run
    is queued; the form needs the CSRF token; after it the run is failed «отменён», the button
    is gone and the programme starts a new run at once."""
    signed_in.import_sample()
    signed_in.create_programme()
    engine = make_engine(settings.database_url)
    make_uow = lambda: SqlAlchemyUnitOfWork(make_session_factory(engine))  # noqa: E731
    user_id = security.user_id_from_token(signed_in.client.cookies["nm_session"],
                                          key=settings.signing_key,
                                          algorithm=settings.jwt_algorithm)
    curator = services.actor_for(make_uow(), user_id)
    run = runs.start_run(make_uow(), curator, "p1")  # queued, no job submitted yet
    page = signed_in.client.get(f"/runs/{run.id}").text
    assert f'action="/runs/{run.id}/cancel"' in page
    assert "Отменить подбор…" in page and "результат не сохранится" in page
    forged = signed_in.client.post(f"/runs/{run.id}/cancel", data={"csrf_token": "0" * 32},
                                   follow_redirects=False)
    assert forged.status_code == 403
    with make_uow() as uow:
        assert uow.runs.get(run.id).status.value == "queued"
    cancelled = signed_in.post(f"/runs/{run.id}/cancel", follow_redirects=False)
    assert cancelled.status_code == 303 and cancelled.headers["location"] == f"/runs/{run.id}"
    after = signed_in.client.get(f"/runs/{run.id}").text
    assert "отменён" in after and f'action="/runs/{run.id}/cancel"' not in after
    again = signed_in.post(f"/runs/{run.id}/cancel", follow_redirects=False)
    assert again.status_code == 409
    assert signed_in.run() > run.id  # the programme is free at once
    engine.dispose()


def test_confirm_reject_and_lock_from_the_page(ran):
    client = ran.client
    page = client.get(f"/runs/{ran.run_id}").text
    first, second, third = card_ids(page, "proposed")[:3]

    confirmed = ran.post(f"/runs/{ran.run_id}/proposals/{first}/confirm",
                         {"version": version_of(page, first)}, headers=HX)
    assert confirmed.status_code == 200
    assert card_ids(confirmed.text) == [first]
    assert 'data-status="confirmed"' in confirmed.text
    assert 'id="status-chips" class="chips" hx-swap-oob="true"' in confirmed.text
    assert "подтверждено (1)" in confirmed.text

    no_reason = ran.post(f"/runs/{ran.run_id}/proposals/{second}/reject",
                         {"version": version_of(page, second), "reason": "  "}, headers=HX)
    assert 'data-status="proposed"' in no_reason.text
    assert "укажите причину" in no_reason.text
    rejected = ran.post(f"/runs/{ran.run_id}/proposals/{second}/reject",
                        {"version": version_of(page, second), "reason": "Конфликт в прошлом"},
                        headers=HX)
    assert 'data-status="rejected"' in rejected.text and "Конфликт в прошлом" in rejected.text

    plain = ran.post(f"/runs/{ran.run_id}/proposals/{third}/lock",
                     {"version": version_of(page, third)}, follow_redirects=False)
    assert plain.status_code == 303
    assert plain.headers["location"] == f"/runs/{ran.run_id}#p-{third}"
    again = ran.post(f"/runs/{ran.run_id}/proposals/{third}/lock",
                     {"version": version_of(page, third)})
    assert again.status_code == 409  # a stale version: refused, shown as a page
    after = client.get(f"/runs/{ran.run_id}").text
    assert card_ids(after, "confirmed") == [first]
    assert card_ids(after, "rejected") == [second]
    assert card_ids(after, "locked") == [third]
    assert card_ids(client.get(f"/runs/{ran.run_id}?status=locked").text) == [third]


def test_the_proposals_page_shows_scores_from_0_to_100(ran):
    page = ran.client.get(f"/runs/{ran.run_id}").text
    scores = re.findall(r'<td class="num"><span class="scorebar"[^>]*><span></span></span> '
                        r'([^<]+)</td>', page)
    assert scores and all(s.isdigit() and 0 <= int(s) <= 100 for s in scores), scores
    bars = re.findall(r'class="scorebar[^"]*" data-v="([^"]+)"', page)
    assert bars and all(v.isdigit() and 0 <= int(v) <= 100 for v in bars), bars
    assert re.search(r"Средняя оценка</dt><dd>(\d{1,3})</dd>", page)


def test_a_rerun_keeps_decisions_and_highlights_the_difference(ran):
    client = ran.client
    page = client.get(f"/runs/{ran.run_id}").text
    keep, drop = card_ids(page, "proposed")[:2]
    ran.post(f"/runs/{ran.run_id}/proposals/{keep}/confirm", {"version": version_of(page, keep)})
    ran.post(f"/runs/{ran.run_id}/proposals/{drop}/reject",
             {"version": version_of(page, drop), "reason": "нет"})
    second = ran.run()
    rerun = client.get(f"/runs/{second}").text
    assert "перезапуск подбора" in rerun
    assert "Что изменилось по сравнению с подбором" in rerun
    assert keep in card_ids(rerun, "confirmed")
    assert drop not in card_ids(rerun)
    assert re.search(r'data-diff="ended">(\d+)<', rerun).group(1) != "0"
    assert "Куратор отклонил предложение" in rerun
    old = client.get(f"/runs/{ran.run_id}").text
    assert "Есть более новый подбор" in old
    assert "/confirm" not in old  # decisions are taken on the latest run only


def test_why_not_names_the_rule_or_the_cost(ran):
    client = ran.client
    forbidden = client.get(f"/runs/{ran.run_id}/why-not?mentee=T05&mentor=S01",
                           headers={**HX, "HX-Target": "why-not-result"})
    assert "<html" not in forbidden.text
    assert "Пара недопустима по правилам подбора" in forbidden.text
    assert NAMES["S01"] in forbidden.text and NAMES["T05"] in forbidden.text
    page = client.get(f"/runs/{ran.run_id}/why-not")
    assert page.text.count('<option value="') > 10


def test_unmatched_lists_reasons_and_links_to_why_not(ran):
    page = ran.client.get(f"/runs/{ran.run_id}/unmatched").text
    assert NAMES["S08"] in page
    assert "согласие родителя" in page
    assert f"/runs/{ran.run_id}/why-not?mentee=S08" in page


def test_report_has_coverage_against_targets_and_the_documents(ran):
    client = ran.client
    page = client.get(f"/runs/{ran.run_id}/report").text
    assert page.count('<figure class="chart"') == 5
    # the programme runs in 2025/2026 and no numbers are recorded: seed 002's targets for
    # 2026 (teachers 60 %, students 50 %), not the programme's defaults of 50 % and 70 %
    assert "цель 60%" in page and "цель 50%" in page and "цель 70%" not in page
    assert page.count('class="target"') == 2
    # the score histogram is labelled as curators read scores, from 0 to 100
    hist = page[page.index('id="ch-hist"'):]
    hist = hist[:hist.index("</figure>")]
    assert re.findall(r'<th scope="row">([^<]+)</th>', hist) == [
        f"{i}–{i + 10}" for i in range(0, 100, 10)]
    order = client.get(f"/runs/{ran.run_id}/order.docx?include_proposed=true")
    assert order.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "prikaz-p1-" in order.headers["content-disposition"]
    text = "\n".join(c.text for t in Document(io.BytesIO(order.content)).tables
                     for r in t.rows for c in r.cells)
    assert NAMES["T01"].split()[0] in text or NAMES["T03"].split()[0] in text
    export = client.get(f"/runs/{ran.run_id}/export.csv")
    assert export.headers["content-type"].startswith("text/csv")
    body = export.content.decode("utf-8-sig")
    assert body.count("\n") > 3
    assert not [n for n in NAMES.values() if n in body or n.split()[0] in body]
    assert client.get(f"/runs/{ran.run_id}/export.pdf").status_code == 404
    xlsx = client.get(f"/runs/{ran.run_id}/report.xlsx")
    assert xlsx.content[:2] == b"PK"


def test_participant_link_opens_without_sign_in_and_shows_only_their_own(ran, client):
    page = ran.post(f"/runs/{ran.run_id}/links").text
    links = dict(re.findall(r'<a href="(http://testserver/explain/[^"]+)" data-participant='
                            r'"(\w+)"', page))
    assert len(links) >= 15
    by_person = {pid: url for url, pid in links.items()}
    proposals = ran.client.get(f"/api/v1/runs/{ran.run_id}/proposals",
                               headers={"Authorization": "Bearer "
                                        + ran.client.cookies["nm_session"]}).json()["items"]
    pair = next(p for p in proposals if len(p["mentees"]) == 1)
    mentee, mentor = pair["mentees"][0], pair["mentor"]
    ran.client.cookies.clear()  # the participant is not signed in
    view = ran.client.get(by_person[mentee].removeprefix("http://testserver"))
    assert view.status_code == 200
    assert view.headers["cache-control"] == "no-store"
    assert f"Ваш наставник: {NAMES[mentor]}" in view.text
    others = [n for pid, n in NAMES.items() if pid not in (mentee, mentor)]
    assert [n for n in others if n in view.text] == []
    assert 'href="/banks"' not in view.text
    bad = ran.client.get(by_person[mentee][len("http://testserver"):-2] + "xx")
    assert bad.status_code in (401, 403, 404, 410)
    assert "Не получилось" in bad.text
