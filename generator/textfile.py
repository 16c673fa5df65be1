"""Reading input files as text: size limit, encoding, BOM and line ends; only regular files are opened."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from generator.errors import input_error

# Characters that have no place in text: C0 controls other than tab and the line ends,
# DEL, C1 controls, and the non-characters U+FFFE/U+FFFF. None of them can be written
# in XML (the feed) or YAML, and HTML calls them parse errors. Rejected, not dropped:
# they usually mean a damaged or doubly converted file, which the editor should see.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset into text (columns count characters, or bytes in bytes)."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, offset) + 1
    column = offset - (text.rfind(newline, 0, offset) + 1) + 1
    return line, column


def control_char_problem(text: str) -> tuple[int, int, str] | None:
    """(line, column, description) of the first forbidden control character in text, or None."""
    match = CONTROL_CHARS.search(text)
    if not match:
        return None
    return (*line_col(text, match.start()), f"control character U+{ord(match.group()):04X}")


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in the editor's words."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def read_regular(file: Path, display: str, limit: int, what: str) -> bytes:
    """Up to limit + 1 bytes of a regular file; anything else (folder, FIFO, device) is a located problem.

    The kind is checked before opening (opening a FIFO blocks until a writer comes), and the
    file is opened non-blocking and checked again, in case it was swapped in between.
    """
    try:
        kind = os.stat(file).st_mode
    except FileNotFoundError:
        raise input_error(display, 0, 0, what, "file not found", "check the name and the folder") from None
    except OSError as exc:
        raise input_error(display, 0, 0, what, f"cannot be read: {exc.strerror}", "check the file's permissions") from None
    if not stat.S_ISREG(kind):
        raise input_error(display, 0, 0, what, f"is {file_kind(kind)}, not a text file", "give the path of a text file")
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise input_error(display, 0, 0, what, f"cannot be read: {exc.strerror}", "check the file's permissions") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise input_error(display, 0, 0, what, "is not a regular file", "give the path of a text file")
        return handle.read(limit + 1)


def open_regular(path: Path, flags: int = os.O_RDONLY, mode: int = 0o644) -> int:
    """A descriptor of path, opened only if it is a regular file; OSError otherwise.

    A link at the end of the path is not followed (ELOOP), a named pipe is not waited on
    (O_NONBLOCK: opening one for reading blocks until a writer comes), and whatever was
    opened that is not a regular file is closed again. For the tool's own files (the lock,
    the cache, its key, the ledger), which are never links.
    """
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0), mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP and os.path.islink(path):
            raise OSError(errno.ELOOP, "is a link, which the tool never follows here", str(path)) from None
        raise
    kind = os.fstat(fd).st_mode
    if not stat.S_ISREG(kind):
        os.close(fd)
        raise OSError(errno.EINVAL, f"is {file_kind(kind)}, not a regular file", str(path))
    return fd


def read_regular_bytes(path: Path) -> bytes:
    """The bytes of a regular file that is not a link (open_regular); OSError for anything else."""
    with os.fdopen(open_regular(path), "rb") as handle:
        return handle.read()


def link_leads_away(path: Path, root: Path) -> str:
    """Where path leads when a link on its way takes it off the project's own visible files, else ''.

    'outside the project', or 'to a hidden file or folder of the project' (.git holds a
    checkout's credentials, .env a developer's secrets), or 'round in a loop'. A path
    reached without a link is the user's own naming and is not judged here.
    """
    named = Path(os.path.normpath(path))
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return "round in a loop"
    if real == named:
        return ""
    if not real.is_relative_to(root):
        return "outside the project"
    hidden = {part for part in real.relative_to(root).parts if part.startswith(".")}
    named_parts = named.relative_to(root).parts if named.is_relative_to(root) else ()
    named_hidden = {part for part in named_parts if part.startswith(".")}
    return "to a hidden file or folder of the project" if hidden - named_hidden else ""


def irregular_files(folder: Path, root: Path | None = None) -> list[tuple[Path, str]]:
    """Every entry under folder that the site engine must not read, with what it is. Nothing is opened.

    Not a folder or regular file (a FIFO would stop the engine for good), a link that leads
    nowhere, and with root given: a link that leads away from the project's own visible
    files (link_leads_away; the engine would publish what it leads to) and a link to a
    folder (the engine walks it, a loop for ever, and the generator writes into the docs
    folder's own folders, never through a link).
    """
    found: list[tuple[Path, str]] = []
    _irregular_in(str(folder), root, found)
    return sorted(found)


def folder_entries(folder: str) -> list[os.DirEntry]:
    """A folder's entries, each knowing its kind from the listing itself; none when it cannot be listed
    (as Path.rglob and os.walk pass such a folder over)."""
    try:
        with os.scandir(folder) as listing:
            return list(listing)
    except OSError:
        return []


def _irregular_in(folder: str, root: Path | None, found: list[tuple[Path, str]]) -> None:
    """irregular_files of one folder and the folders below it (never through a link; one that cannot be
    listed is passed over). A folder's entries' kinds come with its listing: only a link, or an entry
    neither folder nor regular file, costs a stat."""
    for entry in folder_entries(folder):
        if entry.is_symlink():
            kind = _link_kind(Path(entry.path), root)
        elif entry.is_dir(follow_symlinks=False):
            _irregular_in(entry.path, root, found)
            continue
        elif entry.is_file(follow_symlinks=False):
            continue
        else:
            kind = file_kind(entry.stat(follow_symlinks=False).st_mode)
        if kind:
            found.append((Path(entry.path), kind))


def _link_kind(path: Path, root: Path | None) -> str:
    """What a link is, to irregular_files ('' for a link the engine may follow)."""
    try:
        away = link_leads_away(path, root) if root is not None else ""
        mode = os.stat(path).st_mode
    except OSError:
        return "a link that leads nowhere"
    if away:
        return f"a link that leads {away}"
    if root is not None and stat.S_ISDIR(mode):
        return "a link to a folder"
    return "" if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else file_kind(mode)


# Byte order marks and what they mean, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32LE"), (b"\x00\x00\xfe\xff", "UTF-32BE"),
         (b"\xff\xfe", "UTF-16LE"), (b"\xfe\xff", "UTF-16BE"))


def foreign_encoding(data: bytes) -> str | None:
    """The encoding of text saved as UTF-16 or UTF-32 (by its byte order mark or its NUL pattern), or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:4096]
    if len(sample) >= 4 and b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        # ASCII text in UTF-16 has every other byte NUL
        if odd.count(0) > len(odd) * 0.8 and even.count(0) < len(even) * 0.2:
            return "UTF-16LE"
        if even.count(0) > len(even) * 0.8 and odd.count(0) < len(odd) * 0.2:
            return "UTF-16BE"
    return None


