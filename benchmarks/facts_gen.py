#!/usr/bin/env python
"""Copies of real articles with planted fact changes, with ground truth (benchmarks only).

    .venv/bin/python benchmarks/facts_gen.py --out /tmp/retold-facts [--planted 900]
        [--harmless 1000] [--seed 1]

Reads the BBC News set from ``../shared/datasets/bbc/bbc-news.jsonl``
(relative to the repository root; ``--datasets`` or ``$RETOLD_DATASETS``
override it). The articles are research-only: nothing derived from them is
written inside the repository, only under ``--out``.

Each copy is the original article with a list of *edits*, each a
replacement of a span of the original, written independently of retold's
own extractor (these are plain regular expressions over the source text):

planted (the changes retold must report; ``expect`` is the change kind)
    number     a figure's value changed by 15 % or more ("24,000" -> "31,000")
    sign       a figure negated ("3.2%" -> "-3.2%", "5" -> "minus 5")
    unit       the unit or currency swapped, number kept ("10 miles" ->
               "10 km", "£5m" -> "$5m")
    date       a day, month, weekday or year changed ("12 January" ->
               "14 January", "on Monday" -> "on Thursday", "in 2004" -> "in 2002")
    time       a clock time changed ("7pm" -> "9pm", "1900 GMT" -> "2100 GMT")
    name       a person's name replaced by an invented one ("Mr Blair" ->
               "Mr Okafor", "Tony Blair" -> "Maya Lindqvist")
    spelling   one letter of a surname changed ("Blair" -> "Blaer")
    negation   "not" / "n't" removed, or "not" inserted after an auxiliary
    dropped    a figure removed (a parenthetical "(£600m)" or a ", up from
               5%" clause)
    added      a clause with a new figure inserted (", up 7% on a year earlier")

harmless (the form changes retold must NOT report)
    digits-words        "nine" <-> "9" (0-20)
    date-format         "12 January" <-> "January 12" / "Jan 12" / "12th January"
    unit-conversion     "10 miles" -> "16.1 km", "50kg" -> "110 lb" (3 significant digits)
    currency-notation   "£5m" -> "£5 million" / "5 million pounds" / "£5,000,000",
                        "$1.3bn" -> "1.3 billion dollars" / "US$1.3bn", "45p" -> "£0.45"
    percent-notation    "5%" <-> "5 per cent" / "5 percent"
    time-format         "7pm" -> "7 p.m." / "19:00"
    list-order          "France, Germany and Italy" -> "Italy, France and Germany"
    reword-near-number  "rose" -> "climbed", "about" -> "around", "more than" -> "over"
    contraction         "did not" <-> "didn't", "cannot" -> "can't"

The text between edits is reworded with the synonym spinner of
``benchmarks/generate.py`` (its ``spin``; a small built-in table when that
module is absent) at a share drawn from ``--spin`` (default 0, 0.15, 0.3).

Two sets, from disjoint articles:

``planted``   1-3 planted edits (each in its own sentence) plus 1-4 harmless
              ones per copy; kinds are balanced (each copy takes the kinds
              with the fewest edits so far among those its article allows)
``harmless``  2-6 harmless edits per copy and nothing else

Output under ``--out``: ``sources.jsonl`` (the originals used: ``id``,
``title``, ``text``), ``copies.jsonl`` (``id``, ``source_id``, ``set``,
``title``, ``text``) and ``truth.jsonl`` (``id``, ``source_id``, ``set``,
``spin``, ``edits``: each ``kind``, ``planted``, ``expect``, ``a_span`` /
``b_span`` (character offsets of the fact in the original / the copy, None
on the side where it is absent), ``a_text``, ``b_text``).

Deterministic given ``--seed``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

try:  # the rewording of the copy benchmarks, when present
    import generate as _generate  # type: ignore[import-not-found]

    _spin: Callable[[str, float, random.Random], tuple[str, float]] | None = _generate.spin
except Exception:  # pragma: no cover - generate.py absent or broken
    _generate = None
    _spin = None

PLANTED = ("number", "sign", "unit", "date", "time", "name", "spelling", "negation", "dropped", "added")
HARMLESS = ("digits-words", "date-format", "unit-conversion", "currency-notation", "percent-notation",
            "time-format", "list-order", "reword-near-number", "contraction")
SCARCE = frozenset({"time", "time-format", "unit-conversion"})
SEVERITY = {"number": "high", "sign": "high", "unit": "high", "date": "high", "time": "high", "name": "high",
            "negation": "high", "spelling": "low", "dropped": "low", "added": "low"}


# --- data ------------------------------------------------------------------------------


def datasets_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override)
    env = os.environ.get("RETOLD_DATASETS")
    if env:
        return Path(env)
    return (REPO / ".." / "shared" / "datasets").resolve()


def load_bbc(datasets: str | os.PathLike[str] | None = None) -> list[dict[str, str]]:
    path = datasets_dir(datasets) / "bbc" / "bbc-news.jsonl"
    if not path.is_file():
        sys.exit(f"facts_gen: BBC data set not found at {path} (pass --datasets DIR or set RETOLD_DATASETS)")
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# --- a fallback rewording when generate.py is absent -------------------------------------

_FALLBACK_SYN = {
    "said": "stated", "says": "states", "told": "informed", "big": "large", "large": "big", "help": "assist",
    "buy": "purchase", "start": "begin", "began": "started", "shows": "reveals", "show": "reveal",
    "firm": "company", "company": "firm", "plans": "proposals", "rise": "increase", "expected": "anticipated",
    "important": "significant", "major": "key", "people": "individuals", "made": "produced", "used": "employed",
    "however": "nevertheless", "also": "additionally", "new": "fresh", "quickly": "rapidly", "need": "require",
}
_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


def _fallback_spin(text: str, share: float, rng: random.Random) -> tuple[str, float]:
    hits = [m for m in _WORD.finditer(text) if m.group() in _FALLBACK_SYN]
    chosen = sorted(rng.sample(hits, round(share * len(hits))), key=lambda m: m.start()) if hits else []
    out, pos = [], 0
    for m in chosen:
        out += [text[pos:m.start()], _FALLBACK_SYN[m.group()]]
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), (len(chosen) / len(hits) if hits else 0.0)


def spin(text: str, share: float, rng: random.Random) -> str:
    if share <= 0 or not text.strip():
        return text
    fn = _spin or _fallback_spin
    return fn(text, share, rng)[0]


# --- finding facts in the source (independent of retold) ----------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MON_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
_MON = "|".join(MONTHS)
_WD = "|".join(WEEKDAYS)

FIG_RE = re.compile(
    r"(?<![\w.,£$€/:-])(?P<cur>US\$|£|\$|€)?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?P<scale>bn|m|k|\s(?:million|billion|thousand|trillion))?"
    r"(?P<unit>%|p(?![\w])|\sper\s?cent|\spercent|\spercentage\spoints?"
    r"|\s?(?:miles|mile|km|kilometres|kilometers|metres|meters|kg|kilos|kilograms|tonnes|feet|ft|mph|lb|pounds"
    r"|hours|days|weeks|months|years|minutes)(?![\w]))?"
    r"(?![\w/]|[.,]\d|-\d|:\d)"
)
DATE_RES = [
    ("dm", re.compile(r"\b(?P<d>[1-9]|[12]\d|3[01])(?P<suf>st|nd|rd|th)? (?P<m>" + _MON + r")(?P<y> (?:19|20)\d\d)?\b")),
    ("md", re.compile(r"\b(?P<m>" + _MON + r") (?P<d>[1-9]|[12]\d|3[01])(?P<suf>st|nd|rd|th)?(?P<y>,? (?:19|20)\d\d)?\b(?![,.]?\d)")),
    ("wd", re.compile(r"\b(?:on|last|next|this|from|until|by|since) (?P<w>" + _WD + r")\b")),
    ("mon", re.compile(r"\b(?:in|since|until|by|during|from|early|late|last|next|this) (?P<m>" + _MON + r")\b(?! \d)")),
    ("year", re.compile(r"\b(?:in|since|until|by|during|from|of|the|before|after) (?P<y>(?:19[5-9]|20[0-2])\d)\b(?![\w%-]|[.,]\d)")),
]
TIME_RES = [
    ("ampm", re.compile(r"\b(?P<h>1[0-2]|[1-9])(?:[:.](?P<mi>[0-5]\d))?\s?(?P<ap>am|pm|a\.m\.|p\.m\.)(?![\w])")),
    ("gmt", re.compile(r"\b(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d) ?(?P<z>GMT|BST)\b")),
    ("colon", re.compile(r"\bat (?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)\b(?![:.]\d)")),
]
_CAP = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
NAME_RES = [
    ("title", re.compile(r"\b(?P<t>Mr|Mrs|Ms|Dr|Sir|Lord|Prof) (?P<n>" + _CAP + r")\b")),
    ("full", re.compile(r"(?<=[a-z,] )(?P<n>" + _CAP + r" " + _CAP + r")(?= (?:said|says|told|added|is|was|has|who|will|,))")),
]
NOT_NAME = set(MONTHS) | set(WEEKDAYS) | {
    "The", "This", "That", "But", "And", "In", "On", "At", "It", "He", "She", "They", "We", "I", "A", "An",
    "Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Prof", "Labour", "Tory", "Tories", "Conservative", "Conservatives",
    "Liberal", "Democrats", "Democrat", "Republican", "Republicans", "British", "English", "European",
    "American", "Government", "Parliament", "Commons", "Lords", "Minister", "Prime", "Chancellor", "Secretary",
    "President", "United", "Kingdom", "States", "Cup", "League", "Premiership", "Christmas", "Easter", "Internet",
    "Microsoft", "Google", "Apple", "Sony", "Nintendo", "Office", "Home", "Foreign", "Street", "Road", "Bank",
    "Court", "Party", "Union", "Club", "City", "County", "Council", "Group", "Games", "Open", "Grand", "Slam",
    "Not", "No", "Justice", "Judge", "General", "Chief", "Deputy", "Secretary", "Speaker", "Governor", "Senator",
}
NEG_DEL_RE = re.compile(r"\b(?P<aux>is|was|are|were|will|would|could|should|can|has|have|had|did|does|do|must|may|might) (?P<neg>not) (?=[a-z])")
NEG_CONTR_RE = re.compile(r"\b(?P<aux>[Ii]s|[Ww]as|[Aa]re|[Ww]ere|[Dd]id|[Dd]oes|[Dd]o|[Hh]as|[Hh]ave|[Hh]ad|[Cc]ould|[Ww]ould|[Ss]hould)(?P<neg>n't)\b")
NEG_ADD_RE = re.compile(
    r"\b(?P<aux>is|was|are|were|will|would|could|should|has|have|had|must) "
    r"(?!not\b|n't|never\b|no\b|to\b|also\b|more\b|less\b|fewer\b|over\b|under\b|at\b|about\b|around\b|almost\b|nearly\b|up\b|only\b|just\b|simply\b|merely\b|a\b|an\b|the\b|it\b|that\b|this\b|there\b|he\b|she\b|they\b|we\b|you\b|i\b|so\b|as\b|now\b|still\b|already\b|just\b|only\b|been\b|[A-Z0-9£$])"
    r"(?=[a-z]{3,})")
PAREN_RE = re.compile(r" \((?P<in>[^()]{1,40})\)")
CLAUSE_RE = re.compile(r", (?:up|down) (?:from|by) (?P<in>(?:[^,;.()]|[.,](?=\d)){1,30})(?=[;]|,(?!\d)|\.(?!\d))")
LIST_RE = re.compile(r"(?<![\w-])(?P<l>" + _CAP + r"(?:, " + _CAP + r")+,? and " + _CAP + r")\b(?! [A-Z])")
CONTRACT = {"did not": "didn't", "does not": "doesn't", "do not": "don't", "is not": "isn't", "was not": "wasn't",
            "are not": "aren't", "were not": "weren't", "has not": "hasn't", "have not": "haven't",
            "had not": "hadn't", "could not": "couldn't", "would not": "wouldn't", "should not": "shouldn't",
            "will not": "won't", "cannot": "can't"}
CONTRACT_RE = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in CONTRACT) + r")\b")
UNCONTRACT = {v: k for k, v in CONTRACT.items()}
UNCONTRACT_RE = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in UNCONTRACT) + r")(?![\w'])")
REWORD = {"rose": ["climbed", "increased"], "fell": ["dropped", "declined"], "about": ["around", "approximately"],
          "around": ["about", "roughly"], "almost": ["nearly"], "nearly": ["almost"], "more than": ["over"],
          "over": ["more than"], "up": ["higher"], "increased": ["rose"], "dropped": ["fell"], "some": ["about"]}
REWORD_RE = re.compile(r"\b(?P<w>rose|fell|about|around|almost|nearly|more than|over|increased|dropped|some|up) (?=(?:by )?(?:£|\$|€)?\d)")
DIGIT_WORD_RE = re.compile(r"(?<![\w.,£$€-])(?P<n>[0-9]|1\d|20)(?= [a-z]{3,})(?! (?:per|percent|am|pm|of|p\b|m\b))")
WORD_DIGIT_RE = re.compile(r"(?<![\w-])(?P<w>" + "|".join(WORDS[2:]) + r")(?= [a-z]{3,})(?! (?:hundred|thousand|million|billion)\b)", re.I)

UNITS = {  # unit -> (dimension, factor to base, the other unit for conversion, swap targets)
    "miles": ("len", 1.609344, "km"), "mile": ("len", 1.609344, "km"), "km": ("len", 1.0, "miles"),
    "kilometres": ("len", 1.0, "miles"), "kilometers": ("len", 1.0, "miles"), "metres": ("len", 0.001, "feet"),
    "meters": ("len", 0.001, "feet"), "feet": ("len", 0.0003048, "metres"), "ft": ("len", 0.0003048, "metres"),
    "kg": ("mass", 1.0, "lb"), "kilos": ("mass", 1.0, "lb"), "kilograms": ("mass", 1.0, "lb"),
    "lb": ("mass", 0.45359237, "kg"), "tonnes": ("mass", 1000.0, None), "mph": ("speed", 1.609344, "km/h"),
    "hours": ("time", 1 / 24, None), "days": ("time", 1.0, None), "weeks": ("time", 7.0, None),
    "months": ("time", 30.44, None), "years": ("time", 365.25, None), "minutes": ("time", 1 / 1440, None),
}
UNIT_SWAP = {"miles": "km", "mile": "km", "km": "miles", "kilometres": "miles", "kilometers": "miles",
             "metres": "feet", "meters": "feet", "feet": "metres", "ft": "metres", "kg": "lb", "kilos": "pounds",
             "kilograms": "pounds", "lb": "kg", "tonnes": "kilos", "mph": "km/h", "hours": "days", "days": "weeks",
             "weeks": "months", "months": "years", "years": "months", "minutes": "hours"}
CUR_SWAP = {"£": "$", "$": "£", "€": "£", "US$": "£"}
FIRST = ("Anna Ben Carla David Elena Farid Grace Hugo Irene Jonas Kate Liam Maya Nadia Oscar Paula Rafael Sofia "
         "Tomas Una Victor Wendy Yusuf Zoe").split()
LAST = ("Abbott Barros Chen Dalton Ekwueme Fischer Garcia Holm Ivanova Jensen Kowalski Lindqvist Moreau Novak "
        "Okafor Petrov Quinn Rossi Silva Tanaka Ulrich Varga Walsh Yilmaz Zimmer").split()


# --- edits ------------------------------------------------------------------------------------


@dataclass
class Edit:
    """Replace ``text[start:end]`` with ``new``. ``fact`` is the fact's span
    in the original (None when the fact is only in the copy); ``new_fact`` is
    the fact's span inside ``new`` (None when it is only in the original)."""

    start: int
    end: int
    new: str
    kind: str
    planted: bool
    fact: tuple[int, int] | None
    new_fact: tuple[int, int] | None

    @property
    def expect(self) -> str | None:
        return self.kind if self.planted else None


