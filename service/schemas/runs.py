"""Schemas of runs: their state, proposals and decisions, rerun diffs, why-not, the unmatched,
participants' links and explanations, and reports."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from matcher.model import (
    Bank,
    Form,
    Kind,
    PairScore,
    Proposal,
    ProposalStatus,
    Reason,
)
from matcher.reports.coverage import (
    Coverage,
    MentorLoad,
    PairRow,
    Report,
    ScoreStats,
    UnmatchedRow,
)
from service.domain import (
    Decision,
    DecisionAction,
    ProposalSummary,
    RecordedAction,
    RunPerson,
    RunStage,
    RunStatus,
    StoredProposal,
    StoredRun,
)
from service.schemas.base import DB_ID_MAX, Schema

# --- runs ----------------------------------------------------------------------------------------


class RunStart(Schema):
    """Start a run. By default it reruns the programme's latest finished run (keeping its
    confirmed and locked proposals, excluding rejected pairs); `fresh` ignores earlier runs."""

    previous_run_id: int | None = Field(None, ge=1, le=DB_ID_MAX,
                                        description="Rerun this run instead")
    fresh: bool = Field(False, description="Start from nothing, ignoring earlier runs")


class RunAccepted(BaseModel):
    id: int
    status: RunStatus
    previous_run_id: int | None
    url: str = Field(description="Where to follow the run")


class RunPublic(BaseModel):
    id: int
    programme_id: str
    organisation_id: int | None
    status: RunStatus
    stage: RunStage
    progress: float = Field(ge=0, le=1)
    error: str = Field("", description="Why the run failed, for people")
    detail: str = Field("", description="What the running run has done, for people: "
                                        "«оценено наставляемых: 1 200 из 3 000»")
    attempts: int = Field(0, description="How many times a worker started it (a run whose "
                                         "worker died is started once more)")
    previous_run_id: int | None
    bank_version: str = Field(description="Bank versions read: «organisation:version,…»")
    created_at: datetime
    created_by: str
    started_at: datetime | None
    finished_at: datetime | None
    order_issued_at: datetime | None = Field(
        None, description="When the order fixing the pairs was marked issued: from then on "
                          "the run's decisions are not undone")
    summary: dict[str, Any] | None = Field(
        None, description="proposals, groups, mentees, mentees_covered, unmatched, kept, "
                          "by_status, score_total, score_mean, solver, solve_status, objective, "
                          "gap, wall_time_s")

    @classmethod
    def of(cls, run: StoredRun, lang: str = "ru") -> RunPublic:
        return cls(
            id=run.id, programme_id=run.programme_id, organisation_id=run.organisation_id,
            status=run.status, stage=run.stage, progress=round(run.progress, 4),
            error=(run.error_en or run.error) if lang == "en" else run.error,
            detail=(run.detail_en or run.detail) if lang == "en" else run.detail,
            attempts=run.attempts,
            previous_run_id=run.previous_run_id, bank_version=run.bank_version,
            created_at=run.created_at, created_by=run.created_by, started_at=run.started_at,
            finished_at=run.finished_at, summary=run.summary,
            order_issued_at=run.order_issued_at,
        )


# --- proposals and decisions ---------------------------------------------------------------------


People = Bank | Mapping[str, RunPerson]  # the run's bank, or its people from the read model


def _name(people: People, pid: str) -> str:
    if isinstance(people, Bank):
        return people.by_id[pid].full_name if pid in people.by_id else pid
    return people[pid].full_name if pid in people else pid


class ProposalItem(BaseModel):
    """A proposal as a list shows it: its people, score and current status; the score's
    breakdown is on the proposal itself (`GET /runs/{run_id}/proposals/{id}`)."""

    id: str
    run_id: int
    mentor: str
    mentor_name: str
    mentees: list[str]
    mentee_names: list[str]
    form: Form
    kind: Kind
    topics: list[str]
    score: float
    status: ProposalStatus
    status_reason: str
    version: int = Field(description="Send it back with a decision; 409 if it is stale")
    updated_at: datetime
    updated_by: str

    @classmethod
    def of_summary(cls, s: ProposalSummary) -> ProposalItem:
        return cls(
            id=s.proposal_id, run_id=s.run_id, mentor=s.mentor, mentor_name=s.mentor_name,
            mentees=list(s.mentees), mentee_names=list(s.mentee_names), form=Form(s.form),
            kind=Kind(s.kind), topics=list(s.topics), score=s.score,
            status=ProposalStatus(s.status), status_reason=s.status_reason, version=s.version,
            updated_at=s.updated_at, updated_by=s.updated_by)


class ProposalPublic(ProposalItem):
    """A proposal with each mentee's pair score and its breakdown."""

    pairs: list[PairScore] = Field(description="Each mentee's pair score and its breakdown")

    @classmethod
    def of(cls, stored: StoredProposal, bank: People) -> ProposalPublic:
        p = stored.proposal
        return cls(
            id=p.id, run_id=stored.run_id, mentor=p.mentor, mentor_name=_name(bank, p.mentor),
            mentees=list(p.mentees), mentee_names=[_name(bank, e) for e in p.mentees],
            form=p.form, kind=p.kind, topics=list(p.topics), score=p.score, pairs=list(p.pairs),
            status=p.status, status_reason=p.status_reason, version=stored.version,
            updated_at=stored.updated_at, updated_by=stored.updated_by,
        )


