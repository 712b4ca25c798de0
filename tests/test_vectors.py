"""Sentence-vector index: add/search/remove/save/load, faiss vs numpy, votes."""

from __future__ import annotations

import os

import numpy as np
import pytest

from retold import _vectors
from retold._vectors import (
    HAVE_FAISS,
    NumpySentenceVectors,
    SentenceVectors,
    VectorFileError,
    document_votes,
    load_vectors,
    make_vectors,
)

needs_faiss = pytest.mark.skipif(not HAVE_FAISS, reason="faiss not installed")

DIM = 32


def unit(rng, n, dim=DIM):
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def noisy(rng, x, scale=0.05):
    y = x + scale * rng.standard_normal(x.shape).astype(np.float32)
    return y / np.linalg.norm(y, axis=1, keepdims=True)


def _kinds():
    return [
        pytest.param(lambda: NumpySentenceVectors(DIM), id="numpy"),
        pytest.param(lambda: SentenceVectors(DIM, hnsw_threshold=None), id="faiss-flat",
                     marks=needs_faiss),
        pytest.param(lambda: SentenceVectors(DIM, hnsw_threshold=0), id="faiss-hnsw",
                     marks=needs_faiss),
    ]


@pytest.fixture
def data():
    rng = np.random.default_rng(7)
    vecs = unit(rng, 400)
    keys = np.repeat(np.arange(100, 140, dtype=np.int64), 10)  # 40 docs x 10 sentences
    return rng, vecs, keys


@pytest.mark.parametrize("make", _kinds())
def test_add_search_finds_itself(make, data):
    rng, vecs, keys = data
    idx = make()
    assert len(idx) == 0
    idx.add(keys, vecs)
    assert len(idx) == 400
    assert 100 in idx and 99 not in idx
    assert set(idx.doc_keys().tolist()) == set(range(100, 140))
    sims, got = idx.search(vecs[:20], 3)
    assert sims.shape == got.shape == (20, 3)
    assert sims.dtype == np.float32 and got.dtype == np.int64
    assert np.array_equal(got[:, 0], keys[:20])
    assert np.allclose(sims[:, 0], 1.0, atol=1e-5)
    assert (np.diff(sims, axis=1) <= 1e-6).all()  # sorted, best first


@pytest.mark.parametrize("make", _kinds())
def test_search_pads_when_k_exceeds_rows(make):
    rng = np.random.default_rng(1)
    idx = make()
    s, k = idx.search(unit(rng, 2), 4)  # empty index
    assert (k == -1).all() and np.isneginf(s).all()
    idx.add(np.array([5, 6]), unit(rng, 2))
    s, k = idx.search(unit(rng, 3), 4)
    assert s.shape == (3, 4)
    assert (k[:, :2] != -1).all() and (k[:, 2:] == -1).all()
    assert np.isneginf(s[:, 2:]).all()


@pytest.mark.parametrize("make", _kinds())
def test_input_checks(make):
    idx = make()
    rng = np.random.default_rng(2)
    with pytest.raises(ValueError):
        idx.add(np.array([1, 2]), unit(rng, 3))          # key count mismatch
    with pytest.raises(ValueError):
        idx.add(np.array([1]), unit(rng, 1, DIM + 1))     # wrong dim
    with pytest.raises(ValueError):
        idx.add(np.array([-1]), unit(rng, 1))             # reserved key
    with pytest.raises(ValueError):
        idx.search(unit(rng, 1), 0)
    idx.add(np.array([1]), 3 * unit(rng, 1))              # normalised on the way in
    s, _ = idx.search(unit(rng, 1), 1)
    assert -1.0001 <= s[0, 0] <= 1.0001


@pytest.mark.parametrize("make", _kinds())
def test_remove_and_readd(make, data):
    rng, vecs, keys = data
    idx = make()
    idx.add(keys, vecs)
    assert idx.remove(100) == 10
    assert idx.remove(100) == 0
    assert idx.remove(12345) == 0
    assert len(idx) == 390 and 100 not in idx
    _, got = idx.search(vecs[:10], 5)
    assert not (got == 100).any()
    # a changed document comes back under the same key
    idx.add(np.full(3, 100), vecs[:3])
    assert 100 in idx and len(idx) == 393
    _, got = idx.search(vecs[:3], 1)
    assert (got[:, 0] == 100).all()
    idx.compact()
    assert len(idx) == 393
    _, got = idx.search(vecs[:3], 1)
    assert (got[:, 0] == 100).all()


@pytest.mark.parametrize("make", _kinds())
def test_save_load_round_trip(make, data, tmp_path):
    rng, vecs, keys = data
    idx = make()
    idx.meta["encoder"] = "use-m3"
    idx.add(keys, vecs)
    idx.remove(101)
    q = noisy(rng, vecs[::7])
    before = idx.search(q, 5)
    path = tmp_path / "index.vectors"
    idx.save(path)
    assert sorted(os.listdir(tmp_path)) == ["index.vectors"]  # no temp file left behind
    back = type(idx).load(path)
    assert len(back) == len(idx)
    assert back.meta == {"encoder": "use-m3"}
    after = back.search(q, 5)
    assert np.array_equal(before[1], after[1])
    assert np.allclose(before[0], after[0], atol=1e-6)
    # save over an existing file, and the generic opener
    back.add(np.array([999]), vecs[:1])
    back.save(path)
    again = load_vectors(path)
    assert len(again) == len(idx) + 1 and 999 in again


