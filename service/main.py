"""The FastAPI application: `uvicorn service.main:create_app --factory`.

Creating the app opens no connection; the engine connects lazily on the first request.
Migrations and the demo data are applied by `python -m service` (see `service.__main__`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import swagger_ui_bundle  # type: ignore[import-untyped]
from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

import matcher
from service import web
from service.api import errors
from service.api.routes import (
    aftermatch,
    audit,
    auth,
    conflicts,
    consents,
    documents,
    explanations,
    imports,
    learning,
    organisations,
    papers,
    participants,
    plans,
    programmes,
    proposals,
    runs,
    surveys,
    users,
    wishes,
)
from service.config import Settings
from service.db.engine import make_engine, make_session_factory
from service.headers import SecurityHeaders
from service.jobs import make_queue
from service.schemas import ErrorBody

API_PREFIX = "/api/v1"
DOCS_URL = "/docs"
DOCS_REDIRECT_URL = "/docs/oauth2-redirect"
DOCS_ASSETS = "/docs-assets"  # Swagger UI from the swagger-ui-bundle package: no CDN

DESCRIPTION = """
Подбор наставнических пар и групп: банки наставников и наставляемых, согласия, пожелания,
программы. Ошибки возвращаются как `{code, detail, errors}`; текст — на русском, с заголовком
`Accept-Language: en` — на английском.
"""


def api_router() -> APIRouter:
    router = APIRouter(
        prefix=API_PREFIX,
        responses={
            401: {"model": ErrorBody, "description": "Not signed in"},
            403: {"model": ErrorBody, "description": "Not allowed"},
            404: {"model": ErrorBody, "description": "Not found"},
            422: {"model": ErrorBody, "description": "Invalid data; `errors` name the fields"},
        },
    )
    # runs before programmes: a programme's code may hold a slash, so `/programmes/{pid}`
    # takes the rest of the path and the longer addresses must be tried first
    for module in (auth, users, organisations, conflicts, imports, participants, consents,
                   wishes, learning, surveys, runs, aftermatch, programmes, proposals,
                   documents, plans, explanations, audit, papers):
        router.include_router(module.router)
    router.include_router(imports.imports_router)
    router.include_router(proposals.bulk_router)

    @router.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": matcher.__version__}

    return router


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for `settings` (read from the environment when not given)."""
    settings = settings or Settings()
    app = FastAPI(
        title="Nastavnik matcher",
        version=matcher.__version__,
        description=DESCRIPTION,
        docs_url=None,  # served by `_install_docs` from local files
        redoc_url=None,  # ReDoc exists only on a CDN; Swagger UI is the one API page
        openapi_url=f"{API_PREFIX}/openapi.json",
        lifespan=_lifespan,
    )
    configure(app, settings)
    errors.install(app)
    app.include_router(api_router())
    _install_docs(app)
    web.install(app)  # curator pages and their static files (service/web)
    app.add_middleware(SecurityHeaders, docs_paths=[DOCS_URL, DOCS_REDIRECT_URL])  # CSP, ...
    return app


def _install_docs(app: FastAPI) -> None:
    """Swagger UI at `/docs` with its script, style and icon served by this app from the
    swagger-ui-bundle package, so the page works in a school network without the internet."""
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(swagger_ui_bundle.swagger_ui_path)),
              name="docs-assets")
    openapi_url = app.openapi_url or f"{API_PREFIX}/openapi.json"

    @app.get(DOCS_URL, include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url, title=f"{app.title} — API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
            oauth2_redirect_url=DOCS_REDIRECT_URL)

    @app.get(DOCS_REDIRECT_URL, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()


def configure(app: FastAPI, settings: Settings) -> None:
    """Bind the app to `settings` and their database. Building the routes is the slow part
    of `create_app`, so tests build one app and rebind it to each test's database. The pool
    queue of background runs is created here (no thread starts until the app starts or a run
    is submitted); the jobs of an earlier binding are finished first."""
    old = getattr(app.state, "jobs", None)
    if old is not None:
        old.shutdown(wait=True)
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.queue = app.state.jobs = make_queue(app.state.session_factory, settings)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.queue.start()  # take up queued runs, recover those of dead workers
    yield
    app.state.queue.shutdown(wait=True)  # let running solves and imports store theirs
