"""Which units use a contract standard, which of its documents they get, and the context its rules are evaluated
in (the unit and programme models plus a few derived values), in the same sandboxed environment as the templates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jinja2 import Undefined
from jinja2.exceptions import TemplateError

from tendergen.catalogue import DocumentType, catalogue
from tendergen.project import Spec
from tendergen.render.formatting import term_end
from tendergen.render.plan import PlanningView
from tendergen.render.templates import (
    FieldRef,
    MissingField,
    RenderBudget,
    TemplateSet,
    environment,
    index_fields,
)
from tendergen.spec import Unit
from tendergen.spec.standard import ContractClauses, ContractStandard
from tendergen.spec.unit import Aanbesteding, OpenHouse, contractors_of
from tendergen.standard.fill import Unfilled

INKOOPDOCUMENT = "contractstandaard-inkoopdocument"
OVEREENKOMST = "contractstandaard-overeenkomst"
"""Catalogue keys of the two documents made from the standard."""

STANDARD_NAMES = {"wmo": "Contractstandaard Wmo"}
"""Dutch names of the standards the model knows (for the warning; the profile has the full data)."""


def effective_standard(spec: Spec, unit: Unit) -> tuple[ContractStandard | None, str]:
    """The standard entry that applies to ``unit`` (its own, else the programme's) and where it is given
    (``unit`` or ``programme``)."""
    if unit.contract_standard is not None:
        return unit.contract_standard, "unit"
    return spec.programme.contract_standard, "programme"


def effective_clauses(spec: Spec, unit: Unit) -> ContractClauses:
    return unit.contract_clauses or spec.programme.contract_clauses or ContractClauses()


def procedure_of(spec: Spec, unit: Unit) -> str | None:
    """The tender procedure that buys ``unit`` (its own or its grouped tender's); None for other instruments."""
    instrument = unit.instrument
    if not isinstance(instrument, Aanbesteding):
        return None
    if instrument.procedure is not None:
        return instrument.procedure
    tender = next((t for t in spec.programme.tenders if t.id == instrument.tender), None)
    return tender.procedure if tender is not None else None


def admission(unit: Unit) -> bool:
    """The unit is bought through an admission procedure (open house)."""
    return isinstance(unit.instrument, OpenHouse)


def wmo_maatwerk(spec: Spec, unit: Unit) -> bool:
    """A Wmo unit bought through a procedure for social and other specific services or through admission: the
    Contractstandaard Wmo is meant for it."""
    return "wmo" in unit.domains and (procedure_of(spec, unit) == "sas" or admission(unit))


def uses_standard(spec: Spec, unit: Unit) -> bool:
    """The unit's documents are made from the contract standard."""
    standard, _where = effective_standard(spec, unit)
    if standard is None or not standard.applies or standard.name not in unit.domains:
        return False
    return procedure_of(spec, unit) == "sas" or admission(unit)


def variant_of(unit: Unit) -> str:
    """The inkoopdocument variant of the profile that fits the unit."""
    if admission(unit):
        return "inkoopdocument-toelating"
    return "inkoopdocument-emvi" if unit.award_criteria else "inkoopdocument-zonder-emvi"


def replaced_documents(spec: Spec, unit: Unit) -> frozenset[str]:
    """tendergen's own documents of ``unit`` that the standard's documents replace (a grouped tender's leidraad
    is replaced only when every unit of the tender uses the standard)."""
    if not uses_standard(spec, unit):
        return frozenset()
    cat = catalogue()
    replaced = {
        key for doc in (INKOOPDOCUMENT, OVEREENKOMST) if doc in cat.documents for key in cat.document(doc).replaces
    }
    instrument = unit.instrument
    tender = instrument.tender if isinstance(instrument, Aanbesteding) else None
    if tender is not None and not all(uses_standard(spec, other) for other in spec.units_of_tender(tender)):
        replaced = {key for key in replaced if cat.document(key).scope != "procedure"}
    return frozenset(replaced)


def standard_documents(spec: Spec, unit: Unit) -> tuple[DocumentType, ...]:
    """The catalogue's documents of the contract standard that ``unit`` gets (none when it does not use it)."""
    if not uses_standard(spec, unit):
        return ()
    cat = catalogue()
    return tuple(d for d in cat.documents.values() if d.writer == "standard")


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    time: str | None


class Deadlines(dict[str, Deadline]):
    """The first milestone of each type in the planning of the unit's procedure; a type the schedule lacks is a
    missing field whose message names the schedule."""

    def __init__(self, found: dict[str, Deadline], schedule: str) -> None:
        super().__init__(found)
        self.schedule = schedule

    def __getattr__(self, name: str) -> object:
        if name in self:
            return self[name]
        if name.startswith("_"):
            raise AttributeError(name)
        hint = f"the planning of this procedure has no `{name}` milestone (schedules/{self.schedule}.yaml)"
        return MissingField(hint, self, name, None)


@dataclass
class UnitResolver:
    """Evaluates the profile's expressions for one unit (see :class:`tendergen.standard.fill.Resolver`)."""

    spec: Spec
    unit: Unit
    templates: TemplateSet
    planning: PlanningView | None
    document: str
    context: dict[str, Any] = field(init=False)
    roots: dict[str, FieldRef] = field(init=False)
    standard: ContractStandard = field(init=False)
    where: str = field(init=False)

    def __post_init__(self) -> None:
        standard, where = effective_standard(self.spec, self.unit)
        assert standard is not None
        self.standard, self.where = standard, where
        spec, unit = self.spec, self.unit
        programme = spec.programme
        term = unit.term
        start = term.start if term and term.start else programme.contract_start
        end = term_end(start, term.initial_years) if term else None
        extensions = list(term.extensions_years) if term else []
        same = extensions and all(e == extensions[0] for e in extensions)
        months = int(extensions[0] * 12) if same and (extensions[0] * 12) % 1 == 0 else None
        last = term_end(start, term.max_years) if term else None
        deadlines: dict[str, Deadline] = {}
        for row in self.planning.rows if self.planning else ():
            if row.end is None and row.type and row.type not in deadlines:
                deadlines[row.type] = Deadline(row.date, row.time)
        instrument = unit.instrument
        tender = next(
            (t for t in programme.tenders if isinstance(instrument, Aanbesteding) and t.id == instrument.tender),
            None,
        )
        lots = list(tender.lots if tender else unit.lots)
        upper = tender.contractors if tender else getattr(instrument, "contractors", None)
        models = [contractors_of(lot.contractors, upper) for lot in lots] or [contractors_of(upper)]
        contractors = [1 if m.number == "een" else m.maximum for m in models]
        self.context = {
            "programme": programme,
            "unit": unit,
            "tender": tender,
            "instruments": catalogue().instruments,
            "clauses": effective_clauses(spec, unit),
            "procedure": procedure_of(spec, unit),
            "admission": admission(unit),
            "emvi": bool(unit.award_criteria),
            "funding_form": unit.funding.form if unit.funding is not None else None,
            "start": start,
            "end": end,
            "last_end": last,
            "years": f"{start.year} - {last.year if last else start.year}",
            "extension_months": months,
            "extension_count": len(extensions),
            "deadline": Deadlines(deadlines, programme.id),
            "contractors": contractors[0] if len(set(contractors)) == 1 else None,
            "lots": lots,
            "award_method": _award_method(unit),
            "award_lines": _award_lines(unit),
            "values": {
                **(programme.contract_standard.values if programme.contract_standard else {}),
                **self.standard.values,
            },
            "document": self.document,
        }
        self.roots = {"programme": FieldRef("programme", ()), "unit": FieldRef(f"unit:{unit.id}", ())}

    def evaluate(self, expression: str) -> object:
        env = environment(self.templates)
        env.refs = index_fields(self.context, self.roots)
        env.budget = RenderBudget()  # each expression has the budget of a whole document
        try:
            value = env.compile_expression(expression, undefined_to_none=False)(**self.context)
            if isinstance(value, Undefined):
                str(value)  # raises with the missing field's hint
        except TemplateError as exc:
            raise Unfilled(f"{exc.message or exc}") from None
        finally:
            env.refs = {}
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return value

    def value(self, key: str) -> str | None:
        """The unit's value, else the programme's (a unit's values add to the programme's)."""
        if key in self.standard.values:
            return self.standard.values[key]
        programme = self.spec.programme.contract_standard
        if programme is not None and programme.name == self.standard.name:
            return programme.values.get(key)
        return None

    def value_field(self, key: str) -> str:
        return f"contract_standard.values.{key}"


def _award_method(unit: Unit) -> str | None:
    """Our sentence on how the award criteria are scored and weighed (None without award criteria)."""
    from tendergen.dutch import join_nl

    if not unit.award_criteria:
        return None
    weights = join_nl([f"{c.id} {c.name} ({format(c.weight.normalize(), 'f')}%)" for c in unit.award_criteria])
    return (
        "de beoordelingscommissie scoort elk gunningscriterium afzonderlijk en weegt de scores met de weging van "
        f"het criterium: {weights}"
    )


def _award_lines(unit: Unit) -> list[str]:
    """One line per award criterion: id, name, weight and (for quality) the question the bidder answers."""
    lines = []
    for c in unit.award_criteria:
        line = f"{c.id} {c.name}: weging {format(c.weight.normalize(), 'f')}%"
        if c.question:
            line += f". Vraag: {c.question}"
        if c.max_pages:
            line += f" (maximaal {c.max_pages} pagina's)"
        lines.append(line)
    return lines
