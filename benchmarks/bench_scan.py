#!/usr/bin/env python
"""End-to-end ``Index.scan`` throughput and peak memory at growing corpus sizes.

    .venv/bin/python benchmarks/bench_scan.py [--sizes 2500,5000,10000] [--seed 1]
        [--runs 1] [--encoder NAME] [--datasets DIR] [--profile]

For each size N the corpus is the 2,225 BBC articles plus N - 2,225
generated copies of random articles (``generate.sized_corpus``: the seven
kinds in turn, sources drawn without replacement until the set is used up,
then again), written as one JSONL file in a temp folder. Each size is scanned
by a fresh child process into a fresh index in a temp folder with
``Config(encoder=None)`` (encoder off; ``--encoder default`` for ``Config()``
as shipped, which now loads the USE encoder), so that the child's peak RSS
(``ru_maxrss``) is that scan's alone. Reported per size:

* wall seconds and articles/s of ``Index.scan`` (loading, cleaning,
  fingerprinting, candidates, verification, writes), and the CPU seconds
  of the child and its worker processes together (on a shared machine CPU
  time is the steadier number);
* the peak total memory of the scan: the PSS of the child and its worker
  processes summed, sampled 4 times a second (shared pages split between
  the processes sharing them: the real total);
* peak RSS of the child (``VmHWM``; not ``ru_maxrss``, which a subprocess
  inherits from its parent on Linux), and its peak before the scan
  (imports) for scale; and the largest peak RSS among the scan's worker
  processes (forked from the child, so pages shared with it count in both:
  child + workers × that is an upper bound, not the real total);
* documents skipped (a generated one-sentence excerpt whose only sentence
  cleaning took for a template is left empty and rejected);
* BBC articles that lost a line of their own text to the corpus-template
  rule of cleaning (the line was seen in 3+ different surroundings: with
  several reordered or excerpted copies of one story, its lead qualifies);
* verified pairs, copy links (duplicate/excerpt/rewrite/translation) and
  related pairs, each per document, and the number of copy pairs the ground
  truth holds (pairs inside one family: an article and its copies). Copies
  are drawn with replacement once every article has one, so families grow
  with N and true copy pairs per document grow too: compare the pairs found
  with the truth column, and look at related/doc for the engine's own growth.

``--runs N`` scans each size N times, each in a fresh process into a fresh
index, one after the other: the table gives the median wall and CPU
seconds (and the range of the wall seconds) and the largest peak memory of
the N runs.

``--profile`` also writes a cProfile of each child to benchmarks/out/.
Prints Markdown; writes benchmarks/out/scan.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import OUT, encoder_label, git_rev, machine, make_config, save_json, table, write_jsonl  # noqa: E402

COPY = {"duplicate", "excerpt", "rewrite", "translation"}


def peak_rss_mb() -> float:
    """This process's peak RSS in MB.

    ``VmHWM`` from /proc where there is one: ``ru_maxrss`` is no good in a
    child started by ``subprocess`` on Linux, as it carries the parent's peak
    over the exec (a child of a 1 GB parent reports 1 GB from its first line).
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pss_kb(pid: int | str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


class TotalMemory:
    """Peak of the scan's total memory: the PSS (proportional set size) of
    this process and its worker processes summed, sampled 4 times a second
    (shared pages are split between the processes sharing them, so the sum
    is the real total, not an upper bound). Linux only; 0 elsewhere."""

    def __init__(self) -> None:
        import threading

        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.25):
            self.peak_kb = max(self.peak_kb, _pss_kb(me) + sum(_pss_kb(c) for c in _children(me)))

    def __enter__(self) -> "TotalMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def child(corpus: str, index_dir: str, encoder: str | None, profile: str | None) -> None:
    """Run in a fresh process: scan ``corpus`` into a new index, print JSON."""
    import retold

    rss0 = peak_rss_mb()
    config = make_config(encoder)
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
    def cpu_now() -> float:  # this process and its finished worker processes
        ch = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + ch.ru_utime + ch.ru_stime

    c0 = cpu_now()
    t0 = time.perf_counter()
    with retold.Index(Path(index_dir) / "index.sqlite", config=config) as idx:
        if prof:
            prof.enable()
        with TotalMemory() as total_mem:
            rep = idx.scan([corpus])
        if prof:
            prof.disable()
        wall = time.perf_counter() - t0
        cpu = cpu_now() - c0
        rels = Counter(r for (r,) in idx.store.db.execute("SELECT relation FROM pairs"))
        pairs = [(a, b, r) for a, b, r in idx.store.db.execute(
            "SELECT da.id, db.id, p.relation FROM pairs p JOIN documents da ON da.rowid=p.a JOIN documents db ON db.rowid=p.b")]
        # lines cleaning took out as corpus templates, in the real (BBC) articles
        template_lines = template_docs = 0
        for doc_id, removed in idx.store.db.execute("SELECT id, removed FROM documents WHERE id LIKE 'bbc/%'"):
            n = sum(1 for _, reason in json.loads(removed) if reason.startswith("template line"))
            template_lines += n
            template_docs += n > 0
    if prof:
        prof.dump_stats(profile)
    print(json.dumps({
        "added": rep.added, "skipped": rep.skipped, "problems": rep.problems[:10], "wall_s": wall, "cpu_s": cpu,
        "rss_before_mb": rss0, "peak_rss_mb": peak_rss_mb(),
        "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "total_peak_pss_mb": total_mem.peak_kb / 1024,
        "relations": dict(rels), "pairs": pairs, "template_lines": template_lines, "template_docs": template_docs,
        "index_mb": sum(f.stat().st_size for f in Path(index_dir).glob("index.sqlite*")) / 1e6,
    }))


