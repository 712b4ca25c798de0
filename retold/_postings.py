"""Posting lists held in memory while a scan asks for candidates.

A scan asks the index, for every new document, which documents share its
MinHash band keys, its long-sentence keys and its anchors
(:meth:`retold._store.Store.lsh_partners` and its siblings). In SQL each of
those questions is a few statements with an ``IN (...)`` list, a temporary
table and a grouped join. The rows they read are few (a document's anchors
reach about 120 postings on average at 10,000 documents), so the time goes
to preparing and stepping statements: 8.2 of the 22.5 CPU-seconds of a
10,000-document scan's main thread went to these queries; from memory they
take 4.1.

:class:`Postings` holds one ``(key, doc)`` table as two numpy arrays sorted
by key, so a query is a ``searchsorted`` and a few slices. Trade-offs:

* Memory: 16 bytes a posting (an int64 key, an int64 row id) plus the
  sorting work of a merge; at 10,000 documents the three tables hold
  790,000 postings, 12.6 MB. Python dictionaries of the same postings took
  65 MB, too much beside a scan's 1 GB budget. The store loads the tables
  only for a scan, and only while they are smaller than
  :data:`retold._store.MEMORY_POSTINGS`; a larger index is asked in SQL.
* Writes: added postings wait in a buffer and are merged in one pass
  before the next query (a scan writes a batch, then asks for its
  candidates); a removal is applied at once (they are rare: a changed file).
* The SQL queries stay the reference: the store's property tests check
  that both give the same answers after any sequence of writes.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

_KEY = np.int64
_DOC = np.int64


class Postings:
    """``(key, doc)`` pairs, sorted by key: which documents hold a key."""

    __slots__ = ("_keys", "_docs", "_new_keys", "_new_docs", "_held")

    def __init__(self, keys: np.ndarray | None = None, docs: np.ndarray | None = None):
        """``keys`` and ``docs``: the pairs in any order (each pair once)."""
        k = np.asarray(keys if keys is not None else (), dtype=_KEY)
        d = np.asarray(docs if docs is not None else (), dtype=_DOC)
        order = np.argsort(k, kind="stable")
        self._keys, self._docs = k[order], d[order]
        self._new_keys: list[np.ndarray] = []
        self._new_docs: list[np.ndarray] = []
        self._held: set[int] = set(np.unique(d).tolist())  # documents with any posting

    def __len__(self) -> int:
        return len(self._keys) + sum(len(x) for x in self._new_keys)

    def add(self, doc: int, keys: Iterable[int]) -> None:
        """Postings of one document (its keys, each once)."""
        k = np.fromiter(keys, dtype=_KEY)
        if len(k):
            self._new_keys.append(k)
            self._new_docs.append(np.full(len(k), doc, dtype=_DOC))
            self._held.add(doc)

    def remove(self, doc: int) -> None:
        """Every posting of ``doc``."""
        if doc not in self._held:
            return
        self._held.discard(doc)
        self._merge()
        keep = self._docs != doc
        if not keep.all():
            self._keys, self._docs = self._keys[keep], self._docs[keep]

    def _merge(self) -> None:
        if not self._new_keys:
            return
        k = np.concatenate(self._new_keys)
        d = np.concatenate(self._new_docs)
        self._new_keys, self._new_docs = [], []
        order = np.argsort(k, kind="stable")
        k, d = k[order], d[order]
        at = np.searchsorted(self._keys, k, side="right")
        self._keys = np.insert(self._keys, at, k)
        self._docs = np.insert(self._docs, at, d)

    def spans(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(lo, hi)``: the postings of ``keys[i]`` are ``docs[lo[i]:hi[i]]``
        (``hi - lo`` is how many documents hold it)."""
        self._merge()
        return np.searchsorted(self._keys, keys, side="left"), np.searchsorted(self._keys, keys, side="right")

    def docs(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """The documents of the spans ``lo[i]:hi[i]``, span after span."""
        n = hi - lo
        total = int(n.sum())
        if not total:
            return np.empty(0, dtype=_DOC)
        # index of each posting: its span's start plus its place in the span
        starts = np.repeat(lo - np.cumsum(n) + n, n)
        return self._docs[starts + np.arange(total)]

    def holders(self, keys: Iterable[int], max_df: int | None = None) -> set[int]:
        """Documents holding any of ``keys`` (keys held by more than
        ``max_df`` documents are skipped)."""
        q = np.unique(np.fromiter(keys, dtype=_KEY))
        if not len(q):
            return set()
        lo, hi = self.spans(q)
        if max_df is not None:
            ok = hi - lo <= max_df
            lo, hi = lo[ok], hi[ok]
        return set(self.docs(lo, hi).tolist())
