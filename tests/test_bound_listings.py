"""helpers and owners asked with parameters read their rows from the query's
listing kept per generation (`# keys:`, issue #14): the rows must be those of
the fragment below as a reader finds them, the same rows the query itself
gives, and the listing must be what is read once kept. Nothing here is timed:
bench/bench_queries.py measures."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loaders.corpus import doc_id
from ontology.model import Edge, Node, Provenance
from ontology.vocab import A, C, R
from queries.catalog import KEYS_QUERY
from queries.embedded import EmbeddedStore
from queries.store import _answer, ask, run_named
from queries.store_write import write_store
from queries.to_rdf import ID_NS

DOC = "甲.txt"
# The fragment, one statement a line (the spans below index into it):
TEXT = ("一、项目\n"
        "旧街街道寨岗村道路硬化，区交通局负责。\n"       # p1 in the 寨岗村 of 旧街街道
        "乙街道寨岗村饮水工程，各街道负责。\n"           # p2 in the 寨岗村 of 乙街道
        "两个寨岗村修建桥梁，区交通局负责。\n"           # p3 in both
        "二、结对\n"
        "区卫健局结对帮扶旧街中学。\n"                   # a school whose jurisdiction is 旧街街道
        "三、任务\n"
        "修缮灌溉渠，区水利局牵头，区农业局配合。\n"
        "新建泵站，区水利局负责。\n")


def span(text: str) -> tuple[int, int, str]:
    start = TEXT.index(text)
    return start, start + len(text), text


def fragment() -> tuple[list[Node], list[Edge]]:
    """The entities and statements of TEXT, as a reader of it writes them down."""
    def prov(section: str, line: str) -> Provenance:
        start, end, quote = span(line)
        return Provenance(DOC, section, start, end, quote)
    p1_line, p2_line = "旧街街道寨岗村道路硬化，区交通局负责。", "乙街道寨岗村饮水工程，各街道负责。"
    p3_line = "两个寨岗村修建桥梁，区交通局负责。"
    pair_line = "区卫健局结对帮扶旧街中学。"
    t1_line, t2_line = "修缮灌溉渠，区水利局牵头，区农业局配合。", "新建泵站，区水利局负责。"
    nodes = [Node(doc_id(DOC), C.Document, DOC),
             Node("d", C.District, "新洲区"), Node("s1", C.Street, "旧街街道"), Node("s2", C.Street, "乙街道"),
             Node("v1", C.Village, "寨岗村"), Node("v2", C.Village, "寨岗村"),
             Node("school", C.School, "旧街中学"),
             Node("traffic", C.GovernmentDepartment, "区交通局"), Node("health", C.GovernmentDepartment, "区卫健局"),
             Node("streets", C.UnitGroup, "各街道"),
             Node("o1", C.LocalAuthority, "旧街街道办事处"), Node("o2", C.LocalAuthority, "乙街道办事处"),
             Node("water", C.GovernmentDepartment, "区水利局"), Node("farm", C.GovernmentDepartment, "区农业局"),
             Node("p1", C.Project, "寨岗村道路硬化", prov=prov("一、项目", p1_line)),
             Node("p2", C.Project, "寨岗村饮水工程", prov=prov("一、项目", p2_line)),
             Node("p3", C.Project, "寨岗村桥梁", prov=prov("一、项目", p3_line)),
             Node("pair", C.Pairing, "区卫健局—旧街中学", props={A.kind: "结对帮扶"},
                  prov=prov("二、结对", pair_line)),
             Node("t1", C.Task, "修缮灌溉渠", prov=prov("三、任务", t1_line)),
             Node("t2", C.Task, "新建泵站", prov=prov("三、任务", t2_line))]
    edges = [Edge("s1", R.partOf, "d"), Edge("s2", R.partOf, "d"),
             Edge("v1", R.partOf, "s1"), Edge("v2", R.partOf, "s2"),
             Edge("school", R.jurisdiction, "s1"),
             Edge("o1", R.memberOf, "streets"), Edge("o2", R.memberOf, "streets"),
             Edge("p1", R.locatedIn, "v1"), Edge("p2", R.locatedIn, "v2"),
             Edge("p3", R.locatedIn, "v1"), Edge("p3", R.locatedIn, "v2"),
             Edge("traffic", R.responsibleFor, "p1", {A.role: "responsible", A.position: 0},
                  prov("一、项目", p1_line)),
             Edge("streets", R.responsibleFor, "p2", {A.role: "responsible", A.position: 0},
                  prov("一、项目", p2_line)),
             Edge("traffic", R.responsibleFor, "p3", {A.role: "responsible", A.position: 0},
                  prov("一、项目", p3_line)),
             Edge("pair", R.helper, "health"), Edge("pair", R.helped, "school"),
             Edge("water", R.leads, "t1", {A.role: "lead", A.position: 0}, prov("三、任务", t1_line)),
             Edge("farm", R.cooperatesOn, "t1", {A.role: "cooperating", A.position: 1},
                  prov("三、任务", t1_line)),
             Edge("water", R.responsibleFor, "t2", {A.role: "responsible", A.position: 0},
                  prov("三、任务", t2_line))]
    return nodes, edges


@pytest.fixture(params=["query", "listing"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The fragment's store, asked before its listings are kept (each bound ask
    runs its query), or after (a bound ask reads the listing's rows)."""
    write_store(tmp_path, *fragment(), {})
    if request.param == "listing":
        keep_listings(tmp_path)
    return tmp_path


