#!/usr/bin/env python
"""What a retelling changed: accuracy of retold's fact changes, and their cost.

    .venv/bin/python benchmarks/bench_facts.py accuracy [--planted 900] [--harmless 1000]
        [--seed 1] [--encoder none|use] [--index] [--datasets DIR]
    .venv/bin/python benchmarks/bench_facts.py overhead [--copies 300] [--rounds 3]
        [--encoder-articles 600]

``accuracy`` generates copies of BBC articles with planted changes and
harmless form changes (``benchmarks/facts_gen.py``; nothing is written inside
the repository), runs retold on every (original, copy) pair and matches the
changes it reports to the planted ones by kind and character offsets:

* a reported change is a true positive of kind K when a planted edit of kind
  K overlaps it on a side both have a span on (original or copy); "dropped"
  and "added" count only when the figure is a number, sum, percentage,
  quantity or temperature (a dropped name or date is kind "dropped-other");
* precision of K = true positives / changes of kind K reported on the
  planted set; recall of K = planted edits of kind K found / planted;
* on the harmless set (form changes and rewording only) every reported
  change is a false alarm; the rate is given per 100 article pairs, split by
  severity, and attributed to the harmless edit it overlaps (or "rewording"
  when it overlaps none: the spinner's own changes).

By default each pair goes through ``retold.compare`` (clean, align, verify,
then the facts stage: the same code ``Index.scan`` runs on a copy pair) with
the encoder off; ``--encoder use`` aligns with the sentence encoder;
``--index`` scans originals and copies into a fresh ``retold.Index`` instead
and reads the pairs back (slower; pairs the index does not link are misses).

``overhead`` times ``Index.scan`` of the BBC corpus plus ``--copies``
generated copies (so there are copy pairs to compare) with the facts stage
on and off (``annotate_pair`` and ``claims_for_document`` replaced by
no-ops), interleaved round by round, encoder off (``Config(encoder=None)``)
on the whole corpus and encoder on (``Config()``) on the first
``--encoder-articles`` articles plus their copies; medians of wall and CPU
seconds.

Prints Markdown; writes benchmarks/out/facts.json.
"""

from __future__ import annotations

import argparse
import difflib
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import facts_gen  # noqa: E402
from _common import machine, save_json, table  # noqa: E402

FIGURE_KINDS = {"number", "money", "percent", "quantity", "temperature"}


# --- offsets ------------------------------------------------------------------------------


