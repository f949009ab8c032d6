"""Pair scoring: vectorised eligibility, score components, candidates and explanations.

`Scorer` is the entry point (see `matcher.scoring.scorer`); `EXCLUSION_CODES` maps exclusion
bits to the reason codes of `matcher.rules`, `COMPONENTS` lists the components in the order of
`matcher.model.Weights`.
"""

from matcher.scoring.components import COMPONENTS
from matcher.scoring.eligibility import BIT, EXCLUSION_CODES, decode
from matcher.scoring.scorer import DEFAULT_TOP_K, IneligiblePair, Scorer, TooLargeForDense

__all__ = [
    "BIT",
    "COMPONENTS",
    "DEFAULT_TOP_K",
    "EXCLUSION_CODES",
    "IneligiblePair",
    "Scorer",
    "TooLargeForDense",
    "decode",
]
