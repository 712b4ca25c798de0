"""The persistent index: one SQLite file.

Why SQLite: one file, no server, transactions. A scan writes each batch in
two transactions: its documents with their keys (marked unverified), then
the pairs verified for them (clearing the mark). A scan killed at any point
leaves whole steps only; opening the index drops documents still marked
unverified, so it is as it was after the last complete batch, and the next
scan resumes from there (unchanged files are recognised by content hash).

Tables::

    documents(rowid, id UNIQUE, content_hash, ..., text, json columns)
    bands(key, doc)        MinHash LSH band keys      -> candidates by join
    anchors(anchor, doc)   hashed numbers and names   -> candidates by join
    anchor_df(anchor, df)  document frequency per anchor (stop-anchor cut)
    sentkeys(key, doc)     hashes of long sentences     -> verbatim reuse too short for LSH
    pairs(a, b, relation, score, data)  verified links, a < b by id
    line_contexts(line, ctx)            corpus line statistics for cleaning
    vectors(key, vec)      sentence embedding cache (one encode per sentence)
    claims(doc, data)      quantitative claims for corroboration
    unverified(doc)        documents written whose pairs are not yet (a scan
                           writes a batch's pairs after the next batch's
                           documents; the index drops these on opening)

The :class:`Store` methods are the storage interface the rest of retold
uses; nothing else issues SQL. While a scan runs, the candidate queries read
the three key tables held in memory (:meth:`Store.keys_in_memory`,
:mod:`retold._postings`); the SQL queries stay as their reference.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

try:  # orjson writes the JSON columns 4-5x faster than json (a pair 3.6 against 19 µs)
    import orjson
except ImportError:  # pragma: no cover - a dependency; the json module does the same job slower
    orjson = None  # type: ignore[assignment]

from ._errors import IndexError_, UnknownDocument
from ._models import Document, Pair, Passage, Removed
from ._postings import Postings

SCHEMA_VERSION = 1
CACHE_KIB = 32 << 10  # SQLite page cache of an open index
# a scan holds the candidate keys in memory (retold._postings) while the
# three key tables together have at most this many rows (16 bytes each)
MEMORY_POSTINGS = 8_000_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    rowid INTEGER PRIMARY KEY,
    id TEXT UNIQUE NOT NULL,
    content_hash TEXT NOT NULL,
    origin TEXT,
    title TEXT, language TEXT, url TEXT, published TEXT, source TEXT,
    text TEXT NOT NULL,
    credits TEXT NOT NULL, bylines TEXT NOT NULL, removed TEXT NOT NULL,
    sentences TEXT NOT NULL, paragraphs TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bands(key INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS bands_key_doc ON bands(key, doc);
CREATE INDEX IF NOT EXISTS bands_doc ON bands(doc);
CREATE TABLE IF NOT EXISTS anchors(anchor INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS anchors_anchor_doc ON anchors(anchor, doc);
CREATE INDEX IF NOT EXISTS anchors_doc_anchor ON anchors(doc, anchor);
CREATE TABLE IF NOT EXISTS anchor_df(anchor INTEGER PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sentkeys(key INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sentkeys_key_doc ON sentkeys(key, doc);
CREATE INDEX IF NOT EXISTS sentkeys_doc ON sentkeys(doc);
-- the postings indexes cover (key, doc): a candidate query reads the index
-- alone, not a table row per posting (4x faster on 10,000 documents). An
-- index written before they existed gets them on open, in place of these:
DROP INDEX IF EXISTS bands_key;
DROP INDEX IF EXISTS anchors_anchor;
DROP INDEX IF EXISTS anchors_doc;
DROP INDEX IF EXISTS sentkeys_key;
CREATE TABLE IF NOT EXISTS pairs(
    a INTEGER NOT NULL, b INTEGER NOT NULL, relation TEXT NOT NULL, score REAL NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY(a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pairs_b ON pairs(b);
CREATE TABLE IF NOT EXISTS line_contexts(line TEXT NOT NULL, ctx TEXT NOT NULL, PRIMARY KEY(line, ctx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vectors(key BLOB PRIMARY KEY, vec BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claims(doc INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unverified(doc INTEGER PRIMARY KEY);
CREATE INDEX IF NOT EXISTS claims_doc ON claims(doc);
"""


