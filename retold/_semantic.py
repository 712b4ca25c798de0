"""Sentence similarity on meaning: an encoder's cosine beside lexical overlap.

The aligner works on one scale where ``threshold`` (0.5) means "these two
sentences say the same thing". Lexical cosine is already on it. An encoder's
cosine is mapped onto it linearly so that the encoder's own calibrated
threshold lands on 0.5 and 1.0 stays 1.0::

    g(c) = 0.5 + 0.5 * (c - t_enc) / (1 - t_enc)

and a sentence pair's similarity is ``max(lexical, g(cosine))``: a verbatim
copy needs no model, a spun or translated one is carried by the encoder.
Numbers and names are *not* required to agree here — a changed figure must
not break the alignment; the facts stage flags it instead.

Cost control. Encoding is by far the dearest step (a few hundred news
sentences a second on two cores), so the encoder is asked only where it can
change the answer (:meth:`SemanticSimilarity.needs_encoder`): for pairs in
two languages, and for same-language pairs whose lexical overlap has the
shape of a reworded copy (runs of weakly similar sentences in order) but is
not already a verbatim copy. Two articles on one topic, or a verbatim
reprint, never reach the encoder. Vectors are cached in the
index (``vectors`` table), keyed by encoder and sentence text, so each
distinct sentence is encoded once, ever.

Two encoders, one pair, one vector space. The main encoder (USE) covers 16
languages. A document in another language (Icelandic, say) is encoded by
the *fallback* encoder (e5, when installed), and so is every partner it is
compared with: a pair goes to the main encoder when both languages are
covered by it, else to the fallback, and both sides' vectors come from that
one encoder (:meth:`SemanticSimilarity.pair_encoder`). Each encoder has its
own calibrated threshold ``t_enc`` in ``g``; for e5, whose cosines sit in a
narrow band that shifts with the language pair, ``t_enc`` is set per
sentence pair from the document pair's own baseline
(:data:`RELATIVE_MARGINS`, :meth:`SemanticSimilarity.cell_thresholds`).
The sentence ANN behind semantic candidates holds the main encoder's
vectors only (:meth:`SemanticSimilarity.lead_vectors`). Vectors carry the name of the
encoder that made them (:class:`Embeddings`), and :meth:`combine` refuses
to compare vectors of two encoders. With no document outside the main
encoder's languages the fallback is never loaded and costs nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._encoder import covers
from ._models import Document
from ._similarity import (
    LexicalFeatures,
    SimilarityMatrices,
    document_features,
    lexical_matrices,
    merged,
)

log = logging.getLogger(__name__)

# Encoder cosine at which two sentences count as aligned, per encoder name,
# measured on held-out data (docs/bench/encoders.md).
ENCODER_THRESHOLDS = {"use-m3": 0.60, "minilm-l6-v2-int8": 0.70, "hashing-v1": 0.50, "e5-small-q4": 0.85}
DEFAULT_ENCODER_THRESHOLD = 0.7
# Encoders whose cosines are read against the pair's own baseline: e5's
# unrelated sentences score ~0.77 for en-is and ~0.79 for de-fr, so one fixed
# threshold means different things per language pair. For these, a sentence
# pair (i, j) counts as aligned at ``max(floor, (mean_i + mean_j) / 2 + margin)``,
# the means being row i's and column j's mean cosine in this document pair
# (its baseline; cf. the margin criterion of Artetxe & Schwenk 2019).
# Calibrated on WMT21 segments (docs/bench/encoders.md): margin 0.045 lets
# ~1% of same-document non-translations through in en-is and de-fr alike.
RELATIVE_MARGINS = {"e5-small-q4": (0.045, 0.82)}
MAX_CELL_THRESHOLD = 0.95

# needs_encoder: a same-language pair goes to the encoder when at least this
# share of the shorter side's sentences (and at least MIN_WEAK of them) have
# a lexical match of WEAK or more, and it is not already verbatim.
WEAK = 0.3
WEAK_SHARE = 0.2
MIN_RUN = 3
VERBATIM_SHARE = 0.8


def _unit(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return m / n


class Embeddings(np.ndarray):
    """A document's sentence vectors (one row a sentence) from one encoder.

    An ``ndarray`` that also knows the ``encoder`` (its name) that made it
    and the ``features`` of the document it belongs to, so that
    :meth:`SemanticSimilarity.combine`, handed two of these, can check that
    they live in one vector space and fetch the right vectors when they do
    not. Arithmetic on it gives plain arrays.
    """

    encoder: str | None
    features: Any

    @classmethod
    def of(cls, vectors: np.ndarray, encoder: str, features: Any = None) -> "Embeddings":
        out = np.asarray(vectors, dtype=np.float32).view(cls)
        out.encoder = encoder
        out.features = features
        return out

    def __array_finalize__(self, obj: Any) -> None:
        self.encoder = getattr(obj, "encoder", None)
        self.features = getattr(obj, "features", None)

    def __array_wrap__(self, arr: Any, context: Any = None, return_scalar: bool = False) -> Any:
        # results of arithmetic (a @ b.T, a.mean(0)) are plain arrays
        arr = np.asarray(arr)
        return arr[()] if return_scalar else arr

    def __reduce__(self):  # pickles as a plain array
        return np.asarray(self).copy().__reduce__()


@dataclass(slots=True)
class SemanticFeatures:
    """Lexical features now, sentence vectors when first needed.

    ``emb``: the vectors from the encoder this document's own language goes
    to (``None`` until encoded); ``vecs``: every encoder's vectors of it so
    far, by encoder name (a covered-language document compared with an
    uncovered one gets the fallback's vectors too).
    """

    lex: LexicalFeatures
    sentences: list[str]
    language: str
    emb: np.ndarray | None = field(default=None)
    vecs: dict[str, np.ndarray] = field(default_factory=dict)

    def __getstate__(self):  # vectors stay in the process that made them
        return (self.lex, self.sentences, self.language)

    def __setstate__(self, state) -> None:
        self.lex, self.sentences, self.language = state
        self.emb = None
        self.vecs = {}


class SemanticSimilarity:
    """``max(lexical cosine, rescaled encoder cosine)`` per sentence pair."""

    threshold = 0.5
    # No floor on a rewrite's mean aligned similarity: 0.75 cut the recall of
    # WMT21 renderings of one article from 0.989 to 0.901 (different MT
    # systems word one article far apart) for little precision on follow-up
    # stories (docs/bench/meaning.md).
    rewrite_similarity = 0.0

    def __init__(
        self,
        encoder: Any = None,
        store: Any = None,
        encoder_threshold: float | None = None,
        fallback: Any = "auto",
        fallback_threshold: float | None = None,
    ):
        """``encoder``: the main encoder (a name or an :class:`Encoder`; None
        is the default, USE). ``fallback``: the encoder for pairs with a
        document in a language the main one does not cover: a name, an
        encoder, ``None`` (none: the main encoder takes every language, as
        before), or ``"auto"`` (the default): ``e5`` when its package is
        installed and the main encoder lists its languages. It is loaded on
        first use. The thresholds default to :data:`ENCODER_THRESHOLDS` (and
        :data:`RELATIVE_MARGINS`); one given here is a fixed cosine threshold.
        """
        from ._encoder import DEFAULT_FALLBACK_ENCODER, E5Encoder, load_encoder

        self.encoder = load_encoder(encoder) if encoder is None or isinstance(encoder, str) else encoder
        self.store = store
        ename = getattr(self.encoder, "name", "encoder")
        self.name = f"semantic:{ename}"
        self.encoder_threshold = (
            encoder_threshold if encoder_threshold is not None else ENCODER_THRESHOLDS.get(ename, DEFAULT_ENCODER_THRESHOLD)
        )
        if isinstance(fallback, str) and fallback.lower() == "auto":
            auto = getattr(self.encoder, "languages", None) is not None and E5Encoder.available()
            fallback = DEFAULT_FALLBACK_ENCODER if auto else None
        if isinstance(fallback, str) and fallback.lower() in ("", "none"):
            fallback = None
        self.fallback = load_encoder(fallback) if isinstance(fallback, str) else fallback
        if self.fallback is not None and getattr(self.fallback, "name", None) == ename:
            self.fallback = None  # the same encoder: nothing to route
        self._covered: dict[str | None, bool] = {}
        # encoders given a threshold by the caller: a fixed one, never relative
        self._fixed = {ename} if encoder_threshold is not None else set()
        self.thresholds: dict[str, float] = {ename: self.encoder_threshold}
        if self.fallback is not None:
            fname = self.fallback.name
            self.thresholds[fname] = (
                fallback_threshold if fallback_threshold is not None else ENCODER_THRESHOLDS.get(fname, DEFAULT_ENCODER_THRESHOLD)
            )
            if fallback_threshold is not None:
                self._fixed.add(fname)

    # --- routing ------------------------------------------------------------
    def covered(self, language: str | None) -> bool:
        """Whether a document in ``language`` is encoded by the main encoder."""
        if self.fallback is None:
            return True
        hit = self._covered.get(language)
        if hit is None:
            hit = self._covered[language] = covers(self.encoder, language)
        return hit

    def encoder_for(self, language: str | None) -> Any:
        """The encoder a document in ``language`` is encoded with on its own."""
        return self.encoder if self.covered(language) else self.fallback

    def pair_encoder(self, fa: SemanticFeatures, fb: SemanticFeatures) -> Any:
        """The one encoder both sides of a pair are encoded with: the main
        encoder when it covers both languages, else the fallback."""
        if self.covered(fa.language) and self.covered(fb.language):
            return self.encoder
        return self.fallback

    def threshold_of(self, encoder: Any) -> float:
        """The cosine at which ``encoder`` counts two sentences as aligned."""
        name = encoder if isinstance(encoder, str) else getattr(encoder, "name", "")
        return self.thresholds.get(name, ENCODER_THRESHOLDS.get(name, DEFAULT_ENCODER_THRESHOLD))

    # --- vectors ------------------------------------------------------------
    def embed(self, sentences: list[str], encoder: Any = None) -> np.ndarray:
        """Unit vectors of sentences by ``encoder`` (default: the main one),
        through the index's cache when there is one."""
        from ._encoder import sentence_key

        encoder = self.encoder if encoder is None else encoder
        dim = encoder.dim
        if not sentences:
            return np.zeros((0, dim), dtype=np.float32)
        if self.store is None:
            return np.asarray(encoder.encode(sentences), dtype=np.float32)
        keys = [sentence_key(s, encoder) for s in sentences]
        cached = self.store.get_vectors(list(set(keys)), dim)
        missing = sorted({k: s for k, s in zip(keys, sentences) if k not in cached}.items(), key=lambda x: len(x[1]))
        if missing:
            # sorted by length: the encoder pads a batch to its longest sentence
            vecs = np.asarray(encoder.encode([s for _, s in missing]), dtype=np.float32)
            new = {k: v for (k, _), v in zip(missing, vecs)}
            self.store.put_vectors(new.items())
            cached.update(new)
        return np.stack([cached[k] for k in keys]).astype(np.float32, copy=False)

    def features(self, doc: Document) -> SemanticFeatures:
        return SemanticFeatures(
            lex=document_features(doc),
            sentences=doc.sentence_texts(),
            language=(doc.language or "und").split("-")[0],
        )

    def ensure_embeddings(self, feats: list[SemanticFeatures], encoder: Any = None) -> None:
        """Encode what the feature sets lack, one batch per encoder.

        Without ``encoder``: each set's ``emb``, by the encoder of its own
        language. With it: each set's vectors by that encoder (in ``vecs``).
        """
        groups: dict[str, tuple[Any, dict[int, SemanticFeatures]]] = {}
        for f in feats:
            enc = encoder if encoder is not None else self.encoder_for(f.language)
            if enc.name not in f.vecs:
                groups.setdefault(enc.name, (enc, {}))[1][id(f)] = f
        for enc, todo_by_id in groups.values():
            todo = list(todo_by_id.values())
            if enc is not self.encoder and not getattr(self, "_fallback_used", False):
                self._fallback_used = True
                log.info("pairs with documents in %s go to the fallback encoder %s",
                         sorted({f.language for f in todo}), enc.name)
            allv = self.embed([s for f in todo for s in f.sentences], enc)
            pos = 0
            for f in todo:
                f.vecs[enc.name] = Embeddings.of(allv[pos : pos + len(f.sentences)], enc.name, f)
                pos += len(f.sentences)
        for f in feats:
            if f.emb is None:
                f.emb = f.vecs.get(self.encoder_for(f.language).name)

    def vectors_of(self, f: SemanticFeatures, encoder: Any) -> np.ndarray:
        """``f``'s sentence vectors by ``encoder`` (encoded, through the cache, if new)."""
        v = f.vecs.get(encoder.name)
        if v is None:
            self.ensure_embeddings([f], encoder)
            v = f.vecs[encoder.name]
        return v

    # --- matrices -----------------------------------------------------------
    def lexical(self, fa: SemanticFeatures, fb: SemanticFeatures) -> SimilarityMatrices:
        return lexical_matrices(fa.lex, fb.lex)

    def needs_encoder(self, fa: SemanticFeatures, fb: SemanticFeatures, lex: SimilarityMatrices) -> bool:
        """Whether the encoder could turn this pair into a copy.

        Always across languages. Within one language only when lexical
        overlap already shows a reworded copy's shape: a run of at least
        ``MIN_RUN`` consecutive sentence pairs, in order, each sharing a fair
        part of their words (cosine >= ``WEAK``), covering ``WEAK_SHARE`` of
        the shorter side, and not already a verbatim copy (which lexical
        overlap decides alone). Independent articles on one topic share
        words in scattered sentences, not in runs, so they stop here.
        """
        if fa.language != fb.language:
            return True
        n, m = lex.sim.shape
        if n == 0 or m == 0:
            return False
        short_axis = 1 if n <= m else 0
        if (lex.lex.max(axis=short_axis) >= 0.9).mean() >= VERBATIM_SHARE:
            return False
        if int((lex.sim.max(axis=short_axis) >= WEAK).sum()) < MIN_RUN:
            return False
        from ._align import AlignConfig, align_groups

        runs = align_groups(lex, AlignConfig(threshold=WEAK))
        if not runs:
            return False
        longest = max(len(g) for g in runs)
        covered = sum(len(g) for g in runs)
        return longest >= MIN_RUN and covered >= WEAK_SHARE * min(n, m)

    def rescale(self, cos: np.ndarray, threshold: Any = None) -> np.ndarray:
        """``g(cos)``: the threshold (default: the main encoder's; a scalar or
        one per cell) to 0.5, 1 to 1."""
        t = self.encoder_threshold if threshold is None else threshold
        return 0.5 + 0.5 * (cos - t) / (1.0 - t)

    def cell_thresholds(self, encoder: str, cos: np.ndarray) -> tuple[Any, Any, Any]:
        """The cosine thresholds for ``cos`` (sentence i x sentence j of one
        document pair) and its 1-2 and 2-1 merged forms: the encoder's fixed
        threshold, or for an encoder in :data:`RELATIVE_MARGINS` one per cell
        from the pair's own row and column means."""
        rel = None if encoder in self._fixed else RELATIVE_MARGINS.get(encoder)
        if rel is None or cos.size == 0:
            t = self.threshold_of(encoder)
            return t, t, t
        margin, floor = rel
        r = cos.mean(axis=1, dtype=np.float64)
        c = cos.mean(axis=0, dtype=np.float64)

        def cells(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
            t = (rows[:, None] + cols[None, :]) / 2 + margin
            return np.clip(t, floor, MAX_CELL_THRESHOLD).astype(np.float32)

        return cells(r, c), cells(r, (c[:-1] + c[1:]) / 2), cells((r[:-1] + r[1:]) / 2, c)

    def _same_space(self, ea: np.ndarray, eb: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
        """Both sides' vectors from the one encoder the pair goes to, and its name.

        :class:`Embeddings` name their encoder and document, so a pair of
        them is re-routed when it has to be (a German document's USE vectors
        meeting an Icelandic document's e5 vectors: the German one is encoded
        by e5 too). Plain arrays are taken to come from the main encoder.
        """
        ta, tb = getattr(ea, "encoder", None), getattr(eb, "encoder", None)
        fa, fb = getattr(ea, "features", None), getattr(eb, "features", None)
        if fa is not None and fb is not None:
            enc = self.pair_encoder(fa, fb)
            if ta != enc.name:
                ea = self.vectors_of(fa, enc)
            if tb != enc.name:
                eb = self.vectors_of(fb, enc)
            return np.asarray(ea), np.asarray(eb), enc.name
        name = ta or tb or self.encoder.name
        if (ta or name) != name or (tb or name) != name:
            raise ValueError(f"vectors of two encoders ({ta}, {tb}) cannot be compared")
        if ea.shape[1:] != eb.shape[1:]:
            raise ValueError(f"vectors of different sizes ({ea.shape[1:]}, {eb.shape[1:]}) cannot be compared")
        return np.asarray(ea), np.asarray(eb), name

    def combine(self, lex: SimilarityMatrices, ea: np.ndarray, eb: np.ndarray) -> SimilarityMatrices:
        """Lexical matrices merged with the rescaled encoder cosines of ``ea`` x ``eb``."""
        ea, eb, name = self._same_space(ea, eb)
        cos = ea @ eb.T
        cos12 = ea @ _unit(merged(eb)).T
        cos21 = _unit(merged(ea)) @ eb.T
        t, t12, t21 = self.cell_thresholds(name, cos)
        return SimilarityMatrices(
            sim=np.maximum(lex.sim, self.rescale(cos, t)),
            sim_12=np.maximum(lex.sim_12, self.rescale(cos12, t12)) if cos12.size else lex.sim_12,
            sim_21=np.maximum(lex.sim_21, self.rescale(cos21, t21)) if cos21.size else lex.sim_21,
            lex=lex.lex,
            cos=cos,
        )

    def matrices(self, fa: SemanticFeatures, fb: SemanticFeatures) -> SimilarityMatrices:
        lex = self.lexical(fa, fb)
        if not self.needs_encoder(fa, fb, lex):
            return lex
        self.ensure_embeddings([fa, fb])
        assert fa.emb is not None and fb.emb is not None
        return self.combine(lex, fa.emb, fb.emb)

    # --- candidates ---------------------------------------------------------
    def lead_vectors(self, docs: list[Document], k: int = 2) -> list[np.ndarray]:
        """Vectors of each document's first ``k`` sentences (its lead), batched.

        Retellings keep the lead: a translation or a spin of an article
        starts with (a version of) its first sentences, so these few vectors
        per document are enough to find reworded copies by nearest neighbour.
        """
        sents = [d.sentence_texts()[:k] for d in docs]
        allv = self.embed([s for ss in sents for s in ss])
        out, pos = [], 0
        for ss in sents:
            out.append(allv[pos : pos + len(ss)])
            pos += len(ss)
        return out
