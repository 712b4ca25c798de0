"""The web app (pages and JSON API) over an index of the demo corpus.

Every endpoint answers; bad requests get a clear 4xx JSON ``{"error": ...}``
(or an HTML error page off /api), never a 500.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

import retold  # noqa: E402
from retold.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "demo" / "corpus"
ORIGINAL = "agency/border-original"
ROUNDTRIP = "farms/border-roundtrip"
SMALL = 64 * 1024

HOSTILE = """</title><script>window.__pwned=1;alert('title')</script>

PEMBINA, N.D. — The footprints usually appear before dawn, a ragged line in the snow leading south across a frozen field from Manitoba. By the time Border Patrol agent Marek Kowalczyk found them on Feb. 3, the wind had nearly filled them in and the temperature had dropped to minus 17 degrees Fahrenheit. <script>window.__pwned=2;alert('body')</script>

At 6:16 a.m., Kowalczyk reached the people who had made them: a group of nine people, including four children, huddled behind a grain bin about a mile south of the boundary near Emerson, Manitoba. <img src=x onerror="window.__pwned=3;alert('img')">

Two of the adults had frostbite on their hands. <a href="javascript:alert('link')">read more</a> The youngest child, a girl of about 3, was wrapped in a hotel bedspread.

"They told me they had been walking since midnight," Kowalczyk said. </textarea><script>alert('textarea')</script> "Another hour out there and I don't think we would be talking about a rescue." </script><svg onload="alert('svg')"></svg> {{ 7*7 }} " onmouseover="alert('attr')
"""


def _scan(tmp: Path, paths: list[Path]) -> Path:
    index = tmp / "index.sqlite"
    with retold.Index(index) as idx:
        idx.scan(paths)
    return index


@pytest.fixture(scope="module")
def client(demo_index: Path) -> TestClient:
    app = create_app(demo_index, max_upload=SMALL)
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def contract(demo_index: Path) -> dict:
    with retold.Index(demo_index) as idx:
        return idx.report()


def copy_index(src: Path, dst: Path) -> Path:
    """A consistent copy of an index (the SQLite backup API, WAL included)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


@pytest.fixture()
def writable(tmp_path: Path, demo_index: Path) -> TestClient:
    """An app over a private copy of the demo index (for adding documents).

    ``demo_index`` is the session-wide demo index from conftest.py (read-only).
    """
    target = copy_index(demo_index, tmp_path / "copy.sqlite")
    with TestClient(create_app(target, max_upload=SMALL)) as c:
        yield c


def _json_error(r, status: int) -> str:
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    return body["error"]


# --- pages ------------------------------------------------------------------------
def test_home_lists_stories_and_summary(client: TestClient, contract: dict) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "Who retold what" in html
    for s in contract["stories"]:
        assert f'href="/stories/{s["id"]}"' in html
    assert f"<dd>{len(contract['documents'])}</dd>" in html
    assert 'class="skip" href="#main"' in html


def test_security_headers_on_every_response(client: TestClient) -> None:
    for url in ("/", "/api/stories", "/nope", "/static/app.css", "/api/documents/nope"):
        r = client.get(url)
        csp = r.headers.get("content-security-policy", "")
        assert "default-src 'none'" in csp and "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp
        assert r.headers.get("x-content-type-options") == "nosniff"
        assert r.headers.get("x-frame-options") == "DENY"


def test_story_pages(client: TestClient, contract: dict) -> None:
    assert contract["stories"], "the demo corpus forms stories"
    for s in contract["stories"]:
        r = client.get(f"/stories/{s['id']}")
        assert r.status_code == 200
        assert "<svg" in r.text and 'class="story-graph wide"' in r.text
        for d in s["documents"]:
            assert f'href="/documents/{d}"' in r.text
    r = client.get("/stories/s-doesnotexist")
    assert r.status_code == 404
    assert "Not found" in r.text and "no story" in r.text


