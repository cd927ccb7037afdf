"""Parse .docx and .pdf files in a child process with limits.

A malformed, encrypted or hostile file (a zip bomb named .docx, a PDF whose
objects loop) must cost one line of error, not the build: the parsing runs
in a fresh interpreter with an address-space and a CPU-time limit
(setrlimit), under a wall-clock timeout in the parent, and hands back the
text and its layout as JSON in a file. Whatever goes wrong becomes an
InputError naming the file and the reason.

    BANGFU_PARSE_TIMEOUT    seconds per file (default 120; 900 with --ocr)
    BANGFU_PARSE_MEMORY_MB  address space per file in MiB (default 2048)
"""
from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from loaders.reading.layout import Layout
from ontology.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT, OCR_TIMEOUT, MEMORY_MB = 120.0, 900.0, 2048


def limits(ocr: bool) -> tuple[float, int]:
    default = OCR_TIMEOUT if ocr else TIMEOUT
    try:
        timeout = float(os.environ.get("BANGFU_PARSE_TIMEOUT") or default)
        memory = int(os.environ.get("BANGFU_PARSE_MEMORY_MB") or MEMORY_MB)
    except ValueError:
        raise InputError("BANGFU_PARSE_TIMEOUT and BANGFU_PARSE_MEMORY_MB must be numbers") from None
    return timeout, memory


def read_isolated(path: Path, ocr: bool = False) -> tuple[str, Layout]:
    """The text and layout of a .docx or .pdf, parsed in a limited child."""
    timeout, memory = limits(ocr)

    def confine() -> None:  # runs in the child, before the interpreter starts
        resource.setrlimit(resource.RLIMIT_AS, (memory << 20, memory << 20))
        cpu = int(timeout) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    with tempfile.TemporaryDirectory(prefix="bangfu-read-") as tmp:
        result = Path(tmp) / "result.json"
        cmd = [sys.executable, "-m", "loaders.reading.isolate", str(path), str(result)]
        cmd += ["--ocr"] if ocr else []
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env,
                                  preexec_fn=confine)
        except subprocess.TimeoutExpired:
            raise InputError(f"{path}: reading took longer than {timeout:g} s "
                             "(BANGFU_PARSE_TIMEOUT); the file may be malformed") from None
        try:
            data = json.loads(result.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # no result, or half of one: the child died
            raise InputError(f"{path}: {_death(proc, timeout, memory)}") from None
    if not data["ok"]:
        raise InputError(data["reason"])
    return data["text"], Layout.from_json(data["layout"])


def _death(proc: subprocess.CompletedProcess[bytes], timeout: float, memory: int) -> str:
    """Why the child ended without a result, from its exit status and stderr."""
    code = -proc.returncode if proc.returncode < 0 else 0
    stderr = proc.stderr.decode("utf-8", "replace")
    tail = stderr.strip().splitlines()[-1:] or [""]
    if code == signal.SIGXCPU:
        return f"reading used more than {timeout:g} s of CPU; the file may be malformed"
    if code == signal.SIGKILL or any(s in stderr for s in ("MemoryError", "map segment",
                                                           "Cannot allocate memory")):
        return f"reading needed more than {memory} MiB (BANGFU_PARSE_MEMORY_MB)"
    if code:
        return f"the reader crashed ({signal.Signals(code).name}); the file may be malformed"
    return f"the reader failed: {tail[0][:200]}"


def parse(path: Path, ocr: bool) -> tuple[str, Layout]:
    if path.suffix.lower() == ".docx":
        from loaders.reading.docx_reader import read_docx
        return read_docx(path)
    from loaders.reading.pdf_reader import read_pdf
    return read_pdf(path, ocr)


def main(argv: list[str]) -> None:
    """The child: parse, and write {ok, text, layout} or {ok: false, reason}."""
    path, out = Path(argv[0]), Path(argv[1])
    try:
        text, layout = parse(path, "--ocr" in argv)
        data = {"ok": True, "text": text, "layout": layout.as_json()}
    except InputError as exc:
        data = {"ok": False, "reason": str(exc)}
    except (MemoryError, ImportError) as exc:  # a library that cannot be mapped: no memory left
        if isinstance(exc, ImportError) and "map segment" not in str(exc):
            raise
        data = {"ok": False, "reason": f"{path}: reading needed more memory than allowed "
                                       "(BANGFU_PARSE_MEMORY_MB)"}
    except RecursionError:
        data = {"ok": False, "reason": f"{path}: damaged file, its structure loops"}
    except Exception as exc:  # a parser's own error on a damaged file
        reason = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:200]
        data = {"ok": False, "reason": f"{path}: cannot be read ({reason})"}
    partial = out.with_suffix(".part")  # renamed when whole: the parent never reads half
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    partial.replace(out)


if __name__ == "__main__":
    main(sys.argv[1:])
