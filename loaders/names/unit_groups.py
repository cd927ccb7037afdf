"""Items of a unit list that mean more than they write: a group phrase over
level words and a body that places share.

    各街道、镇               → 各街道, 各镇 (各 distributes)
    各市、县（区）人民政府     → one group: the unit word after the last level
                               word belongs to every one of them
    广南县、富宁县人民政府     → 广南县人民政府, 富宁县人民政府 (a bare place
                               before a place with its body shares the body)

Split off loaders/names/unit_split.py, which finds the items as written.
"""
from __future__ import annotations

import re

from loaders.names.gazetteer import gazetteer

# A group phrase over level words: 各街道、镇 (各 distributes: 各街道, 各镇) and
# 各市、县（区）人民政府 (one group: the unit word after the last level word
# belongs to every one of them).
LEVEL_ITEM = r"(?:乡镇|街道|社区|苏木|嘎查|[市州县区旗乡镇村])(?:（[^（）]+）)?"
GROUP_WORDS = ("各", "相关", "有关")  # GROUP_HEAD starts with one of these
GROUP_HEAD = re.compile(rf"(各|相关|有关)(?:{LEVEL_ITEM})+")
BARE_LEVEL = re.compile(rf"(?:{LEVEL_ITEM})+")
LEVEL_THEN_UNIT = re.compile(rf"(?:{LEVEL_ITEM})+(?:人民政府|政府|党委|委)")


def group_items(text: str, items: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """(offset, as written, as meant) of each item: 镇 after 各街道、 means 各镇;
    各市、县（区）人民政府 is one item; 广南县 before 富宁县人民政府 means 广南县人民政府."""
    if not any(item.startswith(GROUP_WORDS) for _, item in items):
        return _shared_body(text, items)  # no group phrase: most lists
    out: list[tuple[int, str, str]] = []
    i = 0
    while i < len(items):
        start, item = items[i]
        head = GROUP_HEAD.fullmatch(item) if item.startswith(GROUP_WORDS) else None
        j = i + 1
        while head and j < len(items) and _after_comma(text, items[j][0]) \
                and BARE_LEVEL.fullmatch(items[j][1]):
            j += 1
        if head and j < len(items) and _after_comma(text, items[j][0]) \
                and LEVEL_THEN_UNIT.fullmatch(items[j][1]):
            whole = "、".join(t for _, t in items[i:j + 1])
            out.append((start, whole, whole))
            i = j + 1
            continue
        out.append((start, item, item))
        out += [(s, t, head.group(1) + t) for s, t in items[i + 1:j]]
        i = j
    return out


# The body a list of places shares when only its last item names it:
# 广南县、富宁县、砚山县人民政府 are three 人民政府.
SHARED_BODY = ("人民政府", "政府", "党委")


def _shared_body(text: str, items: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """(offset, as written, as meant): a bare place before a place with its
    body (广南县、富宁县人民政府) means that place's body too."""
    out = [(start, item, item) for start, item in items]
    if len(items) < 2 or not any(item.endswith(SHARED_BODY) for _, item in items[1:]):
        return out  # the common list: no body to share
    gaz = gazetteer()
    body = ""
    for k in range(len(items) - 1, -1, -1):
        start, item = items[k]
        if body and gaz.lookup(item) and _after_comma(text, items[k + 1][0]):
            out[k] = (start, item, item + body)
            continue
        word = next((w for w in SHARED_BODY if item.endswith(w)), "")
        body = word if word and gaz.lookup(item[:-len(word)]) else ""
    return out


def _after_comma(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return before.endswith("、")
