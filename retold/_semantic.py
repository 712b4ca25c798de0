"""Sentence similarity on meaning: an encoder's cosine beside lexical overlap.

The aligner works on one scale where ``threshold`` (0.5) means "these two
sentences say the same thing". Lexical cosine is already on it. An encoder's
cosine is mapped onto it linearly so that the encoder's own calibrated
threshold lands on 0.5 and 1.0 stays 1.0::

    g(c) = 0.5 + 0.5 * (c - t_enc) / (1 - t_enc)

and the pair's similarity is ``max(lexical, g(cosine))``: a verbatim copy
needs no model, a spun or translated one is carried by the encoder. Numbers
and names are *not* required to agree here — a changed figure must not break
the alignment; the facts stage flags it instead.

Sentence vectors are cached in the index (``vectors`` table), keyed by the
encoder and the sentence's text, so each distinct sentence is encoded once.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._similarity import LexicalFeatures, SimilarityMatrices, lexical_features, lexical_matrices, merged, sentence_bags
from ._models import Document

# Encoder cosine at which two sentences count as aligned, per encoder name,
# measured on held-out data (docs/bench/encoders.md).
ENCODER_THRESHOLDS = {"use-m3": 0.62, "minilm-l6-int8": 0.7, "hashing": 0.75}
DEFAULT_ENCODER_THRESHOLD = 0.7


def _unit(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return m / n


class SemanticSimilarity:
    """``max(lexical cosine, rescaled encoder cosine)`` per sentence pair."""

    threshold = 0.5

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
        missing = sorted({k: s for k, s in zip(keys, sentences) if k not in cached}.items())
        if missing:
            vecs = np.asarray(self.encoder.encode([s for _, s in missing]), dtype=np.float32)
            new = {k: v for (k, _), v in zip(missing, vecs)}
            self.store.put_vectors(new.items())
            cached.update(new)
        return np.stack([cached[k] for k in keys]).astype(np.float32, copy=False)

    def features(self, doc: Document) -> tuple[LexicalFeatures, np.ndarray]:
        return lexical_features(sentence_bags(doc)), self.embed(doc.sentence_texts())

    def rescale(self, cos: np.ndarray) -> np.ndarray:
        t = self.encoder_threshold
        return 0.5 + 0.5 * (cos - t) / (1.0 - t)

    def matrices(self, fa: Any, fb: Any) -> SimilarityMatrices:
        (ba, ea), (bb, eb) = fa, fb
        lex = lexical_matrices(ba, bb)
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
