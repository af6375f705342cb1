"""Load a schedule file, check its references against the spec, and compute every date.

Relative dates form a graph (each date points at the milestone or phase boundary it is computed from). Unknown
references, references to a phase without ``.start``/``.end``, and cycles are located errors; a cycle is named
in full (``a → b → c → a``). Dates are then computed depth-first, applying the Atw roll-forward where the
programme (or the date itself) switches it on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tendergen.errors import Problem, SpecError
from tendergen.loader import MAX_DATE, MIN_DATE, Document, Path_, load_document
from tendergen.project import Spec
from tendergen.schedule.calendar import DutchCalendar, format_nl, weekday_nl
from tendergen.schedule.model import (
    MILESTONE_LABELS,
    OPERATOR_OWNER,
    OWNER_LABELS,
    DateSpec,
    Milestone,
    Phase,
    Schedule,
    Scope,
)
from tendergen.schedule.periods import DateOutOfRangeError, advance, describe_nl
from tendergen.schedule.timeline import Entry
from tendergen.validation import validate_document

FIXED = "vaste datum"
"""The basis of a date that is given rather than computed."""


@dataclass(frozen=True)
class Node:
    """One date in the graph: a milestone date or a phase boundary, with where it stands in the file."""

    name: str
    """``publicatie`` for a milestone, ``implementatie.start`` for a phase boundary."""
    spec: DateSpec
    path: Path_


@dataclass(frozen=True)
class ScopeKey:
    """A scope in normal form: ("programme",), ("tender", id), ("unit", id) or ("lot", unit, lot)."""

    parts: tuple[str, ...]

    @property
    def kind(self) -> str:
        return self.parts[0]

    @property
    def text(self) -> str:
        """The API form: ``programme``, the tender or unit id, or ``unit/lot``."""
        if self.kind == "programme":
            return "programme"
        return "/".join(self.parts[1:])


PROGRAMME = ScopeKey(("programme",))


def schedule_path(spec: Spec) -> Path:
    """Where the schedule of ``spec`` lives: ``<project_root>/schedules/<programme-id>.yaml``."""
    return spec.layout.schedule_file(spec.programme.id)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else absolute."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def load_schedule(path: Path) -> tuple[Document, Schedule]:
    """Load and validate one schedule file; raise :class:`SpecError` with every located problem."""
    doc = load_document(path, display_path(path))
    model, problems = validate_document(Schedule, doc)
    if model is None or problems:
        raise SpecError(problems)
    return doc, model


def scope_key(scope: Scope) -> ScopeKey:
    """Normal form of a milestone's scope."""
    if scope.tender is None and scope.unit is None:
        return PROGRAMME
    if scope.tender is not None:
        return ScopeKey(("tender", scope.tender))
    assert scope.unit is not None
    if scope.lot is not None:
        return ScopeKey(("lot", scope.unit, scope.lot))
    return ScopeKey(("unit", scope.unit))


def scope_problems(spec: Spec, doc: Document, scope: Scope, path: Path_) -> list[Problem]:
    """Unknown tenders, units and lots in a scope, located in the schedule."""
    tenders = [t.id for t in spec.programme.tenders]
    units = {u.id: u for u in spec.units}
    if scope.tender is not None and scope.tender not in tenders:
        return [doc.problem((*path, "tender"), _unknown("tender", scope.tender, tenders))]
    if scope.unit is None:
        return []
    if scope.unit not in units:
        return [doc.problem((*path, "unit"), _unknown("unit", scope.unit, list(units)))]
    lots = [lot.id for lot in units[scope.unit].lots]
    if scope.lot is not None and scope.lot not in lots:
        return [doc.problem((*path, "lot"), _unknown(f"lot of unit `{scope.unit}`", scope.lot, lots))]
    return []


