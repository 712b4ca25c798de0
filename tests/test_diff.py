from difflib import SequenceMatcher

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold import _diff
from retold._diff import matching_blocks_reference, opcodes, ratio

try:
    from retold._seqmatch import matching_blocks as c_blocks
except ImportError:  # pragma: no cover - the extension is optional
    c_blocks = None
needs_c = pytest.mark.skipif(c_blocks is None, reason="the C extension retold._seqmatch is not built")

# few distinct words, so that equally long matches (ties) are common
word = st.sampled_from(["the", "border", "agents", "24,000", "a", "of", "people", "x"])
words = st.lists(word, max_size=45)


@st.composite
def edited(draw):
    """A word list and a copy with a few words replaced, dropped or inserted."""
    a = draw(words)
    b = list(a)
    for op, pos, w in draw(st.lists(st.tuples(st.sampled_from("rdi"), st.integers(0, 60), word), max_size=6)):
        if op == "i":
            b.insert(pos % (len(b) + 1), w)
        elif b:
            if op == "r":
                b[pos % len(b)] = w
            else:
                del b[pos % len(b)]
    return a, b


@needs_c
@settings(max_examples=400, deadline=None)
@given(st.one_of(st.tuples(words, words), edited()))
def test_c_matching_blocks_equal_difflib(ab):
    a, b = ab
    assert c_blocks(a, b) == matching_blocks_reference(a, b)


@needs_c
@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 4), max_size=60), st.lists(st.integers(0, 4), max_size=60))
def test_c_matching_blocks_any_hashable_and_tuples(a, b):
    assert c_blocks(tuple(a), b) == matching_blocks_reference(a, b)
    assert c_blocks([(x,) for x in a], [(x,) for x in b]) == matching_blocks_reference(a, b)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.tuples(words, words), edited()))
def test_opcodes_and_ratio_are_difflibs(ab):
    a, b = ab
    sm = SequenceMatcher(None, a, b, autojunk=False)
    assert opcodes(_diff.matching_blocks(a, b)) == sm.get_opcodes()
    assert ratio(a, b) == sm.ratio()


def test_edges():
    assert _diff.matching_blocks([], []) == [(0, 0, 0)]
    assert _diff.matching_blocks(["a"], []) == [(1, 0, 0)]
    assert _diff.matching_blocks("abxcd", "abcd") == [(0, 0, 2), (3, 2, 2), (5, 4, 0)]
    assert ratio([], []) == 1.0


@needs_c
def test_c_errors_are_pythons():
    with pytest.raises(TypeError):
        c_blocks([["unhashable"]], ["a"])
    with pytest.raises(TypeError):
        c_blocks(3, ["a"])
