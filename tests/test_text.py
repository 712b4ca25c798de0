import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold._similarity import _NUM, NUM_PATTERN_PLAIN
from retold._text import (
    _DATE_DM,
    _NUMBER,
    DATE_DM_PATTERN_PLAIN,
    NUMBER_PATTERN_PLAIN,
    anchors,
    has_tokens,
    normalise,
    normalise_number,
    sentence_spans,
    tokens,
    tokens_at_most,
)


def sents(t):
    return [t[s:e] for s, e in sentence_spans(t)]


def test_sentences_respect_abbreviations_and_initials():
    t = "Mr. Smith met Dr. J. Doe at 6:16 a.m. on Feb. 3. They talked. U.S. agents waited!"
    assert sents(t) == ["Mr. Smith met Dr. J. Doe at 6:16 a.m. on Feb. 3.", "They talked.", "U.S. agents waited!"]


def test_newlines_always_split_and_spans_point_into_text():
    t = "Title line\nFirst sentence. Second one.\n\nThird"
    spans = sentence_spans(t)
    assert [t[s:e] for s, e in spans] == ["Title line", "First sentence.", "Second one.", "Third"]
    assert all(0 <= s < e <= len(t) for s, e in spans)


def test_quotes_end_sentences():
    assert sents('"Yes," he said. "We left." She agreed.') == ['"Yes," he said.', '"We left."', "She agreed."]


def test_number_normalisation_across_locales():
    assert normalise_number("24,000") == "24000"
    assert normalise_number("24 000") == "24000"
    assert normalise_number("24.000") == "24000"
    assert normalise_number("1,5") == "1.5"
    assert normalise_number("1.50") == "1.5"
    assert normalise_number("007") == "7"


def test_anchors_survive_translation():
    en = "Almost 24,000 people crossed near Emerson, Manitoba, officials said."
    fr = "Près de 24 000 personnes ont traversé près d'Emerson, au Manitoba, selon les autorités."
    shared = anchors(en) & anchors(fr)
    assert {"#24000", "@emerson", "@manitoba"} <= shared


def test_tokens_fold_case_and_apostrophes():
    assert tokens("Don’t STOP") == ["don't", "stop"]
    assert normalise("a\u00a0 b\r\nc  ") == "a b\nc"


def test_a_stop_glued_to_the_next_sentence_splits():
    t = "Most of the harm happens in the workplace.The law says otherwise. It rained!Nobody came."
    assert sents(t) == ["Most of the harm happens in the workplace.", "The law says otherwise.", "It rained!", "Nobody came."]


def test_glued_stops_inside_names_and_abbreviations_do_not_split():
    t = "Mr.Smith flew from St.Louis with the U.S.Army and read example.com and AjaxToolkit.Modal notes."
    assert sents(t) == [t]


def test_a_list_number_stays_with_its_item():
    t = "Follow these steps. 1. Open an account. 2. Enter your details. The fee rose by 2. Then it fell."
    assert sents(t) == [
        "Follow these steps.", "1. Open an account.", "2. Enter your details.", "The fee rose by 2.", "Then it fell.",
    ]


RUN_ON = (
    "Free parking for guests Breakfast served daily from seven until ten Rooms with a view of the harbour "
    "Walking distance to the old town and the market Bicycles for hire at the front desk Late check-out on "
    "request Family rooms with two double beds Pets welcome in the garden wing Airport shuttle every hour "
    "Gift vouchers for any amount Conference rooms for up to eighty people Wedding packages on request "
    "Sauna and steam room open until midnight Heated outdoor pool from May to September Tennis courts behind "
    "the east wing Guided walks along the cliffs every Sunday morning Children eat free with every adult "
    "main course Live music in the bar on Friday and Saturday nights Laundry service within the day Free "
    "wireless internet in every room Secure storage for skis and surfboards Electric car chargers in the "
    "car park Group rates for clubs and schools Gluten-free menu on request Picnic baskets from the kitchen"
)


def test_run_on_text_is_cut_into_pieces():
    from retold._text import LONG_SENTENCE

    spans = sentence_spans(RUN_ON)
    assert len(RUN_ON) > LONG_SENTENCE and len(spans) > 1
    assert " ".join(RUN_ON[s:e] for s, e in spans) == RUN_ON
    # a normal sentence is never cut
    short = "The council voted nine to four to approve the tram line after a long and heated debate."
    assert sents(short) == [short]


def test_run_on_pieces_do_not_depend_on_the_text_around_them():
    # the same run-on words inside two different run-on sentences are cut at
    # the same places, so a copy of part of one still aligns piece by piece
    a = "Welcome to our hotel on the coast where every guest is family " + RUN_ON
    b = RUN_ON + " Call us today for the best rates of the season and ask about our offers"
    pieces = sents(RUN_ON)
    assert len(pieces) >= 3
    # every piece but the two at the ends (which run into the text around) is the same
    assert set(pieces[1:-1]) <= set(sents(a)) & set(sents(b))


def test_chinese_and_japanese_sentences_end_at_full_width_marks():
    ja = "東京都は月曜日、新しい計画を発表した。計画は三年間続く。「本当ですか？」と彼は言った。"
    assert sents(ja) == [
        "東京都は月曜日、新しい計画を発表した。", "計画は三年間続く。", "「本当ですか？」と彼は言った。",
    ]
    zh = "他说：“我们会继续努力。”然后离开了。经济增长了5%！"
    assert sents(zh) == ["他说：“我们会继续努力。”", "然后离开了。", "经济增长了5%！"]
    assert sents("第一句。\nSecond line. Third one.") == ["第一句。", "Second line.", "Third one."]


_NUMBERISH = st.text(alphabet="0123456789 ,.\u00a0\u202fa_-\u0663\uff15\n", max_size=24)
_DATEISH = st.lists(st.sampled_from(["1", "12", "123", "5", " ", "  ", ".", "th", "st", "er", "de", "may", "june",
                                     "x", "\n", "2004", "9"]), max_size=10).map("".join)


@pytest.mark.parametrize("fast, plain", [(_NUMBER, NUMBER_PATTERN_PLAIN), (_NUM, NUM_PATTERN_PLAIN)],
                         ids=["anchor numbers", "sentence-term numbers"])
@settings(max_examples=400, deadline=None)
@given(text=_NUMBERISH)
def test_fast_number_patterns_match_the_plain_ones(fast, plain, text):
    # the patterns written to start with a digit find what their plain twins find
    plain = re.compile(plain)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(_DATEISH)
def test_fast_day_month_pattern_matches_the_plain_one(text):
    plain = re.compile(DATE_DM_PATTERN_PLAIN)
    assert [(m.span(), m.groups()) for m in _DATE_DM.finditer(text)] == [
        (m.span(), m.groups()) for m in plain.finditer(text)
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_has_tokens_says_whether_there_are_tokens(text):
    assert has_tokens(text) == bool(tokens(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab' ’_-.9\tÉ", max_size=60), st.integers(0, 12))
def test_tokens_at_most_is_tokens_or_none(text, most):
    full = tokens(text)
    assert tokens_at_most(text, most) == (full if len(full) <= most else None)
