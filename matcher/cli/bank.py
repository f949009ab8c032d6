"""CLI commands (bank)."""

from matcher.cli.app import app  # noqa: F401
