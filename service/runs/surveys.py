"""Monitoring the pairs by questionnaire (issue 16; the seeds' road maps, 001 stage 6): the
participants answer surveys through their personal links, the curator sees what is due, whom
to remind, which pairs are at risk and the programme's quality figures.

A pair is followed from the day it starts (its first confirmation, or the programme's start
if later) while it is confirmed or locked in the programme's latest finished run; an ended
pair still counts in the quality figures. Answers are kept per pair across reruns
(`service.survey_repositories`). The page lists whom to remind; with SMTP configured the
reminders go by e-mail to those whose address the bank keeps (`service.runs.reminders`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from matcher.model import ProposalStatus, TopicId
from matcher.model.monitoring import SurveyAnswer, SurveyKind
from matcher.monitoring import (
    Due,
    PairWatch,
    QualityRow,
    Reminder,
    Risk,
    outcome,
    quality_table,
    reminders,
    risks,
    schedule,
)
from service import security
from service.domain import Actor, RunStatus, StoredProgramme, StoredProposal, StoredRun
from service.errors import field_error
from service.runs.explanations import check_link
from service.services.common import Clock, invalid, require_read, stored_programme, utcnow
from service.survey_repositories import StoredSurvey, pair_key
from service.unit_of_work import AbstractUnitOfWork

ACTIVE = frozenset({ProposalStatus.confirmed, ProposalStatus.locked})
FOLLOWED = ACTIVE | {ProposalStatus.ended}
STARTED_BY = frozenset({ProposalStatus.confirmed.value, ProposalStatus.locked.value})


@dataclass(frozen=True)
class WatchedPair:
    """A pair as the curator's monitoring page shows it."""

    watch: PairWatch
    status: ProposalStatus
    names: dict[str, str]
    due: list[Due]
    risks: list[Risk]


@dataclass(frozen=True)
class MonitoringView:
    programme: StoredProgramme
    run: StoredRun | None
    today: date
    pairs: list[WatchedPair]
    reminders: list[tuple[Reminder, str]]  # with the person's name
    quality: list[QualityRow]

    @property
    def at_risk(self) -> list[WatchedPair]:
        return [p for p in self.pairs if p.risks and p.status in ACTIVE]


def _starts(uow: AbstractUnitOfWork, runs: list[StoredRun]) -> dict[str, date]:
    """Each pair's first confirmation or lock across the programme's runs."""
    first: dict[str, date] = {}
    for run in runs:
        by_id = {p.pid: p for p in uow.proposals.list_for(run.id)}
        for d in uow.proposals.decisions(run.id):
            stored = by_id.get(d.proposal_id)
            if stored is None or d.status_after not in STARTED_BY:
                continue
            key = pair_key(stored.proposal.mentor, stored.proposal.mentees)
            day = d.at.date()
            first[key] = min(first.get(key, day), day)
    return first


def _latest_done(uow: AbstractUnitOfWork, pid: str) -> StoredRun | None:
    return uow.runs.latest(pid, frozenset({RunStatus.done}))


def watches(uow: AbstractUnitOfWork, programme: StoredProgramme
            ) -> tuple[StoredRun | None, list[tuple[PairWatch, ProposalStatus]]]:
    """The latest finished run's followed pairs with their start and answers."""
    run = _latest_done(uow, programme.programme.id)
    if run is None:
        return None, []
    p = programme.programme
    runs = sorted(uow.runs.list_for(p.id), key=lambda r: r.id)
    starts = _starts(uow, [r for r in runs if r.status == RunStatus.done])
    answers: dict[str, dict[tuple[str, str, int], SurveyAnswer]] = defaultdict(dict)
    for s in uow.surveys.list_for(p.id):
        answers[s.pair][(s.participant_id, s.kind.value, s.seq)] = s.answer
    finished = (run.finished_at or run.created_at).date()
    out = []
    for stored in uow.proposals.list_for(run.id):
        proposal = stored.proposal
        if proposal.status not in FOLLOWED:
            continue
        key = pair_key(proposal.mentor, proposal.mentees)
        start = max(p.start, starts.get(key, finished))
        watch = PairWatch(stored.pid, proposal.mentor, proposal.mentees, proposal.form,
                          proposal.kind, proposal.score, start, dict(answers.get(key, {})))
        out.append((watch, proposal.status))
    return run, out


