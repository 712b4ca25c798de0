"""What one retelling of a sentence changed: pair up facts, classify the differences.

``compare_sentences(a, b)`` extracts the facts of two aligned sentences
(:mod:`retold._facts`), pairs each fact of *a* with the fact of *b* that
fills the same slot, and reports a :class:`Change` for every slot whose value
differs, plus facts present on one side only.

Pairing
-------
Facts pair within families (figures, dates, times, names, negations). For
figures each candidate pair gets a score: a large bonus when the values are
equivalent (so re-ordered lists and reworded sentences pair by value first),
plus the overlap of their context words, the closeness of their relative
positions in the sentence, and agreement of kind and unit; pairs are taken
greedily, best first. A non-equivalent pair is only formed when kinds are
compatible and the context overlaps, the positions are close, or each side
has exactly one figure of the family. This is the classic greedy assignment
used for aligning numbers in claim verification (e.g. the "quantity
alignment" step of Roy, Vieira & Roth 2015, "Reasoning about Quantities in
Natural Language"); the idea only is borrowed.

Classification and tolerances
-----------------------------
Form differences are *not* changes: digits vs words ("nine" / "9"), number
separators ("24 000" / "24,000"), date formats ("Feb. 3" / "3 February"),
currency notation ("$1.3bn" / "1.3 billion dollars"; a bare "$" matches any
dollar), unit conversions ("5,500 miles" / "8,850 km") and fractions vs
percentages ("a third" / "33%").

* **Equivalent** (no change): equal normalised values; after a unit
  conversion, within 2 % (6 % when either side is qualified as approximate:
  "about", "nearly", ...); temperatures converted between °C and °F within
  1 °C; a fraction and a percentage within 1 percentage point; a vague amount
  ("hundreds") and a figure inside its band ([100, 1000)).
* **number, low** ("rounding"): values within 1 %; or one is the other
  rounded to its significant digits and they differ by at most 5 %
  ("24,000" / "24,100": low; "24,000" / "24,600": high); or either side is
  approximate and they differ by at most 5 %.
* **number, high**: any other difference of value ("almost 24,000" /
  "almost 200,000", "about 600" / "about 5000").
* **sign, high**: the same magnitude with the opposite sign ("minus 17
  degrees" / "17 degrees").
* **unit, high**: the same number written with a different unit or currency
  ("5,500 miles" / "5,500 km", "-17°F" / "-17°C", "$5m" / "€5m", "12%" /
  "12 percentage points"). **unit, low**: the unit is missing on one side
  ("5,500 miles" / "5,500").
* **qualifier**: the value is equivalent but the hedge differs. Low when one
  side drops or adds it ("almost 24,000" / "24,000") or swaps it for one of
  the same direction; high when the bound flips ("more than 1,000" / "fewer
  than 1,000").
* **date, high**: dates that are comparable and differ (full or partial ISO
  dates disagreeing on a field they both state; weekdays that differ).
  Undecidable pairs (a weekday without a publication date vs a calendar
  date, "2025" vs "--02-03") are not reported.
* **time, high**: different clock times; a time written without a.m./p.m.
  matches either half of the day.
* **name, high**: a different name in the same slot (low across languages,
  where exonyms and transliterations differ: London / Londres).
  **spelling, low**: the same name with a small edit distance
  (Kowalczyk / Kowalczik: distance <= max(1, len/5) on the whole name, or on
  one token with the other tokens shared). Names that are a subset of each
  other ("Trudeau" / "Justin Trudeau"), an acronym of each other
  ("U.S." / "United States") or share a long prefix ("Canada" / "Canadian")
  are the same. Low-confidence names (a lone capitalised word opening the
  sentence) are only ever reported as spelling changes.
* **negation, high**: one side has more negation cues than the other (a
  polarity flip); "did not confirm" / "declined to confirm" is not a change.
* **dropped / added, low**: a figure, date, time or (confident) name on one
  side only. Retellings routinely shorten and expand; a dropped figure is
  rarely a falsification, and an added one needs a human to check, so both
  are reported but not alarmed on.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from ._facts import Fact, currencies_compatible, extract_facts, stems, vague_band

__all__ = ["Change", "compare_sentences", "compare_facts", "values_equivalent", "name_relation",
           "dates_relation", "APPROX_QUALIFIERS"]

NUMERIC_KINDS = frozenset({"number", "money", "percent", "quantity", "temperature"})
APPROX_QUALIFIERS = frozenset({"about", "nearly"})
_DIRECTION = {"about": 0, "nearly": -1, "less than": -1, "up to": -1, "range-high": -1,
              "more than": 1, "at least": 1, "range-low": 1}


@dataclass(frozen=True, slots=True)
class Change:
    """One changed fact between aligned sentences *a* and *b*.

    ``a_span``/``b_span`` are (start, end) offsets of the fact in each
    sentence, None on the side where it is missing. ``detail`` says more
    ("rounding", "unit dropped", "qualifier dropped", ...). ``a_fact`` and
    ``b_fact`` keep the full facts (qualifier, unit, context) for
    corroboration; they are left out of equality and of :meth:`to_dict`.
    """

    kind: str
    severity: str
    a_text: str | None
    b_text: str | None
    a_value: Any
    b_value: Any
    a_span: tuple[int, int] | None
    b_span: tuple[int, int] | None
    detail: str = ""
    a_fact: Fact | None = field(default=None, compare=False, repr=False)
    b_fact: Fact | None = field(default=None, compare=False, repr=False)

    def to_dict(self, a_offset: int = 0, b_offset: int = 0) -> dict[str, Any]:
        """JSON-ready dict; spans become ``{"start", "end"}`` shifted by the
        sentence's offset in its document."""
        def span(sp: tuple[int, int] | None, off: int) -> dict[str, int] | None:
            return None if sp is None else {"start": sp[0] + off, "end": sp[1] + off}

        return {
            "kind": self.kind,
            "severity": self.severity,
            "a_text": self.a_text,
            "b_text": self.b_text,
            "a_value": _jsonable(self.a_value),
            "b_value": _jsonable(self.b_value),
            "a_span": span(self.a_span, a_offset),
            "b_span": span(self.b_span, b_offset),
            "detail": self.detail,
        }


