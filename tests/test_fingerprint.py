import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from retold._fingerprint import (
    EMPTY,
    band_keys,
    fingerprint,
    jaccard_estimate,
    minhash_reference,
    oph_signature,
    shingle_hashes,
    signatures,
    token_hashes,
)

words = st.sampled_from("the border agents found people near emerson in the cold 24,000 Ça coûte € don’t — x".split())
texts = st.lists(words, min_size=0, max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=1, max_size=5))
def test_batch_signatures_equal_reference(batch):
    sigs = signatures(batch)
    for row, t in zip(sigs, batch):
        assert row.tolist() == minhash_reference(t)
        assert (row == oph_signature(shingle_hashes(token_hashes(t)))).all()


def test_identical_texts_identical_signatures_and_keys():
    t = "Almost 24,000 people were apprehended crossing from Canada into the United States last year."
    s = signatures([t, t])
    assert (s[0] == s[1]).all()
    k = band_keys(s)
    assert (k[0] == k[1]).all() and (k[0] >= 0).all()


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


def test_token_hashes_ignore_case_and_curly_apostrophes():
    a = token_hashes("Don't Stop")
    b = token_hashes("don’t stop")
    assert np.array_equal(a, b) and len(a) == 2
