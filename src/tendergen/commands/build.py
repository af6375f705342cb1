"""`tendergen build`: validate programmes and write their packs (DOCX + PDF per document, overview, index)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from tendergen.commands.timeline import OUTPUT_NAMES, render_outputs
from tendergen.errors import Problem, SpecError
from tendergen.project import load_spec
from tendergen.render import BuildOptions, build_pack
from tendergen.render.pack import BuildReport, Progress
from tendergen.render.pdf import PDF_A, PDF_UA
from tendergen.render.templates import TemplateSet
from tendergen.schedule import Timeline, timeline_for
from tendergen.schedule.export import json_text
from tendergen.writer import write_bytes

PLANNING_DIR = "planning"


def run_build(
    paths: list[Path],
    *,
    output: Path | None,
    jobs: int,
    force: bool,
    pdf_ua: bool,
    echo: Callable[..., None],
    stream: TextIO | None = None,
) -> int:
    """Build every programme (each is validated first); print a summary per programme; return the exit
    code."""
    specs = [load_spec(path) for path in paths]  # all programmes validate before anything is rendered
    timelines = {spec.programme.id: timeline_for(spec) for spec in specs}
    planning_warnings = {key: _planning_warnings(timeline) for key, timeline in timelines.items()}
    options = BuildOptions(output_root=output, jobs=jobs, force=force, pdf_variant=PDF_UA if pdf_ua else PDF_A)
    for spec in specs:
        for warning in [*spec.warnings, *planning_warnings[spec.programme.id]]:
            echo(warning.format(), err=True)
        progress = terminal_progress(spec.programme.id, stream or sys.stderr)
        report = build_pack(spec, options, progress)
        timeline = timelines[spec.programme.id]
        if timeline is not None:
            templates = TemplateSet.for_project(spec.project_root)
            _write_planning(timeline, report, force=force, templates=templates, variant=options.pdf_variant)
        written = len(report.written)
        summary = f"{spec.programme.id}: {written} file(s) written, {len(report.skipped)} unchanged"
        if report.removed:
            summary += f", {len(report.removed)} removed"
        echo(f"{summary} → {report.folder}")
        for name in report.written:
            echo(f"  wrote {name}")
    return 0


def _planning_warnings(timeline: Timeline | None) -> list[Problem]:
    """Policy breaches of the programme's planning; a legal breach stops the build.

    The planning table of every tender document comes from the schedule, so a plan that breaks a statutory
    period (Aanbestedingswet 2012) must be fixed before documents are made from it.
    """
    if timeline is None:
        return []
    if timeline.errors:
        raise SpecError([finding.problem for finding in timeline.errors])
    return [finding.problem for finding in timeline.warnings]


def _write_planning(
    timeline: Timeline, report: BuildReport, *, force: bool, templates: TemplateSet, variant: str
) -> None:
    """Put the programme's planning (Gantt SVG, PDF, ICS, JSON) in the pack's ``planning/`` folder.

    The JSON holds every computed date and rule outcome and the tendergen version, so when it is unchanged the
    other three files are too and nothing is rendered (the no-op rebuild stays fast).
    """
    folder = report.folder / PLANNING_DIR
    current = json_text(timeline)
    existing = folder / "planning.json"
    names = [f"{PLANNING_DIR}/{name}" for name in OUTPUT_NAMES]
    unchanged = existing.is_file() and existing.read_text(encoding="utf-8") == current
    if unchanged and not force and all((folder / name).is_file() for name in OUTPUT_NAMES):
        report.skipped.extend(names)
        return
    for name, data in render_outputs(timeline, None, templates, variant=variant).items():
        write_bytes(folder / name, data)
    report.written.extend(names)


def terminal_progress(label: str, stream: TextIO) -> Progress | None:
    """A one-line progress display on a terminal; nothing when output is piped or redirected."""
    if not stream.isatty():
        return None

    def show(done: int, total: int, name: str) -> None:
        width = 24
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total else ""
        stream.write(f"\r\x1b[K{label} [{bar}] {done}/{total} {name}{end}")
        stream.flush()

    return show
