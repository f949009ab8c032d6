"""The programme page edits the programme's own topics (issue 17, item 5)."""

from __future__ import annotations


def test_the_programme_page_saves_its_own_topics_and_refuses_a_built_in_name(signed_in):
    signed_in.create_programme()
    page = signed_in.client.get("/programmes/p1")
    assert 'name="topics_text"' in page.text
    saved = signed_in.post("/programmes/p1", {
        "version": "1", "topics_text": "robotics: Кружок робототехники; робототехника\n\n"})
    assert "Настройки сохранены" in saved.text, saved.text
    page = signed_in.client.get("/programmes/p1").text
    assert "robotics: Кружок робототехники; робототехника</textarea>" in page
    refused = signed_in.post("/programmes/p1", {"version": "2", "topics_text": "oge: ОГЭ"})
    assert refused.status_code == 422
    assert "совпадает с уже известной темой" in refused.text
    assert "oge: ОГЭ</textarea>" in refused.text  # what was typed is kept
    kept = signed_in.post("/programmes/p1", {"version": "2", "name": "Другое имя"})
    assert "Настройки сохранены" in kept.text
    assert "Кружок робототехники" in signed_in.client.get("/programmes/p1").text
