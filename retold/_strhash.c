/*
 * One-permutation MinHash of documents given as pre-built shingle strings,
 * in C: retold._fingerprint.signatures_from_shingles.
 *
 * retold._fingerprint.string_hash and _oph_from_strings (pure Python) are
 * the definition and the fallback where this module was not built;
 * tests/test_fingerprint.py checks both give the same hashes and the same
 * signatures, bit for bit, on random strings (ASCII, other scripts, lone
 * surrogates, bytes).
 *
 * Why C: the input is a million Python strings, and hashing them is a loop
 * over Python objects that numpy cannot vectorise (joining them into one
 * array first costs more than rensa's whole sketch), while the loop here
 * reads an ASCII string's characters where they are, with no copy.
 *
 * The string hash (defined in Python by retold._fingerprint.string_hash)
 * is built on one step, mum(a, b) = the two 64-bit halves of the 128-bit
 * product a * b xor-ed, as in wyhash (Wang Yi, public domain): a string of
 * n bytes is read as two 64-bit words (overlapping loads for 8-16 bytes,
 * two 32-bit loads for 4-7, three bytes for 1-3) after one mum per 16-byte
 * block of longer strings, and finished with two mums that fold in the
 * length. Two or three multiplications for a 27-byte shingle, and they can
 * run in parallel across shingles.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "_buffer.h"

#define GOLDEN 0x9E3779B97F4A7C15ULL
#define K1 0xD6E8FEB86659FD93ULL
#define K2 0xFF51AFD7ED558CCDULL
#define EMPTY 0xFFFFFFFFFFFFFFFFULL
#define VAL_MASK ((((uint64_t)1) << 57) - 1) /* retold._fingerprint._VAL_MASK */

static inline uint64_t load64(const unsigned char *p) {
    uint64_t c;
    memcpy(&c, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    c = __builtin_bswap64(c);
#endif
    return c;
}

static inline uint64_t load32(const unsigned char *p) {
    uint32_t c;
    memcpy(&c, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    c = __builtin_bswap32(c);
#endif
    return c;
}

/* the 128-bit product of a and b, its two halves xor-ed */
static inline uint64_t mum(uint64_t a, uint64_t b) {
#ifdef __SIZEOF_INT128__
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
#else /* schoolbook on 32-bit halves, for compilers without a 128-bit type */
    uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
    uint64_t lo = (mid << 32) | (uint32_t)ll;
    uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return lo ^ hi;
#endif
}

static inline uint64_t hash_bytes(const unsigned char *p, Py_ssize_t n) {
    uint64_t s = (uint64_t)n * GOLDEN, a, b;
    if (n <= 16) {
        if (n >= 8) {
            a = load64(p);
            b = load64(p + n - 8);
        } else if (n >= 4) {
            a = load32(p);
            b = load32(p + n - 4);
        } else if (n > 0) {
            a = ((uint64_t)p[0] << 16) | ((uint64_t)p[n >> 1] << 8) | p[n - 1];
            b = 0;
        } else {
            a = b = 0;
        }
    } else {
        const unsigned char *q = p;
        Py_ssize_t left = n;
        for (; left > 16; left -= 16, q += 16)
            s = mum(load64(q) ^ K1, load64(q + 8) ^ s);
        a = load64(p + n - 16);
        b = load64(p + n - 8);
    }
    return mum(mum(a ^ K1, b ^ s) ^ K2, (uint64_t)n ^ K1);
}

/* The hash of one shingle (str: its UTF-8 bytes, lone surrogates passed
 * through; bytes, bytearray or memoryview: its bytes). -1 with an exception set
 * on a wrong type; *out gets the hash. */
static int hash_item(PyObject *o, uint64_t *out) {
    if (PyUnicode_Check(o)) {
        if (PyUnicode_IS_COMPACT_ASCII(o)) {
            *out = hash_bytes((const unsigned char *)PyUnicode_DATA(o), PyUnicode_GET_LENGTH(o));
            return 0;
        }
        PyObject *b = PyUnicode_AsEncodedString(o, "utf-8", "surrogatepass");
        if (b == NULL)
            return -1;
        *out = hash_bytes((const unsigned char *)PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b));
        Py_DECREF(b);
        return 0;
    }
    if (PyBytes_Check(o)) {
        *out = hash_bytes((const unsigned char *)PyBytes_AS_STRING(o), PyBytes_GET_SIZE(o));
        return 0;
    }
    if (PyByteArray_Check(o) || PyMemoryView_Check(o)) { /* the types retold._fingerprint._oph_from_strings takes */
        Py_buffer view;
        if (PyObject_GetBuffer(o, &view, PyBUF_SIMPLE) < 0)
            return -1;
        *out = hash_bytes((const unsigned char *)view.buf, view.len);
        PyBuffer_Release(&view);
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "a shingle must be str or bytes, not %.100s", Py_TYPE(o)->tp_name);
    return -1;
}

/* a writable C-contiguous uint64 array of count items */
static int get_out(PyObject *obj, Py_buffer *view, Py_ssize_t count) {
    return get_buffer(obj, view, 8, "QLK", count, 1, "out");
}

/* hashes(strings, out): out[i] = the hash of strings[i] (uint64). */
static PyObject *hashes(PyObject *self, PyObject *args) {
    PyObject *o_seq, *o_out;
    if (!PyArg_ParseTuple(args, "OO", &o_seq, &o_out))
        return NULL;
    PyObject *seq = PySequence_Fast(o_seq, "strings: a sequence is needed");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    Py_buffer view;
    if (get_out(o_out, &view, n) < 0) {
        Py_DECREF(seq);
        return NULL;
    }
    uint64_t *out = (uint64_t *)view.buf;
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (hash_item(items[i], out + i) < 0) {
            PyBuffer_Release(&view);
            Py_DECREF(seq);
            return NULL;
        }
    }
    PyBuffer_Release(&view);
    Py_DECREF(seq);
    Py_RETURN_NONE;
}

