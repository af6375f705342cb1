"""The one place that writes files: atomic (temp file + os.replace), creates folders.

A file that cannot be written (a read-only folder, a path through a file, a folder in the way) raises
:class:`WriteError` naming the path, never a bare ``OSError``.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from tendergen.errors import TendergenError


class WriteError(TendergenError):
    """An output file or folder could not be written; the message names it and why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: cannot write: {reason}")
        self.path = path
        self.reason = reason


def _file_mode() -> int:
    """The mode a plain ``open()`` would give a new file (0644 under the usual umask 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_MODE = _file_mode()


def file_mode() -> int:
    """The mode tendergen gives the files it writes."""
    return _MODE


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents; :class:`WriteError` names the part that is in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise WriteError(folder, f"{blocker} is a file, not a folder") from None
    except NotADirectoryError:
        blocker = next((p for p in folder.parents if p.exists() and not p.is_dir()), folder.parent)
        raise WriteError(folder, f"{blocker} is a file, not a folder") from None
    except OSError as exc:
        raise WriteError(folder, _reason(exc)) from None


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: readers see the old file or the new one, never a half."""
    if path.is_dir():
        raise WriteError(path, "it is a folder; name a file")
    try:
        make_folder(path.parent)
    except WriteError as exc:
        raise WriteError(path, exc.reason) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(path, _reason(exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _MODE)  # mkstemp makes 0600; a published pack must be readable like any other file
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError(path, _reason(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{exc.strerror} (check the folder's permissions)"
    if exc.errno == errno.EISDIR:
        return "it is a folder; name a file"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return exc.strerror or str(exc) or type(exc).__name__


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically with Unix newlines."""
    write_bytes(path, text.encode("utf-8"))
