"""Input: every format, ids, encodings, and bad input that must not cost good records."""

import json

import pytest

from retold._errors import DuplicateId, EmptyDocument, InputError, MalformedRecord, UnreadableFile
from retold._load import load
from retold._models import RawDocument


def collect(paths):
    good, bad = [], []
    for x in load(paths):
        (bad if isinstance(x, InputError) else good).append(x)
    return good, bad


def test_ids_are_relative_paths_without_extension(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "001_abc.txt").write_text("Title\n\nBody text here.", encoding="utf-8")
    good, bad = collect([tmp_path])
    assert [g.id for g in good] == ["folder/001_abc"] and not bad
    assert good[0].title == "Title" and good[0].text == "Body text here."


def test_markdown_title_and_no_title(tmp_path):
    (tmp_path / "a.md").write_text("# A headline\n\nBody.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Just one paragraph of text that ends with a stop.\nAnother line.", encoding="utf-8")
    good, _ = collect([tmp_path])
    by = {g.id: g for g in good}
    assert by["a"].title == "A headline"
    assert by["b"].title is None


def test_jsonl_and_csv_fields(tmp_path):
    rec = {"id": "r1", "text": "Hello world.", "title": "T", "url": "http://x", "published": "2026-01-02", "language": "en", "source": "S"}
    (tmp_path / "f.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (tmp_path / "g.csv").write_text('id,text,source\nc1,"A, quoted\ntext.",Wire\n', encoding="utf-8")
    good, bad = collect([tmp_path])
    assert not bad
    r1 = next(g for g in good if g.id == "r1")
    assert (r1.title, r1.url, r1.published, r1.language, r1.source) == ("T", "http://x", "2026-01-02", "en", "S")
    c1 = next(g for g in good if g.id == "c1")
    assert c1.text == "A, quoted\ntext." and c1.source == "Wire"


def test_html_main_text(tmp_path):
    html = (
        "<html><head><title>Page</title></head><body><nav>Home | News | Sport</nav>"
        "<article><h1>Storm hits coast</h1>"
        + "".join(f"<p>Paragraph {i} of the storm story, with enough words to count as prose here.</p>" for i in range(5))
        + "</article><footer>Copyright 2026 Example Media</footer></body></html>"
    )
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    good, bad = collect([tmp_path])
    assert not bad and good[0].id == "p" and good[0].html
    assert "Paragraph 3 of the storm story" in good[0].text
    assert "Home | News" not in good[0].text


def test_non_utf8_is_detected(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Le café était fermé à Montréal, déclare le maire. Très bien.".encode("cp1252"))
    good, bad = collect([tmp_path])
    assert not bad and "café" in good[0].text


def test_bad_files_are_reported_one_line_each_and_good_ones_kept(tmp_path):
    (tmp_path / "good.txt").write_text("A good article.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (tmp_path / "rows.jsonl").write_text(
        '{"id": "ok1", "text": "Fine."}\n{broken\n["not", "an", "object"]\n{"id": "nt"}\n{"id": "ok2", "text": "Also fine."}\n',
        encoding="utf-8",
    )
    (tmp_path / "rows.csv").write_text('id,text\nc1,"fine"\nc2,"a",extra\n', encoding="utf-8")
    good, bad = collect([tmp_path])
    assert sorted(g.id for g in good) == ["c1", "good", "ok1", "ok2"]
    msgs = sorted(str(b) for b in bad)
    assert any("binary.txt" in m and "binary" in m for m in msgs)
    assert any("empty.txt" in m and "empty" in m for m in msgs)
    assert any(m.startswith(str(tmp_path / "rows.jsonl") + ":2:") and "invalid JSON" in m for m in msgs)
    assert any(":3:" in m and "not an object" in m for m in msgs)
    assert any(":4:" in m and "no 'text'" in m for m in msgs)
    assert any("rows.csv:3:" in m for m in msgs)
    assert all("\n" not in m for m in msgs)
    kinds = {type(b) for b in bad}
    assert {UnreadableFile, EmptyDocument, MalformedRecord} <= kinds


def test_duplicate_ids_keep_the_first(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "same", "text": "first"}\n{"id": "same", "text": "second"}\n', encoding="utf-8")
    good, bad = collect([tmp_path])
    assert [g.text for g in good] == ["first"]
    assert isinstance(bad[0], DuplicateId) and "a.jsonl:2" in str(bad[0])


def test_missing_path_and_unsupported_file(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    _, bad = collect([tmp_path / "nope", tmp_path / "x.pdf"])
    assert "no such file" in str(bad[0])
    assert "unsupported file type .pdf" in str(bad[1])


def test_content_hash_changes_with_content(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("one", encoding="utf-8")
    (h1,), _ = collect([f])
    f.write_text("two", encoding="utf-8")
    (h2,), _ = collect([f])
    assert isinstance(h1, RawDocument) and h1.content_hash != h2.content_hash


def test_permission_denied_is_an_input_error(tmp_path, monkeypatch):
    from pathlib import Path

    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    real = Path.read_bytes

    def deny(self):
        if self == f:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    (tmp_path / "b.txt").write_text("still read", encoding="utf-8")
    good, bad = collect([tmp_path])
    assert [g.id for g in good] == ["b"]
    assert str(bad[0]) == f"{f}: permission denied"