def test_pair_page_and_canonical_url(client: TestClient) -> None:
    r = client.get("/pair", params={"a": ORIGINAL, "b": ROUNDTRIP})
    assert r.status_code == 200
    assert 'class="align"' in r.text and 'class="arow aligned' in r.text
    rev = client.get("/pair", params={"a": ROUNDTRIP, "b": ORIGINAL}, follow_redirects=False)
    assert rev.status_code == 308
    assert rev.headers["location"] == "/pair?a=agency%2Fborder-original&b=farms%2Fborder-roundtrip"


def test_pair_page_not_linked_is_computed(client: TestClient) -> None:
    r = client.get("/pair", params={"a": ORIGINAL, "b": "other-outlets/sturgeon-tracking-study"})
    assert r.status_code == 200
    assert "not linked" in r.text


def test_pair_page_errors(client: TestClient) -> None:
    assert client.get("/pair", params={"a": ORIGINAL, "b": "nope"}).status_code == 404
    assert client.get("/pair", params={"a": ORIGINAL, "b": ORIGINAL}).status_code == 400
    r = client.get("/pair", params={"a": ORIGINAL})
    assert r.status_code == 422
    assert "b" in r.text


def test_document_page(client: TestClient) -> None:
    r = client.get(f"/documents/{ROUNDTRIP}")
    assert r.status_code == 200
    assert "Linked documents" in r.text
    assert f'href="/documents/{ORIGINAL}"' in r.text
    assert client.get("/documents/no/such/doc").status_code == 404


def test_search_page(client: TestClient) -> None:
    r = client.get("/search", params={"q": "Pembina"})
    assert r.status_code == 200
    assert f'href="/documents/{ORIGINAL}"' in r.text
    assert '<span class="hit">' in r.text
    assert client.get("/search").status_code == 200
    bad = client.get("/search", params={"date_from": "yesterday"})
    assert bad.status_code == 400 and "date_from" in bad.text


def test_check_page_finds_copies(client: TestClient) -> None:
    assert client.get("/check").status_code == 200
    text = (CORPUS / "agency" / "border-original.txt").read_text(encoding="utf-8")
    r = client.post("/check", data={"text": text})
    assert r.status_code == 200
    assert "match" in r.text
    assert f'href="/documents/{ORIGINAL}"' in r.text
    assert "not added to the index" in r.text


def test_check_page_errors_are_pages(client: TestClient) -> None:
    r = client.post("/check", files={"file": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "text/plain")})
    assert r.status_code == 415
    assert "binary" in r.text and 'role="alert"' in r.text
    r = client.post("/check", data={"text": "   "})
    assert r.status_code == 400
    r = client.post("/check", data={"text": "x" * (SMALL + 10)})
    assert r.status_code == 413


def test_docs_and_openapi(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200 and "swagger-ui" in r.text
    assert "/api/copies" in r.text  # the offline fallback lists the endpoints
    spec = client.get("/openapi.json").json()
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/documents/{doc_id}", "/api/pairs", "/api/search",
                 "/api/copies", "/api/documents", "/api/report"):
        assert path in spec["paths"], path
    assert "multipart/form-data" in spec["paths"]["/api/copies"]["post"]["requestBody"]["content"]


def test_head_requests(client: TestClient) -> None:
    r = client.head("/")
    assert r.status_code == 200 and r.content == b""
    assert client.head("/api/stories").status_code == 200


def test_static_files(client: TestClient) -> None:
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../app.py").status_code == 404


# --- JSON API ---------------------------------------------------------------------
def test_api_stories(client: TestClient, contract: dict) -> None:
    data = client.get("/api/stories").json()
    assert data["retold"] == 1
    assert [s["id"] for s in data["stories"]] == [s["id"] for s in contract["stories"]]
    assert data["summary"]["documents"] == len(contract["documents"])
    one = data["stories"][0]
    assert one["title"] and one["url"] == f"/stories/{one['id']}"


def test_api_story(client: TestClient, contract: dict) -> None:
    s = contract["stories"][0]
    data = client.get(f"/api/stories/{s['id']}").json()
    assert data["story"]["documents"] == s["documents"]
    assert {d["id"] for d in data["documents"]} == set(s["documents"])
    assert all(p["a"] in s["documents"] and p["b"] in s["documents"] for p in data["pairs"])
    _json_error(client.get("/api/stories/s-nope"), 404)


