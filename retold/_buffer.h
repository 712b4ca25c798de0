/*
 * Buffer checks shared by retold's C extensions (_dpc.c, _lexc.c,
 * _strhash.c): take a C-contiguous buffer of the expected item size, kind
 * and length, or raise a one-line TypeError / ValueError naming the
 * argument. Static inline functions: each extension compiles its own copy.
 */
#ifndef RETOLD_BUFFER_H
#define RETOLD_BUFFER_H

#ifndef PY_SSIZE_T_CLEAN
#define PY_SSIZE_T_CLEAN
#endif
#include <Python.h>
#include <string.h>

/* Fill view from obj: C-contiguous, writable if asked, items of itemsize
 * bytes whose struct format character is one of kinds, count items (any
 * count when count < 0). On failure: -1 with an exception set, and view->obj
 * left NULL so that release_buffer() may be called on it. */
static inline int get_buffer(PyObject *obj, Py_buffer *view, Py_ssize_t itemsize, const char *kinds, Py_ssize_t count,
                      int writable, const char *name) {
    view->obj = NULL;
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0)) < 0) {
        view->obj = NULL;
        return -1;
    }
    const char *f = view->format ? view->format : "B";
    if (*f == '<' || *f == '=' || *f == '@')
        f++;
    if (view->itemsize != itemsize || *f == '\0' || strchr(kinds, *f) == NULL || f[1] != '\0') {
        PyErr_Format(PyExc_TypeError, "%s: a C-contiguous array of %zd-byte items (%s) is needed", name, itemsize, kinds);
        PyBuffer_Release(view);
        view->obj = NULL;
        return -1;
    }
    if (count >= 0 && view->len != count * itemsize) {
        PyErr_Format(PyExc_ValueError, "%s: %zd items expected, got %zd", name, count, view->len / itemsize);
        PyBuffer_Release(view);
        view->obj = NULL;
        return -1;
    }
    return 0;
}

/* Release a view filled by get_buffer (a no-op on one it left empty). */
static inline void release_buffer(Py_buffer *view) {
    if (view->obj != NULL) {
        PyBuffer_Release(view);
        view->obj = NULL;
    }
}

#endif
