"""What the command line prints about a run, and where.

Problems go out in the format asked for (`check --format`): as text on stderr, or as
GitHub annotations or JSON on stdout. Every kind goes the same way: bad input, a refused
command line, an error of the system (a read-only folder, a full disk); the one-line
summary for people stays on stderr. One problem is one line (generator.errors.one_line).

A system error names the path the user knows: the folder that is read-only or full, never
a temporary file the tool was making in it. Once the reader of the output has gone
(`briefing triage | head -1`), the rest is dropped quietly and the command ends with the
status it would have had; output that cannot be written (`> file` on a full disk) is said
on stderr once the command has finished, and the command exits 1.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import io
import os
import sys
from pathlib import Path
from typing import Iterator, TextIO

from generator.errors import Problem, one_line
from generator.problem_formats import format_problems
from generator.project import Project

# What to do about an operating-system error, by errno (the rest get the generic hint).
_OS_HINTS = {
    errno.EACCES: "check the permissions of this file or folder, and which user runs the build",
    errno.EPERM: "check the permissions of this file or folder, and which user runs the build",
    errno.EROFS: "the file system is read-only; build in a writable folder",
    errno.ENAMETOOLONG: "the name is too long for the file system; shorten the file name",
    errno.ENOSPC: "the disk is full; free some space on it",
    errno.EDQUOT: "your disk quota is used up; free some space",
    errno.EADDRINUSE: "another program uses this port; stop it or choose another with --port",
    errno.EADDRNOTAVAIL: "this address is not one of this machine's; use 127.0.0.1",
}
# Errors about where a file is being made, not about the file: the folder is what to fix.
_FOLDER_ERRORS = {errno.EROFS, errno.ENOSPC, errno.EDQUOT}
_CREATE_ERRORS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.ENAMETOOLONG}


def print_problems(problems: list[Problem], fmt: str, outcome: str) -> None:
    """The problems in the format asked for (text on stderr; github and json on stdout), then the count on stderr."""
    if fmt == "text":
        for problem in problems:
            print(problem, file=sys.stderr)
    else:
        print(format_problems(problems, fmt))
    count = len(problems)
    print(f"{count} problem{'s' if count != 1 else ''} found; {outcome}.", file=sys.stderr)


def print_warnings(warnings: tuple[Problem, ...], fmt: str = "text") -> None:
    """Warnings do not change the exit status: the site can be built, but readers would miss something."""
    if fmt == "text":
        for warning in warnings:
            print(warning.as_warning(), file=sys.stderr)
    elif warnings or fmt == "json":  # for a machine: on stdout, like the problems
        print(format_problems([dataclasses.replace(w, severity="warning") for w in warnings], fmt))


def usage_problem(message: str) -> Problem:
    """A refused command line as a problem of no file (exit 2)."""
    return Problem("", 0, 0, "command line", message)


def print_usage_error(command: str, message: str, fmt: str) -> None:
    if fmt == "text":
        print(f"briefing{f' {command}' if command else ''}: error: {one_line(message)}", file=sys.stderr)
    else:
        print(format_problems([usage_problem(message)], fmt))


def os_error_problem(exc: OSError, project: Project) -> Problem:
    """An operating-system error as one problem: the path the user knows, what went wrong, what to do.

    The path is the one being made when the call names two (os.replace(temporary, page),
    a copy), else the one named. Something that could not be made (a temporary file, a
    page's folder) is reported at the folder that was to hold it, as is any read-only or
    full file system: that folder is what the user can fix, and it is one they know. A
    full disk that names no file (a write to a file already open) is reported at the
    project folder, by its full path.
    """
    what = exc.strerror or str(exc)
    hint = _OS_HINTS.get(exc.errno, "check the path and the file system")
    named = exc.filename2 if exc.filename2 is not None and exc.errno in _CREATE_ERRORS else exc.filename
    if not isinstance(named, (str, bytes, os.PathLike)):  # none, or a file descriptor's number
        return Problem(_folder(project.root, project), 0, 0, "file system", what, hint)
    path = Path(os.fsdecode(named))
    path = path if path.is_absolute() else Path.cwd() / path
    if exc.errno in _FOLDER_ERRORS or (exc.errno in _CREATE_ERRORS - {errno.ENAMETOOLONG} and not os.path.lexists(path)):
        folder = _existing_folder(path)
        if folder != path and exc.errno not in (errno.ENOSPC, errno.EDQUOT):  # a full disk: the hint says it
            what = f"{what}: nothing can be made in this folder"
        if exc.errno in (errno.EACCES, errno.EPERM):
            hint = "check this folder's permissions, and which user runs the build"
        return Problem(_folder(folder, project), 0, 0, "file system", what, hint)
    return Problem(project.display(path), 0, 0, "file system", what, hint)


def address_error_text(exc: OSError) -> str:
    """A network address the preview cannot listen on: 'briefing: error: HOST:PORT: what (hint)'."""
    return f"briefing: error: {exc.filename}: {exc.strerror} ({_OS_HINTS[exc.errno]})"


def _existing_folder(path: Path) -> Path:
    """path itself when it is a folder, else the nearest folder above it that exists."""
    while not path.is_dir() and path != path.parent:
        path = path.parent
    return path


def _folder(folder: Path, project: Project) -> str:
    """A folder as the editor knows it, with a final '/'; the current folder by its full path ('.' names nothing)."""
    shown = project.display(folder)
    return (str(folder) if shown == "." else shown).rstrip("/") + "/"


class _Quiet:
    """A text stream that stops writing, silently, once its reader has gone (a pipe closed, or no stream at all).

    Any other error of the stream itself (`> file` on a full disk) stops it too, and is kept
    in `error` for the command to report once it has finished.
    """

    def __init__(self, stream: TextIO | None):
        self._stream = stream
        self.gone = stream is None  # started with the stream closed (`briefing check >&-`)
        self.error: OSError | None = None

    def write(self, text: str) -> int:
        self._do("write", text)
        return len(text)

    def flush(self) -> None:
        self._do("flush")

    def _do(self, method: str, *args: str) -> None:
        if self.gone:
            return
        try:
            getattr(self._stream, method)(*args)
        except OSError as exc:
            self.error = None if isinstance(exc, BrokenPipeError) else exc
            self._drop()

    def _drop(self) -> None:
        """What is still buffered goes nowhere, and so does everything after it, exit included."""
        self.gone = True
        with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)

    def __getattr__(self, name: str) -> object:  # encoding, fileno, isatty...: the stream's own
        return getattr(self._stream, name)


class Output:
    """The command's stdout and stderr for the time of one command (quiet_when_closed)."""

    def __init__(self, out: _Quiet, err: _Quiet):
        self.out, self.err = out, err

    def status(self, status: int) -> int:
        """The command's exit status, 1 if its output could not be written (said on stderr, if stderr still works)."""
        failed = next((stream.error for stream in (self.out, self.err) if stream.error), None)
        if failed is None:
            return status
        if not self.err.gone:
            print(f"briefing: error: the output could not be written: {failed.strerror or failed} "
                  f"({_OS_HINTS.get(failed.errno, 'check where the output goes')})", file=sys.stderr)
        return status or 1


@contextlib.contextmanager
def quiet_when_closed() -> Iterator[Output]:
    """stdout and stderr that end quietly when their reader goes away, for the time of one command."""
    streams = sys.stdout, sys.stderr
    output = Output(_Quiet(sys.stdout), _Quiet(sys.stderr))
    sys.stdout, sys.stderr = output.out, output.err
    try:
        yield output
    finally:
        output.out.flush()
        output.err.flush()
        sys.stdout, sys.stderr = streams