@lru_cache(maxsize=1 << 18)
def anchor_key(anchor: str) -> int:
    """A signed 64-bit integer for an anchor string (compact to index).
    Cached: a scan asks for the same names and figures over and over (each
    document's anchors once to insert them and once to find its partners)."""
    return int.from_bytes(hashlib.blake2b(anchor.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def _dumps(obj: Any) -> str:
    """JSON text of ``obj`` (non-ASCII kept as is), by orjson where it
    takes the value, else by the json module (which also takes what orjson
    refuses, such as a dict with non-string keys)."""
    if orjson is not None:
        try:
            return orjson.dumps(obj).decode("utf-8")
        except TypeError:
            pass
    return json.dumps(obj, ensure_ascii=False)


def _loads(s: str | bytes) -> Any:
    return orjson.loads(s) if orjson is not None else json.loads(s)


def _doc_row(d: Document) -> tuple[Any, ...]:
    return (
        d.id,
        d.content_hash,
        d.origin,
        d.title,
        d.language,
        d.url,
        d.published,
        d.source,
        d.text,
        _dumps(d.credits),
        _dumps(d.bylines),
        _dumps([[r.text, r.reason] for r in d.removed]),
        _dumps(d.sentences),
        _dumps(d.paragraphs),
    )


_DOC_COLS = "id, content_hash, origin, title, language, url, published, source, text, credits, bylines, removed, sentences, paragraphs"


def _row_doc(row: sqlite3.Row | tuple[Any, ...]) -> Document:
    (i, h, origin, title, lang, url, pub, src, text, credits, bylines, removed, sents, paras) = row
    return Document(
        id=i,
        text=text,
        title=title,
        language=lang or "und",
        url=url,
        published=pub,
        source=src,
        credits=_loads(credits),
        bylines=_loads(bylines),
        removed=[Removed(t, r) for t, r in _loads(removed)],
        sentences=[tuple(x) for x in _loads(sents)],
        paragraphs=[tuple(x) for x in _loads(paras)],
        content_hash=h,
        origin=origin,
    )


def pair_to_json(p: Pair) -> str:
    d = p.to_dict()
    d["passage_pairs"] = [[list(map(list, g[:2])) + [g[2]] for g in ps.pairs] for ps in p.passages]
    d["evidence"] = p.evidence
    return _dumps(d)


def pair_from_json(s: str) -> Pair:
    d = _loads(s)
    groups = d.get("passage_pairs") or [[] for _ in d["passages"]]
    passages = [
        Passage(
            similarity=x["similarity"],
            a_start=x["a_start"],
            a_end=x["a_end"],
            b_start=x["b_start"],
            b_end=x["b_end"],
            pairs=tuple((tuple(g[0]), tuple(g[1]), g[2]) for g in grp),
        )
        for x, grp in zip(d["passages"], groups)
    ]
    return Pair(
        a=d["a"],
        b=d["b"],
        relation=d["relation"],
        score=d["score"],
        coverage_a=d["coverage_a"],
        coverage_b=d["coverage_b"],
        passages=passages,
        original=d.get("original"),
        changes=d.get("changes", []),
        transform=d.get("transform"),
        evidence=d.get("evidence", {}),
    )


class _InMemory:
    """The key tables as :class:`Postings` (and each document's anchors, for
    :meth:`Store.anchor_totals`), kept in step with the store's writes."""

    __slots__ = ("bands", "sentkeys", "anchors", "doc_anchors")

    def __init__(self, db: sqlite3.Connection):
        def table(q: str) -> tuple[np.ndarray, np.ndarray]:
            flat = np.fromiter((x for row in db.execute(q) for x in row), dtype=np.int64)
            return flat[0::2], flat[1::2]

        self.bands = Postings(*table("SELECT key, doc FROM bands"))
        self.sentkeys = Postings(*table("SELECT key, doc FROM sentkeys"))
        docs, keys = table("SELECT doc, anchor FROM anchors ORDER BY doc, anchor")
        self.anchors = Postings(keys, docs)
        cut = np.flatnonzero(np.diff(docs)) + 1
        self.doc_anchors: dict[int, np.ndarray] = {
            int(part_docs[0]): part for part_docs, part in zip(np.split(docs, cut), np.split(keys, cut)) if len(part)
        }

    def remove(self, doc: int) -> None:
        for p in (self.bands, self.sentkeys, self.anchors):
            p.remove(doc)
        self.doc_anchors.pop(doc, None)


class Store:
    """SQLite-backed storage for documents, keys, pairs and caches."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=OFF")
            # A scan inserts postings under random keys all over the index
            # B-trees. SQLite's default page cache (2 MB) re-reads most of
            # their pages: with 32 MB the document, key and pair writes of a
            # 10,000-document scan took 5.9 CPU-seconds instead of 8.4
            # (a document 0.30 ms instead of 0.47) and its candidate queries
            # 7.1 instead of 7.7; checkpointing every 40 MB of WAL instead of
            # 4 MB took its commits from 2.0 to 1.7 s. The cache is memory of
            # the scan process (at most 32 MB).
            self.db.execute(f"PRAGMA cache_size={-CACHE_KIB}")
            self.db.execute("PRAGMA wal_autocheckpoint=10000")
            try:  # SQLite's math functions are a compile-time option
                self.db.execute("SELECT ln(2.0)")
            except sqlite3.OperationalError:
                self.db.create_function("ln", 1, math.log, deterministic=True)
            self.db.executescript(_SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as e:
            raise IndexError_(f"{path}: not a retold index or corrupt ({e})") from None
        if row is None:
            self.db.execute("INSERT INTO meta VALUES('schema', ?)", (str(SCHEMA_VERSION),))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES('sentence_keys', '1')")
        elif int(row[0]) > SCHEMA_VERSION:
            raise IndexError_(f"{path}: written by a newer retold (schema {row[0]})")
        self._in_tx = False
        self._memory_wanted = False
        self._mem: _InMemory | None = None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def writer_lock(self) -> Iterator[bool]:
        """The scan lock: an exclusive lock on a file beside the index, held
        while a scan writes. Yields whether it was taken (False: another
        process is scanning into this index). Where there is no file lock
        (no ``fcntl``, an in-memory index, a folder that cannot take the
        lock file) it yields True."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover (not POSIX)
            yield True
            return
        if str(self.path) == ":memory:":
            yield True
            return
        try:
            f = open(str(self.path) + ".lock", "a")
        except OSError:
            yield True
            return
        with f:
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # held by another process
                yield False
                return
            except OSError:  # a file system without locks: go on unlocked
                yield True
                return
            try:
                yield True
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: commit on success, roll back on any exception."""
        if self._in_tx:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            self._mem = None  # it saw the rolled-back writes: load it again if asked
            raise
        else:
            self.db.execute("COMMIT")
        finally:
            self._in_tx = False

    @contextmanager
    def keys_in_memory(self) -> Iterator[None]:
        """Answer the candidate queries (:meth:`lsh_partners`,
        :meth:`sentence_partners`, :meth:`anchor_partners`,
        :meth:`anchor_totals`) from the key tables held in memory until the
        block ends (:mod:`retold._postings`), while the tables have at most
        :data:`MEMORY_POSTINGS` rows. They are loaded at the first query, so
        a block that asks nothing costs nothing."""
        self._memory_wanted = True
        try:
            yield
        finally:
            self._memory_wanted = False
            self._mem = None

    def _memory(self) -> _InMemory | None:
        if self._mem is None and self._memory_wanted:
            # max(rowid): the rows ever written, an upper bound read from the B-trees' ends
            (rows,) = self.db.execute(
                "SELECT coalesce((SELECT max(rowid) FROM bands), 0) + coalesce((SELECT max(rowid) FROM sentkeys), 0)"
                " + coalesce((SELECT max(rowid) FROM anchors), 0)"
            ).fetchone()
            if rows > MEMORY_POSTINGS:
                self._memory_wanted = False
                return None
            self._mem = _InMemory(self.db)
        return self._mem

    # --- meta ---------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES(?, ?)", (key, value))

    # --- documents ----------------------------------------------------------
    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def hashes(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT id, content_hash FROM documents"))

    def rowid(self, doc_id: str) -> int:
        row = self.db.execute("SELECT rowid FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            raise UnknownDocument(f"no document {doc_id!r} in the index")
        return row[0]

    def ids_by_rowid(self, rowids: Iterable[int]) -> dict[int, str]:
        rowids = list(rowids)
        out: dict[int, str] = {}
        for chunk in _chunks(rowids, 900):
            q = f"SELECT rowid, id FROM documents WHERE rowid IN ({','.join('?' * len(chunk))})"
            out.update(self.db.execute(q, chunk))
        return out

    def get(self, doc_id: str) -> Document:
        row = self.db.execute(f"SELECT {_DOC_COLS} FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            raise UnknownDocument(f"no document {doc_id!r} in the index")
        return _row_doc(row)

    def get_by_rowid(self, rowid: int) -> Document:
        row = self.db.execute(f"SELECT {_DOC_COLS} FROM documents WHERE rowid=?", (rowid,)).fetchone()
        if row is None:
            raise UnknownDocument(f"no document with row {rowid}")
        return _row_doc(row)

    def documents(self) -> Iterator[Document]:
        for row in self.db.execute(f"SELECT {_DOC_COLS} FROM documents ORDER BY id"):
            yield _row_doc(row)

    def rowids(self) -> set[int]:
        return {r for (r,) in self.db.execute("SELECT rowid FROM documents")}

    def ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY id")]

    def delete(self, doc_id: str) -> None:
        """Remove a document and everything keyed by it (inside a transaction)."""
        row = self.db.execute("SELECT rowid FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            return
        r = row[0]
        anchors = [a for (a,) in self.db.execute("SELECT anchor FROM anchors WHERE doc=?", (r,))]
        self.db.executemany("UPDATE anchor_df SET df = df - 1 WHERE anchor=?", [(a,) for a in anchors])
        self.db.execute("DELETE FROM anchor_df WHERE df <= 0")
        self.db.execute("DELETE FROM unverified WHERE doc=?", (r,))
        for table in ("bands", "anchors", "claims", "sentkeys"):
            self.db.execute(f"DELETE FROM {table} WHERE doc=?", (r,))
        self.db.execute("DELETE FROM pairs WHERE a=? OR b=?", (r, r))
        self.db.execute("DELETE FROM documents WHERE rowid=?", (r,))
        if self._mem is not None:
            self._mem.remove(r)

    def insert(self, doc: Document, band_keys: Iterable[int], anchors: Iterable[str]) -> int:
        cur = self.db.execute(f"INSERT INTO documents({_DOC_COLS}) VALUES({','.join('?' * 14)})", _doc_row(doc))
        r = cur.lastrowid
        assert r is not None
        bands = set(band_keys)
        self.db.executemany("INSERT INTO bands VALUES(?, ?)", [(k, r) for k in bands])
        keys = sorted({anchor_key(a) for a in anchors})
        self.db.executemany("INSERT INTO anchors VALUES(?, ?)", [(k, r) for k in keys])
        self.db.executemany(
            "INSERT INTO anchor_df VALUES(?, 1) ON CONFLICT(anchor) DO UPDATE SET df = df + 1", [(k,) for k in keys]
        )
        if self._mem is not None:
            self._mem.bands.add(r, bands)
            self._mem.anchors.add(r, keys)
            if keys:
                self._mem.doc_anchors[r] = np.array(keys, dtype=np.int64)
        return r

    def put_band_keys(self, rowid: int, keys: Iterable[int]) -> None:
        """Replace a document's MinHash band keys (re-fingerprinting)."""
        keys = set(keys)
        self.db.execute("DELETE FROM bands WHERE doc=?", (rowid,))
        self.db.executemany("INSERT INTO bands VALUES(?, ?)", [(k, rowid) for k in keys])
        if self._mem is not None:
            self._mem.bands.remove(rowid)
            self._mem.bands.add(rowid, keys)

    def put_sentence_keys(self, rowid: int, keys: Iterable[int]) -> None:
        keys = set(keys)
        self.db.execute("DELETE FROM sentkeys WHERE doc=?", (rowid,))
        self.db.executemany("INSERT INTO sentkeys VALUES(?, ?)", [(k, rowid) for k in keys])
        if self._mem is not None:
            self._mem.sentkeys.remove(rowid)
            self._mem.sentkeys.add(rowid, keys)

    def mark_unverified(self, rowids: Iterable[int]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO unverified VALUES(?)", [(r,) for r in rowids])

    def mark_verified(self, rowids: Iterable[int]) -> None:
        self.db.executemany("DELETE FROM unverified WHERE doc=?", [(r,) for r in rowids])

    def unverified_ids(self) -> list[str]:
        """Ids of documents written without their pairs (a scan killed midway)."""
        q = "SELECT d.id FROM unverified u JOIN documents d ON d.rowid = u.doc ORDER BY u.doc"
        return [i for (i,) in self.db.execute(q)]

    # --- candidates ---------------------------------------------------------
    def sentence_partners(self, keys: Iterable[int], exclude: int | None = None, max_df: int = 50) -> set[int]:
        """Documents sharing a sentence key held by at most ``max_df`` documents."""
        mem = self._memory()
        if mem is None:
            return self._sql_sentence_partners(keys, exclude, max_df)
        out = mem.sentkeys.holders(keys, max_df + (exclude is not None))
        out.discard(exclude)  # type: ignore[arg-type]
        return out

    def _sql_sentence_partners(self, keys: Iterable[int], exclude: int | None, max_df: int) -> set[int]:
        keys = list(set(keys))
        out: set[int] = set()
        for chunk in _chunks(keys, 900):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT key, group_concat(doc) FROM sentkeys WHERE key IN ({marks}) GROUP BY key HAVING COUNT(*) <= ?",
                (*chunk, max_df + (exclude is not None)),
            )
            for _k, docs in rows:
                out.update(int(x) for x in docs.split(","))
        out.discard(exclude)  # type: ignore[arg-type]
        return out

    def lsh_partners(self, band_keys: Iterable[int], exclude: int | None = None) -> set[int]:
        """Documents sharing a MinHash band key."""
        mem = self._memory()
        if mem is None:
            return self._sql_lsh_partners(band_keys, exclude)
        out = mem.bands.holders(band_keys)
        out.discard(exclude)  # type: ignore[arg-type]
        return out

    def _sql_lsh_partners(self, band_keys: Iterable[int], exclude: int | None) -> set[int]:
        keys = list(set(band_keys))
        out: set[int] = set()
        for chunk in _chunks(keys, 900):
            q = f"SELECT DISTINCT doc FROM bands WHERE key IN ({','.join('?' * len(chunk))})"
            out.update(r for (r,) in self.db.execute(q, chunk))
        out.discard(exclude)  # type: ignore[arg-type]
        return out

    def anchor_partners(
        self, anchors: Iterable[str], exclude: int | None, max_df: int, min_shared: int = 1, n_docs: int | None = None
    ) -> tuple[dict[int, tuple[float, int]], float]:
        """Documents sharing at least ``min_shared`` informative anchors: ``{rowid: (weight, count)}``, own total weight.

        An anchor's weight is ``ln(N / df) + 1``; anchors in more than
        ``max_df`` documents are skipped (too common to identify a story).
        ``n_docs``: the document count, when the caller knows it.
        """
        n_docs = max(2, self.count() if n_docs is None else n_docs)
        keys = sorted({anchor_key(a) for a in anchors})
        mem = self._memory()
        if mem is not None:
            return _anchor_partners(mem.anchors, keys, exclude, max_df, min_shared, n_docs)
        return self._sql_anchor_partners(keys, exclude, max_df, min_shared, n_docs)

    def _sql_anchor_partners(
        self, keys: list[int], exclude: int | None, max_df: int, min_shared: int, n_docs: int
    ) -> tuple[dict[int, tuple[float, int]], float]:
        df: dict[int, int] = {}
        for chunk in _chunks(keys, 900):
            q = f"SELECT anchor, df FROM anchor_df WHERE anchor IN ({','.join('?' * len(chunk))})"
            df.update(self.db.execute(q, chunk))
        total, weights = _anchor_weights([df.get(k, 0) for k in keys], exclude is not None, max_df, n_docs)
        useful = [(keys[i], w) for i, w in weights]
        if not useful:
            return {}, total
        # aggregate in SQL: a temporary table of (anchor, weight) joined to postings
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS q_anchors(anchor INTEGER PRIMARY KEY, w REAL)")
        self.db.execute("DELETE FROM q_anchors")
        self.db.executemany("INSERT OR IGNORE INTO q_anchors VALUES(?, ?)", useful)
        rows = self.db.execute(
            # CROSS JOIN fixes the join order: walk the few query anchors, probe
            # the postings index (the planner otherwise scans every posting)
            "SELECT a.doc, SUM(q.w), COUNT(*) FROM q_anchors q CROSS JOIN anchors a ON a.anchor = q.anchor "
            "WHERE a.doc != ? GROUP BY a.doc HAVING COUNT(*) >= ?",
            (-1 if exclude is None else exclude, min_shared),
        )
        return {r: (w, int(c)) for r, w, c in rows}, total

    def anchor_totals(self, rowids: Iterable[int], max_df: int, n_docs: int | None = None) -> dict[int, float]:
        """Each document's total anchor weight (the weights of
        :meth:`anchor_partners`), in one query per 900 documents.
        ``n_docs``: the document count, when the caller knows it."""
        n = max(2, self.count() if n_docs is None else n_docs)
        rowids = list(set(rowids))
        # sum of (ln(n / df) + 1) = count * (ln n + 1) - sum of ln(df), so
        # that SQL sums a document's anchors and Python sees one row a document
        base = math.log(n) + 1.0
        mem = self._memory()
        if mem is not None:
            return _anchor_totals(mem, rowids, max_df, base)
        return self._sql_anchor_totals(rowids, max_df, base)

    def _sql_anchor_totals(self, rowids: list[int], max_df: int, base: float) -> dict[int, float]:
        out = dict.fromkeys(rowids, 0.0)
        for chunk in _chunks(rowids, 900):
            rows = self.db.execute(
                "SELECT a.doc, COUNT(*), SUM(ln(d.df)) FROM anchors a JOIN anchor_df d ON d.anchor = a.anchor "
                f"WHERE a.doc IN ({','.join('?' * len(chunk))}) AND d.df <= ? GROUP BY a.doc",
                (*chunk, max_df),
            )
            for doc, count, sum_ln in rows:
                out[doc] = count * base - sum_ln
        return out

    # --- pairs --------------------------------------------------------------
    def put_pair(self, ra: int, rb: int, pair: Pair) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO pairs VALUES(?, ?, ?, ?, ?)", (ra, rb, pair.relation, pair.score, pair_to_json(pair))
        )

    def has_pair_checked(self, ra: int, rb: int) -> bool:
        return self.db.execute("SELECT 1 FROM pairs WHERE a=? AND b=?", (ra, rb)).fetchone() is not None

    def pairs(self) -> list[Pair]:
        return [pair_from_json(d) for (d,) in self.db.execute("SELECT data FROM pairs ORDER BY a, b")]

    def pairs_of(self, doc_id: str) -> list[Pair]:
        r = self.rowid(doc_id)
        q = "SELECT data FROM pairs WHERE a=? UNION ALL SELECT data FROM pairs WHERE b=?"
        return [pair_from_json(d) for (d,) in self.db.execute(q, (r, r))]

    # --- line statistics ----------------------------------------------------
    def line_contexts(self) -> Iterator[tuple[str, str]]:
        yield from self.db.execute("SELECT line, ctx FROM line_contexts")

    def add_line_contexts(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO line_contexts VALUES(?, ?)", pairs)

    # --- embedding cache ----------------------------------------------------
    def get_vectors(self, keys: list[bytes], dim: int) -> dict[bytes, np.ndarray]:
        out: dict[bytes, np.ndarray] = {}
        for chunk in _chunks(keys, 900):
            q = f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(chunk))})"
            for k, v in self.db.execute(q, chunk):
                arr = np.frombuffer(v, dtype=np.float32)
                if arr.shape[0] == dim:
                    out[k] = arr
        return out

    def put_vectors(self, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO vectors VALUES(?, ?)",
            [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items],
        )

    # --- claims -------------------------------------------------------------
    def put_claims(self, rowid: int, claims: Iterable[dict[str, Any]]) -> None:
        self.db.execute("DELETE FROM claims WHERE doc=?", (rowid,))
        self.db.executemany(
            "INSERT INTO claims VALUES(?, ?)", [(rowid, _dumps(c)) for c in claims]
        )

    def claims(self) -> Iterator[tuple[str, dict[str, Any]]]:
        q = "SELECT d.id, c.data FROM claims c JOIN documents d ON d.rowid = c.doc"
        for i, data in self.db.execute(q):
            yield i, _loads(data)


