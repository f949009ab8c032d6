"""A run's documents: the draft order (DOCX), the curator's report (JSON, XLSX) and the
depersonalised export for the regional centre (CSV, JSON; stable keyed pseudonyms)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from matcher.reports.order import OrderKind
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


def file_response(content: bytes | str, media_type: str, filename: str,
                  title: str | None = None) -> Response:
    """An attachment named `filename` (ASCII), and `title` (any language) where it is given."""
    disposition = f'attachment; filename="{filename}"'
    if title:
        disposition += f"; filename*=UTF-8''{quote(title)}"
    return Response(content=content, media_type=media_type,
                    headers={"Content-Disposition": disposition})


class OrderItem(BaseModel):
    kind: OrderKind
    organisation: str
    filename: str
    url: str


def _order(run_id: int, kind: OrderKind, actor: ActorDep, uow: UowDep,
           include_proposed: bool, lang: str, organisation: str | None, number: str | None,
           order_date: date | None, director: str | None, curator: str | None) -> Response:
    ctx = runs.run_context(uow, actor, run_id)
    title, content = runs.order_docx(
        uow, ctx, kind=kind, organisation=organisation, include_proposed=include_proposed,
        lang=lang, number=number, order_date=order_date, director=director, curator=curator)
    return file_response(content, DOCX, f"run-{run_id}-order-{kind}.docx", title)


Number = Annotated[str | None, Query(max_length=50, pattern=PLAIN)]
Person = Annotated[str | None, Query(max_length=300, pattern=PLAIN)]
Organisation = Annotated[str | None, Query(
    max_length=300, pattern=PLAIN,
    description="Whose order (a pair belongs to its mentee's organisation); the run's own "
                "by default")]
Proposed = Annotated[bool, Query(description="Add unconfirmed proposals, marked as drafts")]


@router.get("/orders", response_model=list[OrderItem], responses=NOT_READY)
def orders(run_id: IdPath, actor: ActorDep, uow: UowDep,
           include_proposed: Proposed = False) -> list[OrderItem]:
    """Every order the run gives: the pairs order, the order appointing mentors and the order
    on changes, one per organisation, each with its file name and address."""
    ctx = runs.run_context(uow, actor, run_id)
    return [OrderItem(kind=c.kind, organisation=c.organisation, filename=c.filename,
                      url=f"/api/v1/runs/{run_id}/orders/{c.kind}.docx?organisation="
                          f"{quote(c.organisation)}")
            for c in runs.order_choices(ctx, include_proposed=include_proposed,
                                        recorded=runs.recorded_changes(uow, ctx))]


@router.get("/orders/{kind}.docx", response_class=Response, responses={
    200: {"content": {DOCX: {}}, "description": "One order of one organisation"},
    **NOT_READY})
def order_of_kind(run_id: IdPath, kind: OrderKind, actor: ActorDep, uow: UowDep,
                  organisation: Organisation = None, include_proposed: Proposed = False,
                  lang: LangQuery = "ru", number: Number = None, order_date: date | None = None,
                  director: Person = None, curator: Person = None) -> Response:
    """`pairs` («О закреплении наставнических пар/групп»), `mentors` («О назначении
    наставников») or `changes` («О внесении изменений…»: ended pairs with their ground). The
    organisation's order settings fill in what the query leaves out."""
    return _order(run_id, kind, actor, uow, include_proposed, lang, organisation, number,
                  order_date, director, curator)


@router.get("/order.docx", response_class=Response, responses={
    200: {"content": {DOCX: {}}, "description": "The draft order"}, **NOT_READY})
def order(
    run_id: IdPath,
    actor: ActorDep,
    uow: UowDep,
    include_proposed: Proposed = False,
    lang: LangQuery = "ru",
    number: Number = None,
    order_date: date | None = None,
    director: Person = None,
    curator: Person = None,
    organisation: Organisation = None,
) -> Response:
    """The draft order fixing the confirmed and locked pairs and groups of one organisation
    (the same as `orders/pairs.docx`)."""
    return _order(run_id, "pairs", actor, uow, include_proposed, lang, organisation, number,
                  order_date, director, curator)


@router.get("/order-on-changes.docx", response_class=Response, responses={
    200: {"content": {DOCX: {}}, "description": "The order on changes"}, **NOT_READY})
def order_on_changes_docx(
    run_id: IdPath,
    actor: ActorDep,
    uow: UowDep,
    lang: LangQuery = "ru",
    number: Number = None,
    order_date: date | None = None,
    director: Person = None,
    organisation: Organisation = None,
) -> Response:
    """The order on changes of one organisation's pairs, to print and sign: the same
    document as `orders/changes.docx` (ended and replaced pairs, extensions, other forms and
    alternates assigned, each with the regulation's ground and who asked)."""
    return _order(run_id, "changes", actor, uow, False, lang, organisation, number,
                  order_date, director, None)


@router.get("/report", response_model=ReportPublic, responses=NOT_READY)
def report(run_id: IdPath, actor: ActorDep, uow: UowDep) -> ReportPublic:
    """Coverage of teachers and students against the targets, pairs, unmatched and why,
    mentor load (rejected and ended proposals do not count)."""
    return ReportPublic.of(runs.run_report(runs.run_context(uow, actor, run_id)))


@router.get("/report.xlsx", response_class=Response, responses={
    200: {"content": {XLSX: {}}, "description": "The report as a workbook"}, **NOT_READY})
def report_xlsx(run_id: IdPath, actor: ActorDep, uow: UowDep, lang: LangQuery = "ru") -> Response:
    ctx = runs.run_context(uow, actor, run_id)
    return file_response(runs.report_xlsx(ctx, lang=lang), XLSX, f"run-{run_id}-report.xlsx")


def _export(run_id: IdPath, fmt: str, actor: ActorDep, uow: UowDep, settings: SettingsDep,
            lang: str, include_inactive: bool) -> Response:
    ctx = runs.run_context(uow, actor, run_id)
    text = runs.export_text(ctx, fmt, key=settings.export_key, lang=lang,
                            include_inactive=include_inactive,
                            quality=export_quality(uow, actor, ctx.run))
    runs.record_export(uow, actor, ctx, fmt)
    if fmt == "csv":  # with a BOM, so that Excel reads the Russian text as UTF-8
        return file_response(("\ufeff" + text).encode("utf-8"), "text/csv; charset=utf-8",
                     f"run-{run_id}-export.csv")
    return file_response(text.encode("utf-8"), "application/json", f"run-{run_id}-export.json")


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
