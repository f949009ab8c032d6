"""Who is matched in the latest run, for the banks' "matched or not" filter."""

from __future__ import annotations

from matcher.reports.common import active_proposals
from service import runs, services
from service.domain import Actor, RunStatus
from service.unit_of_work import AbstractUnitOfWork


def matched_ids(uow: AbstractUnitOfWork, actor: Actor) -> set[str] | None:
    """Participants in a counting proposal of the actor's most recent finished run (of any
    of their programmes); None when there is no finished run yet."""
    latest = None
    for stored in services.list_programmes(uow, actor):
        done = next((r for r in runs.list_runs(uow, actor, stored.pid)
                     if r.status == RunStatus.done), None)
        if done is not None and (latest is None or done.created_at > latest.created_at):
            latest = done
    if latest is None:
        return None
    result = runs.run_result(uow, actor, latest.id)
    return {pid for p in active_proposals(result) for pid in (p.mentor, *p.mentees)}
