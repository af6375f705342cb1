"""Dutch change lines of the notice: the semantic diff's changes, worded for bidders."""

from __future__ import annotations

import shutil
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from tendergen.project import Spec, load_spec
from tendergen.review.diff import diff
from tendergen.review.wording import describe_nl, dutch_labels, value_nl
from tendergen.spec import Programme, Unit
from tendergen.spec.unit import Lumpsum, Subsidie

PROJECT = Path(__file__).parent / "fixtures" / "review" / "project"
CRISIS = "specs/regio-zuid/units/crisis.yaml"
JEUGD = "specs/regio-zuid/units/jeugd.yaml"
HUISHOUDEN = "specs/gemeente-west/units/huishouden.yaml"
NBSP = "\u00a0"


@pytest.fixture
def sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two copies of the review fixture project, ``oud`` and ``nieuw``; the tests edit ``nieuw``."""
    shutil.copytree(PROJECT, tmp_path / "oud")
    shutil.copytree(PROJECT, tmp_path / "nieuw")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "nieuw"


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def lines(programme: str = "regio-zuid") -> list[str]:
    """Every change of a programme in Dutch, units by the unit models of both sides."""
    report = diff("oud", "nieuw", [], base=Path("."))
    old: Spec = load_spec(Path("oud/specs") / programme)
    new: Spec = load_spec(Path("nieuw/specs") / programme)
    [found] = [p for p in report.programmes if p.id == programme]
    out = [describe_nl(c, old.programme, new.programme) for c in found.changes]
    for unit in found.units:
        before = next((u for u in old.units if u.id == unit.id), None)
        after = next((u for u in new.units if u.id == unit.id), None)
        out += [describe_nl(c, before, after) for c in unit.changes]
    return [line.replace(NBSP, " ") for line in out]


def test_funding_switch_requirements_and_quota(sides: Path) -> None:
    edit(
        sides,
        CRISIS,
        "  form: taakgericht\n  lumpsum:\n    amount: 400000\n    per: jaar\n",
        "  form: inspanningsgericht\n  tariffs:\n    - id: CR-UUR\n      service: Crisisinzet\n      unit: uur\n"
        "      price: 95\n",
    )
    edit(sides, CRISIS, "min_share_small_local_pct: 10", "min_share_small_local_pct: 15")
    edit(sides, CRISIS, "target: ≥ 95%", "target: ≥ 98%")
    edit(
        sides,
        CRISIS,
        "  - id: Q-CRI-02",
        "  - id: Q-CRI-03\n    kind: eis\n    text: De dienst is bereikbaar.\n  - id: Q-CRI-02",
    )
    edit(sides, CRISIS, "weight: 40", "weight: 30")
    edit(sides, CRISIS, "weight: 60", "weight: 70")
    assert lines() == [
        "Bekostigingsvorm: taakgericht (lumpsum) → inspanningsgericht",
        "Tarief CR-UUR (Crisisinzet) toegevoegd: eenheid per uur, tarief € 95,00",
        "Lumpsum vervallen: bedrag € 400.000,00, periode per jaar",
        "Kwaliteitseis Q-CRI-03 toegevoegd: soort eis, tekst “De dienst is bereikbaar.”",
        "Kwaliteitseis Q-CRI-02: norm ≥ 95% → ≥ 98%",
        "Gunningscriterium G1 (Kwaliteit van het plan van aanpak): weging 60% → 70%",
        "Gunningscriterium G2 (Samenwerking in de regio): weging 40% → 30%",
        "Onderaannemingsquotum: 10% → 15%",
    ]


def test_members_lists_months_years_dates_and_removals(sides: Path) -> None:
    edit(sides, JEUGD, "municipalities: [Beekdal]", "municipalities: [Beekdal, Heiloo-Zuid]")
    edit(sides, JEUGD, "  - Hulp is zo licht als mogelijk en zo zwaar als nodig.\n", "  - Hulp sluit aan bij school.\n")
    edit(sides, JEUGD, "extensions_years: [2, 2]", "extensions_years: [2, 1]\n  start: 2027-03-01")
    edit(sides, JEUGD, "    weight: 20\n    criterion: G1\n", "    weight: 20\n    criterion: G1\n    evidence: CV's\n")
    edit(sides, JEUGD, "price: 84.50", "price: 86.00")
    edit(sides, CRISIS, "continuity_of_care_months: 12", "continuity_of_care_months: 6")
    edit(sides, CRISIS, "temporary_subcontracting: true", "temporary_subcontracting: false")
    edit(
        sides,
        CRISIS,
        "    - name: Deelovereenkomst jeugdhulp 2020-2026 (crisisdeel)\n      kind: contract\n      ends: 2026-12-31\n",
        "    - name: Subsidie crisisopvang 2024\n      kind: subsidie\n      ends: 2026-06-30\n",
    )
    assert lines() == [
        "Transitie: zorgcontinuïteit 12 maanden → 6 maanden",
        "Transitie: tijdelijk onderaannemerschap ja → nee",
        "Vervangen afspraak Subsidie crisisopvang 2024 toegevoegd: soort subsidie, einddatum 30 juni 2026",
        "Vervangen afspraak Deelovereenkomst jeugdhulp 2020-2026 (crisisdeel) vervallen: soort contract, "
        "einddatum 31 december 2026",
        "Uitgangspunt “Hulp sluit aan bij school.” toegevoegd",
        "Uitgangspunt “Hulp is zo licht als mogelijk en zo zwaar als nodig.” vervallen",
        "Tarief JH-UUR (Ambulante begeleiding): tarief € 84,50 → € 86,00",
        "Kwaliteitseis Q-JH-02: bewijsstuk toegevoegd (CV's)",
        "Looptijd: verlengingsopties 2 jaar en 2 jaar → 2 jaar en 1 jaar",
        "Looptijd: startdatum toegevoegd (1 maart 2027)",
        "Perceel lokaal: deelnemende gemeente Heiloo-Zuid toegevoegd",
    ]


def test_a_moved_requirement_names_both_units(sides: Path) -> None:
    block = (
        "  - id: Q-CRI-01\n    kind: eis\n    text: Hulp wordt binnen 24 uur na aanmelding geboden.\n"
        "    evidence: Beschrijving werkwijze crisisdienst\n"
    )
    edit(sides, CRISIS, block, "")
    edit(sides, JEUGD, "quality:\n", "quality:\n" + block)
    report = diff("oud", "nieuw", [], base=Path("."))
    [programme] = [p for p in report.programmes if p.id == "regio-zuid"]
    moved = [c for u in programme.units for c in u.changes if c.kind == "moved"]
    assert [describe_nl(c, None, None, moved="van segment Crisis naar segment Jeugdhulp") for c in moved] == [
        "Kwaliteitseis Q-CRI-01 verplaatst van segment Crisis naar segment Jeugdhulp"
    ] * 2


def test_programme_and_instrument_fields(sides: Path) -> None:
    edit(sides, "specs/regio-zuid/programme.yaml", "procedure: sas", "procedure: openbaar")
    edit(sides, "specs/regio-zuid/programme.yaml", "contract_start: 2027-01-01", "contract_start: 2027-04-01")
    edit(sides, HUISHOUDEN, "decision_weeks: 6", "decision_weeks: 8")
    edit(sides, HUISHOUDEN, "subcontracting: {main_contractor: false}", "subcontracting: {main_contractor: true}")
    assert lines() == [
        "Start van de dienstverlening: 1 januari 2027 → 1 april 2027",
        "Aanbesteding jeugd-specialistisch (Aanbesteding specialistische jeugdhulp): procedure SAS-procedure "
        "(sociale en andere specifieke diensten) → openbare procedure",
    ]
    assert lines("gemeente-west") == [
        "Instrument: beslistermijn 6 weken → 8 weken",
        "Onderaanneming: hoofdaannemerschap nee → ja",
    ]


def test_every_spec_field_has_a_dutch_name() -> None:
    def models(hint: object, found: list[type[BaseModel]]) -> list[type[BaseModel]]:
        if isinstance(hint, type) and issubclass(hint, BaseModel) and hint not in found:
            found.append(hint)
            for info in hint.model_fields.values():
                models(info.annotation, found)
        for arg in typing.get_args(hint):
            models(arg, found)
        return found

    names = {name for model in models(Unit, []) + models(Programme, []) for name in model.model_fields}
    assert sorted(names - set(dutch_labels().fields)) == []


def test_values_read_as_in_the_documents() -> None:
    assert value_nl({"amount": "1200000.00", "per": "looptijd"}, Lumpsum, ("funding", "lumpsum")) == (
        f"bedrag €{NBSP}1.200.000,00, periode voor de gehele looptijd"
    )
    hints = typing.get_type_hints(Subsidie, include_extras=True)
    assert value_nl("2026-03-01", hints["application_opens"], ("instrument", "application_opens")) == "1 maart 2026"
    assert value_nl(None, hints["ceiling"]) == "geen"
    assert value_nl("eenmalig", hints["subsidy_type"], ("instrument", "subsidy_type")) == "eenmalige subsidie"
