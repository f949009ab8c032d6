"""The FastAPI service that adapts `matcher` for curators (see issue 5)."""
