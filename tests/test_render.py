"""The rendered pack: documents per instrument, their text in PDF and DOCX, grouped tenders, lots, planning,
determinism, skipping unchanged documents, atomic failure, template overrides and PDF variants.

Fixture programmes are built once per module (rendering PDFs takes about a second per document).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest
from pypdf import PdfReader

from conftest import EXAMPLES
from docxlists import ListNumbers
from tendergen.catalogue import catalogue
from tendergen.dutch import date_nl
from tendergen.errors import RenderError
from tendergen.project import Project, Spec, load_project
from tendergen.render import BuildOptions, BuildReport, PlanningRow, PlanningView, build_pack
from tendergen.render.pdf_variants import PDF_UA
from tendergen.render.plan import plan_documents, planning_rows

FIXTURES = Path(__file__).parent / "fixtures" / "render"
REPO_SPECS = Path(__file__).parent.parent / "specs"

# Explicit planning rows for the grouped tender (the example programmes take theirs from schedules/).
TENDER_PLANNING = [
    PlanningRow("Publicatie aankondiging", dt.date(2026, 4, 6)),
    PlanningRow("Vragenronde", dt.date(2026, 4, 7), dt.date(2026, 4, 24)),
    PlanningRow("Nota van inlichtingen", dt.date(2026, 5, 8)),
    PlanningRow("Sluiting inschrijving", dt.date(2026, 5, 29)),
]


# ---------------------------------------------------------------------------------------------- helpers


def make_project(root: Path, *names: str) -> Path:
    """Copy fixture programmes into ``root/specs/`` (a project folder); return ``root``."""
    for name in names:
        shutil.copytree(FIXTURES / name, root / "specs" / name)
    return root


def build(project: Path, name: str, **options: object) -> BuildReport:
    """Load and build one programme of a project with the given :class:`BuildOptions` fields."""
    return build_pack(load_project(project / "specs" / name), BuildOptions(**options))  # type: ignore[arg-type]


def normalize(text: str) -> str:
    """Collapse whitespace (including non-breaking spaces) so assertions read naturally."""
    return " ".join(text.replace("\xa0", " ").split())


def pdf_text(path: Path) -> str:
    """All text of a PDF, normalized."""
    return normalize(" ".join(page.extract_text() for page in PdfReader(path).pages))


def docx_text(path: Path) -> str:
    """All text of a DOCX (body paragraphs, tables, header and footer) as Word shows it (list numbers such as
    "Artikel 3" and "3.2" computed from numbering.xml, see docxlists.py), normalized."""
    document = docx.Document(str(path))
    numbers = ListNumbers(document)
    parts = [numbers.text(p) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend("\n".join(numbers.text(p) for p in cell.paragraphs) for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return normalize(" ".join(parts))


def both_texts(folder: Path, stem: str) -> list[str]:
    """The text of ``stem``.pdf and ``stem``.docx."""
    return [pdf_text(folder / f"{stem}.pdf"), docx_text(folder / f"{stem}.docx")]


# Doubled or misplaced punctuation and empty parentheses that template joins produce when a spec value already
# ends in a full stop or is missing; "omdat De" is spec prose after a conjunction. Checked in DOCX text (the PDF
# text has dot leaders in the table of contents).
PROSE_DEFECTS = re.compile(r"\.\.(?!\.)|\s[,.;:](?!\d)|,,|;;|\(\s*\)|\( | \)|:\s*;|omdat [A-Z]")


def prose_defects(text: str) -> list[str]:
    """The places in ``text`` where PROSE_DEFECTS match, with some context."""
    return sorted({text[max(0, m.start() - 30) : m.end() + 30] for m in PROSE_DEFECTS.finditer(text)})


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def fixture_planning(spec: Spec, scope: str) -> PlanningView | None:
    """Planning for the grouped tender only; the stand-alone tender has none (its leidraad must say so)."""
    return PlanningView(tuple(TENDER_PLANNING)) if scope == "specialistische-jeugdhulp" else None


@pytest.fixture(scope="module")
def alles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The all-instruments programme, built once with two workers; the pack folder."""
    project = make_project(tmp_path_factory.mktemp("alles"), "alles-regio")
    return build(project, "alles-regio", jobs=2, planning=fixture_planning).folder


