"""Replacing a file in one step (generator.files): the one way pages, the cache and the register are written."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from generator import files
from generator.files import write_atomically


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_replaces_the_file_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["page.md"]


def test_keeps_the_mode_of_the_file_it_replaces_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "register.yml"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"edited", keep_mode=True)
    assert _mode(target) == 0o640
    write_atomically(target, b"generated")
    assert _mode(target) == 0o600
    write_atomically(tmp_path / "new.yml", b"x", keep_mode=True)
    assert _mode(tmp_path / "new.yml") == 0o600


@pytest.mark.parametrize("durable", [True, False])
def test_forces_the_bytes_to_disk_only_when_durable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    durable: bool) -> None:
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real(fd))
    write_atomically(tmp_path / "f", b"x", durable=durable)
    assert len(synced) == (1 if durable else 0)


def test_a_failure_keeps_the_old_file_and_names_the_file_not_the_temporary_one(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.md"
    target.write_bytes(b"old")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")  # as the kernel says it: no file name

    monkeypatch.setattr(files.os, "replace", full)
    with pytest.raises(OSError) as raised:
        write_atomically(target, b"new")
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(target)
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["page.md"]


def test_a_folder_that_cannot_hold_the_file_is_named_by_the_file(tmp_path: Path) -> None:
    (tmp_path / "docs").write_text("a file where the folder goes", "utf-8")
    target = tmp_path / "docs" / "index.md"
    with pytest.raises(NotADirectoryError) as raised:
        write_atomically(target, b"x")
    assert raised.value.filename == str(target)
