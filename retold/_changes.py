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
  "almost 200,000", "about 600" / "about 5000"). **number, low** also when a
  bare number faces a measured one ("two" / "two and a half years": maybe
  not the same quantity), and **qualifier, low** when a bare figure is one a
  hedged figure on the other side allows ("more than half" / "55%",
  "nearly 24,000" / "22,000": within 25 % above a lower bound, 25 % below an
  upper one, 10 % below "nearly").
* **sign, high**: the same magnitude with the opposite sign ("minus 17
  degrees" / "17 degrees").
* **unit, high**: the same number written with a different unit or currency
  ("5,500 miles" / "5,500 km", "-17°F" / "-17°C", "$5m" / "€5m", "12%" /
  "12 percentage points"). **unit, low**: the unit is missing on one side
  ("5,500 miles" / "5,500"), and a word stands where the unit would be is
  read as an unknown unit, not a missing one ("45 minutes" / "45 moments").
* **qualifier**: the value is equivalent but the hedge differs. Low when one
  side drops or adds it ("almost 24,000" / "24,000") or swaps it for one of
  the same direction; high when the bound flips ("more than 1,000" / "fewer
  than 1,000").
* **date, high**: dates that are comparable and differ (full or partial ISO
  dates disagreeing on a field they both state; weekdays that differ, also
  beside an equal day: "Saturday 12 March" / "Monday 12 March").
  Undecidable pairs (a weekday without a publication date vs a calendar
  date, "2025" vs "--02-03") are not reported.
* **time, high**: different clock times; a time written without a.m./p.m.
  matches either half of the day.
* **name, high**: a different name in the same slot: sharing context words,
  or the only name left on each side of sentences that share half their
  words. **spelling, low**: the same name with a small edit distance
  (Kowalczyk / Kowalczik: distance <= max(1, len/5) on a one-word name, or
  on one token with the other tokens shared; one edit in a short part of a
  longer name, "Day-Lewis" / "Dai-Lewis"). Names that are a subset of each
  other ("Trudeau" / "Justin Trudeau"), an acronym or plural of each other
  ("U.S." / "United States", "PCs" / "PC") or share a long prefix ("Canada"
  / "Canadian") are the same; a name the other side states inside a longer
  one ("Marek Kowalczyk" / "Border Patrol Marek Kowalczik") is not dropped.
  Low-confidence names (a lone capitalised word opening the sentence) are
  only ever reported as spelling changes, and two names opening a sentence
  that differ only in their first word ("Senior MPs" / "Top MPs") are the
  same name after an ordinary word.
* **negation, high**: a grammatical negation ("not", "n't", "never", "no",
  "nobody", "without", ...) on one side that the other side does not answer,
  in a clause both sides state (one of the three words either side of the
  cue is in the other sentence), and not said otherwise there: a word
  "zero" ("nothing" / "zero"), or the negated word's opposite ("did not
  win" / "lost"). Lexical negations ("denied", "refused", "failed to",
  "lacking") pair with a negation on the other side but never count as a
  flip on their own: retellings swap them for synonyms freely. "not only" /
  "not just" is no negation.
* **dropped / added, low**: a figure, date, time or (confident) name on one
  side only. Retellings routinely shorten and expand; a dropped figure is
  rarely a falsification, and an added one needs a human to check, so both
  are reported but not alarmed on. A figure the other sentence says in words
  is not dropped ("a year" / "twelve months", "half" / "fifty per cent",
  "nothing" / "zero"), nor is the word "one" ("another" / "one more").

Across languages only figures, dates and times are compared: names
(exonyms, transliterations: "North Dakota" / "Dakota du Nord") and
negations (French "ne ... pas", reworded polarity) do not carry over word
for word, and a fact-checker must be able to trust every high flag.

Alignment guards (same language, with the sentence texts): high-severity
changes between sentences sharing under 30 % of their content words (of the
shorter) are reported low ("weakly aligned sentences"); in a group of
several sentences aligned with one, a change in a sentence the other side
does not state (under 40 % of its words there) is reported low, or dropped
when it has only one side (a figure or negation that left with its
sentence is not a changed fact).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from ._facts import LEXICAL_NEGATIONS, NUMBER_WORDS, Fact, currencies_compatible, extract_facts, stems, vague_band

__all__ = ["Change", "compare_sentences", "compare_facts", "values_equivalent", "name_relation",
           "dates_relation", "facts_may_differ", "APPROX_QUALIFIERS"]

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
        if _within_bound(fa, fb) or _within_bound(fb, fa):
            # "more than half" / "55%", "nearly 24,000" / "23,000": the bare
            # figure is one the hedged one allows
            return ("qualifier", "low", "figure within the stated bound")
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
        # a bare number against a measured one: maybe not the same quantity
        return ("number", "low", "unit missing on one side")
    if abs(ra) == abs(rb):
        if ra == -rb and ra != 0 and fa.raw_unit == fb.raw_unit:
            return ("sign", "high", "opposite sign")
        return ("unit", "high", f"{fa.raw_unit or fa.unit} -> {fb.raw_unit or fb.unit}")
    return ("number", "high", "")


# how far from a hedged figure a bare one may lie and still be what the hedge says
_BOUNDS = {"more than": (1.0, 1.25), "at least": (1.0, 1.25), "less than": (0.75, 1.0), "up to": (0.75, 1.0),
           "nearly": (0.9, 1.0)}


def _within_bound(hedged: Fact, bare: Fact) -> bool:
    b = _BOUNDS.get(hedged.qualifier or "")
    if b is None or bare.qualifier is not None:
        return False
    v, x = _amount(hedged), _amount(bare)
    if v <= 0 or x <= 0:
        return False
    return b[0] * v <= x <= b[1] * v


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


@lru_cache(maxsize=4096)
def _weekday_of(text: str) -> int | None:
    from ._facts import _WEEKDAYS

    for w in _WORD_TOKEN_RE.findall(text.lower()):
        for table in _WEEKDAYS.values():
            if w in table:
                return table[w]
    return None


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
    if len(ta) == len(tb) == 1 and len(a) <= 5 and (a == b + "s" or b == a + "s"):
        return "same"  # "PCs" / "PC"
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
    if len(ta) == 1 and len(tb) == 1:
        return "spelling" if _close(a, b) else None
    if len(ta) == len(tb):
        diff = [(x, y) for x, y in zip(ta, tb) if x != y]
        if len(diff) == 1:
            x, y = diff[0]
            # the other tokens agree: one edit in a short part ("Day-Lewis" / "Dai-Lewis") is a respelling
            short_ok = len(ta) >= 2 and min(len(x), len(y)) >= 3 and _lev(x, y, 1) <= 1
            return "spelling" if (len(x) >= 4 and len(y) >= 4 and _close(x, y)) or short_ok else None
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


def _pair_numeric(A: list[Fact], B: list[Fact], na: int, nb: int, out: list[Change],
                  text_a: str | None = None, text_b: str | None = None) -> None:
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
            if eq and fa.raw == fb.raw and fa.raw_unit == fb.raw_unit:
                score += 0.5  # the same figure as written, before any converted one
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
        if r is not None and r[0] == "number" and (_share_of(A[i], B[j], B) or _share_of(B[j], A[i], A)):
            r = None  # "half a billion dollars" / "fifty per cent a billion dollars"
        if r is not None and r[0] == "unit" and r[1] == "low":
            bare, txt = (B[j], text_b) if r[2] == "unit dropped" else (A[i], text_a)
            if txt is not None and _word_follows(bare, txt):
                r = None  # "45 moments", "5 500 milles": a unit word there that is not read
        if r is not None:
            kind, sev, detail = r
            if kind == "qualifier":
                out.append(_change(kind, sev, A[i], B[j], detail, A[i].qualifier or "", B[j].qualifier or ""))
            else:
                out.append(_change(kind, sev, A[i], B[j], detail))
    _leftovers(A, B, used_a, used_b, out, text_a, text_b)


def _share_of(f: Fact, g: Fact, others: list[Fact]) -> bool:
    """Whether ``g`` times a percentage written just before it is ``f``."""
    for p in others:
        if p.kind == "percent" and p.end <= g.start <= p.end + 4 and p is not g:
            try:
                v = _amount(p) / 100 * _amount(g)
            except (TypeError, ValueError):
                return False
            return _rel(v, _amount(f)) <= 0.01
    return False


def _leftovers(A: list[Fact], B: list[Fact], used_a: set[int], used_b: set[int], out: list[Change],
               text_a: str | None = None, text_b: str | None = None) -> None:
    for i, f in enumerate(A):
        if i not in used_a and not (text_b is not None and _restated(f, text_b)):
            out.append(_change("dropped", "low", f, None, f.kind))
    for j, f in enumerate(B):
        if j not in used_b and not (text_a is not None and _restated(f, text_a)):
            out.append(_change("added", "low", None, f, f.kind))


_WORD_AFTER_RE = re.compile(r"[\s\u00a0-]+([^\W\d_]+)")
_WORD_TOKEN_RE = re.compile(r"[^\W\d_]+")
# words that state a figure without digits: a figure on one side that the
# other side says with one of these is restated, not dropped or added
_DURATION_WORDS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "hourly": 1 / 24, "day": 1.0,
                   "daily": 1.0, "overnight": 1.0, "week": 7.0, "weekly": 7.0, "fortnight": 14.0,
                   "fortnightly": 14.0, "month": 30.436875, "monthly": 30.436875, "quarter": 91.310625,
                   "quarterly": 91.310625, "year": 365.2425, "yearly": 365.2425, "annual": 365.2425,
                   "annually": 365.2425, "decade": 3652.425, "century": 36524.25}
