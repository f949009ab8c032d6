"""What a reader sees on a page, and the words a curator must never read there.

`visible_text(html)` keeps the text a person reads or hears: element text outside `<script>`,
`<style>` and `<template>`, the page title, and the `alt`, `title`, `aria-label` and
`placeholder` attributes. An element marked `translate="no"` (a person's login, a file name,
a programme code as typed) is the user's own data and is left out with everything inside it,
and so is an element in another language than the page's (`lang="en"` on «English»).

`problems(html, lang)` names what the scan test refuses:
- a raw identifier (a snake_case field or status name such as `group_min`, `teacher_teacher`);
- in the Russian interface, a word in Latin letters that is not on the short list below
  (file formats, the language switch, abbreviations Russian text uses as they are);
- in the Russian interface, a decimal point in a number (`0.61`, «указано 1.0»): Russian
  writes a decimal comma; dates (`30.11.2026`) and versions are not numbers with one point;
- in either language, a score as a share (`0.61`) instead of the one 0–100 scale.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP = frozenset({"script", "style", "template", "noscript"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
READ_ATTRS = ("alt", "title", "aria-label", "placeholder")

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
LATIN_WORD = re.compile(r"(?<![\w.@/-])[A-Za-z][A-Za-z'-]*[A-Za-z](?![\w@/])")
DOT_DECIMAL = re.compile(r"(?<![\d.,\w])\d+\.\d+(?![\d.]*\d)(?!\.\d)")
SHARE = re.compile(r"(?<![\d.,\w])0[.,]\d{2,}(?![\d])")

# Latin words a Russian page may show: the language switch, file formats, Russian
# abbreviations written in Latin, the product's name in the page head.
RUSSIAN_ALLOWED = frozenset({
    "RU", "EN", "XLSX", "CSV", "JSON", "DOCX", "Excel", "PDF", "ID", "URL", "HTML", "API",
    "OpenAPI", "Swagger", "UI",
})


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page_lang = ""
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the scan)

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.page_lang = values.get("lang") or ""
        other_lang = tag != "html" and bool(values.get("lang")) and values.get(
            "lang") != self.page_lang
        hidden = (self._hidden() or tag in SKIP or values.get("translate") == "no"
                  or other_lang)
        if not hidden:
            for name in READ_ATTRS:
                if values.get(name):
                    self.parts.append(str(values[name]))
            if tag == "input" and values.get("type") in ("submit", "button") and values.get(
                    "value"):
                self.parts.append(str(values["value"]))
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.parts.append(data)


def visible_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return re.sub(r"\s+", " ", " ".join(reader.parts)).strip()


def _around(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - 40):match.end() + 40]


def problems(html: str, lang: str) -> list[str]:
    """What a curator should not read on this page, each with the text around it."""
    text = visible_text(html)
    found = [f"raw identifier {m.group()!r}: …{_around(text, m)}…"
             for m in SNAKE.finditer(text)]
    if lang == "ru":
        found += [f"English word {m.group()!r}: …{_around(text, m)}…"
                  for m in LATIN_WORD.finditer(text) if m.group() not in RUSSIAN_ALLOWED]
        found += [f"dot decimal {m.group()!r}: …{_around(text, m)}…"
                  for m in DOT_DECIMAL.finditer(text)]
    found += [f"score as a share {m.group()!r}: …{_around(text, m)}…"
              for m in SHARE.finditer(text)]
    return found
