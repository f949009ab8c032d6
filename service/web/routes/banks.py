"""The banks of mentors and mentees: filters, and the import of a bank file with a report
next to each bad row."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from matcher.bank_io.columns import BY_KEY
from matcher.bank_io.mapping import IGNORE, TARGET_KEYS, MappingStep, mapping_clashes
from matcher.errors import UnreadableFile
from matcher.model import Role
from matcher.topics import current_taxonomy, programme_taxonomy, using_taxonomy
from service import services
from service.api.deps import IdPath
from service.api.routes.imports import start_background_import
from service.bank_files import MEDIA_TYPES, bank_file, mapped_upload, read_upload
from service.domain import Actor, ImportJobStatus, JsonDict
from service.errors import (
    ImportAlreadyUndone,
    ImportRejected,
    MappingNeeded,
    UnsupportedFile,
    VersionConflict,
)
from service.i18n import message
from service.repositories import ParticipantQuery
from service.unit_of_work import AbstractUnitOfWork
from service.web import matched, pending
from service.web.render import render
from service.web.routes.common import ActorDep, Csrf, PageRoute, UowDep, is_htmx
from service.web.session import lang_of, settings_of
from service.web.views import BankFilters, bank_row, filter_rows

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _page_context(
    request: Request, actor: Actor, uow: AbstractUnitOfWork, f: BankFilters
) -> dict[str, Any]:
    settings = settings_of(request)
    query = ParticipantQuery(name=f.q or None, role=Role(f.role) if f.role in set(Role) else None,
                             subject=f.subject or None, is_mentor=f.is_mentor,
                             is_mentee=f.is_mentee, limit=settings.max_page_size)
    items, total = services.search_participants(uow, actor, query)
    everyone, _ = services.search_participants(
        uow, actor, ParticipantQuery(limit=settings.max_page_size))
    latest = matched.matched_ids(uow, actor)
    today = date.today()
    rows = filter_rows([bank_row(s.participant, today, latest) for s in items], f)
    subjects = sorted({s for p in everyone for s in p.participant.subjects})
    return {
        "imports": services.list_imports(uow, actor, limit=5) if actor.role != "viewer" else [],
        "programmes": [s.programme for s in services.list_programmes(uow, actor)
                       if s.archived_at is None],
        "filters": f, "rows": rows, "total": total, "shown": len(rows),
        "truncated": total > len(items), "roles": list(Role), "subjects": subjects,
        "has_run": latest is not None,
        "counts": {
            "mentors": sum(p.participant.mentor is not None for p in everyone),
            "mentees": sum(p.participant.mentee is not None for p in everyone),
        },
    }


@router.get("/banks")
def banks_page(
    request: Request, actor: ActorDep, uow: UowDep, side: str = "all", q: str = "",
    role: str = "", subject: str = "", consent: str = "", matched: str = "",
) -> Response:
    f = BankFilters.of(side, q, role, subject, consent, matched)
    context = {"actor": actor, **_page_context(request, actor, uow, f)}
    if is_htmx(request) and request.headers.get("HX-Target") == "bank-table":
        return render(request, "_bank_table.html", context)
    return render(request, "banks.html", context)


@router.get("/banks/download")
def download_bank(actor: ActorDep, uow: UowDep, format: str = "xlsx") -> Response:
    """The curator's bank as a file in our template, to edit and import again (a topic of
    one of the school's programmes by its label: import it with that programme chosen)."""
    if actor.organisation_id is None:
        return Response(status_code=404)
    snapshot = services.load_bank(uow, actor, [actor.organisation_id])
    with using_taxonomy(services.bank_topics(uow, actor, actor.organisation_id)):
        content = bank_file(snapshot.bank, format)
    return Response(content, media_type=MEDIA_TYPES.get(format),
                    headers={"Content-Disposition": f'attachment; filename="bank.{format}"'})