_VALUE_WORDS = {"half": (50.0, 2.0, 0.5), "halves": (50.0,), "quarter": (25.0, 4.0), "third": (33.3,),
                "double": (2.0, 200.0), "doubled": (2.0, 200.0), "twice": (2.0,), "pair": (2.0,),
                "couple": (2.0,), "both": (2.0,), "dozen": (12.0,), "single": (1.0,), "once": (1.0,),
                "hundred": (100.0,), "thousand": (1000.0,), "million": (1e6,), "billion": (1e9,),
                "nothing": (0.0,), "none": (0.0,), "no": (0.0,), "nobody": (0.0,), "nil": (0.0,), "zero": (0.0,)}


_NEXT_FIGURE_RE = re.compile(r"[\s\u00a0]*(?:-|–|to|or|and|,)[\s\u00a0]*(?:\d|(?i:"
                             + "|".join(sorted(NUMBER_WORDS["en"], key=len, reverse=True)) + r")(?![^\W_]))")


def _word_follows(f: Fact, text: str) -> bool:
    """A content word right after a unitless figure: where a unit would be
    (or the figure opens a range or list whose unit is written once, later)."""
    if _NEXT_FIGURE_RE.match(text, f.end):
        return True
    m = _WORD_AFTER_RE.match(text, f.end)
    return m is not None and m.group(1).lower() not in _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset(
    """a an the of in on at to for from by with and or but than as is are was were be been has have had
    that this which who while after before since until per each last this next over under into out up
    down off about around de la le les des du et ou en au aux à par pour sur der die das und von im""".split())


