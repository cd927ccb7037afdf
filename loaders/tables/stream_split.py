"""Cutting a character stream into rows and each row into its cells.

Rows: row number n+1 after row n, followed by the shape of the next column
and preceded by the shape of the last. Cells: dynamic programming over cut
points, scoring each cell against its column's shape (stream_shapes.py);
layout gaps (blank lines, spaces) are preferred cut points.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from loaders.tables.stream import _Stream
from loaders.tables.stream_shapes import (_ADMIN_SUFFIX_HINT, _CHAIN_END_RE, _SENTENCE_END,
                                          DEADLINE_RE, DISTRICT_RE, LOCATION2_START_RE,
                                          _ends_like, _starts_like, cell_reach, span_scorer)

def _next_row_start(st: _Stream, cols: tuple[str, ...], n: int, pos: int) -> int | None:
    """Where row number `n` begins at or after `pos`.

    Candidates are occurrences of the number not glued to other digits.  The
    number must be followed by something shaped like the column after 序号,
    and is better when preceded by the end shape of the table's last column
    and when it sits at a layout gap.  The best-scoring candidate wins; among
    equals, the earliest.
    """
    s, after_col = st.text, (cols[1] if len(cols) > 1 else None)
    best: tuple[int, int] | None = None
    for m in re.finditer(rf"(?<!\d){n}(?!\d)", s[pos:]):
        i = pos + m.start()
        if not _starts_like(after_col, s, i + len(str(n))):
            continue
        score = 2 * _ends_like(cols[-1], s, i) + (i in st.breaks)
        if score >= 1 and (best is None or score > best[0]):
            best = (score, i)
    return best[1] if best else None


def _row_spans(st: _Stream, cols: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """(start, end of the row number, end of row) of each row, in order.

    Rows are numbered 1, 2, 3 …: after row n, row n+1 is searched for.  The
    table's first row may start with any number if it stands right at the top.
    """
    first = re.match(r"\d{1,3}(?!\d)", st.text)
    if first and _starts_like(cols[1] if len(cols) > 1 else None, st.text, first.end()):
        n, start = int(first.group()), 0
    elif (found := _next_row_start(st, cols, 1, 0)) is not None:
        n, start = 1, found
    else:
        return []
    spans: list[tuple[int, int, int]] = []
    while True:
        seq_end = start + len(str(n))
        nxt = _next_row_start(st, cols, n + 1, seq_end)
        spans.append((start, seq_end, nxt if nxt is not None else len(st.text)))
        if nxt is None:
            return spans
        start, n = nxt, n + 1


def _cut_points(st: _Stream, lo: int, hi: int) -> list[int]:
    """Positions where a cell boundary may fall inside s[lo:hi].

    Layout gaps first of all.  Shapes add the boundaries a layout without
    gaps would hide: after a sentence end (content → units), before a date
    (units → deadline), before a two-level place chain (name → location), and
    after a district name at the start of the row (区（单位） → name).
    """
    s = st.text
    pts = {lo, hi} | {i for i in st.breaks if lo < i < hi}
    pts |= {i + 1 for i in range(lo, hi - 1) if s[i] in _SENTENCE_END}
    pts |= {lo + m.start() for m in re.finditer(r"(?<!\d)\d{4}[年.．/-]", s[lo:hi])}
    chains = {j for i in range(lo, hi) if s[i] in _ADMIN_SUFFIX_HINT
              for j in range(max(lo, i - 6), i) if LOCATION2_START_RE.match(s, j, hi)}
    for j in chains:  # the chain's start, and any admin suffix that may end it
        pts.add(j)
        pts |= {j + m.end() for m in _CHAIN_END_RE.finditer(s[j:min(hi, j + 24)])}
    if (m := DISTRICT_RE.match(s, lo, hi)) is not None:
        pts.add(m.end())
    return sorted(pts)


def _split_cells(st: _Stream, lo: int, hi: int,
                 cols: tuple[str, ...]) -> list[tuple[int, int]] | None:
    """Split s[lo:hi] into one cell per column of `cols`, in header order.

    Dynamic programming over the cut points: every cell must fit its
    column's shape; the split with the best total fit wins.  A cut at a layout
    gap earns a bonus and a cut inside a visual line a penalty, because the
    PDF tool breaks lines between cells, and rarely joins two cells.
    """
    s, cuts = st.text, _cut_points(st, lo, hi)
    gaps = {q: 0 if q == hi else (1 if q in st.breaks else -2) for q in cuts}
    best: list[dict[int, tuple[float, int]]] = [{lo: (0.0, lo)}]
    for k, col in enumerate(cols):
        layer: dict[int, tuple[float, int]] = {}
        final, score = k == len(cols) - 1, span_scorer(col)
        for p, (total, _) in best[-1].items():
            # Only ends from p on, and (cell_reach) none past where the
            # column's shape must fail: those spans score None anyway.
            reach = cell_reach(col, s, p, hi)
            if final:
                ends = cuts[-1:] if reach == hi else []  # p <= hi always
            else:
                ends = cuts[bisect_left(cuts, p):bisect_right(cuts, reach)]
            for q in ends:
                fit = score(s, p, q)
                if fit is None:
                    continue
                value = total + fit + gaps[q]
                old = layer.get(q)
                if old is None or value > old[0]:
                    layer[q] = (value, p)
        best.append(layer)
    if hi not in best[-1]:
        return None
    bounds, q = [], hi
    for layer in reversed(best[1:]):
        p = layer[q][1]
        bounds.append((p, q))
        q = p
    return bounds[::-1]


def _split_row(st: _Stream, lo: int, hi: int, cols: tuple[str, ...],
               last: bool) -> list[tuple[int, int]] | None:
    """Split a row body, trimming the end to a deadline if the whole body fails.

    A row body may carry trailing text that is not part of the table (after
    the last row, or a stray group heading); when the last column is a
    deadline, the row is retried ending at each date in it.  For the table's
    last row the earliest fitting date wins (what follows is not table), for
    other rows the whole body is tried first.
    """
    ends = [lo + m.end() for m in DEADLINE_RE.finditer(st.text[lo:hi])] \
        if cols[-1] == "deadline" else []
    order = ends + [hi] if last else [hi] + ends[::-1]
    for end in order:
        if (cuts := _split_cells(st, lo, end, cols)) is not None:
            return cuts
    return None
