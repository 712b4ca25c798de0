import pytest

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from retold._clean import LineStats, classify_line, clean, credits_in, credits_in_reference, unwrap_lines
from retold._errors import EmptyDocument
from retold._models import RawDocument


@pytest.mark.parametrize(
    "line,reason",
    [
        ("Sign up for our free morning newsletter and get the news in your inbox.", "newsletter prompt"),
        ("Click here to read the full article.", "read-more link"),
        ("Follow us on Facebook and Instagram", "social prompt"),
        ("Agents patrol the border near Emerson. (Photo: Northwind Wire/Tom Reyes)", "photo caption"),
        ("Photo: Getty Images", "photo caption"),
        ("Read also: Winter storm closes highway", "related link"),
        ("This story was originally published by the Prairie Post.", "publisher signature"),
        ("Advertisement", "advertisement"),
        ("By Jane Doe ON REUTERS", "byline"),
        ("Updated 9:12 a.m.", "timestamp"),
    ],
)
def test_patterns(line, reason):
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, the agency had hired 40 more people.",
        "The photo showed the agents in the snow.",
        "Officials said they would subscribe to the new rules next year, after the review of the border programme.",
        "Almost 24,000 people were apprehended crossing from Canada last year.",
    ],
)
def test_article_prose_is_kept(line):
    assert classify_line(line) is None


@pytest.mark.parametrize(
    "line,credit",
    [
        ("By Jane Doe ON REUTERS", "Reuters"),
        ("By Jane Doe, Northwind Wire", "Northwind Wire"),
        ("OTTAWA (Reuters) - Officials said", "Reuters"),
        ("A man walks by. REUTERS/Jane Smith", "Reuters"),
        ("It was cold, Kowalczyk told The New York Times.", "New York Times"),
        ("This story was originally published by the Prairie Post.", "Prairie Post"),
    ],
)
def test_credits(line, credit):
    assert credit in credits_in(line)


_CREDIT_BITS = ["By", "by", "Jane", "Doe", "ON", "on", "for", "The", "the", "Reuters", "REUTERS", "Northwind", "Wire",
                "(", ")", "/", "-", ":", ",", "told", "Told", "published", "Published", "ran", "Ran", "in", "at",
                "courtesy", "Courtesy", "of", "Source", "source:", "read the full article", "Full", "story", "Times",
                "Post", "Daily", "\t", "OTTAWA", "said", "24,000", "Émile"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CREDIT_BITS), max_size=14), st.sampled_from([" ", "", "  "]))
def test_credit_shortcuts_change_no_answer(bits, sep):
    line = sep.join(bits)
    assert credits_in(line) == credits_in_reference(line)


def test_credit_shortcuts_change_no_answer_on_the_demo():
    corpus = Path(__file__).resolve().parent.parent / "demo" / "corpus"
    lines = [ln for f in sorted(corpus.rglob("*")) if f.is_file() for ln in f.read_text("utf-8").split("\n") if ln.strip()]
    assert len(lines) > 50
    assert sum(bool(credits_in(ln)) for ln in lines) >= 3  # the demo credits its sources
    for ln in lines:
        assert credits_in(ln) == credits_in_reference(ln), ln


def test_repeated_lines_in_many_contexts_are_templates_but_copies_are_not():
    stats = LineStats(min_contexts=3)
    promo = "Get the Ledger app for breaking news alerts."
    for i in range(4):
        stats.add_text(f"Story {i} first line.\n{promo}\nStory {i} last line.")
    copied = "She said the river froze overnight."
    for i in range(5):
        stats.add_text(f"The same first line.\n{copied}\nJunk {i} inserted after.")
    assert stats.repeated(promo) >= 3
    assert stats.repeated(copied) == 0