# ---------------------------------------------------------------------------------------------- contents

EXPECTED = {
    "units/crisis/crisis": ["programma-van-eisen", "concept-overeenkomst"],
    "units/behandeling/behandeling": ["programma-van-eisen", "concept-overeenkomst"],
    "units/hulpmiddelen/hulpmiddelen": [
        "aanbestedingsleidraad",
        "programma-van-eisen",
        "concept-overeenkomst",
    ],
    "units/begeleiding/begeleiding": ["toelatingsdocument", "concept-overeenkomst"],
    "units/preventie/preventie": ["subsidie-uitvraag", "concept-subsidiebeschikking"],
    "units/werk/werk": ["concept-dienstverleningsovereenkomst"],
    "units/wijkteam/wijkteam": ["opdrachtbrief"],
    "tenders/specialistische-jeugdhulp/specialistische-jeugdhulp": ["aanbestedingsleidraad"],
}
# What bidders fill in and return: the forms of each instrument, a price sheet where price is a criterion.
FORMS = {
    "units/behandeling/behandeling": ["prijzenblad.xlsx"],
    "units/hulpmiddelen/hulpmiddelen": [
        "inschrijfformulier.docx",
        "eigen-verklaring.docx",
        "prijzenblad.xlsx",
        "vragenformulier.xlsx",
    ],
    "units/begeleiding/begeleiding": ["aanmeldformulier.docx"],
    "units/preventie/preventie": ["aanvraagformulier.docx"],
    "tenders/specialistische-jeugdhulp/specialistische-jeugdhulp": [
        "inschrijfformulier.docx",
        "eigen-verklaring.docx",
        "vragenformulier.xlsx",
    ],
}


def test_pack_holds_the_documents_each_instrument_needs_in_both_formats(alles: Path) -> None:
    expected = {
        f"{prefix}-{doc}{ext}" for prefix, docs in EXPECTED.items() for doc in docs for ext in (".pdf", ".docx")
    }
    expected |= {"programma-overzicht.pdf", "programma-overzicht.docx", "index.html", ".tendergen-build.json"}
    expected |= {f"{prefix}-{doc}" for prefix, docs in FORMS.items() for doc in docs}
    found = {p.relative_to(alles).as_posix() for p in alles.rglob("*") if p.is_file()}
    assert found == expected


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        (
            "units/crisis/crisis-concept-overeenkomst",
            [
                "Concept-overeenkomst",
                "Segment Crisishulp",
                "taakgericht (lumpsum)",
                "€ 1.200.000,00 per jaar",
                "ten minste 15% van het lumpsumbudget",
                "halfjaarlijks",
                "Artikel 1 Definities",
                "1.1 Opdrachtgever",
                "verwerkersovereenkomst",
                "artikel 28 Algemene verordening gegevensbescherming",
                "Klachten",
                "12 maanden",
                "Geschillen",
                "31 december 2030",
                "Pagina 1 van",
                "Versie concept 0.3 · 2 maart 2026 · Inkoop sociaal domein Regio Voorbeeld 2027",
            ],
        ),
        (
            "units/behandeling/behandeling-programma-van-eisen",
            [
                "Programma van Eisen",
                "Segment Specialistische behandeling",
                "Outputgericht",
                "€ 18.250,50",
                "12,5%",
                "Perceel regionaal",
                "Perceel lokaal",
                "70%",
                "30%",
                "Q-BEH-01",
            ],
        ),
        (
            "units/begeleiding/begeleiding-toelatingsdocument",
            [
                "Toelatingsdocument",
                "Begeleiding en dagbesteding",
                "Inspanningsgericht",
                "€ 65,40",
                "per uur",
                "1 september 2026",
                "1 maart 2027",
                "8 weken",
                "Falk Pharma",
                "€ 2.500.000,00",
            ],
        ),
        (
            "units/begeleiding/begeleiding-concept-overeenkomst",
            ["Concept-overeenkomst", "Aanbieder", "open-house-procedure", "Toelating en toetreding"],
        ),
        (
            "units/preventie/preventie-subsidie-uitvraag",
            [
                "Subsidie-uitvraag",
                "Preventie en welzijn",
                "€ 850.000,00",
                "1 april 2026",
                "30 juni 2026",
                "Bereik van de doelgroep",
                "Algemene subsidieverordening Regio Voorbeeld 2024",
                "zes weken"[:0] + "6 weken",
            ],
        ),
        (
            "units/preventie/preventie-concept-subsidiebeschikking",
            [
                "Concept-subsidiebeschikking en uitvoeringsafspraken",
                "artikel 4:36 Algemene wet bestuursrecht",
                "Subsidie en verantwoording",
            ],
        ),
        (
            "units/werk/werk-concept-dienstverleningsovereenkomst",
            [
                "Concept-dienstverleningsovereenkomst",
                "gemeente Grootstad",
                "Werk en inkomen",
                "de Participatiewet",
                "artikel 2.24c, eerste lid, Aanbestedingswet 2012",  # horizontal cooperation, not 2.24b
            ],
        ),
        (
            "units/wijkteam/wijkteam-opdrachtbrief",
            [
                "Opdrachtbrief en uitvoeringsafspraken",
                "team Wijkteams van de gemeente Voorstad",
                "Taakgericht (lumpsum)",
                "€ 3.100.000,00",
                "jeugd- en gezinsteam",
            ],
        ),
        (
            "programma-overzicht",
            [
                "Programma-overzicht",
                "Crisishulp",
                "Specialistische behandeling",
                "Begeleiding en dagbesteding",
                "Preventie en welzijn",
                "Werk en inkomen",
                "Wijkteam",
                "Hulpmiddelen",
                "Open house",
                "Subsidie",
                "Dienstverleningsovereenkomst (DVO)",
                "Inbesteding",
                "Outputgericht",
                "subsidieplafond € 850.000,00 per jaar",
                "4 jaar + 2 jaar + 2 jaar (max. 8 jaar)",
                "Voorstad 50%",
                "Aanbesteding specialistische jeugdhulp",
            ],
        ),
    ],
)
def test_document_text_in_pdf_and_docx(alles: Path, stem: str, expected: list[str]) -> None:
    for text in both_texts(alles, stem):
        missing = [phrase for phrase in expected if phrase not in text]
        assert not missing, f"{stem}: missing {missing}"


