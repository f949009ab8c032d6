"""Bulk import of a bank file (JSON, CSV, XLSX) with a report per row."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile, status
from fastapi.responses import JSONResponse

from matcher.topics import programme_taxonomy, using_taxonomy
from service import services
from service.api.deps import ActorDep, IdPath, SettingsDep, UowDep
from service.bank_files import ParsedUpload, mapped_upload, read_upload
from service.config import Settings
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import Actor, ImportJob
from service.errors import InvalidData, field_error
from service.i18n import message
from service.schemas import ErrorBody, ImportJobPublic, ImportPublic, ImportReportPublic
from service.unit_of_work import AbstractUnitOfWork

router = APIRouter(prefix="/participants", tags=["import"])
imports_router = APIRouter(prefix="/imports", tags=["import"])


def start_background_import(
    request: Request, actor: Actor, uow: AbstractUnitOfWork, filename: str, content: bytes,
    *, strict: bool, preview: bool, register_partners: bool,
) -> ImportJob:
    """Store a job and hand the file to a thread of this process (`services.import_jobs`);
    the job is returned at once. Shared by the API and the banks page."""
    state = request.app.state
    settings: Settings = state.settings
    job = services.start_import_job(uow, actor, filename, preview=preview)

    def parse() -> ParsedUpload:
        return read_upload(filename, content, settings.file_limits)

    def make_uow() -> AbstractUnitOfWork:
        return SqlAlchemyUnitOfWork(state.session_factory)

    def describe(report: services.ImportReport) -> dict[str, Any]:
        return ImportReportPublic.of(report).model_dump(mode="json")

    state.import_jobs.submit(services.run_import_job, make_uow, actor, job.id, parse,
                             strict=strict, register_partners=register_partners,
                             describe=describe)
    return job


@router.post(
    "/import",
    response_model=ImportReportPublic,
    responses={
        422: {"model": ErrorBody, "description": "Strict import with bad rows"},
        202: {"model": ImportJobPublic,
              "description": "A large file (or `background=true`): the job importing it"},
    },
)
def import_bank(
    request: Request,
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
    mapping: Annotated[str | None, Form(
        max_length=100_000,
        description="For a questionnaire export whose columns are not our template's: "
                    'JSON {"columns": {"<column index>": "<field key or empty>"}, '
                    '"topics": {"<answer>": "<topic id>"}}; remembered for your organisation, '
                    "so the same form's next export needs none. Without it such a file is "
                    "answered 422 mapping_needed with a suggestion per column")] = None,
    background: Annotated[bool, Query(description="Import in the background and answer "
                                                  "with the job at once (always so for a "
                                                  "file above the background size)")] = False,
    programme: Annotated[str | None, Form(max_length=64, description=(
        "A programme id: its own topics are read beside the built-in taxonomy (such an "
        "import runs in the request, not as a background job)"))] = None,
) -> Any:
    """Create new participants and update known ones from a file, and record its conflicts.
    Rows with errors are left out and reported; with `strict`, any error stores nothing.
    Nothing is ever deleted or lost: a column missing from the file or an empty cell leaves
    the stored value; «—» in a cell (`null` in JSON) clears it; consents are merged. With
    `preview=true` nothing is stored and `changes` lists what would change. An applied import
    can be undone as a whole (`POST /imports/{import_id}/undo`). A viewer is refused before
    the file is read, and the file is parsed within the import limits of the settings.

    A file larger than the background size (`IMPORT_BACKGROUND_BYTES`), or any file with
    `background=true`, is imported by a background job in batches, so other curators'
    changes are not held up: the answer is 202 with the job; `GET /imports/jobs/{id}` gives
    its progress and, when done, the same report."""
    services.require_import(actor)
    content = file.file.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        raise InvalidData(
            errors=[field_error("input.file_too_large", "file", max=settings.max_upload_bytes)],
            summary=message("input.file_too_large_summary", "ru"),
            summary_en=message("input.file_too_large_summary", "en"))
    own = services.get_programme(uow, actor, programme).programme if programme else None
    with using_taxonomy(programme_taxonomy(own)):  # a form's answers may be its own topics
        filename, content = mapped_upload(
            file.filename or "", content, settings.file_limits, given=_mapping_of(mapping),
            remembered=lambda form: services.remembered_mapping(uow, actor, form),
            remember=lambda form, chosen: services.remember_mapping(uow, actor, form, chosen))
    if own is None and (background or len(content) > settings.import_background_bytes):
        job = start_background_import(request, actor, uow, filename, content,
                                      strict=strict, preview=preview,
                                      register_partners=register_partners)
        return JSONResponse(ImportJobPublic.of(job).model_dump(mode="json"),
                            status_code=status.HTTP_202_ACCEPTED)
    with using_taxonomy(programme_taxonomy(own)):
        parsed = read_upload(filename, content, settings.file_limits, own)
        report = services.import_participants(
            uow, actor, parsed.rows, parsed.problems, strict=strict, conflicts=parsed.conflicts,
            preview=preview, column=parsed.column, filename=parsed.filename,
            register_partners=register_partners,
        )
    return ImportReportPublic.of(report)


def _mapping_of(raw: str | None) -> dict[str, Any] | None:
    if raw is None or not raw.strip():
        return None
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise InvalidData(errors=[field_error("input.mapping_json", "mapping")],
                          summary=message("input.mapping_json", "ru"),
                          summary_en=message("input.mapping_json", "en")) from exc
    if not isinstance(value, dict):
        raise InvalidData(errors=[field_error("input.mapping_json", "mapping")],
                          summary=message("input.mapping_json", "ru"),
                          summary_en=message("input.mapping_json", "en"))
    return value


@imports_router.get("", response_model=list[ImportPublic])
def list_imports(actor: ActorDep, uow: UowDep) -> list[ImportPublic]:
    """The latest applied imports of the actor's organisation (every one for an
    administrator), newest first."""
    return [ImportPublic.of(r) for r in services.list_imports(uow, actor)]


@imports_router.get("/jobs/{job_id}", response_model=ImportJobPublic)
def read_import_job(job_id: IdPath, actor: ActorDep, uow: UowDep) -> ImportJobPublic:
    """A background import: its progress and, when it has ended, its report or error."""
    return ImportJobPublic.of(services.get_import_job(uow, actor, job_id))


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