def monitoring(uow: AbstractUnitOfWork, actor: Actor, pid: str, *,
               clock: Clock = utcnow) -> MonitoringView:
    """What the curator follows in programme `pid` today."""
    today = clock().date()
    with uow:
        programme = stored_programme(uow, pid)
        require_read(actor, programme.organisation_id)
        run, followed = watches(uow, programme)
        # the names in the banks the run read (ids are per organisation)
        names = {s.pid: s.participant.full_name
                 for s in uow.participants.list_for(run.bank_organisations)} if run else {}
    plan, end = programme.programme.monitoring, programme.programme.end
    pairs, due_people = [], []
    for watch, status in followed:
        active = status in ACTIVE
        pairs.append(WatchedPair(
            watch, status, {p: names.get(p, p) for p in watch.people},
            schedule(watch.start, end, plan),
            risks(watch, end, plan, today) if active else []))
        if active:
            due_people += [(r, names.get(r.participant, r.participant))
                           for r in reminders(watch, end, plan, today)]
    return MonitoringView(programme, run, today, pairs,
                          sorted(due_people, key=lambda x: (-x[0].days_late, x[1])),
                          quality_table(w for w, _ in followed))


# --- the participant's side --------------------------------------------------------------------


@dataclass(frozen=True)
class OpenSurvey:
    """A survey a participant can answer now (or has answered: `answer` then holds it)."""

    proposal_id: str
    partner_names: tuple[str, ...]
    due: Due
    topics: tuple[TopicId, ...]
    answer: SurveyAnswer | None


@dataclass(frozen=True)
class ParticipantSurveys:
    participant_id: str
    programme_name: str
    open: list[OpenSurvey]
    next_due: date | None  # the next survey that is not open yet


def _link(uow: AbstractUnitOfWork, token: str, key: str, algorithm: str, today: date
          ) -> tuple[security.LinkClaims, StoredRun, StoredProgramme]:
    claims = security.explanation_from_token(token, key=key, algorithm=algorithm)
    run = check_link(uow, claims, today)
    return claims, run, stored_programme(uow, run.programme_id)


def _own(followed: list[tuple[PairWatch, ProposalStatus]], participant: str
         ) -> list[PairWatch]:
    return [w for w, status in followed if status in ACTIVE and participant in w.people]


def _open(watch: PairWatch, end: date, programme: StoredProgramme, participant: str,
          today: date, topics: tuple[TopicId, ...]) -> tuple[list[OpenSurvey], date | None]:
    out, later = [], None
    for due in schedule(watch.start, end, programme.programme.monitoring):
        # The fit check opens with the pair (the first meeting may come before its day).
        opens = watch.start if due.kind == SurveyKind.fit else due.on
        if opens > today:
            later = opens if later is None else min(later, opens)
            continue
        partners = tuple(p for p in watch.people if p != participant)
        out.append(OpenSurvey(watch.proposal_id, partners, due, topics,
                              watch.answers.get((participant, due.kind.value, due.seq))))
    return out, later


