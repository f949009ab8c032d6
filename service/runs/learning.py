"""Learning from what happened (issue 16): the judged pairs of an organisation's programmes,
fitted by `matcher.learning`, and what they suggest for a programme's weights.

A pair counts as good when the curator confirmed or locked it or it ran to the programme's end,
and as bad when the curator rejected it or it ended early; where its participants said more in
the monitoring surveys (not a fit, low ratings; satisfied at the end), their word decides. A
pair that several runs carried (a rerun keeps confirmed pairs) counts once, with its latest
status. The organisation's own
outcomes are used when there are enough; otherwise every organisation's, pooled (only the
fitted weights leave the pool, never a pair). Nothing is changed: the curator decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from matcher.learning import MIN_EACH, MIN_PAIRS, Advice, Outcomes, Verdict, advise
from matcher.messages import message
from matcher.model import Programme, ProposalStatus, Weights
from service.domain import Actor, StoredProgramme
from service.i18n import Lang
from service.runs.surveys import survey_outcomes
from service.services.common import require_read, stored_programme
from service.survey_repositories import pair_key
from service.unit_of_work import AbstractUnitOfWork

Scope = Literal["organisation", "pooled"]
GOOD = frozenset({ProposalStatus.confirmed, ProposalStatus.locked})
NOT_ENOUGH = frozenset({Verdict.too_few, Verdict.one_sided})


@dataclass(frozen=True)
class LearningView:
    """The advice for one programme: whose outcomes it rests on, the programme's current
    weights (normalised) and, before any advice, how many more outcomes are needed."""

    programme: StoredProgramme
    scope: Scope
    advice: Advice
    current: dict[str, float]
    needed: int

    def suggested_weights(self) -> Weights | None:
        """The suggestion as weights the programme form can show (never saved here)."""
        return Weights(**self.advice.weights) if self.advice.weights else None


def _label(status: ProposalStatus, ended_on: date | None, programme: Programme) -> bool | None:
    if status in GOOD:
        return True
    if status == ProposalStatus.rejected:
        return False
    if status == ProposalStatus.ended:
        return ended_on is None or ended_on >= programme.end
    return None  # proposed: nobody has judged it yet


def collect(uow: AbstractUnitOfWork, programmes: list[StoredProgramme]) -> Outcomes:
    """The judged pairs of these programmes' runs, one row per mentor–mentee pair."""
    latest: dict[tuple[str, str, str], tuple[dict[str, float], bool]] = {}
    said: dict[tuple[str, str, str], bool] = {}
    for stored in programmes:
        answers = survey_outcomes(uow, stored)
        for run in sorted(uow.runs.list_for(stored.programme.id), key=lambda r: r.id):
            for row in uow.proposals.list_for(run.id):
                proposal = row.proposal
                ended_on = None
                if proposal.status == ProposalStatus.ended:
                    ends = [d.at.date() for d in uow.proposals.decisions(run.id, row.pid)
                            if d.status_after == ProposalStatus.ended.value]
                    ended_on = max(ends) if ends else None
                good = _label(proposal.status, ended_on, stored.programme)
                for pair in proposal.pairs:
                    key = (stored.programme.id, proposal.mentor, pair.mentee)
                    if good is None:
                        latest.pop(key, None)  # a later run undid an earlier judgement
                        continue
                    latest[key] = ({c.name: c.value for c in pair.components}, good)
                    verdict = answers.get(pair_key(proposal.mentor, proposal.mentees))
                    if verdict is not None:
                        said[key] = verdict
    return Outcomes.of([(values, said.get(key, good)) for key, (values, good) in latest.items()])


def _needed(outcomes: Outcomes) -> int:
    missing_each = max(0, MIN_EACH - outcomes.n_good) + max(0, MIN_EACH - outcomes.n_bad)
    return max(MIN_PAIRS - outcomes.good.size, missing_each, 0)


def learning_for(uow: AbstractUnitOfWork, actor: Actor, pid: str) -> LearningView:
    """What the judged pairs say about programme `pid`'s weights."""
    with uow:
        stored = stored_programme(uow, pid)
        require_read(actor, stored.organisation_id)
        own = collect(uow, uow.programmes.list(stored.organisation_id))
        weights = stored.programme.weights
        advice, basis = advise(own, weights), own
        scope: Scope = "organisation"
        if advice.verdict in NOT_ENOUGH:
            pooled = collect(uow, uow.programmes.list())
            if pooled.good.size > own.good.size:
                wider = advise(pooled, weights)
                if wider.verdict not in NOT_ENOUGH:
                    advice, scope, basis = wider, "pooled", pooled
    return LearningView(stored, scope, advice, weights.normalised(),
                        _needed(basis) if advice.verdict in NOT_ENOUGH else 0)


def percent(value: float | None) -> str:
    """An AUC as the 0–100 figure the pages show (a Russian decimal comma)."""
    return "—" if value is None else f"{100 * value:.0f}"


def verdict_text(view: LearningView, lang: Lang) -> str:
    """The sentence that says what follows from the outcomes, in `lang`."""
    advice = view.advice
    return message(f"learning.{advice.verdict.value}", lang, needed=view.needed,
                   held=advice.held_out, current=percent(advice.auc_current),
                   learned=percent(advice.auc_learned))


def basis_text(view: LearningView, lang: Lang) -> str:
    """Which outcomes the advice rests on, in `lang`."""
    advice = view.advice
    return " ".join((message("learning.basis", lang, pairs=advice.pairs, good=advice.good,
                             bad=advice.bad), message(f"learning.scope.{view.scope}", lang)))
