#!/usr/bin/env python
"""SemEval-2022 Task 8 (multilingual news article similarity), zero-shot.

    .venv/bin/python benchmarks/eval_semeval.py [--limit N] [--seed 1]
        [--select-on all] [--datasets DIR]

Data: ``../shared/datasets/semeval2022-task8/training_set.csv`` (1,283 pairs;
``--datasets`` or ``$RETOLD_DATASETS`` override the folder). Gold: ``Overall``,
1 = most similar ... 4 = least. Every correlation below is with
``-Overall``, so higher is better and the sign is the natural one.

For each pair, both texts are cleaned by ``retold.clean`` (language from the
CSV) and compared. Pair scores tried (all zero-shot, nothing fitted):

``score``          ``retold.compare(a, b).score`` as shipped: the aligned
                   similarity times coverage of a *linked* pair; 0 when
                   retold names no copy relation (most pairs)
``related``        1 for a copy relation, 0.5 for related, 0 otherwise
``align``          the aligner's score (``Alignment.score``) with the
                   similarity as shipped (the encoder is asked only where
                   :meth:`needs_encoder` says so), whatever the relation
``align_enc``      the same with the encoder always asked
``cov_max`` / ``cov_min`` / ``cov_mean``   the aligned share of the longer /
                   shorter / both sides (encoder always asked)
``soft``           mean over the sentences of both sides of each sentence's
                   best similarity in the other text (the matrix the aligner
                   uses, encoder always asked): no runs needed
``soft_share``     share of sentences (both sides) whose best match is at or
                   above the aligner's threshold (0.5)
``doc_cos``        cosine of the two texts' mean USE sentence vectors (a
                   whole-document embedding baseline with retold's encoder;
                   printed for scale, never chosen: retold computes no such score)

Selection is honest: pairs are split in two halves at random (``--seed``);
the retold variant (not ``doc_cos``) with the best Pearson on the first
half (over ``--select-on`` pairs: all, en-en or cross-language) is chosen and reported on the second
half. Every variant's correlation on both halves is printed too.
Prints Markdown; writes ``benchmarks/out/eval_semeval.json``.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import git_rev, machine, save_json, table  # noqa: E402
from generate import datasets_dir  # noqa: E402

VARIANTS = ("score", "related", "align", "align_enc", "cov_max", "cov_min", "cov_mean", "soft", "soft_share", "doc_cos")
BASELINES = ("doc_cos",)  # printed beside, never chosen: not a score retold computes
GROUPS = ("all", "en-en", "cross-language", "same-language, not en")


def csv_path(datasets: str | None) -> Path:
    p = datasets_dir(datasets) / "semeval2022-task8" / "training_set.csv"
    if not p.is_file():
        sys.exit(
            f"eval_semeval: SemEval-2022 Task 8 data not found at {p}\n"
            "  expected ../shared/datasets next to the repository (or pass --datasets DIR / set RETOLD_DATASETS)"
        )
    return p


def read_pairs(path: Path) -> list[dict]:
    csv.field_size_limit(1 << 26)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        try:
            overall = float(r["Overall"])
        except (KeyError, ValueError):
            continue
        out.append({"pair_id": r["pair_id"], "lang1": r["lang1"].strip(), "lang2": r["lang2"].strip(),
                    "text1": r["text1"] or "", "text2": r["text2"] or "", "overall": overall})
    return out


def group_of(p: dict) -> str:
    if p["lang1"] != p["lang2"]:
        return "cross-language"
    return "en-en" if p["lang1"] == "en" else "same-language, not en"


class MemoryVectors:
    """An in-memory stand-in for the index's vector cache (each sentence encoded once)."""

    def __init__(self):
        self.v: dict[bytes, np.ndarray] = {}

    def get_vectors(self, keys, dim):
        return {k: self.v[k] for k in keys if k in self.v}

    def put_vectors(self, items):
        self.v.update(items)


