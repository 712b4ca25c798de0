"""The one-file HTML report and the view models behind every page."""

from __future__ import annotations

import base64
import copy
import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("jinja2")

from typer.testing import CliRunner  # noqa: E402

import retold  # noqa: E402
from retold._html import (  # noqa: E402
    Corpus,
    Links,
    Mark,
    ReportLinks,
    pair_view,
    render_report,
    safe_url,
    segments,
    story_graph,
)
from retold._models import COPY_RELATIONS  # noqa: E402
from retold.cli import app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "demo" / "corpus"
ORIGINAL = "agency/border-original"
ROUNDTRIP = "farms/border-roundtrip"

HOSTILE = """</title><script>alert('title')</script>

PEMBINA, N.D. — The footprints usually appear before dawn, a ragged line in the snow leading south across a frozen field from Manitoba. By the time Border Patrol agent Marek Kowalczyk found them on Feb. 3, the wind had nearly filled them in and the temperature had dropped to minus 17 degrees Fahrenheit. <script>alert('body')</script>

At 6:16 a.m., Kowalczyk reached the people who had made them: a group of nine people, including four children, huddled behind a grain bin about a mile south of the boundary near Emerson, Manitoba. <img src=x onerror="alert('img')">

Two of the adults had frostbite on their hands. <a href="javascript:alert('link')">read more</a> The youngest child, a girl of about 3, was wrapped in a hotel bedspread.

"They told me they had been walking since midnight," Kowalczyk said. </textarea></style></script><script>alert('close')</script> "Another hour out there and I don't think we would be talking about a rescue." <svg onload="alert('svg')"></svg>
"""


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus plus hostile documents (a hostile file name, text and metadata)."""
    d = tmp_path_factory.mktemp("html-corpus")
    shutil.copytree(CORPUS, d / "corpus")
    evil = d / "corpus" / "evil"
    evil.mkdir()
    (evil / "<img src=x onerror=alert(7)>.txt").write_text(HOSTILE, encoding="utf-8")
    rec = (
        '{"id": "evil/record", "title": "<script>alert(\'t\')</script>", "url": "javascript:alert(\'u\')", '
        '"source": "<b onmouseover=alert(1)>Evil</b>", "published": "2026-02-11", "text": '
        + __import__("json").dumps(HOSTILE)
        + "}\n"
    )
    (evil / "records.jsonl").write_text(rec, encoding="utf-8")
    return d / "corpus"


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("html-index") / "index.sqlite"
    with retold.Index(path) as idx:
        idx.scan([corpus_dir])
    return path


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory, index_path: Path) -> str:
    out = tmp_path_factory.mktemp("html-out") / "sub" / "report.html"
    res = CliRunner().invoke(app, ["report", "--html", str(out), "--index", str(index_path)])
    assert res.exit_code == 0, res.output
    assert out.exists()
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(index_path: Path) -> Corpus:
    with retold.Index(index_path) as idx:
        return Corpus.from_index(idx)


def _planted_changes(c: Corpus):
    """The round-trip pair with two changed facts filled in (as the facts stage would)."""
    p = copy.deepcopy(c.pair(ORIGINAL, ROUNDTRIP))
    assert p is not None
    a, b = c.docs[p.a], c.docs[p.b]
    out = []
    for at, bt, sev in (("almost 24,000", "almost 200,000", "high"), ("Feb. 3", "March 3", "low")):
        ia, ib = a.text.index(at), b.text.index(bt)
        out.append(
            {
                "kind": "number", "severity": sev, "a_text": at, "b_text": bt, "a_value": at, "b_value": bt,
                "a_sentence": next({"start": s, "end": e} for s, e in a.sentences if s <= ia < e),
                "b_sentence": next({"start": s, "end": e} for s, e in b.sentences if s <= ib < e),
                "a_span": {"start": ia, "end": ia + len(at)}, "b_span": {"start": ib, "end": ib + len(bt)},
                "support": {"a": ["prairie-post-2026-02-10-pembina-crossings"], "b": []},
            }
        )
    p.changes = out
    p.transform = {"kind": "machine-translated", "evidence": "<b>stilted</b> wording", "examples": [{"a": "<i>x</i>", "b": "y"}]}
    return p


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str | None]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.found.extend((tag, k, v) for k, v in attrs)


def _attributes(html: str) -> list[tuple[str, str, str | None]]:
    p = _Attrs()
    p.feed(html)
    return p.found


def _tags(html: str) -> list[str]:
    p = _Attrs()
    p.feed(html)
    return p.tags


# --- the report -------------------------------------------------------------------
def test_report_is_one_self_contained_file(report_html: str) -> None:
    html = report_html
    assert html.startswith("<!doctype html>")
    assert html.count("<style>") == 1 and html.count("<script>") == 1
    assert "<link" not in html  # no stylesheet, icon or font to fetch
    assert not re.search(r"<script[^>]+src=", html)
    # no external URL in any src/href/url(): only fragments
    for tag, name, value in _attributes(html):
        if name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data"):
            assert value and value.startswith("#"), (tag, name, value)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html)
    assert not re.search(r"@import", html)


def test_report_csp_allows_only_its_own_inline_code(report_html: str) -> None:
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', report_html)
    assert m, "CSP meta"
    csp = m.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    style = re.search(r"<style>(.*?)</style>", report_html, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", report_html, re.S).group(1)
    for code, directive in ((style, "style-src"), (script, "script-src")):
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    # no inline event handlers or style attributes anywhere (the CSP would block them)
    bad = [(tag, name) for tag, name, _ in _attributes(report_html) if name.startswith("on") or name == "style"]
    assert bad == []


def test_report_has_summary_stories_graphs_and_pairs(report_html: str, corpus: Corpus) -> None:
    sm = corpus.summary()
    for label in ("documents", "stories", "copy links", "changed facts"):
        assert f"<dt>{label}</dt>" in report_html
    assert f"<dd>{sm['documents']}</dd>" in report_html
    assert report_html.count('class="story-graph wide"') == len(corpus.stories)
    assert report_html.count('class="story-graph narrow"') == len(corpus.stories)
    # each copy side by side with its source; the other links listed
    n_links = sum(1 for s in corpus.stories for r in corpus.members(s) if r["pair"] is not None)
    assert report_html.count('class="pair-d"') == n_links
    n_other = sum(len(corpus.story_pairs(s)) for s in corpus.stories) - n_links
    assert sum(int(n) for n in re.findall(r"(\d+) more links? between copies", report_html)) == n_other
    assert 'class="align"' in report_html
    assert "removed as not part of the article" in report_html  # boilerplate shown apart
    assert '<span class="credit">Northwind Wire</span>' in report_html


def test_report_escapes_hostile_documents(report_html: str, corpus: Corpus) -> None:
    assert "evil/record" in corpus.docs
    assert any(d.startswith("evil/<img") for d in corpus.docs)
    html = report_html
    assert "<script>alert" not in html
    assert "<img" not in html and "<svg onload" not in html
    tags = _tags(html)
    assert "img" not in tags and tags.count("script") == 1 and tags.count("svg") == 2 * len(corpus.stories)
    assert "<span class=\"url\">javascript:alert(&#39;u&#39;)</span>" in html  # the url only as text
    assert 'href="javascript' not in html
    assert "<b onmouseover" not in html
    assert "</textarea></style></script>" not in html
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in html
    assert "evil/&lt;img src=x onerror=alert(7)&gt;" in html


def test_report_with_changes_highlights_both_values(corpus: Corpus) -> None:
    p = _planted_changes(corpus)
    pairs = [p if (q.a, q.b) == (p.a, p.b) else q for q in corpus.pairs]
    c = Corpus(corpus.docs, pairs)
    html = render_report(corpus=c)
    assert '<mark class="chg high" title="changed number: almost 24,000 → almost 200,000"><a href="#' in html
    assert ">almost 24,000</a></mark>" in html and ">almost 200,000</a></mark>" in html
    assert '<mark class="chg low"' in html
    assert "prairie-post-2026-02-10-pembina-crossings" in html
    assert "changed facts</text>" not in html or "2 changed facts" in html
    assert 'class="edge changed"' in html  # the graph edge is red
    assert "&lt;b&gt;stilted&lt;/b&gt;" in html and "&lt;i&gt;x&lt;/i&gt;" in html


def test_report_all_pairs(index_path: Path, corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "all.html"
    res = CliRunner().invoke(app, ["report", "--html", str(out), "--index", str(index_path), "--all-pairs", "--limit", "1"])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    s = corpus.stories[0]
    assert html.count('class="pair-d"') == len(corpus.story_pairs(s))
    assert html.count('class="story-graph wide"') == 1
    assert f"and {len(corpus.stories) - 1} more stories" in html or len(corpus.stories) == 1


def test_report_cli_errors(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["report", "--html", str(tmp_path / "r.html"), "--index", str(tmp_path / "none.sqlite")])
    assert res.exit_code == 4
    assert not (tmp_path / "none.sqlite").exists()
    res = CliRunner().invoke(app, ["report", "--index", str(tmp_path / "none.sqlite")])
    assert res.exit_code == 2


def test_empty_index_report(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    retold.Index(path).close()
    out = tmp_path / "r.html"
    res = CliRunner().invoke(app, ["report", "--html", str(out), "--index", str(path)])
    assert res.exit_code == 0, res.output
    assert "The index is empty" in out.read_text(encoding="utf-8")


# --- view models ------------------------------------------------------------------
def test_corpus_matches_the_contract(index_path: Path, corpus: Corpus) -> None:
    with retold.Index(index_path) as idx:
        contract = idx.report()
    got = {(p.a, p.b): p.original for p in corpus.pairs}
    assert got == {(p["a"], p["b"]): p["original"] for p in contract["pairs"]}
    assert [s.to_dict() for s in corpus.stories] == contract["stories"]
    # the whole pair, changes and their support included, is the contract's
    import json

    ours = json.loads(json.dumps([p.to_dict() for p in sorted(corpus.pairs, key=lambda p: (p.a, p.b))]))
    assert ours == json.loads(json.dumps(contract["pairs"]))


def test_segments_cut_without_losing_text() -> None:
    text = "abcdefghij"
    marks = [Mark(12, 15, "chg high", "t", "r1", 2), Mark(14, 18, "diff ins"), Mark(30, 40, "x")]
    segs = segments(text, 10, marks)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.cls, s.ref) for s in segs] == [
        ("ab", "", ""),
        ("cde", "chg high", "r1"),
        ("fgh", "diff ins", ""),
        ("ij", "", ""),
    ]
    assert segments("", 0, marks) == []


def test_pair_view_rows_cover_every_sentence(corpus: Corpus) -> None:
    for p in corpus.pairs:
        if p.relation not in COPY_RELATIONS:
            continue
        a, b = corpus.docs[p.a], corpus.docs[p.b]
        pv = pair_view(a, b, p)
        seen_a = "".join("".join(s.text for s in r.a) for r in pv.rows)
        seen_b = "".join("".join(s.text for s in r.b) for r in pv.rows)
        # every sentence of each side appears in some row
        for s, e in a.sentences:
            assert seen_a.count(a.text[s:e]) >= 1
        for s, e in b.sentences:
            assert seen_b.count(b.text[s:e]) >= 1
        assert pv.aligned >= 1


def test_pair_view_locates_changes(corpus: Corpus) -> None:
    p = _planted_changes(corpus)
    pv = pair_view(corpus.docs[p.a], corpus.docs[p.b], p, key="k")
    assert [c.located for c in pv.changes] == [True, True]
    rows = {r.id: r for r in pv.rows}
    r = rows[pv.changes[0].row]
    assert r.changed and r.high
    assert any(s.text == "almost 24,000" and "chg" in s.cls for s in r.a)
    assert any(s.text == "almost 200,000" and "chg" in s.cls for s in r.b)
    assert pv.changes[0].support_a == ["prairie-post-2026-02-10-pembina-crossings"]


def test_pair_view_tolerates_odd_changes(corpus: Corpus) -> None:
    p = copy.deepcopy(corpus.pair(ORIGINAL, ROUNDTRIP))
    p.changes = [
        {"kind": "number"},
        {"a_span": {"start": 10**9, "end": 10**9 + 3}, "b_span": "nonsense", "support": None, "severity": None},
        {"a_span": {"start": 5, "end": 2}, "a_sentence": {"start": "x"}},
    ]
    pv = pair_view(corpus.docs[p.a], corpus.docs[p.b], p)
    assert len(pv.changes) == 3 and not any(c.located for c in pv.changes)


def test_story_graph_layout(corpus: Corpus) -> None:
    for s in corpus.stories:
        g = story_graph(corpus, s, Links())
        ids = {n.id for n in g.nodes}
        assert set(s.documents) <= ids
        for n in g.nodes:
            assert 0 <= n.x and n.x + n.w <= g.width + 0.1 and 0 <= n.y and n.y + n.h <= g.height + 0.1
        boxes = [(n.x, n.y) for n in g.nodes]
        assert len(set(boxes)) == len(boxes), "no two nodes on top of each other"
        if s.original:
            orig = next(n for n in g.nodes if n.id == s.original)
            assert orig.kind == "original" and orig.x == min(n.x for n in g.nodes)
        copies = [e for e in g.edges if "related" not in e.cls]
        assert len(copies) == len(s.documents) - 1  # a spanning tree of the story
        n = g.narrow
        assert n is not None and {x.id for x in n.nodes} == ids and len(n.edges) == len(g.edges)
        ys = [x.y for x in n.nodes]
        assert ys == sorted(ys) and all(b - a >= x.h for a, b, x in zip(ys, ys[1:], n.nodes))
        assert all(x.x + x.w <= n.width + 0.1 for x in n.nodes)


def test_links_are_safe_for_any_id() -> None:
    web, rep = Links(), ReportLinks()
    odd = 'a/b c?d#e&f"<g>'
    assert web.doc(odd) == "/documents/a/b%20c%3Fd%23e%26f%22%3Cg%3E"
    assert web.pair(odd, "x") == "/pair?a=a%2Fb+c%3Fd%23e%26f%22%3Cg%3E&b=x"
    assert re.fullmatch(r"#d-[0-9a-f]{12}", rep.doc(odd))
    assert rep.pair("x", odd) == rep.pair(odd, "x")


@pytest.mark.parametrize(
    "url,ok",
    [
        ("https://example.com/a?b=c", True),
        ("http://example.com", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example", False),
        ("/relative", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url, ok) -> None:
    assert (safe_url(url) is not None) is ok
