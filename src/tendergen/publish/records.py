"""What a publish record remembers of the inputs it published, and what changed since, for ``tendergen status``.

A record stores the SHA-256 of every input file of the programme (the spec folder without its ``published/``
records, and the schedule), relative to the project folder; and, when the project is in a git repository and those
files are committed unchanged, the commit. ``tendergen status`` then runs the semantic diff (``tendergen diff``)
between that commit and the work tree; without a usable commit it lists the files whose digest changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tendergen.errors import SpecError, TendergenError
from tendergen.project import Spec
from tendergen.review.source import _git, _resolve_revision

RECORDS_DIR = "published"


@dataclass(frozen=True)
class Changes:
    """What changed since a publish record: the lines to show and how they were found."""

    method: str  # ``git <commit>`` or ``file digests``
    lines: list[str]


def input_files(spec: Spec) -> list[Path]:
    """The files a publication is made from: the spec folder (without publish records) and the schedule."""
    records = spec.root / RECORDS_DIR
    files = [p for p in sorted(spec.root.rglob("*")) if p.is_file() and records not in p.parents]
    schedule = spec.layout.schedule_file(spec.programme.id)
    if schedule.is_file():
        files.append(schedule)
    return files


def _relative(spec: Spec, path: Path) -> str:
    return path.resolve().relative_to(spec.project_root.resolve()).as_posix()


def digests(spec: Spec) -> dict[str, str]:
    """SHA-256 of every input file, by its path relative to the project folder."""
    return {_relative(spec, p): hashlib.sha256(p.read_bytes()).hexdigest() for p in input_files(spec)}


def _spec_paths(spec: Spec) -> list[str]:
    return [_relative(spec, spec.root), _relative(spec, spec.layout.schedule_file(spec.programme.id))]


def git_commit(spec: Spec) -> str | None:
    """The commit that holds exactly the programme's inputs as they are now, or None (no git repository, or the
    spec or schedule has uncommitted or untracked changes; publish records themselves do not count)."""
    base = spec.project_root
    try:
        commit = _resolve_revision("HEAD", base)
    except TendergenError:  # git is not installed
        return None
    if commit is None:
        return None
    excluded = f":(exclude){_relative(spec, spec.root / RECORDS_DIR)}"
    result = _git(base, "status", "--porcelain", "--untracked-files=all", "--", *_spec_paths(spec), excluded)
    if result.returncode != 0 or result.stdout.strip():
        return None
    return commit


def snapshot(spec: Spec) -> dict[str, Any]:
    """The record's ``inputs``: the git commit (or null) and the digests of the input files."""
    return {"git_commit": git_commit(spec), "digests": digests(spec)}


def changes_since(spec: Spec, inputs: dict[str, Any]) -> Changes:
    """What changed in the programme's inputs since a record with ``inputs`` (see :func:`snapshot`)."""
    commit = inputs.get("git_commit")
    if commit and _resolve_revision(commit, spec.project_root) == commit:
        from tendergen.commands.diff import default_planner
        from tendergen.review.diff import diff
        from tendergen.review.output import as_text

        try:
            report = diff(commit, ".", [_relative(spec, spec.root)], base=spec.project_root, planner=default_planner())
        except SpecError as exc:
            return Changes(f"git {commit[:12]}", [f"cannot compare: {p.format()}" for p in exc.problems])
        lines = [] if not report.changed else as_text(report).splitlines()
        lines += _template_changes(spec, inputs)
        return Changes(f"git {commit[:12]}", lines)
    return Changes("file digests", _digest_changes(inputs.get("digests") or {}, digests(spec)))


def _template_changes(spec: Spec, inputs: dict[str, Any]) -> list[str]:
    """Inputs the semantic diff does not read (files other than spec and schedule YAML) whose digest changed."""
    old, new = inputs.get("digests") or {}, digests(spec)
    return [line for line in _digest_changes(old, new) if not line.endswith((".yaml", ".yml"))]


def _digest_changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    lines = []
    for path in sorted({*old, *new}):
        if path not in new:
            lines.append(f"removed: {path}")
        elif path not in old:
            lines.append(f"added: {path}")
        elif old[path] != new[path]:
            lines.append(f"changed: {path}")
    return lines
