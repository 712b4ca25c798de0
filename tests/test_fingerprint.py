import json
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from retold import _fingerprint as F
from retold._fingerprint import (
    EMPTY,
    SCHEME,
    band_keys,
    band_keys_of,
    fingerprint,
    jaccard_estimate,
    minhash_reference,
    oph_signature,
    shingle_hashes,
    signatures,
    signatures_from_shingles,
    token_hashes,
)

try:
    import rensa
except ImportError:  # pragma: no cover - rensa is in the test extra
    rensa = None
needs_rensa = pytest.mark.skipif(rensa is None, reason="rensa not installed")

words = st.sampled_from(
    "the border agents found people near emerson in the cold 24,000 Ça coûte € don’t — x "
    "« oui » naïve İstanbul l'été 12\u2212x a\u00a0b c\u2009d zero\u200bwidth \ufeffbom "
    "internationalisation antidisestablishmentarianism_and_then_some_more_letters_to_pass_64_bytes_xxxxxxxx "
    "Ελληνικά_κείμενα_αρκετά_μακριά".split()
)
texts = st.lists(words, min_size=0, max_size=40).map(" ".join)
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=120) | st.text(
    alphabet="ab’'—\u00a0«» \n\x00é\u2013\u201c\u200b\ufeffX", max_size=60
)


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=1, max_size=5))
def test_batch_signatures_equal_reference(batch):
    sigs = signatures(batch)
    for row, t in zip(sigs, batch):
        assert row.tolist() == minhash_reference(t)
        assert (row == oph_signature(shingle_hashes(token_hashes(t)))).all()


@settings(max_examples=80, deadline=None)
@given(st.lists(any_text, min_size=1, max_size=4))
def test_any_unicode_text_equals_reference(batch):
    sigs = signatures(batch)
    for row, t in zip(sigs, batch):
        assert row.tolist() == minhash_reference(t)


@settings(max_examples=80, deadline=None)
@given(st.lists(any_text, min_size=0, max_size=5))
def test_vectorised_fold_equals_plain_fold(batch):
    data, bounds = F._encode(batch)
    for i, t in enumerate(batch):
        assert bytes(data[bounds[i] : bounds[i + 1] - 1]) == F._bytes(t)


def test_long_words_take_the_per_byte_path_and_agree():
    t = "w" * 65 + " " + "v" * 300 + " u" * 7 + " " + "q" * 64 + " " + "é" * 40
    assert signatures([t])[0].tolist() == minhash_reference(t)


def test_identical_texts_identical_signatures_and_keys():
    t = "Almost 24,000 people were apprehended crossing from Canada into the United States last year."
    s = signatures([t, t])
    assert (s[0] == s[1]).all()
    k = band_keys(s)
    assert (k[0] == k[1]).all() and (k[0] >= 0).all()


def test_band_keys_are_pinned_to_the_scheme():
    # Values computed by the first (unvectorised) implementation. If this fails,
    # the band keys changed: indexes on disk hold the old ones.
    # Bump SCHEME (the index then re-fingerprints on open) and update these.
    assert SCHEME == "oph-1:w5:p128:b32x4"
    keys = band_keys_of(["Almost 24,000 people were apprehended crossing from Canada last year.", "short one"])
    assert keys[0][:3] == (278184068859040424, 8053053695896204120, 7909604854151315746)
    assert keys[1][:2] == (6295542111786238197, 6001098260947321574)


def test_jaccard_estimate_tracks_overlap():
    base = " ".join(f"w{i}" for i in range(400))
    half = " ".join(f"w{i}" for i in range(200)) + " " + " ".join(f"z{i}" for i in range(200))
    other = " ".join(f"z{i}" for i in range(400))
    s = signatures([base, half, other])
    j_half = jaccard_estimate(s[0], s[1])
    assert 0.2 < j_half < 0.5  # true Jaccard of the 5-gram sets ~ 0.33
    assert jaccard_estimate(s[0], s[2]) < 0.05


def test_empty_text_has_no_keys():
    s = signatures([""])
    assert (s == EMPTY).all()
    assert (band_keys(s) == -1).all()
    assert fingerprint("").band_keys == ()
    assert signatures([]).shape == (0, 128)


def test_short_documents_between_long_ones():
    batch = ["a b c d e f g", "one", "", "two words", "x y z w v u"]
    sigs = signatures(batch)
    for row, t in zip(sigs, batch):
        assert row.tolist() == minhash_reference(t)


def test_batches_are_cut_into_chunks_without_changing_signatures(monkeypatch):
    batch = [f"text {i} " + "word " * (i % 7) for i in range(40)] + ["", "x"]
    whole = signatures(batch)
    whole_rensa = signatures(batch, minhash="rensa") if rensa is not None else None
    monkeypatch.setattr(F, "_CHUNK_CHARS", 30)
    assert len(list(F._chunks(batch))) > 5
    assert np.array_equal(signatures(batch), whole)
    if rensa is not None:
        assert np.array_equal(signatures(batch, minhash="rensa"), whole_rensa)
    for row, t in zip(whole, batch):
        assert row.tolist() == minhash_reference(t)


