/*
 * The sentence-alignment DP of retold._align._dp, in C.
 *
 * retold._align._dp (pure Python) is the reference and the fallback where
 * this module was not built; tests/test_align.py checks that both return
 * the same scores, end cell and backpointers on random matrices. The
 * arithmetic is the same IEEE double additions and comparisons in the same
 * order (no fused or reordered operations: built without -ffast-math), so
 * the results are equal bit for bit, not merely close.
 *
 * Why C: the DP is a loop over cells with a dependency on the cell to the
 * left, which numpy cannot vectorise over a row, and the matrices are small
 * (median 11 x 11 sentences), so numpy over anti-diagonals costs more in
 * call overhead than the Python loop. At 10,000 generated documents the
 * Python loop took about 17% of checking pairs (280 ns a cell).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

#include "_buffer.h"

/* a float64 rows x cols matrix, or None (view->obj and view->buf left NULL) */
static int get_matrix(PyObject *obj, Py_buffer *view, Py_ssize_t rows, Py_ssize_t cols, const char *name) {
    if (obj == Py_None) {
        view->obj = NULL;
        view->buf = NULL;
        return 0;
    }
    return get_buffer(obj, view, sizeof(double), "d", rows * cols, 0, name);
}

/* dp(sim, s12, s21, n, m, thr, gap) -> (best, bi, bj, backpointers)
 *
 * sim: n x m; s12: n x (m - 1) or None; s21: (n - 1) x m or None (float64,
 * C order). backpointers: bytes of (n + 1) x (m + 1), row by row, the codes
 * of retold._align._dp (0 stop, 1 diagonal, 2 one-to-two, 3 two-to-one,
 * 4 up, 5 left). */
static PyObject *dp(PyObject *self, PyObject *args) {
    PyObject *o_sim, *o_s12, *o_s21;
    Py_ssize_t n, m;
    double thr, gap;
    if (!PyArg_ParseTuple(args, "OOOnndd", &o_sim, &o_s12, &o_s21, &n, &m, &thr, &gap))
        return NULL;
    if (n < 0 || m < 0) {
        PyErr_SetString(PyExc_ValueError, "negative size");
        return NULL;
    }
    Py_buffer b_sim, b_12, b_21;
    if (get_matrix(o_sim, &b_sim, n, m, "sim") < 0)
        return NULL;
    if (b_sim.obj == NULL) {
        PyErr_SetString(PyExc_TypeError, "sim: an array is needed");
        return NULL;
    }
    if (get_matrix(o_s12, &b_12, n, m > 0 ? m - 1 : 0, "s12") < 0) {
        release_buffer(&b_sim);
        return NULL;
    }
    if (get_matrix(o_s21, &b_21, n > 0 ? n - 1 : 0, m, "s21") < 0) {
        release_buffer(&b_sim);
        release_buffer(&b_12);
        return NULL;
    }
    const double *sim = (const double *)b_sim.buf;
    const double *s12 = (const double *)b_12.buf;
    const double *s21 = (const double *)b_21.buf;
    Py_ssize_t w = m + 1;
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, (n + 1) * w);
    double *rows = PyMem_Malloc(3 * w * sizeof(double));
    if (bytes == NULL || rows == NULL) {
        Py_XDECREF(bytes);
        PyMem_Free(rows);
        release_buffer(&b_sim);
        release_buffer(&b_12);
        release_buffer(&b_21);
        return PyErr_NoMemory();
    }
    unsigned char *bl = (unsigned char *)PyBytes_AS_STRING(bytes);
    memset(bl, 0, (n + 1) * w);
    double *prev2 = rows, *prev = rows + w, *row = rows + 2 * w;
    for (Py_ssize_t j = 0; j < 3 * w; j++)
        rows[j] = 0.0;
    double best = 0.0;
    Py_ssize_t bi = 0, bj = 0;
    const double neg = -INFINITY;
    for (Py_ssize_t i = 1; i <= n; i++) {
        const double *g11 = sim + (i - 1) * m;
        const double *g12 = s12 != NULL ? s12 + (i - 1) * (m - 1) : NULL;
        const double *g21 = (s21 != NULL && i >= 2) ? s21 + (i - 2) * m : NULL;
        unsigned char *brow = bl + i * w;
        double left = 0.0;
        row[0] = 0.0;
        for (Py_ssize_t j = 1; j <= m; j++) {
            double v = 0.0, x;
            unsigned char k = 0;
            x = prev[j - 1] + (g11[j - 1] - thr);
            if (x > v) { v = x; k = 1; }
            /* one sentence of A with B j-2, j-1 (none in the first column) */
            x = (j >= 2 ? prev[j - 2] : 0.0) + ((g12 != NULL && j >= 2) ? g12[j - 2] - thr : neg);
            if (x > v) { v = x; k = 2; }
            /* A i-2, i-1 with one sentence of B (none in the first row) */
            x = prev2[j - 1] + (g21 != NULL ? g21[j - 1] - thr : neg);
            if (x > v) { v = x; k = 3; }
            x = prev[j] - gap;
            if (x > v) { v = x; k = 4; }
            x = left - gap;
            if (x > v) { v = x; k = 5; }
            row[j] = left = v;
            brow[j] = k;
            if (v > best) { best = v; bi = i; bj = j; }
        }
        double *t = prev2;
        prev2 = prev;
        prev = row;
        row = t;
    }
    PyMem_Free(rows);
    release_buffer(&b_sim);
    release_buffer(&b_12);
    release_buffer(&b_21);
    return Py_BuildValue("dnnN", best, bi, bj, bytes);
}

static PyMethodDef methods[] = {
    {"dp", dp, METH_VARARGS, "dp(sim, s12, s21, n, m, thr, gap) -> (best, bi, bj, backpointers): see retold._align._dp."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_dpc", "The alignment DP in C (see retold._align).", -1, methods};

PyMODINIT_FUNC PyInit__dpc(void) { return PyModule_Create(&module); }