def keep_listings(root: Path) -> None:
    """helpers and owners asked without parameters: their listings, kept."""
    for name in ("helpers", "owners"):
        run_named(EmbeddedStore(root), name, {})


def spy(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The queries the store is asked from now on, each with its text's language."""
    asked: list[tuple[str, str]] = []
    original = store.run
    monkeypatch.setattr(store, "run", lambda name, params, language="rq":
                        asked.append((name, language)) or original(name, params, language))
    return asked


def brief(rows: list[dict[str, Any]]) -> list[tuple]:
    """kind, helper, via, place, title of each helpers row, in the answer's order."""
    return [(r["kind"], r["helper"], r["via"], r["place"], r["title"]) for r in rows]


P1 = ("project", "区交通局", None, "寨岗村", "寨岗村道路硬化")
P2 = [("project", "各街道", None, "寨岗村", "寨岗村饮水工程"),
      ("project", "乙街道办事处", "各街道", "寨岗村", "寨岗村饮水工程"),
      ("project", "旧街街道办事处", "各街道", "寨岗村", "寨岗村饮水工程")]
P3 = ("project", "区交通局", None, "寨岗村", "寨岗村桥梁")  # one row: its two villages are alike
PAIR = ("pairing", "区卫健局", None, "旧街中学", "结对帮扶")


def helpers(store: Path, place: str, **more: str) -> list[dict[str, Any]]:
    return run_named(EmbeddedStore(store), "helpers", {"place": ID_NS + place, **more})


def test_helpers_of_a_place_are_those_the_fragment_states_within_it(store: Path) -> None:
    # ordered by kind (pairing before project), document, span, then a group's members
    assert brief(helpers(store, "d")) == [PAIR, P1, *P2, P3]
    # the school's jurisdiction is 旧街街道: its pairing helps there, not in 乙街道
    assert brief(helpers(store, "s1")) == [PAIR, P1, P3]
    assert brief(helpers(store, "s2")) == [*P2, P3]
    assert brief(helpers(store, "v1")) == [P1, P3]  # this 寨岗村, not its namesake's p2
    assert brief(helpers(store, "d", kind="pairing")) == [PAIR]
    assert brief(helpers(store, "d", kind="team")) == []
    row = helpers(store, "s1")[1]
    start, end, quote = span("旧街街道寨岗村道路硬化，区交通局负责。")
    assert (row["document"], row["evidence"], row["span"]) == (DOC, quote, [start, end])


def test_helpers_are_the_querys_own_rows(store: Path) -> None:
    for place in ("d", "s1", "s2", "v1", "v2", "school", "traffic"):
        for kind in (None, "project", "pairing", "dispatch", "team", "fund"):
            bound = {"place": ID_NS + place, **({"kind": kind} if kind else {})}
            assert run_named(EmbeddedStore(store), "helpers", bound) \
                == _answer(EmbeddedStore(store), "helpers", bound), bound


def test_a_kept_listing_is_what_a_bound_ask_reads(tmp_path: Path, monkeypatch) -> None:
    write_store(tmp_path, *fragment(), {})
    keep_listings(tmp_path)
    store = EmbeddedStore(tmp_path)
    asked = spy(store, monkeypatch)
    assert brief(run_named(store, "helpers", {"place": ID_NS + "d"})) == [PAIR, P1, *P2, P3]
    assert asked == [("helpers", KEYS_QUERY)]  # the keys alone: the rows came from the listing
    # p3's one row stands for both its villages: asked about one of them, the
    # listing cannot say the row is the answer's alone, and the query runs
    asked.clear()
    assert brief(run_named(store, "helpers", {"place": ID_NS + "s2"})) == [*P2, P3]
    assert ("helpers", "rq") in asked
    asked.clear()
    assert [r["title"] for r in ask(store, "owners", {"text": "灌溉"})] == ["修缮灌溉渠"] * 2
    assert asked == [("owners", KEYS_QUERY)]


def owners(store: Path, text: str, **more: str) -> list[tuple]:
    rows = ask(EmbeddedStore(store), "owners", {"text": text, **more})
    return [(r["title"], r["unit"], r["role"], r["evidence"]) for r in rows]


T1 = "修缮灌溉渠，区水利局牵头，区农业局配合。"


def test_owners_of_a_text_are_the_units_its_tasks_name(store: Path) -> None:
    assert owners(store, "灌溉") == [("修缮灌溉渠", "区水利局", "lead", T1),
                                     ("修缮灌溉渠", "区农业局", "cooperating", T1)]
    assert owners(store, "泵站") == [("新建泵站", "区水利局", "responsible", "新建泵站，区水利局负责。")]
    assert owners(store, "灌溉", role="cooperating") == [("修缮灌溉渠", "区农业局", "cooperating", T1)]
    assert owners(store, "桥梁") == [("寨岗村桥梁", "区交通局", "responsible", "两个寨岗村修建桥梁，区交通局负责。")]
    assert [r[:2] for r in owners(store, "寨岗村")] == [
        ("寨岗村道路硬化", "区交通局"), ("寨岗村饮水工程", "各街道"), ("寨岗村桥梁", "区交通局")]
    assert owners(store, "没有这个词") == []


def test_owners_are_the_querys_own_rows(store: Path, monkeypatch) -> None:
    for text in ("灌溉", "泵站", "寨岗村", "区", "，", "没有这个词"):
        for role in (None, "lead", "responsible", "cooperating"):
            params = {"text": text, **({"role": role} if role else {})}
            plain = EmbeddedStore(store)
            monkeypatch.setattr(plain, "kept_rows", lambda *a: None)  # the query itself
            assert ask(EmbeddedStore(store), "owners", params) == ask(plain, "owners", params), params


def test_a_first_bound_ask_keeps_the_listing_no_one_asks_for(tmp_path: Path, monkeypatch) -> None:
    """helpers and owners require a parameter, so no ask keeps their listings
    but a bound one: the first keeps it, the next reads it."""
    write_store(tmp_path, *fragment(), {})
    assert brief(helpers(tmp_path, "d")) == [PAIR, P1, *P2, P3]
    assert owners(tmp_path, "灌溉") == [("修缮灌溉渠", "区水利局", "lead", T1),
                                        ("修缮灌溉渠", "区农业局", "cooperating", T1)]
    store = EmbeddedStore(tmp_path)
    asked = spy(store, monkeypatch)
    assert brief(run_named(store, "helpers", {"place": ID_NS + "d"})) == [PAIR, P1, *P2, P3]
    assert [r["unit"] for r in ask(store, "owners", {"text": "灌溉"})] == ["区水利局", "区农业局"]
    assert asked == [("helpers", KEYS_QUERY), ("owners", KEYS_QUERY)]
