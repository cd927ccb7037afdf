"""Adding a document from the workbench: the one write the server makes.

An uploaded file is checked in a staging folder (name, size, and read by the
same reader as `bangfu build`), then moved into ``<store>/uploads/`` and the
store is rebuilt in a background thread by ``queries.api.build`` over the
``--source`` folders plus that folder: a new generation is written and made
current in one switch, so pages keep answering from the old one meanwhile.
A file refused, or a rebuild that fails, leaves the store and the uploads
folder as they were.

One rebuild at a time: this server runs one, and the store's writer lock
(queries.generations) makes it wait for a `bangfu build` run elsewhere.
"""
from __future__ import annotations

import re
import secrets
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from loaders.reading.read import READABLE_SUFFIXES, read_document
from ontology.errors import BangfuError

# No limit is set by the reader for a file; a policy document is well under
# this (the largest in the corpus is 60 kB as text, a scanned PDF a few MB).
MAX_BYTES = 20 << 20
MAX_NAME_BYTES = 200  # a file name must fit every file system (255 bytes)
UPLOADS = "uploads"
STAGING = ".upload-staging"  # beside, not inside, uploads/: a rebuild never reads it
# Characters a file name may not hold: separators, and what shells and
# terminals treat specially. A name is refused, never silently changed.
BAD_NAME = re.compile(r"[/\\\x00-\x1f\x7f<>:\"|?*]")
# What the reader says, in the words an analyst reads (first match wins).
REASONS = [
    ("empty document", "文件是空的，没有可读的文字"),
    ("binary file", "不是文本文件（.txt 须为 UTF-8 或 GB18030 编码的文字）"),
    ("cannot be decoded", "无法按 UTF-8 或 GB18030 解码"),
    ("encrypt", "文件已加密，请先去除密码再添加"),
    ("password", "文件已加密，请先去除密码再添加"),
    ("not a PDF", "不是有效的 PDF 文件（已损坏，或并非 PDF）"),
    ("damaged", "文件已损坏，无法读取"),
    ("Word 97-2003", "这是旧版 Word（.doc）文件，请另存为 .docx"),
    ("not a Word", "不是有效的 Word .docx 文件"),
    ("text layer", "PDF 没有文字层（扫描件）：请在命令行用 bangfu build --ocr 读取"),
    ("zip", "不是有效的 Word .docx 文件"),
]


class Refused(Exception):
    """An upload not taken: ``message`` is one line in Chinese, ``status`` the HTTP code."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class Job:
    """One rebuild: running, then done (``ok``) or failed with a message."""

    id: str
    name: str
    state: str = "running"  # running | done | failed
    message: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def check_name(raw: str) -> str:
    """The file name to store, or Refused: no path, no hidden or odd name,
    one of the suffixes the reader reads."""
    name = raw.strip()
    if not name:
        raise Refused("请选择要添加的文件")
    if BAD_NAME.search(name) or name.startswith(".") or name in ("..", "."):
        raise Refused(f"文件名“{name}”含有路径或特殊字符，请改名后再添加")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise Refused("文件名太长，请改短后再添加")
    if Path(name).suffix.lower() not in READABLE_SUFFIXES:
        raise Refused(f"只能添加 .txt、.docx 或 .pdf 文件（“{name}”不是）")
    return name


def reason(exc: BangfuError) -> str:
    text = str(exc)
    for needle, chinese in REASONS:
        if needle.lower() in text.lower():
            return chinese
    return "无法读取（" + text.split(": ", 1)[-1] + "）"


class Rebuilds:
    """The uploads folder and the rebuilds of one server."""

    def __init__(self, store_dir: Path, sources: list[Path], curation: Path | None,
                 on_done: Callable[[], None]) -> None:
        self.store_dir, self.sources, self.curation = store_dir, sources, curation
        self.uploads = store_dir / UPLOADS
        self.on_done = on_done
        self.jobs: dict[str, Job] = {}
        self._running = threading.Lock()

    def folders(self) -> list[Path]:
        """What a rebuild reads and the document view shows: sources, then uploads."""
        return self.sources + ([self.uploads] if self.uploads.is_dir() else [])

    def busy(self) -> bool:
        return self._running.locked()

    def add(self, name: str, data: bytes, known: set[str]) -> Job:
        """Check the file, move it into uploads/ and start the rebuild; Refused
        (the store and uploads/ untouched) when it cannot be taken."""
        if not self.sources:
            raise Refused("启动工作台时没有用 --source 指定文件所在的文件夹：重建会丢掉已有文件，"
                          "因此不能在这里添加文件", 409)
        name = check_name(name)
        if len(data) > MAX_BYTES:
            raise Refused(f"文件超过 {MAX_BYTES >> 20} MB 的上限", 413)
        if not data.strip():
            raise Refused(f"无法添加“{name}”：文件是空的")
        if name in known or (self.uploads / name).exists():
            raise Refused(f"已有同名文件“{name}”：文件名就是文件在库中的编号，请改名后再添加", 409)
        staging = self.store_dir / STAGING / secrets.token_hex(8)
        try:
            staging.mkdir(parents=True)
            staged = staging / name
            staged.write_bytes(data)
            try:
                read_document(staged)
            except BangfuError as exc:
                raise Refused(f"无法添加“{name}”：{reason(exc)}") from None
            if not self._running.acquire(blocking=False):
                raise Refused("正在重建，请稍后再添加", 409)
            try:
                self.uploads.mkdir(exist_ok=True)
                target = self.uploads / name
                staged.replace(target)
            except BaseException:
                self._running.release()
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        job = Job(secrets.token_hex(8), name)
        self.jobs[job.id] = job
        threading.Thread(target=self._rebuild, args=(job, target), name="bangfu-rebuild",
                         daemon=True).start()
        return job

    def _rebuild(self, job: Job, added: Path) -> None:
        from queries.api import build
        try:
            meta = build(self.folders(), self.store_dir, self.curation)
            job.counts = {"documents": len(meta.get("documents", [])),
                          "node_count": meta.get("node_count", 0),
                          "edge_count": meta.get("edge_count", 0)}
            self.on_done()
            job.state = "done"
        except BaseException as exc:  # the build failed: the old store holds, the file goes
            added.unlink(missing_ok=True)
            job.message = str(exc) if isinstance(exc, BangfuError) else f"{type(exc).__name__}: {exc}"
            job.state = "failed"
        finally:
            self._running.release()
