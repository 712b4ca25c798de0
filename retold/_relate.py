"""What two aligned documents are to each other.

Relations (one per linked pair):

``duplicate``   near-identical: both sides covered, near-verbatim
``excerpt``     one is largely a verbatim part of the other
``rewrite``     the same article reworded in the same language
``translation`` the same article in another language
``related``     not the same article: either the same event written
                independently (shares facts: numbers, names, not
                passages), or, with ``reuse == "partial"`` in the
                evidence, an article that reuses passages of the other
                (background paragraphs carried into a follow-up, a quoted
                block) without being a copy of it

A copy must share a *run* of aligned sentences (``min_run``) covering a
good part of the shorter side (``rewrite_coverage``): scattered
single-sentence matches are what two independent reports of one event look
like, so they make a pair ``related`` at most; runs that cover less are
partial reuse, reported with their passages (:func:`reused_passages`) but
not joined into one story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._models import Alignment, Document


@dataclass(frozen=True, slots=True)
class RelateConfig:
    min_run: int = 3  # sentence groups in one passage for a reworded copy
    min_run_verbatim: int = 2
    # a short passage is reuse when its two sides are the same words in the
    # same order (agreement, retold._align.passage_agreement) over this many words
    verbatim_passage: float = 0.9
    min_verbatim_words: int = 12
    duplicate_coverage: float = 0.9
    excerpt_coverage: float = 0.75
    verbatim_share: float = 0.8
    # share of the shorter side a reworded copy covers: a rewrite is the
    # same article, so most of it; measured on BBC + generated copies, true
    # rewrites and edited copies cover >= 0.5 of the shorter side, articles
    # reusing each other's background paragraphs 0.2-0.6
    rewrite_coverage: float = 0.5
    # a document this short (clean characters) that is wholly one verbatim
    # passage of the other is an excerpt even as a single sentence (an
    # aggregator's lead and "read more" line)
    min_excerpt_chars: int = 60
    # a reworded copy says the same thing sentence after sentence; follow-up
    # and background stories share a few half-similar sentences. The floor
    # on the mean aligned similarity depends on the similarity's scale, so
    # it comes from the similarity (``rewrite_similarity``); this is the
    # fallback. With the lexical similarity a floor of 0.75 cost 13% of
    # heavy spins for little precision (docs/benchmarks.md), so it has none.
    rewrite_similarity: float = 0.0
    related_overlap: float = 0.3
    related_min_shared: int = 4
    # shared figures (not years, not small integers) a related report needs:
    # names alone say "same topic", figures say "same event"
    related_min_figures: int = 2


def _base_lang(code: str) -> str:
    return (code or "und").split("-")[0].lower()


def relate(
    a: Document,
    b: Document,
    al: Alignment,
    anchor_overlap: float,
    shared_anchors: frozenset[str] | set[str],
    cfg: RelateConfig = RelateConfig(),
    rewrite_similarity: float | None = None,
) -> tuple[str | None, float, dict[str, Any]]:
    """``(relation or None, score, evidence)`` for an aligned pair."""
    floor = cfg.rewrite_similarity if rewrite_similarity is None else rewrite_similarity
    ca, cb = al.coverage_a, al.coverage_b
    short_cov = ca if a.chars <= b.chars else cb
    same_lang = _base_lang(a.language) == _base_lang(b.language)
    evidence: dict[str, Any] = {
        "longest_run": al.longest_run,
        "verbatim": round(al.verbatim, 3),
        "mean_similarity": round(al.mean_similarity, 3),
        "anchor_overlap": round(anchor_overlap, 3),
        "shared_anchors": len(shared_anchors),
        "same_language": same_lang,
    }
    verbatim = al.verbatim >= cfg.verbatim_share
    short_chars = min(a.chars, b.chars)
    if al.passages:
        if verbatim and same_lang and al.longest_run >= cfg.min_run_verbatim or (
            verbatim and same_lang and min(ca, cb) >= cfg.duplicate_coverage
        ):
            if min(ca, cb) >= cfg.duplicate_coverage:
                return "duplicate", al.score, evidence
            if short_cov >= cfg.excerpt_coverage:
                return "excerpt", al.score, evidence
        if verbatim and same_lang and short_cov >= cfg.duplicate_coverage and short_chars >= cfg.min_excerpt_chars:
            # the whole of a short text, verbatim, inside the other (a
            # one-sentence lead under a "read more" line)
            return ("duplicate" if min(ca, cb) >= cfg.duplicate_coverage else "excerpt"), al.score, evidence
        if (
            al.longest_run >= cfg.min_run
            and short_cov >= cfg.rewrite_coverage
            # across languages similarity sits lower (encoder only); the run
            # and coverage carry the decision there
            and (al.mean_similarity >= floor or not same_lang)
        ):
            return ("rewrite" if same_lang else "translation"), al.score, evidence
        if verbatim and same_lang and al.longest_run >= cfg.min_run_verbatim and short_cov >= cfg.rewrite_coverage:
            # a verbatim run that is neither the whole of either side: an
            # edited copy (paragraphs added on one side, removed on the other)
            return "excerpt", al.score, evidence
        reused = reused_passages(al, a, b, cfg)
        if reused:
            evidence["reuse"] = "partial"
            evidence["reused_passages"] = len(reused)
            return "related", al.score, evidence
    figures = [x for x in shared_anchors if x.startswith("#") and not _is_year(x[1:])]
    evidence["shared_figures"] = len(figures)
    if (
        anchor_overlap >= cfg.related_overlap
        and len(shared_anchors) >= cfg.related_min_shared
        and len(figures) >= cfg.related_min_figures
    ):
        return "related", anchor_overlap, evidence
    return None, 0.0, evidence


def reused_passages(al: Alignment, a: Document, b: Document, cfg: RelateConfig = RelateConfig()) -> list:
    """The passages of ``al`` that are reuse, not coincidence.

    A passage counts when it is a run of at least ``min_run`` aligned
    sentence groups, or when its two sides are the same words in the same
    order (agreement >= ``verbatim_passage``) over ``min_verbatim_words``
    words or more (measured on PAN-13: docs/bench/meaning.md).
    """
    from ._align import passage_agreement

    out = []
    for p in al.passages:
        if len(p.pairs) >= cfg.min_run:
            out.append(p)
            continue
        agreement, words = passage_agreement(p, a.text, b.text)
        if agreement >= cfg.verbatim_passage and words >= cfg.min_verbatim_words:
            out.append(p)
    return out


def _is_year(n: str) -> bool:
    return n.isdigit() and 1800 <= int(n) <= 2100  # dates ("d02-03") are not years