def _anchor_weights(
    dfs: list[int], excluded: bool, max_df: int, n_docs: int
) -> tuple[float, list[tuple[int, float]]]:
    """Weights of a query's anchors from their document frequencies:
    ``(total weight, [(index, weight)])``, the list holding the anchors
    another document can share. ``excluded``: the querying document is in
    the index, so counted in each df."""
    total = 0.0
    useful = []
    for i, d in enumerate(dfs):
        if excluded:
            d -= 1
        d = max(d, 0) + 1
        if d > max_df:
            continue
        w = math.log(n_docs / d) + 1.0
        total += w
        if d >= 2:
            useful.append((i, w))
    return total, useful


def _anchor_partners(
    post: Postings, keys: list[int], exclude: int | None, max_df: int, min_shared: int, n_docs: int
) -> tuple[dict[int, tuple[float, int]], float]:
    """:meth:`Store.anchor_partners` over postings in memory: the same
    weights, summed in the same order (each document's, anchor by anchor in
    key order), so the same floats."""
    q = np.array(keys, dtype=np.int64)
    lo, hi = post.spans(q)
    total, useful = _anchor_weights((hi - lo).tolist(), exclude is not None, max_df, n_docs)
    if not useful:
        return {}, total
    shared = np.array([i for i, _w in useful])
    ulo, uhi = lo[shared], hi[shared]
    docs = post.docs(ulo, uhi)
    weights = np.repeat(np.array([w for _i, w in useful]), uhi - ulo)
    if exclude is not None:
        keep = docs != exclude
        docs, weights = docs[keep], weights[keep]
    # bincount adds each document's weights one by one in array order (key
    # order), as the SQL SUM does: the same floats
    found, slot, count = np.unique(docs, return_inverse=True, return_counts=True)
    acc = np.bincount(slot, weights=weights)
    ok = count >= min_shared
    return dict(zip(found[ok].tolist(), zip(acc[ok].tolist(), count[ok].tolist()))), total


def _anchor_totals(mem: _InMemory, rowids: list[int], max_df: int, base: float) -> dict[int, float]:
    """:meth:`Store.anchor_totals` over postings in memory: the same sums in
    the same order (each document's anchors in key order), so the same
    floats. (A numpy version, a matrix of terms summed along rows by
    ``cumsum``, was no faster for the ten-odd documents of a call.)"""
    out = dict.fromkeys(rowids, 0.0)
    none = np.empty(0, dtype=np.int64)
    own = [mem.doc_anchors.get(r, none) for r in rowids]
    if not own:
        return out
    lo, hi = mem.anchors.spans(np.concatenate(own))
    df = (hi - lo).tolist()
    at = 0
    log = math.log
    for r, keys in zip(rowids, own):
        count, sum_ln = 0, 0.0
        for x in df[at : at + len(keys)]:
            if x <= max_df:
                count += 1
                sum_ln += log(x)
        at += len(keys)
        if count:
            out[r] = count * base - sum_ln
    return out


def _chunks(seq: list[Any], n: int) -> Iterator[list[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]
