"""The page routes, one module per area; `router` holds them all."""

from fastapi import APIRouter

from service.web.routes import (
    auth,
    banks,
    explain,
    learning,
    organisations,
    papers,
    programmes,
    review,
    runs,
    surveys,
)

router = APIRouter(include_in_schema=False)
# `papers` before `runs`: its POST …/proposals/{id}/plan must win over the decisions' …/{action}.
for module in (auth, banks, organisations, learning, surveys, programmes, papers, review, runs,
               explain):
    router.include_router(module.router)
