"""`tendergen notice`: the nota van inlichtingen / rectificatie for bidders between two revisions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tendergen.errors import UsageError


def run_notice(
    args: tuple[str, ...], *, output: Path | None, number: int | None, base: Path, echo: Callable[..., None]
) -> int:
    """Write the notice of every programme and say what it holds; return the exit code."""
    if len(args) < 2:
        raise UsageError("expected two revisions or folders: tendergen notice A B [PATH]...")
    from tendergen.commands.diff import default_planner
    from tendergen.review.notice import notice

    reports = notice(
        args[0], args[1], list(args[2:]), base=base, output=output, number=number, planner=default_planner()
    )
    for report in reports:
        if report.notice is None:
            echo(f"{report.programme}: no notice ({report.skipped})")
            continue
        made = report.notice
        questions = sum(len(r.questions) for r in made.rounds)
        changed = f"{len(made.documents)} document(s) changed" if made.documents else "no changes for bidders"
        echo(f"{report.programme}: {made.title} ({made.date.isoformat()}): {changed}, {questions} question(s)")
        for document in made.documents:
            echo(f"  {document.title} – {document.group}: {len(document.lines)} change(s)")
        for path in report.files:
            echo(f"  wrote {path}")
    return 0
