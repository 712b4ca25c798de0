from retold._models import Document, Pair
from retold._stories import build_stories, components, likely_original


def d(i, **kw):
    return Document(id=i, text="x" * kw.pop("chars", 100), **kw)


def p(a, b, rel):
    return Pair(a=a, b=b, relation=rel, score=1.0, coverage_a=1.0, coverage_b=1.0)


def test_components_use_copy_relations_only():
    pairs = [p("a", "b", "duplicate"), p("b", "c", "rewrite"), p("c", "d", "related")]
    assert components(["a", "b", "c", "d"], pairs) == [["a", "b", "c"]]


def test_earliest_date_when_all_dated():
    docs = {"a": d("a", published="2026-02-03"), "b": d("b", published="2026-02-01")}
    assert likely_original(docs, [p("a", "b", "duplicate")]) == ("b", "earliest published (2026-02-01)")


def test_credits_point_at_the_byline_owner():
    docs = {
        "orig": d("orig", credits=["Northwind Wire"], bylines=["Northwind Wire"]),
        "copy1": d("copy1", credits=["Northwind Wire"], published="2026-01-01"),
        "copy2": d("copy2", credits=["Northwind Wire"]),
    }
    o, why = likely_original(docs, [p("copy1", "orig", "duplicate"), p("copy2", "orig", "excerpt")])
    assert o == "orig" and "Northwind Wire" in why


def test_containment():
    docs = {"long": d("long", chars=1000), "ex1": d("ex1", chars=300), "ex2": d("ex2", chars=200)}
    o, why = likely_original(docs, [p("ex1", "long", "excerpt"), p("ex2", "long", "excerpt")])
    assert o == "long" and "contains 2" in why


def test_no_evidence_no_original():
    docs = {"a": d("a"), "b": d("b")}
    assert likely_original(docs, [p("a", "b", "rewrite")]) == (None, None)


def test_story_ids_are_stable_and_related_listed():
    docs = {i: d(i) for i in "abcx"}
    s1 = build_stories(docs, [p("a", "b", "duplicate"), p("a", "x", "related")])
    s2 = build_stories(docs, [p("a", "b", "duplicate"), p("b", "c", "excerpt")])
    assert s1[0].id == s2[0].id
    assert s1[0].related == ["x"]
