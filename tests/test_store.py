"""The SQLite store: anchor weights and the postings indexes."""

from __future__ import annotations

import math
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold._load import load_text
from retold._clean import clean
from retold._store import Store, anchor_key


def _doc(i: int):
    return clean(load_text(f"Story number {i} was told in Lisbon. It happened on a Monday.", f"d{i}"))


@pytest.fixture()
def store():
    s = Store(":memory:")
    yield s
    s.close()


ANCHORS = [
    {"lisbon", "porto", "1,200", "nato"},
    {"lisbon", "porto", "madrid"},
    {"lisbon", "1,200", "kyiv", "nato"},
    {"lisbon"},
]


def _fill(store: Store) -> list[int]:
    return [store.insert(_doc(i), [i, 100 + i], anchors) for i, anchors in enumerate(ANCHORS)]


def test_anchor_totals_equal_the_sum_of_anchor_weights(store):
    rows = _fill(store)
    df: dict[str, int] = {}
    for anchors in ANCHORS:
        for a in anchors:
            df[a] = df.get(a, 0) + 1
    n, max_df = len(ANCHORS), 3
    totals = store.anchor_totals(rows, max_df, n)
    for r, anchors in zip(rows, ANCHORS):
        want = sum(math.log(n / df[a]) + 1.0 for a in anchors if df[a] <= max_df)
        assert totals[r] == pytest.approx(want, rel=1e-12)
    # the same weights as a document's own total in anchor_partners
    for r, anchors in zip(rows, ANCHORS):
        _partners, own = store.anchor_partners(anchors, r, max_df, n_docs=n)
        assert own == pytest.approx(totals[r], rel=1e-12)


def test_anchor_partners_weigh_shared_anchors(store):
    rows = _fill(store)
    partners, _own = store.anchor_partners(ANCHORS[0], rows[0], max_df=3, min_shared=2, n_docs=len(ANCHORS))
    # "lisbon" is in all 4 documents (over max_df); doc 1 shares porto, doc 2 shares 1,200 and nato
    assert set(partners) == {rows[2]}
    w, count = partners[rows[2]]
    assert count == 2
    assert w == pytest.approx(2 * (math.log(4 / 2) + 1.0))


def test_postings_queries_read_covering_indexes(store):
    plans = {
        "anchors": "SELECT doc FROM anchors WHERE anchor = 1",
        "bands": "SELECT DISTINCT doc FROM bands WHERE key IN (1, 2)",
        "sentkeys": "SELECT key, group_concat(doc) FROM sentkeys WHERE key IN (1, 2) GROUP BY key",
        "totals": "SELECT a.doc, d.df FROM anchors a JOIN anchor_df d ON d.anchor = a.anchor WHERE a.doc IN (1, 2)",
    }
    for name, q in plans.items():
        plan = " ".join(str(r[-1]) for r in store.db.execute("EXPLAIN QUERY PLAN " + q))
        assert "COVERING INDEX" in plan, (name, plan)


def test_an_index_with_the_old_postings_indexes_gets_the_covering_ones(tmp_path):
    path = tmp_path / "old.sqlite"
    s = Store(path)
    r = s.insert(_doc(1), [7], {"lisbon"})
    s.close()
    db = sqlite3.connect(path)
    for name in ("bands_key_doc", "anchors_anchor_doc", "anchors_doc_anchor", "sentkeys_key_doc"):
        db.execute(f"DROP INDEX {name}")
    db.execute("CREATE INDEX bands_key ON bands(key)")
    db.execute("CREATE INDEX anchors_anchor ON anchors(anchor)")
    db.execute("CREATE INDEX anchors_doc ON anchors(doc)")
    db.execute("CREATE INDEX sentkeys_key ON sentkeys(key)")
    db.commit()
    db.close()
    s = Store(path)
    names = {n for (n,) in s.db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"bands_key_doc", "anchors_anchor_doc", "anchors_doc_anchor", "sentkeys_key_doc"} <= names
    assert not names & {"bands_key", "anchors_anchor", "anchors_doc", "sentkeys_key"}
    assert s.lsh_partners([7]) == {r}
    assert [d for (d,) in s.db.execute("SELECT doc FROM anchors WHERE anchor = ?", (anchor_key("lisbon"),))] == [r]
    s.close()


