"""`tendergen diff --textconv FILE`: a normalised one-line-per-value view of a spec file for `git diff`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendergen.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "review"
CRISIS = "specs/regio-zuid/units/crisis.yaml"


def view(path: Path) -> str:
    result = CliRunner().invoke(cli, ["diff", "--textconv", str(path)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_one_line_per_value_keyed_by_id() -> None:
    lines = view(FIXTURES / "project" / CRISIS).splitlines()
    assert lines[:4] == [
        "id: crisis",
        "name: Crisis",
        "domains[]: jeugdwet",
        "description: Crisishulp bij acute onveiligheid.",
    ]
    assert "estimated_value: 3200000" in lines
    assert "funding.lumpsum.amount: 400000" in lines
    assert "quality[Q-CRI-02].target: ≥ 95%" in lines
    assert "subcontracting.min_share_small_local_pct: 10" in lines
    assert "transition.replaces[Deelovereenkomst jeugdhulp 2020-2026 (crisisdeel)].ends: 2026-12-31" in lines
    assert "term.extensions_years[1]: 2" in lines
    assert not any(line.startswith("quality[Q-CRI-01].id") for line in lines)


def test_order_quotes_and_indentation_do_not_show(tmp_path: Path) -> None:
    messy = FIXTURES / "fmt" / "units" / "crisis.yaml"
    canonical = FIXTURES / "fmt" / "crisis.expected.yaml"
    assert view(messy) == view(canonical)


def test_a_file_that_does_not_load_is_shown_as_it_is(tmp_path: Path) -> None:
    broken = tmp_path / "x.yaml"
    broken.write_text("id: [x\n", encoding="utf-8")
    assert view(broken) == "id: [x\n"


def test_takes_exactly_one_file() -> None:
    result = CliRunner().invoke(cli, ["diff", "--textconv", "a.yaml", "b.yaml"])
    assert result.exit_code == 1
    assert result.stderr == "error: --textconv takes exactly one file\n"


def test_as_a_git_diff_driver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "project", repo)
    (repo / ".gitattributes").write_text("specs/**/*.yaml diff=tendergen\n", encoding="utf-8")

    def git(*args: str) -> str:
        config = ["-c", "user.name=Test", "-c", "user.email=test@example.nl"]
        config += ["-c", f"diff.tendergen.textconv={sys.executable} -m tendergen diff --textconv"]
        return subprocess.run(["git", *config, *args], cwd=repo, capture_output=True, text=True, check=True).stdout

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "base")
    unit = repo / CRISIS
    shutil.copy(FIXTURES / "fmt" / "crisis.expected.yaml", unit)
    git("commit", "-q", "-am", "fixture crisis")
    unit.write_text(unit.read_text(encoding="utf-8").replace("[4]", "[2, 2]"), encoding="utf-8")
    reordered = (FIXTURES / "fmt" / "units" / "crisis.yaml").read_text(encoding="utf-8").replace("[4]", "[2, 2]")
    unit.write_text(reordered, encoding="utf-8")
    diff = git("diff", "--no-color", "-U0", "HEAD")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-term.extensions_years[0]: 4", "+term.extensions_years[0]: 2", "+term.extensions_years[1]: 2"]