def test_grouped_tender_has_one_leidraad_with_a_section_per_unit_and_lot(alles: Path) -> None:
    stem = "tenders/specialistische-jeugdhulp/specialistische-jeugdhulp-aanbestedingsleidraad"
    for text in both_texts(alles, stem):
        assert "Aanbesteding specialistische jeugdhulp" in text
        assert "3.1 Segment Specialistische behandeling" in text
        assert "3.2 Segment Crisishulp" in text
        assert "Perceel regionaal" in text and "Perceel lokaal" in text
        assert "RV-2026-001" in text
        assert "artikel 2.38 en 2.39 Aanbestedingswet 2012" in text
        assert "Uniform Europees Aanbestedingsdocument" in text
        assert "klachtenmeldpunt" in text and "Commissie van Aanbestedingsexperts" in text
        assert "20 kalenderdagen" in text
        for weight in (
            "Kwaliteit van het plan van aanpak 60%",
            "Samenwerking in de regio 40%",
            "Behandelvisie en methodiek 70%",
        ):
            assert weight in text
    assert not (alles / "units/crisis/crisis-aanbestedingsleidraad.pdf").exists()


def test_sas_leidraad_states_what_the_light_regime_does_not_prescribe(alles: Path) -> None:
    stem = "tenders/specialistische-jeugdhulp/specialistische-jeugdhulp-aanbestedingsleidraad"
    for text in both_texts(alles, stem):
        # art. 2.39 lid 3: with exclusion grounds set, the eigen verklaring in the model is required in SAS too
        assert "(UEA, artikel 2.39, derde lid, Aanbestedingswet 2012)" in text
        assert "De wet schrijft het UEA bij deze procedure niet voor" not in text
        assert "past hem toe naar analogie van artikel 2.127 Aanbestedingswet 2012" in text
        # art. 2.39 lid 2 leaves § 2.3.8.8 out: the award decision follows art. 2.130 by analogy
        assert "met de relevante redenen (naar analogie van artikel 2.130 Aanbestedingswet 2012)" in text
        assert "proportionaliteit in acht (artikel 1.8 tot en met 1.10 Aanbestedingswet 2012)" in text
        # art. 2.134 lid 1 and 3: 30 days after the award, or bundled per quarter by choice
        assert "Binnen 30 dagen na het sluiten van de overeenkomst maakt de aanbestedende dienst" in text
        assert "mag hij de aankondigingen per kwartaal bundelen" in text
        assert "De gemeente Voorstad treedt op als centrumgemeente" in text
        assert "Voor segment Crisishulp ligt het budget vast in de concept-overeenkomst" in text
        assert "Prijs- en kostencriteria beoordeelt de commissie niet." in text  # G2 of Specialistische behandeling
        assert "artikel 1.5, derde lid, Aanbestedingswet 2012" in text  # Crisishulp has no lots: the motivation
        assert "Wet open overheid" in text and "artikel 2.57 Aanbestedingswet 2012" in text
        assert "Deelovereenkomst jeugdhulp 2020-2026 (crisisdeel)" in text  # replaced contracts table


