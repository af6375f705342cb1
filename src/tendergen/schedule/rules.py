"""Legal and policy rules on a computed schedule.

Legal rules come from ``data/legal/periods.yaml`` (with citation and validity dates); policy rules from
the schedule's ``policy.rules``. A rule finds its milestones by type within one *procedure scope*: a tender, a
unit, a lot, or the programme. A scope sees its own milestones and, for a type it does not have itself, those
of the scope around it (lot → unit → its tender → programme), so a programme-wide "start dienstverlening"
serves every tender. Legal breaches are errors, policy breaches warnings; every finding names the rule, the
dates and the citation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Literal

import yaml
from pydantic import Field

from tendergen.errors import Problem, Severity
from tendergen.legal import data_text
from tendergen.loader import Document, Path_
from tendergen.project import Spec
from tendergen.schedule.calendar import DutchCalendar, format_nl, quarter_end
from tendergen.schedule.compute import FIXED, PROGRAMME, ScopeKey, scope_key
from tendergen.schedule.model import MILESTONE_LABELS, Gap, MilestoneType, PeriodOptionName, Schedule
from tendergen.schedule.periods import advance, describe_distance, describe_en, describe_nl
from tendergen.schedule.timeline import Check, Entry, Finding
from tendergen.spec.types import Procedure, SpecModel
from tendergen.spec.unit import Aanbesteding, Unit

Fact = Literal["electronic_submission", "documents_not_fully_electronic"]

RULE_FIXED_DEADLINE = "atw-vaste-deadline"
RULE_OFF_DAY_DEADLINE = "deadline-op-vrije-dag"
RULE_STANDSTILL_OFF_DAY = "atw-einde-standstill"

PROCEDURAL_TYPES = frozenset(
    {
        "vooraankondiging",
        "publicatie",
        "aanmelddeadline",
        "uitnodiging",
        "vragen-deadline",
        "nota-van-inlichtingen",
        "inschrijfdeadline",
        "gunningsbeslissing",
        "einde-standstill",
        "aankondiging-gunning",
    }
)


class Adjustment(SpecModel):
    """A change of a minimum period when a fact about the procedure holds."""

    when: Fact
    days: int
    reason: str
    citation: str
    not_with: list[PeriodOptionName] = Field(
        default_factory=list, description="Schedule options under which the adjustment does not apply."
    )


class OptionOverride(SpecModel):
    """How a schedule option (policy.period_options) changes a rule: another minimum, a floor, or counting
    from the end of the quarter."""

    option: PeriodOptionName
    procedures: list[Procedure] = Field(
        default_factory=list, description="Procedures the option applies to (default: all of the rule's)."
    )
    min: Gap | None = Field(default=None, description="The minimum that replaces the rule's `min`.")
    floor: Gap | None = Field(default=None, description="The adjustments cannot bring the period under this.")
    from_quarter_end: bool = False
    reason: str = Field(description="English words for messages, e.g. `after a prior information notice`.")
    citation: str


class _RuleBase(SpecModel):
    id: str
    name: str = Field(description="English name used in messages.")
    label: str = Field(description="Dutch description used in documents.")
    procedures: list[Procedure]
    citation: str
    sources: list[str] = Field(default_factory=list)
    note: str | None = None
    waivable: str | None = Field(default=None, description="When the law allows setting the rule aside.")
    analogous: list[Procedure] = Field(
        default_factory=list,
        description="Procedures for which the law does not prescribe the rule; applied by analogy, a warning.",
    )
    requires_option: PeriodOptionName | None = Field(
        default=None, description="The rule applies only when the schedule chose this option."
    )
    checked_against: dt.date | None = Field(
        default=None, description="Date of the consolidated text the citation was read in."
    )
    valid_from: dt.date
    valid_to: dt.date | None = None


class LegalGapRule(_RuleBase):
    kind: Literal["gap"]
    earlier: MilestoneType
    later: MilestoneType
    subject: Literal["earlier", "later"]
    min: Gap | None = None
    max: Gap | None = None
    adjustments: list[Adjustment] = Field(default_factory=list)
    options: list[OptionOverride] = Field(default_factory=list)
    statutory_period: bool = False
    exclusive: bool = False
    from_quarter_end: bool = False


class RequiredRule(_RuleBase):
    kind: Literal["required"]
    milestone: MilestoneType
    alternatives: list[MilestoneType] = Field(default_factory=list, description="Types that also satisfy it.")


LegalRule = Annotated[LegalGapRule | RequiredRule, Field(discriminator="kind")]


class Deadlines(SpecModel):
    """Fixed deadline dates checked against the calendar (see the `deadlines` section of periods.yaml)."""

    types: list[MilestoneType] = Field(description="Fixed dates of these types on a non-working day are warned.")
    off_day_types: list[MilestoneType] = Field(
        description="Dates of these types on a Saturday, Sunday or feestdag are warned, also without roll-forward."
    )
    citation: str
    note: str


class Reading(SpecModel):
    """How a provision is read where no model field checks it yet."""

    id: str
    provision: str
    rule: str
    question: str
    reading: str
    checked_against: dt.date | None = None
    verified: bool


class LegalRules(SpecModel):
    rules: list[LegalRule]
    deadlines: Deadlines
    readings: list[Reading] = Field(default_factory=list)


@cache
def legal_rules() -> LegalRules:
    """The packaged statutory periods and notice duties."""
    return LegalRules.model_validate(yaml.safe_load(data_text("legal", "periods.yaml")))


@dataclass(frozen=True)
class GapRule:
    """A legal or policy gap rule in one shape for evaluation."""

    id: str
    name: str
    label: str
    source: Literal["legal", "policy"]
    earlier: str
    later: str
    subject: str
    bound: Literal["min", "max"]
    gap: Gap
    citation: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    procedures: tuple[str, ...] | None = None
    adjustments: tuple[Adjustment, ...] = ()
    options: tuple[OptionOverride, ...] = ()
    statutory_period: bool = False
    exclusive: bool = False
    from_quarter_end: bool = False
    analogous: tuple[str, ...] = ()
    requires_option: str | None = None

    def severity_for(self, procedure: str | None) -> Severity:
        """Legal rules are errors, except for procedures that apply them by analogy; policy rules warn."""
        return "error" if self.source == "legal" and procedure not in self.analogous else "warning"

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (self.valid_to is None or day <= self.valid_to)


def gap_rules(schedule: Schedule) -> list[GapRule]:
    """Legal gap rules (one per bound) followed by the schedule's policy rules."""
    rules: list[GapRule] = []
    for rule in legal_rules().rules:
        if not isinstance(rule, LegalGapRule):
            continue
        for bound, gap in _bounds(rule.min, rule.max):
            rules.append(
                GapRule(
                    id=rule.id,
                    name=rule.name,
                    label=rule.label,
                    source="legal",
                    earlier=rule.earlier,
                    later=rule.later,
                    subject=rule.subject,
                    bound=bound,
                    gap=gap,
                    citation=rule.citation,
                    valid_from=rule.valid_from,
                    valid_to=rule.valid_to,
                    procedures=tuple(rule.procedures),
                    adjustments=tuple(rule.adjustments),
                    options=tuple(rule.options),
                    statutory_period=rule.statutory_period,
                    exclusive=rule.exclusive,
                    from_quarter_end=rule.from_quarter_end,
                    analogous=tuple(rule.analogous),
                    requires_option=rule.requires_option,
                )
            )
    for policy in schedule.policy.rules:
        for bound, gap in _bounds(policy.min, policy.max):
            rules.append(
                GapRule(
                    id=policy.id,
                    name=f"programme policy {policy.id}",
                    label=policy.label,
                    source="policy",
                    earlier=policy.earlier,
                    later=policy.later,
                    subject=policy.subject,
                    bound=bound,
                    gap=gap,
                    citation=policy.citation,
                    valid_from=policy.valid_from,
                    valid_to=policy.valid_to,
                )
            )
    return rules


