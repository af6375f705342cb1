"""Facts the planning and the spec both state, checked against each other (issue 11).

The documents print the start of the contracts from the spec (``contract_start`` or a unit's ``term.start``) and
the planning table from the schedule; a leidraad refers to the questions deadline, the tender deadline and the
award decision of its planning. These checks make sure both sources say one thing:

* a ``start-dienstverlening`` milestone falls on the start the spec gives its scope (error: the leidraad would
  print two start dates), and a unit whose own ``term.start`` differs from the start milestone its planning
  inherits has a start milestone of its own (error: same reason);
* every tender procedure has a ``vragen-deadline``, an ``inschrijfdeadline`` and a ``gunningsbeslissing`` in its
  planning (error: the leidraad refers to them);
* a tender planning with a questions deadline has a nota-van-inlichtingen milestone (warning: bidders expect the
  date and art. 2.54 lid 1 cannot be checked without it);
* a deadline carries a time of day (warning: house rule, a deadline is a moment);
* an open-house admission moment does not lie before the planned publication of the admission document (error;
  checks/unit.py compares with the document date and with the end of the term).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from tendergen.errors import Problem
from tendergen.loader import Document, Path_
from tendergen.project import Spec
from tendergen.schedule.compute import PROGRAMME, ScopeKey
from tendergen.schedule.rules import RuleContext, effective_procedure
from tendergen.schedule.timeline import Entry, Finding
from tendergen.spec.unit import Aanbesteding, OpenHouse, Unit

REQUIRED_TENDER_MILESTONES = ("vragen-deadline", "inschrijfdeadline", "gunningsbeslissing")
"""What every leidraad refers to in its planning."""

DEADLINES = ("aanmelddeadline", "vragen-deadline", "inschrijfdeadline")
"""Milestones that are a moment, not a day: they need a time of day."""


def consistency_findings(spec: Spec, ctx: RuleContext, entries: list[Entry]) -> list[Finding]:
    """Every contradiction between the schedule and the spec, as findings (errors and warnings)."""
    found = [
        *_start_of_services(spec, ctx.doc, ctx.paths, entries),
        *_inherited_starts(spec, ctx),
        *_tender_milestones(spec, ctx),
        *_times_of_day(ctx.doc, ctx.paths, entries),
        *_admission(spec, ctx.doc, ctx.paths, entries),
    ]
    return [Finding(problem, rule, citation) for problem, rule, citation in found]


Found = tuple[Problem, str, str]
SPEC = "programme spec (programme.yaml, units/*.yaml)"


def _unit_start(spec: Spec, unit: Unit) -> dt.date:
    return unit.term.start if unit.term is not None and unit.term.start is not None else spec.programme.contract_start


def _expected_starts(spec: Spec, entry: Entry) -> tuple[set[dt.date], str]:
    programme = spec.programme
    if entry.scope_kind == "programme":
        return {programme.contract_start}, "programme.yaml contract_start"
    if entry.scope_kind == "tender":
        units = spec.units_of_tender(entry.scope)
        return {_unit_start(spec, u) for u in units} or {programme.contract_start}, f"the units of `{entry.scope}`"
    unit_id = entry.scope.split("/", 1)[0]
    unit = next((u for u in spec.units if u.id == unit_id), None)
    if unit is None:
        return {programme.contract_start}, "programme.yaml contract_start"
    field = "term.start" if unit.term is not None and unit.term.start is not None else "programme.yaml contract_start"
    return {_unit_start(spec, unit)}, f"{field} of unit `{unit.id}`"


def _start_of_services(spec: Spec, doc: Document, paths: dict[str, Path_], entries: list[Entry]) -> Iterator[Found]:
    for entry in entries:
        if entry.kind != "milestone" or entry.type != "start-dienstverlening":
            continue
        expected, source = _expected_starts(spec, entry)
        if entry.date in expected:
            continue
        dates = " or ".join(sorted(d.isoformat() for d in expected))
        message = (
            f"start of services `{entry.id}` is {entry.date.isoformat()}, but {source} is {dates}; the documents "
            "print the term as running from the spec's date, so give one date (move the milestone or change the "
            "spec)"
        )
        yield doc.problem(paths[entry.id], message), "start-dienstverlening-contract-start", SPEC


def _inherited_starts(spec: Spec, ctx: RuleContext) -> Iterator[Found]:
    """A unit starting on its own date while its planning shows the start milestone of an enclosing scope."""
    for unit in spec.units:
        if unit.term is None or unit.term.start is None:
            continue
        key: ScopeKey | None = ScopeKey(("unit", unit.id))
        while key is not None:
            info = ctx.scopes.get(key)
            entries = info.entries if info is not None else []
            found = [e for e in entries if e.kind == "milestone" and e.type == "start-dienstverlening"]
            if found:
                break
            key = info.parent if info is not None else _parent_scope(unit, key)
        if key is None or key.kind == "unit" or unit.term.start in {e.date for e in found}:
            continue
        shown = ", ".join(f"`{e.id}` on {e.date.isoformat()}" for e in found)
        message = (
            f"unit `{unit.id}` starts on {unit.term.start.isoformat()} (term.start), but its planning shows the "
            f"start of services of {'the programme' if key.kind == 'programme' else f'tender `{key.text}`'} "
            f"({shown}); add a `start-dienstverlening` milestone with `scope: {{unit: {unit.id}}}` on "
            f"{unit.term.start.isoformat()}, so its documents give one start date"
        )
        yield spec.unit_docs[unit.id].problem(("term", "start"), message), "start-dienstverlening-contract-start", SPEC


def _parent_scope(unit: Unit, key: ScopeKey) -> ScopeKey | None:
    """The scope around ``key`` for a unit's planning when ``key`` has no entries of its own."""
    if key.kind == "programme":
        return None
    tender = getattr(unit.instrument, "tender", None)
    return ScopeKey(("tender", tender)) if key.kind == "unit" and tender else PROGRAMME


