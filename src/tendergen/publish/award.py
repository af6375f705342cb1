"""The award record of a procedure: who won which lot, for how much, and when (input of the award notice and the
OCDS award release). One YAML file per procedure, ``specs/<programme>/awards/<procedure>.yaml``, or a file named
with ``tendergen publish --award FILE``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from tendergen.errors import Problem, SpecError
from tendergen.loader import load_document
from tendergen.project import Spec
from tendergen.spec.types import Email, Money, Slug, SpecModel, Text
from tendergen.validation import validate_document

AWARDS_DIR = "awards"


class Supplier(SpecModel):
    """A winning tenderer (BT-500, BT-501 and address of the tenderer organisation)."""

    name: Text = Field(description="Legal name of the tenderer.")
    kvk: Annotated[str, StringConstraints(pattern=r"^[0-9]{8}$")] = Field(description="KvK number (8 digits).")
    street: Text | None = Field(default=None, description="Street and number.")
    postal_code: Text = Field(description="Postal code.")
    city: Text = Field(description="City.")
    nuts: Annotated[str, StringConstraints(pattern=r"^NL[0-9A-Z]{3}$")] = Field(description="NUTS 3 region.")
    email: Email | None = Field(default=None, description="E-mail address, if published.")
    size: Annotated[str, StringConstraints(pattern=r"^(micro|small|medium|large)$")] = Field(
        description="Company size (BT-165): micro, small, medium or large."
    )


class TenderCounts(SpecModel):
    """Tenders received for a lot, by kind of tenderer (BT-759 per BT-760 code)."""

    total: int = Field(ge=0, description="All tenders received (`tenders`).")
    micro: int = Field(default=0, ge=0, description="From micro enterprises (`t-micro`).")
    small: int = Field(default=0, ge=0, description="From small enterprises (`t-small`).")
    medium: int = Field(default=0, ge=0, description="From medium-sized enterprises (`t-med`).")
    large: int = Field(default=0, ge=0, description="From large enterprises (`t-large`).")
    other_eea: int = Field(default=0, ge=0, description="From tenderers in another EEA country (`t-oth-eea`).")
    outside_eea: int = Field(default=0, ge=0, description="From tenderers outside the EEA (`t-no-eea`).")
    electronic: int | None = Field(default=None, ge=0, description="Submitted electronically (`t-esubm`); "
                                   "defaults to all.")  # fmt: skip

    def codes(self) -> list[tuple[str, int]]:
        return [("tenders", self.total), ("t-micro", self.micro), ("t-small", self.small), ("t-med", self.medium),
                ("t-large", self.large), ("t-oth-eea", self.other_eea),
                ("t-no-eea", self.outside_eea),
                ("t-esubm", self.total if self.electronic is None else self.electronic)]  # fmt: skip


class LotAward(SpecModel):
    """The result of one lot."""

    lot: Text = Field(description="Unit id, or `unit/lot` for a lot of a unit, as in the specs.")
    tenders: TenderCounts = Field(description="Tenders received for the lot (BT-759).")
    winners: list[Supplier] = Field(default_factory=list, description="Winning tenderers; empty when not awarded.")
    value: Money | None = Field(default=None, description="Value of the contract(s) for the lot in euros (BT-720).")


class Award(SpecModel):
    """The award record of one procedure."""

    procedure: Slug = Field(description="Id of the grouped tender or of the unit that is the procedure.")
    decision_date: dt.date = Field(description="Date of the award decision (gunningsbeslissing, BT-1451).")
    contract_date: dt.date = Field(description="Date the contracts were signed (BT-145).")
    notice_date: dt.date = Field(description="Date the award notice is sent (BT-05).")
    lots: list[LotAward] = Field(min_length=1, description="Result per lot.")


def award_files(spec: Spec) -> list[Path]:
    folder = spec.root / AWARDS_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_award(file: Path) -> Award:
    """Load and check one award record; raise :class:`SpecError` with every located problem."""
    doc = load_document(file)
    award, problems = validate_document(Award, doc)
    if award is None or problems:
        raise SpecError(problems or [Problem(str(file), 1, 1, "", "not a valid award record")])
    return award
