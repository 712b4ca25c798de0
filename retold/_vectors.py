"""Nearest-neighbour index of sentence vectors, saved beside the SQLite index.

Each stored row is one sentence vector, tagged with the integer key of the
document it came from (many rows share a key). A search returns, for each
query sentence, the ``k`` most similar stored sentences as (cosine, doc key)
pairs; :func:`document_votes` turns that into candidate documents.

Two implementations with one interface:

:class:`SentenceVectors` (faiss)
    Exact ``IndexFlatIP`` while the index is small, switched once to an
    approximate ``IndexHNSWFlat`` (inner product) when it grows past
    ``hnsw_threshold`` rows (default 50,000).

    Trade-off. Flat is exact and builds for free, but every query scans all
    rows: about ``n * dim`` multiply-adds, i.e. ~2e7 at 40k 512-d rows,
    about 1 ms per query in a batch (measured on 2 shared cores), growing
    linearly with the rows.
    HNSW (Malkov & Yashunin, "Efficient and robust approximate nearest
    neighbor search using Hierarchical Navigable Small World graphs", 2016)
    answers in roughly logarithmic time with high recall at ``efSearch`` of
    64-128 (0.986 recall@10 at 40k rows, 0.56 ms a query), but costs build
    time (~5 s per 10k rows on 2 cores: 21 s for 40k),
    ~``2*M*4`` extra bytes a row, and cannot delete rows. Hence:

    * faiss ids are row numbers, and a parallel ``int64`` array maps a row
      to its document key. ``IndexIDMap2`` would store the same mapping, but
      it cannot give several rows one key usefully and its ``remove_ids`` does
      not work under HNSW anyway.
    * :meth:`remove` marks rows dead (a tombstone mask); searches skip dead
      rows through a faiss ``IDSelectorBitmap``, so results stay exact-k.
      Dead rows are dropped for good by :meth:`compact`, which :meth:`save`
      runs when the index is flat (cheap) or a quarter of the rows are dead.

:class:`NumpySentenceVectors`
    Exact brute force in numpy, for machines without faiss, and the reference
    the tests compare faiss against.

Vectors are expected L2-normalised (inner product = cosine); ``add`` and
``search`` normalise defensively. Files are written atomically (temporary
file in the same folder, fsync, ``os.replace``), so a crash leaves either the
old or the new file, never a torn one. A flat index saved by either class
loads in either class (:func:`load_vectors` picks faiss when it is there);
an HNSW file needs faiss. ``meta`` is a free ``dict`` of JSON values saved
with the file, e.g. the encoder name and the SQLite generation the vectors
belong to, so the caller can detect a stale file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

try:
    import faiss  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - exercised only where faiss is absent
    faiss = None

__all__ = [
    "SentenceVectors",
    "NumpySentenceVectors",
    "VectorFileError",
    "make_vectors",
    "load_vectors",
    "document_votes",
    "votes_from_neighbours",
    "HAVE_FAISS",
]

HAVE_FAISS = faiss is not None
_FORMAT = "retold-sentence-vectors/1"
_MISSING_SIM = np.float32(-np.inf)


class VectorFileError(ValueError):
    """A vectors file is missing, corrupt, or of an unknown format."""


# ---------------------------------------------------------------------------
# shared helpers


def _as_matrix(vectors: np.ndarray, dim: int) -> np.ndarray:
    x = np.asarray(vectors, dtype=np.float32)
    if x.ndim == 1:
        x = x.reshape(1, -1)
    if x.ndim != 2 or x.shape[1] != dim:
        raise ValueError(f"expected vectors of shape (n, {dim}), got {np.shape(vectors)}")
    x = np.array(x, dtype=np.float32, order="C", copy=True)
    if not np.isfinite(x).all():
        raise ValueError("vectors contain NaN or infinity")
    norms = np.linalg.norm(x, axis=1)
    nz = norms > 0
    x[nz] /= norms[nz, None]
    return x


def _as_keys(doc_keys, n: int) -> np.ndarray:
    keys = np.asarray(doc_keys)
    if keys.ndim == 0:
        keys = np.full(n, int(keys), dtype=np.int64)
    if keys.shape != (n,):
        raise ValueError(f"need one doc key per vector: {keys.shape} keys for {n} vectors")
    if keys.size and not np.issubdtype(keys.dtype, np.integer):
        raise ValueError("doc keys must be integers")
    keys = keys.astype(np.int64, copy=False)
    if (keys == -1).any():
        raise ValueError("doc key -1 is reserved for 'no result'")
    return keys


def _atomic_savez(path: str | os.PathLike, arrays: dict[str, np.ndarray]) -> None:
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:  # pragma: no cover - e.g. platforms without dir fsync
        pass


def _read_file(path: str | os.PathLike) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except FileNotFoundError:
        raise
    except Exception as exc:
        raise VectorFileError(f"{path}: not a readable vectors file ({exc})") from exc
    try:
        if str(arrays["format"]) != _FORMAT:
            raise VectorFileError(f"{path}: unknown vectors format {str(arrays['format'])!r}")
        header = json.loads(str(arrays["header"]))
    except KeyError as exc:
        raise VectorFileError(f"{path}: not a retold vectors file (no {exc})") from exc
    except json.JSONDecodeError as exc:
        raise VectorFileError(f"{path}: corrupt header ({exc})") from exc
    return header, arrays


def _topk_rows(sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Row-wise top-k (descending) of a (q, n) matrix; pads with -inf / -1."""
    q, n = sims.shape
    out_s = np.full((q, k), _MISSING_SIM, dtype=np.float32)
    out_i = np.full((q, k), -1, dtype=np.int64)
    kk = min(k, n)
    if kk == 0:
        return out_s, out_i
    if kk < n:
        part = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
    else:
        part = np.broadcast_to(np.arange(n), (q, n))
    part_s = np.take_along_axis(sims, part, axis=1)
    order = np.argsort(-part_s, axis=1, kind="stable")
    out_i[:, :kk] = np.take_along_axis(part, order, axis=1)
    out_s[:, :kk] = np.take_along_axis(part_s, order, axis=1)
    return out_s, out_i