def decode_text(file: Path, display: str, limit: int, what: str,
                empty_hint: str = "write the content, or delete the file") -> str:
    """UTF-8 text with LF line ends, or an InputError that says what is wrong and where."""
    data = read_regular(file, display, limit, what)
    encoding = foreign_encoding(data)
    if encoding:
        raise input_error(display, 1, 1, what, f"the file is encoded as {encoding}, not UTF-8",
                          f"convert it, e.g. iconv -f {encoding} -t UTF-8 FILE > NEW")
    if len(data) > limit:
        raise input_error(display, 1, 1, what, f"file is larger than the limit of {limit:,} bytes", "split it or trim it; nothing this large is a single article or register")
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise input_error(display, 1, 1, what, "file is empty", empty_hint)
    if b"\x00" in data:
        line, column = line_col(data, data.index(b"\x00"))
        raise input_error(display, line, column, what, "file contains NUL bytes: it is binary, not text", "save it as UTF-8 plain text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_col(data, exc.start)
        raise input_error(
            display, line, column, what, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "re-save the file as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8",
        ) from None
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = control_char_problem(text)
    if found:
        line, column, name = found
        raise input_error(display, line, column, what, f"contains a {name}, which cannot be shown as text",
                    "delete it; a form feed or escape sequence usually comes from copying out of another program")
    return text
