"""The SQLite store: what the candidate stage asks of it."""

from retold._clean import LineStats, clean
from retold._load import load_text
from retold._models import COPY_RELATIONS, Pair
from retold._store import Store


def _doc(doc_id, language):
    raw = load_text(f"Story {doc_id}\n\nThe council met on Monday in Calden to discuss item {doc_id}.", doc_id, language=language)
    return clean(raw, LineStats())


def test_copy_partners_cross_languages_only(tmp_path):
    store = Store(tmp_path / "i.sqlite")
    try:
        with store.transaction():
            r = {d: store.insert(_doc(d, lang), [], []) for d, lang in
                 [("en1", "en"), ("is1", "is"), ("is2", "is"), ("is3", "is"), ("de1", "de")]}
            store.put_pair(r["en1"], r["is1"], Pair(a="en1", b="is1", relation="translation", score=0.8, coverage_a=1, coverage_b=1))
            store.put_pair(r["is1"], r["is2"], Pair(a="is1", b="is2", relation="rewrite", score=0.9, coverage_a=1, coverage_b=1))
            store.put_pair(r["is1"], r["de1"], Pair(a="is1", b="de1", relation="related", score=0.3, coverage_a=0, coverage_b=0))
        # an Icelandic copy's partners in other languages: the English source, not the
        # Icelandic copy, and not the German report that is only related
        assert store.copy_partners([r["is1"]], COPY_RELATIONS, other_than_language="is") == {r["en1"]}
        # from the English side: the Icelandic translation's Icelandic copy
        assert store.copy_partners([r["is1"]], COPY_RELATIONS, other_than_language="en") == {r["is2"]}
        assert store.copy_partners([r["is3"]], COPY_RELATIONS, other_than_language="is") == set()
    finally:
        store.close()
