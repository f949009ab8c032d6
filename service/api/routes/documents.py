"""A run's documents: the draft order (DOCX), the curator's report (JSON, XLSX) and the
depersonalised export for the regional centre (CSV, JSON; stable keyed pseudonyms)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from service import runs
from service.api.deps import ActorDep, IdPath, SettingsDep, UowDep
from service.runs.surveys import export_quality
from service.schemas import ErrorBody, ReportPublic

router = APIRouter(prefix="/runs/{run_id}", tags=["documents"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_READY: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "The run has not finished"}}
PLAIN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"  # text a Word document can hold
LangQuery = Annotated[Literal["ru", "en"], Query(description="Language of the document")]


def _file(content: bytes | str, media_type: str, filename: str) -> Response:
    return Response(content=content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/order.docx", response_class=Response, responses={
    200: {"content": {DOCX: {}}, "description": "The draft order"}, **NOT_READY})
def order(
    run_id: IdPath,
    actor: ActorDep,
    uow: UowDep,
    include_proposed: Annotated[bool, Query(
        description="Add unconfirmed proposals, marked as drafts")] = False,
    lang: LangQuery = "ru",
    number: Annotated[str | None, Query(max_length=50, pattern=PLAIN)] = None,
    order_date: date | None = None,
    director: Annotated[str | None, Query(max_length=200, pattern=PLAIN)] = None,
    curator: Annotated[str | None, Query(max_length=300, pattern=PLAIN)] = None,
) -> Response:
    """The draft order fixing the confirmed and locked pairs and groups."""
    ctx = runs.run_context(uow, actor, run_id)
    content = runs.order_docx(ctx, include_proposed=include_proposed, lang=lang,
                              number=number, order_date=order_date, director=director,
                              curator=curator)
    return _file(content, DOCX, f"run-{run_id}-order.docx")


@router.get("/report", response_model=ReportPublic, responses=NOT_READY)
def report(run_id: IdPath, actor: ActorDep, uow: UowDep) -> ReportPublic:
    """Coverage of teachers and students against the targets, pairs, unmatched and why,
    mentor load (rejected and ended proposals do not count)."""
    return ReportPublic.of(runs.run_report(runs.run_context(uow, actor, run_id)))


@router.get("/report.xlsx", response_class=Response, responses={
    200: {"content": {XLSX: {}}, "description": "The report as a workbook"}, **NOT_READY})
def report_xlsx(run_id: IdPath, actor: ActorDep, uow: UowDep, lang: LangQuery = "ru") -> Response:
    ctx = runs.run_context(uow, actor, run_id)
    return _file(runs.report_xlsx(ctx, lang=lang), XLSX, f"run-{run_id}-report.xlsx")


def _export(run_id: IdPath, fmt: str, actor: ActorDep, uow: UowDep, settings: SettingsDep,
            lang: str, include_inactive: bool) -> Response:
    ctx = runs.run_context(uow, actor, run_id)
    text = runs.export_text(ctx, fmt, key=settings.export_key, lang=lang,
                            include_inactive=include_inactive,
                            quality=export_quality(uow, actor, ctx.run))
    runs.record_export(uow, actor, ctx, fmt)
    if fmt == "csv":  # with a BOM, so that Excel reads the Russian text as UTF-8
        return _file(("\ufeff" + text).encode("utf-8"), "text/csv; charset=utf-8",
                     f"run-{run_id}-export.csv")
    return _file(text.encode("utf-8"), "application/json", f"run-{run_id}-export.json")


IncludeInactive = Annotated[bool, Query(description="Also rejected and ended proposals")]


@router.get("/export.csv", response_class=Response, responses={
    200: {"content": {"text/csv": {}}, "description": "One row per pair, `;`-separated"},
    **NOT_READY})
def export_csv(run_id: IdPath, actor: ActorDep, uow: UowDep, settings: SettingsDep,
               lang: LangQuery = "ru", include_inactive: IncludeInactive = False) -> Response:
    """Depersonalised: stable pseudonyms, no names, birth years or free text."""
    return _export(run_id, "csv", actor, uow, settings, lang, include_inactive)


@router.get("/export.json", response_class=Response, responses={
    200: {"content": {"application/json": {}}, "description": "Participants, proposals, "
                                                              "unmatched, coverage"},
    **NOT_READY})
def export_json(run_id: IdPath, actor: ActorDep, uow: UowDep, settings: SettingsDep,
                include_inactive: IncludeInactive = False) -> Response:
    """Depersonalised: stable pseudonyms, no names, birth years or free text."""
    return _export(run_id, "json", actor, uow, settings, "ru", include_inactive)
