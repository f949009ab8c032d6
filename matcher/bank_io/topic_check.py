"""One topic check for every way a participant comes in (JSON, CSV, XLSX, the API): each topic
of the competencies and requests must be in the taxonomy. A label or synonym is taken as its
id (as a spreadsheet cell is); anything else is an error with the closest known topic
suggested, so a misspelt topic cannot validate and then never match."""

from __future__ import annotations

from matcher.bank_io.cells import CellError, parse_topic
from matcher.model import Participant
from matcher.topics import current_taxonomy

TOPIC_FIELDS = ("competencies", "requests")
RANK_FIELDS = {"competencies": "competency_ranks", "requests": "request_ranks"}


def check_topics(p: Participant) -> tuple[Participant, list[tuple[str, str, str]]]:
    """The participant with every topic (and ranked topic) as its id, and (field, value,
    message) for each unknown topic. Topics are read against `current_taxonomy()`: the
    built-in one, or with a programme's own topics during that programme's import."""
    tax = current_taxonomy()
    problems: list[tuple[str, str, str]] = []
    fixed: dict[str, dict[str, int]] = {}
    for name in TOPIC_FIELDS:
        levels: dict[str, int] = getattr(p, name)
        ranks: dict[str, int] = getattr(p, RANK_FIELDS[name])
        if all(t in tax for t in levels):
            continue
        out: dict[str, int] = {}
        out_ranks: dict[str, int] = {}
        for topic, level in levels.items():
            try:
                tid = parse_topic(topic)
            except CellError as e:
                problems.append((name, topic, str(e)))
                continue
            out[tid] = max(level, out.get(tid, 0))
            if topic in ranks:
                out_ranks[tid] = min(ranks[topic], out_ranks.get(tid, ranks[topic]))
        fixed[name] = out
        fixed[RANK_FIELDS[name]] = {t: min(r, len(out)) for t, r in out_ranks.items()}
    if not fixed:
        return p, problems
    return Participant.model_validate(p.model_dump() | fixed), problems