def test_contract_privacy_roles_and_annexes(alles: Path) -> None:
    for text in both_texts(alles, "units/crisis/crisis-concept-overeenkomst"):
        assert "is Opdrachtnemer zelfstandig verwerkingsverantwoordelijke" in text
        assert "dan is hij daarvoor verwerker en sluiten partijen vóór de aanvang van die verwerking" in text
        assert "artikel 33 Algemene verordening gegevensbescherming" in text
        assert (
            "Bijlage 1: de nota's van inlichtingen" in text and "Bijlage 4: de inschrijving van Opdrachtnemer" in text
        )
        assert "Bijlage 1: de verwerkersovereenkomst" not in text
        assert "De gemeente Voorstad (Postbus 100, 1000 AA Voorstad), als centrumgemeente van Regio Voorbeeld" in text
    for text in both_texts(alles, "units/werk/werk-concept-dienstverleningsovereenkomst"):
        assert "verwerkt Dienstverlener persoonsgegevens als verwerker namens Opdrachtgever" in text
        assert "Bijlage 1: de verwerkersovereenkomst" in text
        assert "minder dan 20% van de activiteiten" in text
    for text in both_texts(alles, "units/wijkteam/wijkteam-opdrachtbrief"):
        assert "onder de verantwoordelijkheid van Opdrachtgever als verwerkingsverantwoordelijke" in text
        assert "meer dan 80% van zijn activiteiten" in text


def test_subsidy_decision_names_the_administrative_body(alles: Path) -> None:
    for text in both_texts(alles, "units/preventie/preventie-concept-subsidiebeschikking"):
        assert (
            "Het college van burgemeester en wethouders van de gemeente Voorstad, mede namens de colleges van de "
            "gemeenten Middendorp en Achterhoven" in text
        )
        assert "bezwaar maken bij het college (artikel 6:7 Algemene wet bestuursrecht)" in text
        assert "in voorschotten, in gelijke termijnen vooraf per kwartaal" in text


def test_documents_take_policy_values_from_data(alles: Path) -> None:
    for text in both_texts(alles, "units/hulpmiddelen/hulpmiddelen-aanbestedingsleidraad"):
        assert "90 dagen na de uiterste datum van inschrijving" in text
        assert "ten minste € 2.500.000,00 per gebeurtenis" in text
        assert "geen of onbruikbaar antwoord" in text and "uitstekend" in text  # the scale of the policy data
        assert "punten = score / 10 × de weging van het criterium" in text
    for text in both_texts(alles, "units/hulpmiddelen/hulpmiddelen-concept-overeenkomst"):
        assert "binnen 30 dagen na ontvangst" in text
        assert "uiterlijk 6 maanden voor het einde van de lopende periode" in text


def test_no_doubled_punctuation_in_the_pack(alles: Path) -> None:
    for path in sorted(alles.rglob("*.docx")):
        defects = prose_defects(docx_text(path))
        assert not defects, f"{path.name}: {defects}"


def test_leidraad_planning_table_has_the_rows_passed_in(alles: Path) -> None:
    stem = "tenders/specialistische-jeugdhulp/specialistische-jeugdhulp-aanbestedingsleidraad"
    for text in both_texts(alles, stem):
        assert "Publicatie aankondiging 6 april 2026" in text
        assert "Vragenronde 7 april 2026 24 april 2026" in text
        assert "Sluiting inschrijving 29 mei 2026" in text
        assert "nog geen planning vastgesteld" not in text


