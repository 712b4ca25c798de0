/*
 * retold._similarity.lexical_matrices in C: the cosine matrices between two
 * documents' sentences from their sparse term features.
 *
 * retold._similarity._lexical_matrices_numpy is the reference and the
 * fallback where this module was not built; tests/test_similarity.py checks
 * that both give the same matrices. Both compute the same float64
 * operations in the same order: each dot product summed over the shared
 * terms in ascending term order, the merged-sentence dots as the sum of two
 * neighbouring dots, then (dot * 1/norm_a) * 1/norm_b, rounded to 6
 * decimals as numpy rounds (rint(x * 1e6) / 1e6). Built with
 * -ffp-contract=off, so no multiply-add is fused. The one place the two may
 * differ is inside numpy's matrix product, which may sum in another order
 * (BLAS blocking): the last bit of a dot, which the rounding to 6 decimals
 * then almost always removes.
 *
 * Why C: two documents share few terms (a merge of two sorted term lists
 * finds them), while numpy lays both out as dense sentence x vocabulary
 * matrices and multiplies them: 73 microseconds a pair on average over the
 * 43,709 pairs of a 10,000-document scan, against 15 with this module
 * (the Python wrapper's allocations included).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

#include "_buffer.h"

typedef struct {
    Py_buffer terms, rows, weights, inv_norms, inv_merged, inv_sizes;
    Py_ssize_t n, entries;
} features_t;

static void release_features(features_t *f) {
    release_buffer(&f->terms);
    release_buffer(&f->rows);
    release_buffer(&f->weights);
    release_buffer(&f->inv_norms);
    release_buffer(&f->inv_merged);
    release_buffer(&f->inv_sizes);
}

/* a LexicalFeatures object's arrays: terms int64, rows int32, weights
 * float32 (entries), inv_norms and inv_sizes float64 (n), inv_norms_merged
 * float64 (n - 1, or 0) */
static int get_features(PyObject *obj, features_t *f, const char *side) {
    memset(f, 0, sizeof(*f));
    PyObject *o_n = PyObject_GetAttrString(obj, "n");
    if (o_n == NULL)
        return -1;
    f->n = PyLong_AsSsize_t(o_n);
    Py_DECREF(o_n);
    if (f->n < 0) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "%s: a negative sentence count", side);
        return -1;
    }
    static const char *names[6] = {"terms", "rows", "weights", "inv_norms", "inv_norms_merged", "inv_sizes"};
    Py_buffer *views[6] = {&f->terms, &f->rows, &f->weights, &f->inv_norms, &f->inv_merged, &f->inv_sizes};
    static const Py_ssize_t sizes[6] = {8, 4, 4, 8, 8, 8};
    static const char *kinds[6] = {"lq", "il", "f", "d", "d", "d"};
    for (int k = 0; k < 6; k++) {
        PyObject *arr = PyObject_GetAttrString(obj, names[k]);
        if (arr == NULL) {
            release_features(f);
            return -1;
        }
        Py_ssize_t count = k < 3 ? -1 : k == 4 ? (f->n > 1 ? f->n - 1 : 0) : f->n;
        int r = get_buffer(arr, views[k], sizes[k], kinds[k], count, 0, names[k]);
        Py_DECREF(arr);
        if (r < 0) {
            release_features(f);
            return -1;
        }
    }
    f->entries = f->terms.len / 8;
    if (f->rows.len / 4 != f->entries || f->weights.len / 4 != f->entries) {
        PyErr_Format(PyExc_ValueError, "%s: terms, rows and weights differ in length", side);
        release_features(f);
        return -1;
    }
    const int32_t *rows = f->rows.buf;
    for (Py_ssize_t e = 0; e < f->entries; e++)
        if (rows[e] < 0 || rows[e] >= f->n) {
            PyErr_Format(PyExc_ValueError, "%s: a row outside 0..%zd", side, f->n - 1);
            release_features(f);
            return -1;
        }
    return 0;
}

static inline double round6(double x) { return rint(x * 1e6) / 1e6; }

/* matrices(fa, fb, sim, sim_12, sim_21, lex): fills the four float64
 * output arrays (na x nb, na x (nb - 1), (na - 1) x nb, na x nb; a side of
 * fewer than 2 sentences has 0 merged ones). */
