"""Sentence features: the cached per-sentence path gives what the plain one gives, and the fast
cosine matrices what their definition gives."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold import _similarity as S
from retold._clean import clean
from retold._load import load_text
from retold._similarity import (
    document_features,
    lexical_features,
    lexical_matrices,
    lexical_matrices_reference,
    sentence_bags,
)

WORDS = ["The", "harbour", "Port", "Calden", "said", "on", "Monday", "24,000", "people", "of", "1.5", "Mr", "Kowalczyk",
         "crossed", "river", "and", "the", "it", "was", "cold", "Émile", "don't", "x"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), min_size=1, max_size=4),
                min_size=1, max_size=5))
def test_cached_sentence_rows_give_the_plain_features(paragraphs):
    text = "\n\n".join(" ".join(" ".join(s) + "." for s in para) for para in paragraphs)
    doc = clean(load_text(text, "d"))
    for _ in range(2):  # the second time from the cache
        fast, plain = document_features(doc), lexical_features(sentence_bags(doc))
        assert fast.n == plain.n
        for f in ("rows", "terms", "weights"):
            a, b = getattr(fast, f), getattr(plain, f)
            assert a.dtype == b.dtype and np.array_equal(a, b)


_sentences = st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=10), min_size=0, max_size=6)


@settings(max_examples=150, deadline=None)
@given(_sentences, _sentences)
def test_fast_matrices_match_their_definition(sa, sb):
    # empty sentences (no terms) and documents of 0 or 1 sentence included
    from retold._similarity import sentence_terms

    fa = lexical_features([sentence_terms(" ".join(x)) for x in sa])
    fb = lexical_features([sentence_terms(" ".join(x)) for x in sb])
    fast, ref = lexical_matrices(fa, fb), lexical_matrices_reference(fa, fb)
    for name in ("sim", "sim_12", "sim_21", "lex"):
        x, y = getattr(fast, name), getattr(ref, name)
        assert x.shape == y.shape, name
        assert x.dtype == np.float64
        assert np.allclose(x, y, rtol=0, atol=1.5e-6), name


def test_fast_matrices_of_identical_sentences_are_one():
    fa = lexical_features([{"harbour": 1.0, "calden": 2.0}, {"the": 0.2, "river": 1.0}])
    m = lexical_matrices(fa, fa)
    assert np.array_equal(np.diag(m.sim), [1.0, 1.0]) and np.array_equal(np.diag(m.lex), [1.0, 1.0])
    assert m.sim[0, 1] == 0.0
    # sentence 0 against sentences 0 and 1 merged: |a|² / (|a| · |a + b|)
    assert m.sim_12[0, 0] == round(np.sqrt(5.0) / np.sqrt(5.0 + 1.04), 6)


@settings(max_examples=60, deadline=None)
@given(_sentences, _sentences)
def test_features_survive_pickling(sa, sb):
    import pickle

    from retold._similarity import sentence_terms

    fa = lexical_features([sentence_terms(" ".join(x)) for x in sa])
    fb = lexical_features([sentence_terms(" ".join(x)) for x in sb])
    ga, gb = pickle.loads(pickle.dumps(fa)), pickle.loads(pickle.dumps(fb, protocol=4))
    for f, g in ((fa, ga), (fb, gb)):
        assert g.n == f.n
        for name in ("rows", "terms", "weights", "inv_norms", "inv_norms_merged", "inv_sizes"):
            x, y = getattr(f, name), getattr(g, name)
            assert x.dtype == y.dtype and np.array_equal(x, y), name
    m, k = lexical_matrices(fa, fb), lexical_matrices(ga, gb)
    for name in ("sim", "sim_12", "sim_21", "lex"):
        assert np.array_equal(getattr(m, name), getattr(k, name))


# --- the matrices in C (retold/_lexc.c) against the numpy path ---------------------------

needs_lexc = pytest.mark.skipif(S._lexc is None, reason="the C extension retold._lexc is not built")


@needs_lexc
@settings(max_examples=200, deadline=None)
@given(_sentences, _sentences)
def test_c_matrices_equal_the_numpy_ones(sa, sb):
    fa = S.lexical_features([S.sentence_terms(" ".join(x)) for x in sa])
    fb = S.lexical_features([S.sentence_terms(" ".join(x)) for x in sb])
    c, n = lexical_matrices(fa, fb), S._lexical_matrices_numpy(fa, fb)
    for name in ("sim", "sim_12", "sim_21", "lex"):
        x, y = getattr(c, name), getattr(n, name)
        assert x.shape == y.shape and x.dtype == y.dtype == np.float64, name
        assert np.array_equal(x, y), name


@needs_lexc
def test_c_matrices_refuse_malformed_features():
    fa = S.lexical_features([{"harbour": 1.0}, {"river": 1.0}])
    out = [np.empty((2, 2)), np.empty((2, 1)), np.empty((1, 2)), np.empty((2, 2))]
    S._lexc.matrices(fa, fa, *out)  # well-formed: fills
    assert out[0][0, 0] == 1.0
    with pytest.raises(ValueError, match="sim_12"):
        S._lexc.matrices(fa, fa, out[0], np.empty((2, 2)), out[2], out[3])
    bad = S.lexical_features([{"harbour": 1.0}])
    bad.rows = np.array([5], dtype=np.int32)
    with pytest.raises(ValueError, match="row outside"):
        S._lexc.matrices(bad, fa, np.empty((1, 2)), np.empty((1, 1)), np.empty((0, 2)), np.empty((1, 2)))
    bad.rows = np.array([0], dtype=np.int64)
    with pytest.raises(TypeError, match="rows"):
        S._lexc.matrices(bad, fa, np.empty((1, 2)), np.empty((1, 1)), np.empty((0, 2)), np.empty((1, 2)))
