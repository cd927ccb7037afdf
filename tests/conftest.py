"""Shared fixtures: the corpus, and a store built from it once per session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import browser
from queries.api import build, query

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DOC = {n[:3]: n for n in (p.name for p in CORPUS.glob("*.txt"))}  # "000" → file name


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "s"
    build([CORPUS], path)
    return path


@pytest.fixture(scope="session")
def ask(store: Path):
    def run(name: str, **params: str) -> list[dict]:
        return query(store, name, params)
    return run


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture()
def chromium() -> browser.Browser:
    """A real headless Chromium (tests/browser.py); missing, it fails on CI
    and skips elsewhere."""
    if not browser.available():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: run scripts/install_chromium.sh")
        pytest.skip("Chromium is missing: run scripts/install_chromium.sh")
    with browser.Browser() as b:
        yield b