def run(sizes=(2500, 5000, 10000), seed: int = 1, encoder: str | None = None, datasets: str | None = None,
        profile: bool = False, quiet: bool = False, runs: int = 1) -> dict:
    from generate import load_bbc, normalised, sized_corpus

    articles = load_bbc(datasets)
    by_text = defaultdict(list)
    for a in articles:
        by_text[normalised(a["text"])].append(a["id"])
    fam0 = {i: ids[0] for ids in by_text.values() for i in ids}
    rows = []
    results = []
    for n in sizes:
        corpus = sized_corpus(n, seed, articles=articles)
        fam = dict(fam0)
        for t in corpus.truth:
            fam[t["id"]] = fam0[t["source_id"]]
        ids = [r["id"] for r in corpus.records()]
        sizes_f = Counter(fam[i] for i in ids)
        true_pairs = sum(k * (k - 1) // 2 for k in sizes_f.values())
        with tempfile.TemporaryDirectory(prefix="retold-scan-") as work:
            data = write_jsonl(corpus.records(), Path(work) / "corpus.jsonl")
            mb = data.stat().st_size / 1e6
            prof = str(OUT / f"scan-{n}.prof") if profile else None
            if prof:
                OUT.mkdir(parents=True, exist_ok=True)
            extra = ["--encoder", encoder or "none"] + (["--profile-out", prof] if prof else [])
            if not quiet:
                print(f"scanning {n:,} documents ({mb:.1f} MB) ...", file=sys.stderr, flush=True)
            runs_r = []
            for k in range(runs):
                index_dir = Path(work) / f"run{k}"  # a fresh index each run
                index_dir.mkdir()
                cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(data), str(index_dir), *extra]
                out = subprocess.run(cmd, capture_output=True, text=True, env=os.environ | {"PYTHONHASHSEED": "0"})
                if out.returncode != 0:
                    raise SystemExit(f"child failed for N={n}:\n{out.stderr[-3000:]}")
                runs_r.append(json.loads(out.stdout.strip().splitlines()[-1]))
            r = _median_run(runs_r)
        found_true = sum(1 for a, b, rel in r["pairs"] if rel in COPY and fam.get(a) == fam.get(b))
        copy_links = sum(v for k, v in r["relations"].items() if k in COPY)
        related = r["relations"].get("related", 0)
        docs = r["added"]
        res = {"size": n, "docs": docs, "skipped": r["skipped"], "problems": r["problems"], "megabytes": mb, "wall_s": r["wall_s"], "cpu_s": r["cpu_s"],
               "articles_per_s": docs / r["wall_s"], "articles_per_cpu_s": docs / r["cpu_s"],
               "peak_rss_mb": r["peak_rss_mb"], "rss_before_mb": r["rss_before_mb"], "index_mb": r["index_mb"],
               "worker_peak_rss_mb": r.get("worker_peak_rss_mb"), "total_peak_pss_mb": r.get("total_peak_pss_mb"),
               "pairs": sum(r["relations"].values()), "copy_links": copy_links, "related": related,
               "true_family_pairs": true_pairs, "copy_links_true": found_true, "relations": r["relations"],
               "bbc_docs_with_template_line_removed": r["template_docs"], "bbc_template_lines_removed": r["template_lines"],
               "profile": prof, "wall_runs_s": [x["wall_s"] for x in runs_r], "cpu_runs_s": [x["cpu_s"] for x in runs_r]}
        results.append(res)
        walls = res["wall_runs_s"]
        wall = f"{r['wall_s']:.2f} ({min(walls):.2f}-{max(walls):.2f})" if runs > 1 else r["wall_s"]
        rows.append([n, f"{docs:,} (+{r['skipped']} skipped)" if r["skipped"] else docs, wall, r["cpu_s"], res["articles_per_s"], res["articles_per_cpu_s"],
                     f"{r['peak_rss_mb']:.0f} ({r['rss_before_mb']:.0f})", r.get("worker_peak_rss_mb") or 0,
                     r.get("total_peak_pss_mb") or 0, r["index_mb"], res["pairs"], res["pairs"] / docs, copy_links / docs,
                     related / docs, true_pairs / docs, found_true / true_pairs if true_pairs else float("nan"),
                     r["template_docs"]])
        if not quiet:
            print(table(HEADERS, rows[-1:]), file=sys.stderr, flush=True)
    summary = {"machine": machine(), "rev": git_rev(), "seed": seed, "encoder": encoder_label(encoder), "results": results, "rows": rows}
    if not quiet:
        print_report(summary)
    save_json("scan.json", summary)
    return summary


