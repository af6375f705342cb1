"""Errors and exit codes: user mistakes exit 1 with located problems (text or JSON), Ctrl-C 130, a bug 3 with its
traceback and a request to report it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import tendergen.commands.build
from tendergen.cli import cli

KLEIN = Path(__file__).parent / "fixtures" / "render" / "klein"

MISSING_FIELD = """{% extends "_base.html.j2" %}
{% block subject %}{{ unit.name }}{% endblock %}
{% block toc %}{% endblock %}
{% block content %}
<h1>Doelgroep</h1>
<p>{{ unit.target_group }}</p>
{% endblock %}
"""


@pytest.fixture
def klein(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(KLEIN, tmp_path / "specs" / "klein")
    (tmp_path / "templates").mkdir()
    monkeypatch.chdir(tmp_path)
    return Path("specs/klein")


def test_a_render_failure_is_a_located_problem_in_json(klein: Path) -> None:
    Path("templates/opdrachtbrief.html.j2").write_text(MISSING_FIELD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(klein), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["programmes"] == []
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert errors == [
        {
            "file": "specs/klein/units/toegang.yaml",
            "line": 1,
            "column": 1,
            "path": "target_group",
            "message": "not set, but template templates/opdrachtbrief.html.j2:6 needs it "
            "(rendering units/toegang/toegang-opdrachtbrief)",
            "severity": "error",
        }
    ]
    assert not Path("output/klein").exists()


def test_a_render_failure_in_text_names_file_line_and_field(klein: Path) -> None:
    Path("templates/opdrachtbrief.html.j2").write_text(MISSING_FIELD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(klein)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert lines == [
        "specs/klein/units/toegang.yaml:1:1: target_group: not set, but template templates/opdrachtbrief.html.j2:6 "
        "needs it (rendering units/toegang/toegang-opdrachtbrief)",
        "1 error(s)",
    ]
    assert "Traceback" not in result.output


def test_a_type_error_inside_a_template_is_a_bug_with_exit_code_3(klein: Path) -> None:
    broken = MISSING_FIELD.replace("{{ unit.target_group }}", "{{ 1 + unit.name }}")
    Path("templates/opdrachtbrief.html.j2").write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(klein)])
    assert result.exit_code == 3
    assert "Traceback (most recent call last):" in result.stderr
    assert "TypeError" in result.stderr
    assert "this is a bug in tendergen, not in your spec" in result.stderr


def test_ctrl_c_exits_130(klein: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(tendergen.commands.build, "run_build", interrupted)
    result = CliRunner().invoke(cli, ["build", str(klein)])
    assert result.exit_code == 130
    assert result.stderr == "interrupted\n"


def test_build_json_lists_the_files_written(klein: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(klein), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert {p["severity"] for p in report["problems"]} <= {"warning"}
    (programme,) = report["programmes"]
    assert programme["id"] == "klein"
    assert "units/toegang/toegang-opdrachtbrief.pdf" in programme["written"]
    assert "index.html" in programme["written"]


def test_output_folders_that_would_write_over_or_through_something_are_refused(klein: Path) -> None:
    Path("afile").write_text("x", encoding="utf-8")
    Path("elsewhere").mkdir()
    Path("output").symlink_to("elsewhere")
    cases = {
        ("-o", "afile"): f"error: afile/klein: {Path.cwd() / 'afile'} is a file, not a folder; choose another --output",
        ("-o", "specs"): "error: specs/klein: the pack would be written into the project's specs/ folder; "
        "choose another --output",
        (): f"error: {Path.cwd() / 'output'} is a symbolic link (to elsewhere); tendergen writes packs only into "
        "real folders: remove the link or pass --output",
    }
    for args, message in cases.items():
        result = CliRunner().invoke(cli, ["build", str(klein), *args])
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines()[-1] == message
    assert list(Path("elsewhere").iterdir()) == []
    empty = CliRunner().invoke(cli, ["build", str(klein), "-o", ""])
    assert empty.exit_code == 2
    assert "Invalid value for '-o' / '--output': is empty" in empty.stderr