def offset_map(raw: str, clean: str) -> list[int]:
    """raw offset -> clean offset (cleaning drops blank lines and trims)."""
    if raw == clean:
        return list(range(len(raw) + 1))
    out = [0] * (len(raw) + 1)
    i = j = 0
    while i < len(raw):  # the usual case: clean is raw with some whitespace removed
        if j < len(clean) and raw[i] == clean[j]:
            out[i] = j
            i += 1
            j += 1
        elif raw[i].isspace():
            out[i] = j
            i += 1
        else:
            break
    else:
        out[len(raw)] = len(clean)
        return out
    sm = difflib.SequenceMatcher(None, raw, clean, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        for k in range(i1, i2):
            out[k] = j1 + min(k - i1, max(0, j2 - j1 - 1)) if tag != "delete" else j1
    out[len(raw)] = len(clean)
    return out


def _map(span: list[int] | None, m: list[int]) -> tuple[int, int] | None:
    if span is None:
        return None
    a, b = span
    return (m[a], max(m[a] + 1, m[b - 1] + 1 if b > a else m[a]))


def _overlap(x: tuple[int, int] | None, y: tuple[int, int] | None, slack: int = 0) -> bool:
    return x is not None and y is not None and x[0] < y[1] + slack and y[0] < x[1] + slack


# --- matching ------------------------------------------------------------------------------


def change_kind(c: dict[str, Any]) -> str:
    k = c["kind"]
    if k in ("dropped", "added"):
        return k if c.get("detail") in FIGURE_KINDS else k + "-other"
    return k


def span_of(c: dict[str, Any], side: str) -> tuple[int, int] | None:
    s = c.get(side + "_span")
    return None if s is None else (s["start"], s["end"])


def match_pair(changes: list[dict[str, Any]], edits: list[dict[str, Any]], ma: list[int], mb: list[int]) -> dict[str, Any]:
    """Classify every reported change against the truth of one copy."""
    planted = []
    harmless = []
    for e in edits:
        ea, eb = _map(e["a_span"], ma), _map(e["b_span"], mb)
        ed = e["edit"]
        box_a = (ma[ed[0]], ma[ed[1]] if ed[1] > ed[0] else ma[ed[0]] + 1)
        box_b = (mb[ed[2]], mb[ed[3]] if ed[3] > ed[2] else mb[ed[2]] + 1)
        rec = {"kind": e["kind"], "a": ea, "b": eb, "box_a": box_a, "box_b": box_b, "found": False,
               "severity_ok": False, "severity": e.get("severity")}
        (planted if e["planted"] else harmless).append(rec)
    # the spinner's swaps of figure words last: a change there is one the rewording really made
    harmless.sort(key=lambda h: h["kind"] == "spin")
    out = {"tp": [], "fp": [], "planted": planted}
    for c in changes:
        k = change_kind(c)
        ca, cb = span_of(c, "a"), span_of(c, "b")
        hit = None
        for p in planted:
            if p["kind"] == k and (_overlap(ca, p["a"]) or _overlap(cb, p["b"])):
                hit = p
                break
        if hit is not None:
            hit["found"] = True
            hit["severity_ok"] = hit["severity_ok"] or c["severity"] == hit["severity"]
            out["tp"].append((k, c))
            continue
        cause = "rewording"
        for p in planted:
            if _overlap(ca, p["box_a"], 2) or _overlap(cb, p["box_b"], 2):
                cause = "planted " + p["kind"]
                break
        else:
            for h in harmless:
                if _overlap(ca, h["box_a"], 2) or _overlap(cb, h["box_b"], 2):
                    cause = "rewording changed a figure word" if h["kind"] == "spin" else h["kind"]
                    break
        out["fp"].append((k, c, cause))
    return out


# --- running retold --------------------------------------------------------------------------


def run_compare(sources: dict[str, dict[str, str]], copies: list[facts_gen.Copy], encoder: str | None):
    import retold
    from retold._clean import clean
    from retold._index import make_similarity
    from retold._load import load_text

    config = retold.Config(encoder=encoder)
    sim = make_similarity(config)
    docs: dict[str, Any] = {}
    for c in copies:
        src = sources[c.source_id]
        if c.source_id not in docs:
            docs[c.source_id] = clean(load_text(src["text"], c.source_id))
        da = docs[c.source_id]
        db = clean(load_text(c.text, c.id))
        pair = retold.compare(da, db, config=config, similarity=sim)
        yield c, da, db, (pair.changes if pair.relation else []), pair.relation


def run_index(sources: dict[str, dict[str, str]], copies: list[facts_gen.Copy], encoder: str | None):
    import retold

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as f:
            for s in sources.values():
                f.write(json.dumps({"id": s["id"], "title": s["title"], "text": s["text"]}) + "\n")
            for c in copies:
                f.write(json.dumps({"id": c.id, "title": c.title, "text": c.text}) + "\n")
        with retold.Index(Path(tmp) / "index.sqlite", retold.Config(encoder=encoder)) as idx:
            idx.scan([corpus])
            pairs = {(p.a, p.b): p for p in idx.pairs()}
            for c in copies:
                key = (min(c.source_id, c.id), max(c.source_id, c.id))
                p = pairs.get(key)
                da, db = idx.get(c.source_id), idx.get(c.id)
                ch = []
                if p is not None and p.relation in ("duplicate", "excerpt", "rewrite", "translation"):
                    ch = p.changes
                    if p.a != c.source_id:  # the index orders pairs by id: swap sides back
                        ch = [_swap(x) for x in ch]
                yield c, da, db, ch, (p.relation if p else None)


def _swap(c: dict[str, Any]) -> dict[str, Any]:
    d = dict(c)
    for x, y in (("a_span", "b_span"), ("a_text", "b_text"), ("a_value", "b_value")):
        d[x], d[y] = c.get(y), c.get(x)
    if d["kind"] in ("dropped", "added"):
        d["kind"] = "added" if c["kind"] == "dropped" else "dropped"
    return d


def accuracy(args: argparse.Namespace) -> dict[str, Any]:
    articles = facts_gen.load_bbc(args.datasets)
    spins = tuple(float(x) for x in args.spin.split(","))
    t0 = time.perf_counter()
    sources_l, copies = facts_gen.generate(articles, args.planted, args.harmless, args.seed, spins)
    t_gen = time.perf_counter() - t0
    sources = {s["id"]: s for s in sources_l}
    enc = None if args.encoder in ("none", "", None) else args.encoder
    runner = run_index if args.index else run_compare
    t0 = time.perf_counter()
    reported: Counter[str] = Counter()
    tp: Counter[str] = Counter()
    planted_n: Counter[str] = Counter()
    found_n: Counter[str] = Counter()
    sev_ok: Counter[str] = Counter()
    fp_planted: list[tuple[str, str, str, Any, Any]] = []
    harmless_fp: Counter[tuple[str, str]] = Counter()
    harmless_examples: list[dict[str, Any]] = []
    harmless_pairs = planted_pairs = 0
    unlinked = Counter()
    harmless_sev: Counter[str] = Counter()
    harmless_kind: Counter[tuple[str, str]] = Counter()
    planted_extra_high = 0
    spin_made: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    for c, da, db, changes, relation in runner(sources, copies, enc):
        ma = offset_map(sources[c.source_id]["text"], da.text)
        mb = offset_map(c.text, db.text)
        if relation is None:
            unlinked[c.set] += 1
        r = match_pair(changes, c.edits, ma, mb)
        if c.set == "planted":
            planted_pairs += 1
            for k, _ch in r["tp"]:
                tp[k] += 1
                reported[k] += 1
            for k, ch, cause in r["fp"]:
                if cause == "rewording changed a figure word":
                    spin_made[k] += 1  # a real change the rewording made: neither right nor wrong
                    continue
                reported[k] += 1
                fp_planted.append((k, ch["severity"], cause, ch.get("a_text"), ch.get("b_text"), c.id))
                if ch["severity"] == "high":
                    planted_extra_high += 1
            for p, e in zip(r["planted"], [e for e in c.edits if e["planted"]]):
                planted_n[p["kind"]] += 1
                if p["found"]:
                    found_n[p["kind"]] += 1
                    sev_ok[p["kind"]] += p["severity_ok"]
                elif len(misses) < 400:
                    misses.append({"id": c.id, "kind": p["kind"], "a_text": e["a_text"], "b_text": e["b_text"],
                                   "relation": relation})
        else:
            harmless_pairs += 1
            for k, ch, cause in r["fp"]:
                harmless_kind[(ch["severity"], k)] += 1
                harmless_sev[ch["severity"]] += 1
                harmless_fp[(ch["severity"], cause)] += 1
                if ch["severity"] == "high" and len(harmless_examples) < 100:
                    harmless_examples.append({"id": c.id, "kind": k, "cause": cause, "a_text": ch.get("a_text"),
                                              "b_text": ch.get("b_text"), "detail": ch.get("detail")})
    t_run = time.perf_counter() - t0
    per_kind = []
    for k in facts_gen.PLANTED:
        prec = tp[k] / reported[k] if reported[k] else float("nan")
        rec = found_n[k] / planted_n[k] if planted_n[k] else float("nan")
        strict = tp[k] / (reported[k] + spin_made[k]) if reported[k] + spin_made[k] else float("nan")
        per_kind.append({"kind": k, "severity": facts_gen.SEVERITY[k], "planted": planted_n[k],
                         "reported": reported[k], "true_positives": tp[k], "precision": prec, "recall": rec,
                         "precision_strict": strict,
                         "severity_ok": sev_ok[k] / found_n[k] if found_n[k] else float("nan")})
    other = {k: v for k, v in reported.items() if k not in facts_gen.PLANTED}
    fp_kinds = Counter((k, sev, cause) for k, sev, cause, _a, _b, _id in fp_planted)
    return {
        "machine": machine(),
        "command": " ".join(sys.argv),
        "encoder": enc or "none",
        "runner": "Index.scan" if args.index else "retold.compare",
        "pairs": {"planted": planted_pairs, "harmless": harmless_pairs},
        "unlinked": dict(unlinked),
        "per_kind": per_kind,
        "other_reported_on_planted": other,
        "rewording_changed_figure_words": dict(spin_made),
        "planted_set_false_positives": [
            {"kind": k, "severity": s, "cause": cause, "count": n} for (k, s, cause), n in fp_kinds.most_common()],
        "planted_set_unplanned_high_per_100": 100 * planted_extra_high / max(1, planted_pairs),
        "harmless": {
            "high_per_100": 100 * harmless_sev["high"] / max(1, harmless_pairs),
            "low_per_100": 100 * harmless_sev["low"] / max(1, harmless_pairs),
            "by_cause": [{"severity": s, "cause": cause, "count": n} for (s, cause), n in harmless_fp.most_common()],
            "by_kind": [{"severity": s, "kind": k, "count": n} for (s, k), n in harmless_kind.most_common()],
            "high_examples": harmless_examples,
        },
        "edits": dict(Counter(e["kind"] for c in copies for e in c.edits)),
        "misses": misses,
        "false_positive_examples": [
            {"kind": k, "severity": s, "cause": cause, "a_text": a, "b_text": b, "id": i}
            for k, s, cause, a, b, i in fp_planted[:300]],
        "seconds": {"generate": t_gen, "run": t_run},
    }


def print_accuracy(res: dict[str, Any]) -> None:
    print(f"### Fact changes on generated BBC copies ({res['runner']}, encoder {res['encoder']})\n")
    print(f"{res['pairs']['planted']} pairs with planted changes, {res['pairs']['harmless']} with harmless "
          f"changes only; pairs not linked as copies: {res['unlinked'] or 0}\n")
    rows = [[k["kind"], k["severity"], k["planted"], k["reported"], k["true_positives"], k["precision"], k["recall"],
             k["severity_ok"], k["precision_strict"]] for k in res["per_kind"]]
    print(table(["kind", "expected severity", "planted", "reported", "true pos.", "precision", "recall",
                 "severity right", "precision, spinner's figure swaps counted wrong"], rows))
    print()
    if res["other_reported_on_planted"]:
        print("Other changes reported on the planted set: "
              + ", ".join(f"{k} {v}" for k, v in sorted(res["other_reported_on_planted"].items())))
    if res["rewording_changed_figure_words"]:
        print("Changes where the spinner swapped a figure word (\"a quarter\" -> \"a three-month period\"), "
              "left out of precision: " + ", ".join(f"{k} {v}" for k, v in
                                                   sorted(res["rewording_changed_figure_words"].items())))
    print(f"Unplanned high-severity changes on the planted set: "
          f"{res['planted_set_unplanned_high_per_100']:.2f} per 100 pairs\n")
    h = res["harmless"]
    print(f"Harmless-only set: {h['high_per_100']:.2f} high-severity false alarms per 100 pairs, "
          f"{h['low_per_100']:.1f} low-severity notes per 100 pairs\n")
    rows = [[x["severity"], x["cause"], x["count"]] for x in h["by_cause"]]
    if rows:
        print(table(["severity", "overlaps", "changes"], rows))
        print()
        print(table(["severity", "kind", "changes"], [[x["severity"], x["kind"], x["count"]] for x in h["by_kind"]]))
    print(f"\n({res['seconds']['generate']:.0f} s to generate, {res['seconds']['run']:.0f} s to run; {res['machine']})")


# --- overhead ----------------------------------------------------------------------------------


def _scan(corpus: Path, encoder: str | None, facts: bool) -> tuple[float, float, int, float]:
    """One scan into a fresh index: wall s, CPU s, pairs, and the CPU s spent
    inside the facts stage (``annotate_pair`` + ``claims_for_document``)."""
    import retold
    import retold._changes_hook as hook

    saved = (hook.annotate_pair, hook.claims_for_document)
    if hasattr(hook, "clear_caches"):
        hook.clear_caches()  # each scan starts cold, as a fresh process would
    inside = [0.0]

    def timed(fn):
        def run(*a):
            c = time.process_time()
            try:
                return fn(*a)
            finally:
                inside[0] += time.process_time() - c
        return run

    if facts:
        hook.annotate_pair = timed(saved[0])  # type: ignore[assignment]
        hook.claims_for_document = timed(saved[1])  # type: ignore[assignment]
    else:
        hook.annotate_pair = lambda pair, a, b: None  # type: ignore[assignment]
        hook.claims_for_document = lambda doc: []  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            cfg = retold.Config(encoder=encoder) if encoder is None else retold.Config()
            with retold.Index(Path(tmp) / "i.sqlite", cfg) as idx:
                c0, t0 = time.process_time(), time.perf_counter()
                rep = idx.scan([corpus])
                return time.perf_counter() - t0, time.process_time() - c0, rep.pairs, inside[0]
    finally:
        hook.annotate_pair, hook.claims_for_document = saved


def overhead(args: argparse.Namespace) -> dict[str, Any]:
    articles = facts_gen.load_bbc(args.datasets)
    _src, copies = facts_gen.generate(articles, args.copies // 2, args.copies - args.copies // 2, args.seed)
    out: dict[str, Any] = {"machine": machine(), "command": " ".join(sys.argv), "runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        def write(name: str, arts: list[dict[str, str]], cps: list[facts_gen.Copy]) -> Path:
            p = Path(tmp) / name
            with p.open("w", encoding="utf-8") as f:
                for a in arts:
                    f.write(json.dumps({"id": a["id"], "title": a["title"], "text": a["text"]}) + "\n")
                for c in cps:
                    f.write(json.dumps({"id": c.id, "title": c.title, "text": c.text}) + "\n")
            return p

        full = write("full.jsonl", articles, copies)
        n_enc = min(args.encoder_articles, len(articles))
        sub_ids = {a["id"] for a in articles[:n_enc]}
        sub_copies = [c for c in copies if c.source_id in sub_ids]
        sub = write("sub.jsonl", articles[:n_enc], sub_copies)
        plans = []
        if "none" in args.encoders:
            plans.append(("encoder off", None, full, len(articles) + len(copies)))
        if "use" in args.encoders:
            plans.append(("encoder on (use)", "use", sub, n_enc + len(sub_copies)))
        for label, enc, corpus, n in plans:
            if enc is not None:
                _scan(corpus, enc, True)  # warm the model cache once
            runs: dict[str, list[tuple[float, float, int, float]]] = {"off": [], "on": []}
            for r in range(args.rounds):
                order = ("off", "on") if r % 2 == 0 else ("on", "off")
                for mode in order:
                    runs[mode].append(_scan(corpus, enc, mode == "on"))
                    print(f"  {label} round {r + 1} facts {mode}: {runs[mode][-1][0]:.1f} s", file=sys.stderr)
            med = {m: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v), v[0][2])
                   for m, v in runs.items()}
            # per round, on / off: each round's two scans ran back to back, so
            # load from other processes hits both alike
            paired_wall = statistics.median(x[0] / y[0] for x, y in zip(runs["on"], runs["off"])) - 1
            paired_cpu = statistics.median(x[1] / y[1] for x, y in zip(runs["on"], runs["off"])) - 1
            out["runs"][label] = {
                "documents": n, "pairs": med["on"][2],
                "wall_off": med["off"][0], "wall_on": med["on"][0], "cpu_off": med["off"][1], "cpu_on": med["on"][1],
                "overhead_wall": med["on"][0] / med["off"][0] - 1, "overhead_cpu": med["on"][1] / med["off"][1] - 1,
                "overhead_wall_paired": paired_wall, "overhead_cpu_paired": paired_cpu,
                # CPU seconds spent inside the facts stage, over a facts-off scan's CPU
                "facts_cpu": statistics.median(x[3] for x in runs["on"]),
                "overhead_inside": statistics.median(x[3] for x in runs["on"]) / med["off"][1],
                "all": {m: v for m, v in runs.items()},
            }
    return out


def print_overhead(res: dict[str, Any]) -> None:
    print("### Facts stage overhead on `Index.scan`\n")
    rows = []
    for label, r in res["runs"].items():
        rows.append([label, r["documents"], r["pairs"], r["wall_off"], r["wall_on"],
                     f"{100 * r['overhead_wall']:+.1f}% ({100 * r['overhead_wall_paired']:+.1f}%)",
                     r["cpu_off"], r["cpu_on"],
                     f"{100 * r['overhead_cpu']:+.1f}% ({100 * r['overhead_cpu_paired']:+.1f}%)",
                     r["facts_cpu"], f"{100 * r['overhead_inside']:+.1f}%"])
    print(table(["run", "documents", "pairs", "wall off (s)", "wall on (s)", "wall overhead (per round)",
                 "CPU off (s)", "CPU on (s)", "CPU overhead (per round)", "CPU in facts stage (s)",
                 "facts stage / CPU off"], rows))
    print(f"\n(medians; {res['machine']})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("accuracy")
    a.add_argument("--planted", type=int, default=900)
    a.add_argument("--harmless", type=int, default=1000)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--spin", default="0,0.15,0.3")
    a.add_argument("--encoder", default="none", help="none (lexical) or an encoder name such as use")
    a.add_argument("--index", action="store_true", help="scan into a retold.Index instead of compare() per pair")
    a.add_argument("--datasets", default=None)
    o = sub.add_parser("overhead")
    o.add_argument("--copies", type=int, default=300)
    o.add_argument("--rounds", type=int, default=3)
    o.add_argument("--encoder-articles", type=int, default=100000,
                   help="articles (with their copies) scanned with the encoder on (default: all)")
    o.add_argument("--encoders", default="none,use")
    o.add_argument("--seed", type=int, default=1)
    o.add_argument("--datasets", default=None)
    args = ap.parse_args(argv)
    if args.cmd == "accuracy":
        res = accuracy(args)
        print_accuracy(res)
        save_json("facts.json", res)
    else:
        res = overhead(args)
        print_overhead(res)
        save_json("facts_overhead.json", res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
