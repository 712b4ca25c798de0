#!/usr/bin/env python
"""PAN-13 text alignment (no-obfuscation part), scored with PlagDet.

    .venv/bin/python benchmarks/eval_pan13.py [--modes compare,clean,raw,raw-lines]
        [--limit N] [--negatives N] [--encoder default|none|NAME] [--datasets DIR]

Data: ``../shared/datasets/pan13-no-obfuscation/`` (``pairs``, ``susp/``,
``src/``, ``truth/*.xml``); ``--datasets`` or ``$RETOLD_DATASETS`` override
the folder holding it. Each pair (suspicious document, source document) has
one or more reused passages, given as ``this_offset/this_length`` (in the
suspicious document) and ``source_offset/source_length``, character offsets
into the raw files.

retold runs on each pair and its passages are the detections. Four ways in
(``--modes``, default ``compare,clean,raw``):

``compare``    ``retold.compare`` as shipped, on the raw texts (cleaned, so
               offsets are into the clean text); each passage is mapped back
               to raw offsets (clean text keeps kept lines verbatim up to
               whitespace; the lines of a hard-wrapped text are joined into
               paragraphs). Detections = the pair's passages, whichever
               ``compare`` reports.
``clean``      What ``compare`` sees (``retold._clean.clean``, the similarity
               ``Config()`` uses), aligned by ``retold._align.align`` with
               the texts, so passage edges move inside sentences copied in
               part. Two detection sets: every aligned passage
               (``clean/all``), and the passages retold reports under the
               proposed partial-reuse rule (``clean/reported``): every
               passage of a pair ``retold._relate.relate`` names a copy, and
               of any other pair the passages :func:`reused` keeps (a run of
               ``RelateConfig.min_run`` sentence groups, or a verbatim
               passage: see :func:`reused`).
``raw``        Documents whose text *is* the raw text with hard line wraps
               (single newlines) turned into spaces, which keeps every offset,
               split into sentences by ``retold._text.sentence_spans``; the
               similarity ``Config()`` uses, ``retold._align.align`` with the
               texts. Two detection sets: every aligned passage
               (``raw/all``), and only the passages of a pair that
               ``retold._verify.verify`` links (``raw/linked``).
``raw-lines``  the same with the raw text untouched: every line a sentence
               (how ``compare`` saw these hard-wrapped files before cleaning
               joined their lines).

PlagDet (Potthast, Stein, Barrón-Cedeño, Rosso, "An Evaluation Framework for
Plagiarism Detection", COLING 2010), written here from the paper: a case s
and a detection r are sets of characters in both documents; r detects s when
they overlap in the suspicious *and* the source document. Macro precision is
the mean over detections of the share of r's characters inside the cases it
detects, macro recall the mean over cases of the share of s's characters
inside the detections that detect it (a case no detection detects scores 0),
granularity the mean number of detections per detected case, and
``plagdet = F1 / log2(1 + granularity)``. Micro-averaged precision and
recall (over the unions of characters) are printed beside them.

``--negatives N`` also runs N (suspicious, source) pairs that are *not* in
the truth (each suspicious document beside a random other source document)
and counts what retold detects there: every detection on such a pair is a
false one.

Prints Markdown; writes ``benchmarks/out/eval_pan13.json``.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import git_rev, machine, make_config, save_json, table  # noqa: E402
from generate import datasets_dir  # noqa: E402

MODES = ("compare", "clean", "raw", "raw-lines")

# The proposed partial-reuse rule (for ``retold._relate``): a passage of a
# pair that is not a copy is reported when it is a run of at least
# ``RelateConfig.min_run`` sentence groups, or when it is verbatim: its two
# sides are the same words in the same order (``passage_agreement`` >=
# VERBATIM_AGREEMENT) over at least VERBATIM_WORDS words.
VERBATIM_AGREEMENT = 0.9
VERBATIM_WORDS = 12


def reused(p, text_a: str, text_b: str, min_run: int) -> bool:
    from retold._align import passage_agreement

    if len(p.pairs) >= min_run:
        return True
    agreement, words = passage_agreement(p, text_a, text_b)
    return agreement >= VERBATIM_AGREEMENT and words >= VERBATIM_WORDS


# --- data -----------------------------------------------------------------------------


def pan_dir(datasets: str | None) -> Path:
    p = datasets_dir(datasets) / "pan13-no-obfuscation"
    if not (p / "pairs").is_file():
        sys.exit(
            f"eval_pan13: PAN-13 data not found at {p}\n"
            "  expected ../shared/datasets/pan13-no-obfuscation next to the repository "
            "(or pass --datasets DIR / set RETOLD_DATASETS)"
        )
    return p


def read_text(path: Path) -> str:
    # PAN offsets count characters of the decoded file; keep \r if any (newline="")
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


@dataclass(frozen=True)
class Ann:
    """A case or a detection: [t0, t1) in the suspicious doc, [s0, s1) in the source."""

    susp: str
    t0: int
    t1: int
    src: str
    s0: int
    s1: int

    @property
    def size(self) -> int:
        return (self.t1 - self.t0) + (self.s1 - self.s0)


def read_truth(base: Path, susp: str, src: str) -> list[Ann]:
    name = f"{Path(susp).stem}-{Path(src).stem}.xml"
    root = ET.parse(base / "truth" / name).getroot()
    out = []
    for f in root.iter("feature"):
        if f.get("name") != "plagiarism":
            continue
        to, tl = int(f.get("this_offset")), int(f.get("this_length"))
        so, sl = int(f.get("source_offset")), int(f.get("source_length"))
        out.append(Ann(susp, to, to + tl, f.get("source_reference") or src, so, so + sl))
    return out


# --- PlagDet ----------------------------------------------------------------------------


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def detects(r: Ann, s: Ann) -> bool:
    return r.susp == s.susp and r.src == s.src and _overlap(r.t0, r.t1, s.t0, s.t1) and _overlap(r.s0, r.s1, s.s0, s.s1)


def _union_len(intervals: list[tuple[int, int]]) -> int:
    tot, end = 0, None
    start = None
    for a, b in sorted(intervals):
        if b <= a:
            continue
        if end is None or a > end:
            if end is not None:
                tot += end - start
            start, end = a, b
        else:
            end = max(end, b)
    if end is not None:
        tot += end - start
    return tot


def _covered(target: Ann, others: list[Ann]) -> int:
    """Characters of ``target`` (both documents) inside the union of ``others``."""
    t = [(max(o.t0, target.t0), min(o.t1, target.t1)) for o in others]
    s = [(max(o.s0, target.s0), min(o.s1, target.s1)) for o in others]
    return _union_len(t) + _union_len(s)


def plagdet(cases: list[Ann], dets: list[Ann]) -> dict:
    by_pair_c, by_pair_d = defaultdict(list), defaultdict(list)
    for c in cases:
        by_pair_c[(c.susp, c.src)].append(c)
    for d in dets:
        by_pair_d[(d.susp, d.src)].append(d)
    rec_sum, per_case_dets = 0.0, []
    for c in cases:
        hit = [d for d in by_pair_d.get((c.susp, c.src), []) if detects(d, c)]
        if hit:
            rec_sum += _covered(c, hit) / c.size
            per_case_dets.append(len(hit))
    prec_sum = 0.0
    for d in dets:
        hit = [c for c in by_pair_c.get((d.susp, d.src), []) if detects(d, c)]
        if hit:
            prec_sum += _covered(d, hit) / d.size
    if not cases and not dets:
        rec = prec = 1.0
    else:
        rec = rec_sum / len(cases) if cases else 0.0
        prec = prec_sum / len(dets) if dets else 0.0
    gran = sum(per_case_dets) / len(per_case_dets) if per_case_dets else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    score = f1 / math.log2(1 + gran) if f1 else 0.0
    # micro: unions of characters per document, for cases, detections, and true overlaps
    def chars(anns: list[Ann]) -> int:
        t, s = defaultdict(list), defaultdict(list)
        for a in anns:
            t[a.susp].append((a.t0, a.t1))
            s[a.src].append((a.s0, a.s1))
        return sum(_union_len(v) for v in t.values()) + sum(_union_len(v) for v in s.values())

    inter = []
    for c in cases:
        for d in by_pair_d.get((c.susp, c.src), []):
            if detects(d, c):
                inter.append(Ann(c.susp, max(c.t0, d.t0), min(c.t1, d.t1), c.src, max(c.s0, d.s0), min(c.s1, d.s1)))
    ci, cs, cd = chars(inter), chars(cases), chars(dets)
    micro_rec = ci / cs if cs else 1.0
    micro_prec = ci / cd if cd else (1.0 if not cases else 0.0)
    mf1 = 2 * micro_prec * micro_rec / (micro_prec + micro_rec) if micro_prec + micro_rec else 0.0
    return {
        "cases": len(cases), "detections": len(dets), "detected_cases": len(per_case_dets),
        "precision": prec, "recall": rec, "granularity": gran, "f1": f1, "plagdet": score,
        "micro_precision": micro_prec, "micro_recall": micro_rec,
        "micro_plagdet": mf1 / math.log2(1 + gran) if mf1 else 0.0,
    }


def offset_check(base: Path, pairs: list[tuple[str, str]], texts) -> dict[tuple[str, str], float]:
    """Per pair, the worst agreement of a case's two passages at the given offsets.

    In the copy of PAN-13 on this machine the texts carry mojibake (a curly
    apostrophe became two characters, "BachelorCls"), so offsets drift after
    each such spot: the agreement is difflib's ratio of the two passages,
    whitespace collapsed (1.0 = the same text).
    """
    import difflib

    out = {}
    for t, s in pairs:
        st, ss = texts("susp", t), texts("src", s)
        worst = 1.0
        for c in read_truth(base, t, s):
            a, b = " ".join(st[c.t0 : c.t1].split()), " ".join(ss[c.s0 : c.s1].split())
            worst = min(worst, difflib.SequenceMatcher(None, a, b, autojunk=False).ratio())
        out[(t, s)] = worst
    return out


def diagnose(cases: list[Ann], dets: list[Ann]) -> dict:
    """Where recall and precision go: cases missed by length, detections that hit no case."""
    by_pair_d, by_pair_c = defaultdict(list), defaultdict(list)
    for d in dets:
        by_pair_d[(d.susp, d.src)].append(d)
    for c in cases:
        by_pair_c[(c.susp, c.src)].append(c)
    buckets = ((0, 300), (300, 1000), (1000, 3000), (3000, 10**9))
    out = {}
    for lo, hi in buckets:
        sel = [c for c in cases if lo <= c.t1 - c.t0 < hi]
        hit = [c for c in sel if any(detects(d, c) for d in by_pair_d.get((c.susp, c.src), []))]
        out[f"cases {lo}-{hi if hi < 10**9 else 'inf'} chars"] = {"cases": len(sel), "detected": len(hit)}
    stray = [d for d in dets if not any(detects(d, c) for c in by_pair_c.get((d.susp, d.src), []))]
    out["detections hitting no case"] = len(stray)
    out["stray detection chars (median)"] = sorted(d.t1 - d.t0 for d in stray)[len(stray) // 2] if stray else 0
    # on detections that hit: share of their characters outside the cases (sentence-boundary overshoot)
    inside = outside = 0
    for d in dets:
        hit = [c for c in by_pair_c.get((d.susp, d.src), []) if detects(d, c)]
        if hit:
            cov = _covered(d, hit)
            inside += cov
            outside += d.size - cov
    out["overshoot share of hitting detections"] = outside / (inside + outside) if inside + outside else 0.0
    return out


# --- clean-text offsets back to raw offsets -------------------------------------------------


def clean_to_raw_map(raw: str, clean: str) -> list[int]:
    """``m[i]`` = raw offset of clean character ``i`` (and ``m[len(clean)]`` = len(raw)).

    Cleaning (``retold._clean.clean``) normalises the text (NFC, unified
    newlines, runs of spaces and tabs to one space, lines stripped), joins
    the lines of a hard-wrapped text into paragraphs (consecutive lines, one
    space between them), drops lines, and joins the kept ones with "\\n". So
    each clean line is the normalised form of one raw line, or of a run of
    consecutive raw lines joined by spaces, in order; inside a line,
    characters are matched by walking both strings and skipping raw
    whitespace.
    """
    import re

    from retold._text import normalise

    lines: list[tuple[int, str]] = []
    pos = 0
    for mt in re.finditer(r"\r\n|\r|\n", raw):
        lines.append((pos, raw[pos : mt.start()]))
        pos = mt.end()
    lines.append((pos, raw[pos:]))
    norm = [normalise(ln) for _, ln in lines]
    m: list[int] = []
    j = 0
    for cl in clean.split("\n"):
        parts = None
        while j < len(lines):
            if norm[j] and cl.startswith(norm[j]):
                acc, k = norm[j], j
                while acc != cl and len(acc) < len(cl) and k + 1 < len(lines) and norm[k + 1]:
                    k += 1
                    acc += " " + norm[k]
                if acc == cl:
                    parts = list(range(j, k + 1))
                    break
            j += 1
        if parts is None:  # not found (should not happen): map to the end
            m.extend([len(raw)] * (len(cl) + 1))
            continue
        for n, k in enumerate(parts):
            start, rl = lines[k]
            if n:
                m.append(start - 1)  # the space that joined two raw lines: the raw line break
            b = 0
            for ch in norm[k]:
                while b < len(rl) and rl[b] != ch and (rl[b].isspace() or rl[b] in "\u200b\ufeff") and not (ch == " " and rl[b].isspace()):
                    b += 1
                m.append(start + min(b, len(rl)))
                b += 1
        start, rl = lines[parts[-1]]
        m.append(start + len(rl))  # the "\n" after the line (or the end of the text)
        j = parts[-1] + 1
    m = m[: len(clean) + 1]
    while len(m) < len(clean) + 1:
        m.append(len(raw))
    return m


def to_raw(m: list[int], start: int, end: int) -> tuple[int, int]:
    return m[start], (m[end - 1] + 1 if end > start else m[start])


# --- retold on one pair --------------------------------------------------------------------


def unwrap(text: str) -> str:
    """Single newlines (hard wraps) to spaces; blank-line breaks kept. Same length."""
    out = list(text)
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "\n":
            prev_nl = i > 0 and text[i - 1] == "\n"
            next_nl = i + 1 < n and text[i + 1] == "\n"
            if not prev_nl and not next_nl:
                out[i] = " "
    return "".join(out)


def raw_document(doc_id: str, text: str, lines: bool):
    from retold._models import Document
    from retold._text import paragraph_spans, sentence_spans

    t = text if lines else unwrap(text)
    return Document(id=doc_id, text=t, language="en", sentences=sentence_spans(t), paragraphs=paragraph_spans(t))


class MemoryVectors:
    """The vector cache an index keeps (``Store.get_vectors/put_vectors``), in memory:
    the suspicious documents recur across pairs, and ``Index`` would encode
    each distinct sentence once too."""

    def __init__(self):
        self.v: dict[bytes, object] = {}

    def get_vectors(self, keys, dim):
        return {k: self.v[k] for k in keys if k in self.v}

    def put_vectors(self, items):
        self.v.update(items)


class Runner:
    def __init__(self, encoder: str):
        import retold
        from retold._index import make_similarity

        self.config = make_config(encoder)
        self.sim = make_similarity(self.config, MemoryVectors())
        self.retold = retold

    def compare(self, susp_name: str, susp: str, src_name: str, src: str) -> tuple[list[Ann], dict]:
        from retold._models import RawDocument

        pair = self.retold.compare(
            RawDocument(id="susp", text=susp, language="en"), RawDocument(id="src", text=src, language="en"),
            config=self.config, similarity=self.sim,
        )
        from retold._clean import clean

        ca = clean(RawDocument(id="susp", text=susp, language="en")).text
        cb = clean(RawDocument(id="src", text=src, language="en")).text
        ma, mb = clean_to_raw_map(susp, ca), clean_to_raw_map(src, cb)
        dets = []
        for p in pair.passages:
            t0, t1 = to_raw(ma, p.a_start, p.a_end)
            s0, s1 = to_raw(mb, p.b_start, p.b_end)
            dets.append(Ann(susp_name, t0, t1, src_name, s0, s1))
        return dets, {"relation": pair.relation}

    def clean(self, susp_name: str, susp: str, src_name: str, src: str) -> tuple[list[Ann], list[Ann], dict]:
        from retold._align import align
        from retold._clean import clean
        from retold._fingerprint import fingerprint
        from retold._models import COPY_RELATIONS, RawDocument
        from retold._relate import relate
        from retold._verify import _align_cfg

        da = clean(RawDocument(id="susp", text=susp, language="en"))
        db = clean(RawDocument(id="src", text=src, language="en"))
        fa, fb = self.sim.features(da), self.sim.features(db)
        mats = self.sim.matrices(fa, fb)
        al = align(mats, da.sentences, db.sentences, _align_cfg(self.config, self.sim), texts=(da.text, db.text))
        pa, pb = fingerprint(da.text, da.sentences), fingerprint(db.text, db.sentences)
        shared = pa.anchors & pb.anchors
        overlap = len(shared) / (min(len(pa.anchors), len(pb.anchors)) or 1)
        relation, _, _ = relate(da, db, al, overlap, shared, self.config.relate, getattr(self.sim, "rewrite_similarity", None))
        ma, mb = clean_to_raw_map(susp, da.text), clean_to_raw_map(src, db.text)

        def ann(p):
            t0, t1 = to_raw(ma, p.a_start, p.a_end)
            s0, s1 = to_raw(mb, p.b_start, p.b_end)
            return Ann(susp_name, t0, t1, src_name, s0, s1)

        every = [ann(p) for p in al.passages]
        if relation in COPY_RELATIONS:
            kept = every
        else:
            kept = [ann(p) for p in al.passages if reused(p, da.text, db.text, self.config.relate.min_run)]
        return every, kept, {"relation": relation, "encoder": mats.cos is not None}

    def raw(self, susp_name: str, susp: str, src_name: str, src: str, lines: bool) -> tuple[list[Ann], list[Ann], dict]:
        from retold._align import align
        from retold._verify import _align_cfg, verify

        da, db = raw_document("susp", susp, lines), raw_document("src", src, lines)
        fa, fb = self.sim.features(da), self.sim.features(db)
        mats = self.sim.matrices(fa, fb)
        al = align(mats, da.sentences, db.sentences, _align_cfg(self.config, self.sim), texts=(da.text, db.text))
        pair = verify(da, db, fa, fb, self.sim, self.config, keep_unrelated=True, mats=mats)
        every = [Ann(susp_name, p.a_start, p.a_end, src_name, p.b_start, p.b_end) for p in al.passages]
        linked = [Ann(susp_name, p.a_start, p.a_end, src_name, p.b_start, p.b_end) for p in pair.passages]
        return every, linked, {"relation": pair.relation, "encoder": mats.cos is not None}


# --- main ---------------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modes", default="compare,clean,raw", help="comma-separated, of: " + ", ".join(MODES))
    ap.add_argument("--limit", type=int, default=None, help="first N pairs of the pairs file")
    ap.add_argument("--negatives", type=int, default=100, help="pairs not in the truth to run (false detections)")
    ap.add_argument("--encoder", default="default", help="default (Config() as shipped), none (lexical) or a name")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--datasets", default=None)
    ap.add_argument("--out", default="eval_pan13.json")
    args = ap.parse_args(argv)
    base = pan_dir(args.datasets)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    pairs = [tuple(line.split()) for line in (base / "pairs").read_text().splitlines() if line.strip()]
    if args.limit is not None:
        pairs = pairs[: args.limit]
    rng = random.Random(args.seed)
    srcs = sorted({s for _, s in pairs})
    all_true = set(tuple(line.split()) for line in (base / "pairs").read_text().splitlines() if line.strip())
    negatives = []
    susps = sorted({t for t, _ in pairs})
    tries = 0
    while len(negatives) < args.negatives and len(srcs) > 1 and tries < 100 * max(1, args.negatives):
        tries += 1
        t, s = rng.choice(susps), rng.choice(srcs)
        if (t, s) not in all_true and (t, s) not in negatives:
            negatives.append((t, s))
    texts: dict[str, str] = {}

    def text(kind: str, name: str) -> str:
        key = f"{kind}/{name}"
        if key not in texts:
            texts[key] = read_text(base / kind / name)
        return texts[key]

    cases = [c for t, s in pairs for c in read_truth(base, t, s)]
    runner = Runner(args.encoder)
    dets: dict[str, list[Ann]] = defaultdict(list)
    neg_dets: dict[str, list[Ann]] = defaultdict(list)
    relations: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    neg_relations: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    timing: dict[str, float] = defaultdict(float)
    load0 = os.getloadavg()
    jobs = [(p, False) for p in pairs] + [(p, True) for p in negatives]
    t_start = time.perf_counter()
    for i, ((t, s), neg) in enumerate(jobs):
        st, ss = text("susp", t), text("src", s)
        D = neg_dets if neg else dets
        R = neg_relations if neg else relations
        if "compare" in modes:
            t0 = time.perf_counter()
            d, info = runner.compare(t, st, s, ss)
            timing["compare"] += time.perf_counter() - t0
            D["compare"].extend(d)
            R["compare"][str(info["relation"])] += 1
        if "clean" in modes:
            t0 = time.perf_counter()
            every, kept, info = runner.clean(t, st, s, ss)
            timing["clean"] += time.perf_counter() - t0
            D["clean/all"].extend(every)
            D["clean/reported"].extend(kept)
            R["clean"][str(info["relation"])] += 1
        for mode, lines in (("raw", False), ("raw-lines", True)):
            if mode not in modes:
                continue
            t0 = time.perf_counter()
            every, linked, info = runner.raw(t, st, s, ss, lines)
            timing[mode] += time.perf_counter() - t0
            D[f"{mode}/all"].extend(every)
            D[f"{mode}/linked"].extend(linked)
            R[mode][str(info["relation"])] += 1
        if (i + 1) % 50 == 0:
            print(f"  {i + 1}/{len(jobs)} pairs, {time.perf_counter() - t_start:.0f} s", file=sys.stderr, flush=True)
    load1 = os.getloadavg()
    agree = offset_check(base, pairs, text)
    consistent = {p for p, r in agree.items() if r >= 0.5}
    results = {}
    expected = {"compare": ["compare"], "clean": ["clean/all", "clean/reported"], "raw": ["raw/all", "raw/linked"],
                "raw-lines": ["raw-lines/all", "raw-lines/linked"]}
    for name in sorted(set(dets) | {n for m in modes for n in expected.get(m, [])}):
        r = plagdet(cases, dets.get(name, []))
        r["diagnosis"] = diagnose(cases, dets.get(name, []))
        rc = plagdet([c for c in cases if (c.susp, c.src) in consistent],
                     [d for d in dets.get(name, []) if (d.susp, d.src) in consistent])
        r["consistent_pairs"] = {k: rc[k] for k in ("precision", "recall", "granularity", "plagdet")}
        r["negative_pairs"] = len(negatives)
        r["negative_detections"] = len(neg_dets.get(name, []))
        r["negative_pairs_with_detection"] = len({(a.susp, a.src) for a in neg_dets.get(name, [])})
        results[name] = r
    out = {
        "machine": machine(), "rev": git_rev(), "args": vars(args), "pairs": len(pairs), "cases": len(cases),
        "offset_agreement": {"pairs": len(agree), "consistent_pairs": len(consistent),
                             "cases_below_0.5": sum(1 for t, s in pairs for c in read_truth(base, t, s) if agree[(t, s)] < 0.5)},
        "results": results, "relations": {k: dict(v) for k, v in relations.items()},
        "negative_relations": {k: dict(v) for k, v in neg_relations.items()},
        "seconds": dict(timing), "load_before": load0, "load_after": load1,
        "reported_rule": {"min_run": runner.config.relate.min_run, "verbatim_agreement": VERBATIM_AGREEMENT,
                          "verbatim_words": VERBATIM_WORDS},
    }
    print(f"## PAN-13 text alignment, no obfuscation ({out['machine']}, rev {out['rev']}, encoder {args.encoder})\n")
    print(f"{len(pairs)} pairs, {len(cases)} cases; {len(negatives)} negative pairs (not in the truth)\n")
    rows = []
    for name, r in results.items():
        rows.append([name, r["detections"], r["detected_cases"], r["precision"], r["recall"], r["granularity"], r["plagdet"],
                     r["micro_precision"], r["micro_recall"], r["micro_plagdet"], r["negative_detections"],
                     r["negative_pairs_with_detection"]])
    print(table(["detections", "n", "cases detected", "precision", "recall", "granularity", "PlagDet", "micro P", "micro R",
                 "micro PlagDet", "dets on negatives", "negative pairs hit"], rows))
    print()
    oa = out["offset_agreement"]
    print(f"Data check: {len(pairs) - oa['consistent_pairs']} of {len(pairs)} pairs have a case whose two passages at the "
          f"given offsets agree < 50% (difflib ratio; mojibake shifts the offsets). PlagDet over the other "
          f"{oa['consistent_pairs']} pairs:\n")
    print(table(["detections", "precision", "recall", "granularity", "PlagDet"],
                [[n, r["consistent_pairs"]["precision"], r["consistent_pairs"]["recall"], r["consistent_pairs"]["granularity"],
                  r["consistent_pairs"]["plagdet"]] for n, r in results.items()]))
    print()
    for name, r in results.items():
        print(f"- {name}: {r['diagnosis']}")
    print()
    print(f"Relations retold named for the true pairs: {out['relations']}")
    print(f"... and for the negative pairs: {out['negative_relations']}")
    print(f"Seconds per mode (all pairs): { {k: round(v, 1) for k, v in timing.items()} }; load {load0} -> {load1}")
    save_json(args.out, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
