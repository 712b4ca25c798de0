from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from retold._candidates import MAX_BUCKET, anchor_pairs, lsh_pair_array, lsh_pairs
from retold._fingerprint import band_keys, signatures
from retold._text import anchors


def naive_lsh_pairs(keys, max_bucket=MAX_BUCKET):
    """The definition: per key, the first ``max_bucket`` documents holding it, all pairs."""
    buckets = defaultdict(set)
    for i, row in enumerate(keys.tolist()):
        for k in row:
            if k >= 0:
                buckets[k].add(i)
    out = set()
    for docs in buckets.values():
        docs = sorted(docs)[:max_bucket]
        out.update((a, b) for x, a in enumerate(docs) for b in docs[x + 1 :])
    return out


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.int64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=40), elements=st.integers(-1, 30)))
def test_lsh_pairs_equal_the_definition(keys):
    assert lsh_pairs(keys) == naive_lsh_pairs(keys)
    arr = lsh_pair_array(keys)
    assert arr.dtype == np.int64 and arr.shape[1] == 2
    assert (arr[:, 0] < arr[:, 1]).all()


def test_lsh_pairs_large_input_with_prefilter_and_template_bucket():
    rng = np.random.default_rng(7)
    keys = rng.integers(0, 1 << 62, size=(3000, 32), dtype=np.int64)  # > 4096 keys: the bincount prefilter runs
    keys[rng.integers(1000, 3000, 40), rng.integers(0, 32, 40)] = 12345  # a few shared keys
    keys[:300, 5] = 777  # a template: 300 documents share one key, capped at MAX_BUCKET
    keys[2500] = -1  # an empty document
    keys[20, 3] = keys[21, 9] = 99  # one pair via different bands
    got = lsh_pairs(keys)
    assert got == naive_lsh_pairs(keys)
    assert (20, 21) in got and not any(2500 in p for p in got)
    assert (0, MAX_BUCKET - 1) in got and (0, MAX_BUCKET) not in got


def test_lsh_pairs_find_near_copies_only():
    base = " ".join(f"word{i}" for i in range(300))
    near = base.replace("word150", "changed")
    far = " ".join(f"other{i}" for i in range(300))
    keys = band_keys(signatures([base, near, far]))
    assert lsh_pairs(keys) == {(0, 1)}


def test_lsh_ignores_empty_documents():
    keys = band_keys(signatures(["", ""]))
    assert lsh_pairs(keys) == set()


def test_anchor_pairs_link_translations_not_topic_neighbours():
    en = "Almost 24,000 people crossed near Emerson, Manitoba, said agent Marek Kowalczyk on Tuesday in Pembina."
    fr = "Près de 24 000 personnes ont traversé près d'Emerson, au Manitoba, a dit l'agent Marek Kowalczyk à Pembina."
    other = "A new port of entry opened in Woodstock, New Brunswick, with 40 officers, said Claire Arsenault."
    filler = [f"Unrelated note number {i} about Toronto and Quebec." for i in range(5)]
    sets = [anchors(t) for t in [en, fr, other, *filler]]
    pairs = anchor_pairs(sets, max_df=50, min_shared=3, min_overlap=0.2)
    assert (0, 1) in pairs
    assert not any(2 in p for p in pairs)


def test_anchor_pairs_drop_stop_anchors():
    sets = [{"@canada", f"#{i}"} for i in range(20)]
    assert anchor_pairs(sets, max_df=5, min_shared=1, min_overlap=0.0) == {}
