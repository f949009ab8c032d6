"""What learning from outcomes answers (issue 16): the advice for a programme's weights."""

from __future__ import annotations

from pydantic import BaseModel, Field

from matcher.learning import Verdict
from matcher.scoring import COMPONENTS
from service.runs.learning import LearningView, Scope


class ComponentAdvice(BaseModel):
    name: str = Field(description="A score component (a field of the programme's `weights`)")
    current: float = Field(description="Its weight now, normalised (the weights sum to 1)")
    suggested: float | None = Field(description="The suggested weight, where advice is given")
    influence: float | None = Field(
        description="Change in the log-odds of a good pair per standard deviation of it")


class LearningPublic(BaseModel):
    """Never applied by itself: send `suggested` weights in a PATCH of the programme to use
    them."""

    programme_id: str
    scope: Scope = Field(description="Whose outcomes: the organisation's own, or every "
                                     "organisation's pooled while its own are too few")
    verdict: Verdict
    text: str = Field(description="What follows, in the language asked for")
    pairs: int
    good: int
    bad: int
    held_out: int = Field(description="Pairs kept out of the fit to check it")
    needed: int = Field(description="Outcomes still needed before any advice")
    auc_current: float | None = Field(
        description="0–100: how often the current weights rank a good held-out pair above a "
                    "bad one")
    auc_learned: float | None = Field(description="The same for the learned weights")
    components: list[ComponentAdvice]

    @classmethod
    def of(cls, view: LearningView, text: str) -> LearningPublic:
        a = view.advice
        return cls(
            programme_id=view.programme.programme.id, scope=view.scope,
            verdict=a.verdict, text=text, pairs=a.pairs,
            good=a.good, bad=a.bad, held_out=a.held_out, needed=view.needed,
            auc_current=None if a.auc_current is None else round(100 * a.auc_current, 1),
            auc_learned=None if a.auc_learned is None else round(100 * a.auc_learned, 1),
            components=[ComponentAdvice(
                name=c, current=round(view.current[c], 4),
                suggested=None if a.weights is None else round(a.weights[c], 4),
                influence=None if c not in a.influence else round(a.influence[c], 4))
                for c in COMPONENTS])
