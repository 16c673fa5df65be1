"""The build lock: one build, register edit or preview update at a time per project."""

from __future__ import annotations

import fcntl
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator.textfile import open_regular


@contextmanager
def build_lock(lock_file: Path, project_name: str, waiter: str = "build") -> Iterator[None]:
    """Hold the project's lock; a second holder waits for the first and says what waits for what.

    waiter names who would wait: "build" ("waiting for another build of P to finish"), or
    "edit", "preview update"... ("the edit waits for the build of P to finish").
    The lock file is made when missing and opened only as a regular file: a link planted
    there is not followed (nothing is made where it leads) and a named pipe is not waited on.
    """
    with os.fdopen(open_regular(lock_file, os.O_RDWR | os.O_CREAT), "r+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waits = "waiting for another build" if waiter == "build" else f"the {waiter} waits for the build"
            print(f"{waits} of {project_name} to finish (lock {lock_file.name})", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
