"""The computed planning: entries with concrete dates, the rule checks and the findings (breaches)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from tendergen.errors import Problem, Severity

EntryKind = Literal["milestone", "phase"]
Outcome = Literal["ok", "breach", "waived"]


@dataclass(frozen=True)
class Entry:
    """One milestone or phase with its computed date(s).

    ``date`` is the milestone date or the first day of a phase; ``end`` the last day of a phase (None for a
    milestone). ``scope`` is ``"programme"``, a tender id, a unit id or ``"<unit>/<lot>"``; ``scope_kind``
    says which. ``basis`` explains in Dutch how the date was found ("45 kalenderdagen na Publicatie
    aankondiging").
    """

    id: str
    label: str
    date: dt.date
    end: dt.date | None
    owner: str
    owner_label: str
    scope: str
    scope_kind: Literal["programme", "tender", "unit", "lot"]
    scope_label: str
    kind: EntryKind
    type: str
    note: str | None = None
    basis: str = ""
    end_basis: str = ""
    index: int = 0
    """Position in the schedule file (milestones first, then phases), for stable ordering."""
    time: str | None = None
    """Time of day of a deadline (``12:00``), if the schedule gives one."""

    @property
    def is_phase(self) -> bool:
        return self.kind == "phase"


@dataclass(frozen=True)
class Check:
    """One rule applied to one pair of milestones (or one procedure, for a notice duty), with its outcome."""

    rule: str
    label: str
    source: Literal["legal", "policy"]
    scope: str
    outcome: Outcome
    severity: Severity
    citation: str
    detail: str
    dates: tuple[tuple[str, dt.date], ...] = ()
    bound: dt.date | None = None
    waiver_reason: str | None = None
    detail_nl: str = ""
    """The same in Dutch, for the planning document."""
    by_analogy: bool = False
    """A legal rule the law does not apply to this procedure (e.g. art. 2.127 in a SAS procedure, art. 2.39
    lid 2), applied by analogy as the documents promise."""


@dataclass(frozen=True)
class Finding:
    """A broken rule: the located problem (rule, dates and citation in its message) plus structured data."""

    problem: Problem
    rule: str
    citation: str
    dates: tuple[tuple[str, dt.date], ...] = ()

    @property
    def severity(self) -> Severity:
        return self.problem.severity

    @property
    def message(self) -> str:
        return self.problem.message

    def format(self) -> str:
        """``file:line:col: path: message`` like every other tendergen problem."""
        return self.problem.format()


@dataclass
class Timeline:
    """A computed schedule.

    ``milestones`` holds every milestone *and* phase, ordered by date (then end date, then file order);
    ``kind`` tells them apart. ``checks`` lists every rule evaluation (kept, broken or waived); ``findings``
    the breaches: legal ones are errors, policy ones warnings.
    """

    programme_id: str
    title: str
    authority: str
    version: str
    document_date: dt.date
    source: str
    roll_forward: bool
    milestones: list[Entry]
    checks: list[Check] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    calendar_covered_until: dt.date | None = None
    programme_title: str = ""
    contradictions: list[Finding] = field(default_factory=list)
    """Where the planning and the spec say different things (schedule/consistency.py); not rule checks."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in (*self.findings, *self.contradictions) if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in (*self.findings, *self.contradictions) if f.severity == "warning"]

    @property
    def start(self) -> dt.date:
        """First day in the planning."""
        return min(e.date for e in self.milestones)

    @property
    def finish(self) -> dt.date:
        """Last day in the planning."""
        return max(e.end or e.date for e in self.milestones)

    def entry(self, entry_id: str) -> Entry:
        """The milestone or phase with this id."""
        for item in self.milestones:
            if item.id == entry_id:
                return item
        raise KeyError(entry_id)

    def relevant_to(self, unit_id: str, tender_id: str | None = None) -> list[Entry]:
        """Entries that concern one unit: the programme's, its tender's, its own and its lots' (for the
        planning table of that unit's documents), in date order."""
        return [item for item in self.milestones if _concerns(item, unit_id, tender_id)]


def _concerns(item: Entry, unit_id: str, tender_id: str | None) -> bool:
    if item.scope_kind == "programme":
        return True
    if item.scope_kind == "tender":
        return tender_id is not None and item.scope == tender_id
    return item.scope.split("/", 1)[0] == unit_id
