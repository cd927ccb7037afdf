"""An answered (or refused) question for people: the query chosen, then the rows."""
from __future__ import annotations

import json

from queries.ask import Answer
from viz.table import render


def render_answer(answer: Answer, fmt: str, evidence: bool = False) -> str:
    """JSON is one object; CSV is the rows alone (a script wants the data);
    a table or Markdown starts with the query and parameters chosen."""
    if fmt == "json":
        return json.dumps(answer.as_json(), ensure_ascii=False, indent=1)
    if not answer.answered:
        return _refusal(answer)
    rows = render(answer.rows, fmt, evidence=evidence or fmt != "table")
    if fmt == "csv":
        return rows
    route = answer.route
    assert route is not None
    params = " ".join(f"{k}={v}" for k, v in route.params.items()) or "(none)"
    lines = [f"查询: {route.query} 参数: {params}"]
    lines += [f"  note: {note}" for note in route.notes]
    return "\n".join(lines + ["", rows])


def _refusal(answer: Answer) -> str:
    lines = [f"cannot answer: {answer.reason}"]
    if answer.route is not None:
        params = " ".join(f"{k}={v}" for k, v in answer.route.params.items())
        lines.append(f"  (read as: {answer.route.query} {params})".rstrip())
    if answer.suggestions:
        lines.append("closest queries:")
        for s in answer.suggestions:
            lines.append(f"  {s['query']:<12} {s['description']}".rstrip())
            lines.append(f"  {'':<12} e.g. bangfu ask \"{s['example']}\"")
    return "\n".join(lines)