def test_leidraad_without_planning_says_so(alles: Path) -> None:
    for text in both_texts(alles, "units/hulpmiddelen/hulpmiddelen-aanbestedingsleidraad"):
        assert "Voor deze procedure is nog geen planning vastgesteld." in text
        assert "openbare procedure" in text and "Varianten zijn toegestaan" in text
        assert "Kwaliteit en service 55%" in text and "Prijs 45%" in text


def test_docx_has_styles_toc_field_header_and_page_numbers(alles: Path) -> None:
    document = docx.Document(str(alles / "units/crisis/crisis-concept-overeenkomst.docx"))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Clause", "toc 1"} <= styles
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body
    header = document.sections[0].header.paragraphs[0].text
    assert header == "Regio Voorbeeld\tSegment Crisishulp · Concept-overeenkomst"
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Versie concept 0.3 · 2 maart 2026 · Inkoop sociaal domein Regio Voorbeeld 2027\tPagina ")
    footer_xml = document.sections[0].footer._element.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    section = document.sections[0]  # the cover page: footer, no running header (as in the PDF)
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    assert " PAGE " in section.first_page_footer._element.xml
    assert round(document.paragraphs[0].paragraph_format.space_before.mm) == 35  # stored in twips
    core = document.core_properties
    assert core.created == dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    assert core.title == "Concept-overeenkomst – Segment Crisishulp"
    assert core.author == "Regio Voorbeeld"


