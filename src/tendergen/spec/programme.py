"""The programme: one procurement round of one contracting authority, and the loaded spec as a whole."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from tendergen.spec.types import Email, Percent, Procedure, Slug, SpecModel, Text


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


class Programme(SpecModel):
    """One procurement round of one authority: programme.yaml."""

    id: Slug = Field(description="Programme id (slug); equals the folder name.")
    title: Text = Field(description="Title, e.g. `Inkoop sociaal domein Midden-Holland 2025`.")
    authority: Authority = Field(description="Contracting authority.")
    unit_term: Literal["bundel", "segment"] = Field(description="The word the documents use for a unit.")
    version: Text = Field(description="Version of the spec shown in every document, e.g. `1.0` or `concept 0.3`.")
    document_date: dt.date = Field(description="Date printed on the documents (fixed, for reproducible builds).")
    contract_start: dt.date = Field(description="Start of the new contracts and services.")
    language: Literal["nl"] = Field(default="nl", description="Language of the generated documents.")
    summary: Text = Field(description="Short description of the round for the council overview.")
    principles: list[Text] = Field(default_factory=list, description="Leading principles (leidende principes).")
    financing: Financing = Field(description="How member municipalities share costs.")
    tenders: list[Tender] = Field(default_factory=list, description="Tenders that group several units.")
    publication: Publication | None = Field(
        default=None, description="Where bidders find and submit the documents; needed by `tendergen publish`."
    )
