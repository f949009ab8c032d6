"""The Typer application every CLI module adds its commands to, with its help screens in the
user's language: Russian, or English when `LANG` (or `LC_ALL`, `LC_MESSAGES`, `LANGUAGE`)
starts with `en`. Typer and Click write their own headings («Usage», «Options») in English;
they are replaced here from the message catalogue before any help is shown."""

import os
from typing import Any

import typer
from typer import _click, rich_utils

from matcher.messages import CATALOGUE, message


def cli_lang() -> str:
    """The language of the command line: the first locale variable set decides."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "ru"
    return "ru"


LANG = cli_lang()


def _localise(lang: str) -> None:
    """Typer's and Click's fixed help texts in `lang`."""
    def t(code: str) -> str:  # raw: Typer fills the `{}` and `{command_path}` itself
        text = CATALOGUE[f"cli.help.{code}"]
        return text.en if lang == "en" else text.ru

    rich_utils.ARGUMENTS_PANEL_TITLE = t("arguments")
    rich_utils.OPTIONS_PANEL_TITLE = t("options")
    rich_utils.COMMANDS_PANEL_TITLE = t("commands")
    rich_utils.ERRORS_PANEL_TITLE = t("error")
    rich_utils.ABORTED_TEXT = t("aborted")
    rich_utils.REQUIRED_LONG_STRING = t("required")
    rich_utils.DEFAULT_STRING = t("default")
    rich_utils.ENVVAR_STRING = t("env")
    rich_utils.DEPRECATED_STRING = t("deprecated")
    rich_utils.RICH_HELP = t("try")
    usage = t("usage")
    write_usage = _click.formatting.HelpFormatter.write_usage

    def localised_usage(self: Any, prog: str, args: str = "", prefix: str | None = None
                        ) -> None:
        write_usage(self, prog, args, usage if prefix is None else prefix)

    _click.formatting.HelpFormatter.write_usage = localised_usage  # type: ignore[method-assign]
    help_option = _click.core.Command.get_help_option

    def localised_help(self: Any, ctx: Any) -> Any:
        option = help_option(self, ctx)
        if option is not None:
            option.help = t("help")
        return option

    _click.core.Command.get_help_option = localised_help  # type: ignore[method-assign]
    pieces = _click.core.Command.collect_usage_pieces
    words = {"[OPTIONS]": t("options_metavar"), "COMMAND": t("command_metavar"),
             "[ARGS]...": t("args_metavar")}

    def localised_pieces(self: Any, ctx: Any) -> list[str]:
        return [" ".join(words.get(w, w) for w in piece.split(" "))
                for piece in pieces(self, ctx)]

    _click.core.Command.collect_usage_pieces = localised_pieces  # type: ignore[method-assign]


_localise(LANG)

app = typer.Typer(
    name="matcher",
    help=message("cli.help.app", LANG),
    subcommand_metavar=f"{message('cli.help.command_metavar', LANG)} "
                       f"{message('cli.help.args_metavar', LANG)}",
    no_args_is_help=True,
    add_completion=False,  # shell completion is a developer's tool, not a curator's
    pretty_exceptions_show_locals=False,
)
