"""The page routes, one module per area; `router` holds them all."""

from fastapi import APIRouter

from service.web.routes import auth, banks, explain, organisations, programmes, runs

router = APIRouter(include_in_schema=False)
# runs before programmes: a programme's code may hold a slash («2026/27»), so
# `/programmes/{pid:path}` would take `/programmes/2026/27/runs` if it were tried first
for module in (auth, banks, organisations, runs, programmes, explain):
    router.include_router(module.router)
