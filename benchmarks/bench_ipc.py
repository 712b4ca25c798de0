"""What sending pairs to the scan's worker processes costs.

    .venv/bin/python benchmarks/bench_ipc.py [--docs 400] [--pairs 25000] [--runs 3]

A scan hands each candidate pair to a worker as one job: both documents,
their features, the anchor overlap and the shared anchors
(``retold._verify.verify_job``'s arguments), pickled by the pool and piped
to the worker, which unpickles them. This measures that path alone, with
no work done on the pairs: BBC articles are cleaned and their features
computed, then ``--pairs`` jobs made of them go through a
``multiprocessing`` pipe in chunks of 20 (the pool's chunk size at
10,000 documents), to a forked process that only unpickles them. It prints
the CPU seconds of the sending and of the receiving side, per run, and their
medians against the scan's whole CPU time at 10,000 documents
(``bench_scan.py``), whose pairs this count matches.

It answers one question: would a worker pool that keeps the documents it
was sent (so that a document goes out once instead of once per pair) save
enough to be worth building?
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time

from _common import machine, save_json, table
from generate import load_bbc

CHUNK = 20


def _receive(conn) -> None:
    n = 0
    c = time.process_time()
    while True:
        jobs = conn.recv()
        if jobs is None:
            break
        n += len(jobs)
    conn.send((n, time.process_time() - c))


def one_run(jobs: list[tuple], pairs: int) -> tuple[float, float, int]:
    """(sending CPU-s, receiving CPU-s, pairs sent) for ``pairs`` jobs."""
    a, b = mp.Pipe()
    p = mp.get_context("fork").Process(target=_receive, args=(b,))
    p.start()
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    sent, c = 0, time.process_time()
    while sent < pairs:
        for ch in chunks:
            a.send(ch)
            sent += len(ch)
            if sent >= pairs:
                break
    a.send(None)
    send_cpu = time.process_time() - c
    n, recv_cpu = a.recv()
    p.join()
    return send_cpu, recv_cpu, n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--pairs", type=int, default=25_000, help="jobs to send (a 10,000-document scan: about 25,400)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--datasets", default=None)
    a = ap.parse_args(argv)

    from retold import Config
    from retold._clean import LineStats, clean
    from retold._load import load_text
    from retold._index import make_similarity

    sim = make_similarity(Config(encoder=None))
    docs = [clean(load_text(r["text"], str(r["id"]), title=r.get("title")), LineStats())
            for r in load_bbc(a.datasets)[: a.docs]]
    feats = [sim.features(d) for d in docs]
    jobs = [(docs[i], docs[i + 1], 0.5, frozenset({"x", "y"}), None, feats[i], feats[i + 1])
            for i in range(len(docs) - 1)]
    rows = []
    for k in range(a.runs):
        s, r, n = one_run(jobs, a.pairs)
        rows.append((k + 1, n, round(s, 2), round(r, 2), round(s + r, 2)))
    print(f"## Sending pairs to a worker ({machine()})\n")
    print(table(["run", "pairs", "sending CPU-s", "receiving CPU-s", "together"], rows))
    med = statistics.median(x[4] for x in rows)
    sent = rows[0][1]
    print(f"\nmedian together: **{med:.2f} CPU-s** for {sent:,} pairs ({1e6 * med / sent:.0f} µs a pair)")
    save_json("ipc.json", {"machine": machine(), "docs": a.docs, "pairs": a.pairs,
                      "runs": [dict(zip(("run", "pairs", "send_cpu", "recv_cpu", "cpu"), r)) for r in rows],
                      "median_cpu": med})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
