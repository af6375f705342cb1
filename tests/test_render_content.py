"""What the documents say for combinations the example programmes do not reach: national procedures (meervoudig
and enkelvoudig onderhands), a restricted procedure, a single municipality, open house with continuous admission
and one lot, a subsidy paid by tariff, a welfare unit without a statutory law; and prose hygiene over every DOCX.

The ``procedures`` fixture programme is built once for the module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tendergen.project import load_project
from tendergen.render import BuildOptions, build_pack
from test_render import both_texts, docx_text, make_project, prose_defects

# ---------------------------------------------------------------------------------------------- fixture


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The procedures programme (Gemeente Zuiderveld), built with two workers; the pack folder."""
    project = make_project(tmp_path_factory.mktemp("procedures"), "procedures")
    return build_pack(load_project(project / "specs" / "procedures"), BuildOptions(jobs=2)).folder


def texts(pack: Path, unit: str, document: str) -> list[str]:
    """PDF and DOCX text of one unit document."""
    return both_texts(pack, f"units/{unit}/{unit}-{document}")


def check(pack: Path, unit: str, document: str, present: list[str], absent: tuple[str, ...] = ()) -> None:
    """Every phrase of ``present`` is in the PDF and the DOCX text, none of ``absent`` is."""
    for text in texts(pack, unit, document):
        missing = [phrase for phrase in present if phrase not in text]
        assert not missing, f"{unit}-{document}: missing {missing}"
        found = [phrase for phrase in absent if phrase in text]
        assert not found, f"{unit}-{document}: should not say {found}"


# ---------------------------------------------------------------------------------------------- procedures


def test_enkelvoudig_onderhands_asks_one_offer_without_standstill(pack: Path) -> None:
    check(
        pack,
        "tolken",
        "aanbestedingsleidraad",
        [
            "enkelvoudig onderhandse procedure",
            "artikel 1.4 Aanbestedingswet 2012 en de Gids Proportionaliteit",
            "De opdracht wordt niet aangekondigd: de aanbestedende dienst nodigt één ondernemer rechtstreeks uit.",
            "het model voor de eigen verklaring",
            "met de eigen verklaring (artikel 1.19, eerste lid, Aanbestedingswet 2012)",
            "De offerte wordt schriftelijk ingediend",
            "ten minste de score 6 (voldoende)",
            "Omdat één ondernemer is uitgenodigd, geldt geen opschortende termijn.",
            "de gemeenteraad de benodigde middelen niet beschikbaar stelt",
            "Deze aanbesteding wordt uitgevoerd door de gemeente Zuiderveld",
        ],
        ("Alcatel", "Kort geding", "Gedragsverklaring aanbesteden", "Uniform Europees", "TenderNed", "gemeenteraden"),
    )


def test_meervoudig_onderhands_invites_and_applies_standstill_by_analogy(pack: Path) -> None:
    check(
        pack,
        "re-integratie",
        "aanbestedingsleidraad",
        [
            "meervoudig onderhandse procedure",
            "ten minste twee ondernemers",
            "uiterlijk bij de uitnodiging bekend",
            "voor alle uitgenodigde ondernemers tegelijk",
            "past hem toe naar analogie van artikel 2.127 Aanbestedingswet 2012",
            "Prijs- en kostencriteria beoordeelt de commissie niet.",
            "Uurtarief 40% Prijs",
        ],
        ("Publicatieblad", "ligt het budget vast", "liggen de tarieven en prijzen vast"),
    )


def test_niet_openbaar_has_a_selection_phase_and_the_prescribed_uea(pack: Path) -> None:
    check(
        pack,
        "beschermd-wonen",
        "aanbestedingsleidraad",
        [
            "niet-openbare procedure",
            "ten minste vijf geschikte gegadigden",
            "(UEA, artikel 2.84 en 2.85 Aanbestedingswet 2012)",
            "artikel 2.27 en 2.71, tweede en vierde lid, Aanbestedingswet 2012",
            "Gedragsverklaring aanbesteden die niet ouder is dan twee jaar",
            "is verdeeld in twee percelen",
            "Gebied: Noorddorp en Oosthoek.",
            "daarna tweemaal te verlengen, met achtereenvolgens 2 jaar en 1 jaar (maximale looptijd 7 jaar)",
            "sluit de aanbestedende dienst een uitfaseercontract van 6 maanden",
            "De opdrachtnemer biedt het personeel van de huidige woonvoorziening een baan aan.",
            "Voor bundel Beschermd wonen ligt het budget vast",
        ],
        ("De wet schrijft het UEA bij deze procedure niet voor", "naar analogie"),
    )


# ---------------------------------------------------------------------------------------------- contracts


def test_contract_of_a_single_municipality_and_a_non_care_law(pack: Path) -> None:
    check(
        pack,
        "re-integratie",
        "concept-overeenkomst",
        [
            "Opdrachtgever: de gemeente Zuiderveld (Postbus 7, 9999 ZZ Zuiderveld).",
            "de gemeente Zuiderveld op grond van de Participatiewet verantwoordelijk is",
            "Cliënt: een inwoner van de gemeente Zuiderveld",
            "met een factuur die de geleverde inzet per cliënt specificeert",
            "binnen 30 dagen na ontvangst",
            "een laagdrempelige klachtenregeling",
            "Opdrachtgever kan deze overeenkomst tweemaal verlengen, met telkens 1 jaar",
        ],
        ("iJw", "iWmo", "deelnemende gemeenten", "regelt de medezeggenschap"),
    )


