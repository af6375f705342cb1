"""The build manifest kept in the pack folder: per output the digest of its inputs and of every file it wrote.

One manifest decides what is stale for every output of the pack (documents, planning, index …): an output is
skipped when its input digest is unchanged and every file it wrote is still there, byte for byte. It is also the
only authority for removing files: a file an earlier build wrote and this build no longer makes is removed only
when it lies inside the pack (no ``..``, no absolute path, no link on the way) and its content still has the
digest the manifest recorded, so a tampered or hand-written manifest can never delete anything else.
"""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tendergen import __version__

MANIFEST = ".tendergen-build.json"


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class Entry:
    """What one output was built from and what it wrote (file name → SHA-256), and which builder made it."""

    inputs: str
    files: dict[str, str]
    builder: str = "document"


@dataclass
class Manifest:
    """All outputs of one pack, by name."""

    outputs: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest in ``folder``, or an empty one when it is missing or unreadable (then all is rebuilt)."""
        try:
            raw = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            items = raw.get("outputs", raw.get("documents"))
            return cls(
                {
                    str(name): Entry(
                        str(d["inputs"]),
                        {str(f): str(h) for f, h in d["files"].items()},
                        str(d.get("builder", "document")),
                    )
                    for name, d in items.items()
                }
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def fresh(self, name: str, inputs: str, folder: Path) -> bool:
        """True when ``name`` was built from ``inputs`` and its files are unchanged on disk."""
        entry = self.outputs.get(name)
        if entry is None or entry.inputs != inputs:
            return False
        return all(file_digest(folder, file) == digest for file, digest in entry.files.items())

    def files(self) -> set[str]:
        """Every file the manifest records."""
        return {f for e in self.outputs.values() for f in e.files}

    def digests(self) -> dict[str, str]:
        """Every recorded file with its SHA-256."""
        return {f: h for e in self.outputs.values() for f, h in e.files.items()}

    def to_json(self) -> str:
        """Canonical JSON text."""
        outputs = {
            n: {"builder": e.builder, "inputs": e.inputs, "files": dict(sorted(e.files.items()))}
            for n, e in sorted(self.outputs.items())
        }
        return json.dumps({"tendergen": __version__, "outputs": outputs}, indent=2, sort_keys=True) + "\n"


def inside(folder: Path, name: str) -> Path | None:
    """The path of pack file ``name`` when it names a plain file position inside ``folder``: relative, no ``..``,
    no link on the way. None otherwise."""
    pure = PurePosixPath(name)
    if not name or pure.is_absolute() or "\\" in name or any(part in ("", ".", "..") for part in pure.parts):
        return None
    path = folder
    for part in pure.parts[:-1]:
        path = path / part
        if path.is_symlink():
            return None
    return path / pure.parts[-1]


def file_digest(folder: Path, name: str) -> str | None:
    """SHA-256 of the regular file ``name`` inside ``folder`` (not a link), or None."""
    path = inside(folder, name)
    if path is None:
        return None
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        return sha256(path.read_bytes())
    except OSError:
        return None


def remove_stale(folder: Path, old: Manifest, new: Manifest) -> list[str]:
    """Remove the files ``old`` records and ``new`` does not, where the manifest vouches for them (see the module
    doc); return the names removed."""
    removed: list[str] = []
    digests = old.digests()
    for name in sorted(old.files() - new.files()):
        path = inside(folder, name)
        if path is None or file_digest(folder, name) != digests[name]:
            continue
        path.unlink()
        removed.append(name)
    return removed
