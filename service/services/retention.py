"""The retention rule for deleted people: N days after a participant is deleted, their name,
birth year, e-mail and free texts are replaced by a pseudonym in every run snapshot and audit
entry that still holds them (152-FZ: personal data are not kept longer than their purpose needs).

What stays: the person's id (so that runs, proposals and the log still read as a whole), their
role, subjects and answers that identify nobody. The name becomes the keyed pseudonym of the
depersonalised export (`matcher.reports.export.Pseudonymiser`, «P-…»), the birth year its
decade (the snapshot must stay a valid bank), the free texts and the e-mail empty. Purging
twice changes nothing more, and a person who is in the bank again (re-imported) is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from matcher.model import MIN_BIRTH_YEAR
from matcher.reports.export import Pseudonymiser
from service.domain import JsonDict
from service.repositories import AuditQuery
from service.unit_of_work import AbstractUnitOfWork

FREE_TEXTS = ("experience_text", "difficulties_text", "email")  # emptied
FREE_LISTS = ("interests",)
_ALL = 10_000_000  # a page size that means "every entry"


@dataclass(frozen=True)
class PurgeReport:
    """Whose data were pseudonymised, and how many run snapshots and audit entries changed."""

    people: tuple[str, ...]
    runs: int
    audit_entries: int


def pseudonymised(person: JsonDict, pseudonym: str) -> JsonDict:
    """A participant's JSON with the personal fields replaced (other keys kept as they are)."""
    out: dict[str, Any] = dict(person)
    if "full_name" in out:
        out["full_name"] = pseudonym
    year = out.get("birth_year")
    if isinstance(year, int) and not isinstance(year, bool):
        out["birth_year"] = max(MIN_BIRTH_YEAR, year - year % 10)
    for key in FREE_TEXTS:
        if key in out:
            out[key] = ""
    for key in FREE_LISTS:
        if key in out:
            out[key] = []
    return out


def _deleted_before(uow: AbstractUnitOfWork, cutoff: datetime) -> set[tuple[int, str]]:
    """People (organisation, id: ids are per organisation) whose last deletion is at or
    before `cutoff` and who are not back in the bank."""
    deletions, _ = uow.audit.list(AuditQuery(entity="participant", action="delete", limit=_ALL))
    last: dict[tuple[int, str], datetime] = {}
    for entry in deletions:
        if entry.organisation_id is None:
            continue
        key = (entry.organisation_id, entry.entity_id)
        last[key] = max(entry.at, last.get(key, entry.at))
    return {key for key, at in last.items()
            if at <= cutoff and uow.participants.get(*key) is None}


def purge_deleted_personal_data(
    uow: AbstractUnitOfWork, now: datetime, *, key: str, days: int = 30
) -> PurgeReport:
    """Pseudonymise the personal fields of everyone deleted `days` or more days before `now`
    in the run snapshots and the audit log; `key` is the export's pseudonym key."""
    pseudonyms = Pseudonymiser(key)
    with uow:
        people = _deleted_before(uow, now - timedelta(days=days))
        if not people:
            return PurgeReport((), 0, 0)
        runs = 0
        for run_id in uow.runs.with_snapshot():
            run = uow.runs.get(run_id, full=True)
            if run is None or run.bank is None:
                continue
            gone = {pid for org, pid in people if org in run.bank_organisations}
            before = run.bank.get("participants", [])
            after = [pseudonymised(p, pseudonyms.person(p["id"]))
                     if isinstance(p, dict) and p.get("id") in gone else p for p in before]
            if after != before:
                uow.runs.replace_bank(run_id, {**run.bank, "participants": after})
                runs += 1
        entries = 0
        for org, pid in sorted(people):
            name = pseudonyms.person(pid)
            found, _ = uow.audit.list(AuditQuery(entity="participant", entity_id=pid,
                                                 organisation_id=org, limit=_ALL))
            for entry in found:
                states = [None if s is None else pseudonymised(s, name)
                          for s in (entry.before, entry.after)]
                if states != [entry.before, entry.after] and entry.id is not None:
                    uow.audit.replace_states(entry.id, states[0], states[1])
                    entries += 1
        uow.commit()
    return PurgeReport(tuple(sorted({pid for _, pid in people})), runs, entries)
