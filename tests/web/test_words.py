"""Issue 18, words: every page of the curator's journey scanned in Russian and English for raw
identifiers, English in the Russian interface and dot decimals; programme codes with a slash;
archive and delete; form errors by field, all at once; error pages, favicon, offline /docs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from service.services import code_from_name
from tests.web.scan import problems, visible_text

HX = {"HX-Request": "true"}
CARD = re.compile(r'id="p-([0-9a-f]+)"[^>]*data-status="(\w+)"')


def proposed(html: str) -> list[str]:
    return [pid for pid, status in CARD.findall(html) if status == "proposed"]


def version_in(html: str, pid: str) -> str:
    """The proposal's version as its row of the review table carries it."""
    return re.search(rf'id="p-{pid}"[^>]*data-version="(\d+)"', html).group(1)


def journey(pages) -> dict[str, str]:
    """Every page a curator opens from sign-in to the rerun, the participant's page and the
    error pages, as HTML by name (signed out, then signed in)."""
    client = pages.client
    seen: dict[str, str] = {"sign-in": client.get("/login").text}
    pages.sign_in()
    seen["banks, empty"] = client.get("/banks").text
    seen["import report"] = pages.import_sample().text
    seen["banks"] = client.get("/banks").text
    seen["banks, filtered"] = client.get("/banks?role=student&consent=missing").text
    seen["organisations"] = client.get("/organisations").text
    seen["programmes, none"] = client.get("/programmes").text
    seen["new programme"] = client.get("/programmes/new").text
    seen["programme refused"] = pages.create_programme(
        "bad", start="2026-05-01", end="2026-05-02", group_min="5", group_max="3",
        time_limit_s="0", seed="-1").text
    pages.create_programme()
    seen["programmes"] = client.get("/programmes").text
    seen["programme"] = client.get("/programmes/p1").text
    seen["preview"] = pages.post("/programmes/p1/preview", {"w_mutual_wishes": "0.9"}).text
    seen["readiness"] = client.get("/programmes/p1/readiness").text
    seen["preview refused"] = pages.post("/programmes/p1/preview", {"group_min": "9",
                                                                    "group_max": "3"}).text
    run_id = pages.run()
    seen["runs"] = client.get("/programmes/p1/runs").text
    run = client.get(f"/runs/{run_id}").text
    seen["proposals"] = run
    first, second = proposed(run)[:2]
    seen["reasons"] = client.get(f"/runs/{run_id}/proposals/{first}/reasons").text
    seen["card"] = client.get(f"/runs/{run_id}/proposals/{first}").text
    seen["unmatched"] = client.get(f"/runs/{run_id}/unmatched").text
    seen["why not"] = client.get(f"/runs/{run_id}/why-not").text
    seen["why not, forbidden"] = client.get(f"/runs/{run_id}/why-not?mentee=T05&mentor=S01").text
    seen["why not, a mentee"] = client.get(f"/runs/{run_id}/why-not?mentee=S08").text
    seen["report"] = client.get(f"/runs/{run_id}/report").text
    pages.post(f"/runs/{run_id}/proposals/{first}/confirm", {"version": version_in(run, first)})
    pages.post(f"/runs/{run_id}/proposals/{second}/reject",
               {"version": version_in(run, second), "reason": "знакомы плохо"})
    seen["links"] = pages.post(f"/runs/{run_id}/links").text
    link = re.search(r'<a href="http://testserver(/explain/[^"]+)"', seen["links"]).group(1)
    session = pages.client.cookies.get("nm_session")
    pages.client.cookies.delete("nm_session")
    seen["participant"] = client.get(link).text
    pages.client.cookies.set("nm_session", session)
    rerun = pages.run()
    seen["rerun"] = client.get(f"/runs/{rerun}").text
    seen["page not found"] = client.get("/nowhere").text
    seen["programme not found"] = client.get("/programmes/2099-77").text
    seen["run not found"] = client.get("/runs/99999").text
    return seen


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_page_of_the_journey_reads_in_the_curators_words(signed_in, lang):
    pages = signed_in
    pages.client.cookies.clear()
    pages.client.cookies.set("nm_lang", lang)
    seen = journey(pages)
    assert len(seen) >= 25
    for name, html in seen.items():  # fragments (the preview) have no <html>
        assert f'<html lang="{lang}">' in html or "<html" not in html, name
    found = {name: problems(html, lang) for name, html in seen.items()}
    assert {name: p for name, p in found.items() if p} == {}


