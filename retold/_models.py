"""Typed result objects shared by the pipeline stages.

Every stage takes and returns these plain dataclasses, so a stage can run in
another process (or on a cluster engine) given only its inputs: they pickle,
and ``to_dict`` gives the JSON contract's shape.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Relation = Literal["duplicate", "excerpt", "rewrite", "translation", "related"]
COPY_RELATIONS: frozenset[str] = frozenset({"duplicate", "excerpt", "rewrite", "translation"})


@dataclass(frozen=True, slots=True)
class Removed:
    """A line dropped by cleaning, with the reason it is not the article."""

    text: str
    reason: str


@dataclass(slots=True)
class RawDocument:
    """A record as read from disk, before cleaning.

    ``origin`` names where it came from (``path`` or ``path:line``) for
    messages; ``content_hash`` is the hash of the raw record, used to make
    re-scans of unchanged input a no-op.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    source: str | None = None
    origin: str | None = None
    content_hash: str = ""
    html: bool = False


@dataclass(slots=True)
class Document:
    """A cleaned article.

    ``text`` is the clean text every offset refers to; ``sentences`` holds
    ``(start, end)`` character spans into it.
    """

    id: str
    text: str
    title: str | None = None
    language: str = "und"
    url: str | None = None
    published: str | None = None
    source: str | None = None
    credits: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    # credits that name the author's own outlet (a byline), as opposed to
    # attributions to another outlet ("originally published by X")
    bylines: list[str] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    content_hash: str = ""
    origin: str | None = None

    @property
    def chars(self) -> int:
        return len(self.text)

    def sentence_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.sentences]

    def to_dict(self) -> dict[str, Any]:
        """The document entry of the JSON contract."""
        return {
            "id": self.id,
            "title": self.title,
            "language": self.language,
            "chars": self.chars,
            "credits": list(self.credits),
            "removed": [{"text": r.text, "reason": r.reason} for r in self.removed],
            "published": self.published,
            "source": self.source,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class Passage:
    """One aligned passage: a run of sentences of *a* matched to a run of *b*.

    Modelled on RapidFuzz's ``ScoreAlignment``: a score and the half-open
    character ranges ``[a_start, a_end)`` and ``[b_start, b_end)`` in each
    document's clean text. ``pairs`` lists the aligned sentence groups as
    ``((a_first, a_last), (b_first, b_last), similarity)`` sentence indices,
    kept so later stages (facts) can compare sentence by sentence.
    """

    similarity: float
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    pairs: tuple[tuple[tuple[int, int], tuple[int, int], float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "a_start": self.a_start,
            "a_end": self.a_end,
            "b_start": self.b_start,
            "b_end": self.b_end,
            "similarity": round(self.similarity, 4),
        }


@dataclass(slots=True)
class Alignment:
    """All passages between two documents and what they cover."""

    passages: list[Passage]
    coverage_a: float
    coverage_b: float
    # share of aligned sentence groups that are (near-)verbatim
    verbatim: float = 0.0
    # the longest run of consecutive aligned sentence groups
    longest_run: int = 0
    score: float = 0.0
    # similarity of the aligned sentence groups, weighted by their length
    mean_similarity: float = 0.0


@dataclass(slots=True)
class Pair:
    """A linked pair of documents, ``a < b`` by id."""

    a: str
    b: str
    relation: str
    score: float
    coverage_a: float
    coverage_b: float
    passages: list[Passage] = field(default_factory=list)
    original: str | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    transform: dict[str, Any] | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "a": self.a,
            "b": self.b,
            "relation": self.relation,
            "score": round(self.score, 4),
            "coverage_a": round(self.coverage_a, 4),
            "coverage_b": round(self.coverage_b, 4),
            "original": self.original,
            "passages": [p.to_dict() for p in self.passages],
            "changes": list(self.changes),
        }
        if self.transform is not None:
            out["transform"] = self.transform
        if self.evidence.get("reuse"):
            out["reuse"] = self.evidence["reuse"]
        return out


@dataclass(slots=True)
class Story:
    """Documents linked by copy relations, with the likely original."""

    id: str
    documents: list[str]
    original: str | None
    reason: str | None
    related: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ScanReport:
    """What one scan did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: int = 0
    pairs: int = 0
    problems: list[str] = field(default_factory=list)
