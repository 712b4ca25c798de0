"""Sentence features: the cached per-sentence path gives what the plain one gives."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from retold._clean import clean
from retold._load import load_text
from retold._similarity import document_features, lexical_features, sentence_bags

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
