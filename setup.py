"""The one thing pyproject.toml cannot declare stably: the C extensions.

All are optional: without a C compiler the install goes on, and retold
runs the same code in Python, with the same results.

* ``retold._dpc``: the alignment DP (retold/_dpc.c; in Python
  ``retold._align._dp``, some 14 times slower).
* ``retold._strhash``: MinHash of pre-built shingle strings
  (retold/_strhash.c; in Python ``retold._fingerprint._oph_from_strings``).
* ``retold._lexc``: the lexical cosine matrices of two documents
  (retold/_lexc.c; in Python ``retold._similarity._lexical_matrices_numpy``).
* ``retold._seqmatch``: difflib's matching blocks of two word lists
  (retold/_seqmatch.c; in Python ``difflib`` itself, via ``retold._diff``).
"""

import sys

from setuptools import Extension, setup

FP_STRICT = [] if sys.platform == "win32" else ["-ffp-contract=off"]

BUFFER = ["retold/_buffer.h"]  # buffer checks shared by three of them

setup(
    ext_modules=[
        Extension("retold._dpc", sources=["retold/_dpc.c"], depends=BUFFER, optional=True),
        Extension("retold._strhash", sources=["retold/_strhash.c"], depends=BUFFER, optional=True),
        Extension("retold._seqmatch", sources=["retold/_seqmatch.c"], optional=True),
        # no fused multiply-adds: the same float64 operations as the numpy reference
        Extension("retold._lexc", sources=["retold/_lexc.c"], depends=BUFFER, optional=True, extra_compile_args=FP_STRICT),
    ]
)
