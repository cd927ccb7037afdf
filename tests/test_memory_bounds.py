"""Issue #13 item 11, one big file in bounded memory: what a big plan's graph
keeps, and the peak while it is read, in bytes per byte of text (tracemalloc,
never time), and the compact records that keep them there — a quote kept as
a span of the document's text, a task's attributes as one Props — read back
exactly as the strings and dicts they replace."""
from __future__ import annotations

import gc
import pickle
import tracemalloc
from pathlib import Path

import pytest

from conftest import CORPUS
from loaders.build import build_document
from loaders.graph import Graph
from loaders.reading.read import read_document
from ontology.model import Props, Provenance, SourceText
from ontology.vocab import A, R
from test_big_files import big_plan

# Bytes per byte of text for the ~2 MB plan of test_big_files (points of ~45
# characters, so the per-point cost weighs more than in bench/bench_bigfile.py).
# Measured: the graph 17.0, the peak 21.9; before quotes became spans, int
# edge keys, Props for tasks, the span's end as a length and paragraphs that
# are their line's string, 20.2 and 27.6.
GRAPH_PER_TEXT_BYTE = 18.5
PEAK_PER_TEXT_BYTE = 24


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int, int, Graph]:
    path = tmp_path_factory.mktemp("big") / "plan.txt"
    path.write_text(big_plan(int(2e6 / 3)), encoding="utf-8")  # ~2 MB, ~3 bytes a character
    size = path.stat().st_size
    doc = read_document(path)
    build_document(read_document(next(CORPUS.glob("*.txt"))), Graph())  # the word lists first
    gc.collect()
    graph = Graph()
    tracemalloc.start()
    build_document(doc, graph)
    gc.collect()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size, kept, peak, graph


def test_a_big_plans_graph_is_bounded_by_its_text(measured) -> None:
    size, kept, _, graph = measured
    assert len(graph.edges) > 15_000 * size / 1e6  # the plan was read, clause by clause
    assert kept < GRAPH_PER_TEXT_BYTE * size, (kept, size, kept / size)


def test_reading_a_big_plan_peaks_within_a_bound_of_its_text(measured) -> None:
    size, _, peak, _ = measured
    assert peak < PEAK_PER_TEXT_BYTE * size, (peak, size, peak / size)


def test_a_big_plans_quotes_are_spans_of_its_text(measured) -> None:
    _, _, _, graph = measured
    provs = [e.prov for e in graph.edges.values() if e.rel is R.responsibleFor]
    spans = [p for p in provs if isinstance(p._quote, SourceText)]
    assert len(spans) == len(provs)  # a .txt written plainly: every quote is its span
    text = spans[0]._quote.text
    assert all(p.quote == text[p.start:p.end] and "（责任单位：" in p.quote for p in spans[:500])


def test_a_quote_kept_as_a_span_reads_as_the_string() -> None:
    text = "一、组织保障\n1．落实帮扶资金。（责任单位：青松区财政局）\n"
    start = text.index("（")
    end = text.index("\n", start)
    span = Provenance("甲.txt", "一、组织保障", start, end, SourceText(text))
    plain = Provenance("甲.txt", "一、组织保障", start, end, "（责任单位：青松区财政局）")
    assert span.quote == "（责任单位：青松区财政局）" and span.end == end
    assert span == plain and hash(span) == hash(plain)
    assert span.as_dict() == plain.as_dict() == {
        "document": "甲.txt", "section": "一、组织保障", "span": [start, end],
        "quote": "（责任单位：青松区财政局）", "table": ""}
    assert span != Provenance("甲.txt", "一、组织保障", start, end, "（责任单位：青松区）")
    again = pickle.loads(pickle.dumps([span, span]))
    assert again[0] == span and again[0]._quote is again[1]._quote  # one text per pickle
    with pytest.raises(AttributeError):
        span.start = 0  # type: ignore[misc]


def test_a_pdf_provenance_keeps_its_page_and_cell() -> None:
    prov = Provenance("a.pdf", "", 3, 9, "双河村", "表", page=2, table_no=1, row=4, col=3, ocr=True)
    assert (prov.page, prov.table_no, prov.row, prov.col, prov.ocr) == (2, 1, 4, 3, True)
    assert prov.as_dict() == {"document": "a.pdf", "section": "", "span": [3, 9], "quote": "双河村",
                              "table": "表", "page": 2, "table_no": 1, "row": 4, "col": 3,
                              "ocr": True}
    plain = Provenance("a.txt", "", 3, 9, "双河村")
    assert (plain.page, plain.row, plain.ocr) == (None, None, False)


def test_props_read_as_the_dict_they_replace() -> None:
    d = {A.content: "落实帮扶资金", A.section: "一、组织保障"}
    props = Props(d)
    assert props == d and dict(props) == d and list(props.items()) == list(d.items())
    assert props[A.content] == "落实帮扶资金" and props.get(A.deadline) is None
    assert A.section in props and A.deadline not in props and len(props) == 2
    with pytest.raises(KeyError):
        props[A.deadline]
    assert {**props, A.deadline: "2025"} == d | {A.deadline: "2025"}
    assert pickle.loads(pickle.dumps(props)) == d
