"""Alignment invariants, checked on generated texts (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from retold._align import AlignConfig, align, align_reference, passage_agreement
from retold._clean import clean
from retold._load import load_text
from retold._similarity import LexicalSimilarity

SIM = LexicalSimilarity()
CFG = AlignConfig(threshold=SIM.threshold)

VOCAB = (
    "border agents people crossed field snow night river officials said year record cold wind family "
    "children town council tram line vote budget mayor station minister report police court market"
).split()
sentence = st.lists(st.sampled_from(VOCAB), min_size=3, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
article = st.lists(paragraph, min_size=1, max_size=6).map("\n\n".join)


def doc(text, i="x"):
    return clean(load_text(text, i, language="en"))


def run(a, b, fn=align, texts=False):
    da, db = doc(a, "a"), doc(b, "b")
    mats = SIM.matrices(SIM.features(da), SIM.features(db))
    return da, db, fn(mats, da.sentences, db.sentences, CFG, texts=(da.text, db.text) if texts else None)


def check_invariants(da, db, al):
    last_a = -1
    used_b = []
    for p in al.passages:
        assert 0 <= p.a_start < p.a_end <= len(da.text)
        assert 0 <= p.b_start < p.b_end <= len(db.text)
        assert p.a_start >= last_a, "passages sorted and non-overlapping on A"
        last_a = p.a_end
        for s, e in used_b:
            assert p.b_end <= s or p.b_start >= e, "passages non-overlapping on B"
        used_b.append((p.b_start, p.b_end))
        prev = None
        for (a0, a1), (b0, b1), _s in p.pairs:
            assert a0 <= a1 and b0 <= b1
            if prev:
                assert a0 > prev[0] and b0 > prev[1], "monotone within a passage"
            prev = (a1, b1)
    assert 0.0 <= al.coverage_a <= 1.0 and 0.0 <= al.coverage_b <= 1.0


@settings(max_examples=60, deadline=None)
@given(article, article)
def test_invariants_on_any_pair(a, b):
    da, db, al = run(a, b)
    check_invariants(da, db, al)
    # edges moved inside sentences (or into the one just outside): still
    # sorted, non-overlapping, inside the texts
    da, db, al = run(a, b, texts=True)
    check_invariants(da, db, al)
    for p in al.passages:
        (a0, _), (b0, _), _ = p.pairs[0]
        (_, a1), (_, b1), _ = p.pairs[-1]
        assert da.sentences[max(0, a0 - 1)][0] <= p.a_start and p.a_end <= da.sentences[min(a1 + 1, len(da.sentences) - 1)][1]
        assert db.sentences[max(0, b0 - 1)][0] <= p.b_start and p.b_end <= db.sentences[min(b1 + 1, len(db.sentences) - 1)][1]


@settings(max_examples=60, deadline=None)
@given(article)
def test_identical_texts_align_fully(a):
    da, db, al = run(a, a)
    assert al.coverage_a == 1.0 and al.coverage_b == 1.0
    assert al.verbatim == 1.0
    _, _, al2 = run(a, a, texts=True)
    assert [(p.a_start, p.a_end, p.b_start, p.b_end) for p in al2.passages] == [
        (p.a_start, p.a_end, p.b_start, p.b_end) for p in al.passages
    ]


@settings(max_examples=40, deadline=None)
@given(article, article)
def test_fast_path_equals_reference(a, b):
    for texts in (False, True):
        _, _, fast = run(a, b, texts=texts)
        _, _, ref = run(a, b, align_reference, texts=texts)
        assert [(p.a_start, p.a_end, p.b_start, p.b_end) for p in fast.passages] == [
            (p.a_start, p.a_end, p.b_start, p.b_end) for p in ref.passages
        ]


def test_reordered_paragraphs_still_align():
    paras = [
        "The council voted nine to four to approve the tram line after a long debate.",
        "Construction will start next spring and the first trams should run in three years.",
        "Opponents said the budget of the project had doubled since the first estimate.",
        "The mayor said the line would carry forty thousand riders a day once complete.",
    ]
    a = "\n\n".join(paras)
    b = "\n\n".join(paras[2:] + paras[:2])
    da, db, al = run(a, b)
    check_invariants(da, db, al)
    assert al.coverage_a == 1.0 and al.coverage_b == 1.0
    assert len(al.passages) == 2


def test_a_paragraph_moved_out_of_the_middle_is_found_too():
    # the best run skips P2 on one side; P2 must still be aligned where it went
    paras = [
        "The council voted nine to four to approve the tram line. The debate ran past midnight.",
        "Construction will start next spring. The first trams should run in three years.",
        "Opponents said the budget had doubled since the first estimate. They asked for an audit.",
        "The mayor said the line would carry forty thousand riders a day. Fares will match the buses.",
    ]
    a = "\n\n".join(paras)
    b = "\n\n".join([paras[0], paras[2], paras[3], paras[1]])
    da, db, al = run(a, b)
    check_invariants(da, db, al)
    assert al.coverage_a == 1.0 and al.coverage_b == 1.0
    assert len(al.passages) == 3  # P1, P3-P4, and the moved P2


def test_merge_moves_pair_one_sentence_with_two():
    a = "The agents found nine people in the snow near the river before dawn on Tuesday."
    b = "The agents found nine people in the snow. It was near the river before dawn on Tuesday."
    da, db, al = run(a, b)
    assert al.passages and al.passages[0].pairs[0][1] == (0, 1)


def test_unrelated_texts_do_not_align():
    a = "The council approved the tram budget. The mayor praised the vote. Work starts in spring."
    b = "Scientists tagged sturgeon in the lake. The fish travelled far. Results surprised the team."
    _, _, al = run(a, b)
    assert al.passages == []


COPIED = [
    "the council voted nine to four to approve the new tram line after a long and heated debate.",
    "Construction will start next spring and the first trams should run in three years.",
    "Opponents said the budget of the project had doubled since the first estimate was published,",
]


def test_passage_edges_move_to_where_the_copy_starts_and_ends():
    # the copied block starts and ends in the middle of a sentence on both sides
    a = ("Readers wrote to us about parking fees and dog parks all week, but most of all about how " + COPIED[0]
         + " " + COPIED[1] + " " + COPIED[2] + " and the mayor promised an audit before the summer recess.")
    b = ("In other news from the city hall on Tuesday evening, " + COPIED[0] + " " + COPIED[1] + " " + COPIED[2]
         + " while the transport minister wished the city luck with its plans.")
    da, db, whole = run(a, b)
    assert whole.passages and whole.passages[0].a_start == 0  # whole sentences
    da, db, al = run(a, b, texts=True)
    (p,) = al.passages
    copied = " ".join(COPIED)
    assert da.text[p.a_start : p.a_end] == copied  # up to the comma that closes its last word
    assert db.text[p.b_start : p.b_end].startswith("the council voted nine to four")
    assert db.text[p.b_start : p.b_end].rstrip(",").endswith("since the first estimate was published")
    agreement, words = passage_agreement(p, da.text, db.text)
    assert agreement == 1.0 and words == len(copied.split())


def test_reworded_edges_are_not_cut():
    a = ("The city council approved the new tram line by nine votes to four after a long debate on Monday. "
         + COPIED[1] + " Opponents said the budget had doubled since the first estimate, which angered many residents.")
    b = ("After a long debate on Monday, the council voted nine to four to approve the new tram line. "
         + COPIED[1] + " Many residents were angered: opponents said the budget had doubled since the first estimate.")
    da, db, whole = run(a, b)
    _, _, al = run(a, b, texts=True)
    assert [(p.a_start, p.a_end, p.b_start, p.b_end) for p in al.passages] == [
        (p.a_start, p.a_end, p.b_start, p.b_end) for p in whole.passages
    ]
    assert al.passages and al.passages[0].a_start == 0 and al.passages[0].b_start == 0
    agreement, _ = passage_agreement(al.passages[0], da.text, db.text)
    assert agreement < 0.9


def test_a_passage_grows_into_a_sentence_copied_in_small_part():
    # the copy starts with the last words of a sentence that is mostly other
    # text on both sides (too little of it is shared to align it)
    tail = "once the first trams run on the new line"
    a = ("Shop owners on the high street, who have complained for months about the noise, the dust and the lost "
         "trade, hope business will pick up again " + tail + ". " + " ".join(COPIED[1:]).rstrip(",") + ".")
    b = ("Commuters from the northern suburbs, tired of crowded buses and traffic jams every morning, expect "
         "shorter journeys " + tail + ". " + " ".join(COPIED[1:]).rstrip(",") + ".")
    da, db, whole = run(a, b)
    (p0,) = whole.passages
    assert p0.pairs[0][0][0] == 1  # the first sentence is not aligned
    _, _, al = run(a, b, texts=True)
    (p,) = al.passages
    assert da.text[p.a_start :].startswith(tail) and db.text[p.b_start :].startswith(tail)
    assert p.a_end == len(da.text) and p.b_end == len(db.text)


@given(
    st.lists(st.sampled_from(["the", "mayor", "said", "tram", "line", "42", "of", "east", "side", ","]), max_size=14),
    st.lists(st.sampled_from(["the", "mayor", "said", "tram", "line", "42", "of", "east", "side", ","]), max_size=14),
    st.integers(0, 20), st.integers(0, 20), st.sampled_from(["start", "end", "none"]),
)
@settings(max_examples=200, deadline=None)
def test_cached_stretch_equals_the_stretch_of_the_token_ranges(wa, wb, cut_a, cut_b, anchor):
    from retold._align import _edge_tokens, _stretch, _verbatim_stretch

    ta, tb = "Before it. " + " ".join(wa) + " After.", "Lead. " + " ".join(wb)
    a0, b0 = min(cut_a, len(ta)), min(cut_b, len(tb))
    words_a = [t for _, _, t in _edge_tokens(ta, a0, len(ta))]
    words_b = [t for _, _, t in _edge_tokens(tb, b0, len(tb))]
    want = _verbatim_stretch(words_a, words_b, anchor)
    assert _stretch(ta, tb, a0, len(ta), b0, len(tb), anchor) == want


# --- the DP in C (retold/_dpc.c) against the Python reference -----------------

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from retold import _align  # noqa: E402

# similarities on a coarse grid (ties between moves and between cells are
# common), with blocked cells (-1.0) as _block leaves them
cell = st.sampled_from([-1.0, 0.0, 0.1, 0.25, 0.3, 0.45, 0.5, 0.55, 0.6, 0.65, 0.8, 0.95, 1.0]) | st.floats(0, 1)
shape = st.tuples(st.integers(1, 9), st.integers(1, 9))


@pytest.mark.skipif(_align._dp_c is None, reason="the C extension is not built (no C compiler at install)")
@settings(max_examples=300, deadline=None)
@given(shape.flatmap(lambda nm: st.tuples(
    st.lists(cell, min_size=nm[0] * nm[1], max_size=nm[0] * nm[1]),
    st.lists(cell, min_size=nm[0] * (nm[1] - 1), max_size=nm[0] * (nm[1] - 1)),
    st.lists(cell, min_size=(nm[0] - 1) * nm[1], max_size=(nm[0] - 1) * nm[1]),
    st.just(nm),
)), st.sampled_from([(0.5, 0.15), (0.3, 0.1), (0.0, 0.0)]))
def test_the_dp_in_c_equals_the_python_dp_bit_for_bit(mats, params):
    s, s12, s21, (n, m) = mats
    sim = np.array(s).reshape(n, m)
    sim12 = np.array(s12).reshape(n, m - 1)
    sim21 = np.array(s21).reshape(n - 1, m)
    thr, gap = params
    # also as slices of a larger matrix (not contiguous), as _passages passes them
    big = np.full((n + 2, m + 2), 0.7)
    big[1 : n + 1, 1 : m + 1] = sim
    for args in ((sim, sim12, sim21), (big[1 : n + 1, 1 : m + 1], sim12, sim21)):
        best, bi, bj, rows = _align._dp(*args, thr, gap)
        c_best, c_bi, c_bj, c_rows = _align._dp_fast(*args, thr, gap)
        assert (c_best, c_bi, c_bj) == (best, bi, bj)  # equal floats, not approximately
        assert [list(r) for r in c_rows] == [list(r) for r in rows]
        assert _align._traceback(c_rows, c_bi, c_bj, *args) == _align._traceback(rows, bi, bj, *args)


def test_the_c_dp_refuses_arrays_of_the_wrong_shape_or_type():
    if _align._dp_c is None:
        pytest.skip("the C extension is not built")
    with pytest.raises(ValueError):
        _align._dp_c(np.zeros((2, 3)), None, None, 3, 3, 0.5, 0.1)
    with pytest.raises(TypeError):
        _align._dp_c(np.zeros((2, 2), dtype=np.float32), None, None, 2, 2, 0.5, 0.1)
