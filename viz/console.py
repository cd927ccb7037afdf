"""What the commands print that is not a table of rows: the account of a
build, the counts of a store, and a load's progress on the terminal."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def build_warnings(meta: dict[str, Any]) -> list[str]:
    """One line for stderr per input the build did not read as given: a
    document named by its folder, a file skipped, a part of a file left out."""
    lines = [f"bangfu: {path}: read as {new_id} (another document has its file name)"
             for new_id, path in meta["renamed"].items()]
    lines += [f"bangfu: skipped {skip['path']}: {skip['reason']}" for skip in meta["skipped"]]
    lines += [f"bangfu: {part['path']}: {part['reason']}" for part in meta["omitted"]]
    return lines


def build_summary(meta: dict[str, Any]) -> str:
    """What a build made: its documents (with how many inputs the warnings
    were about), its nodes and edges, then the nodes of each class."""
    skipped, omitted = len(meta["skipped"]), len(meta["omitted"])
    notes = ([f"{len(meta['renamed'])} named by their folder"] if meta["renamed"] else []) \
        + ([f"{skipped} file{'s' if skipped > 1 else ''} skipped"] if skipped else []) \
        + ([f"{omitted} part{'s' if omitted > 1 else ''} of files left out"] if omitted else [])
    head = (f"built {len(meta['documents'])} documents"
            + (f" ({', '.join(notes)})" if notes else "")
            + f": {meta['node_count']} nodes, {meta['edge_count']} edges")
    return "\n".join([head, *_counts(meta["nodes"])])


def stats_summary(meta: dict[str, Any]) -> str:
    """The store's documents, then its nodes and relations by class and type."""
    lines = [f"documents: {', '.join(meta['documents'])}"]
    for section in ("nodes", "relations"):
        lines += [f"{section}:", *_counts(meta[section])]
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> list[str]:
    return [f"  {name:<22}{count:>6}" for name, count in counts.items()]


@contextmanager
def load_progress() -> Iterator[Callable[[str, int], None]]:
    """A transient bar for a load into Neo4j: the document written last and
    the rows per second so far. Yields the step a load calls after each
    document with the rows it wrote."""
    from rich.progress import Progress
    with Progress(*Progress.get_default_columns(), "{task.fields[rate]}",
                  transient=True) as bar:
        task = bar.add_task("loading", total=None, rate="")
        done = {"rows": 0}

        def step(doc: str, rows: int) -> None:
            done["rows"] += rows
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(task, description=doc, advance=1,
                       rate=f"{done['rows'] / elapsed:,.0f} rows/s")
        yield step
