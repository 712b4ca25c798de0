#!/usr/bin/env python
"""Precision and recall of retold's copy links on BBC News plus generated copies.

    .venv/bin/python benchmarks/bench_links.py [--per-kind 100] [--seed 1]
        [--encoder NAME] [--datasets DIR] [--keep DIR]

Corpus: all 2,225 BBC articles plus ``--per-kind`` generated copies of each
kind (``benchmarks/generate.py``), each kind from distinct random sources.
Sources (``--sources independent``, the default) are drawn from the 1,681
BBC articles that share no running text with any other (word 5-gram
containment under 0.1, :func:`generate.independent_articles`): the BBC set
reuses its own text (updated stories, background paragraphs), and a copy
of an article that shares paragraphs with a second one really does share
them with the second one too, so only with such sources is a link from a
copy to anything outside its family known to be false. ``--sources any``
draws from all articles.
One ``Index.scan`` over it (``Config(encoder=None)``: lexical similarity, encoder
off; ``--encoder default`` uses ``Config()`` as shipped), then ``Index.report()`` (the JSON contract) is scored:

* a predicted *copy link* is a pair whose relation is duplicate, excerpt,
  rewrite or translation;
* it is true when both ends are of one *family*: an article, its generated
  copies, and the BBC's own exact duplicates (articles whose
  whitespace-normalised text is identical) of that article;
* **precision on generated copies** (the issue's measure): over the copy
  links with at least one generated copy at an end; links between two BBC
  articles are reported apart, classed by an independent measure (word
  5-gram containment, same headline), since the truth about them is not
  known;
* recall per kind: copies with a copy link to their source (or to a BBC
  exact duplicate of it); the relation found for that link is tabulated
  against the relation we expect for the kind;
* the BBC's 136 exact-duplicate pairs: found, and labelled duplicate?
* the BBC's 29 headline groups (same title, different text): every pair in
  each group with retold's relation and coverage, for a human to examine.

Prints Markdown; writes benchmarks/out/links.json.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import encoder_label, git_rev, machine, make_config, save_json, table, write_jsonl  # noqa: E402
from generate import KINDS, generate_corpus, independent_articles, load_bbc, normalised, paragraphs  # noqa: E402

COPY = {"duplicate", "excerpt", "rewrite", "translation"}
EXPECTED = {
    "verbatim": {"duplicate"},
    "boilerplate": {"duplicate"},
    "excerpt": {"excerpt"},
    "shuffled": {"duplicate", "rewrite"},
    "synonyms-light": {"rewrite"},
    "synonyms-heavy": {"rewrite"},
    "edited": {"excerpt"},
}


def bbc_groups(articles):
    """(exact-duplicate pairs, family of each article id, headline groups with differing text)."""
    by_text = defaultdict(list)
    for a in articles:
        by_text[normalised(a["text"])].append(a["id"])
    family = {}
    dup_pairs = []
    for ids in by_text.values():
        ids = sorted(ids)
        for i in ids:
            family[i] = ids[0]
        dup_pairs.extend(itertools.combinations(ids, 2))
    by_title = defaultdict(list)
    for a in articles:
        by_title[a["title"].strip()].append(a)
    headline = [sorted(g, key=lambda a: a["id"]) for g in by_title.values()
                if len(g) > 1 and len({normalised(a["text"]) for a in g}) > 1]
    headline.sort(key=lambda g: g[0]["id"])
    return dup_pairs, family, headline


def containment(x: str, y: str) -> float:
    def sh(t):
        w = re.findall(r"\w+", t.lower())
        return {" ".join(w[i : i + 5]) for i in range(max(1, len(w) - 4))}

    a, b = sh(x), sh(y)
    return len(a & b) / max(1, min(len(a), len(b)))


def excerpt_sentences(article: dict, detail: dict) -> int:
    from retold._text import sentence_spans

    s, e = detail["paragraphs"]
    return len(sentence_spans("\n".join(paragraphs(article["text"])[s:e])))


def run(per_kind: int = 100, seed: int = 1, encoder: str | None = None, datasets: str | None = None,
        keep: str | None = None, quiet: bool = False, rescore: bool = False, sources: str = "independent") -> dict:
    import retold

    articles = load_bbc(datasets)
    pool = independent_articles(articles) if sources == "independent" else None
    corpus = generate_corpus(per_kind, KINDS, seed, articles=articles, source_pool=pool)
    dup_pairs, family, headline = bbc_groups(articles)
    truth = {t["id"]: t for t in corpus.truth}
    for t in corpus.truth:
        family[t["id"]] = family[t["source_id"]]
    headline_of = {a["id"]: i for i, g in enumerate(headline) for a in g}

    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="retold-links-"))
    data = write_jsonl(corpus.records(), work / "corpus.jsonl")
    config = make_config(encoder)
    t0 = time.perf_counter()
    reuse = rescore and (work / "index.sqlite").exists()
    with retold.Index(work / "index.sqlite", config=config) as idx:
        rep = idx.scan([data]) if not reuse else None
        scan_s = time.perf_counter() - t0 if not reuse else float("nan")
        contract = idx.report()
    pairs = contract["pairs"]
    n_docs = len(contract["documents"])
    by_pair = {(p["a"], p["b"]): p for p in pairs}

    def get(x, y):
        return by_pair.get((x, y)) or by_pair.get((y, x))

    art = {a["id"]: a for a in articles}
    text_of = {r["id"]: r["text"] for r in corpus.records()}

    # --- precision ------------------------------------------------------------
    predicted = [p for p in pairs if p["relation"] in COPY]
    fps = [p for p in predicted if family.get(p["a"]) != family.get(p["b"])]
    def kind_of(i):
        return "copy" if i in truth else "bbc"
    prec_rows = []
    by_type = defaultdict(lambda: [0, 0])
    for p in predicted:
        t = "-".join(sorted((kind_of(p["a"]), kind_of(p["b"]))))
        by_type[t][0] += 1
        by_type[t][1] += family.get(p["a"]) == family.get(p["b"])
    for t, (n, ok) in sorted(by_type.items()):
        prec_rows.append([t, n, ok, ok / n if n else float("nan")])
    precision = (len(predicted) - len(fps)) / len(predicted) if predicted else float("nan")
    # the measure: links that involve a generated copy, whose truth is known
    on_copies = [p for p in predicted if p["a"] in truth or p["b"] in truth]
    fp_copies = [p for p in on_copies if family.get(p["a"]) != family.get(p["b"])]
    precision_copies = (len(on_copies) - len(fp_copies)) / len(on_copies) if on_copies else float("nan")
    rel_counts = Counter(p["relation"] for p in pairs)
    fp_rel = Counter(p["relation"] for p in fps)
    fp_headline = sum(1 for p in fps if p["a"] in headline_of and headline_of.get(p["a"]) == headline_of.get(p["b"]))

    def fam_of_source(src):
        return [i for i, f in family.items() if f == family[src] and i not in truth]

    # --- recall per kind -----------------------------------------------------------
    recall_rows = []
    labels = {}
    missed = defaultdict(list)
    by_size = defaultdict(lambda: [0, 0])  # excerpt sentences -> [copies, found]
    for kind in KINDS:
        ts = [t for t in corpus.truth if t["kind"] == kind]
        found = 0
        any_link = 0
        lab = Counter()
        for t in ts:
            best = None
            for s in fam_of_source(t["source_id"]):
                p = get(t["id"], s)
                if p and (best is None or (p["relation"] in COPY) > (best["relation"] in COPY)):
                    best = p
            rel = best["relation"] if best else None
            lab[rel or "none"] += 1
            if rel in COPY:
                found += 1
            else:
                missed[kind].append({"id": t["id"], "source": t["source_id"], "relation": rel,
                                     "coverage": [best["coverage_a"], best["coverage_b"]] if best else None,
                                     "detail": t["detail"]})
            if best:
                any_link += 1
            if kind == "excerpt":
                n = excerpt_sentences(art[t["source_id"]], t["detail"])
                b = "1" if n == 1 else "2" if n == 2 else "3-5" if n <= 5 else "6+"
                by_size[b][0] += 1
                by_size[b][1] += rel in COPY
        labels[kind] = dict(lab)
        right = sum(lab[r] for r in EXPECTED[kind])
        recall_rows.append([kind, len(ts), found, found / len(ts), any_link / len(ts),
                            right / len(ts), " ".join(f"{k}:{v}" for k, v in lab.most_common())])
    # copy <-> copy links of one source (families across kinds)
    sib = defaultdict(list)
    for t in corpus.truth:
        sib[t["source_id"]].append(t["id"])
    sib_pairs = [(x, y) for ids in sib.values() for x, y in itertools.combinations(sorted(ids), 2)]
    sib_found = sum(1 for x, y in sib_pairs if (get(x, y) or {}).get("relation") in COPY)
    sib_kinds = Counter()
    sib_kinds_found = Counter()
    for x, y in sib_pairs:
        k = " + ".join(sorted((truth[x]["kind"], truth[y]["kind"])))
        sib_kinds[k] += 1
        sib_kinds_found[k] += (get(x, y) or {}).get("relation") in COPY

    # --- BBC exact duplicates ------------------------------------------------------------
    dup_rel = Counter()
    dup_missed = []
    for x, y in dup_pairs:
        p = get(x, y)
        dup_rel[p["relation"] if p else "none"] += 1
        if not p or p["relation"] != "duplicate":
            dup_missed.append([x, y, p["relation"] if p else None])

    # --- false positives, examined with an independent measure ------------------------
    # word 5-gram containment (|A&B| / min(|A|, |B|), plain Python): >= 0.5 means the
    # two texts really share most of one of them (the BBC re-ran or cut a story);
    # below 0.05 they share no running text at all.
    fp_rows = []
    fp_class = Counter()
    for p in fps:
        c = containment(text_of[p["a"]], text_of[p["b"]])
        same_head = p["a"] in headline_of and headline_of.get(p["a"]) == headline_of.get(p["b"])
        if not same_head:
            # a copy counts by its source's headline group
            ha = headline_of.get(truth[p["a"]]["source_id"] if p["a"] in truth else p["a"])
            hb = headline_of.get(truth[p["b"]]["source_id"] if p["b"] in truth else p["b"])
            same_head = ha is not None and ha == hb
        cls = ("same headline group" if same_head else "text reuse >= 0.5" if c >= 0.5
               else "partial reuse 0.2-0.5" if c >= 0.2 else "little shared text 0.05-0.2" if c >= 0.05
               else "no shared text < 0.05")
        fp_class[(p["relation"], cls)] += 1
        fp_rows.append({"a": p["a"], "b": p["b"], "relation": p["relation"], "score": round(p["score"], 3),
                        "coverage_a": round(p["coverage_a"], 3), "coverage_b": round(p["coverage_b"], 3),
                        "containment": round(c, 3), "class": cls})
    plausible = sum(1 for f in fp_rows if f["class"] in ("same headline group", "text reuse >= 0.5"))
    precision_adj = (len(predicted) - len(fps) + plausible) / len(predicted) if predicted else float("nan")

    # --- cleaning: furniture left in, article text taken out ------------------------------
    with retold.Index(work / "index.sqlite", config=config) as idx:
        cleaned = {d.id: d for d in idx.documents()}
    left = Counter()
    by_type = defaultdict(lambda: [0, 0])  # furniture type -> [inserted, left in]
    for t in corpus.truth:
        if t["kind"] not in ("boilerplate", "excerpt"):
            continue
        kept = {normalised(x) for x in cleaned[t["id"]].text.split("\n")} if t["id"] in cleaned else set()
        items = t["detail"]["inserted"] if t["kind"] == "boilerplate" else [["read-more", t["detail"]["read_more"]]]
        for typ, line in items:
            n = normalised(line)
            by_type[typ][0] += 1
            if n in kept:
                by_type[typ][1] += 1
                left[(typ, re.sub(r"[A-Z][a-z]+", "X", n)[:70])] += 1
    inserted_total = sum(v[0] for v in by_type.values())
    inserted_left = sum(v[1] for v in by_type.values())
    article_removed = Counter()
    article_removed_lines = []
    for a in articles:
        d = cleaned.get(a["id"])
        if d is None:
            article_removed["(whole document skipped)"] += 1
            continue
        for r in d.removed:
            article_removed[r.reason.split(" (")[0]] += 1
            if len(article_removed_lines) < 15:
                article_removed_lines.append([a["id"], r.reason, r.text[:90]])

    # --- headline groups -----------------------------------------------------------------
    head_rows = []
    for gi, g in enumerate(headline):
        for x, y in itertools.combinations([a["id"] for a in g], 2):
            p = get(x, y)
            ident = normalised(art[x]["text"]) == normalised(art[y]["text"])
            head_rows.append([gi + 1, g[0]["title"][:40], x, y, len(art[x]["text"]), len(art[y]["text"]),
                              "identical" if ident else (p["relation"] if p else "none"),
                              p["coverage_a"] if p and p["a"] == x else (p["coverage_b"] if p else 0.0),
                              p["coverage_b"] if p and p["a"] == x else (p["coverage_a"] if p else 0.0),
                              p["score"] if p else 0.0])

    res = {
        "machine": machine(), "rev": git_rev(), "per_kind": per_kind, "seed": seed, "encoder": encoder_label(encoder),
        "docs": n_docs, "scan_seconds": scan_s, "articles_per_s": n_docs / scan_s,
        "skipped": rep.skipped if rep else None, "problems": rep.problems[:20] if rep else None, "relations": dict(rel_counts),
        "sources": sources, "source_pool": len({t["source_id"] for t in corpus.truth}),
        "predicted_copy_links": len(predicted), "false_positives": len(fps), "precision": precision,
        "copy_links_on_copies": len(on_copies), "false_on_copies": len(fp_copies), "precision_on_copies": precision_copies,
        "false_on_copies_list": [{"a": p["a"], "b": p["b"], "relation": p["relation"], "score": round(p["score"], 3),
                                  "coverage_a": round(p["coverage_a"], 3), "coverage_b": round(p["coverage_b"], 3)}
                                 for p in fp_copies],
        "fp_relations": dict(fp_rel), "fp_same_headline_group": fp_headline,
        "fp_classes": [[rel, cls, n] for (rel, cls), n in sorted(fp_class.items())],
        "precision_plausible": precision_adj,
        "excerpt_recall_by_sentences": {k: v for k, v in sorted(by_size.items())},
        "cleaning": {"boilerplate_lines_inserted": inserted_total, "boilerplate_lines_left": inserted_left,
                     "by_type": {k: v for k, v in sorted(by_type.items())},
                     "left_patterns": [[typ, pat, n] for (typ, pat), n in left.most_common(25)], "bbc_lines_removed": dict(article_removed),
                     "bbc_lines_removed_examples": article_removed_lines},
        "precision_by_type": prec_rows,
        "recall": recall_rows, "labels": labels, "missed": {k: v[:20] for k, v in missed.items()},
        "sibling_pairs": len(sib_pairs), "sibling_found": sib_found,
        "sibling_by_kinds": {k: [sib_kinds[k], sib_kinds_found[k]] for k in sib_kinds},
        "bbc_duplicates": {"pairs": len(dup_pairs), "relations": dict(dup_rel), "not_duplicate": dup_missed},
        "headline_groups": head_rows,
        "false_positive_list": sorted(fp_rows, key=lambda f: (f["containment"], -f["score"])),
    }
    if not quiet:
        print_report(res)
    save_json("links.json", res)
    return res


def print_report(r: dict) -> None:
    print(f"## Copy links: BBC + {r['per_kind']} copies per kind (seed {r['seed']}, encoder {r['encoder']})\n")
    print(f"{r['docs']:,} documents scanned in {r['scan_seconds']:.1f} s ({r['articles_per_s']:.1f} articles/s); "
          f"{sum(r['relations'].values()):,} pairs: " + ", ".join(f"{k} {v:,}" for k, v in sorted(r["relations"].items())))
    if r.get("skipped"):
        print(f"\n{r['skipped']} documents skipped: {r['problems'][:5]}")
    print(f"\n### Recall per kind (copy link to its source)\n")
    print(table(["kind", "copies", "copy link found", "recall", "any link (incl. related)", "label as expected", "relations found"],
                r["recall"]))
    print("\nExcerpt recall by the excerpt's length in sentences: " + ", ".join(
        f"{k}: {f}/{n}" for k, (n, f) in r["excerpt_recall_by_sentences"].items()))
    print(f"\nExpected labels: " + "; ".join(f"{k} -> {'/'.join(sorted(v))}" for k, v in EXPECTED.items()))
    print(f"\nCopies of one source, across kinds: {r['sibling_found']} of {r['sibling_pairs']} pairs linked as copies\n")
    if r["sibling_by_kinds"]:
        print(table(["kinds", "pairs", "linked"], [[k, n, f] for k, (n, f) in sorted(r["sibling_by_kinds"].items())]))
    print(f"\n### Precision\n")
    print(f"On generated copies (sources: {r['sources']}, {r['source_pool']} distinct): "
          f"{r['copy_links_on_copies']:,} copy links with a generated copy at an end, {r['false_on_copies']} false "
          f"-> **precision {r['precision_on_copies']:.4f}**\n")
    if r["false_on_copies_list"]:
        print(table(["a", "b", "relation", "score", "cov a", "cov b"],
                    [[f["a"], f["b"], f["relation"], f["score"], f["coverage_a"], f["coverage_b"]]
                     for f in r["false_on_copies_list"][:25]]))
        print()
    print(f"{r['predicted_copy_links']:,} predicted copy links, {r['false_positives']} false "
          f"-> precision {r['precision']:.4f}; false ones by relation: {r['fp_relations']}; "
          f"{r['fp_same_headline_group']} of them inside a BBC same-headline group")
    print(table(["pair type", "predicted", "true", "precision"], r["precision_by_type"]))
    print(f"\nThe false ones, by word 5-gram containment of the two texts (an independent check): "
          f"counting 'same headline group' and 'text reuse >= 0.5' as true, precision is {r['precision_plausible']:.4f}\n")
    print(table(["relation", "class", "pairs"], r["fp_classes"]))
    if r["false_positive_list"]:
        print("\nFirst false positives (least shared text first):")
        print(table(["a", "b", "relation", "score", "cov a", "cov b", "5-gram containment", "class"],
                    [[f["a"], f["b"], f["relation"], f["score"], f["coverage_a"], f["coverage_b"], f["containment"], f["class"]]
                     for f in r["false_positive_list"][:20]]))
    c = r["cleaning"]
    print(f"\n### Cleaning\n\nInserted furniture (boilerplate copies, and the read-more line of excerpts): "
          f"{c['boilerplate_lines_inserted']} lines, {c['boilerplate_lines_left']} left in the clean text\n")
    print(table(["type", "inserted", "left in", "removed share"],
                [[k, n, l, 1 - l / n if n else float("nan")] for k, (n, l) in c["by_type"].items()]))
    if c["left_patterns"]:
        print()
        print(table(["type", "line left in (capitalised words as X)", "times"], c["left_patterns"][:15]))
    print(f"\nBBC article lines removed by cleaning: {c['bbc_lines_removed'] or 'none'}")
    if c["bbc_lines_removed_examples"]:
        print(table(["article", "reason", "line"], c["bbc_lines_removed_examples"][:10]))
    d = r["bbc_duplicates"]
    print(f"\n### BBC exact duplicates\n\n{d['pairs']} pairs with identical normalised text; retold's relation: {d['relations']}")
    if d["not_duplicate"]:
        print("Not labelled duplicate:", d["not_duplicate"][:20])
    print(f"\n### BBC headline groups (same title, different text)\n")
    print(table(["group", "title", "a", "b", "chars a", "chars b", "relation", "cov a", "cov b", "score"],
                r["headline_groups"]))
    for k, v in r["missed"].items():
        if v:
            print(f"\nmissed {k} (first {min(5, len(v))}): " + "; ".join(
                f"{m['id']}<-{m['source']} {m['relation']} {m['detail']}" for m in v[:5]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-kind", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--encoder", default="none",
                    help="none (default: lexical similarity, encoder off), default (Config() as shipped) or an encoder name")
    ap.add_argument("--datasets", default=None)
    ap.add_argument("--keep", default=None, help="work folder to keep (corpus and index); default a temp folder")
    ap.add_argument("--rescore", action="store_true", help="with --keep: score the index already there, do not scan")
    ap.add_argument("--sources", choices=("independent", "any"), default="independent",
                    help="draw copy sources from BBC articles sharing no text with others (default) or from all")
    a = ap.parse_args(argv)
    run(a.per_kind, a.seed, a.encoder, a.datasets, a.keep, rescore=a.rescore, sources=a.sources)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
