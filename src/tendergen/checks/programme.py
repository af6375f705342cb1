"""Checks across the programme: ids, grouped tenders, financing key."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from tendergen.checks.unit import threshold_problems
from tendergen.errors import Problem

if TYPE_CHECKING:
    from tendergen.project import Spec


def check_programme_id(spec: Spec) -> Iterator[Problem]:
    if spec.programme.id != spec.root.resolve().name:
        message = f"programme id `{spec.programme.id}` must equal the folder name `{spec.root.resolve().name}`"
        yield spec.programme_doc.problem(("id",), message)


def check_authority(spec: Spec) -> Iterator[Problem]:
    authority = spec.programme.authority
    doc = spec.programme_doc
    counts = Counter(authority.members)
    for index, name in enumerate(authority.members):
        if counts[name] > 1 and authority.members.index(name) != index:
            yield doc.problem(("authority", "members", index), f"municipality `{name}` is listed twice")
    lead = authority.lead_municipality
    if lead is not None and lead not in authority.members:
        yield doc.problem(("authority", "lead_municipality"), f"`{lead}` is not one of the member municipalities")


def check_financing(spec: Spec) -> Iterator[Problem]:
    financing = spec.programme.financing
    doc = spec.programme_doc
    members = spec.programme.authority.members
    if financing.model != "verdeelsleutel":
        if financing.key:
            yield doc.problem(
                ("financing", "key"),
                f"a distribution key applies only to model verdeelsleutel, not {financing.model}",
            )
        return
    if not financing.key:
        yield doc.problem(
            ("financing", "key"), "model verdeelsleutel needs a key with a share per municipality", key=True
        )
        return
    for name in financing.key:
        if name not in members:
            yield doc.problem(("financing", "key", name), f"`{name}` is not a member municipality", key=True)
    for name in members:
        if name not in financing.key:
            yield doc.problem(("financing", "key"), f"member municipality `{name}` has no share in the key", key=True)
    total = sum(financing.key.values(), Decimal(0))
    if total != 100:
        yield doc.problem(("financing", "key"), f"shares sum to {total.normalize():f}; they must sum to 100", key=True)


def check_tenders(spec: Spec) -> Iterator[Problem]:
    doc = spec.programme_doc
    ids = [t.id for t in spec.programme.tenders]
    for index, tender in enumerate(spec.programme.tenders):
        if ids.index(tender.id) != index:
            yield doc.problem(("tenders", index, "id"), f"duplicate tender id `{tender.id}`")
            continue
        units = spec.units_of_tender(tender.id)
        if len(units) < 2:
            message = f"tender `{tender.id}` groups {len(units)} unit(s); a grouped tender needs at least two"
            yield doc.problem(("tenders", index), message, severity="warning")
        if units and any(u.estimated_value is None for u in units):
            yield doc.problem(("tenders", index), f"every unit of tender `{tender.id}` needs an estimated_value")
            continue
        if units:
            yield from threshold_problems(spec, units, tender.procedure, doc, ("tenders", index, "procedure"))


def check_requirement_ids(spec: Spec) -> Iterator[Problem]:
    """Requirement ids are referenced from Q&A and notices, so they are unique across the programme."""
    first: dict[str, str] = {}
    for unit in spec.units:
        doc = spec.unit_docs[unit.id]
        for index, req in enumerate(unit.quality):
            if req.id in first:
                yield doc.problem(
                    ("quality", index, "id"),
                    f"duplicate requirement id `{req.id}` (also in unit `{first[req.id]}`)",
                )
            else:
                first[req.id] = unit.id


CHECKS: list[Callable[[Spec], Iterator[Problem]]] = [
    check_programme_id,
    check_authority,
    check_financing,
    check_tenders,
    check_requirement_ids,
]
