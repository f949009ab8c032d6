"""Command line: `matcher validate|schema|datasets|demo|score|match|why-not`."""

from matcher.cli import bank, datasets, scoring, solve  # noqa: F401  (they register commands)
from matcher.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