def test_api_document(client: TestClient) -> None:
    data = client.get(f"/api/documents/{ORIGINAL}").json()
    d = data["document"]
    assert d["id"] == ORIGINAL and d["text"].startswith("PEMBINA")
    assert d["sentences"] and all(len(x) == 2 for x in d["sentences"])
    assert data["story"] and data["pairs"]
    _json_error(client.get("/api/documents/nope/nope"), 404)


def test_api_pairs(client: TestClient, contract: dict) -> None:
    data = client.get("/api/pairs", params={"b": ORIGINAL, "a": ROUNDTRIP}).json()
    stored = next(p for p in contract["pairs"] if {p["a"], p["b"]} == {ORIGINAL, ROUNDTRIP})
    assert data["pair"] == stored  # the same pair as the contract, whichever order is asked
    _json_error(client.get("/api/pairs", params={"a": ORIGINAL}), 422)
    _json_error(client.get("/api/pairs", params={"a": ORIGINAL, "b": "nope"}), 404)
    _json_error(client.get("/api/pairs", params={"a": ORIGINAL, "b": ORIGINAL}), 400)
    msg = _json_error(client.get("/api/pairs", params={"a": ORIGINAL, "b": "other-outlets/sturgeon-tracking-study"}), 404)
    assert "not linked" in msg


def test_api_search(client: TestClient, contract: dict) -> None:
    data = client.get("/api/search", params={"q": "tram"}).json()
    ids = {d["id"] for d in data["documents"]}
    assert "citydesk-2026-03-10-tram" in ids and ORIGINAL not in ids
    assert data["total"] == len(data["documents"])
    by_source = client.get("/api/search", params={"source": "prairie"}).json()
    assert [d["id"] for d in by_source["documents"]] == ["prairie-post-2026-02-10-pembina-crossings"]
    dated = client.get("/api/search", params={"date_from": "2026-03-11", "date_to": "2026-03-12"}).json()
    assert {d["id"] for d in dated["documents"]} == {"harborvalley-2026-03-11-tram", "eastside-2026-03-12-tram-excerpt"}
    changed = client.get("/api/search", params={"changed": "1"}).json()
    with_changes = {i for p in contract["pairs"] if p["changes"] for i in (p["a"], p["b"])}
    assert {d["id"] for d in changed["documents"]} == with_changes
    snippet = client.get("/api/search", params={"q": "grain bin"}).json()["documents"][0]["snippet"]
    assert "grain bin" in snippet
    _json_error(client.get("/api/search", params={"date_to": "March"}), 400)
    _json_error(client.get("/api/search", params={"limit": 0}), 400)
    _json_error(client.get("/api/search", params={"limit": "many"}), 422)
    _json_error(client.get("/api/search", params={"q": "x" * 600}), 400)


def test_api_copies_text_json_and_file(client: TestClient) -> None:
    text = (CORPUS / "agency" / "border-original.txt").read_text(encoding="utf-8")
    for kwargs in ({"data": {"text": text}}, {"json": {"text": text}}, {"files": {"file": ("mine.txt", text.encode(), "text/plain")}}):
        data = client.post("/api/copies", **kwargs).json()
        assert data["retold"] == 1
        assert data["query"]["sentences"] > 5
        others = {p["b"] for p in data["pairs"]}
        assert ORIGINAL in others and "reprints/daily-ledger-border" in others, kwargs.keys()
        assert all(p["a"] == "query" for p in data["pairs"])
    # the query was not added
    assert client.get("/api/documents/query").status_code == 404


def test_api_copies_html_file(client: TestClient) -> None:
    page = (CORPUS / "reprints" / "daily-ledger-border.html").read_bytes()
    data = client.post("/api/copies", files={"file": ("page.html", page, "text/html")}).json()
    assert ORIGINAL in {p["b"] for p in data["pairs"]}