def test_pdf_is_tagged_pdf_a_3a_with_metadata_from_the_spec_and_embedded_fonts(alles: Path) -> None:
    reader = PdfReader(alles / "units/crisis/crisis-concept-overeenkomst.pdf")
    xmp = reader.xmp_metadata
    assert xmp is not None
    packet = xmp.stream.get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in packet and 'pdfaid:conformance="A"' in packet and "pdfuaid" not in packet
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "nl"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]  # viewers show the title, not the file name
    assert [item.title for item in reader.outline if not isinstance(item, list)][:2] == [
        "Concept-overeenkomst",
        "Partijen",
    ]
    assert xmp.xmp_create_date == dt.datetime(2026, 3, 2)
    assert reader.metadata is not None and reader.metadata["/CreationDate"] == "D:20260302000000+00'00"
    fonts = {font["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVu-Sans" in name for name in fonts)  # shipped in templates/fonts
    descendant = next(iter(reader.pages[1]["/Resources"]["/Font"].values()))
    assert "/FontFile2" in descendant["/DescendantFonts"][0]["/FontDescriptor"]
    assert "Pagina 2 van" in normalize(reader.pages[1].extract_text())


def test_index_links_every_document(alles: Path) -> None:
    html = (alles / "index.html").read_text(encoding="utf-8")
    for prefix, docs in EXPECTED.items():
        for doc in docs:
            assert f'href="{prefix}-{doc}.pdf"' in html
            assert f'href="{prefix}-{doc}.docx"' in html
    assert "Segment Crisishulp" in html and "Aanbesteding specialistische jeugdhulp" in html


# ---------------------------------------------------------------------------------------------- behaviour


@pytest.fixture
def klein(tmp_path: Path) -> Path:
    """A fresh project holding the small programme."""
    return make_project(tmp_path / "project", "klein")


def test_two_builds_give_byte_identical_files(klein: Path, tmp_path: Path) -> None:
    first = build(klein, "klein", output_root=tmp_path / "a")
    second = build(klein, "klein", output_root=tmp_path / "b", jobs=2)
    assert first.written and digests(first.folder) == digests(second.folder)


def test_rebuild_skips_unchanged_and_renders_only_the_changed_unit(klein: Path) -> None:
    first = build(klein, "klein")
    assert first.folder == klein / "output" / "klein"
    before = digests(first.folder)
    again = build(klein, "klein")
    assert again.written == [] and len(again.skipped) == len(first.written)
    unit = klein / "specs/klein/units/toegang.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("Eén loket", "Eén herkenbaar loket"), encoding="utf-8")
    changed = build(klein, "klein")
    assert sorted(changed.written) == [
        "index.html",
        "programma-overzicht.docx",
        "programma-overzicht.pdf",
        "units/toegang/toegang-opdrachtbrief.docx",
        "units/toegang/toegang-opdrachtbrief.pdf",
    ]
    after = digests(changed.folder)
    assert (
        after["units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst.pdf"]
        == before["units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst.pdf"]
    )
    assert "Eén herkenbaar loket" in pdf_text(changed.folder / "units/toegang/toegang-opdrachtbrief.pdf")


def test_force_rebuilds_everything_with_the_same_bytes(klein: Path) -> None:
    first = build(klein, "klein")
    before = digests(first.folder)
    forced = build(klein, "klein", force=True)
    assert sorted(forced.written) == sorted(first.written)  # the index too: it is an output like the others
    assert forced.skipped == []
    assert digests(forced.folder) == before


def test_a_file_changed_on_disk_is_rebuilt(klein: Path) -> None:
    first = build(klein, "klein")
    target = first.folder / "units/toegang/toegang-opdrachtbrief.pdf"
    original = target.read_bytes()
    target.write_bytes(b"tampered")
    again = build(klein, "klein")
    assert "units/toegang/toegang-opdrachtbrief.pdf" in again.written
    assert target.read_bytes() == original


def test_removed_unit_removes_its_documents(klein: Path) -> None:
    first = build(klein, "klein")
    (klein / "specs/klein/units/schuldhulp.yaml").unlink()
    again = build(klein, "klein")
    assert sorted(again.removed) == [
        "units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst.docx",
        "units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst.pdf",
    ]
    assert not (first.folder / "units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst.pdf").exists()


def test_failed_build_leaves_the_previous_pack_intact(klein: Path) -> None:
    first = build(klein, "klein")
    before = digests(first.folder)
    unit = klein / "specs/klein/units/toegang.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("Eén loket", "Eén nieuw loket"), encoding="utf-8")
    templates = klein / "templates"
    templates.mkdir()
    broken = (FIXTURES / "overrides" / "broken-opdrachtbrief.html.j2").read_text(encoding="utf-8")
    (templates / "opdrachtbrief.html.j2").write_text(broken, encoding="utf-8")
    with pytest.raises(RenderError):
        build(klein, "klein")
    assert digests(first.folder) == before


def test_project_template_overrides_a_builtin_one_by_name(klein: Path) -> None:
    templates = klein / "templates"
    templates.mkdir()
    shutil.copy(FIXTURES / "overrides" / "programma-overzicht.html.j2", templates / "programma-overzicht.html.j2")
    report = build(klein, "klein")
    for text in both_texts(report.folder, "programma-overzicht"):
        assert "Raadsinformatiebrief Gemeente Klein" in text
        assert "Toegang: Inbesteding" in text
        assert "Samenvatting" not in text
    assert "Artikel 1" in pdf_text(report.folder / "units/toegang/toegang-opdrachtbrief.pdf")


def test_missing_spec_value_names_the_template_line_and_the_spec_field(klein: Path) -> None:
    templates = klein / "templates"
    templates.mkdir()
    shutil.copy(FIXTURES / "overrides" / "needs-target-group.html.j2", templates / "opdrachtbrief.html.j2")
    with pytest.raises(RenderError) as caught:
        build(klein, "klein")
    unit_file = klein / "specs/klein/units/toegang.yaml"
    assert str(caught.value) == (
        f"{unit_file}:1:1: target_group: not set, but template templates/opdrachtbrief.html.j2:6 needs it "
        "(rendering units/toegang/toegang-opdrachtbrief)"
    )


def test_undefined_variable_names_the_template_and_line(klein: Path) -> None:
    templates = klein / "templates"
    templates.mkdir()
    shutil.copy(FIXTURES / "overrides" / "broken-opdrachtbrief.html.j2", templates / "opdrachtbrief.html.j2")
    with pytest.raises(RenderError) as caught:
        build(klein, "klein")
    assert str(caught.value) == (
        "templates/opdrachtbrief.html.j2:4: 'no_such_variable' is undefined "
        "(rendering units/toegang/toegang-opdrachtbrief)"
    )
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("templates/opdrachtbrief.html.j2", 4)


@pytest.mark.parametrize(
    ("reference", "refused"),
    [
        ('<img src="http://example.org/logo.png" alt="logo">', "http://example.org/logo.png"),
        ('<img src="file:///etc/passwd" alt="x">', "file:///etc/passwd"),
    ],
)
def test_pdf_refuses_network_and_files_outside_the_template_folders(klein: Path, reference: str, refused: str) -> None:
    templates = klein / "templates"
    templates.mkdir()
    source = (FIXTURES / "overrides" / "fetches.html.j2").read_text(encoding="utf-8")
    (templates / "opdrachtbrief.html.j2").write_text(source.replace("REFERENCE", reference), encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        build(klein, "klein")
    message = str(caught.value)
    assert message.startswith(f"templates/opdrachtbrief.html.j2: refused to fetch `{refused}`")
    assert message.endswith("(rendering units/toegang/toegang-opdrachtbrief)")


def test_pdf_ua_variant_is_pdf_a_3a_that_also_declares_pdf_ua_1(klein: Path) -> None:
    report = build(klein, "klein", pdf_variant=PDF_UA)
    reader = PdfReader(report.folder / "units/toegang/toegang-opdrachtbrief.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    xmp = reader.xmp_metadata
    assert xmp is not None
    packet = xmp.stream.get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in packet and 'pdfaid:part="3"' in packet and 'pdfaid:conformance="A"' in packet
    assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in packet
    assert "/OutputIntents" in root  # still archival: the sRGB output intent of PDF/A
    ElementTree.fromstring(packet[packet.index("<x:xmpmeta") : packet.rindex("</x:xmpmeta>") + 12])


# ---------------------------------------------------------------------------------------------- example specs


@pytest.mark.slow
@pytest.mark.skipif(not EXAMPLES, reason="the example specs are not in this checkout")
@pytest.mark.parametrize("programme", EXAMPLES)
def test_example_programme_pack(programme: str, example_pack: Callable[[str], tuple[Project, Path]]) -> None:
    loaded, folder = example_pack(programme)
    spec = loaded.spec
    schedule = REPO_SPECS.parent / "schedules" / f"{programme}.yaml"
    for planned in plan_documents(spec):
        texts = both_texts(folder, planned.name)
        if planned.doc.key == "aanbestedingsleidraad" and schedule.is_file():
            view = planning_rows(spec, planned.tender_id or planned.unit_ids[0])
            extends = "Termijnen worden berekend met inachtneming van de Algemene termijnenwet"
            for text in texts:
                if view is None:  # the schedule has no milestone of this procedure (plan.PROCEDURE_MILESTONES)
                    assert "Voor deze procedure is nog geen planning vastgesteld." in text
                    continue
                assert view.rows, f"{planned.name} has no planning rows"
                for row in view.rows:
                    assert normalize(f"{row.label} {date_nl(row.date)}") in text
                assert (extends in text) is view.roll_forward
                assert ("de data in de planning zijn vaste kalenderdata" in text.lower()) is not view.roll_forward
        assert not prose_defects(texts[1]), f"{planned.name}: {prose_defects(texts[1])}"
        for text in texts:
            assert catalogue().document(planned.doc.key).title in text
            for unit_id in planned.unit_ids:
                unit = spec.unit(unit_id)
                assert normalize(unit.name) in text
                if planned.doc.key in (
                    "concept-overeenkomst",
                    "programma-van-eisen",
                    "aanbestedingsleidraad",
                ):
                    if unit.funding is not None:
                        assert unit.funding.form in text.lower()
                    if unit.quota_pct:
                        assert f"{unit.quota_pct.normalize():f}".replace(".", ",") + "%" in text
                if planned.doc.key == "aanbestedingsleidraad":
                    for criterion in unit.award_criteria:
                        assert f"{criterion.weight.normalize():f}".replace(".", ",") + "%" in text


def test_docx_keeps_the_non_breaking_space_in_amounts(alles: Path) -> None:
    """Babel writes "€\xa01.234,00"; the DOCX must not break a line between the sign and the amount."""
    amounts: list[str] = []
    for path in sorted(alles.rglob("*.docx")):
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        amounts.extend(t for t in [p.text for p in document.paragraphs] + cells if "€" in t)
    assert amounts, "the fixture pack prints amounts"
    assert [a for a in amounts if re.search(r"€ \d", a)] == []
    assert sum(1 for a in amounts if re.search("€\xa0\\d", a)) > 10
