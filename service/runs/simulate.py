""""Simulate for one person" (issue 17): what each of a programme's own rules does to one
mentee's candidates in the bank as stored now, optionally with rules the curator is still
writing (not saved yet)."""

from __future__ import annotations

from collections.abc import Sequence

from matcher.errors import UnknownParticipant
from matcher.model import PairRule, Programme
from matcher.scoring.simulate import Simulation, simulate
from service.domain import Actor
from service.errors import field_error
from service.runs.execution import bank_scope
from service.services.common import invalid, require_read, stored_programme
from service.services.imports import load_bank
from service.unit_of_work import AbstractUnitOfWork


def simulate_rules(
    uow: AbstractUnitOfWork, actor: Actor, pid: str, mentee_id: str, *,
    rules: Sequence[PairRule] | None = None, k: int = 10,
) -> Simulation:
    """The programme's rules (or `rules` in their place) applied to `mentee_id`."""
    with uow:
        stored = stored_programme(uow, pid)
        require_read(actor, stored.organisation_id)
        programme = stored.programme
        organisations = bank_scope(uow, programme, stored.organisation_id)
    if rules is not None:
        programme = Programme.model_validate(programme.model_dump() | {"rules": tuple(rules)})
    snapshot = load_bank(uow, actor, organisations)
    try:
        return simulate(snapshot.bank, programme, mentee_id, k=k)
    except UnknownParticipant as exc:
        raise invalid([field_error("input.participant_unknown", "mentee_id",
                                   value=mentee_id)]) from exc
