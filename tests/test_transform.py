from hypothesis import given, settings
from hypothesis import strategies as st

import retold

WORDS = ["the", "council", "voted", "nine", "to", "four", "tram", "line", "east", ".", ","]

BASE = (
    "The council voted nine to four on Tuesday to approve the new tram line through the east side.\n"
    "Construction is expected to start next spring and the first trams should run within three years.\n"
    "Opponents said the budget had doubled since the first estimate was published two years ago.\n"
    "The mayor said the line would carry forty thousand riders a day once it is complete.\n"
    "Local shop owners asked the city to limit road closures during the busy holiday season."
)


def kind(a, b):
    p = retold.compare(a, b, config=retold.Config(encoder=None))
    return p.relation, (p.transform or {}).get("kind"), p.transform


def test_verbatim_and_excerpt_and_edited():
    assert kind(BASE, BASE)[:2] == ("duplicate", "verbatim")
    lines = BASE.split("\n")
    assert kind(BASE, "\n".join(lines[:3]))[:2] == ("excerpt", "excerpt")
    edited = "\n".join(lines[:2] + lines[3:] + ["A partner site added this closing paragraph about parking rules downtown."])
    rel, k, t = kind(BASE, edited)
    assert (rel, k) == ("excerpt", "edited")
    assert "only in" in t["evidence"]


def test_spun_names_the_swapped_words():
    spun = (
        BASE.replace("voted", "elected")
        .replace("approve", "endorse")
        .replace("expected", "anticipated")
        .replace("Opponents", "Critics")
        .replace("riders", "passengers")
        .replace("asked", "requested")
    )
    rel, k, t = kind(BASE, spun)
    assert (rel, k) == ("rewrite", "spun")
    assert "voted → elected" in t["examples"]


def test_restructured_rewrite_is_machine_translated():
    mt = (
        "On Tuesday the council has voted, nine against four, for approving the new line of tram through east side.\n"
        "It is expected that construction starts the next spring. The first trams should run in three years.\n"
        "According to opponents, the budget doubled since first estimate, which was published two years ago.\n"
        "Once complete, the line would carry forty thousand riders each day, the mayor said.\n"
        "Owners of local shops asked that the city limits the closures of roads during busy season of holidays."
    )
    rel, k, _ = kind(BASE, mt)
    assert rel == "rewrite" and k == "machine-translated"


@given(st.lists(st.sampled_from(WORDS), max_size=12), st.lists(st.sampled_from(WORDS), max_size=12))
@settings(max_examples=200, deadline=None)
def test_word_diff_invariants(a, b):
    from retold._text import tokens
    from retold._transform import word_diff

    ta, tb = " ".join(a), " ".join(b)
    wa, wb = tokens(ta), tokens(tb)
    changed, replaced, swaps = word_diff(ta, tb)
    assert (changed, replaced, swaps) == word_diff.__wrapped__(ta, tb)  # the cached answer is the computed one
    assert 0 <= replaced <= changed <= len(wa) + len(wb)
    assert (changed == 0) == (wa == wb)
    for x, y in swaps:
        xs, ys = x.split(), y.split()
        assert 1 <= len(xs) <= 3 and 1 <= len(ys) <= 3 and xs != ys
        assert any(wa[i : i + len(xs)] == xs for i in range(len(wa)))
        assert any(wb[j : j + len(ys)] == ys for j in range(len(wb)))


def test_word_diff_of_a_spun_sentence():
    from retold._transform import word_diff

    changed, replaced, swaps = word_diff("Opponents said the budget had doubled.", "Critics said the budget had doubled.")
    assert (changed, replaced, swaps) == (1, 1, (("opponents", "critics"),))
    assert word_diff("The same words.", "the same  words") == (0, 0, ())
