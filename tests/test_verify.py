"""Checking one pair, and reusing a checked pair's result for documents with the same content."""

import shutil
from dataclasses import replace

import retold
from retold import _index
from retold._clean import clean
from retold._load import load_text
from retold._similarity import LexicalSimilarity
from retold._verify import check_pair, content_key, ordered, relabel, swapped

ORIGINAL = (
    "Record crossings\n\nAlmost 24,000 people were apprehended crossing from Canada into the United States last year, "
    "border officials said on Tuesday.\n\nAgent Marek Kowalczyk found a family of nine near Emerson, Manitoba, when the "
    "temperature had fallen to minus 17 degrees.\n\nThe sector has added 40 agents and six camera towers since 2024, "
    "at a cost of $18.4 million.\n"
)
CHANGED = (
    "Crossings at a record\n\nAlmost 200,000 people were apprehended crossing from Canada into the United States last "
    "year, border officials said on Tuesday.\n\nAgent Marek Kowalczyk found a family of nine near Emerson, Manitoba, "
    "when the temperature had fallen to 17 degrees.\n"
)


def _doc(text, doc_id):
    return clean(load_text(text, doc_id))


def _check(a, b):
    sim, cfg = LexicalSimilarity(), retold.Config(encoder=None)
    return check_pair(a, b, sim.features(a), sim.features(b), sim, cfg)


def _spans_read_their_texts(p, da, db):
    for c in p.changes:
        for side, doc in (("a", da), ("b", db)):
            span = c.get(f"{side}_span")
            if span:
                assert doc.text[span["start"] : span["end"]] == c[f"{side}_text"]
                assert c[f"{side}_fact"]["text"] == c[f"{side}_text"]


def test_swapped_twice_is_the_pair_and_changes_keep_their_sides():
    a, b = _doc(ORIGINAL, "a"), _doc(CHANGED, "b")
    p = _check(a, b)
    assert p is not None and {c["kind"] for c in p.changes} >= {"number"}
    assert swapped(swapped(p)) == p
    assert ordered(swapped(p)) == p
    _spans_read_their_texts(p, a, b)
    _spans_read_their_texts(swapped(p), b, a)


def test_relabel_gives_what_checking_the_twin_gives():
    a, b = _doc(ORIGINAL, "m-orig"), _doc(CHANGED, "c-copy")
    # twins of each side, with ids that sort on the other side of their partner
    ta, tb = replace(a, id="z-twin"), replace(b, id="a-twin")
    assert content_key(ta) == content_key(a) and content_key(a) != content_key(b)
    p = _check(a, b)
    assert p is not None
    for x, y in ((ta, b), (a, tb), (ta, tb), (tb, ta)):
        got = relabel(p, a.id if x.text == a.text else b.id, b.id if y.text == b.text else a.id, x, y)
        assert got == _check(x, y)


def _scan(folder, index, monkeypatch, reuse):
    calls = []
    job = _index.verify_job

    def counted(*args):
        calls.append(1)
        return job(*args)

    monkeypatch.setattr(_index, "verify_job", counted)
    if not reuse:  # every document its own content: nothing is reused
        monkeypatch.setattr(_index, "content_key", lambda d: (d.id,))
    with retold.Index(index, retold.Config(encoder=None, workers=0, batch_size=3)) as idx:
        idx.scan([folder])
        pairs = sorted((p.to_dict() for p in idx.pairs()), key=lambda p: (p["a"], p["b"]))
    monkeypatch.undo()
    return pairs, len(calls)


def test_scan_reuses_checked_pairs_of_identical_copies(tmp_path, monkeypatch, demo_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(demo_dir, corpus)
    for name in ("border-original.txt", "border-spun.txt"):
        src = next(corpus.rglob(name))
        for k in range(3):  # verbatim reprints under other names
            shutil.copy(src, corpus / f"mirror{k}-{name}")
    fresh, n_fresh = _scan(corpus, tmp_path / "fresh.sqlite", monkeypatch, reuse=False)
    reused, n_reused = _scan(corpus, tmp_path / "reused.sqlite", monkeypatch, reuse=True)
    assert reused == fresh
    assert len({(p["a"], p["b"]) for p in fresh}) == len(fresh) > 20
    assert n_reused < n_fresh - 20



def test_a_result_carried_to_another_overlap_is_what_checking_gives(demo_dir):
    import json

    from retold._fingerprint import anchors_of
    from retold._verify import at_overlap

    original = clean(load_text((demo_dir / "agency" / "border-original.txt").read_text(encoding="utf-8"), "orig"))
    post = json.loads((demo_dir / "other-outlets" / "prairie-post-border.jsonl").read_text(encoding="utf-8").splitlines()[0])
    others = {
        "related": clean(load_text(post["text"], "post")),
        "copy": clean(load_text((demo_dir / "farms" / "border-spun.txt").read_text(encoding="utf-8"), "spun")),
        "unrelated": clean(load_text((demo_dir / "other-outlets" / "woodstock-port-of-entry.txt").read_text(encoding="utf-8"), "port")),
    }
    sim, cfg = LexicalSimilarity(), retold.Config(encoder=None)
    known = 0
    for name, b in others.items():
        shared = anchors_of(original.text, original.sentences) & anchors_of(b.text, b.sentences)
        results = {}
        for ov in (0.0, 0.1, 0.29, 0.3, 0.45, 0.8):
            results[ov] = check_pair(original, b, sim.features(original), sim.features(b), sim, cfg, ov, shared)
        if name == "related":  # linked by anchors alone at a high overlap, not at a low one
            assert results[0.8].relation == "related" and not results[0.8].passages and results[0.1] is None
        if name == "copy":
            assert all(p is not None and p.relation == "rewrite" for p in results.values())
        for was, pair in results.items():
            for ov, fresh in results.items():
                ok, carried = at_overlap(pair, was, ov, cfg.relate)
                if ok:
                    known += 1
                    assert carried == fresh, (name, was, ov)
    assert known >= 80
