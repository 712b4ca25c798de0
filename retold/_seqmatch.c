/*
 * difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks(),
 * in C, for the word diffs of retold._transform and retold._align.
 *
 * retold._diff.matching_blocks falls back to difflib itself where this
 * module was not built; tests/test_diff.py checks that both give the same
 * blocks on random word lists (many repeated words, so that ties between
 * equally long matches are common).
 *
 * The same algorithm as difflib's (Ratcliff and Obershelp's "gestalt
 * pattern matching", as difflib implements it): the longest matching block
 * in a range (earliest in a, then earliest in b, among the longest), then
 * the same in the ranges to its left and right; blocks sorted and adjacent
 * ones joined; (len(a), len(b), 0) last. Without junk and without autojunk
 * every element of b is indexed, as in difflib with autojunk=False.
 *
 * Why C: a changed sentence pair is a few dozen words, and difflib's setup
 * (indexing b in a dict of lists) and its dict-based inner loop cost 36
 * microseconds on a pair of 20-word sentences in Python (2.4 here); at
 * 10,000 generated documents the word diffs of rewritten copies were about
 * a tenth of checking pairs.
 *
 * Elements are compared as difflib compares them: by hash and equality, via
 * a dict mapping each distinct element to a small integer.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>

typedef struct {
    Py_ssize_t i, j, k;
} block_t;

typedef struct {
    const Py_ssize_t *a, *b;     /* element ids */
    const Py_ssize_t *first, *pos; /* CSR: positions in b of id v are pos[first[v] .. first[v+1]) ascending */
    Py_ssize_t *len0, *len1;     /* two rows of j2len, indexed by j */
    Py_ssize_t *stamp0, *stamp1; /* which row each entry belongs to */
    Py_ssize_t rows;             /* rows handed out so far (stamps) */
} matcher_t;

/* difflib's find_longest_match(alo, ahi, blo, bhi) without junk */
static block_t longest(matcher_t *m, Py_ssize_t alo, Py_ssize_t ahi, Py_ssize_t blo, Py_ssize_t bhi) {
    Py_ssize_t besti = alo, bestj = blo, bestsize = 0;
    Py_ssize_t *plen = m->len0, *pstamp = m->stamp0, *clen = m->len1, *cstamp = m->stamp1;
    Py_ssize_t prev_row = -1; /* no entry has this stamp: the first row reads nothing */
    for (Py_ssize_t i = alo; i < ahi; i++) {
        Py_ssize_t row = ++m->rows, v = m->a[i];
        for (Py_ssize_t q = m->first[v]; q < m->first[v + 1]; q++) {
            Py_ssize_t j = m->pos[q];
            if (j < blo)
                continue;
            if (j >= bhi)
                break;
            Py_ssize_t k = (j > 0 && pstamp[j - 1] == prev_row) ? plen[j - 1] + 1 : 1;
            clen[j] = k;
            cstamp[j] = row;
            if (k > bestsize) {
                besti = i - k + 1;
                bestj = j - k + 1;
                bestsize = k;
            }
        }
        prev_row = row;
        Py_ssize_t *t = plen;
        plen = clen;
        clen = t;
        t = pstamp;
        pstamp = cstamp;
        cstamp = t;
    }
    /* difflib then extends the match over equal neighbours, for junk: with
     * every element of b indexed, the match found is already maximal in the
     * range (its run of j2len stops only at a range edge or a mismatch), so
     * that step is left out */
    block_t r = {besti, bestj, bestsize};
    return r;
}

static int by_position(const void *x, const void *y) {
    const block_t *p = x, *q = y;
    if (p->i != q->i)
        return p->i < q->i ? -1 : 1;
    if (p->j != q->j)
        return p->j < q->j ? -1 : 1;
    return (p->k > q->k) - (p->k < q->k);
}

/* ids of the elements of seq (a list or tuple), through the dict ids */
static int to_ids(PyObject *seq, PyObject *ids, Py_ssize_t *out) {
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t x = 0; x < n; x++) {
        PyObject *next = PyLong_FromSsize_t(PyDict_GET_SIZE(ids));
        if (next == NULL)
            return -1;
        PyObject *id = PyDict_SetDefault(ids, items[x], next); /* borrowed */
        Py_DECREF(next);
        if (id == NULL)
            return -1;
        out[x] = PyLong_AsSsize_t(id);
    }
    return 0;
}

static int append(PyObject *list, Py_ssize_t i, Py_ssize_t j, Py_ssize_t k) {
    PyObject *t = Py_BuildValue("(nnn)", i, j, k);
    if (t == NULL)
        return -1;
    int r = PyList_Append(list, t);
    Py_DECREF(t);
    return r;
}

