"""CLI commands (solve)."""

from matcher.cli.app import app  # noqa: F401