def _jsonable(v: Any) -> Any:
    if isinstance(v, tuple):
        return [_jsonable(x) for x in v]
    return v


# --------------------------------------------------------------------------
# numeric comparison


def _amount(f: Fact) -> float:
    v = f.value
    return float(v[0]) if isinstance(v, tuple) else float(v)


def _rel(a: float, b: float) -> float:
    m = max(abs(a), abs(b))
    return 0.0 if m == 0 else abs(a - b) / m


def _precision(v: float) -> float:
    """The place value of the last significant digit (24,000 -> 1000)."""
    v = abs(v)
    if v == 0:
        return 1.0
    for k in range(15, -7, -1):
        p = 10.0 ** k
        if p > v:
            continue
        q = v / p
        if abs(q - round(q)) < 1e-9 * max(1.0, q):
            return p
    return 1e-6


def _rounding_consistent(a: float, b: float) -> bool:
    pa, pb = _precision(a), _precision(b)
    coarse, fine, p = (a, b, pa) if pa >= pb else (b, a, pb)
    return abs(math.floor(fine / p + 0.5) * p - coarse) <= 1e-9 * max(1.0, abs(coarse))


def _approx(f: Fact) -> bool:
    return f.qualifier in APPROX_QUALIFIERS


def _units_compatible(fa: Fact, fb: Fact) -> bool:
    if fa.kind != fb.kind:
        return False
    if fa.kind == "money":
        return currencies_compatible(fa.unit, fb.unit)
    if fa.kind == "temperature":
        return True
    return fa.unit == fb.unit


