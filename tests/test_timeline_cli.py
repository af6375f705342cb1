"""`tendergen timeline`: exit codes 0 / 1 / --strict, output files, located errors with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tendergen.cli import cli
from test_schedule import PROGRAMME, copy_project


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["timeline", str(root / "specs" / PROGRAMME), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def schedule(root: Path) -> Path:
    return root / "schedules" / f"{PROGRAMME}.yaml"


def replace_in_schedule(root: Path, old: str, new: str) -> None:
    text = schedule(root).read_text(encoding="utf-8")
    assert old in text
    schedule(root).write_text(text.replace(old, new, 1), encoding="utf-8")


def test_clean_plan_exits_0_and_writes_all_outputs_in_the_default_folder(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    code, out, err = run(root, "--today", "2026-03-20")
    assert code == 0, err
    assert "Uiterste datum inschrijving" in out
    assert out.rstrip().endswith("14 rule check(s): 14 kept, 0 error(s), 0 warning(s)")
    folder = root / "output" / PROGRAMME / "planning"
    assert sorted(p.name for p in folder.iterdir()) == [
        "planning.ics",
        "planning.json",
        "planning.pdf",
        "planning.svg",
    ]
    assert "vandaag 20 maart 2026" in (folder / "planning.svg").read_text(encoding="utf-8")
    assert err == ""


def test_legal_breach_exits_1_but_still_writes_the_outputs(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    replace_in_schedule(
        root, "date: {after: gunningsbeslissing, days: 20}", "date: {after: gunningsbeslissing, days: 15}"
    )
    code, out, err = run(root, "--output", str(tmp_path / "out"))
    assert code == 1
    assert f"{schedule(root)}:54:11: milestones[6].date: standstill period: Einde Alcatel-termijn (2026-06-11)" in err
    assert (tmp_path / "out" / "planning.pdf").is_file()
    findings = json.loads((tmp_path / "out" / "planning.json").read_text(encoding="utf-8"))["findings"]
    assert [(f["file"], f["line"], f["rule"], f["severity"]) for f in findings] == [
        ("schedules/gemeente-2027.yaml", 54, "standstill", "error"),
        ("schedules/gemeente-2027.yaml", 59, "standstill-ondertekening", "error"),
    ]
    assert "2 error(s)" in out


def test_policy_warning_exits_0_and_1_with_strict(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    replace_in_schedule(root, "min: {months: 6}", "min: {months: 8}")
    code, _, err = run(root, "-o", str(tmp_path / "a"))
    assert code == 0
    assert ": warning: milestones[5].date: programme policy gunning-voor-start:" in err
    code, _, _ = run(root, "-o", str(tmp_path / "b"), "--strict")
    assert code == 1


def test_invalid_schedule_exits_1_with_located_errors_and_writes_nothing(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    replace_in_schedule(root, "date: {after: publicatie, days: 45}", "date: {after: publicatei, days: 45}")
    code, out, err = run(root)
    assert code == 1
    assert err.splitlines() == [
        f"{schedule(root)}:43:19: milestones[4].date.after: unknown milestone or phase boundary "
        f"`publicatei`; "
        "did you mean `publicatie`?",
        "1 error(s)",
    ]
    assert out == ""
    assert not (root / "output").exists()


def test_missing_schedule_and_bad_today(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    schedule(root).unlink()
    code, _, err = run(root)
    assert code == 1
    assert err.startswith(f"error: programme `{PROGRAMME}` has no schedule; expected ")
    code, _, err = run(root, "--today", "20-03-2026")
    assert code == 2
    assert "Invalid value for '--today'" in err
