"""`tendergen status`: what changed since the last publish, by the semantic diff against the recorded git commit,
or by the recorded file digests when there is no clean commit."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gitrepo import commit, edit, git, make_repo
from standards import REPO
from tendergen.cli import cli
from tendergen.commands.publish import Prepared, record
from tendergen.project import load_spec
from tendergen.publish.adapters import Delivery
from tendergen.publish.records import git_commit

PROGRAMME = "midden-holland-2025"
UNIT = f"specs/{PROGRAMME}/units/wmo-voorzieningen.yaml"
SCHEDULE = f"schedules/{PROGRAMME}.yaml"
WHEN = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)


def copy_project(target: Path) -> Path:
    shutil.copytree(REPO / "specs" / PROGRAMME, target / "specs" / PROGRAMME)
    (target / "schedules").mkdir()
    shutil.copy(REPO / SCHEDULE, target / SCHEDULE)
    return target


def publish_record(root: Path) -> dict[str, object]:
    """Write a publish record as `tendergen publish` does after a delivery, and return it."""
    spec = load_spec(root / "specs" / PROGRAMME)
    path = record(Prepared(spec), Delivery("dir", str(root / "out" / PROGRAMME)), WHEN)
    body: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return body


def status(root: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["status", str(root / "specs" / PROGRAMME), "--today", "2024-04-01"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    return lines[next(i for i, line in enumerate(lines) if line.startswith("changed since")) :]


def test_status_shows_the_semantic_diff_since_the_published_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(copy_project(tmp_path / "project"), tmp_path, monkeypatch)
    head = git(root, "rev-parse", "HEAD").strip()
    body = publish_record(root)
    inputs = body["inputs"]
    assert isinstance(inputs, dict) and inputs["git_commit"] == head
    assert f"specs/{PROGRAMME}/programme.yaml" in inputs["digests"] and SCHEDULE in inputs["digests"]
    # the record itself (in specs/<programme>/published/, untracked) does not make the work tree dirty
    assert status(root) == [f"changed since 2024-03-04T09:00:00+00:00 (git {head[:12]}): nothing"]

    edit(root, UNIT, "estimated_value: 40000000", "estimated_value: 44000000")
    edit(root, SCHEDULE, "date: 2025-03-03", "date: 2025-03-10")
    commit(root, "raise the estimate, publish a week later")  # committed or not, the work tree is compared
    edit(root, UNIT, "name: Wmo-voorzieningen", "name: Wmo-voorzieningen en vervoer")
    lines = status(root)
    assert lines[0] == f"changed since 2024-03-04T09:00:00+00:00 (git {head[:12]}):"
    assert lines[1].startswith(f"  programme {PROGRAMME} (")
    assert lines[2:6] == [
        "    segment wmo-voorzieningen: name Wmo-voorzieningen → “Wmo-voorzieningen en vervoer”",
        "    segment wmo-voorzieningen: estimated_value € 40.000.000,00 → € 44.000.000,00",
        "    schedule: milestone wmo-publicatie: date 2025-03-03 → 2025-03-10",
        "    schedule: date of Publicatie aankondiging 2025-03-03 → 2025-03-10",
    ]
    assert "    schedule: date of Uiterste datum inschrijving 2025-04-17 → 2025-04-24 (" in "\n".join(lines)


def test_a_dirty_work_tree_at_publish_is_recorded_by_digests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(copy_project(tmp_path / "project"), tmp_path, monkeypatch)
    edit(root, UNIT, "estimated_value: 40000000", "estimated_value: 41000000")  # published but never committed
    assert git_commit(load_spec(root / "specs" / PROGRAMME)) is None
    body = publish_record(root)
    assert isinstance(body["inputs"], dict) and body["inputs"]["git_commit"] is None
    assert status(root) == ["changed since 2024-03-04T09:00:00+00:00 (file digests): nothing"]
    edit(root, SCHEDULE, "date: 2025-03-03", "date: 2025-03-10")
    (root / "specs" / PROGRAMME / "units" / "crisis.yaml").unlink()
    assert status(root) == [
        "changed since 2024-03-04T09:00:00+00:00 (file digests):",
        f"  changed: {SCHEDULE}",
        f"  removed: specs/{PROGRAMME}/units/crisis.yaml",
    ]


def test_outside_git_the_changed_files_are_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = copy_project(tmp_path / "project")
    inputs = publish_record(root)["inputs"]
    assert isinstance(inputs, dict) and inputs["git_commit"] is None
    assert sorted(inputs["digests"])[:2] == [SCHEDULE, f"specs/{PROGRAMME}/awards/wmo-voorzieningen.yaml"]
    (root / "specs" / PROGRAMME / "toelichting.md").write_text("Toelichting bij de planning.\n", encoding="utf-8")
    edit(root, UNIT, "estimated_value: 40000000", "estimated_value: 41000000")
    lines = status(root)
    assert lines == [
        "changed since 2024-03-04T09:00:00+00:00 (file digests):",
        f"  added: specs/{PROGRAMME}/toelichting.md",
        f"  changed: {UNIT}",
    ]
