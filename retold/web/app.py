"""The ``retold serve`` web app: server-rendered pages and a JSON API over one index.

Pages (Jinja2, autoescaped; a little JavaScript that nothing depends on)::

    /                      stories and the corpus summary
    /stories/{story_id}    a story: graph, members, pairs
    /pair?a=ID&b=ID        two documents side by side, with what changed
    /documents/{id}        one document (ids may hold slashes)
    /search?q=&source=&date_from=&date_to=&changed=1
    /check                 paste or upload a text: its copies and changes

JSON API under ``/api/`` (OpenAPI at ``/docs`` and ``/openapi.json``); every
error is ``{"error": "..."}`` with a 4xx status.

The index is one SQLite connection shared by the worker threads and guarded
by a lock; views are built from a :class:`retold._html.Corpus` that is rebuilt
only when the index changes (``PRAGMA data_version`` sees other writers, a
counter our own).
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders, UploadFile
from starlette.exceptions import HTTPException

from .. import __version__
from .._clean import clean
from .._config import Config
from .._errors import IndexError_, InputError, RetoldError, UnknownDocument, UnreadableFile
from .._html import STATIC, Corpus, Links, document_segments, environment, pair_view, story_graph
from .._index import Index, compare
from .._load import _html as html_record
from .._load import _plain as plain_record
from .._load import content_hash, decode
from .._models import COPY_RELATIONS, Document, Pair, RawDocument

log = logging.getLogger("retold.web")

MAX_UPLOAD = 2 * 1024 * 1024
MAX_QUERY = 500
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

APP_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# Swagger UI (/docs only) loads its own script and styles from a CDN; no document text is on that page.
DOCS_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'unsafe-inline' https://cdn.jsdelivr.net 'self'; img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)
LINKS = Links()


def _size(n: int) -> str:
    return f"{n / 1048576:g} MB" if n >= 1048576 else f"{n // 1024} KB"


class TooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"the upload is larger than {_size(limit)}; send a shorter text or a smaller file")


# --------------------------------------------------------------------------
# the index, shared by threads
# --------------------------------------------------------------------------
class IndexHolder:
    """Opens the index lazily (it may not exist yet) and reopens it if the file is replaced."""

    def __init__(self, path: str | os.PathLike[str], config: Config | None = None):
        self.path = Path(path)
        self.config = config or Config()
        self.lock = threading.RLock()
        self._idx: Index | None = None
        self._ident: tuple[int, int] | None = None
        self._writes = 0
        self._corpus: Corpus | None = None
        self._key: tuple[Any, ...] | None = None

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def index(self, create: bool = False) -> Index | None:
        """The open index (call with the lock held); None when there is none yet."""
        ident = self._stat()
        if self._idx is not None and ident != self._ident:
            self._idx.close()
            self._idx = None
            self._corpus = None
        if self._idx is None:
            if ident is None and not create:
                return None
            try:
                self._idx = Index(self.path, self.config)
            except IndexError_ as e:
                raise HTTPException(503, f"the index at {self.path} is unusable: {e}. Rebuild it with `retold scan FOLDER --index {self.path}`.") from None
            self._ident = self._stat()
        return self._idx

    def wrote(self) -> None:
        self._writes += 1

    def corpus(self) -> Corpus | None:
        idx = self.index()
        if idx is None:
            return None
        version = idx.store.db.execute("PRAGMA data_version").fetchone()[0]
        key = (self._ident, version, self._writes, len(idx))
        if self._corpus is None or key != self._key:
            self._corpus = Corpus.from_index(idx)
            self._key = key
        return self._corpus

    def close(self) -> None:
        with self.lock:
            if self._idx is not None:
                self._idx.close()
                self._idx = None


# --------------------------------------------------------------------------
# uploads
# --------------------------------------------------------------------------
@dataclass
class Submission:
    text: str
    filename: str | None
    fields: dict[str, str]


def _binaryish(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\x0c")
    return bad / max(1, len(sample)) > 0.05


async def read_submission(request: Request, limit: int) -> Submission:
    """Text (pasted or a file) and form fields from multipart, urlencoded or JSON bodies."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fields: dict[str, str] = {}
    text: str | None = None
    filename: str | None = None
    if ctype == "application/json":
        body = await request.body()
        try:
            data = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise HTTPException(400, "the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise HTTPException(400, 'send a JSON object such as {"text": "..."}')
        for k, v in data.items():
            if v is None:
                continue
            if not isinstance(v, (str, int, float, bool)):
                raise HTTPException(400, f"field {k!r} must be a string")
            fields[str(k)] = str(v)
        text = fields.pop("text", None)
    elif ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        try:
            form = await request.form(max_files=1, max_fields=30, max_part_size=limit + 4096)
        except HTTPException as e:
            if "maximum size" in str(e.detail):
                raise TooLarge(limit) from None
            raise
        upload = form.get("file")
        for k, v in form.multi_items():
            if isinstance(v, str) and k not in ("file",):
                fields[k] = v
        text = fields.pop("text", None)
        if isinstance(upload, UploadFile) and (upload.filename or upload.size):
            data = await upload.read(limit + 1)
            if len(data) > limit:
                raise TooLarge(limit)
            filename = upload.filename or "upload.txt"
            if data.strip():
                try:
                    text = decode(data, filename)
                except UnreadableFile as e:
                    raise HTTPException(415, f"{filename}: {e.message}; upload a text file (.txt, .md or .html)") from None
                except InputError as e:
                    raise HTTPException(422, str(e)) from None
            else:
                raise HTTPException(422, f"{filename} is empty")
    else:
        raise HTTPException(415, "send multipart/form-data (fields 'text' or 'file') or application/json ({\"text\": ...})")
    if text is None or not text.strip():
        raise HTTPException(400, "no text: paste an article into 'text' or upload it as 'file'")
    if len(text.encode("utf-8", "surrogatepass")) > limit:
        raise TooLarge(limit)
    if _binaryish(text):
        raise HTTPException(415, "this looks like binary data, not text; upload a text file (.txt, .md or .html)")
    return Submission(text=text, filename=filename, fields=fields)


META = ("title", "url", "published", "source", "language")


def _clean_field(fields: dict[str, str], name: str, max_len: int = 500) -> str | None:
    v = (fields.get(name) or "").strip()
    if not v:
        return None
    if len(v) > max_len or any(ord(c) < 32 for c in v):
        raise HTTPException(400, f"'{name}' must be one line of at most {max_len} characters")
    return v


def to_raw(sub: Submission, doc_id: str) -> RawDocument:
    """The submission as a raw record (title from the first line, HTML through trafilatura)."""
    name = sub.filename or "pasted.txt"
    suffix = Path(name).suffix.lower()
    if suffix in (".jsonl", ".csv"):
        raise HTTPException(415, f"{name}: upload one article (.txt, .md or .html), not a {suffix} feed; use `retold scan` for feeds")
    if suffix in (".html", ".htm") or (sub.filename is None and re.match(r"\s*(<!doctype html|<html)", sub.text[:200], re.I)):
        rec = html_record(sub.text, Path(name), doc_id)
    else:
        rec = plain_record(sub.text, Path(name), doc_id, markdown=suffix == ".md")
    if isinstance(rec, InputError):
        raise HTTPException(422, f"{rec.message}")
    for k in META:
        v = _clean_field(sub.fields, k)
        if v is not None:
            setattr(rec, k, v)
    rec.origin = "web upload" + (f" ({sub.filename})" if sub.filename else "")
    rec.content_hash = content_hash(sub.text, *(getattr(rec, k) for k in META))
    return rec


def _doc_id(fields: dict[str, str], text: str) -> str:
    v = (fields.get("id") or "").strip()
    if not v:
        return "web/" + content_hash(text)[:12]
    if len(v) > 300 or any(ord(c) < 32 for c in v):
        raise HTTPException(400, "'id' must be one line of at most 300 characters")
    return v


def _truthy(v: str | None) -> bool:
    return (v or "").strip().lower() in ("1", "true", "on", "yes")


# --------------------------------------------------------------------------
# JSON shapes
# --------------------------------------------------------------------------
def story_json(c: Corpus, s) -> dict[str, Any]:
    d = s.to_dict()
    d["title"] = c.story_title(s)
    d["changes"] = c.story_changed(s)
    d["changes_high"] = c.story_changed_high(s)
    d["url"] = LINKS.story(s.id)
    return d


def doc_json(d: Document, full: bool = False) -> dict[str, Any]:
    out = d.to_dict()
    out["url_page"] = LINKS.doc(d.id)
    if full:
        out["text"] = d.text
        out["sentences"] = [list(x) for x in d.sentences]
        out["paragraphs"] = [list(x) for x in d.paragraphs]
    return out


# --------------------------------------------------------------------------
# the app
# --------------------------------------------------------------------------
def create_app(index_path: str | os.PathLike[str], config: Config | None = None, *, max_upload: int = MAX_UPLOAD) -> FastAPI:
    """The web app over the index at ``index_path`` (which need not exist yet)."""
    holder = IndexHolder(index_path, config)
    env = environment()
    app = FastAPI(
        title="retold",
        version=__version__,
        description="Find which news articles retell the same story, the likely original, and what each retelling changed. "
        "Every error is a JSON object `{\"error\": \"...\"}` with a 4xx status.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.holder = holder
    app.state.max_upload = max_upload
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    # --- helpers --------------------------------------------------------------
    def page(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("page", "")
        html = env.get_template(name).render(links=LINKS, index_path=str(holder.path), max_upload=max_upload, max_upload_label=_size(max_upload), **ctx)
        return HTMLResponse(html, status_code=status)

    def corpus_or_empty() -> Corpus:
        with holder.lock:
            c = holder.corpus()
        return c if c is not None else Corpus({}, [])

    def need_doc(c: Corpus, doc_id: str) -> Document:
        d = c.docs.get(doc_id)
        if d is None:
            raise HTTPException(404, f"no document {doc_id!r} in the index")
        return d

    def need_story(c: Corpus, story_id: str):
        s = c.story_by_id.get(story_id)
        if s is None:
            raise HTTPException(404, f"no story {story_id!r}; story ids are listed at /api/stories")
        return s

    def pair_for(c: Corpus, a: str, b: str) -> tuple[Pair, Document, Document, bool]:
        """The stored pair, or one computed now when the two are not linked."""
        if a == b:
            raise HTTPException(400, "a and b are the same document; give two different ids")
        da, db = need_doc(c, a), need_doc(c, b)
        p = c.pair(a, b)
        if p is not None:
            return p, c.docs[p.a], c.docs[p.b], True
        with holder.lock:
            idx = holder.index()
            sim = idx.similarity if idx is not None else None
            p = compare(da, db, config=holder.config, similarity=sim)
        return p, c.docs[p.a] if p.a in c.docs else da, c.docs[p.b] if p.b in c.docs else db, False

    def search_params(q: str, source: str, date_from: str, date_to: str, limit: int) -> None:
        if len(q) > MAX_QUERY or len(source) > MAX_QUERY:
            raise HTTPException(400, f"the query is longer than {MAX_QUERY} characters")
        for name, v in (("date_from", date_from), ("date_to", date_to)):
            if v and not DATE.match(v):
                raise HTTPException(400, f"{name} must be a date like 2026-03-10 (got {v!r})")
        if not 1 <= limit <= 1000:
            raise HTTPException(400, "limit must be between 1 and 1000")

    # --- errors ---------------------------------------------------------------
    def wants_json(request: Request) -> bool:
        if request.url.path.startswith("/api/") or request.url.path == "/api":
            return True
        accept = request.headers.get("accept", "")
        return "application/json" in accept and "text/html" not in accept

    def error(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
        hints = {
            404: "Check the address, or find the document with Search.",
            413: "Paste a shorter text or choose a smaller file.",
            415: "Upload a plain text, Markdown or HTML file.",
            503: "Rebuild the index with retold scan.",
        }
        return page("error.html", status=status, status_code=status, message=message, hint=hints.get(status, ""))

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        msg = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"no page at {request.url.path}"
        if exc.status_code == 405:
            msg = f"{request.method} is not allowed on {request.url.path}"
        resp = error(request, exc.status_code, msg)
        if exc.headers:
            resp.headers.update(exc.headers)
        return resp

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{loc}: {e.get('msg', 'invalid')}" if loc else str(e.get("msg", "invalid")))
        return error(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(RetoldError)
    async def _retold_error(request: Request, exc: RetoldError) -> Response:
        if isinstance(exc, UnknownDocument):
            return error(request, 404, str(exc))
        if isinstance(exc, IndexError_):
            return error(request, 503, str(exc))
        if isinstance(exc, InputError):
            return error(request, 422, exc.message if hasattr(exc, "message") else str(exc))
        return error(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:  # pragma: no cover - last resort
        log.exception("internal error on %s", request.url.path)
        return error(request, 500, f"internal error ({type(exc).__name__}); this is a bug in retold, please report it")

    # --- pages ----------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(all: bool = False) -> Response:
        with holder.lock:
            exists = holder.index() is not None
            c = holder.corpus() if exists else None
        c = c or Corpus({}, [])
        stories = c.stories if all else c.stories[:100]
        return page("index.html", page="home", corpus=c, summary=c.summary(), stories=stories, exists=exists,
                    more=len(c.stories) - len(stories))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> Response:
        c = corpus_or_empty()
        s = need_story(c, story_id)
        return page("story.html", page="home", corpus=c, s=s, graph=story_graph(c, s, LINKS),
                    pairs=c.story_pairs(s), related_pairs=c.story_related_pairs(s))

    @app.get("/pair", response_class=HTMLResponse, include_in_schema=False)
    def pair_page(a: str = Query(..., max_length=1000), b: str = Query(..., max_length=1000)) -> Response:
        c = corpus_or_empty()
        p, da, db, linked = pair_for(c, a, b)
        if linked and (a, b) != (p.a, p.b):
            return RedirectResponse(LINKS.pair(p.a, p.b), status_code=308)
        pv = pair_view(da, db, p, key="pv")
        story = c.story_of.get(p.a) if c.story_of.get(p.a) is c.story_of.get(p.b) else None
        return page("pair.html", page="home", corpus=c, pv=pv, linked=linked, story=story)

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(doc_id: str) -> Response:
        c = corpus_or_empty()
        d = need_doc(c, doc_id)
        pairs = sorted(c.by_doc.get(d.id, []), key=lambda p: (p.relation not in COPY_RELATIONS, -p.score))
        return page("document.html", page="home", corpus=c, d=d, pairs=pairs, story=c.story_of.get(d.id),
                    related_story=c.related_of.get(d.id),
                    paragraphs=document_segments(d, [p for p in pairs if p.relation in COPY_RELATIONS and p.original in (p.a, p.b)]))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = "", source: str = "", date_from: str = "", date_to: str = "", changed: str = "", limit: int = 50) -> Response:
        c = corpus_or_empty()
        try:
            search_params(q, source, date_from, date_to, limit)
            problem = None
        except HTTPException as e:
            problem = e.detail
        searched = any((q, source, date_from, date_to, changed))
        hits, total = ([], 0) if problem or not searched else c.search(q, source, date_from, date_to, _truthy(changed), limit)
        return page("search.html", status=400 if problem else 200, page="search", corpus=c, hits=hits, total=total,
                    problem=problem, searched=searched,
                    form={"q": q, "source": source, "date_from": date_from, "date_to": date_to, "changed": _truthy(changed)})

    @app.get("/check", response_class=HTMLResponse, include_in_schema=False)
    def check_form() -> Response:
        with holder.lock:
            exists = holder.index() is not None
        return page("check.html", page="check", result=None, problem=None, form={}, exists=exists)

    @app.post("/check", response_class=HTMLResponse, include_in_schema=False)
    async def check_submit(request: Request) -> Response:
        form: dict[str, Any] = {}
        try:
            sub = await read_submission(request, max_upload)
            form = dict(sub.fields, text=sub.text if sub.filename is None else "")
            result = await run_in_threadpool(run_check, sub, _truthy(sub.fields.get("add")))
        except HTTPException as e:
            if not form:
                form = {}
            with holder.lock:
                exists = holder.index() is not None
            return page("check.html", status=e.status_code, page="check", result=None, problem=e.detail, form=form, exists=exists)
        unlinked = set() if result["added"] else {result["query"].id}
        return page("check.html", page="check", result=result, problem=None, form=form, exists=True, unlinked=unlinked)

    def run_check(sub: Submission, add: bool) -> dict[str, Any]:
        """Copies of a submitted text (added to the index only when asked)."""
        with holder.lock:
            idx = holder.index(create=add)
            if add:
                assert idx is not None
                doc_id = _doc_id(sub.fields, sub.text)
                try:
                    idx.store.rowid(doc_id)
                except UnknownDocument:
                    pass
                else:
                    raise HTTPException(409, f"a document {doc_id!r} is already in the index; give another id")
                raw = to_raw(sub, doc_id)
                try:
                    pairs = idx.add(raw)
                except InputError as e:
                    raise HTTPException(422, e.message) from None
                holder.wrote()
                query = idx.get(doc_id)
                c = holder.corpus()
                assert c is not None
                pairs = [c.pair(p.a, p.b) or p for p in pairs]  # with `original` filled
                others = {p.b if p.a == doc_id else p.a: p for p in pairs}
                docs = c.docs
            else:
                raw = to_raw(sub, "query")
                try:
                    query = clean(raw, idx.line_stats() if idx else None)
                except InputError as e:
                    raise HTTPException(422, f"{e.message}: nothing of an article is left after cleaning") from None
                pairs = idx.copies_of(query) if idx is not None and len(idx) else []
                docs = {}
                for p in pairs:
                    docs[p.b] = idx.get(p.b)  # type: ignore[union-attr]
                others = {p.b: p for p in pairs}
        views = []
        def rank(t: tuple[str, Pair]) -> tuple[bool, float, float]:
            p = t[1]
            mine = p.coverage_a if p.a == query.id else p.coverage_b
            return (p.relation not in COPY_RELATIONS, -round(mine, 2), -p.score)

        for other, p in sorted(others.items(), key=rank):
            d = docs[other]
            a, b = (query, d) if p.a == query.id else (d, query)
            views.append((other, p, pair_view(a, b, p, key=f"m{len(views) + 1}")))
        return {"query": query, "added": add, "views": views, "pairs": [p for _, p, _ in views]}

    @app.get("/docs", include_in_schema=False)
    def docs_page() -> HTMLResponse:
        html = get_swagger_ui_html(openapi_url="/openapi.json", title="retold API").body.decode("utf-8")
        fallback = env.get_template("api_fallback.html").render(routes=api_routes(app))
        html = html.replace('<div id="swagger-ui">\n    </div>', f'<div id="swagger-ui">{fallback}</div>', 1)
        return HTMLResponse(html)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    # --- JSON API -------------------------------------------------------------
    @app.get("/api/stories", tags=["stories"], summary="All stories, biggest first, with the corpus summary")
    def api_stories() -> dict[str, Any]:
        c = corpus_or_empty()
        return {"retold": 1, "summary": c.summary(), "stories": [story_json(c, s) for s in c.stories]}

    @app.get("/api/stories/{story_id}", tags=["stories"], summary="One story: its documents and pairs")
    def api_story(story_id: str) -> dict[str, Any]:
        c = corpus_or_empty()
        s = need_story(c, story_id)
        return {
            "retold": 1,
            "story": story_json(c, s),
            "documents": [doc_json(c.docs[m]) for m in s.documents],
            "pairs": [p.to_dict() for p in c.story_pairs(s)],
            "related_pairs": [p.to_dict() for p in c.story_related_pairs(s)],
        }

    @app.get("/api/documents/{doc_id:path}", tags=["documents"], summary="One document with its clean text, sentences and pairs")
    def api_document(doc_id: str) -> dict[str, Any]:
        c = corpus_or_empty()
        d = need_doc(c, doc_id)
        s = c.story_of.get(d.id)
        return {
            "retold": 1,
            "document": doc_json(d, full=True),
            "story": s.id if s else None,
            "pairs": [p.to_dict() for p in c.by_doc.get(d.id, [])],
        }

    @app.get("/api/pairs", tags=["pairs"], summary="The link between two documents (404 when they are not linked)")
    def api_pair(a: str = Query(..., max_length=1000, description="a document id"), b: str = Query(..., max_length=1000, description="another document id")) -> dict[str, Any]:
        c = corpus_or_empty()
        if a == b:
            raise HTTPException(400, "a and b are the same document; give two different ids")
        need_doc(c, a)
        need_doc(c, b)
        p = c.pair(a, b)
        if p is None:
            raise HTTPException(404, f"{a!r} and {b!r} are not linked in the index (see /pair?a=..&b=.. to compare them anyway)")
        return {"retold": 1, "pair": p.to_dict(), "documents": [doc_json(c.docs[p.a]), doc_json(c.docs[p.b])]}

    @app.get("/api/search", tags=["documents"], summary="Documents by text, id, source, date and changed facts")
    def api_search(
        q: str = Query("", description="text in the id, title, source or body (case-insensitive)"),
        source: str = Query("", description="part of the source name"),
        date_from: str = Query("", description="published on or after, YYYY-MM-DD"),
        date_to: str = Query("", description="published on or before, YYYY-MM-DD"),
        changed: bool = Query(False, description="only documents in a pair with changed facts"),
        limit: int = Query(50, description="at most this many results (1-1000)"),
    ) -> dict[str, Any]:
        search_params(q, source, date_from, date_to, limit)
        c = corpus_or_empty()
        hits, total = c.search(q, source, date_from, date_to, changed, limit)
        out = []
        for h in hits:
            d = doc_json(h["doc"])
            s = c.story_of.get(h["doc"].id)
            d["story"] = s.id if s else None
            d["snippet"] = "".join(x.text for x in h["snippet"]) if h["snippet"] else None
            out.append(d)
        return {"retold": 1, "total": total, "documents": out}

    upload_body = {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "text": {"type": "string", "description": "the article text (or give 'file')"},
                            "file": {"type": "string", "format": "binary", "description": f"a .txt, .md or .html file, at most {_size(max_upload)}"},
                            "id": {"type": "string"},
                            "title": {"type": "string"},
                            "url": {"type": "string"},
                            "published": {"type": "string"},
                            "source": {"type": "string"},
                            "language": {"type": "string"},
                        },
                    }
                },
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["text"],
                        "properties": {k: {"type": "string"} for k in ("text", "id", "title", "url", "published", "source", "language")},
                    }
                },
            },
        }
    }

    @app.post("/api/copies", tags=["check"], summary="Which indexed documents a text retells or is retold by (nothing is added)", openapi_extra=upload_body)
    async def api_copies(request: Request) -> dict[str, Any]:
        sub = await read_submission(request, max_upload)
        result = await run_in_threadpool(run_check, sub, False)
        q = doc_json(result["query"])
        q["sentences"] = len(result["query"].sentences)
        return {"retold": 1, "query": q, "pairs": [p.to_dict() for p in result["pairs"]]}

    @app.post("/api/documents", tags=["documents"], status_code=201, summary="Add a document to the index; returns its links", openapi_extra=upload_body)
    async def api_add(request: Request) -> JSONResponse:
        sub = await read_submission(request, max_upload)
        result = await run_in_threadpool(run_check, sub, True)
        d = result["query"]
        return JSONResponse(
            {"retold": 1, "document": doc_json(d), "pairs": [p.to_dict() for p in result["pairs"]]},
            status_code=201,
            headers={"Location": LINKS.doc(d.id)},
        )

    @app.get("/api/report", tags=["report"], summary="The whole index as the JSON contract (version 1)")
    def api_report() -> dict[str, Any]:
        with holder.lock:
            idx = holder.index()
            if idx is None:
                return {"retold": 1, "documents": [], "pairs": [], "stories": []}
            return idx.report()

    app.add_middleware(Guard, max_body=max_upload + 256 * 1024)
    return app


