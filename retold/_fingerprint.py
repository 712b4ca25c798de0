"""Fingerprints: what a document is looked up by.

Two complementary keys, both computed per document (a pure function, so a
cluster engine can map it over partitions):

* **MinHash band keys** over word 5-gram shingles, for near-verbatim reuse.
  We use *one-permutation hashing* (Li, Owen & Zhang, NIPS 2012): each
  shingle is hashed once and falls into one of ``num_perm`` bins by its top
  bits; the signature is the minimum per bin. Empty bins (short texts) are
  filled by *rotation densification* (Shrivastava & Li, ICML 2014): an empty
  bin borrows the value of the next non-empty bin to its right plus an offset
  per step. This costs O(shingles) per document instead of the classic
  O(shingles × permutations), which is why it keeps up with compiled
  implementations while staying in numpy. The trade-off: for very short texts
  (fewer shingles than bins) densified bins are correlated, so the Jaccard
  estimate is noisier than with k independent permutations. The verifier
  re-checks every candidate, so that noise costs a little recall on tiny
  documents, never precision.
* **Anchors**: numbers and proper names (see :mod:`retold._text`), which
  survive synonym spinning and translation.

Shingle hashing is vectorised: the UTF-8 bytes of the folded text are
scanned with numpy to find word boundaries, and each word's hash is a
polynomial hash computed from prefix sums (so no Python loop per token).
:func:`minhash_reference` is the plain-Python definition it is tested against.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._text import anchors as text_anchors
from ._text import fold

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
_BIN_BITS = 7  # 2**7 == NUM_PERM
_VAL_MASK = np.uint64((1 << (64 - _BIN_BITS)) - 1)
EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)

# byte classes: a "word byte" is ASCII alphanumeric, '_', or any non-ASCII
# byte (part of a multi-byte letter). Apostrophes inside words are dropped by
# folding below, so "don't" -> "dont" here; this only affects hashing.
_WORD_BYTE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_":
    _WORD_BYTE[_c] = True
_WORD_BYTE[128:] = True

_P = np.uint64(0x100000001B3)  # an odd multiplier (FNV prime)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_SHINGLE_MUL = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)
_DENSIFY_STEP = np.uint64(0x9E3779B97F4A7C15)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads every input bit over the output."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


def _word_hashes(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the words of a UTF-8 byte array, and each word's start offset.

    A word's hash is ``sum((byte + 1) * P**k)`` over its bytes (k counted from
    the word's start), plus its length, then mixed. Computed for all words at
    once with ``np.add.reduceat``.
    """
    word = _WORD_BYTE[data]
    edges = np.diff(word.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    if len(starts) == 0:
        return np.empty(0, dtype=np.uint64), starts
    ends = np.flatnonzero(edges == -1)
    lengths = ends - starts
    # position of each word byte inside its word
    pos = np.arange(len(data))[word]
    first = np.repeat(starts, lengths)
    rel = pos - first
    maxlen = int(lengths.max())
    if maxlen > len(_POWS):
        _grow_pows(maxlen)
    with np.errstate(over="ignore"):
        vals = (data[word].astype(np.uint64) + np.uint64(1)) * _POWS[rel]
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        h = np.add.reduceat(vals, offsets) + lengths.astype(np.uint64)
        return _mix(h), starts


_POWS = np.ones(64, dtype=np.uint64)


def _grow_pows(n: int) -> None:
    global _POWS
    out = np.empty(max(n, 64), dtype=np.uint64)
    out[0] = 1
    out[1:] = _P
    with np.errstate(over="ignore"):
        np.cumprod(out, out=out)
    _POWS = out


_grow_pows(64)


# UTF-8 sequences folded at the byte level (bytes.replace is a C loop, much
# faster than str.translate on megabytes): apostrophes vanish so "don’t" and
# "don't" hash alike; dashes and odd spaces separate words.
_BYTE_FOLDS = [
    (b"'", b""), ("\u2019".encode(), b""), ("\u2018".encode(), b""), ("\u201b".encode(), b""),
    ("\u2013".encode(), b" "), ("\u2014".encode(), b" "), ("\u2212".encode(), b"-"),
    ("\u00a0".encode(), b" "), ("\u202f".encode(), b" "), ("\u2009".encode(), b" "),
    ("\u201c".encode(), b" "), ("\u201d".encode(), b" "), ("\u201e".encode(), b" "),
    ("\u00ab".encode(), b" "), ("\u00bb".encode(), b" "), ("\u200b".encode(), b""), ("\ufeff".encode(), b""),
]


def _bytes(text: str) -> np.ndarray:
    data = text.lower().encode("utf-8", "surrogatepass")
    if not data.isascii():
        for a, b in _BYTE_FOLDS[1:]:
            if a in data:
                data = data.replace(a, b)
    return np.frombuffer(data.replace(b"'", b""), dtype=np.uint8)


def token_hashes(text: str) -> np.ndarray:
    """64-bit hashes of the folded word tokens of ``text``, in order."""
    return _word_hashes(_bytes(text))[0]


def shingle_hashes(tok: np.ndarray, k: int = SHINGLE) -> np.ndarray:
    """Hashes of the k-token windows (a document shorter than k is one shingle)."""
    n = len(tok)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    if n < k:
        k = n
    with np.errstate(over="ignore"):
        acc = np.zeros(n - k + 1, dtype=np.uint64)
        for i in range(k):
            acc += tok[i : n - k + 1 + i] * _SHINGLE_MUL[i]
        return _mix(acc)


def oph_signature(shingles: np.ndarray, num_perm: int = NUM_PERM) -> np.ndarray:
    """One-permutation MinHash signature (``num_perm`` uint64), densified.

    All-EMPTY when there are no shingles.
    """
    sig = np.full(num_perm, EMPTY, dtype=np.uint64)
    if len(shingles) == 0:
        return sig
    bits = int(num_perm).bit_length() - 1
    bins = (shingles >> np.uint64(64 - bits)).astype(np.intp)
    vals = shingles & np.uint64((1 << (64 - bits)) - 1)
    np.minimum.at(sig, bins, vals)
    return _densify(sig[None, :])[0]


def _densify(sigs: np.ndarray) -> np.ndarray:
    """Rotation densification of each row's EMPTY bins (in place)."""
    empty = sigs == EMPTY
    if not empty.any():
        return sigs
    full_rows = ~empty.all(axis=1)
    src = sigs.copy()
    todo = empty & full_rows[:, None]
    step = 1
    with np.errstate(over="ignore"):
        while todo.any() and step < sigs.shape[1]:
            rolled = np.roll(src, -step, axis=1)
            fill = todo & (rolled != EMPTY)
            sigs[fill] = (rolled[fill] + _DENSIFY_STEP * np.uint64(step)) & _VAL_MASK
            todo &= ~fill
            step += 1
    return sigs


def signatures(texts: list[str], num_perm: int = NUM_PERM) -> np.ndarray:
    """Signatures of many texts at once, shape ``(len(texts), num_perm)``.

    Equal, row by row, to :func:`oph_signature` of each text, but computed
    over the whole batch at once: the texts are joined with a NUL separator,
    words are hashed in one pass, shingles that would straddle two texts are
    dropped, and the min-per-bin step is one ``np.minimum.at``.
    """
    n = len(texts)
    sig = np.full(n * num_perm, EMPTY, dtype=np.uint64)
    if n == 0:
        return sig.reshape(0, num_perm)
    bits = int(num_perm).bit_length() - 1
    joined = "\x00".join(t.replace("\x00", " ") for t in texts)
    data = _bytes(joined)
    seps = np.flatnonzero(data == 0)
    th, starts = _word_hashes(data)
    owner = np.searchsorted(seps, starts)
    counts = np.bincount(owner, minlength=n)
    k = SHINGLE
    parts_sh = []
    parts_owner = []
    if len(th) >= k:
        with np.errstate(over="ignore"):
            m = len(th) - k + 1
            acc = np.zeros(m, dtype=np.uint64)
            for i in range(k):
                acc += th[i : m + i] * _SHINGLE_MUL[i]
            sh = _mix(acc)
        same = owner[: m] == owner[k - 1 :]
        parts_sh.append(sh[same])
        parts_owner.append(owner[: m][same])
    # texts shorter than one shingle: one shingle of all their tokens
    for d in np.flatnonzero((counts > 0) & (counts < k)):
        idx = np.flatnonzero(owner == d)
        parts_sh.append(shingle_hashes(th[idx]))
        parts_owner.append(np.array([d], dtype=owner.dtype))
    if parts_sh:
        allsh = np.concatenate(parts_sh)
        own = np.concatenate(parts_owner).astype(np.intp)
        key = own * num_perm + (allsh >> np.uint64(64 - bits)).astype(np.intp)
        np.minimum.at(sig, key, allsh & np.uint64((1 << (64 - bits)) - 1))
    return _densify(sig.reshape(n, num_perm))


def band_keys(sigs: np.ndarray, bands: int = BANDS) -> np.ndarray:
    """LSH band keys, shape ``(n, bands)`` int64; rows with no shingles get -1.

    Key = hash of (band index, the band's rows). With 32 bands of 4 rows, two
    documents become candidates with probability 1-(1-J^4)^32: 0.5 at
    J≈0.42, 0.98 at J=0.6, 0.03 at J=0.2.
    """
    n, perm = sigs.shape
    rows = perm // bands
    with np.errstate(over="ignore"):
        acc = np.zeros((n, bands), dtype=np.uint64)
        view = sigs.reshape(n, bands, rows)
        for r in range(rows):
            acc = _mix(acc ^ view[:, :, r])
        acc = _mix(acc + np.arange(bands, dtype=np.uint64) * _DENSIFY_STEP)
    keys = acc.view(np.int64) & np.int64(0x7FFFFFFFFFFFFFFF)
    keys[(sigs == EMPTY).all(axis=1)] = -1
    return keys


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> float:
    ok = (a != EMPTY) & (b != EMPTY)
    if not ok.any():
        return 0.0
    return float(np.mean(a[ok] == b[ok]))


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What one document is indexed by."""

    band_keys: tuple[int, ...]
    anchors: frozenset[str]


def fingerprint(text: str, sentence_spans: list[tuple[int, int]] | None = None) -> Fingerprint:
    """Band keys and anchors of one clean text. Pure."""
    return fingerprint_many([text], [sentence_spans])[0]


def fingerprint_many(
    texts: list[str], sentence_spans: list[list[tuple[int, int]] | None] | None = None
) -> list[Fingerprint]:
    """:func:`fingerprint` of many texts, with the MinHash step batched."""
    keys = band_keys(signatures(texts))
    spans = sentence_spans or [None] * len(texts)
    return [
        Fingerprint(band_keys=tuple(int(k) for k in row if k >= 0), anchors=frozenset(text_anchors(t, sp)))
        for t, sp, row in zip(texts, spans, keys)
    ]


# --- reference ----------------------------------------------------------------


def minhash_reference(text: str, num_perm: int = NUM_PERM) -> list[int]:
    """Plain-Python one-permutation MinHash with rotation densification.

    Slow and obvious; the property tests check :func:`signatures` against it.
    """
    mask64 = (1 << 64) - 1
    data = bytes(_bytes(text))

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
            h = (h + (byte + 1) * pow(int(_P), k, 1 << 64)) & mask64
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
