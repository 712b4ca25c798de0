"""Stories: documents linked by copy relations, and the likely original.

A story is a connected component of the graph whose edges are copy relations
(duplicate, excerpt, rewrite, translation). ``related`` pairs do not join
stories (independent reports are not copies); they are listed beside.

The likely original is named only with evidence, strongest first:

1. publication dates, when every member has one and one is earliest;
2. credits: copies that attribute the text to an outlet ("originally
   published by X", "(X)", "X/Photographer") point at the member whose own
   byline or source is X;
3. containment: a member that others are excerpts of, and that is not itself
   an excerpt of anyone;
4. the earliest date when only some members are dated.

Otherwise the original is ``None``: a guess would mislead a rights team.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from ._models import COPY_RELATIONS, Document, Pair, Story


def _norm(name: str | None) -> str:
    return " ".join((name or "").lower().replace("the ", " ").split())


def components(ids: Iterable[str], pairs: Iterable[Pair]) -> list[list[str]]:
    parent: dict[str, str] = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if p.relation in COPY_RELATIONS and p.a in parent and p.b in parent:
            ra, rb = find(p.a), find(p.b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in parent:
        groups[find(i)].append(i)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def attributions(doc: Document) -> set[str]:
    """Outlets a document credits other than its own byline/source."""
    own = {_norm(doc.source)} | {_norm(b) for b in doc.bylines}
    return {_norm(c) for c in doc.credits if _norm(c) not in own}


def _containment(members: Mapping[str, Document], pairs: list[Pair]) -> tuple[Counter[str], set[str]]:
    contains: Counter[str] = Counter()
    contained: set[str] = set()
    for p in pairs:
        if p.relation != "excerpt" or p.a not in members or p.b not in members:
            continue
        big, small = (p.a, p.b) if members[p.a].chars >= members[p.b].chars else (p.b, p.a)
        contains[big] += 1
        contained.add(small)
    return contains, contained


def _majority_language(docs: list[Document]) -> str | None:
    langs = Counter((d.language or "und").split("-")[0] for d in docs)
    (top, n), *rest = langs.most_common() or [("und", 0)]
    return top if not rest or n > rest[0][1] else None


def likely_original(members: Mapping[str, Document], pairs: list[Pair]) -> tuple[str | None, str | None]:
    docs = list(members.values())
    # 1. every member dated
    dated = sorted((d.published, d.id) for d in docs if d.published)
    if len(dated) == len(docs) and (len(dated) == 1 or dated[0][0] < dated[1][0]):
        return dated[0][1], f"earliest published ({dated[0][0]})"
    contains, contained = _containment(members, pairs)
    # a member that credits another outlet for the text presents itself as a copy
    attributing = {d.id for d in docs if attributions(d)}
    # 2. credits
    credited = Counter(a for d in docs for a in attributions(d))
    lang = _majority_language(docs)
    for outlet, n in credited.most_common():
        owners = [
            d
            for d in docs
            if d.id not in attributing and (outlet == _norm(d.source) or outlet in {_norm(b) for b in d.bylines})
        ]
        if len(owners) > 1 and lang:
            # a byline survives translation; the copies' language tells which owner wrote first
            owners = [d for d in owners if (d.language or "").split("-")[0] == lang] or owners
        if len(owners) > 1:
            owners = [d for d in owners if d.id not in contained] or owners
        if len(owners) == 1:
            shown = next(c for d in docs for c in d.credits if _norm(c) == outlet)
            return owners[0].id, f"{n} cop{'y' if n == 1 else 'ies'} credit {shown}, its byline/source"
    # 3. containment
    heads = sorted(((n, i) for i, n in contains.items() if i not in contained and i not in attributing), reverse=True)
    if heads and (len(heads) == 1 or heads[0][0] > heads[1][0]):
        n = heads[0][0]
        return heads[0][1], f"contains {n} excerpt{'s' if n > 1 else ''} and is contained in none"
    # 4. partial dates, among members that do not credit someone else
    dated = [x for x in dated if x[1] not in attributing]
    if dated and (len(dated) == 1 or dated[0][0] < dated[1][0]):
        return dated[0][1], f"earliest known date ({dated[0][0]}); {len(docs) - len(dated)} others undated or crediting another outlet"
    return None, None


def build_stories(docs: Mapping[str, Document], pairs: list[Pair]) -> list[Story]:
    comps = components(docs.keys(), pairs)
    by_doc: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_doc[p.a].append(p)
        by_doc[p.b].append(p)
    stories = []
    for comp in comps:
        members = {i: docs[i] for i in comp}
        inner = [p for p in pairs if p.a in members and p.b in members]
        original, reason = likely_original(members, inner)
        related = sorted(
            {(p.b if p.a in members else p.a) for i in comp for p in by_doc[i] if p.relation == "related"}
            - set(comp)
        )
        stories.append(Story(id="", documents=comp, original=original, reason=reason, related=related))
    # biggest stories first; an id names the story's first member, so it stays
    # the same while the story grows (a shareable, stable URL)
    stories.sort(key=lambda s: (-len(s.documents), s.documents[0]))
    for s in stories:
        s.id = story_id(s.documents[0])
    return stories


def story_id(first_member: str) -> str:
    return "s-" + hashlib.blake2b(first_member.encode("utf-8"), digest_size=5).hexdigest()


def pair_original(p: Pair, story_original: str | None, docs: Mapping[str, Document]) -> str | None:
    """Which side of a pair is the original, when we can say."""
    if story_original in (p.a, p.b):
        return story_original
    da, db = docs.get(p.a), docs.get(p.b)
    if da is None or db is None:
        return None
    if da.published and db.published and da.published != db.published:
        return p.a if da.published < db.published else p.b
    if p.relation == "excerpt":
        return p.a if da.chars >= db.chars else p.b
    return None