def _restated(f: Fact, other: str) -> bool:
    """Whether a figure missing from the other sentence is said there in words
    ("week" / "seven days", "a year" / "twelve months", "half" / "fifty per
    cent", "nothing" / "zero"), or is the word "one" (a retelling writes "a"
    and "one", "another" and "one more" interchangeably)."""
    if f.kind not in NUMERIC_KINDS:
        return False
    if f.text.lower() == "one":
        return True
    words = {w.lower() for w in _WORD_TOKEN_RE.findall(other)}
    if f.kind == "quantity" and f.unit == "day" and isinstance(f.value, float):
        for w in words:
            d = _DURATION_WORDS.get(w) or (_DURATION_WORDS.get(w[:-1]) if w.endswith("s") else None)
            if d is not None and abs(d - f.value) <= 0.1 * max(d, f.value):
                return True
        return False
    if f.kind == "money" or f.raw is None:
        return False
    for w in words:
        vals = _VALUE_WORDS.get(w)
        if vals is not None and any(abs(v - f.raw) <= 0.01 * max(1.0, abs(v)) for v in vals):
            return True
    return False


def _pair_dates(A: list[Fact], B: list[Fact], na: int, nb: int, out: list[Change]) -> None:
    cands = []
    rel: dict[tuple[int, int], str] = {}
    for i, fa in enumerate(A):
        for j, fb in enumerate(B):
            r = dates_relation(fa.value, fb.value)
            if r == "same":
                wa, wb = _weekday_of(fa.text), _weekday_of(fb.text)
                if wa is not None and wb is not None and wa != wb:
                    r = "different"  # "Saturday 12 March" / "Monday 12 March"
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


