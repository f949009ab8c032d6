"""The page routes, one module per area; `router` holds them all."""

from fastapi import APIRouter

from service.web.routes import (
    aftermatch,
    auth,
    banks,
    explain,
    learning,
    organisations,
    programmes,
    runs,
    surveys,
)

router = APIRouter(include_in_schema=False)
for module in (auth, banks, organisations, learning, surveys, programmes, runs, aftermatch,
               explain):
    router.include_router(module.router)
