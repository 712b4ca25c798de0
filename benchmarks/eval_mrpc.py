#!/usr/bin/env python
"""MRPC: retold's sentence-level "these say the same thing" decision.

    .venv/bin/python benchmarks/eval_mrpc.py [--limit N] [--datasets DIR]

Data: ``../shared/datasets/mrpc/msr_paraphrase_{train,test}.txt``
(``--datasets`` or ``$RETOLD_DATASETS`` override the folder): tab-separated
``Quality, #1 ID, #2 ID, #1 String, #2 String`` with one header line, read
by splitting on tabs. Strings that hold a double quote are quoted with
the quote doubled (``"... called "" the witness "" , ..."``) and are
unquoted here (513 lines of train, more of test). In the copy of the test split on
this machine, 1,303 of 1,713 lines have more than five fields: there the
commas inside a string were turned into tabs and the string put in double
quotes (``"PCCW 's chief operating officer \\t Mike Butcher \\t and ..."``).
Such lines are repaired (a quoted string's tabs back to commas, quotes
removed) and counted in the output.

Each sentence becomes a one-sentence document (language ``en``, one
sentence span over the whole string), and the decision is the aligner's own:
``SemanticSimilarity`` (``Config()``'s encoder) matrices of the two
documents, ``sim[0, 0] >= threshold`` (0.5). Scores compared:

``shipped``   ``SemanticSimilarity.matrices`` as the aligner calls it: the
              encoder is asked only when :meth:`needs_encoder` says so, which
              for two one-sentence documents in one language is never (it
              wants a run of 3 weakly similar sentences), so this is the
              lexical cosine
``aligner``   the similarity the aligner uses once the encoder is asked:
              ``max(lexical, g(cosine))`` (``SemanticSimilarity.combine``)
``encoder``   ``g(cosine)`` alone (the encoder cosine on the aligner's scale)
``lexical``   the weighted lexical cosine alone

For each: accuracy and F1 (paraphrase = positive class) on the test split at
the shipped threshold 0.5, and at the threshold with the best train
accuracy, applied to test; ROC AUC on test. Majority baseline printed.
Prints Markdown; writes ``benchmarks/out/eval_mrpc.json``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import git_rev, machine, save_json, table  # noqa: E402
from generate import datasets_dir  # noqa: E402

SCORES = ("shipped", "aligner", "encoder", "lexical")


def mrpc_path(datasets: str | None, split: str) -> Path:
    p = datasets_dir(datasets) / "mrpc" / f"msr_paraphrase_{split}.txt"
    if not p.is_file():
        sys.exit(
            f"eval_mrpc: MRPC not found at {p}\n"
            "  expected ../shared/datasets/mrpc next to the repository (or pass --datasets DIR / set RETOLD_DATASETS)"
        )
    return p


def _strings(fields: list[str]) -> tuple[str, str] | None:
    """The two sentences from the fields after the ids (repairing comma-to-tab damage).

    Both files are written like a tab-separated CSV: a string holding a
    double quote (or, in the damaged test split, a comma) is quoted, with
    ``""`` for each quote inside. A quoted string runs to the next quote
    that is not doubled; its tabs were commas.
    """
    rest = "\t".join(fields)
    out, i, n = [], 0, len(rest)
    while i <= n and len(out) < 2:
        if i < n and rest[i] == '"':
            j, buf = i + 1, []
            while j < n:
                if rest[j] == '"':
                    if j + 1 < n and rest[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append("," if rest[j] == "\t" else rest[j])
                j += 1
            if j >= n:
                return None  # unterminated quote
            out.append(" ".join("".join(buf).split()))
            i = j + 1
        else:
            j = rest.find("\t", i)
            j = n if j == -1 else j
            out.append(rest[i:j])
            i = j
        if i < n and rest[i] != "\t":
            return None
        i += 1
    if len(out) != 2 or i <= n:
        return None
    return out[0], out[1]


def read_mrpc(path: Path) -> tuple[list[tuple[int, str, str]], dict]:
    rows, repaired, bad = [], 0, 0
    with path.open(encoding="utf-8-sig") as f:
        next(f)  # header
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) < 5 or fields[0] not in ("0", "1"):
                bad += 1
                continue
            pair = _strings(fields[3:])
            if pair is None:
                bad += 1
                continue
            repaired += len(fields) > 5
            rows.append((int(fields[0]), pair[0], pair[1]))
    return rows, {"pairs": len(rows), "repaired": repaired, "unreadable": bad}


def one_sentence_doc(i: str, text: str):
    from retold._models import Document

    text = text.strip()
    return Document(id=i, text=text, language="en", sentences=[(0, len(text))], paragraphs=[(0, len(text))])


def scores_of(rows: list[tuple[int, str, str]], sim) -> dict[str, np.ndarray]:
    docs_a = [one_sentence_doc(f"a{k}", a) for k, (_, a, _) in enumerate(rows)]
    docs_b = [one_sentence_doc(f"b{k}", b) for k, (_, _, b) in enumerate(rows)]
    fa = [sim.features(d) for d in docs_a]
    fb = [sim.features(d) for d in docs_b]
    sim.ensure_embeddings(fa + fb)  # one batch; matrices() below reuses these vectors when it asks
    out = {k: np.zeros(len(rows)) for k in SCORES}
    for k, (x, y) in enumerate(zip(fa, fb)):
        lex = sim.lexical(x, y)
        shipped = sim.matrices(x, y)
        comb = sim.combine(lex, x.emb, y.emb)
        out["shipped"][k] = float(shipped.sim[0, 0])
        out["aligner"][k] = float(comb.sim[0, 0])
        out["encoder"][k] = float(sim.rescale(comb.cos)[0, 0])
        out["lexical"][k] = float(lex.sim[0, 0])
    return out


def metrics(y: np.ndarray, s: np.ndarray, thr: float) -> dict[str, float]:
    pred = s >= thr
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    acc = float((pred == (y == 1)).mean()) if len(y) else float("nan")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"accuracy": acc, "f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


def best_threshold(y: np.ndarray, s: np.ndarray) -> float:
    cands = np.unique(s)
    best, bt = -1.0, 0.5
    for t in cands:
        a = float(((s >= t) == (y == 1)).mean())
        if a > best:
            best, bt = a, float(t)
    return bt


def auc(y: np.ndarray, s: np.ndarray) -> float:
    pos, neg = s[y == 1], s[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    allv = np.concatenate([pos, neg])[order]
    ranks = np.empty(len(allv))
    ranks[order] = np.arange(1, len(allv) + 1)
    # average ties
    vals, inv, counts = np.unique(allv, return_inverse=True, return_counts=True)
    r_sorted = np.arange(1, len(allv) + 1, dtype=float)
    avg = np.bincount(inv, weights=r_sorted) / counts
    ranks[order] = avg[inv]
    rp = ranks[: len(pos)].sum()
    return float((rp - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N pairs of each split")
    ap.add_argument("--datasets", default=None)
    ap.add_argument("--out", default="eval_mrpc.json")
    args = ap.parse_args(argv)
    import retold
    from retold._index import make_similarity

    config = retold.Config()
    sim = make_similarity(config)
    thr0 = float(sim.threshold)
    data, info = {}, {}
    for split in ("train", "test"):
        rows, info[split] = read_mrpc(mrpc_path(args.datasets, split))
        if args.limit is not None:
            rows = rows[: args.limit]
        data[split] = rows
    t0 = time.perf_counter()
    load0 = os.getloadavg()
    sc = {split: scores_of(rows, sim) for split, rows in data.items()}
    wall = time.perf_counter() - t0
    y = {split: np.array([q for q, _, _ in rows]) for split, rows in data.items()}
    res = {"machine": machine(), "rev": git_rev(), "encoder": getattr(sim, "name", "?"), "threshold": thr0,
           "files": info, "seconds": wall, "load_before": load0, "load_after": os.getloadavg(), "scores": {}}
    majority = float(max(y["test"].mean(), 1 - y["test"].mean()))
    for k in SCORES:
        bt = best_threshold(y["train"], sc["train"][k])
        res["scores"][k] = {
            "shipped_threshold": metrics(y["test"], sc["test"][k], thr0),
            "train_threshold": bt,
            "train_accuracy_at_best": metrics(y["train"], sc["train"][k], bt)["accuracy"],
            "test_at_train_threshold": metrics(y["test"], sc["test"][k], bt),
            "test_auc": auc(y["test"], sc["test"][k]),
            "test_share_at_or_above_shipped": float((sc["test"][k] >= thr0).mean()),
        }
    print(f"## MRPC, sentence decision of the aligner ({res['machine']}, rev {res['rev']}, {res['encoder']})\n")
    print(f"train {info['train']}, test {info['test']}; scored in {wall:.0f} s. Majority baseline (always 'paraphrase') "
          f"test accuracy {majority:.3f}\n")
    rows = []
    for k in SCORES:
        r = res["scores"][k]
        rows.append([k, r["shipped_threshold"]["accuracy"], r["shipped_threshold"]["f1"], r["test_share_at_or_above_shipped"],
                     r["train_threshold"], r["train_accuracy_at_best"], r["test_at_train_threshold"]["accuracy"],
                     r["test_at_train_threshold"]["f1"], r["test_auc"]])
    print(table(["score", f"test acc @ {thr0}", f"test F1 @ {thr0}", f"share >= {thr0}", "best train threshold",
                 "train acc", "test acc @ train thr", "test F1 @ train thr", "test AUC"], rows))
    res["majority_test_accuracy"] = majority
    save_json(args.out, res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