def features_of(pairs: list[dict], quiet: bool = False) -> tuple[list[dict], dict]:
    import retold
    from retold._align import align
    from retold._clean import clean
    from retold._errors import RetoldError
    from retold._index import make_similarity
    from retold._models import COPY_RELATIONS, RawDocument
    from retold._verify import _align_cfg

    config = retold.Config()
    sim = make_similarity(config, MemoryVectors())
    cfg = _align_cfg(config, sim)
    thr = sim.threshold
    out = []
    skipped = Counter()
    t0 = time.perf_counter()
    for i, p in enumerate(pairs):
        try:
            da = clean(RawDocument(id="a", text=p["text1"], language=p["lang1"]))
            db = clean(RawDocument(id="b", text=p["text2"], language=p["lang2"]))
        except RetoldError as e:
            skipped[type(e).__name__] += 1
            continue
        pair = retold.compare(da, db, config=config, similarity=sim)
        fa, fb = sim.features(da), sim.features(db)
        shipped = sim.matrices(fa, fb)
        al = align(shipped, da.sentences, db.sentences, cfg)
        lex = sim.lexical(fa, fb)
        sim.ensure_embeddings([fa, fb])
        forced = sim.combine(lex, fa.emb, fb.emb)
        alf = align(forced, da.sentences, db.sentences, cfg)
        m = forced.sim
        la, lb = [e - s for s, e in da.sentences], [e - s for s, e in db.sentences]
        if m.size:
            best_a, best_b = m.max(axis=1), m.max(axis=0)
            soft = float((np.dot(best_a, la) + np.dot(best_b, lb)) / (sum(la) + sum(lb)))
            soft_share = float(((best_a >= thr).sum() + (best_b >= thr).sum()) / (len(best_a) + len(best_b)))
        else:
            soft = soft_share = 0.0
        va, vb = fa.emb.mean(axis=0), fb.emb.mean(axis=0)
        den = float(np.linalg.norm(va) * np.linalg.norm(vb)) or 1.0
        rel = pair.relation
        out.append({
            **{k: p[k] for k in ("pair_id", "lang1", "lang2", "overall")},
            "group": group_of(p), "relation": rel,
            "score": float(pair.score) if rel in COPY_RELATIONS else 0.0,
            "related": 1.0 if rel in COPY_RELATIONS else 0.5 if rel == "related" else 0.0,
            "align": float(al.score), "align_enc": float(alf.score),
            "cov_max": float(max(alf.coverage_a, alf.coverage_b)), "cov_min": float(min(alf.coverage_a, alf.coverage_b)),
            "cov_mean": float((alf.coverage_a + alf.coverage_b) / 2), "soft": soft, "soft_share": soft_share,
            "doc_cos": float(np.dot(va, vb) / den),
            "sentences": [len(da.sentences), len(db.sentences)],
        })
        if not quiet and (i + 1) % 100 == 0:
            print(f"  {i + 1}/{len(pairs)} pairs, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return out, dict(skipped)


def pearson(x: list[float], y: list[float]) -> float:
    if len(x) < 3:
        return float("nan")
    x, y = np.asarray(x, float), np.asarray(y, float)
    if x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def _ranks(v: np.ndarray) -> np.ndarray:
    order = np.argsort(v, kind="mergesort")
    r = np.empty(len(v))
    r[order] = np.arange(len(v))
    # average ranks of ties
    vals, inv, counts = np.unique(v, return_inverse=True, return_counts=True)
    sums = np.bincount(inv, weights=r)
    return (sums / counts)[inv]


def spearman(x: list[float], y: list[float]) -> float:
    if len(x) < 3:
        return float("nan")
    return pearson(list(_ranks(np.asarray(x, float))), list(_ranks(np.asarray(y, float))))


def corr_table(rows: list[dict], variant: str, fn=pearson) -> dict[str, float]:
    out = {}
    for g in GROUPS:
        sel = rows if g == "all" else [r for r in rows if r["group"] == g]
        out[g] = fn([r[variant] for r in sel], [-r["overall"] for r in sel])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N pairs")
    ap.add_argument("--seed", type=int, default=1, help="seed of the selection/report split")
    ap.add_argument("--select-on", default="all", choices=["all", "en-en", "cross-language"])
    ap.add_argument("--datasets", default=None)
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--out", default="eval_semeval.json")
    args = ap.parse_args(argv)
    pairs = read_pairs(csv_path(args.datasets))
    if args.limit is not None:
        pairs = pairs[: args.limit]
    load0 = os.getloadavg()
    t0 = time.perf_counter()
    rows, skipped = features_of(pairs, args.quiet)
    wall = time.perf_counter() - t0
    rng = random.Random(args.seed)
    idx = list(range(len(rows)))
    rng.shuffle(idx)
    half = set(idx[: len(idx) // 2])
    dev = [r for i, r in enumerate(rows) if i in half]
    test = [r for i, r in enumerate(rows) if i not in half]
    sel_dev = dev if args.select_on == "all" else [r for r in dev if r["group"] == args.select_on]
    dev_scores = {v: pearson([r[v] for r in sel_dev], [-r["overall"] for r in sel_dev]) for v in VARIANTS}
    chosen = max((v for v in VARIANTS if v not in BASELINES and dev_scores[v] == dev_scores[v]), key=lambda v: dev_scores[v])
    res = {
        "machine": machine(), "rev": git_rev(), "args": vars(args), "pairs": len(rows), "skipped": skipped,
        "seconds": wall, "load_before": load0, "load_after": os.getloadavg(),
        "groups": dict(Counter(r["group"] for r in rows)), "relations": dict(Counter(str(r["relation"]) for r in rows)),
        "chosen": chosen, "dev_pearson": dev_scores,
        "test": {v: corr_table(test, v) for v in VARIANTS}, "dev": {v: corr_table(dev, v) for v in VARIANTS},
        "all": {v: corr_table(rows, v) for v in VARIANTS},
        "test_spearman": {v: corr_table(test, v, spearman) for v in VARIANTS},
        "by_language_pair": {},
    }
    for lp in sorted({f"{r['lang1']}-{r['lang2']}" for r in rows}):
        sel = [r for r in rows if f"{r['lang1']}-{r['lang2']}" == lp]
        res["by_language_pair"][lp] = {"n": len(sel), **{v: pearson([r[v] for r in sel], [-r["overall"] for r in sel])
                                                          for v in dict.fromkeys((chosen, "score", "doc_cos"))}}
    res["rows"] = rows
    print(f"## SemEval-2022 Task 8, zero-shot ({res['machine']}, rev {res['rev']})\n")
    print(f"{len(rows)} pairs ({res['groups']}); skipped {skipped}; {wall:.0f} s; relations named: {res['relations']}\n")
    print(f"Chosen on the selection half ({len(dev)} pairs, by Pearson over {args.select_on}): **{chosen}** "
          f"(selection-half Pearson {dev_scores[chosen]:.3f}). Reported on the other half ({len(test)} pairs):\n")
    print(table(["variant", *[f"{g} (n={sum(1 for r in test if g == 'all' or r['group'] == g)})" for g in GROUPS]],
                [[("**" + v + "**") if v == chosen else v + (" (baseline)" if v in BASELINES else ""),
                  *[res["test"][v][g] for g in GROUPS]] for v in VARIANTS]))
    print("\nPearson with -Overall on the report half; the same on all pairs:\n")
    print(table(["variant", *[f"{g} (n={res['groups'].get(g, len(rows)) if g != 'all' else len(rows)})" for g in GROUPS]],
                [[v, *[res["all"][v][g] for g in GROUPS]] for v in VARIANTS]))
    print("\nSpearman on the report half:\n")
    print(table(["variant", *GROUPS], [[v, *[res["test_spearman"][v][g] for g in GROUPS]] for v in VARIANTS]))
    cols = list(dict.fromkeys((chosen, "score", "doc_cos")))
    print("\nBy language pair (all pairs): the chosen variant, the shipped score, the baseline:\n")
    print(table(["pair", "n", *cols], [[k, v["n"], *[v[c] for c in cols]] for k, v in res["by_language_pair"].items()]))
    save_json(args.out, res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
