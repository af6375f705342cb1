"""`tendergen fmt`: canonical key order, indentation and quoting, comments kept, idempotent, never a change of data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tendergen.cli import cli
from tendergen.fmt import canonical_fields, format_file
from tendergen.loader import load_document
from tendergen.spec.unit import Inspanningsgericht, Taakgericht

FIXTURES = Path(__file__).parent / "fixtures"
FMT = FIXTURES / "review" / "fmt"
PROJECT = FIXTURES / "review" / "project"


def tendergen(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def messy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "units" / "crisis.yaml"
    target.parent.mkdir()
    shutil.copy(FMT / "units" / "crisis.yaml", target)
    monkeypatch.chdir(tmp_path)
    return Path("units") / "crisis.yaml"


def test_formats_to_the_canonical_form(messy: Path) -> None:
    result = tendergen("fmt", str(messy))
    assert result.exit_code == 0, result.output
    assert result.stdout == "reformatted units/crisis.yaml\n"
    assert messy.read_text(encoding="utf-8") == (FMT / "crisis.expected.yaml").read_text(encoding="utf-8")


def test_comments_survive_and_move_with_their_key(messy: Path) -> None:
    tendergen("fmt", str(messy))
    lines = messy.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../../schemas/unit.schema.json"
    assert lines[1] == "id: crisis"
    aanname = lines.index("# aanname: waarde volgt uit de begroting 2026")
    assert lines[aanname + 1] == "estimated_value: 3200000  # aanname"
    assert lines[lines.index("  # lumpsum per jaar, afgerond") + 1] == "  lumpsum: {amount: 400000.00, per: jaar}"
    assert lines[lines.index("    # soort: knock-out") + 1] == "    kind: eis"
    assert lines[lines.index("# gunning: kwaliteit weegt zwaarder dan samenwerking") - 1] == ""
    assert lines[-1] == "# einde bestand"
    assert "name: Crisis     # naam uit het koersdocument" in lines


def test_idempotent(messy: Path) -> None:
    tendergen("fmt", str(messy))
    once = messy.read_text(encoding="utf-8")
    again = tendergen("fmt", str(messy))
    assert again.exit_code == 0
    assert again.stdout == ""
    assert messy.read_text(encoding="utf-8") == once


def _every_fixture_file() -> list[Path]:
    roots = [FIXTURES / "valid", PROJECT, FMT / "units"]
    return sorted(p for root in roots for p in root.rglob("*.yaml"))


@pytest.mark.parametrize("source", _every_fixture_file(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fmt_twice_equals_once_and_keeps_the_data(source: Path, tmp_path: Path) -> None:
    target = tmp_path / source.parent.name / source.name
    target.parent.mkdir()
    shutil.copy(source, target)
    once = format_file(target).formatted
    target.write_text(once, encoding="utf-8")
    assert format_file(target).formatted == once
    assert load_document(target).data == load_document(source).data


def test_check_lists_files_and_writes_nothing(messy: Path) -> None:
    before = messy.read_bytes()
    result = tendergen("fmt", "--check", "units")
    assert result.exit_code == 1
    assert result.stdout == "would reformat units/crisis.yaml\n"
    assert messy.read_bytes() == before
    assert tendergen("fmt", "units").exit_code == 0
    clean = tendergen("fmt", "--check", "units")
    assert clean.exit_code == 0
    assert clean.stdout == ""


def test_defaults_to_specs_and_schedules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(PROJECT, tmp_path, dirs_exist_ok=True)
    assert tendergen("fmt", "--check", str(tmp_path)).exit_code == 0
    shutil.copy(FMT / "units" / "crisis.yaml", tmp_path / "specs" / "regio-zuid" / "units" / "crisis.yaml")
    (tmp_path / "schedules" / "regio-zuid.yaml").write_text("milestones:\n- {id: a, date: 2026-03-01}\n")
    (tmp_path / "notes.yaml").write_text("a:   1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = tendergen("fmt", "--check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "would reformat specs/regio-zuid/units/crisis.yaml",
        "would reformat schedules/regio-zuid.yaml",
    ]


def test_formatting_changes_nothing_the_diff_sees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(PROJECT, tmp_path / "oud")
    shutil.copytree(PROJECT, tmp_path / "nieuw")
    shutil.copy(FMT / "units" / "crisis.yaml", tmp_path / "oud" / "specs" / "regio-zuid" / "units" / "crisis.yaml")
    shutil.copy(FMT / "units" / "crisis.yaml", tmp_path / "nieuw" / "specs" / "regio-zuid" / "units" / "crisis.yaml")
    monkeypatch.chdir(tmp_path)
    assert tendergen("fmt", "nieuw").exit_code == 0
    assert tendergen("validate", "nieuw/specs").exit_code == 0
    result = tendergen("diff", "--exit-code", "oud", "nieuw")
    assert result.stdout == "no changes between oud and nieuw\n"
    assert result.exit_code == 0


def test_schedule_and_qa_files(tmp_path: Path) -> None:
    schedule = tmp_path / "schedules" / "plan.yaml"
    schedule.parent.mkdir()
    schedule.write_text(
        "programme: plan\nmilestones:\n- id: b\n  type: overig\n  date: 2026-03-01\n  owner: inkoop\n",
        encoding="utf-8",
    )
    assert format_file(schedule).formatted == (
        "programme: plan\nmilestones:\n  - id: b\n    type: overig\n    date: 2026-03-01\n    owner: inkoop\n"
    )
    qa = tmp_path / "qa" / "ronde-1.yaml"
    qa.parent.mkdir()
    qa.write_text(
        "questions:\n  - answer: Ja.\n    question: Mag dat?\n    asked: 2026-03-01\n    id: V-1\n"
        "date: 2026-03-10\nround: 1\n",
        encoding="utf-8",
    )
    assert format_file(qa).formatted == (
        "round: 1\ndate: 2026-03-10\nquestions:\n  - id: V-1\n    asked: 2026-03-01\n    question: Mag dat?\n"
        "    answer: Ja.\n"
    )


def test_quoting_follows_what_yaml_1_1_reads(tmp_path: Path) -> None:
    unit = tmp_path / "units" / "x.yaml"
    unit.parent.mkdir()
    unit.write_text(
        "id: x\nname: 'no'\ndescription: \"on\"\nambition: '010'\nprinciples: ['1:30', 'true', 'Hulp: snel', "
        "plain]\naccess: [yes, Off]\ntarget_group: 'It''s'\nversion: '1.0'\n",
        encoding="utf-8",
    )
    assert format_file(unit).formatted == (
        'id: x\nname: "no"\ndescription: "on"\n'
        "target_group: It's\n"
        'ambition: "010"\n'
        'principles: ["1:30", "true", "Hulp: snel", plain]\n'
        "access: [true, false]\n"
        'version: "1.0"\n'
    )


def test_refuses_a_file_that_does_not_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    units = tmp_path / "units"
    units.mkdir()
    good = units / "a.yaml"
    good.write_text("name: A\nid: a\n", encoding="utf-8")
    bad = units / "b.yaml"
    bad.write_text("id: b\nname: [B\n", encoding="utf-8")
    duplicate = units / "c.yaml"
    duplicate.write_text("id: c\nid: d\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = tendergen("fmt", "units")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "units/b.yaml:3:1: YAML syntax error: did not find expected ',' or ']'",
        "1 error(s)",
    ]
    assert good.read_text(encoding="utf-8") == "name: A\nid: a\n"
    bad.unlink()
    result = tendergen("fmt", "units")
    assert result.stderr.splitlines() == [
        "units/c.yaml:2:1: id: duplicate key `id` (first defined at line 1)",
        "1 error(s)",
    ]
    assert good.read_text(encoding="utf-8") == "name: A\nid: a\n"


def test_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    assert (
        tendergen("fmt").stderr == "error: no specs/ or schedules/ folder here; name the files or folders to format\n"
    )
    assert tendergen("fmt", "notes.yaml").stderr == (
        "error: notes.yaml: not a spec file (fmt formats programme.yaml, units/*.yaml, qa/*.yaml, schedules/*.yaml)\n"
    )
    assert tendergen("fmt", "missing").stderr == "error: missing: no such file or folder\n"


def test_canonical_field_order_puts_the_discriminator_and_own_fields_first() -> None:
    assert canonical_fields(Taakgericht)[:3] == ["form", "lumpsum", "pgb_included"]
    assert canonical_fields(Inspanningsgericht)[:3] == ["form", "tariffs", "budget_ceiling"]
