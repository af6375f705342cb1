"""`tendergen init`: scaffold a new programme that validates as written."""

from __future__ import annotations

from pathlib import Path

from tendergen.dutch import unit_term_list, unit_words
from tendergen.errors import UsageError
from tendergen.spec.types import _SLUG
from tendergen.writer import write_text

_PROGRAMME = """\
# yaml-language-server: $schema={programme_schema_dir}/programme.schema.json
id: {name}
title: Inkoop sociaal domein {title}
authority:
  name: Gemeente {title}
  kind: gemeente
  members: [{title}]
  contact:
    name: Team Inkoop Sociaal Domein
    email: inkoop@example.nl
unit_term: {unit_term}
{unit_grammar}version: concept 0.1
document_date: 2026-01-15
contract_start: 2027-01-01
summary: >-
  Beschrijf hier in een paar zinnen wat deze inkoopronde inkoopt en waarom.
principles:
  - Zorg dichtbij, in samenhang en op maat.
financing:
  model: eigen-inwoners
# Wmo maatwerk bought through a SAS or admission procedure follows the Contractstandaard Wmo (VNG, adopted on
# 29 November 2024); until this is settled, `tendergen validate` warns about it. Either put the standard's Word
# files in templates/contractstandaard-wmo/ and write:
#   contract_standard: {{name: wmo, version: "1.2"}}
# or state why this programme does not follow it:
#   contract_standard: {{name: wmo, reason: "…"}}
"""

_UNIT = """\
# yaml-language-server: $schema={schema_dir}/unit.schema.json
id: voorbeeld
name: Voorbeeld
domains: [wmo]
description: Beschrijf wat {this_unit} omvat.
ambition: Inwoners krijgen tijdig passende ondersteuning.
principles:
  - Ondersteuning sluit aan bij de eigen kracht van inwoners.
scope:
  included: [Begeleiding individueel, Dagbesteding]
  excluded: [Hulp bij het huishouden]
cpv: ["85312000-9"]
estimated_value: 1600000  # aanname
instrument:
  kind: aanbesteding
  procedure: sas
funding:
  form: inspanningsgericht
  tariffs:
    - id: BG-IND
      service: Begeleiding individueel
      unit: uur
      price: 65.00  # aanname: maximumtarief
      price_basis: maximum
      reference_volume: 20000  # aanname: fictief volume per jaar voor de gewogen prijs
  indexation: {{method: ova, moment: per 1 januari}}
quality:
  - id: Q-VB-01
    kind: eis
    text: De aanbieder werkt met gekwalificeerde professionals.
    evidence: Kopie SKJ- of BIG-registratie
award_criteria:
  - id: G1
    name: Kwaliteit
    weight: 70
    question: Beschrijf hoe u de begeleiding uitvoert en de zelfredzaamheid van de inwoner vergroot.
    aspects: [werkwijze, samenwerking met de toegang, resultaten]
    max_pages: 4
  - {{id: G2, name: Prijs, kind: prijs, weight: 30}}
term:
  initial_years: 3
  extensions_years: [1, 1]
  max_years: 5
"""


def scaffold_programme(
    specs_dir: Path, name: str, unit_term: str, article: str | None = None, plural: str | None = None
) -> list[Path]:
    """Create ``specs_dir/name/programme.yaml`` and one example unit; refuse to overwrite anything.

    ``unit_term`` is a word of the built-in list (its article and plural come from there unless given) or any other
    word, which then needs ``article`` and ``plural`` (they are written to programme.yaml).
    """
    if not _SLUG.fullmatch(name):
        raise UsageError(f"`{name}` is not a valid programme id: use lowercase letters, digits and hyphens")
    if not _SLUG.fullmatch(unit_term):
        raise UsageError(f"`{unit_term}` is not a valid unit word: use lowercase letters, digits and hyphens")
    known = unit_term_list()
    words = unit_words(unit_term, article, plural)
    if words is None:
        listed = ", ".join(sorted(known))
        raise UsageError(
            f"`{unit_term}` is not in the word list ({listed}); give --unit-article and --unit-plural for it"
        )
    grammar = ""
    if article is not None and (unit_term not in known or known[unit_term][0] != article):
        grammar += f"unit_article: {article}\n"
    if plural is not None and (unit_term not in known or known[unit_term][1] != plural):
        grammar += f"unit_plural: {plural}\n"
    root = specs_dir / name
    if root.exists():
        raise UsageError(f"{root} already exists; choose another name or remove it first")
    title = name.replace("-", " ").title()
    up = [".."] * (len(specs_dir.parts) + 1)
    values = {
        "name": name,
        "title": title,
        "unit_term": unit_term,
        "unit_grammar": grammar,
        "this_unit": words.this,
        "programme_schema_dir": "/".join([*up, "schemas"]),
        "schema_dir": "/".join(["..", *up, "schemas"]),
    }
    programme = root / "programme.yaml"
    unit = root / "units" / "voorbeeld.yaml"
    write_text(programme, _PROGRAMME.format(**values))
    write_text(unit, _UNIT.format(**values))
    return [programme, unit]
