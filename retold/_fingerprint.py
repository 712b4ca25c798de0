"""Fingerprints: what a document is looked up by.

Two complementary keys, both computed per document (a pure function, so a
cluster engine can map it over partitions):

* **MinHash band keys** over word 5-gram shingles, for near-verbatim reuse:
  a 128-value signature cut into 32 bands of 4 rows.
* **Anchors**: numbers and proper names (see :mod:`retold._text`), which
  survive synonym spinning and translation.

The whole text → band keys path is vectorised over a batch of documents
(:func:`signatures`), with no Python loop per token or per shingle:

1. **Bytes** (:func:`_encode`). Each text is lower-cased and UTF-8 encoded,
   the batch joined with NUL separators into one byte array. Apostrophes
   (``'`` ``’`` ``‘`` ``‛``) and zero-width characters are deleted, so
   "don’t" and "don't" are the one word "dont"; dashes, typographic quotes,
   the minus sign and non-breaking or thin spaces separate words. The
   non-ASCII ones are found with numpy at the few lead bytes 0xC2/0xE2/0xEF
   (one pass), not with a ``bytes.replace`` pass per character.
2. **Words** (:func:`_word_hashes`). A word is a maximal run of word bytes
   (ASCII letters, digits, ``_``, and every byte of a non-ASCII character);
   its hash is ``mix(Σ_k (byte_k + 1)·P^k + len)``. Evaluated 8 bytes at a
   time: one unaligned 64-bit load per 8 bytes of every word at once, then
   four table lookups of two bytes each, so the cost is O(words), not
   O(bytes) of 64-bit arithmetic.
3. **Shingles** (:func:`_shingles`). ``mix(Σ_j word[i+j]·C_j)`` over windows
   of 5 words; windows that straddle two documents are dropped; a document
   of 1–4 words is one shingle of all its words.
4. **Signature: one-permutation hashing** (Li, Owen & Zhang, NIPS 2012):
   each shingle falls into one of 128 bins by its top 7 bits and the
   signature is the minimum per bin (one ``np.minimum.at`` for the batch).
   Empty bins (short texts) are filled by *rotation densification*
   (Shrivastava & Li, ICML 2014): an empty bin takes the next non-empty bin
   to its right plus an offset per step (vectorised with a running minimum).
   O(shingles) per document instead of O(shingles × 128).
5. **Band keys** (:func:`band_keys`): a 63-bit hash of (band index, the
   band's 4 values); grouped by :func:`retold._candidates.lsh_pairs`.

:func:`minhash_reference` is the plain-Python definition of steps 1–4 (byte
by byte, word by word); the property tests check :func:`signatures` against
it. They are bit for bit the signatures of retold's previous, slower
implementation (same definition, :data:`SCHEME`), so existing indexes keep
their band keys; the index records the scheme and re-fingerprints an index
built under another one (band keys are persisted).

Why not rensa
-------------
rensa (Rust) is the fastest MinHash library we measured. It is an optional
backend for texts (``signatures(texts, minhash="rensa")``: retold's own
shingle hashes fed to ``RMinHash.digest_matrix_from_flat_token_hashes``),
not the default, for two measured reasons (``benchmarks/bench_candidates.py``,
docs/bench/core.md; 5,025 documents, 32 bands × 4 rows for both):

* **Candidate recall.** rensa's R-MinHash, like datasketch's classic
  128-permutation MinHash, finds fewer generated copies than the
  one-permutation signatures of the same shingles. Means (and ranges) over
  10 hash seeds each: excerpts 0.385 (0.37–0.40) against 0.456
  (0.41–0.50; 0.44 with the constants used here), heavy synonym spins 0.117
  (0.09–0.14) against 0.152 (0.12–0.19; 0.16), light spins 0.957 against
  0.968 (0.965); the rest are at 1.0 for both. The one-permutation LSH is
  a little looser: 8% more candidate pairs (4,002 against 3,703), which
  the verifier then checks.
* **Speed once the data is in numpy.** rensa sketches 1.85 M pre-hashed
  shingles in ~0.03 s, but rensa 0.5 hands signatures back only as Python
  lists (``to_rows()``: 640 k Python ints for 5,000 documents), and that
  conversion costs about as much as the whole numpy sketch
  (``np.minimum.at`` + densification); end to end the rensa backend is no
  faster (0.93x and 1.12x of the default's time in two runs).

Callers who tokenise themselves pass pre-built shingle strings to
:func:`signatures_from_shingles`: the strings are hashed and sketched in C
(``retold/_strhash.c``, :func:`string_hash` its definition), since numpy has
no fast way to hash a million Python strings.

Trade-offs of the one-permutation scheme: for very short texts (fewer
shingles than bins) densified bins are correlated, so the Jaccard estimate
is noisier than with 128 independent permutations (the verifier re-checks
every candidate, so this costs no precision); hashes use fixed constants,
so signatures are identical in every process (no Python hash seed is
involved). rensa's signatures are deterministic too (seeded; FxHash on
tokens; checked across ``PYTHONHASHSEED`` values in the tests), but they
change with rensa's ``RMinHash.ALGORITHM_VERSION`` (0.5 changed it), one
more reason they are never stored; and rensa's R-MinHash cannot be
reproduced in plain Python short of porting its bucket rounds, so its
path is tested by properties (determinism across processes, identical
texts → identical keys, the Jaccard estimate within tolerance of the true
Jaccard, flat and per-document APIs agree) instead of against a reference.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._text import anchors as text_anchors

try:  # pre-built shingle strings hashed in C (retold/_strhash.c), built at install where there is a C compiler
    from . import _strhash
except ImportError:  # pragma: no cover - exercised where the extension is absent
    _strhash = None

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
_BIN_BITS = 7  # 2**7 == NUM_PERM
_VAL_MASK = np.uint64((1 << (64 - _BIN_BITS)) - 1)
EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)
RENSA_SEED = 42

#: Names the band-key definition of :func:`signatures` + :func:`band_keys`
#: (fold, word and shingle hashes, one-permutation MinHash, banding): what
#: :func:`minhash_reference` defines. Stored in the index meta table; an
#: index written under another scheme is re-fingerprinted when opened. Change
#: it whenever any of these steps changes (tests pin a few band keys).
SCHEME = "oph-1:w5:p128:b32x4"
#: The scheme of indexes written before the scheme was recorded.
LEGACY_SCHEME = "oph-1:w5:p128:b32x4"

# byte classes: a "word byte" is ASCII alphanumeric, '_', or any non-ASCII
# byte (part of a multi-byte letter).
_WORD_BYTE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_":
    _WORD_BYTE[_c] = True
_WORD_BYTE[128:] = True

# _TRANSITION[a + 256·b]: byte a and the byte b after it differ in class
_TRANSITION = _WORD_BYTE[np.arange(65536) & 0xFF] != _WORD_BYTE[np.arange(65536) >> 8]

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_SHINGLE_MUL = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)
_DENSIFY_STEP = np.uint64(0x9E3779B97F4A7C15)
# _LOW[k]: the low k bytes of a 64-bit word (k = 0..8)
_LOW = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)

# Characters folded at the byte level (the same set since the first scheme):
# apostrophes and zero-width characters are deleted, so "don’t", "don't" and
# "dont" are one word; dashes, typographic quotes, the minus sign and
# non-breaking or thin spaces separate words.
_DELETE_CHARS = "'\u2019\u2018\u201b\u200b\ufeff"
_SEPARATOR_CHARS = "\u2013\u2014\u2212\u00a0\u202f\u2009\u201c\u201d\u201e\u00ab\u00bb"


def _code(ch: str) -> int:
    """A character's UTF-8 bytes as a big-endian int, padded to 3 bytes."""
    b = ch.encode("utf-8")
    return int.from_bytes(b.ljust(3, b"\x00"), "big")


