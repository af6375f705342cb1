"""The schedule file ``schedules/<programme>.yaml``: milestones and phases with absolute or relative dates.

A date is either absolute (``2026-02-02``) or relative to another milestone or phase boundary::

    date: {after: publicatie, days: 45}
    date: {before: start-dienstverlening, months: 3}
    start: {after: ondertekening, working_days: 1}
    end: {before: start-dienstverlening, days: 1}

References name a milestone by id, or a phase boundary as ``<phase>.start`` / ``<phase>.end``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, GetJsonSchemaHandler, StringConstraints, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from tendergen.spec.types import Slug, SpecModel, Text

TimeOfDay = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
"""A time of day, ``HH:MM`` (24 hours)."""

UNITS = ("days", "working_days", "weeks", "months")


def amount_of(model: object) -> tuple[str, int]:
    """The one length field that is set on a validated date or gap, as (unit, count)."""
    for name in UNITS:
        value = getattr(model, name)
        if value is not None:
            return name, value
    raise AssertionError("a validated relative date or gap has an amount")  # pragma: no cover


_REF = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.(?:start|end))?$")

MilestoneType = Literal[
    "besluit-college",
    "besluit-raad",
    "advies",
    "marktconsultatie",
    "vooraankondiging",
    "publicatie",
    "aanmelddeadline",
    "uitnodiging",
    "vragen-deadline",
    "nota-van-inlichtingen",
    "inschrijfdeadline",
    "gunningsbeslissing",
    "einde-standstill",
    "ondertekening",
    "aankondiging-gunning",
    "implementatie",
    "start-dienstverlening",
    "overig",
]

MILESTONE_LABELS: dict[str, str] = {
    "besluit-college": "Besluit college",
    "besluit-raad": "Besluit gemeenteraad",
    "advies": "Advies adviesraden",
    "marktconsultatie": "Marktconsultatie",
    "vooraankondiging": "Vooraankondiging",
    "publicatie": "Publicatie aankondiging",
    "aanmelddeadline": "Uiterste datum verzoeken tot deelneming",
    "uitnodiging": "Uitnodiging tot inschrijving",
    "vragen-deadline": "Uiterste datum vragen",
    "nota-van-inlichtingen": "Nota van inlichtingen",
    "inschrijfdeadline": "Uiterste datum inschrijving",
    "gunningsbeslissing": "Gunningsbeslissing",
    "einde-standstill": "Einde Alcatel-termijn",
    "ondertekening": "Ondertekening overeenkomsten",
    "aankondiging-gunning": "Aankondiging gegunde opdracht",
    "implementatie": "Implementatie",
    "start-dienstverlening": "Start dienstverlening",
    "overig": "Mijlpaal",
}
"""Dutch default label per milestone type, used when a milestone has no `label`."""

Owner = Literal[
    "college",
    "raad",
    "colleges",
    "raden",
    "gemeente",
    "regio",
    "inkoop",
    "aanbieders",
    "uitvoerders",
    "adviesraden",
    "belanghebbenden",
    "toegang",
    "contractmanagement",
    "algemeen-bestuur",
    "dagelijks-bestuur",
    "uitvoeringsorganisatie",
]

OWNER_LABELS: dict[str, str] = {
    "college": "College van B&W",
    "raad": "Gemeenteraad",
    "colleges": "Colleges",
    "raden": "Gemeenteraden",
    "gemeente": "Gemeente",
    "regio": "Regio",
    "inkoop": "Inkoop",
    "aanbieders": "Aanbieders",
    "uitvoerders": "Uitvoerders",
    "adviesraden": "Adviesraden",
    "belanghebbenden": "Belanghebbenden",
    "toegang": "Toegang",
    "contractmanagement": "Contractmanagement",
    "algemeen-bestuur": "Algemeen bestuur",
    "dagelijks-bestuur": "Dagelijks bestuur",
    "uitvoeringsorganisatie": "Uitvoeringsorganisatie",
}
OPERATOR_OWNER = "uitvoeringsorganisatie"
"""The owner that stands for the programme's operator (authority.operator); the planning prints its name."""


