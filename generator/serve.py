"""`briefing serve`: build, then let MkDocs serve with live reload while we regenerate pages on input changes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.engine import ENGINE_ENV
from generator.errors import InputError
from generator.pipeline import Project, check, generate


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
        path = os.fsdecode(event.src_path)
        if event.is_directory or os.path.basename(path).startswith("."):
            return
        if path.startswith(str(self.project.seeds)) or path == str(self.project.register):
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(0.3, _regenerate, [self.project])  # editors save in bursts
            self.timer.start()


def serve(project: Project, host: str, port: int) -> int:
    generate(project, check(project))
    observer = Observer()
    handler = _Inputs(project)
    observer.schedule(handler, str(project.seeds), recursive=False)
    observer.schedule(handler, str(project.register.parent), recursive=False)
    observer.start()
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project.config), "-a", f"{host}:{port}", "--livereload"]
    try:
        return subprocess.call(command, cwd=project.root, env={**os.environ, **ENGINE_ENV})
    except KeyboardInterrupt:
        return 0
    finally:
        observer.stop()
        observer.join(timeout=2)
