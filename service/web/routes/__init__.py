"""The page routes, one module per area; `router` holds them all."""

from fastapi import APIRouter

from service.web.routes import auth, banks, explain, organisations, people, programmes, runs

router = APIRouter(include_in_schema=False)
for module in (auth, banks, people, organisations, programmes, runs, explain):
    router.include_router(module.router)
