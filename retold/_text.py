"""Text primitives: normalisation, sentences, tokens, anchors.

Everything here is a pure function of a string. The sentence splitter is a
small rule-based one (abbreviation-aware, paragraph breaks always split):
news prose is regular enough that rules beat a model on speed, and it works
for the Latin-script languages we care about first. It is *not* a
general-purpose segmenter (no handling of CJK full stops inside quotes, say).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import lru_cache
from itertools import islice

# Unicode punctuation folded to ASCII before tokenising, so that "don’t" and
# "don't", or "word—word" and "word - word", tokenise the same way.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": " - ", "\u2014": " - ", "\u2212": "-", "\u00a0": " ", "\u202f": " ",
        "\u2009": " ", "\u200b": "", "\ufeff": "",
    }
)

_SPACES = re.compile(r"[ \t\f\v]+")

# Entries in each per-sentence cache (a sentence's lexical row, its claims,
# its facts).
# A story's copies repeat its sentences, but not next to each other: in a
# corpus in arrival order a copy can come thousands of documents after its
# original. At 10,000 generated documents (174,800 sentences, 73,200
# distinct) 58% of sentences repeat an earlier one; caches of 32,768 caught
# 28% of them. Each entry holds a few hundred bytes (the sentence and its
# row, claims or facts), in each worker process: at 10,000 documents the
# scan's peak total memory (all processes) is 873 MB with these caches and
# the pair caches below, 773 MB with caches of 32,768 and no pair caches.
# Lines (paragraphs) are not cached: that cost more memory than it saved time.
SENTENCE_CACHE = 1 << 16
# Entries in a per-sentence-pair cache (the verbatim stretch of two aligned
# sentences; the word diff holds twice as many). The same two sentences
# meet when a new copy is checked against each earlier member of its story,
# mostly in the copy's own batch. Counted at 10,000 generated documents in
# one process, a larger cache pays where each entry saves more: the word
# diff (differing sentences only) runs 69,600 times with 16,384 entries
# against 87,100 with 8,192; the verbatim stretch, 29,900 against 31,800,
# not worth the memory.
PAIR_CACHE = 1 << 13
# Entries in the cache of compared sentence facts (see
# ``retold._changes_hook._compared``): only pairs whose differing words the
# extractor reads get there, so a larger cache of fewer, costlier entries
# (32,768 hold every distinct pair of a 10,000-document scan).
CHANGES_CACHE = 1 << 15


def normalise(text: str) -> str:
    """NFC, unified newlines, no trailing spaces, single spaces inside lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u200b", "").replace("\ufeff", "")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def fold(text: str) -> str:
    """Lower-case, ASCII punctuation: the form tokens and hashes are taken from."""
    return text.translate(_FOLD).lower()


_WORD = re.compile(r"\w+(?:'\w+)?")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens ("don't" stays one token)."""
    return _WORD.findall(fold(text))


def tokens_at_most(text: str, most: int) -> list[str] | None:
    """``tokens(text)`` when there are at most ``most`` of them, else None
    (found without listing the rest)."""
    found = list(islice(_WORD.finditer(fold(text)), most + 1))
    return None if len(found) > most else [m.group() for m in found]


def has_tokens(text: str) -> bool:
    """``bool(tokens(text))``, without listing them."""
    return _WORD.search(fold(text)) is not None


_COMBINING = re.compile(r"[\u0300-\u036f]")


@lru_cache(maxsize=65536)
def _strip_accents_word(word: str) -> str:
    return _COMBINING.sub("", unicodedata.normalize("NFKD", word))


def strip_accents(text: str) -> str:
    """"Émile Zoë" -> "Emile Zoe" (combining marks dropped after NFKD)."""
    if text.isascii():
        return text
    if len(text) < 40:
        return _strip_accents_word(text)
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


# --- sentences ---------------------------------------------------------------

_ABBREV = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt sgt capt cpt maj st ave rd jan feb mar apr
    jun jul aug sep sept oct nov dec no nos vs etc inc corp ltd co jr sr mt ft fig approx
    dept est min max misc al govt u.s u.k u.n e.g i.e a.m p.m ph.d""".split()
)
# candidate ends: . ! ? (optionally followed by closing quotes/brackets) then
# space, or, glued to the next sentence with no space ("in the workplace.The
# law"), directly a capitalised word
_END = re.compile(r"[.!?]+[\"')\]\u201d\u2019]*(?=\s+|[\"'(\[\u201c\u2018]?[A-Z\u00c0-\u00de][a-z\u00df-\u00ff])")
_NEXT_START = re.compile(r"\s+[\"'(\[\u201c\u2018]?[A-Z0-9\u00c0-\u024f\u0400-\u04ff]")
# the word before a full stop glued to the next sentence: a plain word
# ("workplace", "Staff"), not a dotted name ("U.S", "example.Com"), an
# identifier ("AjaxToolkit") or a number ("v2")
_GLUED_WORD = re.compile(r"[\"'(\[\u201c\u2018]?[A-Za-z\u00c0-\u024f][a-z\u00df-\u024f]+")


