"""In-memory posting lists, checked against a plain dictionary of sets."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from retold._postings import Postings

KEYS = st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.integers(min_value=0, max_value=12)
OPS = st.lists(
    st.tuples(st.sampled_from(["add", "remove", "ask"]), st.integers(1, 8), st.sets(KEYS, max_size=6)),
    max_size=40,
)


def test_spans_and_holders():
    p = Postings(np.array([5, 3, 5, 9]), np.array([1, 1, 2, 3]))
    p.add(4, [5, 7])
    lo, hi = p.spans(np.array([5, 6, 3]))
    assert (hi - lo).tolist() == [3, 0, 1]
    assert sorted(p.docs(lo, hi).tolist()) == [1, 1, 2, 4]
    assert p.holders([5, 7]) == {1, 2, 4}
    assert p.holders([5, 7], max_df=2) == {4}  # key 5 is held by three documents
    p.remove(1)
    assert p.holders([3, 5]) == {2, 4}
    assert len(p) == 4


@settings(max_examples=150, deadline=None)
@given(OPS)
def test_postings_answer_as_a_dict_of_sets(ops):
    p = Postings()
    model: dict[int, set[int]] = {}  # key -> documents
    for op, doc, keys in ops:
        if op == "add":
            if any(doc in model.get(k, ()) for k in model):
                continue  # a document's postings are written once (the store replaces them whole)
            p.add(doc, keys)
            for k in keys:
                model.setdefault(k, set()).add(doc)
        elif op == "remove":
            p.remove(doc)
            for held in model.values():
                held.discard(doc)
        else:
            for max_df in (None, 1, 2):
                want = {d for k in keys for d in model.get(k, ()) if max_df is None or len(model[k]) <= max_df}
                assert p.holders(keys, max_df) == want
            q = np.array(sorted(keys), dtype=np.int64)
            lo, hi = p.spans(q)
            assert (hi - lo).tolist() == [len(model.get(k, ())) for k in q.tolist()]
    assert len(p) == sum(len(v) for v in model.values())
