"""The page routes, one module per area; `router` holds them all."""

from fastapi import APIRouter

from service.web.routes import (
    aftermatch,
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
# `aftermatch` and `papers` before `review` and `runs`: their POST …/proposals/{id}/answer,
# …/change and …/plan must win over the decisions' …/{action}.
for module in (auth, banks, organisations, learning, surveys, programmes, aftermatch, papers,
               review, runs, explain):
    router.include_router(module.router)
