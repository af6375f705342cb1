"""Legal facts kept as data: EU thresholds with their source and validity, and the Annex XIV CPV list.

The numbers live in ``tendergen/data/legal`` and ``tendergen/data/cpv`` so that a new delegated regulation is a
data change with its citation, not a code change.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

ThresholdKind = Literal["services_subcentral", "works", "social_services"]

THRESHOLD_LABELS: dict[str, str] = {
    "services_subcentral": "supplies and services of sub-central authorities",
    "works": "works",
    "social_services": "social and other specific services",
}


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ThresholdPeriod(_Data):
    """The EU thresholds valid in one period, with the regulation that set them."""

    valid_from: dt.date
    valid_to: dt.date
    source: str
    verified: bool
    values: dict[ThresholdKind, Decimal]


class ThresholdTable(_Data):
    articles: dict[ThresholdKind, str]
    """Per kind, the article of the Aanbestedingswet 2012 that sets the "gelijk aan of hoger dan" test."""
    articles_checked_against: dt.date
    periods: list[ThresholdPeriod]


def data_text(*parts: str) -> str:
    """Read a packaged data file as UTF-8 text."""
    return resources.files("tendergen").joinpath("data", *parts).read_text(encoding="utf-8")


@cache
def threshold_table() -> ThresholdTable:
    return ThresholdTable.model_validate(yaml.safe_load(data_text("legal", "thresholds.yaml")))


def threshold_period(on: dt.date) -> ThresholdPeriod | None:
    """The threshold period valid on ``on``, or None when the data has no period for that date."""
    for period in threshold_table().periods:
        if period.valid_from <= on <= period.valid_to:
            return period
    return None


class FrameworkTermRule(_Data):
    """The longest term of a framework agreement without a stated reason, and where the limit binds."""

    id: str
    name: str
    provision: str
    citation: str
    """Id of the entry in citations.yaml that the documents print for it."""
    rule: str
    max_years: Decimal
    error: list[str]
    """Procedures in which a longer term without a reason is an error."""
    warning: list[str]
    """Procedures in which the limit binds by a reading (``reading``, in periods.yaml) and is warned."""
    reading: str | None = None
    note: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    checked_against: dt.date
    verified: bool

    def valid_on(self, date: dt.date) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date <= self.valid_to)


class ContractRules(_Data):
    framework_terms: list[FrameworkTermRule]


@cache
def contract_rules() -> ContractRules:
    """The packaged rules on contracts (``data/legal/contracts.yaml``)."""
    return ContractRules.model_validate(yaml.safe_load(data_text("legal", "contracts.yaml")))


def framework_term_rule(on: dt.date) -> FrameworkTermRule | None:
    """The framework-term rule valid on ``on``, if any."""
    return next((r for r in contract_rules().framework_terms if r.valid_on(on)), None)


@cache
def social_service_cpv() -> dict[str, str]:
    """Annex XIV CPV codes (8 digits, no check digit) mapped to their Dutch label."""
    table: dict[str, str] = {}
    for line in data_text("cpv", "social-services.tsv").splitlines():
        if line and not line.startswith("#"):
            code, label = line.split("\t", 1)
            table[code] = label
    return table


def is_social_service(cpv: str) -> bool:
    """True when a CPV code (``85311300-5``) is a social or other specific service (Annex XIV)."""
    return cpv.split("-", 1)[0] in social_service_cpv()
