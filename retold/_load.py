"""Load documents from files and folders.

``load(paths)`` yields :class:`RawDocument` records, and an
:class:`~retold.InputError` in place of each record that could not be read, so
one bad file never costs the good ones. Formats:

* ``.txt`` / ``.md``: plain text; a short first line followed by a blank line
  is the title (a leading ``#`` is dropped for Markdown).
* ``.html`` / ``.htm``: the main text through trafilatura (which also gives
  title, date and site name when the page has them).
* ``.jsonl`` and ``.csv``: one record per line/row with fields ``id``,
  ``text`` and optional ``title``, ``url``, ``published``, ``language``,
  ``source``.

Encodings: UTF-8 (with or without BOM) first; otherwise charset-normalizer
guesses, and a file it cannot decode confidently is reported, not mangled.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ._errors import (
    DuplicateId,
    EmptyDocument,
    InputError,
    MalformedRecord,
    UnreadableFile,
)
from ._models import RawDocument

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".jsonl", ".csv"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
FIELDS = ("id", "text", "title", "url", "published", "language", "source")
MAX_FILE_BYTES = 64 * 1024 * 1024

csv.field_size_limit(MAX_FILE_BYTES)


def content_hash(*parts: str | None) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update((p or "").encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, Path, bool]]:
    """Yield ``(file, base, explicit)``: every readable-looking file under the paths.

    ``base`` is the folder ids are taken relative to; ``explicit`` is True for
    a file named on the command line (an unknown suffix is then an error,
    where inside a folder it is silently passed over).
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    f = Path(root) / name
                    if f.suffix.lower() in SUFFIXES:
                        yield f, path, False
        else:
            yield path, path.parent, True


def file_id(path: Path, base: Path) -> str:
    try:
        rel = path.relative_to(base)
    except ValueError:
        rel = Path(path.name)
    return rel.with_suffix("").as_posix()


