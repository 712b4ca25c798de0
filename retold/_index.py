"""``retold.Index``: the one Python API the CLI, web app and cluster jobs use."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from collections import OrderedDict, deque

import numpy as np
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ._candidates import anchor_overlap
from ._clean import LineStats, clean
from ._config import Config
from ._errors import IndexError_, InputError, RetoldError, StrictModeError
from ._fingerprint import LEGACY_SCHEME, SCHEME, anchors_of, band_keys_of, fingerprint, fingerprint_many
from ._load import load, load_text
from ._models import COPY_RELATIONS, Document, Pair, RawDocument, ScanReport, Story
from ._prepare import MIN_POOL_PAIRS, Prepared, PrepareAhead, Workers, workers_for
from ._sentkeys import sentence_keys
from ._similarity import LexicalSimilarity, SentenceSimilarity
from ._stories import build_stories, pair_original
from ._store import Store
from ._verify import at_overlap, content_key, relabel, verify, verify_job

DEFAULT_INDEX = Path(".retold") / "index.sqlite"


# Documents' sentence features are kept in memory (least recently used
# first out) up to about this many bytes: a copy family's members are
# compared with each other again and again, long after they were scanned.
# Lexical features take about 8 kB a document, sentence vectors 2 kB a sentence.
FEATURE_CACHE_BYTES = 192 << 20
# documents kept in memory (least recently used first out): a copy family's
# members are read again for every new member
DOC_CACHE = 8192
# results of checked pairs kept for documents with the same content (see _stage_batch)
CHECKED_CACHE = 20_000


def _exclusive(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a method that writes documents holding the index's scan lock
    (:meth:`Store.writer_lock`); another process scanning into the index
    is an error, not a race."""

    @functools.wraps(method)
    def run(self: Index, *args: Any, **kwargs: Any) -> Any:
        with self.store.writer_lock() as mine:
            if not mine:
                raise IndexError_(f"{self.path}: another scan is writing to this index; run this one when it ends")
            return method(self, *args, **kwargs)

    return run


@dataclass
class _Staged:
    """A batch whose documents are written and whose pairs are being checked."""

    rows: list[tuple[int, Document]]
    todo: list[tuple[Document, Document, float, int, int]]
    keys: list[tuple[tuple[Any, ...], bool]]
    source: dict[int, Any]
    jobs: list[tuple[int, tuple[Any, ...]]]
    results: Any


def _approx_bytes(f: Any) -> int:
    """Memory a document's features take or will take (vectors are added when first needed)."""
    lex = getattr(f, "lex", f)
    arrays = ("rows", "terms", "weights", "inv_norms", "inv_norms_merged", "inv_sizes")
    n = sum(getattr(lex, k).nbytes for k in arrays if hasattr(lex, k)) + 200
    if lex is not f:
        n += len(getattr(f, "sentences", ())) * 2200
    return n