/* matching_blocks(a, b) -> [(i, j, size), ...] */
static PyObject *matching_blocks(PyObject *self, PyObject *args) {
    PyObject *o_a, *o_b, *sa = NULL, *sb = NULL, *ids = NULL, *result = NULL;
    void *mem = NULL;
    if (!PyArg_ParseTuple(args, "OO", &o_a, &o_b))
        return NULL;
    if ((sa = PySequence_Fast(o_a, "a: a sequence is needed")) == NULL)
        goto done;
    if ((sb = PySequence_Fast(o_b, "b: a sequence is needed")) == NULL)
        goto done;
    if ((ids = PyDict_New()) == NULL)
        goto done;
    Py_ssize_t la = PySequence_Fast_GET_SIZE(sa), lb = PySequence_Fast_GET_SIZE(sb);
    Py_ssize_t most = (la < lb ? la : lb) + 1; /* blocks found, and ranges waiting, at most */
    /* one allocation: a, b, first (la + lb + 2), pos, two rows and two stamp rows of lb, blocks, ranges */
    size_t words = (size_t)la + lb + (la + lb + 2) + lb + 4 * (size_t)lb;
    mem = PyMem_Malloc(words * sizeof(Py_ssize_t) + most * sizeof(block_t) + 4 * most * sizeof(Py_ssize_t) + 1);
    if (mem == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t *a = mem, *b = a + la, *first = b + lb, *pos = first + la + lb + 2;
    matcher_t m = {a, b, first, pos, pos + lb, pos + 2 * lb, pos + 3 * lb, pos + 4 * lb, 0};
    block_t *blocks = (block_t *)(pos + 5 * lb);
    Py_ssize_t *ranges = (Py_ssize_t *)(blocks + most);
    if (to_ids(sb, ids, b) < 0 || to_ids(sa, ids, a) < 0)
        goto done;
    Py_ssize_t nids = PyDict_GET_SIZE(ids); /* ids of b come first: those of a alone have no positions */
    memset(first, 0, (nids + 1) * sizeof(Py_ssize_t));
    for (Py_ssize_t j = 0; j < lb; j++)
        first[b[j] + 1]++;
    for (Py_ssize_t v = 0; v < nids; v++)
        first[v + 1] += first[v];
    for (Py_ssize_t j = 0; j < lb; j++) /* fill, then shift back: first[v] ends where v + 1 starts */
        pos[first[b[j]]++] = j;
    for (Py_ssize_t v = nids; v > 0; v--)
        first[v] = first[v - 1];
    first[0] = 0;
    memset(m.stamp0, 0, 2 * lb * sizeof(Py_ssize_t)); /* stamps of rows start at 1 */

    Py_ssize_t nblocks = 0, top = 1; /* a stack of ranges (alo, ahi, blo, bhi) to search, as difflib's queue */
    ranges[0] = 0, ranges[1] = la, ranges[2] = 0, ranges[3] = lb;
    while (top > 0) {
        top--;
        Py_ssize_t alo = ranges[4 * top], ahi = ranges[4 * top + 1], blo = ranges[4 * top + 2], bhi = ranges[4 * top + 3];
        block_t x = longest(&m, alo, ahi, blo, bhi);
        if (x.k) {
            blocks[nblocks++] = x;
            if (alo < x.i && blo < x.j) {
                Py_ssize_t *r = ranges + 4 * top++;
                r[0] = alo, r[1] = x.i, r[2] = blo, r[3] = x.j;
            }
            if (x.i + x.k < ahi && x.j + x.k < bhi) {
                Py_ssize_t *r = ranges + 4 * top++;
                r[0] = x.i + x.k, r[1] = ahi, r[2] = x.j + x.k, r[3] = bhi;
            }
        }
    }
    qsort(blocks, nblocks, sizeof(block_t), by_position);
    if ((result = PyList_New(0)) == NULL)
        goto done;
    Py_ssize_t i1 = 0, j1 = 0, k1 = 0; /* adjacent blocks joined, as difflib does */
    for (Py_ssize_t q = 0; q < nblocks; q++) {
        if (i1 + k1 == blocks[q].i && j1 + k1 == blocks[q].j) {
            k1 += blocks[q].k;
            continue;
        }
        if (k1 && append(result, i1, j1, k1) < 0)
            goto fail;
        i1 = blocks[q].i, j1 = blocks[q].j, k1 = blocks[q].k;
    }
    if ((k1 && append(result, i1, j1, k1) < 0) || append(result, la, lb, 0) < 0)
        goto fail;
    goto done;
fail:
    Py_CLEAR(result);
done:
    PyMem_Free(mem);
    Py_XDECREF(sa);
    Py_XDECREF(sb);
    Py_XDECREF(ids);
    return result;
}

static PyMethodDef methods[] = {
    {"matching_blocks", matching_blocks, METH_VARARGS,
     "matching_blocks(a, b): difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() as (i, j, size) tuples"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_seqmatch", NULL, -1, methods};

PyMODINIT_FUNC PyInit__seqmatch(void) { return PyModule_Create(&module); }