/* oph(shingle_sets, out, bits): one-permutation MinHash of each document,
 * before densification. out: n x 2**bits uint64, filled with all ones by the
 * caller; a shingle's hash h goes to bin h >> (64 - bits) with the value
 * h & (2**(64 - bits) - 1), and each bin keeps its minimum. */
static PyObject *oph(PyObject *self, PyObject *args) {
    PyObject *o_sets, *o_out;
    int bits;
    if (!PyArg_ParseTuple(args, "OOi", &o_sets, &o_out, &bits))
        return NULL;
    if (bits < 1 || bits > 16) {
        PyErr_SetString(PyExc_ValueError, "bits: 1 to 16");
        return NULL;
    }
    PyObject *sets = PySequence_Fast(o_sets, "shingle_sets: a sequence of documents is needed");
    if (sets == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(sets), width = (Py_ssize_t)1 << bits;
    Py_buffer view;
    if (get_out(o_out, &view, n * width) < 0) {
        Py_DECREF(sets);
        return NULL;
    }
    const int shift = 64 - bits;
    const uint64_t vmask = (((uint64_t)1) << shift) - 1;
    uint64_t *row = (uint64_t *)view.buf;
    PyObject **docs = PySequence_Fast_ITEMS(sets);
    for (Py_ssize_t d = 0; d < n; d++, row += width) {
        PyObject *doc = docs[d];
        if (PyUnicode_Check(doc) || PyBytes_Check(doc)) {
            PyErr_Format(PyExc_TypeError, "document %zd: a sequence of shingles is needed, not one string", d);
            goto fail;
        }
        PyObject *items = PySequence_Fast(doc, "a document must be a sequence of shingles");
        if (items == NULL)
            goto fail;
        Py_ssize_t m = PySequence_Fast_GET_SIZE(items);
        PyObject **it = PySequence_Fast_ITEMS(items);
        for (Py_ssize_t k = 0; k < m; k++) {
            uint64_t h;
            if (k + 6 < m)
                __builtin_prefetch(it[k + 6]);
            if (hash_item(it[k], &h) < 0) {
                Py_DECREF(items);
                goto fail;
            }
            uint64_t *cell = row + (h >> shift);
            if ((h & vmask) < *cell)
                *cell = h & vmask;
        }
        Py_DECREF(items);
    }
    PyBuffer_Release(&view);
    Py_DECREF(sets);
    Py_RETURN_NONE;
fail:
    PyBuffer_Release(&view);
    Py_DECREF(sets);
    return NULL;
}

/* densify(out, bits): rotation densification of each row's empty bins (all
 * ones), as retold._fingerprint._densify: an empty bin takes the first
 * non-empty bin s steps to its right (cyclically) plus s * GOLDEN, masked to
 * 57 bits (_VAL_MASK). Rows with no value stay empty. */
static PyObject *densify(PyObject *self, PyObject *args) {
    PyObject *o_out;
    int bits;
    if (!PyArg_ParseTuple(args, "Oi", &o_out, &bits))
        return NULL;
    if (bits < 1 || bits > 16) {
        PyErr_SetString(PyExc_ValueError, "bits: 1 to 16");
        return NULL;
    }
    Py_buffer view;
    Py_ssize_t width = (Py_ssize_t)1 << bits;
    if (get_buffer(o_out, &view, 8, "QLK", -1, 1, "out") < 0)
        return NULL;
    if (view.len % (width * 8) != 0) {
        PyErr_Format(PyExc_ValueError, "out: rows of %zd uint64 values expected", width);
        PyBuffer_Release(&view);
        return NULL;
    }
    Py_ssize_t n = view.len / (width * 8);
    uint64_t *row = (uint64_t *)view.buf;
    for (Py_ssize_t d = 0; d < n; d++, row += width) {
        Py_ssize_t last = -1; /* a non-empty bin, if any */
        for (Py_ssize_t b = width - 1; b >= 0; b--)
            if (row[b] != EMPTY) {
                last = b;
                break;
            }
        if (last < 0)
            continue;
        /* walk leftwards from the last non-empty bin, cyclically: every
         * empty bin met takes the nearest non-empty bin to its right */
        Py_ssize_t next = last;
        for (Py_ssize_t s = 1; s < width; s++) {
            Py_ssize_t b = (last - s + width) % width;
            if (row[b] != EMPTY)
                next = b;
            else {
                Py_ssize_t step = (next - b + width) % width;
                row[b] = (row[next] + GOLDEN * (uint64_t)step) & VAL_MASK;
            }
        }
    }
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"hashes", hashes, METH_VARARGS, "hashes(strings, out): the 64-bit hash of each string (see retold._fingerprint.string_hash)"},
    {"densify", densify, METH_VARARGS, "densify(out, bits): rotation densification of empty bins, in place"},
    {"oph", oph, METH_VARARGS, "oph(shingle_sets, out, bits): one-permutation MinHash bins of each document"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_strhash", NULL, -1, methods};

PyMODINIT_FUNC PyInit__strhash(void) { return PyModule_Create(&module); }
