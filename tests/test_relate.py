"""Relations at their edges: one-sentence excerpts, partial reuse, sentence keys."""

import sqlite3

import retold
from retold._relate import RelateConfig, relate, reused_passages
from retold._sentkeys import MIN_WORDS, sentence_key, sentence_keys

LEXICAL = retold.Config(encoder=None)

HARBOUR = [
    "The harbour authority in Port Calden approved a plan on Monday to dredge the eastern channel for the first time in forty years.",
    "Silt carried down the Averne river has narrowed the channel so far that container ships now wait for high tide before entering.",
    "The dredging will remove about 310,000 cubic metres of sediment and is expected to take eleven months to complete.",
    "Fishermen who moor along the eastern quay said they had not been consulted and feared the work would drive away the spring herring.",
    "Authority chairwoman Ilse Marveaux said the plan included a pause during the spawning season and a fund for affected crews.",
    "The council will vote on its share of the cost, estimated at 14 million euros, at a meeting next month.",
    "Opponents have already collected more than 2,000 signatures calling for an independent study of the channel's ecology.",
    "A previous dredging attempt in 1984 was abandoned after a dispute over where to dump the spoil.",
]

FESTIVAL = [
    "Organisers of the Calden summer festival announced on Thursday that this year's event will move to the old shipyard.",
    "The festival, which drew 48,000 visitors last year, had outgrown the market square where it began a decade ago.",
    "Tickets go on sale in April, and the line-up will be revealed at a concert in the town hall in March.",
    "Local traders welcomed the move, saying the square had become too crowded for deliveries during the festival week.",
    "The shipyard site needs new lighting and a temporary bridge, which the organisers say they will pay for themselves.",
    "Residents of the streets near the shipyard asked for a noise limit after ten in the evening.",
    "The organisers said a shuttle bus would run from the railway station every fifteen minutes.",
    "Last year's headline act, a folk band from the islands, has been invited back for the closing night.",
]


def article(sentences, title):
    return title + "\n\n" + "\n\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)) + "\n"


def test_sentence_key_ignores_case_punctuation_and_spacing_and_skips_short_sentences():
    s = HARBOUR[0]
    assert sentence_key(s) == sentence_key(s.upper().replace(",", " ,").replace(" ", "  "))
    assert sentence_key(s) != sentence_key(HARBOUR[1])
    assert sentence_key("He said so on Monday.") is None  # under MIN_WORDS words
    assert len("He said so on Monday.".split()) < MIN_WORDS
    text = " ".join(HARBOUR[:3] + HARBOUR[:1])
    spans, pos = [], 0
    for x in HARBOUR[:3] + HARBOUR[:1]:
        spans.append((pos, pos + len(x)))
        pos += len(x) + 1
    keys = sentence_keys(text, spans)
    assert len(keys) == 3  # the repeated sentence once


