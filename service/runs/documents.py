"""A run's documents: the report (XLSX), the draft order (DOCX) and the depersonalised export."""

from __future__ import annotations

import io
from datetime import date

from matcher.reports import Report, build_export, build_order, build_report, write_report_xlsx
from matcher.reports.common import AUDIENCES, Audience
from matcher.reports.export import to_csv, to_json
from matcher.reports.targets import TargetSource, preset_target, school_year_of
from service.domain import Actor
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


def order_docx(
    ctx: RunContext,
    *,
    include_proposed: bool = False,
    lang: str = "ru",
    number: str | None = None,
    order_date: date | None = None,
    director: str | None = None,
    curator: str | None = None,
) -> bytes:
    """The draft order: confirmed and locked proposals (with the proposed ones if asked)."""
    doc = build_order(ctx.bank, ctx.programme, ctx.result, organisation=ctx.organisation_name,
                      include_proposed=include_proposed, lang=lang, number=number,
                      order_date=order_date, director=director, curator=curator)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def export_text(ctx: RunContext, fmt: str, *, key: str, lang: str = "ru",
                include_inactive: bool = False) -> str:
    """The depersonalised export as CSV or JSON text, pseudonyms keyed by `key`."""
    export = build_export(ctx.bank, ctx.programme, ctx.result, key=key,
                          include_inactive=include_inactive)
    return to_csv(export, lang) if fmt == "csv" else to_json(export)


def record_export(uow: AbstractUnitOfWork, actor: Actor, ctx: RunContext, fmt: str,
                  *, clock: Clock = utcnow) -> None:
    """Data leaving the system (even depersonalised) is recorded: who exported which run."""
    with uow:
        record(uow, actor, f"export_{fmt}", "run", str(ctx.run.id), ctx.run.organisation_id,
               None, {"format": fmt}, clock())
        uow.commit()
