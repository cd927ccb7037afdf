"""Ad-hoc queries, read-only unless asked otherwise.

A READ access mode on its own only routes a query; it does not stop one
from writing on every deployment. So a Cypher query is first planned with
EXPLAIN and refused if the plan writes, loads CSV or calls a procedure; it
then runs in a READ transaction with a timeout that is always rolled back.
A SPARQL query is parsed first and refused if it is an update, names a
SERVICE or a FROM / FROM NAMED dataset: nothing is fetched or loaded.
The parse is rdflib's, not that of pyoxigraph, which runs the query, and
the two differ (a comment ends at CR for pyoxigraph, only at LF for rdflib),
and pyoxigraph has no switch to turn SERVICE off. So the word SERVICE (and,
for an update, LOAD) refuses a query wherever it appears, after codepoint
escapes are undone, even in a comment, a string or a name: no parser's
reading of the text can then contain a federated call.
"""
from __future__ import annotations

import re
import threading
from typing import Any

from pyparsing import ParseResults

from ontology.errors import QueryError

# Plan operators that change the graph or reach outside it.
# Matched at the start of an operator's name (NodeIndexSeek reads; CreateIndex writes).
FORBIDDEN_OPERATORS = ("Create", "Merge", "Delete", "DetachDelete", "Set", "Remove", "LoadCSV",
                       "ProcedureCall", "Transaction", "Foreach", "Drop", "Show", "Alter",
                       "Grant", "Deny", "Revoke", "Terminate", "Start", "Stop", "Enable")
SPARQL_FORBIDDEN = ("ServiceGraphPattern", "datasetClause", "Load", "Clear", "Drop", "Create",
                    "Add", "Move", "Copy", "InsertData", "DeleteData", "DeleteWhere", "Modify")


def plan_operators(plan: dict[str, Any] | None) -> list[str]:
    if not plan:
        return []
    names = [str(plan.get("operatorType", "")).split("@")[0]]
    for child in plan.get("children", []):
        names += plan_operators(child)
    return names


def cypher_refusal(query_type: str | None, operators: list[str]) -> str | None:
    """Why a planned query may not run read-only, or None."""
    for op in operators:
        if op.startswith(FORBIDDEN_OPERATORS):
            return f"the query plan contains {op}"
    if query_type not in ("r", None):
        return f"the query is of type {query_type!r}, not read-only"
    return None


def run_cypher(driver: Any, database: str | None, text: str, params: dict[str, Any],
               write: bool, timeout: float) -> list[dict[str, Any]]:
    from neo4j import exceptions as neo
    reason = range_refusal(text)
    if reason:
        raise QueryError(f"refused: {reason}")
    try:
        with driver.session(database=database,
                            default_access_mode="WRITE" if write else "READ") as session:
            if not write:
                _check_plan(session, text, params, timeout)
            tx = session.begin_transaction(timeout=timeout)
            try:
                rows = [dict(r) for r in tx.run(text, params)]
                if write:
                    tx.commit()
                return rows
            finally:
                if tx.closed() is False:
                    tx.rollback()
    except neo.CypherSyntaxError as exc:
        raise QueryError(f"Cypher syntax error: {_first_line(exc.message)}") from None
    except neo.ClientError as exc:
        raise QueryError(f"Neo4j refused the query: {_first_line(exc.message)}") from None
    except neo.TransientError as exc:
        raise QueryError(f"the query did not finish: {_first_line(exc.message)}") from None
    except (neo.ServiceUnavailable, neo.SessionExpired):
        raise QueryError("the Neo4j server closed the connection during the query; it may have "
                         "stopped (out of memory?): `bangfu neo4j start` starts it again, "
                         "its data kept") from None


# Neo4j bounds the memory of a query's operators (collect, sort, distinct:
# db.memory.transaction.max), not that of a list an expression makes, and
# no 5.26 setting does: [x IN range(1, 300000000) | x] fills the heap and
# the server stops. So range() — the one way a read query makes a big list
# from nothing — must have integer-literal bounds, and all the range() calls
# of a query together at most RANGE_MAX elements (nested calls multiply).
RANGE_MAX = 1_000_000
# range( in any case, its name perhaps in backticks, comments before the bracket.
RANGE_CALL = re.compile(r"`?\brange`?(?:\s|/\*.*?\*/)*\(", re.IGNORECASE | re.DOTALL)
INTEGER = re.compile(r"^\s*(-?)\s*(\d{1,19})\s*$")