def test_contract_lumpsum_with_cpi_and_a_quota_without_approval(pack: Path) -> None:
    check(
        pack,
        "beschermd-wonen",
        "concept-overeenkomst",
        [
            "Het budget (lumpsum) wordt jaarlijks per 1 januari geïndexeerd op basis van de consumentenprijsindex "
            "(CPI) van het CBS. Bron: CBS-reeks CPI alle huishoudens.",
            "ten minste 10% van het lumpsumbudget",
            "Opdrachtgever kan deze overeenkomst tweemaal verlengen, met achtereenvolgens 2 jaar en 1 jaar",
            "zelfstandig verwerkingsverantwoordelijke",
            "Bijlage 2: het Programma van Eisen voor bundel Beschermd wonen",
        ],
        (
            "schakelt een onderaannemer pas in na voorafgaande schriftelijke toestemming",
            "Bijlage 1: de verwerkersovereenkomst",
        ),
    )


# ---------------------------------------------------------------------------------------------- other instruments


def test_open_house_with_continuous_admission_and_one_lot(pack: Path) -> None:
    check(
        pack,
        "huishoudelijke-hulp",
        "toelatingsdocument",
        [
            "Toetreding is gedurende de gehele looptijd van de overeenkomst doorlopend mogelijk.",
            "Deze bundel kent één perceel; toelating geldt voor dat perceel.",
            "De tarieven zijn vastgesteld door de gemeente Zuiderveld",
            "het abonnementstarief (vaste eigen bijdrage per maand, geïnd door het CAK)",
            "Verdeelsleutel bundel Huishoudelijke hulp",
            "Aandachtspunten",
            "De cliënt kiest, in overleg met de toegang, uit de toegelaten aanbieders.",
            "Falk Pharma",
            "Tirkkonen",
        ],
        ("gegund", "één percelen", "inschrijvingsformulier"),
    )
    check(
        pack,
        "huishoudelijke-hulp",
        "concept-overeenkomst",
        ["Opdrachtgever laat gedurende de looptijd iedere andere aanbieder", "Bijlage 1: het Toelatingsdocument"],
        ("toetredingsmomenten", "Programma van Eisen"),
    )


def test_subsidy_paid_by_tariff_for_a_welfare_unit(pack: Path) -> None:
    check(
        pack,
        "buurtwerk",
        "subsidie-uitvraag",
        [
            "verstrekt het college van burgemeester en wethouders van de gemeente Zuiderveld een jaarlijkse subsidie",
            "artikel 4:25 tot en met 4:27 Algemene wet bestuursrecht",
            "Verdeling. Op volgorde van binnenkomst van volledige aanvragen.",
            "Er geldt geen hoofdaannemersmodel",
            "bezwaar maken bij het college van burgemeester en wethouders van de gemeente Zuiderveld",
        ],
    )
    check(
        pack,
        "buurtwerk",
        "concept-subsidiebeschikking",
        [
            "De subsidie wordt berekend op basis van de geleverde en geregistreerde inzet",
            "de privacybepalingen van de toepasselijke regelgeving",
            "een laagdrempelige klachtenregeling",
            "artikel 4:48 Algemene wet bestuursrecht",
            "Bekostiging en indexering",
        ],
        ("declareert", "Gemeente betaalt", "deze uitvoeringsafspraken gaat"),
    )


# ---------------------------------------------------------------------------------------------- prose hygiene


def test_no_doubled_punctuation_in_any_document(pack: Path) -> None:
    for path in sorted(pack.rglob("*.docx")):
        defects = prose_defects(docx_text(path))
        assert not defects, f"{path.name}: {defects}"


def test_national_procedures_cite_the_national_articles_not_the_european_principles(pack: Path) -> None:
    """Art. 1.7 limits art. 1.8 to 1.10 to European procedures; a national procedure rests on art. 1.4, and with
    two or more invited ondernemers on art. 1.15 and 1.16 (art. 1.14), including the award decision (1.15 lid 2)."""
    check(
        pack,
        "tolken",
        "aanbestedingsleidraad",
        [
            "De aanbestedende dienst heeft de procedure en de uitgenodigde ondernemer gekozen op basis van objectieve "
            "criteria (artikel 1.4, eerste lid, Aanbestedingswet 2012).",
        ],
        ("artikel 1.8 tot en met 1.10",),
    )
    check(
        pack,
        "re-integratie",
        "aanbestedingsleidraad",
        [
            "behandelt de inschrijvers gelijk en stelt alleen eisen die in een redelijke verhouding staan tot de "
            "opdracht (artikel 1.4, eerste lid, 1.15, eerste lid, en 1.16 Aanbestedingswet 2012).",
            "met de relevante redenen (artikel 1.15, tweede lid, Aanbestedingswet 2012)",
        ],
        ("artikel 1.8 tot en met 1.10", "artikel 2.130"),
    )
    check(
        pack,
        "beschermd-wonen",
        "aanbestedingsleidraad",
        [
            "proportionaliteit in acht (artikel 1.8 tot en met 1.10 Aanbestedingswet 2012).",
            "met de relevante redenen (artikel 2.130 Aanbestedingswet 2012)",
        ],
    )
