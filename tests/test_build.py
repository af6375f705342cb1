"""`tendergen build` on the command line: summary, validation first, errors without traceback, progress
display."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from click.testing import CliRunner

from tendergen.cli import cli
from tendergen.commands.build import terminal_progress

FIXTURES = Path(__file__).parent / "fixtures" / "render"


def _project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "klein", tmp_path / "specs" / "klein")
    return tmp_path


def test_build_writes_the_pack_and_then_skips_it(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(cli, ["build", str(project / "specs" / "klein"), "--output", str(out), "-j", "2"])
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert lines[0] == f"klein: 7 file(s) written, 0 unchanged → {out / 'klein'}"
    assert "  wrote units/toegang/toegang-opdrachtbrief.pdf" in lines
    assert "  wrote index.html" in lines
    assert "\r" not in first.stderr  # no progress display when not on a terminal
    second = runner.invoke(cli, ["build", str(project / "specs"), "--output", str(out)])
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines() == [f"klein: 0 file(s) written, 7 unchanged → {out / 'klein'}"]


def test_build_validates_first_and_reports_located_errors(tmp_path: Path) -> None:
    project = _project(tmp_path)
    unit = project / "specs/klein/units/toegang.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("ambition:", "ambitie:"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(project / "specs" / "klein")])
    assert result.exit_code == 1
    assert f"{unit}:5:1: ambitie: unknown key `ambitie`" in result.stderr
    assert "Traceback" not in result.output
    assert not (project / "output").exists()


def test_render_error_exits_1_without_traceback(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "templates").mkdir()
    shutil.copy(
        FIXTURES / "overrides" / "broken-opdrachtbrief.html.j2",
        project / "templates" / "opdrachtbrief.html.j2",
    )
    result = CliRunner().invoke(cli, ["build", str(project / "specs" / "klein")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-2:] == [
        "templates/opdrachtbrief.html.j2:4: 'no_such_variable' is undefined "
        "(rendering units/toegang/toegang-opdrachtbrief)",
        "1 error(s)",
    ]
    assert all(": warning: legal.cite." in line for line in lines[:-2])  # unverified citations printed
    assert not (project / "output").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_only() -> None:
    assert terminal_progress("klein", io.StringIO()) is None
    screen = _Terminal()
    show = terminal_progress("klein", screen)
    assert show is not None
    show(1, 2, "units/a")
    show(2, 2, "units/b")
    assert screen.getvalue() == (
        "\r\x1b[Kklein [############------------] 1/2 units/a\r\x1b[Kklein [########################] 2/2 units/b\n"
    )


# ---------------------------------------------------------------------------------------------- planning

TIMELINE = Path(__file__).parent / "fixtures" / "timeline"


def test_build_refuses_a_planning_that_breaks_a_statutory_period(tmp_path: Path) -> None:
    shutil.copytree(TIMELINE, tmp_path / "project")
    schedule = tmp_path / "project" / "schedules" / "gemeente-2027.yaml"
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(
        text.replace("date: {after: gunningsbeslissing, days: 20}", "date: {after: gunningsbeslissing, days: 12}"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "project" / "specs" / "gemeente-2027")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{schedule}:54:11: milestones[")
    assert "standstill period: Einde Alcatel-termijn (2026-06-08) must be at least 20 calendar days after" in lines[0]
    assert "source: Aanbestedingswet 2012 art. 2.127 lid 2 en 3 (rule standstill)" in lines[0]
    assert not (tmp_path / "project" / "output").exists()
