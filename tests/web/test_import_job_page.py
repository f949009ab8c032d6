"""A large file on the banks page (issue 12, part 3): the upload answers at once with the
job's page, which shows the rows done while the job runs and reloads itself, then the
preview; the confirmed import runs as a job too and can be undone."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest

from service.services import import_jobs
from tests.cases import SAMPLE
from tests.questionnaires import SCHOOL
from tests.web.conftest import Pages
from tests.web.test_import_mapping_page import with_robotics


def wait(pages: Pages) -> None:
    assert pages.client.app.state.queue.wait(timeout=120)


@pytest.fixture
def large(signed_in: Pages, monkeypatch: pytest.MonkeyPatch) -> Pages:
    signed_in.client.app.state.settings.import_background_bytes = 1000  # the sample is larger
    monkeypatch.setattr(import_jobs, "BATCH_ROWS", 10)
    return signed_in


def test_a_large_file_is_previewed_and_imported_by_jobs(large: Pages) -> None:
    answer = large.post("/banks/import", {"preview": "true"},
                        files={"file": ("sample.xlsx", SAMPLE.read_bytes())},
                        follow_redirects=False)
    assert answer.status_code == 303
    job_url = answer.headers["location"]
    assert re.fullmatch(r"/banks/import-jobs/\d+\?token=\w+", job_url)
    wait(large)
    preview = large.client.get(job_url)
    assert preview.status_code == 200 and "Refresh" not in preview.headers
    # as the page previews it in the request: the partners' people wait for registration
    assert 'data-count="created">21<' in preview.text
    assert 'data-count="refused">3<' in preview.text
    assert '<td class="num">2</td><td>T01 Смирнова Ольга Викторовна</td>' in preview.text
    token = re.search(r'name="token" value="(\w+)"', preview.text).group(1)
    confirmed = large.post("/banks/import/confirm", {"token": token}, follow_redirects=False)
    assert confirmed.status_code == 303
    wait(large)
    done = large.client.get(confirmed.headers["location"])
    assert 'data-count="created">21<' in done.text
    assert re.search(r'action="/banks/imports/\d+/undo"', done.text)
    assert "Смирнова Ольга Викторовна" in large.client.get("/banks").text


def test_the_page_shows_progress_while_the_job_runs(large: Pages,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    first_done, go_on = threading.Event(), threading.Event()
    real = import_jobs.import_participants
    calls = [0]

    def paused(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == 2:
            first_done.set()
            assert go_on.wait(timeout=60)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_jobs, "import_participants", paused)
    answer = large.post("/banks/import", files={"file": ("sample.xlsx", SAMPLE.read_bytes())},
                        follow_redirects=False)
    try:
        assert first_done.wait(timeout=60)
        running = large.client.get(answer.headers["location"])
        assert running.headers.get("Refresh") == "2"
        assert 'data-count="done">10<' in running.text and 'data-count="total">24<' in running.text
        assert '<progress id="import-job-progress"' in running.text
    finally:
        go_on.set()
    wait(large)
    assert "Refresh" not in large.client.get(answer.headers["location"]).headers


def test_a_running_job_is_stopped_from_its_page_after_a_confirmation(
        large: Pages, monkeypatch: pytest.MonkeyPatch) -> None:
    first_done, go_on = threading.Event(), threading.Event()
    real = import_jobs.import_participants
    calls = [0]

    def paused(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == 2:
            first_done.set()
            assert go_on.wait(timeout=60)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_jobs, "import_participants", paused)
    answer = large.post("/banks/import", files={"file": ("sample.xlsx", SAMPLE.read_bytes())},
                        follow_redirects=False)
    job_url = answer.headers["location"]
    try:
        assert first_done.wait(timeout=60)
        running = large.client.get(job_url)
        assert running.headers.get("Refresh") == "2"
        assert 'id="import-job-cancel"' not in running.text
        # the link asks first, on a page that does not reload itself under the question
        link = re.search(r'<a href="(/banks/import-jobs/\d+/cancel)" id="import-job-cancel-link">',
                         running.text)
        asking = large.client.get(link.group(1))
        assert asking.status_code == 200 and "Refresh" not in asking.headers
        confirm = re.search(r'<form method="post" action="(/banks/import-jobs/\d+/cancel)"'
                            r' class="reason-form" id="import-job-cancel">(.*?)</form>',
                            asking.text, re.S)
        assert confirm is not None and "Остановить загрузку файла?" in confirm.group(2)
        stopped = large.post(confirm.group(1), follow_redirects=False)
        assert stopped.status_code == 303 and stopped.headers["location"] == job_url
    finally:
        go_on.set()
    wait(large)
    ended = large.client.get(job_url)
    assert "Refresh" not in ended.headers and "import-job-cancel" not in ended.text
    assert "загрузка остановлена по просьбе" in ended.text
    assert re.search(r'action="/banks/imports/\d+/undo"', ended.text)


def test_a_large_file_for_a_programme_is_a_job_that_reads_its_topics(large: Pages) -> None:
    with_robotics(large)
    rows = "".join(f"T{i};Иванова Анна {i};учитель;{SCHOOL};1990;робототехника:3\n"
                   for i in range(40))
    content = ("ID;ФИО;Роль;Организация;Год рождения;Запрос\n" + rows).encode("utf-8-sig")
    answer = large.post("/banks/import", {"preview": "true", "programme": "p1"},
                        files={"file": ("bank.csv", content, "text/csv")},
                        follow_redirects=False)
    assert answer.status_code == 303 and "/banks/import-jobs/" in answer.headers["location"]
    wait(large)
    preview = large.client.get(answer.headers["location"])
    assert 'data-count="created">40<' in preview.text
    assert 'data-count="refused">0<' in preview.text
    token = re.search(r'name="token" value="(\w+)"', preview.text).group(1)
    confirmed = large.post("/banks/import/confirm", {"token": token}, follow_redirects=False)
    assert confirmed.status_code == 303  # the confirmed import is a job with the topics too
    wait(large)
    done = large.client.get(confirmed.headers["location"])
    assert 'data-count="created">40<' in done.text and 'data-count="errors">0<' in done.text