def _bounds(low: Gap | None, high: Gap | None) -> list[tuple[Literal["min", "max"], Gap]]:
    found: list[tuple[Literal["min", "max"], Gap]] = []
    if low is not None:
        found.append(("min", low))
    if high is not None:
        found.append(("max", high))
    return found


# --------------------------------------------------------------------------- scopes and procedures


@dataclass
class ScopeInfo:
    """What the rules need to know about one scope."""

    key: ScopeKey
    label: str
    parent: ScopeKey | None
    procedure: str | None
    facts: frozenset[str]
    procedures_seen: tuple[str, ...] = ()
    entries: list[Entry] = field(default_factory=list)
    first_path: Path_ = ("milestones",)


def effective_procedure(spec: Spec, unit: Unit) -> str | None:
    """The procedure a unit is bought with: its own, or its grouped tender's; None when it is not a tender."""
    instrument = unit.instrument
    if not isinstance(instrument, Aanbesteding):
        return None
    if instrument.procedure is not None:
        return instrument.procedure
    for tender in spec.programme.tenders:
        if tender.id == instrument.tender:
            return tender.procedure
    return None


def _facts(units: list[Unit]) -> frozenset[str]:
    """Facts of the units' instruments; `electronic_submission` is added by the schedule's option (see
    RuleContext.options), since art. 2.74b makes the shortening a choice."""
    tenders = [u.instrument for u in units if isinstance(u.instrument, Aanbesteding)]
    facts: set[str] = set()
    if any(not t.documents_fully_electronic for t in tenders):
        facts.add("documents_not_fully_electronic")
    return frozenset(facts)


