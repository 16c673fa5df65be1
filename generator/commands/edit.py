"""`briefing status | position | new-point | dismiss | reviewed`: edit the register from the command line.

Under the build lock: read the register, make the edit (generator.register.edit), check the
result as a build would (the register's rules, then every quote against the articles), and
only then replace the file, atomically and with its mode, BOM and each line's line end kept. On any
problem nothing is written.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Callable

from generator.link import link
from generator.lock import build_lock
from generator.errors import InputError, input_error
from generator.files import write_atomically
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
    with build_lock(project.lock_file, str(project.root), waiter="edit"):
        text = decode_text(project.register, display, MAX_REGISTER_BYTES, "register")
        refuse_write_protected(project.register, display)
        edit = make(text, display)
        verify(project, edit)
        write_atomically(project.register, edited_bytes(project.register.read_bytes(), edit), keep_mode=True)
    print(f"{display}: {done}")
    print("run 'briefing build' to publish")
    return 0


def refuse_write_protected(register: Path, display: str) -> None:
    """A register its owner may not write is not replaced behind their back (root could: the mode bits decide)."""
    if not register.stat().st_mode & stat.S_IWUSR:
        raise input_error(display, 1, 1, "register", "is write-protected: the edit would replace it",
                          f"make it writable (chmod u+w {display}) if the edit is wanted")


def edited_bytes(raw: bytes, edit: Edit) -> bytes:
    """The edited register as the file's bytes: its BOM, if it has one, and every line's own line end kept."""
    bom = _BOM if raw.startswith(_BOM) else b""
    try:
        return bom + edit.with_line_ends(raw[len(bom):].decode("utf-8")).encode("utf-8")
    except (UnicodeDecodeError, ValueError):  # saved by someone else since it was read
        raise input_error(edit.path, 1, 1, "register", "the file changed while the edit was being made",
                          "run the command again") from None


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
