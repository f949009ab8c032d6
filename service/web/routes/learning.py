"""What the outcomes of a programme's pairs teach: the learning page, with a chart of what went
with good pairs and, past the minimum amount of data, the weights they suggest."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from matcher.messages import message
from matcher.scoring import COMPONENTS
from service.runs.learning import LearningView, basis_text, learning_for, verdict_text
from service.web.forms import component_label
from service.web.render import render
from service.web.routes.common import ActorDep, PageRoute, UowDep
from service.web.session import lang_of

router = APIRouter(route_class=PageRoute, include_in_schema=False)

HALF_WIDTH = 45.0  # the largest influence's bar, in the chart's 0–100 units from its middle
TOP_WORDS = 3  # components named in the sentences


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    current: float  # percent
    suggested: float | None  # percent
    influence: float | None
    bar_x: float  # SVG bar start (percent of the width)
    bar_w: float  # SVG bar width (percent of the width)


def _rows(view: LearningView, lang: str) -> list[Row]:
    a = view.advice
    biggest = max((abs(v) for v in a.influence.values()), default=0.0) or 1.0
    rows = []
    for c in COMPONENTS:
        inf = a.influence.get(c)
        width = 0.0 if inf is None else abs(inf) / biggest * HALF_WIDTH
        start = 50.0 if inf is None or inf >= 0 else 50.0 - width
        rows.append(Row(c, component_label(c, lang), 100 * view.current[c],
                        None if a.weights is None else 100 * a.weights[c], inf,
                        round(start, 2), round(width, 2)))
    return rows


def _sentences(view: LearningView, lang: str) -> list[str]:
    """What mattered (and what went against a good pair), named in words."""
    ranked = sorted(view.advice.influence.items(), key=lambda kv: -kv[1])
    good = [component_label(c, lang).lower() for c, v in ranked[:TOP_WORDS] if v > 0.1]
    bad = [component_label(c, lang).lower() for c, v in ranked[::-1][:TOP_WORDS] if v < -0.1]
    out = []
    if good:
        out.append(message("learning.mattered", lang, items="; ".join(good)))
    if bad:
        out.append(message("learning.hindered", lang, items="; ".join(bad)))
    return out


@router.get("/programmes/{pid}/learning")
def learning_page(request: Request, pid: str, actor: ActorDep, uow: UowDep) -> Response:
    lang = lang_of(request)
    view = learning_for(uow, actor, pid)
    enough = view.advice.auc_current is not None
    return render(request, "learning.html", {
        "actor": actor, "stored": view.programme, "view": view, "enough": enough,
        "verdict": verdict_text(view, lang), "basis": basis_text(view, lang),
        "rows": _rows(view, lang), "sentences": _sentences(view, lang) if enough else [],
    })
