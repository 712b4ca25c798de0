"""Sentence keys: the third candidate key, for verbatim reuse too short for MinHash.

A MinHash band key needs most of two documents' shingles in common: an
aggregator's one-sentence lead under a "read more" line, or two paragraphs of
background carried into a 600-word follow-up, share a few percent of the
longer text's shingles and almost never a band. Anchors catch some of them,
but the names of a lead are often among the most common in the corpus.

So every sentence of at least :data:`MIN_WORDS` words is also indexed by a
64-bit hash of its word tokens (case, punctuation and spacing folded away):
two documents sharing one long sentence verbatim become candidates. The cost
is one row per sentence in the store and one indexed lookup per new
document; keys held by more than ``max_df`` documents (a stock phrase, a
template line cleaning kept) are ignored at lookup, which bounds the pairs a
document can produce. The verifier still decides: a shared sentence makes a
candidate, not a link.
"""

from __future__ import annotations

import hashlib

from ._text import tokens

MIN_WORDS = 8


def sentence_key(sentence: str) -> int | None:
    """A signed 64-bit key for a sentence's word tokens, None when too short."""
    toks = tokens(sentence)
    if len(toks) < MIN_WORDS:
        return None
    digest = hashlib.blake2b(" ".join(toks).encode("utf-8"), digest_size=8, person=b"retold-sentence").digest()
    return int.from_bytes(digest, "little", signed=True)


def sentence_keys(text: str, spans: list[tuple[int, int]]) -> tuple[int, ...]:
    """The distinct keys of a document's sentences (pure)."""
    out = []
    seen = set()
    for s, e in spans:
        k = sentence_key(text[s:e])
        if k is not None and k not in seen:
            seen.add(k)
            out.append(k)
    return tuple(out)
