"""The Typer application every CLI module adds its commands to."""

import typer

app = typer.Typer(
    name="matcher",
    help="Nastavnik matcher: banks, scores, pairs and groups for a mentoring programme.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