@dataclass
class Site:
    start: int
    end: int
    make: Callable[[random.Random], Edit | None]


def _fmt_num(v: float, like: str) -> str:
    """``v`` written like ``like`` (thousands commas, decimals)."""
    dec = len(like.split(".")[1]) if "." in like else 0
    s = f"{v:,.{dec}f}" if "," in like or v >= 10000 else f"{v:.{dec}f}"
    return s


def _figures(text: str) -> list[re.Match[str]]:
    out = []
    for m in FIG_RE.finditer(text):
        num = m.group("num")
        pre = text[max(0, m.start() - 12):m.start()]
        # numbers inside names ("Channel 4", "Article 50") and ordinals are left alone
        if re.search(r"[A-Z][a-z]* $", pre) and not re.search(r"(?:^|[.!?] )[A-Z][a-z]* $", pre):
            continue
        if text[m.end():m.end() + 2] in ("st", "nd", "rd", "th") and not m.group("unit"):
            continue
        if not m.group("cur") and not m.group("scale") and not m.group("unit") and not m.group("dec") \
                and len(num) == 4 and 1800 <= int(num) <= 2099:
            continue  # a year
        out.append(m)
    return out


def _value(m: re.Match[str]) -> float:
    return float(m.group("num").replace(",", "") + (m.group("dec") or ""))


