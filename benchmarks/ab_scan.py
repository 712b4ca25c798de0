"""Scan speed of two revisions side by side: ``Index.scan`` of the same corpus,
alternating runs, each a fresh process and a fresh index.

    .venv/bin/python benchmarks/ab_scan.py --base 77e0c89 --size 2500 --runs 3

The base revision is checked out into a temporary git worktree; the other
side is this working tree. The corpus is the BBC set plus generated copies
(``generate.sized_corpus``, as in ``bench_scan.py``). Prints wall time, CPU
time (the scan process and its workers) and the median ratio. On a shared
machine only the side-by-side ratio means much.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from _common import machine, write_jsonl  # noqa: E402

CHILD = r"""
import json, resource, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
import retold
with tempfile.TemporaryDirectory() as d:
    t, c = time.perf_counter(), time.process_time()
    with retold.Index(d + "/i.sqlite", config=retold.Config(encoder=None)) as idx:
        rep = idx.scan([sys.argv[2]])
    wall = time.perf_counter() - t
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    import importlib.util, pathlib
    built = sorted(p.stem for p in pathlib.Path(retold.__file__).parent.glob("_*.c")
                   if importlib.util.find_spec("retold." + p.stem) is not None)
    print(json.dumps({"wall": wall, "cpu": time.process_time() - c + ch.ru_utime + ch.ru_stime, "added": rep.added,
                      "module": retold.__file__, "built": built}))
"""

# builds a tree's C extensions (retold/_*.c, a module each) in place, with
# setuptools but without reading pyproject.toml: the virtual environment's
# setuptools may be older than the build's. No fused multiply-adds, as
# setup.py asks for the one module that needs it.
BUILD = r"""
import pathlib
from setuptools import Distribution, Extension
from setuptools.command.build_ext import build_ext
exts = [Extension("retold." + p.stem, [str(p)], extra_compile_args=["-ffp-contract=off"])
        for p in sorted(pathlib.Path("retold").glob("_*.c"))]
cmd = build_ext(Distribution({"ext_modules": exts}))
cmd.inplace = True
cmd.ensure_finalized()
cmd.run()
"""


def _sources(src: Path) -> list[str]:
    """The C extensions a tree has (the stems of retold/_*.c)."""
    return sorted(p.stem for p in (src / "retold").glob("_*.c"))


def run_one(src: Path, corpus: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(src), str(corpus)], capture_output=True, text=True,
                         env=os.environ | {"PYTHONHASHSEED": "0"})
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    r = json.loads(out.stdout.strip().splitlines()[-1])
    assert r["module"].startswith(str(src)), r["module"]  # the intended checkout was imported
    missing = set(_sources(src)) - set(r["built"])  # every C extension the tree has, else a false ratio
    if missing:
        raise SystemExit(f"{src}: C extensions not built there: {', '.join(sorted(missing))} (pip install -e . builds them)")
    return r


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="git revision to compare against")
    ap.add_argument("--size", type=int, default=2500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--datasets", default=None)
    a = ap.parse_args(argv)
    from generate import load_bbc, sized_corpus

    with tempfile.TemporaryDirectory(prefix="retold-ab-") as work:
        corpus = write_jsonl(sized_corpus(a.size, a.seed, articles=load_bbc(a.datasets)).records(), Path(work) / "c.jsonl")
        base = Path(work) / "base"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(base), a.base],
                       check=True, capture_output=True)
        if _sources(base):  # the base's C extensions, built in its tree as in this one
            subprocess.run([sys.executable, "-c", BUILD], cwd=base, check=True, capture_output=True)
        try:
            res: dict[str, list[dict]] = {"base": [], "this": []}
            for _ in range(a.runs):
                for name, src in (("base", base), ("this", REPO)):
                    res[name].append(run_one(src, corpus))
                    print(f"  {name}: {res[name][-1]['wall']:.1f} s", file=sys.stderr, flush=True)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], capture_output=True)
    print(f"## scan, {a.size:,} documents, base {a.base} vs this tree ({machine()})\n")
    print("| side | wall s (median) | wall s (all) | CPU s (median) | articles/s |")
    print("|---|---|---|---|---|")
    med = {}
    for name, rs in res.items():
        med[name] = statistics.median(r["wall"] for r in rs)
        walls = ", ".join(f"{r['wall']:.1f}" for r in rs)
        print(f"| {name} | {med[name]:.1f} | {walls} | "
              f"{statistics.median(r['cpu'] for r in rs):.1f} | {rs[0]['added'] / med[name]:.0f} |")
    print(f"\nbase / this (wall medians): **{med['base'] / med['this']:.2f}**")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
