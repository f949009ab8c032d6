"""The personalised programmes of a run's pairs and groups: read them (generated from the run,
with the curator's edits in place), save an edit, and write them as DOCX, all of them or one.

An edit (goals and plan lines) is kept by programme and the solver's stable proposal id
(`uow.papers`), so it follows the pair to the next run; each save checks the version read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from matcher.reports.common import is_active, period_text, ru_date
from matcher.reports.plans import (
    Plan,
    PlanEdit,
    apply_edit,
    build_plans,
    edit_from_json,
    edit_to_json,
)
from matcher.reports.plans_docx import build_plans_docx
from service.domain import Actor, StoredPlan
from service.errors import NotFound, field_error
from service.runs.common import RunContext, context_of, stored_run
from service.services.common import Clock, invalid, record, require_read, require_write, utcnow
from service.unit_of_work import AbstractUnitOfWork


@dataclass(frozen=True)
class PlanView:
    """One programme as the curator sees it, and its stored edit (None: as generated)."""

    plan: Plan
    stored: StoredPlan | None

    @property
    def version(self) -> int:
        return 0 if self.stored is None else self.stored.version


def _views(uow: AbstractUnitOfWork, ctx: RunContext, lang: str) -> list[PlanView]:
    """Every active pair's and group's programme, numbered as in the order, edits applied."""
    stored = {p.proposal_id: p for p in uow.papers.plans(ctx.run.programme_id)}
    out = []
    for plan in build_plans(ctx.bank, ctx.programme, ctx.result, lang=lang):
        edit = stored.get(plan.proposal.id)
        out.append(PlanView(apply_edit(plan, None if edit is None else edit_from_json(edit.data)),
                            edit))
    return out


def run_plans(uow: AbstractUnitOfWork, actor: Actor, run_id: int, *, lang: str = "ru"
              ) -> tuple[RunContext, list[PlanView]]:
    """The run's context and the programme of every active pair and group (the bank of
    programmes of this run)."""
    with uow:
        run = stored_run(uow, run_id, full=True)
        require_read(actor, run.organisation_id)
        ctx = context_of(uow, run)
        return ctx, _views(uow, ctx, lang)


def proposal_plan(uow: AbstractUnitOfWork, actor: Actor, run_id: int, proposal_id: str, *,
                  lang: str = "ru") -> tuple[RunContext, PlanView]:
    ctx, views = run_plans(uow, actor, run_id, lang=lang)
    return ctx, _one(views, proposal_id)


def _one(views: list[PlanView], proposal_id: str) -> PlanView:
    for v in views:
        if v.plan.proposal.id == proposal_id:
            return v
    raise NotFound(entity="plan", key=proposal_id)


def check_edit(ctx: RunContext, edit: PlanEdit) -> None:
    """Plan lines must fall in the programme's months; a plan keeps at least one line."""
    first, end = ctx.programme.start.replace(day=1), ctx.programme.end
    errors = [field_error("plan.month_outside", f"lines.{i}.month", value=ru_date(x.month),
                          month=ru_date(x.month), period=period_text(ctx.programme.start, end))
              for i, x in enumerate(edit.lines) if not first <= x.month <= end]
    if not edit.lines:
        errors.append(field_error("plan.no_lines", "lines"))
    if errors:
        raise invalid(errors)


def save_plan(uow: AbstractUnitOfWork, actor: Actor, run_id: int, proposal_id: str,
              edit: PlanEdit, version: int, *, lang: str = "ru",
              clock: Clock = utcnow) -> PlanView:
    """Store the curator's goals and plan lines for a pair or group of the run if the stored
    edit is still at `version` (0: none yet); `VersionConflict` otherwise."""
    at = clock()
    with uow:
        run = stored_run(uow, run_id, full=True)
        require_write(actor, run.organisation_id)
        ctx = context_of(uow, run)
        prop = next((p for p in ctx.result.proposals if p.id == proposal_id and is_active(p)),
                    None)
        if prop is None:
            raise NotFound(entity="plan", key=proposal_id)
        check_edit(ctx, edit)
        before = uow.papers.plan(run.programme_id, proposal_id)
        saved = uow.papers.save_plan(StoredPlan(
            programme_id=run.programme_id, proposal_id=proposal_id,
            organisation_id=run.organisation_id, data=edit_to_json(edit), version=version,
            updated_at=at, updated_by=actor.login), version or None)
        record(uow, actor, "edit_plan", "plan", f"{run.programme_id}/{proposal_id}",
               run.organisation_id, None if before is None else before.data, saved.data, at)
        uow.commit()
        view = _one(_views(uow, ctx, lang), proposal_id)
    return view


def plans_docx(uow: AbstractUnitOfWork, actor: Actor, run_id: int, *, lang: str = "ru",
               proposal_id: str | None = None, confirmed_only: bool = False) -> bytes:
    """Every programme of the run as one DOCX (only the confirmed and locked pairs if asked),
    or one pair's (`proposal_id`)."""
    _, views = run_plans(uow, actor, run_id, lang=lang)
    if proposal_id is not None:
        views = [_one(views, proposal_id)]
    elif confirmed_only:
        views = [v for v in views if not v.plan.is_draft]
    buffer = io.BytesIO()
    build_plans_docx(tuple(v.plan for v in views), lang=lang).save(buffer)
    return buffer.getvalue()
