"""Verify one candidate pair: align, then name the relation. Pure."""

from __future__ import annotations

from typing import Any

from ._align import align
from ._config import Config
from ._models import Document, Pair
from ._relate import RelateConfig, relate, reused_passages
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
    with_transform: bool = True,
) -> Pair | None:
    """Align ``a`` and ``b`` (features ``fa``, ``fb``) and classify the pair.

    Returns None for an unlinked pair unless ``keep_unrelated``. The pair is
    returned in the given order; :func:`ordered` puts ``a < b`` by id.
    ``with_transform``: also name the transform (it reads the pair in this
    order: its examples go from ``a``'s words to ``b``'s).
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
    if with_transform:
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
    """:func:`verify`, then the pair ordered (``a < b``), its transform
    named and its changed facts filled, both read from ``a`` to ``b``. Pure."""
    pair = verify(a, b, fa, fb, similarity, config, anchor_overlap, shared_anchors=shared_anchors, mats=mats,
                  with_transform=False)
    if pair is None:
        return None
    pair = ordered(pair)
    from ._changes_hook import annotate_pair

    da, db = (a, b) if pair.a == a.id else (b, a)
    pair.transform = transform(pair, da, db)
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
    return p if p.a <= p.b else swapped(p)


def swapped(p: Pair) -> Pair:
    """The same pair seen from the other side: ``a`` and ``b`` exchanged,
    with their offsets, coverages and changes."""
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


def content_key(d: Document) -> tuple[str, str, str]:
    """What :func:`check_pair` reads of a document: its clean text (hashed;
    the sentences follow from it), its language and its date. Two documents
    with the same key get the same result against any third."""
    from ._load import content_hash

    return content_hash(d.text), d.language or "", (d.published or "")[:10]


def relabel(p: Pair, old_a: str, old_b: str, new_a: Document, new_b: Document) -> Pair:
    """``p``, a pair of ``old_a`` and ``old_b`` (either order) from
    :func:`check_pair`, as :func:`check_pair` gives it for ``new_a`` and
    ``new_b``: documents with the same :func:`content_key` as ``old_a`` and
    ``old_b`` respectively. Alignment, relation and changes carry over with
    the sides exchanged where the ids sort the other way; the transform is
    named again where it reads differently (its examples are directed, an
    excerpt's evidence names the documents)."""
    from dataclasses import replace

    q = p if p.a == old_a else swapped(p)
    if (q.a, q.b) != (old_a, old_b):
        raise ValueError(f"relabel: {p.a}/{p.b} is not the pair of {old_a} and {old_b}")
    r = replace(q, a=new_a.id, b=new_b.id, passages=list(q.passages), changes=[dict(c) for c in q.changes])
    turned = (new_a.id <= new_b.id) != (p.a == old_a)
    r = ordered(r)
    if r.transform is not None and (turned or r.transform.get("kind") in ("excerpt", "edited")):
        da, db = (new_a, new_b) if r.a == new_a.id else (new_b, new_a)
        r.transform = transform(r, da, db)
    return r


def at_overlap(pair: Pair | None, was: float, overlap: float, cfg: RelateConfig) -> tuple[bool, Pair | None]:
    """``(known, result)``: the result of a checked pair (``None``: unlinked)
    for the same two texts at anchor overlap ``overlap`` instead of ``was``.

    Of :func:`relate`'s rules only the last reads the overlap: two
    documents with no passage between them are ``related`` (score: the
    overlap) when the overlap reaches ``cfg.related_overlap`` and they share
    enough anchors and figures (the same for the same texts). So a pair
    linked by its passages stays as it was; a ``related`` one by anchors
    alone keeps or loses its link with the new overlap; an unlinked one is
    known to stay unlinked unless only the overlap kept it out and the new
    one reaches the threshold (``known`` False: check it again).
    """
    if round(was, 3) == round(overlap, 3):
        return True, pair
    thr = cfg.related_overlap
    if pair is None:
        return (was >= thr or overlap < thr), None
    from dataclasses import replace

    evidence = {**pair.evidence, "anchor_overlap": round(overlap, 3)}
    if pair.relation != "related" or pair.evidence.get("reuse"):
        return True, replace(pair, evidence=evidence)
    if overlap < thr:
        return True, None
    return True, replace(pair, score=overlap, evidence=evidence)


def _swap_change(c: dict[str, Any]) -> dict[str, Any]:
    """A change seen from the other side: every ``a_*`` field exchanged with
    its ``b_*`` field, the support's sides too, dropped/added turned."""
    out = dict(c)
    for k in c:
        if k.startswith(("a_", "b_")):
            other = ("b_" if k[0] == "a" else "a_") + k[2:]
            out[other] = c[k]
            if other not in c:
                out[k] = None
    if "support" in c and isinstance(c["support"], dict):
        out["support"] = {"a": c["support"].get("b", []), "b": c["support"].get("a", [])}
    if c.get("kind") == "dropped":
        out["kind"] = "added"
    elif c.get("kind") == "added":
        out["kind"] = "dropped"
    return out
