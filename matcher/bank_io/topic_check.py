"""One topic check for every way a participant comes in (JSON, CSV, XLSX, the API): each topic
of the competencies and requests must be in the taxonomy. A label or synonym is taken as its
id (as a spreadsheet cell is); anything else is an error with the closest known topic
suggested, so a misspelt topic cannot validate and then never match."""

from __future__ import annotations

from matcher.bank_io.cells import CellError, parse_topic
from matcher.model import Participant
from matcher.topics import taxonomy

TOPIC_FIELDS = ("competencies", "requests")


def check_topics(p: Participant) -> tuple[Participant, list[tuple[str, str, str]]]:
    """The participant with every topic as its id, and (field, value, message) for each
    unknown topic."""
    tax = taxonomy()
    problems: list[tuple[str, str, str]] = []
    fixed: dict[str, dict[str, int]] = {}
    for name in TOPIC_FIELDS:
        levels: dict[str, int] = getattr(p, name)
        if all(t in tax for t in levels):
            continue
        out: dict[str, int] = {}
        for topic, level in levels.items():
            try:
                tid = parse_topic(topic)
            except CellError as e:
                problems.append((name, topic, str(e)))
                continue
            out[tid] = max(level, out.get(tid, 0))
        fixed[name] = out
    if not fixed:
        return p, problems
    return Participant.model_validate(p.model_dump() | fixed), problems