def _pair_names(A: list[Fact], B: list[Fact], na: int, nb: int, out: list[Change],
                texts: _Texts | None = None, text_a: str | None = None, text_b: str | None = None) -> None:
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
    reported: set[tuple[str, str]] = set()
    for i, j in pairs:
        if rels[i, j] == "spelling":
            out.append(_change("spelling", "low", A[i], B[j]))
            reported.add((A[i].value, B[j].value))
    # what is left and confident: a different name in the same slot
    la = [i for i, f in enumerate(A) if i not in used_a and f.unit != "weak"]
    lb = [j for j, f in enumerate(B) if j not in used_b and f.unit != "weak"]
    single = len(la) == 1 and len(lb) == 1
    cands = []
    for i in la:
        for j in lb:
            d = abs(_pos(A[i], na) - _pos(B[j], nb))
            ctx = _jaccard(_ctx_stems(A[i].context), _ctx_stems(B[j].context))
            # the same slot: shared context words, or the only name left on
            # each side of two sentences that otherwise say the same thing
            if ctx > 0 or (single and d <= 0.35 and (texts is None or texts.overlap >= 0.5)):
                cands.append((1.0 - d + ctx, i, j))
    pairs2 = _greedy(cands)
    for i, j in pairs2:
        rest = _opening_word_relation(A[i], B[j], text_a, text_b)
        if rest == "same":
            # "Senior MPs" / "Top MPs" opening a sentence: the first word is
            # an ordinary word a rewording swapped, the name is the same
            continue
        if rest == "spelling":
            out.append(_change("spelling", "low", A[i], B[j]))
            continue
        out.append(_change("name", "high", A[i], B[j]))
    used_a |= {i for i, _ in pairs2}
    used_b |= {j for _, j in pairs2}
    # a name the other side states inside a longer one ("Border Patrol agent
    # Marek Kowalczyk" / "the agent of Border Patrol Marek Kowalczik", read as
    # one name) is not dropped: it is the same name, or a respelling of it
    for i, f in enumerate(A):
        if i in used_a:
            continue
        for j, g in enumerate(B):
            r = rels.get((i, j))
            if r is None:
                continue
            used_a.add(i)
            if r == "spelling" and (f.value, g.value) not in reported:
                out.append(_change("spelling", "low", f, g))
                reported.add((f.value, g.value))
            break
    for j, g in enumerate(B):
        if j in used_b:
            continue
        for i, f in enumerate(A):
            r = rels.get((i, j))
            if r is None:
                continue
            used_b.add(j)
            if r == "spelling" and (f.value, g.value) not in reported:
                out.append(_change("spelling", "low", f, g))
                reported.add((f.value, g.value))
            break
    for i, f in enumerate(A):
        if i not in used_a and f.unit != "weak":
            out.append(_change("dropped", "low", f, None, "name"))
    for j, g in enumerate(B):
        if j not in used_b and g.unit != "weak":
            out.append(_change("added", "low", None, g, "name"))


