"""The programme: one procurement round of one contracting authority, and the loaded spec as a whole."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from tendergen.dutch import UnitWords, unit_words
from tendergen.spec.standard import ContractClauses, ContractStandard
from tendergen.spec.types import Email, Money, Percent, Procedure, Slug, SpecModel, Text
from tendergen.spec.unit import Contractors, Lot, Replaced, Unit


class Contact(SpecModel):
    """Contact person for bidders and applicants."""

    name: Text = Field(description="Name or role, e.g. `Team Inkoop Sociaal Domein`.")
    email: Email = Field(description="E-mail address.")
    phone: Text | None = Field(default=None, description="Phone number.")


class BuyerIdentity(SpecModel):
    """How the authority is identified in eForms notices and open data (BT-500, BT-501, BT-507, BT-11, BT-10)."""

    kvk: Annotated[str, StringConstraints(pattern=r"^[0-9]{8}$")] | None = Field(
        default=None, description="KvK number (8 digits) of the authority, the eForms organisation identifier."
    )
    oin: Annotated[str, StringConstraints(pattern=r"^[0-9]{20}$")] | None = Field(
        default=None, description="Organisatie-identificatienummer (20 digits); used when there is no KvK number."
    )
    street: Text = Field(description="Street and number of the postal address (BT-510).")
    postal_code: Text = Field(description="Postal code, e.g. `2800 BB` (BT-512).")
    city: Text = Field(description="City, e.g. `Gouda` (BT-513).")
    nuts: Annotated[str, StringConstraints(pattern=r"^NL[0-9A-Z]{3}$")] = Field(
        description="NUTS 3 region of the authority, e.g. `NL33C` (BT-507); also the place of performance."
    )
    legal_type: Literal["la", "ra", "body-pl", "grp-p-aut", "org-sub"] = Field(
        description="eForms buyer legal type (BT-11): la local authority, ra regional authority, body-pl body "
        "governed by public law, grp-p-aut group of public authorities, org-sub organisation awarding a "
        "subsidised contract."
    )
    activity: Literal["gen-pub", "soc-pro", "health", "educ", "hc-am"] = Field(
        description="eForms main activity (BT-10): gen-pub general public services, soc-pro social protection, "
        "health, educ education, hc-am housing and community amenities."
    )
    phone: Text = Field(description="Phone number in international form, e.g. `+31 182 588 911` (BT-503).")
    website: Text | None = Field(default=None, description="Website of the authority (BT-505).")


class ReviewBody(SpecModel):
    """The body that hears review procedures (beroepsinstantie, BT-500-Organization for the review role)."""

    name: Text = Field(description="Name, e.g. `Rechtbank Den Haag`.")
    city: Text = Field(description="City.")
    postal_code: Text = Field(description="Postal code (BT-512).")
    identifier: Text = Field(description="Registration number (KvK or OIN) of the review body (BT-501).")
    nuts: Annotated[str, StringConstraints(pattern=r"^NL[0-9A-Z]{3}$")] = Field(description="NUTS 3 region.")
    email: Email | None = Field(default=None, description="E-mail address, if published.")
    phone: Text | None = Field(default=None, description="Phone number in international form.")


class Publication(SpecModel):
    """What notices and the publication pack need beyond the documents: where bidders find and submit them."""

    documents_url: Text = Field(description="Address where the tender documents can be downloaded (BT-15).")
    submission_url: Text = Field(description="Address where tenders are submitted electronically (BT-18).")
    review_body: ReviewBody = Field(description="The review body named in the notices (BT-500 review).")
    review_deadline: Text = Field(
        description="Dutch text on the deadlines for review procedures (BT-99), e.g. the Alcatel standstill."
    )
    ocid_prefix: Annotated[str, StringConstraints(pattern=r"^ocds-[a-z0-9]{6}$")] | None = Field(
        default=None,
        description="OCDS ocid prefix registered with the Open Contracting Partnership (`ocds-` and six "
        "characters); the OCDS release package needs it.",
    )
    tender_validity_days: int = Field(default=90, ge=1, le=730, description="Tender validity in days (BT-98).")


OperatorTask = Literal["toelating", "contractering", "tarieven", "klachten", "inkoopprocedure"]


class OperatorIdentity(SpecModel):
    """How the operator is identified in eForms notices and open data (an ND-Organization of its own)."""

    identifier: Annotated[str, StringConstraints(pattern=r"^([0-9]{8}|[0-9]{20})$")] = Field(
        description="KvK number (8 digits) or OIN (20 digits) of the operator (BT-501; the OCDS identifier)."
    )
    street: Text | None = Field(default=None, description="Street and number (BT-510).")
    postal_code: Text = Field(description="Postal code (BT-512).")
    city: Text = Field(description="City (BT-513).")
    nuts: Annotated[str, StringConstraints(pattern=r"^NL[0-9A-Z]{3}$")] = Field(
        description="NUTS 3 region of the operator (BT-507)."
    )
    email: Email = Field(description="E-mail address for bidders (BT-506).")
    phone: Text | None = Field(default=None, description="Phone number in international form (BT-503).")
    website: Text | None = Field(default=None, description="Website (BT-505).")


class Operator(SpecModel):
    """A joint body or service bureau that runs the purchasing for the authority (e.g. a servicebureau of a
    gemeenschappelijke regeling): the documents name it for every task it performs."""

    name: Text = Field(description="Name, e.g. `Servicebureau Jeugd Regio Noord`.")
    tasks: list[OperatorTask] = Field(
        min_length=1,
        description="What it does on behalf of the authority: toelating (decides on admission), contractering "
        "(signs the contracts on its behalf), tarieven (sets the tariffs), klachten (handles complaints of "
        "providers), inkoopprocedure (runs the tender procedures: publishes, answers questions, receives the "
        "tenders; the eForms notices name it as procurement service provider and the OCDS release as "
        "procuring entity).",
    )
    address: Text | None = Field(default=None, description="Postal address.")
    identity: OperatorIdentity | None = Field(
        default=None,
        description="Identity for eForms notices and OCDS; needed by `tendergen publish` when the operator runs the "
        "procedure (task inkoopprocedure).",
    )

    @property
    def runs_procedures(self) -> bool:
        """The operator runs the tender procedures for the authority (task ``inkoopprocedure``)."""
        return "inkoopprocedure" in self.tasks


class ComplaintsRegulation(SpecModel):
    """The authority's own regulation for complaints about its tenders (klachtenregeling aanbesteden)."""

    name: Text = Field(description="Name as adopted, e.g. `Klachtenregeling aanbesteden Regio Midden-Holland`.")
    url: Text | None = Field(default=None, description="Where bidders read it.")


