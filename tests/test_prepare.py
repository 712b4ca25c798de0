"""The per-document stages of a scan, in this process and in worker processes."""

import json

import retold
from retold._clean import LineStats
from retold._errors import InputError
from retold._fingerprint import fingerprint
from retold._load import load_text
from retold._prepare import Prepared, PrepareAhead, Workers, prepare, prepare_job, raw_key, workers_for

TEXTS = [
    "Harbour plan approved\n\nThe harbour authority in Port Calden approved a plan on Monday to dredge the eastern channel. "
    "The work will remove about 310,000 cubic metres of silt and take eleven months.\n",
    "Festival moves\n\nOrganisers of the Calden summer festival said on Thursday it will move to the old shipyard. "
    "The festival drew 48,000 visitors last year.\n",
]


def test_prepare_cleans_and_computes_keys_and_claims():
    p = prepare(load_text(TEXTS[0], "a"), LineStats())
    assert isinstance(p, Prepared)
    assert p.doc.id == "a" and p.sentence_keys
    assert p.anchors == fingerprint(p.doc.text, p.doc.sentences).anchors and "310000" in str(sorted(p.anchors))
    assert any(c.get("value") == 310000 or "310" in str(c) for c in p.claims)


def test_pool_gives_the_same_result_as_one_process():
    rs = [load_text(t, f"d{i}") for i, t in enumerate(TEXTS * 3)]
    rs.append(load_text("   \n\n  ", "empty"))
    results = []
    for w in (0, 2):
        with Workers({"stats": LineStats()}, w) as pool:
            results.append(pool.map(prepare_job, [(r,) for r in rs]))
    one, two = results
    assert len(one) == len(two) == len(rs)
    for x, y in zip(one, two):
        if isinstance(x, InputError):
            assert isinstance(y, InputError) and str(x) == str(y)
        else:
            assert (x.doc.id, x.doc.text, x.sentence_keys, x.claims) == (y.doc.id, y.doc.text, y.sentence_keys, y.claims)
    assert isinstance(two[-1], InputError) and "no article text" in str(two[-1])


def test_verbatim_copies_are_prepared_once_with_their_own_ids():
    from dataclasses import replace

    base = [load_text(t, f"d{i}") for i, t in enumerate(TEXTS)]
    empty = load_text("   \n\n  ", "empty")
    chunks = [
        [base[0], replace(base[0], id="c0", origin="c0.txt"), empty],
        [replace(base[0], id="c1", origin="c1.txt"), base[1], replace(empty, id="empty2", origin="e2.txt")],
        [replace(base[1], id="c2", origin="c2.txt", title="Another title")],  # not a verbatim copy
    ]
    assert raw_key(chunks[0][1]) == raw_key(base[0]) != raw_key(chunks[2][0])
    for w in (0, 2):
        calls = []
        with Workers({"stats": LineStats()}, w) as pool:
            original = pool.submit

            def counted(fn, jobs, min_items=200):
                calls.append(len(jobs))
                return original(fn, jobs, min_items)

            pool.submit = counted
            ahead = PrepareAhead(pool, min_items=2)
            got = [ahead.submit(c)() for c in chunks]
            jobs = list(calls)
            want = [pool.map(prepare_job, [(r,) for r in c], 2) for c in chunks]
        assert jobs == [2, 2, 1]  # base[0] and empty; base[1] and empty2 (a failed record's copy is prepared); c2
        for gs, ws in zip(got, want):
            for g, x in zip(gs, ws):
                if isinstance(x, InputError):
                    assert isinstance(g, InputError) and str(g) == str(x)
                else:
                    assert (g.doc, g.sentence_keys, g.claims, g.anchors) == (x.doc, x.sentence_keys, x.claims, x.anchors)
        assert got[1][0].doc.id == "c1" and got[1][0].doc.origin == "c1.txt"


def test_workers_for():
    assert workers_for(10, None) == 0  # too few documents for a pool
    assert workers_for(1000, 0) == 0
    assert workers_for(1000, 3) == 3
    assert workers_for(1, 3) == 0


def _square(state, x):
    return state["k"] * x * x


def test_workers_pool_keeps_order_and_state():
    with Workers({"k": 3}, workers=2) as pool:
        assert pool.map(_square, [(i,) for i in range(50)], min_items=10) == [3 * i * i for i in range(50)]
        assert pool._pool is not None  # the same pool serves later maps
        first = pool._pool
        assert pool.map(_square, [(2,), (5,)], min_items=10) == [12, 75]
        assert pool._pool is first
    assert pool._pool is None
    with Workers({"k": 1}, workers=0) as pool:
        assert pool.map(_square, [(4,)]) == [16] and pool._pool is None


def test_scan_with_workers_matches_scan_without(tmp_path, demo_dir):
    results = []
    for w in (0, 2):
        with retold.Index(tmp_path / f"i{w}.sqlite", config=retold.Config(encoder=None, workers=w)) as idx:
            rep = idx.scan([demo_dir])
            results.append((rep.added, rep.skipped, sorted(json.dumps(p.to_dict(), sort_keys=True) for p in idx.pairs()),
                            sorted(str(c) for c in idx.store.claims())))
    assert results[0] == results[1]
    assert results[0][2]  # the demo has links