_CLAUSE_RE = re.compile(r"[,;:!?()\[\]\"“”«»—–]|\.(?=\s|$)")
_SCOPE_SKIP = frozenset(
    """a an the of to in on at by for with from as and or but that this these those it its is are was were be
    been being am has have had do does did will would shall should can could may might must he she they we
    you i his her their our your who which what""".split())


def _scope(text: str, f: Fact, k: int = 3) -> frozenset[str]:
    """Stems of up to ``k`` words on each side of a negation cue, inside its
    clause (verbs such as "said" and "reported" included)."""
    left = text[:f.start]
    right = text[f.end:]
    lm = None
    for lm in _CLAUSE_RE.finditer(left):
        pass
    if lm is not None:
        left = left[lm.end():]
    rm = _CLAUSE_RE.search(right)
    if rm is not None:
        right = right[:rm.start()]
    before = [w for w in _WORD_TOKEN_RE.findall(left) if w.lower() not in _SCOPE_SKIP][-k:]
    after = [w for w in _WORD_TOKEN_RE.findall(right) if w.lower() not in _SCOPE_SKIP][:k]
    return frozenset(_stem_all(before + after))


# "did not win" and "lost" say the same: a negated word whose opposite the
# other sentence uses is a rephrasing, not a flip
_ANTONYMS = [  # (one polarity, the other)
    (("win", "won"), ("lose", "lost", "los")), (("pass",), ("fail",)),
    (("accept",), ("reject", "refus", "declin")),
    (("allow",), ("ban", "forbid", "forbade", "block", "prevent", "prohibit")),
    (("rise", "rose", "risen"), ("fall", "fell", "fallen")), (("increase",), ("decrease", "cut", "reduc")),
    (("agree",), ("disagree", "oppos")), (("confirm",), ("deny", "deni")), (("include",), ("exclude",)),
    (("remember",), ("forget", "forgot")), (("succeed",), ("fail",)), (("like",), ("dislike",)),
    (("support",), ("oppos",)), (("continue",), ("stop", "end", "halt")), (("open",), ("close", "shut")),
    (("keep", "kept"), ("lose", "lost")), (("attend",), ("miss", "skip")), (("know", "aware"), ("unaware",)),
    (("able",), ("unable",)), (("guilty",), ("innocent",)), (("legal", "lawful"), ("illegal", "unlawful")),
    (("available",), ("unavailable",)), (("possible",), ("impossible",)), (("clear",), ("unclear",)),
    (("likely",), ("unlikely",)), (("enough", "sufficient"), ("insufficient",)), (("present",), ("absent",)),
    (("true",), ("false", "untrue")), (("same",), ("different",)), (("help",), ("hinder", "hamper")),
    (("want",), ("refus",)),
]
_OPPOSITE: dict[str, set[str]] = {}
for _one, _other in _ANTONYMS:
    for _w in _one:
        _OPPOSITE.setdefault(_w, set()).update(_other)
    for _w in _other:
        _OPPOSITE.setdefault(_w, set()).update(_one)


def _antonym_restates(text: str, f: Fact, other_stems: frozenset[str]) -> bool:
    right = text[f.end:]
    words = [w for w in _WORD_TOKEN_RE.findall(right[:40]) if w.lower() not in _SCOPE_SKIP][:1]
    if not words:
        return False
    from ._facts import stem

    w = stem(words[0].lower())
    for key in (w, w[:5], w[:4]):
        opp = _OPPOSITE.get(key)
        if opp and any(o in other_stems or any(s.startswith(o) for s in other_stems) for o in opp):
            return True
    return False


def _word_before(text: str, f: Fact) -> str:
    w = _WORD_TOKEN_RE.findall(text[max(0, f.start - 30):f.start])
    return w[-1].lower() if w else ""


def _word_after(text: str, f: Fact) -> str:
    m = _WORD_TOKEN_RE.search(text, f.end)
    return m.group().lower() if m is not None and m.start() - f.end < 4 else ""


def _stem_all(words: list[str]) -> list[str]:
    from ._facts import stem

    return [stem(w.lower()) for w in words if len(w) > 1]


