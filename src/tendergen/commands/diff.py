"""`tendergen diff`: what changed between two revisions or folders, in procurement terms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tendergen.errors import UsageError

if TYPE_CHECKING:
    from tendergen.review.schedule import Planner


def run_diff(
    args: tuple[str, ...],
    *,
    fmt: str,
    exit_code: bool,
    color: bool,
    textconv: bool,
    base: Path,
    echo: Callable[..., None],
) -> int:
    """Print the diff (or, with ``textconv``, the normalised view of one file); return the exit code."""
    if textconv:
        return _textconv(args, echo)
    if len(args) < 2:
        raise UsageError("expected two revisions or folders: tendergen diff A B [PATH]...")
    from tendergen.review.diff import diff
    from tendergen.review.output import as_json, as_markdown, as_text

    report = diff(args[0], args[1], list(args[2:]), base=base, planner=default_planner())
    if fmt == "json":
        echo(as_json(report), nl=False)
    elif fmt == "markdown":
        echo(as_markdown(report), nl=False)
    else:
        echo(as_text(report, color=color), nl=False, color=color)
    return 1 if exit_code and report.changed else 0


def default_planner() -> Planner | None:
    """The schedule planner the diff uses to recompute dates and rule results.

    ``tendergen.schedule`` when it is installed; otherwise None, and the diff compares the schedule files' data only.
    """
    from tendergen.review.schedule import timeline_planner

    return timeline_planner()


def _textconv(args: tuple[str, ...], echo: Callable[..., None]) -> int:
    from tendergen.review.textconv import textconv

    if len(args) != 1:
        raise UsageError("--textconv takes exactly one file")
    echo(textconv(Path(args[0])), nl=False)
    return 0
