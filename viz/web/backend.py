"""Which store the workbench reads: the embedded one (a generation opened per
request, so a rebuild is seen by the next request) or a Neo4j database
(`bangfu serve --backend neo4j`), one driver for the server's life.

Over Neo4j the pages made by the named queries work as they do over the
embedded store (queries.store.ask runs their Cypher twins). The views made
from the embedded store's own files — the graph, the exports, the quality
report, adding a document — answer with a page saying so in Chinese; the
document view shows a text only from the --source folders, and no page or
table cell of a .pdf/.docx quote (those are in the store's records).
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from viz.web import data

UNAVAILABLE = ("连接 Neo4j 时不提供此页：关系图、导出、数据质量报告和添加文件都读嵌入式库"
               "（先 bangfu build，再不加 --backend 启动 bangfu serve）。")


class Backend:
    """The store of each request, and the routes only the embedded store serves."""

    def __init__(self, store_dir: Path, neo4j: tuple[str, str, str] | None = None) -> None:
        self.store_dir = store_dir
        self.neo4j = None
        if neo4j is not None:
            from queries.neo4j_store import Neo4jStore
            # one driver, shared by every request (it is thread-safe and pools
            # its connections); unreachable or refused: StoreError now
            self.neo4j = Neo4jStore(*neo4j)

    def store(self) -> Any:
        return self.neo4j if self.neo4j is not None else data.open_store(self.store_dir)

    def embedded_only(self, page: Callable[..., Response]) -> Callable[[Any], Any]:
        """A wrapper for routes that read the embedded store's files: over
        Neo4j they answer 501 with a page saying why."""
        def wrap(handler: Callable[[Request], Any] | None) -> Callable[[Request], Any]:
            if self.neo4j is None and handler is not None:
                return handler

            def unavailable(request: Request) -> Response:
                return page("error.html", 501, message=UNAVAILABLE)
            return unavailable
        return wrap

    @asynccontextmanager
    async def lifespan(self, app: Any) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if self.neo4j is not None:
                self.neo4j.close()
