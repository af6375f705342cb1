"""`tendergen publish` and `tendergen standards` through the command line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from standards import REPO, need_sdk
from tendergen.cli import cli


@pytest.mark.slow
def test_publish_writes_validated_notices_and_a_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENDERGEN_EFORMS_SDK", str(need_sdk()))
    result = CliRunner().invoke(cli, ["publish", str(REPO / "specs" / "midden-holland-2025"), "--to", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "midden-holland-2025"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in manifest["files"]] == [
        "notices/jeugd-wmo-2025-cn-20.xml",
        "notices/wmo-voorzieningen-cn-16.xml",
    ]
    for entry in manifest["files"]:
        data = (folder / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)


def test_publish_refuses_with_every_reason_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENDERGEN_EFORMS_SDK", str(need_sdk()))
    result = CliRunner().invoke(cli, ["publish", str(REPO / "specs" / "alphen-2021"), "--to", str(tmp_path)])
    assert result.exit_code == 1
    assert "error: publish refused:" in result.output
    assert "hulpmiddelen: the contract notice needs a `publicatie` milestone for hulpmiddelen" in result.output
    assert list(tmp_path.iterdir()) == []


def test_publish_without_sdk_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TENDERGEN_EFORMS_SDK", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = CliRunner().invoke(cli, ["publish", str(REPO / "specs" / "alphen-2021"), "--to", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "run `tendergen standards fetch`" in result.output
    assert not (tmp_path / "out").exists()