# Chinese and Japanese end sentences with full-width marks and no space
# after them: 。 (maybe closed by a bracket or quote: 」』）), or ！ ？ not
# inside a quotation (「本当ですか？」と言った is one sentence)
_CJK_END = re.compile(r"\u3002+[\u300d\u300f\uff09\u201d\u2019\"')]*|[\uff01\uff1f]+(?![\u300d\u300f\uff09\u201d\u2019\"'!?\uff01\uff1f])")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences; return absolute ``(start, end)`` spans.

    Newlines always end a sentence (they separate paragraphs or lines of a
    list). Inside a line a sentence ends at ``.``, ``!`` or ``?`` followed by
    a space and a capital letter, a digit or an opening quote, unless the word
    before the stop is a known abbreviation or a single initial. A stop with
    no space after it ends a sentence only between a plain word and a
    capitalised one ("the workplace.The law"), the way text pasted from
    web pages and PDFs often runs sentences together. A "sentence" longer
    than ``LONG_SENTENCE`` characters (run-on text without stops) comes back
    in pieces (:func:`_cut_long`). Chinese and Japanese sentences end at
    ``。``, ``！`` or ``？`` (no space follows them).
    """
    if end is None:
        end = len(text)
    spans: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        seg = pos
        for m in _CJK_END.finditer(text, pos, line_end):
            if m.end() < line_end:
                _split_line(text, seg, m.end(), spans)
                seg = m.end()
        _split_line(text, seg, line_end, spans)
        pos = line_end + 1
    return spans


def _split_line(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    seg_start = start
    for m in _END.finditer(text, start, end):
        stop = m.end()
        glued = stop < end and not text[stop].isspace()
        if not glued and not _NEXT_START.match(text, stop, end):
            continue
        # the word before the stop
        j = m.start()
        i = j
        while i > seg_start and not text[i - 1].isspace():
            i -= 1
        if glued:
            if not _GLUED_WORD.fullmatch(text, i, j) or text[i:j].lower().strip("\"'([\u201c\u2018") in _ABBREV:
                continue
        elif text[m.start()] == ".":
            word = text[i:j].lower().strip("\"'([\u201c\u2018")
            if word in _ABBREV or (len(word) == 1 and word.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
                continue
            if word.isdigit() and len(word) <= 2 and not text[seg_start:i].strip():
                continue  # the number of an item of a list ("2. Enter your details."): not a sentence
        _push(text, seg_start, stop, out)
        seg_start = stop
    _push(text, seg_start, end, out)


def _push(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s and any(c.isalnum() for c in text[s:e]):
        if e - s > LONG_SENTENCE:
            _cut_long(text, s, e, out)
        else:
            out.append((s, e))


# --- run-on "sentences" ---------------------------------------------------------
# Text scraped from web pages runs list items, menus and table cells together
# with no full stop between them ("... the people you want Confidential and
# discreet Reliable and flexible service Takes the hard work ..."), into
# "sentences" of a thousand characters. A passage copied out of the middle of
# one is a small part of it, too small to make the whole pair similar. So a
# sentence longer than LONG_SENTENCE characters is cut into pieces at
# content-defined points: after a word whose hash is 0 modulo CUT_EVERY, at
# least MIN_PIECE characters from the piece's start and from the sentence's
# end. The points depend on the words, not on where the sentence starts, so
# two copies of the same words, inside different text, are cut at the same
# places (after the first cut or two). Real sentences are rarely this long
# (BBC News: 0.03% of them; translated news: 0.1-0.4%), and the long pieces
# keep a reworded sentence that is cut on one side only alignable (the aligner
# pairs one sentence with two).
LONG_SENTENCE = 400
CUT_EVERY = 16
MIN_PIECE = 150
_PIECE_WORD = re.compile(r"\S+")


def _cut_long(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    words = [(m.start(), m.end()) for m in _PIECE_WORD.finditer(text, s, e)]
    start = s
    for k, (ws, we) in enumerate(words[:-1]):
        if we - start < MIN_PIECE or e - words[k + 1][0] < MIN_PIECE:
            continue
        w = text[ws:we].lower()
        if zlib.crc32(w.encode("utf-8", "surrogatepass")) % CUT_EVERY == 0:
            if any(c.isalnum() for c in text[start:we]):
                out.append((start, we))
            start = words[k + 1][0]
    if any(c.isalnum() for c in text[start:e]):
        out.append((start, e))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of non-empty lines (clean text has one paragraph per line)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


# --- anchors -----------------------------------------------------------------
# Anchors are features that survive rewording and translation: numbers and
# proper names. A spinner swaps common words but leaves "Manitoba" and
# "24,000" alone; a translator keeps both (modulo number formatting, which we
# normalise: "24,000", "24 000" and "24.000" are all 24000).

# A grouped number ("24,000", not preceded by a word character, "." or ",";
# a lookbehind placed after the first digit, where it reads the same
# character: a pattern that starts with \d lets the regex engine skip to the
# next digit instead of trying every position, 3x faster on news text), or
# a plain one ("1.5"). ``NUMBER_PATTERN_PLAIN`` is the same pattern written
# plainly; a property test holds the two to the same matches.
NUMBER_PATTERN_PLAIN = r"(?<![\w.,])\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"
_NUMBER = re.compile(r"\d(?:(?<![\w.,]\d)\d{0,2}(?:[ ,.\u00a0\u202f]\d{3})+(?!\d)|\d*(?:[.,]\d+)?)")
_CAPWORD = re.compile(r"\b[A-Z\u00c0-\u00de][\w'-]*[\w]|\b[A-Z]\b")


def normalise_number(raw: str) -> str:
    """'24,000' / '24 000' / '24.000' -> '24000'; '1.5' / '1,5' -> '1.5'."""
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", s):
        return re.sub(r"[ ,.]", "", s)
    s = s.replace(",", ".")
    if "." in s:
        s = s.rstrip("0").rstrip(".") or "0"
    return s.lstrip("0") or "0"


def numbers(text: str) -> list[str]:
    return [normalise_number(m.group()) for m in _NUMBER.finditer(text)]


def names(text: str, spans: list[tuple[int, int]] | None = None) -> list[str]:
    """Capitalised words that are not the first word of a sentence, folded.

    Crude on purpose: it needs no model and works across Latin-script
    languages. Sentence-initial words are skipped because there capitals say
    nothing.
    """
    if spans is None:
        spans = sentence_spans(text)
    out: list[str] = []
    for s, e in spans:
        first = True
        for m in _CAPWORD.finditer(text, s, e):
            if first and m.start() - s <= 2:
                first = False
                continue
            first = False
            w = m.group()
            if len(w) < 2:
                continue
            # a capital after an opening quote or a colon starts a sentence too
            before = text[max(s, m.start() - 3) : m.start()].rstrip()
            if before.endswith(('"', "\u201c", "\u00ab", ":", "\u2014", "(")):
                continue
            lw = strip_accents(w.lower())
            if lw in _NOT_NAMES:
                continue
            out.append(lw)
    return out


_MONTHS = {
    m: i + 1
    for names_ in (
        "january february march april may june july august september october november december",
        "jan feb mar apr may jun jul aug sep oct nov dec",
        "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
        "januar februar marz april mai juni juli august september oktober november dezember",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    )
    for i, m in enumerate(names_.split())
}
_MONTHS["sept"] = 9
# Any word then a day, or a day then any word; the word is looked up in
# _MONTHS afterwards (one dict lookup beats a 60-way regex alternation tried
# at every word boundary).
_DATE_MD = re.compile(r"\b([a-z]{3,10})\.?\s+(\d{1,2})(?!\d)")
# (the "not after a digit" check placed after the first digit, as in _NUMBER)
DATE_DM_PATTERN_PLAIN = r"(?<!\d)(\d{1,2})(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?([a-z]{3,10})\b"
_DATE_DM = re.compile(r"(\d(?<!\d\d)\d?)(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?([a-z]{3,10})\b")


def dates(text: str) -> list[str]:
    """Calendar dates written with a month name, as "MM-DD" (any order, five languages)."""
    out = []
    folded = strip_accents(text.lower())
    for m in _DATE_MD.finditer(folded):
        month = _MONTHS.get(m.group(1))
        day = int(m.group(2))
        if month and 1 <= day <= 31:
            out.append(f"{month:02d}-{day:02d}")
    for m in _DATE_DM.finditer(folded):
        month = _MONTHS.get(m.group(2))
        day = int(m.group(1))
        if month and 1 <= day <= 31:
            out.append(f"{month:02d}-{day:02d}")
    return out


def anchors(text: str, spans: list[tuple[int, int]] | None = None) -> set[str]:
    """Numbers ("#24000"), dates ("#d02-03") and proper names ("@manitoba") of a text."""
    out = {"#" + n for n in numbers(text) if n not in _TRIVIAL_NUMBERS}
    out.update("#d" + d for d in dates(text))
    out.update("@" + n for n in names(text, spans))
    return out


# Capitalised words that are not names: function words (capitalised at the
# start of quotes and titles) and calendar words, which change with the
# language (dates are compared by the facts stage, not as anchors).
_NOT_NAMES = frozenset(
    """the a an and or but in on at of to for by with from as this that these those it its he she they we you i
    his her their our my your there here when where what who why how if then so not no yes mr mrs ms dr
    le la les un une des du de et ou mais dans sur pour par avec ce cette ces il elle ils elles nous vous
    je on son sa ses leur leurs chaque selon der die das ein eine und oder mit von zu im el los las y
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout
    septembre octobre novembre decembre""".split()
)

# Small integers are everywhere ("one of the two") and carry no identity.
_TRIVIAL_NUMBERS = frozenset(str(i) for i in range(0, 11))
