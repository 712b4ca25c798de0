#!/usr/bin/env python
"""Generate copies of real news articles, with ground truth (benchmarks only).

    .venv/bin/python benchmarks/generate.py --out /tmp/gen [--per-kind 100]
        [--kinds verbatim,excerpt,...] [--seed 1] [--with-sources]

Reads the BBC News set from ``../shared/datasets/bbc/bbc-news.jsonl``
(relative to the repository root; ``--datasets`` or ``$RETOLD_DATASETS``
override it) and writes two files under ``--out`` (never inside the repo: the
articles are research-only and must not be committed):

``copies.jsonl``  one record a line: ``id``, ``title``, ``text``
``truth.jsonl``   one line per copy: ``id``, ``source_id``, ``kind``,
                  ``detail`` (what was done, e.g. the share of words swapped)

``--with-sources`` also writes ``sources.jsonl`` (the originals used), so the
two files together are a corpus ``retold scan`` can read.

Kinds of copy (``KINDS``):

verbatim        the same text; whitespace may differ (line breaks, CRLF,
                doubled spaces, trailing blanks)
excerpt         the first 30-60% of the paragraphs, or a contiguous middle
                block of that size, plus a "read more" line
shuffled        the paragraphs in another order
synonyms-light  about 15% of the content words swapped for a synonym
synonyms-heavy  40-50% of the content words swapped where the table allows
                (a content-farm spinner); the achieved share is in ``detail``
boilerplate     the verbatim text with page furniture inserted: newsletter
                prompts, photo captions with credits, "Read also:" lines,
                social-follow lines, ad markers, a publisher signature; every
                item is assembled from several independent parts so no one
                string repeats often
edited          one paragraph removed (at most 35% of the text, else a run of
                sentences) and one invented paragraph added

Everything is deterministic given ``seed``: each copy draws from its own
``random.Random`` seeded with a string of (seed, kind, index).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from synonyms import SYNONYMS  # noqa: E402

KINDS = ("verbatim", "excerpt", "shuffled", "synonyms-light", "synonyms-heavy", "boilerplate", "edited")


# --- data ---------------------------------------------------------------------


def datasets_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``../shared/datasets`` relative to the repo root, unless overridden."""
    if override:
        return Path(override)
    env = os.environ.get("RETOLD_DATASETS")
    if env:
        return Path(env)
    return (REPO / ".." / "shared" / "datasets").resolve()


def bbc_path(datasets: str | os.PathLike[str] | None = None) -> Path:
    return datasets_dir(datasets) / "bbc" / "bbc-news.jsonl"


def load_bbc(datasets: str | os.PathLike[str] | None = None) -> list[dict[str, str]]:
    """The 2,225 BBC articles (``id``, ``category``, ``title``, ``text``).

    Exits with a clear message when the data set is not there.
    """
    path = bbc_path(datasets)
    if not path.is_file():
        sys.exit(
            f"benchmarks: BBC data set not found at {path}\n"
            "  expected ../shared/datasets/bbc/bbc-news.jsonl next to the repository "
            "(or pass --datasets DIR / set RETOLD_DATASETS)"
        )
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def normalised(text: str) -> str:
    """Whitespace-normalised text (how the BBC's own duplicates are found)."""
    return " ".join(text.split())


# --- vocabularies for invented text -------------------------------------------
# Every piece of furniture is assembled from several of these lists, so a
# corpus of thousands of copies has hundreds of thousands of distinct
# strings, like a real crawl of many sites.

_FIRST = (
    "Anna Ben Carla David Elena Farid Grace Hugo Irene Jonas Kate Liam Maya Nadia Oscar Paula Rafael Sofia "
    "Tomas Una Victor Wendy Yusuf Zoe Aaron Bianca Connor Dmitri Esther Felix Greta Henrik Ines Jamal"
).split()
_LAST = (
    "Abbott Barros Chen Dalton Ekwueme Fischer Garcia Holm Ivanova Jensen Kowalski Lindqvist Moreau Novak "
    "Okafor Petrov Quinn Rossi Silva Tanaka Ulrich Varga Walsh Xu Yilmaz Zimmer Brennan Castillo Duarte"
).split()
_TOWN = (
    "Ashford Bellmoor Carrow Dunmere Eastwick Fairhaven Glenrock Harrowby Ironbridge Kestrel Lakeside "
    "Marlow Northgate Oakfield Pinehurst Queensbury Riverton Stonebridge Thornbury Westvale"
).split()
_PAPER = (
    "Times Post Herald Chronicle Gazette Courier Observer Dispatch Ledger Record Examiner Sentinel "
    "Tribune Mercury Journal Echo Bulletin Standard Express Monitor"
).split()
_DIGITAL = "Wire Daily Now Today Insider Report Digest Hub Live Press".split()


