"""The persistent index: incremental, transactional, and the Python API."""

import shutil
import sqlite3

import pytest

import retold
from retold._errors import EmptyDocument, IndexError_, StrictModeError, UnknownDocument

ARTICLE = """Record crossings from Canada

Almost 24,000 people were apprehended crossing from Canada into the United States last year, border officials said on Tuesday.

Agent Marek Kowalczyk found a family of nine near Emerson, Manitoba, when the temperature had fallen to minus 17 degrees.

The sector has added 40 agents and six new camera towers since 2024, at a cost of $18.4 million, according to the agency.

Advocates in Winnipeg said enforcement pushes migrants toward ever more dangerous routes across open fields.
"""


def write(folder, name, text):
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def test_rescan_unchanged_is_a_noop_and_changed_file_replaces(tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "orig.txt", ARTICLE)
    write(corpus, "copy.txt", ARTICLE + "\nSign up for our newsletter.\n")
    ix = tmp_path / "i.sqlite"
    with retold.Index(ix) as idx:
        r1 = idx.scan([corpus])
        assert (r1.added, r1.unchanged, r1.pairs) == (2, 0, 1)
        r2 = idx.scan([corpus])
        assert (r2.added, r2.replaced, r2.unchanged, r2.pairs) == (0, 0, 2, 0)
        write(corpus, "copy.txt", ARTICLE.split("\n\n")[0] + "\n\n" + ARTICLE.split("\n\n")[1] + "\n\n" + ARTICLE.split("\n\n")[2])
        r3 = idx.scan([corpus])
        assert (r3.added, r3.replaced, r3.unchanged) == (0, 1, 1)
        (p,) = idx.pairs()
        assert (p.a, p.b, p.relation) == ("copy", "orig", "excerpt")
        assert len(idx) == 2


def _orphans(ix) -> int:
    db = sqlite3.connect(ix)
    n = sum(
        db.execute(f"SELECT COUNT(*) FROM {t} WHERE doc NOT IN (SELECT rowid FROM documents)").fetchone()[0]
        for t in ("bands", "anchors", "sentkeys", "claims", "unverified")
    )
    n += db.execute(
        "SELECT COUNT(*) FROM pairs WHERE a NOT IN (SELECT rowid FROM documents) OR b NOT IN (SELECT rowid FROM documents)"
    ).fetchone()[0]
    db.close()
    return n


def _near_copies(tmp_path):
    corpus = tmp_path / "c"
    for i in range(6):
        write(corpus, f"d{i}.txt", ARTICLE.replace("nine", f"{i + 2} people and nine"))
    return corpus


@pytest.mark.parametrize("stage", ["_stage_batch", "_finish_batch"])
def test_scan_killed_midway_leaves_a_consistent_index_and_resumes(tmp_path, monkeypatch, stage):
    """A batch's documents are written (marked unverified) before its pairs:
    killed at either step, the index keeps only whole batches once opened
    again, and the next scan does the rest."""
    corpus = _near_copies(tmp_path)
    ix = tmp_path / "i.sqlite"
    cfg = retold.Config(batch_size=2, encoder=None)
    from retold import _index

    calls = {"n": 0}
    real = getattr(_index.Index, stage)

    def dying(self, *args):
        calls["n"] += 1
        if calls["n"] == 2:
            real(self, *args)  # write the step's work, then die
            raise KeyboardInterrupt
        return real(self, *args)

    monkeypatch.setattr(_index.Index, stage, dying)
    with retold.Index(ix, cfg) as idx, pytest.raises(KeyboardInterrupt):
        idx.scan([corpus])
    monkeypatch.setattr(_index.Index, stage, real)
    db = sqlite3.connect(ix)
    written = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    unverified = db.execute("SELECT COUNT(*) FROM unverified").fetchone()[0]
    db.close()
    # killed staging batch 2: batch 1 written, its pairs not yet (its
    # finish comes after batch 2 is staged); killed finishing batch 2:
    # batches 1 and 2 whole, batch 3 written without its pairs
    assert (written, unverified) == ((2, 2) if stage == "_stage_batch" else (6, 2))
    with retold.Index(ix, cfg) as idx:
        whole = 0 if stage == "_stage_batch" else 4
        assert len(idx) == whole and _orphans(ix) == 0
        assert len(idx.pairs()) == whole * (whole - 1) // 2
        r = idx.scan([corpus])
        assert (r.added, r.unchanged) == (6 - whole, whole)
        assert len(idx) == 6
        assert len(idx.pairs()) == 15  # every pair of the six near-copies
    assert _orphans(ix) == 0


