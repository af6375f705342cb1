"""Planning timelines: a programme's schedule, computed, checked against legal and policy rules, and drawn.

Public API (used by the ``timeline`` command and the document renderer):

- :func:`timeline_for` ``(spec) -> Timeline | None`` — the computed planning of a loaded spec; None when the
  programme has no ``schedules/<programme-id>.yaml``; raises :class:`~tendergen.errors.SpecError` with
  located problems when the schedule file is invalid (unknown keys, bad references, cycles, unknown units,
  lots or tenders).
- :class:`Timeline` — ``milestones`` (every milestone and phase as an :class:`Entry`, ordered by date: ``id``,
  ``label`` (Dutch), ``date``, ``end`` (phases), ``owner``, ``scope``, ``kind`` "milestone"|"phase" …),
  ``checks`` (every rule evaluation) and ``findings`` (:class:`Finding` with ``.problem``: legal breaches are
  errors, policy breaches warnings).
- :func:`gantt_svg` ``(timeline, today=None) -> str`` — deterministic SVG Gantt chart.
"""

from __future__ import annotations

from pathlib import Path

from tendergen.errors import Problem, SpecError
from tendergen.loader import Document, Path_
from tendergen.project import Spec
from tendergen.schedule.calendar import atw_data, dutch_calendar
from tendergen.schedule.compute import (
    DateResolver,
    ScopeKey,
    build_entries,
    date_range_problems,
    load_schedule,
    phase_problems,
    schedule_path,
    scope_key,
    structure_problems,
)
from tendergen.schedule.consistency import consistency_findings
from tendergen.schedule.gantt import gantt_svg
from tendergen.schedule.model import Schedule
from tendergen.schedule.rules import RuleContext, ScopeInfo, evaluate, option_problems, scope_info, waiver_problems
from tendergen.schedule.timeline import Check, Entry, Finding, Timeline

__all__ = [
    "Check",
    "Entry",
    "Finding",
    "Schedule",
    "Timeline",
    "build_timeline",
    "gantt_svg",
    "load_schedule_file",
    "schedule_path",
    "timeline_for",
]


def load_schedule_file(path: Path, problems: list[Problem]) -> tuple[Document, Schedule] | None:
    """The validated schedule at ``path``, or None when there is none or it has problems (they go to
    ``problems``)."""
    if not path.exists():
        return None
    try:
        return load_schedule(path)
    except SpecError as exc:
        problems.extend(exc.problems)
        return None


def timeline_for(spec: Spec) -> Timeline | None:
    """The computed and checked planning of ``spec``, or None when it has no schedule file.

    Raises :class:`SpecError` with every located problem when the schedule cannot be computed. Rule breaches
    do not raise: they are in ``Timeline.findings``.
    """
    path = schedule_path(spec)
    if not path.is_file():
        return None
    doc, schedule = load_schedule(path)
    return build_timeline(spec, doc, schedule)


def build_timeline(spec: Spec, doc: Document, schedule: Schedule) -> Timeline:
    """Check the schedule's structure against the spec, compute every date and evaluate every rule."""
    problems: list[Problem] = structure_problems(spec, doc, schedule)
    problems.extend(waiver_problems(doc, schedule))
    if not problems:
        problems.extend(option_problems(spec, doc, schedule))
    if problems:
        raise SpecError(problems)
    calendar = dutch_calendar()
    resolver = DateResolver(schedule, calendar)
    problems = date_range_problems(doc, resolver) or phase_problems(doc, schedule, resolver)
    if problems:
        raise SpecError(problems)
    entries = build_entries(spec, schedule, resolver)
    ctx = RuleContext(doc, schedule, calendar, _scopes(spec, schedule, entries), _paths(schedule))
    evaluate(ctx)
    programme = spec.programme
    return Timeline(
        programme_id=programme.id,
        title=schedule.title or f"Planning {programme.title}",
        authority=programme.authority.name,
        version=programme.version,
        document_date=programme.document_date,
        source=doc.file,
        roll_forward=schedule.policy.roll_forward,
        milestones=entries,
        checks=ctx.checks,
        findings=ctx.findings,
        calendar_covered_until=atw_data().covered_until,
        programme_title=programme.title,
        contradictions=consistency_findings(spec, ctx, entries),
    )


def _paths(schedule: Schedule) -> dict[str, Path_]:
    paths: dict[str, Path_] = {}
    for index, milestone in enumerate(schedule.milestones):
        paths[milestone.id] = ("milestones", index, "date")
    for index, phase in enumerate(schedule.phases):
        paths[phase.id] = ("phases", index, "start")
    return paths


def _scopes(spec: Spec, schedule: Schedule, entries: list[Entry]) -> dict[ScopeKey, ScopeInfo]:
    """Every scope that holds an entry, plus the scopes around them, with their entries."""
    infos: dict[ScopeKey, ScopeInfo] = {}
    labels = {e.scope: e.scope_label for e in entries}
    items = [(m.id, m.scope, ("milestones", i, "scope")) for i, m in enumerate(schedule.milestones)]
    items += [(p.id, p.scope, ("phases", i, "scope")) for i, p in enumerate(schedule.phases)]
    by_id = {e.id: e for e in entries}
    for entry_id, scope, path in items:
        key = scope_key(scope)
        info = _ensure(spec, infos, key, labels)
        if not info.entries:
            info.first_path = path
        info.entries.append(by_id[entry_id])
    return infos


def _ensure(spec: Spec, infos: dict[ScopeKey, ScopeInfo], key: ScopeKey, labels: dict[str, str]) -> ScopeInfo:
    if key not in infos:
        info = scope_info(spec, key, labels.get(key.text, key.text))
        infos[key] = info
        if info.parent is not None:
            _ensure(spec, infos, info.parent, labels)
    return infos[key]
