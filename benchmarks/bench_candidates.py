#!/usr/bin/env python
"""Fingerprinting + candidate generation: retold vs datasketch vs rensa.

    .venv/bin/python benchmarks/bench_candidates.py [--per-kind 400] [--runs 5]
        [--seed 1] [--datasets DIR] [--skip-per-doc] [--seed-study N]

Input: all 2,225 BBC articles plus ``--per-kind`` generated copies of each of
the 7 kinds (``benchmarks/generate.py``): about 5,000 documents. Every tool
gets the same documents and produces the same thing: the set of document
pairs that share at least one LSH band of a 128-value MinHash signature of
word 5-gram shingles, with 32 bands of 4 rows (datasketch ``params=(32, 4)``,
rensa ``num_bands=32``, retold's ``BANDS = 32``).

Two measurements, each the median of ``--runs`` rounds, the tools timed
round-robin inside each round so that load from other processes on a shared
machine falls on all of them alike:

(i)  from raw texts: each tool tokenises. The peers run
     ``re.findall(r"\\w+", text.lower())`` and build 5-gram strings joined by
     spaces (datasketch also encodes them to UTF-8 bytes, which its API
     requires); retold runs ``signatures(texts)`` (its own vectorised
     tokeniser, word and shingle hashes, one-permutation MinHash),
     ``band_keys`` and ``lsh_pairs``. A second retold row feeds the same
     shingle hashes to rensa's R-MinHash instead
     (``signatures(texts, minhash="rensa")``), to show that trade-off.
(ii) from the same pre-built 5-gram strings: every tool gets the lists of
     5-gram strings built outside the timer (bytes for datasketch). retold
     runs ``signatures_from_shingles`` (its C extension hashes the strings
     and sketches them with one-permutation MinHash), then bands and groups
     as in (i).

Each peer is timed two ways: its per-document API (``MinHash()`` /
``RMinHash()`` + ``update`` one document at a time, ``insert`` and ``query``
per document) and its bulk API (``MinHash.bulk``; ``RMinHash.from_token_sets``
+ ``insert_many`` + ``query_all``); the ratio is against the faster of the
two. Every tool reports two stages (median over the runs): the sketch
(tokenising included in (i)) and the LSH (band keys + grouping for retold;
index + query + pair set for the peers). retold's raw-text path is also
timed stage by stage (fold to bytes, word hashes, shingles, MinHash, band
keys, grouping). Candidate recall is reported for every generated kind (a
copy is recalled when the pair (copy, its source) is a candidate), plus the
BBC's own exact duplicates, and for retold also with its second candidate
key (rare anchors, ``anchor_pairs``), which the index uses besides LSH.
``--seed-study N`` adds the recall of retold's one-permutation MinHash and
of rensa's R-MinHash on the same shingle hashes over N hash seeds each.

Prints Markdown; writes benchmarks/out/candidates.json.
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import git_rev, interleaved, machine, save_json, table, versions  # noqa: E402
from generate import KINDS, generate_corpus, load_bbc, normalised  # noqa: E402

NUM_PERM = 128
BANDS = 32
SHINGLE = 5
_W = re.compile(r"\w+")


def shingles(text: str) -> list[str]:
    toks = _W.findall(text.lower())
    if len(toks) < SHINGLE:
        return [" ".join(toks)] if toks else []
    return [" ".join(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1)]


def _pairs_from_query(results) -> set[tuple[int, int]]:
    out = set()
    for i, keys in enumerate(results):
        for j in keys:
            if j != i:
                out.add((i, j) if i < j else (j, i))
    return out


# --- retold -------------------------------------------------------------------------


def retold_lsh(texts: list[str], minhash: str = "oph"):
    from retold._candidates import lsh_pairs
    from retold._fingerprint import band_keys, signatures

    t0 = time.perf_counter()
    sigs = signatures(texts, minhash=minhash)
    t1 = time.perf_counter()
    pairs = lsh_pairs(band_keys(sigs))
    return t1 - t0, time.perf_counter() - t1, pairs


def retold_from_shingles(sh: list[list[str]]):
    from retold._candidates import lsh_pairs
    from retold._fingerprint import band_keys, signatures_from_shingles

    t0 = time.perf_counter()
    sigs = signatures_from_shingles(sh)
    t1 = time.perf_counter()
    pairs = lsh_pairs(band_keys(sigs))
    return t1 - t0, time.perf_counter() - t1, pairs


RETOLD_STAGES = ("fold to bytes", "word hashes", "shingles", "MinHash (one permutation)", "band keys", "grouping")


def retold_stages(texts: list[str]):
    """retold's raw-text path stage by stage: the steps of ``signatures`` (per
    chunk of ~1 MB, as it runs them) then banding and grouping. Private
    functions, same work as :func:`retold_lsh`; returns the stage times in
    place of the pairs."""
    import numpy as np

    from retold._candidates import lsh_pairs
    from retold._fingerprint import NUM_PERM, SHINGLE, _chunks, _encode, _oph, _window_hashes, _word_hashes, band_keys

    spent = dict.fromkeys(RETOLD_STAGES, 0.0)
    sigs = np.empty((len(texts), NUM_PERM), dtype=np.uint64)
    for lo, hi in _chunks(texts):
        n = hi - lo
        t0 = time.perf_counter()
        data, bounds = _encode(texts[lo:hi])
        t1 = time.perf_counter()
        th, starts = _word_hashes(data)
        t2 = time.perf_counter()
        # the shingle step of _shingles (texts of >= 5 words; the benchmark has no shorter ones)
        wb = np.searchsorted(starts, bounds)
        counts = np.diff(wb)
        owner = np.repeat(np.arange(n), counts)
        m = len(th) - SHINGLE + 1
        sh = _window_hashes(th, SHINGLE)[owner[:m] == owner[SHINGLE - 1 :]]
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.maximum(counts - SHINGLE + 1, 0), out=offsets[1:])
        t3 = time.perf_counter()
        sigs[lo:hi] = _oph(sh, offsets)
        t4 = time.perf_counter()
        for k, v in zip(RETOLD_STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            spent[k] += v
    t4 = time.perf_counter()
    keys = band_keys(sigs)
    t5 = time.perf_counter()
    lsh_pairs(keys)
    t6 = time.perf_counter()
    spent["band keys"] = t5 - t4
    spent["grouping"] = t6 - t5
    return spent


def retold_anchor_pairs(texts: list[str]):
    from retold._candidates import anchor_pairs
    from retold._text import anchors, sentence_spans

    t0 = time.perf_counter()
    sets = [frozenset(anchors(t, sentence_spans(t))) for t in texts]
    t1 = time.perf_counter()
    pairs = set(anchor_pairs(sets))
    return t1 - t0, time.perf_counter() - t1, pairs


# --- datasketch -----------------------------------------------------------------------


def _ds_lsh(mhs):
    from datasketch import MinHashLSH

    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, NUM_PERM // BANDS))
    with lsh.insertion_session() as s:
        for i, m in enumerate(mhs):
            s.insert(i, m, check_duplication=False)
    return _pairs_from_query(lsh.query(m) for m in mhs)


def ds_per_doc(sh_bytes):
    from datasketch import MinHash

    t0 = time.perf_counter()
    mhs = []
    for s in sh_bytes:
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch(s)
        mhs.append(m)
    t1 = time.perf_counter()
    pairs = _ds_lsh(mhs)
    return t1 - t0, time.perf_counter() - t1, pairs


def ds_bulk(sh_bytes):
    from datasketch import MinHash

    t0 = time.perf_counter()
    mhs = MinHash.bulk(sh_bytes, num_perm=NUM_PERM)
    t1 = time.perf_counter()
    pairs = _ds_lsh(mhs)
    return t1 - t0, time.perf_counter() - t1, pairs


# --- rensa ------------------------------------------------------------------------------


def rs_per_doc(sh):
    from rensa import RMinHash, RMinHashLSH

    t0 = time.perf_counter()
    mhs = []
    for s in sh:
        m = RMinHash(NUM_PERM, 42)
        m.update(s)
        mhs.append(m)
    t1 = time.perf_counter()
    lsh = RMinHashLSH(0.5, NUM_PERM, BANDS)  # the threshold does not filter query()
    for i, m in enumerate(mhs):
        lsh.insert(i, m)
    pairs = _pairs_from_query(lsh.query(m) for m in mhs)
    return t1 - t0, time.perf_counter() - t1, pairs


def rs_bulk(sh):
    from rensa import RMinHash, RMinHashLSH

    t0 = time.perf_counter()
    mhs = RMinHash.from_token_sets(sh, NUM_PERM, 42)
    t1 = time.perf_counter()
    lsh = RMinHashLSH(0.5, NUM_PERM, BANDS)
    lsh.insert_many(mhs)
    pairs = _pairs_from_query(lsh.query_all(mhs))
    return t1 - t0, time.perf_counter() - t1, pairs


# --- the benchmark ---------------------------------------------------------------------


def _raw(fn, kind):
    """Wrap a peer so that tokenising the texts is inside its timer."""

    def go(texts):
        t0 = time.perf_counter()
        sh = [shingles(t) for t in texts]
        if kind == "bytes":
            sh = [[s.encode("utf-8") for s in x] for x in sh]
        tok = time.perf_counter() - t0
        sig, lsh, pairs = fn(sh)
        return tok + sig, lsh, pairs

    return go


def _staged(fn, sink: list):
    """Call ``fn`` and keep its (sketch s, LSH s) for the stage medians."""

    def go():
        out = fn()
        sink.append(out[:2] if isinstance(out, tuple) else out)
        return out

    return go


def run(per_kind: int = 400, runs: int = 5, seed: int = 1, datasets: str | None = None,
        per_doc: bool = True, quiet: bool = False, seeds: int = 0) -> dict:
    articles = load_bbc(datasets)
    corpus = generate_corpus(per_kind, KINDS, seed, articles=articles)
    recs = corpus.records()
    texts = [r["text"] for r in recs]
    index = {r["id"]: i for i, r in enumerate(recs)}
    n = len(texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    pre_str = [shingles(t) for t in texts]
    pre_bytes = [[s.encode("utf-8") for s in x] for x in pre_str]

    stages: dict[str, dict[str, list]] = {"raw": defaultdict(list), "shingles": defaultdict(list)}
    tools_raw = {
        "retold": lambda: retold_lsh(texts),
        "retold, rensa MinHash": lambda: retold_lsh(texts, "rensa"),
        "retold stages": lambda: retold_stages(texts),
    }
    tools_pre = {"retold": lambda: retold_from_shingles(pre_str)}
    peers = [("datasketch bulk", ds_bulk, "bytes"), ("rensa bulk", rs_bulk, "str")]
    if per_doc:
        peers += [("datasketch per-doc", ds_per_doc, "bytes"), ("rensa per-doc", rs_per_doc, "str")]
    for name, fn, kind in peers:
        tools_raw[name] = (lambda fn=fn, kind=kind: _raw(fn, kind)(texts))
        tools_pre[name] = (lambda fn=fn, kind=kind: fn(pre_bytes if kind == "bytes" else pre_str))
    for mode, tools in (("raw", tools_raw), ("shingles", tools_pre)):
        for name in list(tools):
            tools[name] = _staged(tools[name], stages[mode][name])

    # warm-up (imports, first-call costs) outside the timings
    small = texts[:50]
    retold_lsh(small)
    retold_lsh(small, "rensa")
    retold_from_shingles(pre_str[:50])
    for name, fn, kind in peers:
        _raw(fn, kind)(small)

    results = {}
    for mode, tools in (("raw", tools_raw), ("shingles", tools_pre)):
        for v in stages[mode].values():
            v.clear()
        times, cpu, outs = interleaved(tools, runs)
        results[mode] = {"times": times, "cpu": cpu, "outs": outs}

    # anchors (retold's second key): timed separately, recall reported
    anc_times = []
    anc = None
    for _ in range(runs):
        t = time.perf_counter()
        anc = retold_anchor_pairs(texts)
        anc_times.append(time.perf_counter() - t)

    # --- recall -------------------------------------------------------------------------
    truth_pairs = defaultdict(list)
    for t in corpus.truth:
        a, b = index[t["id"]], index[t["source_id"]]
        truth_pairs[t["kind"]].append((min(a, b), max(a, b)))
    by_text = defaultdict(list)
    for a in articles:
        by_text[normalised(a["text"])].append(index[a["id"]])
    truth_pairs["bbc exact dups"] = [tuple(sorted(p)) for ids in by_text.values() for p in itertools.combinations(ids, 2)]

    def recall(pairs):
        return {k: sum(p in pairs for p in v) / len(v) for k, v in truth_pairs.items()}

    pair_sets = {name: out[2] for name, out in results["raw"]["outs"].items() if name != "retold stages"}
    pair_sets["retold from 5-gram strings (ii)"] = results["shingles"]["outs"]["retold"][2]
    rec = {name: recall(ps) for name, ps in pair_sets.items()}
    rec["retold LSH + anchors"] = recall(pair_sets["retold"] | anc[2])

    res = {"machine": machine(), "versions": versions(), "rev": git_rev(), "docs": n, "megabytes": mb,
           "runs": runs, "per_kind": per_kind, "seed": seed, "modes": {}, "recall": rec,
           "candidates": {name: len(ps) for name, ps in pair_sets.items()} | {"retold LSH + anchors": len(pair_sets["retold"] | anc[2])},
           "anchors": {"median_s": statistics.median(anc_times), "times": anc_times, "pairs": len(anc[2])}}
    for mode in ("raw", "shingles"):
        times = results[mode]["times"]
        med = {k: statistics.median(v) for k, v in times.items()}
        st = stages[mode]
        res["modes"][mode] = {
            "median_s": med,
            "median_cpu_s": {k: statistics.median(v) for k, v in results[mode]["cpu"].items()},
            "times": times,
            "cpu": results[mode]["cpu"],
            "docs_per_s": {k: n / v for k, v in med.items()},
            "stage_median_s": {k: [statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)]
                               for k, v in st.items() if k != "retold stages"},
        }
    st = stages["raw"]["retold stages"]
    res["retold_stages_median_s"] = {s: statistics.median(x[s] for x in st) for s in RETOLD_STAGES}
    if seeds:
        res["seed_study"] = seed_study(texts, recall, seeds)
    if not quiet:
        print_report(res)
    save_json("candidates.json", res)
    return res


def seed_study(texts: list[str], recall, seeds: int) -> dict:
    """Candidate recall of the two MinHash schemes on retold's own shingle
    hashes, over ``seeds`` hash seeds each (32 bands x 4 rows for both): is
    the one-permutation scheme's recall a property of the scheme or luck of
    its constants? One-permutation seed ``s`` re-mixes every shingle hash
    with ``s`` (seed 0: the constants retold uses); rensa seed ``s`` is
    ``RMinHash`` seed ``42 + s``."""
    import numpy as np
    from rensa import RMinHash

    from retold._candidates import lsh_pairs
    from retold._fingerprint import _mix, _oph, _shingles, band_keys

    sh, offsets = _shingles(texts)
    out: dict[str, list[dict]] = {"one-permutation (retold)": [], "rensa R-MinHash": []}
    for s in range(seeds):
        with np.errstate(over="ignore"):
            mixed = _mix(sh ^ np.uint64((s * 0x9E3779B97F4A7C15) % (1 << 64))) if s else sh
        pairs = lsh_pairs(band_keys(_oph(mixed, offsets)))
        out["one-permutation (retold)"].append(recall(pairs) | {"candidate pairs": len(pairs)})
        m = RMinHash.digest_matrix_from_flat_token_hashes(sh, offsets.astype(np.uint64), NUM_PERM, 42 + s)
        pairs = lsh_pairs(band_keys(np.array(m.to_rows(), dtype=np.uint32)))
        out["rensa R-MinHash"].append(recall(pairs) | {"candidate pairs": len(pairs)})
    return out


def print_report(r: dict) -> None:
    print(f"## Candidate generation: {r['docs']:,} documents ({r['megabytes']:.1f} MB; BBC + {r['per_kind']} copies x 7 kinds)\n")
    print(f"{r['machine']}; {', '.join(f'{k} {v}' for k, v in r['versions'].items())}; rev {r['rev']}; "
          f"median of {r['runs']} interleaved runs\n")
    for mode, label in (("raw", "(i) from raw texts (every tool tokenises)"),
                        ("shingles", "(ii) from the same pre-built 5-gram strings (every tool)")):
        m = r["modes"][mode]
        med = {k: v for k, v in m["median_s"].items() if k != "retold stages"}
        best_ds = min((v, k) for k, v in med.items() if k.startswith("datasketch"))
        best_rs = min((v, k) for k, v in med.items() if k.startswith("rensa"))
        rows = []
        for k, v in med.items():
            sig, lsh = m["stage_median_s"][k]
            spread = f"{min(m['times'][k]):.3f}-{max(m['times'][k]):.3f}"
            cpu = m["median_cpu_s"][k]
            cand = r["candidates"].get(k if mode == "raw" or k != "retold" else "retold from 5-gram strings (ii)", "")
            rows.append([k, v, spread, cpu, f"{sig:.3f} + {lsh:.3f}", m["docs_per_s"][k],
                         v / med["retold"], cpu / m["median_cpu_s"]["retold"], cand])
        print(f"### {label}\n")
        print(table(["tool", "median wall s", "min-max wall s", "median CPU s", "sketch + LSH wall s (medians)", "docs/s (wall)",
                     "tool / retold (wall)", "tool / retold (CPU)", "candidate pairs"], rows))
        print(f"\nratio tool time / retold time, wall-clock medians: best datasketch ({best_ds[1]}) "
              f"**{best_ds[0] / med['retold']:.2f}**; best rensa ({best_rs[1]}) **{best_rs[0] / med['retold']:.2f}** "
              f"(above 1: retold is faster); CPU: datasketch {m['median_cpu_s'][best_ds[1]] / m['median_cpu_s']['retold']:.2f}, "
              f"rensa {m['median_cpu_s'][best_rs[1]] / m['median_cpu_s']['retold']:.2f}\n")
        rs_lsh = m["stage_median_s"]["rensa bulk"][1]
        rt_lsh = m["stage_median_s"]["retold"][1]
        print(f"LSH stage alone (medians): retold band keys + grouping {rt_lsh:.4f} s, rensa bulk "
              f"insert_many + query_all + pair set {rs_lsh:.4f} s (rensa / retold {rs_lsh / rt_lsh:.2f})\n")
        if mode == "raw":
            st = r["retold_stages_median_s"]
            total = sum(st.values())
            print("retold's raw-text path stage by stage (medians; their sum "
                  f"{total:.3f} s): " + ", ".join(f"{k} {v:.3f} s ({v / total:.0%})" for k, v in st.items()) + "\n")
    a = r["anchors"]
    print(f"retold anchors (the index's second key, not part of the timings above): median {a['median_s']:.2f} s "
          f"for {r['docs']:,} documents, {a['pairs']:,} anchor pairs\n")
    kinds = list(next(iter(r["recall"].values())).keys())
    print("### Candidate recall (the pair copy-source among the candidates)\n")
    print(table(["tool"] + kinds + ["candidate pairs"],
                [[t] + [f"{v[k]:.3f}" for k in kinds] + [r["candidates"].get(t, "")] for t, v in r["recall"].items()]))
    if "seed_study" in r:
        study = r["seed_study"]
        n = len(next(iter(study.values())))
        print(f"\n### Candidate recall over {n} hash seeds, same shingles, 32 bands x 4 rows: mean (min-max)\n")
        cols = kinds + ["candidate pairs"]
        rows = []
        for name, runs_ in study.items():
            cells = []
            for k in cols:
                v = [x[k] for x in runs_]
                fmt = "{:,.0f}" if k == "candidate pairs" else "{:.3f}"
                cells.append(f"{fmt.format(statistics.mean(v))} ({fmt.format(min(v))}-{fmt.format(max(v))})")
            rows.append([name] + cells)
        print(table(["MinHash"] + cols, rows))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-kind", type=int, default=400)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--datasets", default=None)
    ap.add_argument("--skip-per-doc", action="store_true", help="time only the peers' bulk APIs")
    ap.add_argument("--seed-study", type=int, default=0, metavar="N",
                    help="also compare the recall of retold's one-permutation MinHash and rensa's R-MinHash "
                         "over N hash seeds each (about 6 s per seed)")
    a = ap.parse_args(argv)
    run(a.per_kind, a.runs, a.seed, a.datasets, per_doc=not a.skip_per_doc, seeds=a.seed_study)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
