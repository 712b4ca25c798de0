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

Given the two texts, a passage's edges move inside sentences: where only
part of an edge sentence is copied verbatim, the passage starts (ends) where
the copy does, and where the copy runs on into part of the sentence just
outside, the passage grows into it (:func:`_refine_edges`).

:func:`align` is the fast path (the DP restricted to the rows and columns
that have any match at all, over numpy arrays); :func:`align_reference` is
the same recurrence written plainly over the full matrix, and the property
tests check that both give the same passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._diff import matching_blocks, ratio
from ._models import Alignment, Passage
from ._similarity import STOPWORDS, SimilarityMatrices
from ._text import PAIR_CACHE

VERBATIM = 0.9  # lexical cosine at or above which a sentence group is a verbatim copy


@dataclass(frozen=True, slots=True)
class AlignConfig:
    threshold: float = 0.5
    gap: float = 0.15
    min_passage_score: float = 0.2
    max_passages: int = 64


Group = tuple[tuple[int, int], tuple[int, int], float]


_NEG = float("-inf")

try:  # the same DP in C (retold/_dpc.c), built at install where there is a C compiler
    from ._dpc import dp as _dp_c
except ImportError:  # pragma: no cover - not built: the Python loop below does the same
    _dp_c = None


def _dp_fast(sim: np.ndarray, s12: np.ndarray, s21: np.ndarray, thr: float, gap: float):
    """:func:`_dp` in C where the extension is built (the same floats, bit
    for bit: see retold/_dpc.c), else :func:`_dp` itself."""
    if _dp_c is None:
        return _dp(sim, s12, s21, thr, gap)
    n, m = sim.shape
    best, bi, bj, flat = _dp_c(
        np.ascontiguousarray(sim, dtype=np.float64),
        np.ascontiguousarray(s12, dtype=np.float64) if s12.size else None,
        np.ascontiguousarray(s21, dtype=np.float64) if s21.size else None,
        n, m, float(thr), float(gap),
    )
    w = m + 1
    return best, bi, bj, [flat[i * w : (i + 1) * w] for i in range(n + 1)]


def _dp(sim: np.ndarray, s12: np.ndarray, s21: np.ndarray, thr: float, gap: float):
    """Local-alignment DP; returns (best score, end cell, backpointer table).

    Backpointers: 0 stop, 1 diagonal, 2 one sentence of A to two of B, 3 two
    of A to one of B, 4 up (a gap in B), 5 left (a gap in A); on a tie the
    first of these wins. Only two rows of scores are kept (the traceback
    reads the backpointers alone), and each row is one pass of ``zip`` over
    its neighbours' scores and gains, a merge that cannot apply (the first
    column or row) reading a gain of minus infinity.
    """
    n, m = sim.shape
    g11 = (sim - thr).tolist()
    g12 = (s12 - thr).tolist() if s12.size else None
    g21 = (s21 - thr).tolist() if s21.size else None
    never = [_NEG] * m
    prev2 = prev = [0.0] * (m + 1)
    bl = [[0] * (m + 1)]
    best, bi, bj = 0.0, 0, 0
    cols = range(1, m + 1)
    for i in range(1, n + 1):
        gain12 = [_NEG, *g12[i - 1]] if g12 is not None else never  # [j - 1]: A i-1 with B j-2, j-1
        gain21 = g21[i - 2] if (g21 is not None and i >= 2) else never  # [j - 1]: A i-2, i-1 with B j-1
        row = [0.0] * (m + 1)
        brow = [0] * (m + 1)
        left = 0.0
        for j, diag, g1, skew, g2, diag2, g3, up in zip(cols, prev, g11[i - 1], [0.0, *prev], gain12, prev2, gain21,
                                                          prev[1:]):
            v, k = 0.0, 0
            x = diag + g1
            if x > v:
                v, k = x, 1
            x = skew + g2
            if x > v:
                v, k = x, 2
            x = diag2 + g3
            if x > v:
                v, k = x, 3
            x = up - gap
            if x > v:
                v, k = x, 4
            x = left - gap
            if x > v:
                v, k = x, 5
            row[j] = left = v
            brow[j] = k
            if v > best:
                best, bi, bj = v, i, j
        bl.append(brow)
        prev2, prev = prev, row
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
    """Passages one after another, best first, each a monotone run of groups.

    A found passage blocks only the sentences it aligns: the ones its path
    skips stay free, so a paragraph moved out of the middle of a run (a
    shuffled copy) is found as a passage of its own, and the run is then
    split around it (:func:`_split_at_others`). A passage that would cut
    into an earlier one's span must be a run of at least two groups; a
    single sentence matched there is more likely a chance echo.
    """
    sim = mats.sim.astype(np.float64, copy=True)
    s12 = mats.sim_12.astype(np.float64, copy=True)
    s21 = mats.sim_21.astype(np.float64, copy=True)
    n, m = sim.shape
    found: list[list[Group]] = []
    spans: list[tuple[int, int, int, int]] = []
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
        best, bi, bj, bl = (_dp_fast if restrict else _dp)(sub, sub12, sub21, cfg.threshold, cfg.gap)
        if best < cfg.min_passage_score:
            break
        groups = _traceback(bl, bi, bj, sub, sub12, sub21)
        if not groups:
            break
        groups = [((int(a0 + r0), int(a1 + r0)), (int(b0 + c0), int(b1 + c0)), float(s)) for (a0, a1), (b0, b1), s in groups]
        ra0, ra1 = groups[0][0][0], groups[-1][0][1]
        rb0, rb1 = groups[0][1][0], groups[-1][1][1]
        for (ga0, ga1), (gb0, gb1), _s in groups:
            blocked_a[ga0 : ga1 + 1] = True
            blocked_b[gb0 : gb1 + 1] = True
        _block(sim, s12, s21, blocked_a, blocked_b)
        cuts_in = any(ra0 <= x1 and x0 <= ra1 or rb0 <= y1 and y0 <= rb1 for x0, x1, y0, y1 in spans)
        if cuts_in and len(groups) < 2:
            continue  # blocked, not kept
        found.append(groups)
        spans.append((ra0, ra1, rb0, rb1))
    return _split_at_others(found, n, m)


