"""The schedule hook of `tendergen diff`: recomputed dates and rule results through a planner.

The planner here is a small test double that reads the fixture schedule's absolute dates and applies one rule;
the real one adapts ``tendergen.schedule``. What is tested is how the diff reports the facts it gets.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tendergen.errors import SpecError
from tendergen.project import Spec
from tendergen.review.diff import diff
from tendergen.review.output import as_text
from tendergen.review.schedule import Milestone, RuleOutcome, ScheduleFacts, compare_facts, load_schedule_data

PROJECT = Path(__file__).parent / "fixtures" / "review" / "project"
SCHEDULE = "schedules/regio-zuid.yaml"


def planner(spec: Spec) -> ScheduleFacts | None:
    data = load_schedule_data(spec)
    if data is None:
        return None
    milestones = {m["id"]: Milestone(m["id"], m["label"], m["date"]) for m in data["milestones"]}
    days = (milestones["inschrijving"].date - milestones["publicatie"].date).days
    rule = RuleOutcome(
        "open-minimum",
        "open procedure minimum (Aw 2012 art. 2.71)",
        met=days >= 45,
        detail=f"45 days required, {days} available",
        milestones=("publicatie", "inschrijving"),
    )
    return ScheduleFacts(milestones, {rule.id: rule})


def edit(root: Path, old: str, new: str) -> None:
    path = root / SCHEDULE
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def sides(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(PROJECT, tmp_path / "oud")
    shutil.copytree(PROJECT, tmp_path / "nieuw")
    return tmp_path / "oud", tmp_path / "nieuw"


def test_moved_deadline_reports_the_rule_that_measures_it(tmp_path: Path) -> None:
    _old, new = sides(tmp_path)
    edit(new, "date: 2026-04-15", "date: 2026-04-29")
    report = diff("oud", "nieuw", [], base=tmp_path, planner=planner)
    assert report.programmes[1].schedule_computed is True
    assert as_text(report).splitlines()[1:] == [
        "  schedule: milestone inschrijving: date 2026-04-15 → 2026-04-29",
        "  schedule: date of Inschrijfdeadline 2026-04-15 → 2026-04-29 "
        "(open procedure minimum (Aw 2012 art. 2.71) still met)",
    ]


def test_rule_that_breaks_is_reported(tmp_path: Path) -> None:
    old, new = sides(tmp_path)
    edit(old, "date: 2026-04-15", "date: 2026-04-16")
    edit(new, "date: 2026-04-15", "date: 2026-04-10")
    lines = as_text(diff("oud", "nieuw", [], base=tmp_path, planner=planner)).splitlines()
    assert lines[2] == (
        "  schedule: date of Inschrijfdeadline 2026-04-16 → 2026-04-10 "
        "(open procedure minimum (Aw 2012 art. 2.71) now broken: 45 days required, 40 available)"
    )


def test_rule_outcome_change_without_a_moved_milestone() -> None:
    day = dt.date(2026, 3, 1)
    milestones = {"publicatie": Milestone("publicatie", "Publicatie", day)}
    before = ScheduleFacts(milestones, {"r": RuleOutcome("r", "standstill", met=True)})
    after = ScheduleFacts(milestones, {"r": RuleOutcome("r", "standstill", met=False, detail="19 of 20 days")})
    assert [c.describe() for c in compare_facts(before, after)] == ["rule standstill met → broken (19 of 20 days)"]
    assert compare_facts(before, before) == []


def test_milestone_added_and_removed() -> None:
    old = ScheduleFacts({"a": Milestone("a", "Gunning", dt.date(2026, 6, 1))})
    new = ScheduleFacts({"b": Milestone("b", "Ondertekening", dt.date(2026, 7, 1))})
    assert [c.describe() for c in compare_facts(old, new)] == [
        "date of Ondertekening added: 2026-07-01",
        "date of Gunning removed (was 2026-06-01)",
    ]


def test_without_planner_only_the_file_is_compared(tmp_path: Path) -> None:
    _old, new = sides(tmp_path)
    edit(new, "date: 2026-04-15", "date: 2026-04-29")
    report = diff("oud", "nieuw", [], base=tmp_path)
    assert report.programmes[1].schedule_computed is False
    assert [c.describe() for c in report.programmes[1].schedule] == [
        "milestone inschrijving: date 2026-04-15 → 2026-04-29"
    ]


def test_schedule_with_a_yaml_error_is_located(tmp_path: Path) -> None:
    _old, new = sides(tmp_path)
    edit(new, "date: 2026-04-15", "date: [2026-04-15")
    with pytest.raises(SpecError) as caught:
        diff("oud", "nieuw", [], base=tmp_path)
    assert [p.format() for p in caught.value.problems] == [
        f"{new / SCHEDULE}:19:10: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_recomputed_with_the_real_scheduler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tendergen.schedule", reason="tendergen.schedule (the timeline branch) is not merged yet")
    from click.testing import CliRunner

    from tendergen.cli import cli

    timeline = Path(__file__).parent / "fixtures" / "review" / "timeline"
    shutil.copytree(timeline, tmp_path / "oud")
    shutil.copytree(timeline, tmp_path / "nieuw")
    schedule = tmp_path / "nieuw" / "schedules" / "gemeente-2027.yaml"
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(text.replace("{after: publicatie, days: 45}", "{after: publicatie, days: 35}", 1))
    monkeypatch.chdir(tmp_path)
    lines = CliRunner().invoke(cli, ["diff", "oud", "nieuw"]).stdout.splitlines()
    assert lines[1] == "  schedule: milestone inschrijfdeadline: date.days 45 → 35"
    assert lines[2] == "  schedule: date of Nota van inlichtingen 2026-03-04 → 2026-02-22"
    assert lines[3].startswith(
        "  schedule: date of Uiterste datum inschrijving 2026-03-18 → 2026-03-08 (Minimale termijn voor "
        "inschrijvingen (openbare procedure) (jeugdhulp) now broken: "
    )
    assert lines[3].endswith(
        "Nota van inlichtingen uiterlijk 10 dagen voor de inschrijfdeadline (jeugdhulp) still met)"
    )