def _sites(text: str, used_names: set[str]) -> dict[str, list[Site]]:
    """Every place an edit of each kind can go."""
    S: dict[str, list[Site]] = {k: [] for k in PLANTED + HARMLESS}
    dates: list[tuple[int, int]] = []
    for kind, rx in DATE_RES:
        for m in rx.finditer(text):
            dates.append(m.span())
            S["date"].append(Site(*m.span(), _date_edit(m, kind)))
            if kind in ("dm", "md"):
                S["date-format"].append(Site(*m.span(), _date_format(m, kind)))
    times: list[tuple[int, int]] = []
    for kind, rx in TIME_RES:
        for m in rx.finditer(text):
            times.append(m.span())
            S["time"].append(Site(*m.span(), _time_edit(m, kind)))
            if kind == "ampm":
                S["time-format"].append(Site(*m.span(), _time_format(m)))
    busy = dates + times
    for m in _figures(text):
        if any(a < m.end() and m.start() < b for a, b in busy):
            continue
        unit = (m.group("unit") or "").strip()
        cur = m.group("cur")
        S["number"].append(Site(*m.span(), _number_edit(m)))
        S["sign"].append(Site(*m.span(), _sign_edit(m)))
        if cur or unit in UNIT_SWAP or unit == "%":
            S["unit"].append(Site(*m.span(), _unit_edit(m)))
        if unit in UNITS and UNITS[unit][2]:
            S["unit-conversion"].append(Site(*m.span(), _unit_conversion(m)))
        if cur or unit == "p":
            S["currency-notation"].append(Site(*m.span(), _currency_notation(m)))
        if unit in ("%", "per cent", "percent"):
            S["percent-notation"].append(Site(*m.span(), _percent_notation(m)))
    for m in DIGIT_WORD_RE.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in busy):
            S["digits-words"].append(Site(*m.span(), _digit_to_word(m)))
    for m in WORD_DIGIT_RE.finditer(text):
        prev = re.search(r"([A-Za-z]+)[ -]$", text[max(0, m.start() - 12):m.start()])
        if prev and prev.group(1).lower() in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                                              "ninety", "hundred", "and"):
            continue  # part of a longer number ("fifty nine")
        S["digits-words"].append(Site(*m.span(), _word_to_digit(m)))
    for kind, rx in NAME_RES:
        for m in rx.finditer(text):
            n = m.group("n")
            if any(t in NOT_NAME for t in n.split()) or len(n) < 4:
                continue
            a, b = m.span("n")
            S["name"].append(Site(a, b, _name_edit(m, kind, used_names)))
            last = n.split()[-1]
            if len(last) >= 5:
                la = b - len(last)
                S["spelling"].append(Site(la, b, _spelling_edit(la, last)))
    for m in NEG_DEL_RE.finditer(text):
        S["negation"].append(Site(m.start("neg") - 1, m.end("neg"), _neg_remove(m.start("neg") - 1, m.end("neg"))))
    for m in NEG_CONTR_RE.finditer(text):
        S["negation"].append(Site(m.start("neg"), m.end("neg"), _neg_remove(m.start("neg"), m.end("neg"))))
    for m in NEG_ADD_RE.finditer(text):
        S["negation"].append(Site(m.end(), m.end(), _neg_add(m.end())))
    for rx in (PAREN_RE, CLAUSE_RE):
        for m in rx.finditer(text):
            figs = [f for f in _figures(m.group("in"))]
            if len(figs) == 1 and len(re.findall(r"\d[\d,.]*", m.group("in"))) == 1 and not any(r.search(m.group("in")) for _, r in DATE_RES + TIME_RES):
                f = figs[0]
                off = m.start("in")
                S["dropped"].append(Site(*m.span(), _drop(m.start(), m.end(), off + f.start(), off + f.end())))
    for m in re.finditer(r"(?<=[a-z])\.(?= [A-Z]|\n|$)", text):
        S["added"].append(Site(m.start(), m.start(), _add(m.start())))
    for m in LIST_RE.finditer(text):
        if re.search(r"[A-Z][\w'’-]* $", text[max(0, m.start() - 20):m.start()]):
            continue  # the list continues a longer name ("Centre for Vision, Speech and ...")
        if re.search(r"\bfor $|\bof $", text[max(0, m.start() - 5):m.start()]):
            continue
        S["list-order"].append(Site(*m.span(), _list_order(m)))
    for m in REWORD_RE.finditer(text):
        S["reword-near-number"].append(Site(*m.span("w"), _reword(m)))
    for m in CONTRACT_RE.finditer(text):
        S["contraction"].append(Site(*m.span(), lambda rng, m=m: Edit(m.start(), m.end(), CONTRACT[m.group()],
                                                                      "contraction", False, None, None)))
    for m in UNCONTRACT_RE.finditer(text):
        S["contraction"].append(Site(*m.span(), lambda rng, m=m: Edit(m.start(), m.end(), UNCONTRACT[m.group()],
                                                                      "contraction", False, None, None)))
    return S


