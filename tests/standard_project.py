"""A copy of the Midden-Holland example with the Contractstandaard Wmo set, for the tests of tendergen.standard.

The copy lives in a temporary folder: ``programme.yaml`` gets a ``contract_standard`` block (version 1.2 and the
values the spec cannot give) and ``templates/contractstandaard-wmo/`` the Word files made from the Markdown copies
of the standard by :mod:`standard_docx`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from standard_docx import build_docx

REPO = Path(__file__).resolve().parents[1]
TEMPLATE_NAMES = {
    "inkoopdocument-emvi": "Inkoopdocument-Wmo-met-Emvi.docx",
    "inkoopdocument-zonder-emvi": "Inkoopdocument-Wmo-zonder-Emvi.docx",
    "inkoopdocument-toelating": "Inkoopdocument-Wmo-Toelatingsprocedure.docx",
    "overeenkomst": "Overeenkomst-Wmo-versie-1.2.docx",
}
WMO_UNITS = ("begeleiding", "dagbesteding-logeren", "praktische-ondersteuning", "wonen")
"""The Midden-Holland segments with Wmo maatwerk bought through the SAS tender or admission."""

STANDARD_BLOCK = """
contract_standard:
  name: wmo
  version: "1.2"
  values:
    bijlage-berekening: 3 (tariefonderbouwing)
    bijlage-checklist: "2"
    bijlage-uea: "4"
    losse-opdrachten: >-
      na een beschikking van de gemeente stuurt de toegang een toewijzing via het iWmo-berichtenverkeer
    motivering-looptijd: >-
      de continuïteit van ondersteuning aan kwetsbare inwoners en de investeringen in de samenwerking vragen een
      looptijd van acht jaar
    aantal-opdrachtnemers: een of meer
    klachten-link: https://www.gouda.nl/klachten-inkoop
    indexering-aandeel-personeel: "80"
    indexering-aandeel-materieel: "20"
    indexcijfer-materieel: consumentenprijsindexcijfer (CPI)
    ondertekenaar-opdrachtgever: M. Jansen
    functie-opdrachtgever: directeur Sociaal Domein
contract_clauses:
  termination: opdrachtgever
  notice_months: 6
  bibob: true
  transition_18: true
"""

UNIT_BLOCK = """
contract_standard:
  name: wmo
  version: "1.2"
  values:
    datum-aanmelding-toelating: 1 maart 2024
    tijd-aanmelding-toelating: "12:00"
    tijdstip-aanmelding-toelating: "12:00"
"""
"""The open-house segment has no admission deadline in the schedule: the unit gives it (its values add to the
programme's)."""


def make_project(
    root: Path,
    *,
    block: str = STANDARD_BLOCK,
    replace: dict[str, dict[str, str]] | None = None,
    skip: tuple[str, ...] = (),
) -> Path:
    """The project folder; returns the programme folder. ``replace``: text changes per template (deviations);
    ``skip``: templates left out."""
    programme = root / "specs" / "midden-holland-2025"
    shutil.copytree(REPO / "specs" / "midden-holland-2025", programme)
    (root / "schedules").mkdir()
    shutil.copy(REPO / "schedules" / "midden-holland-2025.yaml", root / "schedules")
    text = (programme / "programme.yaml").read_text(encoding="utf-8")
    (programme / "programme.yaml").write_text(text + block, encoding="utf-8")
    unit = programme / "units" / "praktische-ondersteuning.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + UNIT_BLOCK, encoding="utf-8")
    folder = root / "templates" / "contractstandaard-wmo"
    folder.mkdir(parents=True)
    for key, name in TEMPLATE_NAMES.items():
        if key not in skip:
            (folder / name).write_bytes(build_docx(key, replace=(replace or {}).get(key)))
    return programme
