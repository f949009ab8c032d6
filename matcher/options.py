"""Solver options: what to optimise beyond coverage and score, and how long to try."""

from __future__ import annotations

from dataclasses import dataclass

SCALE = 1000  # scores in [0, 1] become integers in [0, SCALE] for CP-SAT and the flow


@dataclass(frozen=True, slots=True)
class SolveOptions:
    """Options of one solve. Weights are in score units (one unit = one perfect pair).

    - `fairness`: integer weight of the worst assigned pair score (raising it by 0.1 is worth
      0.1 × fairness of total score); CP-SAT only.
    - `balance`: weight of the mentor-load penalty `balance × Σ load²`, which spreads mentees
      over more mentors.
    - `unmatched_bonus`: extra weight for covering a mentee left unmatched in the previous run.
    - `keep_bonus`: reward for keeping an unconfirmed pair of the previous run (the penalty for
      changing it), so a rerun moves nobody without a reason.
    - `stable`: no blocking pair (see `matcher.solver.rules.stable`): deferred acceptance
      answers (`matcher.solver.deferred`), CP-SAT improves the score among stable results.
    - `time_limit_s`: overrides the programme's time limit; `workers`: CP-SAT threads.
    - `force_cpsat`: skip the exact flow path even where it applies (tests compare both).
    - `explain`: ask the scorer for each chosen pair's breakdown.
    - `deterministic`: CP-SAT's interleaved (reproducible) parallel search, limited by
      deterministic time (`matcher.solver.engine.WORK_PER_SECOND` units per second of the
      limit) rather than the wall clock, so the same input and seed give the same answer even
      when the limit is reached; the wall clock stops it only past
      `matcher.solver.engine.WALL_SAFETY` times the limit (a machine several times slower than
      usual). False runs the free portfolio against the wall clock: not reproducible.
    """

    fairness: int = 0
    balance: float = 0.0
    unmatched_bonus: float = 0.0
    keep_bonus: float = 0.05
    stable: bool = False
    time_limit_s: float | None = None
    workers: int = 2
    force_cpsat: bool = False
    explain: bool = True
    deterministic: bool = True
    log: bool = False

    def scaled(self, value: float) -> int:
        return round(value * SCALE)


DEFAULT_OPTIONS = SolveOptions()
