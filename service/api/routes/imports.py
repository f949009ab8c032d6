"""Bulk import of a bank file (JSON, CSV, XLSX) with a report per row."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile

from matcher.topics import programme_taxonomy, using_taxonomy
from service import services
from service.api.deps import ActorDep, IdPath, SettingsDep, UowDep
from service.bank_files import read_upload
from service.errors import InvalidData, field_error
from service.i18n import message
from service.schemas import ErrorBody, ImportPublic, ImportReportPublic

router = APIRouter(prefix="/participants", tags=["import"])
imports_router = APIRouter(prefix="/imports", tags=["import"])


@router.post(
    "/import",
    response_model=ImportReportPublic,
    responses={422: {"model": ErrorBody, "description": "Strict import with bad rows"}},
)
def import_bank(
    actor: ActorDep,
    uow: UowDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="A bank file: .json, .csv or .xlsx")],
    strict: Annotated[bool, Form(description="All rows or nothing")] = False,
    register_partners: Annotated[bool, Form(description="Register organisations the file "
                                                        "names but the service does not know "
                                                        "as partners of your school")] = False,
    preview: Annotated[bool, Query(description="Only say what the import would do, person "
                                               "by person and field by field; store nothing")
                       ] = False,
    programme: Annotated[str | None, Form(max_length=64, description=(
        "A programme id: its own topics are read beside the built-in taxonomy"))] = None,
) -> ImportReportPublic:
    """Create new participants and update known ones from a file, and record its conflicts.
    Rows with errors are left out and reported; with `strict`, any error stores nothing.
    Nothing is ever deleted or lost: a column missing from the file or an empty cell leaves
    the stored value; «—» in a cell (`null` in JSON) clears it; consents are merged. With
    `preview=true` nothing is stored and `changes` lists what would change. An applied import
    can be undone as a whole (`POST /imports/{import_id}/undo`). A viewer is refused before
    the file is read, and the file is parsed within the import limits of the settings."""
    services.require_import(actor)
    content = file.file.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        raise InvalidData(
            errors=[field_error("input.file_too_large", "file", max=settings.max_upload_bytes)],
            summary=message("input.file_too_large_summary", "ru"),
            summary_en=message("input.file_too_large_summary", "en"))
    own = services.get_programme(uow, actor, programme).programme if programme else None
    with using_taxonomy(programme_taxonomy(own)):
        parsed = read_upload(file.filename or "", content, settings.file_limits, own)
        report = services.import_participants(
            uow, actor, parsed.rows, parsed.problems, strict=strict, conflicts=parsed.conflicts,
            preview=preview, column=parsed.column, filename=parsed.filename,
            register_partners=register_partners,
        )
    return ImportReportPublic.of(report)


@imports_router.get("", response_model=list[ImportPublic])
def list_imports(actor: ActorDep, uow: UowDep) -> list[ImportPublic]:
    """The latest applied imports of the actor's organisation (every one for an
    administrator), newest first."""
    return [ImportPublic.of(r) for r in services.list_imports(uow, actor)]


@imports_router.post(
    "/{import_id}/undo",
    response_model=ImportPublic,
    responses={409: {"model": ErrorBody,
                     "description": "Already undone, or a person was changed since"}},
)
def undo_import(import_id: IdPath, actor: ActorDep, uow: UowDep) -> ImportPublic:
    """Undo an applied import as a whole: everyone it touched as before it, people it added
    removed, its consents and conflicts removed. Refused (nothing changes) if any of those
    people was changed since."""
    return ImportPublic.of(services.undo_import(uow, actor, import_id))