def test_the_scan_fails_on_what_it_must_refuse():
    page = ('<html lang="ru"><body><p>time_limit_s: значение должно быть больше 0.0</p>'
            '<p>Status: proposed</p><p title="English" lang="en">EN</p>'
            '<p>оценка 0,37 из 1</p><span translate="no">kurator</span>'
            '<p>01.09.2026 · 2,5 года · XLSX</p><script>var a_b = 1.5</script></body></html>')
    found = [re.search(r"'([^']+)'", f).group(1) for f in problems(page, "ru")]
    assert sorted(found) == sorted(["time_limit_s", "Status", "proposed", "0.0", "0,37"])
    assert "var" not in visible_text(page)
    assert problems(page.replace('lang="ru"', 'lang="en"'), "en") != []  # snake_case in both


def test_a_programme_with_code_2026_27_opens_runs_and_is_archived(signed_in):
    pages = signed_in
    pages.import_sample()
    made = pages.create_programme("2026/27", name="Наставничество 2026/27")
    assert made.status_code == 200 and "Наставничество 2026/27" in made.text
    listed = pages.client.get("/programmes").text
    assert 'href="/programmes/2026/27"' in listed and 'href="/programmes/2026/27/runs"' in listed
    page = pages.client.get("/programmes/2026/27")
    assert page.status_code == 200 and "<h1>Наставничество 2026/27</h1>" in page.text
    assert pages.client.get("/programmes/2026/27/runs").status_code == 200
    run_id = pages.run("2026/27")
    assert 'table class="review' in pages.client.get(f"/runs/{run_id}").text
    api = pages.client.get("/api/v1/programmes/2026/27/runs", headers={
        "Authorization": "Bearer " + pages.client.cookies["nm_session"]})
    assert [r["id"] for r in api.json()] == [run_id]

    page = pages.client.get("/programmes/2026/27").text
    assert "Удалить программу…" not in page  # a run holds it: archive only
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    archived = pages.post("/programmes/2026/27/archive", {"version": version},
                          follow_redirects=False)
    assert archived.status_code == 303
    assert archived.headers["location"] == "/programmes?archived=1"
    assert 'data-programme="2026/27"' not in pages.client.get("/programmes").text
    assert 'data-programme="2026/27"' in pages.client.get("/programmes?archived=1").text
    refused = pages.post("/programmes/2026/27/runs")
    assert refused.status_code == 409 and "в архиве" in refused.text
    assert "Запустить подбор" not in pages.client.get("/programmes/2026/27").text


def test_a_programme_without_runs_is_deleted_and_the_api_archives_and_restores(signed_in):
    pages = signed_in
    pages.create_programme("", name="Наставничество 2026/27")  # the code made from the name
    code = code_from_name("Наставничество 2026/27")
    assert code == "nastavnichestvo-2026/27"
    page = pages.client.get(f"/programmes/{code}").text
    assert "Удалить программу…" in page
    auth = {"Authorization": "Bearer " + pages.client.cookies["nm_session"]}
    archived = pages.client.post(f"/api/v1/programmes/{code}/archive", headers=auth)
    assert archived.status_code == 200 and archived.json()["archived_at"]
    restored = pages.client.post(f"/api/v1/programmes/{code}/restore", headers=auth)
    assert restored.status_code == 200 and restored.json()["archived_at"] is None
    version = re.search(r'name="version" value="(\d+)"',
                        pages.client.get(f"/programmes/{code}").text).group(1)
    gone = pages.post(f"/programmes/{code}/delete", {"version": version}, follow_redirects=False)
    assert gone.status_code == 303
    assert pages.client.get(f"/api/v1/programmes/{code}", headers=auth).status_code == 404


def test_a_code_that_cannot_be_an_address_is_refused_next_to_the_field(signed_in):
    answer = signed_in.create_programme("a b?c")
    assert answer.status_code == 422
    assert '<p class="field-error" id="e_id">' in answer.text
    assert 'id="id" name="id" value="a b?c"' in answer.text


def test_form_errors_name_each_field_in_russian_next_to_it_all_at_once(signed_in):
    answer = signed_in.create_programme(
        "p2", start="2026-05-01", end="2026-05-02", group_min="5", group_max="3",
        time_limit_s="0", seed="-1", forms=[])
    assert answer.status_code == 422
    html = answer.text
    summary = html[html.index('id="form-errors"'):]
    summary = summary[:summary.index("</div>")]
    links = re.findall(r'<li><a href="#([\w-]+)">([^<]+)</a>: ([^<]+)</li>', summary)
    assert {(anchor, label) for anchor, label, _ in links} == {
        ("end", "Окончание"), ("group_max", "Макс. размер группы"),
        ("time_limit_s", "Время на поиск лучшего варианта"),
        ("seed", "Номер варианта при равных оценках"), ("fs-forms", "Формы наставничества")}
    texts = " ".join(text for _, _, text in links)
    assert "body" not in summary and "time_limit_s" not in texts
    assert "больше 0" in texts and "0.0" not in texts
    for field in ("end", "group_max", "time_limit_s", "seed", "forms"):
        assert f'<p class="field-error" id="e_{field}">' in html, field
    assert 'id="start" name="start" type="date" value="2026-05-01" required>' in html
    assert re.search(r'<details class="advanced" open>', html)


