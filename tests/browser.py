"""Drive Debian's headless Chromium over the DevTools protocol, for the tests
of graph pages.

The protocol runs over a pipe (``--remote-debugging-pipe``: JSON messages
ending in NUL on file descriptors 3 and 4), so no port, websocket library
or chromedriver is needed. Every console message, uncaught exception, log
entry, request and JavaScript dialog of the page is recorded; dialogs are
dismissed so a page that calls alert() cannot hang a test.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("BANGFU_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--hide-scrollbars", "--window-size=1400,900", "--remote-debugging-pipe"]


def available() -> bool:
    return shutil.which(CHROMIUM) is not None


@dataclass
class PageLog:
    """What happened while a page was open."""

    console: list[dict[str, Any]] = field(default_factory=list)  # type, text
    exceptions: list[str] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)      # level, text, url
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        out = [f"console.{c['type']}: {c['text']}" for c in self.console
               if c["type"] in ("error", "assert")]
        out += [f"exception: {e}" for e in self.exceptions]
        out += [f"log {e['level']}: {e['text']}" for e in self.log if e["level"] == "error"]
        return out

    def outside_requests(self) -> list[str]:
        """Every request for anything but the page's own file and inline data."""
        return [u for u in self.requests if not u.startswith(("file://", "data:", "about:"))]


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, timeout: float = 120.0) -> None:  # generous: a loaded 2-core machine
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="bangfu-chromium-")
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._next_id = 0
        self._lock = threading.Lock()
        self.log = PageLog()
        self._start()

    def _start(self) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # above 10, so placing them at 3 and 4 in the child cannot clobber each other
        high_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
        for fd in (to_chrome_r, from_chrome_w):
            os.close(fd)

        def child() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)
        args = [CHROMIUM, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"]
        self.process = subprocess.Popen(args, preexec_fn=child, close_fds=False,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        os.close(high_r)
        os.close(high_w)
        self._stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"],
                                 flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._stderr.append(line)

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_chrome, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                self._dispatch(json.loads(raw))

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message:
            box = self._replies.get(message["id"])
            if box is not None:
                box.put(message)
            return
        method, params = message.get("method", ""), message.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            self.log.console.append({"type": params["type"], "text": text})
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.log.exceptions.append(details.get("exception", {}).get("description")
                                       or details.get("text", ""))
        elif method == "Log.entryAdded":
            entry = params["entry"]
            self.log.log.append({"level": entry["level"], "text": entry["text"],
                                 "url": entry.get("url", "")})
        elif method == "Network.requestWillBeSent":
            self.log.requests.append(params["request"]["url"])
        elif method == "Page.javascriptDialogOpening":
            self.log.dialogs.append(params.get("message", ""))
            # answered from another thread: this one must keep reading replies
            threading.Thread(target=self.call, args=("Page.handleJavaScriptDialog",),
                             kwargs={"session": True, "accept": False}, daemon=True).start()

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            box: queue.Queue[dict[str, Any]] = queue.Queue()
            self._replies[ident] = box
            message: dict[str, Any] = {"id": ident, "method": method, "params": params}
            if session:
                message["sessionId"] = self.session
            os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        try:
            reply = box.get(timeout=self.timeout)
        except queue.Empty:
            stderr = b"".join(self._stderr[-20:]).decode(errors="replace")
            raise TimeoutError(f"Chromium did not answer {method}; stderr:\n{stderr}") from None
        finally:
            self._replies.pop(ident, None)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def open(self, path: Path) -> None:
        self.call("Page.navigate", session=True, url=path.resolve().as_uri())

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float | None = None) -> Any:
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except RuntimeError:
                value = None  # the page is still loading
            if value:
                return value
            time.sleep(0.1)
        raise TimeoutError(f"waited {timeout or self.timeout}s for {expression}")

    def mouse_move(self, x: float, y: float) -> None:
        self.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=x, y=y)

    def screenshot(self, out: Path) -> Path:
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(data))
        return out

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (TimeoutError, RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
