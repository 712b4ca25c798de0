"""The one exception tree of retold.

Every error retold raises on purpose derives from :class:`RetoldError`, so a
caller can catch that one class::

    RetoldError
    ├── InputError            a file or record could not be read as a document
    │   ├── UnreadableFile    missing, a directory, no permission, binary
    │   ├── EmptyDocument     no text left (before or after cleaning)
    │   ├── MalformedRecord   a JSONL/CSV row that is not a valid record
    │   └── DuplicateId       two records claim the same document id
    ├── IndexError_           the index file is unusable (corrupt, newer schema)
    ├── UnknownDocument       an id that is not in the index
    ├── EncoderError          a sentence encoder cannot be loaded
    └── StrictModeError       --strict and some input was skipped

Input errors carry ``path`` and (for JSONL/CSV) ``line`` so the CLI can print
one line naming the place, never a traceback.
"""

from __future__ import annotations


class RetoldError(Exception):
    """Base class of every error retold raises on purpose."""


class InputError(RetoldError):
    """A file or a record of a file could not become a document."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class UnreadableFile(InputError):
    """The file cannot be opened or is not text (binary, no permission)."""


class EmptyDocument(InputError):
    """The document has no text, or none left after cleaning."""


class MalformedRecord(InputError):
    """A JSONL line or CSV row is not a valid record."""


class DuplicateId(InputError):
    """Two records in one scan claim the same id."""


class IndexError_(RetoldError):
    """The index file is corrupt or was written by an incompatible version."""


class UnknownDocument(RetoldError, KeyError):
    """No document with this id is in the index."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown document"


class EncoderError(RetoldError):
    """A sentence encoder could not be loaded."""


class StrictModeError(RetoldError):
    """Raised in strict mode when any input record was skipped."""


__all__ = [
    "RetoldError",
    "InputError",
    "UnreadableFile",
    "EmptyDocument",
    "MalformedRecord",
    "DuplicateId",
    "IndexError_",
    "UnknownDocument",
    "EncoderError",
    "StrictModeError",
]
