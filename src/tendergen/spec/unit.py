"""A procurement unit (bundel or segment): what is bought, how, how it is paid and under which conditions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from tendergen.spec.standard import ContractClauses, ContractStandard
from tendergen.spec.types import (
    Code,
    Cpv,
    Domain,
    Frequency,
    Money,
    Percent,
    Period,
    Procedure,
    Quantity,
    Slug,
    SpecModel,
    Text,
    Years,
)

# --------------------------------------------------------------------------- contractors


Allocation = Literal["keuze-client", "toegang", "rangorde", "roulatie", "minicompetitie"]
"""How clients (or orders) are allocated among several contractors."""


class Contractors(SpecModel):
    """How many contractors a tender, a unit with its own procedure or a lot is awarded to, whether the contract is a
    framework agreement (raamovereenkomst), and how clients are allocated among the contractors."""

    number: Literal["een", "meerdere", "alle-geschikten"] = Field(
        default="een",
        description="een: one contractor; meerdere: several side by side, at most `maximum`; alle-geschikten: every "
        "bidder that meets the eisen, the knock-out minimum scores and `threshold_points`.",
    )
    maximum: int | None = Field(
        default=None,
        ge=2,
        le=100,
        description="The most contractors the award goes to, for `meerdere` (the highest total scores).",
    )
    threshold_points: Percent | None = Field(
        default=None,
        description="For `alle-geschikten`: the lowest total score (points out of 100) at which a bid is awarded.",
    )
    framework: bool = Field(
        default=False,
        description="The contract is a raamovereenkomst: it fixes the terms, clients or orders follow from "
        "allocations during its term, and no volume is guaranteed.",
    )
    framework_reason: Text | None = Field(
        default=None,
        description="Why a framework agreement runs longer than four years (Aw 2012 art. 2.140 lid 3: only in "
        "soundly motivated exceptional cases), as a clause after `omdat`; printed in the leidraad.",
    )
    allocation: Allocation | None = Field(
        default=None,
        description="How clients are allocated among several contractors: keuze-client (the client chooses, with "
        "the toegang), toegang (the toegang allocates on the fit with the client's needs), rangorde (the first in "
        "the ranking of the award that has capacity), roulatie (in turn) or minicompetitie (a new competition "
        "among the contractors per order). Required with more than one contractor.",
    )
    allocation_note: Text | None = Field(
        default=None, description="More on the allocation, e.g. how capacity is reported; printed after it."
    )

    @property
    def several(self) -> bool:
        """More than one contractor may be awarded."""
        return self.number != "een"


def contractors_of(*levels: Contractors | int | None) -> Contractors:
    """The contractor model that applies, the most specific level first (a lot, then its tender or unit). An int
    on a lot gives the number only (1: one contractor; n: at most n side by side) and keeps the framework and
    allocation of the next level; without any level the award goes to one contractor, no framework."""
    count: int | None = None
    for level in levels:
        if isinstance(level, int) and count is None:
            count = level
        elif isinstance(level, Contractors):
            return level if count is None else _with_count(level, count)
    return _with_count(Contractors(), count) if count is not None else Contractors()


def _with_count(base: Contractors, count: int) -> Contractors:
    if count == 1:
        return base.model_copy(update={"number": "een", "maximum": None, "threshold_points": None})
    return base.model_copy(update={"number": "meerdere", "maximum": count, "threshold_points": None})


# --------------------------------------------------------------------------- instrument


class Aanbesteding(SpecModel):
    """Tender procedure under the Aanbestedingswet 2012."""

    kind: Literal["aanbesteding"] = Field(description="Instrument: aanbesteding (tender).")
    procedure: Procedure | None = Field(
        default=None,
        description="Procedure: openbaar, niet-openbaar, sas (sociale en andere specifieke diensten), "
        "meervoudig-onderhands or enkelvoudig-onderhands. Leave out when the unit is part of a grouped tender "
        "(`tender`); the tender's procedure applies.",
    )
    tender: Slug | None = Field(
        default=None,
        description="Id of a grouped tender in programme.yaml `tenders` that buys this unit together with others.",
    )
    electronic_submission: bool = Field(
        default=True,
        description="Tenders are submitted electronically; the schedule may then shorten the tender period "
        "by 5 days (Aw 2012 art. 2.74b, policy.period_options `electronic-submission`).",
    )
    documents_fully_electronic: bool = Field(
        default=True,
        description="All tender documents are available electronically from publication (else art. 2.72 lid 1: "
        "+5 days).",
    )
    variants_allowed: bool = Field(default=False, description="Bidders may submit variants (varianten).")
    contractors: Contractors | None = Field(
        default=None,
        description="Number of contractors, framework agreement and allocation of clients, for a unit with its own "
        "procedure (a unit of a grouped tender takes the tender's `contractors`). Default: one contractor.",
    )
    conduct_certificate: bool | None = Field(
        default=None,
        description="The authority asks the bidder it intends to award for a Gedragsverklaring aanbesteden (Aw 2012 "
        "art. 1.20); the inschrijfformulier then holds the declaration that one will be supplied. Default: asked "
        "in European procedures, not in national ones.",
    )


class OpenHouse(SpecModel):
    """Open-house admission: every provider that meets the requirements may join."""

    kind: Literal["open-house"] = Field(description="Instrument: open-house admission (toelatingsprocedure).")
    admission: Literal["doorlopend", "periodiek"] = Field(
        description="Admission is continuous (doorlopend) or only at set moments (periodiek)."
    )
    admission_moments: list[dt.date] = Field(
        default_factory=list, description="Dates on which admission opens, for periodiek admission."
    )
    decision_weeks: int | None = Field(
        default=None, ge=1, le=52, description="Weeks within which the authority decides on an application."
    )


class SubsidyTable(SpecModel):
    """A subsidietafel: partners who apply together, with one joint implementation plan (uitvoeringsplan), for a
    share of the subsidy."""

    id: Slug = Field(description="Table id (slug), unique within the unit, e.g. `jeugd`.")
    name: Text = Field(description="Name of the table, e.g. `Tafel Jeugd en gezin`.")
    description: Text | None = Field(default=None, description="What the table's partners do together.")
    partners: list[Text] = Field(
        default_factory=list,
        description="Partners at the table when the call is published; empty when the call forms the table.",
    )
    lead_partner: Text | None = Field(
        default=None,
        description="Penvoerder: the partner that applies for the table, receives the subsidy and accounts for it; "
        "one of `partners` when they are given.",
    )
    implementation_plan: Text = Field(
        description="What the partners' joint implementation plan (uitvoeringsplan) sets out, e.g. `de activiteiten, "
        "de taakverdeling tussen de partners, de resultaten en de begroting`."
    )
    plan_due: dt.date | None = Field(
        default=None,
        description="Date by which the joint implementation plan is submitted; default: with the application.",
    )
    ceiling: Money | None = Field(
        default=None,
        description="Subsidy ceiling of this table in euros, for the instrument's `ceiling_per`; the tables' ceilings "
        "sum to the instrument's ceiling when every table has one.",
    )


class Subsidie(SpecModel):
    """Grant under the Awb and the local Algemene subsidieverordening."""

    kind: Literal["subsidie"] = Field(description="Instrument: subsidie (grant).")
    regulation: Text = Field(description="Legal basis, e.g. `Algemene subsidieverordening Nieuwkoop 2020`.")
    subsidy_type: Literal["jaarlijks", "meerjarig", "eenmalig"] = Field(
        description="Annual, multi-year or one-off grant."
    )
    ceiling: Money = Field(description="Subsidieplafond in euros for the period below.")
    ceiling_per: Period = Field(default="jaar", description="Period the ceiling applies to.")
    application_opens: dt.date = Field(description="First day applications can be submitted (aanvraagtermijn).")
    application_closes: dt.date = Field(description="Last day applications can be submitted.")
    criteria: list[Text] = Field(min_length=1, description="Criteria on which applications are assessed.")
    distribution: Text = Field(
        description="How the ceiling is distributed, e.g. rangschikking op basis van de beoordelingscriteria."
    )
    reporting: Text = Field(description="What the grantee reports and when (verantwoording).")
    decision_weeks: int | None = Field(
        default=None,
        ge=1,
        le=52,
        description="Beslistermijn: weeks after the application window closes within which the authority decides on "
        "every application (as the regulation sets it); the call prints the date it gives.",
    )
    tables: list[SubsidyTable] = Field(
        default_factory=list,
        description="Subsidietafels: groups of partners that each submit one joint application with an "
        "implementation plan, each with its own share of the ceiling.",
    )
    entry_cycle_years: int | None = Field(
        default=None,
        ge=1,
        le=10,
        description="Toetredingscyclus of the tables: every this many years from the start new partners may join a "
        "table (the call and the decision print the entry moments within the term).",
    )

    @property
    def rest_ceiling(self) -> Decimal | None:
        """What is left of the ceiling for the tables without a ceiling of their own (None unless some tables have
        one and some do not)."""
        given = [t.ceiling for t in self.tables if t.ceiling is not None]
        if not given or len(given) == len(self.tables):
            return None
        return self.ceiling - sum(given, Decimal(0))

    @property
    def decision_by(self) -> dt.date | None:
        """The last day of the beslistermijn: the close of the application window plus `decision_weeks`."""
        if self.decision_weeks is None:
            return None
        return self.application_closes + dt.timedelta(weeks=self.decision_weeks)


class Dvo(SpecModel):
    """Service agreement with another public body."""

    kind: Literal["dvo"] = Field(description="Instrument: dienstverleningsovereenkomst with another public body.")
    counterparty: Text = Field(
        description="The public body that performs the service, e.g. `gemeente Alphen aan den Rijn`."
    )
    legal_basis: Text | None = Field(
        default=None,
        description="Basis for cooperation without a tender, e.g. Aw 2012 art. 2.24a (samenwerking).",
    )


class Inbesteding(SpecModel):
    """The authority performs the service itself (or through its own entity)."""

    kind: Literal["inbesteding"] = Field(description="Instrument: inbesteding (performed in-house).")
    executor: Text = Field(description="Who performs the task, e.g. `team Maatschappelijke Begeleiding`.")


Instrument = Annotated[Aanbesteding | OpenHouse | Subsidie | Dvo | Inbesteding, Field(discriminator="kind")]

# --------------------------------------------------------------------------- funding

PriceBasis = Literal["vast", "maximum"]
"""Whether the authority fixes a price (vast) or sets a ceiling that bidders offer against (maximum)."""


class Indexation(SpecModel):
    """How prices or budgets are indexed each year."""

    method: Literal["ova", "cpi", "cao", "geen"] = Field(
        description="Index: ova (overheidsbijdrage in de arbeidskostenontwikkeling), cpi, cao or geen."
    )
    moment: Text | None = Field(default=None, description="When indexation is applied, e.g. `per 1 januari`.")
    reference: Text | None = Field(default=None, description="Published index series used.")


class BudgetCeiling(SpecModel):
    """A budget ceiling (budgetplafond)."""

    amount: Money = Field(description="Ceiling in euros.")
    per: Period = Field(description="Period the ceiling applies to.")


class Volume(SpecModel):
    """Volume agreement with a minimum and/or maximum."""

    unit: Text = Field(description="What is counted, e.g. `cliënten` or `uren`.")
    min: Quantity | None = Field(default=None, description="Minimum volume per period.")
    max: Quantity | None = Field(default=None, description="Maximum volume per period.")
    per: Period = Field(default="jaar", description="Period the volumes apply to.")


PRICE_BASIS_DESCRIPTION = (
    "vast: the authority fixes the price and bidders do not compete on it; maximum: the price is a ceiling and "
    "bidders offer a price at or below it in the prijzenblad (needed for a price award criterion)."
)
REFERENCE_VOLUME_DESCRIPTION = (
    "Fictief volume: the reference quantity per year by which an offered price is weighted in the prijzenblad "
    "(required when price is an award criterion and the price is not fixed)."
)
ROW_LOTS_DESCRIPTION = (
    "Ids of the lots (percelen) this price belongs to; empty: every lot. A lot's prijzenblad holds its own rows "
    "only, and its weighted price is the sum of those."
)


class Tariff(SpecModel):
    """A price per unit of effort (inspanningsgericht)."""

    id: Code = Field(description="Product code, e.g. `45A07`.")
    service: Text = Field(description="Service the tariff is for.")
    unit: Literal["minuut", "uur", "dagdeel", "dag", "etmaal", "week", "maand", "stuk"] = Field(
        description="Unit the price applies to."
    )
    price: Money = Field(description="Price in euros per unit, excluding VAT.")
    price_basis: PriceBasis = Field(default="vast", description=PRICE_BASIS_DESCRIPTION)
    reference_volume: Quantity | None = Field(default=None, description=REFERENCE_VOLUME_DESCRIPTION)
    lots: list[Slug] = Field(default_factory=list, description=ROW_LOTS_DESCRIPTION)


class Arrangement(SpecModel):
    """A price per trajectory or arrangement (outputgericht)."""

    id: Code = Field(description="Arrangement code.")
    name: Text = Field(description="Name of the arrangement.")
    profile: Text | None = Field(default=None, description="Client profile the arrangement is for.")
    intensity: Literal["licht", "midden", "zwaar", "intensief"] | None = Field(
        default=None, description="Intensity level."
    )
    care_form: Text | None = Field(
        default=None, description="Care form (zorgvorm), e.g. `ambulant`, `dagbehandeling` or `verblijf`."
    )
    hours_per_week: Quantity | None = Field(
        default=None,
        gt=0,
        le=168,
        description="Intensity in hours of care per week (e.g. 2.5); printed with the profile.",
    )
    price: Money = Field(description="Price in euros per arrangement.")
    duration_months: int | None = Field(default=None, ge=1, le=120, description="Duration of the arrangement.")
    price_basis: PriceBasis = Field(default="vast", description=PRICE_BASIS_DESCRIPTION)
    reference_volume: Quantity | None = Field(default=None, description=REFERENCE_VOLUME_DESCRIPTION)
    lots: list[Slug] = Field(default_factory=list, description=ROW_LOTS_DESCRIPTION)

    @property
    def trajectories_per_place(self) -> Decimal | None:
        """How many trajectories one place (plek) serves per year: 12 / duration in months (None without one)."""
        if self.duration_months is None:
            return None
        return (Decimal(12) / Decimal(self.duration_months)).quantize(Decimal("0.1"))


class Lumpsum(SpecModel):
    """A fixed budget for a task (taakgericht)."""

    amount: Money = Field(description="Lumpsum amount in euros.")
    per: Period = Field(description="Period the amount is for (jaar, looptijd …).")
    price_basis: PriceBasis = Field(
        default="vast",
        description="vast: the authority fixes the lumpsum; maximum: the amount is a ceiling and bidders offer an "
        "amount at or below it in the prijzenblad (needed for a price award criterion).",
    )


class Availability(SpecModel):
    """An availability function, e.g. a 24/7 crisis service paid regardless of volume."""

    hours: Literal["24/7", "kantoortijden", "avond-en-weekend"] = Field(description="When the service is available.")
    response_hours: int | None = Field(default=None, ge=0, le=168, description="Maximum response time in hours.")
    amount: Money | None = Field(default=None, description="Yearly availability fee in euros, if separate.")


class ClientContribution(SpecModel):
    """Client contribution (eigen bijdrage) for a Wmo provision, collected by the CAK."""

    kind: Literal["abonnementstarief", "inkomensafhankelijk", "geen"] = Field(
        description="abonnementstarief (fixed monthly rate), inkomensafhankelijk or geen."
    )
    description: Text | None = Field(default=None, description="Explanation for providers and residents.")


class _FundingBase(SpecModel):
    budget_ceiling: BudgetCeiling | None = Field(default=None, description="Budget ceiling (budgetplafond).")
    volume: Volume | None = Field(default=None, description="Volume agreement (volumeafspraken).")
    indexation: Indexation | None = Field(default=None, description="Yearly indexation of prices or budgets.")
    availability: Availability | None = Field(default=None, description="Availability function (e.g. 24/7).")
    budgets_per_lot: dict[str, Money] = Field(default_factory=dict, description="Budget per lot id, in euros per year.")
    budgets_per_municipality: dict[str, Money] = Field(
        default_factory=dict, description="Budget per member municipality, in euros per year."
    )
    distribution_key: dict[str, Percent] = Field(
        default_factory=dict,
        description="Share of this unit's costs per member municipality in percent (sums to 100), where the "
        "programme's financing model does not fit this unit (e.g. availability functions).",
    )
    client_contribution: ClientContribution | None = Field(
        default=None, description="Client contribution (eigen bijdrage), for Wmo provisions."
    )

    @property
    def yearly_budget(self) -> Decimal | None:
        """The fixed yearly amount every document prints: a yearly lumpsum plus a separate yearly availability
        fee; None when neither is a yearly amount (the per-municipality budgets must then sum to it)."""
        lumpsum = getattr(self, "lumpsum", None)
        parts = [lumpsum.amount] if isinstance(lumpsum, Lumpsum) and lumpsum.per == "jaar" else []
        if self.availability is not None and self.availability.amount is not None:
            parts.append(self.availability.amount)
        return sum(parts, Decimal(0)) if parts else None


class Inspanningsgericht(_FundingBase):
    """Price times quantity per unit of effort (hour, dagdeel, etmaal)."""

    form: Literal["inspanningsgericht"] = Field(description="Funding form: inspanningsgericht.")
    tariffs: list[Tariff] = Field(default_factory=list, description="Tariffs per service and unit.")


class Outputgericht(_FundingBase):
    """A price per trajectory or arrangement per client profile and intensity."""

    form: Literal["outputgericht"] = Field(description="Funding form: outputgericht.")
    arrangements: list[Arrangement] = Field(default_factory=list, description="Arrangements with their price.")


class Taakgericht(_FundingBase):
    """A fixed budget (lumpsum) for a task and target group."""

    form: Literal["taakgericht"] = Field(description="Funding form: taakgericht (lumpsum).")
    lumpsum: Lumpsum | None = Field(default=None, description="The lumpsum: amount and period.")
    pgb_included: bool = Field(
        default=False, description="Personal budgets (PGB) are paid from the lumpsum (Nieuwkoop)."
    )


Funding = Annotated[Inspanningsgericht | Outputgericht | Taakgericht, Field(discriminator="form")]

# --------------------------------------------------------------------------- quality, award, conditions


class Requirement(SpecModel):
    """A quality requirement: knock-out eis, scored wens or KPI."""

    id: Code = Field(description="Requirement id, unique within the programme, e.g. `Q-CRI-01`.")
    kind: Literal["eis", "wens", "kpi"] = Field(description="eis (must), wens (scored) or kpi (monitored).")
    text: Text = Field(description="The requirement as it appears in the Programma van Eisen.")
    evidence: Text | None = Field(default=None, description="Evidence asked (bewijsstuk).")
    weight: Percent | None = Field(default=None, description="Weight of a wens within its award criterion.")
    criterion: Code | None = Field(default=None, description="Award criterion a wens is scored under.")
    target: Text | None = Field(default=None, description="Target value of a KPI, e.g. `≥ 90%`.")
    frequency: Frequency | None = Field(default=None, description="How often a KPI is reported.")


class AwardCriterion(SpecModel):
    """An award criterion (gunningscriterium) with its weight."""

    id: Code = Field(description="Criterion id, e.g. `G1`.")
    name: Text = Field(description="Name of the criterion.")
    kind: Literal["kwaliteit", "prijs", "kosten"] = Field(default="kwaliteit", description="Quality, price or cost.")
    weight: Percent = Field(description="Weight in percent; the weights of a unit sum to 100.")
    description: Text | None = Field(default=None, description="What the bidder is asked to describe.")
    question: Text | None = Field(
        default=None,
        description="The question the bidder answers for a quality criterion (printed in the leidraad and the "
        "inschrijfformulier); a quality criterion without one is a warning (an error with --strict).",
    )
    aspects: list[Text] = Field(
        default_factory=list, description="Aspects (beoordelingsaspecten) the committee looks at in the answer."
    )
    max_pages: int | None = Field(default=None, ge=1, le=100, description="Page limit for the answer.")
    min_score: int | None = Field(
        default=None,
        ge=0,
        le=10,
        description="Knock-out: a bid scoring below this on the criterion's scale is set aside (knock-out "
        "threshold), e.g. 4.",
    )
    lots: list[Slug] = Field(
        default_factory=list,
        description="Ids of the lots (percelen) this criterion applies to; empty: every lot. Per lot, the weights "
        "of the criteria that apply to it sum to 100, and each lot is scored and awarded on its own.",
    )


class ScaleStep(SpecModel):
    """One step of the scoring scale of quality criteria."""

    score: int = Field(ge=0, le=100, description="The score, e.g. 6.")
    meaning: Text = Field(description="What the score means, e.g. `voldoende: het antwoord is concreet …`.")


class Assessment(SpecModel):
    """How the quality criteria are assessed; every field left out takes the default of tendergen's policy data."""

    assessors: Text | None = Field(
        default=None,
        description="Who assesses the answers, e.g. `een commissie van drie beleidsadviseurs en een inkoper`.",
    )
    consensus: bool = Field(
        default=True, description="The assessors score individually first and then agree a score in consensus."
    )
    scale: list[ScaleStep] = Field(
        default_factory=list,
        description="The scoring scale, lowest first; empty: the default scale 0–2–4–6–8–10 of the policy data.",
    )


