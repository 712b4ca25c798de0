"""What kind of retelling a copy is, with the evidence.

``verbatim``            the same words (a reprint, maybe re-wrapped)
``excerpt``             a verbatim part of the other
``edited``              verbatim passages, with paragraphs cut *and* added
``spun``                the same sentences, word for word, with words swapped
                        for synonyms (examples of swaps are given)
``machine-translated``  reworded through and through: sentences split and
                        merged, word order changed, small words dropped —
                        the marks of a round trip through another language
``translated``          in another language

Spinning and round-trip translation are told apart on the aligned sentence
pairs, from the word-level diff of each pair: a spinner only *substitutes*
(a word or phrase replaced in place; it never inserts or deletes on its own,
and keeps every sentence boundary), so nearly all changed words sit in
``replace`` operations; a translation round trip restructures (sentences
split and merged, small words dropped or added: ``insert``/``delete``
operations). Pure function of the pair and its texts.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

from ._diff import matching_blocks, opcodes
from ._models import Document, Pair
from ._text import PAIR_CACHE, tokens

# share of changed words inside replace operations, and of split/merged
# sentence groups, that a spinner's output shows (it substitutes in place)
SPUN_REPLACE_SHARE = 0.85
SPUN_MAX_MERGES = 0.05


def _group_texts(pair: Pair, a: Document, b: Document):
    for p in pair.passages:
        for (a0, a1), (b0, b1), _s in p.pairs:
            yield (
                a0 != a1 or b0 != b1,
                a.text[a.sentences[a0][0] : a.sentences[a1][1]],
                b.text[b.sentences[b0][0] : b.sentences[b1][1]],
            )


@lru_cache(maxsize=2 * PAIR_CACHE)
def word_diff(ta: str, tb: str) -> tuple[int, int, tuple[tuple[str, str], ...]]:
    """The word-level diff of two aligned sentence groups: words changed,
    words changed inside ``replace`` operations, and the short swaps
    (phrases of up to 3 words replaced in place), in order. Cached: a
    story's copies put the same two sentences side by side in many pairs
    (at 10,000 generated documents, in one process, 16,384 entries for
    differing sentences let 69,600 of 96,900 calls run against 87,100 with
    8,192 entries for all 116,400)."""
    wa, wb = tokens(ta), tokens(tb)
    if wa == wb:
        return 0, 0, ()
    changed = replaced = 0
    swaps: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in opcodes(matching_blocks(wa, wb)):
        if op == "equal":
            continue
        changed += max(i2 - i1, j2 - j1)
        if op == "replace":
            replaced += max(i2 - i1, j2 - j1)
            if i2 - i1 <= 3 and j2 - j1 <= 3:
                swaps.append((" ".join(wa[i1:i2]), " ".join(wb[j1:j2])))
    return changed, replaced, tuple(swaps)


def transform(pair: Pair, a: Document, b: Document) -> dict[str, Any] | None:
    """The transform of a copy pair (``a``/``b`` are ``pair.a``/``pair.b``), or None."""
    rel = pair.relation
    if rel not in ("duplicate", "excerpt", "rewrite", "translation"):
        return None
    groups = list(_group_texts(pair, a, b))
    n = len(groups) or 1
    if rel == "translation":
        merges = sum(1 for m, _, _ in groups if m)
        return {
            "kind": "translated",
            "evidence": f"{a.language} and {b.language}; {len(groups)} sentence groups aligned across languages"
            + (f", {merges} of them split or merged" if merges else ""),
        }
    if rel == "duplicate":
        identical = sum(1 for _, ta, tb in groups if ta == tb or tokens(ta) == tokens(tb))
        return {"kind": "verbatim", "evidence": f"{identical} of {len(groups)} aligned sentences identical word for word"}
    if rel == "excerpt":
        used_a = {k for p in pair.passages for (a0, a1), _, _ in p.pairs for k in range(a0, a1 + 1)}
        used_b = {k for p in pair.passages for _, (b0, b1), _ in p.pairs for k in range(b0, b1 + 1)}
        only_a = len(a.sentences) - len(used_a)
        only_b = len(b.sentences) - len(used_b)
        if only_a and only_b:
            return {
                "kind": "edited",
                "evidence": f"verbatim passages; {only_a} sentence(s) only in {pair.a} and {only_b} only in "
                f"{pair.b} (paragraphs cut and added)",
            }
        part, whole = (pair.a, pair.b) if pair.coverage_a >= pair.coverage_b else (pair.b, pair.a)
        return {
            "kind": "excerpt",
            "evidence": f"{part} is a verbatim part of {whole} ({round(100 * min(pair.coverage_a, pair.coverage_b))}% of it)",
        }
    # rewrite: spun or machine-translated?
    swaps: Counter[tuple[str, str]] = Counter()
    replaced = changed_tokens = 0
    merges = sum(1 for m, _, _ in groups if m)
    for _m, ta, tb in groups:
        if ta == tb:
            continue  # nothing changed (kept out of word_diff's cache)
        changed, repl, group_swaps = word_diff(ta, tb)
        changed_tokens += changed
        replaced += repl
        swaps.update(group_swaps)
    replace_share = replaced / changed_tokens if changed_tokens else 0.0
    merge_share = merges / n
    examples = [f"{x} → {y}" for (x, y), _ in swaps.most_common(6)]
    if replace_share >= SPUN_REPLACE_SHARE and merge_share <= SPUN_MAX_MERGES:
        return {
            "kind": "spun",
            "evidence": f"{round(100 * replace_share)}% of the changed words are swapped in place; "
            f"sentence boundaries kept in {n - merges} of {n} groups",
            "examples": examples,
        }
    return {
        "kind": "machine-translated",
        "evidence": f"reworded throughout: {merges} of {n} sentence groups split or merged, "
        f"{round(100 * (1 - replace_share))}% of the changed words inserted or dropped rather than swapped",
        "examples": examples[:3],
    }
