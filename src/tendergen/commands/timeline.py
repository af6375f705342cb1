"""`tendergen timeline`: compute a programme's planning, check it, and write SVG, PDF, ICS and JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from tendergen.errors import UsageError
from tendergen.project import Spec, find_programme_dir, load_spec
from tendergen.render.pdf import PDF_A
from tendergen.render.templates import TemplateSet
from tendergen.schedule import Timeline, gantt_svg, schedule_path, timeline_for
from tendergen.schedule.export import ics_bytes, json_text, summary_text, table_text
from tendergen.schedule.pdf import planning_pdf
from tendergen.writer import write_bytes

OUTPUT_NAMES = ("planning.svg", "planning.pdf", "planning.ics", "planning.json")


def default_output(spec: Spec) -> Path:
    """``<project_root>/output/<programme-id>/planning``."""
    return spec.project_root / "output" / spec.programme.id / "planning"


def render_outputs(
    timeline: Timeline, today: dt.date | None, templates: TemplateSet, *, variant: str = PDF_A
) -> dict[str, bytes]:
    """Every output file of the planning, rendered in memory (so that a failure writes nothing); the PDF from
    ``planning.html.j2`` in ``templates`` (the project's overrides first)."""
    return {
        "planning.svg": gantt_svg(timeline, today).encode("utf-8"),
        "planning.pdf": planning_pdf(timeline, templates, today, variant=variant),
        "planning.ics": ics_bytes(timeline),
        "planning.json": json_text(timeline).encode("utf-8"),
    }


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
    PDF; an invalid schedule file raises SpecError before anything is written.
    """
    spec = load_spec(find_programme_dir(path))
    timeline = timeline_for(spec)
    if timeline is None:
        raise UsageError(f"programme `{spec.programme.id}` has no schedule; expected {schedule_path(spec)}")
    echo(table_text(timeline), nl=False)
    for finding in timeline.findings:
        echo(finding.format(), err=True)
    folder = output if output is not None else default_output(spec)
    for name, data in render_outputs(timeline, today, TemplateSet.for_project(spec.project_root)).items():
        write_bytes(folder / name, data)
        echo(f"wrote {folder / name}")
    echo(summary_text(timeline))
    failed = bool(timeline.errors) or (strict and bool(timeline.warnings))
    return 1 if failed else 0
