"""Per-document work of a scan, run side by side on the machine's cores.

Everything a new document needs before it meets the index is a pure
function of the document (and of the corpus line statistics cleaning reads):
cleaning, the sentence keys, the quantitative claims kept for corroboration,
and the sentence features the similarity compares. :func:`prepare_all` runs :func:`prepare` over a list of raw
documents, in a pool of worker processes when there are enough of them to
pay for the pool, else in this process. The index then does what needs the
store: candidates, verification, writes.

Why processes and not threads: the stages are pure-Python (regular
expressions, dictionaries), so threads would hold the GIL in turn. Workers
are forked after the line statistics are built, so they inherit them (and
the similarity whose ``features`` they compute) without pickling; only raw
documents go out and prepared ones come back. Forking also keeps Python's
string-hash seed, which the in-memory lexical features rely on (their term
hashes are only ever compared within one process tree).
Unlike BLAS threads (which spin while they wait, and slow down several-fold
when cores are oversubscribed, see :mod:`retold._encoder`), worker
processes only queue for a core: on a busy machine the pool gains less but
costs little (pickling documents there and back), so by default there is
one worker per core (at most 8) for scans of :data:`MIN_POOL_DOCS` or more.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from ._clean import LineStats, clean
from ._errors import InputError
from ._models import Document, RawDocument
from ._sentkeys import sentence_keys

# below this many documents a pool costs more than it saves
MIN_POOL_DOCS = 200


@dataclass(slots=True)
class Prepared:
    """A cleaned document with what it is indexed by besides its fingerprint."""

    doc: Document
    sentence_keys: tuple[int, ...]
    claims: list[dict[str, Any]]
    features: Any = None


FeatureFn = Callable[[Document], Any]


def prepare(raw: RawDocument | Document, stats: LineStats, features: FeatureFn | None = None) -> Prepared | InputError:
    """Clean one document; compute its sentence keys, claims and (with ``features``) its features. Pure."""
    from ._changes_hook import claims_for_document

    try:
        doc = raw if isinstance(raw, Document) else clean(raw, stats)
    except InputError as e:
        return e
    return Prepared(
        doc, sentence_keys(doc.text, doc.sentences), claims_for_document(doc), features(doc) if features else None
    )


_STATS: LineStats | None = None
_FEATURES: FeatureFn | None = None


def _prepare_in_worker(raw: RawDocument | Document) -> Prepared | InputError:
    assert _STATS is not None
    return prepare(raw, _STATS, _FEATURES)


def workers_for(n_docs: int, workers: int | None) -> int:
    """How many worker processes to use for ``n_docs`` documents (0: this process)."""
    if workers is not None:
        return max(0, workers) if n_docs >= 2 else 0
    if n_docs < MIN_POOL_DOCS or "fork" not in mp.get_all_start_methods():
        return 0
    k = min(8, os.cpu_count() or 1)
    return k if k >= 2 else 0


def prepare_all(
    raws: Sequence[RawDocument | Document],
    stats: LineStats,
    workers: int | None = None,
    features: FeatureFn | None = None,
) -> list[Prepared | InputError]:
    """:func:`prepare` over ``raws``, in order; in ``workers`` processes (None: decide).

    Features are computed in the workers only (in this process they are
    computed when first needed, and cached by the index).
    """
    k = workers_for(len(raws), workers)
    if k <= 1:
        return [prepare(r, stats) for r in raws]
    global _STATS, _FEATURES
    _STATS, _FEATURES = stats, features
    try:
        with ProcessPoolExecutor(max_workers=k, mp_context=mp.get_context("fork")) as pool:
            chunk = max(8, min(64, len(raws) // (k * 8) or 1))
            return list(pool.map(_prepare_in_worker, raws, chunksize=chunk))
    finally:
        _STATS = _FEATURES = None