def scope_info(spec: Spec, key: ScopeKey, label: str) -> ScopeInfo:
    """Parent scope, procedure and procedure facts of ``key``."""
    if key.kind == "programme":
        units = [u for u in spec.units if effective_procedure(spec, u) is not None]
        seen = tuple(sorted({p for u in units if (p := effective_procedure(spec, u)) is not None}))
        procedure = seen[0] if len(seen) == 1 else None
        return ScopeInfo(key, label, None, procedure, _facts(units), seen)
    if key.kind == "tender":
        tender = next(t for t in spec.programme.tenders if t.id == key.parts[1])
        return ScopeInfo(key, label, PROGRAMME, tender.procedure, _facts(spec.units_of_tender(tender.id)))
    unit = spec.unit(key.parts[1])
    if key.kind == "lot":
        parent = ScopeKey(("unit", unit.id))
    else:
        tender_id = getattr(unit.instrument, "tender", None)
        parent = ScopeKey(("tender", tender_id)) if tender_id else PROGRAMME
    return ScopeInfo(key, label, parent, effective_procedure(spec, unit), _facts([unit]))


# --------------------------------------------------------------------------- evaluation


@dataclass
class RuleContext:
    """Everything rule evaluation reads: scopes with their entries, the calendar, where entries stand."""

    doc: Document
    schedule: Schedule
    calendar: DutchCalendar
    scopes: dict[ScopeKey, ScopeInfo]
    paths: dict[str, Path_]
    checks: list[Check] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def visible(self, key: ScopeKey, type_: str) -> list[Entry]:
        """Milestones of ``type_`` in ``key``, or else in the nearest enclosing scope that has some."""
        current: ScopeKey | None = key
        while current is not None:
            info = self.scopes.get(current)
            if info is None:
                break
            found = [e for e in info.entries if e.kind == "milestone" and e.type == type_]
            if found:
                return found
            current = info.parent
        return []

    def options(self, key: ScopeKey) -> frozenset[str]:
        """The period options (policy.period_options) chosen for ``key`` or a scope around it."""
        around: set[ScopeKey] = set()
        current: ScopeKey | None = key
        while current is not None:
            around.add(current)
            info = self.scopes.get(current)
            current = info.parent if info is not None else None
        around.add(PROGRAMME)
        return frozenset(o.option for o in self.schedule.policy.period_options if scope_key(o.scope) in around)

    def facts(self, info: ScopeInfo) -> frozenset[str]:
        """The scope's instrument facts plus the chosen electronic-submission shortening."""
        chosen = self.options(info.key)
        return info.facts | ({"electronic_submission"} if "electronic-submission" in chosen else set())

    def waiver(self, rule_id: str, key: ScopeKey) -> str | None:
        for waiver in self.schedule.policy.waivers:
            if waiver.rule == rule_id and scope_key(waiver.scope) in (key, PROGRAMME):
                return waiver.reason
        return None


def evaluate(ctx: RuleContext) -> None:
    """Run every legal and policy rule in every scope; fill ``ctx.checks`` and ``ctx.findings``."""
    rules = gap_rules(ctx.schedule)
    for info in ctx.scopes.values():
        if not info.entries:
            continue
        for rule in rules:
            _evaluate_gap(ctx, info, rule)
        for required in legal_rules().rules:
            if isinstance(required, RequiredRule):
                _evaluate_required(ctx, info, required)
        _ambiguous_procedure(ctx, info)
        _deadline_days(ctx, info)


