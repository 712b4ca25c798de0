"""Where later stages attach to a verified pair (changed facts, transform).

Kept apart so :mod:`retold._index` does not need to know what the facts and
transform stages do.
"""

from __future__ import annotations

from typing import Any

from ._models import Document, Pair


def annotate_pair(pair: Pair, a: Document, b: Document) -> None:
    """Fill ``pair.changes`` (and later ``transform``) in place."""
    return None


def claims_for_document(doc: Document) -> list[dict[str, Any]]:
    return []
