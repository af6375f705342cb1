"""Legal citations, procedure facts and Dutch labels that the templates use, loaded from packaged data
files."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from tendergen.catalogue import catalogue
from tendergen.errors import Problem, RenderError
from tendergen.legal import data_text, framework_term_rule


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
    checked_against: dt.date | None = None
    """Date of the consolidated text the citation was checked against, when it was."""
    note: str | None = None
    replaced_by: str | None = None
    """Dotted path of a programme field (``authority.complaints_regulation``) whose value the documents print
    instead of this citation when it is set: the build then does not warn about the citation."""


class ProcedureFacts(_Data):
    """What the leidraad states about a procedure."""

    name: str
    basis: list[str]
    european: bool
    declaration: Literal["uea", "eigen-verklaring"]
    declaration_prescribed: bool
    declaration_basis: str | None = None
    """Citation id of the provision that prescribes the declaration (when prescribed)."""
    selection_phase: bool
    single_offer: bool
    standstill_basis: str | None = None
    standstill_by_analogy: bool
    rules_by_analogy: bool
    """The exclusion grounds (Aw 2012 art. 2.86, 2.87, § 2.3.5.1) and the award criterion (art. 2.114, § 2.3.8.4)
    are not prescribed for this procedure: for SAS art. 2.39 lid 2 applies only §§ 2.3.1.2, 2.3.2.1, 2.3.2.2,
    2.3.3.1 and 2.3.8.9; national procedures are outside chapter 2.3. The leidraad applies them by analogy."""
    description: str
    announcement: str
    award_notice: str | None = None


class Periods(_Data):
    standstill_days: int
    objection_weeks: int


class CitationTable(_Data):
    citations: list[Citation]
    procedures: dict[str, ProcedureFacts]
    periods: Periods


class Score(_Data):
    score: int
    meaning: str


class PolicyDefaults(_Data):
    """The authority's usual policy choices that templates state (``data/render/defaults.yaml``)."""

    bid_validity_days: int
    gva_max_age_years: int
    no_lots_reason: str
    score_scale: list[Score]
    assessors: str
    single_offer_min_score: int
    price_scoring: str
    insurance_per_event: Decimal
    vog_max_age_months: int
    payment_term_days: int
    lumpsum_instalments: Literal["maand", "kwartaal"]
    extension_notice_months: int
    transition_plan_months: int
    improvement_plan_months: int
    contract_meetings_per_year: int
    breach_notice_hours: int
    dispute_consultation_weeks: int
    penalty_per_breach: Decimal
    penalty_per_day: Decimal
    penalty_cap_pct: Decimal
    contract_notice_months: int
    force_majeure_days: int
    precedence: list[
        Literal["overeenkomst", "nota-van-inlichtingen", "eisen", "leidraad", "inkoopvoorwaarden", "inschrijving"]
    ]
    admission_complaint_weeks: int
    subsidy_advance_period: Literal["maand", "kwartaal"]
    dvo_notice_months: int
    in_house_evaluation_years: int


@cache
def citation_table() -> CitationTable:
    """The packaged citation table (``data/legal/citations.yaml``)."""
    return CitationTable.model_validate(yaml.safe_load(data_text("legal", "citations.yaml")))


@cache
def policy_defaults() -> PolicyDefaults:
    """The packaged policy defaults (``data/render/defaults.yaml``)."""
    return PolicyDefaults.model_validate(yaml.safe_load(data_text("render", "defaults.yaml")))


def policy_context() -> dict[str, object]:
    """The policy defaults as the templates read them (``policy.<key>``)."""
    return policy_defaults().model_dump()


@cache
def _yaml_labels() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load(data_text("render", "labels.yaml"))
    return data


def labels() -> dict[str, dict[str, str]]:
    """Dutch labels per value group: ``data/render/labels.yaml`` and the groups the catalogue owns."""
    return {**_yaml_labels(), **_catalogue_labels()}


def citations_on(date: dt.date) -> dict[str, str]:
    """Citation texts valid on ``date``, by id; the templates read them as ``legal.cite.<id>``."""
    found: dict[str, str] = {}
    for item in citation_table().citations:
        if item.valid_from <= date and (item.valid_to is None or date <= item.valid_to):
            if item.id in found:
                raise RenderError(f"two citations `{item.id}` are valid on {date} (data/legal/citations.yaml)")
            found[item.id] = item.text
    return found


def procedure_citations(facts: ProcedureFacts) -> list[str]:
    """Citation ids a procedure's facts print (its basis, standstill basis and declaration basis)."""
    extra = [c for c in (facts.standstill_basis, facts.declaration_basis) if c]
    return [*facts.basis, *extra]


