"""Corroboration: which other documents back each side of a changed fact.

Every figure, date and time a document states becomes a :class:`Claim` with
offsets into the document and the normalised stems of what it counts
(``("people", "apprehend", "cross", "canada", "unit", "state")``). When two
retellings disagree ("almost 24,000" vs "almost 200,000"), :func:`corroborate`
looks for claims about the same quantity in *other* documents and reports
which side each supports.

Same quantity
-------------
A claim is about the same quantity as a side of a change when it has the
same kind (and the same canonical unit, or a compatible currency) and their
context stems share at least two stems (``min_overlap``), or all the stems
of a context shorter than that. Stems are compared on their first
``KEY_CHARS`` (5) characters, a crude truncation stemmer that lets
"apprehended" meet "apprehensions" and "Canada" meet "Canadian", which
independent reports word differently. Context alone would match far too
much ("people"), but the value test that follows filters the rest.

Support rule (``tolerance`` t, default 0.1)
-------------------------------------------
Each figure is turned into the interval its qualifier implies, and a claim
supports a side when the two intervals intersect:

===================================== ===============================
qualifier                             interval for value v, d = t*|v|
===================================== ===============================
none, "about"                         [v - d/2, v + d/2]
"nearly", "less than", "up to"        [v - d, v]
"more than", "at least"               [v, v + d]
"between" (claims only, v = (lo, hi)) [lo - t*|lo|, hi + t*|hi|]
"vague" ("hundreds")                  the band, e.g. [100, 1000)
===================================== ===============================

So two unqualified figures support each other within about t (10 %);
"more than 23,000" ([23,000, 25,300]) supports "nearly 24,000" ([21,600,
24,000]) but not "almost 200,000". Directional qualifiers are bounded on
purpose: in news "more than 23,000" means a figure just above 23,000, not
any larger number. Temperatures use an absolute tolerance (``temp_tolerance``
1 °C, same interval shapes); dates must be compatible
(:func:`retold._changes.dates_relation` says "same"); times must be equal
(either half of the day when a.m./p.m. is unknown).

Scale
-----
:class:`ClaimIndex` keeps an inverted index from (kind, stem) to claims, so a
lookup touches only the claims that share a context stem with the query;
stems so common that their posting list exceeds ``max(min_cap, max_df * N)``
are skipped for candidate generation when a rarer stem is present. Cost per
lookup is therefore bounded by the rare stems' postings, not by the corpus,
and corroborating every change of every pair stays sub-quadratic.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping

from ._changes import Change, dates_relation
from ._facts import Fact, _extract, currencies_compatible, stems, vague_band
from ._text import SENTENCE_CACHE

__all__ = ["Claim", "ClaimIndex", "claims_of", "supports", "corroborate", "same_quantity"]

KEY_CHARS = 5


def stem_key(st: str) -> str:
    """The form context stems are matched on (see "Same quantity")."""
    return st[:KEY_CHARS]


CLAIM_KINDS = frozenset({"number", "money", "percent", "quantity", "temperature", "date", "time"})
_FLOAT_KINDS = frozenset({"number", "percent", "quantity", "temperature"})


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure, date or time stated by a document.

    ``value``/``unit``/``qualifier`` are as in :class:`retold._facts.Fact`,
    except that a range "between 10 and 20" is one claim with value
    ``(10.0, 20.0)`` and qualifier "between". ``context`` holds normalised
    content-word stems of what the figure counts; ``start``/``end`` are
    offsets into the document.
    """

    kind: str
    value: Any
    unit: str | None
    qualifier: str | None
    text: str
    context: tuple[str, ...]
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (tuples become lists)."""
        return {
            "kind": self.kind,
            "value": _to_json(self.value),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "text": self.text,
            "context": list(self.context),
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Claim:
        """Inverse of :meth:`to_dict`."""
        return cls(
            kind=d["kind"],
            value=_from_json(d.get("value")),
            unit=d.get("unit"),
            qualifier=d.get("qualifier"),
            text=d.get("text", ""),
            context=tuple(d.get("context") or ()),
            start=int(d.get("start", 0)),
            end=int(d.get("end", 0)),
        )


def _to_json(v: Any) -> Any:
    if isinstance(v, tuple):
        return [_to_json(x) for x in v]
    return v


def _from_json(v: Any) -> Any:
    if isinstance(v, list):
        return tuple(_from_json(x) for x in v)
    return v


def claims_of(sentences: Iterable[tuple[int, int, str]], lang: str = "en",
              doc_date: _dt.date | None = None) -> list[Claim]:
    """The claims of a document given as ``(start, end, sentence_text)``
    sentences; offsets in the result are document offsets. Context is read
    wider than for sentence comparison (3 words before, 6 after)."""
    out: list[Claim] = []
    for s0, _e0, text in sentences:
        facts = _sentence_claims(text, lang, doc_date) if text else ()
        i = 0
        while i < len(facts):
            f = facts[i]
            nxt = facts[i + 1] if i + 1 < len(facts) else None
            if (f.qualifier == "range-low" and nxt is not None and nxt.qualifier == "range-high"
                    and f.kind == nxt.kind and f.kind in _FLOAT_KINDS and f.unit == nxt.unit):
                ctx = _merge(stems(f.context), stems(nxt.context))
                out.append(Claim(f.kind, (f.value, nxt.value), f.unit, "between", text[f.start:nxt.end], ctx,
                                 s0 + f.start, s0 + nxt.end))
                i += 2
                continue
            out.append(Claim(f.kind, f.value, f.unit, f.qualifier, f.text, stems(f.context),
                             s0 + f.start, s0 + f.end))
            i += 1
    return out


@lru_cache(maxsize=SENTENCE_CACHE)
def _sentence_claims(text: str, lang: str, doc_date: _dt.date | None) -> tuple[Fact, ...]:
    """The figures, dates and times of one sentence (cached: copies repeat
    their original's sentences verbatim)."""
    return tuple(f for f in _extract(text, lang, doc_date, 3, 6, True) if f.kind in CLAIM_KINDS)


def _merge(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return a + tuple(x for x in b if x not in a)


# --------------------------------------------------------------------------
# the support rule


def _interval(v: Any, qual: str | None, kind: str, t: float, temp_tol: float) -> tuple[float, float]:
    if qual == "between" and isinstance(v, tuple):
        lo, hi = float(v[0]), float(v[1])
        if kind == "temperature":
            return (lo - temp_tol, hi + temp_tol)
        return (lo - t * abs(lo), hi + t * abs(hi))
    x = float(v[0]) if isinstance(v, tuple) else float(v)
    if qual == "vague":
        return vague_band(x)
    d = temp_tol if kind == "temperature" else t * abs(x)
    if qual in ("nearly", "less than", "up to", "range-high"):
        return (x - d, x)
    if qual in ("more than", "at least", "range-low"):
        return (x, x + d)
    half = temp_tol if kind == "temperature" else d / 2
    return (x - half, x + half)


def _units_match(kind: str, ua: str | None, ub: str | None) -> bool:
    if kind == "money":
        return currencies_compatible(ua, ub)
    if kind in ("temperature", "date"):
        return True
    if kind == "time":
        return True
    return ua == ub


def _side(side: Any) -> tuple[str | None, Any, str | None, str | None]:
    """(kind, value, unit, qualifier) of a Fact, Claim or bare value."""
    if isinstance(side, (Fact, Claim)):
        return side.kind, side.value, side.unit, side.qualifier
    if isinstance(side, tuple) and len(side) == 2 and isinstance(side[1], str) and not isinstance(side[0], str):
        return "money", side, side[1], None
    if isinstance(side, str):
        return ("time" if ":" in side and len(side) == 5 and side[2] == ":" else "date"), side, None, None
    if isinstance(side, tuple):
        return "date", side, None, None
    if isinstance(side, (int, float)):
        return None, float(side), None, None
    return None, side, None, None


def supports(change_side_value: Any, claim: Claim, tolerance: float = 0.1, *,
             temp_tolerance: float = 1.0) -> bool:
    """Whether ``claim`` supports one side of a change.

    ``change_side_value`` is preferably the side's :class:`Fact` (so its
    kind, unit and qualifier count); a bare value is taken as unqualified
    and, for a plain number, matched against any figure kind. See the module
    docstring for the interval rule.
    """
    kind, value, unit, qual = _side(change_side_value)
    if value is None:
        return False
    if kind is not None and kind != claim.kind:
        return False
    ckind = claim.kind
    if kind is not None and not _units_match(ckind, unit, claim.unit):
        return False
    if ckind == "date":
        return dates_relation(value, claim.value) == "same"
    if ckind == "time":
        if value == claim.value:
            return True
        if unit == "12h?" or claim.unit == "12h?":
            try:
                ha, ma = map(int, str(value).split(":"))
                hb, mb = map(int, str(claim.value).split(":"))
            except ValueError:
                return False
            return ma == mb and ha % 12 == hb % 12
        return False
    if ckind not in _FLOAT_KINDS and ckind != "money":
        return False
    try:
        lo1, hi1 = _interval(value, qual, ckind, tolerance, temp_tolerance)
        lo2, hi2 = _interval(claim.value, claim.qualifier, ckind, tolerance, temp_tolerance)
    except (TypeError, ValueError):
        return False
    eps = 1e-9 * max(1.0, abs(hi1), abs(hi2))
    return max(lo1, lo2) <= min(hi1, hi2) + eps


def same_quantity(context: Iterable[str], claim: Claim, min_overlap: int = 2) -> bool:
    """Context test: the claim counts the same thing as ``context`` (stems)."""
    a = {stem_key(x) for x in context}
    b = {stem_key(x) for x in claim.context}
    inter = len(a & b)
    return inter > 0 and inter >= min(min_overlap, len(a), len(b))


# --------------------------------------------------------------------------
# the index


class ClaimIndex:
    """In-memory inverted index of claims by (kind, context stem).

    ``add(doc_id, claims)`` then ``find(context, kind, unit)`` returns the
    claims about the same quantity as ``context`` (see :func:`same_quantity`),
    as ``(doc_id, claim)`` pairs, best overlap first. Persisting is the
    caller's business (:meth:`Claim.to_dict` / :meth:`Claim.from_dict`).
    """

    def __init__(self, max_df: float = 0.05, min_cap: int = 2000) -> None:
        self._claims: list[tuple[str, Claim] | None] = []
        self._post: dict[tuple[str, str], list[int]] = {}
        self._by_doc: dict[str, list[int]] = {}
        self._kinds: set[str] = set()
        self.max_df = max_df
        self.min_cap = min_cap
        self._live = 0

    def __len__(self) -> int:
        return self._live

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._by_doc

    def docs(self) -> list[str]:
        return list(self._by_doc)

    def add(self, doc_id: str, claims: Iterable[Claim | Mapping[str, Any]]) -> None:
        """Index ``claims`` of ``doc_id`` (replacing any it had)."""
        if doc_id in self._by_doc:
            self.remove(doc_id)
        ids = self._by_doc.setdefault(doc_id, [])
        for c in claims:
            if not isinstance(c, Claim):
                c = Claim.from_dict(c)
            cid = len(self._claims)
            self._claims.append((doc_id, c))
            ids.append(cid)
            self._kinds.add(c.kind)
            self._live += 1
            for st in {stem_key(x) for x in c.context}:
                self._post.setdefault((c.kind, st), []).append(cid)

    def remove(self, doc_id: str) -> None:
        """Forget a document's claims (postings are purged lazily)."""
        for cid in self._by_doc.pop(doc_id, []):
            if self._claims[cid] is not None:
                self._claims[cid] = None
                self._live -= 1

    def claims(self, doc_id: str) -> list[Claim]:
        return [self._claims[i][1] for i in self._by_doc.get(doc_id, []) if self._claims[i] is not None]  # type: ignore[index]

    def find(self, context: Iterable[str], kind: str | None = None, unit: str | None = None, *,
             min_overlap: int = 2) -> list[tuple[str, Claim]]:
        """Claims about the same quantity as ``context`` (stems), of ``kind``
        and with a unit compatible with ``unit`` when given."""
        q = list(dict.fromkeys(stem_key(x) for x in context))
        if not q:
            return []
        kinds = [kind] if kind is not None else sorted(self._kinds)
        cap = max(self.min_cap, int(self.max_df * max(1, self._live)))
        counts: dict[int, int] = {}
        for k in kinds:
            lists: list[list[int]] = []
            for st in q:
                pl = self._post.get((k, st))
                if pl:
                    lists.append(pl)
            if not lists:
                continue
            rare = [pl for pl in lists if len(pl) <= cap]
            use = rare if rare else [min(lists, key=len)]
            for pl in use:
                for cid in pl:
                    counts[cid] = counts.get(cid, 0) + 1
        qs = set(q)
        out: list[tuple[int, str, Claim]] = []
        for cid in counts:
            entry = self._claims[cid]
            if entry is None:
                continue
            doc_id, c = entry
            if unit is not None and not _units_match(c.kind, unit, c.unit):
                continue
            if not same_quantity(qs, c, min_overlap):
                continue
            out.append((len(qs & {stem_key(x) for x in c.context}), doc_id, c))
        out.sort(key=lambda x: (-x[0], x[1], x[2].start))
        return [(d, c) for _, d, c in out]


def _context_stems(ctx: Any, fact: Fact | None) -> tuple[str, ...]:
    if ctx is None or (not isinstance(ctx, str) and not ctx) or ctx == "":
        return stems(fact.context) if fact is not None else ()
    if isinstance(ctx, str):
        return stems(ctx)
    return tuple(ctx)


def corroborate(
    change: Change,
    a_context: Any,
    b_context: Any,
    claims_by_doc: Mapping[str, Iterable[Claim]] | ClaimIndex,
    exclude: Iterable[str] = (),
    *,
    tolerance: float = 0.1,
    min_overlap: int = 2,
) -> dict[str, list[str]]:
    """Which other documents support each side of ``change``.

    ``a_context``/``b_context`` say what the figure counts on each side: a
    string (the sentence, or the fact's context), stems, or None to use the
    change's own fact context. ``claims_by_doc`` maps document ids to claims,
    or is a :class:`ClaimIndex` (sub-linear lookups). Documents in
    ``exclude`` (the two being compared) are skipped. Returns
    ``{"a": [doc ids], "b": [doc ids]}``, sorted; a side with no fact (a
    dropped/added figure) gets an empty list, as do changes that are not
    about figures, dates or times.
    """
    out: dict[str, list[str]] = {"a": [], "b": []}
    skip = set(exclude)
    for side, fact, ctx in (("a", change.a_fact, a_context), ("b", change.b_fact, b_context)):
        value = fact if fact is not None else (change.a_value if side == "a" else change.b_value)
        if value is None:
            continue
        kind, _, unit, _ = _side(value)
        if kind is not None and kind not in CLAIM_KINDS:
            continue
        cs = _context_stems(ctx, fact)
        if not cs:
            continue
        found: set[str] = set()
        if isinstance(claims_by_doc, ClaimIndex):
            cands: Iterable[tuple[str, Claim]] = claims_by_doc.find(cs, kind, unit, min_overlap=min_overlap)
        else:
            cands = ((d, c) for d, cl in claims_by_doc.items() if d not in skip for c in cl
                     if (kind is None or c.kind == kind) and same_quantity(cs, c, min_overlap))
        for d, c in cands:
            if d in skip or d in found:
                continue
            if supports(value, c, tolerance):
                found.add(d)
        out[side] = sorted(found)
    return out