def _procedures(spec: Spec) -> Iterator[tuple[ScopeKey, str]]:
    """Every tender procedure: grouped tenders with units, and units tendered on their own."""
    for tender in spec.programme.tenders:
        if spec.units_of_tender(tender.id):
            yield ScopeKey(("tender", tender.id)), f"tender `{tender.id}`"
    for unit in spec.units:
        instrument = unit.instrument
        if isinstance(instrument, Aanbesteding) and instrument.tender is None and effective_procedure(spec, unit):
            yield ScopeKey(("unit", unit.id)), f"unit `{unit.id}`"


def _tender_milestones(spec: Spec, ctx: RuleContext) -> Iterator[Found]:
    for key, name in _procedures(spec):
        if not _planned(ctx, key):
            continue  # no dates for this procedure yet: the leidraad says so in a sentence
        missing = [t for t in REQUIRED_TENDER_MILESTONES if not _visible(ctx, key, t)]
        if not missing and _visible(ctx, key, "vragen-deadline") and not _visible(ctx, key, "nota-van-inlichtingen"):
            message = (
                f"the planning of {name} has a questions deadline but no `nota-van-inlichtingen` milestone: bidders "
                "cannot see when the answers come, and the period between the answers and the tender deadline "
                "(Aw 2012 art. 2.54 lid 1) cannot be checked"
            )
            path = ctx.scopes[key].first_path if key in ctx.scopes else ("milestones",)
            yield ctx.doc.problem(path, message, severity="warning"), "tender-planning-nvi", SPEC
        if not missing:
            continue
        types = ", ".join(f"`{t}`" for t in missing)
        message = (
            f"the planning of {name} has no milestone of type {types}; its aanbestedingsleidraad refers to the "
            f"questions deadline, the tender deadline and the award decision of its planning"
        )
        path = ctx.scopes[key].first_path if key in ctx.scopes else ("milestones",)
        yield ctx.doc.problem(path, message), "tender-planning-complete", SPEC


PROCEDURAL = frozenset({"publicatie", "aanmelddeadline", "uitnodiging", *REQUIRED_TENDER_MILESTONES})


def _planned(ctx: RuleContext, key: ScopeKey) -> bool:
    """The schedule plans the procedure: it has entries of its own (or of its units), or the programme-wide
    planning has procedure milestones that apply to it."""
    own = ctx.scopes.get(key)
    if (own is not None and own.entries) or any(i.parent == key and i.entries for i in ctx.scopes.values()):
        return True
    programme = ctx.scopes.get(PROGRAMME)
    return programme is not None and any(e.kind == "milestone" and e.type in PROCEDURAL for e in programme.entries)


def _visible(ctx: RuleContext, key: ScopeKey, type_: str) -> bool:
    if ctx.visible(key, type_):
        return True
    own = ctx.scopes.get(key)
    if (own is None or not own.entries) and ctx.visible(PROGRAMME, type_):
        return True  # no entries of its own: programme-wide milestones count
    # milestones of the tender's units or lots count for the tender
    return any(
        e.kind == "milestone" and e.type == type_
        for info in ctx.scopes.values()
        if info.parent == key
        for e in info.entries
    )


def _times_of_day(doc: Document, paths: dict[str, Path_], entries: list[Entry]) -> Iterator[Found]:
    for entry in entries:
        if entry.kind == "milestone" and entry.type in DEADLINES and entry.time is None:
            message = (
                f'deadline `{entry.id}` ({entry.label}) has no time of day; give `time: "12:00"` so the planning '
                "and the leidraad name the moment"
            )
            yield doc.problem(paths[entry.id], message, severity="warning"), "deadline-time", "house style"


def _admission(spec: Spec, doc: Document, paths: dict[str, Path_], entries: list[Entry]) -> Iterator[Found]:
    """An admission moment before the planned publication of its admission document (the spec check compares
    with the document date when there is no planning)."""
    for unit in spec.units:
        instrument = unit.instrument
        if not isinstance(instrument, OpenHouse) or not instrument.admission_moments:
            continue
        published = [
            e for e in entries if e.kind == "milestone" and e.type == "publicatie" and e.scope.split("/")[0] == unit.id
        ]
        if not published:
            continue
        publication = min(e.date for e in published)
        for index, moment in enumerate(instrument.admission_moments):
            if moment < publication:
                message = (
                    f"admission moment {moment.isoformat()} lies before the publication of the admission document "
                    f"({publication.isoformat()}); no provider can apply for it"
                )
                problem = spec.unit_docs[unit.id].problem(("instrument", "admission_moments", index), message)
                yield problem, "admission-after-publication", SPEC