_LINE_WORDS = ["Story", "the", "The", "river", "froze", "don't", "O'Neil", "24,000", "Émile", "—", "'", "said",
               "Get", "app", "Officer", "Lane", "i.e.", "x-ray", "’twas", "!", ".", "", "\t"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LINE_WORDS), max_size=22).map(" ".join), max_size=8),
       st.integers(0, 3))
def test_line_counts_list_only_the_words_they_need(lines, repeats):
    # add_text stops listing a line's words once it has more than a
    # template can; add_text_reference lists them all
    fast, plain = LineStats(min_contexts=2), LineStats(min_contexts=2)
    texts = ["\n".join(lines[k:] + lines[:k]) for k in range(repeats + 1)]
    for text in texts:
        assert fast.add_text(text) == plain.add_text_reference(text)
    assert fast.contexts == plain.contexts
    for line in lines:
        assert fast.repeated(line) == plain.repeated(line)


def _para(i: int, topic: str) -> str:
    return (f"Paragraph {i} of the {topic} story says that Officer Lane counted {1000 + i} crossings "
            f"near Emerson in the winter of {2000 + i} while the wind kept blowing across the fields.")


def test_a_story_reprinted_in_many_layouts_keeps_its_short_lead():
    # the lead is short (a template-sized line); its copies reorder the
    # paragraphs and cut them, so the lead has many different neighbours
    stats = LineStats(min_contexts=3)
    lead = "Border crossings hit a record this winter."
    paras = [_para(i, "border") for i in range(6)]
    layouts = [[0, 1, 2, 3, 4, 5], [3, 1, 5, 0, 2, 4], [5, 4, 3, 2, 1, 0], [1, 3, 5], [2, 0, 4, 1], [4, 2]]
    for order in layouts:
        body = [paras[j] for j in order]
        stats.add_text("\n".join(body[:1] + [lead] + body[1:]))
    assert stats.repeated(lead) == 0


def test_templates_are_found_across_articles_sharing_a_long_disclaimer():
    stats = LineStats(min_contexts=3)
    promo = "Get the Ledger app for breaking news alerts."
    disclaimer = ("This article is published under licence from the Ledger Syndicate and may not be "
                  "reproduced, distributed or stored without the written permission of its Editors.")
    for k, topic in enumerate(["harbour", "election", "football", "weather"]):
        body = [_para(10 * k + i, topic) for i in range(4)]
        stats.add_text("\n".join(body[:2] + [promo] + body[2:] + [disclaimer]))
    assert stats.repeated(promo) >= 3


def test_clean_keeps_provenance():
    raw = RawDocument(
        id="x",
        title="Record crossings",
        text="Record crossings\nBy Jane Doe, Northwind Wire\nAlmost 24,000 people crossed.\n"
        "Sign up for our newsletter.\nIt was very cold.",
    )
    d = clean(raw)
    assert d.text == "Almost 24,000 people crossed.\nIt was very cold."
    assert [r.reason for r in d.removed] == ["repeated title", "byline", "newsletter prompt"]
    assert d.credits == ["Northwind Wire"] and d.bylines == ["Northwind Wire"]
    assert d.language == "en"
    assert [d.text[s:e] for s, e in d.sentences] == ["Almost 24,000 people crossed.", "It was very cold."]


def test_nothing_left_is_an_error():
    with pytest.raises(EmptyDocument):
        clean(RawDocument(id="x", text="Subscribe to our newsletter\nFollow us on X", origin="f.txt"))


@pytest.mark.parametrize(
    "line,reason",
    [
        ("Follow Maria Lopez on X for live updates", "social prompt"),
        ("Get the Morning Ledger delivered to your inbox every weekday.", "newsletter prompt"),
        ("Want more stories like this? Subscribe to the Ledger today.", "newsletter prompt"),
        ("Image caption: Fans outside the stadium before kick-off", "photo caption"),
    ],
)
def test_more_wrapping(line, reason):
    assert classify_line(line) == reason


def test_fixture_lists_with_slashes_are_not_photo_credits():
    assert classify_line("Reading v Stockport/Swansea") is None