def api_routes(app: FastAPI) -> list[dict[str, str]]:
    out = []
    for r in app.routes:
        path = getattr(r, "path", "")
        if not path.startswith("/api/"):
            continue
        for m in sorted(getattr(r, "methods", []) or []):
            if m in ("HEAD", "OPTIONS"):
                continue
            out.append({"method": m, "path": path, "summary": getattr(r, "summary", "") or ""})
    return out


class Guard:
    """Security headers on every response; bodies over the limit answered with 413."""

    def __init__(self, app: Any, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope.get("path") == "/docs" else APP_CSP
        head = scope.get("method") == "HEAD"
        if head:  # answer HEAD like GET, without the body
            scope = dict(scope, method="GET")

        async def send_headers(message: dict[str, Any]) -> None:
            if head and message["type"] == "http.response.body":
                message = dict(message, body=b"")
            if message["type"] == "http.response.start":
                h = MutableHeaders(scope=message)
                h["Content-Security-Policy"] = csp
                h["X-Content-Type-Options"] = "nosniff"
                h["Referrer-Policy"] = "no-referrer"
                h["X-Frame-Options"] = "DENY"
                h["Cross-Origin-Opener-Policy"] = "same-origin"
            await send(message)

        limit = self.max_body
        length = Headers(scope=scope).get("content-length")
        if length is not None and length.strip().isdigit() and int(length) > limit:
            msg = TooLarge(limit - 256 * 1024).detail
            resp: Response
            if scope.get("path", "").startswith("/api/"):
                resp = JSONResponse({"error": msg}, status_code=413)
            else:
                body = environment().get_template("error.html").render(
                    links=LINKS, page="", index_path="", status_code=413, message=msg, hint="Paste a shorter text or choose a smaller file."
                )
                resp = HTMLResponse(body, status_code=413)
            resp.headers["Connection"] = "close"
            await resp(scope, receive, send_headers)
            return
        seen = 0

        async def limited() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(limit - 256 * 1024)
            return message

        await self.app(scope, limited, send_headers)
