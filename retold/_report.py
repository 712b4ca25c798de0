"""Terminal output: the scan summary and the side-by-side comparison.

Rendering only; every number comes from the JSON contract or a Pair.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ._models import COPY_RELATIONS, Document, Pair

RELATION_STYLE = {
    "duplicate": "bold magenta",
    "excerpt": "cyan",
    "rewrite": "yellow",
    "translation": "green",
    "related": "dim",
}


# transforms that say nothing the relation does not
_OBVIOUS = {("duplicate", "verbatim"), ("excerpt", "excerpt"), ("translation", "translated")}


def _pct(x: float) -> str:
    return f"{round(100 * x):d}%"


def print_summary(console: Console, contract: dict[str, Any], limit: int = 50) -> None:
    docs = {d["id"]: d for d in contract["documents"]}
    pairs = contract["pairs"]
    stories = contract["stories"]
    copies = [p for p in pairs if p["relation"] in COPY_RELATIONS]
    changed = sum(len(p.get("changes") or []) for p in pairs)
    console.print(
        f"[bold]{len(docs)}[/] documents · [bold]{len(stories)}[/] stories · "
        f"[bold]{len(copies)}[/] copy links · {len(pairs) - len(copies)} related · "
        f"{changed} changed facts"
    )
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for p in pairs:
        by_doc.setdefault(p["a"], []).append(p)
        by_doc.setdefault(p["b"], []).append(p)
    for k, s in enumerate(stories[:limit], 1):
        orig = s["original"]
        title = docs.get(orig or s["documents"][0], {}).get("title") or ""
        head = Text.assemble((f"Story {k}", "bold"), f"  {len(s['documents'])} documents  ", (title, "italic"))
        t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
        t.add_column("document", overflow="fold")
        t.add_column("lang")
        t.add_column("relation to the original" if orig else "closest link")
        t.add_column("covered", justify="right")
        t.add_column("changed facts", overflow="fold")
        for d in s["documents"]:
            info = docs[d]
            if d == orig:
                t.add_row(Text(d, style="bold"), info["language"], Text("original", style="bold"), "", "")
                continue
            link = _link(by_doc.get(d, []), d, orig, set(s["documents"]))
            if link is None:
                t.add_row(d, info["language"], "", "", "")
                continue
            rel = link["relation"]
            mine = link["coverage_a"] if link["a"] == d else link["coverage_b"]
            ch = link.get("changes") or []
            facts = ", ".join(
                f"{c.get('a_text') if link['b'] == d else c.get('b_text')} → {c.get('b_text') if link['b'] == d else c.get('a_text')}"
                for c in ch
                if c.get("severity") == "high"
            )
            label = rel
            tkind = (link.get("transform") or {}).get("kind")
            if tkind and (rel, tkind) not in _OBVIOUS:
                label = f"{rel} ({tkind})"
            other = link["b"] if link["a"] == d else link["a"]
            if other != orig:
                label += f" of {other}"
            t.add_row(d, info["language"], Text(label, style=RELATION_STYLE.get(rel, "")), _pct(mine), Text(facts, style="red"))
        reason = s.get("reason") or "no clear evidence for an original"
        foot = Text(f"original: {orig or 'unknown'} — {reason}", style="dim")
        rel_docs = s.get("related") or []
        parts: list[Any] = [t, foot]
        if rel_docs:
            members = set(s["documents"])
            reusing = {
                (p["b"] if p["a"] in members else p["a"])
                for m in members
                for p in by_doc.get(m, [])
                if p["relation"] == "related" and p.get("reuse")
            }
            indep = [r for r in rel_docs if r not in reusing]
            shared = [r for r in rel_docs if r in reusing]
            if indep:
                parts.append(Text("related (independent reports): " + ", ".join(indep), style="dim"))
            if shared:
                parts.append(Text("shares passages with (partial reuse, another story): " + ", ".join(shared), style="dim"))
        console.print(Panel(Group(*parts), title=head, title_align="left", box=box.ROUNDED))
    if len(stories) > limit:
        console.print(f"… and {len(stories) - limit} more stories (see --json)")


def _link(pairs: list[dict[str, Any]], d: str, orig: str | None, members: set[str]) -> dict[str, Any] | None:
    best = None
    for p in pairs:
        other = p["b"] if p["a"] == d else p["a"]
        if other not in members or p["relation"] not in COPY_RELATIONS:
            continue
        if other == orig:
            return p
        if best is None or p["score"] > best["score"]:
            best = p
    return best


def print_comparison(console: Console, a: Document, b: Document, pair: Pair, width: int | None = None) -> None:
    rel = pair.relation or "not linked"
    console.print(
        Text.assemble(
            (f"{a.id}", "bold"), "  vs  ", (f"{b.id}", "bold"), "   ",
            (rel, RELATION_STYLE.get(pair.relation or "", "bold red")),
            f"   score {pair.score:.2f} · covered {_pct(pair.coverage_a)} / {_pct(pair.coverage_b)}",
        )
    )
    if pair.transform:
        console.print(Text(f"transform: {pair.transform.get('kind')} — {pair.transform.get('evidence', '')}", style="dim"))
    changes_a: dict[int, list[dict[str, Any]]] = {}
    for c in pair.changes:
        s = c.get("a_sentence") or {}
        changes_a.setdefault(s.get("start", -1), []).append(c)
    t = Table(box=box.SIMPLE, expand=True, show_lines=True)
    t.add_column(a.id, ratio=1, overflow="fold")
    t.add_column("sim", justify="right", width=5)
    t.add_column(b.id, ratio=1, overflow="fold")
    rows = _rows(a, b, pair)
    for ta, sim, tb in rows:
        t.add_row(ta, sim, tb)
    console.print(t)
    if pair.changes:
        ct = Table(title="changed facts", box=box.SIMPLE_HEAD)
        for col in ("kind", "severity", a.id, b.id, "supported by"):
            ct.add_column(col, overflow="fold")
        for c in pair.changes:
            sup = c.get("support") or {}
            sup_txt = "; ".join(f"{k}: {', '.join(v)}" for k, v in sup.items() if v)
            ct.add_row(
                c.get("kind", ""), Text(c.get("severity", ""), style="red" if c.get("severity") == "high" else ""),
                str(c.get("a_text") or "—"), str(c.get("b_text") or "—"), sup_txt,
            )
        console.print(ct)


def _highlight(text: str, start: int, spans: list[tuple[int, int]]) -> Text:
    t = Text(text)
    for s, e in spans:
        if 0 <= s - start < e - start <= len(text):
            t.stylize("bold red", s - start, e - start)
    return t


def _rows(a: Document, b: Document, pair: Pair) -> list[tuple[Text, str, Text]]:
    """Sentence rows: aligned groups side by side, the rest alone, in A's order."""
    ch_a = [(c["a_span"]["start"], c["a_span"]["end"]) for c in pair.changes if c.get("a_span")]
    ch_b = [(c["b_span"]["start"], c["b_span"]["end"]) for c in pair.changes if c.get("b_span")]
    groups = sorted((g for p in pair.passages for g in p.pairs), key=lambda g: g[0][0])
    used_b: set[int] = {k for g in groups for k in range(g[1][0], g[1][1] + 1)}
    rows: list[tuple[Text, str, Text]] = []
    gi = 0
    i = 0
    n = len(a.sentences)
    while i < n:
        if gi < len(groups) and groups[gi][0][0] == i:
            (a0, a1), (b0, b1), s = groups[gi]
            sa, ea = a.sentences[a0][0], a.sentences[a1][1]
            sb, eb = b.sentences[b0][0], b.sentences[b1][1]
            rows.append((_highlight(a.text[sa:ea], sa, ch_a), f"{s:.2f}", _highlight(b.text[sb:eb], sb, ch_b)))
            i = a1 + 1
            gi += 1
            continue
        s0, e0 = a.sentences[i]
        rows.append((Text(a.text[s0:e0], style="dim"), "", Text("")))
        i += 1
    extra = [k for k in range(len(b.sentences)) if k not in used_b]
    for k in extra:
        s0, e0 = b.sentences[k]
        rows.append((Text(""), "", Text(b.text[s0:e0], style="dim")))
    return rows
