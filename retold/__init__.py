"""retold: find who retold a story, and what each retelling changed.

The public API is small::

    import retold
    with retold.Index(".retold/index.sqlite") as idx:
        idx.scan(["articles/"])
        for story in idx.stories():
            print(story.original, story.documents)
    pair = retold.compare(text_a, text_b)

Everything else lives in private modules (``retold._*``), one per pipeline
stage: load → clean → fingerprint → candidates → align → relate → facts →
stories → report.
"""

from __future__ import annotations

from ._config import Config
from ._errors import (
    DuplicateId,
    EmptyDocument,
    EncoderError,
    IndexError_,
    InputError,
    MalformedRecord,
    RetoldError,
    StrictModeError,
    UnknownDocument,
    UnreadableFile,
)
from ._index import DEFAULT_INDEX, Index, compare
from ._models import Document, Pair, Passage, RawDocument, Removed, ScanReport, Story

__version__ = "0.1.0"

__all__ = [
    "Config",
    "DEFAULT_INDEX",
    "Document",
    "DuplicateId",
    "EmptyDocument",
    "EncoderError",
    "Index",
    "IndexError_",
    "InputError",
    "MalformedRecord",
    "Pair",
    "Passage",
    "RawDocument",
    "Removed",
    "RetoldError",
    "ScanReport",
    "Story",
    "StrictModeError",
    "UnknownDocument",
    "UnreadableFile",
    "compare",
]
