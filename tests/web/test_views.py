"""Page models and fragments without a server: a group's card, the report's bars."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from types import SimpleNamespace

from matcher.bank_io import read_bank
from matcher.model import (
    ComponentScore,
    Form,
    Kind,
    PairScore,
    Proposal,
    ProposalStatus,
    Reason,
)
from service.domain import ProposalSummary, StoredProposal
from service.web.render import enum_label, templates, tr
from service.web.runviews import cards, summary_rows
from tests.cases import SAMPLE

BANK = read_bank(SAMPLE).bank


def pair(mentee: str, score: float, *values: tuple[str, float]) -> PairScore:
    return PairScore(mentee=mentee, score=score, components=tuple(
        ComponentScore(name=name, value=v, weight=0.1,
                       reason=Reason(code=name, ru=f"причина {name}", en=f"reason {name}"))
        for name, v in values))


def group(status: ProposalStatus = ProposalStatus.proposed) -> StoredProposal:
    proposal = Proposal(
        id="g1", mentor="T01", mentees=("T05", "T06"), form=Form.teacher_teacher,
        kind=Kind.group, topics=("exam_preparation",), score=0.55, status=status,
        pairs=(pair("T05", 0.6, ("topic_coverage", 0.9), ("subject_match", 1.0),
                    ("time_overlap", 0.0), ("shared_interests", 0.2), ("format_fit", 0.5)),
               pair("T06", 0.5, ("topic_coverage", 0.4))))
    return StoredProposal(run_id=1, proposal=proposal, version=3,
                          updated_at=datetime.now(UTC))


def render_card(card, lang: str = "ru") -> str:
    return templates.env.get_template("_proposal_card.html").render(
        c=card, _=tr(lang), L=enum_label(lang), lang=lang, run=SimpleNamespace(id=1),
        newer=None, actor=SimpleNamespace(role=SimpleNamespace(value="curator")),
        csrf="token", csrf_field="csrf_token", error="")


def test_a_group_card_lists_every_member_with_their_own_top_reasons():
    [card] = cards([group()], BANK, "ru")
    assert card.is_group and [m.person.id for m in card.mentees] == ["T05", "T06"]
    first = card.mentees[0]
    # the three largest contributions, a zero one never shown
    assert [r[2] for r in first.reasons] == [
        "причина subject_match", "причина topic_coverage", "причина format_fit"]
    html = render_card(card)
    assert "группа (2)" in html
    for pid in ("T01", "T05", "T06"):
        assert BANK.get(pid).full_name in html
    assert 'name="version" value="3"' in html
    assert "/proposals/g1/confirm" in html and "/proposals/g1/end" not in html


def test_a_confirmed_card_offers_lock_reject_and_end_but_not_confirm():
    [card] = cards([group(ProposalStatus.confirmed)], BANK, "en")
    html = render_card(card, "en")
    assert card.status_text == "confirmed"
    assert "/confirm" not in html
    assert all(f"/proposals/g1/{a}" in html for a in ("lock", "reject", "end"))
    assert ">Reject…</summary>" in html


def test_a_viewer_gets_no_decision_buttons():
    [card] = cards([group()], BANK, "ru")
    html = templates.env.get_template("_proposal_card.html").render(
        c=card, _=tr("ru"), L=enum_label("ru"), lang="ru", run=SimpleNamespace(id=1),
        newer=None, actor=SimpleNamespace(role=SimpleNamespace(value="viewer")),
        csrf="token", csrf_field="csrf_token", error="")
    assert "<form" not in html


def test_a_card_shows_scores_from_0_to_100_as_curators_read_them():
    [card] = cards([group()], BANK, "ru")
    html = render_card(card)
    assert "<strong>55</strong>" in html  # the group's score, 0.55
    assert "(педагог, 60)" in html and "(педагог, 50)" in html  # each member's own score
    assert 'title="Тот же предмет: 100"' in html  # a component's value, 1.0
    assert 'data-v="55"' in html and 'data-v="90"' in html  # bars on the same scale
    assert not re.search(r"\b[01]\.\d+\b", html)


def test_why_not_shows_the_pair_score_and_the_loss_in_the_same_points():
    answer = SimpleNamespace(
        allowed=True, pair_score=0.674, score_loss=0.0123, coverage_loss=0, moved=(),
        reasons=(), mentor=SimpleNamespace(name="М"), mentee=SimpleNamespace(name="Е"),
        proposal=None, forms_fit=["teacher – teacher"], compare=[])
    html = templates.env.get_template("_why_not_result.html").render(
        answer=answer, _=tr("en"), lang="en")
    assert "Pair score: 67 of 100." in html
    assert "<strong>1.2</strong>" in html
    russian = templates.env.get_template("_why_not_result.html").render(
        answer=answer, _=tr("ru"), lang="ru")
    assert "<strong>1,2</strong>" in russian  # a decimal comma


def summary(status: str, version: int, by: str = "kurator", top=()) -> ProposalSummary:
    return ProposalSummary(
        run_id=1, proposal_id="p1", mentor="T01", mentor_name="Иванова А. П.",
        mentees=("T05", "T06"), mentee_names=("Петров П. И.", "Сидорова О. В."),
        form="teacher_teacher", kind="group", topics=(), score=0.61, status=status,
        status_reason="", version=version, updated_at=datetime(2026, 11, 30, 14, 5, tzinfo=UTC),
        updated_by=by, top=top)


def test_a_table_row_says_who_decided_when_and_whether_it_may_be_undone() -> None:
    top = (("T05", 0.6, (("topic_coverage", 0.9, "запросы закрыты", "requests covered"),)),)
    [fresh] = summary_rows([summary("proposed", 1, by="", top=top)], {}, "ru")
    assert (fresh.decided_by, fresh.decided_at, fresh.may_undo) == ("", "", False)
    assert fresh.people == "Иванова А. П. → Петров П. И., Сидорова О. В." and fresh.is_group
    assert fresh.reason == "запросы закрыты" and fresh.form == "педагог – педагог"
    [rejected] = summary_rows([summary("rejected", 2)], {}, "en")
    assert (rejected.decided_by, rejected.decided_at) == ("kurator", "30.11.2026 14:05")
    assert rejected.may_undo and rejected.status_text == "rejected"
    [undone] = summary_rows([summary("proposed", 3)], {}, "ru")
    assert not undone.may_undo  # back at «проект»: nothing left to undo
