"""Where the facts stage attaches to verified pairs.

* :func:`annotate_pair` compares the facts of every aligned sentence group of
  a copy (raw text, never normalised shingles) and fills ``pair.changes``.
* :func:`claims_for_document` lists a document's quantitative claims, stored
  in the index for corroboration.
* :func:`add_support` fills each change's ``support`` from the claims of
  *other* documents. It runs when a report is made, not at scan time,
  because support depends on the whole corpus (a report that arrives later
  can still back one side), and because copies of the same story are not
  independent witnesses: they are excluded.

Kept apart so :mod:`retold._index` does not need to know what the facts
stage does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ._models import COPY_RELATIONS, Document, Pair

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
    from ._changes import compare_sentences

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
            for c in compare_sentences(ta, tb, lang_a=la, lang_b=lb, date_a=da, date_b=db):
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


def add_support(pairs: Iterable[Pair], index: Any, story_of: Mapping[str, set[str]]) -> None:
    """Fill ``support`` of every change: other, independent documents per side."""
    from ._changes import Change
    from ._claims import corroborate

    for p in pairs:
        if not p.changes:
            continue
        exclude = {p.a, p.b} | story_of.get(p.a, set()) | story_of.get(p.b, set())
        for c in p.changes:
            fa, fb = _fact_from(c.get("a_fact")), _fact_from(c.get("b_fact"))
            if fa is None and fb is None:
                continue
            change = Change(
                kind=c["kind"], severity=c["severity"], a_text=c.get("a_text"), b_text=c.get("b_text"),
                a_value=_tuples(c.get("a_value")), b_value=_tuples(c.get("b_value")), a_span=None, b_span=None,
                a_fact=fa, b_fact=fb,
            )
            try:
                c["support"] = corroborate(change, None, None, index, exclude)
            except (TypeError, ValueError):  # a value shape corroboration does not handle
                c["support"] = {"a": [], "b": []}