@lru_cache(maxsize=4096)
def _all_stems(text: str) -> frozenset[str]:
    """Stems of every word of a sentence (function words included)."""
    return frozenset(_stem_all(_WORD_TOKEN_RE.findall(text)))


def _at_start(f: Fact, text: str | None) -> bool:
    if text is None:
        return False
    pre = text[:f.start].rstrip(" \t\r\n\"'“‘«(")
    return not pre or pre[-1] in ".!?:;\n"


def _opening_word_relation(fa: Fact, fb: Fact, text_a: str | None, text_b: str | None) -> str | None:
    """How two names opening a sentence relate without their first words
    ("Director Marc Rothemund" / "Manager Marc Rotthemund": a respelling)."""
    ta, tb = str(fa.value).split(), str(fb.value).split()
    if len(ta) < 2 or len(tb) < 2 or not (_at_start(fa, text_a) or _at_start(fb, text_b)):
        return None
    if ta[1:] == tb[1:]:
        return "same"
    return name_relation(" ".join(ta[1:]), " ".join(tb[1:]))


def _pair_negations(A: list[Fact], B: list[Fact], na: int, nb: int, out: list[Change],
                    texts: _Texts | None = None, zeros_a: int = 0, zeros_b: int = 0, text_a: str | None = None,
                    text_b: str | None = None) -> None:
    """A polarity flip: a negation on one side that nothing on the other side
    answers, in a clause the other side also states.

    Cues pair greedily (same family, shared context, close position). A cue
    left over is reported only when it is a grammatical negation ("not",
    "never", "no", ...; lexical ones such as "denied" or "failed to" are
    rephrased too freely), when the other side has no "zero"/"0" that says
    the same ("nothing" / "zero"), and when the clause it sits in appears
    in the other sentence: one of the three words on either side of the cue
    (within the clause) is there too.
    """
    if len(A) == len(B):
        return
    cands = []
    sc_a = [_scope(text_a, f) if text_a is not None else frozenset() for f in A]
    sc_b = [_scope(text_b, f) if text_b is not None else frozenset() for f in B]
    for i, fa in enumerate(A):
        for j, fb in enumerate(B):
            ps = 1.0 - abs(_pos(fa, na) - _pos(fb, nb))
            same = 1.0 if fa.value == fb.value else 0.0
            ctx = _jaccard(_ctx_stems(fa.context), _ctx_stems(fb.context))
            near = 0.0
            if text_a is not None and text_b is not None:
                near = float(_word_before(text_a, fa) == _word_before(text_b, fb)) + \
                    float(_word_after(text_a, fa) == _word_after(text_b, fb))
            cands.append((same + ctx + ps + 2.0 * _jaccard(sc_a[i], sc_b[j]) + near, i, j))
    pairs = _greedy(cands)
    ua = {i for i, _ in pairs}
    ub = {j for _, j in pairs}
    for side, facts, used, zeros, own in (("a", A, ua, zeros_b, text_a), ("b", B, ub, zeros_a, text_b)):
        for i, f in enumerate(facts):
            if i in used or f.value in LEXICAL_NEGATIONS:
                continue
            if zeros > 0:
                zeros -= 1
                continue
            if texts is not None:
                other_stems = texts.all_b if side == "a" else texts.all_a
                scope = _scope(own, f) if own is not None else _ctx_stems(f.context)
                if not scope or not (scope & other_stems):
                    continue
                if own is not None and _antonym_restates(own, f, other_stems):
                    continue  # "did not win" / "lost"
            if side == "a":
                out.append(_change("negation", "high", f, None, "negation dropped"))
            else:
                out.append(_change("negation", "high", None, f, "negation added"))


