#!/usr/bin/env python
"""WMT21 news test sets: are translations of one article linked, and nothing else?

    .venv/bin/python benchmarks/eval_wmt.py [--sections en,xl,seg] [--limit-docs N]
        [--bbc N] [--segs-per-para 1] [--xl-sets en-is,de-fr] [--datasets DIR]

Data: ``../shared/datasets/wmt21/newstest2021.{is-en,ja-en,en-is,de-fr}.all.xml``
(relative to the repository root; ``--datasets`` or ``$RETOLD_DATASETS``
override it). Each ``<doc>`` is one news article in its source language
(``<src>``) with renderings in the target language: human references
(``<ref translator=...>``) and MT systems (``<hyp system=...>``), segment by
segment. A rendering's text is its segments in order, one paragraph (line)
per ``--segs-per-para`` segments (default 1: the segments are sentences, so a
line each, as a news page has short paragraphs). Nothing is copied into the
repository; the corpora are written to a temp folder.

Sections:

``en``  all English renderings of is-en and ja-en (every ref and hyp of every
        doc) plus the BBC News articles as distractors, scanned by
        ``retold.Index`` with ``Config()`` as shipped (USE encoder on). True
        pair = two renderings of the same doc. A predicted link is a pair in
        ``Index.report()`` with a copy relation (duplicate, excerpt, rewrite,
        translation). Pairwise precision/recall/F1 over all pairs of
        renderings, by set and by kind (ref-hyp, hyp-hyp); links from
        renderings to BBC articles and across docs are counted and listed.
``xl``  en-is and de-fr, one index per set: the source article (English,
        German) and its renderings (Icelandic, French). True cross-language
        pair = a source and a rendering of the same doc. Recall of links
        with relation ``translation`` (and with any copy relation), precision
        of all cross-language links; plus the same-language pairs among the
        renderings.
``seg`` the encoder's view of aligned segments: for each source segment and
        its reference translation (segment-aligned by the data), the
        similarity the aligner would use, ``max(lexical, g(cosine))``, and the
        share at or above the aligner's threshold (0.5), against a shuffled
        baseline (each source segment beside a reference segment of another
        doc). Tells how far the encoder carries each language pair.

Prints Markdown; writes ``benchmarks/out/eval_wmt.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import git_rev, machine, save_json, table, write_jsonl  # noqa: E402
from generate import datasets_dir  # noqa: E402

COPY = {"duplicate", "excerpt", "rewrite", "translation"}
EN_SETS = ("is-en", "ja-en")
XL_SETS = ("en-is", "de-fr")


# --- data ---------------------------------------------------------------------------


def wmt_path(datasets: str | None, name: str) -> Path:
    return datasets_dir(datasets) / "wmt21" / f"newstest2021.{name}.all.xml"


def need(path: Path, what: str) -> None:
    if not path.is_file():
        sys.exit(
            f"eval_wmt: {what} not found at {path}\n"
            "  expected ../shared/datasets next to the repository (or pass --datasets DIR / set RETOLD_DATASETS)"
        )


def _text(el: ET.Element, segs_per_para: int) -> tuple[str, list[str]]:
    segs = [(s.text or "").strip() for s in el.iter("seg")]
    segs_nonempty = [s for s in segs if s]
    k = max(1, segs_per_para)
    paras = [" ".join(segs_nonempty[i : i + k]) for i in range(0, len(segs_nonempty), k)]
    return "\n\n".join(paras), segs


def read_wmt(path: Path, set_name: str, segs_per_para: int = 1) -> list[dict]:
    """One record per doc: ``{"set", "doc", "src": {...}, "renderings": [{...}]}``.

    Each text record: ``id``, ``language``, ``text``, ``kind`` (src/ref/hyp),
    ``name`` (translator or system), ``segs`` (the segment texts, by id order).
    """
    root = ET.parse(path).getroot()
    out = []
    for d in root.iter("doc"):
        doc = d.get("id")
        base = f"{set_name}/{doc}"
        src_el = d.find("src")
        src_text, src_segs = _text(src_el, segs_per_para)
        rec = {
            "set": set_name,
            "doc": doc,
            "src": {"id": f"{base}/src", "language": src_el.get("lang"), "text": src_text, "kind": "src",
                    "name": "src", "segs": src_segs},
            "renderings": [],
        }
        for el in d:
            if el.tag not in ("ref", "hyp"):
                continue
            name = el.get("translator") if el.tag == "ref" else el.get("system")
            text, segs = _text(el, segs_per_para)
            if not text.strip():
                continue
            rec["renderings"].append({"id": f"{base}/{el.tag}-{name}", "language": el.get("lang"), "text": text,
                                      "kind": el.tag, "name": name, "segs": segs})
        out.append(rec)
    return out


def load_bbc_records(datasets: str | None, limit: int | None) -> list[dict]:
    path = datasets_dir(datasets) / "bbc" / "bbc-news.jsonl"
    need(path, "BBC data set")
    with path.open(encoding="utf-8") as f:
        arts = [json.loads(line) for line in f if line.strip()]
    if limit is not None:
        arts = arts[:limit]
    return [{"id": a["id"] if a["id"].startswith("bbc/") else f"bbc/{a['id']}", "title": a["title"], "text": a["text"], "language": "en"} for a in arts]


# --- scanning -----------------------------------------------------------------------


def scan(records: list[dict], label: str, quiet: bool = False) -> dict:
    """Scan records into a fresh index with ``Config()``; the report and timing."""
    import retold

    with tempfile.TemporaryDirectory(prefix="retold-wmt-") as work:
        data = write_jsonl(
            ({"id": r["id"], "text": r["text"], "language": r["language"], **({"title": r["title"]} if r.get("title") else {})}
             for r in records),
            Path(work) / "corpus.jsonl",
        )
        load0 = os.getloadavg()
        t0, c0 = time.perf_counter(), time.process_time()
        last = [t0]

        def progress(done: int, total: int) -> None:
            if quiet:
                return
            now = time.perf_counter()
            if done == total or now - last[0] > 20:
                last[0] = now
                print(f"  [{label}] {done:,}/{total:,} documents, {now - t0:.0f} s", file=sys.stderr, flush=True)

        with retold.Index(Path(work) / "index.sqlite", retold.Config()) as idx:
            rep = idx.scan([data], progress=progress)
            wall = time.perf_counter() - t0
            cpu = time.process_time() - c0
            report = idx.report()
        load1 = os.getloadavg()
    return {
        "report": report, "added": rep.added, "skipped": rep.skipped, "problems": rep.problems[:20],
        "wall_s": wall, "cpu_s": cpu, "docs_per_s": rep.added / wall if wall else 0.0,
        "load_before": [round(x, 2) for x in load0], "load_after": [round(x, 2) for x in load1],
    }


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def why_missed(missed: list[tuple[str, str]], recs: dict[str, dict], n: int = 40, seed: int = 1) -> dict:
    """For a sample of missed true pairs: would ``retold.compare`` link them?

    Linked by ``compare`` means verification would have linked the pair had
    it been a candidate (candidate generation missed it); not linked means
    the aligner/relation rules reject it even when asked.
    """
    import retold
    from retold._index import make_similarity
    from retold._models import RawDocument

    if not missed:
        return {}
    sample = random.Random(seed).sample(missed, min(n, len(missed)))
    config = retold.Config()
    sim = make_similarity(config)
    out = Counter()
    examples = []
    for a, b in sample:
        ra, rb = recs[a], recs[b]
        p = retold.compare(RawDocument(id=a, text=ra["text"], language=ra["language"]),
                           RawDocument(id=b, text=rb["text"], language=rb["language"]), config=config, similarity=sim)
        verdict = "compare links it (a candidate miss)" if p.relation in COPY else f"compare: {p.relation}"
        out[verdict] += 1
        if len(examples) < 8:
            examples.append({"a": a, "b": b, "relation": p.relation, "score": round(p.score, 3),
                             "coverage": [round(p.coverage_a, 2), round(p.coverage_b, 2)],
                             "longest_run": p.evidence.get("longest_run")})
    return {"sampled": len(sample), "of": len(missed), "verdicts": dict(out), "examples": examples}


# --- section en: English renderings + BBC -------------------------------------------


def section_en(args) -> dict:
    docs = []
    for s in EN_SETS:
        p = wmt_path(args.datasets, s)
        need(p, f"WMT21 {s}")
        d = read_wmt(p, s, args.segs_per_para)
        if args.limit_docs is not None:
            d = d[: args.limit_docs]
        docs.extend(d)
    bbc = load_bbc_records(args.datasets, args.bbc) if args.bbc != 0 else []
    group: dict[str, str] = {}
    kind: dict[str, str] = {}
    set_of: dict[str, str] = {}
    records = []
    for d in docs:
        for r in d["renderings"]:
            group[r["id"]] = f"{d['set']}/{d['doc']}"
            kind[r["id"]] = r["kind"]
            set_of[r["id"]] = d["set"]
            records.append(r)
    records.extend(bbc)
    if not args.quiet:
        print(f"en: {len(records) - len(bbc):,} renderings of {len(docs)} docs + {len(bbc):,} BBC articles", file=sys.stderr)
    res = scan(records, "en", args.quiet)
    rep = res["report"]
    linked: dict[tuple[str, str], str] = {}
    for p in rep["pairs"]:
        linked[(p["a"], p["b"])] = p["relation"]
    rend_ids = sorted(group)
    # pairwise counts over all pairs of renderings
    by_set = defaultdict(lambda: Counter())
    by_kind = defaultdict(lambda: Counter())
    rel_true = Counter()
    missed_per_doc = Counter()
    missed_pairs: list[tuple[str, str]] = []
    true_per_doc = Counter()
    for a, b in combinations(rend_ids, 2):
        key = (a, b) if a < b else (b, a)
        rel = linked.get(key)
        pred = rel in COPY
        same = group[a] == group[b]
        if not same and not pred:
            continue
        s = set_of[a] if same else "cross-doc"
        k = "-".join(sorted((kind[a], kind[b]))) if same else "cross-doc"
        if same:
            true_per_doc[group[a]] += 1
            if pred:
                by_set[s]["tp"] += 1
                by_kind[k]["tp"] += 1
                rel_true[rel] += 1
            else:
                by_set[s]["fn"] += 1
                by_kind[k]["fn"] += 1
                missed_per_doc[group[a]] += 1
                missed_pairs.append((a, b))
        else:
            by_set[set_of[a]]["fp"] += 1
            by_kind["cross-doc"]["fp"] += 1
    tot = Counter()
    for c in by_set.values():
        tot.update(c)
    # links to or between distractors, and "related" links
    to_bbc, bbc_bbc, related_rend = [], Counter(), Counter()
    cross_doc = []
    for p in rep["pairs"]:
        a, b, rel = p["a"], p["b"], p["relation"]
        ra, rb = a in group, b in group
        if ra and rb:
            if rel == "related":
                related_rend["same doc" if group[a] == group[b] else "cross-doc"] += 1
            elif group[a] != group[b]:
                cross_doc.append({"a": a, "b": b, "relation": rel, "score": p["score"]})
        elif ra or rb:
            to_bbc.append({"a": a, "b": b, "relation": rel, "score": p["score"]})
        else:
            bbc_bbc[rel] += 1
    # story view: how many stories each doc's renderings fall into
    story_of = {}
    for st in rep["stories"]:
        for m in st["documents"]:
            story_of[m] = st["id"]
    pieces = {}
    for g in sorted(set(group.values())):
        members = [r for r in rend_ids if group[r] == g]
        pieces[g] = len({story_of.get(m, m) for m in members})
    mixed_stories = 0
    for st in rep["stories"]:
        gs = {group.get(m, "bbc" if m.startswith("bbc/") else m) for m in st["documents"]}
        mixed_stories += len(gs) > 1
    worst = sorted(((missed_per_doc[g] / true_per_doc[g], g) for g in true_per_doc if missed_per_doc[g]), reverse=True)[:15]
    recs = {r["id"]: r for r in records}
    out = {
        "why_missed": why_missed(missed_pairs, recs, args.explain),
        "renderings": len(rend_ids), "docs": len(docs), "bbc": len(bbc), "scan": {k: v for k, v in res.items() if k != "report"},
        "total": dict(tot), "by_set": {k: dict(v) for k, v in by_set.items()}, "by_kind": {k: dict(v) for k, v in by_kind.items()},
        "relations_of_true_links": dict(rel_true), "links_to_bbc": to_bbc, "bbc_bbc_links": dict(bbc_bbc),
        "cross_doc_links": cross_doc, "related_between_renderings": dict(related_rend),
        "stories_per_doc": dict(Counter(pieces.values())), "stories_mixing_groups": mixed_stories,
        "worst_docs": [{"doc": g, "missed_share": round(x, 3), "true_pairs": true_per_doc[g],
                        "renderings": sum(1 for r in rend_ids if group[r] == g)} for x, g in worst],
    }
    return out


def print_en(r: dict) -> None:
    s = r["scan"]
    print(f"### English renderings of is-en and ja-en + {r['bbc']:,} BBC distractors\n")
    print(f"{r['renderings']:,} renderings of {r['docs']} docs; scan of {s['added']:,} documents in {s['wall_s']:.0f} s "
          f"({s['docs_per_s']:.1f} documents/s, CPU {s['cpu_s']:.0f} s; load average before {s['load_before']}, "
          f"after {s['load_after']}); {s['skipped']} skipped\n")
    rows = []
    for name, c in [("all", r["total"])] + sorted(r["by_set"].items()):
        p, rec, f = prf(c.get("tp", 0), c.get("fp", 0), c.get("fn", 0))
        rows.append([name, c.get("tp", 0) + c.get("fn", 0), c.get("tp", 0), c.get("fp", 0), c.get("fn", 0), p, rec, f])
    print(table(["pairs of renderings", "true pairs", "TP", "FP (cross-doc)", "FN", "precision", "recall", "F1"], rows))
    print()
    rows = []
    for name, c in sorted(r["by_kind"].items()):
        if name == "cross-doc":
            continue
        tp, fn = c.get("tp", 0), c.get("fn", 0)
        rows.append([name, tp + fn, tp, fn, tp / (tp + fn) if tp + fn else float("nan")])
    print(table(["kind", "true pairs", "linked", "missed", "recall"], rows))
    print()
    print(f"Relations of the true links: {r['relations_of_true_links']}; 'related' links between renderings: "
          f"{r['related_between_renderings']}")
    print(f"Copy links across docs: {len(r['cross_doc_links'])}; links from a rendering to a BBC article: "
          f"{len(r['links_to_bbc'])} ({dict(Counter(x['relation'] for x in r['links_to_bbc']))}); "
          f"links among BBC articles: {r['bbc_bbc_links']}")
    print(f"Stories per doc (renderings of one doc split over k stories): {r['stories_per_doc']}; "
          f"stories mixing docs or BBC: {r['stories_mixing_groups']}\n")
    for x in r["cross_doc_links"][:15]:
        print(f"- cross-doc {x['relation']} {x['score']:.3f}: {x['a']} ~ {x['b']}")
    for x in r["links_to_bbc"][:15]:
        print(f"- to BBC {x['relation']} {x['score']:.3f}: {x['a']} ~ {x['b']}")
    if r.get("why_missed"):
        w = r["why_missed"]
        print(f"Missed pairs, a sample of {w['sampled']} of {w['of']} re-run through retold.compare: {w['verdicts']}")
        for x in w["examples"]:
            print(f"- {x['a']} ~ {x['b']}: {x['relation']}, score {x['score']}, coverage {x['coverage']}, longest run {x['longest_run']}")
    if r["worst_docs"]:
        print("\nDocs with the most missed pairs:\n")
        print(table(["doc", "renderings", "true pairs", "share missed"],
                    [[w["doc"], w["renderings"], w["true_pairs"], w["missed_share"]] for w in r["worst_docs"]]))
    print()


# --- section xl: source article and its translations --------------------------------


def section_xl(args, set_name: str) -> dict:
    p = wmt_path(args.datasets, set_name)
    need(p, f"WMT21 {set_name}")
    docs = read_wmt(p, set_name, args.segs_per_para)
    if args.limit_docs is not None:
        docs = docs[: args.limit_docs]
    group, role = {}, {}
    records = []
    for d in docs:
        g = f"{set_name}/{d['doc']}"
        group[d["src"]["id"]] = g
        role[d["src"]["id"]] = "src"
        records.append(d["src"])
        for r in d["renderings"]:
            group[r["id"]] = g
            role[r["id"]] = r["kind"]
            records.append(r)
    if not args.quiet:
        print(f"{set_name}: {len(docs)} sources + {len(records) - len(docs):,} renderings", file=sys.stderr)
    res = scan(records, set_name, args.quiet)
    rep = res["report"]
    linked = {(q["a"], q["b"]): q for q in rep["pairs"]}

    def rel_of(a: str, b: str):
        q = linked.get((a, b) if a < b else (b, a))
        return q["relation"] if q else None

    srcs = [i for i in group if role[i] == "src"]
    rends = [i for i in group if role[i] != "src"]
    c = Counter()
    rel_counts = Counter()
    missed = []
    by_role = defaultdict(Counter)
    for s in srcs:
        for t in rends:
            rel = rel_of(s, t)
            same = group[s] == group[t]
            if same:
                rel_counts[rel or "none"] += 1
                by_role[role[t]]["true"] += 1
                if rel == "translation":
                    c["tp_translation"] += 1
                    by_role[role[t]]["translation"] += 1
                if rel in COPY:
                    c["tp_copy"] += 1
                else:
                    c["fn_copy"] += 1
                    missed.append((s, t))
            elif rel is not None:
                c["fp_" + ("copy" if rel in COPY else "related")] += 1
    true_xl = sum(v["true"] for v in by_role.values())
    # same-language pairs among renderings
    sl = Counter()
    for a, b in combinations(sorted(rends), 2):
        rel = rel_of(a, b)
        same = group[a] == group[b]
        if same:
            sl["tp" if rel in COPY else "fn"] += 1
        elif rel in COPY:
            sl["fp"] += 1
    # per source: is it linked to at least one / all of its renderings
    per_src = Counter()
    for s in srcs:
        mine = [t for t in rends if group[t] == group[s]]
        k = sum(1 for t in mine if rel_of(s, t) in COPY)
        per_src["all" if k == len(mine) else "some" if k else "none"] += 1
    return {
        "set": set_name, "docs": len(docs), "renderings": len(rends), "scan": {k: v for k, v in res.items() if k != "report"},
        "true_cross": true_xl, "counts": dict(c), "relations_of_true_pairs": dict(rel_counts),
        "by_role": {k: dict(v) for k, v in by_role.items()}, "same_language": dict(sl), "per_source": dict(per_src),
        "why_missed": why_missed(missed, {r["id"]: r for r in records}, args.explain),
    }


def print_xl(r: dict) -> None:
    s = r["scan"]
    c = r["counts"]
    print(f"### {r['set']}: {r['docs']} source articles and their {r['renderings']:,} translations\n")
    print(f"Scan of {s['added']:,} documents in {s['wall_s']:.0f} s ({s['docs_per_s']:.1f} documents/s; load average "
          f"before {s['load_before']}, after {s['load_after']})\n")
    tp_t, tp_c = c.get("tp_translation", 0), c.get("tp_copy", 0)
    fp = c.get("fp_copy", 0)
    fp_rel = c.get("fp_related", 0)
    true = r["true_cross"]
    rows = [
        ["relation translation", tp_t, true, tp_t / true if true else float("nan"), fp, tp_c / (tp_c + fp) if tp_c + fp else 1.0],
        ["any copy relation", tp_c, true, tp_c / true if true else float("nan"), fp, tp_c / (tp_c + fp) if tp_c + fp else 1.0],
    ]
    print(table(["source-translation links", "found", "true pairs", "recall", "cross-doc copy links", "precision"], rows))
    print()
    print(f"Relations given to the true pairs: {r['relations_of_true_pairs']}; cross-doc 'related' links: {fp_rel}")
    rows = [[k, v.get("true", 0), v.get("translation", 0), v.get("translation", 0) / v["true"] if v.get("true") else float("nan")]
            for k, v in sorted(r["by_role"].items())]
    print()
    print(table(["rendering kind", "true pairs", "linked as translation", "recall"], rows))
    print()
    sl = r["same_language"]
    p, rec, f = prf(sl.get("tp", 0), sl.get("fp", 0), sl.get("fn", 0))
    print(f"Sources linked to all / some / none of their translations: {r['per_source']}. Same-language pairs among "
          f"the translations: precision {p:.3f}, recall {rec:.3f}, F1 {f:.3f} ({sl})\n")
    if r.get("why_missed"):
        w = r["why_missed"]
        print(f"Missed source-translation pairs, a sample of {w['sampled']} of {w['of']} re-run through retold.compare: "
              f"{w['verdicts']}\n")
        for x in w["examples"]:
            print(f"- {x['a']} ~ {x['b']}: {x['relation']}, score {x['score']}, coverage {x['coverage']}, "
                  f"longest run {x['longest_run']}")
        print()


# --- section seg: segment-aligned similarity -------------------------------------------


def section_seg(args) -> dict:
    import numpy as np

    from retold._semantic import SemanticSimilarity
    from retold._similarity import lexical_features, lexical_matrices

    sim = SemanticSimilarity("use")
    rng = random.Random(1)
    out = {}
    for set_name in XL_SETS + EN_SETS:
        p = wmt_path(args.datasets, set_name)
        need(p, f"WMT21 {set_name}")
        docs = read_wmt(p, set_name)
        if args.limit_docs is not None:
            docs = docs[: args.limit_docs]
        src, ref = [], []
        for d in docs:
            refs = [r for r in d["renderings"] if r["kind"] == "ref"]
            if not refs:
                continue
            for a, b in zip(d["src"]["segs"], refs[0]["segs"]):
                if a and b:
                    src.append(a)
                    ref.append(b)
        shuf = list(ref)
        rng.shuffle(shuf)
        ea = sim.embed(src)
        eb = sim.embed(ref)
        es = sim.embed(shuf)
        cos_true = np.sum(ea * eb, axis=1)
        cos_shuf = np.sum(ea * es, axis=1)

        def lex(xs, ys):
            # the lexical cosine of each segment pair, through retold's own feature code
            fa = lexical_features([_bag(x) for x in xs])
            fb = lexical_features([_bag(y) for y in ys])
            m = lexical_matrices(fa, fb)
            return np.diag(m.sim) if m.sim.size else np.zeros(0)

        lt, ls = lex(src, ref), lex(src, shuf)
        st = np.maximum(lt, sim.rescale(cos_true))
        ss = np.maximum(ls, sim.rescale(cos_shuf))
        thr = sim.threshold
        out[set_name] = {
            "segments": len(src), "cos_mean": float(cos_true.mean()), "cos_shuffled_mean": float(cos_shuf.mean()),
            "share_aligned": float((st >= thr).mean()), "share_aligned_shuffled": float((ss >= thr).mean()),
            "share_encoder_alone": float((sim.rescale(cos_true) >= thr).mean()),
            "lexical_mean": float(lt.mean()),
        }
    return out


def _bag(text: str):
    """A sentence's weighted-term bag, as retold's lexical similarity builds it."""
    from retold._models import Document
    from retold._similarity import sentence_bags

    d = Document(id="x", text=text, sentences=[(0, len(text))])
    return sentence_bags(d)[0]


def print_seg(r: dict) -> None:
    print("### Segment-aligned similarity (source segment vs its reference translation)\n")
    rows = [[k, v["segments"], v["cos_mean"], v["cos_shuffled_mean"], v["lexical_mean"], v["share_encoder_alone"],
             v["share_aligned"], v["share_aligned_shuffled"]] for k, v in r.items()]
    print(table(["set", "segments", "mean cosine", "mean cosine, shuffled", "mean lexical", "share >= 0.5 (encoder)",
                 "share >= 0.5 (aligner sim)", "same, shuffled"], rows))
    print()


# --- main ---------------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sections", default="en,xl,seg", help="comma-separated: en, xl, seg")
    ap.add_argument("--limit-docs", type=int, default=None, help="first N docs of each WMT set (quick runs)")
    ap.add_argument("--bbc", type=int, default=None, help="BBC distractors for section en (default all; 0 for none)")
    ap.add_argument("--segs-per-para", type=int, default=1, help="segments per paragraph in a rendering's text")
    ap.add_argument("--xl-sets", default=",".join(XL_SETS))
    ap.add_argument("--datasets", default=None)
    ap.add_argument("--explain", type=int, default=40, help="missed pairs re-run through retold.compare (0: none)")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--out", default="eval_wmt.json", help="file name under benchmarks/out/")
    args = ap.parse_args(argv)
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    result: dict = {"machine": machine(), "rev": git_rev(), "args": vars(args)}
    print(f"## WMT21 ({result['machine']}, rev {result['rev']})\n")
    if "seg" in sections:
        result["seg"] = section_seg(args)
        print_seg(result["seg"])
        save_json(args.out, result)
    if "xl" in sections:
        result["xl"] = {}
        for s in [x.strip() for x in args.xl_sets.split(",") if x.strip()]:
            result["xl"][s] = section_xl(args, s)
            print_xl(result["xl"][s])
            save_json(args.out, result)
    if "en" in sections:
        result["en"] = section_en(args)
        print_en(result["en"])
    save_json(args.out, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
