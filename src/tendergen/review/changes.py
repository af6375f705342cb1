"""The change model: what a semantic diff finds, per programme, per unit, for the schedule and the Q&A.

A :class:`Change` is located by a *keyed* path (``quality[Q-CRI-03].text``: list items by their id, never by
position), carries the old and new value both as data (for JSON and for renderers) and as text (for people), and
names its ``section`` (the top-level field it falls under: ``funding``, ``quality`` …), so that a change notice can
map changes to the documents that show that section. ``for_bidders`` is false for fields that never reach the
tender documents (the council summary, the cost sharing between municipalities, the spec version and date).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from tendergen.review.values import FIELD_LABELS, ITEM_LABELS

ChangeKind = Literal["added", "removed", "changed", "moved"]
Status = Literal["added", "removed", "changed", "unchanged"]
Scope = Literal["programme", "unit", "schedule", "qa"]

# Fields that do not reach bidders: (scope, top-level field).
INTERNAL_FIELDS: frozenset[tuple[str, str]] = frozenset(
    {
        ("programme", "financing"),
        ("programme", "version"),
        ("programme", "document_date"),
    }
)


@dataclass(frozen=True)
class Key:
    """A list item's id or a mapping key in a change path (as opposed to a field name)."""

    value: str

    def __str__(self) -> str:
        return self.value


Step = str | Key


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new side."""

    kind: ChangeKind
    path: tuple[Step, ...]
    old: Any = None
    """The old value as JSON-ready data (None for an addition)."""
    new: Any = None
    old_text: str | None = None
    new_text: str | None = None
    member: bool = False
    """The change adds or removes one member of a plain list (a principle, a CPV code …)."""
    note: str | None = None
    """Extra context: where a requirement moved, which legal rule still holds …"""
    scope: Scope = "unit"
    label: str | None = None
    """A name for the subject when the path alone does not read well (a milestone's name in the documents)."""

    @property
    def field(self) -> str:
        """The keyed path as text: ``quality[Q-CRI-03].text``, ``funding.budgets_per_lot[regionaal]``."""
        out = ""
        for step in self.path:
            if isinstance(step, Key):
                out += f"[{step.value}]"
            else:
                out += f".{step}" if out else step
        return out

    @property
    def section(self) -> str:
        """The top-level field the change falls under (``funding``, ``quality`` …); empty for a whole unit."""
        return str(self.path[0]) if self.path else ""

    @property
    def for_bidders(self) -> bool:
        return (self.scope, self.section) not in INTERNAL_FIELDS

    @property
    def subject(self) -> str:
        """What changed, in procurement terms: ``quality requirement Q-CRI-03``, ``subcontracting quota``."""
        if self.label:
            return self.label
        names = tuple(step for step in self.path if isinstance(step, str))
        label = FIELD_LABELS.get(names)
        if label:
            return label
        for end in range(len(self.path), 0, -1):
            head, last = self.path[:end], self.path[end - 1]
            names = tuple(step for step in head if isinstance(step, str))
            if isinstance(last, Key) and names in ITEM_LABELS:
                rest = Change(self.kind, self.path[end:]).field.lstrip(".")
                item = f"{ITEM_LABELS[names]} {last.value}"
                return f"{item}: {rest}" if rest else item
        return self.field

    def describe(self) -> str:
        """The change as one line of text, without its unit or programme."""
        subject = self.subject
        note = f" ({self.note})" if self.note else ""
        if self.kind == "changed":
            return f"{subject} {self.old_text} → {self.new_text}{note}"
        if self.member:
            value = self.new_text if self.kind == "added" else self.old_text
            return f"{subject}: {value} {self.kind}{note}"
        if self.kind == "added":
            text = f"{subject} added" + (f": {self.new_text}" if self.new_text else "")
        elif self.kind == "removed":
            text = f"{subject} removed" + (f" (was {self.old_text})" if self.old_text else "")
        else:
            text = f"{subject} moved"
        return text.lstrip() + note

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "field": self.field,
            "path": [str(step) for step in self.path],
            "section": self.section,
            "subject": self.subject,
            "old": self.old,
            "new": self.new,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "member": self.member,
            "note": self.note,
            "for_bidders": self.for_bidders,
            "text": self.describe(),
        }


@dataclass
class UnitDiff:
    """The changes of one bundel or segment, matched by unit id."""

    id: str
    name: str
    status: Status
    changes: list[Change] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "changes": [c.as_dict() for c in self.changes],
        }


@dataclass
class ProgrammeDiff:
    """Everything that changed in one programme: its own fields, its units, its schedule and its Q&A."""

    id: str
    title: str
    unit_term: str
    status: Status
    changes: list[Change] = field(default_factory=list)
    units: list[UnitDiff] = field(default_factory=list)
    schedule: list[Change] = field(default_factory=list)
    schedule_computed: bool = False
    """True when the schedule lines include recomputed dates and rule results, not only the edited YAML."""
    qa: list[Change] = field(default_factory=list)

    @property
    def changed_units(self) -> list[UnitDiff]:
        return [u for u in self.units if u.status != "unchanged"]

    def all_changes(self) -> Iterator[Change]:
        yield from self.changes
        for unit in self.units:
            yield from unit.changes
        yield from self.schedule
        yield from self.qa

    @property
    def count(self) -> int:
        return sum(1 for _ in self.all_changes())

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "unit_term": self.unit_term,
            "status": self.status,
            "changes": [c.as_dict() for c in self.changes],
            "units": [u.as_dict() for u in self.units],
            "schedule": {"computed": self.schedule_computed, "changes": [c.as_dict() for c in self.schedule]},
            "qa": [c.as_dict() for c in self.qa],
        }


@dataclass(frozen=True)
class SideInfo:
    """One side of a comparison as the user named it: a git revision or a folder."""

    label: str
    kind: Literal["git", "directory"]
    commit: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "kind": self.kind, "commit": self.commit}


@dataclass
class Report:
    """The result of ``tendergen diff``: one :class:`ProgrammeDiff` per programme on either side, by id."""

    old: SideInfo
    new: SideInfo
    programmes: list[ProgrammeDiff]

    @property
    def changed(self) -> bool:
        return any(p.status != "unchanged" for p in self.programmes)

    @property
    def count(self) -> int:
        return sum(p.count for p in self.programmes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": "tendergen-diff",
            "version": 1,
            "old": self.old.as_dict(),
            "new": self.new.as_dict(),
            "changed": self.changed,
            "count": self.count,
            "programmes": [p.as_dict() for p in self.programmes],
        }


def status_of(changes: Iterable[Change]) -> Status:
    return "changed" if any(True for _ in changes) else "unchanged"