class PurchasingTerms(SpecModel):
    """The authority's general purchasing terms (algemene inkoopvoorwaarden) that apply to its contracts."""

    name: Text = Field(description="Name, e.g. `Algemene Inkoopvoorwaarden gemeente Gouda`.")
    version: Text = Field(description="Version or year, e.g. `2019` or `versie 1.2`.")
    url: Text | None = Field(default=None, description="Where the terms are published.")


class Penalty(SpecModel):
    """Performance sanctions (boetes) of the contracts; a field left out takes tendergen's policy default."""

    per_breach: Money | None = Field(
        default=None, description="Penalty in euros per breach that is not remedied within the term set."
    )
    per_day: Money | None = Field(
        default=None, description="Penalty in euros per day that the breach continues after that term."
    )
    cap_pct: Percent | None = Field(
        default=None,
        description="Cap on the penalties per contract year, in percent of the contract's value in that year.",
    )


class ContractTerms(SpecModel):
    """Terms every contract of the programme shares (tender and open-house contracts)."""

    purchasing_terms: PurchasingTerms | None = Field(
        default=None,
        description="General purchasing terms that apply to the contracts, by name and version; the contract "
        "declares them applicable below the contract itself in the order of precedence.",
    )
    penalty: Penalty | None = Field(default=None, description="Penalty amounts and cap (boeteregeling).")
    notice_months: int | None = Field(
        default=None,
        ge=1,
        le=24,
        description="Notice in months for terminating a contract without cause (opzegging); default: policy.",
    )
    executive_pay: bool = Field(
        default=False,
        description="The contractor publishes its executives' pay by the WNT standard (transparency), where the "
        "programme's principles reject excessive pay or profits.",
    )


class Authority(SpecModel):
    """The contracting authority (aanbestedende dienst)."""

    name: Text = Field(description="Name, e.g. `Gemeente Nieuwkoop` or `Regio Midden-Holland`.")
    kind: Literal["gemeente", "regio", "gemeenschappelijke-regeling", "centrumgemeente"] = Field(
        description="Kind of authority."
    )
    lead_municipality: Text | None = Field(
        default=None, description="Municipality that contracts on behalf of the others (centrumgemeente)."
    )
    members: list[Text] = Field(min_length=1, description="Member municipalities this round is for.")
    address: Text | None = Field(default=None, description="Postal address.")
    contact: Contact = Field(description="Contact for questions.")
    identity: BuyerIdentity | None = Field(
        default=None, description="Identity for eForms notices and OCDS: KvK/OIN, address, NUTS, legal type."
    )
    complaints_regulation: ComplaintsRegulation | None = Field(
        default=None,
        description="The authority's regulation for complaints about its tenders; the leidraad names it (without "
        "it, a generic reference that `build --strict` reports as unverified).",
    )
    operator: Operator | None = Field(
        default=None,
        description="Joint body or service bureau that admits, contracts, sets tariffs or handles complaints on "
        "behalf of the authority; every document names it for those tasks.",
    )


