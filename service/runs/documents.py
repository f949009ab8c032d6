"""A run's documents: the report (XLSX), the draft order (DOCX) and the depersonalised export."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matcher.aftermatch import ChangeKind, word
from matcher.labels import label
from matcher.model import Form, Kind, ProposalStatus
from matcher.monitoring import QualityRow
from matcher.reports import Report, build_export, build_order, build_report, write_report_xlsx
from matcher.reports.common import AUDIENCES, Audience
from matcher.reports.export import to_csv, to_json
from matcher.reports.order import (
    ORDER_KINDS,
    ChangeGround,
    OrderKind,
    OrderSettings,
    RecordedChange,
    order_filename,
    order_organisations,
    settings_from_json,
)
from matcher.reports.targets import TargetSource, preset_target, school_year_of
from service.domain import Actor
from service.errors import NotFound
from service.runs.common import RunContext
from service.services.common import Clock, record, utcnow
from service.unit_of_work import AbstractUnitOfWork


def report_targets(ctx: RunContext) -> dict[Audience, tuple[float | None, TargetSource]]:
    """The organisation's own target for the programme's school year, else seed 002's
    year-indexed preset, else (before the preset's first year) the programme's setting."""
    year = school_year_of(ctx.programme.start)
    own = {"teachers": ctx.programme.target_teacher_coverage,
           "students": ctx.programme.target_student_coverage}
    out: dict[Audience, tuple[float | None, TargetSource]] = {}
    for aud in AUDIENCES:
        value, source = (ctx.numbers.target(aud) if ctx.numbers is not None
                         else (preset_target(aud, year), "preset"))
        out[aud] = (value, source) if value is not None else (own[aud], "programme")
    return out


def run_report(ctx: RunContext, *, today: date | None = None) -> Report:
    """The report: the organisation's real numbers as denominators when recorded, consents
    checked on today's date within the programme's period."""
    day = min(max(today or date.today(), ctx.programme.rules_date), ctx.programme.end)
    return build_report(
        ctx.bank, ctx.programme, ctx.result,
        headcount=None if ctx.numbers is None else ctx.numbers.headcount,
        targets=report_targets(ctx), school_year=school_year_of(ctx.programme.start), on=day)


def report_xlsx(ctx: RunContext, *, lang: str = "ru") -> bytes:
    buffer = io.BytesIO()
    write_report_xlsx(run_report(ctx), buffer, lang=lang)  # type: ignore[arg-type]
    return buffer.getvalue()


@dataclass(frozen=True)
class OrderChoice:
    """An order a run can give: its kind, the organisation and the file name."""

    kind: OrderKind
    organisation: str
    filename: str


def order_choices(ctx: RunContext, *, include_proposed: bool = False,
                  recorded: Sequence[RecordedChange] = ()) -> list[OrderChoice]:
    """Every order of the run: each kind for each organisation with pairs in it (for the order
    on changes, with a pair ended or a `recorded` change). The pairs order and the one
    appointing mentors are offered for the run's organisation even before anything is
    confirmed (their appendix then says so)."""
    out = []
    for kind in ORDER_KINDS:
        orgs = list(order_organisations(ctx.bank, ctx.result, kind,
                                        include_proposed=include_proposed, recorded=recorded))
        if not orgs and kind != "changes":
            orgs = [ctx.organisation_name]
        out += [OrderChoice(kind, org, order_filename(kind, org, ctx.programme)) for org in orgs]
    return out


def recorded_changes(uow: AbstractUnitOfWork, ctx: RunContext, lang: str = "ru"
                     ) -> list[RecordedChange]:
    """The run's recorded changes that leave a pair going, in the order made: extensions,
    another form or kind, and alternates assigned in a declined pair's place (an alternate
    that replaces an ended pair is that pair's row already)."""
    with uow:
        changes = uow.aftermatch.changes([ctx.run.id])
    ended = {p.id for p in ctx.result.proposals if p.status == ProposalStatus.ended}
    out: list[RecordedChange] = []
    for c in sorted(changes, key=lambda c: (c.at, c.id)):
        ground = ChangeGround(word(c.ground, lang) + (f": {c.note}" if c.note else ""),
                              word(c.initiator, lang), c.at.date())
        if c.change == ChangeKind.extend:
            out.append(RecordedChange(c.proposal_id, "extend", ground, until=c.extended_until))
        elif c.change == ChangeKind.change_form:
            form = (label(Form(c.new_form), lang) if c.new_form
                    else label(Kind(c.new_kind), lang) if c.new_kind else "")
            out.append(RecordedChange(c.proposal_id, "change_form", ground, form=form))
        elif c.change == ChangeKind.promote and c.new_proposal_id and c.proposal_id not in ended:
            out.append(RecordedChange(c.new_proposal_id, "promote", ground))
    return out


def order_grounds(uow: AbstractUnitOfWork, ctx: RunContext, lang: str = "ru"
                  ) -> dict[str, ChangeGround]:
    """The ground of every ended pair and who asked. A change recorded on the regulation's
    grounds (`service.runs.changes`: the ground, the initiator, the curator's note) names them;
    otherwise the reason of the decision that ended the pair, with the curator who recorded it."""
    with uow:
        decisions = uow.proposals.decisions(ctx.run.id)
        changes = uow.aftermatch.changes([ctx.run.id])
    out: dict[str, ChangeGround] = {}
    for d in decisions:  # oldest first: the last one wins
        if d.status_after == ProposalStatus.ended.value:
            out[d.proposal_id] = ChangeGround(d.reason, d.actor, d.at.date())
    for c in sorted(changes, key=lambda c: c.at):
        if c.change in (ChangeKind.end, ChangeKind.rematch):
            ground = word(c.ground, lang) + (f": {c.note}" if c.note else "")
            out[c.proposal_id] = ChangeGround(ground, word(c.initiator, lang), c.at.date())
    return out


def _settings_of(uow: AbstractUnitOfWork, organisation: str) -> OrderSettings:
    with uow:
        org = uow.organisations.get_by_name(organisation)
        stored = None if org is None else uow.papers.order_settings(org.id)
    return OrderSettings() if stored is None else settings_from_json(stored.data)


def order_docx(
    uow: AbstractUnitOfWork,
    ctx: RunContext,
    *,
    kind: OrderKind = "pairs",
    organisation: str | None = None,
    include_proposed: bool = False,
    lang: str = "ru",
    number: str | None = None,
    order_date: date | None = None,
    director: str | None = None,
    curator: str | None = None,
) -> tuple[str, bytes]:
    """One order of one organisation (the run's own, or the only one with pairs, unless
    named) with its file name: the organisation's settings, with what the caller fills in
    over them. An organisation the run has no such order for is `NotFound`."""
    recorded = recorded_changes(uow, ctx, lang) if kind == "changes" else []
    choices = [c for c in order_choices(ctx, include_proposed=include_proposed,
                                        recorded=recorded) if c.kind == kind]
    names = [c.organisation for c in choices]
    organisation = (organisation or "").strip() or None  # an empty name names nobody
    if organisation is None:
        organisation = ctx.organisation_name if ctx.organisation_name in names else (
            names[0] if names else ctx.organisation_name)
    if (names and organisation not in names) or not organisation.strip():
        raise NotFound(entity="organisation", key=organisation)
    doc = build_order(ctx.bank, ctx.programme, ctx.result, organisation=organisation,
                      include_proposed=include_proposed, lang=lang, number=number,
                      order_date=order_date, director=director, curator=curator, kind=kind,
                      settings=_settings_of(uow, organisation),
                      grounds=order_grounds(uow, ctx, lang) if kind == "changes" else None,
                      only_organisation=bool(names), recorded=recorded)
    buffer = io.BytesIO()
    doc.save(buffer)
    return order_filename(kind, organisation, ctx.programme), buffer.getvalue()


def export_text(ctx: RunContext, fmt: str, *, key: str, lang: str = "ru",
                include_inactive: bool = False, quality: Sequence[QualityRow] = ()) -> str:
    """The depersonalised export as CSV or JSON text, pseudonyms keyed by `key`; the JSON
    also carries the monitoring figures `quality` (no people in them)."""
    export = build_export(ctx.bank, ctx.programme, ctx.result, key=key,
                          include_inactive=include_inactive, quality=quality)
    return to_csv(export, lang) if fmt == "csv" else to_json(export)


def record_export(uow: AbstractUnitOfWork, actor: Actor, ctx: RunContext, fmt: str,
                  *, clock: Clock = utcnow) -> None:
    """Data leaving the system (even depersonalised) is recorded: who exported which run."""
    with uow:
        record(uow, actor, f"export_{fmt}", "run", str(ctx.run.id), ctx.run.organisation_id,
               None, {"format": fmt}, clock())
        uow.commit()