def _evaluate_gap(ctx: RuleContext, info: ScopeInfo, rule: GapRule) -> None:
    if rule.procedures is not None and info.procedure not in rule.procedures:
        return
    if rule.requires_option is not None and rule.requires_option not in ctx.options(info.key):
        return
    earliers = ctx.visible(info.key, rule.earlier)
    laters = ctx.visible(info.key, rule.later)
    own = {e.id for e in info.entries}
    for earlier in earliers:
        for later in laters:
            if earlier.id == later.id or (earlier.id not in own and later.id not in own):
                continue
            if rule.valid_on(earlier.date):
                _check_pair(ctx, info, rule, earlier, later)


@dataclass(frozen=True)
class _Outcome:
    ok: bool
    bound: dt.date
    sentence: str
    sentence_nl: str


@dataclass(frozen=True)
class _Period:
    """A rule's gap in one scope, after the schedule's options and the adjustments."""

    unit: str
    total: int
    base: int
    """The rule's own count (before options and adjustments)."""
    text: str
    """English, e.g. ``40 calendar days (45 − 5 for electronic submission accepted)``."""
    steps_nl: str
    """The computation in numbers for the Dutch sentence (``45 − 5``), or empty."""
    citations: tuple[str, ...]
    from_quarter_end: bool


def _period(rule: GapRule, chosen: frozenset[str], facts: frozenset[str], procedure: str | None) -> _Period:
    """The gap of ``rule`` given the chosen schedule options and the scope's facts."""
    unit, base = rule.gap.amount
    count = base
    override = None
    for candidate in rule.options:
        if candidate.procedures and procedure not in candidate.procedures:
            continue
        applies = candidate.option in chosen and (candidate.min is None or rule.bound == "min")
        if applies and (override is None or _days(candidate.min) < _days(override.min)):
            override = candidate
    citations: list[str] = []
    head = f"{base}"
    if override is not None:
        citations.append(override.citation)
        if override.min is not None:
            unit, count = override.min.amount
            head = f"{count} {override.reason}"
    applied = [a for a in rule.adjustments if a.when in facts and not (set(a.not_with) & chosen)]
    total = count + sum(a.days for a in applied)
    floor_note = ""
    if override is not None and override.floor is not None and total < override.floor.amount[1]:
        total = override.floor.amount[1]
        floor_note = f", not under {total}"
    citations += [a.citation for a in applied]
    text = describe_en(unit, total)
    steps = "".join(f" {'+' if a.days > 0 else '−'} {abs(a.days)} for {a.reason}" for a in applied)
    if applied or (override is not None and override.min is not None):
        text += f" ({head}{steps}{floor_note})"
    steps_nl = ""
    if total != base:
        numbers = "".join(f" {'+' if a.days > 0 else '−'} {abs(a.days)}" for a in applied)
        steps_nl = f"{count}{numbers}" if numbers else ""
        if steps_nl and floor_note:
            steps_nl += f", niet minder dan {total}"
    quarter = rule.from_quarter_end or (override is not None and override.from_quarter_end)
    return _Period(unit, total, base, text, steps_nl, tuple(citations), quarter)


def _days(gap: Gap | None) -> int:
    return 10**9 if gap is None else gap.amount[1]


def _measure(ctx: RuleContext, rule: GapRule, period: _Period, earlier: Entry, later: Entry) -> _Outcome:
    unit, total, required = period.unit, period.total, period.text
    calendar = ctx.calendar
    if rule.subject == "later":
        base = quarter_end(earlier.date) if period.from_quarter_end else earlier.date
        bound = advance(calendar, base, unit, total, +1)
        note = ""
        roll = ctx.schedule.policy.roll_forward and rule.statutory_period and rule.bound == "min"
        if roll:
            bound, notes = calendar.statutory_end(base, bound)
            note = f" ({'; '.join(notes)})" if notes else ""
        if rule.exclusive:
            bound += dt.timedelta(days=1)
        word = "more than" if rule.exclusive else ("at least" if rule.bound == "min" else "at most")
        anchor = f"the end of the quarter of {earlier.label}" if period.from_quarter_end else earlier.label
        sentence = (
            f"{later.label} ({later.date.isoformat()}) must be {word} {required} after {anchor} "
            f"({base.isoformat()}), so on or {'after' if rule.bound == 'min' else 'before'} "
            f"{bound.isoformat()}{note}"
        )
        ok = later.date >= bound if rule.bound == "min" else earlier.date <= later.date <= bound
    else:
        bound = advance(calendar, later.date, unit, total, -1)
        if rule.exclusive:
            bound -= dt.timedelta(days=1)
        word = "more than" if rule.exclusive else ("at least" if rule.bound == "min" else "at most")
        sentence = (
            f"{earlier.label} ({earlier.date.isoformat()}) must be {word} {required} before {later.label} "
            f"({later.date.isoformat()}), so on or {'before' if rule.bound == 'min' else 'after'} "
            f"{bound.isoformat()}"
        )
        ok = earlier.date <= bound if rule.bound == "min" else bound <= earlier.date <= later.date
    origin = quarter_end(earlier.date) if period.from_quarter_end else earlier.date
    distance = describe_distance(calendar, origin, later.date, unit)
    relation = "after" if later.date >= origin else "before"
    sentence += f"; it is {distance} {relation if rule.subject == 'later' else _flip(relation)}"
    return _Outcome(ok, bound, sentence, _dutch(rule, period, earlier, later, bound))


