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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._models import Document
from ._similarity import (
    LexicalFeatures,
    SimilarityMatrices,
    lexical_features,
    lexical_matrices,
    merged,
    sentence_bags,
)

# Encoder cosine at which two sentences count as aligned, per encoder name,
# measured on held-out data (docs/bench/encoders.md).
ENCODER_THRESHOLDS = {"use-m3": 0.60, "minilm-l6-v2-int8": 0.70, "hashing-v1": 0.50}
DEFAULT_ENCODER_THRESHOLD = 0.7

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


@dataclass(slots=True)
class SemanticFeatures:
    """Lexical features now, sentence vectors when first needed."""

    lex: LexicalFeatures
    sentences: list[str]
    language: str
    emb: np.ndarray | None = field(default=None)


class SemanticSimilarity:
    """``max(lexical cosine, rescaled encoder cosine)`` per sentence pair."""

    threshold = 0.5
    # No floor on a rewrite's mean aligned similarity: 0.75 cut the recall of
    # WMT21 renderings of one article from 0.989 to 0.901 (different MT
    # systems word one article far apart) for little precision on follow-up
    # stories (docs/bench/meaning.md).
    rewrite_similarity = 0.0

    def __init__(self, encoder: Any = None, store: Any = None, encoder_threshold: float | None = None):
        from ._encoder import load_encoder

        self.encoder = load_encoder(encoder) if encoder is None or isinstance(encoder, str) else encoder
        self.store = store
        ename = getattr(self.encoder, "name", "encoder")
        self.name = f"semantic:{ename}"
        self.encoder_threshold = (
            encoder_threshold if encoder_threshold is not None else ENCODER_THRESHOLDS.get(ename, DEFAULT_ENCODER_THRESHOLD)
        )

    # --- vectors ------------------------------------------------------------
    def embed(self, sentences: list[str]) -> np.ndarray:
        """Unit vectors of sentences, through the index's cache when there is one."""
        from ._encoder import sentence_key

        dim = self.encoder.dim
        if not sentences:
            return np.zeros((0, dim), dtype=np.float32)
        if self.store is None:
            return np.asarray(self.encoder.encode(sentences), dtype=np.float32)
        keys = [sentence_key(s, self.encoder) for s in sentences]
        cached = self.store.get_vectors(list(set(keys)), dim)
        missing = sorted({k: s for k, s in zip(keys, sentences) if k not in cached}.items(), key=lambda x: len(x[1]))
        if missing:
            # sorted by length: the encoder pads a batch to its longest sentence
            vecs = np.asarray(self.encoder.encode([s for _, s in missing]), dtype=np.float32)
            new = {k: v for (k, _), v in zip(missing, vecs)}
            self.store.put_vectors(new.items())
            cached.update(new)
        return np.stack([cached[k] for k in keys]).astype(np.float32, copy=False)

    def features(self, doc: Document) -> SemanticFeatures:
        return SemanticFeatures(
            lex=lexical_features(sentence_bags(doc)),
            sentences=doc.sentence_texts(),
            language=(doc.language or "und").split("-")[0],
        )

    def ensure_embeddings(self, feats: list[SemanticFeatures]) -> None:
        """Encode the sentences of every feature set that lacks vectors, in one batch."""
        todo = [f for f in feats if f.emb is None]
        if not todo:
            return
        allv = self.embed([s for f in todo for s in f.sentences])
        pos = 0
        for f in todo:
            f.emb = allv[pos : pos + len(f.sentences)]
            pos += len(f.sentences)

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

    def rescale(self, cos: np.ndarray) -> np.ndarray:
        t = self.encoder_threshold
        return 0.5 + 0.5 * (cos - t) / (1.0 - t)

    def combine(self, lex: SimilarityMatrices, ea: np.ndarray, eb: np.ndarray) -> SimilarityMatrices:
        cos = ea @ eb.T
        cos12 = ea @ _unit(merged(eb)).T
        cos21 = _unit(merged(ea)) @ eb.T
        return SimilarityMatrices(
            sim=np.maximum(lex.sim, self.rescale(cos)),
            sim_12=np.maximum(lex.sim_12, self.rescale(cos12)) if cos12.size else lex.sim_12,
            sim_21=np.maximum(lex.sim_21, self.rescale(cos21)) if cos21.size else lex.sim_21,
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
