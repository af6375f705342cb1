"""Lots of a grouped tender (issue 11, item 1): three domain tenders, each with a regional lot (budget agreements
per municipality) and a local lot (none). The contract is planned per unit per lot, and each copy states only its
own lot's terms; the leidraad names the number of contractors per lot.

The ``domeinen`` fixture programme is built once for the module (DOCX text is read back; the PDF is the same
HTML).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from specedit import problems, variant
from tendergen.project import load_project, load_spec
from tendergen.render import BuildOptions, build_pack
from tendergen.render.plan import plan_documents
from test_render import docx_text, make_project

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "domeinen"


def _variant(tmp_path: Path, old: str, new: str, file: str = "programme.yaml") -> Path:
    return variant(tmp_path, FIXTURE, file, old, new)


_problems = problems


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("domeinen"), "domeinen")
    return build_pack(load_project(project / "specs" / "domeinen"), BuildOptions(jobs=2)).folder


def text(pack: Path, stem: str) -> str:
    return docx_text(pack / f"{stem}.docx")


def test_contract_is_planned_once_per_unit_per_lot() -> None:
    names = [p.name for p in plan_documents(load_spec(FIXTURE))]
    contracts = [n for n in names if n.endswith("concept-overeenkomst")]
    assert len(contracts) == 12  # six units, two lots each
    assert "units/begeleiding/begeleiding-regionaal-concept-overeenkomst" in contracts
    assert "units/begeleiding/begeleiding-lokaal-concept-overeenkomst" in contracts
    assert "units/begeleiding/begeleiding-concept-overeenkomst" not in names
    assert [n for n in names if n.startswith("tenders/")] == [
        "tenders/wmo/wmo-aanbestedingsleidraad",
        "tenders/jeugd/jeugd-aanbestedingsleidraad",
        "tenders/participatie/participatie-aanbestedingsleidraad",
    ]


def test_regional_lot_contract_shows_budgets_per_municipality(pack: Path) -> None:
    regional = text(pack, "units/begeleiding/begeleiding-regionaal-concept-overeenkomst")
    assert "Concept-overeenkomst, perceel Regionaal" in regional
    assert (
        "heeft alleen betrekking op perceel Regionaal van de aanbesteding „Aanbesteding Wmo-ondersteuning”" in regional
    )
    assert (
        "Voor perceel Regionaal geldt een budgetafspraak per gemeente per jaar, voor de onderdelen van de "
        "aanbesteding „Aanbesteding Wmo-ondersteuning” samen: Aastad € 1.200.000,00; Beekdorp € 600.000,00 en "
        "Cewolde € 300.000,00, in totaal € 2.100.000,00."
    ) in regional
    assert "hoofdaannemer voor de cliënten van perceel Regionaal die aan hem worden toegewezen" in regional
    assert "ten minste 15% van de vergoeding voor perceel Regionaal" in regional
    assert "Lokaal" not in regional


def test_local_lot_contract_shows_no_budget_and_no_quota(pack: Path) -> None:
    local = text(pack, "units/begeleiding/begeleiding-lokaal-concept-overeenkomst")
    assert "heeft alleen betrekking op perceel Lokaal" in local
    assert "voor de gemeenten Beekdorp en Cewolde" in local
    assert "Voor perceel Lokaal geldt geen budgetafspraak" in local
    assert "Aastad € 1.200.000,00" not in local
    assert "hoofdaannemer" not in local
    assert "onderaannemingsquotum" not in local
    assert "Regionaal" not in local


def test_leidraad_names_the_number_of_contractors_per_lot(pack: Path) -> None:
    leidraad = text(pack, "tenders/wmo/wmo-aanbestedingsleidraad")
    assert "Deze aanbesteding is verdeeld in twee percelen." in leidraad
    assert (
        "Perceel Regionaal wordt gegund aan ten hoogste drie inschrijvers: de drie geldige inschrijvingen met de "
        "hoogste totaalscore, of alle geldige inschrijvingen als dat er minder zijn." in leidraad
    )
    assert "Perceel Lokaal wordt gegund aan ten hoogste acht inschrijvers: de acht geldige inschrijvingen" in leidraad
    assert "de concept-overeenkomsten per perceel (Regionaal en Lokaal) voor onderdeel Begeleiding" in leidraad
    assert "wordt niet in percelen verdeeld" not in leidraad
    single = text(pack, "tenders/participatie/participatie-aanbestedingsleidraad")
    assert "Perceel Regionaal wordt gegund aan één inschrijver: de inschrijver met de hoogste totaalscore." in single


def test_unit_word_takes_its_article_everywhere(pack: Path) -> None:
    pve = text(pack, "units/werkfit/werkfit-programma-van-eisen")
    assert "Dit onderdeel omvat de volgende diensten:" in pve
    assert "deze onderdeel" not in pve.lower()
    overview = text(pack, "programma-overzicht")
    assert "Het programma bestaat uit zes onderdelen." in overview


def test_budgets_on_a_lot_without_budget_agreement_is_an_error(tmp_path: Path) -> None:
    root = _variant(tmp_path, "        budget_agreement: true\n        municipalities: [Aastad, Beekdorp]\n",
                    "        budget_agreement: false\n        municipalities: [Aastad, Beekdorp]\n")  # fmt: skip
    assert _problems(root) == [
        f"{root / 'programme.yaml'}:47:9: tenders[1].lots[0].budgets_per_municipality: lot `regionaal` has budgets "
        "per municipality but `budget_agreement: false`"
    ]


def test_budget_for_a_municipality_outside_the_lot_is_an_error(tmp_path: Path) -> None:
    root = _variant(tmp_path, "{Aastad: 2000000, Beekdorp: 900000}", "{Aastad: 2000000, Beekdorp: 900000, Cewolde: 1}")
    assert _problems(root) == [
        f"{root / 'programme.yaml'}:47:71: tenders[1].lots[0].budgets_per_municipality.Cewolde: `Cewolde` does not "
        "take part in lot `regionaal` (municipalities: Aastad, Beekdorp)"
    ]


def test_unit_budgets_in_a_lotted_tender_are_an_error(tmp_path: Path) -> None:
    root = _variant(tmp_path, "  form: inspanningsgericht\n",
                    "  form: inspanningsgericht\n  budgets_per_municipality: {Aastad: 5}\n",
                    "units/werkfit.yaml")  # fmt: skip
    assert _problems(root) == [
        f"{root / 'units/werkfit.yaml'}:12:3: funding.budgets_per_municipality: the lots of tender `participatie` "
        "carry the budgets (`budgets_per_municipality` on each lot in programme.yaml); "
        "`funding.budgets_per_municipality` would print them in every lot's contract"
    ]


def test_unknown_unit_word_needs_article_and_plural(tmp_path: Path) -> None:
    root = _variant(tmp_path, "unit_term: onderdeel", "unit_term: zorgveld")
    assert _problems(root) == [
        f"{root / 'programme.yaml'}:10:12: unit_term: `zorgveld` is not in the word list (`bundel`, `cluster`, "
        "`deelopdracht`, `domein`, `onderdeel`, `perceel`, `pakket`, `segment`, `thema`, `taakveld`); give "
        "unit_article and unit_plural for it"
    ]
    fixed = _variant(
        tmp_path / "b", "unit_term: onderdeel", "unit_term: zorgveld\nunit_article: het\nunit_plural: zorgvelden"
    )
    assert load_spec(fixed).programme.words.this == "dit zorgveld"


def test_arrangement_states_care_form_intensity_and_places(pack: Path) -> None:
    contract = text(pack, "units/jeugd-verblijf/jeugd-verblijf-regionaal-concept-overeenkomst")
    assert "zwaar; verblijf; 12,5 uur per week" in contract
    assert "6 maanden (2 trajecten per plek per jaar)" in contract
    assert "Volumeafspraak: ten hoogste 40 trajecten per jaar." in contract


def test_services_outside_the_programme_are_named(pack: Path) -> None:
    outside = "Beschermd wonen (apart ingekocht door de centrumgemeente)"
    assert f"Buiten het programma vallen: {outside}." in text(pack, "programma-overzicht")
    leidraad = text(pack, "tenders/jeugd/jeugd-aanbestedingsleidraad")
    assert f"Buiten deze inkoop van de gemeenten vallen, en dus ook buiten deze aanbesteding: {outside}." in leidraad


def test_a_service_outside_the_programme_cannot_be_in_a_unit(tmp_path: Path) -> None:
    root = _variant(tmp_path, "scope: {included: [Werkfit]}",
                    "scope: {included: [Werkfit, Beschermd wonen (apart ingekocht door de centrumgemeente)]}",
                    "units/werkfit.yaml")  # fmt: skip
    assert _problems(root) == [
        f"{root / 'units/werkfit.yaml'}:6:29: scope.included[1]: `Beschermd wonen (apart ingekocht door de "
        "centrumgemeente)` is outside the whole programme (programme.yaml `excluded`)"
    ]
