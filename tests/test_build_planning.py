"""The pack carries the programme's planning (Gantt chart, PDF, calendar, JSON) next to the documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from icalendar import Calendar

from tendergen.cli import cli

TIMELINE = Path(__file__).parent / "fixtures" / "timeline"
FILES = ["planning.ics", "planning.json", "planning.pdf", "planning.svg"]


def test_build_writes_and_links_the_planning_and_skips_it_when_unchanged(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(TIMELINE, project)
    programme = str(project / "specs" / "gemeente-2027")
    first = CliRunner().invoke(cli, ["build", programme])
    assert first.exit_code == 0, first.output
    planning = project / "output" / "gemeente-2027" / "planning"
    assert sorted(p.name for p in planning.iterdir()) == FILES
    data = json.loads((planning / "planning.json").read_text(encoding="utf-8"))
    dates = {m["id"]: m["date"] for m in data["milestones"]}
    assert dates["publicatie"] == "2026-02-01"
    events = Calendar.from_ical((planning / "planning.ics").read_bytes()).walk("VEVENT")
    assert len(events) == len(data["milestones"])  # milestones and phases
    assert "  wrote planning/planning.pdf" in first.stdout.splitlines()
    index = (project / "output" / "gemeente-2027" / "index.html").read_text(encoding="utf-8")
    assert [name for name in FILES if f'<a href="planning/{name}">' in index] == FILES

    before = {name: (planning / name).read_bytes() for name in FILES}
    again = CliRunner().invoke(cli, ["build", programme])
    assert again.exit_code == 0
    assert "planning/" not in again.stdout
    forced = CliRunner().invoke(cli, ["build", "--force", programme])
    assert "  wrote planning/planning.pdf" in forced.stdout.splitlines()
    assert {name: (planning / name).read_bytes() for name in FILES} == before


def test_leidraad_states_whether_the_termijnenwet_extends_deadlines(tmp_path: Path) -> None:
    from tendergen.project import load_spec
    from tendergen.render.plan import planning_rows

    project = tmp_path / "project"
    shutil.copytree(TIMELINE, project)
    spec = load_spec(project / "specs" / "gemeente-2027")
    view = planning_rows(spec, "jeugdhulp")
    assert view is not None and view.roll_forward is False
    assert view.rows[0].label == "Publicatie aankondiging" and view.chart_svg is not None
    schedule = project / "schedules" / "gemeente-2027.yaml"
    text = schedule.read_text(encoding="utf-8")
    assert "roll_forward: false" in text
    schedule.write_text(text.replace("roll_forward: false", "roll_forward: true"), encoding="utf-8")
    assert planning_rows(spec, "jeugdhulp").roll_forward is True  # type: ignore[union-attr]
