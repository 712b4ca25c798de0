"""The work of a scan that runs side by side on the machine's cores.

Everything a new document needs before it meets the index is a pure
function of the document (and of the corpus line statistics cleaning reads):
cleaning, the sentence keys, the quantitative claims kept for corroboration,
and the sentence features the similarity compares (:func:`prepare`).
Verifying a candidate pair is a pure function of the pair
(:func:`retold._verify.verify_job`). A scan runs both in one
:class:`Workers` pool, forked once, when there are enough documents or
pairs to pay for it, else in this process; the index does what needs the
store (candidates, writes). Documents are prepared a batch ahead, so the
workers prepare the next batch while the index inserts the current one and
finds its candidates.

Why processes and not threads: the stages are pure-Python (regular
expressions, dictionaries), so threads would hold the GIL in turn. Workers
are forked after the line statistics are built, so they inherit them (and
the similarity) without pickling; documents, features and pairs go out and
come back pickled (kilobytes against milliseconds of work). Forking also
keeps Python's string-hash seed, which the in-memory lexical features rely
on (their term hashes are only ever compared within one process tree).
Unlike BLAS threads (which spin while they wait, and slow down several-fold
when cores are oversubscribed, see :mod:`retold._encoder`), worker
processes only queue for a core: on a busy machine the pool gains less but
costs little, so by default there is one worker per core (at most 8) for
scans of :data:`MIN_POOL_DOCS` or more documents and batches of
:data:`MIN_POOL_PAIRS` or more pairs.

Verification overlaps the next batch: the index writes a batch's
documents, hands its pairs to the workers and goes on to the next batch's
documents and candidates; the pairs are written after (see
``Index._ingest``). This was first tried when the candidate search was
slower, and it gained nothing on 2 cores (5,000 documents: 39.5 s against
38.0 s). With the cheaper candidate queries, measured at 10,000 documents
the workers sat idle 19% of the time while this process worked alone, and
overlapping gained 1.07x in wall time (56.4 s against 60.1 s, medians of 3),
though it costs about 4 CPU-seconds more: three processes share the two cores.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from ._clean import LineStats, clean
from ._errors import InputError
from ._load import content_hash
from ._models import Document, RawDocument
from ._sentkeys import sentence_keys

# below this many documents a pool costs more than it saves
MIN_POOL_DOCS = 200


@dataclass(slots=True)
class Prepared:
    """A cleaned document with what it is indexed by besides its band keys
    (which are computed a batch at a time: numpy is faster on many texts)."""

    doc: Document
    sentence_keys: tuple[int, ...]
    claims: list[dict[str, Any]]
    features: Any = None
    anchors: frozenset[str] | None = None


FeatureFn = Callable[[Document], Any]


def prepare(raw: RawDocument | Document, stats: LineStats, features: FeatureFn | None = None) -> Prepared | InputError:
    """Clean one document; compute its sentence keys, anchors, claims and (with ``features``) its features. Pure."""
    from ._changes_hook import claims_for_document
    from ._fingerprint import anchors_of

    try:
        doc = raw if isinstance(raw, Document) else clean(raw, stats)
    except InputError as e:
        return e
    return Prepared(
        doc, sentence_keys(doc.text, doc.sentences), claims_for_document(doc), features(doc) if features else None,
        anchors_of(doc.text, doc.sentences),
    )


def workers_for(n_items: int, workers: int | None, min_items: int = MIN_POOL_DOCS) -> int:
    """How many worker processes to use for ``n_items`` items (0: this process)."""
    if n_items < 2 or "fork" not in mp.get_all_start_methods():
        return 0
    if workers is not None:
        return max(0, workers)
    if n_items < min_items:
        return 0
    k = min(8, os.cpu_count() or 1)
    return k if k >= 2 else 0


# below this many candidate pairs a batch is verified in this process
MIN_POOL_PAIRS = 32

Task = Callable[..., Any]
_STATE: dict[str, Any] = {}


def _init_worker(state: dict[str, Any]) -> None:
    global _STATE
    _STATE = dict(state, in_worker=True)
    # Ctrl-C is the scan's to handle: it rolls back the batch in hand and
    # stops the pool; a worker interrupted mid-job would only print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:  # one BLAS thread per worker: the workers already fill the cores
        from threadpoolctl import threadpool_limits

        threadpool_limits(1, user_api="blas")
    except ImportError:  # pragma: no cover
        pass


def _call(job: tuple[Task, tuple[Any, ...]]) -> Any:
    fn, args = job
    return fn(_STATE, *args)


class Results:
    """What :meth:`Workers.submit` returns: ``.result()`` is the list, in the order of the jobs."""

    def __init__(self, source: Any):
        self._source = source
        self._list: list[Any] | None = source if isinstance(source, list) else None

    def result(self) -> list[Any]:
        if self._list is None:
            self._list = list(self._source)
        return self._list


class Workers:
    """The worker processes of one scan, forked when first needed.

    ``state`` (the line statistics, the similarity, the config) is handed
    to the workers by the fork itself, never pickled, so it may hold what
    does not pickle (an encoder's model). Each job is a module-level
    function ``fn(state, *args)``; its arguments and result are pickled (a
    document or a pair: kilobytes, against milliseconds of work). The pool
    lives as long as the scan, so its cost is paid once, not per batch (a
    fork of a large index process takes tens of milliseconds).
    Use as a context manager; without enough items or cores, jobs run here.
    """

    def __init__(self, state: dict[str, Any], workers: int | None = None):
        self.state = state
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._k = 0

    def map(self, fn: Task, jobs: Sequence[tuple[Any, ...]], min_items: int = MIN_POOL_DOCS) -> list[Any]:
        """``[fn(state, *args) for args in jobs]``, in order."""
        return self.submit(fn, jobs, min_items).result()

    def submit(self, fn: Task, jobs: Sequence[tuple[Any, ...]], min_items: int = MIN_POOL_DOCS) -> Results:
        """Like :meth:`map`, without waiting: in the pool the jobs run while
        the caller goes on, and ``.result()`` waits for the list (run here,
        without a pool, they are done before this returns)."""
        n = len(jobs)
        k = workers_for(n, self.workers, min_items)
        if k <= 1:
            return Results([fn(self.state, *args) for args in jobs])
        if self._pool is None:
            self._k = k
            self._pool = ProcessPoolExecutor(
                max_workers=k, mp_context=mp.get_context("fork"), initializer=_init_worker, initargs=(self.state,)
            )
        chunk = max(1, min(64, n // (self._k * 6)))
        return Results(self._pool.map(_call, [(fn, a) for a in jobs], chunksize=chunk))

    def close(self, cancel: bool = False) -> None:
        """Stop the workers (``cancel``: drop the jobs not started yet)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(cancel=exc_type is not None)


def prepare_job(state: dict[str, Any], raw: RawDocument | Document) -> Prepared | InputError:
    """:func:`prepare` as a :class:`Workers` job (features computed in workers only)."""
    return prepare(raw, state["stats"], state.get("features") if state.get("in_worker") else None)


# --- verbatim copies are prepared once ---------------------------------------


def raw_key(raw: RawDocument | Document) -> str | None:
    """What :func:`prepare` reads of a record besides its id and origin
    (hashed; a missing field reads as empty, as cleaning reads it), or None
    for a document that is already clean."""
    if not isinstance(raw, RawDocument):
        return None
    return content_hash(raw.text, raw.title, raw.url, raw.published, raw.language, raw.source,
                        "html" if raw.html else "text")


def as_twin(p: Prepared, raw: RawDocument) -> Prepared:
    """``p``, prepared from a record with the same :func:`raw_key`, as
    ``raw``'s (its id, origin and content hash)."""
    doc = replace(p.doc, id=raw.id, origin=raw.origin, content_hash=raw.content_hash)
    return replace(p, doc=doc)


class PrepareAhead:
    """Prepare a scan's records a chunk at a time in the workers, a record
    whose :func:`raw_key` was prepared before (a verbatim copy: the same
    story from the same feed under another name) taken from that one
    instead of cleaned again. Results are those of :func:`prepare_job` on
    every record; a copy of a record that failed is prepared itself, so
    that its error names its own file.

    Keeps the last ``keep`` prepared records (they hold features: about
    12 kB each).
    """

    def __init__(self, pool: Workers, min_items: int, keep: int = 512):
        self.pool, self.min_items, self.keep = pool, min_items, keep
        self._seen: OrderedDict[str, Prepared] = OrderedDict()

    def submit(self, chunk: Sequence[RawDocument | Document]) -> Callable[[], list[Prepared | InputError]]:
        """Start preparing ``chunk``; the returned function waits for the results, in order."""
        plan: list[tuple[int, Any]] = []  # (0, job index) | (1, key seen before) | (2, job index of an earlier twin)
        jobs: list[tuple[Any, ...]] = []
        first: dict[str, int] = {}
        for r in chunk:
            k = raw_key(r)
            if k is not None and k in self._seen:
                plan.append((1, k))
            elif k is not None and k in first:
                plan.append((2, first[k]))
            else:
                if k is not None:
                    first[k] = len(jobs)
                plan.append((0, len(jobs)))
                jobs.append((r,))
        pending = self.pool.submit(prepare_job, jobs, self.min_items)

        def result() -> list[Prepared | InputError]:
            done = pending.result()
            for k, j in first.items():
                if isinstance(done[j], Prepared):
                    self._seen[k] = done[j]
                    self._seen.move_to_end(k)
            while len(self._seen) > self.keep:
                self._seen.popitem(last=False)
            out: list[Prepared | InputError] = []
            for r, (how, x) in zip(chunk, plan):
                src = done[x] if how != 1 else self._seen.get(x)
                if how == 0:
                    out.append(src)
                elif isinstance(src, Prepared) and isinstance(r, RawDocument):
                    out.append(as_twin(src, r))
                else:
                    out.append(prepare_job(self.pool.state, r))
            return out

        return result