class Subcontracting(SpecModel):
    """The main-contractor model and the subcontracting quota (onderaannemingsquotum)."""

    main_contractor: bool = Field(
        description="The contractor acts as hoofdaannemer for the whole unit (or, on a lot, for the whole lot)."
    )
    min_share_small_local_pct: Percent | None = Field(
        default=None,
        description="Minimum share of the (lumpsum) budget the main contractor spends on small, local and/or "
        "specialist providers, in percent.",
    )
    target_providers: Text | None = Field(
        default=None,
        description="Which providers count toward the quota, e.g. kleine, lokale en/of specialistische.",
    )
    approval_required: bool = Field(default=True, description="Subcontractors need the authority's consent.")
    reporting: Frequency = Field(default="jaarlijks", description="How often the quota realisation is reported.")


class PhaseOut(SpecModel):
    """A phase-out contract (uitfaseercontract) with the former provider."""

    months: int = Field(ge=1, le=60, description="Length of the phase-out contract in months.")
    description: Text | None = Field(default=None, description="What the phase-out contract covers.")


class Replaced(SpecModel):
    """An existing contract, subsidy or agreement this unit replaces."""

    name: Text = Field(description="Name of the old contract or subsidy.")
    kind: Literal["contract", "subsidie", "dvo", "inbesteding"] = Field(description="What the old arrangement is.")
    provider: Text | None = Field(default=None, description="Current provider.")
    ends: dt.date | None = Field(default=None, description="End date of the old arrangement.")


