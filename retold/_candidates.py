"""Candidate pairs without comparing all pairs.

Both keys reduce to *group by key, pair within groups*:

* :func:`lsh_pairs`: documents sharing any MinHash band key.
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


def lsh_pairs(keys: np.ndarray) -> set[tuple[int, int]]:
    """Row index pairs ``(i, j)``, ``i < j``, sharing at least one band key."""
    n, bands = keys.shape
    flat = keys.ravel()
    owner = np.repeat(np.arange(n), bands)
    ok = flat >= 0
    flat, owner = flat[ok], owner[ok]
    order = np.argsort(flat, kind="stable")
    flat, owner = flat[order], owner[order]
    bounds = np.flatnonzero(np.diff(flat)) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [len(flat)]))
    sizes = ends - starts
    out: set[tuple[int, int]] = set()
    for s, e in zip(starts[sizes > 1], ends[sizes > 1]):
        members = np.unique(owner[s:e])
        if len(members) < 2:
            continue
        if len(members) > MAX_BUCKET:
            # keep near-neighbours in id order only: bounded work on templates
            members = members[:MAX_BUCKET]
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                out.add((int(members[x]), int(members[y])))
    return out


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
