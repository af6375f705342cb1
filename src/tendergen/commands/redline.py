"""`tendergen redline`: Word documents with tracked changes for every document that changed between A and B."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from tendergen.errors import UsageError


def run_redline(args: tuple[str, ...], *, output: Path | None, base: Path, echo: Callable[..., None]) -> int:
    """Write the redlines and list every document with its status; return the exit code."""
    if len(args) < 2:
        raise UsageError("expected two revisions or folders: tendergen redline A B [PATH]...")
    from tendergen.commands.diff import default_planner
    from tendergen.review.redline import redline

    reports = redline(
        args[0],
        args[1],
        list(args[2:]),
        base=base,
        output=output,
        planner=default_planner(),
        progress=(lambda name: echo(f"comparing {name} …", err=True)) if sys.stderr.isatty() else None,
    )
    for report in reports:
        echo(f"{report.programme}: {len(report.written)} redline(s) → {report.folder}")
        for document in report.documents:
            if document.status == "changed":
                echo(f"  changed    {document.name}.docx")
        for status, text in (("added", "added (no earlier version)"), ("removed", "removed (not in the new side)")):
            for document in report.of(status):
                echo(f"  {text}: {document.name}")
        for document in report.of("unchanged"):
            echo(f"  unchanged  {document.name}")
        for name in report.removed:
            echo(f"  removed stale {name}")
    return 0