def _unknown(what: str, value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    listing = f" (known: {', '.join(known)})" if known and not close else ""
    return f"unknown {what} `{value}`{hint}{listing}"


def all_nodes(schedule: Schedule) -> list[Node]:
    """Every date of the schedule in file order, named the way references name them."""
    nodes = [Node(m.id, m.date, ("milestones", i, "date")) for i, m in enumerate(schedule.milestones)]
    for index, phase in enumerate(schedule.phases):
        for side in ("start", "end"):
            nodes.append(Node(f"{phase.id}.{side}", getattr(phase, side), ("phases", index, side)))
    return nodes


def date_nodes(schedule: Schedule) -> dict[str, Node]:
    """Every date of the schedule keyed by the name references use (the first of duplicate ids wins)."""
    nodes: dict[str, Node] = {}
    for node in all_nodes(schedule):
        nodes.setdefault(node.name, node)
    return nodes


def structure_problems(spec: Spec, doc: Document, schedule: Schedule) -> list[Problem]:
    """Everything that makes the schedule impossible to compute: wrong programme, duplicate ids, unknown
    scopes and references, cycles."""
    problems: list[Problem] = []
    if schedule.programme != spec.programme.id:
        message = f"schedule is for programme `{schedule.programme}`, but the spec is `{spec.programme.id}`"
        problems.append(doc.problem(("programme",), message))
    for index, milestone in enumerate(schedule.milestones):
        problems.extend(scope_problems(spec, doc, milestone.scope, ("milestones", index, "scope")))
        problems.extend(_owner_problems(spec, doc, milestone.owner, ("milestones", index, "owner")))
    for index, phase in enumerate(schedule.phases):
        problems.extend(scope_problems(spec, doc, phase.scope, ("phases", index, "scope")))
        problems.extend(_owner_problems(spec, doc, phase.owner, ("phases", index, "owner")))
    duplicates = _duplicate_ids(doc, schedule)
    problems.extend(duplicates)
    phases = {p.id for p in schedule.phases}
    reference_problems = list(_reference_problems(doc, all_nodes(schedule), phases))
    problems.extend(reference_problems)
    if not reference_problems and not duplicates:
        problems.extend(_cycle_problems(doc, date_nodes(schedule)))
    return problems


def _owner_problems(spec: Spec, doc: Document, owner: str, path: Path_) -> list[Problem]:
    if owner != OPERATOR_OWNER or spec.programme.authority.operator is not None:
        return []
    message = (
        f"owner `{OPERATOR_OWNER}` is the programme's operator, but programme.yaml has no authority.operator; "
        "add the operator or choose another owner"
    )
    return [doc.problem(path, message)]


def _duplicate_ids(doc: Document, schedule: Schedule) -> list[Problem]:
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    items: list[tuple[str, int, str]] = [("milestones", i, m.id) for i, m in enumerate(schedule.milestones)]
    items += [("phases", i, p.id) for i, p in enumerate(schedule.phases)]
    for section, index, item_id in items:
        where = f"{section}[{index}]"
        if item_id in seen:
            message = f"duplicate id `{item_id}` (also used by {seen[item_id]})"
            problems.append(doc.problem((section, index, "id"), message))
        else:
            seen[item_id] = where
    return problems


def _reference_problems(doc: Document, nodes: list[Node], phases: set[str]) -> Iterator[Problem]:
    names = {node.name for node in nodes}
    milestone_ids = [node.name for node in nodes if "." not in node.name]
    for node in nodes:
        if not node.spec.is_relative:
            continue
        ref = node.spec.reference
        key = "after" if node.spec.after is not None else "before"
        if ref in names:
            continue
        if ref in phases:
            message = f"`{ref}` is a phase; refer to `{ref}.start` or `{ref}.end`"
        elif "." in ref and ref.split(".", 1)[0] in milestone_ids:
            message = f"`{ref.split('.', 1)[0]}` is a milestone; refer to it without `.start`/`.end`"
        else:
            message = _unknown("milestone or phase boundary", ref, milestone_ids + sorted(phases))
        yield doc.problem((*node.path, key), message)


def _cycle_problems(doc: Document, nodes: dict[str, Node]) -> list[Problem]:
    """One problem per cycle, located at the first date of the cycle in file order, naming it in full."""
    order = list(nodes)
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    # Every date refers to at most one other, so each walk is a chain; walking it in a loop (not by recursion)
    # keeps a schedule with a thousand chained dates from overflowing the stack.
    for name in order:
        trail: list[str] = []
        current: str | None = name
        while current is not None and current not in state:
            state[current] = 1
            trail.append(current)
            spec = nodes[current].spec
            current = spec.reference if spec.is_relative else None
            if current is not None and state.get(current) == 1:
                cycles.append(trail[trail.index(current) :])
                break
        for item in trail:
            state[item] = 2
    problems = []
    for cycle in cycles:
        first = min(cycle, key=order.index)
        start = cycle.index(first)
        ring = cycle[start:] + cycle[:start] + [first]
        message = "relative dates form a cycle: " + " → ".join(ring)
        problems.append(doc.problem(nodes[first].path, message))
    return problems


@dataclass(frozen=True)
class Computed:
    """A resolved date and the Dutch explanation of how it was found."""

    date: dt.date
    basis: str


class DateResolver:
    """Computes every date of a checked (acyclic, fully referenced) schedule, memoised."""

    def __init__(self, schedule: Schedule, calendar: DutchCalendar) -> None:
        self.nodes = date_nodes(schedule)
        self.labels = _labels(schedule)
        self.calendar = calendar
        self.roll_forward = schedule.policy.roll_forward
        self.done: dict[str, Computed] = {}

    def resolve(self, name: str) -> Computed:
        """The computed date of a milestone id or ``<phase>.start|end``.

        The chain of references is followed in a loop and computed from its fixed end back to ``name``, so a
        long chain needs no deep recursion. :class:`UncomputableDateError` names the first date that cannot be
        computed.
        """
        chain: list[str] = []
        current = name
        while current not in self.done:
            chain.append(current)
            spec = self.nodes[current].spec
            if not spec.is_relative:
                break
            current = spec.reference
        for item in reversed(chain):
            try:
                self.done[item] = self._compute(self.nodes[item].spec)
            except DateOutOfRangeError as exc:
                raise UncomputableDateError(self.nodes[item], str(exc)) from None
        return self.done[name]

    def _compute(self, spec: DateSpec) -> Computed:
        if spec.fixed is not None:
            return Computed(spec.fixed, FIXED)
        base = self.resolve(spec.reference).date
        unit, count = spec.amount
        day = advance(self.calendar, base, unit, count, spec.direction)
        word = "na" if spec.direction > 0 else "voor"
        if count == 0:
            basis = f"zelfde dag als {self.labels[spec.reference]}"
        else:
            basis = f"{describe_nl(unit, count)} {word} {self.labels[spec.reference]}"
        roll = self.roll_forward if spec.roll_forward is None else spec.roll_forward
        if roll and not self.calendar.is_working_day(day):
            moved = (
                self.calendar.next_working_day(day) if spec.direction > 0 else self.calendar.previous_working_day(day)
            )
            reason = self.calendar.describe(day)
            basis += f" (verschoven van {weekday_nl(day)} {format_nl(day)}, {reason}; Algemene termijnenwet)"
            day = moved
        return Computed(day, basis)


class UncomputableDateError(Exception):
    """A relative date that lands outside the years Python can represent; ``node`` is the date."""

    def __init__(self, node: Node, detail: str) -> None:
        super().__init__(detail)
        self.node = node
        self.detail = detail


def date_range_problems(doc: Document, resolver: DateResolver) -> list[Problem]:
    """Dates that cannot be computed, or are computed outside the range a spec date may have (loader limits);
    of a chain of dates that leaves the range, the first one."""
    problems: list[Problem] = []
    for name, node in resolver.nodes.items():
        try:
            day = resolver.resolve(name).date
        except UncomputableDateError as exc:
            if exc.node.name == name:
                message = f"date cannot be computed: {exc.detail} leaves the calendar; check the amounts"
                problems.append(doc.problem(node.path, message))
            continue
        if not MIN_DATE <= day <= MAX_DATE and node.spec.is_relative and _in_range(resolver, node.spec.reference):
            message = f"date computes to {day.isoformat()}, outside {MIN_DATE} to {MAX_DATE}; check the amounts"
            problems.append(doc.problem(node.path, message))
    return problems


def _in_range(resolver: DateResolver, name: str) -> bool:
    """Whether a date a later one refers to lies in range (only the first date of a chain to leave it is shown)."""
    try:
        return MIN_DATE <= resolver.resolve(name).date <= MAX_DATE
    except UncomputableDateError:
        return False


def _labels(schedule: Schedule) -> dict[str, str]:
    labels: dict[str, str] = {}
    for milestone in schedule.milestones:
        labels[milestone.id] = milestone_label(milestone)
    for phase in schedule.phases:
        labels[f"{phase.id}.start"] = f"begin {phase.label}"
        labels[f"{phase.id}.end"] = f"einde {phase.label}"
    return labels


def milestone_label(milestone: Milestone) -> str:
    """The milestone's label, or the Dutch default for its type."""
    return milestone.label or MILESTONE_LABELS[milestone.type]


def scope_label(spec: Spec, key: ScopeKey) -> str:
    """Dutch name of a scope: ``Programma``, the tender's name, ``Segment Crisis``, ``Perceel Lokaal (…)``."""
    if key.kind == "programme":
        return "Programma"
    if key.kind == "tender":
        return next(t.name for t in spec.programme.tenders if t.id == key.parts[1])
    unit = spec.unit(key.parts[1])
    term = spec.programme.unit_term.capitalize()
    if key.kind == "unit":
        return f"{term} {unit.name}"
    lot = next(lot for lot in unit.lots if lot.id == key.parts[2])
    return f"Perceel {lot.name} ({unit.name})"


def phase_problems(doc: Document, schedule: Schedule, resolver: DateResolver) -> list[Problem]:
    """Phases that end before they start."""
    problems = []
    for index, phase in enumerate(schedule.phases):
        start = resolver.resolve(f"{phase.id}.start").date
        end = resolver.resolve(f"{phase.id}.end").date
        if end < start:
            message = f"phase `{phase.id}` ends on {end.isoformat()}, before it starts on {start.isoformat()}"
            problems.append(doc.problem(("phases", index, "end"), message))
    return problems


def build_entries(spec: Spec, schedule: Schedule, resolver: DateResolver) -> list[Entry]:
    """Milestones and phases with computed dates, ordered by date, end date and file order."""
    entries: list[Entry] = []
    for index, milestone in enumerate(schedule.milestones):
        computed = resolver.resolve(milestone.id)
        entries.append(_entry(spec, milestone, index, computed, None))
    offset = len(schedule.milestones)
    for index, phase in enumerate(schedule.phases):
        start = resolver.resolve(f"{phase.id}.start")
        end = resolver.resolve(f"{phase.id}.end")
        entries.append(_entry(spec, phase, offset + index, start, end))
    return sorted(entries, key=lambda e: (e.date, e.end or e.date, e.index))


def owner_label(spec: Spec, owner: str) -> str:
    """The Dutch name of ``owner``; the operator's owner is the operator's own name."""
    operator = spec.programme.authority.operator
    if owner == OPERATOR_OWNER and operator is not None:
        return operator.name
    return OWNER_LABELS[owner]


def _entry(spec: Spec, item: Milestone | Phase, index: int, start: Computed, end: Computed | None) -> Entry:
    key = scope_key(item.scope)
    is_milestone = isinstance(item, Milestone)
    return Entry(
        id=item.id,
        label=milestone_label(item) if isinstance(item, Milestone) else item.label,
        date=start.date,
        end=None if end is None else end.date,
        owner=item.owner,
        owner_label=owner_label(spec, item.owner),
        scope=key.text,
        scope_kind=key.kind,  # type: ignore[arg-type]
        scope_label=scope_label(spec, key),
        kind="milestone" if is_milestone else "phase",
        type=item.type if isinstance(item, Milestone) else "fase",
        note=item.note,
        basis=start.basis,
        end_basis="" if end is None else end.basis,
        index=index,
        time=item.time if isinstance(item, Milestone) else None,
    )