def _dutch(rule: GapRule, period: _Period, earlier: Entry, later: Entry, bound: dt.date) -> str:
    """The outcome in Dutch: ``Uiterste datum inschrijving: gepland 18 maart 2026; vroegst 13 maart 2026
    (ten minste 40 kalenderdagen na Publicatie aankondiging)``."""
    word = "meer dan" if rule.exclusive else ("ten minste" if rule.bound == "min" else "ten hoogste")
    amount = f"{word} {describe_nl(period.unit, period.total)}"
    if period.steps_nl:
        amount += f" ({period.steps_nl})"
    if rule.subject == "later":
        subject, other, relation = later, earlier, "na"
        edge = "vroegst" if rule.bound == "min" else "uiterlijk"
        if period.from_quarter_end:
            relation = "na het einde van het kwartaal van"
    else:
        subject, other, relation = earlier, later, "voor"
        edge = "uiterlijk" if rule.bound == "min" else "vroegst"
    return (
        f"{subject.label}: gepland {format_nl(subject.date)}; {edge} {format_nl(bound)} "
        f"({amount} {relation} {other.label})"
    )


def _flip(relation: str) -> str:
    return "before" if relation == "after" else "after"


def _check_pair(ctx: RuleContext, info: ScopeInfo, rule: GapRule, earlier: Entry, later: Entry) -> None:
    period = _period(rule, ctx.options(info.key), ctx.facts(info), info.procedure)
    outcome = _measure(ctx, rule, period, earlier, later)
    citation = "; ".join([rule.citation, *period.citations])
    waived = ctx.waiver(rule.id, info.key) if rule.source == "legal" else None
    dates = ((earlier.id, earlier.date), (later.id, later.date))
    state = "ok" if outcome.ok else ("waived" if waived else "breach")
    severity = rule.severity_for(info.procedure)
    analogous = rule.source == "legal" and info.procedure in rule.analogous
    check = Check(
        rule.id, rule.label, rule.source, info.key.text, state, severity, citation,  # type: ignore[arg-type]
        outcome.sentence, dates, outcome.bound, waived, outcome.sentence_nl, analogous,
    )  # fmt: skip
    ctx.checks.append(check)
    if state != "breach":
        return
    subject = later if rule.subject == "later" else earlier
    analogy = (
        f" (applied by analogy to the {info.procedure} procedure)"
        if severity != "error" and rule.source == "legal"
        else ""
    )
    message = f"{rule.name}{analogy}: {outcome.sentence}; source: {citation} (rule {rule.id})"
    problem = ctx.doc.problem(ctx.paths[subject.id], message, severity=severity)
    ctx.findings.append(Finding(problem, rule.id, citation, dates))


def _procedure_start(info: ScopeInfo) -> dt.date | None:
    dates = [e.date for e in info.entries if e.kind == "milestone" and e.type in PROCEDURAL_TYPES]
    return min(dates) if dates else None