_DELETE_CODES = np.array(sorted(_code(c) for c in _DELETE_CHARS if c != "'"), dtype=np.uint32)
_SEPARATOR_CODES = np.array(sorted(_code(c) for c in _SEPARATOR_CHARS), dtype=np.uint32)


def _bytes(text: str) -> bytes:
    """The folded UTF-8 bytes of one text: the plain definition that
    :func:`_encode` computes for a whole batch with numpy (a separator
    becomes one space per byte, so that offsets need no shifting)."""
    data = text.lower().encode("utf-8", "surrogatepass")
    for ch in _SEPARATOR_CHARS:
        b = ch.encode("utf-8")
        data = data.replace(b, b" " * len(b))
    for ch in _DELETE_CHARS:
        data = data.replace(ch.encode("utf-8"), b"")
    return data


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads every input bit over the output."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


# --- 1. bytes ---------------------------------------------------------------------------


def _encode(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The folded UTF-8 bytes of a batch, and where each document starts.

    Layout: ``NUL doc0 NUL doc1 NUL ... docN NUL`` plus 8 NUL bytes of
    padding (so an 8-byte load at any word start stays inside the array).
    Returns ``(data, bounds)``: document ``i`` is ``data[bounds[i]:bounds[i+1]-1]``
    (``bounds`` has ``n + 1`` entries).
    """
    parts = [t.lower().encode("utf-8", "surrogatepass").replace(b"'", b"") for t in texts]
    buf = b"\x00".join([b"", *parts, b"\x00" * 8])
    lens = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    bounds = np.empty(len(parts) + 1, dtype=np.int64)
    bounds[0] = 1
    np.cumsum(lens + 1, out=bounds[1:])
    bounds[1:] += 1
    data = np.frombuffer(buf, dtype=np.uint8)
    if buf.isascii():
        return data, bounds
    # lead bytes of the folded characters: 0xC2 (U+0080-00BF), 0xE2 (U+2000-2FFF), 0xEF (U+F000-FFFF)
    lead = np.flatnonzero(data >= 0xC2)
    lv = data[lead]
    lead = lead[(lv == 0xE2) | (lv == 0xC2) | (lv == 0xEF)]
    if len(lead) == 0:
        return data, bounds
    code = (data[lead].astype(np.uint32) << 16) | (data[lead + 1].astype(np.uint32) << 8) | data[lead + 2]
    two = code & np.uint32(0xFFFF00)  # a 2-byte character (lead 0xC2) padded like _code
    is_del = np.isin(code, _DELETE_CODES)
    is_sp = np.isin(code, _SEPARATOR_CODES) | np.isin(two, _SEPARATOR_CODES)
    if is_sp.any():
        data = data.copy()
        p = lead[is_sp]
        width = np.where(data[p] == 0xC2, 2, 3)
        data[p] = 0x20
        data[p + 1] = 0x20
        data[p[width == 3] + 2] = 0x20
    if is_del.any():
        p = lead[is_del]
        delete = np.sort(np.concatenate((p, p + 1, p + 2)))
        keep = np.ones(len(data), dtype=bool)
        keep[delete] = False
        data = data[keep]
        bounds = bounds - np.searchsorted(delete, bounds)
    return data, bounds


# --- 2. words ----------------------------------------------------------------------------
#
# A word's hash is mix(Σ_k (byte_k + 1)·P^k + len) over its bytes, k counted
# from the word's start (mod 2^64). Split as Σ_k byte_k·P^k + S(len), with
# S(L) = Σ_{k<L} P^k, the byte part is evaluated 8 bytes at a time: one
# unaligned 64-bit load per 8 bytes of every word at once, then a table
# lookup per pair of byte positions (_PAIR_POW). Words longer than
# _CHUNKED_MAX bytes (rare: URLs, base64) take a per-byte path.

_P = 0x100000001B3  # an odd multiplier (the FNV prime)
_CHUNKED_MAX = 64
_MASK64 = (1 << 64) - 1


def _pow_table(n: int) -> np.ndarray:
    out = np.empty(n, dtype=np.uint64)
    out[0] = 1
    out[1:] = _P
    with np.errstate(over="ignore"):
        np.cumprod(out, out=out)
    return out


_POWS = _pow_table(1024)  # P^k
_PREFIX = np.concatenate(([np.uint64(0)], np.cumsum(_POWS, dtype=np.uint64)))  # S(L) = Σ_{k<L} P^k
_PAIR = np.arange(65536, dtype=np.uint64)
with np.errstate(over="ignore"):
    # _PAIR_POW[j][lo + 256·hi] = lo·P^(2j) + hi·P^(2j+1): two bytes per lookup
    _PAIR_POW = np.stack([(_PAIR & np.uint64(0xFF)) * _POWS[2 * j] + (_PAIR >> np.uint64(8)) * _POWS[2 * j + 1] for j in range(4)])
del _PAIR


def _grow(n: int) -> None:
    global _POWS, _PREFIX
    if n < len(_POWS):
        return
    _POWS = _pow_table(max(n + 1, 2 * len(_POWS)))
    with np.errstate(over="ignore"):
        _PREFIX = np.concatenate(([np.uint64(0)], np.cumsum(_POWS, dtype=np.uint64)))


def _chunk_poly(chunks: np.ndarray) -> np.ndarray:
    """Σ_k byte_k·P^k of each little-endian 64-bit chunk (4 lookups of 2 bytes)."""
    pairs = chunks.astype("<u8", copy=False).view("<u2").reshape(-1, 4).T.copy()
    with np.errstate(over="ignore"):
        acc = np.take(_PAIR_POW[0], pairs[0])
        for j in range(1, 4):
            acc += np.take(_PAIR_POW[j], pairs[j])
    return acc


def _word_hashes(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the words of a padded byte array (see :func:`_encode`), and
    each word's start offset."""
    # word/non-word transitions: one lookup per byte pair (an unaligned 16-bit view)
    pairs = np.ndarray(shape=(len(data) - 1,), dtype="<u2", buffer=data, strides=(1,))
    edges = np.flatnonzero(np.take(_TRANSITION, pairs)) + 1  # data starts and ends with non-word bytes
    starts = edges[0::2]
    if len(starts) == 0:
        return np.empty(0, dtype=np.uint64), starts
    lengths = edges[1::2] - starts
    maxlen = int(lengths.max())
    _grow(maxlen)
    # 8-byte little-endian loads at any byte offset (an unaligned view)
    win = np.ndarray(shape=(len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    with np.errstate(over="ignore"):
        acc = _chunk_poly(win[starts] & _LOW[np.minimum(lengths, 8)])
        todo = np.flatnonzero((lengths > 8) & (lengths <= _CHUNKED_MAX))
        off = 8
        while len(todo):
            rest = lengths[todo] - off
            acc[todo] += _chunk_poly(win[starts[todo] + off] & _LOW[np.minimum(rest, 8)]) * _POWS[off]
            todo = todo[rest > 8]
            off += 8
        huge = np.flatnonzero(lengths > _CHUNKED_MAX)
        if len(huge):
            acc[huge] = _byte_poly(data, starts[huge], lengths[huge])
        h = acc + _PREFIX[lengths] + lengths.astype(np.uint64)
    return _mix(h), starts


def _byte_poly(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Σ_k byte_k·P^k of the given words, byte by byte (for very long words)."""
    total = int(lengths.sum())
    first = np.cumsum(lengths) - lengths
    rel = np.arange(total) - np.repeat(first, lengths)
    with np.errstate(over="ignore"):
        vals = data[np.repeat(starts, lengths) + rel].astype(np.uint64) * _POWS[rel]
        return np.add.reduceat(vals, first)


# --- 3. shingles -------------------------------------------------------------------------


def _window_hashes(tok: np.ndarray, k: int) -> np.ndarray:
    m = len(tok) - k + 1
    with np.errstate(over="ignore"):
        acc = tok[0:m] * _SHINGLE_MUL[0]
        for i in range(1, k):
            acc += tok[i : m + i] * _SHINGLE_MUL[i]
        return _mix(acc)


def _shingles(texts: Sequence[str], k: int = SHINGLE) -> tuple[np.ndarray, np.ndarray]:
    """Shingle hashes of a batch, grouped by document in order, and the
    ``n + 1`` row offsets into them (document ``i`` owns ``sh[off[i]:off[i+1]]``)."""
    n = len(texts)
    data, bounds = _encode(texts)
    th, starts = _word_hashes(data)
    wb = np.searchsorted(starts, bounds)  # word index where each document starts
    counts = np.diff(wb)
    nw = len(th)
    if nw >= k:
        owner = np.repeat(np.arange(n), counts)
        m = nw - k + 1
        valid = owner[:m] == owner[k - 1 :]
        sh = _window_hashes(th, k)[valid]
        sh_counts = np.maximum(counts - k + 1, 0)
    else:
        sh = np.empty(0, dtype=np.uint64)
        sh_counts = np.zeros(n, dtype=np.int64)
    short = np.flatnonzero((counts > 0) & (counts < k))
    if len(short):
        # a document of 1..k-1 words is one shingle of all of them
        with np.errstate(over="ignore"):
            acc = np.zeros(len(short), dtype=np.uint64)
            for j in range(k - 1):
                sel = counts[short] > j
                acc[sel] += th[wb[short[sel]] + j] * _SHINGLE_MUL[j]
        pos = np.cumsum(sh_counts)[short] - sh_counts[short]  # where the document's shingles go
        sh = np.insert(sh, pos, _mix(acc))
        sh_counts[short] = 1
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sh_counts, out=offsets[1:])
    return sh, offsets


# --- 4. signatures -----------------------------------------------------------------------


def _oph(sh: np.ndarray, offsets: np.ndarray, num_perm: int = NUM_PERM) -> np.ndarray:
    n = len(offsets) - 1
    bits = _bits(num_perm)
    sig = np.full(n * num_perm, EMPTY, dtype=np.uint64)
    if len(sh):
        owner = np.repeat(np.arange(n, dtype=np.intp), np.diff(offsets))
        key = owner * num_perm + (sh >> np.uint64(64 - bits)).astype(np.intp)
        np.minimum.at(sig, key, sh & np.uint64((1 << (64 - bits)) - 1))
    return _densify(sig.reshape(n, num_perm))


def _densify(sigs: np.ndarray) -> np.ndarray:
    """Rotation densification of each row's EMPTY bins (in place): an empty
    bin takes the first non-empty bin ``s`` steps to its right (cyclically)
    plus ``s`` times a constant. Rows with no shingles stay all-EMPTY.

    In C where the extension was built (a walk along each row: 15 times
    faster than the numpy of :func:`_densify_numpy`, the reference, on BBC
    articles, where almost every row has an empty bin)."""
    if _strhash is not None and sigs.flags.c_contiguous and sigs.shape[1] >= 2:
        _strhash.densify(sigs, _bits(sigs.shape[1]))
        return sigs
    return _densify_numpy(sigs)


def _densify_numpy(sigs: np.ndarray) -> np.ndarray:
    """:func:`_densify` with numpy (a running minimum over each row twice)."""
    empty = sigs == EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if len(rows) == 0:
        return sigs
    sub, e = sigs[rows], empty[rows]
    p = sigs.shape[1]
    col = np.arange(p)
    idx = np.where(e, 3 * p, col)
    both = np.concatenate((idx, idx + p), axis=1)
    nxt = np.minimum.accumulate(both[:, ::-1], axis=1)[:, ::-1][:, :p]  # first non-empty at or after
    with np.errstate(over="ignore"):
        filled = (np.take_along_axis(sub, nxt % p, axis=1) + _DENSIFY_STEP * (nxt - col).astype(np.uint64)) & _VAL_MASK
    sigs[rows] = np.where(e, filled, sub)
    return sigs


def _rensa():
    try:
        import rensa
    except ImportError as e:  # pragma: no cover - rensa is optional (extras "bench", "test")
        raise ImportError("the rensa MinHash backend needs the 'rensa' package (pip install 'rensa>=0.5,<0.6')") from e
    return rensa


_U32 = "I" if array("I").itemsize == 4 else "L"


def _rows_to_array(matrix, n: int, num_perm: int) -> np.ndarray:
    """rensa's digest matrix as a uint32 array. rensa 0.5 hands signatures
    over only as Python lists (``to_rows()``); packing each row with
    ``array('I')`` is about twice as fast as ``np.array`` on the lists."""
    if n == 0:
        return np.empty((0, num_perm), dtype=np.uint32)
    buf = b"".join([array(_U32, row).tobytes() for row in matrix.to_rows()])
    return np.frombuffer(buf, dtype=np.uint32).reshape(n, num_perm).copy()


_CHUNK_CHARS = 1 << 20  # texts are fingerprinted ~1 MB at a time


def _chunks(texts: Sequence[str]):
    """``(lo, hi)`` slices of about ``_CHUNK_CHARS`` characters: the working
    arrays (a few MB) stay in cache and are reused by the allocator instead
    of being page-faulted in afresh: on 10 MB of news, 1.3x less CPU time
    and 1.6x less wall time than one pass over the whole batch."""
    lo, size = 0, 0
    for i, t in enumerate(texts):
        size += len(t)
        if size >= _CHUNK_CHARS:
            yield lo, i + 1
            lo, size = i + 1, 0
    if lo < len(texts) or not texts:
        yield lo, len(texts)


def signatures(texts: Sequence[str], num_perm: int = NUM_PERM, *, minhash: str = "oph") -> np.ndarray:
    """MinHash signatures of many texts, shape ``(len(texts), num_perm)``.

    ``minhash="oph"`` (default, :data:`SCHEME`): one-permutation signatures,
    uint64, equal row by row to :func:`minhash_reference`; a text with no
    words gives a row of :data:`EMPTY`.

    ``minhash="rensa"``: the same shingle hashes sketched by rensa's
    R-MinHash (uint32, empty rows all ``0xFFFFFFFF``). Not what the index
    stores; see the module docstring for why.
    """
    if minhash not in ("oph", "rensa"):
        raise ValueError(f"unknown minhash backend {minhash!r} (use 'oph' or 'rensa')")
    out = np.empty((len(texts), num_perm), dtype=np.uint64 if minhash == "oph" else np.uint32)
    for lo, hi in _chunks(texts):
        sh, offsets = _shingles(texts[lo:hi])
        if minhash == "oph":
            out[lo:hi] = _oph(sh, offsets, num_perm)
        else:
            m = _rensa().RMinHash.digest_matrix_from_flat_token_hashes(sh, offsets.astype(np.uint64), num_perm, RENSA_SEED)
            out[lo:hi] = _rows_to_array(m, hi - lo, num_perm)
    return out


def signatures_from_shingles(shingle_sets: Sequence[Sequence[str | bytes]], num_perm: int = NUM_PERM) -> np.ndarray:
    """One-permutation signatures of documents given as pre-built shingles
    (strings or bytes, e.g. word 5-grams joined by spaces), shape
    ``(len(shingle_sets), num_perm)`` uint64: the entry point for callers who
    tokenise themselves, so that retold starts from the same input as other
    MinHash tools. A document with no shingles gives a row of :data:`EMPTY`.

    Each shingle is hashed with :func:`string_hash` (its UTF-8 bytes) and
    sketched as :func:`signatures` sketches shingle hashes. The loop over the
    strings runs in C (``retold/_strhash.c``) where the extension was built,
    else in Python (:func:`_oph_from_strings`, the reference: the same
    values, about 150 times slower on 300 BBC articles' 5-grams). The values are deterministic, but not
    comparable with :func:`signatures` of the texts (other shingle hashes), so
    they are never stored in an index.
    """
    bits = _bits(num_perm)
    if _strhash is None:
        return _oph_from_strings(shingle_sets, num_perm)
    sig = np.full((len(shingle_sets), num_perm), EMPTY, dtype=np.uint64)
    _strhash.oph(shingle_sets, sig, bits)
    _strhash.densify(sig, bits)
    return sig


def _bits(num_perm: int) -> int:
    bits = int(num_perm).bit_length() - 1
    if num_perm < 2 or 1 << bits != num_perm:
        raise ValueError("num_perm must be a power of two")
    return bits


_K1 = 0xD6E8FEB86659FD93
_K2 = 0xFF51AFD7ED558CCD
_GOLDEN = 0x9E3779B97F4A7C15


def _mum(a: int, b: int) -> int:
    """The 128-bit product of two 64-bit values, its halves xor-ed."""
    r = a * b
    return (r ^ (r >> 64)) & _MASK64


def string_hash(s: str | bytes) -> int:
    """The 64-bit hash of one shingle: a string's UTF-8 bytes (lone
    surrogates passed through), or bytes. The plain definition of what
    ``retold/_strhash.c`` computes (the wyhash construction, see there):

    * ``n`` bytes are read as two little-endian words ``a``, ``b``: for
      8-16 bytes the first and the last 8; for 4-7 the first and last 4;
      for 1-3, ``a`` = first, middle and last byte, ``b`` = 0; for more than
      16, the last 16, after ``s = mum(w0 ^ K1, w1 ^ s)`` for each 16-byte
      block ``w0 w1`` while more than 16 bytes are left;
    * ``s`` starts at ``n·G``; the hash is ``mum(mum(a ^ K1, b ^ s) ^ K2, n ^ K1)``.
    """
    b = s.encode("utf-8", "surrogatepass") if isinstance(s, str) else bytes(s)
    n = len(b)

    def word(i: int, size: int) -> int:
        return int.from_bytes(b[i : i + size], "little")

    seed = n * _GOLDEN & _MASK64
    if n > 16:
        q, left = 0, n
        while left > 16:
            seed = _mum(word(q, 8) ^ _K1, word(q + 8, 8) ^ seed)
            q, left = q + 16, left - 16
        x, y = word(n - 16, 8), word(n - 8, 8)
    elif n >= 8:
        x, y = word(0, 8), word(n - 8, 8)
    elif n >= 4:
        x, y = word(0, 4), word(n - 4, 4)
    elif n > 0:
        x, y = (b[0] << 16) | (b[n >> 1] << 8) | b[n - 1], 0
    else:
        x = y = 0
    return _mum(_mum(x ^ _K1, y ^ seed) ^ _K2, n ^ _K1)


def _oph_from_strings(shingle_sets: Sequence[Sequence[str | bytes]], num_perm: int = NUM_PERM) -> np.ndarray:
    """:func:`signatures_from_shingles` in Python: the reference, and the path
    where the C extension was not built."""
    _bits(num_perm)
    flat: list[int] = []
    offsets = [0]
    for i, doc in enumerate(shingle_sets):
        if isinstance(doc, (str, bytes)):
            raise TypeError(f"document {i}: a sequence of shingles is needed, not one string")
        for s in doc:
            if not isinstance(s, (str, bytes, bytearray, memoryview)):
                raise TypeError(f"a shingle must be str or bytes, not {type(s).__name__}")
            flat.append(string_hash(s))
        offsets.append(len(flat))
    return _oph(np.array(flat, dtype=np.uint64), np.array(offsets, dtype=np.int64), num_perm)


# --- 5. bands ----------------------------------------------------------------------------


def _empty_rows(sigs: np.ndarray) -> np.ndarray:
    return (sigs == np.iinfo(sigs.dtype).max).all(axis=1)


def band_keys(sigs: np.ndarray, bands: int = BANDS) -> np.ndarray:
    """LSH band keys, shape ``(n, bands)`` int64; rows with no shingles get -1.

    Key = hash of (band index, the band's rows), 63 bits. With 32 bands of 4
    rows, two documents become candidates with probability 1-(1-J^4)^32: 0.5
    at J≈0.42, 0.98 at J=0.6, 0.03 at J=0.2. Works on uint64 (one-permutation)
    and uint32 (rensa) signatures.
    """
    n, perm = sigs.shape
    rows = perm // bands
    with np.errstate(over="ignore"):
        acc = np.zeros((n, bands), dtype=np.uint64)
        view = sigs.reshape(n, bands, rows)
        for r in range(rows):
            acc = _mix(acc ^ view[:, :, r].astype(np.uint64))
        acc = _mix(acc + np.arange(bands, dtype=np.uint64) * _DENSIFY_STEP)
    keys = acc.view(np.int64) & np.int64(0x7FFFFFFFFFFFFFFF)
    keys[_empty_rows(sigs)] = -1
    return keys


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal signature values (0 when either side is empty)."""
    top = np.iinfo(a.dtype).max
    if (a == top).all() or (b == top).all():
        return 0.0
    return float(np.mean(a == b))


def band_keys_of(texts: Sequence[str]) -> list[tuple[int, ...]]:
    """The band keys of :data:`SCHEME` for many texts (what the index stores)."""
    return [tuple(int(k) for k in row if k >= 0) for row in band_keys(signatures(texts)).tolist()]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What one document is indexed by."""

    band_keys: tuple[int, ...]
    anchors: frozenset[str]


def fingerprint(text: str, sentence_spans: list[tuple[int, int]] | None = None) -> Fingerprint:
    """Band keys and anchors of one clean text. Pure."""
    return fingerprint_many([text], [sentence_spans])[0]


def fingerprint_many(
    texts: list[str],
    sentence_spans: list[list[tuple[int, int]] | None] | None = None,
    anchors: Sequence[frozenset[str] | None] | None = None,
) -> list[Fingerprint]:
    """:func:`fingerprint` of many texts, with the MinHash step batched
    (``anchors``: any already known, from :func:`anchors_of`)."""
    keys = band_keys_of(texts)
    spans = sentence_spans or [None] * len(texts)
    known = anchors or [None] * len(texts)
    return [
        Fingerprint(band_keys=row, anchors=a if a is not None else anchors_of(t, sp))
        for t, sp, row, a in zip(texts, spans, keys, known)
    ]


def anchors_of(text: str, sentence_spans: list[tuple[int, int]] | None = None) -> frozenset[str]:
    """The anchors of one clean text (the part of a fingerprint that is per document). Pure."""
    return frozenset(text_anchors(text, sentence_spans))


# --- single-document helpers and the reference --------------------------------------------


def token_hashes(text: str) -> np.ndarray:
    """64-bit hashes of the folded word tokens of ``text``, in order."""
    data, _ = _encode([text])
    return _word_hashes(data)[0]


def shingle_hashes(tok: np.ndarray, k: int = SHINGLE) -> np.ndarray:
    """Hashes of the k-token windows (a document shorter than k is one shingle)."""
    if len(tok) == 0:
        return np.empty(0, dtype=np.uint64)
    return _window_hashes(tok, min(k, len(tok)))


def oph_signature(shingles: np.ndarray, num_perm: int = NUM_PERM) -> np.ndarray:
    """One-permutation MinHash signature (``num_perm`` uint64), densified.

    All-EMPTY when there are no shingles.
    """
    return _oph(shingles, np.array([0, len(shingles)], dtype=np.int64), num_perm)[0]


def minhash_reference(text: str, num_perm: int = NUM_PERM) -> list[int]:
    """Plain-Python one-permutation MinHash with rotation densification: the
    definition of :data:`SCHEME` (unchanged since the first version).

    Slow and obvious; the property tests check :func:`signatures` against it.
    """
    mask64 = _MASK64
    data = _bytes(text)

    def mix(x: int) -> int:
        x ^= x >> 30
        x = (x * 0xBF58476D1CE4E5B9) & mask64
        x ^= x >> 27
        x = (x * 0x94D049BB133111EB) & mask64
        return x ^ (x >> 31)

    words: list[tuple[int, int]] = []
    i = 0
    while i < len(data):
        if _WORD_BYTE[data[i]]:
            j = i
            while j < len(data) and _WORD_BYTE[data[j]]:
                j += 1
            words.append((i, j))
            i = j
        else:
            i += 1
    toks = []
    for s, e in words:
        h = 0
        for k, byte in enumerate(data[s:e]):
            h = (h + (byte + 1) * pow(_P, k, 1 << 64)) & mask64
        toks.append(mix((h + (e - s)) & mask64))
    n = len(toks)
    bits = num_perm.bit_length() - 1
    sig = [int(EMPTY)] * num_perm
    if n == 0:
        return sig
    k = min(SHINGLE, n)
    for i in range(n - k + 1):
        acc = 0
        for j in range(k):
            acc = (acc + toks[i + j] * int(_SHINGLE_MUL[j])) & mask64
        h = mix(acc)
        b = h >> (64 - bits)
        sig[b] = min(sig[b], h & ((1 << (64 - bits)) - 1))
    src = list(sig)
    for b in range(num_perm):
        if src[b] == int(EMPTY):
            for step in range(1, num_perm):
                v = src[(b + step) % num_perm]
                if v != int(EMPTY):
                    sig[b] = (v + int(_DENSIFY_STEP) * step) & mask64 & int(_VAL_MASK)
                    break
    return sig
