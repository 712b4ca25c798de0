"""Where the facts stage attaches to verified pairs.

* :func:`annotate_pair` compares the facts of every aligned sentence group of
  a copy (raw text, never normalised shingles) and fills ``pair.changes``.
  Groups that are identical, or whose differing words are none the extractor
  reads (:func:`retold._changes.facts_may_differ`: a reworded sentence with
  the same figures, names and polarity), are skipped; a sentence's facts are
  cached, since a story told by many copies repeats its sentences.
* :func:`claims_for_document` lists a document's quantitative claims, stored
  in the index for corroboration.
* :func:`add_support` fills each change's ``support`` from the claims of
  *other* documents. It runs when a report is made, not at scan time,
  because support depends on the whole corpus (a report that arrives later
  can still back one side), and because copies of the same story are not
  independent witnesses: they are excluded. Each side is looked up with the
  context its own document's claim stores (wider than the sentence
  comparison's), and contexts match on truncated stems
  (:func:`retold._claims.stem_key`): independent reports word things
  differently ("apprehended" / "apprehensions", "Canada" / "Canadian").
* :func:`changed_facts` flattens a report's changes for listing (the
  ``retold facts`` command).

Kept apart so :mod:`retold._index` does not need to know what the facts
stage does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ._models import COPY_RELATIONS, Document, Pair
from ._text import CHANGES_CACHE, SENTENCE_CACHE

# Facts are compared on copies; "related" pairs share no passages.
MAX_CHANGES_PER_PAIR = 200


def _date(d: Document) -> dt.date | None:
    if not d.published:
        return None
    try:
        return dt.date.fromisoformat(d.published[:10])
    except ValueError:
        return None


def _lang(d: Document) -> str:
    return (d.language or "en").split("-")[0]


def _fact_dict(f: Any) -> dict[str, Any] | None:
    if f is None:
        return None
    from ._changes import _jsonable

    return {
        "kind": f.kind, "text": f.text, "value": _jsonable(f.value), "unit": f.unit,
        "qualifier": f.qualifier, "context": f.context, "raw": f.raw, "raw_unit": f.raw_unit,
    }


def _tuples(v: Any) -> Any:
    return tuple(_tuples(x) for x in v) if isinstance(v, list) else v


def _fact_from(d: dict[str, Any] | None) -> Any:
    if not d:
        return None
    from ._facts import Fact

    return Fact(
        kind=d["kind"], text=d["text"], start=0, end=len(d["text"]), value=_tuples(d["value"]),
        unit=d.get("unit"), qualifier=d.get("qualifier"), context=d.get("context") or "",
        raw=d.get("raw"), raw_unit=d.get("raw_unit"),
    )


def annotate_pair(pair: Pair, a: Document, b: Document) -> None:
    """Fill ``pair.changes`` in place (``a``/``b`` are ``pair.a``/``pair.b``)."""
    if pair.relation not in COPY_RELATIONS:
        return
    _annotate(pair, a, b)


def _annotate(pair: Pair, a: Document, b: Document) -> None:
    da, db = _date(a), _date(b)
    la, lb = _lang(a), _lang(b)
    changes: list[dict[str, Any]] = []
    for passage in pair.passages:
        for (a0, a1), (b0, b1), _sim in passage.pairs:
            sa, ea = a.sentences[a0][0], a.sentences[a1][1]
            sb, eb = b.sentences[b0][0], b.sentences[b1][1]
            ta, tb = a.text[sa:ea], b.text[sb:eb]
            if ta == tb:
                continue
            for c in _sentence_changes(ta, tb, la, lb, da, db):
                d = c.to_dict(sa, sb)
                d["a_sentence"] = {"start": sa, "end": ea}
                d["b_sentence"] = {"start": sb, "end": eb}
                d["support"] = {"a": [], "b": []}
                d["a_fact"] = _fact_dict(c.a_fact)
                d["b_fact"] = _fact_dict(c.b_fact)
                changes.append(d)
                if len(changes) >= MAX_CHANGES_PER_PAIR:
                    pair.changes = changes
                    return
    pair.changes = changes


def _sentence_changes(
    ta: str, tb: str, la: str, lb: str, da: dt.date | None, db: dt.date | None
) -> tuple[Any, ...]:
    """The changed facts between two aligned sentences. Changes are frozen."""
    from ._changes import facts_may_differ

    if ta == tb or (la == lb and not facts_may_differ(ta, tb)):
        return ()  # the same facts, reworded at most
    return _compared(ta, tb, la, lb, da, db)


@lru_cache(maxsize=CHANGES_CACHE)
def _compared(ta: str, tb: str, la: str, lb: str, da: dt.date | None, db: dt.date | None) -> tuple[Any, ...]:
    """Two sentences' facts compared, cached: a story's copies put the same
    two sentences side by side in many pairs (a spun copy against each
    reprint of its original).

    Only pairs that get this far are cached; the quick test above is cheaper
    than a lookup's share of the cache. At 10,000 generated documents
    (one process) the same 8,192 entries spent on every sentence pair let
    41,758 comparisons run; 32,768 spent on these alone, 32,118: every
    distinct pair once (about 2 CPU-s less)."""
    from ._changes import compare_sentences

    return tuple(compare_sentences(ta, tb, lang_a=la, lang_b=lb, date_a=da, date_b=db,
                                   facts_a=_facts_of(ta, la, da), facts_b=_facts_of(tb, lb, db)))


@lru_cache(maxsize=SENTENCE_CACHE)
def _facts_of(text: str, lang: str, date: dt.date | None) -> list[Any]:
    """A sentence's facts, cached: in a story told by many copies the same
    sentence is compared once per pair it is in."""
    from ._facts import extract_facts

    return extract_facts(text, lang, date)


def clear_caches() -> None:
    """Forget the cached facts of sentences (for benchmarks that time scans)."""
    from ._claims import _sentence_claims

    _facts_of.cache_clear()
    _compared.cache_clear()
    _sentence_claims.cache_clear()


def claims_for_document(doc: Document) -> list[dict[str, Any]]:
    from ._claims import claims_of

    sents = [(s, e, doc.text[s:e]) for s, e in doc.sentences]
    return [c.to_dict() for c in claims_of(sents, _lang(doc), _date(doc))]


def claim_index(claims: Iterable[tuple[str, dict[str, Any]]]) -> Any:
    from ._claims import ClaimIndex

    idx = ClaimIndex()
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for doc_id, c in claims:
        by_doc.setdefault(doc_id, []).append(c)
    for doc_id, cs in by_doc.items():
        idx.add(doc_id, cs)
    return idx


def _own_context(claims: list[Any], span: dict[str, int] | None, kind: str | None) -> tuple[str, ...] | None:
    """Context stems of the document's own claim at ``span``.

    Claims are read with a wider window than sentence comparison (3 words
    before, 6 after), which is what other documents' claims are matched on,
    so a change side is looked up with the same context its document stores.
    """
    if not span or not claims:
        return None
    s0, e0 = span["start"], span["end"]
    best = None
    for c in claims:
        if c.start < e0 and s0 < c.end and (kind is None or c.kind == kind):
            if best is None or (c.start == s0) > (best.start == s0):
                best = c
    return best.context if best is not None and best.context else None


def add_support(pairs: Iterable[Pair], index: Any, story_of: Mapping[str, set[str]]) -> None:
    """Fill ``support`` of every change: other, independent documents per side.

    Each side is looked up with the context its own document's claim stores
    (falling back to the sentence-comparison context of the fact), and the
    two documents of the pair and every member of their stories are
    excluded: copies of the same story are not independent witnesses.
    """
    from ._changes import Change
    from ._claims import CLAIM_KINDS, corroborate

    for p in pairs:
        if not p.changes:
            continue
        exclude = {p.a, p.b} | story_of.get(p.a, set()) | story_of.get(p.b, set())
        own_a = own_b = None
        for c in p.changes:
            fa, fb = _fact_from(c.get("a_fact")), _fact_from(c.get("b_fact"))
            if fa is None and fb is None:
                continue
            if not ((fa is not None and fa.kind in CLAIM_KINDS) or (fb is not None and fb.kind in CLAIM_KINDS)):
                continue
            if own_a is None:
                own_a, own_b = index.claims(p.a), index.claims(p.b)
            change = Change(
                kind=c["kind"], severity=c["severity"], a_text=c.get("a_text"), b_text=c.get("b_text"),
                a_value=_tuples(c.get("a_value")), b_value=_tuples(c.get("b_value")), a_span=None, b_span=None,
                a_fact=fa, b_fact=fb,
            )
            ctx_a = _own_context(own_a, c.get("a_span"), fa.kind if fa is not None else None)
            ctx_b = _own_context(own_b, c.get("b_span"), fb.kind if fb is not None else None)
            try:
                c["support"] = corroborate(change, ctx_a, ctx_b, index, exclude)
            except (TypeError, ValueError):  # a value shape corroboration does not handle
                c["support"] = {"a": [], "b": []}


def changed_facts(contract: dict[str, Any], severity: str = "high") -> list[dict[str, Any]]:
    """Every changed fact of the copy pairs in a report (the JSON contract),
    oriented original -> copy where the pair's original is known, as flat
    rows for listing: ``original``, ``copy``, ``relation``, ``kind``,
    ``severity``, ``original_text``, ``copy_text``, ``detail``,
    ``original_support``, ``copy_support``. ``severity="all"`` keeps the low
    ones too."""
    rows: list[dict[str, Any]] = []
    for p in contract.get("pairs", []):
        if p.get("relation") not in COPY_RELATIONS:
            continue
        flip = p.get("original") == p["b"]
        orig, copy = (p["b"], p["a"]) if flip else (p["a"], p["b"])
        for c in p.get("changes") or []:
            if severity != "all" and c.get("severity") != severity:
                continue
            sup = c.get("support") or {}
            ot, ct = (c.get("b_text"), c.get("a_text")) if flip else (c.get("a_text"), c.get("b_text"))
            os_, cs = (sup.get("b", []), sup.get("a", [])) if flip else (sup.get("a", []), sup.get("b", []))
            kind = c["kind"]
            if flip and kind in ("dropped", "added"):
                kind = "added" if kind == "dropped" else "dropped"
            rows.append({
                "original": orig, "copy": copy, "original_known": p.get("original") is not None,
                "relation": p["relation"], "kind": kind, "severity": c.get("severity"),
                "original_text": ot, "copy_text": ct, "detail": c.get("detail", ""),
                "original_support": list(os_), "copy_support": list(cs),
            })
    rows.sort(key=lambda r: (r["original"], r["copy"], r["severity"] != "high", r["kind"]))
    return rows