def _median_run(rs: list[dict]) -> dict:
    """One size's runs as one: median wall and CPU seconds, the largest peak
    memory of any run (the rest is the same in every run: same corpus, same
    answers)."""
    r = dict(rs[0])
    r["wall_s"] = statistics.median(x["wall_s"] for x in rs)
    r["cpu_s"] = statistics.median(x["cpu_s"] for x in rs)
    for k in ("peak_rss_mb", "rss_before_mb", "worker_peak_rss_mb", "total_peak_pss_mb"):
        vals = [x[k] for x in rs if x.get(k) is not None]
        r[k] = max(vals) if vals else None
    return r


HEADERS = ["N", "docs", "wall s (runs: median, min-max)", "CPU s", "articles/s", "articles/CPU-s", "peak RSS MB (after imports)", "largest worker's peak RSS MB",
           "peak total MB (PSS, scan + workers)", "index MB",
           "pairs", "pairs/doc", "copy links/doc", "related/doc", "true family pairs/doc", "true pairs found",
           "BBC articles losing a line as 'template'"]


def print_report(s: dict) -> None:
    print(f"## Index.scan, encoder {s['encoder']} ({s['machine']}, rev {s['rev']})\n")
    print(table(HEADERS, s["rows"]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2500,5000,10000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=1, help="scans per size (fresh processes); medians reported")
    ap.add_argument("--encoder", default="none",
                    help="none (default: encoder off, lexical similarity), default (Config() as shipped) or an encoder name")
    ap.add_argument("--datasets", default=None)
    ap.add_argument("--profile", action="store_true", help="write a cProfile per size to benchmarks/out/")
    ap.add_argument("--child", nargs=2, metavar=("CORPUS", "DIR"), help=argparse.SUPPRESS)
    ap.add_argument("--profile-out", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        child(a.child[0], a.child[1], a.encoder, a.profile_out)
        return 0
    run(tuple(int(x) for x in a.sizes.split(",")), a.seed, a.encoder, a.datasets, a.profile, runs=a.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
