"""Replacing a file in one step: whoever reads it sees the old bytes or the new, never a part.

The one way the generator replaces a file (generated pages, the cache, the register after
an edit): the bytes go to a temporary file in the same folder (a rename across file
systems is not atomic), which then takes the file's name. A failure leaves the old file as
it was and no temporary file behind, and its error names the file being replaced, never
the temporary one the user never made.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

# A short fixed prefix: the file's own name may already be near the 255-byte limit of a name.
TEMPORARY_PREFIX = ".tmp-"


def write_atomically(path: Path, data: bytes, *, durable: bool = True, keep_mode: bool = False) -> None:
    """Replace (or create) path with data in one rename; its folder must exist.

    durable: force the bytes to the disk before the rename, so that a power cut leaves the
    old file or the new one, never an empty one. It costs a disk flush (about 0.3 ms a file
    on an SSD, far more on a busy disk): worth it for what only the user has (the register);
    what the next build makes again (pages, the cache) can do without.
    keep_mode: the new file gets the permission bits of the one it replaces (an edit keeps
    the register's); otherwise, and for a new file, those of a private temporary file (0600).
    """
    mode = _mode(path) if keep_mode else None
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX)
    except OSError as exc:
        raise _about(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _about(exc, path) from None
        raise


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _about(exc, path) from None


def _about(exc: OSError, path: Path) -> OSError:
    """The same error, about the file being replaced (a full disk names no file at all)."""
    return type(exc)(exc.errno, exc.strerror or str(exc), str(path))
