"""Subsidy tables (issue 11, item 5): a subsidy distributed over tables of partners with one joint implementation
plan each, an entry cycle for new partners, the decision period and a ceiling per table.

The ``tafels`` fixture programme is built once for the module; the assertions read the DOCX text back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from specedit import problems, variant
from tendergen.project import load_project, load_spec
from tendergen.render import BuildOptions, build_pack
from test_render import docx_text, make_project

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "tafels"
UNIT = "units/welzijn.yaml"


def _variant(tmp_path: Path, old: str, new: str, file: str = UNIT) -> Path:
    return variant(tmp_path, FIXTURE, file, old, new)


_problems = problems


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("tafels"), "tafels")
    return build_pack(load_project(project / "specs" / "tafels"), BuildOptions(jobs=2)).folder


def text(pack: Path, stem: str) -> str:
    return docx_text(pack / f"{stem}.docx")


def test_call_describes_tables_plan_ceilings_entry_and_decision(pack: Path) -> None:
    call = text(pack, "units/welzijn/welzijn-subsidie-uitvraag")
    assert "Bundel Welzijn kent drie subsidietafels." in call
    assert (
        "Tafel Ontmoeting Stichting Buurtwerk Tafelstad en Vrijwilligerscentrale Tafelstad Stichting Buurtwerk "
        "Tafelstad € 500.000,00 per jaar"
    ) in call
    assert "Tafel Jongeren te vormen na de uitvraag door de partners aan te wijzen € 150.000,00 per jaar" in call
    assert (
        "Tafel Mantelzorg. Het gezamenlijke uitvoeringsplan beschrijft de ondersteuning en het respijt voor "
        "mantelzorgers en de afspraken met de huisartsen. Het plan wordt ingediend uiterlijk op 30 september 2026."
    ) in call
    assert "Het subsidieplafond van € 900.000,00 per jaar is over de subsidietafels verdeeld" in call
    assert (
        "Nieuwe partners kunnen om de twee jaar toetreden tot een subsidietafel; binnen de looptijd zijn de "
        "toetredingsmomenten 1 januari 2029 en 1 januari 2031."
    ) in call
    assert (
        "Het college beslist op alle aanvragen binnen 10 weken na het einde van de aanvraagtermijn, dus uiterlijk op "
        "8 september 2026 (artikel 4:13 Algemene wet bestuursrecht, met Subsidieregeling Welzijn Tafelstad 2027)."
    ) in call
    assert "Een subsidietafel vraagt aan via haar penvoerder, met het gezamenlijke uitvoeringsplan" in call


def test_decision_addresses_the_lead_partner_of_a_table(pack: Path) -> None:
    decision = text(pack, "units/welzijn/welzijn-concept-subsidiebeschikking")
    assert (
        "aan [naam subsidieontvanger], als penvoerder van [naam subsidietafel], voor de partners van die tafel een "
        "subsidie te verlenen van ten hoogste € [bedrag] voor de periode [periode], binnen het plafond van die tafel "
        "(Tafel Ontmoeting: € 500.000,00 per jaar; Tafel Mantelzorg: € 250.000,00 per jaar; Tafel Jongeren: "
        "€ 150.000,00 per jaar)"
    ) in decision
    assert (
        "Artikel 3 Subsidietafel en uitvoeringsplan 3.1 Subsidieontvanger is penvoerder van [naam subsidietafel]."
        in (decision)
    )
    assert "3.4 Toetreding. Nieuwe partners kunnen om de twee jaar toetreden" in decision


def test_overview_lists_the_tables(pack: Path) -> None:
    overview = text(pack, "programma-overzicht")
    assert (
        "Subsidietafels: Tafel Ontmoeting (€ 500.000,00 per jaar); Tafel Mantelzorg (€ 250.000,00 per jaar); "
        "Tafel Jongeren (€ 150.000,00 per jaar), elk met een gezamenlijk uitvoeringsplan; nieuwe partners kunnen "
        "om de twee jaar toetreden."
    ) in overview
    assert "Besluit op de aanvragen: uiterlijk 8 september 2026 (10 weken na het einde van de aanvraagtermijn)." in (
        overview
    )


def _warnings(root: Path) -> list[str]:
    return [w.format() for w in load_spec(root).warnings]


def test_table_ceilings_that_do_not_sum_to_the_ceiling_are_an_error(tmp_path: Path) -> None:
    root = _variant(tmp_path, "      ceiling: 150000\n", "      ceiling: 100000\n")
    assert _problems(root) == [
        f"{root / UNIT}:20:3: instrument.tables: the ceilings of the subsidy tables sum to EUR 850,000.00 "
        "(EUR 500,000.00 + EUR 250,000.00 + EUR 100,000.00) but the subsidy ceiling is EUR 900,000.00; they must be "
        "equal"
    ]


def test_partial_table_ceilings_that_use_up_the_ceiling_are_an_error(tmp_path: Path) -> None:
    root = _variant(tmp_path, "      ceiling: 150000\n", "")
    assert load_spec(root).unit("welzijn").instrument.rest_ceiling == 150000  # type: ignore[union-attr]
    over = _variant(tmp_path / "b", "      ceiling: 150000\n", "")
    unit = over / UNIT
    unit.write_text(unit.read_text(encoding="utf-8").replace("ceiling: 250000", "ceiling: 400000"), encoding="utf-8")
    assert _problems(over) == [
        f"{over / UNIT}:20:3: instrument.tables: the ceilings given for 2 of 3 subsidy tables sum to EUR 900,000.00 "
        "(EUR 500,000.00 + EUR 400,000.00) which leaves nothing of the subsidy ceiling of EUR 900,000.00 for the "
        "others"
    ]


def test_lead_partner_outside_the_table_and_duplicate_ids_are_errors(tmp_path: Path) -> None:
    root = _variant(
        tmp_path, "      lead_partner: Steunpunt Mantelzorg\n", "      lead_partner: Stichting Buurtwerk Tafelstad\n"
    )
    unit = root / UNIT
    unit.write_text(unit.read_text(encoding="utf-8").replace("- id: jongeren", "- id: ontmoeting"), encoding="utf-8")
    assert _problems(root) == [
        f"{root / UNIT}:31:21: instrument.tables[1].lead_partner: lead partner `Stichting Buurtwerk Tafelstad` is not "
        "one of the partners of table `mantelzorg` (Steunpunt Mantelzorg, Stichting Respijt)",
        f"{root / UNIT}:35:11: instrument.tables[2].id: duplicate subsidy table id `ontmoeting`",
    ]


def test_entry_cycle_without_tables_is_an_error(tmp_path: Path) -> None:
    root = tmp_path / "tafels"
    shutil.copytree(FIXTURE, root)
    unit = root / UNIT
    source = unit.read_text(encoding="utf-8")
    start, end = source.index("  tables:\n"), source.index("  entry_cycle_years:")
    unit.write_text(source[:start] + source[end:], encoding="utf-8")
    assert _problems(root) == [
        f"{root / UNIT}:20:22: instrument.entry_cycle_years: entry_cycle_years says when new partners join a subsidy "
        "table; this subsidy has no tables"
    ]


def test_entry_cycle_longer_than_the_term_and_a_late_decision_are_warnings(tmp_path: Path) -> None:
    root = _variant(tmp_path, "  entry_cycle_years: 2\n", "  entry_cycle_years: 6\n")
    unit = root / UNIT
    unit.write_text(
        unit.read_text(encoding="utf-8").replace("decision_weeks: 10", "decision_weeks: 30"), encoding="utf-8"
    )
    assert _warnings(root) == [
        f"{root / UNIT}:39:22: warning: instrument.entry_cycle_years: entry cycle of 6 year(s) gives no entry moment "
        "within the maximum term of 6 year(s) from 2027-01-01: new partners could never join",
        f"{root / UNIT}:19:19: warning: instrument.decision_weeks: the decision period ends on 2027-01-26 (30 weeks "
        "after the application window closes on 2026-06-30), after the subsidised activities start on 2027-01-01",
    ]
