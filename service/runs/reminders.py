"""Reminders by e-mail (issue 16): the people the monitoring page lists as owing a survey get
one letter each, in Russian, with their own new personal link, the surveys' names and their
due dates. Sent only when SMTP is configured (`Settings.mail`).

What was sent is recorded in the audit log (participant ids and surveys, never addresses), so
a second press the same day sends nothing again to whom it already reached; a letter the server
refused is not recorded as sent and goes with the next press. People with no address in the
bank are reported by name for the curator to reach as the school does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from matcher.messages import message
from matcher.model.monitoring import SurveyKind
from matcher.monitoring import Reminder
from service.domain import Actor
from service.errors import MailFailed, MailOff
from service.mail import Letter, MailSettings, MailUnavailable, send_letters
from service.repositories import AuditQuery
from service.runs.explanations import create_links
from service.runs.surveys import monitoring
from service.services.common import Clock, record, require_write, stored_programme, utcnow
from service.unit_of_work import AbstractUnitOfWork

ACTION = "send_reminders"
Sender = Callable[[MailSettings, Sequence[Letter]], dict[int, str]]


@dataclass(frozen=True)
class RemindedPerson:
    """One person owing surveys: id, name and the surveys (kind, seq, due date)."""

    participant_id: str
    name: str
    surveys: tuple[tuple[SurveyKind, int, date], ...]


@dataclass
class RemindersOutcome:
    """What one press did: who got a letter, who had one today already, who has no address,
    whose letter the server refused (with its reason)."""

    sent: list[RemindedPerson] = field(default_factory=list)
    already_sent: list[RemindedPerson] = field(default_factory=list)
    no_address: list[RemindedPerson] = field(default_factory=list)
    failed: list[tuple[RemindedPerson, str]] = field(default_factory=list)


def _people(reminders: list[tuple[Reminder, str]]) -> list[RemindedPerson]:
    """The reminders grouped by person (one letter each), in the page's order."""
    by_id: dict[str, tuple[str, list[tuple[SurveyKind, int, date]]]] = {}
    for r, name in reminders:
        entry = by_id.setdefault(r.participant, (name, []))
        item = (r.due.kind, r.due.seq, r.due.on)
        if item not in entry[1]:  # two pairs of one person owe the same survey once
            entry[1].append(item)
    return [RemindedPerson(pid, name, tuple(items)) for pid, (name, items) in by_id.items()]


def _sent_today(uow: AbstractUnitOfWork, pid: str, today: date) -> set[tuple[str, str, int]]:
    """(participant, kind, seq) of the letters this programme's reminders sent today."""
    entries, _ = uow.audit.list(AuditQuery(entity="programme", entity_id=pid, action=ACTION,
                                           limit=1000))
    out: set[tuple[str, str, int]] = set()
    for e in entries:
        if e.after is None or e.after.get("day") != today.isoformat():
            continue
        for item in e.after.get("sent", []):
            out.update((item["participant"], kind, seq) for kind, seq in item["surveys"])
    return out


def greeting_name(full_name: str) -> str:
    """«Смирнова Ольга Викторовна» -> «Ольга Викторовна»: how a letter addresses a colleague."""
    parts = full_name.split()
    return " ".join(parts[1:]) if len(parts) == 3 else full_name


def letter_for(person: RemindedPerson, to: str, programme: str, url: str, expires: date
               ) -> Letter:
    """The person's letter: the surveys they owe with due dates, and their own link."""
    lines = "\n".join(
        message("reminder.survey_line", survey=message(f"monitoring.kind.{kind.value}",
                                                       seq=seq),
                due=due.strftime("%d.%m.%Y"))
        for kind, seq, due in person.surveys)
    return Letter(to=to, subject=message("reminder.subject", programme=programme),
                  body=message("reminder.body", name=greeting_name(person.name),
                               programme=programme, surveys=lines, url=url,
                               expires=expires.strftime("%d.%m.%Y")))


def send_reminders(
    uow: AbstractUnitOfWork, actor: Actor, pid: str, *, mail: MailSettings | None,
    key: str, algorithm: str, link_days: int, base_url: str, clock: Clock = utcnow,
    send: Sender = send_letters,
) -> RemindersOutcome:
    """Send today's reminders of programme `pid` by e-mail (see the module's text). `MailOff`
    when SMTP is not configured; `MailFailed` when the server could not be reached at all
    (the links made for the letters stay valid and recorded, nothing counts as sent)."""
    at = clock()
    today = at.date()
    with uow:
        require_write(actor, stored_programme(uow, pid).organisation_id)
    if mail is None:
        raise MailOff()
    view = monitoring(uow, actor, pid, clock=clock)
    outcome = RemindersOutcome()
    with uow:
        programme = stored_programme(uow, pid)
        if view.run is None:
            return outcome
        run = view.run
        done = _sent_today(uow, pid, today)
        addresses: dict[str, str] = {}
        pending: list[RemindedPerson] = []
        for person in _people(view.reminders):
            left = tuple(s for s in person.surveys
                         if (person.participant_id, s[0].value, s[1]) not in done)
            if not left:
                outcome.already_sent.append(person)
                continue
            person = RemindedPerson(person.participant_id, person.name, left)
            rows = uow.participants.find(person.participant_id, run.bank_organisations)
            email = rows[0].participant.email if len(rows) == 1 else ""
            if not email:
                outcome.no_address.append(person)
                continue
            addresses[person.participant_id] = email
            pending.append(person)
    links = {link.participant_id: link for link in create_links(
        uow, actor, run.id, [p.participant_id for p in pending], key=key,
        algorithm=algorithm, days=link_days, clock=clock)} if pending else {}
    name = programme.programme.name or programme.programme.id
    letters = [letter_for(p, addresses[p.participant_id], name,
                          f"{base_url.rstrip('/')}/explain/{links[p.participant_id].token}"
                          "/surveys", links[p.participant_id].expires_at.date())
               for p in pending]
    try:
        refused = send(mail, letters) if letters else {}
    except MailUnavailable as exc:
        raise MailFailed(reason=str(exc), reason_en=str(exc)) from exc
    for i, person in enumerate(pending):
        if i in refused:
            outcome.failed.append((person, refused[i]))
        else:
            outcome.sent.append(person)
    with uow:
        record(uow, actor, ACTION, "programme", pid, programme.organisation_id, None, {
            "day": today.isoformat(), "run_id": run.id,
            "sent": [{"participant": p.participant_id,
                      "surveys": [[k.value, seq] for k, seq, _ in p.surveys]}
                     for p in outcome.sent],
            "already_sent": [p.participant_id for p in outcome.already_sent],
            "failed": [p.participant_id for p, _ in outcome.failed],
            "no_address": [p.participant_id for p in outcome.no_address]}, at)
        uow.commit()
    return outcome