def test_api_copies_bad_requests(client: TestClient) -> None:
    _json_error(client.post("/api/copies", data={"text": ""}), 400)
    _json_error(client.post("/api/copies", json={"title": "no text"}), 400)
    _json_error(client.post("/api/copies", json=["text"]), 400)
    _json_error(client.post("/api/copies", content=b"{not json", headers={"content-type": "application/json"}), 400)
    _json_error(client.post("/api/copies", content=b"text", headers={"content-type": "text/plain"}), 415)
    msg = _json_error(client.post("/api/copies", files={"file": ("x.bin", bytes(range(256)) * 8, "application/octet-stream")}), 415)
    assert "binary" in msg
    _json_error(client.post("/api/copies", data={"text": "abc\x00\x01\x02\x03" * 50}), 415)
    _json_error(client.post("/api/copies", files={"file": ("feed.jsonl", b'{"id": "1", "text": "hello there"}\n', "application/json")}), 415)
    _json_error(client.post("/api/copies", files={"file": ("empty.txt", b"", "text/plain")}), 422)
    # over the limit: a big file, a big text field, a big body, a lying Content-Length
    _json_error(client.post("/api/copies", files={"file": ("big.txt", b"a" * (SMALL + 1), "text/plain")}), 413)
    _json_error(client.post("/api/copies", data={"text": "a " * SMALL}), 413)
    _json_error(client.post("/api/copies", json={"text": "a" * (SMALL + 5)}), 413)
    _json_error(client.post("/api/copies", content=b"x" * (SMALL + 300 * 1024), headers={"content-type": "text/plain"}), 413)
    r = client.post("/api/copies", content=b"{}", headers={"content-type": "application/json", "content-length": str(10**9)})
    _json_error(r, 413)


def test_api_methods_and_unknown_paths(client: TestClient) -> None:
    _json_error(client.get("/api/nothing-here"), 404)
    _json_error(client.delete("/api/stories"), 405)
    _json_error(client.get("/api/copies"), 405)


def test_api_report_is_the_contract(client: TestClient, contract: dict) -> None:
    data = client.get("/api/report").json()
    assert data == json.loads(json.dumps(contract))
    assert set(data) == {"retold", "documents", "pairs", "stories"}


def test_pages_agree_with_the_contract_on_originals(client: TestClient, contract: dict) -> None:
    for p in contract["pairs"]:
        got = client.get("/api/pairs", params={"a": p["a"], "b": p["b"]}).json()["pair"]
        assert got["original"] == p["original"]


