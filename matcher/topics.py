"""The topic taxonomy: request and competency topics with Russian and English labels.

The data lives in `matcher/data/topics.json` so a district can extend it without code. Lookup
accepts an id, a label or a synonym in either language, in any letter case.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from matcher.model import Programme, ProgrammeTopic
from matcher.model.enums import TopicAudience, TopicBlock

Block = TopicBlock
Audience = TopicAudience

# The four blocks of a teacher's professional-deficit diagnostic.
TEACHER_BLOCKS: tuple[Block, ...] = ("legal", "subject", "methodology", "psychology_pedagogy")


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic: what a mentee may ask for and a mentor may offer."""

    id: str
    block: Block
    audience: Audience
    label_ru: str
    label_en: str
    synonyms: tuple[str, ...]
    subject_bound: bool  # about a school subject: the mentor should teach the same subject
    new_practice: bool  # digital or new practice: the only topics a `reverse` mentor may cover

    def label(self, lang: str = "ru") -> str:
        return self.label_en if lang == "en" else self.label_ru


class Taxonomy:
    """All topics, with lookup by any name and a closest-match suggestion."""

    def __init__(self, topics: tuple[Topic, ...]) -> None:
        self.topics = topics
        self.by_id = {t.id: t for t in topics}
        self._by_name: dict[str, str] = {}
        for t in topics:
            for name in (t.id, t.label_ru, t.label_en, *t.synonyms):
                self._by_name.setdefault(_norm(name), t.id)

    def __iter__(self) -> Iterator[Topic]:
        return iter(self.topics)

    def __len__(self) -> int:
        return len(self.topics)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self.by_id

    def __getitem__(self, topic_id: str) -> Topic:
        return self.by_id[topic_id]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.topics)

    def resolve(self, name: str) -> str | None:
        """The topic id for an id, label or synonym, or None if nothing matches exactly."""
        return self._by_name.get(_norm(name))

    def suggest(self, name: str) -> Topic | None:
        """The closest known topic to an unknown name, for "did you mean" messages."""
        key = _norm(name)
        close = difflib.get_close_matches(key, list(self._by_name), n=1, cutoff=0.5)
        if close:
            return self.by_id[self._by_name[close[0]]]
        # A short name inside a longer label ("ОГЭ" in "подготовка к огэ по математике").
        for known, tid in self._by_name.items():
            if len(known) >= 3 and (known in key or key in known):
                return self.by_id[tid]
        return None

    def for_audience(self, audience: Literal["teacher", "student"]) -> tuple[Topic, ...]:
        return tuple(t for t in self.topics if t.audience in (audience, "both"))


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


@cache
def taxonomy() -> Taxonomy:
    """The taxonomy shipped with the package (loaded once)."""
    raw = json.loads(resources.files("matcher").joinpath("data/topics.json").read_text("utf-8"))
    topics = tuple(
        Topic(
            id=r["id"], block=r["block"], audience=r["audience"], label_ru=r["label_ru"],
            label_en=r["label_en"], synonyms=tuple(r["synonyms"]),
            subject_bound=r["subject_bound"], new_practice=r["new_practice"],
        )
        for r in raw["topics"]
    )
    return Taxonomy(topics)


_ACTIVE: ContextVar[Taxonomy | None] = ContextVar("taxonomy", default=None)


def current_taxonomy() -> Taxonomy:
    """The taxonomy in force: the built-in one, plus a programme's own topics inside
    `using_taxonomy` (a bank import for that programme)."""
    return _ACTIVE.get() or taxonomy()


@contextmanager
def using_taxonomy(tax: Taxonomy) -> Iterator[Taxonomy]:
    """Read topics against `tax` (e.g. `extended_taxonomy(...)`) inside the block."""
    token = _ACTIVE.set(tax)
    try:
        yield tax
    finally:
        _ACTIVE.reset(token)


@cache
def extended_taxonomy(extra: tuple[Topic, ...]) -> Taxonomy:
    """The built-in taxonomy with a programme's own topics after it (names of the built-in
    topics win where they coincide; the programme model refuses such clashes)."""
    return Taxonomy((*taxonomy().topics, *extra)) if extra else taxonomy()


def programme_topic(t: ProgrammeTopic) -> Topic:
    """A programme's own topic as a taxonomy topic: bound to no subject, no new practice."""
    return Topic(id=t.id, block=t.block, audience=t.audience, label_ru=t.label_ru,
                 label_en=t.label_en or t.label_ru, synonyms=t.synonyms,
                 subject_bound=False, new_practice=False)


def topic_clashes(programme: Programme) -> list[tuple[str, str]]:
    """(name, built-in label) for each name of a programme topic (id, label, synonym) that
    already names a built-in topic: such a topic would never be read as the programme's."""
    tax = taxonomy()
    out: list[tuple[str, str]] = []
    for t in programme.topics:
        for name in (t.id, t.label_ru, t.label_en, *t.synonyms):
            if name and (known := tax.resolve(name)) is not None:
                out.append((name, tax[known].label_ru))
    return out


def programme_taxonomy(programme: Programme | None) -> Taxonomy:
    """The built-in taxonomy plus the programme's own topics (the built-in alone for None)."""
    if programme is None or not programme.topics:
        return taxonomy()
    return extended_taxonomy(tuple(programme_topic(t) for t in programme.topics))


def programmes_taxonomy(programmes: Iterable[Programme]) -> Taxonomy:
    """The built-in taxonomy plus the own topics of several programmes (of one organisation):
    the topics a person of that bank may hold when no single programme is in context. Where
    two programmes define the same topic id, the first one's wins."""
    extra: dict[str, Topic] = {}
    for programme in programmes:
        for t in programme.topics:
            extra.setdefault(t.id, programme_topic(t))
    return extended_taxonomy(tuple(extra.values()))
