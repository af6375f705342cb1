"""Outputs of a timeline: ICS parsed back, SVG labels and determinism, JSON, PDF text and determinism."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from tendergen.render.templates import TemplateSet, builtin_template_dir
from tendergen.schedule import Timeline, gantt_svg
from tendergen.schedule.export import ics_bytes, json_text, table_text
from tendergen.schedule.pdf import planning_pdf
from test_schedule import copy_project, timeline_from

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    return timeline_from(copy_project(tmp_path_factory.mktemp("outputs")))


def _events(data: bytes) -> dict[str, tuple[str, dt.date]]:
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): (str(event["SUMMARY"]), event.decoded("DTSTART")) for event in calendar.walk("VEVENT")}


def test_ics_has_one_event_per_milestone_and_phase_and_parses_back(timeline: Timeline) -> None:
    events = _events(ics_bytes(timeline))
    milestones = [e for e in timeline.milestones if e.kind == "milestone"]
    assert len(milestones) == 17 and len(events) == 18  # and the phase `implementatie`
    assert events["gemeente-2027.inschrijfdeadline@tendergen"] == (
        "Uiterste datum inschrijving (Segment Jeugdhulp)",
        dt.date(2026, 3, 18),
    )
    assert events["gemeente-2027.start@tendergen"] == ("Start dienstverlening", dt.date(2027, 1, 1))
    calendar = Calendar.from_ical(ics_bytes(timeline))
    first = next(iter(calendar.walk("VEVENT")))
    assert first.decoded("DTEND") - first.decoded("DTSTART") == dt.timedelta(days=1)
    assert first.decoded("DTSTAMP") == dt.datetime(2026, 1, 15, tzinfo=dt.UTC)  # the document date, not now


def test_ics_phase_is_an_all_day_event_spanning_the_phase(timeline: Timeline) -> None:
    calendar = Calendar.from_ical(ics_bytes(timeline))
    phases = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == "gemeente-2027.implementatie@tendergen"]
    assert len(phases) == 1
    phase = phases[0]
    assert str(phase["SUMMARY"]) == "Implementatie"
    # 18 June to 31 December 2026 inclusive: DTEND is exclusive, so the day after the last day; dates, not times
    assert phase.decoded("DTSTART") == dt.date(2026, 6, 18)
    assert phase.decoded("DTEND") == dt.date(2027, 1, 1)
    assert not isinstance(phase.decoded("DTSTART"), dt.datetime)
    assert phase["CATEGORIES"].cats == ["fase"]
    assert str(phase["DESCRIPTION"]).splitlines() == [
        "Eigenaar: Aanbieders",
        "Onderdeel: Programma",
        "Begin: 1 kalenderdag na Ondertekening overeenkomsten",
        "Einde: 1 kalenderdag voor Start dienstverlening",
    ]


def test_ics_uids_are_stable_across_runs_and_date_changes(tmp_path: Path, timeline: Timeline) -> None:
    assert ics_bytes(timeline) == ics_bytes(timeline)
    root = copy_project(tmp_path)
    schedule = root / "schedules" / "gemeente-2027.yaml"
    text = schedule.read_text(encoding="utf-8").replace("date: 2026-02-01", "date: 2026-02-09")
    schedule.write_text(text, encoding="utf-8")
    moved = _events(ics_bytes(timeline_from(root)))
    before = _events(ics_bytes(timeline))
    assert set(moved) == set(before)  # same UIDs: a re-import updates the events
    assert moved["gemeente-2027.publicatie@tendergen"][1] == dt.date(2026, 2, 9)
    assert moved["gemeente-2027.inschrijfdeadline@tendergen"][1] == dt.date(2026, 3, 26)


def test_svg_contains_every_label_and_is_deterministic(timeline: Timeline) -> None:
    svg = gantt_svg(timeline, today=dt.date(2026, 3, 20))
    assert svg == gantt_svg(timeline, today=dt.date(2026, 3, 20))
    root = ElementTree.fromstring(svg)
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    for entry in timeline.milestones:
        assert any(entry.label in title for title in titles), entry.label
        assert entry.label.split()[0] in " ".join(texts), entry.label
    assert "Inkoopplan vastgesteld door het college" in texts
    assert "vandaag 20 maart 2026" in texts
    assert "18 jun 2026 – 31 dec 2026" in texts  # the implementation phase
    assert "vandaag" not in gantt_svg(timeline)  # no today-line unless asked
    assert "vandaag" not in gantt_svg(timeline, today=dt.date(2030, 1, 1))  # outside the plan


def test_long_labels_wrap_but_stay_complete(tmp_path: Path) -> None:
    label = "Voorlopig koersdocument vaststellen en vrijgeven voor inspraak en consultatie van de gemeenteraad"
    text = f"""
    programme: gemeente-2027
    milestones:
      - id: koers
        label: {label}
        date: 2026-01-13
        owner: college
    """
    svg = gantt_svg(timeline_from(copy_project(tmp_path), text))
    lines = [t.text for t in ElementTree.fromstring(svg).iter(f"{SVG}text") if t.text and t.text in label]
    assert len(lines) >= 2 and " ".join(lines) == label


def test_json_for_other_tools(timeline: Timeline) -> None:
    data = json.loads(json_text(timeline))
    assert data["programme"] == "gemeente-2027"
    assert data["roll_forward"] is False
    assert data["source"] == "schedules/gemeente-2027.yaml"  # not the path it ran from: reproducible
    deadline = next(m for m in data["milestones"] if m["id"] == "inschrijfdeadline")
    assert deadline == {
        "id": "inschrijfdeadline",
        "kind": "milestone",
        "type": "inschrijfdeadline",
        "label": "Uiterste datum inschrijving",
        "date": "2026-03-18",
        "end": None,
        "owner": "aanbieders",
        "scope": "jeugdhulp",
        "scope_kind": "unit",
        "basis": "45 kalenderdagen na Publicatie aankondiging",
        "end_basis": None,
        "note": None,
    }
    assert {c["outcome"] for c in data["checks"]} == {"ok"}
    assert data["findings"] == []


def test_terminal_table(timeline: Timeline) -> None:
    lines = table_text(timeline).splitlines()
    assert lines[0].split() == ["date", "end", "milestone", "/", "phase", "owner", "scope", "basis"]
    assert lines[2].startswith("Tue 2026-01-13")
    assert any(line.startswith("Thu 2026-06-18  Thu 2026-12-31  Implementatie") for line in lines)


def test_pdf_text_and_determinism(timeline: Timeline) -> None:
    templates = TemplateSet((builtin_template_dir(),))
    pdf = planning_pdf(timeline, templates, today=dt.date(2026, 3, 20))
    assert pdf == planning_pdf(timeline, templates, today=dt.date(2026, 3, 20))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Planning Inkoop sociaal domein Gemeente 2027" in text
    assert "wo 18 maart 2026" in text
    assert "Toetsing aan wettelijke termijnen en eigen beleidsregels" in text
    assert "Opschortende (Alcatel-)termijn van ten minste 20 kalenderdagen" in text
    assert "Aanbestedingswet 2012 art. 2.127" in text
    assert "vr 3 april 2026 (Goede vrijdag) · ma 6 april 2026 (Tweede paasdag)" in text
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.creation_date is not None and metadata.creation_date.date() == dt.date(2026, 1, 15)