def surveys_for_link(uow: AbstractUnitOfWork, token: str, *, key: str, algorithm: str,
                     clock: Clock = utcnow) -> ParticipantSurveys:
    """The surveys the link's participant can answer now, about their own pairs only."""
    today = clock().date()
    with uow:
        claims, run, programme = _link(uow, token, key, algorithm, today)
        _, followed = watches(uow, programme)
        topics = {s.pid: s.proposal.topics for s in uow.proposals.list_for(run.id)}
        me = claims.participant_id
        own = _own(followed, me)
        names = {}
        for person in {x for w in own for x in w.people}:  # their partners' names only
            rows = uow.participants.find(person, run.bank_organisations)
            names[person] = rows[0].participant.full_name if len(rows) == 1 else person
    open_, nexts = [], []
    for watch in own:
        found, later = _open(watch, programme.programme.end, programme, me, today,
                             topics.get(watch.proposal_id, ()))
        open_ += [OpenSurvey(o.proposal_id, tuple(names.get(p, p) for p in o.partner_names),
                             o.due, o.topics, o.answer) for o in found]
        nexts += [later] if later else []
    return ParticipantSurveys(me, programme.programme.name or programme.programme.id, open_,
                              min(nexts) if nexts else None)


def _check_answer(answer: SurveyAnswer, topics: tuple[TopicId, ...]) -> None:
    """The questions its kind asks are answered, and goals name only the pair's topics."""
    needed = {SurveyKind.fit: ("fit",), SurveyKind.quality: ("quality", "meetings"),
              SurveyKind.closing: ("satisfaction",)}[answer.kind]
    errors = [field_error("survey.field_needed", name) for name in needed
              if getattr(answer, name) is None]
    errors += [field_error("survey.unknown_goal", f"goals.{t}", value=t)
               for t in answer.goals if t not in topics]
    if errors:
        raise invalid(errors)


def answer_survey(uow: AbstractUnitOfWork, token: str, proposal_id: str, seq: int,
                  answer: SurveyAnswer, *, key: str, algorithm: str,
                  clock: Clock = utcnow) -> StoredSurvey:
    """Store the link's participant's answer (replacing an earlier one to the same survey);
    refused for a pair that is not theirs or a survey not open yet."""
    at = clock()
    today = at.date()
    with uow:
        claims, run, programme = _link(uow, token, key, algorithm, today)
        _, followed = watches(uow, programme)
        me = claims.participant_id
        mine = {w.proposal_id: w for w in _own(followed, me)}
        watch = mine.get(proposal_id)
        if watch is None:
            raise invalid([field_error("survey.not_your_pair", "proposal_id", value=proposal_id)])
        stored_p: StoredProposal | None = uow.proposals.get(run.id, proposal_id)
        topics = stored_p.proposal.topics if stored_p else ()
        found, _ = _open(watch, programme.programme.end, programme, me, today, topics)
        target = next((o for o in found if o.due.kind == answer.kind and o.due.seq == seq), None)
        if target is None:
            due = next((d for d in schedule(watch.start, programme.programme.end,
                                            programme.programme.monitoring)
                        if d.kind == answer.kind and d.seq == seq), None)
            if due is None:
                raise invalid([field_error("survey.no_such", "seq", value=str(seq))])
            raise invalid([field_error("survey.not_open", "seq", value=str(seq),
                                       date=due.on.strftime("%d.%m.%Y"))])
        _check_answer(answer, topics)
        stored = uow.surveys.put(StoredSurvey(
            programme.programme.id, pair_key(watch.mentor, watch.mentees), me, answer.kind,
            seq, answer, at, run.id, proposal_id))
        uow.commit()
    return stored


def survey_outcomes(uow: AbstractUnitOfWork, programme: StoredProgramme) -> dict[str, bool]:
    """What the answers say of each answered pair (`pair_key` → good?), where they say it."""
    by_pair: dict[str, list[SurveyAnswer]] = defaultdict(list)
    for s in uow.surveys.list_for(programme.programme.id):
        by_pair[s.pair].append(s.answer)
    verdicts = {key: outcome(answers) for key, answers in by_pair.items()}
    return {key: verdict for key, verdict in verdicts.items() if verdict is not None}


def export_quality(uow: AbstractUnitOfWork, actor: Actor, run: StoredRun) -> list[QualityRow]:
    """The monitoring figures for the export of `run`: only for the run whose pairs are
    followed (the programme's latest finished one), none for an older run."""
    view = monitoring(uow, actor, run.programme_id)
    return view.quality if view.run is not None and view.run.id == run.id else []