# each maker returns an Edit (or None when it cannot apply)


def _number_edit(m: re.Match[str]) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        v = _value(m)
        like = m.group("num") + (m.group("dec") or "")
        for _ in range(20):
            if v <= 20 and not m.group("dec"):
                nv = float(rng.choice([x for x in range(1, 40) if abs(x - v) >= max(2, 0.3 * v)]))
            else:
                f = rng.choice([rng.uniform(0.3, 0.8), rng.uniform(1.25, 4.0)])
                nv = v * f
                if not m.group("dec"):
                    mag = 10 ** max(0, len(str(int(v))) - 2)
                    nv = round(nv / mag) * mag
            new = _fmt_num(nv, like)
            if new != like and abs(nv - v) / max(abs(v), abs(nv), 1e-9) >= 0.15 and nv > 0:
                break
        else:
            return None
        a, b = m.span("num")
        b = m.end("dec") if m.group("dec") else b
        full = m.group()
        rel_a, rel_b = a - m.start(), b - m.start()
        text = full[:rel_a] + new + full[rel_b:]
        return Edit(m.start(), m.end(), text, "number", True, m.span(), (0, len(text)))
    return make


def _sign_edit(m: re.Match[str]) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        full = m.group()
        unit = (m.group("unit") or "").strip()
        if m.group("cur"):
            text = "-" + full
        elif unit == "%" or m.group("dec"):
            text = "-" + full
        else:
            text = "minus " + full
        return Edit(m.start(), m.end(), text, "sign", True, m.span(), (0, len(text)))
    return make


