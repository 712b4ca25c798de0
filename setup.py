"""The one thing pyproject.toml cannot declare stably: the C extensions.

Both are optional: without a C compiler the install goes on, and retold
runs the same code in Python, with the same results.

* ``retold._dpc``: the alignment DP (retold/_dpc.c; in Python
  ``retold._align._dp``, some 14 times slower).
* ``retold._strhash``: MinHash of pre-built shingle strings
  (retold/_strhash.c; in Python ``retold._fingerprint._oph_from_strings``).
* ``retold._seqmatch``: difflib's matching blocks of two word lists
  (retold/_seqmatch.c; in Python ``difflib`` itself, via ``retold._diff``).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("retold._dpc", sources=["retold/_dpc.c"], optional=True),
        Extension("retold._strhash", sources=["retold/_strhash.c"], optional=True),
        Extension("retold._seqmatch", sources=["retold/_seqmatch.c"], optional=True),
    ]
)
