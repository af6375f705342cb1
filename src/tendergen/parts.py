"""Units with several instruments: a unit file with ``parts`` becomes one derived unit per part.

Everything downstream (checks, the pack planner, the templates, the notices) works on units with one instrument
each. A unit whose services are bought partly by subsidy and partly by tender (a civic-integration bundle) lists
``parts``; :func:`expand` turns each part into a :class:`~tendergen.spec.unit.Unit` with the id ``<unit>-<part>``,
the name ``<unit> – <part>``, the part's services as its scope (the other parts' services explicitly outside it),
the part's instrument and funding, and the unit's value for every other field the part leaves out. Its problems
are located in the unit file, at the part's own key when the part gives the field (:class:`PartDocument`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tendergen.errors import Problem
from tendergen.loader import Document, Path_, format_path
from tendergen.spec.unit import PART_OWN_FIELDS, Scope, Unit, UnitFile, UnitPart

NAME_SEPARATOR = " – "
"""Between the unit's name and the part's in the derived unit's name (``Inburgering – Taalroute``)."""

_OVERRIDES = (
    "description",
    "funding",
    "cpv",
    "estimated_value",
    "award_criteria",
    "assessment",
    "quality",
    "subcontracting",
    "transition",
    "term",
    "lots",
    "no_lots_reason",
    "innovation_share_pct",
)
"""Part fields that replace the unit's when the part gives them."""


@dataclass(frozen=True)
class PartView:
    """One part as the overview and the index show it: the derived unit's id and the part's own name."""

    unit_id: str
    name: str


@dataclass(frozen=True)
class PartedUnit:
    """A unit with parts, as the council overview and the index show it."""

    id: str
    name: str
    parts: tuple[PartView, ...]

    @property
    def extra(self) -> int:
        """How many more units the pack holds for this unit than one (the unit count of the overview)."""
        return len(self.parts) - 1


@dataclass
class PartDocument(Document):
    """The unit file seen from one derived unit: a problem of the derived unit at ``funding`` is located (and
    named) at ``parts[i].funding`` when the part gives it, else at the unit's own ``funding``."""

    index: int = 0
    unit_id: str = ""
    """The id of the unit in the file (the derived unit's id is ``<unit_id>-<part id>``)."""
    given: frozenset[str] = field(default_factory=frozenset)

    def real_path(self, path: Path_) -> Path_:
        """Where ``path`` of the derived unit stands in the file."""
        part: Path_ = ("parts", self.index)
        if not path:
            return part
        head = path[0]
        if head == "scope" and path[1:2] == ("included",):
            return (*part, "services", *path[2:])
        if head in ("name", "instrument") or head in self.given:
            return (*part, *path)
        if head == "id":
            return (*part, "id")
        return path

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        return super().locate(self.real_path(path), key=key)

    def problem(self, path: Path_, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        real = self.real_path(path)
        line, column = Document.locate(self, real, key=key)
        return Problem(self.file, line, column, format_path(real), message, severity)  # type: ignore[arg-type]


def has_parts(doc: Document) -> bool:
    """The file is a unit with parts (it is validated as :class:`UnitFile`, then expanded)."""
    return isinstance(doc.data, dict) and "parts" in doc.data


def expand(unit: UnitFile, doc: Document) -> tuple[list[tuple[Unit, Document]], list[Problem]]:
    """The derived units of ``unit`` with their documents, or the problems that prevent them (all at once)."""
    problems = list(_problems(unit, doc))
    if problems:
        return [], problems
    derived: list[tuple[Unit, Document]] = []
    for index, part in enumerate(unit.parts):
        raw = doc.data["parts"][index]
        given = frozenset(name for name in _OVERRIDES if name in raw)
        part_doc = PartDocument(
            doc.file, doc.data, doc.values, doc.keys, [], doc.flagged, index=index, unit_id=unit.id, given=given
        )
        derived.append((_derive(unit, part), part_doc))
    return derived, []


def view(unit: UnitFile) -> PartedUnit:
    """The unit with its parts, for the overview and the index."""
    return PartedUnit(unit.id, unit.name, tuple(PartView(f"{unit.id}-{p.id}", p.name) for p in unit.parts))


def _derive(unit: UnitFile, part: UnitPart) -> Unit:
    values: dict[str, Any] = {name: getattr(unit, name) for name in Unit.model_fields}
    for name in _OVERRIDES:
        own = getattr(part, name)
        if name in PART_OWN_FIELDS or own is not None:
            values[name] = own
    others = [s for p in unit.parts if p is not part for s in p.services if s not in part.services]
    values["id"] = f"{unit.id}-{part.id}"
    values["name"] = f"{unit.name}{NAME_SEPARATOR}{part.name}"
    values["instrument"] = part.instrument
    values["scope"] = Scope(included=part.services, excluded=[*unit.scope.excluded, *dict.fromkeys(others)])
    return Unit.model_validate(values)


def _problems(unit: UnitFile, doc: Document) -> list[Problem]:
    found: list[Problem] = []
    if len(unit.parts) < 2:
        found.append(doc.problem(("parts",), "a unit with parts has at least two (one part is the unit itself)"))
    for name in PART_OWN_FIELDS:
        if getattr(unit, name) not in (None, []):
            message = f"a unit with parts gives `{name}` on each part, not on the unit"
            found.append(doc.problem((name,), message, key=True))
    counts = Counter(p.id for p in unit.parts)
    seen: set[str] = set()
    included = unit.scope.included
    owner: dict[str, str] = {}
    for index, part in enumerate(unit.parts):
        if counts[part.id] > 1 and part.id in seen:
            found.append(doc.problem(("parts", index, "id"), f"duplicate part id `{part.id}`"))
        seen.add(part.id)
        for position, service in enumerate(part.services):
            path = ("parts", index, "services", position)
            if service not in included:
                message = f"`{service}` is not a service of this unit (scope.included: {'; '.join(included)})"
                found.append(doc.problem(path, message))
            elif service in owner:
                message = f"`{service}` is already bought by part `{owner[service]}`; a service has one instrument"
                found.append(doc.problem(path, message))
            else:
                owner[service] = part.id
    for position, service in enumerate(included):
        if service not in owner and len(unit.parts) >= 2:
            message = f"`{service}` is in the unit's scope but no part buys it; add it to the services of a part"
            found.append(doc.problem(("scope", "included", position), message))
    return found
