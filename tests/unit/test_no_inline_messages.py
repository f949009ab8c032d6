"""New user-facing messages go to the catalogue (matcher.messages), not inline.

Scans service/ and matcher/ (ast) for a literal Russian text, or a literal `*_en=` English
twin, among the arguments of a raised exception or of a call that builds an error
(FieldError, forbid, RowProblem, CellError, UnreadableFile, ...). A text found there belongs
in the catalogue under a code; the allow-list names the few places left as they are, and why.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import matcher
import service

ROOTS = (Path(matcher.__file__).parent, Path(service.__file__).parent)
REPO = ROOTS[0].parent
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Calls that build an error or a report row even where they are not raised on the spot.
ERROR_BUILDERS = frozenset({
    "FieldError", "forbid", "field_error", "RowProblem", "CellError", "UnreadableFile",
    "InvalidData", "Forbidden", "NotEmpty", "LinkGone", "RunFailed", "NoSolution",
})

# (file, start of the literal text): why it stays inline.
ALLOWED: dict[tuple[str, str], str] = {
    ("matcher/cli/common.py", "время должно быть больше нуля"):
        "a command-line usage error of `matcher` (click's BadParameter); the CLI's texts are "
        "not part of this move and go to the catalogue with the CLI's own pass",
    ("matcher/cli/reports.py", "ru или en"):
        "the CLI's option check names the option's values themselves; as above",
    ("matcher/cli/reports.py", "укажите файл банка"): "the CLI's usage error; as above",
    ("matcher/cli/reports.py", "в банке есть строки с ошибками"): "the CLI's usage error; as above",
    ("matcher/cli/reports.py", "нужен файл .csv или .json"): "the CLI's usage error; as above",
    ("matcher/cli/reports.py", "ключ не может быть пустым"): "the CLI's usage error; as above",
    ("matcher/cli/reports.py", "не удалось прочитать"): "the CLI's usage error; as above",
    ("matcher/cli/reports.py", " — не результат подбора"): "the CLI's usage error; as above",
    ("matcher/cli/reports.py", " — не программа"): "the CLI's usage error; as above",
}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _literal(node: ast.AST) -> str | None:
    """The text of a string literal, an f-string's literal parts joined; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def _error_calls(tree: ast.AST) -> list[ast.Call]:
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            calls.append(node.exc)
        elif isinstance(node, ast.Call) and _name(node.func) in ERROR_BUILDERS:
            calls.append(node)
    return calls


def inline_messages(source: str) -> list[tuple[int, str]]:
    """(line, text) of every inline message in `source`, each literal once (a FieldError
    inside a raised call, or an f-string's parts, are not counted twice)."""
    found: dict[int, tuple[int, int, str]] = {}
    inner: set[int] = set()  # the literal parts of an f-string: the f-string is the text
    for call in _error_calls(ast.parse(source)):
        for keyword in call.keywords:
            text = _literal(keyword.value)
            if keyword.arg and keyword.arg.endswith("_en") and text:
                found[id(keyword.value)] = (keyword.value.lineno, keyword.value.col_offset, text)
        for arg in [*call.args, *(k.value for k in call.keywords)]:
            for node in ast.walk(arg):
                if isinstance(node, ast.JoinedStr):
                    inner.update(id(v) for v in node.values)
                text = _literal(node)
                if text and CYRILLIC.search(text) and id(node) not in inner:
                    found[id(node)] = (node.lineno, node.col_offset, text)
    return [(line, text) for line, _, text in sorted(found.values())]


def _allowed(path: str, text: str) -> str | None:
    for (where, start), _reason in ALLOWED.items():
        if where == path and text.startswith(start):
            return start
    return None


def test_the_scanner_finds_an_inline_pair() -> None:
    source = (
        "raise invalid([FieldError(field='x', message='нельзя', message_en='no')])\n"
        "raise forbid('только администратор', 'administrators only')\n"
        "problems.append(RowProblem(1, 'id', '', f'Повтор: ID «{pid}»', WARNING))\n"
        "raise forbid('access.admin_only')\n"
        "raise NotFound(entity='user', key=str(user_id))\n"
    )
    assert [line for line, _ in inline_messages(source)] == [1, 1, 2, 3]


def test_no_inline_messages_outside_the_catalogue() -> None:
    used: set[tuple[str, str]] = set()
    stray = []
    for root in ROOTS:
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(REPO).as_posix()
            if rel.startswith("matcher/messages/"):
                continue
            for line, text in inline_messages(path.read_text(encoding="utf-8")):
                start = _allowed(rel, text)
                if start is None:
                    stray.append(f"{rel}:{line}: {text[:70]!r}")
                else:
                    used.add((rel, start))
    assert not stray, "move these texts to matcher.messages:\n" + "\n".join(stray)
    assert used == set(ALLOWED), f"stale allow-list entries: {set(ALLOWED) - used}"
