"""The programme page's rules, quotas and options rows, and "simulate for one person"."""

from __future__ import annotations


def test_rule_quota_and_option_rows_are_saved_and_shown_again(signed_in):
    signed_in.create_programme()
    saved = signed_in.post("/programmes/p1", {
        "version": "1", "rules_sent": "1",
        "r0_kind": "different", "r0_field": "organisation", "r0_tier": "required",
        "r1_kind": "gap", "r1_field": "experience", "r1_min": "5", "r1_tier": "required",
        "r2_kind": "share_topic", "r2_tier": "preferred", "r2_weight": "0,2",
        "r3_kind": "", "r3_field": "site",
        "quotas_sent": "1", "q0_field": "organisation", "q0_side": "mentor", "q0_at_most": "10",
        "q1_field": "",
        "options_sent": "1", "o_stable": "1", "o_priority_bonus": "0,1", "o_min_load": "1"})
    assert "Настройки сохранены" in saved.text, saved.text[:2000]
    page = signed_in.client.get("/programmes/p1").text
    assert '<option value="different" selected>' in page
    assert 'name="r1_min" type="number" step="0.5" min="-100" max="100" value="5.0"' in page
    assert '<option value="preferred" selected>' in page
    assert 'name="q0_at_most" type="number" min="0" max="100000" value="10"' in page
    assert 'id="o_stable" name="o_stable" value="1" checked' in page
    assert 'name="r3_kind"' in page and 'name="r4_kind"' in page  # two blank rows under three


def test_a_bad_rule_row_is_refused_with_its_place(signed_in):
    signed_in.create_programme()
    refused = signed_in.post("/programmes/p1", {
        "version": "1", "rules_sent": "1", "r0_kind": "gap", "r0_field": "experience"})
    assert refused.status_code == 422
    assert ('<a href="#rules">Правила программы</a>: У правила о разнице нужна нижняя или '
            'верхняя граница') in refused.text


def test_simulate_for_one_mentee(signed_in):
    signed_in.import_sample()
    signed_in.create_programme()
    signed_in.post("/programmes/p1", {
        "version": "1", "rules_sent": "1", "r0_kind": "gap", "r0_field": "experience",
        "r0_min": "5", "r0_tier": "required"})
    page = signed_in.client.get("/programmes/p1/simulate", params={"mentee": "T05"})
    assert page.status_code == 200
    assert "стаж: наставник − наставляемый не меньше 5" in page.text
    assert "Допустимых наставников без правил программы" in page.text
    unknown = signed_in.client.get("/programmes/p1/simulate", params={"mentee": "nobody"})
    assert "участник не найден" in unknown.text


def test_the_run_report_shows_the_rules_and_what_they_cost(signed_in):
    signed_in.import_sample()
    signed_in.create_programme()
    signed_in.post("/programmes/p1", {
        "version": "1", "rules_sent": "1", "r0_kind": "share_topic", "r0_tier": "required",
        "quotas_sent": "1", "q0_field": "organisation", "q0_side": "mentor", "q0_at_most": "2",
        "options_sent": "1", "o_balance": "0,01"})
    run_id = signed_in.run()
    page = signed_in.client.get(f"/runs/{run_id}/report").text
    assert "Правила и параметры подбора" in page
    assert "наставник ведёт тему запроса наставляемого" in page
    assert "не больше 2 пар, где организация у наставника — «каждое значение»" in page
    assert "Квоты и параметры: наставляемых меньше на" in page
