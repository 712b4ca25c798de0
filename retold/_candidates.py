"""Candidate pairs without comparing all pairs.

Both keys reduce to *group by key, pair within groups*:

* :func:`lsh_pairs` (:func:`lsh_pair_array`): documents sharing any MinHash
  band key, grouped with one sort, no Python loop per bucket.
* :func:`anchor_pairs`: documents sharing enough rare anchors (numbers,
  names), weighted by inverse document frequency. Anchors found in more than
  ``max_df`` documents are dropped (a "stop anchor" like the name of the
  country everybody writes about), which bounds the pairs each document can
  produce and keeps the total about linear in corpus size.

These are the in-memory forms used for batch work and benchmarks; the SQLite
store runs the same grouping as indexed joins (see :mod:`retold._store`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

MAX_BUCKET = 200  # a band bucket bigger than this is a template, not a copy family


def lsh_pair_array(keys: np.ndarray, max_bucket: int = MAX_BUCKET) -> np.ndarray:
    """Row index pairs sharing at least one band key, as an ``(m, 2)`` int64
    array, ``i < j``, sorted, each pair once.

    Group by key with one stable sort of the ``n × bands`` keys (negative
    keys, i.e. empty documents, are skipped, and so are keys whose low bits
    no other key shares, found with one ``np.bincount``); a bucket of more than
    ``max_bucket`` documents keeps its first ``max_bucket`` (in row order):
    bounded work on templates. Pairs are generated for all buckets at once,
    one numpy step per distance ``d`` inside a bucket (``d`` < the largest
    bucket), and deduplicated with ``np.unique`` on ``i * n + j``.
    """
    n, bands = keys.shape
    flat = keys.ravel()
    ok = np.flatnonzero(flat >= 0)
    if len(ok) > 4096:
        # most keys are unique: drop those whose low bits are unique too (one
        # bincount) before sorting; a shared key always survives
        bits = int(4 * len(ok) - 1).bit_length()
        low = (flat[ok] & ((1 << bits) - 1)).astype(np.intp)
        ok = ok[np.bincount(low, minlength=1 << bits)[low] > 1]
    if len(ok) < 2:
        return np.empty((0, 2), dtype=np.int64)
    order = ok[np.argsort(flat[ok], kind="stable")]  # by key, then row (rows are in order in ``ok``)
    k = flat[order]
    owner = order // bands
    # one entry per (key, document), in case a document repeats a key
    keep = np.ones(len(k), dtype=bool)
    keep[1:] = (k[1:] != k[:-1]) | (owner[1:] != owner[:-1])
    k, owner = k[keep], owner[keep]
    new = np.ones(len(k), dtype=bool)
    new[1:] = k[1:] != k[:-1]
    gstart = np.flatnonzero(new)
    gsize = np.diff(np.append(gstart, len(k)))
    multi = gsize > 1
    if not multi.any():
        return np.empty((0, 2), dtype=np.int64)
    # keep only entries of buckets with >= 2 documents, the first max_bucket of each
    gstart, gsize = gstart[multi], np.minimum(gsize[multi], max_bucket)
    first = np.cumsum(gsize) - gsize  # where each bucket starts in the compacted arrays
    pos = np.arange(int(gsize.sum())) - np.repeat(first, gsize)  # rank inside the bucket
    owner = owner[np.repeat(gstart, gsize) + pos]
    size = np.repeat(gsize, gsize)
    codes = []
    d = 1
    cur = np.flatnonzero(pos + 1 < size)
    while len(cur):
        codes.append(owner[cur] * n + owner[cur + d])
        d += 1
        cur = cur[pos[cur] + d < size[cur]]
    u = np.unique(np.concatenate(codes))
    return np.stack((u // n, u % n), axis=1)


def lsh_pairs(keys: np.ndarray) -> set[tuple[int, int]]:
    """Row index pairs ``(i, j)``, ``i < j``, sharing at least one band key."""
    pairs = lsh_pair_array(keys)
    return set(zip(pairs[:, 0].tolist(), pairs[:, 1].tolist()))


def anchor_weights(anchor_sets: Sequence[frozenset[str] | set[str]], max_df: int) -> dict[str, float]:
    """IDF weight of each anchor seen in 2..max_df documents."""
    df: dict[str, int] = defaultdict(int)
    for s in anchor_sets:
        for a in s:
            df[a] += 1
    n = max(2, len(anchor_sets))
    return {a: math.log(n / d) + 1.0 for a, d in df.items() if 2 <= d <= max_df}


def anchor_overlap(shared: float, total_a: float, total_b: float) -> float:
    """Weighted overlap coefficient |A∩B| / min(|A|, |B|)."""
    return shared / max(1e-9, min(total_a, total_b))


def anchor_pairs(
    anchor_sets: Sequence[frozenset[str] | set[str]],
    *,
    max_df: int = 100,
    min_shared: int = 3,
    min_overlap: float = 0.2,
    top_k: int = 25,
) -> dict[tuple[int, int], float]:
    """Pairs sharing at least ``min_shared`` informative anchors.

    Returns ``{(i, j): weighted overlap}``; each document keeps at most
    ``top_k`` partners (by overlap), so the output is O(n · top_k).
    """
    weights = anchor_weights(anchor_sets, max_df)
    postings: dict[str, list[int]] = defaultdict(list)
    totals = []
    for i, s in enumerate(anchor_sets):
        tot = 0.0
        for a in s:
            w = weights.get(a)
            if w is not None:
                postings[a].append(i)
            tot += weights.get(a, math.log(max(2, len(anchor_sets))) + 1.0 if a not in weights else 0)
        totals.append(tot)
    shared_w: dict[tuple[int, int], float] = defaultdict(float)
    shared_n: dict[tuple[int, int], int] = defaultdict(int)
    for a, docs in postings.items():
        w = weights[a]
        for x in range(len(docs)):
            for y in range(x + 1, len(docs)):
                key = (docs[x], docs[y])
                shared_w[key] += w
                shared_n[key] += 1
    scored: dict[int, list[tuple[float, tuple[int, int]]]] = defaultdict(list)
    for key, n in shared_n.items():
        if n < min_shared:
            continue
        ov = anchor_overlap(shared_w[key], totals[key[0]], totals[key[1]])
        if ov >= min_overlap:
            scored[key[0]].append((ov, key))
            scored[key[1]].append((ov, key))
    out: dict[tuple[int, int], float] = {}
    for lst in scored.values():
        lst.sort(reverse=True)
        for ov, key in lst[:top_k]:
            out[key] = ov
    return out
