"""One project load: spec, Q&A and schedule together, every problem of every file in one run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendergen.cli import cli
from tendergen.errors import SpecError
from tendergen.layout import Layout
from tendergen.project import load_project

TIMELINE = Path(__file__).parent / "fixtures" / "timeline"


@pytest.fixture
def gemeente(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The timeline fixture project (spec and schedule) in ``tmp_path``, which becomes the working folder."""
    shutil.copytree(TIMELINE / "specs", tmp_path / "specs")
    shutil.copytree(TIMELINE / "schedules", tmp_path / "schedules")
    monkeypatch.chdir(tmp_path)
    return Path("specs/gemeente-2027")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_three_mistakes_in_three_files_give_three_lines(gemeente: Path) -> None:
    edit(Path("schedules/gemeente-2027.yaml"), "  roll_forward: false\n", "  roll_forward: false\n  rol: x\n")
    edit(gemeente / "units/welzijn.yaml", "application_opens: 2026-03-01", "application_opens: 2026-02-30")
    edit(gemeente / "units/jeugdhulp.yaml", "weight: 30}", "weight: 20}")
    result = CliRunner().invoke(cli, ["validate", str(gemeente)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines == [
        "schedules/gemeente-2027.yaml:6:3: policy.rol: unknown key `rol`",
        "specs/gemeente-2027/units/jeugdhulp.yaml:11:1: award_criteria: award criterion weights sum to 90; "
        "they must sum to 100",
        "specs/gemeente-2027/units/welzijn.yaml:13:22: instrument.application_opens: invalid date `2026-02-30`: "
        "day is out of range for month",
        "specs/gemeente-2027: 3 error(s), 0 warning(s)",
    ]


def test_validate_reports_a_legal_breach_of_the_planning(gemeente: Path) -> None:
    schedule = Path("schedules/gemeente-2027.yaml")
    text = schedule.read_text(encoding="utf-8")
    assert "- id: inschrijfdeadline" in text
    result = CliRunner().invoke(cli, ["validate", str(gemeente)])
    assert result.exit_code == 0, result.output
    project = load_project(gemeente)
    assert project.timeline is not None and project.breaches == []
    milestone = text.index("- id: inschrijfdeadline")
    date_at = text.index("date:", milestone)
    end = text.index("\n", date_at)
    schedule.write_text(text[:date_at] + "date: 2026-02-20" + text[end:], encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(gemeente)])
    assert result.exit_code == 1
    assert "schedules/gemeente-2027.yaml:" in result.output
    assert "open procedure" in result.output or "openbare procedure" in result.output


def test_the_planning_is_computed_once_in_the_load(gemeente: Path) -> None:
    project = load_project(gemeente)
    assert project.timeline is not None
    assert [e.id for e in project.timeline.milestones][:2] == ["besluit-college", "publicatie"]
    assert project.layout == Layout(Path.cwd().resolve())


def test_every_entry_of_units_that_is_not_loaded_is_an_error(gemeente: Path) -> None:
    units = gemeente / "units"
    (units / "x.yaml").mkdir()
    (units / "notes.txt").write_text("niet een eenheid", encoding="utf-8")
    os.mkfifo(units / "pipe.yaml")
    (units / ".gitkeep").write_text("", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_project(gemeente)
    assert [p.format() for p in caught.value.problems] == [
        "specs/gemeente-2027/units/notes.txt:1:1: not a unit file: units/ holds only <id>.yaml files",
        "specs/gemeente-2027/units/pipe.yaml:1:1: not a regular file: units/ holds only <id>.yaml files",
        "specs/gemeente-2027/units/x.yaml:1:1: not a regular file: units/ holds only <id>.yaml files",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_unit_file_is_an_error(gemeente: Path) -> None:
    path = gemeente / "units/welzijn.yaml"
    path.chmod(0)
    with pytest.raises(SpecError) as caught:
        load_project(gemeente)
    assert caught.value.problems[0].file == str(path)
