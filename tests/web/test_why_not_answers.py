"""Issue 18, why-not that answers: a proposed pair is said to be proposed; a forbidden pair
names the forms the two people's roles allow; an allowed pair is compared with the mentee's
proposed pair component by component; a mentee alone gets the best candidates and what stops
each."""

from __future__ import annotations

import re

import pytest

from tests.web.scan import problems

HX = {"HX-Request": "true", "HX-Target": "why-not-result"}


@pytest.fixture
def ran(signed_in):
    signed_in.import_sample()
    signed_in.create_programme()
    signed_in.run_id = signed_in.run()
    auth = {"Authorization": "Bearer " + signed_in.client.cookies["nm_session"]}
    signed_in.proposals = signed_in.client.get(
        f"/api/v1/runs/{signed_in.run_id}/proposals", headers=auth).json()["items"]
    return signed_in


def ask(ran, mentee: str, mentor: str = "") -> str:
    url = f"/runs/{ran.run_id}/why-not?mentee={mentee}" + (f"&mentor={mentor}" if mentor else "")
    return ran.client.get(url, headers=HX).text


def test_a_proposed_pair_is_said_to_be_proposed_with_a_link_to_it(ran):
    pair = ran.proposals[0]
    html = ask(ran, pair["mentees"][0], pair["mentor"])
    assert 'data-answer="proposed"' in html
    assert "Эта пара уже предложена в этом подборе" in html
    assert f'href="/runs/{ran.run_id}#p-{pair["id"]}"' in html
    assert "не вошла" not in html and "допустима, но" not in html


def test_a_forbidden_pair_names_the_forms_the_roles_allow(ran):
    html = ask(ran, "T05", "S01")  # a student cannot mentor a teacher
    assert 'data-answer="forbidden"' in html
    forms = re.search(r'<p data-answer="forms">([^<]+)</p>', html).group(1)
    assert "Ни одна форма программы не подходит" in forms


def test_an_allowed_pair_is_compared_with_the_proposed_one_component_by_component(ran):
    by_mentee = {e: p for p in ran.proposals for e in p["mentees"]}
    mentors = {p["mentor"] for p in ran.proposals}
    found = None
    for mentee, prop in by_mentee.items():
        for mentor in sorted(mentors - {prop["mentor"]}):
            html = ask(ran, mentee, mentor)
            if 'data-answer="cost"' in html:
                found = (mentee, prop["mentor"], html)
                break
        if found:
            break
    assert found, "no allowed, unchosen pair in the sample run"
    html = found[2]
    table = html[html.index('id="why-not-compare"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r'<tr><th scope="row">([^<]+) \((\d+)\)</th><td class="num">(\d+)</td>'
                      r'<td class="num">(\d+)</td><td class="num">([^<]+)</td></tr>', table)
    assert len(rows) == 9  # every score component
    assert sum(int(w) for _, w, *_ in rows) in range(97, 104)  # shares of the weights, in %
    assert all(0 <= int(a) <= 100 and 0 <= int(b) <= 100 for _, _, a, b, _ in rows)
    assert "Запросы наставляемого закрыты компетенциями наставника" in table
    forms = re.search(r'<p data-answer="forms">([^<]+)</p>', html).group(1)
    assert forms.startswith("По ролям этим двоим подходят формы программы: ")
    assert problems(html, "ru") == []


def test_a_mentee_alone_gets_the_best_candidates_and_what_stops_each(ran):
    by_mentee = {e: p for p in ran.proposals for e in p["mentees"]}
    mentee = next(iter(by_mentee))
    html = ask(ran, mentee)
    assert 'id="why-not-situation"' in html
    rows = re.findall(r'<tr data-mentor="(\w+)"><th scope="row">[^<]+</th>'
                      r'<td class="num">(\d+)</td>\s*<td>([^<]+)', html)
    assert rows and [int(s) for _, s, _ in rows] == sorted((int(s) for _, s, _ in rows),
                                                           reverse=True)
    stops = {m: text for m, _, text in rows}
    assert stops.get(by_mentee[mentee]["mentor"], "").startswith("уже наставник")
    assert all(t.startswith(("уже наставник", "все места заняты", "есть свободные места"))
               for t in stops.values())
    assert "Остальные наставники недопустимы:" in html
    assert f"why-not?mentee={mentee}&amp;mentor=" in html
    assert problems(html, "ru") == []


def test_the_unmatched_list_leads_to_the_mentee_situation(ran):
    page = ran.client.get(f"/runs/{ran.run_id}/unmatched").text
    link = re.search(r'href="(/runs/\d+/why-not\?mentee=(\w+))"', page)
    html = ran.client.get(link.group(1)).text
    assert 'id="why-not-situation"' in html
    assert problems(html, "ru") == []
