"""`tendergen timeline`: compute a programme's planning, check it, and write SVG, PDF, ICS and JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from tendergen.errors import UsageError
from tendergen.project import Project, load_project
from tendergen.render.builders import PLANNING_DIR, planning_outputs
from tendergen.render.templates import TemplateSet
from tendergen.schedule import Timeline, schedule_path
from tendergen.schedule.export import summary_text, table_text
from tendergen.writer import write_bytes


def default_output(project: Project) -> Path:
    """``<project>/output/<programme-id>/planning``: the planning folder of the programme's pack."""
    return project.layout.pack_dir(project.spec.programme.id) / PLANNING_DIR


def render_outputs(timeline: Timeline, templates: TemplateSet, today: dt.date | None) -> dict[str, bytes]:
    """Every output file of the planning by name, rendered in memory (so that a failure writes nothing)."""
    files = planning_outputs(timeline, templates, today=today)
    return {f"planning{suffix}": data for suffix, data in files.items()}


def run_timeline(
    path: Path,
    *,
    output: Path | None,
    strict: bool,
    today: dt.date | None,
    echo: Callable[..., None],
) -> int:
    """Print the planning table and findings, write the outputs; return 1 on an error (or, with ``strict``,
    a warning).

    The outputs are written even when rules are broken, so that the breaches can be seen in the chart and the
    PDF; an invalid spec or schedule file raises SpecError before anything is written.
    """
    project = load_project(path)
    timeline = project.timeline
    if timeline is None:
        raise UsageError(
            f"programme `{project.spec.programme.id}` has no schedule; expected {schedule_path(project.spec)}"
        )
    echo(table_text(timeline), nl=False)
    for finding in timeline.findings:
        echo(finding.format(), err=True)
    folder = output if output is not None else default_output(project)
    templates = TemplateSet.for_project(project.layout.root)
    for name, data in render_outputs(timeline, templates, today).items():
        write_bytes(folder / name, data)
        echo(f"wrote {folder / name}")
    echo(summary_text(timeline))
    failed = bool(timeline.errors) or (strict and bool(timeline.warnings))
    return 1 if failed else 0