def test_strict_mode_writes_nothing(tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "good.txt", ARTICLE)
    write(corpus, "bad.jsonl", "{nope\n")
    with retold.Index(tmp_path / "i.sqlite") as idx:
        with pytest.raises(StrictModeError):
            idx.scan([corpus], strict=True)
        assert len(idx) == 0
        r = idx.scan([corpus])
        assert (r.added, r.skipped) == (1, 1) and "bad.jsonl:1" in r.problems[0]


def test_copies_of_does_not_add_and_add_does(tmp_path, demo_dir):
    with retold.Index(tmp_path / "i.sqlite") as idx:
        idx.scan([demo_dir])
        n = len(idx)
        text = (demo_dir / "agency" / "border-original.txt").read_text(encoding="utf-8")
        pairs = idx.copies_of(text)
        assert len(idx) == n
        found = {p.b: p.relation for p in pairs}
        assert found["agency/border-original"] == "duplicate"
        assert found["reprints/daily-ledger-border"] == "duplicate"
        assert all(p.a == "query" for p in pairs)
        links = idx.add(text, doc_id="pasted")
        assert len(idx) == n + 1
        assert any(p.relation == "duplicate" for p in links)


def test_unknown_id_and_corrupt_index(tmp_path):
    with retold.Index(tmp_path / "i.sqlite") as idx:
        with pytest.raises(UnknownDocument):
            idx.get("nope")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(IndexError_):
        retold.Index(bad)


def test_compare_api_returns_passages_relation_and_coverage():
    a = ARTICLE
    b = ARTICLE.replace("Almost 24,000", "Almost 200,000")
    pair = retold.compare(a, b)
    assert pair.relation == "duplicate"
    assert pair.coverage_a > 0.9 and pair.coverage_b > 0.9
    assert pair.passages and all(p.a_end > p.a_start for p in pair.passages)
    unrelated = retold.compare(a, "The council approved a tram line. Work starts in spring. The mayor was pleased.")
    assert unrelated.relation is None and unrelated.passages == []


def test_report_is_the_json_contract(demo_report):
    r = demo_report
    assert r["retold"] == 1
    assert set(r) >= {"documents", "pairs", "stories"}
    for d in r["documents"]:
        assert set(d) >= {"id", "title", "language", "chars", "credits", "removed"}
        assert all(set(x) == {"text", "reason"} for x in d["removed"])
    ids = {d["id"] for d in r["documents"]}
    for p in r["pairs"]:
        assert p["a"] < p["b"] and p["a"] in ids and p["b"] in ids
        assert p["relation"] in {"duplicate", "excerpt", "rewrite", "translation", "related"}
        assert set(p) >= {"score", "coverage_a", "coverage_b", "original", "passages", "changes"}
        for x in p["passages"]:
            assert set(x) >= {"a_start", "a_end", "b_start", "b_end", "similarity"}
    for s in r["stories"]:
        assert set(s) >= {"id", "documents", "original", "reason"}


def test_a_record_that_cleans_to_nothing_is_skipped_or_stops_a_strict_scan(tmp_path):
    corpus = tmp_path / "c"
    for i in range(3):
        write(corpus, f"d{i}.txt", ARTICLE.replace("nine", f"{i + 2} people and nine"))
    write(corpus, "d9.txt", "Click here to read the full article.\n")  # only a prompt: nothing left after cleaning
    cfg = retold.Config(batch_size=1, workers=0)
    with retold.Index(tmp_path / "s.sqlite", cfg) as idx:
        with pytest.raises(EmptyDocument, match="d9.txt"):
            idx.scan([corpus], strict=True)
        assert len(idx) == 0 and idx.pairs() == []  # found before anything was written
    with retold.Index(tmp_path / "n.sqlite", cfg) as idx:
        r = idx.scan([corpus])
        assert (r.added, r.skipped) == (3, 1) and "d9" in r.problems[0]
        assert len(idx.pairs()) == 3


