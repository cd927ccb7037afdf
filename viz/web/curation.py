"""The curation.yaml the data-quality report suggests (docs/identity.md).

What the built graph was already curated with is written again, so the file
replaces the one used. A suspected duplicate the gazetteer decides (one name
listed, the other not: a misreading) becomes a merge; one it cannot decide
is written commented out for the analyst to judge; one it calls distinct is
only listed. `bangfu build --curation FILE` reads the file as it is.
"""
from __future__ import annotations

from typing import Any

import yaml

from queries.collector import gc_paused

# libyaml's emitter when PyYAML has it: the same text, and 40 copies of the
# corpus (700,000 suspected pairs) are written in seconds, not minutes
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
MISREADING = "likely a misreading of "
HEADER = """\
# curation.yaml：数据质量报告建议的人工校订（bangfu 工作台生成，请逐条核对）
# 用法：bangfu build 文件夹 --curation curation.yaml
"""


def curation_yaml(report: dict[str, Any]) -> str:
    """The file's text: merges, aliases and ignores, then the undecided cases as comments."""
    # the entries hold no cycles: no collection walking 700,000 of them at 40 copies
    with gc_paused():
        return _curation_yaml(report)


def _curation_yaml(report: dict[str, Any]) -> str:
    plan: dict[str, list[dict[str, Any]]] = {"merge": [], "alias": [], "ignore": []}
    _already(report.get("curation", []), plan)
    undecided, distinct = [], []
    for dup in report.get("suspected_duplicates", []):
        verdict, names = str(dup.get("verdict", "")), list(dup.get("names", []))
        if len(names) != 2:
            continue
        if verdict.startswith(MISREADING) and verdict[len(MISREADING):] in names:
            keep = verdict[len(MISREADING):]
            drop = names[1 - names.index(keep)]
            plan["merge"].append(_merge(keep, drop, dup.get("parent"),
                                        f"数据质量报告：{dup.get('parent')}下的名录只有{keep}，"
                                        f"没有{drop}，疑为误写"))
        elif verdict == "probably distinct":
            distinct.append(f"#   {names[0]} / {names[1]}（{dup.get('parent')}）：名录两者都有")
        else:
            undecided.append(_merge(names[1], names[0], dup.get("parent"),
                                    f"待核对：{dup.get('evidence', '')}"))
    text = HEADER + yaml.dump(plan, Dumper=DUMPER, allow_unicode=True, sort_keys=False,
                                   default_flow_style=False, width=1000)
    if undecided:
        text += ("\n# 无法判定的疑似重复：确认是同一个之后，把条目移到 merge: 下并去掉 #\n"
                 + _commented(undecided))
    if distinct:
        text += "\n# 判定为不同、不建议合并的：\n" + "\n".join(distinct) + "\n"
    return text


def _merge(keep: str, drop: str, within: Any, note: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"into": keep, "names": [drop]}
    if within:
        entry["within"] = str(within)
    entry["note"] = note
    return entry


def _already(log: list[dict[str, Any]], plan: dict[str, list[dict[str, Any]]]) -> None:
    """The actions the store was built with, as the file's entries again."""
    for entry in log:
        action, note = entry.get("action"), entry.get("note") or ""
        if action == "merge":
            same = [m for m in plan["merge"] if m["into"] == entry.get("into")
                    and m.get("note") == note]
            if same:
                same[0]["names"].append(entry.get("name"))
            else:
                plan["merge"].append({"into": entry.get("into"), "names": [entry.get("name")],
                                      "note": note})
        elif action == "alias":
            plan["alias"].append({"name": entry.get("name"), "alias": entry.get("alias"),
                                  "note": note})
        elif action == "ignore":
            plan["ignore"].append({"name": entry.get("name"), "note": note})


def _commented(entries: list[dict[str, Any]]) -> str:
    """The entries as a YAML list, every line commented out. Each item of a
    block list is written alone, so the list is its items' texts in turn;
    the copies of a collection repeat the same pair many times (40 copies:
    a pair of work teams 1,600 times), and each distinct one is written once."""
    written: dict[str, str] = {}
    out = []
    for entry in entries:
        key = repr(entry)
        if key not in written:
            text = yaml.dump([entry], Dumper=DUMPER, allow_unicode=True, sort_keys=False,
                             default_flow_style=False, width=1000)
            written[key] = "".join("# " + line + "\n" for line in text.splitlines())
        out.append(written[key])
    return "".join(out)
