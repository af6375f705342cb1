"""Edited copies of fixture programmes, and the problems they load with: the helpers the model tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tendergen.errors import SpecError
from tendergen.project import load_spec


def variant(tmp_path: Path, source: Path, file: str, old: str, new: str) -> Path:
    """A copy of the programme folder ``source`` in ``tmp_path`` with the first ``old`` in ``file`` made ``new``
    (``old`` must be there, so an edit that no longer applies fails the test instead of testing nothing)."""
    root = tmp_path / source.name
    shutil.copytree(source, root)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def problems(root: Path, strip: str = "") -> list[str]:
    """The formatted problems of a programme that must fail to load, with the prefix ``strip`` cut off."""
    with pytest.raises(SpecError) as exc:
        load_spec(root)
    return [p.format().removeprefix(strip) for p in exc.value.problems]