class Transition(SpecModel):
    """Transition rules from the old to the new situation."""

    continuity_of_care_months: int | None = Field(
        default=None, ge=0, le=60, description="Months that clients in care keep their current provider."
    )
    phase_out_contract: PhaseOut | None = Field(default=None, description="Uitfaseercontract, if any.")
    temporary_subcontracting: bool = Field(
        default=False, description="The old provider becomes a temporary subcontractor of the new one."
    )
    warm_handover: bool = Field(default=False, description="Warme overdracht of clients between providers.")
    staff_position: Text | None = Field(
        default=None, description="Obligation regarding existing staff or a team (e.g. the current JGT)."
    )
    replaces: list[Replaced] = Field(default_factory=list, description="Old contracts and subsidies replaced.")


class Term(SpecModel):
    """Contract term with extension options."""

    initial_years: Years = Field(description="Initial term in years.")
    extensions_years: list[Years] = Field(default_factory=list, description="Extension options in years, in order.")
    max_years: Years = Field(description="Maximum total term in years, extensions included.")
    start: dt.date | None = Field(default=None, description="Start date; defaults to the programme's contract_start.")


class Lot(SpecModel):
    """A lot (perceel) of a unit."""

    id: Slug = Field(description="Lot id, e.g. `regionaal` or `lokaal`.")
    name: Text = Field(description="Name of the lot.")
    description: Text | None = Field(default=None, description="What the lot covers and for whom.")
    budget_agreement: bool = Field(description="The lot comes with a budget agreement (budgetafspraak).")
    municipalities: list[Text] = Field(min_length=1, description="Member municipalities that join this lot.")
    areas: list[Text] = Field(
        default_factory=list, description="Areas (gebieden, kernen) within the municipalities that the lot covers."
    )
    estimated_value: Money | None = Field(default=None, description="Estimated value of the lot in euros.")
    contractors: Annotated[int, Field(ge=1, le=100)] | Contractors | None = Field(
        default=None,
        description="Contractors of the lot: a number (1: one contractor; more: at most that many side by side, "
        "keeping the framework and allocation of the tender or unit), or a full contractor model; the leidraad "
        "names it per lot. Default: the `contractors` of the tender or unit.",
    )
    subcontracting: Subcontracting | None = Field(
        default=None,
        description="Main contractor and subcontracting quota of this lot; replaces the unit's `subcontracting` in "
        "the documents of the lot.",
    )
    budgets_per_municipality: dict[str, Money] = Field(
        default_factory=dict,
        description="Budget agreement of this lot per member municipality, in euros per year (needs "
        "`budget_agreement: true`); only the documents of this lot show it.",
    )