def _split_at_others(found: list[list[Group]], n: int, m: int) -> list[list[Group]]:
    """Each passage cut where its path skips sentences another passage aligns,
    so that no two passages' spans overlap on either side."""
    owner_a = np.full(n, -1, dtype=np.int64)
    owner_b = np.full(m, -1, dtype=np.int64)
    for k, groups in enumerate(found):
        for (ga0, ga1), (gb0, gb1), _s in groups:
            owner_a[ga0 : ga1 + 1] = k
            owner_b[gb0 : gb1 + 1] = k
    out: list[list[Group]] = []
    for k, groups in enumerate(found):
        piece = [groups[0]]
        for prev, g in zip(groups, groups[1:]):
            gap_a = owner_a[prev[0][1] + 1 : g[0][0]]
            gap_b = owner_b[prev[1][1] + 1 : g[1][0]]
            if ((gap_a >= 0) & (gap_a != k)).any() or ((gap_b >= 0) & (gap_b != k)).any():
                out.append(piece)
                piece = []
            piece.append(g)
        out.append(piece)
    return out


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
    texts: tuple[str, str] | None = None,
) -> Alignment:
    passages: list[Passage] = []
    cov_a = cov_b = 0
    verb_chars = aligned_chars = 0
    longest = 0
    weighted = 0.0
    # sentences inside any passage: a passage may grow only into the others,
    # each of which one passage at most takes (see _refine_edges)
    used: tuple[set[int], set[int]] = (set(), set())
    if texts is not None:
        for g in groups_list:
            used[0].update(range(g[0][0][0], g[-1][0][1] + 1))
            used[1].update(range(g[0][1][0], g[-1][1][1] + 1))
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
        edges = (spans_a[a0][0], spans_a[a1][1], spans_b[b0][0], spans_b[b1][1])
        if texts is not None:
            edges = _refine_edges(groups, spans_a, spans_b, texts, edges, used)
        passages.append(Passage(similarity=sim, a_start=edges[0], a_end=edges[1], b_start=edges[2], b_end=edges[3], pairs=tuple(groups)))
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
    texts: tuple[str, str] | None = None,
) -> Alignment:
    """Align two documents given their sentence spans and similarity matrices.

    With ``texts`` (the two documents' texts the spans point into), a
    passage whose first or last sentence is copied only in part starts or
    ends where the verbatim copy does (:func:`_refine_edges`); without, a
    passage spans whole sentences.
    """
    return _summarise(_passages(mats, cfg, restrict=True), spans_a, spans_b, mats.lex, texts)


def align_reference(
    mats: SimilarityMatrices,
    spans_a: list[tuple[int, int]],
    spans_b: list[tuple[int, int]],
    cfg: AlignConfig = AlignConfig(),
    texts: tuple[str, str] | None = None,
) -> Alignment:
    """The same alignment without the bounding-box restriction, and with
    the DP in Python (the reference)."""
    return _summarise(_passages(mats, cfg, restrict=False), spans_a, spans_b, mats.lex, texts)


# --- passage edges inside sentences --------------------------------------------
# A copied passage need not start or end at a sentence boundary: a reused
# block pasted into the middle of a sentence, or a sentence of which only
# the second half was taken. The aligner pairs whole sentences, so such an
# edge sentence drags its uncopied part into the passage. Where the edge
# pair's words match verbatim over a stretch that reaches the passage's
# inside, and what lies outside that stretch shares (almost) no content
# words with the other side, the passage edge moves to where the stretch
# starts (or ends). Reworded sentences share their words, in another order,
# so they are never cut.

