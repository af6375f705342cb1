"""The build manifest kept in the output folder: per document the hash of its inputs and of its files.

A document is skipped when its input hash is unchanged and every file it wrote is still there, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from tendergen import __version__

MANIFEST = ".tendergen-build.json"


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class Entry:
    """What one document was built from and what it wrote (file name → SHA-256)."""

    inputs: str
    files: dict[str, str]


@dataclass
class Manifest:
    """All documents of one pack."""

    documents: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest in ``folder``, or an empty one when it is missing or unreadable (then all is
        rebuilt)."""
        try:
            raw = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            docs = raw["documents"]
            return cls({name: Entry(d["inputs"], dict(d["files"])) for name, d in docs.items()})
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def fresh(self, name: str, inputs: str, folder: Path) -> bool:
        """True when ``name`` was built from ``inputs`` and its files are unchanged on disk."""
        entry = self.documents.get(name)
        if entry is None or entry.inputs != inputs:
            return False
        for file, digest in entry.files.items():
            path = folder / file
            if not path.is_file() or sha256(path.read_bytes()) != digest:
                return False
        return True

    def files(self) -> set[str]:
        """Every file the manifest records."""
        return {f for e in self.documents.values() for f in e.files}

    def to_json(self) -> str:
        """Canonical JSON text."""
        docs = {
            n: {"inputs": e.inputs, "files": dict(sorted(e.files.items()))} for n, e in sorted(self.documents.items())
        }
        return json.dumps({"tendergen": __version__, "documents": docs}, indent=2, sort_keys=True) + "\n"
