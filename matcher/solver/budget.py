"""The time of the CP-SAT components: deterministic work shared in proportion to their sizes."""

from __future__ import annotations

import time
from dataclasses import dataclass

WORK_PER_SECOND = 0.2  # deterministic time per second of the limit (reproducible search)
WALL_SAFETY = 3.0  # the wall clock stops a reproducible search only past this × the limit


@dataclass
class TimeBudget:
    """The time of the CP-SAT components, shared in proportion to their sizes.

    Reproducible search is limited by deterministic time (CP-SAT's own count of work): the
    components share WORK_PER_SECOND·time_limit_s units, each what the ones before it left in
    proportion to its size, so the same input and seed give the same answer on any machine and
    under any load. The wall clock only backs it up: WALL_SAFETY·time_limit_s counted from the
    budget's start, since the starts before are bounded by counts of moves, not by time, and a
    loaded machine must not let the wall clock cut the search (that would break
    reproducibility). Without `deterministic` the wall clock from `started` is the limit.
    """

    deterministic: bool
    work_left: float  # deterministic time still to share
    deadline: float  # wall clock (perf_counter) past which nothing runs
    remaining: float  # candidates of the components not yet solved

    @classmethod
    def start(cls, time_limit_s: float, started: float, total: int, *,
              deterministic: bool) -> TimeBudget:
        deadline = (time.perf_counter() + WALL_SAFETY * time_limit_s if deterministic
                    else started + time_limit_s)
        return cls(deterministic, WORK_PER_SECOND * time_limit_s, deadline, float(total))

    def take(self, size: int) -> tuple[float, float]:
        """(limit, wall seconds) for the next component of `size` candidates; the limit is
        deterministic time with `deterministic`, wall seconds without."""
        share = size / max(self.remaining, 1.0)
        wall = max((self.deadline - time.perf_counter()) * share, 0.05)
        limit = max(self.work_left * share, 0.01) if self.deterministic else wall
        self.remaining -= size
        return limit, wall

    def spend(self, work: float) -> None:
        self.work_left -= work
