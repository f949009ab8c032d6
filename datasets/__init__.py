"""Generators of realistic banks and the sample files curators start from.

`generate(size, seed=...)` returns a `GeneratedBank`: the bank and the hidden truth behind it.
"""

from datasets.generators import SIZES, GeneratedBank, generate
from datasets.truth import HiddenTruth

__all__ = ["SIZES", "GeneratedBank", "HiddenTruth", "generate"]
