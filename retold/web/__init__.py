"""The ``retold serve`` web app (FastAPI): see :func:`create_app`."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
