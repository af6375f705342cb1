"""Legal citations, procedure facts and Dutch labels that the templates use, loaded from packaged data
files."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from tendergen.errors import RenderError
from tendergen.legal import data_text


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Data):
    """One legal reference as printed in a document, with its source and validity."""

    id: str
    text: str
    subject: str | None = None
    source: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    verified: bool


class ProcedureFacts(_Data):
    """What the leidraad states about a procedure."""

    name: str
    basis: list[str]
    european: bool
    declaration: Literal["uea", "eigen-verklaring"]
    standstill_basis: str
    standstill_by_analogy: bool
    description: str


class Periods(_Data):
    standstill_days: int
    objection_weeks: int


class CitationTable(_Data):
    citations: list[Citation]
    procedures: dict[str, ProcedureFacts]
    periods: Periods


@cache
def citation_table() -> CitationTable:
    """The packaged citation table (``data/legal/citations.yaml``)."""
    return CitationTable.model_validate(yaml.safe_load(data_text("legal", "citations.yaml")))


@cache
def labels() -> dict[str, dict[str, str]]:
    """Dutch labels per value group (``data/render/labels.yaml``)."""
    data: dict[str, dict[str, str]] = yaml.safe_load(data_text("render", "labels.yaml"))
    return data


def citations_on(date: dt.date) -> dict[str, str]:
    """Citation texts valid on ``date``, by id; the templates read them as ``legal.cite.<id>``."""
    found: dict[str, str] = {}
    for item in citation_table().citations:
        if item.valid_from <= date and (item.valid_to is None or date <= item.valid_to):
            found[item.id] = item.text
    return found


def legal_context(date: dt.date) -> dict[str, object]:
    """Everything legal the templates may cite, as valid on the document date."""
    table = citation_table()
    cite = citations_on(date)
    procedures: dict[str, dict[str, object]] = {}
    for key, facts in table.procedures.items():
        missing = [c for c in [*facts.basis, facts.standstill_basis] if c not in cite]
        if missing:
            raise RenderError(f"no legal citation {', '.join(missing)} is valid on {date} (data/legal/citations.yaml)")
        procedures[key] = {
            **facts.model_dump(),
            "basis": [cite[c] for c in facts.basis],
            "standstill_basis": cite[facts.standstill_basis],
        }
    return {"cite": cite, "procedures": procedures, "periods": table.periods.model_dump()}


def label(value: str, group: str) -> str:
    """The Dutch label of ``value`` in ``group``; an unknown value is an error, never an empty string."""
    table = labels().get(group)
    if table is None:
        raise ValueError(f"unknown label group `{group}`")
    if value not in table:
        raise ValueError(f"no Dutch label for `{value}` in group `{group}` (data/render/labels.yaml)")
    return table[value]
