"""`tendergen build`: validate programmes and write their packs (DOCX + PDF per document, planning, overview,
index)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from tendergen.errors import Problem, RenderError, SpecError
from tendergen.project import Project, load_project
from tendergen.render import BuildOptions, build_pack
from tendergen.render.citecheck import citation_warnings
from tendergen.render.pack import BuildReport, Progress
from tendergen.render.pdf_variants import PDF_A, PDF_UA


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
    """Build every programme (each is validated first); print a summary per programme; return the exit code.

    With ``strict`` any warning (an unverified citation printed, a policy breach) fails the build before anything
    is written. With ``fmt="json"`` one JSON report goes to stdout instead: the files of every pack, and every
    problem (spec, schedule or render failure) located as ``tendergen validate --format json`` lists them.
    """
    if fmt == "json":
        return _run_json(paths, output=output, jobs=jobs, force=force, pdf_ua=pdf_ua, echo=echo, strict=strict)
    projects = [load_project(path) for path in paths]  # all programmes validate before anything is rendered
    for project in projects:
        _refuse_breaches(project)
    warnings = {project.spec.programme.id: build_warnings(project) for project in projects}
    if strict and any(warnings.values()):
        for found in warnings.values():
            for warning in found:
                echo(warning.format(), err=True)
        echo("build failed: warnings with --strict; nothing written", err=True)
        return 1
    options = BuildOptions(output_root=output, jobs=jobs, force=force, pdf_variant=PDF_UA if pdf_ua else PDF_A)
    for project in projects:
        for warning in warnings[project.spec.programme.id]:
            echo(warning.format(), err=True)
        progress = terminal_progress(project.spec.programme.id, stream or sys.stderr)
        report = build_pack(project, options, progress)
        summary = f"{project.spec.programme.id}: {len(report.written)} file(s) written, {len(report.skipped)} unchanged"
        if report.removed:
            summary += f", {len(report.removed)} removed"
        echo(f"{summary} → {report.folder}")
        for name in report.written:
            echo(f"  wrote {name}")
    return 0


def build_warnings(project: Project) -> list[Problem]:
    """What the build warns about: the spec's warnings, policy breaches of the planning, and every unverified
    legal citation the documents print."""
    return [*project.warnings, *citation_warnings(project.spec)]


def _run_json(
    paths: list[Path],
    *,
    output: Path | None,
    jobs: int,
    force: bool,
    pdf_ua: bool,
    echo: Callable[..., None],
    strict: bool,
) -> int:
    reports: list[BuildReport] = []
    problems: list[Problem] = []
    try:
        projects = [load_project(path) for path in paths]
        for project in projects:
            _refuse_breaches(project)
        options = BuildOptions(output_root=output, jobs=jobs, force=force, pdf_variant=PDF_UA if pdf_ua else PDF_A)
        for project in projects:
            problems.extend(build_warnings(project))
        if strict and problems:
            projects = []  # warnings fail with --strict: nothing is written
        for project in projects:
            reports.append(build_pack(project, options))
    except (SpecError, RenderError) as exc:
        if isinstance(exc, RenderError) and not exc.problems:
            raise
        problems.extend(exc.problems)
    failed = any(p.severity == "error" or strict for p in problems)
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
            for r in reports
        ],
        "problems": [p.as_dict() for p in problems],
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
