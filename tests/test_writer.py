from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tendergen import writer


def test_write_creates_folders_and_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.txt"
    writer.write_text(target, "één\n")
    writer.write_text(target, "twee\n")
    assert target.read_bytes() == b"twee\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.txt"]


def test_written_files_get_the_normal_mode(tmp_path: Path) -> None:
    target = tmp_path / "file.bin"
    writer.write_bytes(target, b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file.txt"
    writer.write_text(target, "oud\n")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(writer.os, "replace", boom)
    with pytest.raises(writer.WriteError) as caught:
        writer.write_text(target, "nieuw\n")
    assert str(caught.value) == f"{target}: cannot write: disk full"
    assert target.read_text(encoding="utf-8") == "oud\n"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]
