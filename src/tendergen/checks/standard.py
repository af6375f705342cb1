"""Checks of the national contract standard: a Wmo maatwerk unit bought through SAS or admission should use the
Contractstandaard Wmo (or state why not) once the standard is adopted (documents dated from the adoption date in its
profile on), a version needs a profile, and the values must name its placeholders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tendergen.errors import Problem, RenderError
from tendergen.spec.unit import Unit
from tendergen.standard.context import (
    STANDARD_NAMES,
    admission,
    effective_standard,
    procedure_of,
    uses_standard,
    wmo_maatwerk,
)
from tendergen.standard.profile import known_versions, load_profile

if TYPE_CHECKING:
    from tendergen.project import Spec


def adopted(name: str) -> dt.date:
    """The date the standard was adopted (from its profiles): documents dated before it need not follow it."""
    return min(load_profile(name, version).adopted for version in known_versions(name))


def check_contract_standard(spec: Spec, unit: Unit) -> Iterator[Problem]:
    standard, where = effective_standard(spec, unit)
    doc = spec.unit_docs[unit.id] if where == "unit" else spec.programme_doc
    if standard is None:
        if wmo_maatwerk(spec, unit) and spec.programme.document_date >= adopted("wmo"):
            how = (
                "through admission (open house)"
                if admission(unit)
                else f"through a {procedure_of(spec, unit)} procedure"
            )
            message = (
                f"a Wmo maatwerk unit bought {how} should follow the {STANDARD_NAMES['wmo']} (adopted by the VNG "
                "on 29 November 2024): set `contract_standard: {name: wmo, version: …}` here or in programme.yaml, "
                "or state why not in `contract_standard.reason`"
            )
            yield spec.unit_docs[unit.id].problem(("domains",), message, severity="warning")
        return
    if not standard.applies:
        return
    if standard.name in unit.domains and not uses_standard(spec, unit) and where == "unit":
        message = (
            f"the {STANDARD_NAMES[standard.name]} is for units bought through a sas procedure or admission; this "
            "unit gets tendergen's own documents"
        )
        yield doc.problem(("contract_standard",), message, severity="warning")
    if standard.version is None or not uses_standard(spec, unit):
        return
    if where == "programme" and unit is not next(u for u in spec.units if uses_standard(spec, u)):
        return  # the programme's entry is checked once, with the first unit that uses it
    try:
        profile = load_profile(standard.name, standard.version)
    except RenderError:
        versions = ", ".join(known_versions(standard.name))
        message = f"no profile of the {STANDARD_NAMES[standard.name]} version {standard.version}; known: {versions}"
        yield doc.problem(("contract_standard", "version"), message)
        return
    known = {p.id for p in profile.placeholders}
    for key in standard.values:
        if key not in known:
            message = f"`{key}` is not a placeholder of {profile.title}; known: {', '.join(sorted(known))}"
            yield doc.problem(("contract_standard", "values", key), message, key=True)
