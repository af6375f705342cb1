"""`tendergen build`: validate programmes and write their packs (DOCX + PDF per document, planning, overview,
index)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from tendergen.errors import Problem, RenderError, SpecError
from tendergen.project import Project, load_project
from tendergen.render import BuildOptions, build_pack
from tendergen.render.citecheck import citation_warnings
from tendergen.render.pack import BuildReport, Progress
from tendergen.render.pdf_variants import PDF_A, PDF_UA


@dataclass
class Outcome:
    """What a build of several programmes did: the reports of the packs written and every problem found."""

    reports: list[BuildReport]
    problems: list[Problem]
    refused: bool = False
    """Nothing was written: ``--strict`` and a warning."""


def run_build(
    paths: list[Path],
    *,
    output: Path | None,
    jobs: int,
    force: bool,
    pdf_ua: bool,
    echo: Callable[..., None],
    stream: TextIO | None = None,
    fmt: str = "text",
    strict: bool = False,
) -> int:
    """Build every programme (each is validated first); report per programme; return the exit code.

    With ``strict`` any warning (an unverified citation printed, a policy breach) fails the build before anything
    is written. With ``fmt="json"`` one JSON report goes to stdout instead: the files of every pack, and every
    problem (spec, schedule or render failure) located as ``tendergen validate --format json`` lists them.
    """
    options = BuildOptions(output_root=output, jobs=jobs, force=force, pdf_variant=PDF_UA if pdf_ua else PDF_A)
    if fmt == "json":
        try:
            outcome = build_all(paths, options, strict=strict)
        except (SpecError, RenderError) as exc:
            if isinstance(exc, RenderError) and not exc.problems:
                raise
            outcome = Outcome([], list(exc.problems))
        return _json_report(outcome, strict, echo)
    progress = (lambda label: terminal_progress(label, stream or sys.stderr)) if fmt == "text" else None
    outcome = build_all(paths, options, strict=strict, echo=echo, progress=progress)
    if outcome.refused:
        echo("build failed: warnings with --strict; nothing written", err=True)
        return 1
    return 0


def build_all(
    paths: list[Path],
    options: BuildOptions,
    *,
    strict: bool,
    echo: Callable[..., None] | None = None,
    progress: Callable[[str], Progress | None] | None = None,
) -> Outcome:
    """Load every programme (all validate before anything is rendered), then build each pack; with ``echo``, print
    the warnings and a summary per programme as it goes."""
    projects = [load_project(path) for path in paths]
    for project in projects:
        _refuse_breaches(project)
    warnings = {project.spec.programme.id: build_warnings(project) for project in projects}
    problems = [w for found in warnings.values() for w in found]
    if strict and problems:
        if echo is not None:
            for warning in problems:
                echo(warning.format(), err=True)
        return Outcome([], problems, refused=True)
    reports: list[BuildReport] = []
    for project in projects:
        label = project.spec.programme.id
        if echo is not None:
            for warning in warnings[label]:
                echo(warning.format(), err=True)
        report = build_pack(project, options, progress(label) if progress else None)
        reports.append(report)
        if echo is not None:
            _summary(report, echo)
    return Outcome(reports, problems)


def build_warnings(project: Project) -> list[Problem]:
    """What the build warns about: the spec's warnings, policy breaches of the planning, and every unverified
    legal citation the documents print."""
    return [*project.warnings, *citation_warnings(project.spec)]


def _summary(report: BuildReport, echo: Callable[..., None]) -> None:
    summary = f"{report.programme}: {len(report.written)} file(s) written, {len(report.skipped)} unchanged"
    if report.removed:
        summary += f", {len(report.removed)} removed"
    echo(f"{summary} → {report.folder}")
    for name in report.written:
        echo(f"  wrote {name}")


def _json_report(outcome: Outcome, strict: bool, echo: Callable[..., None]) -> int:
    failed = any(p.severity == "error" or strict for p in outcome.problems)
    payload = {
        "ok": not failed,
        "programmes": [
            {
                "id": r.programme,
                "folder": str(r.folder),
                "written": r.written,
                "skipped": r.skipped,
                "removed": r.removed,
            }
            for r in outcome.reports
        ],
        "problems": [p.as_dict() for p in outcome.problems],
    }
    echo(json.dumps(payload, indent=2, ensure_ascii=False))
    return 1 if failed else 0


def _refuse_breaches(project: Project) -> None:
    """A legal breach in the planning stops the build: the planning table of every tender document comes from the
    schedule, so a plan that breaks a statutory period (Aanbestedingswet 2012) must be fixed first."""
    if project.breaches:
        raise SpecError(project.breaches)


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