def compare_facts(facts_a: list[Fact], facts_b: list[Fact], len_a: int, len_b: int,
                  *, cross_lang: bool = False, text_a: str | None = None, text_b: str | None = None) -> list[Change]:
    """Changes between two already-extracted fact lists (sentence lengths
    ``len_a``/``len_b`` are used for relative positions).

    Across languages only figures, dates and times are compared: names
    (exonyms, transliterations) and negations (French "ne ... pas") do not
    carry over word for word. With the sentence texts (``text_a``/``text_b``,
    same language), a negation must flip in a clause both sentences state,
    and high-severity changes between sentences that share few words (a weak
    alignment) are reported as low.
    """
    fam_a: dict[str, list[Fact]] = {}
    fam_b: dict[str, list[Fact]] = {}
    for facts, fam in ((facts_a, fam_a), (facts_b, fam_b)):
        for f in facts:
            key = "num" if f.kind in NUMERIC_KINDS else f.kind
            fam.setdefault(key, []).append(f)
    out: list[Change] = []
    e: list[Fact] = []
    ta, tb = (text_a, text_b) if text_a is not None and text_b is not None else (None, None)
    lz = _Texts(ta, tb) if ta is not None and tb is not None and not cross_lang else None
    _pair_numeric(fam_a.get("num", e), fam_b.get("num", e), len_a, len_b, out, ta, tb)
    _pair_dates(fam_a.get("date", e), fam_b.get("date", e), len_a, len_b, out)
    _pair_times(fam_a.get("time", e), fam_b.get("time", e), len_a, len_b, out)
    if not cross_lang:
        _pair_names(fam_a.get("name", e), fam_b.get("name", e), len_a, len_b, out, lz, ta, tb)
        _pair_negations(fam_a.get("negation", e), fam_b.get("negation", e), len_a, len_b, out, lz,
                        _zeros(fam_a.get("num", e)), _zeros(fam_b.get("num", e)), ta, tb)
    if not out or lz is None:
        return sorted(out, key=lambda c: ((c.a_span or c.b_span or (0, 0))[0], c.a_span is None))
    if any(c.severity == "high" for c in out) and lz.overlap < WEAK_OVERLAP:
        out = [_downgrade(c) if c.severity == "high" else c for c in out]
    if _several_sentences(ta) or _several_sentences(tb):
        sa, sb = lz.all_a, lz.all_b
        # a group of sentences aligned with one: a change must sit in a
        # sentence the other side states too; a figure (or a negation)
        # "dropped" with its whole sentence is not a changed fact: the
        # sentence is just not there
        kept = []
        for c in out:
            if _stray(c, ta, tb, sa, sb):
                if c.a_span is None or c.b_span is None:
                    continue  # a figure, name or negation of a sentence the other side does not have
                if c.severity == "high":
                    c = _downgrade(c)
            kept.append(c)
        out = kept
    out.sort(key=lambda c: ((c.a_span or c.b_span or (0, 0))[0], c.a_span is None))
    return out


class _Texts:
    """The two sentences' stems, computed only when a rule needs them."""

    __slots__ = ("a", "b", "_sa", "_sb", "_ov", "_aa", "_ab")

    def __init__(self, a: str, b: str) -> None:
        self.a, self.b = a, b
        self._sa = self._sb = self._aa = self._ab = None
        self._ov: float | None = None

    @property
    def sa(self) -> frozenset[str]:
        if self._sa is None:
            self._sa = _sentence_stems(self.a)
        return self._sa

    @property
    def sb(self) -> frozenset[str]:
        if self._sb is None:
            self._sb = _sentence_stems(self.b)
        return self._sb

    @property
    def overlap(self) -> float:
        if self._ov is None:
            self._ov = _overlap(self.sa, self.sb)
        return self._ov

    @property
    def all_a(self) -> frozenset[str]:
        if self._aa is None:
            self._aa = _all_stems(self.a)
        return self._aa

    @property
    def all_b(self) -> frozenset[str]:
        if self._ab is None:
            self._ab = _all_stems(self.b)
        return self._ab


# share of content words two same-language sentences must have in common
# (of the shorter one) for a high-severity change between them to stand
WEAK_OVERLAP = 0.3
# share of a sentence's words (all of them) the other side of its group must
# have for a change in it to count, when a group holds several sentences
STRAY_OVERLAP = 0.5