WRAPPED = (
    "The harbour authority said on Tuesday that the old pier would close for\n"
    "repairs at the end of the month, after engineers found cracks in three of\n"
    "the concrete pillars that hold up its western end. Ferries will dock at the\n"
    "new terminal until the work is finished, which should take about a year.\n"
    "Sign up for our free newsletter.\n"
    "\n"
    "Timetable changes\n"
    "The morning ferry to the island will leave twenty minutes earlier from the\n"
    "new terminal, and the evening service will run only on weekdays until the\n"
    "pier reopens next summer.\n"
)


def test_hard_wrapped_text_is_joined_into_paragraphs():
    d = clean(RawDocument(id="x", text=WRAPPED, language="en"))
    lines = d.text.split("\n")
    assert len(lines) == 3
    assert lines[0].startswith("The harbour authority said") and lines[0].endswith("about a year.")
    assert lines[1] == "Timetable changes"  # a short line ends its paragraph
    assert lines[2].endswith("reopens next summer.")
    # a line after a sentence's end keeps its break, so wrapping is still removed
    assert [r.reason for r in d.removed] == ["newsletter prompt"]
    sents = [d.text[s:e] for s, e in d.sentences]
    assert sents[0] == (
        "The harbour authority said on Tuesday that the old pier would close for repairs at the end of the month, "
        "after engineers found cracks in three of the concrete pillars that hold up its western end."
    )
    # each clean line is consecutive raw lines joined by single spaces
    raw_lines = [ln for ln in WRAPPED.split("\n") if ln]
    assert " ".join(raw_lines[:4]) == lines[0]


def test_unwrapped_text_keeps_its_lines():
    text = (
        "The harbour authority said on Tuesday that the old pier would close for repairs.\n"
        "Engineers found cracks in three of the concrete pillars that hold up its western end\n"
        "Ferries will dock at the new terminal until the work is finished.\n"
        "Timetable changes follow next week"
    )
    lines = text.split("\n")
    assert unwrap_lines(lines) == lines


def test_a_short_lower_case_list_is_not_joined():
    lines = ["Ingredients:", "flour", "sugar", "butter", "eggs", "a pinch of salt"]
    assert unwrap_lines(lines) == lines


def test_a_long_cjk_paragraph_is_not_taken_for_a_short_caption():
    # no spaces: the line is hundreds of words, not one, so the caption
    # pattern's word limit keeps it as article text
    para = "写真＝Getty Images。" + "日本政府は月曜日、新しい経済対策を発表した。" * 20
    assert classify_line(para) is None
    assert classify_line("写真＝Getty Images") == "photo caption"


def test_language_of_a_lead_without_prose_is_read_from_further_on():
    from retold._clean import LANGUAGE_LEAD, LANGUAGE_SURE, _language_of, detect_language

    lineups = ("Okafor, Brennan.\nLindqvist, Tavares.\nMoreau, Okafor, Delacroix, Haldane, Pirelli, Tavares (Quinn 61), "
               "Abernathy (Soto 61), Kowalczyk, Brennan (Ivers 78), Marchetti, Dunleavy.\nFerreira, Nakamura, Oyelaran, "
               "Balde, Vukovic, Lindqvist, Okafor (Rourke 70), Sandoval (Mbeki 45), Halvorsen (Ruiz 70), Tavares.\n8,200\n")
    prose = ("Harbour City brushed aside Port Calden to reach the cup semi-final, but only after a nervy and testing "
             "first half in the rain. The home side scored twice after the break and never looked back, the manager "
             "said after the match.")
    text = lineups + prose
    assert _language_of(text[:LANGUAGE_LEAD])[1] < LANGUAGE_SURE  # names and figures: not sure
    assert detect_language(text) == "en"
    assert detect_language(prose) == "en"
    assert detect_language("Die Stadt hat am Montag den Hafen geschlossen, sagte der Bürgermeister am Abend.") == "de"