def _check_ref(value: str) -> str:
    if _REF.fullmatch(value):
        return value
    raise ValueError(f"`{value}` is not a milestone id or `<phase>.start` / `<phase>.end`")


Ref = Annotated[str, AfterValidator(_check_ref), Field(json_schema_extra={"pattern": _REF.pattern})]


class DateSpec(SpecModel):
    """A date: absolute (``2026-02-02``, kept in ``fixed``) or computed from another milestone or phase
    boundary (``{after: publicatie, days: 45}``)."""

    fixed: dt.date | None = Field(default=None, description="An absolute date; `date: 2026-02-02` means this.")
    after: Ref | None = Field(default=None, description="Milestone id (or `<phase>.start|end`) this date follows.")
    before: Ref | None = Field(default=None, description="Milestone id (or `<phase>.start|end`) this date precedes.")
    days: int | None = Field(default=None, ge=0, le=3650, description="Calendar days (kalenderdagen).")
    working_days: int | None = Field(
        default=None,
        ge=0,
        le=2000,
        description="Working days (werkdagen): no weekends, Atw feestdagen or equalised days.",
    )
    weeks: int | None = Field(default=None, ge=0, le=520, description="Weeks of seven days.")
    months: int | None = Field(
        default=None,
        ge=0,
        le=120,
        description="Calendar months; a day past the month's end clamps to its last day.",
    )
    roll_forward: bool | None = Field(
        default=None,
        description="Override the programme's `policy.roll_forward` for this date: a date after a "
        "reference that lands on a Saturday, Sunday or feestdag moves to the next working day (a date before "
        "one, to the previous working day).",
    )

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """A date may also be written as a plain YYYY-MM-DD value (the before-validator below)."""
        return {"anyOf": [{"type": "string", "format": "date"}, handler(core_schema)]}

    @model_validator(mode="before")
    @classmethod
    def _absolute(cls, value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return {"fixed": value}
        if isinstance(value, dict):
            return value
        raise ValueError("expected a date (YYYY-MM-DD) or a relative date such as {after: publicatie, days: 45}")

    @model_validator(mode="after")
    def _one_anchor_one_amount(self) -> DateSpec:
        amounts = [name for name in UNITS if getattr(self, name) is not None]
        if self.fixed is not None:
            if self.after is not None or self.before is not None or amounts or self.roll_forward is not None:
                raise ValueError("an absolute date takes no `after`, `before`, amount or `roll_forward`")
            return self
        if (self.after is None) == (self.before is None):
            raise ValueError("give exactly one of `after` or `before`")
        if len(amounts) != 1:
            found = ", ".join(f"`{a}`" for a in amounts) if amounts else "none"
            raise ValueError(f"give exactly one of `days`, `working_days`, `weeks` or `months` (found {found})")
        return self

    @property
    def is_relative(self) -> bool:
        """True when the date is computed from a reference."""
        return self.fixed is None

    @property
    def reference(self) -> str:
        """The milestone id or phase boundary a relative date is computed from."""
        ref = self.after if self.after is not None else self.before
        assert ref is not None, "only relative dates have a reference"
        return ref

    @property
    def direction(self) -> int:
        """+1 for `after`, -1 for `before`."""
        return 1 if self.after is not None else -1

    @property
    def amount(self) -> tuple[str, int]:
        """The unit (`days`, `working_days`, `weeks`, `months`) and count."""
        return amount_of(self)


class Scope(SpecModel):
    """What an item belongs to: the programme (no keys, or the word `programme`), a grouped tender, a unit, or
    a lot of a unit."""

    tender: Slug | None = Field(default=None, description="Id of a grouped tender in programme.yaml `tenders`.")
    unit: Slug | None = Field(default=None, description="Id of a unit (bundel/segment).")
    lot: Slug | None = Field(default=None, description="Id of a lot (perceel) of `unit`.")

    @model_validator(mode="before")
    @classmethod
    def _programme_word(cls, value: Any) -> Any:
        if value == "programme":
            return {}
        if isinstance(value, dict | Scope):
            return value
        raise ValueError("expected `programme` or a mapping such as {tender: jeugd} or {unit: crisis, lot: lokaal}")

    @model_validator(mode="after")
    def _one_target(self) -> Scope:
        if self.tender is not None and self.unit is not None:
            raise ValueError("give one of `tender` or `unit`, not both")
        if self.lot is not None and self.unit is None:
            raise ValueError("a `lot` needs the `unit` it belongs to")
        return self


class Milestone(SpecModel):
    """A moment in the planning: a decision, a deadline, a signing, a start."""

    id: Slug = Field(description="Milestone id (slug), unique in the schedule; relative dates refer to it.")
    type: MilestoneType = Field(
        default="overig",
        description="What happens; the legal and policy rules find milestones by type (publicatie, "
        "inschrijfdeadline, gunningsbeslissing, einde-standstill, ondertekening, start-dienstverlening …).",
    )
    label: Text | None = Field(default=None, description="Dutch label in tables and charts; defaults by type.")
    date: DateSpec = Field(
        description="Absolute date or a relative one ({after|before: id, days|working_days|weeks|months: N})."
    )
    time: TimeOfDay | None = Field(
        default=None,
        description="Time of day of a deadline, `HH:MM` (e.g. `12:00` for the tender deadline); printed after the "
        "date in the planning table and the leidraad. A deadline without one is warned about.",
    )
    owner: Owner = Field(
        description="Who acts: college, raad, regio, inkoop, aanbieders …; uitvoeringsorganisatie is the programme's "
        "authority.operator (a service bureau), printed by its name."
    )
    scope: Scope = Field(
        default_factory=Scope, description="programme, {tender: id}, {unit: id} or {unit: id, lot: id}."
    )
    note: Text | None = Field(default=None, description="Explanation (toelichting) shown in the planning table.")


class Phase(SpecModel):
    """A period with a start and an end: preparation, tender period, implementation."""

    id: Slug = Field(description="Phase id (slug), unique among milestones and phases.")
    label: Text = Field(description="Dutch label in tables and charts.")
    start: DateSpec = Field(description="First day of the phase: absolute or relative.")
    end: DateSpec = Field(description="Last day of the phase: absolute or relative.")
    owner: Owner = Field(description="Who acts during the phase.")
    scope: Scope = Field(
        default_factory=Scope, description="programme, {tender: id}, {unit: id} or {unit: id, lot: id}."
    )
    note: Text | None = Field(default=None, description="Explanation (toelichting) shown in the planning table.")


class Gap(SpecModel):
    """A length of time: exactly one of days, working_days, weeks or months."""

    days: int | None = Field(default=None, ge=0, le=3650, description="Calendar days.")
    working_days: int | None = Field(default=None, ge=0, le=2000, description="Working days.")
    weeks: int | None = Field(default=None, ge=0, le=520, description="Weeks.")
    months: int | None = Field(default=None, ge=0, le=120, description="Calendar months.")

    @model_validator(mode="after")
    def _one_amount(self) -> Gap:
        if len([name for name in UNITS if getattr(self, name) is not None]) != 1:
            raise ValueError("give exactly one of `days`, `working_days`, `weeks` or `months`")
        return self

    @property
    def amount(self) -> tuple[str, int]:
        """The unit (`days`, `working_days`, `weeks`, `months`) and count."""
        return amount_of(self)


class PolicyRule(SpecModel):
    """A rule the programme set for itself (e.g. contracts signed at least 3 months before the start);
    a breach is a warning."""

    id: Slug = Field(description="Rule id, shown in findings.")
    label: Text = Field(description="Dutch description for the planning document.")
    earlier: MilestoneType = Field(description="Type of the milestone that comes first.")
    later: MilestoneType = Field(description="Type of the milestone that comes after it.")
    subject: Literal["earlier", "later"] = Field(
        default="earlier", description="Which milestone a breach points at (the one to move)."
    )
    min: Gap | None = Field(default=None, description="Least time between the two milestones.")
    max: Gap | None = Field(default=None, description="Most time between the two milestones.")
    citation: Text = Field(description="Where the rule comes from, e.g. `Strategische kaders inkoop 2025, §6.2`.")
    valid_from: dt.date | None = Field(
        default=None, description="First date (of the earlier milestone) the rule applies."
    )
    valid_to: dt.date | None = Field(default=None, description="Last date (of the earlier milestone) the rule applies.")

    @model_validator(mode="after")
    def _bound(self) -> PolicyRule:
        if self.min is None and self.max is None:
            raise ValueError("give `min`, `max` or both")
        return self


class Waiver(SpecModel):
    """A legal rule set aside for one procedure, with the reason (only rules the law lets you set aside)."""

    rule: Slug = Field(description="Id of a waivable legal rule, e.g. `niet-openbaar-inschrijftermijn`.")
    scope: Scope = Field(default_factory=Scope, description="The procedure it applies to.")
    reason: Text = Field(description="Why, e.g. `termijn in overeenstemming met alle gegadigden vastgesteld`.")


PeriodOptionName = Literal["electronic-submission", "prior-information-notice", "urgency", "quarterly-award-notices"]


class PeriodOption(SpecModel):
    """A choice the law leaves to the authority that changes a statutory period for one procedure."""

    option: PeriodOptionName = Field(
        description="`electronic-submission`: shorten the tender period by 5 days because tenders are submitted "
        "electronically (Aw 2012 art. 2.74b); `prior-information-notice`: shortened tender period after a "
        "vooraankondiging (art. 2.71 lid 5-6); `urgency`: substantiated urgency (art. 2.74, and art. 2.54 lid 2 "
        "for the nota van inlichtingen); `quarterly-award-notices`: SAS award notices bundled per quarter "
        "(art. 2.134 lid 3)."
    )
    scope: Scope = Field(default_factory=Scope, description="The procedure it applies to (default: all).")
    reason: Text | None = Field(
        default=None, description="Why; required for `urgency`, which the authority must substantiate."
    )

    @model_validator(mode="after")
    def _substantiated(self) -> PeriodOption:
        if self.option == "urgency" and not self.reason:
            raise ValueError("`urgency` needs a `reason`: art. 2.74 requires the urgency to be substantiated")
        return self


class Policy(SpecModel):
    """Per-programme choices: the Atw roll-forward, period options, own planning rules, waivers."""

    roll_forward: bool = Field(
        default=False,
        description="Apply the Algemene termijnenwet (art. 1 lid 1 and art. 2): a computed date after a "
        "reference, and the end of a statutory period, that falls on a Saturday, Sunday or feestdag moves to "
        "the next working day, and a statutory period of three days or more holds at least two working days. "
        "A fixed deadline is not moved but warned about. "
        "Whether the Atw applies to tender periods is contested, so it is a choice per programme.",
    )
    period_options: list[PeriodOption] = Field(
        default_factory=list,
        description="Statutory period choices (electronic submission, prior information notice, urgency, "
        "quarterly award notices); none applies unless listed.",
    )
    rules: list[PolicyRule] = Field(default_factory=list, description="The programme's own planning rules.")
    waivers: list[Waiver] = Field(default_factory=list, description="Legal rules set aside, with the reason.")


class Schedule(SpecModel):
    """schedules/<programme>.yaml: the planning of one programme."""

    programme: Slug = Field(description="Id of the programme this schedule belongs to.")
    title: Text | None = Field(
        default=None, description="Title of the planning; defaults to `Planning <programme title>`."
    )
    policy: Policy = Field(default_factory=Policy, description="Roll-forward switch, own rules, waivers.")
    milestones: list[Milestone] = Field(min_length=1, description="Milestones (mijlpalen).")
    phases: list[Phase] = Field(default_factory=list, description="Phases (fasen) with a start and an end.")
