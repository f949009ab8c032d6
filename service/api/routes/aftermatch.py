"""After the match: a participant answers through their link (accept or decline a pair, wishes
after the acquaintance meeting); the curator reads the answers and the alternates kept for a
proposal, and records changes of a pair on the regulation's grounds, which feed the order on
changes."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from matcher.messages import message
from service import runs
from service.aftermatch_repositories import PairChange, StoredAnswer
from service.api.deps import ActorDep, IdPath, LangDep, SettingsDep, UowDep
from service.runs import answers as answer_cases
from service.runs import changes as change_cases
from service.runs.alternates import list_alternates
from service.schemas import ErrorBody, ProposalPublic
from service.schemas.aftermatch import (
    AlternatePublic,
    AnswerBody,
    AnswerOutcomePublic,
    AnswerPublic,
    ChangeBody,
    OrderOnChangesPublic,
    OrderPointPublic,
    PairChangePublic,
    ProposalAnswers,
)
from service.schemas.runs import ChangeOutcomePublic

router = APIRouter(tags=["after the match"])

Lang = Annotated[Literal["ru", "en"] | None, Query(description="Russian by default")]


def answer_public(a: StoredAnswer) -> AnswerPublic:
    return AnswerPublic(participant_id=a.participant_id, proposal_id=a.proposal_id,
                        answer=a.answer, reason=a.reason, wishes=list(a.wishes), at=a.at)


def change_public(c: PairChange) -> PairChangePublic:
    return PairChangePublic(
        proposal_id=c.proposal_id, change=c.change, ground=c.ground, initiator=c.initiator,
        mentor=c.mentor, mentees=list(c.mentees), note=c.note,
        new_proposal_id=c.new_proposal_id, extended_until=c.extended_until,
        new_form=c.new_form, new_kind=c.new_kind, at=c.at, actor=c.actor)


@router.post(
    "/explanations/{token}/answer",
    response_model=AnswerOutcomePublic,
    status_code=status.HTTP_201_CREATED,
    responses={404: {"model": ErrorBody, "description": "The link is not valid"},
               410: {"model": ErrorBody, "description": "The link no longer works"}},
)
def answer(token: str, body: AnswerBody, uow: UowDep, settings: SettingsDep,
           header_lang: LangDep, lang: Lang = None) -> AnswerOutcomePublic:
    """No sign-in: the link is the permission. Accept or decline one of your own pairs (a
    decline frees it and the curator is offered the best alternate), and/or say yes / maybe /
    no (ranked) about the people of that pair after the acquaintance meeting."""
    outcome = answer_cases.answer_through_link(
        uow, token, body.proposal_id, body.answer, reason=body.reason,
        wishes=[answer_cases.WishAnswer(w.target, w.level, w.rank) for w in body.wishes],
        key=settings.signing_key, algorithm=settings.jwt_algorithm)
    return AnswerOutcomePublic(answer=answer_public(outcome.answer), freed=outcome.freed,
                               next_step=message(outcome.next_step, lang or header_lang))


@router.get("/runs/{run_id}/proposals/{proposal_id}/answers", response_model=ProposalAnswers)
def proposal_answers(run_id: IdPath, proposal_id: str, actor: ActorDep, uow: UowDep
                     ) -> ProposalAnswers:
    """What the participants answered on the proposal through their links, oldest first."""
    found, names = answer_cases.proposal_answers(uow, actor, run_id, proposal_id)
    return ProposalAnswers(proposal_id=proposal_id, answers=[answer_public(a) for a in found],
                           names=names)


@router.get("/runs/{run_id}/proposals/{proposal_id}/alternates",
            response_model=list[AlternatePublic])
def alternates(run_id: IdPath, proposal_id: str, actor: ActorDep, uow: UowDep
               ) -> list[AlternatePublic]:
    """The next feasible mentors kept for each mentee of the proposal when the run finished,
    in the solver's order (coverage first, then score, under the places the run left), each
    marked available or not as the run stands now."""
    return [AlternatePublic(mentee=v.alternate.mentee, mentor=v.alternate.mentor,
                            mentor_name=v.mentor_name, rank=v.alternate.rank,
                            score=v.alternate.score, form=v.alternate.form,
                            kind=v.alternate.kind, coverage_cost=v.alternate.coverage_cost,
                            available=v.available)
            for v in list_alternates(uow, actor, run_id, proposal_id)]


@router.post(
    "/runs/{run_id}/proposals/{proposal_id}/change",
    response_model=ChangeOutcomePublic,
    responses={409: {"model": ErrorBody,
                     "description": "Stale version, a pair not confirmed or locked, or a run "
                                    "superseded by a newer one"}},
)
def change(run_id: IdPath, proposal_id: str, body: ChangeBody, actor: ActorDep,
           uow: UowDep) -> ChangeOutcomePublic:
    """End (`end`), end and re-match the mentee (`replace`: the best available alternate,
    else a local re-solve, proposed for you to confirm), extend (`extend`, with
    `extended_until`) or change the form or kind (`change_form`) of a confirmed or locked
    pair, on a ground of the regulation (000, 7.1–7.2) and with its initiator."""
    out = change_cases.change_pair(
        uow, actor, run_id, proposal_id, body.change, ground=body.ground,
        initiator=body.initiator, expected_version=body.version, note=body.note,
        extended_until=body.extended_until, new_form=body.new_form, new_kind=body.new_kind)
    people = runs.proposal_people(uow, run_id, out.proposal)
    new = [ProposalPublic.of(p, runs.proposal_people(uow, run_id, p))
           for p in out.new_proposals]
    return ChangeOutcomePublic(proposal=ProposalPublic.of(out.proposal, people),
                               change=change_public(out.change), new_proposals=new)


@router.get("/runs/{run_id}/changes", response_model=list[PairChangePublic])
def list_changes(run_id: IdPath, actor: ActorDep, uow: UowDep) -> list[PairChangePublic]:
    """Every change recorded on the run's pairs, oldest first."""
    return [change_public(c) for c in change_cases.list_changes(uow, actor, run_id)]


@router.get("/runs/{run_id}/order-on-changes", response_model=OrderOnChangesPublic)
def order_on_changes(run_id: IdPath, actor: ActorDep, uow: UowDep, header_lang: LangDep,
                     lang: Lang = None) -> OrderOnChangesPublic:
    """The data of an order on changes of the programme's pairs: one point per change on this
    run and the runs before it, with its ground and initiator."""
    order = change_cases.order_on_changes(uow, actor, run_id, lang=lang or header_lang)
    return OrderOnChangesPublic(
        title=order.title, preamble=order.preamble, organisation=order.organisation,
        programme_name=order.programme_name,
        points=[OrderPointPublic(number=p.number, change=p.change, text=p.text,
                                 mentor=p.mentor, mentees=list(p.mentees), ground=p.ground,
                                 initiator=p.initiator, at=p.at) for p in order.points])
