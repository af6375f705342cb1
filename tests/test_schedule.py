"""Schedule files: computing dates, the Atw roll-forward switch, located errors, cycles.

The helpers at the top are shared by the other timeline test modules.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest

from tendergen.errors import SpecError
from tendergen.project import load_spec
from tendergen.schedule import Timeline, timeline_for

FIXTURE = Path(__file__).parent / "fixtures" / "timeline"
PROGRAMME = "gemeente-2027"
D = dt.date


def copy_project(tmp_path: Path) -> Path:
    """A writable copy of the fixture project (specs/ and schedules/)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def write_schedule(root: Path, text: str) -> Path:
    path = root / "schedules" / f"{PROGRAMME}.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def edit_unit(root: Path, unit: str, old: str, new: str) -> None:
    path = root / "specs" / PROGRAMME / "units" / f"{unit}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def timeline_from(root: Path, text: str | None = None) -> Timeline:
    if text is not None:
        write_schedule(root, text)
    timeline = timeline_for(load_spec(root / "specs" / PROGRAMME))
    assert timeline is not None
    return timeline


def spec_errors(root: Path, text: str) -> list[str]:
    """The formatted problems of a schedule that cannot be computed, with the file name cut off."""
    path = write_schedule(root, text)
    with pytest.raises(SpecError) as caught:
        timeline_from(root)
    return [p.format().replace(str(path), "S") for p in caught.value.problems]


def dates(timeline: Timeline) -> dict[str, dt.date]:
    return {e.id: e.date for e in timeline.milestones}


# --------------------------------------------------------------------------- the fixture plan


def test_programme_not_in_the_repository_is_computed_and_checked(tmp_path: Path) -> None:
    """Publication 1 February, award before 1 July, services from 1 January next year (open, standstill)."""
    timeline = timeline_from(copy_project(tmp_path))
    got = dates(timeline)
    assert got["publicatie"] == D(2026, 2, 1)
    assert got["inschrijfdeadline"] == D(2026, 3, 18)  # 45 days after 1 February
    assert got["nvi"] == D(2026, 3, 4)
    assert got["gunningsbeslissing"] == D(2026, 5, 27)  # before 1 July
    assert got["einde-standstill"] == D(2026, 6, 16)
    assert got["ondertekening"] == D(2026, 6, 17)  # 1 working day after the standstill ends
    assert got["start"] == D(2027, 1, 1)
    implementation = timeline.entry("implementatie")
    assert (implementation.date, implementation.end, implementation.kind) == (
        D(2026, 6, 18),
        D(2026, 12, 31),
        "phase",
    )
    assert timeline.findings == []
    kept = {(c.rule, c.scope) for c in timeline.checks if c.outcome == "ok"}
    assert ("openbaar-inschrijftermijn", "jeugdhulp") in kept
    assert ("standstill", "jeugdhulp") in kept
    assert ("standstill-ondertekening", "jeugdhulp") in kept
    assert ("gunning-voor-start", "jeugdhulp") in kept
    assert ("sas-aankondiging-gunning", "wmo") in kept
    assert all(c.outcome == "ok" for c in timeline.checks)


def test_milestones_are_ordered_by_date_and_carry_the_api_fields(tmp_path: Path) -> None:
    timeline = timeline_from(copy_project(tmp_path))
    order = [e.date for e in timeline.milestones]
    assert order == sorted(order)
    first = timeline.milestones[0]
    assert (first.id, first.label, first.owner, first.scope, first.kind) == (
        "besluit-college",
        "Inkoopplan vastgesteld door het college",
        "college",
        "programme",
        "milestone",
    )
    publication = timeline.entry("wmo-publicatie")
    assert (publication.scope, publication.scope_kind, publication.scope_label) == (
        "wmo",
        "tender",
        "Aanbesteding Wmo-ondersteuning",
    )
    assert publication.label == "Publicatie aankondiging"  # default label of the type
    assert timeline.entry("inschrijfdeadline").basis == "45 kalenderdagen na Publicatie aankondiging"


def test_relevant_to_selects_the_entries_of_one_unit(tmp_path: Path) -> None:
    timeline = timeline_from(copy_project(tmp_path))
    ids = {e.id for e in timeline.relevant_to("begeleiding", tender_id="wmo")}
    assert "wmo-publicatie" in ids and "start" in ids and "implementatie" in ids
    assert "publicatie" not in ids  # jeugdhulp's own procedure


