"""The Typer application every CLI module adds its commands to, with its help screens in the
user's language: Russian, or English when `LANG` (or `LC_ALL`, `LC_MESSAGES`, `LANGUAGE`)
starts with `en`. Typer and Click write their own headings («Usage», «Options») and parse
errors in English; they are replaced here from the message catalogue before any help or error
is shown."""

import os
import re
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


# Click's English parse errors, longest first, and their catalogue entries (`translate_error`).
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), code) for pattern, code in (
        (r"No such option: (?P<name>\S+?)(?: \(Possible options: (?P<options>.*)\))?$",
         "no_option"),
        (r"No such command (?P<name>.+?)\.$", "no_command"),
        (r"Missing argument (?P<name>.+?)\.(?: .*)?$", "missing_argument"),
        (r"Missing (?:option|parameter) (?P<name>.+?)\.(?: .*)?$", "missing_option"),
        (r"Got unexpected extra arguments? ?(?:\(s\))? \((?P<args>.*)\)$", "extra"),
        (r"Option (?P<name>\S+) requires (?:an argument|\d+ arguments)\.$", "needs_value"),
        (r"Option (?P<name>\S+) does not take a value\.$", "takes_no_value"),
        (r"Invalid value for (?P<name>.+?(?: \(env var: [^)]*\))?): (?P<detail>.*)$",
         "invalid"),
    ))
_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), code) for pattern, code in (
        (r"(?:Value error, )?(?P<value>.+) is not one of (?P<choices>.+)\.$", "not_one_of"),
        (r"Input should be a valid integer.*", "not_integer"),
        (r"Input should be a valid number.*", "not_number"),
        (r"(?:File|Directory|Path) (?P<path>.+) does not exist\.$", "not_found"),
        (r"(?:File|Directory|Path) (?P<path>.+) is a directory\.$", "is_directory"),
    ))


def translate_error(text: str, lang: str) -> str:
    """A Typer/Click parse error in the CLI's language: the known shapes from the catalogue,
    anything else as Click wrote it (English)."""
    if lang == "en":
        return text
    for pattern, code in _ERRORS:
        found = pattern.match(text.strip())
        if found is None:
            continue
        parts = {k: v for k, v in found.groupdict().items() if v is not None}
        if code == "invalid":
            parts["detail"] = _detail(parts["detail"], lang)
            parts["name"] = parts["name"].replace("(env var:", "(переменная окружения:")
        out = message(f"cli.parse.{code}", lang, **parts)
        if code == "no_option" and "options" in parts:
            out += message("cli.parse.did_you_mean", lang, options=parts["options"])
        return out
    return text


def _detail(text: str, lang: str) -> str:
    for pattern, code in _DETAILS:
        found = pattern.match(text.strip())
        if found is not None:
            return message(f"cli.parse.{code}", lang, **found.groupdict())
    return text


def _localise_errors(lang: str) -> None:
    """Typer prints parse errors through `rich_format_error`: it gets them translated."""
    show = rich_utils.rich_format_error

    def localised(self: _click.ClickException) -> None:
        english = self.format_message()
        self.format_message = lambda: translate_error(english, lang)  # type: ignore[method-assign]
        show(self)

    rich_utils.rich_format_error = localised


_localise(LANG)
_localise_errors(LANG)

app = typer.Typer(
    name="matcher",
    help=message("cli.help.app", LANG),
    subcommand_metavar=f"{message('cli.help.command_metavar', LANG)} "
                       f"{message('cli.help.args_metavar', LANG)}",
    no_args_is_help=True,
    add_completion=False,  # shell completion is a developer's tool, not a curator's
    pretty_exceptions_show_locals=False,
)