def _unit_edit(m: re.Match[str]) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        full = m.group()
        cur = m.group("cur")
        if cur:
            text = CUR_SWAP[cur] + full[len(cur):]
        else:
            u = m.group("unit")
            us = u.strip()
            if us == "%":
                text = full[:-1] + " percentage points"
            else:
                text = full[: len(full) - len(u)] + " " + UNIT_SWAP[us]
        return Edit(m.start(), m.end(), text, "unit", True, m.span(), (0, len(text)))
    return make


def _unit_conversion(m: re.Match[str]) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        u = m.group("unit").strip()
        dim, f, other = UNITS[u]
        if other is None:
            return None
        if m.group("scale"):
            return None
        v = _value(m)
        base = {"km": 1.0, "miles": 1.609344, "lb": 0.45359237, "kg": 1.0, "feet": 0.0003048,
                "metres": 0.001, "km/h": 1.0}[other]
        nv = v * f / base
        if nv <= 0:
            return None
        digits = max(0, 2 - int(f"{nv:e}".split("e")[1]))  # three significant digits
        s = f"{nv:,.{digits}f}" if nv >= 1000 else f"{nv:.{digits}f}"
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        text = f"{s} {other}"
        return Edit(m.start(), m.end(), text, "unit-conversion", False, None, None)
    return make


def _currency_notation(m: re.Match[str]) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        cur = m.group("cur")
        num = m.group("num") + (m.group("dec") or "")
        sc = (m.group("scale") or "").strip()
        unit = (m.group("unit") or "").strip()
        if unit == "p":
            v = _value(m) / 100
            text = f"£{v:.4f}".rstrip("0")
            if text.endswith("."):
                text += "00"
            elif len(text.split(".")[1]) == 1:
                text += "0"
        elif unit:
            return None
        else:
            word = {"£": "pounds", "$": "dollars", "US$": "US dollars", "€": "euros"}[cur]
            big = {"m": "million", "bn": "billion", "k": "thousand"}.get(sc, sc)
            choices = []
            if big:
                choices += [f"{cur}{num} {big}", f"{num} {big} {word}", f"{num}{sc if sc in ('m', 'bn') else ' ' + big} {word}"]
                if cur == "$":
                    choices.append(f"US${num}{sc if sc in ('m', 'bn') else ' ' + big}")
                mult = {"million": 1e6, "billion": 1e9, "thousand": 1e3}.get(big)
                if mult and _value(m) * mult < 1e9 and (_value(m) * mult) % 1 == 0:
                    choices.append(f"{cur}{int(_value(m) * mult):,}")
            else:
                if cur == "£":
                    choices += [f"GBP {num}"]
                elif cur == "€":
                    choices += [f"{num} euros", f"EUR {num}"]
                elif cur == "$":
                    choices += [f"{num} dollars", f"US${num}", f"USD {num}"]
            if not choices:
                return None
            text = rng.choice(choices)
        return Edit(m.start(), m.end(), text, "currency-notation", False, None, None)
    return make


def _percent_notation(m: re.Match[str]) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        num = m.group("num") + (m.group("dec") or "")
        unit = m.group("unit").strip()
        text = f"{num}%" if unit != "%" else f"{num} {rng.choice(['per cent', 'percent'])}"
        return Edit(m.start(), m.end(), text, "percent-notation", False, None, None)
    return make


def _digit_to_word(m: re.Match[str]) -> Callable[[random.Random], Edit | None]:
    return lambda rng: Edit(m.start(), m.end(), WORDS[int(m.group("n"))], "digits-words", False, None, None)


def _word_to_digit(m: re.Match[str]) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        w = m.group("w").lower()
        if m.group("w")[0].isupper():
            return None  # a sentence opening with a digit reads oddly
        return Edit(m.start(), m.end(), str(WORDS.index(w)), "digits-words", False, None, None)
    return make


