"""Replace a pack as a whole: the new pack is assembled in a staging folder beside it and swapped in at once.

A build that is killed at any moment leaves either the previous pack or the complete new one, never a mix. The
staging folder ``.<pack>.tendergen-staging`` receives the files this build made, hard links to the files that did
not change, and everything in the pack that the build does not manage (the ``notice/`` and ``redline/`` folders of
the review commands, files edited by hand); then the two folders are exchanged in one step (Linux
``renameat2(RENAME_EXCHANGE)``; elsewhere two renames, recovered on the next run) and the old one is removed. A
staging folder left by a killed build is removed by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import stat
import sys
from pathlib import Path

from tendergen.render.manifest import MANIFEST, Manifest, file_digest
from tendergen.writer import file_mode, make_folder

STAGING = ".tendergen-staging"
PREVIOUS = ".tendergen-previous"


def staging_of(folder: Path) -> Path:
    return folder.with_name(f".{folder.name}{STAGING}")


def previous_of(folder: Path) -> Path:
    return folder.with_name(f".{folder.name}{PREVIOUS}")


def recover(folder: Path) -> None:
    """Undo what a killed build left: a half-made staging folder goes; a pack moved aside by the two-rename
    fallback comes back (or goes, when the new pack made it into place)."""
    staging, previous = staging_of(folder), previous_of(folder)
    if _is_real_dir(previous):
        if folder.exists():
            shutil.rmtree(previous)
        else:
            os.rename(previous, folder)
    if _is_real_dir(staging):
        shutil.rmtree(staging)


def switch_pack(folder: Path, old: Manifest, new: Manifest, outputs: dict[str, bytes]) -> list[str]:
    """Make ``folder`` the pack ``new`` describes, with ``outputs`` as its new files; return the files removed
    (made by an earlier build, no longer made, and unchanged since, so the old manifest vouches for them)."""
    recover(folder)
    removable = _removable(folder, old, new)
    text = new.to_json()
    if not outputs and not removable and _manifest_text(folder) == text:
        return []  # nothing changes: no staging, no swap (the no-op build stays fast)
    staging = staging_of(folder)
    make_folder(staging)  # a WriteError names what is in the way (``-o`` through a file, no permission)
    for name, data in outputs.items():
        _write(staging / name, data)
    for name in sorted(new.files() - set(outputs)):
        _carry(folder / name, staging / name)
    for name in _unmanaged(folder, new, removable):
        _carry(folder / name, staging / name)
    _write(staging / MANIFEST, text.encode("utf-8"))
    _exchange(staging, folder)
    return sorted(removable)


def _removable(folder: Path, old: Manifest, new: Manifest) -> set[str]:
    digests = old.digests()
    return {name for name in old.files() - new.files() if file_digest(folder, name) == digests[name]}


def _manifest_text(folder: Path) -> str | None:
    try:
        return (folder / MANIFEST).read_text(encoding="utf-8")
    except OSError:
        return None


def _unmanaged(folder: Path, new: Manifest, removable: set[str]) -> list[str]:
    """Files in the pack that this build does not make: kept as they are (links as links)."""
    if not _is_real_dir(folder):
        return []
    managed = new.files() | removable | {MANIFEST}
    found: list[str] = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        base = Path(top).relative_to(folder)
        for name in [*files, *(d for d in dirs if (Path(top) / d).is_symlink())]:
            rel = (base / name).as_posix()
            if rel not in managed and not _writer_temp(name):
                found.append(rel)
    return sorted(found)


def _writer_temp(name: str) -> bool:
    """A temporary file of :func:`tendergen.writer.write_bytes` left by a killed process."""
    return name.startswith(".") and name.endswith(".tmp")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(data)
    os.chmod(path, file_mode())


def _carry(source: Path, target: Path) -> None:
    """Put ``source`` into the staging folder: a link stays a link, a file becomes a hard link (or a copy)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = source.lstat().st_mode
    if stat.S_ISLNK(mode):
        os.symlink(os.readlink(source), target)
    elif stat.S_ISREG(mode):
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError:
            shutil.copy2(source, target, follow_symlinks=False)


def _exchange(staging: Path, folder: Path) -> None:
    """Swap the staging folder into place and remove the old pack."""
    if not folder.exists():
        os.rename(staging, folder)
        return
    if _rename_exchange(staging, folder):
        shutil.rmtree(staging)
        return
    previous = previous_of(folder)
    os.rename(folder, previous)
    os.rename(staging, folder)
    shutil.rmtree(previous)


def _rename_exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically (Linux renameat2 with RENAME_EXCHANGE); False where that is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        at_fdcwd, rename_exchange = -100, 2
        if libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return True
    return False


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False
