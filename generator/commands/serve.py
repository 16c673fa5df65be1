"""`briefing serve`: a live preview. MkDocs serves the pages with live reload; we update them
whenever the articles or the register change, under the same lock as `briefing build`.

Each update takes the build's own route (pipeline.update_docs: the cache, the site's
address, the docs-folder checks), so a preview shows what a build would publish; the
preview adds only its banner of problems and the watching. mkdocs.yml is read once, when
the preview starts. It never dies of bad input: the problems go to the terminal and, as
a banner, onto the pages, which stay the last good version until the next good save.
MkDocs serves without --strict (a warning must not stop a preview; `briefing build`
stays strict).

`briefing serve --desk` previews the editors' desk the same way: each update takes the
route of `build --desk` (generator.desk_site.update_desk_docs) into the desk's own
temporary docs folder, served with the desk's config; both are removed when it stops.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.desk_site import desk_config_file, desk_docs, show_desk_problems, update_desk_docs
from generator.engine import serve_site
from generator.errors import InputError, Problem, UsageError
from generator.link import Briefing
from generator.lock import build_lock
from generator.pipeline import show_problems, update_docs
from generator.project import Project
from generator.site_address import engine_environment
from generator.site_config import SiteConfig, load_site_config
from generator.writer import WriteReport


class _Preview:
    """Updates the pages under the build lock; on bad input, the last good pages with a banner."""

    def __init__(self, project: Project, config: SiteConfig):
        self.project = project
        self.config = config
        self.failing = False

    def regenerate(self) -> Briefing | None:
        """The pages brought up to date; the Briefing they show, or None when the input has problems."""
        try:
            with build_lock(self.project.lock_file, str(self.project.root), waiter="preview update"):
                return self._regenerate()
        except Exception as exc:  # noqa: BLE001 - the preview outlives anything one save can do
            print(f"briefing serve: could not regenerate the pages ({type(exc).__name__}: {exc}); "
                  "waiting for the next change", file=sys.stderr)
            return None

    def _regenerate(self) -> Briefing | None:
        try:
            briefing, report = self._update()
        except InputError as exc:
            self._show(exc.problems)
            return None
        fixed = " (the problems are fixed)" if self.failing else ""
        self.failing = False
        print(f"regenerated: {len(report.written)} pages written, {len(report.removed)} removed{fixed}", file=sys.stderr)
        return briefing

    def _update(self) -> tuple[Briefing, WriteReport]:
        return update_docs(self.project, self.config)

    def _show_pages(self, problems: list[Problem]) -> None:
        show_problems(self.config, problems)

    def _show(self, problems: list[Problem]) -> None:
        for problem in problems:
            print(problem, file=sys.stderr)
        self.failing = True
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''}: the preview shows them on its pages, over the "
              "last good version; fix them and save", file=sys.stderr)
        try:
            self._show_pages(problems)
        except InputError:
            pass  # a hand-written file where a page goes: the problem was printed above


class _DeskPreview(_Preview):
    """The desk's preview: its pages take the route of `build --desk`, into the desk's own docs folder."""

    def __init__(self, project: Project, config: SiteConfig, docs_dir: Path):
        super().__init__(project, config)
        self.docs_dir = docs_dir

    def _update(self) -> tuple[Briefing, WriteReport]:
        return update_desk_docs(self.project, self.config, self.docs_dir)

    def _show_pages(self, problems: list[Problem]) -> None:
        show_desk_problems(self.docs_dir, problems)


class _Inputs(FileSystemEventHandler):
    def __init__(self, project: Project, preview: _Preview):
        self.project = project
        self.preview = preview
        self.timer: threading.Timer | None = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        # only changes: reading a file also raises events (opened, closed), and we read them
        if event.is_directory or event.event_type not in ("created", "modified", "moved", "deleted"):
            return
        paths = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if any(self._is_input(p) for p in paths):
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(0.3, self.preview.regenerate)  # editors save in bursts
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


def serve(project: Project, host: str, port: int, desk: bool = False) -> int:
    """Preview the readers' site, or with desk the editors' desk, on host:port until stopped."""
    problem = address_problem(host, port)
    if problem:
        raise UsageError(problem)
    config = load_site_config(project)
    signal.signal(signal.SIGTERM, _stop)  # so that `kill` stops the engine too, and removes the desk's temporary files
    if not desk:
        preview = _Preview(project, config)
        preview.regenerate()  # a bad input does not stop the preview: its pages say what is wrong
        return _serve(project, preview, config.path, host, port)
    with desk_docs() as docs:
        preview = _DeskPreview(project, config, docs)
        briefing = preview.regenerate()
        with desk_config_file(config, docs, briefing.register.title if briefing else None) as desk_config:
            return _serve(project, preview, desk_config, host, port)


def _serve(project: Project, preview: _Preview, config_path: Path, host: str, port: int) -> int:
    """MkDocs serving config_path while the inputs are watched; each change regenerates the preview's pages."""
    observer = Observer()
    handler = _Inputs(project, preview)
    observer.schedule(handler, str(project.seeds), recursive=False)
    observer.schedule(handler, str(project.register.parent), recursive=False)
    observer.start()
    engine = serve_site(project.root, config_path, host, port, engine_environment())
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
