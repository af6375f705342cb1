"""A national contract standard (the Contractstandaard Wmo) and the contract choices it asks the spec for.

``contract_standard`` says which standard and version a programme or unit uses (the unit's own replaces the
programme's), gives the values the spec cannot provide (``values``, by the placeholder ids of the standard's
profile in ``data/standards/``), or states why the standard is not used (``reason``: comply or explain).
``contract_clauses`` holds the choices the standard's optional articles and options depend on; tendergen's own
contract may read them too.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from tendergen.spec.types import SpecModel, Text


class ContractStandard(SpecModel):
    """The national contract standard the documents of a unit follow, or why they do not."""

    name: Literal["wmo"] = Field(
        description="The standard: wmo (Contractstandaard Wmo of the VNG, adopted 29 November 2024)."
    )
    version: Text | None = Field(
        default=None,
        description="Version of the standard whose official Word files are in templates/contractstandaard-<name>/, "
        "e.g. `1.2`; required unless `reason` is given.",
    )
    values: dict[str, Text] = Field(
        default_factory=dict,
        description="Text for placeholders of the standard, by placeholder id (`tendergen build` lists the ids it "
        "still needs with their article); a value given here also replaces what the spec would fill in.",
    )
    reason: Text | None = Field(
        default=None,
        description="Why this unit does not use the standard (comply or explain); tendergen's own documents are "
        "made and the warning about the standard is silenced.",
    )

    @model_validator(mode="after")
    def _version_or_reason(self) -> ContractStandard:
        if self.reason is None and self.version is None:
            raise ValueError("give the standard's `version` (e.g. `1.2`), or a `reason` for not using it")
        return self

    @property
    def applies(self) -> bool:
        """The standard is used (not explained away)."""
        return self.reason is None


class RevisionOption(SpecModel):
    """One agreed way the authority may change the contract during its term (herzieningsclausule)."""

    nature: Text = Field(description="Nature and extent of the change, e.g. `aanpassing van de productcodes`.")
    conditions: Text = Field(description="When the authority may apply it.")


class ContractClauses(SpecModel):
    """Contract choices the Contractstandaard Wmo leaves to the authority (its optional articles and options)."""

    termination: Literal["geen", "opdrachtgever", "beide"] = Field(
        default="geen",
        description="Who may terminate the contract early with notice: geen (nobody), opdrachtgever (only the "
        "authority) or beide (both parties).",
    )
    notice_months: int | None = Field(
        default=None, ge=1, le=24, description="Notice period in months when the authority terminates early."
    )
    contractor_notice_months: int | None = Field(
        default=None, ge=1, le=24, description="Notice period in months when the contractor terminates early."
    )
    contractor_notice_conditions: Text | None = Field(
        default=None, description="Conditions the contractor must meet to terminate early."
    )
    revision: list[RevisionOption] = Field(
        default_factory=list,
        description="Agreed ways to change the contract during its term; none: no revision clause.",
    )
    spending_room: bool = Field(
        default=False,
        description="The authority may set a yearly spending limit per contractor (bestedingsruimte); only with "
        "inspanningsgericht or outputgericht funding.",
    )
    insufficient_effort: Text | None = Field(
        default=None,
        description="What counts as insufficient effort in the first year (e.g. fewer than ten clients), which lets "
        "the authority terminate; none: no such clause.",
    )
    transition_18: bool = Field(
        default=False,
        description="The contractor takes over youth care clients turning 18 (18-/18+ transition clause).",
    )
    bibob: bool = Field(default=False, description="The authority screens bidders and contractors under the Wet Bibob.")
    sroi: Text | None = Field(
        default=None, description="Social return conditions the contractor must meet; none: no SROI clause."
    )
    selection: Literal["geen", "selectie", "selectie-en-gesprekken"] = Field(
        default="geen",
        description="Procedure route of the standard's inkoopdocument: geen (no selection), selectie (selection "
        "criteria reduce the number of bidders) or selectie-en-gesprekken (selection and consultation talks).",
    )

    @model_validator(mode="after")
    def _notice(self) -> ContractClauses:
        if self.termination != "geen" and self.notice_months is None:
            raise ValueError("early termination needs `notice_months`")
        if self.termination == "beide" and self.contractor_notice_months is None:
            raise ValueError("termination by both parties needs `contractor_notice_months`")
        return self
