"""`briefing serve`: build, then let MkDocs serve with live reload while we regenerate pages on input changes."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import threading

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.engine import ENGINE_ENV
from generator.errors import InputError, UsageError
from generator.pipeline import check, generate
from generator.project import Project


def _regenerate(project: Project) -> None:
    try:
        report = generate(project, check(project))
        print(f"regenerated: {len(report.written)} pages written, {len(report.removed)} removed", file=sys.stderr)
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("the served pages are unchanged until these are fixed", file=sys.stderr)


class _Inputs(FileSystemEventHandler):
    def __init__(self, project: Project):
        self.project = project
        self.timer: threading.Timer | None = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        # only changes: reading a file also raises events (opened, closed), and we read them
        if event.is_directory or event.event_type not in ("created", "modified", "moved", "deleted"):
            return
        paths = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if any(self._is_input(p) for p in paths):
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(0.3, _regenerate, [self.project])  # editors save in bursts
            self.timer.start()

    def _is_input(self, path: str) -> bool:
        if os.path.basename(path).startswith("."):
            return False
        return os.path.dirname(path) == str(self.project.seeds) or path == str(self.project.register)


def address_problem(host: str, port: int) -> str:
    """Why the preview cannot listen on host:port ('' when it can). Checked before anything is built."""
    if not 1 <= port <= 65535:
        return f"port {port} is not a port number (1 to 65535)"
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return f"address '{host}' is not known; serve on 127.0.0.1 or a name of this machine"
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:  # the environment, not the command line: exit 1
                raise OSError(exc.errno, f"port {port} is already in use", f"{host}:{port}") from None
            if exc.errno == errno.EADDRNOTAVAIL:
                return f"address '{host}' is not one of this machine's; serve on 127.0.0.1"
            raise
    return ""


def serve(project: Project, host: str, port: int) -> int:
    problem = address_problem(host, port)
    if problem:
        raise UsageError(problem)
    generate(project, check(project))
    observer = Observer()
    handler = _Inputs(project)
    observer.schedule(handler, str(project.seeds), recursive=False)
    observer.schedule(handler, str(project.register.parent), recursive=False)
    observer.start()
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project.config), "-a", f"{host}:{port}", "--livereload"]
    engine = subprocess.Popen(command, cwd=project.root, env={**os.environ, **ENGINE_ENV})
    signal.signal(signal.SIGTERM, _stop)  # so that `kill` stops the engine too, not only Ctrl-C
    try:
        return engine.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        engine.terminate()
        try:
            engine.wait(timeout=10)
        except subprocess.TimeoutExpired:
            engine.kill()
        observer.stop()
        observer.join(timeout=2)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