def values_equivalent(fa: Fact, fb: Fact) -> bool:
    """Whether two figures state the same value, allowing for form
    (conversion rounding, fraction vs percent, vague bands). Kinds and units
    must be compatible."""
    if not _units_compatible(fa, fb):
        return False
    va, vb = _amount(fa), _amount(fb)
    if fa.qualifier == "vague" or fb.qualifier == "vague":
        if fa.qualifier == "vague" and fb.qualifier == "vague":
            return va == vb
        lo, hi = vague_band(va if fa.qualifier == "vague" else vb)
        other = vb if fa.qualifier == "vague" else va
        return lo <= other < hi
    if va == vb or _rel(va, vb) < 1e-9:
        return True
    if fa.kind == "temperature":
        ua, ub = fa.raw_unit, fb.raw_unit
        if ua == ub:
            return False
        if "deg" in (ua, ub) and fa.raw is not None and fa.raw == fb.raw:
            return True  # "17 degrees" may be either scale
        return abs(va - vb) <= 1.0
    if fa.kind == "percent" and "fraction" in (fa.raw_unit, fb.raw_unit):
        return abs(va - vb) <= 1.0
    if fa.kind == "quantity" and fa.raw_unit != fb.raw_unit:
        tol = 0.06 if (_approx(fa) or _approx(fb)) else 0.02
        return _rel(va, vb) <= tol
    return False


def _numeric_change(fa: Fact, fb: Fact) -> tuple[str, str, str] | None:
    """Classify a paired figure: (kind, severity, detail), or None for no change."""
    if values_equivalent(fa, fb):
        return _qualifier_change(fa, fb)
    ra = fa.raw if fa.raw is not None else _amount(fa)
    rb = fb.raw if fb.raw is not None else _amount(fb)
    if _units_compatible(fa, fb):
        va, vb = _amount(fa), _amount(fb)
        if va != 0 and (abs(va + vb) <= 1e-9 * abs(va) or (ra != 0 and ra == -rb and fa.raw_unit == fb.raw_unit)):
            return ("sign", "high", "opposite sign")
        if fa.kind == "temperature" and ra != 0 and ra == -rb:
            return ("sign", "high", "opposite sign")
        if "vague" in (fa.qualifier, fb.qualifier):
            return ("number", "high", "outside the vague amount's range")
        if ra == rb and fa.raw_unit != fb.raw_unit:
            return ("unit", "high", f"{fa.raw_unit} -> {fb.raw_unit}")
        r = _rel(va, vb)
        if r <= 0.01 or (r <= 0.05 and (_rounding_consistent(va, vb) or _approx(fa) or _approx(fb))):
            return ("number", "low", "rounding")
        if fa.kind == "temperature" and abs(va - vb) <= 0.5:
            return ("number", "low", "rounding")
        return ("number", "high", "")
    # different kinds or units
    a_unitless = fa.kind == "number" and fa.unit is None
    b_unitless = fb.kind == "number" and fb.unit is None
    if a_unitless != b_unitless:
        if ra == rb:
            if (fa if b_unitless else fb).raw_unit == "yr":
                return None  # ages: "7 ans" / "aged 7", "a 13-year-old" / "13"
            return ("unit", "low", "unit dropped" if b_unitless else "unit added")
        if ra == -rb and ra != 0:
            return ("sign", "high", "opposite sign")
        return ("number", "high", "")
    if abs(ra) == abs(rb):
        if ra == -rb and ra != 0 and fa.raw_unit == fb.raw_unit:
            return ("sign", "high", "opposite sign")
        return ("unit", "high", f"{fa.raw_unit or fa.unit} -> {fb.raw_unit or fb.unit}")
    return ("number", "high", "")


