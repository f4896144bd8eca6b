"""Drive Debian's headless Chromium from the tests: open a page, collect its console errors, dialogs and DOM.

Why the DevTools protocol over a pipe (``--remote-debugging-pipe``) rather than grepping stderr:
console messages reach stderr only with some logging flags and in a format that changes between
versions, and a dialog (``alert``) leaves no trace there at all. Over the pipe the browser reports
every console call (``Runtime.consoleAPICalled``), uncaught exception (``Runtime.exceptionThrown``),
browser-side error such as a CSP violation or a failed load (``Log.entryAdded``) and every dialog
(``Page.javascriptDialogOpening``) as structured events, and returns the live DOM after load. The
pipe is plain file descriptors 3 (commands in) and 4 (replies and events out), NUL-separated JSON:
no port, no websocket library.

``dump_dom`` is the plain ``--dump-dom`` command line, kept for a second opinion.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def available() -> bool:
    return os.access(CHROMIUM, os.X_OK)


SKIP_REASON = f"{CHROMIUM} is absent (apt-get install -y chromium)"


@dataclass
class PageRun:
    """What happened while a page loaded."""

    dom: str = ""
    console: list[dict] = field(default_factory=list)  # every console call: {"type", "text"}
    exceptions: list[str] = field(default_factory=list)
    log_errors: list[str] = field(default_factory=list)  # browser-side errors (CSP, failed loads, …)
    dialogs: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Everything that counts as a console error."""
        out = [f"console.{c['type']}: {c['text']}" for c in self.console if c["type"] in ("error", "assert")]
        return out + [f"exception: {e}" for e in self.exceptions] + [f"log: {e}" for e in self.log_errors] \
            + [f"dialog: {d}" for d in self.dialogs]


class _Pipe:
    def __init__(self, proc: subprocess.Popen, out_fd: int, in_fd: int) -> None:
        self.proc, self.out_fd, self.in_fd = proc, out_fd, in_fd
        self.buf = b""
        self.next_id = 0
        self.events: list[dict] = []
        self.session: str | None = None  # dialogs of this session are dismissed as soon as they open
        self.dismissed = 0

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict:
        self.next_id += 1
        msg: dict = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.out_fd, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            for m in self._read(deadline):
                if m.get("id") == self.next_id:
                    if "error" in m:
                        raise RuntimeError(f"{method}: {m['error']}")
                    return m.get("result", {})
                self.events.append(m)

    def _dismiss_dialogs(self) -> None:
        """A dialog blocks the page (no load event) until it is answered: answer it, keep the event."""
        dialogs = [e for e in self.events if e.get("method") == "Page.javascriptDialogOpening"]
        while self.session and self.dismissed < len(dialogs):
            self.dismissed += 1
            self.send("Page.handleJavaScriptDialog", {"accept": False}, session=self.session)
            dialogs = [e for e in self.events if e.get("method") == "Page.javascriptDialogOpening"]

    def wait_event(self, method: str, timeout: float, after_dialog: float = 5.0) -> bool:
        """Wait for an event; once a dialog has been answered, wait at most `after_dialog` more seconds
        (headless Chromium sometimes never finishes loading a page whose dialog was answered)."""
        deadline = time.monotonic() + timeout
        while True:
            before = self.dismissed
            self._dismiss_dialogs()
            if self.dismissed > before:
                deadline = min(deadline, time.monotonic() + after_dialog)
            if any(e.get("method") == method for e in self.events):
                return True
            if time.monotonic() >= deadline:
                return False
            try:
                self.events.extend(self._read(deadline))
            except TimeoutError:
                return False

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                self._dismiss_dialogs()
                self.events.extend(self._read(deadline))
        except TimeoutError:
            pass
        self._dismiss_dialogs()

    def _read(self, deadline: float) -> list[dict]:
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            ready, _, _ = select.select([self.in_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.in_fd, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        *msgs, self.buf = self.buf.split(b"\0")
        return [json.loads(m) for m in msgs if m]


def open_page(path: Path, timeout: float = 60, settle: float = 1.0, width: int = 1400, height: int = 1000) -> PageRun:
    """Load a local file in headless Chromium; return its DOM, console messages, errors and dialogs."""
    to_browser_r, to_browser_w = os.pipe()
    from_browser_r, from_browser_w = os.pipe()
    # move the child's ends above 10 first, so that dup2 onto 3 and 4 never clobbers one of them
    hi_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
    hi_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)

    def child_fds() -> None:
        os.dup2(hi_r, 3)
        os.dup2(hi_w, 4)

    with tempfile.TemporaryDirectory(prefix="test-chromium-") as profile:
        args = [CHROMIUM, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}",
                f"--window-size={width},{height}", "about:blank"]
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, preexec_fn=child_fds, close_fds=False)
        for fd in (to_browser_r, from_browser_w, hi_r, hi_w):
            os.close(fd)
        pipe = _Pipe(proc, to_browser_w, from_browser_r)
        run = PageRun()
        try:
            target = pipe.send("Target.createTarget", {"url": "about:blank"}, timeout=timeout)["targetId"]
            session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Runtime", "Log", "Page"):
                pipe.send(f"{domain}.enable", session=session)
            pipe.events.clear()
            pipe.session = session
            pipe.send("Page.navigate", {"url": Path(path).resolve().as_uri()}, session=session)
            if not pipe.wait_event("Page.loadEventFired", timeout) and not pipe.dismissed:
                seen = sorted({e.get("method", "?") for e in pipe.events})
                raise TimeoutError(f"{path} did not finish loading in {timeout} s; events: {seen}")
            pipe.drain(settle)
            try:
                dom = pipe.send("Runtime.evaluate", {"expression": "document.documentElement.outerHTML",
                                                     "returnByValue": True}, session=session, timeout=15)
                run.dom = dom["result"]["value"]
            except TimeoutError:
                if not pipe.dismissed:
                    raise  # a page stuck after a dialog has no DOM to give; the dialog is the finding
            for e in pipe.events:
                method, params = e.get("method"), e.get("params", {})
                if method == "Runtime.consoleAPICalled":
                    text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                    run.console.append({"type": params.get("type", ""), "text": text})
                elif method == "Runtime.exceptionThrown":
                    d = params.get("exceptionDetails", {})
                    run.exceptions.append(d.get("exception", {}).get("description") or d.get("text", ""))
                elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                    run.log_errors.append(params["entry"].get("text", ""))
                elif method == "Page.javascriptDialogOpening":
                    run.dialogs.append(f"{params.get('type')}: {params.get('message')}")
            with contextlib.suppress(RuntimeError, TimeoutError):
                pipe.send("Browser.close", timeout=10)
        finally:
            os.close(to_browser_w)
            os.close(from_browser_r)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        return run


def dump_dom(path: Path, timeout: float = 60) -> str:
    """The DOM after load, by the plain `--dump-dom` command line."""
    with tempfile.TemporaryDirectory(prefix="test-chromium-") as profile:
        done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                               Path(path).resolve().as_uri()], capture_output=True, text=True, timeout=timeout)
    return done.stdout
