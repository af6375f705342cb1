"""`tendergen fmt`: rewrite spec files in canonical form, or (``--check``) list the ones that would change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tendergen.errors import UsageError

DEFAULT_PATHS = (Path("specs"), Path("schedules"))


def run_fmt(paths: tuple[Path, ...], *, check: bool, echo: Callable[..., None]) -> int:
    """Format (or check) the files; return 1 when ``check`` finds a file that is not canonical."""
    from tendergen.fmt import format_paths

    targets = list(paths) or [p for p in DEFAULT_PATHS if p.is_dir()]
    if not targets:
        raise UsageError("no specs/ or schedules/ folder here; name the files or folders to format")
    changed = format_paths(targets, check=check)
    for outcome in changed:
        echo(f"would reformat {outcome.path}" if check else f"reformatted {outcome.path}")
    return 1 if check and changed else 0
