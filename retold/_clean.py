"""Cleaning: keep the article, drop the wrapping, keep a record of both.

Two kinds of evidence decide that a line is not part of the article:

1. **Patterns** of the genres of wrapping news pages carry: newsletter and
   subscription prompts, "read the full article" links, social-follow lines,
   photo captions and credits, "read also" lines, publisher signatures,
   bylines. They are written as families of phrasings, not as strings of any
   one site.
2. **Corpus statistics** (:class:`LineStats`): a short line that occurs in
   several documents *in different surroundings and different stories* is
   a template (a site's sign-off, a recurring promo). Copies of one article
   also repeat lines, mostly between the same neighbours and always in the
   same story, so counting distinct contexts and stories rather than
   occurrences keeps copied prose from being mistaken for boilerplate.

Credits (who the text is attributed to: "By Jane Doe, Northwind Wire",
"(Reuters)", "REUTERS/Photographer", "told The New York Times") are pulled out
as data: they are evidence for which version is the original.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ._errors import EmptyDocument
from ._models import Document, RawDocument, Removed
from ._text import has_tokens, normalise, paragraph_spans, sentence_spans, tokens, tokens_at_most

# --- patterns ----------------------------------------------------------------
# Each entry: (reason, compiled pattern, max words for the line to qualify).
# The word limit keeps a pattern from eating a real paragraph that happens to
# mention, say, a newsletter.
_I = re.IGNORECASE
_PATTERNS: list[tuple[str, re.Pattern[str], int]] = [
    (
        "read-more link",
        re.compile(
            r"\b(click|tap|go) here\b|\bread (the |our )?(full|whole|complete|original|entire|rest of the) "
            r"(article|story|report|piece)\b|\bcontinue reading\b|^\s*read more\b|\bfull (story|article) "
            r"(at|on|here)\b",
            _I,
        ),
        40,
    ),
    (
        "newsletter prompt",
        re.compile(
            r"^\W*(sign up|signup|subscribe|register|join (our|the) (list|newsletter|mailing))\b|"
            r"\b(newsletters?|in(to)? your inbox|briefing (delivered|straight)|already a (subscriber|member)|"
            r"support (our|independent) journalism|become a (member|subscriber|supporter)|unlock (this|unlimited)|"
            r"create a free account|subscribers? only|start your free trial)\b|"
            r"\b(delivered|sent) (straight )?to your (inbox|phone)\b|^\W*(want|like) (more|this)\b.{0,80}\bsubscribe\b",
            _I,
        ),
        45,
    ),
    (
        "social prompt",
        re.compile(
            r"\bfollow (us|me|our \w+)\b|\b(like|follow|join) us on\b|\bshare (this|on)\b|"
            r"^\W*follow\b.{0,60}\bon (x|twitter|facebook|instagram|tiktok|linkedin|threads|bluesky|youtube)\b|"
            r"\bon (twitter|facebook|instagram|tiktok|linkedin|threads|bluesky|whatsapp|telegram|youtube)\b.*\b(follow|like|join|share)\b|"
            r"^\s*(share|tweet|email|print|whatsapp)(\s*[|/·,]\s*(share|tweet|email|print|facebook|twitter|whatsapp|linkedin))+\s*$",
            _I,
        ),
        30,
    ),
    (
        "photo caption",
        re.compile(
            r"^\s*[\[(]?(?i:photo|image|picture|pictured|file photo|caption|video|graphic|illustration)s?\s*[:)\]-]|"
            r"[\[(](?i:photo|image|picture|file|credit|photograph)s?(?i:\s+by)?\s*:[^()\[\]]*[)\]]\s*$|"
            r"\b(?i:photo|image|picture)s?\s+(?i:by|credit|courtesy)\b|^\s*(?i:credit|photo credit)\s*:|"
            # an agency in capitals, a slash, a photographer: "REUTERS/Jane Smith"
            r"\b[A-Z]{2,}(?: [A-Z]{2,})*/(?:[A-Z][a-z]+(?: [A-Z][a-z]+)*)\s*\)?\s*$|"
            r"^\s*(?i:image|photo|picture|video) (?i:caption|credit|source)\s*:|"
            r"\b(?i:getty images|shutterstock|alamy|via reuters|ap photo|afp photo)\b",
        ),
        45,
    ),
    (
        "related link",
        re.compile(
            r"^\s*(read also|also read|see also|related( stories| articles| coverage)?|more on this( story)?|"
            r"you (may|might) also like|recommended( for you)?|most (read|popular)|read next|watch|listen|"
            r"more from|trending|top stories|editor'?s picks?)\b\s*[:\-–—|>»]",
            _I,
        ),
        40,
    ),
    (
        "publisher signature",
        re.compile(
            r"^\s*(this (story|article|report|piece) (was|is|has been|first) (originally |first )?"
            r"(published|produced|reprinted|republished|appeared|distributed)|originally published|"
            r"(first )?published (by|with permission)|republished (with|under)|copyright\b|©|\(c\)\s*\d{4}|"
            r"all rights reserved|reporting by\b|additional reporting\b|editing by\b|writing by\b|"
            r"contact (the|our) (author|newsroom)|corrections?( and clarifications)?\s*:|"
            r"(source|via|courtesy of)\s*:|excerpt(ed)?\b.{0,40}\b(from|via)\b)|\bsource\s*:\s*[A-Z]|"
            r"\b(republished|reprinted) (under|with|by (permission|arrangement))",
            _I,
        ),
        40,
    ),
    (
        "timestamp",
        re.compile(
            r"^\W*(updated|published|posted|last (updated|modified)|modified)\b.{0,40}"
            r"(\d{1,2}:\d{2}|\d{4}|a\.m\.|p\.m\.|\bago\b|today|yesterday)",
            _I,
        ),
        14,
    ),
    (
        "advertisement",
        re.compile(r"^\s*(advertisement|sponsored( content)?|ad|promoted|skip advertisement|story continues below)\s*$", _I),
        6,
    ),
    (
        "byline",
        re.compile(r"^\s*(?i:by|par|von|por|di)\s+[A-Z\u00c0-\u00de][\w.'-]+(\s+[A-Z\u00c0-\u00de][\w.'-]+){0,3}\s*(,|\bfor\b|\bon\b|\bof\b|\bat\b|\|)?", 0),
        14,
    ),
]

# --- credits -----------------------------------------------------------------
_OUTLET_WORDS = (
    r"(?:Times|Post|News|Wire|Press|Journal|Herald|Tribune|Guardian|Telegraph|Gazette|Chronicle|"
    r"Agency|Agence|Service|Reuters|Bloomberg|Associated Press|AFP|AP|BBC|CNN|Radio|Television|TV|"
    r"Daily|Weekly|Review|Observer|Standard|Mail|Express|Independent|Monitor|Ledger|Courier|Star|Sun|"
    r"Record|Register|Dispatch|Bulletin|Examiner|Inquirer|Globe|Mirror|Post-Gazette|Media|Network)"
)
_NAME = r"[A-Z][\w&.'’-]*(?:\s+(?:of|the|and|&)?\s*[A-Z][\w&.'’-]*){0,5}"
# Keywords match in any case, names only when capitalised (scoped (?i:...)).
_CREDIT_PATTERNS: list[re.Pattern[str]] = [
    # "By Jane Doe, Northwind Wire" / "By Jane Doe ON REUTERS" / "By Jane Doe for The Daily Ledger"
    re.compile(rf"^\s*(?i:by|par|von|por)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){{0,3}}\s*(?:,|(?i:\bon\b|\bfor\b|\bof\b|\bat\b)|\|)\s*(?i:the\s+)?({_NAME})\s*$"),
    # "OTTAWA (Reuters) -" dateline, or a bare "(Northwind Wire)"
    re.compile(rf"^\s*(?:[A-Z][A-Za-z .,'-]{{0,40}}\s)?\(({_NAME})\)\s*(?:[-–—:]|$)"),
    # "REUTERS/Jane Photographer", "(Photo: Northwind Wire/Tom Reyes)"
    re.compile(rf"(?:^|[\s(:])({_NAME})\s*/\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s*\)?\s*$"),
    # "originally published by X", "first appeared on X", "courtesy of X", "Source: X"
    re.compile(rf"(?i:\b(?:published|produced|distributed|reprinted|appeared|ran)\s+(?:by|in|on|at))\s+(?i:the\s+)?({_NAME})"),
    re.compile(rf"(?i:\bcourtesy of|\bsource\s*:)\s+(?i:the\s+)?({_NAME})"),
    # "told The New York Times", "told Reuters": an outlet named as interviewer
    re.compile(rf"\btold\s+((?:The\s+)?(?:[A-Z][\w&.'-]*\s+){{0,4}}{_OUTLET_WORDS})\b"),
    re.compile(rf"(?i:\b(?:read the full (?:article|story)|full (?:article|story))\s+(?:at|on))\s+(?i:the\s+)?({_NAME})"),
]
_NOT_CREDIT = {"photo", "image", "picture", "getty", "file", "the", "us", "me", "here", "staff"}


def _clean_credit(name: str) -> str | None:
    name = re.sub(r"\s+", " ", name).strip(" .,:;-–—'\"()")
    name = re.sub(r"^(the)\s+", "", name, flags=re.I)
    name = re.sub(r"\s+(and|with|in|on|at|for)$", "", name, flags=re.I)
    if len(name) < 2 or name.lower() in _NOT_CREDIT or not name[0].isupper():
        return None
    if name.isupper() and len(name) > 4:
        name = name.title()
    return name


# What each credit pattern cannot match without, as plain substrings of the
# line (``None``: the pattern is anchored at the line start and fails fast
# on its own). Most of the patterns scan every position of a line, and a
# news paragraph nearly always holds a "(" or a "by" (the common hint of all
# of them), so checking each pattern's own words first took the credits of
# a paragraph from 61 to about 14 µs. Keywords are tested on the lower-cased
# line where the pattern reads them in any case.
_CREDIT_NEEDS: list[tuple[bool, tuple[str, ...]] | None] = [
    None,
    None,
    (False, ("/",)),
    (True, ("published", "produced", "distributed", "reprinted", "appeared", "ran")),
    (True, ("courtesy of", "source")),
    (False, ("told",)),
    (True, ("full",)),
]
assert len(_CREDIT_NEEDS) == len(_CREDIT_PATTERNS)


def credits_in(line: str) -> tuple[str, ...]:
    """Names of outlets or agencies a line credits."""
    low = line.lower()
    found: list[str] = []
    for pat, needs in zip(_CREDIT_PATTERNS, _CREDIT_NEEDS):
        if needs is not None:
            lowered, words = needs
            hay = low if lowered else line
            if not any(w in hay for w in words):
                continue
        for m in pat.finditer(line):
            c = _clean_credit(m.group(1))
            if c and c not in found:
                found.append(c)
    return tuple(found)


def credits_in_reference(line: str) -> tuple[str, ...]:
    """:func:`credits_in` without the shortcuts: every pattern on every line."""
    found: list[str] = []
    for pat in _CREDIT_PATTERNS:
        for m in pat.finditer(line):
            c = _clean_credit(m.group(1))
            if c and c not in found:
                found.append(c)
    return tuple(found)


# --- corpus line statistics ---------------------------------------------------


def _h(s: str) -> str:
    return hashlib.blake2b(s.encode("utf-8"), digest_size=8).hexdigest()


def line_key(line: str) -> str | None:
    """Hash of a line's words, or None when the line is too long to be a template."""
    return _key_of_tokens(tokens(line))


