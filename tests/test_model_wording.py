"""Sentences that depend on the spec take their facts from it (issue 11, item 4): rendered HTML of fixture
programmes through the build's own render path, read back as text."""

from __future__ import annotations

import shutil
from pathlib import Path

from tendergen.project import load_spec
from tendergen.review.documents import SideRenderer

FIXTURES = Path(__file__).parent / "fixtures"


def _copy(tmp_path: Path, fixture: str, edits: dict[str, tuple[str, str]] | None = None) -> Path:
    root = tmp_path / Path(fixture).name
    shutil.copytree(FIXTURES / fixture, root)
    for file, (old, new) in (edits or {}).items():
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def _text(root: Path, name: str) -> str:
    side = SideRenderer(load_spec(root), "new")
    return " ".join(side.html(side.planned[name]).text.split())


def test_single_municipality_leidraad_says_de_gemeente_hanteert(tmp_path: Path) -> None:
    root = _copy(
        tmp_path,
        "render/procedures",
        {"programme.yaml": ("summary:", "principles: [Inwoners houden regie.]\nsummary:")},
    )
    text = _text(root, "units/tolken/tolken-aanbestedingsleidraad")
    assert "De gemeente hanteert bij de inkoop de volgende leidende principes:" in text
    assert "De gemeenten hanteren" not in text


def test_lots_motivation_comes_from_the_unit_for_a_non_social_tender(tmp_path: Path) -> None:
    text = _text(_copy(tmp_path, "render/procedures"), "units/tolken/tolken-aanbestedingsleidraad")
    assert "wordt niet in percelen verdeeld, omdat de opdracht klein is en één tolkendienst alle talen levert." in text
    assert "één aanspreekpunt per cliënt" not in text


def test_open_house_contract_cites_no_procurement_law(tmp_path: Path) -> None:
    text = _text(_copy(tmp_path, "render/alles-regio"), "units/begeleiding/begeleiding-concept-overeenkomst")
    assert "open-house-procedure" in text
    assert "aanbestedingsrecht" not in text
    assert "Aanbestedingswet" not in text


def test_subsidy_call_asks_for_a_subsidy_application_not_a_tender_form(tmp_path: Path) -> None:
    eis = "  - {id: Q-PRE-02, kind: eis, text: De activiteit is gratis voor deelnemers.}\n"
    kpi = "  - {id: Q-PRE-01, kind: kpi"
    root = _copy(tmp_path, "render/alles-regio", {"units/preventie.yaml": (kpi, eis + kpi)})
    text = _text(root, "units/preventie/preventie-subsidie-uitvraag")
    assert "inschrijvingsformulier" not in text
    assert "Bevestiging in de subsidieaanvraag" in text


def test_tender_planning_leaves_out_programme_decisions_and_unplanned_procedures(tmp_path: Path) -> None:
    decision = (
        "  - id: wmo-publicatie\n",
        "  - id: raad-subsidie\n    type: besluit-raad\n    label: Besluit raad over de subsidieregeling\n"
        "    date: 2026-03-01\n    owner: raad\n  - id: wmo-publicatie\n",
    )
    root = _copy(tmp_path, "timeline", {"schedules/gemeente-2027.yaml": decision})
    spec_root = root / "specs" / "gemeente-2027"
    leidraad = _text(spec_root, "units/jeugdhulp/jeugdhulp-aanbestedingsleidraad")
    assert "Uiterste datum inschrijving18 maart 2026" in leidraad
    assert "Besluit raad over de subsidieregeling" not in leidraad


OPERATOR = (
    "  contact: {name: Team Inkoop Sociaal Domein",
    "  operator:\n    name: Servicebureau Sociaal Domein Noord\n"
    "    tasks: [toelating, contractering, tarieven, klachten]\n"
    "  contact: {name: Team Inkoop Sociaal Domein",
)


def test_the_service_bureau_is_named_for_every_task_it_performs(tmp_path: Path) -> None:
    root = _copy(tmp_path, "valid/regio-noord", {"programme.yaml": OPERATOR})
    admission = _text(root, "units/hulpmiddelen/hulpmiddelen-toelatingsdocument")
    assert "Servicebureau Sociaal Domein Noord contracteert de diensten van segment" in admission
    assert "namens Regio Noord via een open-house-procedure" in admission
    assert "Servicebureau Sociaal Domein Noord beslist binnen 6 weken" in admission
    assert "De tarieven zijn vastgesteld door Servicebureau Sociaal Domein Noord" in admission
    assert "een klacht indienen bij Servicebureau Sociaal Domein Noord (inkoop@regionoord.nl)" in admission
    assert "Regio Noord beslist" not in admission
    contract = _text(root, "units/hulpmiddelen/hulpmiddelen-concept-overeenkomst")
    assert "Servicebureau Sociaal Domein Noord, dat de overeenkomsten sluit voor Regio Noord (Postbus 100" in contract
    leidraad = _text(root, "tenders/jeugd-specialistisch/jeugd-specialistisch-aanbestedingsleidraad")
    assert "bij het klachtenmeldpunt van Servicebureau Sociaal Domein Noord, dat klachten behandelt namens" in leidraad


def test_programme_replacements_and_innovation_share_are_printed(tmp_path: Path) -> None:
    replaces = (
        "tenders:",
        "replaces:\n  - {name: Raamovereenkomst Jeugd Noord 2020, kind: contract, ends: 2026-12-31}\ntenders:",
    )
    innovation = ("funding:\n", "innovation_share_pct: 2\nfunding:\n")
    root = _copy(tmp_path, "valid/regio-noord", {"programme.yaml": replaces, "units/jeugd.yaml": innovation})
    overview = _text(root, "programma-overzicht")
    assert "Afspraken die het programma vervangt" in overview
    assert "Raamovereenkomst Jeugd Noord 2020 (contract, loopt af op 31 december 2026)" in overview
    assert "Innovatiebudget: 2% van het budget van segment Jeugdhulp is gelabeld voor innovatie." in overview
    contract = _text(root, "units/jeugd/jeugd-concept-overeenkomst")
    assert "Van de vergoeding is 2% gelabeld voor innovatie" in contract


def test_the_board_of_a_joint_arrangement_can_own_a_milestone(tmp_path: Path) -> None:
    from tendergen.schedule import timeline_for

    board = ("    label: Inkoopplan vastgesteld door het college\n    date: 2026-01-13\n    owner: college\n",
             "    label: Inkoopplan vastgesteld door het dagelijks bestuur\n    date: 2026-01-13\n"
             "    owner: dagelijks-bestuur\n")  # fmt: skip
    root = _copy(tmp_path, "timeline", {"schedules/gemeente-2027.yaml": board})
    timeline = timeline_for(load_spec(root / "specs" / "gemeente-2027"))
    assert timeline is not None
    [entry] = [e for e in timeline.milestones if e.id == "besluit-college"]
    assert entry.owner_label == "Dagelijks bestuur"