static PyObject *matrices(PyObject *self, PyObject *args) {
    PyObject *o_a, *o_b, *o_out[4];
    if (!PyArg_ParseTuple(args, "OOOOOO", &o_a, &o_b, &o_out[0], &o_out[1], &o_out[2], &o_out[3]))
        return NULL;
    features_t fa, fb;
    if (get_features(o_a, &fa, "a") < 0)
        return NULL;
    if (get_features(o_b, &fb, "b") < 0) {
        release_features(&fa);
        return NULL;
    }
    Py_ssize_t na = fa.n, nb = fb.n, ma = na > 1 ? na - 1 : 0, mb = nb > 1 ? nb - 1 : 0;
    Py_buffer out[4] = {{0}};
    Py_ssize_t counts[4] = {na * nb, na * mb, ma * nb, na * nb};
    static const char *out_names[4] = {"sim", "sim_12", "sim_21", "lex"};
    PyObject *result = NULL;
    double *dots = NULL, *shared = NULL;
    for (int k = 0; k < 4; k++)
        if (get_buffer(o_out[k], &out[k], 8, "d", counts[k], 1, out_names[k]) < 0)
            goto done;
    dots = PyMem_Calloc(2 * (size_t)(na * nb) + 1, sizeof(double));
    if (dots == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    shared = dots + na * nb;
    {
        const int64_t *ta = fa.terms.buf, *tb = fb.terms.buf;
        const int32_t *ra = fa.rows.buf, *rb = fb.rows.buf;
        const float *wa = fa.weights.buf, *wb = fb.weights.buf;
        Py_ssize_t x = 0, y = 0;
        /* both term lists are sorted: walk them together; a term's entries
         * (one per sentence that has it) are a run in each */
        while (x < fa.entries && y < fb.entries) {
            if (ta[x] < tb[y]) {
                x++;
                continue;
            }
            if (tb[y] < ta[x]) {
                y++;
                continue;
            }
            int64_t t = ta[x];
            Py_ssize_t x1 = x, y1 = y;
            while (x1 < fa.entries && ta[x1] == t)
                x1++;
            while (y1 < fb.entries && tb[y1] == t)
                y1++;
            for (Py_ssize_t i = x; i < x1; i++)
                for (Py_ssize_t j = y; j < y1; j++) {
                    Py_ssize_t cell = (Py_ssize_t)ra[i] * nb + rb[j];
                    double p = (double)wa[i] * (double)wb[j];
                    dots[cell] += p;
                    shared[cell] += 1.0;
                }
            x = x1;
            y = y1;
        }
    }
    {
        const double *ia = fa.inv_norms.buf, *ib = fb.inv_norms.buf, *ima = fa.inv_merged.buf, *imb = fb.inv_merged.buf;
        const double *sa = fa.inv_sizes.buf, *sb = fb.inv_sizes.buf;
        double *sim = out[0].buf, *s12 = out[1].buf, *s21 = out[2].buf, *lex = out[3].buf;
        for (Py_ssize_t i = 0; i < na; i++) {
            const double *d = dots + i * nb, *c = shared + i * nb;
            for (Py_ssize_t j = 0; j < nb; j++) {
                double v = d[j] * ia[i];
                sim[i * nb + j] = round6(v * ib[j]);
                v = c[j] * sa[i];
                lex[i * nb + j] = round6(v * sb[j]);
            }
            for (Py_ssize_t j = 0; j < mb; j++) {
                double v = (d[j] + d[j + 1]) * ia[i];
                s12[i * mb + j] = round6(v * imb[j]);
            }
            if (i < ma)
                for (Py_ssize_t j = 0; j < nb; j++) {
                    double v = (d[j] + d[j + nb]) * ima[i];
                    s21[i * nb + j] = round6(v * ib[j]);
                }
        }
    }
    Py_INCREF(Py_None);
    result = Py_None;
done:
    PyMem_Free(dots);
    for (int k = 0; k < 4; k++)
        release_buffer(&out[k]);
    release_features(&fa);
    release_features(&fb);
    return result;
}

static PyMethodDef methods[] = {
    {"matrices", matrices, METH_VARARGS,
     "matrices(fa, fb, sim, sim_12, sim_21, lex): the cosine matrices of two LexicalFeatures, into four float64 arrays"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_lexc", NULL, -1, methods};

PyMODINIT_FUNC PyInit__lexc(void) { return PyModule_Create(&module); }
