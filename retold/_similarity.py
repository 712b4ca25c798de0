"""Sentence similarity, a pluggable function.

The aligner needs, for two documents, three matrices: sentence *i* of A
against sentence *j* of B, and the same for two consecutive sentences merged
on either side (for 1–2 and 2–1 alignments). A :class:`SentenceSimilarity`
turns a document into per-sentence features once (cacheable), and turns two
feature sets into a :class:`SimilarityMatrices`.

:class:`LexicalSimilarity` is the dependency-light default of the lexical
mode: cosine of weighted bags of terms, where numbers and names (anchors)
weigh most and function words least. It sees verbatim copies, excerpts and light spins;
it is blind across languages and weak on heavy paraphrase, which is what the
encoder-backed similarity (:mod:`retold._semantic`) adds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from ._models import Document
from ._text import SENTENCE_CACHE, normalise_number, strip_accents

try:  # the lexical matrices in C (retold/_lexc.c), built at install where there is a C compiler
    from . import _lexc
except ImportError:  # pragma: no cover - exercised where the extension is absent
    _lexc = None

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


_TERM = re.compile(r"\w+(?:['\u2019]\w+)*")
# (the leading digit of both branches factored out: a pattern that starts
# with \d lets the regex engine skip to digits, 3x faster on news sentences;
# NUM_PATTERN_PLAIN is the same written plainly, held equal by a property test)
NUM_PATTERN_PLAIN = r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)?"
_NUM = re.compile(r"\d(?:\d{0,2}(?:[ ,.\u00a0\u202f]\d{3})+(?!\d)|\d*(?:[.,]\d+)?)")


def sentence_terms(sent: str) -> dict[str, float]:
    """Weighted terms of one sentence: words, normalised numbers, names.

    Numbers ("#24000") and capitalised words after the first (names) weigh
    ``W_ANCHOR``, function words ``W_STOP``, other words ``W_WORD``.
    """
    bag: dict[str, float] = {}
    for m in _NUM.finditer(sent):
        bag["#" + normalise_number(m.group())] = W_ANCHOR
    first = True
    for m in _TERM.finditer(sent):
        w = m.group()
        if w[0].isdigit():
            first = False
            continue
        lw = strip_accents(w.lower().replace("\u2019", "'"))
        if not first and w[0].isupper() and lw not in STOPWORDS:
            weight = W_ANCHOR
        else:
            weight = W_STOP if lw in STOPWORDS else W_WORD
        first = False
        if bag.get(lw, 0.0) < weight:
            bag[lw] = weight
    return bag


def sentence_bags(doc: Document) -> list[dict[str, float]]:
    """Weighted bag of terms per sentence of a document (with
    :func:`lexical_features`, the plain definition of a document's
    features; :func:`document_features` computes the same from cached
    sentence rows, and a property test holds them equal)."""
    return [sentence_terms(doc.text[s:e]) for s, e in doc.sentences]


def merged(m: np.ndarray) -> np.ndarray:
    """Rows i and i+1 summed: features of two consecutive sentences as one."""
    if len(m) < 2:
        return np.zeros((0, m.shape[1]), dtype=m.dtype)
    return m[:-1] + m[1:]


@dataclass(slots=True)
class LexicalFeatures:
    """A document's sentences as sparse weighted terms (coordinate form).

    ``rows[k]`` is the sentence of the k-th entry (int32: features travel
    to the scan's worker processes with every pair, and this is a fifth of
    their bytes), ``terms[k]`` a 64-bit hash of its term, ``weights[k]`` its
    weight. Term hashes use Python's
    ``hash``: stable within one process, which is all in-memory features
    need (nothing here is persisted).

    Entries are kept sorted by term (then sentence), and each sentence's
    norms are computed once here, so that comparing two documents
    (:func:`lexical_matrices`, once per candidate pair, while features are
    computed once per document) needs no sort of their union and no
    normalisation of the matrices: ``inv_norms`` (1 / the weighted L2 norm
    of each sentence), ``inv_norms_merged`` (of sentences i and i+1 as one)
    and ``inv_sizes`` (1 / √ the number of terms of each sentence: the norm
    with every weight 1); 0 for a sentence without terms.
    """

    n: int
    rows: np.ndarray
    terms: np.ndarray
    weights: np.ndarray
    inv_norms: np.ndarray = field(init=False, repr=False)
    inv_norms_merged: np.ndarray = field(init=False, repr=False)
    inv_sizes: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        t, r = self.terms, self.rows
        if len(t) > 1 and not (t[1:] >= t[:-1]).all():
            # by term, then sentence (entries usually come in sentence order: a stable sort keeps it)
            order = np.argsort(t, kind="stable") if (r[1:] >= r[:-1]).all() else np.lexsort((r, t))
            self.rows, self.terms, self.weights = r[order], t[order], self.weights[order]
        w = self.weights.astype(np.float64)
        sq = np.bincount(self.rows, weights=w * w, minlength=self.n)
        self.inv_norms = _inverse_sqrt(sq)
        self.inv_sizes = _inverse_sqrt(np.bincount(self.rows, minlength=self.n).astype(np.float64))
        if self.n < 2:
            self.inv_norms_merged = np.zeros(0)
            return
        # |a + b|² = |a|² + |b|² + 2 a·b; a term of sentences i and i+1 both is,
        # in this order, an entry of row i followed by one of row i+1
        t, r = self.terms, self.rows
        both = (t[1:] == t[:-1]) & (r[1:] == r[:-1] + 1)
        dots = np.bincount(r[:-1][both], weights=(w[:-1] * w[1:])[both], minlength=self.n - 1)[: self.n - 1]
        self.inv_norms_merged = _inverse_sqrt(sq[:-1] + sq[1:] + 2.0 * dots)

    def __reduce__(self) -> tuple[Any, ...]:
        # Features go to the scan's worker processes with every pair to
        # check, pickled. Packed into one bytes object they pickle about 3x
        # and unpickle about 1.5x faster than as six arrays (each array goes
        # through numpy's own reducer); unpickled, the arrays are read-only
        # views of that object.
        blob = b"".join([np.ascontiguousarray(getattr(self, name)).tobytes() for name, _dtype, _size in _PACKED])
        return (_unpack_features, (self.n, len(self.terms), len(self.inv_norms_merged), blob))


# The packed arrays, in order: field, dtype, length ("e": entries, "n":
# sentences, "m": merged sentence pairs). 8-byte items first, so that each
# view starts aligned.
_PACKED = (
    ("terms", np.int64, "e"), ("inv_norms", np.float64, "n"), ("inv_norms_merged", np.float64, "m"),
    ("inv_sizes", np.float64, "n"), ("rows", np.int32, "e"), ("weights", np.float32, "e"),
)


def _unpack_features(n: int, entries: int, merged: int, blob: bytes) -> LexicalFeatures:
    """The :class:`LexicalFeatures` that ``__reduce__`` packed into ``blob``."""
    buf = np.frombuffer(blob, dtype=np.uint8)
    sizes = {"e": entries, "n": n, "m": merged}
    f = object.__new__(LexicalFeatures)
    f.n = n
    pos = 0
    for name, dtype, size in _PACKED:
        nbytes = sizes[size] * np.dtype(dtype).itemsize
        setattr(f, name, buf[pos : pos + nbytes].view(dtype))
        pos += nbytes
    return f


def _inverse_sqrt(x: np.ndarray) -> np.ndarray:
    """1 / √x, 0 where x is 0 (weights are positive: x is 0 or above)."""
    x = np.asarray(x, dtype=np.float64)
    out = np.zeros_like(x)
    np.divide(1.0, np.sqrt(x), out=out, where=x > 0)
    return out


def _columns(terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct terms of a sorted term array, and each entry's index
    into them (``np.unique(..., return_inverse=True)`` without the sort)."""
    if len(terms) == 0:
        return terms, np.zeros(0, dtype=np.intp)
    first = np.empty(len(terms), dtype=bool)
    first[0] = True
    np.not_equal(terms[1:], terms[:-1], out=first[1:])
    return terms[first], np.cumsum(first) - 1


