"""Reading input files as text: size limit, encoding, BOM and line ends."""

from __future__ import annotations

import re
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


def decode_text(file: Path, display: str, limit: int, what: str) -> str:
    """UTF-8 text with LF line ends, or an InputError that says what is wrong and where."""
    try:
        with file.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise input_error(display, 0, 0, what, f"cannot be read: {exc.strerror}", "check that the file exists and is readable") from None
    if len(data) > limit:
        raise input_error(display, 1, 1, what, f"file is larger than the limit of {limit:,} bytes", "split it or trim it; nothing this large is a single article or register")
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise input_error(display, 1, 1, what, "file is empty", "write the content, or delete the file")
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
