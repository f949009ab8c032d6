"""The learning page (issue 16): the suggestion appears only past the minimum amount of data,
and opening it fills the programme form's weights without saving them."""

from __future__ import annotations

import re

from service.db.unit_of_work import SqlAlchemyUnitOfWork
from tests.learning_cases import judged, store_run
from tests.web.conftest import Pages


def _store(pages: Pages, n: int, prefix: str) -> None:
    uow = SqlAlchemyUnitOfWork(pages.client.app.state.session_factory)
    with uow:
        organisation = uow.programmes.get("p1").organisation_id  # type: ignore[union-attr]
    store_run(uow, "p1", organisation, judged(n, prefix=prefix, driver="time_overlap"))


def test_the_suggestion_appears_only_past_the_minimum(signed_in: Pages) -> None:
    assert signed_in.create_programme().status_code in (200, 303)
    _store(signed_in, 20, "A")
    page = signed_in.client.get("/programmes/p1/learning")
    assert page.status_code == 200, page.text
    assert 'data-verdict="too_few"' in page.text and "open-suggested" not in page.text
    assert "нужно ещё не меньше 40" in page.text
    _store(signed_in, 300, "B")
    page = signed_in.client.get("/programmes/p1/learning")
    assert 'data-verdict="suggest"' in page.text and 'id="open-suggested"' in page.text
    assert "<svg" in page.text and "Общее свободное время" in page.text
    form = signed_in.client.get("/programmes/p1?suggested=1")
    assert 'id="suggested-weights"' in form.text
    slider = re.search(r'name="w_time_overlap"[^>]*value="([0-9.]+)"', form.text)
    assert slider and float(slider.group(1)) > 0.3  # the saved weight is 0.05
    saved = signed_in.client.get("/programmes/p1")
    saved_slider = re.search(r'name="w_time_overlap"[^>]*value="([0-9.]+)"', saved.text)
    assert saved_slider and float(saved_slider.group(1)) == 0.05
