"""The readiness check before a run (`matcher.solver.readiness`) over the stored banks the
programme would read, as a run reads them: the same organisations, consents on the day, and
the confirmed and locked pairs of the latest finished run, which a rerun keeps."""

from __future__ import annotations

from datetime import date

from matcher.model import KEPT_STATUSES
from matcher.solver.readiness import Readiness, readiness
from service.domain import Actor, RunStatus, StoredProgramme
from service.runs.execution import bank_scope
from service.services.common import require_read, stored_programme
from service.services.imports import load_bank
from service.unit_of_work import AbstractUnitOfWork


def programme_readiness(uow: AbstractUnitOfWork, actor: Actor, pid: str, *,
                        today: date | None = None) -> tuple[StoredProgramme, Readiness]:
    """The programme and how ready its banks are for a run today."""
    with uow:
        stored = stored_programme(uow, pid)
        require_read(actor, stored.organisation_id)
        scope = bank_scope(uow, stored.programme, stored.organisation_id)
        last = uow.runs.latest(stored.programme.id, frozenset({RunStatus.done}))
        kept = [] if last is None else [
            (s.proposal.mentor, s.proposal.mentees) for s in uow.proposals.list_for(last.id)
            if s.proposal.status in KEPT_STATUSES]
    readable = [o for o in scope if actor.can_read(o)]
    bank = load_bank(uow, actor, readable).bank
    programme = stored.programme.model_copy(update={"as_of": today or date.today()})
    return stored, readiness(bank, programme, kept=kept)