def _evaluate_required(ctx: RuleContext, info: ScopeInfo, rule: RequiredRule) -> None:
    start = _procedure_start(info)
    if start is None or info.procedure not in rule.procedures:
        return
    if start < rule.valid_from or (rule.valid_to is not None and start > rule.valid_to):
        return
    if rule.requires_option is not None and rule.requires_option not in ctx.options(info.key):
        return
    found: list[Entry] = []
    for type_ in (rule.milestone, *rule.alternatives):
        found = found or ctx.visible(info.key, type_)
    waived = ctx.waiver(rule.id, info.key)
    type_label = MILESTONE_LABELS[rule.milestone]
    if found:
        detail = f"{found[0].label} ({found[0].date.isoformat()}) is planned"
        detail_nl = f"{found[0].label}: gepland {format_nl(found[0].date)}"
        state = "ok"
    else:
        detail_nl = f"{type_label} ontbreekt in de planning"
        wanted = " or ".join(f"`{t}` ({MILESTONE_LABELS[t]})" for t in (rule.milestone, *rule.alternatives))
        detail = f"the {info.procedure} procedure of {_scope_words(info)} has no milestone of type {wanted}"
        state = "waived" if waived else "breach"
    dates = tuple((e.id, e.date) for e in found[:1])
    check = Check(
        rule.id, rule.label, "legal", info.key.text, state, "error", rule.citation, detail, dates, None,  # type: ignore[arg-type]
        waived, detail_nl,
    )  # fmt: skip
    ctx.checks.append(check)
    if state == "breach":
        message = f"{rule.name}: {detail}; source: {rule.citation} (rule {rule.id})"
        ctx.findings.append(Finding(ctx.doc.problem(info.first_path, message), rule.id, rule.citation, ()))


def _deadline_days(ctx: RuleContext, info: ScopeInfo) -> None:
    """Deadlines on days bidders and the Atw do not expect (see `deadlines` in data/legal/periods.yaml).

    With roll-forward on, a *fixed* deadline on a Saturday, Sunday or feestdag stays as written (the documents
    print it) and is warned about with the date the Atw would give; computed dates already move. A deadline for
    tenders or requests to participate on a Saturday, Sunday or feestdag is warned about with roll-forward off
    too, and so is a standstill period ending on such a day (the Atw extends it, so signing the next working day
    falls inside it).
    """
    deadlines = legal_rules().deadlines
    roll = ctx.schedule.policy.roll_forward
    for entry in info.entries:
        if entry.kind != "milestone":
            continue
        day = entry.date
        if roll and entry.basis == FIXED and entry.type in deadlines.types and not ctx.calendar.is_working_day(day):
            moved, _ = ctx.calendar.statutory_end(day, day)
            message = (
                f"{entry.label} ({day.isoformat()}) is a fixed date on a {ctx.calendar.describe(day)}; with "
                f"policy.roll_forward a statutory period ending that day runs on to {moved.isoformat()}, but a "
                "fixed date is not moved, so the documents would print a date the law extends: set it to a "
                f"working day; source: {deadlines.citation} (rule {RULE_FIXED_DEADLINE})"
            )
            _warn(ctx, entry, message, RULE_FIXED_DEADLINE, deadlines.citation)
        elif entry.type in deadlines.off_day_types and not ctx.calendar.is_working_day(day):
            message = (
                f"{entry.label} ({day.isoformat()}) falls on a {_off_day(ctx.calendar, day)}: bidders, the "
                "authority's helpdesk and e-procurement portals do not expect a deadline then; move it to a working "
                f"day (rule {RULE_OFF_DAY_DEADLINE})"
            )
            _warn(ctx, entry, message, RULE_OFF_DAY_DEADLINE, "")
        elif not roll and entry.type == "einde-standstill" and not ctx.calendar.is_working_day(day):
            moved = ctx.calendar.next_working_day(day)
            early = [e for e in ctx.visible(info.key, "ondertekening") if e.date <= moved]
            if not early:
                continue
            signed = ", ".join(f"{e.label} ({e.date.isoformat()})" for e in early)
            message = (
                f"{entry.label} ({day.isoformat()}) falls on a {_off_day(ctx.calendar, day)}: a statutory period "
                f"ending on such a day runs on to {moved.isoformat()}, so {signed} falls within the standstill "
                f"period; sign after {moved.isoformat()} or set policy.roll_forward; source: {deadlines.citation}, "
                f"unverified (rule {RULE_STANDSTILL_OFF_DAY})"
            )
            _warn(ctx, entry, message, RULE_STANDSTILL_OFF_DAY, deadlines.citation)