def _key_of_tokens(toks: list[str]) -> str | None:
    if not toks or len(toks) > LineStats.MAX_WORDS:
        return None
    return _h(" ".join(toks))


# Words that carry a line's identity through rewording: capitalised words and
# figures, except a sentence's first word (a spinner may swap that one).
_SKELETON = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:[A-Z][\w'-]*|\d[\d.,]*)")


def _story_hashes(lines: list[str], toks: list[list[str] | None], long_words: int, keep: int = 8) -> str:
    """Who a text is, as a short list of hashes that its copies share.

    One hash per long line (longer than any template): the line's
    capitalised words and figures when it has three or more (they survive
    spinning and most rewording), else its words. The ``keep`` smallest
    hashes are kept, sorted (bottom-k sampling, so an excerpt keeps some
    of its original's). Empty for a text without long lines. ``toks``: each
    line's words, or None for a line known to have more than ``long_words``.
    """
    hs = set()
    for line, t in zip(lines, toks):
        if t is None or len(t) > long_words:
            skel = _SKELETON.findall(line)
            hs.add(_h(" ".join(skel) if len(skel) >= 3 else " ".join(tokens(line) if t is None else t))[:8])
    return ",".join(sorted(hs)[:keep])


@dataclass
class LineStats:
    """In how many distinct surroundings, and in how many distinct stories,
    each short line was seen.

    A line's surroundings are its previous and its next line; a line counts
    as a template when it was seen after ``min_contexts`` different lines
    *and* before ``min_contexts`` different lines, *in* ``min_contexts``
    different stories. Boilerplate (a sign-off, a promo) lands between
    arbitrary lines of unrelated articles. A copied sentence keeps at least
    one of its neighbours in most copies, but a story reprinted many times
    (paragraphs reordered, excerpted, spun) gives its short lines many
    neighbours, so the neighbours alone would take a story's lead for a
    template once it has a few such copies. The story test: each
    occurrence records a few hashes of its text's long lines
    (:func:`_story_hashes`); two occurrences sharing two of them are the same
    story. One shared long line (a site's long disclaimer) does not make two
    articles one story.

    Trade-off: the story test needs long lines; an occurrence in a text
    without any counts as a story of its own (the neighbour test alone).
    Contexts written before story hashes existed (no ``s`` entries) keep the
    neighbour test alone.
    """

    # Templates are short ("Get the app for breaking news alerts."); news
    # leads run 20-35 words. Keeping the limit low stops the lead of a story
    # with several differently laid-out copies from passing for a template.
    MAX_WORDS = 15
    min_contexts: int = 3
    contexts: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add_text(self, text: str) -> list[tuple[str, str]]:
        """Count a raw text's lines; return the (line, context) keys added.

        Only lines of at most ``MAX_WORDS`` words are counted, so a line's
        words are listed only as far as needed to know it is longer (most
        of a text is long lines: 0.9 against 1.3 s for 10,000 articles,
        run before any worker starts). :meth:`add_text_reference` is the
        plain definition; a property test holds the two equal."""
        lines = [ln for ln in (l.strip() for l in text.split("\n")) if ln]
        toks = [tokens_at_most(ln, self.MAX_WORDS) for ln in lines]
        return self._count(text, lines, [None if t is None else _key_of_tokens(t) for t in toks],
                           lambda: _story_hashes(lines, toks, self.MAX_WORDS))

    def add_text_reference(self, text: str) -> list[tuple[str, str]]:
        """:meth:`add_text`, every line's words listed."""
        lines = [ln for ln in (l.strip() for l in text.split("\n")) if ln]
        toks = [tokens(ln) for ln in lines]
        return self._count(text, lines, [_key_of_tokens(t) for t in toks],
                           lambda: _story_hashes(lines, toks, self.MAX_WORDS))

    def _count(self, text: str, lines: list[str], keys: list[str | None], story_hashes) -> list[tuple[str, str]]:
        story = None
        added = []
        for i, k in enumerate(keys):
            if k is None:
                continue
            if story is None:
                hs = story_hashes()
                # no long lines: a story of its own (the text's hash keeps it one entry per text)
                story = "s" + (hs or "#" + _h(text.lower()))
            prev = "p" + (_h(lines[i - 1].lower()) if i else "^")
            nxt = "n" + (_h(lines[i + 1].lower()) if i + 1 < len(lines) else "$")
            for ctx in (prev, nxt, story):
                if ctx not in self.contexts[k]:
                    self.contexts[k].add(ctx)
                    added.append((k, ctx))
        return added

    def add_pairs(self, pairs: Iterable[tuple[str, str]]) -> None:
        for k, ctx in pairs:
            self.contexts[k].add(ctx)

    def repeated(self, line: str, words: list[str] | None = None) -> int:
        """In how many surroundings and stories the line was seen, when that
        makes it a template, else 0. ``words``: ``tokens(line)``, when known."""
        k = line_key(line) if words is None else _key_of_tokens(words)
        if k is None:
            return 0
        ctx = self.contexts.get(k, ())
        n = min(sum(1 for c in ctx if c[0] == "p"), sum(1 for c in ctx if c[0] == "n"))
        if n < self.min_contexts:
            return 0
        stories = sorted(c[1:] for c in ctx if c[0] == "s")
        if stories:
            n = min(n, _distinct_stories(stories, self.min_contexts))
        return n if n >= self.min_contexts else 0


def _distinct_stories(entries: list[str], enough: int) -> int:
    """How many of the occurrences' stories differ (at least ``enough`` is
    enough to know): greedy, in the given order; an occurrence joins the
    first story it shares two hashes with (one, when either has only one)."""
    seen: list[set[str]] = []
    for e in entries:
        if e.startswith("#"):
            seen.append(set())
            continue
        hs = set(e.split(","))
        if not any(len(hs & s) >= min(2, len(hs), len(s)) for s in seen if s):
            seen.append(hs)
            if len(seen) >= enough:
                break
    return len(seen)


# --- cleaning -----------------------------------------------------------------


# Chinese, Japanese and Korean characters (han, kana, hangul): text written
# without spaces, where a word is about two characters
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _word_count(line: str) -> int:
    """Words of a line: whitespace-separated, or for CJK text about one per two characters."""
    n = len(line.split())
    if n * 8 < len(line):  # few spaces for its length: maybe CJK
        n = max(n, len(_CJK.findall(line)) // 2)
    return n


def _pattern_reason(line: str) -> str | None:
    """The reason the line patterns give to drop a line, or None. (Not
    cached: a line is a paragraph, and a cache big enough to keep a story's
    paragraphs until its copies come cost more memory than the 1-2 s it
    saved at 10,000 documents.)"""
    words = _word_count(line)
    for reason, pat, max_words in _PATTERNS:
        if words <= max_words and pat.search(line):
            return reason
    if re.fullmatch(r"[\W_]+", line):
        return "decoration"
    return None


def classify_line(line: str, title: str | None = None, stats: LineStats | None = None,
                  words: list[str] | None = None) -> str | None:
    """The reason a line is not article text, or None to keep it.
    ``words``: ``tokens(line)``, when the caller has them."""
    bare = line.strip("*_ ")
    reason = _pattern_reason(bare)
    if reason is not None:
        return reason
    if stats is not None:
        # the caller's words are this line's unless stripping took an
        # underscore (a word character) off its ends
        n = stats.repeated(bare, words if bare is line else None)
        if n:
            return f"template line (seen in {n} different places)"
    return None


#: Characters of a text that language identification reads first.
#: py3langid walks its byte DFA in a Python loop, so its cost grows with the
#: length, and it was among the costliest steps of cleaning. A lead made of
#: names and figures (a sports line-up) says little about the language:
#: when py3langid's probability for its answer on the short lead is under
#: :data:`LANGUAGE_SURE`, the text is classified again from
#: :data:`LANGUAGE_LEAD_LONG` characters. On 3,531 news texts of 10 languages
#: (SemEval-2022 Task 8 and BBC, languages from the data) this names 3,526
#: right, as 600 characters alone do, at 0.26 instead of 0.41 ms a text (65
#: texts read twice); 300 characters alone named 3,524, and a shuffled copy
#: of a BBC report opening with two line-ups came out Bikol (p 0.15; English,
#: p 0.96, from 600).
LANGUAGE_LEAD = 300
LANGUAGE_LEAD_LONG = 600
LANGUAGE_SURE = 0.9


def detect_language(text: str) -> str:
    """ISO 639-1 code by py3langid (its normalised-probability model), from
    the text's first :data:`LANGUAGE_LEAD` characters, or more when that is
    not enough to be sure."""
    lang, p = _language_of(text[:LANGUAGE_LEAD])
    if p < LANGUAGE_SURE and len(text) > LANGUAGE_LEAD:
        lang, _p = _language_of(text[:LANGUAGE_LEAD_LONG])
    return lang


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=4096)
def _language_of(lead: str) -> tuple[str, float]:
    """py3langid's answer and its probability for a text's lead (cached:
    reprints of a story that open the same way are classified once)."""
    lang, p = _identifier().classify(lead)
    return lang, float(p)


# --- hard-wrapped text ------------------------------------------------------------
# Plain text wrapped at a fixed width (wire copy, e-mail, text extracted from
# PDFs or web pages) breaks lines in mid-sentence. Every line would become a
# sentence fragment, and two copies of one text, wrapped at different places,
# would share no sentence. A text is taken as hard-wrapped when a good share
# of its line breaks fall where a sentence cannot end: the line ends without
# closing punctuation and the next one goes on in lower case. Its lines are
# then joined into paragraphs where a line breaks in mid-sentence: it ends
# without closing punctuation and either runs to about the wrapping width or
# is carried on in lower case. A line that ends a sentence, or a short one
# (the end of a paragraph, a heading, an item of a list), keeps its break, as
# does a line before a bullet.

_LINE_END = re.compile(r"[.!?:;\"'\u201d\u2019)\]]$")
_BULLET = re.compile(r"[-*\u2022\u00b7\u2013\u2014]\s")
WRAPPED_SHARE = 0.3  # share of line breaks in mid-sentence that marks a wrapped text
MIN_WRAP_WIDTH = 50  # a text whose lines are shorter than this is a list, not prose
SHORT_LINE = 0.6  # a line under this share of the wrapping width ends its paragraph


def _continues(line: str, nxt: str) -> bool:
    """``nxt`` carries on the sentence ``line`` leaves open (a wrap in mid-sentence)."""
    return not _LINE_END.search(line) and nxt[:1].islower()


def unwrap_lines(lines: list[str]) -> list[str]:
    """Lines of a hard-wrapped text joined into paragraphs; other texts' lines as they are.

    ``lines``: normalised lines (stripped; empty ones separate paragraphs).
    A joined paragraph is its lines joined by single spaces, in order, so
    each output line is the concatenation of consecutive input lines.
    """
    breaks = continued = 0
    lengths = []
    for k, line in enumerate(lines):
        if not line:
            continue
        lengths.append(len(line))
        if k + 1 < len(lines) and lines[k + 1]:
            breaks += 1
            continued += _continues(line, lines[k + 1])
    if continued < 2 or continued < WRAPPED_SHARE * breaks:
        return lines
    lengths.sort()
    width = lengths[int(0.8 * (len(lengths) - 1))]
    if width < MIN_WRAP_WIDTH:
        return lines
    out: list[str] = []
    cur = ""
    for line in lines:
        if not line:
            if cur:
                out.append(cur)
                cur = ""
            out.append(line)
            continue
        if cur and (
            _continues(prev, line)
            or (len(prev) >= SHORT_LINE * width and not _LINE_END.search(prev) and not _BULLET.match(line))
        ):
            cur += " " + line
        else:
            if cur:
                out.append(cur)
            cur = line
        prev = line
    if cur:
        out.append(cur)
    return out


def clean(raw: RawDocument, stats: LineStats | None = None) -> Document:
    """Turn a raw record into a clean :class:`Document`. Pure: no I/O.

    Raises :class:`EmptyDocument` when nothing of the article is left.
    """
    text = normalise(raw.text)
    title = normalise(raw.title).strip() if raw.title else None
    kept: list[str] = []
    removed: list[Removed] = []
    credits: list[str] = []
    bylines: list[str] = []
    seen: set[str] = set()
    title_key = " ".join(tokens(title)) if title else None
    for line in unwrap_lines(text.split("\n")):
        if not line:
            continue
        for c in credits_in(line):
            if c not in credits:
                credits.append(c)
        words = tokens(line)
        key = " ".join(words)
        reason = classify_line(line, title, stats, words)
        if reason == "byline":
            bylines.extend(c for c in credits_in(line) if c not in bylines)
        if reason is None and title_key and key == title_key:
            reason = "repeated title"
        if reason is None and key in seen and len(key.split()) <= 20:
            reason = "repeated line"
        if reason is not None:
            removed.append(Removed(line, reason))
            continue
        seen.add(key)
        # a dateline credit "OTTAWA (Reuters) - ..." stays in the text
        kept.append(line)
    clean_text = "\n".join(kept)
    if not clean_text.strip() or not has_tokens(clean_text):
        raise EmptyDocument("no article text left after cleaning", path=raw.origin)
    language = (raw.language or "").strip().lower()[:8] or detect_language(clean_text)
    return Document(
        id=raw.id,
        text=clean_text,
        title=title,
        language=language,
        url=raw.url,
        published=_iso_date(raw.published),
        source=raw.source,
        credits=credits,
        removed=removed,
        bylines=bylines,
        sentences=sentence_spans(clean_text),
        paragraphs=paragraph_spans(clean_text),
        content_hash=raw.content_hash,
        origin=raw.origin,
    )


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")


def _iso_date(value: str | None) -> str | None:
    """Keep ISO dates (and date-times) in a canonical form; pass others through."""
    if not value:
        return None
    m = _DATE.search(value)
    if not m:
        return value.strip() or None
    y, mo, d, hh, mm, ss = m.groups()
    if hh is None:
        return f"{y}-{mo}-{d}"
    return f"{y}-{mo}-{d}T{hh}:{mm}:{ss or '00'}"