def test_the_period_error_writes_months_with_a_decimal_comma(signed_in):
    html = signed_in.create_programme("p3", start="2026-01-01", end="2026-02-27").text
    message = re.search(r'<p class="field-error" id="e_end">([^<]+)</p>', html).group(1)
    assert re.search(r"указано \d,\d", message) or re.search(r"указано \d\b", message), message


def test_technical_settings_are_folded_with_one_line_of_help_each(signed_in):
    html = signed_in.client.get("/programmes/new").text
    fold = html[html.index('<details class="advanced"'):]
    fold = fold[:fold.index("</details>")]
    assert 'id="time_limit_s"' in fold and 'id="seed"' in fold
    assert 'aria-describedby="h_time_limit"' in fold and 'aria-describedby="h_seed"' in fold
    assert fold.count('<p class="hint"') == 2
    assert "Зерно" not in html and "решателя" not in html


def test_unknown_addresses_are_pages_and_the_api_stays_json(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Страница не найдена" in page.text
    english = client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert "Page not found" in english.text
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.json()["code"] == "http_error"
    asked_json = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert asked_json.headers["content-type"].startswith("application/json")


def test_a_server_error_on_a_page_is_a_page(settings):
    from fastapi.testclient import TestClient

    from service.main import create_app

    app = create_app(settings)

    @app.get("/crash-page")
    def crash() -> None:
        raise RuntimeError("a secret cause")

    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/crash-page")
        assert page.status_code == 500 and "<html" in page.text
        assert "secret" not in page.text and "RuntimeError" not in page.text
        assert "Данные не потеряны" in page.text
    app.state.engine.dispose()


def test_favicon(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg")
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/login").text
    assert client.get("/static/favicon.svg").status_code == 200


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]


def test_the_api_docs_work_offline(client):
    docs = client.get("/docs")
    assert docs.status_code == 200
    parser = _Refs()
    parser.feed(docs.text)
    assert parser.refs, "the docs page loads nothing?"
    assert [r for r in parser.refs if urlsplit(r).netloc] == []  # no external host
    assert "cdn" not in docs.text.lower() and "http://" not in docs.text
    assert "https://" not in docs.headers["content-security-policy"]
    for ref in parser.refs:
        assert client.get(ref).status_code == 200, ref
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_readiness_before_a_run_on_the_page_and_in_the_api(signed_in):
    pages = signed_in
    pages.import_sample()
    pages.create_programme("2026/27", name="Наставничество 2026/27")
    page = pages.client.get("/programmes/2026/27")
    assert 'href="/programmes/2026/27/readiness"' in page.text
    html = pages.client.get("/programmes/2026/27/readiness").text
    bound = int(re.search(r'data-ready="bound">(\d+)<', html).group(1))
    row = re.search(r'<tr data-person="S08">(.*?)</tr>', html, re.S).group(1)
    assert "согласие родителя" in row and 'href="/banks?q=' in row and "consent=missing" in row
    assert 'data-advice="consents_mentees"' in html
    for table in ("by-form", "by-kind", "by-topic"):
        assert f'id="{table}"' in html
    auth = {"Authorization": "Bearer " + pages.client.cookies["nm_session"],
            "Accept-Language": "en"}
    api = pages.client.get("/api/v1/programmes/2026/27/readiness", headers=auth).json()
    assert api["coverage_bound"] == bound and api["mentees"] >= bound
    assert [x["participant_id"] for x in api["left_out"]] == ["S08"]
    assert all(a["text"] and "{" not in a["text"] for a in api["advice"])
    assert any("consent" in a["text"] for a in api["advice"])  # in English, as asked
    run_id = pages.run("2026/27")
    covered = {e for p in pages.client.get(f"/api/v1/runs/{run_id}/proposals",
                                           headers=auth).json()["items"]
               for e in p["mentees"]}
    assert len(covered) <= bound  # the bound holds
    # pairs confirmed in that run hold their places in the bound of the next run
    proposals = pages.client.get(f"/api/v1/runs/{run_id}/proposals", headers=auth).json()
    chosen = [f"{p['id']}:{p['version']}" for p in proposals["items"]][:3]
    pages.post(f"/runs/{run_id}/bulk/apply", {"action": "confirm", "pick": chosen})
    again = pages.client.get("/api/v1/programmes/2026/27/readiness", headers=auth).json()
    assert len(covered) <= again["coverage_bound"] <= bound