@lru_cache(maxsize=SENTENCE_CACHE)
def _sentence_row(sent: str) -> tuple[bytes, bytes]:
    """One sentence's term hashes (int64) and weights (float32) of
    :func:`sentence_terms`, as raw bytes (about 250 bytes a sentence),
    cached: a story's copies repeat its sentences (at 10,000 generated
    documents 58% of the sentences were seen before)."""
    bag = sentence_terms(sent)
    return (np.fromiter(map(hash, bag), dtype=np.int64, count=len(bag)).tobytes(),
            np.fromiter(bag.values(), dtype=np.float32, count=len(bag)).tobytes())


def document_features(doc: Document) -> LexicalFeatures:
    """``lexical_features(sentence_bags(doc))``, from cached sentence rows."""
    rows_t = [_sentence_row(doc.text[s:e]) for s, e in doc.sentences]
    counts = [len(t) >> 3 for t, _ in rows_t]
    return LexicalFeatures(
        n=len(rows_t),
        rows=np.repeat(np.arange(len(rows_t), dtype=np.int32), counts),
        terms=np.frombuffer(b"".join([t for t, _ in rows_t]), dtype=np.int64).copy(),
        weights=np.frombuffer(b"".join([w for _, w in rows_t]), dtype=np.float32).copy(),
    )


def lexical_features(bags: list[dict[str, float]]) -> LexicalFeatures:
    rows, terms, weights = [], [], []
    for i, bag in enumerate(bags):
        for t, w in bag.items():
            rows.append(i)
            terms.append(hash(t))
            weights.append(w)
    return LexicalFeatures(
        n=len(bags),
        rows=np.asarray(rows, dtype=np.int32),
        terms=np.asarray(terms, dtype=np.int64),
        weights=np.asarray(weights, dtype=np.float32),
    )


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


