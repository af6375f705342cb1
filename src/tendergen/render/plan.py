"""What a pack contains: the documents each instrument needs (from the catalogue), their output names and their
render context.

The context is plain data plus the spec's own (frozen) models. The planning table comes in as a
:class:`PlanningView` from one adapter, :func:`planning_rows`, so the templates never depend on how the schedule
is computed; ``None`` means no planning is known and the documents say so in a sentence.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from tendergen import __version__
from tendergen.catalogue import DocumentType, Writer, catalogue
from tendergen.dutch import UnitWords
from tendergen.project import Spec
from tendergen.render.references import legal_context, policy_context
from tendergen.render.templates import FieldRef
from tendergen.schedule import Timeline, gantt_svg, timeline_for
from tendergen.schedule.timeline import Entry
from tendergen.spec import Unit
from tendergen.spec.unit import Aanbesteding, Contractors, Lot


@dataclass(frozen=True)
class PlanningRow:
    """One row of a planning table: a milestone (``end`` None) or a phase."""

    label: str
    date: dt.date
    end: dt.date | None = None
    time: str | None = None
    """Time of day of a deadline (``12:00``)."""
    type: str = ""
    """The milestone type (``inschrijfdeadline`` …), or ``fase`` for a phase."""


@dataclass(frozen=True)
class PlanningView:
    """The planning of one procedure: its table rows and, for the PDF, a Gantt chart (SVG) of the same rows."""

    rows: tuple[PlanningRow, ...]
    chart_svg: str | None = None
    roll_forward: bool = False
    """The schedule applies the Algemene termijnenwet roll-forward (policy.roll_forward)."""

    @property
    def chart_uri(self) -> str | None:
        """The chart as a ``data:`` URI for an ``<img>`` (the only kind of reference besides template files)."""
        if self.chart_svg is None:
            return None
        return "data:image/svg+xml;base64," + base64.b64encode(self.chart_svg.encode("utf-8")).decode("ascii")


Planning = Callable[[Spec, str], "PlanningView | None"]
"""A planning source: the planning of a procedure (tender or unit id) of a spec; tests may pass their own."""


def planning_rows(spec: Spec, scope: str) -> PlanningView | None:
    """The planning of the procedure ``scope`` computed from the programme's schedule file (for callers without a
    loaded :class:`~tendergen.project.Project`); None when there is no schedule."""
    return planning_view(timeline_for(spec), spec, scope)


def timeline_planning(timeline: Timeline | None) -> Planning:
    """A planning source that reads an already computed timeline (the build computes it once per programme)."""

    def planning(spec: Spec, scope: str) -> PlanningView | None:
        return planning_view(timeline, spec, scope)

    return planning


def planning_view(timeline: Timeline | None, spec: Spec, scope: str) -> PlanningView | None:
    """The planning of the procedure ``scope`` (a grouped tender id or a unit id) from the computed timeline.

    None when the programme has no ``schedules/<id>.yaml``. The rows are the entries that concern the procedure
    (programme-wide ones, the tender's, and those of its units and lots) from the first publication on: council
    decisions and market consultation before it are not part of a tender document.
    """
    if timeline is None:
        return None
    entries = _procedure_entries(spec, timeline.milestones, scope)
    if not entries:
        return None
    grouped = scope in {t.id for t in spec.programme.tenders}
    rows = tuple(PlanningRow(_row_label(e, grouped), e.date, e.end, e.time, e.type) for e in entries)
    chart = gantt_svg(timeline, entries=entries, heading=False, fit=True, known_scopes=frozenset({scope}))
    return PlanningView(rows, chart, timeline.roll_forward)


PROCEDURE_MILESTONES = frozenset(
    {"publicatie", "aanmelddeadline", "uitnodiging", "vragen-deadline", "inschrijfdeadline", "gunningsbeslissing"}
)
"""Milestone types that belong to a procurement procedure: without one, the schedule does not plan it yet."""

GOVERNANCE_MILESTONES = frozenset({"besluit-college", "besluit-raad", "advies", "marktconsultatie"})
"""Programme-wide decisions and consultations: they concern the programme's other documents, not a tender's
planning table."""


def _procedure_entries(spec: Spec, entries: list[Entry], scope: str) -> list[Entry]:
    units = {u.id for u in spec.units_of_tender(scope)} or {scope}

    def concerns(entry: Entry) -> bool:
        if entry.scope_kind == "programme":
            return True
        if entry.scope_kind == "tender":
            return entry.scope == scope
        return entry.scope.split("/", 1)[0] in units

    relevant = [e for e in entries if concerns(e)]
    if not any(e.kind == "milestone" and e.type in PROCEDURE_MILESTONES for e in relevant):
        return []  # no dates of this procedure yet: the documents say so instead of showing the programme's
    relevant = [e for e in relevant if not (e.scope_kind == "programme" and e.type in GOVERNANCE_MILESTONES)]
    published = [e.date for e in relevant if e.type == "publicatie"]
    if not published:
        return relevant
    first = min(published)
    return [e for e in relevant if (e.end or e.date) >= first]


def _row_label(entry: Entry, grouped: bool) -> str:
    if grouped and entry.scope_kind in ("unit", "lot"):
        return f"{entry.label} ({entry.scope_label})"
    return entry.label


@dataclass(frozen=True)
class TenderView:
    """One procedure as the leidraad describes it: a grouped tender or a unit tendered on its own."""

    id: str
    name: str
    procedure: str
    reference: str | None
    grouped: bool
    estimated_value: Decimal | None
    lots: tuple[Lot, ...] = ()
    """The lots of a grouped tender (each covers every unit of it); empty when the lots, if any, are the unit's."""
    contractors: Contractors | None = None
    """The contractor model of the procedure (the grouped tender's, or the unit's own `instrument.contractors`)."""


@dataclass(frozen=True)
class PlannedDocument:
    """One document of the pack, before rendering."""

    name: str
    doc: DocumentType
    unit_ids: tuple[str, ...]
    tender_id: str | None
    group: str
    lot_id: str | None = None
    """The lot of a grouped tender this copy is for (documents the catalogue marks ``per_lot``)."""
    lot_name: str | None = None

    @property
    def title(self) -> str:
        """The document's title, with the lot it is for."""
        return f"{self.doc.title}, perceel {self.lot_name}" if self.lot_name else self.doc.title


PROGRAMME_GROUP = "Programma"


def plan_documents(spec: Spec, writers: tuple[Writer, ...] = ("html",)) -> list[PlannedDocument]:
    """Every document of ``writers`` in the programme's pack (by default the catalogue's ``html`` documents), in a
    fixed order: per unit its instrument's documents, per grouped tender the documents of a procedure, then the
    programme's. A document that needs a price criterion (the prijzenblad) is planned only for units that have
    one; a document the catalogue marks ``per_lot`` (the contract) is planned once per lot when the unit's
    grouped tender has lots, so that each copy states only that lot's terms."""
    cat = catalogue()
    planned: list[PlannedDocument] = []
    term = spec.programme.unit_term.capitalize()
    from tendergen.standard.context import replaced_documents, standard_documents  # issue 15

    for unit in spec.units:
        group = f"{term} {unit.name}"
        replaced = replaced_documents(spec, unit)
        for doc in standard_documents(spec, unit) if "standard" in writers else ():
            planned.append(PlannedDocument(f"units/{unit.id}/{unit.id}-{doc.key}", doc, (unit.id,), None, group))
        for doc in cat.documents_of(unit.instrument.kind):
            if doc.writer not in writers or doc.key in replaced:
                continue
            if doc.scope == "procedure" and _grouped_tender(unit) is not None:
                continue  # the grouped tender's copy covers this unit
            if "price" in doc.needs and not unit.price_criteria:
                continue
            tender_lots = _tender_lots(spec, unit) if doc.per_lot else ()
            for lot in tender_lots:
                name = f"units/{unit.id}/{unit.id}-{lot.id}-{doc.key}"
                planned.append(PlannedDocument(name, doc, (unit.id,), None, group, lot.id, lot.name))
            if not tender_lots:
                name = f"units/{unit.id}/{unit.id}-{doc.key}"
                planned.append(PlannedDocument(name, doc, (unit.id,), None, group))
    # A grouped tender is a procurement procedure: it gets the procedure documents of the procurement instruments.
    procedures = (d for i in cat.instruments.values() if i.procurement for d in cat.documents_of(i.kind))
    tender_docs = list(dict.fromkeys(d for d in procedures if d.scope == "procedure" and d.writer in writers))
    for tender in spec.programme.tenders:
        units = tuple(u.id for u in spec.units_of_tender(tender.id))
        every = [replaced_documents(spec, spec.unit(u)) for u in units]
        for doc in tender_docs if units else ():
            if every and all(doc.key in r for r in every):
                continue  # every unit of the tender gets the contract standard's inkoopdocument instead
            name = f"tenders/{tender.id}/{tender.id}-{doc.key}"
            planned.append(PlannedDocument(name, doc, units, tender.id, tender.name))
    all_units = tuple(u.id for u in spec.units)
    for doc in (d for d in cat.programme_documents() if d.writer in writers):
        planned.append(PlannedDocument(doc.key, doc, all_units, None, PROGRAMME_GROUP))
    return planned


def _grouped_tender(unit: Unit) -> str | None:
    return unit.instrument.tender if isinstance(unit.instrument, Aanbesteding) else None


def _tender_lots(spec: Spec, unit: Unit) -> tuple[Lot, ...]:
    tender = spec.programme.tender_of(unit)
    return tuple(tender.lots) if tender is not None else ()


def unit_word_context(words: UnitWords) -> dict[str, str]:
    """The template names of the programme's unit word: ``unit_word`` (segment), ``unit_words`` (segmenten),
    their capitalised forms, ``the_unit`` (het segment), ``this_unit`` (dit segment), ``whole_unit`` (het gehele
    segment). The article is data (``data/render/unit-terms.yaml`` or the programme's ``unit_article``)."""
    return {
        "unit_word": words.word,
        "Unit_word": words.word.capitalize(),
        "unit_words": words.plural,
        "Unit_words": words.plural.capitalize(),
        "the_unit": words.the,
        "this_unit": words.this,
        "whole_unit": words.whole,
    }


def build_context(
    spec: Spec,
    planned: PlannedDocument,
    planning: Planning,
    timestamp: dt.datetime,
    *,
    legal_date: dt.date | None = None,
) -> tuple[dict[str, Any], dict[str, FieldRef]]:
    """The template context of one document and the spec origin of its roots (for error messages).

    ``legal_date`` is the date whose legal citations apply (default: the programme's document date); the review
    reads an old revision under the new version and date but with the law of its own date.
    """
    programme = spec.programme
    units = [spec.unit(u) for u in planned.unit_ids]
    cat = catalogue()
    context: dict[str, Any] = {
        "programme": programme,
        "units": units,
        "doc": {
            "key": planned.doc.key,
            "title": planned.title,
            "short": planned.doc.short,
            "name": planned.name,
        },
        **unit_word_context(programme.words),
        "legal": legal_context(legal_date or programme.document_date),
        "instruments": cat.instruments,
        "parted": spec.parted,
        "part_of": {view.unit_id: whole for whole in spec.parted for view in whole.parts},
        "policy": policy_context(),
        "build": {
            "date": programme.document_date,
            "timestamp": timestamp.isoformat(),
            "generator": f"tendergen {__version__}",
        },
    }
    roots: dict[str, FieldRef] = {"programme": FieldRef("programme", ())}
    if planned.doc.scope != "programme" and len(units) == 1 and planned.tender_id is None:
        unit = units[0]
        context["unit"] = unit
        roots["unit"] = FieldRef(f"unit:{unit.id}", ())
        context["tender"] = _tender_of(spec, unit)
        context["lot"] = next((lot for lot in _tender_lots(spec, unit) if lot.id == planned.lot_id), None)
    if planned.tender_id is not None:
        index = [t.id for t in programme.tenders].index(planned.tender_id)
        tender = programme.tenders[index]
        context["tender"] = TenderView(
            tender.id,
            tender.name,
            tender.procedure,
            tender.reference,
            True,
            _total(units),
            tuple(tender.lots),
            tender.contractors,
        )
    if "planning" in planned.doc.needs:
        context["planning"] = planning(spec, context["tender"].id)
    context["returns"] = returned_documents(units)
    context["forms"] = returned_documents(units, ("bid", "questions"))
    return context, roots


def returned_documents(units: list[Unit], returned: tuple[str, ...] = ("bid",)) -> list[dict[str, Any]]:
    """What a bidder returns for these units (by default with the bid): every form of their instruments whose
    ``returned`` is in ``returned``, in catalogue order, with its formats and, for a form that only some units get
    (the prijzenblad), the names of those units."""
    cat = catalogue()
    found: dict[str, dict[str, Any]] = {}
    for unit in units:
        for doc in cat.documents_of(unit.instrument.kind):
            if doc.returned not in returned or ("price" in doc.needs and not unit.price_criteria):
                continue
            item = found.setdefault(
                doc.key, {"key": doc.key, "title": doc.title, "formats": list(doc.formats), "units": []}
            )
            if doc.scope == "unit" and "price" in doc.needs:
                item["units"].append(unit.name)
    if len(units) == 1:
        for item in found.values():
            item["units"] = []
    return list(found.values())


def _tender_of(spec: Spec, unit: Unit) -> TenderView | None:
    instrument = unit.instrument
    if not isinstance(instrument, Aanbesteding):
        return None
    if instrument.tender is not None:
        tender = next(t for t in spec.programme.tenders if t.id == instrument.tender)
        grouped = spec.units_of_tender(tender.id)
        total = _total(grouped)
        lots = tuple(tender.lots)
        # a unit's own contractor model refines the tender's for its own documents (a lumpsum segment has one)
        contractors = instrument.contractors or tender.contractors
        return TenderView(tender.id, tender.name, tender.procedure, tender.reference, True, total, lots, contractors)
    name = f"{spec.programme.unit_term.capitalize()} {unit.name}"
    procedure = instrument.procedure or ""
    return TenderView(unit.id, name, procedure, None, False, unit.estimated_value, (), instrument.contractors)


def _total(units: list[Unit]) -> Decimal | None:
    values = [u.estimated_value for u in units]
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def context_digest(context: dict[str, Any]) -> str:
    """SHA-256 of a context in canonical JSON (models, dataclasses, dates and decimals included)."""
    text = json.dumps(context, sort_keys=True, default=_jsonable, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _jsonable(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dt.date | Decimal):
        return str(value)
    raise TypeError(f"cannot hash {type(value).__name__}")
