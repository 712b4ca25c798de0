from retold._text import anchors, normalise, normalise_number, sentence_spans, tokens


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