@needs_faiss
def test_flat_files_load_in_both_classes(data, tmp_path):
    rng, vecs, keys = data
    a = SentenceVectors(DIM, hnsw_threshold=None)
    a.add(keys, vecs)
    a.save(tmp_path / "a")
    b = NumpySentenceVectors.load(tmp_path / "a")
    q = noisy(rng, vecs[:30])
    assert np.array_equal(a.search(q, 4)[1], b.search(q, 4)[1])
    b.save(tmp_path / "b")
    c = SentenceVectors.load(tmp_path / "b")
    assert np.array_equal(a.search(q, 4)[1], c.search(q, 4)[1])


@needs_faiss
def test_hnsw_file_needs_faiss(data, tmp_path):
    _, vecs, keys = data
    a = SentenceVectors(DIM, hnsw_threshold=0)
    a.add(keys, vecs)
    a.save(tmp_path / "h")
    with pytest.raises(VectorFileError, match="faiss"):
        NumpySentenceVectors.load(tmp_path / "h")
    assert SentenceVectors.load(tmp_path / "h").is_hnsw


def test_corrupt_and_foreign_files(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(VectorFileError):
        load_vectors(bad)
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, x=np.zeros(3))
    with pytest.raises(VectorFileError):
        load_vectors(foreign)
    with pytest.raises(FileNotFoundError):
        load_vectors(tmp_path / "absent")


def test_failed_save_keeps_old_file(data, tmp_path, monkeypatch):
    _, vecs, keys = data
    idx = NumpySentenceVectors(DIM)
    idx.add(keys, vecs)
    path = tmp_path / "v"
    idx.save(path)
    original = path.read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(_vectors.np, "savez", boom)
    idx.add(np.array([1]), vecs[:1])
    with pytest.raises(OSError):
        idx.save(path)
    assert path.read_bytes() == original
    assert sorted(os.listdir(tmp_path)) == ["v"]


# --- faiss vs exact numpy ------------------------------------------------------


@needs_faiss
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_faiss_flat_agrees_with_numpy(seed):
    rng = np.random.default_rng(seed)
    vecs = unit(rng, 1000)
    keys = rng.integers(0, 200, size=1000)
    q = unit(rng, 50)
    a = SentenceVectors(DIM, hnsw_threshold=None)
    b = NumpySentenceVectors(DIM)
    a.add(keys, vecs)
    b.add(keys, vecs)
    sa, ka = a.search(q, 10)
    sb, kb = b.search(q, 10)
    assert np.allclose(sa, sb, atol=1e-5)
    assert np.array_equal(ka, kb)
    for key in (3, 50, 150):
        a.remove(key)
        b.remove(key)
    sa, ka = a.search(q, 10)
    sb, kb = b.search(q, 10)
    assert np.allclose(sa, sb, atol=1e-5)
    assert np.array_equal(ka, kb)


@needs_faiss
def test_faiss_hnsw_close_to_exact():
    rng = np.random.default_rng(3)
    vecs = unit(rng, 2000)
    keys = np.arange(2000)
    q = noisy(rng, vecs[:200], 0.3)
    a = SentenceVectors(DIM, hnsw_threshold=0)
    b = NumpySentenceVectors(DIM)
    a.add(keys, vecs)
    b.add(keys, vecs)
    _, ka = a.search(q, 10)
    _, kb = b.search(q, 10)
    recall = np.mean([len(set(x) & set(y)) / 10 for x, y in zip(ka, kb)])
    assert recall > 0.9
    assert (ka[:, 0] == kb[:, 0]).mean() > 0.95


@needs_faiss
def test_switches_to_hnsw_at_threshold(data):
    _, vecs, keys = data
    idx = SentenceVectors(DIM, hnsw_threshold=300)
    idx.add(keys[:200], vecs[:200])
    assert not idx.is_hnsw
    idx.remove(100)
    idx.add(keys[200:], vecs[200:])
    assert idx.is_hnsw and len(idx) == 390
    _, got = idx.search(vecs[250:260], 1)
    assert np.array_equal(got[:, 0], keys[250:260])


def test_make_vectors_without_faiss(monkeypatch):
    monkeypatch.setattr(_vectors, "HAVE_FAISS", False)
    assert isinstance(make_vectors(8), NumpySentenceVectors)


# --- document votes --------------------------------------------------------------


@pytest.mark.parametrize("make", _kinds())
def test_document_votes(make):
    rng = np.random.default_rng(11)
    idx = make()
    sents = unit(rng, 60)
    # doc 1: sentences 0-9; doc 2: 10-19 plus a copy of 0-3; doc 3: 20-59
    idx.add(np.full(10, 1), sents[:10])
    idx.add(np.full(14, 2), np.vstack([sents[10:20], sents[:4]]))
    idx.add(np.full(40, 3), sents[20:60])
    query = noisy(rng, sents[:6], 0.02)  # a retelling of doc 1's first six sentences
    votes = document_votes(query, idx, k=5, min_sim=0.9)
    assert votes == {1: 6.0, 2: 4.0}
    assert document_votes(query, idx, k=5, min_sim=0.9, exclude=1) == {2: 4.0}
    weighted = document_votes(query, idx, k=5, min_sim=0.9, weighted=True)
    assert 5.5 < weighted[1] <= 6.0
    assert document_votes(query, idx, k=5, min_sim=0.9999) == {}
    assert document_votes(np.zeros((0, DIM), np.float32), idx) == {}


def test_document_votes_counts_a_sentence_once_per_doc():
    idx = NumpySentenceVectors(4)
    v = np.eye(4, dtype=np.float32)
    idx.add(np.array([7, 7, 7]), np.vstack([v[0], v[0], v[1]]))  # a repeated sentence
    assert document_votes(v[:1], idx, k=3, min_sim=0.5) == {7: 1.0}
    assert document_votes(v[:2], idx, k=3, min_sim=0.5) == {7: 2.0}
