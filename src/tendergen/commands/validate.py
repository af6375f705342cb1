"""`tendergen validate`: load and check programmes (spec, Q&A and schedule), report every problem."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tendergen.errors import Problem, SpecError
from tendergen.project import load_project


def collect(paths: list[Path]) -> dict[Path, list[Problem]]:
    """Problems (errors and warnings) per programme folder; an empty list means the programme is valid.

    Besides the spec and its Q&A files, the programme's schedule is loaded and computed: an invalid schedule and a
    planning that breaks a legal rule are errors here too, a broken policy rule a warning.
    """
    results: dict[Path, list[Problem]] = {}
    for path in paths:
        try:
            project = load_project(path)
        except SpecError as exc:
            results[path] = list(exc.problems)
        else:
            results[path] = sorted([*project.breaches, *project.warnings], key=_order)
    return results


def _order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line, problem.column, problem.message)


def run_validate(paths: list[Path], *, fmt: str, strict: bool, echo: Callable[..., None]) -> int:
    """Validate each programme; print a report; return 1 when any error (or warning with ``strict``)."""
    results = collect(paths)
    failed = False
    for problems in results.values():
        if any(p.severity == "error" or strict for p in problems):
            failed = True
    if fmt == "json":
        payload = {
            "valid": not failed,
            "programmes": [
                {"path": str(path), "problems": [p.as_dict() for p in problems]} for path, problems in results.items()
            ],
        }
        echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return 1 if failed else 0
    for path, problems in results.items():
        for problem in problems:
            echo(problem.format(), err=True)
        errors = sum(1 for p in problems if p.severity == "error")
        warnings = len(problems) - errors
        if errors:
            echo(f"{path}: {errors} error(s), {warnings} warning(s)", err=True)
        else:
            echo(f"{path}: OK" + (f" ({warnings} warning(s))" if warnings else ""))
    return 1 if failed else 0
