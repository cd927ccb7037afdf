"""The sanity checks of scripts/make_gazetteer.py: the generated table must
hold what the project relies on (Hubei's and Wuhan's units, Enshi's counties,
the municipality convention, parents of a suitable level, totals in range),
or the script stops before writing anything.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from gazetteer_source import LEVELS


def check(rows: list[dict[str, str]]) -> None:
    """Fail loudly if the table is not what the project relies on."""
    by_code = {r["code"]: r for r in rows}
    kids = defaultdict(dict)
    for r in rows:
        kids[r["parent_code"]][r["code"]] = r

    def expect(code, name, level=None, parent=None, short=None):
        r = by_code.get(code)
        assert r is not None, f"missing {code} {name}"
        assert r["name"] == name, f"{code}: {r['name']!r} != {name!r}"
        assert level is None or r["level"] == level, f"{code} level {r['level']}"
        assert parent is None or r["parent_code"] == parent, f"{code} parent {r['parent_code']}"
        assert short is None or r["short_name"] == short, f"{code} short {r['short_name']}"

    assert len(by_code) == len(rows), "duplicate codes"
    assert all(re.fullmatch(r"\d{6}", r["code"]) for r in rows)
    assert all(r["level"] in LEVELS for r in rows)
    assert all(r["short_name"] for r in rows)
    bad = [r for r in rows if "自治" in r["short_name"]]
    assert not bad, f"autonomous name not shortened: {bad}"
    parent_level = {"province": {""}, "city": {"province"}, "prefecture": {"province"},
                    "district": {"city", "prefecture", "province"},
                    "county": {"city", "prefecture", "province"}}
    for r in rows:
        pl = by_code[r["parent_code"]]["level"] if r["parent_code"] else ""
        assert pl in parent_level[r["level"]], f"{r['code']} {r['level']} under {pl}"
        if r["level"] in ("district", "county") and pl == "province":
            assert r["code"][2:4] == "90", r

    expect("420000", "湖北省", "province", "", "湖北")
    expect("420100", "武汉市", "city", "420000", "武汉")
    wuhan = {"420102": "江岸区", "420103": "江汉区", "420104": "硚口区", "420105": "汉阳区",
             "420106": "武昌区", "420107": "青山区", "420111": "洪山区", "420112": "东西湖区",
             "420113": "汉南区", "420114": "蔡甸区", "420115": "江夏区", "420116": "黄陂区",
             "420117": "新洲区"}
    got = {c: r["name"] for c, r in kids["420100"].items()}
    assert got == wuhan, f"武汉市 districts: missing {wuhan.items() - got.items()}, extra {got.items() - wuhan.items()}"
    assert all(r["level"] == "district" for r in kids["420100"].values())
    expect("420111", "洪山区", "district", "420100", "洪山")
    expect("422800", "恩施土家族苗族自治州", "prefecture", "420000", "恩施州")
    enshi = {"恩施市", "利川市", "建始县", "巴东县", "宣恩县", "咸丰县", "来凤县", "鹤峰县"}
    got = {r["name"] for r in kids["422800"].values()}
    assert got == enshi, f"恩施州 children: missing {enshi - got}, extra {got - enshi}"
    expect("422801", "恩施市", "county", "422800")
    expect("422822", "建始县", "county", "422800", "建始")
    expect("420500", "宜昌市", "city", "420000", "宜昌")
    expect("420529", "五峰土家族自治县", "county", "420500", "五峰县")
    for code, name in {"429004": "仙桃市", "429005": "潜江市", "429006": "天门市",
                       "429021": "神农架林区"}.items():
        expect(code, name, "county", "420000")
    # data freshness: post-2018 changes must be in
    expect("420882", "京山市", "county", "420800")
    expect("421088", "监利市", "county", "421000")
    assert "421023" not in by_code and "420821" not in by_code, "stale Hubei codes"
    hubei = [r for r in rows if r["code"].startswith("42")]
    n = Counter(r["level"] for r in hubei)
    assert n["city"] + n["prefecture"] == 13 and n["district"] + n["county"] == 103, n
    # municipalities
    for p, name in {"11": "北京市", "12": "天津市", "31": "上海市", "50": "重庆市"}.items():
        expect(p + "0000", name, "province", "")
        expect(p + "0100", name, "city", p + "0000")
        assert set(kids[p + "0000"]) == {p + "0100"}, kids[p + "0000"]
    expect("500229", "城口县", "county", "500100")
    expect("652300", "昌吉回族自治州", "prefecture", "650000", "昌吉州")
    expect("150723", "鄂伦春自治旗", "county", "150700", "鄂伦春旗")
    expect("622927", "积石山保安族东乡族撒拉族自治县", "county", "622900", "积石山县")
    counts = Counter(r["level"] for r in rows)
    county_level = counts["district"] + counts["county"]
    assert 2700 <= county_level <= 3000, counts
    assert 30 <= counts["province"] <= 34 and 320 <= counts["city"] + counts["prefecture"] <= 345