def _qualifier_change(fa: Fact, fb: Fact) -> tuple[str, str, str] | None:
    qa, qb = fa.qualifier, fb.qualifier
    if qa == qb or "vague" in (qa, qb):
        return None  # a vague amount is approximate already
    if "fraction" in (fa.raw_unit, fb.raw_unit) and {qa, qb} <= {None, "about"}:
        return None  # "a third" / "about 33%"
    if qa in ("range-low", "range-high") or qb in ("range-low", "range-high"):
        return None
    if qa is None:
        return ("qualifier", "low", f"qualifier added: {qb}")
    if qb is None:
        return ("qualifier", "low", f"qualifier dropped: {qa}")
    da, db = _DIRECTION.get(qa, 0), _DIRECTION.get(qb, 0)
    if da * db < 0:
        return ("qualifier", "high", f"bound flipped: {qa} -> {qb}")
    return ("qualifier", "low", f"{qa} -> {qb}")


# --------------------------------------------------------------------------
# dates and times


def _parse_iso(v: str) -> tuple[int | None, int | None, int | None]:
    if v.startswith("--"):
        parts = v[2:].split("-")
        return (None, int(parts[0]), int(parts[1]) if len(parts) > 1 else None)
    parts = v.split("-")
    return (int(parts[0]), int(parts[1]) if len(parts) > 1 else None, int(parts[2]) if len(parts) > 2 else None)


_WD = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _date_rel_one(x: str, y: str) -> str:
    if x == y:
        return "same"
    xr, yr = x.startswith(("wd:", "rel:")), y.startswith(("wd:", "rel:"))
    if xr or yr:
        if x.startswith("wd:") and y.startswith("wd:"):
            return "same" if x[-3:] == y[-3:] else "different"
        if x.startswith("rel:") and y.startswith("rel:"):
            return "different"
        wd, iso = (x, y) if x.startswith("wd:") else (y, x) if y.startswith("wd:") else (None, None)
        if wd is not None and iso is not None and not iso.startswith(("wd:", "rel:")):
            yy, mm, dd = _parse_iso(iso)
            if yy is not None and mm is not None and dd is not None:
                try:
                    return "same" if _WD[_dt.date(yy, mm, dd).weekday()] == wd[-3:] else "different"
                except ValueError:
                    return "unknown"
        return "unknown"
    try:
        a, b = _parse_iso(x), _parse_iso(y)
    except ValueError:
        return "unknown"
    shared = False
    for p, q in zip(a, b):
        if p is not None and q is not None:
            shared = True
            if p != q:
                return "different"
    return "same" if shared else "unknown"


def dates_relation(va: Any, vb: Any) -> str:
    """"same", "different" or "unknown" for two date values (strings or
    tuples of alternative readings)."""
    xs = va if isinstance(va, tuple) else (va,)
    ys = vb if isinstance(vb, tuple) else (vb,)
    rels = {_date_rel_one(x, y) for x in xs for y in ys}
    if "same" in rels:
        return "same"
    if rels == {"different"}:
        return "different"
    return "unknown"


def _times_same(fa: Fact, fb: Fact) -> bool:
    if fa.value == fb.value:
        return True
    ha, ma = map(int, fa.value.split(":"))
    hb, mb = map(int, fb.value.split(":"))
    if ma != mb:
        return False
    if "12h?" in (fa.unit, fb.unit):
        return ha % 12 == hb % 12
    return False


# --------------------------------------------------------------------------
# names


