"""Command line: `matcher validate|schema|datasets|demo|score|match|why-not`."""

from matcher.cli import bank, datasets, reports, scoring, solve  # noqa: F401  (register commands)
from matcher.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
