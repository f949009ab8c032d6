"""Command line: `matcher validate|schema|convert|score|match|speed|why-not|...`.

Commands from other packages (`matcher datasets generate` and `matcher demo` from `datasets`,
which sits above the library) are added through the entry point group `matcher.cli`: each entry
point names a function that takes the Typer app and registers its commands, so `matcher` never
imports those packages itself.
"""

from importlib.metadata import entry_points

from matcher.cli import bank, reports, scoring, solve, speed  # noqa: F401  (register commands)
from matcher.cli.app import app

__all__ = ["PLUGIN_GROUP", "app", "main"]

PLUGIN_GROUP = "matcher.cli"


def _register_plugins() -> None:
    """Let every installed `matcher.cli` entry point add its commands to the app."""
    for plugin in entry_points(group=PLUGIN_GROUP):
        plugin.load()(app)


_register_plugins()


def main() -> None:
    app()