class Financing(SpecModel):
    """How the member municipalities share the costs."""

    model: Literal["eigen-inwoners", "verdeelsleutel", "solidariteit"] = Field(
        description="eigen-inwoners (each municipality pays for its own residents), verdeelsleutel (a "
        "distribution key) or solidariteit (shared risk)."
    )
    key: dict[str, Percent] = Field(
        default_factory=dict,
        description="Share per municipality in percent, for verdeelsleutel; sums to 100.",
    )
    description: Text | None = Field(default=None, description="Explanation for the council.")


class Tender(SpecModel):
    """Several units bought in one tender procedure (each unit a section of one leidraad)."""

    id: Slug = Field(description="Tender id; units refer to it with `instrument.tender`.")
    name: Text = Field(description="Name of the tender, e.g. `Aanbesteding specialistische jeugdhulp`.")
    procedure: Procedure = Field(description="Procedure for the whole tender.")
    reference: Text | None = Field(default=None, description="Reference number on the tender portal.")
    contractors: Contractors | None = Field(
        default=None,
        description="Number of contractors, framework agreement and allocation of clients for the whole tender "
        "(a lot's own `contractors` refines it). Default: one contractor per unit and lot.",
    )
    lots: list[Lot] = Field(
        default_factory=list,
        description="Lots (percelen) of the whole tender: each lot covers every unit of the tender, with its own "
        "municipalities, number of contractors, budget agreement and subcontracting; the contract of a unit is "
        "then drawn up per lot.",
    )


class Programme(SpecModel):
    """One procurement round of one authority: programme.yaml."""

    id: Slug = Field(description="Programme id (slug); equals the folder name.")
    title: Text = Field(description="Title, e.g. `Inkoop sociaal domein Midden-Holland 2025`.")
    authority: Authority = Field(description="Contracting authority.")
    unit_term: Slug = Field(
        description="The programme's own word for a unit, singular, e.g. `bundel`, `segment`, `onderdeel`, "
        "`perceel` or `domein`; its article and plural come from the built-in word list unless given below."
    )
    unit_article: Literal["de", "het"] | None = Field(
        default=None, description="Article of `unit_term` (de bundel, het segment); needed for a word not in the list."
    )
    unit_plural: Text | None = Field(
        default=None, description="Plural of `unit_term` (bundels, segmenten); needed for a word not in the list."
    )
    version: Text = Field(description="Version of the spec shown in every document, e.g. `1.0` or `concept 0.3`.")
    document_date: dt.date = Field(description="Date printed on the documents (fixed, for reproducible builds).")
    contract_start: dt.date = Field(description="Start of the new contracts and services.")
    language: Literal["nl"] = Field(default="nl", description="Language of the generated documents.")
    summary: Text = Field(description="Short description of the round for the council overview.")
    principles: list[Text] = Field(default_factory=list, description="Leading principles (leidende principes).")
    excluded: list[Text] = Field(
        default_factory=list,
        description="Services outside the whole programme, e.g. `Beschermd wonen (apart ingekocht)`; the overview "
        "and every leidraad name them.",
    )
    financing: Financing = Field(description="How member municipalities share costs.")
    replaces: list[Replaced] = Field(
        default_factory=list,
        description="Contracts, subsidies and agreements the programme as a whole replaces (a unit's own are in its "
        "`transition.replaces`); the overview lists them.",
    )
    tenders: list[Tender] = Field(default_factory=list, description="Tenders that group several units.")
    contract_terms: ContractTerms | None = Field(
        default=None,
        description="Terms the contracts share: general purchasing terms, penalties, notice, executive pay.",
    )
    publication: Publication | None = Field(
        default=None, description="Where bidders find and submit the documents; needed by `tendergen publish`."
    )
    # ---- national contract standard (issue 15)
    contract_standard: ContractStandard | None = Field(
        default=None,
        description="The national contract standard the documents of every unit it applies to follow (a unit may "
        "give its own), or why not.",
    )
    contract_clauses: ContractClauses | None = Field(
        default=None, description="Contract choices the contract standard leaves open, for every unit."
    )

    def tender_of(self, unit: Unit) -> Tender | None:
        """The grouped tender that buys ``unit`` (its ``instrument.tender``), or None."""
        tender_id = getattr(unit.instrument, "tender", None)
        return next((t for t in self.tenders if t.id == tender_id), None) if tender_id else None

    def lots_of(self, unit: Unit) -> list[Lot]:
        """The lots ``unit`` is tendered in: its own, or those of its grouped tender."""
        if unit.lots:
            return list(unit.lots)
        tender = self.tender_of(unit)
        return list(tender.lots) if tender is not None else []

    @property
    def words(self) -> UnitWords:
        """The unit word with its article and plural (the check `unit_term` reports a word nobody knows)."""
        found = unit_words(self.unit_term, self.unit_article, self.unit_plural)
        return found or UnitWords(self.unit_term, self.unit_article or "de", self.unit_plural or f"{self.unit_term}en")