def _off_day(calendar: DutchCalendar, day: dt.date) -> str:
    """English: `Saturday`, `Sunday` or `public holiday (Tweede Paasdag)`."""
    off = calendar.day_off(day)
    if off is not None:
        return f"public holiday ({off.name})"
    return "Saturday" if day.weekday() == 5 else "Sunday"


def _warn(ctx: RuleContext, entry: Entry, message: str, rule: str, citation: str) -> None:
    problem = ctx.doc.problem(ctx.paths[entry.id], message, severity="warning")
    ctx.findings.append(Finding(problem, rule, citation, ((entry.id, entry.date),)))


def _scope_words(info: ScopeInfo) -> str:
    if info.key.kind == "programme":
        return "the programme"
    return f"{info.key.kind} `{info.key.text}`"


def _ambiguous_procedure(ctx: RuleContext, info: ScopeInfo) -> None:
    """Programme-wide procedural milestones cannot be checked when the programme uses several procedures."""
    if info.key.kind != "programme" or info.procedure is not None or len(info.procedures_seen) < 2:
        return
    own = [e for e in info.entries if e.kind == "milestone" and e.type in PROCEDURAL_TYPES]
    if not own:
        return
    kinds = ", ".join(info.procedures_seen)
    message = (
        f"programme-wide milestone `{own[0].id}` ({own[0].type}) cannot be checked against the procedure "
        "rules: "
        f"the programme uses several procedures ({kinds}); give it a tender or unit scope"
    )
    ctx.findings.append(
        Finding(ctx.doc.problem(ctx.paths[own[0].id], message, severity="warning"), "procedure-scope", "", ())
    )


def waiver_problems(doc: Document, schedule: Schedule) -> Iterator[Problem]:
    """Waivers of unknown rules or of rules the law does not let you set aside."""
    known = {rule.id: rule for rule in legal_rules().rules}
    for index, waiver in enumerate(schedule.policy.waivers):
        path = ("policy", "waivers", index, "rule")
        rule = known.get(waiver.rule)
        if rule is None:
            yield doc.problem(path, f"unknown legal rule `{waiver.rule}` (known: {', '.join(sorted(known))})")
        elif rule.waivable is None:
            yield doc.problem(path, f"legal rule `{waiver.rule}` cannot be waived ({rule.citation})")
    policy_ids = [rule.id for rule in schedule.policy.rules]
    for index, rule_id in enumerate(policy_ids):
        path = ("policy", "rules", index, "id")
        if rule_id in known:
            yield doc.problem(path, f"`{rule_id}` is the id of a legal rule; choose another id")
        elif policy_ids.index(rule_id) != index:
            yield doc.problem(path, f"duplicate policy rule id `{rule_id}`")


def option_problems(spec: Spec, doc: Document, schedule: Schedule) -> Iterator[Problem]:
    """Period options the law does not allow where the schedule chose them."""
    for index, option in enumerate(schedule.policy.period_options):
        path = ("policy", "period_options", index, "option")
        units = _units_in(spec, scope_key(option.scope))
        procedures = {p for u in units if (p := effective_procedure(spec, u)) is not None}
        if option.option == "electronic-submission":
            for unit in units:
                instrument = unit.instrument
                if isinstance(instrument, Aanbesteding) and not instrument.electronic_submission:
                    yield doc.problem(
                        path,
                        f"unit `{unit.id}` does not accept electronic submission (instrument.electronic_submission: "
                        "false); Aanbestedingswet 2012 art. 2.74b allows the 5-day shortening only when it does",
                    )
        if option.option in ("urgency", "prior-information-notice") and procedures and procedures <= {"sas"}:
            yield doc.problem(
                path,
                f"`{option.option}` does not apply to the sas procedure: art. 2.39 lid 2 Aanbestedingswet 2012 "
                "does not apply the period rules of § 2.3.2.3 to it; give the option a tender or unit scope",
            )
        if option.option == "quarterly-award-notices" and "sas" not in procedures:
            yield doc.problem(
                path,
                "`quarterly-award-notices` is modelled for the sas procedure only (art. 2.134 lid 3 "
                "Aanbestedingswet 2012, social and other specific services); give the option a sas scope",
            )


def _units_in(spec: Spec, key: ScopeKey) -> list[Unit]:
    if key.kind == "programme":
        return [u for u in spec.units if effective_procedure(spec, u) is not None]
    if key.kind == "tender":
        return spec.units_of_tender(key.parts[1])
    return [spec.unit(key.parts[1])]
