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
from tendergen.schedule.compute import PROGRAMME, ScopeKey, scope_key
from tendergen.schedule.model import MILESTONE_LABELS, Gap, MilestoneType, Schedule
from tendergen.schedule.periods import advance, describe_distance, describe_en, describe_nl
from tendergen.schedule.timeline import Check, Entry, Finding
from tendergen.spec.types import Procedure, SpecModel
from tendergen.spec.unit import Aanbesteding, Unit

Fact = Literal["electronic_submission", "documents_not_fully_electronic"]

PROCEDURAL_TYPES = frozenset(
    {
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


class _RuleBase(SpecModel):
    id: str
    name: str = Field(description="English name used in messages.")
    label: str = Field(description="Dutch description used in documents.")
    procedures: list[Procedure]
    citation: str
    sources: list[str] = Field(default_factory=list)
    note: str | None = None
    waivable: str | None = Field(default=None, description="When the law allows setting the rule aside.")
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
    statutory_period: bool = False
    exclusive: bool = False
    from_quarter_end: bool = False


class RequiredRule(_RuleBase):
    kind: Literal["required"]
    milestone: MilestoneType


LegalRule = Annotated[LegalGapRule | RequiredRule, Field(discriminator="kind")]


class LegalRules(SpecModel):
    rules: list[LegalRule]


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
    statutory_period: bool = False
    exclusive: bool = False
    from_quarter_end: bool = False

    @property
    def severity(self) -> Severity:
        return "error" if self.source == "legal" else "warning"

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
                    statutory_period=rule.statutory_period,
                    exclusive=rule.exclusive,
                    from_quarter_end=rule.from_quarter_end,
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
    tenders = [u.instrument for u in units if isinstance(u.instrument, Aanbesteding)]
    facts: set[str] = set()
    if tenders and all(t.electronic_submission for t in tenders):
        facts.add("electronic_submission")
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


def _evaluate_gap(ctx: RuleContext, info: ScopeInfo, rule: GapRule) -> None:
    if rule.procedures is not None and info.procedure not in rule.procedures:
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


def _minimum(rule: GapRule, info: ScopeInfo) -> tuple[str, int, str, list[str]]:
    """Unit, count, English description and extra citations of a rule's gap after adjustments."""
    unit, count = rule.gap.amount
    applied = [a for a in rule.adjustments if a.when in info.facts]
    total = count + sum(a.days for a in applied)
    text = describe_en(unit, total)
    if applied:
        steps = " ".join(f"{'+' if a.days > 0 else '−'} {abs(a.days)} for {a.reason}" for a in applied)
        text += f" ({count} {steps})"
    return unit, total, text, [a.citation for a in applied]


def _measure(ctx: RuleContext, rule: GapRule, info: ScopeInfo, earlier: Entry, later: Entry) -> _Outcome:
    unit, total, required, _ = _minimum(rule, info)
    calendar = ctx.calendar
    if rule.subject == "later":
        base = quarter_end(earlier.date) if rule.from_quarter_end else earlier.date
        bound = advance(calendar, base, unit, total, +1)
        note = ""
        roll = ctx.schedule.policy.roll_forward and rule.statutory_period and rule.bound == "min"
        if roll and not calendar.is_working_day(bound):
            note = f" ({bound.isoformat()} is a {calendar.describe(bound)}; Algemene termijnenwet roll-forward)"
            bound = calendar.next_working_day(bound)
        if rule.exclusive:
            bound += dt.timedelta(days=1)
        word = "more than" if rule.exclusive else ("at least" if rule.bound == "min" else "at most")
        anchor = f"the end of the quarter of {earlier.label}" if rule.from_quarter_end else earlier.label
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
    origin = quarter_end(earlier.date) if rule.from_quarter_end else earlier.date
    distance = describe_distance(calendar, origin, later.date, unit)
    relation = "after" if later.date >= origin else "before"
    sentence += f"; it is {distance} {relation if rule.subject == 'later' else _flip(relation)}"
    return _Outcome(ok, bound, sentence, _dutch(rule, info, earlier, later, bound))


def _dutch(rule: GapRule, info: ScopeInfo, earlier: Entry, later: Entry, bound: dt.date) -> str:
    """The outcome in Dutch: ``Uiterste datum inschrijving: gepland 18 maart 2026; vroegst 13 maart 2026
    (ten minste 40 kalenderdagen na Publicatie aankondiging)``."""
    unit, count = rule.gap.amount
    total = count + sum(a.days for a in rule.adjustments if a.when in info.facts)
    word = "meer dan" if rule.exclusive else ("ten minste" if rule.bound == "min" else "ten hoogste")
    amount = f"{word} {describe_nl(unit, total)}"
    if total != count:
        amount += f" ({count} {'+' if total > count else '−'} {abs(total - count)})"
    if rule.subject == "later":
        subject, other, relation = later, earlier, "na"
        edge = "vroegst" if rule.bound == "min" else "uiterlijk"
        if rule.from_quarter_end:
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
    outcome = _measure(ctx, rule, info, earlier, later)
    citation = "; ".join([rule.citation, *_minimum(rule, info)[3]])
    waived = ctx.waiver(rule.id, info.key) if rule.source == "legal" else None
    dates = ((earlier.id, earlier.date), (later.id, later.date))
    state = "ok" if outcome.ok else ("waived" if waived else "breach")
    check = Check(
        rule.id, rule.label, rule.source, info.key.text, state, rule.severity, citation,  # type: ignore[arg-type]
        outcome.sentence, dates, outcome.bound, waived, outcome.sentence_nl,
    )  # fmt: skip
    ctx.checks.append(check)
    if state != "breach":
        return
    subject = later if rule.subject == "later" else earlier
    message = f"{rule.name}: {outcome.sentence}; source: {citation} (rule {rule.id})"
    problem = ctx.doc.problem(ctx.paths[subject.id], message, severity=rule.severity)
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
    found = ctx.visible(info.key, rule.milestone)
    waived = ctx.waiver(rule.id, info.key)
    type_label = MILESTONE_LABELS[rule.milestone]
    if found:
        detail = f"{found[0].label} ({found[0].date.isoformat()}) is planned"
        detail_nl = f"{found[0].label}: gepland {format_nl(found[0].date)}"
        state = "ok"
    else:
        detail_nl = f"{type_label} ontbreekt in de planning"
        detail = (
            f"the {info.procedure} procedure of {_scope_words(info)} has no milestone of type "
            f"`{rule.milestone}` ({type_label})"
        )
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
