"""HTML views: the one-file report and the view models the web app shares.

Rendering only, like :mod:`retold._report`: every number comes from the
index (documents, pairs, stories). Article text is untrusted. It reaches the
page only through Jinja2 with autoescaping on: highlighting is done here by
cutting a text into :class:`Seg` pieces (plain strings plus a CSS class),
never by building markup out of document text.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from ._models import COPY_RELATIONS, Document, Pair, Story
from ._stories import build_stories, pair_original

WEB = Path(__file__).parent / "web"
TEMPLATES = WEB / "templates"
STATIC = WEB / "static"

RELATION_LABEL = {
    "duplicate": "duplicate",
    "excerpt": "excerpt",
    "rewrite": "rewrite",
    "translation": "translation",
    "related": "related report",
}


# --------------------------------------------------------------------------
# Jinja environment
# --------------------------------------------------------------------------
def _pct(x: float | None) -> str:
    if x is None:
        return ""
    return f"{round(100 * float(x)):d}%"


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) address, else None (never a javascript: link)."""
    if not url or not isinstance(url, str):
        return None
    u = url.strip()
    if any(ord(c) < 33 for c in u):
        return None
    try:
        parts = urlsplit(u)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return u
    return None


@lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment: autoescape on for every template."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.do"],
    )
    env.filters["pct"] = _pct
    env.filters["safe_url"] = safe_url
    env.filters["anchor"] = anchor
    env.globals["RELATION_LABEL"] = RELATION_LABEL
    return env


