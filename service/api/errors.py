"""The one place where errors become HTTP answers: `{code, detail, errors}`, 4xx, in the
language the request prefers (Russian unless `Accept-Language` asks for English)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from matcher.errors import InvalidBank, MatcherError, UnknownParticipant, UnreadableFile
from service import errors as e
from service.i18n import field_path, message, pick_language, pydantic_message
from service.schemas import ErrorBody, ErrorItem

STATUS: dict[type[e.ServiceError], int] = {
    e.NotAuthenticated: 401,
    e.BadCredentials: 401,
    e.Forbidden: 403,
    e.NotFound: 404,
    e.AlreadyExists: 409,
    e.VersionConflict: 409,
    e.ConsentAlreadyGiven: 409,
    e.NoActiveConsent: 409,
    e.NotEmpty: 409,
    e.ProgrammeArchived: 409,
    e.InvalidData: 422,
    e.ImportRejected: 422,
    e.ImportAlreadyUndone: 409,
    e.UnsupportedFile: 415,
    e.InvalidTransition: 409,
    e.NothingToUndo: 409,
    e.OrderIssued: 409,
    e.OrderAlreadyIssued: 409,
    e.RunNotReady: 409,
    e.RunInProgress: 409,
    e.RunNotActive: 409,
    e.RunSuperseded: 409,
    e.LinkExpired: 410,
    e.LinkInvalid: 404,
    e.LinkGone: 410,
    e.LinkNotFound: 404,
    e.TooManyAttempts: 429,
    e.LastAdmin: 409,
    e.StorageUnavailable: 503,
    e.MailOff: 409,
    e.MailFailed: 503,
}

LOCATIONS = ("body", "query", "path", "header", "cookie")

# Request bodies the JSON parser gives up on, by the cause FastAPI hides behind its 400: the
# code answered with, whose text is the catalogue's `body.<code>`.
BODY_ERRORS: dict[type[Exception], str] = {
    RecursionError: "too_deep",
    ValueError: "too_large",
}

# HTTP errors that are not the service's own, answered with the catalogue's `http.<status>`
# (any other status keeps the framework's own detail).
HTTP_TEXTS: frozenset[int] = frozenset({404, 405, 413})


def _lang(request: Request) -> str:
    return pick_language(request.headers.get("accept-language"))


def _answer(status: int, body: ErrorBody, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content=body.model_dump(exclude_none=True),
                        headers=headers)


def _status(exc: e.ServiceError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


async def service_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, e.ServiceError)
    lang = _lang(request)
    status = _status(exc)
    items = [
        ErrorItem(field=f.field, message=f.text(lang), row=f.row, value=f.value,
                  severity=f.severity, location="file" if f.row is not None else None)
        for f in exc.errors
    ]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(exc, e.TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after)}
    return _answer(status, ErrorBody(code=exc.code, detail=exc.message(lang), errors=items),
                   headers)


async def request_invalid(request: Request, exc: Exception) -> JSONResponse:
    """422 for a malformed request, each error naming its field (without `body.`)."""
    assert isinstance(exc, RequestValidationError)
    lang = _lang(request)
    items = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        where = str(loc[0]) if loc and loc[0] in LOCATIONS else None
        path = loc[1:] if where else loc
        items.append(ErrorItem(field=field_path(path) if path else (where or "body"),
                               location=where, message=pydantic_message(dict(err), lang)))
    summary = "; ".join(f"{i.field}: {i.message}" for i in items[:5])
    detail = message("request_invalid", lang, summary=summary)
    return _answer(422, ErrorBody(code="validation_error", detail=detail, errors=items))


def _body_error(request: Request, cause: BaseException) -> JSONResponse | None:
    """422 with our body for a request body too deep or too large to parse; else None."""
    if isinstance(cause, UnicodeError):  # badly encoded, not too large: FastAPI's 400 stays
        return None
    for cls, code in BODY_ERRORS.items():
        if isinstance(cause, cls):
            text = message(f"body.{code}", _lang(request))
            return _answer(422, ErrorBody(code=code, detail=text, errors=[
                ErrorItem(field="body", location="body", message=text)]))
    return None


async def too_deep(request: Request, exc: Exception) -> JSONResponse:
    """Data nested past Python's recursion limit, wherever it was being read."""
    answer = _body_error(request, exc)
    assert answer is not None
    return answer


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    lang = _lang(request)
    if exc.status_code == 400 and exc.__cause__ is not None:  # FastAPI: body not parsed
        answer = _body_error(request, exc.__cause__)
        if answer is not None:
            return answer
    detail = (message(f"http.{exc.status_code}", lang) if exc.status_code in HTTP_TEXTS
              else str(exc.detail))
    return _answer(exc.status_code, ErrorBody(code="http_error", detail=detail),
                   getattr(exc, "headers", None))


def server_error_answer(request: Request) -> JSONResponse:
    """500 in the API's shape, without the cause (it is logged, not shown)."""
    return _answer(500, ErrorBody(code="server_error", detail=message("http.500", _lang(request))))


async def matcher_error(request: Request, exc: Exception) -> JSONResponse:
    """Errors of the matcher library (Russian texts, as the library writes them)."""
    assert isinstance(exc, MatcherError)
    if isinstance(exc, InvalidBank):
        items = [ErrorItem(field=p.column, message=p.message, row=p.row, value=str(p.value),
                           severity=p.severity, location="file") for p in exc.problems]
        return _answer(422, ErrorBody(code="invalid_bank", detail=str(exc), errors=items))
    if isinstance(exc, UnknownParticipant):
        return _answer(404, ErrorBody(code="unknown_participant", detail=str(exc)))
    if isinstance(exc, UnreadableFile):
        return _answer(422, ErrorBody(code="unreadable_file", detail=str(exc),
                                      errors=[ErrorItem(field="file", message=exc.reason,
                                                        location="file")]))
    return _answer(422, ErrorBody(code="matcher_error", detail=str(exc)))


def install(app: FastAPI) -> None:
    app.add_exception_handler(e.ServiceError, service_error)
    app.add_exception_handler(RequestValidationError, request_invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(MatcherError, matcher_error)
    app.add_exception_handler(RecursionError, too_deep)
