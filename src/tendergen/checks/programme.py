"""Checks across the programme: ids, grouped tenders, financing key."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from tendergen.checks.unit import _not_member, contractor_problems, threshold_problems
from tendergen.dutch import unit_term_list, unit_words
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
        yield from contractor_problems(
            spec, units, tender.procedure, doc, ("tenders", index, "contractors"), tender.contractors, tender.lots,
            ("tenders", index, "lots"),
        )  # fmt: skip
        if units and any(u.estimated_value is None for u in units):
            yield doc.problem(("tenders", index), f"every unit of tender `{tender.id}` needs an estimated_value")
            continue
        if units:
            yield from threshold_problems(spec, units, tender.procedure, doc, ("tenders", index, "procedure"))


def check_dates(spec: Spec) -> Iterator[Problem]:
    """The documents are dated before the contracts they offer start."""
    programme = spec.programme
    if programme.contract_start < programme.document_date:
        message = f"contract_start {programme.contract_start} is before document_date {programme.document_date}"
        yield spec.programme_doc.problem(("contract_start",), message)


def check_programme_scope(spec: Spec) -> Iterator[Problem]:
    """A service the programme excludes as a whole is not in the scope of one of its units."""
    excluded = {name.casefold(): name for name in spec.programme.excluded}
    for unit in spec.units:
        for index, service in enumerate(unit.scope.included):
            if service.casefold() in excluded:
                message = f"`{service}` is outside the whole programme (programme.yaml `excluded`)"
                yield spec.unit_docs[unit.id].problem(("scope", "included", index), message)


def check_unit_term(spec: Spec) -> Iterator[Problem]:
    """The documents need the article and plural of the unit word ("dit segment", "de bundels")."""
    programme = spec.programme
    if unit_words(programme.unit_term, programme.unit_article, programme.unit_plural) is None:
        known = ", ".join(f"`{w}`" for w in unit_term_list())
        missing = " and ".join(
            name
            for name, value in (("unit_article", programme.unit_article), ("unit_plural", programme.unit_plural))
            if value is None
        )
        close = difflib.get_close_matches(programme.unit_term, list(unit_term_list()), n=1)
        hint = f"did you mean `{close[0]}`? Otherwise " if close else ""
        message = f"`{programme.unit_term}` is not in the word list ({known}); {hint}give {missing} for it"
        yield spec.programme_doc.problem(("unit_term",), message)


def check_tender_lots(spec: Spec) -> Iterator[Problem]:
    """Lots of a grouped tender: unique ids, member municipalities, budgets only where a budget agreement is
    promised and only for the lot's own municipalities, a quota only with a main contractor."""
    doc = spec.programme_doc
    members = spec.programme.authority.members
    for t_index, tender in enumerate(spec.programme.tenders):
        ids = [lot.id for lot in tender.lots]
        for index, lot in enumerate(tender.lots):
            path: tuple[str | int, ...] = ("tenders", t_index, "lots", index)
            if ids.index(lot.id) != index:
                yield doc.problem((*path, "id"), f"duplicate lot id `{lot.id}` in tender `{tender.id}`")
            for position, name in enumerate(lot.municipalities):
                if name not in members:
                    yield doc.problem((*path, "municipalities", position), _not_member(name, members))
            budgets = lot.budgets_per_municipality
            if budgets and not lot.budget_agreement:
                message = f"lot `{lot.id}` has budgets per municipality but `budget_agreement: false`"
                yield doc.problem((*path, "budgets_per_municipality"), message, key=True)
            for name in budgets:
                if name not in lot.municipalities:
                    joined = ", ".join(lot.municipalities)
                    message = f"`{name}` does not take part in lot `{lot.id}` (municipalities: {joined})"
                    yield doc.problem((*path, "budgets_per_municipality", name), message, key=True)
            if lot.budget_agreement and budgets:
                for name in lot.municipalities:
                    if name not in budgets:
                        message = f"lot `{lot.id}` has a budget agreement but no budget for `{name}`"
                        yield doc.problem((*path, "budgets_per_municipality"), message, key=True)
            sub = lot.subcontracting
            if sub and sub.min_share_small_local_pct and not sub.main_contractor:
                message = "a subcontracting quota needs a main contractor (main_contractor: true)"
                yield doc.problem((*path, "subcontracting", "min_share_small_local_pct"), message)
        if not tender.lots:
            continue
        for unit in spec.units_of_tender(tender.id):
            unit_doc = spec.unit_docs[unit.id]
            if unit.lots:
                message = (
                    f"tender `{tender.id}` has lots ({', '.join(ids)}) that cover this unit; a unit of a lotted "
                    "tender has no lots of its own"
                )
                yield unit_doc.problem(("lots",), message, key=True)
            funding = unit.funding
            for name in ("budgets_per_lot", "budgets_per_municipality"):
                if funding is not None and getattr(funding, name):
                    message = (
                        f"the lots of tender `{tender.id}` carry the budgets (`budgets_per_municipality` on each "
                        f"lot in programme.yaml); `funding.{name}` would print them in every lot's contract"
                    )
                    yield unit_doc.problem(("funding", name), message, key=True)


def check_requirement_ids(spec: Spec) -> Iterator[Problem]:
    """Requirement ids are referenced from Q&A and notices, so they are unique across the programme."""
    first: dict[str, tuple[str, tuple[str, int, int]]] = {}
    for unit in spec.units:
        doc = spec.unit_docs[unit.id]
        for index, req in enumerate(unit.quality):
            where = (doc.file, *doc.locate(("quality", index, "id")))
            if req.id in first and first[req.id][1] != where:
                yield doc.problem(
                    ("quality", index, "id"),
                    f"duplicate requirement id `{req.id}` (also in unit `{first[req.id][0]}`)",
                )
            elif req.id not in first:
                # the parts of one unit share the unit's requirements: the same entry of the same file
                first[req.id] = (unit.id, where)


CHECKS: list[Callable[[Spec], Iterator[Problem]]] = [
    check_programme_id,
    check_authority,
    check_financing,
    check_tenders,
    check_dates,
    check_programme_scope,
    check_unit_term,
    check_tender_lots,
    check_requirement_ids,
]