def test_a_partner_replaced_by_a_later_batch_leaves_no_dangling_pair(tmp_path):
    """A batch's pairs are written after the next batch is staged: a partner
    that the next batch replaces (a changed record) gets no pair to its old
    row; the new version meets the batch's documents in its own batch."""
    import json

    def jsonl(path, rows):
        path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in rows), encoding="utf-8")

    version = lambda n: ARTICLE.replace("nine", f"{n} people and nine")  # noqa: E731
    ix = tmp_path / "i.sqlite"
    cfg = retold.Config(batch_size=2, encoder=None)
    jsonl(tmp_path / "one.jsonl", [("d0", version(2)), ("d1", version(3))])
    jsonl(tmp_path / "two.jsonl", [("n0", version(4)), ("n1", version(5)), ("d0", version(6))])
    with retold.Index(ix, cfg) as idx:
        idx.scan([tmp_path / "one.jsonl"])
        r = idx.scan([tmp_path / "two.jsonl"])
        assert (r.added, r.replaced) == (2, 1)
        assert _orphans(ix) == 0
        assert len(idx) == 4 and len(idx.pairs()) == 6


def test_a_running_scan_keeps_its_unverified_documents_and_the_index_to_itself(tmp_path, monkeypatch):
    """Opening the index while another process scans into it must not drop
    that scan's work in progress, and a second scan is refused."""
    import fcntl

    corpus = _near_copies(tmp_path)
    ix = tmp_path / "i.sqlite"
    cfg = retold.Config(batch_size=2, encoder=None)
    from retold import _index

    real = _index.Index._finish_batch

    def dying(self, *args):
        raise KeyboardInterrupt

    monkeypatch.setattr(_index.Index, "_finish_batch", dying)
    with retold.Index(ix, cfg) as idx, pytest.raises(KeyboardInterrupt):
        idx.scan([corpus])
    monkeypatch.setattr(_index.Index, "_finish_batch", real)
    with open(str(ix) + ".lock", "a") as other:  # another scan holds the lock
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        with retold.Index(ix, cfg) as idx:
            assert len(idx) == 4  # its two staged batches, kept
            with pytest.raises(IndexError_, match="another scan"):
                idx.scan([corpus])
        fcntl.flock(other.fileno(), fcntl.LOCK_UN)
    with retold.Index(ix, cfg) as idx:
        assert len(idx) == 0  # no scan running: the unverified documents are dropped
        assert idx.scan([corpus]).added == 6
        assert len(idx.pairs()) == 15


def test_cli_refuses_a_second_scan_with_one_line(tmp_path):
    import fcntl
    import subprocess
    import sys

    corpus = _near_copies(tmp_path)
    ix = tmp_path / "i.sqlite"
    with open(str(ix) + ".lock", "a") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        r = subprocess.run([sys.executable, "-m", "retold", "scan", str(corpus), "--index", str(ix), "--encoder", "none"],
                           capture_output=True, text=True)
    assert r.returncode == 4
    assert "another scan is writing" in r.stderr and "Traceback" not in r.stderr


def test_scans_asking_keys_in_memory_or_in_sql_write_the_same_index(tmp_path, demo_dir, monkeypatch):
    from retold import _store

    files = sorted(p for p in demo_dir.rglob("*") if p.is_file())
    cfg = retold.Config(encoder=None)
    reports = []
    loads = []
    init = _store._InMemory.__init__
    monkeypatch.setattr(_store._InMemory, "__init__", lambda self, db: (loads.append(1), init(self, db))[1])
    for limit in (10**9, 0):  # held in memory (loaded again for the second scan), then SQL only
        monkeypatch.setattr("retold._store.MEMORY_POSTINGS", limit)
        with retold.Index(tmp_path / f"{limit}.sqlite", config=cfg) as idx:
            idx.scan(files[: len(files) // 2])
            idx.scan(files)
            reports.append(idx.report())
    assert len(loads) == 2  # once a scan with the limit high, never in SQL-only scans
    assert reports[0]["pairs"] and reports[0] == reports[1]