@lru_cache(maxsize=4096)
def _sentence_stems(text: str) -> frozenset[str]:
    return frozenset(stems(text))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0
    return len(a & b) / min(len(a), len(b))


_SENT_END_RE = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘'(]?[A-Z])|\n+")
_ABBREV_RE = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[a-z]|\b[A-Z])\.$")


@lru_cache(maxsize=4096)
def _boundaries(text: str) -> tuple[int, ...]:
    """Where the sentences of an aligned group start (after the first)."""
    out = []
    for m in _SENT_END_RE.finditer(text):
        if text[m.start()] == "." and _ABBREV_RE.search(text, max(0, m.start() - 6), m.start() + 1):
            continue  # "Feb. 3", "Mr. Smith"
        out.append(m.end())
    return tuple(out)


def _several_sentences(text: str | None) -> bool:
    return text is not None and bool(_boundaries(text))


def _sentence_at(text: str, pos: int) -> str:
    start = 0
    for b in _boundaries(text):
        if b > pos:
            return text[start:b]
        start = b
    return text[start:]


def _stray(c: Change, ta: str, tb: str, sa: frozenset[str], sb: frozenset[str]) -> bool:
    """Whether a side of ``c`` sits in a sentence of its group that the other
    side does not state (a weak part of a 1-2 or 2-1 alignment)."""
    for span, own, other in ((c.a_span, ta, sb), (c.b_span, tb, sa)):
        if span is None or not _several_sentences(own):
            continue
        # all its words, function words included: a retold sentence keeps
        # most of them even when its content words are reworded
        st = _all_stems(_sentence_at(own, span[0]))
        if st and _overlap(st, other) < STRAY_OVERLAP:
            return True
    return False


def _zeros(nums: list[Fact]) -> int:
    """The figures that say "none" in words ("zero", "nil"): a retelling may
    write them for "nothing" or "no". A digit 0 ("won 3-0") says no such thing."""
    return sum(1 for f in nums if f.kind == "number" and f.raw == 0 and f.text.isalpha())


def _downgrade(c: Change) -> Change:
    detail = (c.detail + "; " if c.detail else "") + "weakly aligned sentences"
    return Change(c.kind, "low", c.a_text, c.b_text, c.a_value, c.b_value, c.a_span, c.b_span, detail,
                  c.a_fact, c.b_fact)


_DIFF_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
_FACT_SYMBOLS = frozenset("$£€¥₹₽₩%°º˚℃℉-−–—~≈/:")


def facts_may_differ(a: str, b: str) -> bool:
    """Whether two sentences of one language can state different facts.

    False when the words they do not share are all ordinary lowercase words
    that no part of the extractor reads (no digit, capital, unit, number
    word, qualifier, negation cue, month, symbol ...; see
    :func:`retold._facts.fact_words`): a reworded sentence with the same
    figures, names and polarity. Cheap (a token multiset difference), so a
    copy pair's many reworded but factually identical sentences skip
    extraction.
    """
    if a == b:
        return False
    ta = _DIFF_TOKEN_RE.findall(a)
    tb = _DIFF_TOKEN_RE.findall(b)
    ca: dict[str, int] = {}
    for t in ta:
        ca[t] = ca.get(t, 0) + 1
    diff: list[str] = []
    for t in tb:
        n = ca.get(t, 0)
        if n:
            ca[t] = n - 1
        else:
            diff.append(t)
    diff.extend(t for t, n in ca.items() if n > 0)
    words = _fact_words()
    for t in diff:
        c = t[0]
        if c.isdigit() or c in _FACT_SYMBOLS or not t.islower() and c.isalpha() or t in words:
            return True
    return False


def _fact_words() -> frozenset[str]:
    from ._facts import fact_words

    return fact_words()


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
    return compare_facts(fa, fb, len(a), len(b), cross_lang=cross, text_a=a, text_b=b)


def high(changes: Iterable[Change]) -> list[Change]:
    """Only the changes worth an alarm."""
    return [c for c in changes if c.severity == "high"]
