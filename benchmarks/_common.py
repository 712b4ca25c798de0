"""Small helpers shared by the core benchmarks (timing, tables, corpora on disk)."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"  # git-ignored

if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, list[float], Any]:
    """Median wall time of ``runs`` calls (seconds), all times, last result."""
    times = []
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times, result


def interleaved(
    fns: dict[str, Callable[[], Any]], runs: int
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, Any]]:
    """Time several functions round-robin (A B C A B C ...), so that load from
    other processes on a shared machine hits every contender alike.

    Returns wall times, CPU times of this process (all its threads) and the
    last result of each function.
    """
    times: dict[str, list[float]] = {k: [] for k in fns}
    cpu: dict[str, list[float]] = {k: [] for k in fns}
    results: dict[str, Any] = {}
    for _ in range(runs):
        for name, fn in fns.items():
            c = time.process_time()
            t = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
    return times, cpu, results


def table(headers: list[str], rows: Iterable[Iterable[Any]]) -> str:
    """A Markdown table."""
    rows = [[_fmt(x) for x in r] for r in rows]
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        if x != x:
            return "-"
        if abs(x) >= 100:
            return f"{x:,.0f}"
        if abs(x) >= 10:
            return f"{x:.1f}"
        return f"{x:.3g}" if abs(x) < 1 else f"{x:.2f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def write_jsonl(records: Iterable[dict[str, Any]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def save_json(name: str, data: Any) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    p = OUT / name
    p.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return p


def machine() -> str:
    try:
        load = os.getloadavg()
        la = f", load {load[0]:.1f}"
    except OSError:
        la = ""
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cpus{la}, Python {platform.python_version()}"


def versions() -> dict[str, str]:
    out = {}
    import numpy

    out["numpy"] = numpy.__version__
    for mod in ("retold", "datasketch", "rensa"):
        try:
            from importlib.metadata import version

            out[mod] = version(mod)
        except Exception:  # noqa: BLE001
            out[mod] = "missing"
    return out


def git_rev() -> str:
    try:
        head = (REPO / ".git" / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            ref = REPO / ".git" / head[5:]
            if ref.exists():
                return ref.read_text().strip()[:10]
            packed = REPO / ".git" / "packed-refs"
            for line in packed.read_text().splitlines() if packed.exists() else []:
                if line.endswith(head[5:]):
                    return line.split()[0][:10]
            return "?"
        return head[:10]
    except OSError:
        return "?"


def make_config(encoder: str | None):
    """``retold.Config`` for an ``--encoder`` flag: none/off (the default of
    these benchmarks: lexical similarity), ``default`` (whatever ``Config()``
    holds), or an encoder name."""
    import retold

    if encoder in (None, "", "none", "off", "lexical"):
        return retold.Config(encoder=None)
    if encoder == "default":
        return retold.Config()
    return retold.Config(encoder=encoder)


def encoder_label(encoder: str | None) -> str:
    cfg = make_config(encoder)
    return cfg.encoder or "none (lexical)"


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes (a
    scan's worker processes are joined when the scan ends)."""
    import resource

    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + ch.ru_utime + ch.ru_stime