@pytest.mark.parametrize(
    "url",
    [
        "/documents/%00",
        "/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/%E2%80%AE%3Cscript%3E",
        "/api/documents/" + "x" * 5000,
        "/stories/%3Cimg%3E",
        "/api/stories/%00",
        "/pair?a=%00&b=%FF",
        "/api/pairs?a=" + "y" * 2000 + "&b=z",
        "/search?q=%00%01&changed=maybe",
        "/api/search?date_from=2026-13-99x",
        "/?all=banana",
    ],
)
def test_odd_requests_never_500(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert 400 <= r.status_code < 500 or r.status_code == 200, (url, r.status_code)
    if url.startswith("/api/") and r.status_code >= 400:
        assert "error" in r.json()


# --- writing ----------------------------------------------------------------------
def test_api_add_document(writable: TestClient) -> None:
    text = (CORPUS / "agency" / "border-original.txt").read_text(encoding="utf-8")
    r = writable.post("/api/documents", data={"text": text, "id": "web/copy-1", "source": "Web Desk", "published": "2026-02-20"})
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["document"]["id"] == "web/copy-1"
    assert r.headers["location"] == "/documents/web/copy-1"
    assert ORIGINAL in {p["a"] for p in data["pairs"]} | {p["b"] for p in data["pairs"]}
    assert writable.get("/api/documents/web/copy-1").status_code == 200
    # the new document shows up in the pages and in its story at once
    assert "web/copy-1" in writable.get("/search", params={"q": "copy-1"}).text
    stories = writable.get("/api/stories").json()["stories"]
    assert any("web/copy-1" in s["documents"] for s in stories)
    # the same id again is a conflict, not a silent replace
    _json_error(writable.post("/api/documents", data={"text": text, "id": "web/copy-1"}), 409)
    _json_error(writable.post("/api/documents", json={"text": "hello", "id": "bad\nid"}), 400)
    _json_error(writable.post("/api/documents", json={"text": text, "id": "web/copy-2", "title": "t\x00"}), 400)


def test_check_page_add_to_index(writable: TestClient) -> None:
    text = (CORPUS / "agency" / "border-original.txt").read_text(encoding="utf-8")
    r = writable.post("/check", data={"text": text, "add": "1", "id": "web/added-from-check"})
    assert r.status_code == 200
    assert "Added to the index" in r.text
    assert writable.get("/api/documents/web/added-from-check").status_code == 200


def test_hostile_document_is_escaped_everywhere(writable: TestClient) -> None:
    r = writable.post(
        "/api/documents",
        json={"text": HOSTILE, "id": "evil/<img src=x onerror=alert(9)>", "url": "javascript:alert('url')",
              "source": "<b onclick=alert(1)>Evil</b>", "title": "<script>alert('t')</script>"},
    )
    assert r.status_code == 201, r.text
    doc_id = r.json()["document"]["id"]
    stored = writable.get(f"/api/documents/{doc_id}").json()["document"]
    assert "<script>" in stored["text"]  # the text keeps what it says...
    pages = [f"/documents/{doc_id}", "/search?q=pwned", "/"]
    pairs = r.json()["pairs"]
    assert pairs, "the hostile text copies the original, so it is linked"
    pages.append("/pair?a={a}&b={b}".format(**{k: v.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") for k, v in pairs[0].items() if k in "ab"}))
    for url in pages:
        html = writable.get(url).text
        # ...but every page shows it as text
        assert "<script>window.__pwned" not in html and "<script>alert" not in html, url
        assert "<img src=x" not in html and "<svg onload" not in html, url
        assert 'href="javascript:' not in html, url
        assert "<b onclick" not in html, url
        assert "</textarea><script>" not in html, url
    doc_page = re.sub(r"</?mark[^>]*>", "", writable.get(f"/documents/{doc_id}").text)  # changed facts may be marked
    assert "&lt;script&gt;window.__pwned=2" in doc_page
    assert "{{ 7*7 }}" in doc_page and ">49<" not in doc_page
    # the check page echoes pasted text back into its textarea, escaped
    echoed = writable.post("/check", data={"text": HOSTILE, "title": "x" * 600}).text
    assert "</textarea><script>" not in echoed and "&lt;/textarea&gt;&lt;script&gt;" in echoed


# --- no index yet -----------------------------------------------------------------
def test_app_without_an_index(tmp_path: Path) -> None:
    path = tmp_path / "nothing" / "index.sqlite"
    with TestClient(create_app(path)) as c:
        home = c.get("/")
        assert home.status_code == 200
        assert "No index yet" in home.text and "retold scan FOLDER" in home.text
        assert c.get("/api/stories").json()["stories"] == []
        assert c.get("/api/report").json() == {"retold": 1, "documents": [], "pairs": [], "stories": []}
        assert c.get("/search", params={"q": "x"}).status_code == 200
        _json_error(c.get("/api/documents/x"), 404)
        r = c.post("/api/copies", json={"text": "Some article text that has a few sentences. And another one here."})
        assert r.status_code == 200 and r.json()["pairs"] == []
        assert not path.exists()  # looking did not create an index
        r = c.post("/api/documents", json={"text": "A first article, added from the web. It has two sentences.", "id": "first"})
        assert r.status_code == 201
        assert path.exists()
        assert c.get("/api/documents/first").status_code == 200


def test_index_rebuilt_underneath_is_picked_up(tmp_path: Path) -> None:
    path = _scan(tmp_path, [CORPUS / "feeds"])
    with TestClient(create_app(path)) as c:
        n = c.get("/api/stories").json()["summary"]["documents"]
        with retold.Index(path) as idx:  # another process adds documents
            idx.scan([CORPUS / "agency", CORPUS / "reprints"])
        assert c.get("/api/stories").json()["summary"]["documents"] == n + 2