class ProposalPage(BaseModel):
    """A page of a run's proposals: `total` pass the filters; `next_cursor` (None on the last
    page) asks for the next page in the same order."""

    items: list[ProposalItem]
    total: int
    offset: int
    limit: int
    next_cursor: str | None = None


class DecisionBody(Schema):
    version: int = Field(ge=1, le=DB_ID_MAX, description="The proposal's version you read")
    reason: str = Field("", max_length=1000, description="Required to reject or end")


class UndoBody(Schema):
    version: int = Field(ge=1, le=DB_ID_MAX, description="The proposal's version you read")


class BulkItem(Schema):
    proposal_id: str = Field(min_length=1, max_length=64)
    version: int = Field(ge=1, le=DB_ID_MAX, description="The proposal's version you read")


class BulkDecisionBody(Schema):
    action: DecisionAction
    reason: str = Field("", max_length=1000, description="Required to reject or end")
    items: list[BulkItem] = Field(min_length=1, max_length=1000)


class DecisionPublic(BaseModel):
    id: int | None
    action: RecordedAction = Field(description="A decision, or `undo`: the latest decision "
                                               "not yet undone was taken back")
    status_before: ProposalStatus
    status_after: ProposalStatus
    reason: str
    at: datetime
    actor: str

    @classmethod
    def of(cls, d: Decision) -> DecisionPublic:
        return cls(id=d.id, action=d.action, status_before=ProposalStatus(d.status_before),
                   status_after=ProposalStatus(d.status_after), reason=d.reason, at=d.at,
                   actor=d.actor)


class ProposalDecided(BaseModel):
    proposal: ProposalPublic
    decision: DecisionPublic


class BulkDecided(BaseModel):
    """Every proposal a bulk decision changed, in the order given (all of them or none)."""

    items: list[ProposalDecided]


class ProposalDetail(ProposalPublic):
    decisions: list[DecisionPublic]


class ProposalBrief(BaseModel):
    id: str
    mentor: str
    mentor_name: str
    mentees: list[str]
    mentee_names: list[str]
    kind: Kind
    score: float
    status: ProposalStatus

    @classmethod
    def of(cls, p: Proposal, bank: Bank) -> ProposalBrief:
        return cls(id=p.id, mentor=p.mentor, mentor_name=_name(bank, p.mentor),
                   mentees=list(p.mentees), mentee_names=[_name(bank, e) for e in p.mentees],
                   kind=p.kind, score=p.score, status=p.status)


class ChangedPublic(BaseModel):
    before: ProposalBrief
    after: ProposalBrief
    reason: Reason


class EndedPublic(BaseModel):
    proposal: ProposalBrief
    reason: Reason
    promised: bool = Field(False, description="It was confirmed or locked: the participants "
                                              "were told (listed first)")


class DiffPublic(BaseModel):
    """A rerun against the run it started from (its decisions as they stood then)."""

    run_id: int
    previous_run_id: int | None
    kept: list[ProposalBrief]
    changed: list[ChangedPublic]
    new: list[ProposalBrief]
    ended: list[EndedPublic]


class WhyNotPublic(BaseModel):
    mentee: str
    mentee_name: str
    mentor: str
    mentor_name: str
    allowed: bool = Field(description="False: a hard rule forbids the pair (see reasons)")
    reasons: list[Reason]
    text: str
    pair_score: float | None
    score_loss: float = Field(description="Total score the programme would lose")
    coverage_loss: int = Field(description="Mentees who would be left without a mentor")
    moved: list[str] = Field(description="Mentees whose mentors would change")
    moved_names: list[str]


class UnmatchedPublic(BaseModel):
    mentee: str
    name: str
    reasons: list[Reason]
    suggestions: list[Reason]


class UnmatchedPage(BaseModel):
    items: list[UnmatchedPublic]
    total: int
    offset: int
    limit: int


# --- explanations --------------------------------------------------------------------------------


class LinksCreate(Schema):
    participants: list[str] | None = Field(
        None, max_length=5000,
        description="Participant ids; everyone the run concerns when left out")
    days: int | None = Field(None, ge=1, le=365, description="How long the links stay valid")