# ---------------------------------------------------------------------------
# exact numpy implementation


class NumpySentenceVectors:
    """Exact brute-force sentence index in numpy; same interface as faiss's.

    Rows are deleted for real on :meth:`remove`. Memory: ``4 * dim + 8``
    bytes a row; a search costs ``rows * dim`` multiply-adds per query.
    """

    kind = "numpy"

    def __init__(self, dim: int, *, meta: dict | None = None, **_ignored: Any):
        if int(dim) <= 0:
            raise ValueError("dim must be positive")
        self.dim = int(dim)
        self.meta: dict = dict(meta or {})
        self._vecs = np.zeros((0, self.dim), dtype=np.float32)
        self._keys = np.zeros(0, dtype=np.int64)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def __contains__(self, doc_key: int) -> bool:
        return bool((self._keys[: self._n] == int(doc_key)).any())

    def doc_keys(self) -> np.ndarray:
        """The distinct document keys that have at least one live row."""
        return np.unique(self._keys[: self._n])

    def add(self, doc_keys: np.ndarray, vectors: np.ndarray) -> None:
        x = _as_matrix(vectors, self.dim)
        keys = _as_keys(doc_keys, x.shape[0])
        need = self._n + x.shape[0]
        if need > self._vecs.shape[0]:
            cap = max(need, 2 * self._vecs.shape[0], 1024)
            vecs = np.zeros((cap, self.dim), dtype=np.float32)
            vecs[: self._n] = self._vecs[: self._n]
            ks = np.zeros(cap, dtype=np.int64)
            ks[: self._n] = self._keys[: self._n]
            self._vecs, self._keys = vecs, ks
        self._vecs[self._n:need] = x
        self._keys[self._n:need] = keys
        self._n = need

    def remove(self, doc_key: int) -> int:
        """Delete every row of ``doc_key``; returns how many were removed."""
        live = self._keys[: self._n] != int(doc_key)
        removed = self._n - int(live.sum())
        if removed:
            keep = np.flatnonzero(live)
            self._vecs[: keep.size] = self._vecs[keep]
            self._keys[: keep.size] = self._keys[keep]
            self._n = keep.size
        return removed

    def compact(self) -> None:
        """Nothing to do: removal is immediate here."""

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` cosine neighbours of each query: ``(sims, doc_keys)``.

        Both ``(n_queries, k)``; missing slots (fewer than ``k`` rows) have
        similarity ``-inf`` and key ``-1``. Sorted by similarity, descending.
        """
        q = _as_matrix(vectors, self.dim)
        k = int(k)
        if k <= 0:
            raise ValueError("k must be positive")
        out_s = np.full((q.shape[0], k), _MISSING_SIM, dtype=np.float32)
        out_k = np.full((q.shape[0], k), -1, dtype=np.int64)
        if self._n == 0 or q.shape[0] == 0:
            return out_s, out_k
        base = self._vecs[: self._n]
        # bound the (block, n) similarity matrix to ~64M floats
        block = max(1, (1 << 26) // self._n)
        for start in range(0, q.shape[0], block):
            sims = q[start:start + block] @ base.T
            s, i = _topk_rows(sims, k)
            out_s[start:start + block] = s
            valid = i >= 0
            out_k[start:start + block][valid] = self._keys[i[valid]]
        return out_s, out_k

    # -- persistence ---------------------------------------------------------

    def _header(self) -> dict:
        return {"dim": self.dim, "index": "flat", "rows": self._n, "meta": self.meta}

    def save(self, path: str | os.PathLike) -> None:
        """Write atomically to ``path`` (a flat-format file)."""
        _atomic_savez(
            path,
            {
                "format": np.array(_FORMAT),
                "header": np.array(json.dumps(self._header())),
                "doc_keys": self._keys[: self._n],
                "vectors": self._vecs[: self._n],
            },
        )

    @classmethod
    def load(cls, path: str | os.PathLike) -> "NumpySentenceVectors":
        header, arrays = _read_file(path)
        if header.get("index") != "flat" or "vectors" not in arrays:
            raise VectorFileError(
                f"{path}: this is an HNSW index file, which needs faiss to load"
            )
        self = cls(int(header["dim"]), meta=header.get("meta") or {})
        vecs, keys = arrays["vectors"], arrays["doc_keys"]
        if vecs.shape != (keys.shape[0], self.dim):
            raise VectorFileError(f"{path}: vectors and keys disagree in size")
        self._vecs = np.ascontiguousarray(vecs, dtype=np.float32)
        self._keys = np.ascontiguousarray(keys, dtype=np.int64)
        self._n = keys.shape[0]
        return self


# ---------------------------------------------------------------------------
# faiss implementation


class SentenceVectors:
    """faiss sentence index: exact flat while small, HNSW past a threshold.

    ``hnsw_threshold``: row count at which the flat index is rebuilt as HNSW
    (0 = HNSW from the start; ``None`` = stay flat). ``hnsw_m``,
    ``ef_construction``, ``ef_search``: the usual HNSW knobs (graph degree,
    build and search beam widths).
    """

    kind = "faiss"

    def __init__(
        self,
        dim: int,
        *,
        hnsw_threshold: int | None = 50_000,
        hnsw_m: int = 32,
        ef_construction: int = 80,
        ef_search: int = 96,
        meta: dict | None = None,
    ):
        if faiss is None:
            raise ImportError("SentenceVectors needs faiss (pip install faiss-cpu); "
                              "use NumpySentenceVectors or make_vectors()")
        if int(dim) <= 0:
            raise ValueError("dim must be positive")
        self.dim = int(dim)
        self.hnsw_threshold = hnsw_threshold
        self.hnsw_m = int(hnsw_m)
        self.ef_construction = int(ef_construction)
        self.ef_search = int(ef_search)
        self.meta: dict = dict(meta or {})
        self._keys = np.zeros(0, dtype=np.int64)   # row -> doc key
        self._alive = np.zeros(0, dtype=bool)      # row -> not removed
        self._dead = 0
        self._index = self._new_index(hnsw=hnsw_threshold is not None and hnsw_threshold <= 0)

    # -- structure -----------------------------------------------------------

    @property
    def is_hnsw(self) -> bool:
        return isinstance(self._index, faiss.IndexHNSW)

    def _new_index(self, hnsw: bool):
        if not hnsw:
            return faiss.IndexFlatIP(self.dim)
        idx = faiss.IndexHNSWFlat(self.dim, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        idx.hnsw.efConstruction = self.ef_construction
        idx.hnsw.efSearch = self.ef_search
        return idx

    def _rows(self) -> int:
        return int(self._index.ntotal)

    def _rebuild(self, hnsw: bool) -> None:
        """Rebuild the faiss index from live rows only (drops tombstones)."""
        live = np.flatnonzero(self._alive)
        vecs = self._index.reconstruct_n(0, self._rows())[live] if self._rows() else \
            np.zeros((0, self.dim), dtype=np.float32)
        idx = self._new_index(hnsw)
        if len(vecs):
            idx.add(np.ascontiguousarray(vecs, dtype=np.float32))
        self._index = idx
        self._keys = self._keys[live].copy()
        self._alive = np.ones(len(live), dtype=bool)
        self._dead = 0

    def __len__(self) -> int:
        return self._rows() - self._dead

    def __contains__(self, doc_key: int) -> bool:
        return bool(((self._keys == int(doc_key)) & self._alive).any())

    def doc_keys(self) -> np.ndarray:
        """The distinct document keys that have at least one live row."""
        return np.unique(self._keys[self._alive])

    # -- mutation ------------------------------------------------------------

    def add(self, doc_keys: np.ndarray, vectors: np.ndarray) -> None:
        """Append vectors, each tagged with its document key."""
        x = _as_matrix(vectors, self.dim)
        keys = _as_keys(doc_keys, x.shape[0])
        if x.shape[0] == 0:
            return
        if (not self.is_hnsw and self.hnsw_threshold is not None
                and self._rows() - self._dead + x.shape[0] >= self.hnsw_threshold):
            self._rebuild(hnsw=True)
        self._index.add(x)
        self._keys = np.concatenate([self._keys, keys])
        self._alive = np.concatenate([self._alive, np.ones(x.shape[0], dtype=bool)])

    def remove(self, doc_key: int) -> int:
        """Tombstone every row of ``doc_key``; returns how many rows."""
        hit = (self._keys == int(doc_key)) & self._alive
        n = int(hit.sum())
        if n:
            self._alive[hit] = False
            self._dead += n
        return n

    def compact(self) -> None:
        """Drop tombstoned rows for good (rebuilds the HNSW graph: slow)."""
        if self._dead:
            self._rebuild(hnsw=self.is_hnsw)

    # -- search --------------------------------------------------------------

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` cosine neighbours of each query: ``(sims, doc_keys)``.

        Both ``(n_queries, k)``; missing slots have similarity ``-inf`` and
        key ``-1``. Sorted by similarity, descending. Approximate once the
        index is HNSW.
        """
        q = _as_matrix(vectors, self.dim)
        k = int(k)
        if k <= 0:
            raise ValueError("k must be positive")
        out_s = np.full((q.shape[0], k), _MISSING_SIM, dtype=np.float32)
        out_k = np.full((q.shape[0], k), -1, dtype=np.int64)
        if len(self) == 0 or q.shape[0] == 0:
            return out_s, out_k
        kk = min(k, len(self))
        params = None
        if self._dead:
            bitmap = np.packbits(self._alive, bitorder="little")
            sel = faiss.IDSelectorBitmap(self._rows(), faiss.swig_ptr(bitmap))
            if self.is_hnsw:
                params = faiss.SearchParametersHNSW(sel=sel, efSearch=max(self.ef_search, kk))
            else:
                params = faiss.SearchParameters(sel=sel)
        elif self.is_hnsw:
            params = faiss.SearchParametersHNSW(efSearch=max(self.ef_search, kk))
        # (bitmap and sel are locals, so they outlive this synchronous call)
        sims, rows = self._index.search(q, kk, params=params)
        valid = rows >= 0
        out_s[:, :kk] = np.where(valid, sims, _MISSING_SIM)
        out_k[:, :kk][valid] = self._keys[rows[valid]]
        return out_s, out_k

    # -- persistence ---------------------------------------------------------

    def _header(self, index: str) -> dict:
        return {
            "dim": self.dim,
            "index": index,
            "rows": self._rows(),
            "hnsw_threshold": self.hnsw_threshold,
            "hnsw_m": self.hnsw_m,
            "ef_construction": self.ef_construction,
            "ef_search": self.ef_search,
            "meta": self.meta,
        }

    def save(self, path: str | os.PathLike) -> None:
        """Write atomically to ``path``.

        A flat index is compacted and saved as raw vectors (readable without
        faiss); an HNSW index is saved as faiss's own serialisation with the
        tombstone mask, compacted first when a quarter of its rows are dead.
        """
        if not self.is_hnsw:
            self.compact()
            n = self._rows()
            vecs = self._index.reconstruct_n(0, n) if n else np.zeros((0, self.dim), np.float32)
            arrays = {
                "format": np.array(_FORMAT),
                "header": np.array(json.dumps(self._header("flat"))),
                "doc_keys": self._keys,
                "vectors": np.ascontiguousarray(vecs, dtype=np.float32),
            }
        else:
            if self._dead * 4 >= max(1, self._rows()):
                self.compact()
            arrays = {
                "format": np.array(_FORMAT),
                "header": np.array(json.dumps(self._header("hnsw"))),
                "doc_keys": self._keys,
                "alive": self._alive,
                "faiss": faiss.serialize_index(self._index),
            }
        _atomic_savez(path, arrays)

    @classmethod
    def load(cls, path: str | os.PathLike) -> "SentenceVectors":
        header, arrays = _read_file(path)
        self = cls(
            int(header["dim"]),
            hnsw_threshold=header.get("hnsw_threshold", 50_000),
            hnsw_m=int(header.get("hnsw_m", 32)),
            ef_construction=int(header.get("ef_construction", 80)),
            ef_search=int(header.get("ef_search", 96)),
            meta=header.get("meta") or {},
        )
        keys = np.ascontiguousarray(arrays["doc_keys"], dtype=np.int64)
        if header.get("index") == "hnsw":
            try:
                index = faiss.deserialize_index(np.ascontiguousarray(arrays["faiss"]))
            except Exception as exc:
                raise VectorFileError(f"{path}: corrupt faiss index ({exc})") from exc
            alive = np.ascontiguousarray(arrays.get("alive", np.ones(len(keys), bool)), bool)
            if index.ntotal != len(keys) or len(alive) != len(keys) or index.d != self.dim:
                raise VectorFileError(f"{path}: index and keys disagree in size")
            index.hnsw.efSearch = self.ef_search
            self._index = index
            self._keys = keys
            self._alive = alive
            self._dead = int((~alive).sum())
        else:
            vecs = arrays.get("vectors")
            if vecs is None or vecs.shape != (len(keys), self.dim):
                raise VectorFileError(f"{path}: vectors and keys disagree in size")
            hnsw = self.hnsw_threshold is not None and len(keys) >= self.hnsw_threshold
            self._index = self._new_index(hnsw)
            if len(keys):
                self._index.add(np.ascontiguousarray(vecs, dtype=np.float32))
            self._keys = keys
            self._alive = np.ones(len(keys), dtype=bool)
            self._dead = 0
        return self


# ---------------------------------------------------------------------------
# factories and voting


def make_vectors(dim: int, **kwargs: Any) -> "SentenceVectors | NumpySentenceVectors":
    """A new empty index: faiss when installed, else the numpy fallback."""
    if HAVE_FAISS:
        return SentenceVectors(dim, **kwargs)
    return NumpySentenceVectors(dim, **kwargs)


def load_vectors(path: str | os.PathLike) -> "SentenceVectors | NumpySentenceVectors":
    """Open a saved index with faiss when installed, else with numpy."""
    if HAVE_FAISS:
        return SentenceVectors.load(path)
    return NumpySentenceVectors.load(path)


def document_votes(
    query_doc_vectors: np.ndarray,
    index: "SentenceVectors | NumpySentenceVectors",
    k: int = 10,
    min_sim: float = 0.5,
    *,
    exclude: int | None = None,
    weighted: bool = False,
) -> dict[int, float]:
    """Candidate documents for one query document, by sentence votes.

    Each sentence vector of the query looks up its ``k`` nearest stored
    sentences; every neighbour with cosine >= ``min_sim`` votes for its
    document, at most once per query sentence. Returns ``{doc_key: votes}``:
    the number of distinct query sentences that matched a sentence of that
    document (``weighted=True``: the sum over those query sentences of their
    best cosine instead). ``exclude`` drops one key (the query's own document
    when it is already indexed). The default ``min_sim`` of 0.5 suits the
    USE encoder (docs/bench/encoders.md: 0.1% of random same-topic sentence
    pairs reach it); use ~0.55 for MiniLM, ~0.4 for the hashing encoder.

    Cost: one k-NN search per query sentence, so O(m log n) with HNSW
    (O(m n) with the flat index), never all-pairs over documents. ``k``
    bounds how many documents one sentence can vote for; if a corpus holds
    more than ``k`` copies of a sentence, some copies get no vote from it.
    """
    q = np.asarray(query_doc_vectors, dtype=np.float32)
    if q.ndim == 1:
        q = q.reshape(1, -1)
    if q.shape[0] == 0 or len(index) == 0:
        return {}
    sims, keys = index.search(q, k)
    return votes_from_neighbours(sims, keys, min_sim, exclude=exclude, weighted=weighted)


def votes_from_neighbours(
    sims: np.ndarray,
    keys: np.ndarray,
    min_sim: float,
    *,
    exclude: int | None = None,
    weighted: bool = False,
) -> dict[int, float]:
    """The voting step of :func:`document_votes`, given one document's search results.

    Split out so a caller can search the sentences of many documents in one
    batched call and vote per document afterwards.
    """
    if sims.size == 0:
        return {}
    mask = (keys != -1) & (sims >= np.float32(min_sim))
    if exclude is not None:
        mask &= keys != int(exclude)
    rows, cols = np.nonzero(mask)
    if rows.size == 0:
        return {}
    hit_keys = keys[rows, cols]
    hit_sims = sims[rows, cols]
    # one vote per (query sentence, document): results are sorted by
    # similarity, so the first occurrence of a pair carries its best cosine
    pairs = np.stack([rows.astype(np.int64), hit_keys], axis=1)
    _, first = np.unique(pairs, axis=0, return_index=True)
    docs = hit_keys[first]
    if weighted:
        uniq, inv = np.unique(docs, return_inverse=True)
        totals = np.bincount(inv, weights=hit_sims[first].astype(np.float64))
        return {int(d): float(v) for d, v in zip(uniq, totals)}
    uniq, counts = np.unique(docs, return_counts=True)
    return {int(d): float(c) for d, c in zip(uniq, counts)}
