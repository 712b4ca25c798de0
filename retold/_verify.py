"""Verify one candidate pair: align, then name the relation. Pure."""

from __future__ import annotations

from typing import Any

from ._align import align
from ._config import Config
from ._models import Document, Pair
from ._relate import relate, reused_passages
from ._transform import transform
from ._similarity import SentenceSimilarity, SimilarityMatrices


def verify(
    a: Document,
    b: Document,
    fa: Any,
    fb: Any,
    similarity: SentenceSimilarity,
    config: Config,
    anchor_overlap: float = 0.0,
    shared_anchors: frozenset[str] | set[str] = frozenset(),
    keep_unrelated: bool = False,
    mats: SimilarityMatrices | None = None,
) -> Pair | None:
    """Align ``a`` and ``b`` (features ``fa``, ``fb``) and classify the pair.

    Returns None for an unlinked pair unless ``keep_unrelated``. The pair is
    returned in the given order; :func:`ordered` puts ``a < b`` by id.
    """
    if mats is None:
        mats = similarity.matrices(fa, fb)
    al = align(mats, a.sentences, b.sentences, _align_cfg(config, similarity), texts=(a.text, b.text))
    relation, score, evidence = relate(
        a, b, al, anchor_overlap, shared_anchors, config.relate, getattr(similarity, "rewrite_similarity", None)
    )
    if relation is None and not keep_unrelated:
        return None
    if relation is None:
        passages = []
    elif relation == "related":
        passages = reused_passages(al, a, b, config.relate) if evidence.get("reuse") else []
    else:
        passages = al.passages
    pair = Pair(
        a=a.id,
        b=b.id,
        relation=relation,  # type: ignore[arg-type]
        score=score,
        coverage_a=_coverage(passages, a, "a") if relation == "related" else al.coverage_a if passages else 0.0,
        coverage_b=_coverage(passages, b, "b") if relation == "related" else al.coverage_b if passages else 0.0,
        passages=passages,
        evidence=evidence,
    )
    pair.transform = transform(pair, a, b)
    return pair


def check_pair(
    a: Document,
    b: Document,
    fa: Any,
    fb: Any,
    similarity: SentenceSimilarity,
    config: Config,
    anchor_overlap: float = 0.0,
    shared_anchors: frozenset[str] | set[str] = frozenset(),
    mats: SimilarityMatrices | None = None,
) -> Pair | None:
    """:func:`verify`, then the pair ordered (``a < b``) and its changed facts filled. Pure."""
    pair = verify(a, b, fa, fb, similarity, config, anchor_overlap, shared_anchors=shared_anchors, mats=mats)
    if pair is None:
        return None
    pair = ordered(pair)
    from ._changes_hook import annotate_pair

    da, db = (a, b) if pair.a == a.id else (b, a)
    annotate_pair(pair, da, db)
    return pair


def verify_job(
    state: dict[str, Any], a: Document, b: Document, overlap: float, shared: frozenset[str],
    mats: SimilarityMatrices | None, fa: Any, fb: Any,
) -> Pair | None:
    """:func:`check_pair` as a job for a scan's worker processes (``state``:
    the similarity and config the workers inherited)."""
    return check_pair(a, b, fa, fb, state["similarity"], state["config"], overlap, shared, mats)


def _coverage(passages, doc: Document, side: str) -> float:
    """Share of ``doc``'s clean text inside the reported passages of one side."""
    if not passages:
        return 0.0
    n = sum((getattr(p, side + "_end") - getattr(p, side + "_start")) for p in passages)
    return min(1.0, n / max(1, len(doc.text)))


def _align_cfg(config: Config, similarity: SentenceSimilarity):
    from dataclasses import replace

    return replace(config.align, threshold=similarity.threshold)


def ordered(p: Pair) -> Pair:
    """The same pair with ``a < b`` by id (offsets swapped accordingly)."""
    if p.a <= p.b:
        return p
    from ._models import Passage

    return Pair(
        a=p.b,
        b=p.a,
        relation=p.relation,
        score=p.score,
        coverage_a=p.coverage_b,
        coverage_b=p.coverage_a,
        passages=sorted(
            (
                Passage(
                    similarity=x.similarity,
                    a_start=x.b_start,
                    a_end=x.b_end,
                    b_start=x.a_start,
                    b_end=x.a_end,
                    pairs=tuple((g[1], g[0], g[2]) for g in x.pairs),
                )
                for x in p.passages
            ),
            key=lambda x: (x.a_start, x.b_start),
        ),
        original=p.original,
        changes=[_swap_change(c) for c in p.changes],
        transform=p.transform,
        evidence=p.evidence,
    )


def _swap_change(c: dict[str, Any]) -> dict[str, Any]:
    out = dict(c)
    for x, y in (("a_text", "b_text"), ("a_value", "b_value"), ("a_sentence", "b_sentence")):
        if x in c or y in c:
            out[x], out[y] = c.get(y), c.get(x)
    if "support" in c and isinstance(c["support"], dict):
        out["support"] = {"a": c["support"].get("b", []), "b": c["support"].get("a", [])}
    if c.get("kind") == "dropped":
        out["kind"] = "added"
    elif c.get("kind") == "added":
        out["kind"] = "dropped"
    return out