def _date_edit(m: re.Match[str], kind: str) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        full = m.group()
        off = m.start()
        if kind in ("dm", "md"):
            if rng.random() < 0.5:
                a, b = m.span("m")
                new = rng.choice([x for x in MONTHS if x != m.group("m")])
            else:
                a, b = m.span("d")
                d = int(m.group("d"))
                new = str(rng.choice([x for x in range(1, 29) if abs(x - d) >= 2]))
        elif kind == "wd":
            a, b = m.span("w")
            new = rng.choice([x for x in WEEKDAYS if x != m.group("w")])
        elif kind == "mon":
            a, b = m.span("m")
            new = rng.choice([x for x in MONTHS if x != m.group("m") and x != "May"])
        else:
            a, b = m.span("y")
            y = int(m.group("y"))
            new = str(y + rng.choice([-5, -3, -2, -1, 1, 2, 3]))
        text = full[: a - off] + new + full[b - off:]
        fa, fb = (m.span("w") if kind == "wd" else m.span("m") if kind == "mon" else m.span("y") if kind == "year"
                  else m.span())
        rel = (fa - off, len(text) - (m.end() - fb))
        return Edit(m.start(), m.end(), text, "date", True, (fa, fb), rel)
    return make


def _date_format(m: re.Match[str], kind: str) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        d, mo, y = m.group("d"), m.group("m"), (m.group("y") or "").strip(", ")
        ab = MON_ABBR[MONTHS.index(mo)]
        if kind == "dm":
            opts = [f"{mo} {d}", f"{ab} {d}", f"{d} {ab}", f"{d}th {mo}" if d not in ("1", "2", "3", "21", "22", "23", "31") else f"{mo} {d}"]
        else:
            opts = [f"{d} {mo}", f"{ab}. {d}", f"{d} {ab}"]
        text = rng.choice(opts)
        if y:
            text += (", " if text[0].isalpha() else " ") + y
        return Edit(m.start(), m.end(), text, "date-format", False, None, None)
    return make


def _time_edit(m: re.Match[str], kind: str) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        full = m.group()
        off = m.start()
        h = int(m.group("h"))
        if kind == "ampm":
            if rng.random() < 0.3:
                a, b = m.span("ap")
                ap = m.group("ap")
                new = {"am": "pm", "pm": "am", "a.m.": "p.m.", "p.m.": "a.m."}[ap]
            else:
                a, b = m.span("h")
                new = str(rng.choice([x for x in range(1, 13) if x != h]))
        else:
            a, b = m.span("h")
            nh = rng.choice([x for x in range(0, 24) if abs(x - h) >= 1 and x % 12 != h % 12])
            new = f"{nh:02d}" if kind == "gmt" or len(m.group("h")) == 2 else str(nh)
        text = full[: a - off] + new + full[b - off:]
        if kind == "colon":
            return Edit(m.start(), m.end(), text, "time", True, (m.start("h"), m.end()), (3, len(text)))
        return Edit(m.start(), m.end(), text, "time", True, m.span(), (0, len(text)))
    return make


def _time_format(m: re.Match[str]) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        h, mi, ap = int(m.group("h")), m.group("mi"), m.group("ap")
        pm = ap.startswith("p")
        h24 = (h % 12) + (12 if pm else 0)
        opts = [f"{h}{':' + mi if mi else ''} {'p.m.' if pm else 'a.m.'}", f"{h24:02d}:{mi or '00'}"]
        return Edit(m.start(), m.end(), rng.choice(opts), "time-format", False, None, None)
    return make


def _name_edit(m: re.Match[str], kind: str, used: set[str]) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        for _ in range(20):
            new = rng.choice(LAST) if kind == "title" else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if not any(t in used for t in new.split()):
                break
        else:
            return None
        a, b = m.span("n")
        return Edit(a, b, new, "name", True, (a, b), (0, len(new)))
    return make


_SIMILAR = {"a": "e", "e": "a", "i": "y", "y": "i", "o": "u", "u": "o", "c": "k", "k": "c", "s": "z", "z": "s",
            "n": "m", "m": "n", "l": "ll", "t": "tt", "r": "rr"}


def _spelling_edit(a: int, word: str) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        idx = [i for i in range(1, len(word) - 1) if word[i] in _SIMILAR]
        if not idx:
            return None
        i = rng.choice(idx)
        new = word[:i] + _SIMILAR[word[i]] + word[i + 1:]
        return Edit(a, a + len(word), new, "spelling", True, (a, a + len(word)), (0, len(new)))
    return make


def _neg_remove(a: int, b: int) -> Callable[[random.Random], Edit | None]:
    return lambda rng: Edit(a, b, "", "negation", True, (a, b), None)


def _neg_add(p: int) -> Callable[[random.Random], Edit | None]:
    return lambda rng: Edit(p, p, "not ", "negation", True, None, (0, 3))


def _drop(a: int, b: int, fa: int, fb: int) -> Callable[[random.Random], Edit | None]:
    return lambda rng: Edit(a, b, "", "dropped", True, (fa, fb), None)


_ADDED = [", up {p}% on a year earlier", ", a rise of {p}%", ", affecting about {n} people",
          " (worth about £{m}m)", ", some {n} in all", ", according to {n} officials", ", with {n} staff involved"]


def _add(p: int) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        tpl = rng.choice(_ADDED)
        vals = {"p": rng.randint(3, 40), "n": rng.choice([rng.randint(12, 99), rng.randint(2, 90) * 100]),
                "m": rng.randint(2, 90)}
        text = tpl.format(**vals)
        fig = re.search(r"(?:about |some )?£?\d[\d,]*(?:m|%)?", text)
        assert fig
        return Edit(p, p, text, "added", True, None, fig.span())
    return make


