"""`tendergen build`: validate programmes and write their packs (DOCX + PDF per document, overview, index)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from tendergen.errors import Problem, SpecError
from tendergen.project import Spec, load_spec
from tendergen.render import BuildOptions, build_pack
from tendergen.render.pack import Progress
from tendergen.render.pdf import PDF_A, PDF_UA
from tendergen.schedule import timeline_for


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
    warnings = {spec.programme.id: [*spec.warnings, *_planning_warnings(spec)] for spec in specs}
    options = BuildOptions(output_root=output, jobs=jobs, force=force, pdf_variant=PDF_UA if pdf_ua else PDF_A)
    for spec in specs:
        for warning in warnings[spec.programme.id]:
            echo(warning.format(), err=True)
        progress = terminal_progress(spec.programme.id, stream or sys.stderr)
        report = build_pack(spec, options, progress)
        written = len(report.written)
        summary = f"{spec.programme.id}: {written} file(s) written, {len(report.skipped)} unchanged"
        if report.removed:
            summary += f", {len(report.removed)} removed"
        echo(f"{summary} → {report.folder}")
        for name in report.written:
            echo(f"  wrote {name}")
    return 0


def _planning_warnings(spec: Spec) -> list[Problem]:
    """Policy breaches of the programme's planning; a legal breach stops the build.

    The planning table of every tender document comes from the schedule, so a plan that breaks a statutory
    period (Aanbestedingswet 2012) must be fixed before documents are made from it.
    """
    timeline = timeline_for(spec)
    if timeline is None:
        return []
    if timeline.errors:
        raise SpecError([finding.problem for finding in timeline.errors])
    return [finding.problem for finding in timeline.warnings]


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
