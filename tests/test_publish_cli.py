"""`tendergen publish` refusals and `tendergen standards` through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from standards import REPO, need_sdk, unplanned_copy
from tendergen.cli import cli


def test_publish_refuses_with_every_reason_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENDERGEN_EFORMS_SDK", str(need_sdk()))
    programme = unplanned_copy(tmp_path / "project", "alphen-2021", "hulpmiddelen")
    result = CliRunner().invoke(
        cli, ["publish", str(programme), "--to", str(tmp_path / "out"), "--pack", str(tmp_path)]
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "error: publish refused:"
    assert "  alphen-2021: no built pack; run `tendergen build " in result.output
    assert any(line.startswith("  hulpmiddelen: the contract notice needs a `publicatie` milestone") for line in lines)
    assert not (tmp_path / "out").exists()


def test_publish_without_sdk_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TENDERGEN_EFORMS_SDK", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = CliRunner().invoke(cli, ["publish", str(REPO / "specs" / "alphen-2021"), "--to", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "run `tendergen standards fetch`" in result.output
    assert not (tmp_path / "out").exists()


def test_standards_path_names_the_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    sdk = need_sdk()
    monkeypatch.setenv("TENDERGEN_EFORMS_SDK", str(sdk))
    monkeypatch.delenv("TENDERGEN_OCDS_STANDARD_ZIP", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/nonexistent-tendergen-cache")
    result = CliRunner().invoke(cli, ["standards", "path"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [f"eForms SDK 1.15.1: {sdk}", "OCDS standard zip: not configured"]
