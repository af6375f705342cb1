"""The procedures a programme publishes: each grouped tender and each stand-alone aanbesteding with an EU procedure.

A procedure's lots are the lots of its units; a unit without lots is one lot. Dates come from the computed
schedule (``publicatie``, ``inschrijfdeadline``, ``vragen-deadline``, ``gunningsbeslissing``, ``vooraankondiging``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from tendergen.project import Spec
from tendergen.schedule.timeline import Timeline
from tendergen.spec.unit import Aanbesteding, AwardCriterion, Unit

EU_PROCEDURES = ("openbaar", "niet-openbaar", "sas")


@dataclass(frozen=True)
class PublishedLot:
    """One lot (perceel) as notices and OCDS show it."""

    number: int
    unit: Unit
    lot_id: str | None
    name: str
    description: str
    cpv: tuple[str, ...]
    estimated_value: Decimal | None
    award_criteria: tuple[AwardCriterion, ...]

    @property
    def eforms_id(self) -> str:
        return f"LOT-{self.number:04d}"


@dataclass
class Procurement:
    """One procedure to publish."""

    id: str
    name: str
    procedure: str
    reference: str | None
    units: list[Unit]
    lots: list[PublishedLot]
    dates: dict[str, dt.date] = field(default_factory=dict)

    @property
    def light_regime(self) -> bool:
        return self.procedure == "sas"


def _dates(timeline: Timeline | None, scopes: set[str]) -> dict[str, dt.date]:
    found: dict[str, dt.date] = {}
    if timeline is None:
        return found
    for entry in timeline.milestones:
        if entry.kind == "milestone" and entry.scope in scopes and entry.type not in found:
            found[entry.type] = entry.date
    programme = {e.type: e.date for e in timeline.milestones if e.kind == "milestone" and e.scope_kind == "programme"}
    for kind in ("vooraankondiging",):
        if kind not in found and kind in programme:
            found[kind] = programme[kind]
    return found


def _lots(units: list[Unit]) -> list[PublishedLot]:
    lots: list[PublishedLot] = []
    for unit in units:
        if unit.lots:
            for lot in unit.lots:
                lots.append(
                    PublishedLot(
                        number=len(lots) + 1,
                        unit=unit,
                        lot_id=lot.id,
                        name=f"{unit.name}: {lot.name}",
                        description=lot.description or unit.description,
                        cpv=tuple(unit.cpv),
                        estimated_value=lot.estimated_value,
                        award_criteria=tuple(c for c in unit.award_criteria if not c.lots or lot.id in c.lots),
                    )
                )
        else:
            lots.append(
                PublishedLot(
                    number=len(lots) + 1,
                    unit=unit,
                    lot_id=None,
                    name=unit.name,
                    description=unit.description,
                    cpv=tuple(unit.cpv),
                    estimated_value=unit.estimated_value,
                    award_criteria=tuple(unit.award_criteria),
                )
            )
    return lots


def procurements(spec: Spec, timeline: Timeline | None) -> list[Procurement]:
    """Every procedure of the programme that needs an EU notice, in spec order."""
    found: list[Procurement] = []
    for tender in spec.programme.tenders:
        units = spec.units_of_tender(tender.id)
        if tender.procedure in EU_PROCEDURES and units:
            found.append(
                Procurement(
                    id=tender.id,
                    name=tender.name,
                    procedure=tender.procedure,
                    reference=tender.reference,
                    units=units,
                    lots=_lots(units),
                    dates=_dates(timeline, {tender.id}),
                )
            )
    for unit in spec.units:
        instrument = unit.instrument
        if not isinstance(instrument, Aanbesteding) or instrument.tender is not None:
            continue  # a grouped tender is published as one procedure above
        if instrument.procedure in EU_PROCEDURES:
            found.append(
                Procurement(
                    id=unit.id,
                    name=unit.name,
                    procedure=instrument.procedure or "",
                    reference=None,
                    units=[unit],
                    lots=_lots([unit]),
                    dates=_dates(timeline, {unit.id} | {f"{unit.id}/{lot.id}" for lot in unit.lots}),
                )
            )
    return found
