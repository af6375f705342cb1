"""Cross-field checks: rules that span several fields, files or legal data (DESIGN §3).

Every check is a small function that yields located problems; :func:`check_spec` runs them all so that the user
sees every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from tendergen.checks import programme as _programme
from tendergen.checks import unit as _unit
from tendergen.checks.notes import check_working_notes
from tendergen.errors import Problem

if TYPE_CHECKING:
    from tendergen.project import Spec

Check = Callable[["Spec"], Iterator[Problem]]


def check_spec(spec: Spec) -> list[Problem]:
    """Run every programme and unit check; return errors and warnings."""
    problems: list[Problem] = []
    for check in _programme.CHECKS:
        problems.extend(check(spec))
    for unit in spec.units:
        for unit_check in _unit.CHECKS:
            problems.extend(unit_check(spec, unit))
    problems.extend(check_working_notes(spec))
    return problems
