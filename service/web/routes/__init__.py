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
    people,
    programmes,
    review,
    runs,
    surveys,
)

router = APIRouter(include_in_schema=False)
# Every module whose addresses start with `/programmes/{pid:path}/…` comes before `programmes`:
# a programme's code may hold a slash («2026/27»), so `/programmes/{pid:path}` would take
# `/programmes/2026/27/runs` if it were tried first. `aftermatch` and `papers` before `review`
# and `runs`: their POST …/proposals/{id}/answer, …/change and …/plan must win over the
# decisions' …/{action}.
for module in (auth, banks, people, organisations, learning, surveys, aftermatch, papers, review,
               runs, programmes, explain):
    router.include_router(module.router)
