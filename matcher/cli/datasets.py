"""CLI commands (datasets)."""

from matcher.cli.app import app  # noqa: F401