def _one_blas_thread():
    """Limit BLAS to one thread (a no-op context when threadpoolctl is absent)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        from contextlib import nullcontext

        return nullcontext()
    return threadpool_limits(1, user_api="blas")

Progress = Callable[[int, int], None]


def make_similarity(config: Config, store: Store | None = None) -> SentenceSimilarity:
    if config.encoder in (None, "", "none", "lexical"):
        return LexicalSimilarity()
    from ._semantic import SemanticSimilarity

    return SemanticSimilarity(config.encoder, store=store, fallback=config.fallback_encoder)


class Index:
    """A persistent, incremental index of documents and the links between them.

    >>> idx = Index(".retold/index.sqlite")          # doctest: +SKIP
    >>> report = idx.scan(["articles/"])              # doctest: +SKIP
    >>> for story in idx.stories(): ...               # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_INDEX, config: Config | None = None):
        self.path = Path(path)
        self.config = config or Config()
        self.store = Store(path)
        self.similarity = make_similarity(self.config, self.store)
        self._features: OrderedDict[str, Any] = OrderedDict()
        self._features_bytes = 0
        self._docs: OrderedDict[str, Document] = OrderedDict()  # recently used documents, least recent first
        self._row_ids: dict[int, str] = {}  # rowid -> id, for the documents in _docs
        self._id_rows: dict[str, int] = {}
        self._totals: dict[int, float] = {}
        self._n_docs: int | None = None  # the document count while a batch finds its candidates
        self._anchors: dict[str, frozenset[str]] = {}
        self._ckeys: dict[str, tuple[str, str, str]] = {}
        self._vectors_dirty = False
        self._prepared: dict[str, Prepared] = {}
        self._checked: OrderedDict[tuple[Any, ...], tuple[str, str, Pair | None, float]] = OrderedDict()
        self._deleted_rows: set[int] = set()  # rows replaced during a scan (pairs staged with them are void)
        self._drop_unverified()
        self._backfill_sentence_keys()
        self._check_fingerprint_scheme()
        self.vectors = self._load_vectors()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self.store.count()

    # --- reading ------------------------------------------------------------
    def get(self, doc_id: str) -> Document:
        if doc_id in self._docs:
            return self._docs[doc_id]
        return self.store.get(doc_id)

    def documents(self) -> list[Document]:
        return list(self.store.documents())

    def pairs(self) -> list[Pair]:
        return self.store.pairs()

    def pairs_of(self, doc_id: str) -> list[Pair]:
        return self.store.pairs_of(doc_id)

    def stories(self) -> list[Story]:
        docs = {d.id: d for d in self.store.documents()}
        return build_stories(docs, self.store.pairs())

    # --- writing ------------------------------------------------------------
    def line_stats(self) -> LineStats:
        stats = LineStats(min_contexts=self.config.boilerplate_contexts)
        stats.add_pairs(self.store.line_contexts())
        return stats

    def scan(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        strict: bool = False,
        progress: Progress | None = None,
        on_problem: Callable[[InputError], None] | None = None,
    ) -> ScanReport:
        """Read files/folders and index what is new or changed.

        Bad files and records are skipped and listed in the report (and passed
        to ``on_problem``); with ``strict`` any skip raises
        :class:`StrictModeError` before anything is written.
        """
        report = ScanReport()
        raws: list[RawDocument] = []
        known = self.store.hashes()
        for item in load(paths):
            if isinstance(item, InputError):
                report.skipped += 1
                report.problems.append(str(item))
                if on_problem:
                    on_problem(item)
                continue
            if known.get(item.id) == item.content_hash:
                report.unchanged += 1
                continue
            raws.append(item)
        if strict and report.skipped:
            raise StrictModeError(f"{report.skipped} input record(s) skipped; nothing indexed (--strict)")
        self._ingest(raws, report, known, strict=strict, progress=progress, on_problem=on_problem)
        return report

    def add(self, document: Document | RawDocument | str, doc_id: str | None = None, **meta: str | None) -> Pair | list[Pair]:
        """Add one document (text, raw record or cleaned Document); return its links."""
        raw = self._as_raw(document, doc_id, **meta)
        report = ScanReport()
        self._ingest([raw], report, self.store.hashes(), strict=True)
        return self.pairs_of(raw.id if isinstance(raw, RawDocument) else raw.id)

    def _as_raw(self, document: Document | RawDocument | str, doc_id: str | None, **meta: str | None):
        if isinstance(document, str):
            from ._load import content_hash

            rid = doc_id or "doc-" + content_hash(document)[:12]
            return load_text(document, rid, **meta)
        return document

    @_exclusive
    def _ingest(
        self,
        raws: list[RawDocument | Document],
        report: ScanReport,
        known: dict[str, str],
        *,
        strict: bool = False,
        progress: Progress | None = None,
        on_problem: Callable[[InputError], None] | None = None,
    ) -> None:
        stats = self.line_stats()
        new_contexts = []
        for r in raws:
            if isinstance(r, RawDocument):
                new_contexts.extend(stats.add_text(r.text))
        with self.store.keys_in_memory(), Workers(
            {"stats": stats, "features": self.similarity.features, "similarity": self.similarity, "config": self.config},
            self.config.workers,
        ) as pool:
            bs = max(1, self.config.batch_size)
            # Documents are prepared a batch ahead: the workers prepare the
            # next batch while this process inserts the current one and finds
            # its candidates (a verbatim copy of a record prepared before is
            # taken from it: PrepareAhead). With ``strict`` everything is
            # prepared first, so that a bad record stops the scan before
            # anything is written.
            chunks = [raws] if strict else [raws[i : i + bs] for i in range(0, len(raws), bs)]
            pooled = workers_for(len(raws), self.config.workers) > 1
            min_items = 2 if pooled else len(raws) + 1

            submit = PrepareAhead(pool, min_items).submit

            total, done, first, any_docs = len(raws), 0, True, False
            if progress:
                progress(0, total)
            ahead = deque([submit(chunks[0])]) if raws else deque()
            # A batch is staged (its documents written, marked unverified,
            # and its pairs handed to the workers), then finished (its pairs
            # written, the mark cleared) after the next batch is staged: the
            # workers verify one batch while this process writes the next
            # one's documents and finds its candidates. Each step is one
            # transaction; documents left unverified by a killed scan are
            # dropped when the index is opened again, and scanned anew.
            staged: _Staged | None = None
            try:
                for k, chunk in enumerate(chunks):
                    prepared = ahead.popleft()()
                    if k + 1 < len(chunks):
                        ahead.append(submit(chunks[k + 1]))
                    docs: list[Document] = []
                    for p in prepared:
                        if isinstance(p, InputError):
                            if strict:
                                raise p
                            report.skipped += 1
                            report.problems.append(str(p))
                            if on_problem:
                                on_problem(p)
                            continue
                        docs.append(p.doc)
                        self._prepared[p.doc.id] = p
                    any_docs = any_docs or bool(docs)
                    for start in range(0, len(docs), bs):
                        batch = docs[start : start + bs]
                        with self.store.transaction():
                            if first:
                                self.store.add_line_contexts(new_contexts)
                                first = False
                            nxt = self._stage_batch(batch, report, known, pool)
                        self.save_vectors()
                        if staged is not None:
                            self._finish_batch(staged, report)
                        staged = nxt
                        if progress and start + bs < len(docs):
                            progress(done + start, total)
                    done += len(chunk)
                    if progress:
                        progress(done - (len(staged.rows) if staged is not None else 0), total)
                if staged is not None:
                    self._finish_batch(staged, report)
                    staged = None
                    if progress:
                        progress(total, total)
            finally:
                self._deleted_rows.clear()
        if not any_docs and new_contexts:
            with self.store.transaction():
                self.store.add_line_contexts(new_contexts)

    def _stage_batch(self, batch: list[Document], report: ScanReport, known: dict[str, str], pool: Workers) -> _Staged:
        """Insert a batch's documents (marked unverified) and their claims,
        find their candidates and hand the pairs to check to the workers.
        Call inside a transaction."""
        rows: list[tuple[int, Document, Any]] = []
        # band keys batched here (numpy); anchors, per document, came with the prepared documents
        prepared = [self._prepared.get(d.id) for d in batch]
        fps = fingerprint_many(
            [d.text for d in batch], [d.sentences for d in batch],
            [p.anchors if p is not None and p.doc is d else None for p, d in zip(prepared, batch)],
        )
        for d, fp in zip(batch, fps):
            if d.id in known:
                old = self.store.rowid(d.id)
                self.store.delete(d.id)
                self._deleted_rows.add(old)
                self._forget(d.id)
                if self.vectors is not None:
                    self.vectors.remove(old)
                report.replaced += 1
            else:
                report.added += 1
            r = self.store.insert(d, fp.band_keys, fp.anchors)
            self.store.put_sentence_keys(r, self._sentence_keys(d))
            self._after_insert(r, d)
            rows.append((r, d, fp))
            known[d.id] = d.content_hash
            self._remember(d, r)
        self._totals.clear()
        semantic = self._semantic_votes([(r, d) for r, d, _ in rows])
        # 1. candidates of every new document (group by key, in SQL; votes in the ANN)
        todo: list[tuple[Document, Document, float, int, int]] = []
        done: set[tuple[int, int]] = set()
        self.store.mark_unverified([r for r, _d, _fp in rows])
        self._n_docs = self.store.count()
        try:
            for r, d, fp in rows:
                self._anchors[d.id] = fp.anchors
                for other, overlap in self._candidates(r, fp, semantic.get(r, ()), self._sentence_keys(d)):
                    key = (min(r, other), max(r, other))
                    if key in done:
                        continue
                    done.add(key)
                    todo.append((d, self._doc_by_rowid(other), overlap, r, other))
        finally:
            self._n_docs = None
        # 2. verify, in the scan's worker processes when there are enough
        # pairs (one pair in, one Pair or None out; the store is written
        # here, in order). With an encoder, lexical matrices first: pairs the
        # encoder can change get their sentences encoded here, in one batch
        # that has every core (the workers hold no vectors).
        sim = self.similarity
        needs = getattr(sim, "needs_encoder", None)
        jobs: list[tuple[int, tuple[Any, ...]]] = []
        deferred = []
        # A pair whose two texts were checked already (the same clean text,
        # language and date on each side) takes that result with the ids
        # exchanged instead of being checked again: a story reprinted
        # verbatim by k outlets is checked once, not k(k-1)/2 times. Only
        # the anchor overlap can differ (anchor weights follow the corpus):
        # ``at_overlap`` carries the result over, or says it cannot.
        keys: list[tuple[tuple[Any, ...], bool]] = []
        source: dict[int, Any] = {}  # todo index -> a cached entry, or the todo index checked in this batch
        first: dict[tuple[Any, ...], int] = {}
        for i, (d, od, overlap, _r, _o) in enumerate(todo):
            ka, kb = self._content_key(d), self._content_key(od)
            key = (min(ka, kb), max(ka, kb))
            keys.append((key, ka <= kb))
            hit = self._checked.get(key)
            if hit is not None and at_overlap(hit[2], hit[3], overlap, self.config.relate)[0]:
                source[i] = hit
                self._checked.move_to_end(key)
                continue
            j = first.get((key, round(overlap, 3)))
            if j is not None:
                source[i] = j
                continue
            first[(key, round(overlap, 3))] = i
            fa, fb = self.features(d), self.features(od)
            shared = self.anchors_of(d) & self.anchors_of(od)
            if needs is None:
                jobs.append((i, (d, od, overlap, shared, None, fa, fb)))
                continue
            with _one_blas_thread():
                lex = sim.lexical(fa, fb)
            if needs(fa, fb, lex):
                deferred.append((i, lex, shared, fa, fb))
            else:
                jobs.append((i, (d, od, overlap, shared, lex, None, None)))
        if deferred:
            sim.ensure_embeddings(list({id(f): f for *_, fa, fb in deferred for f in (fa, fb)}.values()))
            with _one_blas_thread():
                for i, lex, shared, fa, fb in deferred:
                    d, od, overlap, _r, _o = todo[i]
                    jobs.append((i, (d, od, overlap, shared, sim.combine(lex, fa.emb, fb.emb), None, None)))
        with _one_blas_thread():
            results = pool.submit(verify_job, [job for _, job in jobs], MIN_POOL_PAIRS)
        for _r, d, _fp in rows:  # what preparing gave them is used up; the features are kept
            p = self._prepared.pop(d.id, None)  # for later documents' pairs (else computed again here)
            if p is not None and p.doc is d and p.features is not None and d.id not in self._features:
                self._keep_features(d.id, p.features)
        return _Staged(rows=[(r, d) for r, d, _fp in rows], todo=todo, keys=keys, source=source, jobs=jobs, results=results)

    def _finish_batch(self, staged: _Staged, report: ScanReport) -> None:
        """Wait for a staged batch's checks; write its pairs and clear its
        documents' unverified mark, in one transaction."""
        todo, keys, jobs = staged.todo, staged.keys, staged.jobs
        found: list[Pair | None] = [None] * len(todo)
        checked: dict[int, tuple[str, str, Pair | None, float]] = {}
        with _one_blas_thread():
            done = staged.results.result()
        for (i, _), pair in zip(jobs, done):
            found[i] = pair
            d, od, overlap = todo[i][0], todo[i][1], todo[i][2]
            lo, hi = (d.id, od.id) if keys[i][1] else (od.id, d.id)
            checked[i] = self._checked[keys[i][0]] = (lo, hi, pair, overlap)
            self._checked.move_to_end(keys[i][0])
        for i, src in staged.source.items():
            d, od, overlap = todo[i][0], todo[i][1], todo[i][2]
            lo, hi, pair, was = checked[src] if isinstance(src, int) else src
            pair = at_overlap(pair, was, overlap, self.config.relate)[1]
            if pair is not None:
                new_lo, new_hi = (d, od) if keys[i][1] else (od, d)
                found[i] = relabel(pair, lo, hi, new_lo, new_hi)
        while len(self._checked) > CHECKED_CACHE:
            self._checked.popitem(last=False)
        with self.store.transaction():
            for (d, _od, _ov, r, other), pair in zip(todo, found):
                # a partner replaced since (a changed file of a later batch)
                # meets the new version in that batch instead
                if pair is not None and other not in self._deleted_rows:
                    ra, rb = (r, other) if pair.a == d.id else (other, r)
                    self.store.put_pair(ra, rb, pair)
                    report.pairs += 1
            self.store.mark_verified([r for r, _d in staged.rows])

    # --- semantic candidates ------------------------------------------------
    @property
    def vectors_path(self) -> Path:
        return self.path.with_name(self.path.name + ".vectors")

    def _drop_unverified(self) -> None:
        """Drop documents a killed scan wrote but did not verify (see
        :meth:`_ingest`): the next scan adds them again."""
        if not self.store.unverified_ids():
            return  # the usual case: no lock file touched on opening
        with self.store.writer_lock() as mine:
            if not mine:
                return  # a scan running in another process: they are its work in progress
            with self.store.transaction():
                for doc_id in self.store.unverified_ids():
                    self.store.delete(doc_id)

    def _backfill_sentence_keys(self) -> None:
        """Give documents of an index written before sentence keys existed theirs (once)."""
        if self.store.get_meta("sentence_keys") is not None:
            return
        with self.store.transaction():
            for r in sorted(self.store.rowids()):
                d = self.store.get_by_rowid(r)
                self.store.put_sentence_keys(r, sentence_keys(d.text, d.sentences))
            self.store.set_meta("sentence_keys", "1")

    def _check_fingerprint_scheme(self) -> None:
        """Band keys are stored: an index written under another fingerprint
        scheme (``_fingerprint.SCHEME``) gets its keys recomputed from the
        stored texts, once. An index from before the scheme was recorded used
        ``LEGACY_SCHEME``."""
        stored = self.store.get_meta("fingerprint") or (LEGACY_SCHEME if self.store.count() else SCHEME)
        if stored != SCHEME:
            with self.store.transaction():
                rowids = sorted(self.store.rowids())
                for start in range(0, len(rowids), 500):
                    chunk = rowids[start : start + 500]
                    keys = band_keys_of([self.store.get_by_rowid(r).text for r in chunk])
                    for r, k in zip(chunk, keys):
                        self.store.put_band_keys(r, k)
                self.store.set_meta("fingerprint", SCHEME)
        elif self.store.get_meta("fingerprint") != SCHEME:
            self.store.set_meta("fingerprint", SCHEME)

    def _load_vectors(self):
        """The ANN index of lead-sentence vectors, reconciled with the SQLite index.

        SQLite is the source of truth: the vector file is rewritten after each
        committed batch, and on open any document it lacks (a scan killed
        between the two writes) is re-added from the vector cache, and any it
        has that the index no longer holds is dropped.
        """
        if not hasattr(self.similarity, "lead_vectors"):
            return None
        from ._vectors import VectorFileError, load_vectors, make_vectors

        dim = self.similarity.encoder.dim
        vecs = None
        if self.vectors_path.exists():
            try:
                vecs = load_vectors(self.vectors_path)
                if vecs.meta.get("encoder") != self.similarity.name or vecs.dim != dim:
                    vecs = None
            except (VectorFileError, OSError, ValueError):
                vecs = None
        if vecs is None:
            vecs = make_vectors(dim, meta={"encoder": self.similarity.name})
        have = set(int(k) for k in vecs.doc_keys())
        rows = self.store.rowids()
        for stale in have - rows:
            vecs.remove(stale)
        missing = sorted(rows - have)
        for start in range(0, len(missing), 512):
            chunk = missing[start : start + 512]
            docs = [self.store.get_by_rowid(r) for r in chunk]
            self._add_leads(vecs, list(zip(chunk, docs)))
        return vecs

    def _add_leads(self, vecs, rows: list[tuple[int, Document]]) -> list[np.ndarray]:
        leads = self.similarity.lead_vectors([d for _, d in rows])
        keys = np.concatenate([np.full(len(v), r, dtype=np.int64) for (r, _), v in zip(rows, leads)] or [np.empty(0, np.int64)])
        if len(keys):
            vecs.add(keys, np.concatenate(leads))
        return leads

    def _semantic_votes(self, rows: list[tuple[int, Document]]) -> dict[int, list[int]]:
        """For each new document, documents whose lead sentences match its lead.

        All lead sentences of the batch are looked up in one search (a batched
        search is many times faster than one call per document).
        """
        if self.vectors is None or not rows:
            return {}
        from ._vectors import votes_from_neighbours

        leads = self._add_leads(self.vectors, rows)
        self._vectors_dirty = True
        cfg = self.config
        out: dict[int, list[int]] = {}
        sizes = [len(v) for v in leads]
        if not sum(sizes):
            return out
        sims, keys = self.vectors.search(np.concatenate(leads), cfg.semantic_k)
        pos = 0
        for (r, _d), n in zip(rows, sizes):
            if n == 0:
                continue
            votes = votes_from_neighbours(sims[pos : pos + n], keys[pos : pos + n], self._semantic_min_sim(), exclude=r)
            pos += n
            need = min(cfg.semantic_min_votes, n)
            best = sorted(((v, o) for o, v in votes.items() if v >= need), reverse=True)[: cfg.top_k]
            out[r] = [int(o) for _, o in best]
        return out

    def _semantic_min_sim(self) -> float:
        return float(getattr(self.similarity, "encoder_threshold", 0.7))

    def save_vectors(self) -> None:
        if self.vectors is not None and self._vectors_dirty:
            self.vectors.save(self.vectors_path)
            self._vectors_dirty = False

    def _content_key(self, d: Document) -> tuple[str, str, str]:
        """:func:`content_key`, once per document (it is in many pairs)."""
        k = self._ckeys.get(d.id)
        if k is None:
            k = self._ckeys[d.id] = content_key(d)
            if len(self._ckeys) > 32768:
                self._ckeys.pop(next(iter(self._ckeys)))
        return k

    def anchors_of(self, d: Document) -> frozenset[str]:
        a = self._anchors.get(d.id)
        if a is None:
            a = self._anchors[d.id] = anchors_of(d.text, d.sentences)
            if len(self._anchors) > 32768:
                self._anchors.pop(next(iter(self._anchors)))
        return a

    def _sentence_keys(self, d: Document) -> tuple[int, ...]:
        p = self._prepared.get(d.id)
        return p.sentence_keys if p is not None and p.doc is d else sentence_keys(d.text, d.sentences)

    def _after_insert(self, rowid: int, doc: Document) -> None:
        """Hook for per-document extras (claims for corroboration)."""
        p = self._prepared.get(doc.id)
        if p is not None and p.doc is doc:
            claims = p.claims
        else:
            from ._changes_hook import claims_for_document

            claims = claims_for_document(doc)
        self.store.put_claims(rowid, claims)

    def _doc_by_rowid(self, rowid: int) -> Document:
        doc_id = self._row_ids.get(rowid)
        d = self._docs.get(doc_id) if doc_id is not None else None
        if d is not None:
            self._docs.move_to_end(d.id)
            return d
        d = self.store.get_by_rowid(rowid)
        self._remember(d, rowid)
        return d

    def _remember(self, d: Document, rowid: int) -> None:
        self._docs[d.id] = d
        self._docs.move_to_end(d.id)
        self._row_ids[rowid] = d.id
        self._id_rows[d.id] = rowid
        while len(self._docs) > DOC_CACHE:
            old, _ = self._docs.popitem(last=False)
            self._row_ids.pop(self._id_rows.pop(old, -1), None)

    def _forget(self, doc_id: str) -> None:
        self._docs.pop(doc_id, None)
        self._row_ids.pop(self._id_rows.pop(doc_id, -1), None)
        f = self._features.pop(doc_id, None)
        if f is not None:
            self._features_bytes -= _approx_bytes(f)
        self._anchors.pop(doc_id, None)
        self._ckeys.pop(doc_id, None)

    def features(self, d: Document) -> Any:
        f = self._features.get(d.id)
        if f is not None:
            self._features.move_to_end(d.id)
            return f
        p = self._prepared.get(d.id)
        f = p.features if p is not None and p.doc is d else None
        if f is None:
            f = self.similarity.features(d)
        self._keep_features(d.id, f)
        return f

    def _keep_features(self, doc_id: str, f: Any) -> None:
        self._features[doc_id] = f
        self._features_bytes += _approx_bytes(f)
        while self._features_bytes > FEATURE_CACHE_BYTES and len(self._features) > 1:
            _, old = self._features.popitem(last=False)
            self._features_bytes -= _approx_bytes(old)

    def _candidates(
        self, rowid: int | None, fp, semantic: Iterable[int] = (), skeys: Iterable[int] = ()
    ) -> list[tuple[int, float]]:
        """Partners of a document: LSH and sentence-key partners, top anchor partners, semantic votes."""
        cfg = self.config
        lsh = self.store.lsh_partners(fp.band_keys, exclude=rowid)
        lsh |= self.store.sentence_partners(skeys, exclude=rowid, max_df=cfg.max_anchor_df)
        # documents sharing fewer anchors than a candidate needs are not
        # returned; an LSH or semantic partner among them gets overlap 0 (it
        # cannot be a "related" report, which needs more shared anchors)
        n_docs = self._n_docs if self._n_docs is not None else self.store.count()
        partners, own_total = self.store.anchor_partners(
            fp.anchors, rowid, cfg.max_anchor_df, min_shared=min(cfg.anchor_min_shared, cfg.relate.related_min_shared),
            n_docs=n_docs,
        )
        # the total anchor weight of every partner this may need, in one query
        need = [o for o in (*partners, *lsh, *semantic) if o not in self._totals and partners.get(o, (0.0,))[0]]
        if need:
            self._totals.update(self.store.anchor_totals(need, cfg.max_anchor_df, n_docs))

        def overlap_with(other: int) -> float:
            w, _n = partners.get(other, (0.0, 0))
            if not w:
                return 0.0
            return anchor_overlap(w, own_total, self._totals[other])

        scored = []
        for other, (_w, n) in partners.items():
            if n < cfg.anchor_min_shared:
                continue
            ov = overlap_with(other)
            if ov >= cfg.anchor_min_overlap:
                scored.append((ov, other))
        scored.sort(reverse=True)
        out: dict[int, float] = {o: ov for ov, o in scored[: cfg.top_k]}
        for o in list(lsh) + list(semantic):
            if o not in out and o != rowid:
                out[o] = overlap_with(o)
        return list(out.items())

    # --- querying -----------------------------------------------------------
    def copies_of(self, text_or_document: str | Document | RawDocument, *, include_related: bool = True) -> list[Pair]:
        """Documents in the index that the given text retells or is retold by.

        The query is not added to the index. In each returned pair, ``a`` is
        the query (id ``"query"`` for plain text) and ``b`` the indexed document.
        """
        raw = self._as_raw(text_or_document, "query")
        doc = raw if isinstance(raw, Document) else clean(raw, self.line_stats())
        fp = fingerprint(doc.text, doc.sentences)
        out = []
        self._totals.clear()
        qf = self.similarity.features(doc)
        semantic: list[int] = []
        if self.vectors is not None and doc.sentences:
            from ._vectors import document_votes

            lead = self.similarity.lead_vectors([doc])[0]
            votes = document_votes(lead, self.vectors, k=self.config.semantic_k, min_sim=self._semantic_min_sim())
            need = min(self.config.semantic_min_votes, len(lead))
            semantic = [int(o) for o, v in votes.items() if v >= need]
        for other, overlap in self._candidates(None, fp, semantic, sentence_keys(doc.text, doc.sentences)):
            od = self.store.get_by_rowid(other)
            if od.id == doc.id:
                continue
            pair = verify(
                doc, od, qf, self.features(od), self.similarity, self.config, overlap,
                shared_anchors=fp.anchors & self.anchors_of(od),
            )
            if pair is None or (pair.relation == "related" and not include_related):
                continue
            from ._changes_hook import annotate_pair

            annotate_pair(pair, doc, od)
            out.append(pair)
        out.sort(key=lambda p: (p.relation not in COPY_RELATIONS, -p.score))
        return out

    def report(self) -> dict[str, Any]:
        """The JSON contract (version 1) for everything in the index."""
        docs = {d.id: d for d in self.store.documents()}
        pairs = self.store.pairs()
        stories = build_stories(docs, pairs)
        self.finish(pairs, stories, docs)
        return {
            "retold": 1,
            "documents": [d.to_dict() for d in docs.values()],
            "pairs": [p.to_dict() for p in sorted(pairs, key=lambda p: (p.a, p.b))],
            "stories": [s.to_dict() for s in stories],
        }

    def finish(self, pairs: list[Pair], stories: list[Story] | None = None, docs: dict[str, Document] | None = None) -> None:
        """Fill what depends on the whole corpus: each pair's original, each change's support."""
        from ._changes_hook import add_support, claim_index

        if docs is None:
            docs = {d.id: d for d in self.store.documents()}
        if stories is None:
            stories = build_stories(docs, self.store.pairs())
        original_of: dict[str, str | None] = {}
        members_of: dict[str, set[str]] = {}
        for s in stories:
            for m in s.documents:
                original_of[m] = s.original
                members_of[m] = set(s.documents)
        for p in pairs:
            p.original = pair_original(p, original_of.get(p.a), docs) if p.relation in COPY_RELATIONS else None
        if any(p.changes for p in pairs):
            add_support(pairs, claim_index(self.store.claims()), members_of)

def compare(
    a: str | Document | RawDocument,
    b: str | Document | RawDocument,
    *,
    config: Config | None = None,
    similarity: SentenceSimilarity | None = None,
) -> Pair:
    """Align two texts or documents; the result always comes back (relation may be None)."""
    config = config or Config()
    sim = similarity or make_similarity(config)
    da = _as_document(a, "a")
    db = _as_document(b, "b")
    aa, ab = anchors_of(da.text, da.sentences), anchors_of(db.text, db.sentences)
    shared = aa & ab
    denom = min(len(aa), len(ab)) or 1
    pair = verify(
        da, db, sim.features(da), sim.features(db), sim, config, len(shared) / denom,
        shared_anchors=shared, keep_unrelated=True,
    )
    assert pair is not None
    from ._changes_hook import annotate_pair

    annotate_pair(pair, da, db)
    return pair


def _as_document(x: str | Document | RawDocument, default_id: str) -> Document:
    if isinstance(x, Document):
        return x
    if isinstance(x, RawDocument):
        return clean(x)
    if not isinstance(x, str):
        raise RetoldError(f"cannot compare a {type(x).__name__}; give text or a Document")
    return clean(load_text(x, default_id))
