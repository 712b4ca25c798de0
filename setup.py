"""The one thing pyproject.toml cannot declare stably: the C extension.

``retold._dpc`` is the alignment DP in C (retold/_dpc.c). It is optional:
without a C compiler the install goes on, and retold runs the same DP in
Python (``retold._align._dp``; the same results, some 14 times slower).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("retold._dpc", sources=["retold/_dpc.c"], optional=True)])
