"""A unit with several instruments (issue 11, item 7): the bundel Inburgering of the ``inburgering`` fixture is
partly tendered (Taalroute) and partly subsidised (Maatschappelijke begeleiding). Each part is built as a unit of
its own; the overview and the index show the unit with its parts; problems are located in the unit file.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from specedit import problems, variant
from tendergen.project import load_project, load_spec
from tendergen.render import BuildOptions, build_pack
from tendergen.render.plan import plan_documents
from test_render import docx_text, make_project

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "inburgering"
UNIT = "units/inburgering.yaml"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    return variant(tmp_path, FIXTURE, UNIT, old, new)


def _problems(root: Path) -> list[str]:
    return problems(root, strip=f"{root / UNIT}:")


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("inburgering"), "inburgering")
    return build_pack(load_project(project / "specs" / "inburgering"), BuildOptions(jobs=2)).folder


def text(pack: Path, stem: str) -> str:
    return docx_text(pack / f"{stem}.docx")


def test_each_part_is_a_unit_with_its_own_instrument_and_documents() -> None:
    spec = load_spec(FIXTURE)
    assert [u.id for u in spec.units] == ["inburgering-taalroute", "inburgering-begeleiding", "schuldhulp"]
    taal, begeleiding = spec.units[0], spec.units[1]
    assert taal.name == "Inburgering – Taalroute"
    assert taal.scope.excluded == [
        "Huisvesting van statushouders",
        "Maatschappelijke begeleiding van statushouders",
        "Participatieverklaringstraject",
    ]
    assert [q.id for q in begeleiding.quality] == ["Q-IB-01"]  # the unit's requirement, shared by both parts
    assert begeleiding.funding is None and begeleiding.award_criteria == []
    names = [p.name for p in plan_documents(spec)]
    assert names[:5] == [
        "units/inburgering-taalroute/inburgering-taalroute-aanbestedingsleidraad",
        "units/inburgering-taalroute/inburgering-taalroute-programma-van-eisen",
        "units/inburgering-taalroute/inburgering-taalroute-concept-overeenkomst",
        "units/inburgering-begeleiding/inburgering-begeleiding-subsidie-uitvraag",
        "units/inburgering-begeleiding/inburgering-begeleiding-concept-subsidiebeschikking",
    ]


def test_documents_of_a_part_state_only_its_services(pack: Path) -> None:
    call = text(pack, "units/inburgering-begeleiding/inburgering-begeleiding-subsidie-uitvraag")
    assert "Subsidie-uitvraag Bundel Inburgering – Maatschappelijke begeleiding" in call
    assert (
        "omvat de volgende diensten: • Maatschappelijke begeleiding van statushouders • Participatieverklaringstraject "
        "Uitdrukkelijk buiten de reikwijdte vallen: • Huisvesting van statushouders • Taal- en inburgeringslessen tot "
        "niveau B1 • Taalschakeltrajecten"
    ) in call
    guide = text(pack, "units/inburgering-taalroute/inburgering-taalroute-aanbestedingsleidraad")
    assert (
        "De opdracht voor bundel Inburgering – Taalroute wordt niet in percelen verdeeld, omdat de lessen en de "
        "taalschakeltrajecten één doorlopende leerlijn vormen."
    ) in guide
    assert "subsidieplafond" not in guide.lower()


def test_overview_counts_the_unit_once_and_names_its_parts(pack: Path) -> None:
    overview = text(pack, "programma-overzicht")
    assert "Het programma bestaat uit twee bundels." in overview
    assert (
        "Bundel Inburgering bestaat uit twee delen, elk met een eigen instrument: Taalroute (aanbesteding) en "
        "Maatschappelijke begeleiding (subsidie)."
    ) in overview
    assert "3.2 Bundel Inburgering – Maatschappelijke begeleiding Dit is een deel van bundel Inburgering" in overview
    assert "Bundels 2 Start dienstverlening" in overview


def test_index_shows_the_unit_with_its_parts(pack: Path) -> None:
    page = (pack / "index.html").read_text(encoding="utf-8")
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.split("<main>")[1])).split())
    part_line = (
        "Deel van bundel Inburgering, dat bestaat uit de delen Taalroute en Maatschappelijke begeleiding; ieder "
        "deel heeft een eigen instrument en eigen documenten."
    )
    assert words.count(part_line) == 2
    assert "Bundel Inburgering – Taalroute Aanbesteding · Openbare procedure · Outputgericht Deel van" in words


def test_services_of_a_part_lie_in_the_unit_scope_once_each(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        "    services: [Maatschappelijke begeleiding van statushouders, Participatieverklaringstraject]",
        "    services: [Maatschappelijke begeleiding van statushouders, Taalschakeltrajecten, Taalcafé]",
    )
    assert _problems(root) == [
        "11:7: scope.included[3]: `Participatieverklaringstraject` is in the unit's scope but no part buys it; add it "
        "to the services of a part",
        "33:64: parts[1].services[1]: `Taalschakeltrajecten` is already bought by part `taalroute`; a service has one "
        "instrument",
        "33:86: parts[1].services[2]: `Taalcafé` is not a service of this unit (scope.included: Taal- en "
        "inburgeringslessen tot niveau B1; Taalschakeltrajecten; Maatschappelijke begeleiding van statushouders; "
        "Participatieverklaringstraject)",
    ]


def test_part_ids_are_unique_and_the_unit_has_no_instrument_of_its_own(tmp_path: Path) -> None:
    root = _variant(tmp_path, "  - id: begeleiding\n", "  - id: taalroute\n")
    path = root / UNIT
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("parts:\n", "instrument: {kind: inbesteding, executor: team Inburgering}\nparts:\n"))
    assert _problems(root) == [
        "16:1: instrument: a unit with parts gives `instrument` on each part, not on the unit",
        "32:9: parts[1].id: duplicate part id `taalroute`",
    ]


def test_a_problem_of_a_part_is_located_at_the_part(tmp_path: Path) -> None:
    root = _variant(tmp_path, "      - {id: G1, name: Kwaliteit van de lessen, weight: 100,",
                    "      - {id: G1, name: Kwaliteit van de lessen, weight: 90,")  # fmt: skip
    assert _problems(root) == ["28:5: parts[0].award_criteria: award criterion weights sum to 90; they must sum to 100"]
    inherited = _variant(tmp_path / "b", "term: {initial_years: 3, extensions_years: [1, 1], max_years: 5}",
                         "term: {initial_years: 3, extensions_years: [1, 2], max_years: 5}")  # fmt: skip
    assert _problems(inherited) == [  # the unit's own term, shared by both parts: reported once
        "15:44: term.extensions_years: initial term and extensions (3 + 1 + 2 = 6 years) exceed max_years 5"
    ]


def test_one_part_is_not_a_unit_with_parts(tmp_path: Path) -> None:
    root = tmp_path / "inburgering"
    shutil.copytree(FIXTURE, root)
    path = root / UNIT
    source = path.read_text(encoding="utf-8")
    path.write_text(source[: source.index("  - id: begeleiding")], encoding="utf-8")
    assert _problems(root) == ["17:3: parts: a unit with parts has at least two (one part is the unit itself)"]


def test_the_unit_id_of_a_file_with_parts_equals_the_file_name(tmp_path: Path) -> None:
    root = _variant(tmp_path, "id: inburgering\n", "id: integratie\n")
    assert _problems(root) == ["1:5: id: unit id `integratie` must equal the file name `inburgering`"]
