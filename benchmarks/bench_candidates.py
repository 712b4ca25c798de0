#!/usr/bin/env python
"""Fingerprinting + candidate generation: retold vs datasketch vs rensa.

    .venv/bin/python benchmarks/bench_candidates.py [--per-kind 400] [--runs 5]
        [--seed 1] [--datasets DIR] [--skip-per-doc]

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
     requires); retold runs ``signatures(texts)`` (its own byte-level
     tokeniser and hashing), ``band_keys`` and ``lsh_pairs``.
(ii) from pre-tokenised input: the peers get the 5-gram strings (bytes for
     datasketch) already built, outside the timer. retold still gets the
     texts: its hashing starts from the UTF-8 bytes of the text and it has no
     entry point for token lists, so its number is the same work as in (i).

Each peer is timed two ways: its per-document API (``MinHash()`` /
``RMinHash()`` + ``update`` one document at a time, ``insert`` and ``query``
per document) and its bulk API (``MinHash.bulk``; ``RMinHash.from_token_sets``
+ ``insert_many`` + ``query_all``); the ratio is against the faster of the
two. Candidate recall is reported for every generated kind (a copy is
recalled when the pair (copy, its source) is a candidate), plus the BBC's own
exact duplicates, and for retold also with its second candidate key (rare
anchors, ``anchor_pairs``), which the index uses besides LSH.

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


def retold_lsh(texts: list[str]):
    from retold._candidates import lsh_pairs
    from retold._fingerprint import band_keys, signatures

    t0 = time.perf_counter()
    keys = band_keys(signatures(texts))
    t1 = time.perf_counter()
    pairs = lsh_pairs(keys)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, pairs


def retold_word_hashing(texts: list[str]):
    """Only the first step of ``signatures``: fold the texts to bytes and hash
    the words (private functions; the step the peers skip in mode (ii))."""
    from retold._fingerprint import _bytes, _word_hashes

    t0 = time.perf_counter()
    _word_hashes(_bytes("\x00".join(t.replace("\x00", " ") for t in texts)))
    return time.perf_counter() - t0, 0.0, set()


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


def run(per_kind: int = 400, runs: int = 5, seed: int = 1, datasets: str | None = None,
        per_doc: bool = True, quiet: bool = False) -> dict:
    articles = load_bbc(datasets)
    corpus = generate_corpus(per_kind, KINDS, seed, articles=articles)
    recs = corpus.records()
    texts = [r["text"] for r in recs]
    index = {r["id"]: i for i, r in enumerate(recs)}
    n = len(texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    pre_str = [shingles(t) for t in texts]
    pre_bytes = [[s.encode("utf-8") for s in x] for x in pre_str]

    tools_raw = {"retold": lambda: retold_lsh(texts)}
    tools_pre = {"retold": lambda: retold_lsh(texts), "retold word hashing only": lambda: retold_word_hashing(texts)}
    peers = [("datasketch bulk", ds_bulk, "bytes"), ("rensa bulk", rs_bulk, "str")]
    if per_doc:
        peers += [("datasketch per-doc", ds_per_doc, "bytes"), ("rensa per-doc", rs_per_doc, "str")]
    for name, fn, kind in peers:
        tools_raw[name] = (lambda fn=fn, kind=kind: _raw(fn, kind)(texts))
        tools_pre[name] = (lambda fn=fn, kind=kind: fn(pre_bytes if kind == "bytes" else pre_str))

    # warm-up (imports, numpy/JIT-less first-call costs) outside the timings
    small = texts[:50]
    retold_lsh(small)
    for name, fn, kind in peers:
        _raw(fn, kind)(small)

    results = {}
    for mode, tools in (("raw", tools_raw), ("pretokenised", tools_pre)):
        times, cpu, outs = interleaved(tools, runs)
        # the tools return (fingerprint s, lsh s, pairs); interleaved timed the whole call
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

    pair_sets = {name: results["raw"]["outs"][name][2] for name in tools_raw}
    rec = {name: recall(ps) for name, ps in pair_sets.items()}
    rec["retold LSH + anchors"] = recall(pair_sets["retold"] | anc[2])

    res = {"machine": machine(), "versions": versions(), "rev": git_rev(), "docs": n, "megabytes": mb,
           "runs": runs, "per_kind": per_kind, "seed": seed, "modes": {}, "recall": rec,
           "candidates": {name: len(ps) for name, ps in pair_sets.items()} | {"retold LSH + anchors": len(pair_sets["retold"] | anc[2])},
           "anchors": {"median_s": statistics.median(anc_times), "times": anc_times, "pairs": len(anc[2])}}
    for mode in ("raw", "pretokenised"):
        times = results[mode]["times"]
        med = {k: statistics.median(v) for k, v in times.items()}
        res["modes"][mode] = {
            "median_s": med,
            "median_cpu_s": {k: statistics.median(v) for k, v in results[mode]["cpu"].items()},
            "times": times,
            "cpu": results[mode]["cpu"],
            "docs_per_s": {k: n / v for k, v in med.items()},
            "stage_s_last": {k: [results[mode]["outs"][k][0], results[mode]["outs"][k][1]] for k in times},
        }
    if not quiet:
        print_report(res)
    save_json("candidates.json", res)
    return res


def print_report(r: dict) -> None:
    print(f"## Candidate generation: {r['docs']:,} documents ({r['megabytes']:.1f} MB; BBC + {r['per_kind']} copies x 7 kinds)\n")
    print(f"{r['machine']}; {', '.join(f'{k} {v}' for k, v in r['versions'].items())}; median of {r['runs']} interleaved runs\n")
    for mode, label in (("raw", "(i) from raw texts (every tool tokenises)"),
                        ("pretokenised", "(ii) peers from pre-built 5-gram strings; retold from the texts (same work as (i))")):
        m = r["modes"][mode]
        med = dict(m["median_s"])
        hashing = med.pop("retold word hashing only", None)
        best_ds = min((v, k) for k, v in med.items() if k.startswith("datasketch"))
        best_rs = min((v, k) for k, v in med.items() if k.startswith("rensa"))
        rows = []
        for k, v in med.items():
            if k not in r["candidates"] and k != "retold":
                continue
            sig, lsh = m["stage_s_last"][k]
            spread = f"{min(m['times'][k]):.3f}-{max(m['times'][k]):.3f}"
            cpu = m["median_cpu_s"][k]
            rows.append([k, v, spread, cpu, f"{sig:.3f} + {lsh:.3f}", m["docs_per_s"][k],
                         v / med["retold"] if k != "retold" else 1.0,
                         cpu / m["median_cpu_s"]["retold"] if k != "retold" else 1.0, r["candidates"].get(k, "")])
        print(f"### {label}\n")
        print(table(["tool", "median wall s", "min-max wall s", "median CPU s", "sketch + LSH wall s (last run)", "docs/s (wall)",
                     "tool / retold (wall)", "tool / retold (CPU)", "candidate pairs"], rows))
        print(f"\nratio tool time / retold time, wall-clock medians: best datasketch ({best_ds[1]}) "
              f"{best_ds[0] / med['retold']:.2f}; best rensa ({best_rs[1]}) {best_rs[0] / med['retold']:.2f} "
              f"(above 1: retold is faster)\n")
        if hashing is not None:
            rest = med["retold"] - hashing
            print(f"retold's own tokenising step (text -> bytes -> word hashes) takes {hashing:.3f} s of its "
                  f"{med['retold']:.3f} s (median); without it, an estimate of retold from tokens: {rest:.3f} s, "
                  f"best datasketch / that = {best_ds[0] / rest:.2f}, best rensa / that = {best_rs[0] / rest:.2f}\n")
    a = r["anchors"]
    print(f"retold anchors (the index's second key, not part of the timings above): median {a['median_s']:.2f} s "
          f"for {r['docs']:,} documents, {a['pairs']:,} anchor pairs\n")
    kinds = list(next(iter(r["recall"].values())).keys())
    print("### Candidate recall (the pair copy-source among the candidates)\n")
    print(table(["tool"] + kinds, [[t] + [f"{v[k]:.3f}" for k in kinds] for t, v in r["recall"].items()]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-kind", type=int, default=400)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--datasets", default=None)
    ap.add_argument("--skip-per-doc", action="store_true", help="time only the peers' bulk APIs")
    a = ap.parse_args(argv)
    run(a.per_kind, a.runs, a.seed, a.datasets, per_doc=not a.skip_per_doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