def test_token_hashes_ignore_case_and_curly_apostrophes():
    a = token_hashes("Don't Stop")
    b = token_hashes("don’t stop")
    assert np.array_equal(a, b) and len(a) == 2


# --- rensa: properties instead of a reference -------------------------------------------


def _true_jaccard(a: str, b: str) -> float:
    sh, off = F._shingles([a, b])
    x, y = set(sh[off[0] : off[1]].tolist()), set(sh[off[1] : off[2]].tolist())
    return len(x & y) / len(x | y)


@needs_rensa
@settings(max_examples=25, deadline=None)
@given(st.integers(0, 300), st.integers(1, 300), st.integers(0, 10_000))
def test_rensa_jaccard_estimate_is_close_to_the_true_jaccard(shared, own, salt):
    common = [f"c{salt}_{i}" for i in range(shared)]
    a = " ".join(common + [f"a{salt}_{i}" for i in range(own)])
    b = " ".join(common + [f"b{salt}_{i}" for i in range(own)])
    s = signatures([a, b], minhash="rensa")
    assert s.dtype == np.uint32
    # 128 values: standard error <= 0.045; 0.2 is > 4 standard errors
    assert abs(jaccard_estimate(s[0], s[1]) - _true_jaccard(a, b)) < 0.2


@needs_rensa
def test_rensa_backend_identical_texts_and_empty_rows():
    t = "Almost 24,000 people were apprehended crossing from Canada into the United States last year."
    s = signatures([t, "", t], minhash="rensa")
    assert (s[0] == s[2]).all() and (s[1] == 0xFFFFFFFF).all()
    k = band_keys(s)
    assert (k[0] == k[2]).all() and (k[0] >= 0).all() and (k[1] == -1).all()


@needs_rensa
def test_rensa_flat_api_equals_per_document_api():
    batch = ["a b c d e f g h", "one", "", "the quick brown fox jumps over the lazy dog again and again"]
    sh, off = F._shingles(batch)
    per_doc = [sh[off[i] : off[i + 1]].tolist() for i in range(len(batch))]
    m = rensa.RMinHash.digest_matrix_from_token_hash_sets(per_doc, 128, F.RENSA_SEED)
    assert signatures(batch, minhash="rensa").tolist() == m.to_rows()


# --- pre-built shingle strings (retold/_strhash.c against the Python definition) ----------

needs_strhash = pytest.mark.skipif(F._strhash is None, reason="the C extension retold._strhash is not built")
shingle = st.text(max_size=70) | st.binary(max_size=70) | st.text(alphabet="ab é漢\ud800", max_size=40)


def test_signatures_from_shingles():
    sh = [["a b c d e", "b c d e f"], [], ["a b c d e", "b c d e f"], ["x"], [b"a b c d e", "b c d e f"]]
    s = signatures_from_shingles(sh)
    assert s.shape == (5, 128) and s.dtype == np.uint64
    assert (s[0] == s[2]).all() and (s[0] == s[4]).all() and (s[1] == EMPTY).all()
    assert not (s[3] == EMPTY).any()  # one shingle fills every bin by densification
    k = band_keys(s)
    assert (k[1] == -1).all() and (k[0] == k[2]).all() and (k[0] != k[3]).all()
    assert (s == F._oph_from_strings(sh)).all()


def test_string_hash_is_pinned():
    # the definition: changing it changes every pre-built-shingle signature
    got = [F.string_hash(x) for x in ("", "a", "abc", "abcd", "abcdefg", "abcdefgh", "x" * 16, "x" * 17, "é" * 20)]
    assert got == PINNED_STRING_HASHES
    assert F.string_hash("border agents") == F.string_hash(b"border agents")


PINNED_STRING_HASHES = [
    2746133277862327539, 8034113496782835268, 6043941354376975326, 16456809344321019139, 1941614204073219334,
    2466978280146719867, 13179806202940542310, 15391149120748772610, 1619764088262042443,
]


@needs_strhash
@settings(max_examples=150, deadline=None)
@given(st.lists(shingle, max_size=30))
def test_c_string_hashes_equal_the_definition(strings):
    out = np.empty(len(strings), dtype=np.uint64)
    F._strhash.hashes(strings, out)
    assert out.tolist() == [F.string_hash(x) for x in strings]


@needs_strhash
@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(shingle, max_size=60), max_size=6), st.sampled_from([2, 8, 64, 128]))
def test_c_shingle_signatures_equal_the_python_reference(docs, num_perm):
    assert (signatures_from_shingles(docs, num_perm) == F._oph_from_strings(docs, num_perm)).all()


