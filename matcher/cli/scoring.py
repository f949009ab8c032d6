"""CLI commands (scoring)."""

from matcher.cli.app import app  # noqa: F401