class Scope(SpecModel):
    """Services in and explicitly out of scope."""

    included: list[Text] = Field(min_length=1, description="Services in scope.")
    excluded: list[Text] = Field(default_factory=list, description="Services explicitly out of scope.")


class JointProcurement(SpecModel):
    """Procurement of this unit together with authorities outside the programme."""

    lead: Text = Field(description="Authority that runs the procedure, e.g. `Gemeente Alphen aan den Rijn`.")
    partners: list[Text] = Field(min_length=1, description="Other participating authorities outside the programme.")
    description: Text | None = Field(default=None, description="How the cooperation is arranged.")


class Unit(SpecModel):
    """One procurement unit: a bundel or segment."""

    id: Slug = Field(description="Unit id (slug); equals the file name without `.yaml`.")
    name: Text = Field(description="Name of the unit as used in the documents.")
    domains: list[Domain] = Field(min_length=1, description="Laws or domains the services fall under.")
    description: Text = Field(description="What the unit is about.")
    target_group: Text | None = Field(default=None, description="Target group (doelgroep).")
    ambition: Text = Field(description="Ambition (ambitie) of the unit.")
    principles: list[Text] = Field(default_factory=list, description="Principles (uitgangspunten) of the unit.")
    scope: Scope = Field(description="Services in and out of scope.")
    access: list[Text] = Field(default_factory=list, description="Who gives access (toegang), e.g. lokaal team.")
    cpv: list[Cpv] = Field(default_factory=list, description="CPV codes of the services.")
    estimated_value: Money | None = Field(
        default=None, description="Estimated total value over the maximum term in euros, excl. VAT."
    )
    instrument: Instrument = Field(description="Procurement instrument.")
    funding: Funding | None = Field(default=None, description="Funding form and its parameters.")
    innovation_share_pct: Percent | None = Field(
        default=None,
        description="Share of this unit's budget (lumpsum, ceiling or subsidy ceiling) labelled for innovation "
        "(innovatiebudget), in percent; the overview and the agreement name it.",
    )
    quality: list[Requirement] = Field(default_factory=list, description="Quality requirements and KPIs.")
    award_criteria: list[AwardCriterion] = Field(default_factory=list, description="Award criteria (tenders).")
    assessment: Assessment | None = Field(
        default=None, description="How the quality criteria are assessed (committee, consensus, scale)."
    )
    subcontracting: Subcontracting | None = Field(default=None, description="Subcontracting rules and quota.")
    transition: Transition | None = Field(default=None, description="Transition rules.")
    term: Term | None = Field(default=None, description="Contract term and extensions.")
    lots: list[Lot] = Field(
        default_factory=list,
        description="Lots (percelen) of this unit alone; a unit of a grouped tender whose `lots` are given on the "
        "tender has none of its own.",
    )
    no_lots_reason: Text | None = Field(
        default=None,
        description="Why a tendered unit is not divided into lots (Aw 2012 art. 1.5 lid 3), as a clause after "
        "`omdat`. Required unless every CPV code is a social service (then the house motivation about care "
        "continuity and one contact per client applies).",
    )
    joint_procurement: JointProcurement | None = Field(
        default=None, description="Joint procurement with authorities outside the programme."
    )
    processor: bool | None = Field(
        default=None,
        description="The other party processes personal data on the authority's behalf (verwerker, AVG art. 28), "
        "so a processing agreement (verwerkersovereenkomst) is an annex to the agreement. Default: true for a "
        "dvo, false otherwise (a care provider is a controller in its own right for the care it gives).",
    )
    # ---- national contract standard (issue 15)
    contract_standard: ContractStandard | None = Field(
        default=None,
        description="The national contract standard this unit's documents follow (replaces the programme's), or "
        "why not.",
    )
    contract_clauses: ContractClauses | None = Field(
        default=None,
        description="Contract choices the contract standard leaves open (replaces the programme's as a whole).",
    )

    def entry_moments(self, programme_start: dt.date) -> list[dt.date]:
        """When new partners may join the subsidy tables: every `entry_cycle_years` after the start of the term
        (`term.start`, else ``programme_start``), before the maximum term ends; empty without a cycle or a term."""
        cycle = getattr(self.instrument, "entry_cycle_years", None)
        if cycle is None or self.term is None:
            return []
        start = self.term.start or programme_start
        end = add_months(start, int(self.term.max_years * 12))
        moments: list[dt.date] = []
        step = cycle
        while (moment := add_years(start, step)) < end:
            moments.append(moment)
            step += cycle
        return moments

    @property
    def priced_per_lot(self) -> bool:
        """Tariffs or arrangements belong to particular lots: the prijzenblad has a worksheet per lot and each
        lot's weighted price is the sum over its own rows."""
        funding = self.funding
        if isinstance(funding, Inspanningsgericht):
            return any(t.lots for t in funding.tariffs)
        if isinstance(funding, Outputgericht):
            return any(a.lots for a in funding.arrangements)
        return False

    @property
    def price_criteria(self) -> list[AwardCriterion]:
        """The award criteria that score a price or cost (no committee: the prijzenblad decides)."""
        return [c for c in self.award_criteria if c.kind != "kwaliteit"]

    @property
    def quota_pct(self) -> Decimal | None:
        """The subcontracting quota in percent, if any."""
        return self.subcontracting.min_share_small_local_pct if self.subcontracting else None


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` ``years`` later (29 February becomes 28 February in a common year)."""
    return add_months(day, 12 * years)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` ``months`` later, on the same day of the month or the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------- several instruments per unit


