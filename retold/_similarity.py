"""Sentence similarity, a pluggable function.

The aligner needs, for two documents, three matrices: sentence *i* of A
against sentence *j* of B, and the same for two consecutive sentences merged
on either side (for 1–2 and 2–1 alignments). A :class:`SentenceSimilarity`
turns a document into per-sentence features once (cacheable), and turns two
feature sets into a :class:`SimilarityMatrices`.

:class:`LexicalSimilarity` is the dependency-free default: cosine of
weighted bags of words, where numbers and names (anchors) weigh most and
function words least. It sees verbatim copies, excerpts and light spins; it
is blind across languages and weak on heavy paraphrase, which is what the
encoder-backed similarity (:mod:`retold._encoder`) adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ._models import Document
from ._text import names, normalise_number, strip_accents, tokens

# Function words of the languages we see most; they still count, a little.
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being has have had
    do does did it its this that these those he she they them his her their we our you your i me my not no
    so than then there here which who whom whose what when where why how all any each other some such only
    own same too very can will just should would could may might must shall said says say also into over
    after before about against between through during without within under up down out off again further
    once more most both few nor s t le la les de des du un une et est en au aux pour par sur dans que qui
    il elle ils elles ne pas ce cette ces son sa ses leur leurs der die das und ist ein eine zu den dem
    mit von im el los las y es por con para del al lo""".split()
)
W_STOP = 0.2
W_WORD = 1.0
W_ANCHOR = 2.0


@dataclass(slots=True)
class SimilarityMatrices:
    """``sim``: what the aligner scores with; ``lex``: lexical cosine alone.

    ``*_12`` compares sentence i of A with sentences j, j+1 of B merged;
    ``*_21`` compares sentences i, i+1 of A merged with sentence j of B.
    """

    sim: np.ndarray
    sim_12: np.ndarray
    sim_21: np.ndarray
    lex: np.ndarray
    cos: np.ndarray | None = None  # encoder cosine, when an encoder is used


class SentenceSimilarity(Protocol):
    name: str
    threshold: float  # a sentence pair at or above this counts as aligned

    def features(self, doc: Document) -> Any: ...

    def matrices(self, fa: Any, fb: Any) -> SimilarityMatrices: ...


def sentence_bags(doc: Document) -> list[dict[str, float]]:
    """Weighted bag of words per sentence (anchors: numbers and names)."""
    bags = []
    for s, e in doc.sentences:
        sent = doc.text[s:e]
        bag: dict[str, float] = {}
        for t in tokens(sent):
            w = W_STOP if t in STOPWORDS else W_WORD
            if t.isdigit():
                continue  # numbers enter below, normalised
            t = strip_accents(t)
            bag[t] = max(bag.get(t, 0.0), w)
        from ._text import numbers as _numbers

        for n in _numbers(sent):
            bag["#" + n] = W_ANCHOR
        for nm in names(sent, [(0, len(sent))]):
            bag[nm] = W_ANCHOR
        bags.append(bag)
    return bags


def _matrix(bags: list[dict[str, float]], vocab: dict[str, int]) -> np.ndarray:
    m = np.zeros((len(bags), len(vocab)), dtype=np.float32)
    for i, bag in enumerate(bags):
        for t, w in bag.items():
            m[i, vocab[t]] = w
    return m


def _normalise_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


def merged(m: np.ndarray) -> np.ndarray:
    """Rows i and i+1 summed: features of two consecutive sentences as one."""
    if len(m) < 2:
        return np.zeros((0, m.shape[1]), dtype=m.dtype)
    return m[:-1] + m[1:]


def lexical_matrices(ba: list[dict[str, float]], bb: list[dict[str, float]]) -> SimilarityMatrices:
    vocab: dict[str, int] = {}
    for bags in (ba, bb):
        for bag in bags:
            for t in bag:
                if t not in vocab:
                    vocab[t] = len(vocab)
    A = _matrix(ba, vocab)
    B = _matrix(bb, vocab)
    An, Bn = _normalise_rows(A), _normalise_rows(B)
    sim = An @ Bn.T
    s12 = An @ _normalise_rows(merged(B)).T
    s21 = _normalise_rows(merged(A)) @ Bn.T
    # "verbatim" is judged on plain word overlap, every word weighing the
    # same: a copy that changed one figure is still a verbatim copy (the
    # changed figure is reported as a change, not as rewording).
    Au, Bu = _normalise_rows((A > 0).astype(np.float32)), _normalise_rows((B > 0).astype(np.float32))
    return SimilarityMatrices(sim=sim, sim_12=s12, sim_21=s21, lex=Au @ Bu.T)


class LexicalSimilarity:
    """Weighted bag-of-words cosine; anchors weigh double, stopwords a fifth."""

    name = "lexical"
    threshold = 0.5

    def features(self, doc: Document) -> list[dict[str, float]]:
        return sentence_bags(doc)

    def matrices(self, fa: list[dict[str, float]], fb: list[dict[str, float]]) -> SimilarityMatrices:
        return lexical_matrices(fa, fb)


def normalised_numbers(text: str) -> list[str]:  # re-exported for facts
    from ._text import numbers as _numbers

    return [normalise_number(n) for n in _numbers(text)]
