"""The example schedules: valid on their own, and computed against the example specs (where present)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tendergen.loader import load_document
from tendergen.project import load_spec
from tendergen.schedule import Timeline, timeline_for
from tendergen.schedule.model import Schedule
from tendergen.validation import validate_document

REPO = Path(__file__).parent.parent
EXAMPLES = ["nieuwkoop-2021", "alphen-2021", "midden-holland-2025"]
D = dt.date


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_schedule_files_validate(name: str) -> None:
    model, problems = validate_document(Schedule, load_document(REPO / "schedules" / f"{name}.yaml"))
    assert problems == []
    assert model is not None and model.programme == name


def example(name: str) -> Timeline:
    """The computed example (skipped while the example specs, written on another branch, are not merged)."""
    if not (REPO / "specs" / name / "programme.yaml").is_file():
        pytest.skip(f"example spec specs/{name} is not in this checkout")
    timeline = timeline_for(load_spec(REPO / "specs" / name))
    assert timeline is not None
    return timeline


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_compute_without_findings(name: str) -> None:
    timeline = example(name)
    assert [f.format() for f in timeline.findings] == []


def test_nieuwkoop_reproduces_chapter_5(tmp_path: Path) -> None:
    timeline = example("nieuwkoop-2021")
    by_label = {e.label: e for e in timeline.milestones}
    assert by_label["Koersdocument vastgesteld door de gemeenteraad"].date.strftime("%Y-%m") == "2019-12"
    assert by_label["Raadpleging gemeenteraad en andere partijen"].end == D(2019, 11, 30)
    assert by_label["Gemeentelijk verbindingsteam opstarten"].end == D(2020, 6, 30)
    for label in ("Gunningsbeslissing opdracht Jeugdhulp", "Contracten gesloten voor Zorg en ondersteuning"):
        assert by_label[label].date.strftime("%Y-%m") == "2020-06"
    assert by_label["DVO Werk en Inkomen 2021 en verder"].scope == "werk-en-inkomen"


def test_alphen_reproduces_its_planning_table() -> None:
    timeline = example("alphen-2021")
    rows = [(e.owner, e.label, e.date, e.end) for e in timeline.milestones]
    assert ("raad", "Vaststellen beleidskader door de gemeenteraad", D(2019, 11, 21), None) in rows
    assert ("gemeente", "Publicatie inschrijving bundels", D(2020, 1, 1), D(2020, 3, 31)) in rows
    assert ("uitvoerders", "Start uitvoering bundels", D(2021, 1, 1), None) in rows


def test_midden_holland_signs_contracts_three_to_six_months_before_the_start() -> None:
    timeline = example("midden-holland-2025")
    checks = [c for c in timeline.checks if c.rule == "ondertekening-3-tot-6-maanden"]
    assert len(checks) == 4 and all(c.outcome == "ok" for c in checks)
    signed = {e.scope: e.date for e in timeline.milestones if e.type == "ondertekening"}
    # the SAS segments start on 1 January 2025; Wmo-voorzieningen on its own date, 1 January 2026
    assert signed == {"jeugd-wmo-2025": D(2024, 7, 17), "wmo-voorzieningen": D(2025, 7, 9)}