@router.post("/banks/import", dependencies=[Csrf])
def import_bank(
    request: Request,
    actor: ActorDep,
    uow: UowDep,
    file: Annotated[UploadFile, File()],
    strict: Annotated[bool, Form()] = False,
    preview: Annotated[bool, Form()] = False,
    programme: Annotated[str, Form(max_length=64)] = "",
    remap: Annotated[bool, Form()] = False,
) -> Response:
    """Import a JSON, CSV or XLSX bank with the same use case as the API. The page's form
    asks for a `preview` first: what would change, person by person and field by field, and
    a button that confirms (the file waits on the server, see `service.web.pending`). The
    result shows what was created and updated, one line per bad row, and an undo button.
    A questionnaire export whose mapping the organisation has not confirmed gets the mapping
    step first (`map_import`), and so does any with `remap` (the remembered mapping shown to
    be changed); with a `programme`, its own topics are read too."""
    settings = settings_of(request)
    lang = lang_of(request)
    services.require_import(actor)  # before the upload is read, let alone parsed
    content = file.file.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        too_large = message("input.file_too_large", lang, max=settings.max_upload_bytes)
        outcome: dict[str, Any] = {"filename": file.filename or "",
                                   "error": too_large[:1].upper() + too_large[1:]}
        return _import_page(request, actor, uow, outcome, 422)
    return _run_import(request, actor, uow, file.filename or "", content, strict, preview,
                       programme=programme, remap=remap)


@router.post("/banks/import/mapping", dependencies=[Csrf])
async def map_import(request: Request, actor: ActorDep, uow: UowDep) -> Response:
    """The mapping step's answer: the field of each column (`col-<index>`) and the topic of
    each unknown answer (`topic-<n>` for the answer in `answer-<n>`, "" for no topic) of the
    file kept on the server under `token`. The mapping is remembered for the organisation
    (as the API's `mapping`) and the import goes on to the preview; a field chosen for two
    columns that hold one value each shows the form again."""
    services.require_import(actor)
    form = await request.form()
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    waiting = pending.take(fields.get("token", ""), actor.user_id)
    if waiting is None:
        outcome = {"filename": "", "error": message("web.preview_expired", lang_of(request))}
        return _import_page(request, actor, uow, outcome, 410)
    columns = {k.removeprefix("col-"): v for k, v in fields.items()
               if k.startswith("col-") and k[4:].isdigit() and (v in TARGET_KEYS or v == IGNORE)}
    topics = {fields[f"answer-{k[6:]}"]: v for k, v in fields.items()
              if k.startswith("topic-") and f"answer-{k[6:]}" in fields}
    mapping: JsonDict = {"columns": columns, "topics": topics}
    clashes = mapping_clashes({int(k): v for k, v in columns.items()})
    error = "; ".join(message("mapping.field_twice", lang_of(request), field=field_label(k))
                      for k in clashes)
    if not error and _undecided(request, actor, uow, waiting, mapping):
        error = message("mapping.topics_undecided", lang_of(request))
    if error:
        return _run_import(request, actor, uow, waiting.filename, waiting.content,
                           waiting.strict, True, programme=waiting.programme, chosen=mapping,
                           error=error)
    return _run_import(request, actor, uow, waiting.filename, waiting.content, waiting.strict,
                       True, programme=waiting.programme, mapping=mapping)


def _undecided(request: Request, actor: Actor, uow: AbstractUnitOfWork,
               waiting: pending.Pending, mapping: JsonDict) -> bool:
    """True when a column the curator chose for topics has an answer the taxonomy does not
    know and the form did not ask about (it was not a topic column as suggested)."""
    own = (services.get_programme(uow, actor, waiting.programme).programme
           if waiting.programme else None)
    with using_taxonomy(programme_taxonomy(own)):
        step = _form_step(request, waiting.filename, waiting.content, mapping)
    decided = set(dict(mapping.get("topics") or {}))
    return step is not None and any(t.value not in decided for t in step.topics)


def _form_step(request: Request, filename: str, content: bytes,
               chosen: JsonDict | None) -> MappingStep | None:
    """The mapping step of a questionnaire export (its unknown answers in the topic columns
    `chosen`), as the API's `mapping_needed` answer gives it; None for our template."""
    try:
        mapped_upload(filename, content, settings_of(request).file_limits, given=None,
                      remembered=lambda form: None, remember=lambda form, m: None,
                      prefill=chosen)
    except MappingNeeded as exc:
        return exc.step
    return None