def _outlet(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        return f"The {rng.choice(_TOWN)} {rng.choice(_PAPER)}"
    if r < 0.8:
        return f"{rng.choice(_TOWN)} {rng.choice(_DIGITAL)}"
    return f"{rng.choice(_TOWN)}{rng.choice(['News', 'Wire', 'Post', 'Media'])}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _domain(outlet: str) -> str:
    tld = (".com", ".co.uk", ".net", ".news")[len(outlet) % 4]
    return re.sub(r"[^a-z]", "", outlet.lower().removeprefix("the ")) + tld


def _handle(outlet: str) -> str:
    return "@" + re.sub(r"[^A-Za-z]", "", outlet.removeprefix("The "))


# newsletter prompts -----------------------------------------------------------
_NL_NAME_A = "Morning Evening Weekend Daily Midday Breakfast Sunday Lunchtime".split()
_NL_NAME_B = "Briefing Digest Roundup Bulletin Update Edition Catch-up Wrap".split()
_NL_TOPIC = (
    "business", "politics", "sport", "tech", "entertainment", "money", "world", "local", "culture", "science",
)


def newsletter(rng: random.Random, outlet: str) -> str:
    name = f"{rng.choice(_NL_NAME_A)} {rng.choice(_NL_NAME_B)}"
    topic = rng.choice(_NL_TOPIC)
    forms = [
        f"Sign up for our free {name} to get the day's {topic} stories in your inbox.",
        f"Want more {topic} news? Subscribe to the {outlet} {name}.",
        f"Get the {name} from {outlet} - {topic} news delivered to your inbox every {rng.choice(['morning', 'evening', 'weekday', 'Friday'])}.",
        f"Subscribe to {outlet} for unlimited access to {topic} coverage. Already a subscriber? Log in.",
        f"Never miss a story: sign up to our {topic} newsletter, the {name}.",
        f"SIGN UP: the {name}, our {topic} newsletter, straight to your inbox.",
        f"Support independent journalism - become a member of {outlet} today.",
        f"Enjoying this {topic} coverage? Our {name} newsletter brings you more every {rng.choice(['week', 'day', 'weekend'])}.",
    ]
    return rng.choice(forms)


# photo captions ---------------------------------------------------------------
_CAP_WHO = (
    "Officials", "Shoppers", "Supporters", "Protesters", "Workers", "Visitors", "Fans", "Commuters", "Delegates",
    "Campaigners", "Investors", "Students", "Residents", "Journalists",
)
_CAP_DO = (
    "gather outside", "queue outside", "walk past", "wait near", "arrive at", "leave", "stand in front of",
    "crowd into", "look on at", "pose outside",
)
_CAP_WHERE = (
    "the headquarters", "the main entrance", "a polling station", "the stadium", "the city centre store",
    "parliament", "the conference hall", "the trading floor", "the courthouse", "the exhibition centre",
)
_CAP_WHEN = ("on Monday", "on Tuesday", "on Wednesday", "last week", "earlier this month", "in a file photo", "in 2004")
_AGENCIES = ("Getty Images", "Reuters", "AFP", "AP Photo", "PA", "EPA", "Shutterstock", "Alamy")


def caption(rng: random.Random, outlet: str) -> str:
    scene = f"{rng.choice(_CAP_WHO)} {rng.choice(_CAP_DO)} {rng.choice(_CAP_WHERE)} {rng.choice(_CAP_WHEN)}"
    who = _person(rng)
    agency = rng.choice(_AGENCIES)
    forms = [
        f"{scene}. (Photo: {who}/{agency})",
        f"Photo: {scene}. Credit: {who} / {agency}",
        f"{scene}. Photograph: {who}/{agency}",
        f"Image caption: {scene}",
        f"{scene}. {agency.upper().split()[0]}/{who}",
        f"Pictured: {scene.lower()[0]}{scene[1:]}. (Image: {outlet})",
        f"{scene}. Picture by {who} for {outlet}",
    ]
    return rng.choice(forms)


# "read also" lines --------------------------------------------------------------
def read_also(rng: random.Random, titles: list[str]) -> str:
    t = rng.choice(titles) if titles else "More stories from our newsroom"
    forms = [f"Read also: {t}", f"READ ALSO: {t}", f"Also read: {t}", f"See also: {t}", f"Related: {t}",
             f"More on this story: {t}", f"Read next: {t}", f"You may also like: {t}"]
    return rng.choice(forms)


# social lines --------------------------------------------------------------------
_NETS = ("Twitter", "Facebook", "Instagram", "LinkedIn", "YouTube", "TikTok", "Telegram", "WhatsApp")


def social(rng: random.Random, outlet: str) -> str:
    net, net2 = rng.sample(_NETS, 2)
    topic = rng.choice(_NL_TOPIC)
    forms = [
        f"Follow {outlet} on {net} for the latest {topic} news.",
        f"Follow us on {net} and {net2}.",
        f"Like us on Facebook and follow us on {net} {_handle(outlet)}",
        f"Join us on {net} for breaking {topic} updates.",
        f"Share this article on {net} | {net2} | Email",
        f"Share | Tweet | Email | Print",
        f"Follow {_person(rng)} on {net}: {_handle(outlet)}",
        f"Have a story tip? Follow us on {net} or message us on {net2}.",
    ]
    return rng.choice(forms)


def advert(rng: random.Random) -> str:
    return rng.choice(
        ["Advertisement", "ADVERTISEMENT", "Sponsored", "Story continues below advertisement",
         "Skip Advertisement", "Promoted", "Sponsored content", "- Advertisement -", "Ad"]
    )


def signature(rng: random.Random, outlet: str) -> str:
    year = rng.choice(["2004", "2005", "2006"])
    forms = [
        f"This article was originally published by {outlet} and is republished with permission.",
        f"This story first appeared on {outlet}.",
        f"Copyright {year} {outlet}. All rights reserved.",
        f"© {year} {outlet}",
        f"Reporting by {_person(rng)}; editing by {_person(rng)}",
        f"Additional reporting by {_person(rng)} in {rng.choice(_TOWN)}.",
        f"Originally published at {_domain(outlet)}",
        f"Source: {outlet}",
        f"Republished under licence from {outlet}.",
    ]
    return rng.choice(forms)


# "read more" lines (excerpts) -------------------------------------------------------
def read_more(rng: random.Random, outlet: str) -> str:
    forms = [
        f"Read the full story at {outlet}.",
        f"Continue reading on {_domain(outlet)}",
        f"Read more: {_domain(outlet)}",
        f"Read the full article on {outlet}",
        f"Full story at {outlet}.",
        f"Click here to read the rest of the story.",
        f"Read more at {outlet}",
        f"To read the complete article, go to {_domain(outlet)}.",
    ]
    return rng.choice(forms)


# invented paragraphs (edited copies) -----------------------------------------------
_ROLES = ("an analyst", "a spokeswoman", "a spokesman", "a senior adviser", "a researcher", "an economist",
          "a campaigner", "a former official", "a lecturer", "a consultant")
_ORGS = ("the Institute for Public Studies", "Northbank Capital", "the Consumers' Forum", "Meridian Research",
         "the Civic Policy Unit", "Harbour Street Partners", "the National Trades Council", "Lumen Analytics",
         "the University of Eastwick", "Greyfield Associates")
_SUBJ = ("the announcement", "the decision", "the result", "the proposal", "the deal", "the plan", "the move",
         "the figures", "the ruling", "the change")
_JUDGE = ("long overdue", "a surprise to many", "broadly welcome", "risky", "a sign of wider trouble",
          "unlikely to last", "a step in the right direction", "a missed opportunity", "bold but uncertain")
_NEXT = ("the coming months", "the next few weeks", "the rest of the year", "the spring", "the next season",
         "the months ahead")
_WATCH = ("costs", "public reaction", "the response of rivals", "the timetable", "questions from critics",
          "how quickly it is put into practice", "the reaction of regulators", "the impact on ordinary families")


def invented_paragraph(rng: random.Random) -> str:
    who = _person(rng)
    s1 = rng.choice([
        f"{who}, {rng.choice(_ROLES)} at {rng.choice(_ORGS)}, said {rng.choice(_SUBJ)} was {rng.choice(_JUDGE)}.",
        f"Speaking to reporters, {who} of {rng.choice(_ORGS)} described {rng.choice(_SUBJ)} as {rng.choice(_JUDGE)}.",
        f"Not everyone agrees. {who}, {rng.choice(_ROLES)}, called {rng.choice(_SUBJ)} {rng.choice(_JUDGE)}.",
    ])
    s2 = rng.choice([
        f"Attention will now turn to {rng.choice(_WATCH)} over {rng.choice(_NEXT)}.",
        f"{rng.choice(['Observers', 'Critics', 'Supporters', 'Insiders'])} expect {rng.choice(_WATCH)} to dominate {rng.choice(_NEXT)}.",
        f"A further update is expected in {rng.choice(_NEXT)}, when {rng.choice(_WATCH)} should become clearer.",
    ])
    s3 = rng.choice(["", f" {rng.choice(_ORGS)[0].upper()}{rng.choice(_ORGS)[1:]} declined to comment further.",
                     f" Some {rng.randint(12, 480)} people are thought to be affected."])
    return s1 + " " + s2 + s3


# --- the spinner ----------------------------------------------------------------------

_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being has have had do
    does did it its this that these those he she they them his her their we our you your i me my not no so than
    then there here which who whom whose what when where why how all any each other some such only own same too
    can will just should would could may might must shall into over after before about against between through
    during without within under up down out off again once more most both few nor s t""".split()
)
_WORDRE = re.compile(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])")


def _sentence_initial(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t\"'“‘(":
        j -= 1
    return j < 0 or text[j] in ".!?\n"


def spin(text: str, share: float, rng: random.Random) -> tuple[str, float]:
    """Swap about ``share`` of the content words for synonyms.

    Content words: alphabetic words that are not function words and not
    proper names (capitalised inside a sentence). Only words in the table can
    be swapped; when they are fewer than asked, all of them are. Returns the
    new text and the share of content words actually swapped.
    """
    content = 0
    eligible: list[tuple[int, int, str]] = []
    for m in _WORDRE.finditer(text):
        w = m.group()
        lw = w.lower()
        if lw in _STOP:
            continue
        if w[0].isupper() and not (w[1:].islower() or len(w) == 1):
            continue  # acronyms: US, BBC
        if w[0].isupper() and not _sentence_initial(text, m.start()):
            continue  # proper names keep their form: spinners leave them (they are the anchors)
        content += 1
        if lw in SYNONYMS:
            eligible.append((m.start(), m.end(), w))
    want = round(share * content)
    chosen = sorted(rng.sample(eligible, min(want, len(eligible))))
    out = []
    pos = 0
    for s, e, w in chosen:
        rep = rng.choice(SYNONYMS[w.lower()])
        if w[0].isupper():
            rep = rep[0].upper() + rep[1:]
        out.append(text[pos:s])
        out.append(rep)
        pos = e
    out.append(text[pos:])
    return "".join(out), (len(chosen) / content if content else 0.0)


# --- copy makers ----------------------------------------------------------------------


def _join(paras: list[str]) -> str:
    return "\n\n".join(paras)


def make_verbatim(a: dict[str, str], rng: random.Random, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    paras = paragraphs(a["text"])
    sep = rng.choice(["\n\n", "\n", "\n\n\n", "\n \n"])
    style = rng.choice(["plain", "double-space", "trailing", "crlf", "indent"])
    if style == "double-space":
        paras = [re.sub(r"([.!?]) (?=[A-Z])", r"\1  ", p) for p in paras]
    elif style == "trailing":
        paras = [p + rng.choice(["  ", "\t", " "]) for p in paras]
    elif style == "indent":
        paras = ["    " + p for p in paras]
    text = sep.join(paras)
    if style == "crlf":
        text = text.replace("\n", "\r\n")
    return text, {"separator": sep, "whitespace": style}


def make_excerpt(a: dict[str, str], rng: random.Random, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    paras = paragraphs(a["text"])
    n = len(paras)
    frac = rng.uniform(0.3, 0.6)
    k = max(1, min(n - 1, round(frac * n))) if n > 1 else 1
    if n > 2 and rng.random() < 0.35:
        start = rng.randint(1, n - k)  # a middle block: not the lead
        where = "middle"
    else:
        start = 0
        where = "lead"
    kept = paras[start : start + k]
    outlet = _outlet(rng)
    more = read_more(rng, outlet)
    text = _join(kept + [more])
    return text, {"paragraphs": [start, start + k], "of": n, "block": where, "read_more": more}


def make_shuffled(a: dict[str, str], rng: random.Random, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    paras = paragraphs(a["text"])
    order = list(range(len(paras)))
    if len(order) > 1:
        while order == sorted(order):
            rng.shuffle(order)
    return _join([paras[i] for i in order]), {"order": order}


def _make_spun(share: float):
    def make(a: dict[str, str], rng: random.Random, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        text, got = spin(_join(paragraphs(a["text"])), share, rng)
        ctx["title"] = spin(a["title"], share, rng)[0]
        return text, {"target": share, "swapped": round(got, 3)}

    return make


def make_boilerplate(a: dict[str, str], rng: random.Random, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    paras = paragraphs(a["text"])
    outlet = _outlet(rng)
    titles = ctx.get("titles", [])
    makers = [
        ("newsletter", lambda: newsletter(rng, outlet)),
        ("caption", lambda: caption(rng, outlet)),
        ("read-also", lambda: read_also(rng, titles)),
        ("social", lambda: social(rng, outlet)),
        ("advert", lambda: advert(rng)),
    ]
    inserted: list[list[str]] = []  # [type, line] in order of creation
    slots: dict[int, list[str]] = {}
    for _ in range(rng.randint(3, 6)):
        name, fn = rng.choice(makers)
        at = rng.randint(0, len(paras))  # before paragraph `at` (len: at the end)
        line = fn()
        slots.setdefault(at, []).append(line)
        inserted.append([name, line])
    out: list[str] = []
    if rng.random() < 0.4:
        line = f"By {_person(rng)}, {outlet}"
        out.append(line)
        inserted.append(["byline", line])
    for i, p in enumerate(paras):
        out.extend(slots.get(i, []))
        out.append(p)
    out.extend(slots.get(len(paras), []))
    line = signature(rng, outlet)
    out.append(line)
    inserted.append(["signature", line])
    if rng.random() < 0.3:
        line = social(rng, outlet)
        out.append(line)
        inserted.append(["social", line])
    return _join(out), {"inserted": inserted, "outlet": outlet}


_SENT_END = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"'A-Z0-9])")


def make_edited(a: dict[str, str], rng: random.Random, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Drop one paragraph and add one invented paragraph.

    The dropped paragraph holds at most 35% of the text: many BBC articles
    are a one-sentence lead plus one or two long blocks, and dropping such a
    block would leave no copy at all. When no paragraph is small enough, a
    run of sentences (10-25% of the text) is cut out of the longest one
    instead.
    """
    paras = paragraphs(a["text"])
    total = sum(len(p) for p in paras) or 1
    small = [i for i, p in enumerate(paras) if len(p) <= 0.35 * total]
    if len(paras) > 1 and small:
        removed: Any = rng.choice(small)
        paras = paras[:removed] + paras[removed + 1 :]
        how = "paragraph"
    else:
        big = max(range(len(paras)), key=lambda i: len(paras[i]))
        sents = _SENT_END.split(paras[big])
        k = max(1, round(len(sents) * rng.uniform(0.1, 0.25) * total / max(1, len(paras[big]))))
        k = min(k, max(1, len(sents) - 1))
        start = rng.randint(0, len(sents) - k)
        removed = [big, start, start + k]
        rest = sents[:start] + sents[start + k :]
        paras = paras[:big] + ([" ".join(rest)] if rest else []) + paras[big + 1 :]
        how = "sentences"
    new = invented_paragraph(rng)
    at = rng.randint(1, len(paras)) if paras else 0
    paras = paras[:at] + [new] + paras[at:]
    return _join(paras), {"removed": how, "removed_at": removed, "added_at": at, "added": new}


MAKERS = {
    "verbatim": make_verbatim,
    "excerpt": make_excerpt,
    "shuffled": make_shuffled,
    "synonyms-light": _make_spun(0.15),
    "synonyms-heavy": _make_spun(0.45),
    "boilerplate": make_boilerplate,
    "edited": make_edited,
}


def make_copy(article: dict[str, str], kind: str, rng: random.Random, titles: list[str] | None = None) -> dict[str, Any]:
    """One copy of ``article`` of ``kind``: ``{"text", "title", "detail"}``."""
    if kind not in MAKERS:
        raise ValueError(f"unknown kind {kind!r} (known: {', '.join(KINDS)})")
    ctx: dict[str, Any] = {"titles": titles or []}
    text, detail = MAKERS[kind](article, rng, ctx)
    return {"text": text, "title": ctx.get("title", article["title"]), "detail": detail}


# --- corpora ---------------------------------------------------------------------------


@dataclass
class Corpus:
    """Sources (real articles), generated copies and their ground truth."""

    sources: list[dict[str, str]]
    copies: list[dict[str, Any]] = field(default_factory=list)
    truth: list[dict[str, Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """Sources then copies, as ``{id, title, text}`` records."""
        out = [{"id": a["id"], "title": a["title"], "text": a["text"]} for a in self.sources]
        out.extend({"id": c["id"], "title": c["title"], "text": c["text"]} for c in self.copies)
        return out

    def write_jsonl(self, path: str | os.PathLike[str], *, sources: bool = True) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        recs = self.records() if sources else [{"id": c["id"], "title": c["title"], "text": c["text"]} for c in self.copies]
        with path.open("w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        return path


def _copy_id(kind: str, i: int) -> str:
    return f"gen/{kind}/{i:05d}"


def generate_copies(
    articles: list[dict[str, str]],
    plan: list[tuple[str, dict[str, str]]],
    seed: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Copies for a plan of ``(kind, source article)``; ids number per kind."""
    titles = [a["title"] for a in articles]
    copies, truth = [], []
    counters: dict[str, int] = {}
    for kind, src in plan:
        i = counters.get(kind, 0)
        counters[kind] = i + 1
        rng = random.Random(f"{seed}:{kind}:{i}")
        c = make_copy(src, kind, rng, titles)
        cid = _copy_id(kind, i)
        copies.append({"id": cid, "title": c["title"], "text": c["text"]})
        truth.append({"id": cid, "source_id": src["id"], "kind": kind, "detail": c["detail"]})
    return copies, truth


def reuse_partners(articles: list[dict[str, str]], min_containment: float = 0.1,
                   max_df: int = 50) -> dict[str, set[str]]:
    """For each article, the other articles sharing running text with it.

    Two articles are partners when the word 5-grams they share make up at
    least ``min_containment`` of the smaller one's 5-grams (plain Python,
    independent of retold; 5-grams found in more than ``max_df`` articles
    are set phrases, not reuse, and are ignored). The BBC set has real
    reuse between its own articles (updated stories, background paragraphs
    carried from one report to the next): a link between such articles, or
    between a copy of one and the other, is not an error of the tool, so
    benchmarks draw the sources of their copies from articles without
    partners, where the truth is known.
    """
    grams: dict[str, set[int]] = {}
    sizes = []
    for i, a in enumerate(articles):
        w = re.findall(r"\w+", a["text"].lower())
        s = {" ".join(w[k : k + 5]) for k in range(max(1, len(w) - 4))}
        sizes.append(len(s))
        for g in s:
            grams.setdefault(g, set()).add(i)
    shared: dict[tuple[int, int], int] = {}
    for docs in grams.values():
        if 1 < len(docs) <= max_df:
            ds = sorted(docs)
            for x in range(len(ds)):
                for y in range(x + 1, len(ds)):
                    shared[(ds[x], ds[y])] = shared.get((ds[x], ds[y]), 0) + 1
    out: dict[str, set[str]] = {a["id"]: set() for a in articles}
    for (x, y), n in shared.items():
        if n / max(1, min(sizes[x], sizes[y])) >= min_containment:
            out[articles[x]["id"]].add(articles[y]["id"])
            out[articles[y]["id"]].add(articles[x]["id"])
    return out


def independent_articles(articles: list[dict[str, str]], min_containment: float = 0.1) -> list[dict[str, str]]:
    """The articles that share no running text with any other (see :func:`reuse_partners`)."""
    partners = reuse_partners(articles, min_containment)
    return [a for a in articles if not partners[a["id"]]]


def generate_corpus(
    n_sources: int,
    kinds: list[str] | tuple[str, ...] = KINDS,
    seed: int = 1,
    *,
    articles: list[dict[str, str]] | None = None,
    all_sources: bool = True,
    source_pool: list[dict[str, str]] | None = None,
) -> Corpus:
    """``n_sources`` copies of each kind, each from a distinct random article.

    Within one kind the sources are distinct; across kinds they are drawn
    independently, so some articles get copies of several kinds (those
    copies are one family). Sources are drawn from ``source_pool`` when
    given (e.g. :func:`independent_articles`), else from all articles. With
    ``all_sources`` the corpus holds every article of the data set, else
    only those copied.
    """
    articles = articles if articles is not None else load_bbc()
    pool = source_pool if source_pool is not None else articles
    rng = random.Random(f"{seed}:sources")
    plan = []
    for kind in kinds:
        if kind not in MAKERS:
            raise ValueError(f"unknown kind {kind!r} (known: {', '.join(KINDS)})")
        for src in rng.sample(pool, min(n_sources, len(pool))):
            plan.append((kind, src))
    copies, truth = generate_copies(articles, plan, seed)
    if all_sources:
        sources = list(articles)
    else:
        used = {t["source_id"] for t in truth}
        sources = [a for a in articles if a["id"] in used]
    return Corpus(sources=sources, copies=copies, truth=truth)


def sized_corpus(total: int, seed: int = 1, kinds: tuple[str, ...] = KINDS, articles: list[dict[str, str]] | None = None) -> Corpus:
    """A corpus of ``total`` documents: every article (or the first ``total``)
    plus copies of random articles, kinds in turn, to make up the rest."""
    articles = articles if articles is not None else load_bbc()
    if total <= len(articles):
        return Corpus(sources=articles[:total])
    rng = random.Random(f"{seed}:sized")
    need = total - len(articles)
    plan = []
    pool: list[dict[str, str]] = []
    for i in range(need):
        if not pool:
            pool = list(articles)
            rng.shuffle(pool)
        plan.append((kinds[i % len(kinds)], pool.pop()))
    copies, truth = generate_copies(articles, plan, seed)
    return Corpus(sources=list(articles), copies=copies, truth=truth)


# --- CLI -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output folder (keep it outside the repository)")
    ap.add_argument("--per-kind", type=int, default=100, help="copies of each kind (distinct sources within a kind)")
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds (default: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--datasets", default=None, help="folder holding bbc/bbc-news.jsonl (default ../shared/datasets)")
    ap.add_argument("--with-sources", action="store_true", help="also write sources.jsonl (the whole BBC set)")
    args = ap.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    corpus = generate_corpus(args.per_kind, kinds, args.seed, articles=load_bbc(args.datasets))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus.write_jsonl(out / "copies.jsonl", sources=False)
    with (out / "truth.jsonl").open("w", encoding="utf-8") as f:
        for t in corpus.truth:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    if args.with_sources:
        with (out / "sources.jsonl").open("w", encoding="utf-8") as f:
            for a in corpus.sources:
                f.write(json.dumps({"id": a["id"], "title": a["title"], "text": a["text"]}, ensure_ascii=False) + "\n")
    print(f"{len(corpus.copies)} copies ({', '.join(kinds)}) -> {out}/copies.jsonl, truth in {out}/truth.jsonl", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