def legal_context(date: dt.date) -> dict[str, object]:
    """Everything legal the templates may cite, as valid on the document date."""
    table = citation_table()
    cite = citations_on(date)
    procedures: dict[str, dict[str, object]] = {}
    for key, facts in table.procedures.items():
        wanted = procedure_citations(facts)
        missing = [c for c in wanted if c not in cite]
        if missing:
            raise RenderError(f"no legal citation {', '.join(missing)} is valid on {date} (data/legal/citations.yaml)")
        procedures[key] = {
            **facts.model_dump(),
            "basis": [cite[c] for c in facts.basis],
            "standstill_basis": cite[facts.standstill_basis] if facts.standstill_basis else None,
            "declaration_basis": cite[facts.declaration_basis] if facts.declaration_basis else None,
        }
    framework = framework_term_rule(date)
    return {
        "cite": cite,
        "procedures": procedures,
        "periods": table.periods.model_dump(),
        "framework_max_years": framework.max_years if framework else None,
    }


def _catalogue_labels() -> dict[str, dict[str, str]]:
    """The label groups the catalogue owns: the instruments and what the overview says in their absence."""
    instruments = catalogue().instruments.values()
    return {
        "instrument": {i.kind: i.label for i in instruments},
        "funding_absent": {i.kind: i.funding_absent for i in instruments},
        "term_absent": {i.kind: i.term_absent for i in instruments},
        "document": {d.key: d.title for d in catalogue().documents.values()},
    }


def label(value: str, group: str) -> str:
    """The Dutch label of ``value`` in ``group``; an unknown value is an error, never an empty string."""
    table = labels().get(group)
    if table is None:
        raise ValueError(f"unknown label group `{group}`")
    if value not in table:
        raise ValueError(f"no Dutch label for `{value}` in group `{group}` (data/render/labels.yaml)")
    return table[value]


CITATIONS_FILE = "tendergen/data/legal/citations.yaml"
"""How messages name the packaged citation table."""

_CITE = re.compile(r"\blegal\.cite\.([A-Za-z0-9_]+)")
_PROCEDURE_FIELD = re.compile(r"\bproc\.(basis|standstill_basis|declaration_basis)\b")

CitationUse = tuple[str, int, int]
"""Where a template prints a citation: file (as messages name it), line, column."""


def scan_citations(name: str, source: str, procedures: Iterable[str]) -> dict[str, list[CitationUse]]:
    """The citation ids a template's source prints, with where: every ``legal.cite.<id>``, and for
    ``proc.basis``, ``proc.standstill_basis`` and ``proc.declaration_basis`` the ids those fields resolve to for
    each of ``procedures`` (the procedures the documents are made for)."""
    table = citation_table().procedures
    facts = [table[p] for p in sorted(set(procedures)) if p in table]
    found: dict[str, list[CitationUse]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        for match in _CITE.finditer(line):
            found.setdefault(match.group(1), []).append((name, number, match.start() + 1))
        for match in _PROCEDURE_FIELD.finditer(line):
            for fact in facts:
                field = match.group(1)
                ids = fact.basis if field == "basis" else [getattr(fact, field)]
                for cid in ids:
                    if cid:
                        found.setdefault(cid, []).append((name, number, match.start() + 1))
    return found


def unverified_citations(uses: Mapping[str, Sequence[CitationUse]], date: dt.date) -> list[Problem]:
    """One located warning per citation in ``uses`` that is valid on ``date`` but not verified.

    A document meant for publication should not print a citation nobody checked against the official text:
    the warning points at the first template line that prints it, names every other place and says what could
    not be checked (the citation's note). Ids without a citation valid on ``date`` are left to the render,
    which fails on them.
    """
    valid = {
        c.id: c
        for c in citation_table().citations
        if c.valid_from <= date and (c.valid_to is None or date <= c.valid_to)
    }
    problems: list[Problem] = []
    for cid in sorted(uses):
        citation = valid.get(cid)
        if citation is None or citation.verified or not uses[cid]:
            continue
        places = sorted(set(uses[cid]))
        file, line, column = places[0]
        files = sorted({place[0] for place in places})
        reason = f": {citation.note.rstrip('.')}" if citation.note else ""
        message = (
            f'citation `{cid}` ("{citation.text}") is printed in {", ".join(files)} but not verified{reason}; '
            f"check it against the official text before publication ({CITATIONS_FILE})"
        )
        problems.append(Problem(file, line, column, f"legal.cite.{cid}", message, "warning"))
    return problems