def test_one_sentence_excerpt_is_found_and_named(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(article(HARBOUR, "Channel to be dredged"), encoding="utf-8")
    (corpus / "lead.txt").write_text(
        "Port Calden channel\n\n" + HARBOUR[0] + "\n\nRead the full story at the Calden Courier.\n", encoding="utf-8"
    )
    (corpus / "festival.txt").write_text(article(FESTIVAL, "Festival moves"), encoding="utf-8")
    with retold.Index(tmp_path / "i.sqlite", config=LEXICAL) as idx:
        idx.scan([corpus])
        pairs = {(p.a, p.b): p for p in idx.pairs()}
    assert set(pairs) == {("harbour", "lead")}
    p = pairs[("harbour", "lead")]
    assert p.relation == "excerpt"
    assert p.coverage_b == 1.0 and p.coverage_a < 0.2


def test_partial_reuse_is_related_with_passages_and_does_not_join_stories(tmp_path):
    # a festival story that carries three sentences of the harbour story as background
    borrowed = FESTIVAL[:6] + HARBOUR[2:5] + FESTIVAL[6:]
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(article(HARBOUR, "Channel to be dredged"), encoding="utf-8")
    (corpus / "festival.txt").write_text(article(borrowed, "Festival moves"), encoding="utf-8")
    with retold.Index(tmp_path / "i.sqlite", config=LEXICAL) as idx:
        idx.scan([corpus])
        [p] = idx.pairs()
        stories = idx.stories()
        report = idx.report()
        fest, harb = idx.get("festival"), idx.get("harbour")
    assert p.relation == "related"
    assert p.evidence["reuse"] == "partial"
    assert len(p.passages) == 1
    x = p.passages[0]
    # the passage is the borrowed sentences, on both sides
    assert fest.text[x.a_start : x.a_end].startswith(HARBOUR[2][:40])
    assert harb.text[x.b_start : x.b_end].startswith(HARBOUR[2][:40])
    assert harb.text[x.b_start : x.b_end].rstrip().endswith(HARBOUR[4][-30:])
    assert 0.2 < p.coverage_a < 0.5 and 0.2 < p.coverage_b < 0.6
    assert all(len(s.documents) == 1 for s in stories)
    [rp] = report["pairs"]
    assert rp["relation"] == "related" and rp["reuse"] == "partial" and len(rp["passages"]) == 1


def test_reused_passages_rule():
    from retold._models import Alignment, Document, Passage

    text = "one two three four five six seven eight nine ten eleven twelve thirteen. " * 4
    doc = Document(id="x", text=text, sentences=[(0, len(text))])

    def passage(n, end):
        return Passage(1.0, 0, end, 0, end, pairs=tuple(((i, i), (i, i), 1.0) for i in range(n)))

    al = Alignment(passages=[passage(1, 20), passage(1, 80), passage(3, 10)], coverage_a=0.3, coverage_b=0.3)
    kept = reused_passages(al, doc, doc, RelateConfig())
    # a verbatim passage of 3 words is coincidence; of 13+ words, reuse; a run of 3 groups always counts
    assert [(len(p.pairs), p.a_end) for p in kept] == [(1, 80), (3, 10)]


def test_old_index_gets_sentence_keys_on_open(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(article(HARBOUR, "Channel to be dredged"), encoding="utf-8")
    ix = tmp_path / "i.sqlite"
    with retold.Index(ix, config=LEXICAL) as idx:
        idx.scan([corpus])
    db = sqlite3.connect(ix)
    db.execute("DELETE FROM sentkeys")
    db.execute("DELETE FROM meta WHERE key='sentence_keys'")
    db.commit()
    db.close()
    (corpus / "lead.txt").write_text("Port Calden\n\n" + HARBOUR[0] + "\n", encoding="utf-8")
    with retold.Index(ix, config=LEXICAL) as idx:
        assert idx.store.get_meta("sentence_keys") == "1"
        idx.scan([corpus])
        assert [(p.a, p.b, p.relation) for p in idx.pairs()] == [("harbour", "lead", "excerpt")]


def test_terminal_summary_names_partial_reuse_apart_from_independent_reports(tmp_path):
    import io

    from rich.console import Console

    from retold._report import print_summary

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(article(HARBOUR, "Channel to be dredged"), encoding="utf-8")
    (corpus / "reprint.txt").write_text(article(HARBOUR, "Channel to be dredged") + "\nSubscribe to our newsletter.\n", encoding="utf-8")
    (corpus / "festival.txt").write_text(article(FESTIVAL[:6] + HARBOUR[2:5] + FESTIVAL[6:], "Festival moves"), encoding="utf-8")
    with retold.Index(tmp_path / "i.sqlite", config=LEXICAL) as idx:
        idx.scan([corpus])
        contract = idx.report()
    out = io.StringIO()
    print_summary(Console(file=out, width=200), contract)
    text = out.getvalue()
    assert "shares passages with (partial reuse, another story): festival" in text
    assert "independent reports" not in text