def _list_order(m: re.Match[str]) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        items = re.split(r",? and |, ", m.group("l"))
        if len(set(items)) < len(items) or any(t in NOT_NAME for t in items):
            return None
        order = items[:]
        while order == items:
            rng.shuffle(order)
        text = ", ".join(order[:-1]) + " and " + order[-1]
        return Edit(m.start(), m.end(), text, "list-order", False, None, None)
    return make


def _reword(m: re.Match[str]) -> Callable[[random.Random], Edit | None]:
    def make(rng: random.Random) -> Edit | None:
        return Edit(m.start("w"), m.end("w"), rng.choice(REWORD[m.group("w")]), "reword-near-number", False, None, None)
    return make


# --- building copies -----------------------------------------------------------------------


def _sentence_of(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"[.!?][\"”']?\s+(?=[\"“A-Z0-9£$])|\n+", text)]


@dataclass
class Copy:
    id: str
    source_id: str
    set: str
    title: str
    text: str
    spin: float
    edits: list[dict[str, Any]] = field(default_factory=list)


def apply(text: str, edits: list[Edit], share: float, rng: random.Random) -> tuple[str, list[dict[str, Any]]]:
    """The copy: edits applied, the text between them spun; and the truth."""
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    parts: list[str] = []
    pos = 0
    out_len = 0
    truth = []
    for e in edits:
        # spin whole words only: stop the segment at the last word break
        seg = text[pos:e.start]
        cut = len(seg)
        if seg and seg[-1].isalnum():
            k = cut
            while k > 0 and seg[k - 1].isalnum():
                k -= 1
            cut = k
        spun = _spin_at(text, pos, seg[:cut], share, rng) + seg[cut:]
        truth.extend(_spun_figures(seg, spun, pos, out_len))
        parts.append(spun)
        out_len += len(spun)
        b0 = out_len
        parts.append(e.new)
        out_len += len(e.new)
        bspan = None if e.new_fact is None else (b0 + e.new_fact[0], b0 + e.new_fact[1])
        truth.append({
            "kind": e.kind, "planted": e.planted, "expect": e.expect,
            "severity": SEVERITY.get(e.kind) if e.planted else None,
            "a_span": list(e.fact) if e.fact else None, "b_span": list(bspan) if bspan else None,
            "a_text": text[e.fact[0]:e.fact[1]] if e.fact else None,
            "b_text": e.new[e.new_fact[0]:e.new_fact[1]] if e.new_fact else None,
            "edit": [e.start, e.end, b0, b0 + len(e.new)],
        })
        pos = e.end
    seg = text[pos:]
    cut = 0
    while cut < len(seg) and seg[cut].isalnum():
        cut += 1
    spun = seg[:cut] + _spin_at(text, pos + cut, seg[cut:], share, rng)
    truth.extend(_spun_figures(seg, spun, pos, out_len))
    parts.append(spun)
    return "".join(parts), truth


# words that state a figure: when the spinner swaps one ("a quarter" -> "a
# three-month period", "half" -> "fifty per cent", "week" -> "seven days"), the
# copy really states another figure, or none; the truth records it as a
# "spin" edit so that the benchmark can tell these from false alarms
FIGURE_WORDS = frozenset(WORDS) | frozenset(
    """half halves quarter quarters third thirds dozen dozens hundred hundreds thousand thousands million
    millions billion billions trillion twice double triple once nothing none zero nil single pair couple
    week weeks month months year years day days hour hours minute minutes decade decades fortnight
    annual annually monthly weekly daily yearly percent""".split())
_TOK = re.compile(r"\S+")


