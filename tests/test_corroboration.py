"""Corroboration end to end on the demo corpus: scan, report, read each change's support."""

from __future__ import annotations

from pathlib import Path

import pytest

import retold

ORIGINAL = "agency/border-original"
ROUNDTRIP = "farms/border-roundtrip"
REPRINT = "reprints/daily-ledger-border"
PRAIRIE = "prairie-post-2026-02-10-pembina-crossings"


def _pair(report: dict, x: str, y: str) -> dict:
    a, b = sorted((x, y))
    for p in report["pairs"]:
        if (p["a"], p["b"]) == (a, b):
            return p
    raise AssertionError(f"no pair {a} ~ {b}")


def _change(pair: dict, a_text: str, b_text: str) -> dict:
    for c in pair["changes"]:
        if {c["a_text"], c["b_text"]} == {a_text, b_text}:
            return c
    raise AssertionError(f"no change {a_text!r} / {b_text!r} in {[(c['a_text'], c['b_text']) for c in pair['changes']]}")


def _side(pair: dict, c: dict, doc: str) -> list[str]:
    """The support of the side of ``c`` that ``doc`` states."""
    return c["support"]["a"] if pair["a"] == doc else c["support"]["b"]


def _assert_24000(report: dict) -> None:
    pair = _pair(report, ORIGINAL, ROUNDTRIP)
    c = _change(pair, "almost 24,000", "almost 200,000")
    assert (c["kind"], c["severity"]) == ("number", "high")
    assert PRAIRIE in _side(pair, c, ORIGINAL)  # the independent report says "nearly 24,000"
    assert PRAIRIE not in _side(pair, c, ROUNDTRIP)


def test_inflated_count_is_backed_by_the_independent_report(demo_report: dict) -> None:
    _assert_24000(demo_report)


def test_support_is_the_same_from_a_reprint_of_the_original(demo_report: dict) -> None:
    pair = _pair(demo_report, REPRINT, ROUNDTRIP)
    c = _change(pair, "almost 24,000", "almost 200,000")
    assert PRAIRIE in _side(pair, c, REPRINT)
    assert PRAIRIE not in _side(pair, c, ROUNDTRIP)


def test_copies_of_the_same_story_are_not_witnesses(demo_report: dict) -> None:
    story_of = {d: set(s["documents"]) for s in demo_report["stories"] for d in s["documents"]}
    ids = {d["id"] for d in demo_report["documents"]}
    seen = 0
    for p in demo_report["pairs"]:
        members = story_of.get(p["a"], set()) | story_of.get(p["b"], set()) | {p["a"], p["b"]}
        for c in p["changes"]:
            assert set(c["support"]) == {"a", "b"}
            for side in ("a", "b"):
                assert set(c["support"][side]) <= ids
                assert not set(c["support"][side]) & members
                seen += len(c["support"][side])
    assert seen > 0


def test_names_and_negations_have_no_support(demo_report: dict) -> None:
    for p in demo_report["pairs"]:
        for c in p["changes"]:
            if c["kind"] in ("name", "spelling", "negation"):
                assert c["support"] == {"a": [], "b": []}


def test_support_with_the_lexical_index(tmp_path: Path, demo_dir: Path) -> None:
    # without the encoder the French translation is not linked into the story;
    # the independent report must still back the original's figure
    with retold.Index(tmp_path / "index.sqlite", retold.Config(encoder=None)) as idx:
        idx.scan([demo_dir])
        report = idx.report()
    _assert_24000(report)


def test_support_survives_reopening_the_index(tmp_path: Path, demo_dir: Path) -> None:
    path = tmp_path / "index.sqlite"
    with retold.Index(path, retold.Config(encoder=None)) as idx:
        idx.scan([demo_dir])
    with retold.Index(path, retold.Config(encoder=None)) as idx:  # claims come back from the store
        _assert_24000(idx.report())


def test_own_context_is_read_from_the_documents_claims() -> None:
    from retold._changes_hook import _own_context
    from retold._claims import claims_of

    text = "Almost 24,000 people were apprehended crossing from Canada into the United States last year."
    claims = claims_of([(100, 100 + len(text), text)])
    ctx = _own_context(claims, {"start": 100, "end": 113}, "number")
    assert ctx is not None and {"apprehend", "canada"} <= set(ctx)
    assert _own_context(claims, {"start": 0, "end": 5}, "number") is None
    assert _own_context([], {"start": 100, "end": 113}, "number") is None


@pytest.mark.parametrize("query,claim", [
    (("people", "apprehended", "crossing", "canada"), ("federal", "apprehension", "canadian", "boundary")),
])
def test_context_stems_match_across_word_forms(query: tuple[str, ...], claim: tuple[str, ...]) -> None:
    from retold._claims import Claim, same_quantity
    from retold._facts import stems

    c = Claim("number", 24000.0, None, "nearly", "nearly 24,000", stems(claim), 0, 0)
    assert same_quantity(stems(query), c)


def test_facts_command_lists_changes_with_their_support(demo_index: Path) -> None:
    import json

    from typer.testing import CliRunner

    from retold.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["facts", "--index", str(demo_index), "--json", "-"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)["changes"]
    assert rows and all(r["severity"] == "high" for r in rows)
    hit = [r for r in rows if (r["original"], r["copy"]) == (ORIGINAL, ROUNDTRIP) and r["original_text"] == "almost 24,000"]
    assert len(hit) == 1
    assert hit[0]["copy_text"] == "almost 200,000" and hit[0]["kind"] == "number"
    assert PRAIRIE in hit[0]["original_support"] and PRAIRIE not in hit[0]["copy_support"]
    res = runner.invoke(app, ["facts", "--index", str(demo_index), "--all", "--json", "-"])
    assert len(json.loads(res.output)["changes"]) > len(rows)
    res = runner.invoke(app, ["facts", "--index", str(demo_index)])
    assert res.exit_code == 0 and "almost 24,000" in res.output


def test_facts_command_reads_one_sentence() -> None:
    import json

    from typer.testing import CliRunner

    from retold.cli import app

    res = CliRunner().invoke(app, ["facts", "Almost 24,000 people crossed on Feb. 3 at 6:16 a.m.", "--json", "-"])
    assert res.exit_code == 0, res.output
    got = {(f["kind"], f["text"]) for f in json.loads(res.output)}
    assert got == {("number", "Almost 24,000"), ("date", "Feb. 3"), ("time", "6:16 a.m.")}


def test_facts_command_without_an_index(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from retold.cli import app

    res = CliRunner().invoke(app, ["facts", "--index", str(tmp_path / "none.sqlite")])
    assert res.exit_code == 4