@router.post("/banks/import/confirm", dependencies=[Csrf])
def confirm_import(
    request: Request, actor: ActorDep, uow: UowDep, token: Annotated[str, Form()],
    register_partners: Annotated[bool, Form()] = False,
) -> Response:
    """Import the file the curator previewed (and only their own)."""
    services.require_import(actor)
    waiting = pending.take(token, actor.user_id)
    if waiting is None:
        outcome = {"filename": "",
                   "error": message("web.preview_expired", lang_of(request))}
        return _import_page(request, actor, uow, outcome, 410)
    return _run_import(request, actor, uow, waiting.filename, waiting.content, waiting.strict,
                       False, register_partners, programme=waiting.programme)


@router.post("/banks/imports/{import_id}/undo", dependencies=[Csrf])
def undo_import(request: Request, actor: ActorDep, uow: UowDep, import_id: IdPath) -> Response:
    """Undo an applied import as a whole; a refusal (someone changed since) is shown."""
    lang = lang_of(request)
    try:
        undone = services.undo_import(uow, actor, import_id)
    except (VersionConflict, ImportAlreadyUndone) as exc:
        return _import_page(request, actor, uow, {"filename": "", "error": exc.message(lang)},
                            409)
    outcome = {"filename": undone.filename, "undone": undone}
    return _import_page(request, actor, uow, outcome, 200)


def _run_import(
    request: Request, actor: Actor, uow: AbstractUnitOfWork, filename: str, content: bytes,
    strict: bool, preview: bool, register_partners: bool = False, *, programme: str = "",
    mapping: JsonDict | None = None, chosen: JsonDict | None = None, error: str = "",
    remap: bool = False,
) -> Response:
    """Map a questionnaire export (by `mapping`, else the remembered one, else the mapping
    step is shown: with the curator's `chosen` fields and an `error` when it comes back, or
    with the remembered mapping to change when the curator asks to `remap`), then preview or
    import the file as our template, read with the `programme`'s topics."""
    settings = settings_of(request)
    lang = lang_of(request)
    own = services.get_programme(uow, actor, programme).programme if programme else None
    outcome: dict[str, Any] = {"filename": filename}
    status = 200
    try:
        with using_taxonomy(programme_taxonomy(own)):
            known: list[JsonDict] = []

            def remembered(form: str) -> JsonDict | None:
                if chosen is not None:  # the curator's mapping comes back to be fixed
                    return None
                found = services.remembered_mapping(uow, actor, form)
                if remap and found is not None:  # shown to be changed, not applied
                    known.append(found)
                    return None
                return found

            try:
                filename, content = mapped_upload(
                    filename, content, settings.file_limits, given=mapping,
                    remembered=remembered,
                    remember=lambda form, m: services.remember_mapping(uow, actor, form, m),
                    prefill=chosen)
            except MappingNeeded as exc:
                step = exc.step
                if known:
                    chosen = known[0]
                    step = _form_step(request, filename, content, chosen) or step
                assert step is not None
                token = pending.keep(actor.user_id, filename, strict, content, programme)
                outcome["mapping"] = _mapping_form(step, token, programme, strict,
                                                   chosen, error)
                return _import_page(request, actor, uow, outcome, 422 if error else 200)
            outcome["filename"] = filename
            if own is None and len(content) > settings.import_background_bytes:
                # a large file: a job, at once (with a programme's topics: in the request)
                job = start_background_import(request, actor, uow, filename, content,
                                              strict=strict, preview=preview,
                                              register_partners=register_partners)
                query = ""
                if preview:
                    query = "?token=" + pending.keep(actor.user_id, filename, strict, content)
                return RedirectResponse(f"/banks/import-jobs/{job.id}{query}", status_code=303)
            parsed = read_upload(filename, content, settings.file_limits, own)
            report = services.import_participants(
                uow, actor, parsed.rows, parsed.problems, strict=strict, preview=preview,
                conflicts=parsed.conflicts, column=parsed.column, filename=parsed.filename,
                register_partners=register_partners)
        outcome.update(report=report, rows_read=parsed.rows_read,
                       problems=sorted(report.problems,
                                       key=lambda p: (p.row or 10**9, p.participant)))
        if preview:
            outcome["token"] = pending.keep(actor.user_id, filename, strict, content,
                                            programme)
    except ImportRejected as exc:
        outcome.update(error=exc.message(lang), rejected=[
            {"row": e.row, "column": e.field, "value": e.value, "message": e.text(lang),
             "severity": e.severity} for e in exc.errors])
        status = 422
    except UnsupportedFile as exc:
        outcome["error"] = exc.message(lang)
        status = 415
    except UnreadableFile as exc:
        outcome["error"] = str(exc)
        status = 422
    return _import_page(request, actor, uow, outcome, status)


