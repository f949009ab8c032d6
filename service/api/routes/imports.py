"""Bulk import of a bank file (JSON, CSV, XLSX) with a report per row."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from service import services
from service.api.deps import ActorDep, SettingsDep, UowDep
from service.bank_files import read_upload
from service.errors import InvalidData, field_error
from service.i18n import message
from service.schemas import ErrorBody, ImportReportPublic

router = APIRouter(prefix="/participants", tags=["import"])


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
) -> ImportReportPublic:
    """Create new participants and update known ones from a file, and record its conflicts.
    Rows with errors are left out and reported; with `strict`, any error stores nothing.
    Nothing is ever deleted. A viewer is refused before the file is read, and the file is
    parsed within the import limits of the settings."""
    services.require_import(actor)
    content = file.file.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        raise InvalidData(
            errors=[field_error("input.file_too_large", "file", max=settings.max_upload_bytes)],
            summary=message("input.file_too_large_summary", "ru"),
            summary_en=message("input.file_too_large_summary", "en"))
    parsed = read_upload(file.filename or "", content, settings.file_limits)
    report = services.import_participants(
        uow, actor, parsed.rows, parsed.problems, strict=strict, conflicts=parsed.conflicts
    )
    return ImportReportPublic.of(report)