def _lev(a: str, b: str, cap: int = 99) -> int:
    """Levenshtein distance (early exit above ``cap``)."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        best = i
        for j, cb in enumerate(b, 1):
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            cur.append(v)
            if v < best:
                best = v
        if best > cap:
            return cap + 1
        prev = cur
    return prev[-1]


def _close(a: str, b: str) -> bool:
    cap = max(1, max(len(a), len(b)) // 5)
    return _lev(a, b, cap) <= cap


_STEM_END = frozenset(("", "a", "e", "o", "y"))
_DEMONYM_END = frozenset(("ian", "ien", "ienne", "iens", "an", "ans", "ians", "ese", "ish", "i", "is", "ic",
                          "n", "ns", "y", "ois", "oise", "er", "ers"))


@lru_cache(maxsize=8192)
def name_relation(a: str, b: str) -> str | None:
    """"same", "spelling" or None for two normalised names."""
    if a == b:
        return "same"
    ta, tb = a.split(), b.split()
    sa, sb = set(ta), set(tb)
    if sa <= sb or sb <= sa:
        return "same"
    # acronyms: "us" / "united states"
    for x, ty in ((a, tb), (b, ta)):
        if " " not in x and len(ty) > 1 and x == "".join(t[0] for t in ty if t not in ("of", "the", "and")):
            return "same"
    # morphological variants: "canada" / "canadian"
    if len(ta) == 1 and len(tb) == 1:
        p = 0
        for ca, cb in zip(a, b):
            if ca != cb:
                break
            p += 1
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        if p >= 4 and short[p:] in _STEM_END and long_[p:] in _DEMONYM_END:
            return "same"
    if _close(a, b):
        return "spelling"
    # one token respelled, the rest shared: "jan kowalczyk" / "kowalczik"
    short_t, long_t = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    fuzzy = False
    pool = list(long_t)
    for t in short_t:
        if t in pool:
            pool.remove(t)
            continue
        hit = next((u for u in pool if len(t) >= 4 and _close(t, u)), None)
        if hit is None:
            return None
        pool.remove(hit)
        fuzzy = True
    return "spelling" if fuzzy else "same"


# --------------------------------------------------------------------------
# pairing


@lru_cache(maxsize=16384)
def _ctx_stems(context: str) -> frozenset[str]:
    return frozenset(stems(context))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _kind_compat(fa: Fact, fb: Fact) -> float:
    if fa.kind == fb.kind:
        return 1.0
    if fa.kind == "number" or fb.kind == "number":
        return 0.5
    if {fa.kind, fb.kind} == {"quantity", "temperature"}:
        return 0.3
    return 0.0


def _greedy(cands: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for _, i, j in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((i, j))
    return out


def _pos(f: Fact, n: int) -> float:
    return (f.start + f.end) / 2 / max(1, n)


def _change(kind: str, severity: str, fa: Fact | None, fb: Fact | None, detail: str = "",
            a_value: Any = None, b_value: Any = None) -> Change:
    return Change(
        kind, severity,
        fa.text if fa else None, fb.text if fb else None,
        (fa.value if fa else None) if a_value is None else a_value,
        (fb.value if fb else None) if b_value is None else b_value,
        (fa.start, fa.end) if fa else None, (fb.start, fb.end) if fb else None,
        detail, fa, fb,
    )


def _pair_numeric(A: list[Fact], B: list[Fact], na: int, nb: int, out: list[Change]) -> None:
    cands = []
    single = len(A) == 1 and len(B) == 1
    for i, fa in enumerate(A):
        ca = _ctx_stems(fa.context)
        pa = _pos(fa, na)
        for j, fb in enumerate(B):
            kc = _kind_compat(fa, fb)
            if kc == 0:
                continue
            ctx = _jaccard(ca, _ctx_stems(fb.context))
            ps = 1.0 - abs(pa - _pos(fb, nb))
            eq = values_equivalent(fa, fb)
            if not eq and not (ctx > 0 or ps >= 0.6 or single):
                continue
            score = (3.0 if eq else 0.0) + 1.5 * ctx + 0.5 * ps + 0.4 * kc + (0.2 if fa.unit == fb.unit else 0.0)
            if not eq:
                va, vb = _amount(fa), _amount(fb)
                if fa.raw is not None and fa.raw == fb.raw:
                    score += 2.5  # same figure, unit or currency differs
                elif _rel(va, vb) <= 0.05:
                    score += 1.0
            cands.append((score, i, j))
    pairs = _greedy(cands)
    used_a = {i for i, _ in pairs}
    used_b = {j for _, j in pairs}
    for i, j in pairs:
        r = _numeric_change(A[i], B[j])
        if r is not None:
            kind, sev, detail = r
            if kind == "qualifier":
                out.append(_change(kind, sev, A[i], B[j], detail, A[i].qualifier or "", B[j].qualifier or ""))
            else:
                out.append(_change(kind, sev, A[i], B[j], detail))
    _leftovers(A, B, used_a, used_b, out)


def _leftovers(A: list[Fact], B: list[Fact], used_a: set[int], used_b: set[int], out: list[Change]) -> None:
    for i, f in enumerate(A):
        if i not in used_a:
            out.append(_change("dropped", "low", f, None, f.kind))
    for j, f in enumerate(B):
        if j not in used_b:
            out.append(_change("added", "low", None, f, f.kind))


def _pair_dates(A: list[Fact], B: list[Fact], na: int, nb: int, out: list[Change]) -> None:
    cands = []
    rel: dict[tuple[int, int], str] = {}
    for i, fa in enumerate(A):
        for j, fb in enumerate(B):
            r = dates_relation(fa.value, fb.value)
            rel[i, j] = r
            ps = 1.0 - abs(_pos(fa, na) - _pos(fb, nb))
            score = {"same": 3.0, "unknown": 1.0, "different": 0.0}[r] + 0.5 * ps + \
                1.0 * _jaccard(_ctx_stems(fa.context), _ctx_stems(fb.context))
            cands.append((score, i, j))
    pairs = _greedy(cands)
    for i, j in pairs:
        if rel[i, j] == "different":
            out.append(_change("date", "high", A[i], B[j]))
    _leftovers(A, B, {i for i, _ in pairs}, {j for _, j in pairs}, out)


def _pair_times(A: list[Fact], B: list[Fact], na: int, nb: int, out: list[Change]) -> None:
    cands = []
    for i, fa in enumerate(A):
        for j, fb in enumerate(B):
            same = _times_same(fa, fb)
            cands.append(((3.0 if same else 0.0) + 0.5 * (1.0 - abs(_pos(fa, na) - _pos(fb, nb))), i, j))
    pairs = _greedy(cands)
    for i, j in pairs:
        if not _times_same(A[i], B[j]):
            out.append(_change("time", "high", A[i], B[j]))
    _leftovers(A, B, {i for i, _ in pairs}, {j for _, j in pairs}, out)


def _pair_names(A: list[Fact], B: list[Fact], na: int, nb: int, cross_lang: bool, out: list[Change]) -> None:
    cands = []
    rels: dict[tuple[int, int], str] = {}
    for i, fa in enumerate(A):
        for j, fb in enumerate(B):
            r = name_relation(fa.value, fb.value)
            if r is None:
                continue
            rels[i, j] = r
            ps = 1.0 - abs(_pos(fa, na) - _pos(fb, nb))
            cands.append(((3.0 if r == "same" else 2.0) + 0.5 * ps, i, j))
    pairs = _greedy(cands)
    used_a = {i for i, _ in pairs}
    used_b = {j for _, j in pairs}
    for i, j in pairs:
        if rels[i, j] == "spelling":
            out.append(_change("spelling", "low", A[i], B[j]))
    # what is left and confident: a different name in the same slot, or dropped/added
    la = [i for i, f in enumerate(A) if i not in used_a and f.unit != "weak"]
    lb = [j for j, f in enumerate(B) if j not in used_b and f.unit != "weak"]
    cands = []
    for i in la:
        for j in lb:
            d = abs(_pos(A[i], na) - _pos(B[j], nb))
            ctx = _jaccard(_ctx_stems(A[i].context), _ctx_stems(B[j].context))
            if d <= 0.35 or ctx > 0 or (len(la) == 1 and len(lb) == 1):
                cands.append((1.0 - d + ctx, i, j))
    pairs2 = _greedy(cands)
    for i, j in pairs2:
        out.append(_change("name", "low" if cross_lang else "high", A[i], B[j],
                           "different language" if cross_lang else ""))
    pa = {i for i, _ in pairs2}
    pb = {j for _, j in pairs2}
    for i in la:
        if i not in pa:
            out.append(_change("dropped", "low", A[i], None, "name"))
    for j in lb:
        if j not in pb:
            out.append(_change("added", "low", None, B[j], "name"))


def _pair_negations(A: list[Fact], B: list[Fact], na: int, nb: int, out: list[Change]) -> None:
    if len(A) == len(B):
        return
    cands = []
    for i, fa in enumerate(A):
        for j, fb in enumerate(B):
            ps = 1.0 - abs(_pos(fa, na) - _pos(fb, nb))
            same = 1.0 if fa.value == fb.value else 0.0
            ctx = _jaccard(_ctx_stems(fa.context), _ctx_stems(fb.context))
            cands.append((same + ctx + ps, i, j))
    pairs = _greedy(cands)
    ua = {i for i, _ in pairs}
    ub = {j for _, j in pairs}
    for i, f in enumerate(A):
        if i not in ua:
            out.append(_change("negation", "high", f, None, "negation dropped"))
    for j, f in enumerate(B):
        if j not in ub:
            out.append(_change("negation", "high", None, f, "negation added"))


def compare_facts(facts_a: list[Fact], facts_b: list[Fact], len_a: int, len_b: int,
                  *, cross_lang: bool = False) -> list[Change]:
    """Changes between two already-extracted fact lists (sentence lengths
    ``len_a``/``len_b`` are used for relative positions)."""
    fam_a: dict[str, list[Fact]] = {}
    fam_b: dict[str, list[Fact]] = {}
    for facts, fam in ((facts_a, fam_a), (facts_b, fam_b)):
        for f in facts:
            key = "num" if f.kind in NUMERIC_KINDS else f.kind
            fam.setdefault(key, []).append(f)
    out: list[Change] = []
    e: list[Fact] = []
    _pair_numeric(fam_a.get("num", e), fam_b.get("num", e), len_a, len_b, out)
    _pair_dates(fam_a.get("date", e), fam_b.get("date", e), len_a, len_b, out)
    _pair_times(fam_a.get("time", e), fam_b.get("time", e), len_a, len_b, out)
    _pair_names(fam_a.get("name", e), fam_b.get("name", e), len_a, len_b, cross_lang, out)
    _pair_negations(fam_a.get("negation", e), fam_b.get("negation", e), len_a, len_b, out)
    out.sort(key=lambda c: ((c.a_span or c.b_span or (0, 0))[0], c.a_span is None))
    return out


def compare_sentences(
    a: str,
    b: str,
    *,
    lang_a: str = "en",
    lang_b: str = "en",
    date_a: _dt.date | None = None,
    date_b: _dt.date | None = None,
    facts_a: list[Fact] | None = None,
    facts_b: list[Fact] | None = None,
) -> list[Change]:
    """The changed facts between aligned sentences ``a`` and ``b``.

    ``date_a``/``date_b`` are the documents' publication dates (they resolve
    weekdays and year-less dates). Pass ``facts_a``/``facts_b`` to reuse
    facts already extracted from the same sentences.
    """
    fa = facts_a if facts_a is not None else extract_facts(a, lang_a, date_a)
    fb = facts_b if facts_b is not None else extract_facts(b, lang_b, date_b)
    if not fa and not fb:
        return []
    cross = (lang_a or "").split("-")[0].lower() != (lang_b or "").split("-")[0].lower()
    return compare_facts(fa, fb, len(a), len(b), cross_lang=cross)


def high(changes: Iterable[Change]) -> list[Change]:
    """Only the changes worth an alarm."""
    return [c for c in changes if c.severity == "high"]