def read_text(path: Path) -> str:
    """Read a file as text, detecting its encoding; raise UnreadableFile."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableFile(f"file is larger than {MAX_FILE_BYTES // 2**20} MiB", path=str(path))
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise UnreadableFile("is a directory", path=str(path)) from None
    except PermissionError:
        raise UnreadableFile("permission denied", path=str(path)) from None
    except OSError as e:
        raise UnreadableFile(f"cannot read ({e.strerror or e})", path=str(path)) from None
    return decode(data, str(path))


def decode(data: bytes, where: str) -> str:
    if not data.strip():
        raise EmptyDocument("empty file", path=where)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile("invalid UTF-16", path=where) from None
    sample = data[:8192]
    if b"\x00" in sample or _control_share(sample) > 0.05:
        raise UnreadableFile("binary file, not text", path=where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    if not results:
        raise UnreadableFile("not UTF-8 and no text encoding fits", path=where)
    best = results[0]
    # On short texts several single-byte code pages fit about equally well;
    # among those within a hair of the best, prefer the ones news text is
    # most often written in (Windows-1252 and its Latin-1 relatives).
    for r in results:
        if r.encoding in _COMMON_LEGACY and r.chaos <= best.chaos + 0.02:
            return str(r)
    return str(best)


_COMMON_LEGACY = ("cp1252", "latin_1", "iso8859_15")


def _control_share(sample: bytes) -> float:
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / max(1, len(sample))


def load(paths: Iterable[str | os.PathLike[str]]) -> Iterator[RawDocument | InputError]:
    """Yield a RawDocument per record, or an InputError per bad file/record.

    Ids must be unique within one call: a later record that repeats an id is
    reported as :class:`DuplicateId` and skipped.
    """
    seen: dict[str, str] = {}
    for path, base, explicit in iter_files(paths):
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            if explicit:
                if not path.exists():
                    yield UnreadableFile("no such file or folder", path=str(path))
                else:
                    yield UnreadableFile(
                        f"unsupported file type {suffix or '(none)'}; expected one of "
                        + ", ".join(sorted(SUFFIXES)),
                        path=str(path),
                    )
            continue
        try:
            text = read_text(path)
        except InputError as e:
            yield e
            continue
        if suffix in RECORD_SUFFIXES:
            records = _jsonl(text, path) if suffix == ".jsonl" else _csv(text, path)
        elif suffix in HTML_SUFFIXES:
            records = iter([_html(text, path, file_id(path, base))])
        else:
            records = iter([_plain(text, path, file_id(path, base), markdown=suffix == ".md")])
        for rec in records:
            if isinstance(rec, RawDocument):
                if rec.id in seen:
                    yield DuplicateId(f"duplicate id {rec.id!r} (first seen in {seen[rec.id]})", path=rec.origin)
                    continue
                seen[rec.id] = rec.origin or str(path)
            yield rec


def _plain(text: str, path: Path, doc_id: str, markdown: bool) -> RawDocument | InputError:
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    title = None
    first, sep, rest = body.partition("\n")
    cand = first.strip()
    if markdown:
        cand = cand.lstrip("#").strip() if cand.startswith("#") else cand
    looks_like_title = (
        bool(sep)
        and (rest.startswith("\n") or (markdown and first.startswith("#")))
        and 0 < len(cand) <= 200
        and not cand.endswith((".", ",", ";", ":"))
    )
    if looks_like_title:
        title, body = cand, rest.strip("\n")
    if not body.strip():
        return EmptyDocument("no text", path=str(path))
    return RawDocument(
        id=doc_id, text=body, title=title, origin=str(path), content_hash=content_hash(text)
    )


def _html(text: str, path: Path, doc_id: str) -> RawDocument | InputError:
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            text, include_comments=False, include_tables=False, favor_recall=True, with_metadata=True
        )
    except Exception as e:  # trafilatura raises many kinds on hostile markup
        return MalformedRecord(f"cannot parse HTML ({type(e).__name__})", path=str(path))
    if extracted is None:
        return EmptyDocument("no article text found in the HTML", path=str(path))
    get = extracted.get if isinstance(extracted, dict) else lambda k: getattr(extracted, k, None)
    body = get("text") or ""
    if not body.strip():
        return EmptyDocument("no article text found in the HTML", path=str(path))
    return RawDocument(
        id=doc_id,
        text=body,
        title=get("title") or None,
        url=get("url") or None,
        published=get("date") or None,
        source=get("sitename") or None,
        language=None,
        origin=str(path),
        content_hash=content_hash(text),
        html=True,
    )


def _record(obj: object, where: str, line: int, path: Path) -> RawDocument | InputError:
    if not isinstance(obj, dict):
        return MalformedRecord("record is not an object", path=where, line=line)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return MalformedRecord("record has no 'text'", path=where, line=line)
    rid = obj.get("id")
    if rid is None or (isinstance(rid, str) and not rid.strip()):
        rid = f"{path.stem}:{line}"
    if not isinstance(rid, (str, int)):
        return MalformedRecord("'id' must be a string or a number", path=where, line=line)
    fields: dict[str, str | None] = {}
    for k in ("title", "url", "published", "language", "source"):
        v = obj.get(k)
        if v is not None and not isinstance(v, (str, int, float)):
            return MalformedRecord(f"'{k}' must be a string", path=where, line=line)
        fields[k] = str(v).strip() or None if v is not None else None
    return RawDocument(
        id=str(rid).strip(),
        text=text,
        origin=f"{where}:{line}",
        content_hash=content_hash(json.dumps(obj, sort_keys=True, ensure_ascii=False)),
        **fields,
    )


def _jsonl(text: str, path: Path) -> Iterator[RawDocument | InputError]:
    where = str(path)
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield MalformedRecord(f"invalid JSON ({e.msg})", path=where, line=n)
            continue
        yield _record(obj, where, n, path)


def _csv(text: str, path: Path) -> Iterator[RawDocument | InputError]:
    where = str(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as e:
        yield MalformedRecord(f"invalid CSV header ({e})", path=where, line=1)
        return
    if not header or "text" not in [h.strip() for h in header]:
        yield MalformedRecord("CSV has no 'text' column", path=where, line=1)
        return
    reader.fieldnames = [h.strip() for h in header]
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield MalformedRecord(f"invalid CSV row ({e})", path=where, line=reader.line_num)
            return
        line = start + 1 if reader.line_num == 0 else reader.line_num
        if None in row:  # more cells than header columns
            yield MalformedRecord("row has more cells than the header", path=where, line=line)
            continue
        yield _record(row, where, line, path)


def load_text(text: str, doc_id: str = "query", **meta: str | None) -> RawDocument:
    """A RawDocument from a string (for ``copies_of`` and ``compare``)."""
    return RawDocument(id=doc_id, text=text, content_hash=content_hash(text), **meta)