@needs_strhash
@settings(max_examples=80, deadline=None)
@given(st.integers(1, 8), st.integers(0, 6), st.floats(0, 1), st.integers(0, 2**32 - 1))
def test_c_densify_equals_numpy(bits, rows, empty_share, seed):
    rng = np.random.default_rng(seed)
    sig = rng.integers(0, 2**57, size=(rows, 1 << bits), dtype=np.uint64)
    sig[rng.random(sig.shape) < empty_share] = EMPTY
    want = F._densify_numpy(sig.copy())
    F._strhash.densify(sig, bits)
    assert (sig == want).all()


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 400), st.integers(1, 400), st.integers(0, 10_000))
def test_shingle_signatures_estimate_jaccard(shared, own, salt):
    assume(shared + own >= 128)  # smaller sets leave bins empty, and densified bins are correlated
    common = [f"{salt} shared {i}" for i in range(shared)]
    a = common + [f"{salt} a {i}" for i in range(own)]
    b = common + [f"{salt} b {i}" for i in range(own)]
    s = signatures_from_shingles([a, b])
    true = shared / (shared + 2 * own)
    assert abs(jaccard_estimate(s[0], s[1]) - true) < 0.2


@pytest.mark.parametrize("strhash", ["c", "python"])
def test_shingle_input_errors_name_the_problem(monkeypatch, strhash):
    if strhash == "python":
        monkeypatch.setattr(F, "_strhash", None)
    elif F._strhash is None:
        pytest.skip("the C extension retold._strhash is not built")
    with pytest.raises(TypeError, match="document 1: a sequence of shingles"):
        signatures_from_shingles([["a"], "a b c"])
    with pytest.raises(TypeError, match="a shingle must be str or bytes, not int"):
        signatures_from_shingles([["a", 3]])
    with pytest.raises(ValueError, match="power of two"):
        signatures_from_shingles([["a"]], 100)


_CHILD = r"""
import hashlib, json, sys
from retold._fingerprint import band_keys, signatures, signatures_from_shingles
texts = ["Almost 24,000 people crossed near Emerson, Manitoba, said agent Marek Kowalczyk.",
         "Près de 24 000 personnes ont traversé près d'Emerson", "", "don’t stop — ever"]
sh = [t.lower().split() for t in texts]
out = {}
for name, sig in (("oph", signatures(texts)), ("rensa", signatures(texts, minhash="rensa")),
                  ("shingles", signatures_from_shingles(sh))):
    out[name] = hashlib.sha256(sig.tobytes() + band_keys(sig).tobytes()).hexdigest()
print(json.dumps(out))
"""


@needs_rensa
def test_signatures_are_deterministic_across_processes_and_hash_seeds():
    outs = []
    for seed in ("0", "1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run([sys.executable, "-c", _CHILD], env=env, capture_output=True, text=True, check=True)
        outs.append(json.loads(r.stdout))
    assert outs[0] == outs[1] == outs[2]


# --- the scheme recorded in the index ----------------------------------------------------


def _two_copies(tmp_path):
    from retold import Config, Index

    base = " ".join(f"word{i}" for i in range(300))
    idx = Index(tmp_path / "i.sqlite", Config(encoder=None))
    idx.add(base, "a")
    idx.add(base.replace("word150", "changed"), "b")
    return idx


def test_index_records_the_fingerprint_scheme(tmp_path):
    idx = _two_copies(tmp_path)
    assert idx.store.get_meta("fingerprint") == SCHEME
    idx.close()


def test_index_built_under_another_scheme_is_refingerprinted(tmp_path):
    from retold import Config, Index

    idx = _two_copies(tmp_path)
    before = sorted(idx.store.db.execute("SELECT key, doc FROM bands"))
    idx.store.set_meta("fingerprint", "some-older-scheme")
    idx.store.db.execute("UPDATE bands SET key = key + 1")  # keys of another scheme
    idx.close()
    idx = Index(tmp_path / "i.sqlite", Config(encoder=None))
    assert idx.store.get_meta("fingerprint") == SCHEME
    assert sorted(idx.store.db.execute("SELECT key, doc FROM bands")) == before
    assert [p.b for p in idx.copies_of(" ".join(f"word{i}" for i in range(300)))]
    idx.close()


def test_index_without_a_recorded_scheme_is_the_legacy_one(tmp_path):
    from retold import Config, Index

    idx = _two_copies(tmp_path)
    idx.store.db.execute("DELETE FROM meta WHERE key='fingerprint'")
    before = sorted(idx.store.db.execute("SELECT key, doc FROM bands"))
    idx.close()
    idx = Index(tmp_path / "i.sqlite", Config(encoder=None))
    assert idx.store.get_meta("fingerprint") == SCHEME == F.LEGACY_SCHEME
    assert sorted(idx.store.db.execute("SELECT key, doc FROM bands")) == before
    idx.close()
