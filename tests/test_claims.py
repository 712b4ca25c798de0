"""Claims and corroboration."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from retold._changes import compare_sentences
from retold._claims import Claim, ClaimIndex, claims_of, corroborate, same_quantity, supports
from retold._facts import extract_facts

DOCS = {
    "orig": "Almost 24,000 people were apprehended crossing the border between Canada and the United States last year.",
    "mt": "Almost 200,000 people were apprehended crossing the border between Canada and the United States last year.",
    "cbc": "More than 23,000 people were apprehended crossing between Canada and the United States illegally.",
    "ap": "Border agents apprehended about 24,000 people crossing from Canada into the United States.",
    "fair": "Nearly 200,000 people visited the fair in Toronto.",
    "blog": "Some 190,000 people were apprehended crossing the border from Canada, a blog claimed.",
}


def doc_claims(text: str, **kw: object) -> list[Claim]:
    return claims_of([(0, len(text), text)], **kw)  # type: ignore[arg-type]


@pytest.fixture
def by_doc() -> dict[str, list[Claim]]:
    return {d: doc_claims(t) for d, t in DOCS.items()}


def the_change() -> object:
    [c] = compare_sentences(DOCS["orig"], DOCS["mt"])
    return c


def claim(kind: str, value: object, qualifier: str | None = None, unit: str | None = None,
          context: tuple[str, ...] = ("people", "cross")) -> Claim:
    return Claim(kind, value, unit, qualifier, "", context, 0, 0)


def fact(sentence: str, kind: str = "number"):  # type: ignore[no-untyped-def]
    [f] = [f for f in extract_facts(sentence) if f.kind == kind]
    return f


# --------------------------------------------------------------------------
# claims_of


def test_claims_have_document_offsets_and_stems() -> None:
    doc = "Police were called. Almost 24,000 people were apprehended crossing the border."
    s2 = doc.index("Almost")
    [c] = claims_of([(0, 19, doc[:19]), (s2, len(doc), doc[s2:])])
    assert (c.kind, c.value, c.qualifier, c.text) == ("number", 24000, "nearly", "Almost 24,000")
    assert doc[c.start:c.end] == "Almost 24,000"
    assert c.context == ("people", "apprehend", "cross", "border")


def test_claims_cover_figures_dates_times_only() -> None:
    cl = doc_claims("Mr. Smith did not say on Feb. 3 at 6 p.m. that $5m and 12% were spent.", doc_date=dt.date(2025, 2, 5))
    assert [(c.kind, c.value) for c in cl] == [
        ("date", "2025-02-03"), ("time", "18:00"), ("money", (5e6, "$")), ("percent", 12.0)
    ]


def test_range_becomes_one_claim() -> None:
    [c] = doc_claims("Between 10 and 20 people were hurt in the crash.")
    assert (c.value, c.qualifier, c.text) == ((10.0, 20.0), "between", "10 and 20")


def test_claim_dict_round_trip_through_json() -> None:
    cl = doc_claims("On 3/2/2025 the firm paid $5m for 10-20 km of road, about 24,000 people said.")
    assert any(isinstance(c.value, tuple) for c in cl)
    for c in cl:
        back = Claim.from_dict(json.loads(json.dumps(c.to_dict())))
        assert back == c


# --------------------------------------------------------------------------
# the support rule


def test_qualified_claims_support_nearby_values_only() -> None:
    more_than_23k = claim("number", 23000.0, "more than")
    assert supports(fact("Nearly 24,000 people crossed."), more_than_23k)
    assert not supports(fact("Almost 200,000 people crossed."), more_than_23k)
    assert not supports(fact("About 30,000 people crossed."), more_than_23k)


def test_unqualified_values_within_tolerance() -> None:
    c = claim("number", 24000.0)
    assert supports(24500.0, c)
    assert supports(26000.0, c)  # within 10 %
    assert not supports(27000.0, c)
    assert supports(26000.0, c, tolerance=0.1)
    assert not supports(26000.0, c, tolerance=0.02)


def test_upper_bound_claims() -> None:
    c = claim("number", 25000.0, "up to")
    assert supports(24000.0, c)
    assert supports(26000.0, c)  # the side's own +-5 % reaches 25,000
    assert not supports(28000.0, c)
    assert not supports(5000.0, c)


def test_vague_and_range_claims() -> None:
    assert supports(600.0, claim("number", 100.0, "vague"))
    assert not supports(24000.0, claim("number", 100.0, "vague"))
    assert supports(15.0, claim("number", (10.0, 20.0), "between"))
    assert not supports(40.0, claim("number", (10.0, 20.0), "between"))


def test_support_respects_kind_unit_currency() -> None:
    money = claim("money", (1.3e9, "CAD"), unit="CAD")
    assert supports(fact("They spent $1.3bn.", "money"), money)
    assert not supports(fact("They spent €1.3bn.", "money"), money)
    assert not supports(fact("They walked 1.3 km.", "quantity"), claim("quantity", 1.3, unit="kg"))
    assert not supports(fact("About 24 people came."), claim("percent", 24.0, unit="%"))


def test_temperature_tolerance_is_absolute() -> None:
    c = claim("temperature", -27.0, unit="°C")
    assert supports(fact("It was -17°F.", "temperature"), c)  # -27.2 °C
    assert not supports(fact("It was 17 degrees.", "temperature"), c)


def test_dates_and_times() -> None:
    d = claim("date", "2025-02-03")
    assert supports(fact("It was on Feb. 3.", "date"), d)
    assert not supports(fact("It was on Feb. 4.", "date"), d)
    t = claim("time", "18:16", unit="24h")
    assert supports(fact("It began at 6:16 p.m.", "time"), t)
    assert supports(fact("It began at 6:16.", "time"), t)  # a.m./p.m. unknown
    assert not supports(fact("It began at 6:17 p.m.", "time"), t)


def test_same_quantity_context_rule() -> None:
    c = claim("number", 1.0, context=("people", "apprehend", "cross", "canada"))
    assert same_quantity(("people", "cross", "border"), c)
    assert not same_quantity(("people", "visit", "fair", "toronto"), c)
    assert same_quantity(("people",), c)  # a one-word context needs one shared stem


# --------------------------------------------------------------------------
# corroborate


def test_corroborate_reports_supporting_documents(by_doc: dict[str, list[Claim]]) -> None:
    c = the_change()
    got = corroborate(c, None, None, by_doc, exclude={"orig", "mt"})  # type: ignore[arg-type]
    assert got == {"a": ["ap", "cbc"], "b": ["blog"]}


def test_corroborate_with_index_matches_linear_scan(by_doc: dict[str, list[Claim]]) -> None:
    idx = ClaimIndex()
    for d, cl in by_doc.items():
        idx.add(d, cl)
    c = the_change()
    for ctx_a, ctx_b in ((None, None), (DOCS["orig"], DOCS["mt"])):
        assert corroborate(c, ctx_a, ctx_b, idx, {"orig", "mt"}) == \
            corroborate(c, ctx_a, ctx_b, by_doc, {"orig", "mt"})  # type: ignore[arg-type]


def test_corroborate_excludes_and_handles_one_sided_changes(by_doc: dict[str, list[Claim]]) -> None:
    c = the_change()
    got = corroborate(c, None, None, by_doc, exclude={"orig", "mt", "cbc", "blog"})  # type: ignore[arg-type]
    assert got == {"a": ["ap"], "b": []}
    [dropped] = compare_sentences("Almost 24,000 people were apprehended crossing the border.",
                                  "People were apprehended crossing the border.")
    assert dropped.kind == "dropped"
    assert corroborate(dropped, None, None, by_doc, {"orig"}) == {"a": ["ap", "cbc"], "b": []}


def test_corroborate_ignores_names_and_negations(by_doc: dict[str, list[Claim]]) -> None:
    [c] = compare_sentences("Trudeau met Biden in Washington.", "Trudeau met Harris in Washington.")
    assert corroborate(c, None, None, by_doc, set()) == {"a": [], "b": []}


def test_corroborate_with_explicit_stems(by_doc: dict[str, list[Claim]]) -> None:
    c = the_change()
    got = corroborate(c, ("people", "apprehend"), ("people", "apprehend"), by_doc, {"orig", "mt"})  # type: ignore[arg-type]
    assert got == {"a": ["ap", "cbc"], "b": ["blog"]}


# --------------------------------------------------------------------------
# ClaimIndex


def test_index_find_filters_kind_unit_context() -> None:
    idx = ClaimIndex()
    idx.add("d1", [claim("number", 5.0, context=("people", "kill", "storm"))])
    idx.add("d2", [claim("money", (5.0, "USD"), unit="USD", context=("people", "kill", "storm"))])
    idx.add("d3", [claim("number", 7.0, context=("car", "sell", "dealer"))])
    assert [d for d, _ in idx.find(("storm", "kill"), "number")] == ["d1"]
    assert [d for d, _ in idx.find(("storm", "kill"), "money", "$")] == ["d2"]
    assert [d for d, _ in idx.find(("storm", "kill"), "money", "EUR")] == []
    assert sorted(d for d, _ in idx.find(("storm", "kill"))) == ["d1", "d2"]
    assert len(idx) == 3


def test_index_replace_and_remove() -> None:
    idx = ClaimIndex()
    idx.add("d1", [claim("number", 5.0, context=("storm", "kill"))])
    idx.add("d1", [claim("number", 6.0, context=("storm", "kill"))])
    assert [c.value for _, c in idx.find(("storm", "kill"), "number")] == [6.0]
    idx.remove("d1")
    assert idx.find(("storm", "kill"), "number") == [] and len(idx) == 0 and "d1" not in idx


def test_index_accepts_stored_dicts() -> None:
    idx = ClaimIndex()
    cl = doc_claims(DOCS["cbc"])
    idx.add("cbc", [c.to_dict() for c in cl])
    assert idx.claims("cbc") == cl


def test_index_skips_overly_common_stems() -> None:
    idx = ClaimIndex(max_df=0.01, min_cap=100)
    for i in range(5000):
        idx.add(f"d{i}", [claim("number", float(i), context=("people", f"topic{i}"))])
    idx.add("rare", [claim("number", 1.0, context=("people", "apprehend", "cross"))])
    got = idx.find(("people", "apprehend", "cross"), "number")
    assert [d for d, _ in got] == ["rare"]
    # when only common stems are asked for, the shortest list is still used
    assert len(idx.find(("people",), "number")) == 5001