def _cosines(dots: np.ndarray, inv_a: np.ndarray, inv_b: np.ndarray) -> np.ndarray:
    """Dot products scaled by both sides' inverse norms, to 6 decimals."""
    return np.round(dots * inv_a[:, None] * inv_b, 6)


def lexical_matrices(fa: LexicalFeatures, fb: LexicalFeatures) -> SimilarityMatrices:
    """Cosine matrices between two documents' sentences: :func:`_lexical_matrices_numpy`,
    computed in C where the extension was built (``retold/_lexc.c``: a merge
    of the two sorted term lists instead of dense matrices; 15 against 73 µs
    a pair over the 43,709 pairs of a 10,000-document scan, the output
    arrays' allocation included; the same operations in the same order, so the same values but
    for numpy's matrix product, whose summation order BLAS may change in a
    dot's last bit: a property test holds the two equal)."""
    if _lexc is None:
        return _lexical_matrices_numpy(fa, fb)
    na, nb = fa.n, fb.n
    out = SimilarityMatrices(
        sim=np.empty((na, nb)),
        sim_12=np.empty((na, max(nb - 1, 0))),
        sim_21=np.empty((max(na - 1, 0), nb)),
        lex=np.empty((na, nb)),
    )
    _lexc.matrices(fa, fb, out.sim, out.sim_12, out.sim_21, out.lex)
    return out


def _lexical_matrices_numpy(fa: LexicalFeatures, fb: LexicalFeatures) -> SimilarityMatrices:
    """Cosine matrices between two documents' sentences.

    Only the terms the two share can add to a dot product, so B's terms are
    looked up among A's (a binary search: A's terms are sorted) and both are
    laid out on A's vocabulary; one product of the two gives every dot
    product, of single sentences and, summed along a diagonal neighbour, of
    merged ones; the norms come with the features. "Verbatim" is judged on
    ``lex``, plain term overlap with every term weighing the same: a copy
    that changed one figure is still a verbatim copy (the changed figure is
    reported as a change, not as rewording).

    The same cosines as :func:`lexical_matrices_reference` (up to the last
    of the 6 decimals kept, which float32 arithmetic there can move; a
    property test holds them within 1e-6), in about 0.6 of its time.
    """
    vocab, cols = _columns(fa.terms)
    A = np.zeros((fa.n, len(vocab)))
    A[fa.rows, cols] = fa.weights
    B = np.zeros((fb.n, len(vocab)))
    if len(vocab):
        pos = np.searchsorted(vocab, fb.terms)
        np.minimum(pos, len(vocab) - 1, out=pos)
        hit = vocab[pos] == fb.terms
        B[fb.rows[hit], pos[hit]] = fb.weights[hit]
    dots = A @ B.T
    shared = (A > 0).astype(np.float64) @ (B > 0).astype(np.float64).T
    return SimilarityMatrices(
        sim=_cosines(dots, fa.inv_norms, fb.inv_norms),
        sim_12=_cosines(dots[:, :-1] + dots[:, 1:], fa.inv_norms, fb.inv_norms_merged),
        sim_21=_cosines(dots[:-1] + dots[1:], fa.inv_norms_merged, fb.inv_norms),
        lex=_cosines(shared, fa.inv_sizes, fb.inv_sizes),
    )


def lexical_matrices_reference(fa: LexicalFeatures, fb: LexicalFeatures) -> SimilarityMatrices:
    """:func:`lexical_matrices` by its definition: both documents' sentences
    as unit vectors over the union of their terms, and their products."""
    vocab, inv = np.unique(np.concatenate((fa.terms, fb.terms)), return_inverse=True)
    k = len(fa.terms)
    A = np.zeros((fa.n, len(vocab)), dtype=np.float32)
    B = np.zeros((fb.n, len(vocab)), dtype=np.float32)
    A[fa.rows, inv[:k]] = fa.weights
    B[fb.rows, inv[k:]] = fb.weights
    An, Bn = _unit(A), _unit(B)
    return SimilarityMatrices(
        sim=_settled(An @ Bn.T),
        sim_12=_settled(An @ _unit(merged(B)).T),
        sim_21=_settled(_unit(merged(A)) @ Bn.T),
        lex=_settled(_unit((A > 0).astype(np.float32)) @ _unit((B > 0).astype(np.float32)).T),
    )


def _settled(m: np.ndarray) -> np.ndarray:
    """Cosines rounded to 6 decimals, as float64.

    The float32 products differ in their last bit with the order of the
    local vocabulary, which follows Python's string hashing and so changes
    from run to run; and a cosine that is exactly a threshold is common (9
    of 10 words shared: 0.9). Rounded, such a sentence falls on the same
    side of the threshold in every run.
    """
    return np.round(m.astype(np.float64), 6)


class LexicalSimilarity:
    """Weighted bag-of-terms cosine; anchors weigh double, stopwords a fifth."""

    name = "lexical"
    threshold = 0.5

    def features(self, doc: Document) -> LexicalFeatures:
        return document_features(doc)

    def matrices(self, fa: LexicalFeatures, fb: LexicalFeatures) -> SimilarityMatrices:
        return lexical_matrices(fa, fb)
