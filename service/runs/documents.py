"""A run's documents: the report (XLSX), the draft order (DOCX) and the depersonalised export."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from matcher.monitoring import QualityRow
from matcher.reports import Report, build_export, build_order, build_report, write_report_xlsx
from matcher.reports.export import to_csv, to_json
from service.domain import Actor
from service.runs.common import RunContext
from service.services.common import Clock, record, utcnow
from service.unit_of_work import AbstractUnitOfWork


def run_report(ctx: RunContext) -> Report:
    return build_report(ctx.bank, ctx.programme, ctx.result)


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
