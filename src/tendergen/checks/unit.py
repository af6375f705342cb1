"""Checks within one unit, and of a unit against its programme and the legal data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from tendergen.catalogue import catalogue
from tendergen.checks.standard import check_contract_standard
from tendergen.errors import Problem
from tendergen.legal import (
    THRESHOLD_LABELS,
    framework_term_rule,
    is_social_service,
    threshold_period,
    threshold_table,
)
from tendergen.parts import PartDocument
from tendergen.spec.unit import (
    Aanbesteding,
    Contractors,
    Funding,
    Inspanningsgericht,
    OpenHouse,
    Outputgericht,
    Subsidie,
    Taakgericht,
    Unit,
    contractors_of,
)

if TYPE_CHECKING:
    from tendergen.project import Spec

BELOW_THRESHOLD = ("meervoudig-onderhands", "enkelvoudig-onderhands")


def fmt_years(value: Decimal) -> str:
    return f"{value.normalize():f}"


def fmt_eur(value: Decimal) -> str:
    return f"EUR {value:,.2f}"


def check_file_name(spec: Spec, unit: Unit) -> Iterator[Problem]:
    doc = spec.unit_docs[unit.id]
    stem = Path(doc.file).stem
    if isinstance(doc, PartDocument):  # a part: the unit's own id must equal the file name (reported once)
        if doc.index == 0 and doc.unit_id != stem:
            yield Problem(doc.file, *doc.values.get(("id",), (1, 1)), "id", _file_name(doc.unit_id, stem))
        return
    if stem != unit.id:
        yield doc.problem(("id",), _file_name(unit.id, stem))


def _file_name(unit_id: str, stem: str) -> str:
    return f"unit id `{unit_id}` must equal the file name `{stem}`"


def check_award_criteria(spec: Spec, unit: Unit) -> Iterator[Problem]:
    doc = spec.unit_docs[unit.id]
    criteria = unit.award_criteria
    is_tender = isinstance(unit.instrument, Aanbesteding)
    if criteria and not is_tender:
        yield doc.problem(
            ("award_criteria",),
            f"award criteria apply only to an aanbesteding, not to {unit.instrument.kind}",
        )
        return
    if is_tender and not criteria:
        yield doc.problem(("award_criteria",), "a tender needs award criteria with weights that sum to 100", key=True)
        return
    yield from _duplicates(doc, "award_criteria", [c.id for c in criteria], "award criterion id")
    if any(c.lots for c in criteria):
        yield from _weights_per_lot(spec, unit)
        return
    total = sum((c.weight for c in criteria), Decimal(0))
    if criteria and total != 100:
        yield doc.problem(
            ("award_criteria",),
            f"award criterion weights sum to {total.normalize():f}; they must sum to 100",
            key=True,
        )


def lot_ids(spec: Spec, unit: Unit) -> list[str]:
    """The ids of the lots a unit is tendered in: its own, or those of its grouped tender."""
    return [lot.id for lot in spec.programme.lots_of(unit)]


def _weights_per_lot(spec: Spec, unit: Unit) -> Iterator[Problem]:
    doc = spec.unit_docs[unit.id]
    for lot in lot_ids(spec, unit):
        applying = [c for c in unit.award_criteria if not c.lots or lot in c.lots]
        total = sum((c.weight for c in applying), Decimal(0))
        if total != 100:
            names = ", ".join(f"`{c.id}` {c.weight.normalize():f}" for c in applying) or "none"
            message = (
                f"the award criteria of lot `{lot}` ({names}) weigh {total.normalize():f} together; per lot the "
                "weights of the criteria that apply to it must sum to 100"
            )
            yield doc.problem(("award_criteria",), message, key=True)


def check_row_lots(spec: Spec, unit: Unit) -> Iterator[Problem]:
    """Lot ids on tariffs, arrangements and award criteria name lots of the unit; a lot scored on price has
    something to price."""
    doc = spec.unit_docs[unit.id]
    known = lot_ids(spec, unit)
    funding = unit.funding
    rows: list[tuple[tuple[str | int, ...], list[str], str]] = []
    if isinstance(funding, Inspanningsgericht):
        rows = [(("funding", "tariffs", i), t.lots, t.price_basis) for i, t in enumerate(funding.tariffs)]
    elif isinstance(funding, Outputgericht):
        rows = [(("funding", "arrangements", i), a.lots, a.price_basis) for i, a in enumerate(funding.arrangements)]
    owners = [*rows, *((("award_criteria", i), c.lots, c.kind) for i, c in enumerate(unit.award_criteria))]
    for path, lots, _ in owners:
        for position, lot in enumerate(lots):
            if lot not in known:
                listed = ", ".join(f"`{k}`" for k in known) or "none: the unit has no lots"
                yield doc.problem((*path, "lots", position), f"unknown lot `{lot}` (lots of this unit: {listed})")
    if not any(lots for _, lots, _ in rows):
        return
    for lot in known:
        priced = any(c.kind != "kwaliteit" and (not c.lots or lot in c.lots) for c in unit.award_criteria)
        offered = [p for p, lots, basis in rows if basis == "maximum" and (not lots or lot in lots)]
        if priced and not offered:
            message = (
                f"lot `{lot}` is scored on price, but no tariff or arrangement with price_basis: maximum belongs to "
                "it; give the lot its rows (`lots:`) or leave price out of its criteria"
            )
            yield doc.problem(("funding",), message, key=True)


def check_requirements(spec: Spec, unit: Unit) -> Iterator[Problem]:
    doc = spec.unit_docs[unit.id]
    criteria = {c.id for c in unit.award_criteria}
    for index, req in enumerate(unit.quality):
        path = ("quality", index)
        if req.kind == "eis" and req.weight is not None:
            yield doc.problem((*path, "weight"), f"`{req.id}` is a knock-out eis and cannot carry a weight")
        if req.kind == "kpi" and (req.target is None or req.frequency is None):
            missing = " and ".join(n for n in ("target", "frequency") if getattr(req, n) is None)
            yield doc.problem(path, f"KPI `{req.id}` needs a {missing}")
        if req.criterion is not None and req.criterion not in criteria:
            yield doc.problem((*path, "criterion"), f"`{req.criterion}` is not an award criterion of this unit")


def check_price_criteria(spec: Spec, unit: Unit) -> Iterator[Problem]:
    """Price as an award criterion needs something to price: a tariff, arrangement or lumpsum whose price is a
    maximum bidders offer against (``price_basis: maximum``), each tariff or arrangement with its reference
    volume (fictief volume) for the weighted price."""
    doc = spec.unit_docs[unit.id]
    funding = unit.funding
    for index, criterion in enumerate(unit.award_criteria):
        if criterion.kind == "kwaliteit":
            continue
        rows, where = _priced_rows(unit)
        if funding is None or not rows:
            return  # a tender without funding, tariffs, arrangements or lumpsum is reported by check_funding
        if not any(basis == "maximum" for basis, _ in rows):
            line, _ = doc.locate(("funding", *where), key=True)
            place = f"`funding.{'.'.join(where)}` (line {line})"
            yield doc.problem(
                ("award_criteria", index),
                f"price criterion `{criterion.id}` scores an offered price, but {place} fixes every price "
                "(price_basis: vast); set price_basis: maximum where bidders offer a price at or below it, "
                "or drop the price criterion",
            )
            continue
        for position, (basis, volume) in enumerate(rows):
            if basis == "maximum" and volume is None and where != ("lumpsum",):
                yield doc.problem(
                    ("funding", *where, position),
                    f"price criterion `{criterion.id}` weighs offered prices by reference volumes; this "
                    "row needs a reference_volume (fictief volume per year)",
                    key=True,
                )
        return


def _priced_rows(unit: Unit) -> tuple[list[tuple[str, Decimal | None]], tuple[str, ...]]:
    funding = unit.funding
    if isinstance(funding, Inspanningsgericht):
        return [(t.price_basis, t.reference_volume) for t in funding.tariffs], ("tariffs",)
    if isinstance(funding, Outputgericht):
        return [(a.price_basis, a.reference_volume) for a in funding.arrangements], ("arrangements",)
    if isinstance(funding, Taakgericht) and funding.lumpsum is not None:
        return [(funding.lumpsum.price_basis, Decimal(1))], ("lumpsum",)
    return [], ()


def check_questions(spec: Spec, unit: Unit) -> Iterator[Problem]:
    """Every quality criterion asks a question (a criterion that is a title only is a transparency risk)."""
    doc = spec.unit_docs[unit.id]
    scale = [step.score for step in unit.assessment.scale] if unit.assessment else []
    for index, criterion in enumerate(unit.award_criteria):
        if criterion.kind != "kwaliteit":
            continue
        if criterion.question is None:
            yield doc.problem(
                ("award_criteria", index),
                f"quality criterion `{criterion.id}` has no question: bidders cannot tell what is assessed "
                "(add question, aspects and max_pages)",
                severity="warning",
            )
        if criterion.min_score is not None and scale and criterion.min_score not in scale:
            yield doc.problem(
                ("award_criteria", index, "min_score"),
                f"minimum score {criterion.min_score} is not a step of the scale ({', '.join(map(str, scale))})",
            )
    if unit.assessment:
        scores = [step.score for step in unit.assessment.scale]
        if scores != sorted(set(scores)):
            yield doc.problem(("assessment", "scale"), "scale steps must rise, lowest score first, without repeats")


def check_subcontracting(spec: Spec, unit: Unit) -> Iterator[Problem]:
    sub = unit.subcontracting
    if sub and sub.min_share_small_local_pct and not sub.main_contractor:
        path = ("subcontracting", "min_share_small_local_pct")
        yield spec.unit_docs[unit.id].problem(
            path, "a subcontracting quota needs a main contractor (main_contractor: true)"
        )


def check_term(spec: Spec, unit: Unit) -> Iterator[Problem]:
    doc = spec.unit_docs[unit.id]
    term = unit.term
    if term is None:
        if catalogue().instrument(unit.instrument.kind).contract:
            yield doc.problem(("term",), f"an {unit.instrument.kind} needs a contract term", key=True)
        return
    total = term.initial_years + sum(term.extensions_years, Decimal(0))
    if term.initial_years > term.max_years:
        yield doc.problem(
            ("term", "initial_years"),
            f"initial term {fmt_years(term.initial_years)} years exceeds max_years {fmt_years(term.max_years)}",
        )
    elif total > term.max_years:
        parts = " + ".join(fmt_years(y) for y in (term.initial_years, *term.extensions_years))
        limit = fmt_years(term.max_years)
        message = f"initial term and extensions ({parts} = {fmt_years(total)} years) exceed max_years {limit}"
        yield doc.problem(("term", "extensions_years"), message)


def check_funding(spec: Spec, unit: Unit) -> Iterator[Problem]:
    doc = spec.unit_docs[unit.id]
    funding = unit.funding
    if funding is None:
        if catalogue().instrument(unit.instrument.kind).funding_required:
            yield doc.problem(("funding",), f"an {unit.instrument.kind} needs a funding form", key=True)
        return
    if isinstance(funding, Inspanningsgericht):
        if not funding.tariffs:
            yield doc.problem(
                ("funding", "tariffs"),
                "inspanningsgericht funding needs at least one tariff with its unit",
                key=True,
            )
        yield from _duplicates(doc, "funding.tariffs", [t.id for t in funding.tariffs], "tariff id")
    if isinstance(funding, Outputgericht):
        if not funding.arrangements:
            yield doc.problem(
                ("funding", "arrangements"),
                "outputgericht funding needs at least one arrangement with its price",
                key=True,
            )
        yield from _duplicates(doc, "funding.arrangements", [a.id for a in funding.arrangements], "arrangement id")
    if isinstance(funding, Taakgericht) and funding.lumpsum is None:
        yield doc.problem(
            ("funding", "lumpsum"),
            "taakgericht funding needs a lumpsum with an amount and a period (per)",
            key=True,
        )
    volume = funding.volume
    if volume and volume.min is not None and volume.max is not None and volume.min > volume.max:
        yield doc.problem(
            ("funding", "volume", "min"), f"volume minimum {volume.min} is above the maximum {volume.max}"
        )
    if volume and volume.min is None and volume.max is None:
        message = f"a volume agreement on `{volume.unit}` needs a minimum (`min`), a maximum (`max`) or both"
        yield doc.problem(("funding", "volume"), message, key=True)
    yearly = funding.yearly_budget
    for name in ("budgets_per_municipality", "budgets_per_lot"):
        budgets: dict[str, Decimal] = getattr(funding, name)
        total = sum(budgets.values(), Decimal(0))
        if budgets and yearly is not None and total != yearly:
            message = f"{name} sum to {fmt_eur(total)} a year, but the yearly budget is {_yearly_parts(funding)}"
            yield doc.problem(("funding", name), message, key=True)
    lots = {lot.id for lot in unit.lots}
    for lot_id in funding.budgets_per_lot:
        if lot_id not in lots:
            yield doc.problem(("funding", "budgets_per_lot", lot_id), f"`{lot_id}` is not a lot of this unit", key=True)
    members = spec.programme.authority.members
    for name in funding.budgets_per_municipality:
        if name not in members:
            yield doc.problem(("funding", "budgets_per_municipality", name), _not_member(name, members), key=True)
    for name in funding.distribution_key:
        if name not in members:
            yield doc.problem(("funding", "distribution_key", name), _not_member(name, members), key=True)
    total = sum(funding.distribution_key.values(), Decimal(0))
    if funding.distribution_key and total != 100:
        message = f"distribution key shares sum to {total.normalize():f}; they must sum to 100"
        yield doc.problem(("funding", "distribution_key"), message, key=True)


def _yearly_parts(funding: Funding) -> str:
    parts = []
    if isinstance(funding, Taakgericht) and funding.lumpsum is not None and funding.lumpsum.per == "jaar":
        parts.append(f"the lumpsum {fmt_eur(funding.lumpsum.amount)}")
    if funding.availability is not None and funding.availability.amount is not None:
        parts.append(f"the availability fee {fmt_eur(funding.availability.amount)}")
    total = funding.yearly_budget or Decimal(0)
    return " + ".join(parts) + (f" = {fmt_eur(total)}" if len(parts) > 1 else "")


def check_dates(spec: Spec, unit: Unit) -> Iterator[Problem]:
    """A contract cannot start before the documents that offer it are dated."""
    term = unit.term
    date = spec.programme.document_date
    if term is not None and term.start is not None and term.start < date:
        message = f"term start {term.start} is before the programme's document_date {date}"
        yield spec.unit_docs[unit.id].problem(("term", "start"), message)


def check_admission(spec: Spec, unit: Unit) -> Iterator[Problem]:
    """Periodic admission: no moment (or its application deadline, ``decision_weeks`` before it) before the
    admission document is dated (no one could apply), a moment by the start of the services, and moments until
    the last year of the term, since the documents promise entry during the whole term."""
    instrument = unit.instrument
    if not isinstance(instrument, OpenHouse) or not instrument.admission_moments:
        return
    doc = spec.unit_docs[unit.id]
    date = spec.programme.document_date
    weeks = instrument.decision_weeks
    for index, moment in enumerate(instrument.admission_moments):
        if moment < date:
            message = f"admission moment {moment} lies before the document date {date}; no provider can apply for it"
            yield doc.problem(("instrument", "admission_moments", index), message)
        elif weeks is not None and (due := moment - dt.timedelta(weeks=weeks)) < date:
            message = (
                f"admission moment {moment}: an application is due {weeks} weeks before it (decision_weeks), on "
                f"{due}, which lies before the document date {date}; no provider can apply for it in time"
            )
            yield doc.problem(("instrument", "admission_moments", index), message)
    start = unit.term.start if unit.term is not None and unit.term.start else spec.programme.contract_start
    if min(instrument.admission_moments) > start:
        message = (
            f"the first admission moment ({min(instrument.admission_moments)}) lies after the start of the services "
            f"({start}); no provider is admitted when the services start: add a moment on or before {start}"
        )
        yield doc.problem(("instrument", "admission_moments"), message, severity="warning")
    if unit.term is None:
        return
    months = int(unit.term.max_years * 12)
    year, month = divmod(start.month - 1 + months, 12)
    end = dt.date(start.year + year, month + 1, min(start.day, 28))
    last = max(instrument.admission_moments)
    if (end - last).days > 366:
        message = (
            f"the last admission moment ({last}) is more than a year before the term ends ({end}, "
            f"{fmt_years(unit.term.max_years)} years from {start}), while the documents promise entry during the "
            "whole term; add admission moments"
        )
        yield doc.problem(("instrument", "admission_moments"), message, severity="warning")


def check_lots(spec: Spec, unit: Unit) -> Iterator[Problem]:
    doc = spec.unit_docs[unit.id]
    instrument = unit.instrument
    tender = next(
        (t for t in spec.programme.tenders if isinstance(instrument, Aanbesteding) and t.id == instrument.tender), None
    )
    lotted = bool(unit.lots) or (tender is not None and bool(tender.lots))
    if unit.no_lots_reason is not None and (lotted or not isinstance(instrument, Aanbesteding)):
        what = "has lots" if lotted else f"is not tendered ({instrument.kind})"
        yield doc.problem(("no_lots_reason",), f"no_lots_reason applies to a tender without lots; this unit {what}")
    social = any(is_social_service(code) for code in unit.cpv)
    if isinstance(instrument, Aanbesteding) and not lotted and unit.no_lots_reason is None and not social:
        message = (
            "a tender without lots motivates why (Aw 2012 art. 1.5 lid 3); the house motivation (care continuity, "
            "one contact per client) fits social services only, and no CPV code of this unit is one: give "
            "no_lots_reason"
        )
        yield doc.problem(("lots",), message, key=True)
    yield from _duplicates(doc, "lots", [lot.id for lot in unit.lots], "lot id")
    members = spec.programme.authority.members
    for index, lot in enumerate(unit.lots):
        if len(unit.lots) > 1 and lot.description is None:  # the lot table would have an empty cell
            message = (
                f"lot `{lot.id}` has no description; with several lots the documents must say what each covers "
                "(give description)"
            )
            yield doc.problem(("lots", index), message)
        for position, name in enumerate(lot.municipalities):
            if name not in members:
                yield doc.problem(("lots", index, "municipalities", position), _not_member(name, members))


def check_instrument(spec: Spec, unit: Unit) -> Iterator[Problem]:
    doc = spec.unit_docs[unit.id]
    instrument = unit.instrument
    if isinstance(instrument, Aanbesteding):
        yield from _check_tender(spec, unit, instrument)
    if isinstance(instrument, OpenHouse) and instrument.admission == "periodiek" and not instrument.admission_moments:
        yield doc.problem(
            ("instrument", "admission_moments"),
            "periodiek admission needs at least one admission moment",
            key=True,
        )
    if isinstance(instrument, Subsidie) and instrument.application_closes < instrument.application_opens:
        closes, opens = instrument.application_closes, instrument.application_opens
        message = f"application window closes ({closes}) before it opens ({opens})"
        yield doc.problem(("instrument", "application_closes"), message)


def check_subsidy_tables(spec: Spec, unit: Unit) -> Iterator[Problem]:
    """Subsidy tables: unique ids, a penvoerder among the partners, ceilings that add up to the instrument's, an
    entry cycle only with tables and within the term, and a decision before the subsidised activities start."""
    instrument = unit.instrument
    if not isinstance(instrument, Subsidie):
        return
    doc = spec.unit_docs[unit.id]
    tables = instrument.tables
    yield from _duplicates(doc, "instrument.tables", [t.id for t in tables], "subsidy table id")
    for index, table in enumerate(tables):
        if table.lead_partner is not None and table.partners and table.lead_partner not in table.partners:
            message = (
                f"lead partner `{table.lead_partner}` is not one of the partners of table `{table.id}` "
                f"({', '.join(table.partners)})"
            )
            yield doc.problem(("instrument", "tables", index, "lead_partner"), message)
    yield from _table_ceilings(doc, instrument)
    start = unit.term.start if unit.term and unit.term.start else spec.programme.contract_start
    if instrument.entry_cycle_years is not None:
        if not tables:
            message = "entry_cycle_years says when new partners join a subsidy table; this subsidy has no tables"
            yield doc.problem(("instrument", "entry_cycle_years"), message)
        elif unit.term is not None and not unit.entry_moments(spec.programme.contract_start):
            message = (
                f"entry cycle of {instrument.entry_cycle_years} year(s) gives no entry moment within the maximum "
                f"term of {fmt_years(unit.term.max_years)} year(s) from {start}: new partners could never join"
            )
            yield doc.problem(("instrument", "entry_cycle_years"), message, severity="warning")
    decided = instrument.decision_by
    if decided is not None and decided > start:
        message = (
            f"the decision period ends on {decided} ({instrument.decision_weeks} weeks after the application window "
            f"closes on {instrument.application_closes}), after the subsidised activities start on {start}"
        )
        yield doc.problem(("instrument", "decision_weeks"), message, severity="warning")


def _table_ceilings(doc, instrument: Subsidie) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    ceilings = [t.ceiling for t in instrument.tables if t.ceiling is not None]
    if not ceilings:
        return
    total = sum(ceilings, Decimal(0))
    given = f"{fmt_eur(total)} {'(' + ' + '.join(fmt_eur(c) for c in ceilings) + ') ' if len(ceilings) > 1 else ''}"
    if len(ceilings) == len(instrument.tables) and total != instrument.ceiling:
        message = (
            f"the ceilings of the subsidy tables sum to {given}but the subsidy ceiling is "
            f"{fmt_eur(instrument.ceiling)}; they must be equal"
        )
        yield doc.problem(("instrument", "tables"), message, key=True)
    elif len(ceilings) < len(instrument.tables) and total >= instrument.ceiling:
        message = (
            f"the ceilings given for {len(ceilings)} of {len(instrument.tables)} subsidy tables sum to {given}which "
            f"leaves nothing of the subsidy ceiling of {fmt_eur(instrument.ceiling)} for the others"
        )
        yield doc.problem(("instrument", "tables"), message, key=True)


def _check_tender(spec: Spec, unit: Unit, instrument: Aanbesteding) -> Iterator[Problem]:
    doc = spec.unit_docs[unit.id]
    tenders = {t.id: t for t in spec.programme.tenders}
    procedure = instrument.procedure
    if instrument.tender is not None:
        tender = tenders.get(instrument.tender)
        if tender is None:
            known = ", ".join(f"`{t}`" for t in tenders) or "none defined in programme.yaml"
            yield doc.problem(("instrument", "tender"), f"unknown tender `{instrument.tender}` (known: {known})")
            return
        if procedure is not None and procedure != tender.procedure:
            message = f"procedure `{procedure}` differs from `{tender.procedure}` of tender `{tender.id}`; leave it out"
            yield doc.problem(("instrument", "procedure"), message)
        return
    if procedure is None:
        yield doc.problem(
            ("instrument", "procedure"),
            "required field is missing (or set `tender` to join a grouped tender)",
            key=True,
        )
        return
    if not unit.cpv:
        yield doc.problem(("cpv",), "a tender needs at least one CPV code", key=True)
    if procedure == "sas":
        yield from _check_sas_cpv(spec, unit)
    if unit.estimated_value is None:
        yield doc.problem(("estimated_value",), "a tender needs an estimated value for the threshold check", key=True)
        return
    yield from threshold_problems(spec, [unit], procedure, doc, ("instrument", "procedure"))


def _check_sas_cpv(spec: Spec, unit: Unit) -> Iterator[Problem]:
    for index, code in enumerate(unit.cpv):
        if not is_social_service(code):
            message = (
                f"CPV `{code}` is not a social or other specific service (Annex XIV); the sas procedure does not apply"
            )
            yield spec.unit_docs[unit.id].problem(("cpv", index), message)


def threshold_problems(spec: Spec, units: Iterable[Unit], procedure: str, doc, path) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    """Error when the (summed) estimated value is equal to or above the EU threshold (Aw 2012 art. 2.1, 2.3,
    2.6a: "gelijk aan of hoger dan") but the procedure is national."""
    units = list(units)
    if procedure not in BELOW_THRESHOLD:
        return
    date = spec.programme.document_date
    period = threshold_period(date)
    if period is None:
        yield doc.problem(
            path, f"no EU threshold data covers document_date {date}; update tendergen", severity="warning"
        )
        return
    social = all(is_social_service(code) for u in units for code in u.cpv) and any(u.cpv for u in units)
    kind = "social_services" if social else "services_subcentral"
    limit = period.values[kind]  # type: ignore[index]
    value = sum((u.estimated_value or Decimal(0) for u in units), Decimal(0))
    if value >= limit:
        summed = " (summed over the grouped units)" if len(units) > 1 else ""
        article = threshold_table().articles[kind]  # type: ignore[index]
        message = (
            f"estimated value {fmt_eur(value)}{summed} is equal to or above the EU threshold of {fmt_eur(limit)} "
            f"for {THRESHOLD_LABELS[kind]} ({period.source}, valid {period.valid_from} to {period.valid_to}; "
            f"{article}: gelijk aan of hoger dan); procedure `{procedure}` is not allowed"
        )
        yield doc.problem(path, message)


def check_contractors(spec: Spec, unit: Unit) -> Iterator[Problem]:
    """The contractor model of a unit with its own procedure and of its lots; a unit of a grouped tender leaves it
    to the tender (checked with the programme)."""
    instrument = unit.instrument
    if not isinstance(instrument, Aanbesteding):
        return
    doc = spec.unit_docs[unit.id]
    yield from _lumpsum_contractors(spec, unit)
    yield from _call_off_without_framework(spec, unit)
    if instrument.tender is not None:
        tender = next((t for t in spec.programme.tenders if t.id == instrument.tender), None)
        if instrument.contractors is not None and tender is not None and tender.lots:
            message = (
                f"unit of grouped tender `{instrument.tender}`, which has lots: give contractors on the tender's "
                "lots in programme.yaml, not on the unit"
            )
            yield doc.problem(("instrument", "contractors"), message, key=True)
        elif instrument.contractors is not None:
            yield from _contractor_model(spec, [unit], doc, ("instrument", "contractors"), instrument.contractors)
        return
    yield from contractor_problems(
        spec, [unit], instrument.procedure, doc, ("instrument", "contractors"), instrument.contractors, unit.lots,
        ("lots",),
    )  # fmt: skip


def _call_off_without_framework(spec: Spec, unit: Unit) -> Iterator[Problem]:
    """Paid per allocated service, no volume guaranteed, longer than the framework term: that is a raamovereenkomst
    (Aw 2012 art. 1.1: an agreement that fixes the terms of contracts to be placed during a period), so the spec
    should say so and give the reason its term is longer (art. 2.140 lid 3). A warning: the reading is ours."""
    instrument = unit.instrument
    rule = framework_term_rule(spec.programme.document_date)
    if not isinstance(instrument, Aanbesteding) or rule is None or unit.term is None:
        return
    tender = spec.programme.tender_of(unit)
    procedure = tender.procedure if tender is not None else instrument.procedure
    if procedure not in rule.error or unit.term.max_years <= rule.max_years:  # deel 2 applies in full
        return
    funding = unit.funding
    if not isinstance(funding, Inspanningsgericht | Outputgericht):
        return
    if funding.volume is not None and funding.volume.min is not None:
        return  # a guaranteed minimum: an ordinary contract
    upper = instrument.contractors or (tender.contractors if tender is not None else None)
    lots = spec.programme.lots_of(unit)
    models = [contractors_of(lot.contractors, upper) for lot in lots] or [contractors_of(upper)]
    if any(m.framework for m in models):
        return
    on_tender = tender is not None and instrument.contractors is None
    where = "the tender's `contractors`" if on_tender else "`instrument.contractors`"
    message = (
        f"unit `{unit.id}` is paid per allocated service with no guaranteed volume for up to "
        f"{fmt_years(unit.term.max_years)} years: that reads as a raamovereenkomst (Aw 2012 art. 1.1), whose term "
        f"{rule.provision} limits to {rule.max_years} years unless soundly motivated; set `framework: true` with a "
        f"`framework_reason` in {where}, or guarantee a minimum volume (funding.volume.min)"
    )
    yield spec.unit_docs[unit.id].problem(("term", "max_years"), message, severity="warning")


def _lumpsum_contractors(spec: Spec, unit: Unit) -> Iterator[Problem]:
    """A lumpsum is one budget for the whole task: a unit paid by a fixed lumpsum goes to one contractor (a
    combination or a main contractor with subcontractors), unless its lots divide it."""
    funding = unit.funding
    instrument = unit.instrument
    if not isinstance(funding, Taakgericht) or funding.lumpsum is None or not isinstance(instrument, Aanbesteding):
        return
    tender = spec.programme.tender_of(unit)
    if spec.programme.lots_of(unit):
        return  # each lot's contract names its own share
    model = contractors_of(instrument.contractors, tender.contractors if tender is not None else None)
    if model.several:
        own = instrument.contractors is not None or tender is None
        where = "its own `instrument.contractors`" if own else f"tender `{instrument.tender}`"
        message = (
            f"unit `{unit.id}` is paid by one lumpsum, but {where} awards it to several contractors: each contract "
            "would promise the whole lumpsum; set `instrument.contractors: {number: een}` (one contractor, a "
            "combination or a main contractor) or divide the lumpsum over lots"
        )
        yield spec.unit_docs[unit.id].problem(("funding", "lumpsum"), message)


def contractor_problems(  # type: ignore[no-untyped-def]
    spec: Spec,
    units: list[Unit],
    procedure: str | None,
    doc,
    path: tuple[str | int, ...],
    contractors: Contractors | None,
    lots: Iterable[object],
    lots_path: tuple[str | int, ...],
) -> Iterator[Problem]:
    """Problems of one procedure's contractor model (``path``) and of its lots' own models; the framework term is
    checked once per place that declares the framework (the longest maximum term of ``units`` counts)."""
    if contractors is not None:
        yield from _contractor_model(spec, units, doc, path, contractors)
    for index, lot in enumerate(lots):
        own = getattr(lot, "contractors", None)
        lot_path = (*lots_path, index, "contractors")
        if isinstance(own, Contractors):
            yield from _contractor_model(spec, units, doc, lot_path, own)
        elif isinstance(own, int) and own > 1 and contractors_of(own, contractors).allocation is None:
            message = (
                f"lot `{getattr(lot, 'id', index)}` goes to up to {own} contractors: say how clients are allocated "
                "among them (allocation on the lot's contractors, or on the contractors it refines)"
            )
            yield doc.problem(lot_path, message)
    declared: list[tuple[tuple[str | int, ...], Contractors]] = []
    if contractors is not None and contractors.framework:
        declared.append((path, contractors))
    for index, lot in enumerate(lots):
        own = getattr(lot, "contractors", None)
        if isinstance(own, Contractors) and own.framework:
            declared.append(((*lots_path, index, "contractors"), own))
    for where, model in declared:
        yield from _framework_term(spec, units, procedure, doc, where, model)


def _contractor_model(  # type: ignore[no-untyped-def]
    spec: Spec, units: list[Unit], doc, path: tuple[str | int, ...], model: Contractors
) -> Iterator[Problem]:
    if model.number == "meerdere" and model.maximum is None:
        message = "`meerdere` contractors needs a maximum (the most contractors the award goes to)"
        yield doc.problem((*path, "number"), message)
    if model.maximum is not None and model.number != "meerdere":
        yield doc.problem((*path, "maximum"), f"a maximum applies to `meerdere` contractors, not to `{model.number}`")
    if model.threshold_points is not None and model.number != "alle-geschikten":
        message = f"threshold_points applies to `alle-geschikten`, not to `{model.number}`"
        yield doc.problem((*path, "threshold_points"), message)
    if model.several and model.allocation is None:
        yield doc.problem(
            path, "several contractors need an allocation: how clients are allocated among them", key=True
        )
    if model.allocation == "minicompetitie" and not model.framework:
        message = (
            "allocation `minicompetitie` (a new competition among the contractors per order) needs a framework "
            "agreement (framework: true)"
        )
        yield doc.problem((*path, "allocation"), message)
    if model.framework_reason is not None and not model.framework:
        yield doc.problem((*path, "framework_reason"), "framework_reason applies to a framework agreement only")
    knock_out = any(c.min_score is not None for u in units for c in u.award_criteria)
    if model.number == "alle-geschikten" and model.threshold_points is None and not knock_out:
        message = (
            "`alle-geschikten` awards every bid above a threshold, but there is none: give threshold_points or a "
            "min_score on a quality criterion (otherwise every bid that meets the eisen is awarded)"
        )
        yield doc.problem((*path, "number"), message, severity="warning")


def _framework_term(  # type: ignore[no-untyped-def]
    spec: Spec, units: list[Unit], procedure: str | None, doc, path: tuple[str | int, ...], model: Contractors
) -> Iterator[Problem]:
    """A framework agreement longer than the legal maximum needs a reason (data/legal/contracts.yaml)."""
    rule = framework_term_rule(spec.programme.document_date)
    if rule is None or model.framework_reason is not None or procedure is None:
        return
    if procedure not in rule.error and procedure not in rule.warning:
        return
    timed = [u for u in units if u.term is not None]
    if not timed:
        return
    longest = max(timed, key=lambda u: u.term.max_years if u.term else Decimal(0))
    assert longest.term is not None
    if longest.term.max_years <= rule.max_years:
        return
    unit_doc = spec.unit_docs[longest.id]
    line, _ = unit_doc.locate(("term", "max_years"))
    where = f"{Path(unit_doc.file).name} line {line}"
    message = (
        f"the framework agreement runs up to {fmt_years(longest.term.max_years)} years (unit `{longest.id}` "
        f"term.max_years, {where}), more than {fmt_years(rule.max_years)} years: {rule.provision} allows that only "
        "in soundly motivated exceptional cases; give framework_reason"
    )
    if procedure in rule.warning:
        message += f" (in a {procedure} procedure the article binds by the reading `{rule.reading}` of the legal data)"
        yield doc.problem((*path, "framework"), message, severity="warning")
    else:
        yield doc.problem((*path, "framework"), message)


def _duplicates(doc, dotted: str, ids: list[str], what: str) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    counts = Counter(ids)
    seen: set[str] = set()
    field = tuple(dotted.split("."))
    for index, ident in enumerate(ids):
        if counts[ident] > 1 and ident in seen:
            yield doc.problem((*field, index, "id"), f"duplicate {what} `{ident}`")
        seen.add(ident)


def _not_member(name: str, members: list[str]) -> str:
    return f"`{name}` is not a member municipality of the authority ({', '.join(members)})"


CHECKS: list[Callable[[Spec, Unit], Iterator[Problem]]] = [
    check_file_name,
    check_instrument,
    check_funding,
    check_award_criteria,
    check_requirements,
    check_price_criteria,
    check_row_lots,
    check_questions,
    check_subcontracting,
    check_term,
    check_dates,
    check_admission,
    check_lots,
    check_contract_standard,
    check_subsidy_tables,
    check_contractors,
]