def test_no_schedule_file_gives_none(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    (root / "schedules" / f"{PROGRAMME}.yaml").unlink()
    assert timeline_for(load_spec(root / "specs" / PROGRAMME)) is None


# --------------------------------------------------------------------------- relative dates

PLAN = """
programme: gemeente-2027
policy:
  roll_forward: {roll}
milestones:
  - id: publicatie
    type: publicatie
    date: 2026-02-01
    owner: inkoop
  - id: vragen
    date: {{after: publicatie, days: 21}}
    owner: aanbieders
  - id: raad
    date: {{before: start, months: 3}}
    owner: raad
  - id: koningsdag
    date: {{after: publicatie, working_days: 59}}
    owner: inkoop
  - id: zaterdag
    date: {{before: start, days: 6}}
    owner: inkoop
  - id: vast
    date: {{after: publicatie, days: 21, roll_forward: false}}
    owner: inkoop
  - id: start
    date: 2027-01-01
    owner: aanbieders
"""


def test_relative_dates_without_roll_forward(tmp_path: Path) -> None:
    timeline = timeline_from(copy_project(tmp_path), PLAN.format(roll="false"))
    got = dates(timeline)
    assert got["vragen"] == D(2026, 2, 22)  # a Sunday: left alone
    assert got["raad"] == D(2026, 10, 1)
    assert got["zaterdag"] == D(2026, 12, 26)
    # 59 working days after Sunday 1 February: Goede Vrijdag 3 April, Tweede Paasdag 6 April and Koningsdag
    # Monday 27 April are skipped (the 58th working day is Friday 24 April)
    assert got["koningsdag"] == D(2026, 4, 28)
    assert timeline.entry("koningsdag").basis == "59 werkdagen na Publicatie aankondiging"


def test_roll_forward_moves_dates_to_working_days(tmp_path: Path) -> None:
    timeline = timeline_from(copy_project(tmp_path), PLAN.format(roll="true"))
    got = dates(timeline)
    assert got["vragen"] == D(2026, 2, 23)  # Sunday → Monday
    assert timeline.entry("vragen").basis == (
        "21 kalenderdagen na Publicatie aankondiging (verschoven van zondag 22 februari 2026, zondag; "
        "Algemene termijnenwet)"
    )
    assert got["zaterdag"] == D(2026, 12, 24)  # before: back to the working day before Christmas
    assert got["vast"] == D(2026, 2, 22)  # the date's own switch wins
    assert got["raad"] == D(2026, 10, 1)  # a Thursday: unchanged


# --------------------------------------------------------------------------- located errors


def test_bad_schedule_file_reports_every_problem_located(tmp_path: Path) -> None:
    errors = spec_errors(
        copy_project(tmp_path),
        """
        programme: gemeente-2027
        milestones:
          - id: publicatie
            labl: Publicatie
            date: 1 februari
            owner: inkoop
          - id: deadline
            type: inschrijfdeadlijn
            date: {after: publicatie, before: publicatie, days: 45}
            owner: aanbieder
          - id: start
            date: {after: publicatie, days: 3, months: 1}
            owner: college
            scope: {unit: jeugdhulp, tender: wmo}
        """,
    )
    assert errors == [
        "S:4:5: milestones[0].labl: unknown key `labl`; did you mean `label`?",
        "S:5:11: milestones[0].date: expected a date (YYYY-MM-DD) or a relative date such as "
        "{after: publicatie, days: 45}",
        "S:8:11: milestones[1].type: text `inschrijfdeadlijn` is not allowed; expected one of: "
        "besluit-college, "
        "besluit-raad, advies, marktconsultatie, vooraankondiging, publicatie, aanmelddeadline, uitnodiging, "
        "vragen-deadline, "
        "nota-van-inlichtingen, inschrijfdeadline, gunningsbeslissing, einde-standstill, ondertekening, "
        "aankondiging-gunning, implementatie, start-dienstverlening, overig; did you mean "
        "`inschrijfdeadline`?",
        "S:9:11: milestones[1].date: give exactly one of `after` or `before`",
        "S:10:12: milestones[1].owner: text `aanbieder` is not allowed; expected one of: college, raad, "
        "colleges, "
        "raden, gemeente, regio, inkoop, aanbieders, uitvoerders, adviesraden, belanghebbenden, toegang, "
        "contractmanagement, algemeen-bestuur, dagelijks-bestuur, uitvoeringsorganisatie; did you mean `aanbieders`?",
        "S:12:11: milestones[2].date: give exactly one of `days`, `working_days`, `weeks` or `months` "
        "(found `days`, `months`)",
        "S:14:12: milestones[2].scope: give one of `tender` or `unit`, not both",
    ]


def test_references_and_scopes_are_checked_against_the_schedule_and_spec(tmp_path: Path) -> None:
    errors = spec_errors(
        copy_project(tmp_path),
        """
        programme: gemeente-2028
        milestones:
          - id: publicatie
            date: 2026-02-01
            owner: inkoop
            scope: {unit: jeugdhulpp}
          - id: deadline
            date: {after: publicatei, days: 45}
            owner: aanbieders
            scope: {unit: jeugdhulp, lot: regio}
          - id: gunning
            date: {after: implementatie, days: 1}
            owner: college
            scope: {tender: wmoo}
          - id: deadline
            date: {after: publicatie.end, days: 1}
            owner: college
        phases:
          - id: implementatie
            label: Implementatie
            start: {after: gunning, days: 1}
            end: 2026-12-31
            owner: aanbieders
        """,
    )
    assert errors == [
        "S:1:12: programme: schedule is for programme `gemeente-2028`, but the spec is `gemeente-2027`",
        "S:6:19: milestones[0].scope.unit: unknown unit `jeugdhulpp`; did you mean `jeugdhulp`?",
        "S:8:19: milestones[1].date.after: unknown milestone or phase boundary `publicatei`; did you mean "
        "`publicatie`?",
        "S:10:35: milestones[1].scope.lot: unknown lot of unit `jeugdhulp` `regio`; did you mean `regionaal`?",
        "S:12:19: milestones[2].date.after: `implementatie` is a phase; refer to `implementatie.start` or "
        "`implementatie.end`",
        "S:14:21: milestones[2].scope.tender: unknown tender `wmoo`; did you mean `wmo`?",
        "S:15:9: milestones[3].id: duplicate id `deadline` (also used by milestones[1])",
        "S:16:19: milestones[3].date.after: `publicatie` is a milestone; refer to it without `.start`/`.end`",
    ]


def test_negative_amounts_are_refused(tmp_path: Path) -> None:
    errors = spec_errors(
        copy_project(tmp_path),
        """
        programme: gemeente-2027
        milestones:
          - id: publicatie
            date: {before: inschrijfdeadline, days: 45}
            owner: inkoop
          - id: vragen
            date: 2026-02-20
            owner: aanbieders
          - id: inschrijfdeadline
            date: {after: gunning, weeks: -1}
            owner: aanbieders
          - id: gunning
            date: {after: publicatie, weeks: 8}
            owner: college
        """,
    )
    assert errors == ["S:10:35: milestones[2].date.weeks: must be at least 0, found -1"]


def test_a_cycle_is_an_error_that_names_the_cycle(tmp_path: Path) -> None:
    errors = spec_errors(
        copy_project(tmp_path),
        """
        programme: gemeente-2027
        milestones:
          - id: publicatie
            date: {before: inschrijfdeadline, days: 45}
            owner: inkoop
          - id: vragen
            date: 2026-02-20
            owner: aanbieders
          - id: inschrijfdeadline
            date: {before: gunning, weeks: 8}
            owner: aanbieders
          - id: gunning
            date: {after: publicatie, weeks: 8}
            owner: college
          - id: zelf
            date: {after: zelf, days: 1}
            owner: college
        """,
    )
    assert errors == [
        "S:4:11: milestones[0].date: relative dates form a cycle: publicatie → inschrijfdeadline → gunning → "
        "publicatie",
        "S:16:11: milestones[4].date: relative dates form a cycle: zelf → zelf",
    ]


def test_a_phase_must_not_end_before_it_starts(tmp_path: Path) -> None:
    errors = spec_errors(
        copy_project(tmp_path),
        """
        programme: gemeente-2027
        milestones:
          - id: start
            date: 2027-01-01
            owner: aanbieders
        phases:
          - id: implementatie
            label: Implementatie
            start: 2026-07-01
            end: {before: start, months: 7}
            owner: aanbieders
        """,
    )
    assert errors == [
        "S:10:10: phases[0].end: phase `implementatie` ends on 2026-06-01, before it starts on 2026-07-01"
    ]


def test_scope_may_be_the_word_programme(tmp_path: Path) -> None:
    text = """
    programme: gemeente-2027
    milestones:
      - id: start
        date: 2027-01-01
        owner: aanbieders
        scope: programme
    """
    assert timeline_from(copy_project(tmp_path), text).entry("start").scope == "programme"
    errors = spec_errors(copy_project(tmp_path / "bad"), text.replace("scope: programme", "scope: unit"))
    assert errors == [
        "S:6:12: milestones[0].scope: expected `programme` or a mapping such as {tender: jeugd} or "
        "{unit: crisis, lot: lokaal}"
    ]
