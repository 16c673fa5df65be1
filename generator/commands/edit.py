"""`briefing status | position | new-point | dismiss`: edit the register from the command line.

Under the build lock: read the register, make the edit (generator.register.edit), check the
result as a build would (the register's rules, then every quote against the articles), and
only then replace the file, atomically and with its mode, BOM and line ends kept. On any
problem nothing is written.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Callable

from generator.link import link
from generator.lock import build_lock
from generator.errors import InputError
from generator.project import Project
from generator.register import parse_register
from generator.register.edit import Edit
from generator.seeds import read_articles
from generator.textfile import decode_text
from generator.vocabulary import MAX_REGISTER_BYTES

_BOM = b"\xef\xbb\xbf"


def edit_register(project: Project, make: Callable[[str, str], Edit], done: str) -> int:
    """Apply one edit to the register, or raise InputError (located in the file as it is) and write nothing."""
    display = project.display(project.register)
    with build_lock(project.lock_file, str(project.root)):
        text = decode_text(project.register, display, MAX_REGISTER_BYTES, "register")
        edit = make(text, display)
        verify(project, edit)
        raw = project.register.read_bytes()
        new = edit.text.replace("\n", "\r\n") if b"\r\n" in raw else edit.text
        write_atomically(project.register, (_BOM if raw.startswith(_BOM) else b"") + new.encode("utf-8"))
    print(f"{display}: {done}")
    print("run 'briefing build' to publish")
    return 0


def verify(project: Project, edit: Edit) -> None:
    """The checks of a build on the edited text: InputError with problems placed in the original."""
    articles, article_problems = read_articles(project)
    try:
        register, doc = parse_register(edit.text, edit.path)
        if not article_problems:
            link(register, doc, articles)
    except InputError as exc:
        raise InputError([edit.locate(p) for p in exc.problems] + article_problems) from None
    if article_problems:
        raise InputError(article_problems)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace path with data in one rename, keeping the file's permissions."""
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".editing")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
