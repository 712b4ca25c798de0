import numpy as np

from retold._candidates import anchor_pairs, lsh_pairs
from retold._fingerprint import band_keys, signatures
from retold._text import anchors


def test_lsh_pairs_find_near_copies_only():
    base = " ".join(f"word{i}" for i in range(300))
    near = base.replace("word150", "changed")
    far = " ".join(f"other{i}" for i in range(300))
    keys = band_keys(signatures([base, near, far]))
    assert lsh_pairs(keys) == {(0, 1)}


def test_lsh_ignores_empty_documents():
    keys = band_keys(signatures(["", ""]))
    assert lsh_pairs(keys) == set()


def test_anchor_pairs_link_translations_not_topic_neighbours():
    en = "Almost 24,000 people crossed near Emerson, Manitoba, said agent Marek Kowalczyk on Tuesday in Pembina."
    fr = "Près de 24 000 personnes ont traversé près d'Emerson, au Manitoba, a dit l'agent Marek Kowalczyk à Pembina."
    other = "A new port of entry opened in Woodstock, New Brunswick, with 40 officers, said Claire Arsenault."
    filler = [f"Unrelated note number {i} about Toronto and Quebec." for i in range(5)]
    sets = [anchors(t) for t in [en, fr, other, *filler]]
    pairs = anchor_pairs(sets, max_df=50, min_shared=3, min_overlap=0.2)
    assert (0, 1) in pairs
    assert not any(2 in p for p in pairs)


def test_anchor_pairs_drop_stop_anchors():
    sets = [{"@canada", f"#{i}"} for i in range(20)]
    assert anchor_pairs(sets, max_df=5, min_shared=1, min_overlap=0.0) == {}