@router.get("/banks/import-jobs/{job_id}")
def import_job_page(request: Request, actor: ActorDep, uow: UowDep, job_id: IdPath,
                    token: str = "") -> Response:
    """A large file's import: its progress while it runs (the page reloads itself every two
    seconds, no script needed), then its report, as a small file's, with the confirm button
    after a preview."""
    job = services.get_import_job(uow, actor, job_id)
    outcome: dict[str, Any] = {"filename": job.filename, "job": job}
    if job.status not in (ImportJobStatus.done, ImportJobStatus.failed):
        return _import_page(request, actor, uow, outcome, 200, headers={"Refresh": "2"})
    if job.report is not None:
        problems = [SimpleNamespace(**p) for p in job.report.get("problems", [])]
        report = SimpleNamespace(**{
            **job.report, "problems": problems,
            "changes": [SimpleNamespace(**{**c, "pid": c.get("id", ""),
                                            "fields": [SimpleNamespace(**f)
                                                       for f in c.get("fields") or []]})
                        for c in job.report.get("changes", [])],
            "errors": [p for p in problems if p.severity == "error"]})
        outcome.update(report=report, rows_read=job.total, problems=sorted(
            problems, key=lambda p: (p.row or 10**9, p.participant)))
        if job.preview and job.status == ImportJobStatus.done:
            outcome["token"] = token
    if job.error:
        outcome["error"] = job.error
    return _import_page(request, actor, uow, outcome, 200)


def _mapping_form(step: MappingStep, token: str, programme: str, strict: bool,
                  chosen: JsonDict | None, error: str) -> dict[str, Any]:
    """The mapping step's form: per column its header (shortened, with the whole question),
    sample answers, the field chosen (the suggestion, or the curator's choice coming back)
    and why it was suggested; per unknown answer the topic suggested."""
    picked = {int(k): str(v) for k, v in dict((chosen or {}).get("columns") or {}).items()}
    topics_picked = {str(k): str(v) for k, v in dict((chosen or {}).get("topics") or {}).items()}
    tax = current_taxonomy()
    return {
        "token": token, "programme": programme, "strict": strict, "error": error,
        "columns": [{"index": s.index, "header": s.header, "short": _short(s.header),
                     "samples": step.samples[s.index] if s.index < len(step.samples) else (),
                     "key": picked.get(s.index, s.key), "by": s.by, "score": s.score,
                     "suggested": s.key} for s in step.columns],
        "fields": [(k, field_label(k)) for k in TARGET_KEYS],
        "answers": [{"value": t.value, "topic": topics_picked.get(t.value, t.topic_id or ""),
                     "suggested": t.topic_id or ""} for t in step.topics],
        "topics": sorted(((t.id, t.label_ru) for t in tax), key=lambda t: t[1].lower()),
    }


SHORT_HEADER = 60  # characters of a long question shown before «…»


def _short(header: str) -> str:
    return header if len(header) <= SHORT_HEADER else header[:SHORT_HEADER - 1].rstrip() + "…"


def field_label(key: str) -> str:
    """A changed field as the bank template's column names it."""
    column = BY_KEY.get(key)
    return column.header if column is not None else {"consents": "Согласия",
                                                     "mentor": "Наставник",
                                                     "mentee": "Наставляемый"}.get(key, key)


def show_value(value: Any) -> str:
    """A field's JSON value as a short line for the preview table."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return "; ".join(show_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show_value(v)}" for k, v in value.items())
    return str(value)


def _import_page(request: Request, actor: Actor, uow: AbstractUnitOfWork,
                 outcome: dict[str, Any], status: int,
                 headers: dict[str, str] | None = None) -> Response:
    context = {"actor": actor, "import": outcome, "field_label": field_label,
               "show_value": show_value,
               **_page_context(request, actor, uow, BankFilters())}
    return render(request, "banks.html", context, status=status, headers=headers)
