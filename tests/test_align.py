"""Alignment invariants, checked on generated texts (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from retold._align import AlignConfig, align, align_reference
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


def run(a, b, fn=align):
    da, db = doc(a, "a"), doc(b, "b")
    return da, db, fn(SIM.matrices(SIM.features(da), SIM.features(db)), da.sentences, db.sentences, CFG)


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


@settings(max_examples=60, deadline=None)
@given(article)
def test_identical_texts_align_fully(a):
    da, db, al = run(a, a)
    assert al.coverage_a == 1.0 and al.coverage_b == 1.0
    assert al.verbatim == 1.0


@settings(max_examples=40, deadline=None)
@given(article, article)
def test_fast_path_equals_reference(a, b):
    _, _, fast = run(a, b)
    _, _, ref = run(a, b, align_reference)
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
