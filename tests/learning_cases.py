"""Judged pairs for the learning tests: proposals whose outcome a chosen score component
decides, stored as a finished run of a programme (on the fake or a real unit of work)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from matcher.messages.reasons import Reason
from matcher.model import (
    ComponentScore,
    Form,
    Kind,
    PairScore,
    Proposal,
    ProposalStatus,
)
from matcher.scoring import COMPONENTS
from service.domain import RunStage, RunStatus, StoredRun
from service.unit_of_work import AbstractUnitOfWork

AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
NO_REASON = Reason(code="test", ru="", en="")


def judged(n: int, *, seed: int = 0, driver: str = "time_overlap",
           prefix: str = "J") -> list[Proposal]:
    """`n` pairs, confirmed when `driver` is high (with a little noise), rejected otherwise."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        values = rng.random(len(COMPONENTS))
        good = values[COMPONENTS.index(driver)] + rng.normal(0, 0.1) > 0.5
        components = tuple(ComponentScore(name=c, value=float(v), weight=0.1, reason=NO_REASON)
                           for c, v in zip(COMPONENTS, values, strict=True))
        out.append(Proposal(
            id=f"{prefix}{i}", mentor=f"{prefix}M{i}", mentees=(f"{prefix}E{i}",),
            form=Form.teacher_teacher, kind=Kind.individual, score=float(values.mean()),
            pairs=(PairScore(mentee=f"{prefix}E{i}", score=float(values.mean()),
                             components=components),),
            status=ProposalStatus.confirmed if good else ProposalStatus.rejected))
    return out


def store_run(uow: AbstractUnitOfWork, programme_id: str, organisation_id: int | None,
              proposals: list[Proposal]) -> int:
    """A finished run of the programme holding these proposals, as they are; its id."""
    with uow:
        run = uow.runs.add(StoredRun(
            id=0, programme_id=programme_id, organisation_id=organisation_id,
            status=RunStatus.done, stage=RunStage.saving, progress=1.0, created_at=AT,
            created_by="test", created_by_id=None, finished_at=AT))
        uow.proposals.add_all(run.id, proposals, AT)
        uow.commit()
    return run.id
