from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "corpus"
DATASETS = ROOT.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    return DEMO


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory):
    """The demo corpus scanned once into a session-wide index (read-only use)."""
    import retold

    path = tmp_path_factory.mktemp("demo") / "index.sqlite"
    with retold.Index(path) as idx:
        idx.scan([DEMO])
    return path


@pytest.fixture(scope="session")
def demo_report(demo_index) -> dict:
    import retold

    with retold.Index(demo_index) as idx:
        return idx.report()
