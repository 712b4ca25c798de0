"""Sentence alignment of two documents.

The aligner finds *passages*: runs of sentences of A matched, in order, to
runs of sentences of B. Within a passage the match is monotone and may pair
one sentence with two (1–2, 2–1, as when a translator splits or merges
sentences) and skip a sentence on either side (a gap). Passages are found
one at a time by local alignment (Smith & Waterman, 1981, over sentences
instead of characters, with the merge moves of Gale & Church, 1993); after
each, the rows and columns it spans are blocked and the search repeats, so a
copy whose paragraphs were moved around still aligns, passage by passage.

Scores: a matched sentence group earns ``similarity - threshold`` (so only
pairs above the threshold extend a passage), a gap costs ``gap``.

:func:`align` is the fast path (the DP restricted to the rows and columns
that have any match at all, over numpy arrays); :func:`align_reference` is
the same recurrence written plainly over the full matrix, and the property
tests check that both give the same passages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._models import Alignment, Passage
from ._similarity import SimilarityMatrices

VERBATIM = 0.9  # lexical cosine at or above which a sentence group is a verbatim copy


@dataclass(frozen=True, slots=True)
class AlignConfig:
    threshold: float = 0.5
    gap: float = 0.15
    min_passage_score: float = 0.2
    max_passages: int = 64


Group = tuple[tuple[int, int], tuple[int, int], float]


def _dp(sim: np.ndarray, s12: np.ndarray, s21: np.ndarray, thr: float, gap: float):
    """Local-alignment DP; returns (best score, end cell, backpointer table)."""
    n, m = sim.shape
    H = np.zeros((n + 1, m + 1), dtype=np.float64)
    back = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 stop, 1 diag, 2 a1b2, 3 a2b1, 4 up, 5 left
    best, bi, bj = 0.0, 0, 0
    g11 = (sim - thr).tolist()
    g12 = (s12 - thr).tolist() if s12.size else None
    g21 = (s21 - thr).tolist() if s21.size else None
    Hl = H.tolist()
    bl = back.tolist()
    for i in range(1, n + 1):
        row = Hl[i]
        prev = Hl[i - 1]
        prev2 = Hl[i - 2] if i >= 2 else None
        g11i = g11[i - 1]
        g12i = g12[i - 1] if g12 is not None else None
        g21i = g21[i - 2] if (g21 is not None and i >= 2) else None
        brow = bl[i]
        for j in range(1, m + 1):
            v, k = 0.0, 0
            x = prev[j - 1] + g11i[j - 1]
            if x > v:
                v, k = x, 1
            if g12i is not None and j >= 2:
                x = prev[j - 2] + g12i[j - 2]
                if x > v:
                    v, k = x, 2
            if g21i is not None:
                x = prev2[j - 1] + g21i[j - 1]
                if x > v:
                    v, k = x, 3
            x = prev[j] - gap
            if x > v:
                v, k = x, 4
            x = row[j - 1] - gap
            if x > v:
                v, k = x, 5
            row[j] = v
            brow[j] = k
            if v > best:
                best, bi, bj = v, i, j
    return best, bi, bj, bl


def _traceback(bl, i: int, j: int, sim, s12, s21) -> list[Group]:
    groups: list[Group] = []
    while i > 0 and j > 0:
        k = bl[i][j]
        if k == 0:
            break
        if k == 1:
            groups.append(((i - 1, i - 1), (j - 1, j - 1), float(sim[i - 1, j - 1])))
            i, j = i - 1, j - 1
        elif k == 2:
            groups.append(((i - 1, i - 1), (j - 2, j - 1), float(s12[i - 1, j - 2])))
            i, j = i - 1, j - 2
        elif k == 3:
            groups.append(((i - 2, i - 1), (j - 1, j - 1), float(s21[i - 2, j - 1])))
            i, j = i - 2, j - 1
        elif k == 4:
            i -= 1
        else:
            j -= 1
    groups.reverse()
    return groups


def _passages(mats: SimilarityMatrices, cfg: AlignConfig, restrict: bool) -> list[list[Group]]:
    sim = mats.sim.astype(np.float64, copy=True)
    s12 = mats.sim_12.astype(np.float64, copy=True)
    s21 = mats.sim_21.astype(np.float64, copy=True)
    n, m = sim.shape
    found: list[list[Group]] = []
    blocked_a = np.zeros(n, dtype=bool)
    blocked_b = np.zeros(m, dtype=bool)
    for _ in range(cfg.max_passages):
        if n == 0 or m == 0:
            break
        live = (sim >= cfg.threshold)
        if s12.size:
            live[:, :-1] |= s12 >= cfg.threshold
        if s21.size:
            live[:-1, :] |= s21 >= cfg.threshold
        if not live.any():
            break
        if restrict:
            rows = np.flatnonzero(live.any(axis=1))
            cols = np.flatnonzero(live.any(axis=0))
            r0, r1 = rows[0], rows[-1] + 2
            c0, c1 = cols[0], cols[-1] + 2
        else:
            r0, r1, c0, c1 = 0, n, 0, m
        r1, c1 = min(r1, n), min(c1, m)
        sub = sim[r0:r1, c0:c1]
        sub12 = s12[r0:r1, c0 : max(c0, c1 - 1)] if s12.size else s12
        sub21 = s21[r0 : max(r0, r1 - 1), c0:c1] if s21.size else s21
        best, bi, bj, bl = _dp(sub, sub12, sub21, cfg.threshold, cfg.gap)
        if best < cfg.min_passage_score:
            break
        groups = _traceback(bl, bi, bj, sub, sub12, sub21)
        if not groups:
            break
        groups = [((int(a0 + r0), int(a1 + r0)), (int(b0 + c0), int(b1 + c0)), float(s)) for (a0, a1), (b0, b1), s in groups]
        found.append(groups)
        ra0, ra1 = groups[0][0][0], groups[-1][0][1]
        rb0, rb1 = groups[0][1][0], groups[-1][1][1]
        blocked_a[ra0 : ra1 + 1] = True
        blocked_b[rb0 : rb1 + 1] = True
        _block(sim, s12, s21, blocked_a, blocked_b)
    return found


def _block(sim, s12, s21, ba, bb) -> None:
    sim[ba, :] = -1.0
    sim[:, bb] = -1.0
    if s12.size:
        s12[ba, :] = -1.0
        s12[:, bb[:-1] | bb[1:]] = -1.0
    if s21.size:
        s21[ba[:-1] | ba[1:], :] = -1.0
        s21[:, bb] = -1.0


def _summarise(
    groups_list: list[list[Group]],
    spans_a: list[tuple[int, int]],
    spans_b: list[tuple[int, int]],
    lex: np.ndarray,
) -> Alignment:
    passages: list[Passage] = []
    cov_a = cov_b = 0
    verb_chars = aligned_chars = 0
    longest = 0
    weighted = 0.0
    for groups in groups_list:
        a0, a1 = groups[0][0][0], groups[-1][0][1]
        b0, b1 = groups[0][1][0], groups[-1][1][1]
        num = den = 0.0
        for (ga0, ga1), (gb0, gb1), s in groups:
            ca = sum(spans_a[k][1] - spans_a[k][0] for k in range(ga0, ga1 + 1))
            cb = sum(spans_b[k][1] - spans_b[k][0] for k in range(gb0, gb1 + 1))
            cov_a += ca
            cov_b += cb
            w = ca + cb
            num += s * w
            den += w
            aligned_chars += w
            lx = max(float(lex[x, y]) for x in range(ga0, ga1 + 1) for y in range(gb0, gb1 + 1))
            if lx >= VERBATIM:
                verb_chars += w
        sim = num / den if den else 0.0
        weighted += num
        longest = max(longest, len(groups))
        passages.append(
            Passage(
                similarity=sim,
                a_start=spans_a[a0][0],
                a_end=spans_a[a1][1],
                b_start=spans_b[b0][0],
                b_end=spans_b[b1][1],
                pairs=tuple(groups),
            )
        )
    passages.sort(key=lambda p: (p.a_start, p.b_start))
    tot_a = sum(e - s for s, e in spans_a) or 1
    tot_b = sum(e - s for s, e in spans_b) or 1
    ca, cb = min(1.0, cov_a / tot_a), min(1.0, cov_b / tot_b)
    score = (weighted / aligned_chars) * max(ca, cb) if aligned_chars else 0.0
    return Alignment(
        passages=passages,
        coverage_a=ca,
        coverage_b=cb,
        verbatim=verb_chars / aligned_chars if aligned_chars else 0.0,
        longest_run=longest,
        score=score,
        mean_similarity=weighted / aligned_chars if aligned_chars else 0.0,
    )


def align_groups(mats: SimilarityMatrices, cfg: AlignConfig = AlignConfig()) -> list[list[Group]]:
    """The passages as lists of aligned sentence groups, without offsets."""
    return _passages(mats, cfg, restrict=True)


def align(
    mats: SimilarityMatrices,
    spans_a: list[tuple[int, int]],
    spans_b: list[tuple[int, int]],
    cfg: AlignConfig = AlignConfig(),
) -> Alignment:
    """Align two documents given their sentence spans and similarity matrices."""
    return _summarise(_passages(mats, cfg, restrict=True), spans_a, spans_b, mats.lex)


def align_reference(
    mats: SimilarityMatrices,
    spans_a: list[tuple[int, int]],
    spans_b: list[tuple[int, int]],
    cfg: AlignConfig = AlignConfig(),
) -> Alignment:
    """The same alignment without the bounding-box restriction (the reference)."""
    return _summarise(_passages(mats, cfg, restrict=False), spans_a, spans_b, mats.lex)
