"""One error hierarchy for every user mistake tendergen can report.

Core code raises these; only the CLI turns them into output and an exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# User text reaches messages; escape sequences in it must not reach the terminal (newlines and tabs may).
_TERMINAL_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\n\t"}


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a spec file: ``file:line:column: field.path: message`` (line 0 when only the file is
    known, e.g. a template whose PDF could not be made; column 0 when only the line is known)."""

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: Severity = "error"

    def format(self) -> str:
        # Line 0: the file as a whole; column 0: the line as a whole (a template line, Jinja knows no column).
        where = (
            self.file
            + (f":{self.line}" if self.line else "")
            + (f":{self.column}" if self.line and self.column else "")
        )
        prefix = "warning: " if self.severity == "warning" else ""
        if self.path:
            return f"{where}: {prefix}{self.path}: {self.message}".translate(_TERMINAL_CONTROLS)
        return f"{where}: {prefix}{self.message}".translate(_TERMINAL_CONTROLS)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class TendergenError(Exception):
    """Base class of every error caused by user input; the CLI prints it and exits 1."""


class SpecError(TendergenError):
    """A spec (or schedule, or Q&A file) has one or more problems; all are carried at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(p.format() for p in self.problems))


class RenderError(TendergenError):
    """A document could not be rendered (template error, missing value, PDF failure).

    ``problems`` locates the failures (a spec field at its file, line and column, or a template at its line) when
    the renderer knows where they are, so that ``--format json`` can list them like spec problems.
    """

    def __init__(self, message: str = "", problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = sorted(problems, key=_problem_order)


class UsageError(TendergenError):
    """The command line names something that does not exist or cannot be used."""


def _problem_order(problem: Problem) -> tuple[str, int, int, str, str]:
    return (problem.file, problem.line, problem.column, problem.path, problem.message)
