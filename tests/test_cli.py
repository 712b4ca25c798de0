"""The command line, end to end on the demo corpus."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from retold.cli import app

runner = CliRunner()


def retold(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "retold", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, demo_dir):
    d = tmp_path_factory.mktemp("cli")
    res = retold("scan", demo_dir, "--index", d / "i.sqlite", "--json", d / "out.json")
    return d, res, json.loads((d / "out.json").read_text(encoding="utf-8"))


def _pairs(contract):
    return {frozenset((p["a"], p["b"])): p for p in contract["pairs"]}


def test_scan_prints_stories_and_exits_zero(scanned):
    _, res, _ = scanned
    assert res.returncode == 0, res.stderr
    assert "Story 1" in res.stdout and "original" in res.stdout
    assert "13 added" in res.stderr and "Traceback" not in res.stderr


def test_every_retelling_linked_with_the_right_relation(scanned, expected):
    _, _, contract = scanned
    pairs = _pairs(contract)
    for c in expected["copies"]:
        p = pairs.get(frozenset((c["a"], c["b"])))
        assert p is not None, f"missed {c['a']} ~ {c['b']}"
        assert p["relation"] == c["relation"], (c, p["relation"])
    for r in expected["related"]:
        p = pairs.get(frozenset((r["a"], r["b"])))
        assert p is not None and p["relation"] == "related", r
    for r in expected.get("related_or_unlinked", []):
        p = pairs.get(frozenset((r["a"], r["b"])))
        assert p is None or p["relation"] == "related", r


def test_nothing_else_is_linked(scanned, expected):
    _, _, contract = scanned
    allowed = {frozenset((c["a"], c["b"])) for c in expected["copies"]} | {
        frozenset((r["a"], r["b"])) for r in expected["related"] + expected.get("related_or_unlinked", [])
    }
    extra = [(p["a"], p["b"], p["relation"]) for p in contract["pairs"] if frozenset((p["a"], p["b"])) not in allowed]
    assert extra == []
    for a, b in expected["not_linked"]:
        assert frozenset((a, b)) not in _pairs(contract)


def test_stories_and_originals(scanned, expected):
    _, _, contract = scanned
    # a story's members are its copies; independent reports are listed beside
    stories = {frozenset(s["documents"]) | frozenset(s.get("related") or []): s for s in contract["stories"]}
    assert len(stories) == len(expected["originals"])
    linked = {d for s in contract["stories"] for d in s["documents"] + s["related"]}
    assert not linked & set(expected["stories"]["distractors"])
    for key, original in expected["originals"].items():
        s = stories[frozenset(expected["stories"][key])]
        assert s["original"] == original
        assert s["reason"]


def test_rescan_is_a_noop(scanned, demo_dir):
    d, _, _ = scanned
    res = retold("scan", demo_dir, "--index", d / "i.sqlite", "-q")
    assert res.returncode == 0
    assert "0 added, 0 replaced, 13 unchanged" in res.stderr


def test_compare_side_by_side_and_json(scanned):
    d, _, _ = scanned
    res = runner.invoke(
        app, ["compare", "agency/border-original", "farms/border-spun", "--index", str(d / "i.sqlite"), "--json", str(d / "cmp.json")]
    )
    assert res.exit_code == 0, res.output
    assert "rewrite" in res.output
    data = json.loads((d / "cmp.json").read_text(encoding="utf-8"))
    assert data["pair"]["relation"] == "rewrite" and data["pair"]["passages"]


def test_compare_two_files_without_index(tmp_path, demo_dir):
    res = runner.invoke(
        app,
        ["compare", str(demo_dir / "agency/border-original.txt"), str(demo_dir / "aggregators/newsroundup-border.md"),
         "--index", str(tmp_path / "none.sqlite"), "--json", "-"],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["pair"]["relation"] == "excerpt"


def test_bad_input_is_one_line_per_problem_and_good_records_kept(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    (c / "good.txt").write_text("A perfectly good article about the harbour.", encoding="utf-8")
    (c / "bin.txt").write_bytes(b"\x00\xff" * 100)
    (c / "rows.jsonl").write_text('{"id": "r1", "text": "ok"}\nnot json\n', encoding="utf-8")
    res = retold("scan", c, "--index", tmp_path / "i.sqlite", "-q")
    assert res.returncode == 0
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("skipped")]
    assert len(lines) == 2
    assert any("bin.txt: binary file" in ln for ln in lines)
    assert any("rows.jsonl:2: invalid JSON" in ln for ln in lines)
    assert "2 added" in res.stderr and "Traceback" not in res.stderr
    strict = retold("scan", c, "--index", tmp_path / "j.sqlite", "--strict", "-q")
    assert strict.returncode == 3 and "Traceback" not in strict.stderr


def test_exit_codes(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert retold("scan", empty, "--index", tmp_path / "i.sqlite").returncode == 3
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"garbage" * 1000)
    res = retold("stories", "--index", bad)
    assert res.returncode == 4 and "not a retold index" in res.stderr and "Traceback" not in res.stderr
    res = retold("compare", "nope-a", "nope-b", "--index", tmp_path / "i.sqlite")
    assert res.returncode == 5 and "Traceback" not in res.stderr
    assert retold("scan", "--bogus-option").returncode == 2


def test_facts_of_a_document_lists_its_claims(scanned):
    d, _, _ = scanned
    res = runner.invoke(app, ["facts", "agency/border-original", "--index", str(d / "i.sqlite"), "--json", "-"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    texts = {c["text"] for c in data["claims"]}
    assert "almost 24,000" in {t.lower() for t in texts}
    assert any(c["kind"] == "temperature" and c["value"] < -20 for c in data["claims"])


def test_ctrl_c_during_a_scan_says_so_and_exits_130(tmp_path, demo_dir, monkeypatch):
    from retold import _index

    def interrupted(self, *a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(_index.Index, "scan", interrupted)
    r = runner.invoke(app, ["scan", str(demo_dir), "--index", str(tmp_path / "i.sqlite")])
    assert r.exit_code == 130
    assert "interrupted" in r.output and "Traceback" not in r.output