def _spun_figures(seg: str, spun: str, a0: int, b0: int) -> list[dict[str, Any]]:
    """The spinner's swaps of figure words in one segment, as truth records."""
    if seg == spun:
        return []
    ta = [(m.start(), m.end(), m.group()) for m in _TOK.finditer(seg)]
    tb = [(m.start(), m.end(), m.group()) for m in _TOK.finditer(spun)]
    sm = difflib.SequenceMatcher(None, [t[2] for t in ta], [t[2] for t in tb], autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" or i1 == i2:
            continue
        words = {re.sub(r"[^a-z]", "", t[2].lower()) for t in ta[i1:i2]}
        if not words & FIGURE_WORDS:
            continue
        sa = (a0 + ta[i1][0], a0 + ta[i2 - 1][1])
        sb = (b0 + tb[j1][0], b0 + tb[j2 - 1][1]) if j2 > j1 else (b0 + (tb[j1][0] if j1 < len(tb) else len(spun)),) * 2
        out.append({"kind": "spin", "planted": False, "expect": None, "severity": None,
                    "a_span": list(sa), "b_span": list(sb), "a_text": seg[ta[i1][0]:ta[i2 - 1][1]],
                    "b_text": spun[tb[j1][0]:tb[j2 - 1][1]] if j2 > j1 else "",
                    "edit": [sa[0], sa[1], sb[0], sb[1]]})
    return out


def _spin_at(text: str, pos: int, seg: str, share: float, rng: random.Random) -> str:
    """Spin a segment that starts at ``pos`` of ``text``: a word opening the
    segment only counts as sentence-initial (which the spinner may reword even
    when capitalised) if it opens a sentence of the text."""
    before = text[:pos].rstrip(" \t\"'“‘(")
    if not before or before[-1] in ".!?\n":
        return spin(seg, share, rng)
    return spin("0 " + seg, share, rng)[2:]


def _pick(sites: list[Site], taken: list[tuple[int, int]], rng: random.Random, sentence_free=None) -> Edit | None:
    cands = list(sites)
    rng.shuffle(cands)
    for s in cands[:12]:
        lo, hi = s.start - 2, s.end + 2
        if any(a < hi and lo < b for a, b in taken):
            continue
        if sentence_free is not None and not sentence_free(s):
            continue
        e = s.make(rng)
        if e is None:
            continue
        return e
    return None


def make_copy(article: dict[str, str], set_name: str, planted_kinds: list[str], n_harmless: int, share: float,
              rng: random.Random, cid: str) -> Copy | None:
    text = article["text"]
    used = set(re.findall(r"[A-Z][a-z]+", text))
    S = _sites(text, used)
    starts = _sentence_starts(text)
    taken: list[tuple[int, int]] = []
    busy_sent: set[int] = set()
    edits: list[Edit] = []
    for k in planted_kinds:
        e = _pick(S[k], taken, rng, lambda s: _sentence_of(starts, s.start) not in busy_sent)
        if e is None:
            continue
        edits.append(e)
        taken.append((e.start, e.end))
        busy_sent.add(_sentence_of(starts, e.start))
    if set_name == "planted" and not edits:
        return None
    hk = [k for k in HARMLESS if S[k]]
    rng.shuffle(hk)
    hk.sort(key=lambda k: k not in SCARCE)
    for k in hk[:n_harmless]:
        e = _pick(S[k], taken, rng)
        if e is not None:
            edits.append(e)
            taken.append((e.start, e.end))
    if set_name == "harmless" and not edits:
        return None
    new_text, truth = apply(text, edits, share, rng)
    return Copy(cid, article["id"], set_name, article["title"], new_text, share, truth)


def available_kinds(article: dict[str, str]) -> set[str]:
    S = _sites(article["text"], set())
    return {k for k, v in S.items() if v}


def generate(articles: list[dict[str, str]], n_planted: int = 900, n_harmless: int = 1000, seed: int = 1,
             spins: tuple[float, ...] = (0.0, 0.15, 0.3)) -> tuple[list[dict[str, str]], list[Copy]]:
    """The originals used and their copies (planted set, then harmless set)."""
    rng = random.Random(f"{seed}:facts")
    order = list(range(len(articles)))
    rng.shuffle(order)
    avail = {i: available_kinds(articles[i]) for i in order}
    # the articles with a clock time are scarce: the planted set takes them first
    order.sort(key=lambda i: "time" not in avail[i])
    counts = {k: 0 for k in PLANTED}
    copies: list[Copy] = []
    used_src: set[int] = set()
    for i in order:
        if len([c for c in copies if c.set == "planted"]) >= n_planted:
            break
        a = avail[i] & set(PLANTED)
        if not a:
            continue
        r = random.Random(f"{seed}:planted:{articles[i]['id']}")
        n = r.choice([1, 2, 2, 3])
        # the scarcest kinds first (clock times are in about 90 articles), then the least used
        kinds = sorted(sorted(a), key=lambda k: (k not in SCARCE, counts[k], r.random()))[:n]
        c = make_copy(articles[i], "planted", kinds, r.randint(1, 4), r.choice(spins), r,
                      f"facts/planted/{len(copies):05d}")
        if c is None:
            continue
        for e in c.edits:
            if e["planted"]:
                counts[e["kind"]] += 1
        copies.append(c)
        used_src.add(i)
    k = 0
    for i in order[::-1]:
        if k >= n_harmless:
            break
        if i in used_src:
            continue
        r = random.Random(f"{seed}:harmless:{articles[i]['id']}")
        c = make_copy(articles[i], "harmless", [], r.randint(2, 6), r.choice(spins), r, f"facts/harmless/{k:05d}")
        if c is None:
            continue
        copies.append(c)
        used_src.add(i)
        k += 1
    by_id = {a["id"]: a for a in articles}
    sources = [by_id[s] for s in dict.fromkeys(c.source_id for c in copies)]
    return sources, copies


def write(out: Path, sources: list[dict[str, str]], copies: list[Copy]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "sources.jsonl").open("w", encoding="utf-8") as f:
        for a in sources:
            f.write(json.dumps({"id": a["id"], "title": a["title"], "text": a["text"]}, ensure_ascii=False) + "\n")
    with (out / "copies.jsonl").open("w", encoding="utf-8") as f:
        for c in copies:
            f.write(json.dumps({"id": c.id, "source_id": c.source_id, "set": c.set, "title": c.title,
                                "text": c.text}, ensure_ascii=False) + "\n")
    with (out / "truth.jsonl").open("w", encoding="utf-8") as f:
        for c in copies:
            f.write(json.dumps({"id": c.id, "source_id": c.source_id, "set": c.set, "spin": c.spin,
                                "edits": c.edits}, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output folder (keep it outside the repository)")
    ap.add_argument("--planted", type=int, default=900, help="copies with planted changes")
    ap.add_argument("--harmless", type=int, default=1000, help="copies with harmless changes only")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--spin", default="0,0.15,0.3", help="shares of words the spinner may swap, one drawn per copy")
    ap.add_argument("--datasets", default=None)
    args = ap.parse_args(argv)
    out = Path(args.out).resolve()
    if REPO in out.parents or out == REPO:
        sys.exit("facts_gen: --out must be outside the repository (the articles are research-only)")
    spins = tuple(float(x) for x in args.spin.split(","))
    sources, copies = generate(load_bbc(args.datasets), args.planted, args.harmless, args.seed, spins)
    write(out, sources, copies)
    counts: dict[str, int] = {}
    for c in copies:
        for e in c.edits:
            counts[e["kind"]] = counts.get(e["kind"], 0) + 1
    print(f"{len(copies)} copies of {len(sources)} articles -> {out}", file=sys.stderr)
    print("edits: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
