"""The HTTP entrypoint: routers per resource, typed dependencies and error mapping."""