class UnitPart(SpecModel):
    """A part of a unit bought with its own instrument (a civic-integration bundle whose language route is tendered
    and whose social guidance is subsidised). Every field left out is the unit's; the pack treats each part as a
    unit of its own (id `<unit>-<part>`), the overview and the index show the unit with its parts."""

    id: Slug = Field(description="Part id (slug), unique within the unit; the part's documents use `<unit>-<part>`.")
    name: Text = Field(description="Name of the part, e.g. `Taalroute`; documents name it `<unit> – <part>`.")
    description: Text | None = Field(default=None, description="What the part covers; default: the unit's.")
    services: list[Text] = Field(
        min_length=1, description="The services of the unit's `scope.included` that this part buys."
    )
    instrument: Instrument = Field(description="Procurement instrument of this part.")
    funding: Funding | None = Field(default=None, description="Funding form of this part; default: the unit's none.")
    cpv: list[Cpv] | None = Field(default=None, description="CPV codes of this part; default: the unit's.")
    estimated_value: Money | None = Field(
        default=None, description="Estimated value of this part over its maximum term; default: the unit's."
    )
    award_criteria: list[AwardCriterion] = Field(default_factory=list, description="Award criteria of a tendered part.")
    assessment: Assessment | None = Field(default=None, description="Assessment of a tendered part's criteria.")
    quality: list[Requirement] | None = Field(
        default=None, description="Quality requirements of this part; default: the unit's."
    )
    subcontracting: Subcontracting | None = Field(
        default=None, description="Subcontracting rules of this part; default: the unit's."
    )
    transition: Transition | None = Field(
        default=None, description="Transition rules of this part; default: the unit's."
    )
    term: Term | None = Field(default=None, description="Term of this part; default: the unit's.")
    lots: list[Lot] = Field(default_factory=list, description="Lots of a tendered part.")
    no_lots_reason: Text | None = Field(
        default=None, description="Why a tendered part is not divided into lots (Aw 2012 art. 1.5 lid 3)."
    )
    innovation_share_pct: Percent | None = Field(
        default=None, description="Innovation share of this part's budget; default: the unit's."
    )


PART_OWN_FIELDS = ("instrument", "funding", "award_criteria", "assessment", "lots", "no_lots_reason")
"""Fields a unit with parts gives on each part, never on the unit itself."""


class UnitFile(Unit):
    """What a unit file holds: a unit with one instrument, or a unit with `parts` that each have their own
    instrument (then the unit itself has none)."""

    # merged with SpecModel's config; the JSON Schema keeps the name users know and asks for one of the two
    model_config = ConfigDict(
        title="Unit", json_schema_extra={"anyOf": [{"required": ["instrument"]}, {"required": ["parts"]}]}
    )

    instrument: Instrument | None = Field(  # type: ignore[assignment]
        default=None, description="Procurement instrument; left out when the unit has `parts`."
    )
    parts: list[UnitPart] = Field(
        default_factory=list,
        description="Parts of the unit with an instrument each (at least two), e.g. part subsidy and part tender; "
        "each part is built as a unit of its own.",
    )
