#!/usr/bin/env python
"""Run the core-engine benchmarks one after another, at modest sizes.

    .venv/bin/python benchmarks/run_all.py [--full] [--only candidates,scan,links]
        [--datasets DIR]

Default sizes keep the whole run to roughly 10 minutes on a 2-core machine:

* bench_candidates: BBC + 400 copies x 7 kinds (~5,000 documents), 5 runs
* bench_scan:       2,500 and 5,000 documents (``--full`` adds 10,000)
* bench_links:      BBC + 100 copies x 7 kinds

Each benchmark prints Markdown and writes its JSON under benchmarks/out/
(git-ignored); docs/bench/core.md records a run. The encoder benchmark
(benchmarks/encoders.py) is separate: it needs models and takes longer.
Exits with a clear message when ../shared/datasets is missing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import bbc_path  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--full", action="store_true", help="bench_scan up to 10,000 documents")
    ap.add_argument("--only", default="candidates,scan,links")
    ap.add_argument("--datasets", default=None)
    a = ap.parse_args(argv)
    if not bbc_path(a.datasets).is_file():
        print(f"run_all: BBC data set not found at {bbc_path(a.datasets)}; nothing to measure "
              "(the benchmarks read ../shared/datasets next to the repository)", file=sys.stderr)
        return 2
    only = {x.strip() for x in a.only.split(",")}
    t0 = time.perf_counter()
    if "candidates" in only:
        import bench_candidates

        bench_candidates.run(per_kind=400, runs=5, datasets=a.datasets)
        print(flush=True)
    if "scan" in only:
        import bench_scan

        bench_scan.run(sizes=(2500, 5000, 10000) if a.full else (2500, 5000), datasets=a.datasets)
        print(flush=True)
    if "links" in only:
        import bench_links

        bench_links.run(per_kind=100, datasets=a.datasets)
    print(f"\nall benchmarks: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