class LinkPublic(BaseModel):
    id: int | None = Field(None, description="The stored link's id, for revoking it")
    participant_id: str
    name: str
    token: str
    url: str = Field(description="The API address of the explanation (no sign-in needed)")
    expires_at: datetime


class LinkRecordPublic(BaseModel):
    """A stored link, without its token (the token is shown once, when it is made)."""

    id: int
    participant_id: str
    created_at: datetime
    created_by: str
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    reason: str = ""


class LinkRevoke(Schema):
    reason: str = Field("", max_length=1000, description="Why (kept in the audit log)")


class LinksRevoked(BaseModel):
    revoked: int = Field(description="How many links were revoked")


class PersonPublic(BaseModel):
    name: str
    role: str


class PairViewPublic(BaseModel):
    partner: PersonPublic
    score: float | None
    reasons: list[str]


class MatchViewPublic(BaseModel):
    as_role: str
    form: str
    kind: str
    status: str
    topics: list[str]
    pairs: list[PairViewPublic]
    group_members: list[PersonPublic]


class ExplanationPublic(BaseModel):
    """One participant's own explanation: their match and why, nothing about others."""

    participant_id: str
    name: str
    lang: str
    programme_name: str
    period_start: date
    period_end: date
    run_created_at: datetime
    matches: list[MatchViewPublic]
    unmatched_reasons: list[str]
    suggestions: list[str]
    notes: list[str]
    text: str


# --- reports -------------------------------------------------------------------------------------


class CoveragePublic(BaseModel):
    audience: str
    mentees_total: int
    mentees_covered: int
    mentees_confirmed: int
    people_total: int
    people_involved: int = Field(description="In a pair or group, confirmed or proposed")
    people_confirmed: int = Field(description="In a confirmed or locked pair or group")
    people_proposed: int = Field(description="Only in proposals not confirmed yet")
    denominator: str = Field(description="organisation: its real numbers for the school "
                                         "year; bank: the bank's head count")
    target: float | None
    target_source: str = Field(description="organisation, preset (seed 002's table) or "
                                           "programme")
    mentee_share: float | None
    confirmed_share: float | None
    involved_share: float | None = Field(description="Confirmed and proposed together")
    confirmed_involved_share: float | None = Field(description="The indicator: confirmed only")
    numbers_too_small: bool
    meets_target: bool | None = Field(description="By confirmed pairs only")

    @classmethod
    def of(cls, c: Coverage) -> CoveragePublic:
        return cls(audience=c.audience, mentees_total=c.mentees_total,
                   mentees_covered=c.mentees_covered, mentees_confirmed=c.mentees_confirmed,
                   people_total=c.people_total, people_involved=c.people_involved,
                   people_confirmed=c.people_confirmed, people_proposed=c.people_proposed,
                   denominator=c.denominator, target=c.target, target_source=c.target_source,
                   mentee_share=c.mentee_share, confirmed_share=c.confirmed_share,
                   involved_share=c.involved_share,
                   confirmed_involved_share=c.confirmed_involved_share,
                   numbers_too_small=c.numbers_too_small, meets_target=c.meets_target)


class ReportPublic(BaseModel):
    """The curator's report: coverage against targets, pairs, unmatched and why, load."""

    programme_id: str
    programme_name: str
    period_start: date
    period_end: date
    run_created_at: datetime
    solver_status: str
    coverage: dict[str, CoveragePublic]
    pairs: list[PairRow]
    unmatched: list[UnmatchedRow]
    load: list[MentorLoad]
    load_histogram: dict[int, int]
    proposals_by_form: dict[str, int]
    mentees_by_form: dict[str, int]
    proposals_by_kind: dict[str, int]
    mentees_by_kind: dict[str, int]
    proposals_by_status: dict[str, int]
    scores: ScoreStats
    excluded_no_consent: int = Field(description="People left out of every table and "
                                                 "denominator: no valid personal-data consent")
    school_year: int | None

    @classmethod
    def of(cls, r: Report) -> ReportPublic:
        def keyed(d: dict[Any, int]) -> dict[str, int]:
            return {str(k): v for k, v in d.items()}

        return cls(
            programme_id=r.programme_id, programme_name=r.programme_name,
            period_start=r.period[0], period_end=r.period[1], run_created_at=r.run_created_at,
            solver_status=r.solver_status,
            coverage={k: CoveragePublic.of(c) for k, c in r.coverage.items()},
            pairs=list(r.pairs), unmatched=list(r.unmatched), load=list(r.load),
            load_histogram=r.load_histogram, proposals_by_form=keyed(r.proposals_by_form),
            mentees_by_form=keyed(r.mentees_by_form), proposals_by_kind=keyed(r.proposals_by_kind),
            mentees_by_kind=keyed(r.mentees_by_kind),
            proposals_by_status=keyed(r.proposals_by_status), scores=r.scores,
            excluded_no_consent=r.excluded_no_consent, school_year=r.school_year,
        )
