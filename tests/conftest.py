from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Copy a valid fixture programme into ``tmp_path/specs/<name>``, overlay files, and chdir to ``tmp_path``.

    Returns a factory: ``project("regio-noord", overlay=FIXTURES / "invalid" / "case")`` → the programme folder,
    relative to the new working directory, so messages show ``specs/<name>/…`` paths.
    """

    def make(name: str = "regio-noord", overlay: Path | None = None) -> Path:
        target = tmp_path / "specs" / name
        shutil.copytree(FIXTURES / "valid" / name, target)
        if overlay is not None:
            shutil.copytree(overlay, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
        monkeypatch.chdir(tmp_path)
        return Path("specs") / name

    return make