def test_json_columns_round_trip_and_fall_back_to_the_json_module():
    from retold._store import _dumps, _loads

    value = {"a": [1, 2.5, None, "Émile 24 000"], "b": {"c": (3, 4)}}
    assert _loads(_dumps(value)) == {"a": [1, 2.5, None, "Émile 24 000"], "b": {"c": [3, 4]}}
    assert "Émile" in _dumps(value)  # non-ASCII kept as is
    # what orjson refuses (non-string keys, integers over 64 bits) the json module writes
    assert _loads(_dumps({1: "x"})) == {"1": "x"}
    assert _loads(_dumps([2**70])) == [2**70]


# --- the key tables held in memory (retold._postings) against SQL ---------------

_WORDS = ["lisbon", "porto", "madrid", "1,200", "nato", "kyiv", "oslo", "17", "x"]
_STEPS = st.lists(
    st.tuples(
        st.sampled_from(["insert", "insert", "insert", "delete", "sentences", "bands", "rollback"]),
        st.integers(0, 9),
        st.sets(st.sampled_from(_WORDS), max_size=6),
        st.sets(st.integers(0, 15), max_size=5),
    ),
    min_size=1,
    max_size=25,
)


def _same_answers(s: Store, rows: list[int], n_docs: int) -> None:
    """Every candidate query, answered from memory, equals the SQL answer (floats bit for bit)."""
    mem = s._memory()
    assert mem is not None
    for words in (_WORDS[:3], _WORDS[2:7], _WORDS):
        keys = sorted({anchor_key(a) for a in words})
        for exclude in (None, *rows[:3]):
            for max_df, min_shared in ((2, 1), (3, 2), (100, 1)):
                assert s.anchor_partners(words, exclude, max_df, min_shared, n_docs) == s._sql_anchor_partners(
                    keys, exclude, max_df, min_shared, max(2, n_docs)
                )
    base = math.log(max(2, n_docs)) + 1.0
    for max_df in (1, 3, 100):
        assert s.anchor_totals(rows, max_df, n_docs) == s._sql_anchor_totals(list(set(rows)), max_df, base)
    for exclude in (None, *rows[:2]):
        assert s.lsh_partners(range(16), exclude) == s._sql_lsh_partners(range(16), exclude)
        for max_df in (1, 2, 50):
            assert s.sentence_partners(range(16), exclude, max_df) == s._sql_sentence_partners(
                range(16), exclude, max_df
            )


@settings(max_examples=60, deadline=None)
@given(_STEPS)
def test_keys_held_in_memory_answer_as_sql(steps):
    s = Store(":memory:")
    ids: dict[str, int] = {}
    with s.keys_in_memory():
        _same_answers(s, [], 0)  # loaded while empty, then kept in step with every write
        for n, (step, i, words, keys) in enumerate(steps):
            doc_id = f"d{i}"
            if step == "insert" and doc_id not in ids:
                ids[doc_id] = s.insert(_doc(i), keys, words)
                s.put_sentence_keys(ids[doc_id], {k + 3 for k in keys})
            elif step == "delete" and doc_id in ids:
                s.delete(doc_id)
                del ids[doc_id]
            elif step == "sentences" and doc_id in ids:
                s.put_sentence_keys(ids[doc_id], keys)
            elif step == "bands" and doc_id in ids:
                s.put_band_keys(ids[doc_id], keys)
            elif step == "rollback":
                with pytest.raises(RuntimeError), s.transaction():
                    s.insert(_doc(100 + n), keys, words)  # an id no step uses
                    raise RuntimeError
            _same_answers(s, list(ids.values()), len(ids))
    assert s._mem is None
    s.close()


def test_keys_stay_in_sql_above_the_memory_limit(monkeypatch):
    s = Store(":memory:")
    r = s.insert(_doc(1), [7, 8], {"lisbon"})
    monkeypatch.setattr("retold._store.MEMORY_POSTINGS", 2)
    with s.keys_in_memory():
        assert s.lsh_partners([7]) == {r}
        assert s._mem is None  # three rows: over the limit, asked in SQL
    s.close()
