"""Schedule changes: the edited YAML of ``schedules/<programme>.yaml`` and, through a planner, the recomputed dates
and legal-rule results.

The diff does not compute schedules itself. A :data:`Planner` (the scheduler's adapter) turns a loaded spec into
:class:`ScheduleFacts` — the date of every milestone and the outcome of every rule — and the diff compares the
facts of both sides: a moved date is reported with the rules that measure it (``date of Inschrijfdeadline
2024-03-01 → 2024-03-15 (open procedure minimum still met: …)``), and a rule whose outcome flips is reported on its
own line (``rule open procedure minimum met → broken``).
Without a planner, only the schedule file's data is compared (by milestone id, not by position).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from tendergen.errors import SpecError
from tendergen.loader import load_document
from tendergen.review.changes import Change, ChangeKind, Key, Step
from tendergen.review.compare import dump
from tendergen.review.values import show

if TYPE_CHECKING:
    from tendergen.project import Spec


@dataclass(frozen=True)
class Milestone:
    """A computed milestone (or phase): its id, its name in the documents, its date (a phase's first day) and,
    for a phase, its last day."""

    id: str
    label: str
    date: dt.date
    end: dt.date | None = None

    @property
    def when(self) -> str:
        return self.date.isoformat() + (f" – {self.end.isoformat()}" if self.end else "")


@dataclass(frozen=True)
class RuleOutcome:
    """The result of one legal or policy rule on a computed schedule."""

    id: str
    label: str
    """E.g. ``open procedure minimum (Aw 2012 art. 2.71)``."""
    met: bool
    detail: str = ""
    """E.g. ``45 days required, 59 available``."""
    milestones: tuple[str, ...] = ()
    """Ids of the milestones the rule measures."""
    severity: str = "error"


@dataclass(frozen=True)
class ScheduleFacts:
    """What a computed schedule says, in a form two revisions can be compared on."""

    milestones: Mapping[str, Milestone] = field(default_factory=dict)
    rules: Mapping[str, RuleOutcome] = field(default_factory=dict)


Planner = Callable[["Spec"], ScheduleFacts | None]
"""Computes the schedule facts of a loaded spec (None when the programme has no schedule); raises SpecError for a
schedule with problems."""


def schedule_file(spec: Spec) -> Path:
    return spec.layout.schedule_file(spec.programme.id)


def load_schedule_data(spec: Spec | None) -> Any:
    """The schedule file's plain data (None when there is none); YAML problems raise located SpecErrors."""
    if spec is None:
        return None
    path = schedule_file(spec)
    if not path.is_file():
        return None
    doc = load_document(path)
    if doc.problems:
        raise SpecError(doc.problems)
    return doc.data


def compare_schedule_data(old: Any, new: Any) -> list[Change]:
    """Differences between two schedule files' data: mappings by key, lists of mappings by their ``id``."""
    changes: list[Change] = []
    _plain(old, new, (), changes)
    return changes


def compare_facts(old: ScheduleFacts | None, new: ScheduleFacts | None) -> list[Change]:
    """Moved milestone dates, each with the rules that measure it, and rules whose outcome changed on their own.

    A rule is told once, at the last of its milestones that moved (the date it measures, usually).
    """
    old = old or ScheduleFacts()
    new = new or ScheduleFacts()
    keys = [*new.milestones, *(k for k in old.milestones if k not in new.milestones)]
    moved = [k for k in keys if _when(old.milestones.get(k)) != _when(new.milestones.get(k))]
    notes: dict[str, list[str]] = {key: [] for key in moved}
    told: set[str] = set()
    for rule in new.rules.values():
        measured = [m for m in rule.milestones if m in notes]
        if measured:
            notes[measured[-1]].append(_rule_note(old.rules.get(rule.id), rule))
            told.add(rule.id)
    changes = [_milestone_change(old.milestones.get(k), new.milestones.get(k), notes[k]) for k in moved]
    for rule_id, after_rule in new.rules.items():
        before_rule = old.rules.get(rule_id)
        if rule_id not in told and (before_rule is None or before_rule.met != after_rule.met):
            changes.append(_rule_change(before_rule, after_rule))
    return changes


def _when(milestone: Milestone | None) -> str | None:
    return milestone.when if milestone else None


def _milestone_change(before: Milestone | None, after: Milestone | None, notes: list[str]) -> Change:
    milestone = after or before
    assert milestone is not None
    kind: ChangeKind = "changed" if before and after else ("added" if after else "removed")
    return Change(
        kind,
        ("milestones", Key(milestone.id)),
        old=_when(before),
        new=_when(after),
        old_text=_when(before),
        new_text=_when(after),
        note="; ".join(notes) or None,
        scope="schedule",
        label=f"{'dates' if milestone.end else 'date'} of {milestone.label}",
    )


def _rule_note(before: RuleOutcome | None, after: RuleOutcome) -> str:
    """``… still met`` in brief; a broken rule with its detail (the dates and the minimum)."""
    was = "" if before is None else ("still " if before.met == after.met else "now ")
    if after.met:
        return f"{after.label} {was}met"
    return f"{after.label} {was}broken" + (f": {after.detail}" if after.detail else "")


def _rule_change(before: RuleOutcome | None, after: RuleOutcome) -> Change:
    old = None if before is None else ("met" if before.met else "broken")
    new = "met" if after.met else "broken"
    return Change(
        "changed" if before else "added",
        ("rules", Key(after.id)),
        old=old,
        new=new,
        old_text=old,
        new_text=new,
        note=after.detail or None,
        scope="schedule",
        label=f"rule {after.label}",
    )


def _plain(old: Any, new: Any, path: tuple[Step, ...], out: list[Change]) -> None:
    if old == new and type(old) is type(new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*new, *(k for k in old if k not in new)]:
            _plain_entry(old, new, key, (*path, str(key)), out)
    elif isinstance(old, list) and isinstance(new, list) and (old or new) and _has_ids(old) and _has_ids(new):
        before = {str(item["id"]): item for item in old}
        after = {str(item["id"]): item for item in new}
        for key in [*after, *(k for k in before if k not in after)]:
            _plain_entry(before, after, key, (*path, Key(key)), out)
    elif old is None or new is None:
        kind = "added" if old is None else "removed"
        out.append(_plain_change(kind, path, old, new))
    else:
        out.append(_plain_change("changed", path, old, new))


def _plain_entry(old: dict[Any, Any], new: dict[Any, Any], key: Any, path: tuple[Step, ...], out: list[Change]) -> None:
    if key not in old:
        out.append(_plain_change("added", path, None, new[key]))
    elif key not in new:
        out.append(_plain_change("removed", path, old[key], None))
    else:
        _plain(old[key], new[key], path, out)


def _plain_change(kind: str, path: tuple[Step, ...], old: Any, new: Any) -> Change:
    return Change(
        cast(ChangeKind, kind),
        path,
        old=dump(old) if kind != "added" else None,
        new=dump(new) if kind != "removed" else None,
        old_text=_plain_text(old) if kind != "added" else None,
        new_text=_plain_text(new) if kind != "removed" else None,
        scope="schedule",
    )


def _plain_text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key} {_plain_text(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(_plain_text(item) for item in value) + "]"
    if isinstance(value, str) and " " in value:
        return f"“{value}”"
    return show(value)


def _has_ids(items: list[Any]) -> bool:
    """Every item is a mapping with a distinct ``id``: the list can be matched by id."""
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    return len(ids) == len(items) and all(isinstance(i, str | int) for i in ids) and len(set(ids)) == len(ids)


# ---------------------------------------------------------------------- the scheduler's adapter


def timeline_planner() -> Planner | None:
    """The planner backed by ``tendergen.schedule`` (``timeline_for``), or None when that module is not there."""
    try:
        module = importlib.import_module("tendergen.schedule")
    except ImportError:
        return None
    timeline_for = module.timeline_for

    def plan(spec: Spec) -> ScheduleFacts | None:
        timeline = timeline_for(spec)
        return None if timeline is None else facts_from_timeline(timeline)

    return plan


def facts_from_timeline(timeline: Any) -> ScheduleFacts:
    """Schedule facts from a computed ``tendergen.schedule.Timeline``: its entries and its rule checks.

    A rule is identified by its id, its scope and the entries it measures (one rule applies to many pairs); a
    waived rule counts as met.
    """
    milestones = {e.id: Milestone(e.id, e.label, e.date, e.end) for e in timeline.milestones}
    rules: dict[str, RuleOutcome] = {}
    for check in timeline.checks:
        entries = tuple(entry_id for entry_id, _date in check.dates)
        key = f"{check.rule}@{check.scope}" + (f":{'/'.join(entries)}" if entries else "")
        label = check.label if check.scope == "programme" else f"{check.label} ({check.scope})"
        rules[key] = RuleOutcome(key, label, check.outcome != "breach", check.detail, entries, check.severity)
    return ScheduleFacts(milestones, rules)
