"""Reading documents in worker processes gives the graph of reading them one
after the other (loaders/corpus.py): a document's facts do not depend on the
documents read before it, and the merge keeps their order."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS
from loaders.corpus import build_corpus, workers
from loaders.reading.read import RawDocument


def test_two_workers_build_the_same_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BANGFU_WORKERS", "1")
    one = build_corpus([CORPUS])
    monkeypatch.setenv("BANGFU_WORKERS", "2")
    two = build_corpus([CORPUS])
    assert list(one.nodes) == list(two.nodes) and one.nodes == two.nodes
    assert list(one.edges) == list(two.edges)
    assert all(one.edges[k].props == two.edges[k].props and one.edges[k].prov == two.edges[k].prov
               for k in one.edges)


def test_a_small_collection_is_read_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BANGFU_WORKERS", raising=False)
    small = [RawDocument(f"{k}.txt", Path(f"{k}.txt"), "一、总体要求\n") for k in range(8)]
    assert workers(small) == 1
    big = [RawDocument(f"{k}.txt", Path(f"{k}.txt"), "字" * 100_000) for k in range(8)]
    assert workers(big) >= 1
    monkeypatch.setenv("BANGFU_WORKERS", "3")
    assert workers(small) == 3
