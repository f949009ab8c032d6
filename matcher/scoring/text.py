"""Text features: TF-IDF over character n-grams of the free texts, with optional lemmatisation.

Moved out of `matcher.scoring.features` (which re-exports these names) to keep that module
under the size limit once its row builders got typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import chain
from typing import Self

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from matcher.messages.plural import morph  # one pymorphy3 analyser per process

_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def _lemma(word: str) -> str:
    lemma: str = morph().parse(word)[0].normal_form  # pymorphy3 is untyped
    return lemma


def lemmatize_text(text: str) -> str:
    """Replace each word by its dictionary form (pymorphy3), keeping word order."""
    return " ".join(_lemma(w) for w in _WORD.findall(text.lower().replace("ё", "е")))


def _plain(text: str) -> str:
    return text.lower().replace("ё", "е")


class TextFeaturizer(BaseEstimator):  # type: ignore[misc]  # sklearn ships no type hints
    """TF-IDF over character n-grams inside word boundaries (`char_wb`), which absorbs Russian
    word endings; optional pymorphy3 lemmatisation first. Rows are L2-normalised, so a dot
    product of two rows is their cosine similarity, in [0, 1] as all weights are non-negative.

    The result equals `TfidfVectorizer(analyzer="char_wb", sublinear_tf=True, ...)` fitted on
    the non-empty texts (a unit test checks it), computed faster: a `char_wb` n-gram never
    crosses a space, so a text's n-gram counts are its word counts times each distinct word's
    n-gram counts, and only distinct words go through the n-gram analyser.
    """

    chars_: CountVectorizer  # learned: the n-gram analyser fitted on the words seen
    keep_: NDArray[np.intp]  # learned: n-gram columns kept after the document-frequency cut
    tfidf_: TfidfTransformer  # learned: the IDF weights

    def __init__(
        self, *, lemmatize: bool = False, ngram_range: tuple[int, int] = (2, 4),
        max_df: float = 0.5, min_df: int = 1,
    ) -> None:
        self.lemmatize = lemmatize
        self.ngram_range = ngram_range
        self.max_df = max_df
        self.min_df = min_df

    def _prep(self, texts: Iterable[str]) -> list[str]:
        fn = lemmatize_text if self.lemmatize else _plain
        return [fn(t) if t.strip() else "" for t in texts]

    def _counts(self, docs: list[str], *, fit: bool) -> sp.csr_matrix:
        """Docs × n-gram counts via docs × words and words × n-grams, columns not yet cut to
        `keep_` and indices unsorted (`_cut` does both)."""
        split = [d.split() for d in docs]
        tokens = list(chain.from_iterable(split))
        if not tokens:
            n = len(self.chars_.vocabulary_) if not fit else 0
            return sp.csr_matrix((len(docs), n), dtype=np.float64)
        vocab = sorted(set(tokens))
        index = {w: i for i, w in enumerate(vocab)}
        lengths = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        per_doc = sp.csr_matrix(
            (np.ones(len(tokens)),
             (np.repeat(np.arange(len(docs)), lengths),
              np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens)))),
            shape=(len(docs), len(vocab)))  # duplicates are summed: word counts
        if fit:
            self.chars_ = CountVectorizer(
                analyzer="char_wb", ngram_range=tuple(self.ngram_range), lowercase=False)
            per_word = self.chars_.fit_transform(vocab)
        else:
            per_word = self.chars_.transform(vocab)
        counts: sp.csr_matrix = per_doc @ per_word.astype(np.float64)
        return counts

    def fit(self, texts: Sequence[str]) -> Self:
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Learn the vocabulary and IDF from the non-empty texts; empty texts get zero rows."""
        docs = self._prep(texts)
        counts = self._counts(docs, fit=True)
        filled = np.flatnonzero(counts.getnnz(axis=1) > 0)
        df = np.bincount(counts.indices, minlength=counts.shape[1])  # empty rows add nothing
        # Very common n-grams (" на", "ть ") make every pair look alike and cost the most in
        # products; a bank with only a few texts keeps everything.
        high = self.max_df * len(filled) if len(filled) >= 20 else np.inf
        self.keep_ = np.flatnonzero((df <= high) & (df >= self.min_df))
        counts = _cut(counts, self.keep_)
        self.tfidf_ = TfidfTransformer(sublinear_tf=True)
        if counts.shape[1]:
            self.tfidf_.fit(_rows_of(counts, filled))
        return self._finish(counts)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        counts = self._counts(self._prep(texts), fit=False)
        if counts.shape[1] == 0:
            return sp.csr_matrix((len(texts), len(self.keep_)), dtype=np.float64)
        return self._finish(_cut(counts, self.keep_))

    def _finish(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        if counts.shape[1] == 0:
            return sp.csr_matrix(counts.shape, dtype=np.float64)
        # `counts` is this featurizer's own: weighted in place, not copied.
        weighted: sp.csr_matrix = self.tfidf_.transform(counts, copy=False).astype(
            np.float64, copy=False).tocsr()
        return weighted


def _cut(counts: sp.csr_matrix, keep: NDArray[np.intp]) -> sp.csr_matrix:
    """`counts[:, keep]` (`keep` sorted) with sorted indices, with fewer and smaller temporary
    arrays than scipy's column indexing: the kept entries' columns are renumbered."""
    column = np.full(counts.shape[1], -1, dtype=counts.indices.dtype)
    column[keep] = np.arange(len(keep), dtype=column.dtype)
    new = column[counts.indices]
    kept = new >= 0
    gone = np.flatnonzero(~kept)  # the few entries of the very common n-grams
    rows = np.searchsorted(counts.indptr, gone, side="right") - 1
    removed = np.cumsum(np.bincount(rows, minlength=counts.shape[0]))
    indptr = counts.indptr.copy()
    indptr[1:] -= removed.astype(indptr.dtype, copy=False)
    out = sp.csr_matrix((counts.data[kept], new[kept], indptr),
                        shape=(counts.shape[0], len(keep)))
    out.sort_indices()
    return out


def _rows_of(x: sp.csr_matrix, rows: NDArray[np.intp]) -> sp.csr_matrix:
    """`x[rows]` where every row left out is empty: the same arrays, fewer row pointers."""
    indptr = np.append(x.indptr[rows], x.indptr[-1])
    return sp.csr_matrix((x.data, x.indices, indptr), shape=(len(rows), x.shape[1]))