_EDGE_TOKEN = re.compile(r"\w+")
_EXTEND_MIN_MATCH = 5  # matched words a stretch needs to grow a passage into a sentence outside it
_EDGE_EXACT = 0.999  # an edge group this similar is copied whole: nothing to cut
_EDGE_MAX_SHARED = 0.2  # share of the cut-off content words found in the other side's cut-off part


def _edge_tokens(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _EDGE_TOKEN.finditer(text, s, e)]


def _content(toks: list[tuple[int, int, str]]) -> set[str]:
    return {t for _, _, t in toks if len(t) > 2 and t not in STOPWORDS and not t.isdigit()}


def _edge_words(text: str) -> list[str]:
    """The words of :func:`_edge_tokens` without their offsets."""
    return [t.lower() for t in _EDGE_TOKEN.findall(text)]


def _verbatim_stretch(a: list[str], b: list[str], anchor: str, min_match: int = 3) -> tuple[int, int, int, int] | None:
    """Token range ``(a0, a1, b0, b1)`` of the verbatim stretch two edge
    sentences (their lower-cased words) share.

    ``anchor``: "end" (the stretch must run to both ends, the passage
    continues after this group), "start" (from both starts), or "none".
    """
    blocks = [x for x in matching_blocks(a, b) if x[2]]  # (a, b, size)
    if not blocks:
        return None
    # chain matching blocks separated by small gaps (a changed word, a
    # mangled character) into stretches
    chains: list[list[tuple[int, int, int]]] = []
    for x in blocks:
        if chains:
            la, lb, ls = chains[-1][-1]
            gap = max(x[0] - la - ls, x[1] - lb - ls)
            if gap <= 3 or (gap <= 8 and x[2] >= 3):
                chains[-1].append(x)
                continue
        chains.append([x])
    # a stretch neither starts nor ends with a lone word matched across a
    # gap ("the" after "and" / "while")
    spans = []
    for ch in chains:
        while len(ch) > 1 and ch[-1][2] < 2:
            ch = ch[:-1]
        while len(ch) > 1 and ch[0][2] < 2:
            ch = ch[1:]
        spans.append([ch[0][0], ch[-1][0] + ch[-1][2], ch[0][1], ch[-1][1] + ch[-1][2], sum(x[2] for x in ch)])
    chains = spans
    if anchor == "end":
        c = chains[-1]
        if len(a) - c[1] > 2 or len(b) - c[3] > 2:
            return None
    elif anchor == "start":
        c = chains[0]
        if c[0] > 2 or c[2] > 2:
            return None
    else:
        c = max(chains, key=lambda x: x[4])
    if c[4] < min_match:
        return None
    return c[0], c[1], c[2], c[3]


def _stretch(ta_txt: str, tb_txt: str, a0: int, a1: int, b0: int, b1: int, anchor: str, min_match: int = 3):
    """:func:`_verbatim_stretch` of ``ta_txt[a0:a1]`` and ``tb_txt[b0:b1]``
    (None where either has no word). The token indices are those of
    ``_edge_tokens(ta_txt, a0, a1)``: a caller lists the tokens only when
    there is a stretch to place (most edges have none)."""
    return _stretch_of(ta_txt[a0:a1], tb_txt[b0:b1], anchor, min_match)


@lru_cache(maxsize=PAIR_CACHE)
def _stretch_of(a: str, b: str, anchor: str, min_match: int):
    """:func:`_verbatim_stretch` of two texts (token indices depend on the
    texts alone), cached: a story's copies meet the same edge sentences in
    many pairs."""
    return _verbatim_stretch(_edge_words(a), _edge_words(b), anchor, min_match)


def _cut_ok(cut_a, cut_b) -> bool:
    """The parts to cut off are not a rewording of each other."""
    ca, cb = _content(cut_a), _content(cut_b)
    if not ca or not cb:
        return True
    shared = len(ca & cb)
    return shared <= _EDGE_MAX_SHARED * min(len(ca), len(cb))