def range_refusal(text: str) -> str | None:
    """Why the range() calls of a Cypher text could fill the server's heap, or None."""
    total = 1
    for call in RANGE_CALL.finditer(text):
        args = _call_args(text, call.end())
        bounds = [INTEGER.match(a) for a in args or []]
        if not 2 <= len(bounds) <= 3 or not all(bounds):
            return (f"range() takes integer literals here (at most {RANGE_MAX:,} elements in all), "
                    "so a list it makes cannot fill the server's memory")
        lo, hi, step = ([int(m.group(1) + m.group(2)) for m in bounds] + [1])[:3]
        total *= max(1, (hi - lo) // step + 1) if step else 1
        if total > RANGE_MAX:
            return (f"range() would make {total:,} elements, more than {RANGE_MAX:,}: a list that "
                    "large can stop the server (Neo4j does not bound it)")
    return None


def _call_args(text: str, start: int) -> list[str] | None:
    """The top-level arguments of the call whose bracket opens before start."""
    depth, args, arg = 0, [], []
    for ch in text[start:]:
        if ch == ")" and depth == 0:
            return args + ["".join(arg)]
        if ch == "," and depth == 0:
            args.append("".join(arg))
            arg = []
            continue
        depth += (ch in "([{") - (ch in ")]}")
        arg.append(ch)
    return None


def _check_plan(session: Any, text: str, params: dict[str, Any], timeout: float) -> None:
    tx = session.begin_transaction(timeout=timeout)
    try:
        summary = tx.run("EXPLAIN " + text, params).consume()
    finally:
        tx.rollback()
    reason = cypher_refusal(summary.query_type, plan_operators(summary.plan))
    if reason:
        raise QueryError(f"refused: {reason} (read-only; add --write to allow writes)")


def _first_line(message: str | None) -> str:
    return (message or "").strip().splitlines()[0] if message else ""


# Words that reach the network, whatever surrounds them. re.IGNORECASE is
# Unicode-aware, so it also matches forms (ſERVICE) that a parser folding
# only ASCII case would not: refusing more is safe.
NETWORK_WORDS = {"SERVICE": re.compile("service", re.IGNORECASE),
                 "LOAD": re.compile("load", re.IGNORECASE)}
CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescaped_forms(text: str) -> list[str]:
    """The text, and the text with SPARQL's \\uXXXX / \\UXXXXXXXX escapes
    undone (which the grammar does before parsing), repeated until nothing
    changes, so an escape that spells another escape is undone as well."""
    forms = [text]
    for _ in range(8):
        undone = CODEPOINT.sub(lambda m: _char(m.group(1) or m.group(2)), forms[-1])
        if undone == forms[-1]:
            break
        forms.append(undone)
    return forms


def _char(hex_digits: str) -> str:
    code = int(hex_digits, 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def network_word(text: str, write: bool) -> str | None:
    """SERVICE (or, for an update, LOAD) anywhere in the text, or None."""
    words = ("SERVICE", "LOAD") if write else ("SERVICE",)
    for form in unescaped_forms(text):
        for word in words:
            if NETWORK_WORDS[word].search(form):
                return word
    return None


def sparql_refusal(text: str, write: bool) -> str | None:
    """Why a SPARQL text may not run, or None (parsed with rdflib, never run by it)."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    word = network_word(text, write)
    if word == "SERVICE":
        return ("the query names SERVICE, which fetches from the network (the word is "
                "refused anywhere, also in a comment, string or name)")
    if word == "LOAD":
        return ("the update names LOAD, which fetches a document (the word is refused "
                "anywhere, also in a comment, string or name)")
    try:
        tree = parseQuery(text)
    except Exception:
        if not write:
            return "not a read query (SELECT, ASK, CONSTRUCT or DESCRIBE); updates need --write"
        try:
            tree = parseUpdate(text)
        except Exception as exc:
            raise QueryError(f"SPARQL syntax error: {_first_line(str(exc))}") from None
    found = _names(tree)
    for name in SPARQL_FORBIDDEN:
        if name in found and (not write or name in ("ServiceGraphPattern", "datasetClause", "Load")):
            return {"ServiceGraphPattern": "SERVICE fetches from the network",
                    "datasetClause": "FROM / FROM NAMED loads a dataset",
                    "Load": "LOAD fetches a document"}.get(name, f"{name} changes the store")
    return None


def _names(node: Any, seen: set[str] | None = None) -> set[str]:
    """Every grammar rule and key name in rdflib's parse tree."""
    seen = set() if seen is None else seen
    name = getattr(node, "name", None)
    if isinstance(name, str):
        seen.add(name)
    if isinstance(node, dict):
        for key, value in node.items():
            if value not in (None, [], ""):
                seen.add(str(key))
            _names(value, seen)
    elif isinstance(node, (list, tuple, ParseResults)):
        for item in node:
            _names(item, seen)
    return seen


def run_sparql(open_store: Any, text: str, write: bool, timeout: float) -> list[dict[str, Any]]:
    """Run SPARQL on the embedded store in a worker thread bounded by timeout.

    The store is opened and every pyoxigraph object lives and dies in the
    worker: they may not cross threads.
    """
    reason = sparql_refusal(text, write)
    if reason:
        raise QueryError(f"refused: {reason}")
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            store = open_store()
            box["rows"] = store.select(text) if not write else store.update(text)
        except Exception as exc:  # reported below, in the caller's thread, as text only
            box["error"] = f"{type(exc).__name__}: {exc}"
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"the query did not finish within {timeout:g} s")
    if "error" in box:
        raise QueryError(f"SPARQL error: {_first_line(box['error'])}")
    return box.get("rows", [])
