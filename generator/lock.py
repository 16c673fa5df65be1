"""The build lock: one build, register edit or preview update at a time per project."""

from __future__ import annotations

import fcntl
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def build_lock(lock_file: Path, project_name: str) -> Iterator[None]:
    """Hold the project's lock; a second holder waits for the first (and says so)."""
    with open(lock_file, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another build is running in {project_name} (lock {lock_file.name}); waiting for it to finish", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