def static_text(name: str) -> str:
    text = (STATIC / name).read_text(encoding="utf-8")
    # the text goes inside <style>/<script>; it is ours, but make sure of it
    low = text.lower()
    if "</style" in low or "</script" in low or "<!--" in low:
        raise ValueError(f"static/{name} may not contain </style>, </script> or <!--")
    return text


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def anchor(doc_or_pair_id: str, prefix: str = "d") -> str:
    """A fragment id that is safe for any document id (ids may hold anything)."""
    return f"{prefix}-" + hashlib.blake2b(doc_or_pair_id.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


# --------------------------------------------------------------------------
# Links: the report points inside itself, the web app at its pages
# --------------------------------------------------------------------------
class Links:
    """Where a document, story or pair is shown (web app URLs)."""

    report = False

    def doc(self, doc_id: str) -> str:
        return "/documents/" + quote(doc_id, safe="/")

    def story(self, story_id: str) -> str:
        return "/stories/" + quote(story_id, safe="")

    def pair(self, a: str, b: str) -> str:
        return "/pair?" + urlencode({"a": a, "b": b})

    def search(self, **params: str) -> str:
        return "/search?" + urlencode({k: v for k, v in params.items() if v})


class ReportLinks(Links):
    """Links inside the one-file report (fragments)."""

    report = True

    def doc(self, doc_id: str) -> str:
        return "#" + anchor(doc_id, "d")

    def story(self, story_id: str) -> str:
        return "#" + anchor(story_id, "s")

    def pair(self, a: str, b: str) -> str:
        a, b = min(a, b), max(a, b)
        return "#" + anchor(a + "\x1f" + b, "p")

    def search(self, **params: str) -> str:
        return "#documents"


# --------------------------------------------------------------------------
# The corpus as the views need it
# --------------------------------------------------------------------------
class Corpus:
    """Documents, pairs and stories of an index, with the lookups pages need.

    From an index, pairs are finished by ``Index.finish`` (originals, support
    of changed facts) exactly as :meth:`retold.Index.report` does; given bare
    pairs, ``pair.original`` is filled the same way here.
    """

    def __init__(
        self,
        docs: Mapping[str, Document],
        pairs: list[Pair],
        stories: list[Story] | None = None,
        *,
        finished: bool = False,
    ):
        self.docs: dict[str, Document] = dict(docs)
        self.pairs = pairs
        self.stories = stories if stories is not None else build_stories(self.docs, pairs)
        self.story_by_id = {s.id: s for s in self.stories}
        self.story_of: dict[str, Story] = {}
        for s in self.stories:
            for m in s.documents:
                self.story_of[m] = s
        self.by_doc: dict[str, list[Pair]] = defaultdict(list)
        self.pair_by_ids: dict[tuple[str, str], Pair] = {}
        for p in pairs:
            if not finished:
                s = self.story_of.get(p.a)
                p.original = pair_original(p, s.original if s else None, self.docs) if p.relation in COPY_RELATIONS else None
            self.by_doc[p.a].append(p)
            self.by_doc[p.b].append(p)
            self.pair_by_ids[(p.a, p.b)] = p
        self._inner: dict[str, list[Pair]] = defaultdict(list)
        for p in pairs:
            sa, sb = self.story_of.get(p.a), self.story_of.get(p.b)
            if sa is not None and sa is sb:
                self._inner[sa.id].append(p)
        self.related_of: dict[str, Story] = {}
        for s in self.stories:
            for r in s.related:
                self.related_of.setdefault(r, s)

    @classmethod
    def from_index(cls, index: Any) -> Corpus:
        """Everything the pages show, finished as :meth:`retold.Index.report` finishes it."""
        docs = {d.id: d for d in index.documents()}
        pairs = index.pairs()
        stories = build_stories(docs, pairs)
        finish = getattr(index, "finish", None)
        if finish is None:
            return cls(docs, pairs, stories)
        finish(pairs, stories, docs)  # originals and each change's support
        return cls(docs, pairs, stories, finished=True)

    # --- lookups --------------------------------------------------------------
    def pair(self, a: str, b: str) -> Pair | None:
        return self.pair_by_ids.get((a, b)) or self.pair_by_ids.get((b, a))

    def changed_count(self, pairs: Iterable[Pair]) -> int:
        return sum(len(p.changes or []) for p in pairs)

    def summary(self) -> dict[str, int]:
        copies = [p for p in self.pairs if p.relation in COPY_RELATIONS]
        in_stories = sum(len(s.documents) for s in self.stories)
        return {
            "documents": len(self.docs),
            "stories": len(self.stories),
            "copies": len(copies),
            "related": len(self.pairs) - len(copies),
            "changed": self.changed_count(self.pairs),
            "changed_high": sum(1 for p in self.pairs for c in (p.changes or []) if c.get("severity") == "high"),
            "alone": len(self.docs) - in_stories,
        }

    def title(self, doc_id: str | None) -> str:
        if doc_id is None:
            return ""
        d = self.docs.get(doc_id)
        return (d.title or "") if d else ""

    def story_title(self, s: Story) -> str:
        for i in [s.original, *s.documents]:
            t = self.title(i)
            if t:
                return t
        return s.original or s.documents[0]

    def story_pairs(self, s: Story) -> list[Pair]:
        out = list(self._inner.get(s.id, []))
        out.sort(key=lambda p: (p.relation not in COPY_RELATIONS, not (s.original in (p.a, p.b)), -len(p.changes or []), -p.score))
        return out

    def story_related_pairs(self, s: Story) -> list[Pair]:
        members = set(s.documents)
        return [p for m in s.documents for p in self.by_doc.get(m, []) if (p.a in members) != (p.b in members)]

    def story_changed(self, s: Story) -> int:
        """Changed facts on the links that tie each copy to the original (as the member table shows)."""
        return sum(len(r["pair"].changes or []) for r in self.members(s) if r["pair"] is not None)

    def story_changed_high(self, s: Story) -> int:
        return sum(1 for r in self.members(s) if r["pair"] is not None for c in (r["pair"].changes or []) if c.get("severity") == "high")

    def link_to_original(self, doc_id: str, s: Story) -> Pair | None:
        """The pair that best explains how a member relates to the story's original."""
        best = None
        for p in self.by_doc.get(doc_id, []):
            other = p.b if p.a == doc_id else p.a
            if other not in s.documents or p.relation not in COPY_RELATIONS:
                continue
            if other == s.original:
                return p
            if best is None or p.score > best.score:
                best = p
        return best

    def members(self, s: Story) -> list[dict[str, Any]]:
        """One row per member: how it relates to the original, what changed."""
        rows = []
        order = ([s.original] if s.original else []) + [d for d in s.documents if d != s.original]
        for d in order:
            doc = self.docs[d]
            row: dict[str, Any] = {"id": d, "doc": doc, "original": d == s.original, "pair": None}
            if d != s.original:
                p = self.link_to_original(d, s)
                if p is not None:
                    other = p.b if p.a == d else p.a
                    row.update(
                        pair=p,
                        other=other,
                        via=other if other != s.original else None,
                        relation=p.relation,
                        transform=(p.transform or {}).get("kind"),
                        coverage=p.coverage_a if p.a == d else p.coverage_b,
                        changes=facts(p, d),
                    )
            rows.append(row)
        return rows

    def doc_story(self, doc_id: str) -> Story | None:
        return self.story_of.get(doc_id)

    def with_changes(self) -> set[str]:
        out: set[str] = set()
        for p in self.pairs:
            if p.changes:
                out.add(p.a)
                out.add(p.b)
        return out

    def sources(self) -> list[str]:
        return sorted({d.source for d in self.docs.values() if d.source})

    # --- search ---------------------------------------------------------------
    def search(
        self,
        q: str = "",
        source: str = "",
        date_from: str = "",
        date_to: str = "",
        changed: bool = False,
        limit: int = 50,
    ) -> tuple[list[dict[str, Any]], int]:
        needle = q.casefold().strip()
        src = source.casefold().strip()
        changed_docs = self.with_changes() if changed else set()
        hits = []
        for d in self.docs.values():
            if src and src not in (d.source or "").casefold():
                continue
            day = (d.published or "")[:10]
            if date_from and (not day or day < date_from):
                continue
            if date_to and (not day or day > date_to):
                continue
            if changed and d.id not in changed_docs:
                continue
            where = None
            if needle:
                if needle in d.id.casefold() or needle in (d.title or "").casefold() or needle in (d.source or "").casefold():
                    where = -1
                else:
                    k = d.text.casefold().find(needle)
                    if k < 0:
                        continue
                    where = k
            hits.append((d, where))
        total = len(hits)
        out = []
        for d, where in hits[:limit]:
            out.append({"doc": d, "snippet": snippet(d.text, where, len(needle)) if where is not None and where >= 0 else None})
        return out, total


def facts(p: Pair, side_doc: str) -> list[dict[str, Any]]:
    """A pair's changes seen from ``side_doc`` (mine/theirs values)."""
    mine = "b" if p.b == side_doc else "a"
    theirs = "a" if mine == "b" else "b"
    out = []
    for c in sorted(p.changes or [], key=lambda c: c.get("severity") != "high"):
        out.append(
            {
                "kind": c.get("kind") or "",
                "severity": c.get("severity") or "",
                "mine": _fact_text(c, mine),
                "theirs": _fact_text(c, theirs),
            }
        )
    return out


def _fact_text(c: Mapping[str, Any], side: str) -> str:
    t = c.get(f"{side}_text")
    if t in (None, ""):
        t = c.get(f"{side}_value")
    return "—" if t in (None, "") else str(t)


def snippet(text: str, at: int, n: int, width: int = 90) -> list[Seg]:
    s = max(0, at - width)
    e = min(len(text), at + n + width)
    segs = []
    if s > 0:
        segs.append(Seg("…"))
    segs.append(Seg(text[s:at]))
    segs.append(Seg(text[at : at + n], "hit"))
    segs.append(Seg(text[at + n : e]))
    if e < len(text):
        segs.append(Seg("…"))
    return segs


# --------------------------------------------------------------------------
# Segments: text cut into plain pieces with a class (escaped by the template)
# --------------------------------------------------------------------------
@dataclass(slots=True)
class Seg:
    text: str
    cls: str = ""
    title: str = ""
    ref: str = ""  # fragment of the change this piece belongs to


@dataclass(slots=True)
class Mark:
    start: int
    end: int
    cls: str
    title: str = ""
    ref: str = ""
    rank: int = 0  # higher wins the title/ref when marks overlap


def segments(text: str, offset: int, marks: list[Mark]) -> list[Seg]:
    """Cut ``text`` (which starts at ``offset`` in its document) by the marks."""
    end = offset + len(text)
    live = [m for m in marks if m.end > offset and m.start < end and m.end > m.start]
    if not live:
        return [Seg(text)] if text else []
    cuts = {offset, end}
    for m in live:
        cuts.add(max(offset, m.start))
        cuts.add(min(end, m.end))
    pts = sorted(cuts)
    out: list[Seg] = []
    for s, e in zip(pts, pts[1:]):
        if s >= e:
            continue
        on = [m for m in live if m.start <= s and m.end >= e]
        piece = text[s - offset : e - offset]
        if not on:
            seg = Seg(piece)
        else:
            top = max(on, key=lambda m: m.rank)
            # a changed fact is one piece: word differences inside it are not shown apart
            cls = top.cls if top.rank > 0 else " ".join(dict.fromkeys(c for m in on for c in m.cls.split()))
            seg = Seg(piece, cls, top.title, top.ref)
        if out and out[-1].cls == seg.cls and out[-1].ref == seg.ref and out[-1].title == seg.title:
            out[-1].text += seg.text
        else:
            out.append(seg)
    return out


_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def word_diff(a: str, a_off: int, b: str, b_off: int) -> tuple[list[Mark], list[Mark]]:
    """Word-level differences between two aligned sentence groups."""
    ta = [(m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(a)]
    tb = [(m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(b)]
    if not ta or not tb or len(ta) * len(tb) > 250_000:
        return [], []
    sm = difflib.SequenceMatcher(None, [t[2] for t in ta], [t[2] for t in tb], autojunk=False)
    if sm.ratio() < 0.35:  # mostly different words: a translation or a heavy rewrite
        return [], []
    ma: list[Mark] = []
    mb: list[Mark] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            ma.append(Mark(a_off + ta[i1][0], a_off + ta[i2 - 1][1], "diff del"))
        if j2 > j1:
            mb.append(Mark(b_off + tb[j1][0], b_off + tb[j2 - 1][1], "diff ins"))
    return ma, mb


# --------------------------------------------------------------------------
# The aligned side-by-side view of a pair
# --------------------------------------------------------------------------
@dataclass(slots=True)
class Row:
    kind: str  # "aligned" | "a" (only in A) | "b" (only in B)
    a: list[Seg] = field(default_factory=list)
    b: list[Seg] = field(default_factory=list)
    sim: float | None = None
    changed: bool = False
    high: bool = False
    id: str = ""
    a_range: tuple[int, int] | None = None
    b_range: tuple[int, int] | None = None


@dataclass(slots=True)
class ChangeView:
    n: int
    ref: str
    kind: str
    severity: str
    a_text: str
    b_text: str
    a_value: str
    b_value: str
    support_a: list[str]
    support_b: list[str]
    detail: str = ""
    row: str = ""
    located: bool = False


@dataclass(slots=True)
class PairView:
    pair: Pair
    a: Document
    b: Document
    rows: list[Row]
    changes: list[ChangeView]
    key: str
    only_a: int = 0
    only_b: int = 0
    aligned: int = 0


def _span(c: Mapping[str, Any], key: str) -> tuple[int, int] | None:
    s = c.get(key)
    if not isinstance(s, Mapping):
        return None
    try:
        a, b = int(s["start"]), int(s["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (a, b) if b > a >= 0 else None


def _str(x: Any) -> str:
    return "" if x is None else str(x)


def _unit(c: Mapping[str, Any], side: str) -> str:
    f = c.get(f"{side}_fact")
    u = f.get("unit") if isinstance(f, Mapping) else None
    return u if isinstance(u, str) and len(u) <= 12 and u != "weak" else ""


def _value(x: Any, text: str, unit: str = "") -> str:
    """A normalised value worth showing beside the text (not when it only repeats it)."""
    if x is None or x == "":
        return ""
    if isinstance(x, bool):
        v = str(x).lower()
    elif isinstance(x, float):
        v = str(int(x)) if x.is_integer() else f"{x:.4g}"
    elif isinstance(x, (dict, list)):
        import json

        v = json.dumps(x, ensure_ascii=False)
    else:
        v = str(x)
        m = re.fullmatch(r"--(\d\d)-(\d\d)", v)  # an ISO date without its year
        if m:
            v = f"{m.group(1)}-{m.group(2)}, no year"
    plain = re.sub(r"[\s,]", "", text).casefold()
    if v.casefold() == text.casefold() or v.casefold() == plain:
        return ""
    return f"{v} {unit}" if unit else v


def pair_view(a: Document, b: Document, pair: Pair, key: str = "", diff: bool | None = None) -> PairView:
    """Rows of sentences: aligned groups side by side, the rest alone, in reading order."""
    key = key or anchor(pair.a + "\x1f" + pair.b, "p")
    if diff is None:
        diff = pair.relation != "translation"
    changes: list[ChangeView] = []
    marks_a: list[Mark] = []
    marks_b: list[Mark] = []
    sent_a: list[tuple[tuple[int, int], ChangeView]] = []
    sent_b: list[tuple[tuple[int, int], ChangeView]] = []
    for n, c in enumerate(pair.changes or [], 1):
        sup = c.get("support") or {}
        cv = ChangeView(
            n=n,
            ref=f"{key}-c{n}",
            kind=_str(c.get("kind")),
            severity=_str(c.get("severity")),
            a_text=_str(c.get("a_text")),
            b_text=_str(c.get("b_text")),
            a_value=_value(c.get("a_value"), _str(c.get("a_text")), _unit(c, "a")),
            b_value=_value(c.get("b_value"), _str(c.get("b_text")), _unit(c, "b")),
            detail=_str(c.get("detail")),
            support_a=[str(x) for x in (sup.get("a") or [])] if isinstance(sup, Mapping) else [],
            support_b=[str(x) for x in (sup.get("b") or [])] if isinstance(sup, Mapping) else [],
        )
        changes.append(cv)
        sev = "high" if cv.severity == "high" else "low"
        title = f"changed {cv.kind or 'fact'}: {cv.a_text or cv.a_value or '—'} → {cv.b_text or cv.b_value or '—'}"
        for side, marks, sents in (("a", marks_a, sent_a), ("b", marks_b, sent_b)):
            sp = _span(c, f"{side}_span")
            if sp:
                marks.append(Mark(sp[0], sp[1], f"chg {sev}", title, cv.ref, rank=2 if sev == "high" else 1))
            ss = _span(c, f"{side}_sentence")
            if ss or sp:
                sents.append((ss or sp, cv))  # type: ignore[arg-type]

    groups = sorted((g for p in pair.passages for g in p.pairs), key=lambda g: (g[0][0], g[1][0]))
    na, nb = len(a.sentences), len(b.sentences)
    groups = [g for g in groups if 0 <= g[0][0] <= g[0][1] < na and 0 <= g[1][0] <= g[1][1] < nb]
    used_a = {k for g in groups for k in range(g[0][0], g[0][1] + 1)}
    used_b = {k for g in groups for k in range(g[1][0], g[1][1] + 1)}
    # each unaligned B sentence goes before the group that follows it in B
    b_before: dict[int, list[int]] = defaultdict(list)
    b_tail: list[int] = []
    starts = sorted((g[1][0], gi) for gi, g in enumerate(groups))
    for k in range(nb):
        if k in used_b:
            continue
        nxt = next((gi for b0, gi in starts if b0 > k), None)
        (b_tail if nxt is None else b_before[nxt]).append(k)

    rows: list[Row] = []

    # a run of sentences found on one side only is one row
    def only_a(i: int) -> None:
        s, e = a.sentences[i]
        segs = segments(a.text[s:e], s, marks_a)
        if rows and rows[-1].kind == "a" and rows[-1].a_range and prev_a[0] == i - 1:
            rows[-1].a += [Seg(" "), *segs]
            rows[-1].a_range = (rows[-1].a_range[0], e)
        else:
            rows.append(Row("a", a=segs, a_range=(s, e)))
        prev_a[0] = i

    def only_b(k: int) -> None:
        s, e = b.sentences[k]
        segs = segments(b.text[s:e], s, marks_b)
        if rows and rows[-1].kind == "b" and rows[-1].b_range and prev_b[0] == k - 1:
            rows[-1].b += [Seg(" "), *segs]
            rows[-1].b_range = (rows[-1].b_range[0], e)
        else:
            rows.append(Row("b", b=segs, b_range=(s, e)))
        prev_b[0] = k

    prev_a = [-2]
    prev_b = [-2]

    i = 0
    for gi, ((a0, a1), (b0, b1), sim) in enumerate(groups):
        while i < a0:
            if i not in used_a:
                only_a(i)
            i += 1
        for k in b_before.get(gi, []):
            only_b(k)
        sa, ea = a.sentences[a0][0], a.sentences[a1][1]
        sb, eb = b.sentences[b0][0], b.sentences[b1][1]
        ma, mb = list(marks_a), list(marks_b)
        if diff and sim < 0.999:
            da, db = word_diff(a.text[sa:ea], sa, b.text[sb:eb], sb)
            ma += da
            mb += db
        rows.append(
            Row(
                "aligned",
                a=segments(a.text[sa:ea], sa, ma),
                b=segments(b.text[sb:eb], sb, mb),
                sim=float(sim),
                a_range=(sa, ea),
                b_range=(sb, eb),
            )
        )
        i = max(i, a1 + 1)
    while i < na:
        if i not in used_a:
            only_a(i)
        i += 1
    for k in b_tail:
        only_b(k)

    for n, r in enumerate(rows, 1):
        r.id = f"{key}-r{n}"
        for rng, sents in ((r.a_range, sent_a), (r.b_range, sent_b)):
            if rng is None:
                continue
            for (s, e), cv in sents:
                if s < rng[1] and e > rng[0]:
                    r.changed = True
                    r.high = r.high or cv.severity == "high"
                    if not cv.row:
                        cv.row = r.id
                        cv.located = True
    return PairView(
        pair=pair,
        a=a,
        b=b,
        rows=rows,
        changes=changes,
        key=key,
        only_a=sum(1 for r in rows if r.kind == "a"),
        only_b=sum(1 for r in rows if r.kind == "b"),
        aligned=sum(1 for r in rows if r.kind == "aligned"),
    )


def document_segments(doc: Document, pairs: Iterable[Pair]) -> list[list[Seg]]:
    """A document's paragraphs, with every changed fact of its pairs marked."""
    marks: list[Mark] = []
    for p in pairs:
        side = "a" if p.a == doc.id else "b"
        for c in p.changes or []:
            sp = _span(c, f"{side}_span")
            if sp:
                sev = "high" if c.get("severity") == "high" else "low"
                other = p.b if side == "a" else p.a
                mine, theirs = _fact_text(c, side), _fact_text(c, "b" if side == "a" else "a")
                marks.append(Mark(sp[0], sp[1], f"chg {sev}", f"{mine} here; {theirs} in {other}", rank=2 if sev == "high" else 1))
    paras = doc.paragraphs or [(0, len(doc.text))]
    return [segments(doc.text[s:e], s, marks) for s, e in paras]


# --------------------------------------------------------------------------
# The story graph (SVG drawn by the template from these coordinates)
# --------------------------------------------------------------------------
@dataclass(slots=True)
class Node:
    id: str
    x: float
    y: float
    w: float
    h: float
    label: str
    sub: str
    kind: str  # original | copy | member | related
    href: str


@dataclass(slots=True)
class Edge:
    d: str  # SVG path
    lx: float
    ly: float
    label: str
    note: str
    cls: str
    href: str
    title: str


@dataclass(slots=True)
class Graph:
    key: str
    width: float
    height: float
    nodes: list[Node]
    edges: list[Edge]
    hidden: int  # copy links not drawn (between copies)
    directed: bool
    narrow: Graph | None = None  # the same graph laid out for narrow screens


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


NODE_W, NODE_H, GAP_X, GAP_Y, PAD, RELATED_GAP = 262.0, 44.0, 190.0, 18.0, 10.0, 22.0


def story_graph(corpus: Corpus, s: Story, links: Links) -> Graph:
    """Layered layout: the original on the left, copies in layers by link distance, related reports last."""
    members = list(s.documents)
    adj: dict[str, list[tuple[float, str, Pair]]] = defaultdict(list)
    for p in corpus.story_pairs(s):
        if p.relation in COPY_RELATIONS:
            adj[p.a].append((p.score, p.b, p))
            adj[p.b].append((p.score, p.a, p))
    root = s.original or max(members, key=lambda m: (len(adj[m]), -members.index(m)))
    layer = {root: 0}
    parent: dict[str, tuple[str, Pair]] = {}
    frontier = [root]
    while frontier:
        nxt = []
        for u in frontier:
            for _, v, p in sorted(adj[u], key=lambda t: (-t[0], t[1])):
                if v not in layer:
                    layer[v] = layer[u] + 1
                    parent[v] = (u, p)
                    nxt.append(v)
        frontier = nxt
    for m in members:  # unreachable (should not happen): put them in layer 1
        layer.setdefault(m, 1)
    # related reports sit below the copies, one column right of the member they are linked to
    rel_anchor: dict[str, tuple[str, Pair]] = {}
    for r in s.related:
        rp = corpus.pair(r, root)
        if rp is not None:
            rel_anchor[r] = (root, rp)
            continue
        for m in members:
            rp = corpus.pair(r, m)
            if rp is not None:
                rel_anchor[r] = (m, rp)
                break
    related = [r for r in s.related if r in rel_anchor]
    cols: dict[int, list[str]] = defaultdict(list)
    for m in sorted(members, key=lambda m: (layer[m], m)):
        cols[layer[m]].append(m)
    first_related: dict[int, str] = {}
    for r in related:
        c = layer[rel_anchor[r][0]] + 1
        first_related.setdefault(c, r)
        cols[c].append(r)

    def block(ids: list[str], c: int) -> float:
        extra = RELATED_GAP if c in first_related and ids and ids[0] != first_related[c] else 0.0
        return len(ids) * NODE_H + (len(ids) - 1) * GAP_Y + extra

    height = PAD * 2 + max(block(v, c) for c, v in cols.items())
    width = PAD * 2 + (max(cols) + 1) * NODE_W + max(cols) * GAP_X
    def node_kind(i: str) -> str:
        return "related" if i in rel_anchor else ("original" if i == s.original else ("member" if i == root else "copy"))

    def node_sub(i: str) -> str:
        d = corpus.docs.get(i)
        bits = []
        if i == s.original:
            bits.append("original")
        if i in rel_anchor:
            bits.append("related")
        if d is not None:
            bits += [x for x in (d.source, (d.published or "")[:10], d.language if d.language != "und" else "") if x]
        return " · ".join(bits)

    # what each drawn link says, whatever the layout
    links_drawn: list[tuple[str, str, str, str, str, str, str]] = []  # (from, to, label, note, cls, href, title)
    for v, (u, p) in sorted(parent.items(), key=lambda t: t[0]):
        label = RELATION_LABEL.get(p.relation, p.relation)
        tk = (p.transform or {}).get("kind")
        if tk and tk != p.relation:
            label += f" · {tk}"
        n = len(p.changes or [])
        note = f"{n} changed fact{'s' if n != 1 else ''}" if n else _pct(p.coverage_b if p.b == v else p.coverage_a) + " covered"
        title = f"{u} → {v}: {label}, score {p.score:.2f}" + (f", {n} changed" if n else "")
        links_drawn.append((u, v, _short(label, 30), note, "edge changed" if n else "edge copy", links.pair(p.a, p.b), title))
    for r in related:
        m, rp = rel_anchor[r]
        links_drawn.append((m, r, "related", "", "edge related", links.pair(rp.a, rp.b), f"{m} ~ {r}: related report"))

    # wide: layers left to right
    pos: dict[str, tuple[float, float]] = {}
    nodes: list[Node] = []
    for c, ids in sorted(cols.items()):
        y = (height - block(ids, c)) / 2
        for k, i in enumerate(ids):
            if k and first_related.get(c) == i:
                y += RELATED_GAP
            x = PAD + c * (NODE_W + GAP_X)
            pos[i] = (x, y)
            nodes.append(Node(i, x, y, NODE_W, NODE_H, _short(i, 30), _short(node_sub(i), 38), node_kind(i), links.doc(i)))
            y += NODE_H + GAP_Y
    edges: list[Edge] = []
    for u, v, label, note, cls, href, title in links_drawn:
        (x1, y1), (x2, y2) = pos[u], pos[v]
        sx, sy = x1 + NODE_W, y1 + NODE_H / 2
        ex, ey = x2 - 2, y2 + NODE_H / 2
        mx = (sx + ex) / 2
        path = f"M{sx:.1f},{sy:.1f} C{mx:.1f},{sy:.1f} {mx:.1f},{ey:.1f} {ex:.1f},{ey:.1f}"
        edges.append(Edge(path, ex - 10, ey, label, note, cls, href, title))
    tree = {(min(u, v), max(u, v)) for v, (u, _) in parent.items()}
    hidden = sum(1 for p in corpus.story_pairs(s) if p.relation in COPY_RELATIONS and (p.a, p.b) not in tree)
    key = anchor(s.id, "g")
    wide = Graph(key, width, height, nodes, edges, hidden, directed=bool(s.original))

    # narrow (phones): an indented tree, top to bottom
    kids: dict[str, list[str]] = defaultdict(list)
    for u, v, *_ in links_drawn:
        kids[u].append(v)
    order: list[tuple[str, int]] = []

    def walk(u: str, depth: int) -> None:
        order.append((u, depth))
        for v in sorted(kids[u], key=lambda v: (v in rel_anchor, v)):
            walk(v, depth + 1)

    walk(root, 0)
    W, H, LBL, INDENT = 340.0, 40.0, 18.0, 22.0
    npos: dict[str, tuple[float, float]] = {}
    nnodes: list[Node] = []
    y = 4.0
    for i, depth in order:
        if depth:
            y += LBL
        x = 4.0 + depth * INDENT
        w = W - x - 4.0
        npos[i] = (x, y)
        room = int((w - 20) / 7.6)
        nnodes.append(Node(i, x, y, w, H, _short(i, room), _short(node_sub(i), int((w - 20) / 6.4)), node_kind(i), links.doc(i)))
        y += H + 10
    nedges: list[Edge] = []
    for u, v, label, note, cls, href, title in links_drawn:
        (px, py), (cx, cy) = npos[u], npos[v]
        path = f"M{px + 11:.1f},{py + H:.1f} V{cy + H / 2:.1f} H{cx - 2:.1f}"
        text = label + (f" · {note}" if note else "")
        nedges.append(Edge(path, cx + 2, cy - 5, _short(text, int((W - cx) / 6.2)), "", cls, href, title))
    # links share the trunk below their parent: draw the longest first so each shows its own end
    nedges.sort(key=lambda e: -float(e.d.split("V")[1].split()[0]))
    wide.narrow = Graph(key + "n", W, y, nnodes, nedges, hidden, directed=bool(s.original))
    return wide


# --------------------------------------------------------------------------
# The one-file report
# --------------------------------------------------------------------------
def render_report(
    index: Any = None,
    *,
    corpus: Corpus | None = None,
    source: str = "",
    limit: int | None = None,
    all_pairs: bool = False,
) -> str:
    """One self-contained HTML page (inline CSS/JS, strict CSP, no network).

    Each story shows every copy side by side with the document it was copied
    from (the links its table lists); the other links between copies are
    listed, and shown side by side too with ``all_pairs``.
    """
    if corpus is None:
        corpus = Corpus.from_index(index)
    links = ReportLinks()
    css = static_text("app.css")
    js = static_text("app.js")
    csp = (
        "default-src 'none'; "
        f"style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    stories = corpus.stories if limit is None else corpus.stories[:limit]
    views: dict[str, list[PairView]] = {}
    others: dict[str, list[Pair]] = {}
    for s in stories:
        main = {(r["pair"].a, r["pair"].b) for r in corpus.members(s) if r["pair"] is not None}
        vs, rest = [], []
        for p in corpus.story_pairs(s):
            a, b = corpus.docs.get(p.a), corpus.docs.get(p.b)
            if a is None or b is None:
                continue
            if all_pairs or (p.a, p.b) in main:
                vs.append(pair_view(a, b, p, key=links.pair(p.a, p.b)[1:]))
            else:
                rest.append(p)
        views[s.id] = vs
        others[s.id] = rest
    in_story = {m for s in corpus.stories for m in s.documents}
    tpl = environment().get_template("report.html")
    return tpl.render(
        corpus=corpus,
        summary=corpus.summary(),
        stories=stories,
        hidden_stories=len(corpus.stories) - len(stories),
        views=views,
        others=others,
        graphs={s.id: story_graph(corpus, s, links) for s in stories},
        links=links,
        inline_css=_markup(css),
        inline_js=_markup(js),
        csp=csp,
        source=source,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        alone=[d for d in corpus.docs.values() if d.id not in in_story],
        story_of=corpus.story_of,
        document_segments=document_segments,
    )


def _markup(text: str):
    """Our own CSS/JS (checked by :func:`static_text`), inserted unescaped."""
    from markupsafe import Markup

    return Markup(text)


def write_report(path: str | Path, html: str) -> None:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(p)