def _refine_edges(groups, spans_a, spans_b, texts, edges, used):
    """A passage's character range, its edges moved to where the verbatim copy starts and ends.

    An edge sentence copied only in part is cut (what is cut shares almost
    no content words with the other side); a passage whose edge sentences
    are copied whole grows into the sentences just outside when their
    neighbouring parts are a verbatim copy too (a copy that starts in the
    middle of a sentence too little of which was copied to pass the
    threshold), unless another passage holds them.
    """
    a_start, a_end, b_start, b_end = edges
    ta_txt, tb_txt = texts
    (fa0, fa1), (fb0, fb1), s_first = groups[0]
    (la0, la1), (lb0, lb1), s_last = groups[-1]
    single = len(groups) == 1
    cut_start = cut_end = False
    # the first group: the stretch runs to the group's end (unless it is the only group)
    if s_first < _EDGE_EXACT or single:
        st = _stretch(ta_txt, tb_txt, spans_a[fa0][0], spans_a[fa1][1], spans_b[fb0][0], spans_b[fb1][1],
                      "none" if single else "end")
        if st is not None:
            ta = _edge_tokens(ta_txt, spans_a[fa0][0], spans_a[fa1][1])
            tb = _edge_tokens(tb_txt, spans_b[fb0][0], spans_b[fb1][1])
            x0, x1, y0, y1 = st
            if (x0 > 2 or y0 > 2) and _cut_ok(ta[:x0], tb[:y0]):
                a_start, b_start, cut_start = ta[x0][0], tb[y0][0], True
            if single and (len(ta) - x1 > 2 or len(tb) - y1 > 2) and _cut_ok(ta[x1:], tb[y1:]):
                a_end, b_end, cut_end = _end_of(ta_txt, ta[x1 - 1][1], spans_a[fa1][1]), _end_of(tb_txt, tb[y1 - 1][1], spans_b[fb1][1]), True
    if not single and s_last < _EDGE_EXACT:
        st = _stretch(ta_txt, tb_txt, spans_a[la0][0], spans_a[la1][1], spans_b[lb0][0], spans_b[lb1][1], "start")
        if st is not None:
            ta = _edge_tokens(ta_txt, spans_a[la0][0], spans_a[la1][1])
            tb = _edge_tokens(tb_txt, spans_b[lb0][0], spans_b[lb1][1])
            x0, x1, y0, y1 = st
            if (len(ta) - x1 > 2 or len(tb) - y1 > 2) and _cut_ok(ta[x1:], tb[y1:]):
                a_end, b_end, cut_end = _end_of(ta_txt, ta[x1 - 1][1], spans_a[la1][1]), _end_of(tb_txt, tb[y1 - 1][1], spans_b[lb1][1]), True
    used_a, used_b = used
    if not cut_start and fa0 > 0 and fb0 > 0 and fa0 - 1 not in used_a and fb0 - 1 not in used_b:
        st = _stretch(ta_txt, tb_txt, *spans_a[fa0 - 1], *spans_b[fb0 - 1], "end", _EXTEND_MIN_MATCH)
        if st is not None:
            a_start = _edge_tokens(ta_txt, *spans_a[fa0 - 1])[st[0]][0]
            b_start = _edge_tokens(tb_txt, *spans_b[fb0 - 1])[st[2]][0]
            used_a.add(fa0 - 1)
            used_b.add(fb0 - 1)
    if not cut_end and la1 + 1 < len(spans_a) and lb1 + 1 < len(spans_b) and la1 + 1 not in used_a and lb1 + 1 not in used_b:
        st = _stretch(ta_txt, tb_txt, *spans_a[la1 + 1], *spans_b[lb1 + 1], "start", _EXTEND_MIN_MATCH)
        if st is not None:
            ta = _edge_tokens(ta_txt, *spans_a[la1 + 1])
            tb = _edge_tokens(tb_txt, *spans_b[lb1 + 1])
            a_end = _end_of(ta_txt, ta[st[1] - 1][1], spans_a[la1 + 1][1])
            b_end = _end_of(tb_txt, tb[st[3] - 1][1], spans_b[lb1 + 1][1])
            used_a.add(la1 + 1)
            used_b.add(lb1 + 1)
    return a_start, a_end, b_start, b_end


def _end_of(text: str, pos: int, limit: int) -> int:
    """``pos`` moved past the punctuation that closes the last word (not past spaces)."""
    while pos < limit and not text[pos].isspace() and not text[pos].isalnum():
        pos += 1
    return pos


def passage_agreement(p: Passage, text_a: str, text_b: str) -> tuple[float, int]:
    """How far a passage's two sides are the same words in the same order.

    ``(agreement, words)``: difflib's ratio over the lower-cased word tokens
    of ``text_a[p.a_start:p.a_end]`` and ``text_b[p.b_start:p.b_end]`` (1.0:
    the same words; a verbatim copy with a few changed or mangled words
    stays above 0.9, a reworded one falls well below), and the number of
    words on the shorter side. Sentence similarities cannot tell this: a
    verbatim copy whose first and last sentences are copied in part has low
    similarities at its edges.
    """
    a = _EDGE_TOKEN.findall(text_a[p.a_start : p.a_end].lower())
    b = _EDGE_TOKEN.findall(text_b[p.b_start : p.b_end].lower())
    if not a or not b:
        return 0.0, 0
    return ratio(a, b), min(len(a), len(b))
