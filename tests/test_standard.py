"""Filling the Contractstandaard Wmo 1.2 for the Midden-Holland Wmo segments.

The standard's text never enters the repository: the Word files are made at test time from the Markdown copies in
``../shared/reference/contractstandaarden-wmo/`` (tests/standard_docx.py), and every expected text below is read
from those copies (a paragraph found by its position after a short label), not written here.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

import standard_docx
from standard_docx import markdown_paragraphs
from standard_project import TEMPLATE_NAMES, WMO_UNITS, make_project
from tendergen.project import Project, load_project
from tendergen.render.plan import plan_documents, timeline_planning
from tendergen.render.templates import TemplateSet
from tendergen.stamp import stamp_for
from tendergen.standard.build import StandardOutput, fill_unit, report_json
from tendergen.standard.context import INKOOPDOCUMENT, OVEREENKOMST
from tendergen.standard.fill import check_template, document_blocks, document_text, open_document
from tendergen.standard.profile import load_profile
from tendergen.standard.wordfile import normalise

pytestmark = pytest.mark.skipif(
    not standard_docx.available(), reason="the Markdown copies of the standard are not in ../shared/reference"
)


@dataclass
class Filled:
    project: Project
    outputs: dict[str, StandardOutput]

    def text(self, unit: str, document: str) -> list[str]:
        return document_text(self.outputs[unit].documents[document][1])


def _fill(project: Project, unit_id: str) -> StandardOutput:
    spec = project.spec
    unit = spec.unit(unit_id)
    scope = getattr(unit.instrument, "tender", None) or unit.id
    planning = timeline_planning(project.timeline)(spec, scope)
    templates = TemplateSet.for_project(project.layout.root)
    return fill_unit(spec, unit, templates, planning, stamp_for(spec.programme.document_date).when)


@pytest.fixture(scope="session")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Filled:
    programme = make_project(tmp_path_factory.mktemp("standard"))
    project = load_project(programme)
    return Filled(project, {unit: _fill(project, unit) for unit in WMO_UNITS})


def _after(key: str, label: str, offset: int = 1, nth: int = 1) -> str:
    """The text of the paragraph ``offset`` places after the ``nth`` paragraph that equals ``label``."""
    paragraphs = [normalise(p) for p in markdown_paragraphs(key)]
    positions = [i for i, p in enumerate(paragraphs) if p == label]
    return paragraphs[positions[nth - 1] + offset]


def _between(key: str, first: str, last: str) -> list[str]:
    """The paragraphs from the heading starting with ``first`` up to (not including) the one starting ``last``."""
    paragraphs = [normalise(p) for p in markdown_paragraphs(key)]
    start = next(i for i, p in enumerate(paragraphs) if p.startswith(first))
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.startswith(last))
    return [p for p in paragraphs[start:end] if p]


def _last(texts: list[str], item: str) -> int:
    return len(texts) - 1 - texts[::-1].index(item)


def _prefix(text: str) -> str:
    """The text before its first placeholder."""
    return text.split("[", 1)[0].strip()


def test_every_wmo_segment_gets_both_documents_without_problems(filled: Filled) -> None:
    for unit in WMO_UNITS:
        output = filled.outputs[unit]
        assert [p.format() for p in output.problems] == []
        assert sorted(output.documents) == [INKOOPDOCUMENT, OVEREENKOMST]
    variants = {unit: filled.outputs[unit].documents[INKOOPDOCUMENT][0] for unit in WMO_UNITS}
    assert variants == {
        "begeleiding": "inkoopdocument-emvi",
        "dagbesteding-logeren": "inkoopdocument-emvi",
        "praktische-ondersteuning": "inkoopdocument-toelating",
        "wonen": "inkoopdocument-emvi",
    }


def test_no_placeholder_or_option_label_left(filled: Filled) -> None:
    for unit in WMO_UNITS:
        for document in (INKOOPDOCUMENT, OVEREENKOMST):
            text = filled.text(unit, document)
            left = [p for p in text if "[" in p or "VOORBEELDOPTIE" in p or re.match(r"Optie \d:", p)]
            assert left == [], (unit, document)
            assert not [p for p in text if "202*" in p or "***" in p]


def test_chosen_options_are_present_and_the_others_absent(filled: Filled) -> None:
    text = filled.text("begeleiding", OVEREENKOMST)
    # clauses.termination: opdrachtgever → option 2 of article 1.3.4, with the notice period and without 1.6.1
    option_1, option_2, option_3 = (_after("overeenkomst", f"Optie {n}:") for n in (1, 2, 3))
    expected = option_2.replace(", [1.6.1]", "").replace("[aantal]", "6")
    assert expected in text
    assert not [p for p in text if p.startswith(_prefix(option_1)) or p == option_3.replace("[aantal]", "6")]
    # begeleiding is outputgericht: the inkoopdocument keeps that variant's description only
    inkoop = filled.text("begeleiding", INKOOPDOCUMENT)
    kept = _after("inkoopdocument-emvi", "Outputgerichte uitvoeringsvariant")
    dropped = _after("inkoopdocument-emvi", "Inspanningsgerichte uitvoeringsvariant")
    assert kept in inkoop and dropped not in inkoop
    assert "Berekening tarieven" in inkoop  # the heading's [keuze: …] resolved for tariffs
    # the open-house segment gets the admission consideration, the tender segments the tender one
    toelating = filled.text("praktische-ondersteuning", OVEREENKOMST)
    admission = next(p for p in markdown_paragraphs("overeenkomst") if p.startswith("(Bij een toelatingsprocedure:)"))
    assert admission.removeprefix("(Bij een toelatingsprocedure:) ") in toelating
    assert admission.removeprefix("(Bij een toelatingsprocedure:) ") not in text


def test_optional_articles_kept_or_not_applicable_with_their_numbers(filled: Filled) -> None:
    text = filled.text("begeleiding", OVEREENKOMST)
    body = [p for p in _between("overeenkomst", "[Optioneel:] Artikel 1.4", "[Optioneel:] Artikel 1.5")[1:]]
    heading = _last(text, "Artikel 1.4 – Herzieningsclausule")  # the first one is the table of contents entry
    assert text[heading + 1] == "Niet van toepassing."
    assert text[heading + 2] == "Artikel 1.5 – Bestedingsruimte"
    assert len(body) > 10
    # Bibob and 18-/18+ are chosen (contract_clauses), so their articles stay whole, without the marker
    for first, last in (
        ("[Optioneel:] Artikel 1.8", "[Optioneel:] Artikel 1.9"),
        ("[Optioneel:] Artikel 1.7", "[Optioneel:] Artikel 1.8"),
    ):
        kept = _between("overeenkomst", first, last)
        assert kept[0].removeprefix("[Optioneel:] ") in text
        assert all(p in text for p in kept[1:])
    assert not [p for p in text if p.startswith("Artikel 1.n")]  # the placeholder article goes entirely
    # the selection criteria of the inkoopdocument are not applicable without selection
    inkoop = filled.text("begeleiding", INKOOPDOCUMENT)
    assert inkoop[_last(inkoop, "Selectiecriteria") + 1] == "Niet van toepassing."


def test_prescribed_paragraphs_unchanged(filled: Filled) -> None:
    # articles without placeholders, choices or options are in the filled documents paragraph for paragraph
    text = set(filled.text("wonen", OVEREENKOMST))
    for first, last in (("Artikel 3.20", "Artikel 3.29"), ("Artikel 3.9", "Hoofdstuk 2")):
        paragraphs = _between("overeenkomst", first, last)
        assert paragraphs and [p for p in paragraphs if p not in text] == []
    inkoop = set(filled.text("wonen", INKOOPDOCUMENT))
    paragraphs = _between("inkoopdocument-emvi", "Aanmelden als hoofdaannemer", "Vragen over de procedure")
    assert len(paragraphs) > 10 and [p for p in paragraphs if p not in inkoop] == []


def test_report_lists_each_placeholder_and_its_value(filled: Filled) -> None:
    report = json.loads(report_json(filled.outputs["begeleiding"]))
    assert report["standard"] == "Contractstandaard Wmo 1.2"
    entries = {(e["document"], e["id"]): e for e in report["entries"]}
    start = entries[("overeenkomst", "begindatum")]
    assert (start["article"], start["text"], start["value"], start["source"]) == (
        "1.3.1",
        "[begindatum]",
        "1 januari 2025",
        "start | date_nl",
    )
    assert entries[("inkoopdocument-emvi", "klachten-link")]["source"] == "contract_standard.values.klachten-link"
    assert entries[("overeenkomst", "1.4")]["value"] == "niet van toepassing"
    assert entries[("overeenkomst", "opzegging")]["value"] == "optie-2"
    placeholders = [e for e in report["entries"] if e["kind"] == "placeholder"]
    assert len(placeholders) > 40 and all(e["text"] for e in placeholders)


def test_placeholder_split_over_runs_keeps_the_first_runs_formatting(filled: Filled) -> None:
    document = open_document(filled.outputs["begeleiding"].documents[OVEREENKOMST][1])
    # the copy has the placeholder in three runs, the middle one italic: the value is in the first, not italic
    paragraphs = [p for p in document.paragraphs if "2803 PG Gouda" in p.text]
    assert len(paragraphs) == 1
    runs = paragraphs[0].runs
    assert [r.italic for r in runs] == [None] and runs[0].text.endswith("2803 PG Gouda")


def test_toc_marked_for_update_and_numbering_kept(filled: Filled) -> None:
    data = filled.outputs["begeleiding"].documents[OVEREENKOMST][1]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        settings = archive.read("word/settings.xml").decode()
        body = archive.read("word/document.xml").decode()
        stamps = {info.date_time for info in archive.infolist()}
    assert '<w:updateFields w:val="true"/>' in settings
    assert 'w:fldCharType="begin" w:dirty="true"' in body
    assert stamps == {(2024, 2, 15, 0, 0, 0)}
    root = Document(io.BytesIO(data)).element.body
    toc = [
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in root.iter(qn("w:p"))
        if p.pPr is not None and p.pPr.pStyle is not None and p.pPr.pStyle.val.startswith("TOC")
    ]
    assert "Artikel 1.4 – Herzieningsclausule" in toc and not [t for t in toc if "[" in t]


def test_fill_is_deterministic(filled: Filled) -> None:
    again = _fill(filled.project, "praktische-ondersteuning")
    assert again.documents == filled.outputs["praktische-ondersteuning"].documents


def test_copies_match_the_fingerprints_of_version_1_2() -> None:
    profile = load_profile("wmo", "1.2")
    for key in TEMPLATE_NAMES:
        document = open_document(standard_docx.build_docx(key))
        assert check_template(profile, key, document_blocks(document, profile.documents[key])) == []


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, StandardOutput]:
    """A copy whose overeenkomst has one prescribed sentence changed, without the admission inkoopdocument and
    without the value of the complaints link."""
    sentence = _between("overeenkomst", "Artikel 3.24", "Artikel 3.25")[1]
    from standard_project import STANDARD_BLOCK

    block = STANDARD_BLOCK.replace("    klachten-link: https://www.gouda.nl/klachten-inkoop\n", "")
    programme = make_project(
        tmp_path_factory.mktemp("broken"),
        block=block,
        replace={"overeenkomst": {sentence: sentence.rstrip(".") + " en blijft voor het overige gelden."}},
        skip=("inkoopdocument-toelating",),
    )
    project = load_project(programme)
    return {unit: _fill(project, unit) for unit in ("begeleiding", "praktische-ondersteuning")}


def test_changed_prescribed_sentence_is_a_deviation_naming_the_block(broken: dict[str, StandardOutput]) -> None:
    messages = [p.format() for p in broken["begeleiding"].problems]
    deviation = [m for m in messages if "artikel 3.24" in m]
    assert len(deviation) == 1
    assert re.search(
        r"programme\.yaml:\d+:\d+: contract_standard\.version: templates/contractstandaard-wmo/"
        r"Overeenkomst-Wmo-versie-1\.2\.docx, artikel 3\.24: differs from Contractstandaard Wmo 1\.2: changed "
        r"paragraph 2 `",
        deviation[0],
    )
    assert OVEREENKOMST not in broken["begeleiding"].documents  # nothing is made from a deviating copy


def test_unfilled_placeholder_is_a_located_error_naming_the_field(broken: dict[str, StandardOutput]) -> None:
    messages = [p.format() for p in broken["begeleiding"].problems]
    unfilled = [m for m in messages if "klachten-link" in m]
    assert len(unfilled) == 1
    assert re.search(
        r"programme\.yaml:\d+:\d+: contract_standard\.values: templates/contractstandaard-wmo/"
        r"Inkoopdocument-Wmo-met-Emvi\.docx, artikel 5\.8\.1: placeholder `\[voeg link in\]` \(vindplaats van de "
        r"klachtenregeling\) is not filled: set contract_standard\.values\.klachten-link$",
        unfilled[0],
    )


def test_missing_template_is_one_located_error(broken: dict[str, StandardOutput]) -> None:
    messages = [p.format() for p in broken["praktische-ondersteuning"].problems]
    missing = [m for m in messages if "is missing" in m]
    assert len(missing) == 1
    assert re.search(
        r"units/praktische-ondersteuning\.yaml:\d+:\d+: contract_standard\.version: "
        r"templates/contractstandaard-wmo/Inkoopdocument-Wmo-Toelatingsprocedure\.docx is missing: put the official "
        r"Word file of Contractstandaard Wmo 1\.2 \(Inkoopdocument \(toelatingsprocedure\)\) there",
        missing[0],
    )


def test_the_standard_replaces_own_leidraad_parts_only_where_it_applies(filled: Filled) -> None:
    names = {p.name for p in plan_documents(filled.project.spec)}
    for unit in WMO_UNITS:
        assert f"units/{unit}/{unit}-concept-overeenkomst" not in names
    for unit in ("begeleiding", "dagbesteding-logeren", "wonen"):
        assert f"units/{unit}/{unit}-programma-van-eisen" in names
    assert "units/praktische-ondersteuning/praktische-ondersteuning-toelatingsdocument" not in names
    # the grouped SAS tender also buys Jeugd segments: its leidraad stays, and so do their contracts
    assert "tenders/jeugd-wmo-2025/jeugd-wmo-2025-aanbestedingsleidraad" in names
    assert "units/behandeling/behandeling-concept-overeenkomst" in names


def test_pdf_text_equals_docx_text(filled: Filled) -> None:
    import shutil
    import subprocess

    from tendergen.render.pdf_variants import PDF_A
    from tendergen.standard.build import numbered_copy, pdf_files

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    output = filled.outputs["praktische-ondersteuning"]
    key, data = output.documents[INKOOPDOCUMENT]
    assert output.profile is not None
    templates = TemplateSet.for_project(filled.project.layout.root)
    files = pdf_files("x", key, data, output.profile, templates, PDF_A, 1_700_000_000)
    pdf = Path(filled.project.layout.root) / "x.pdf"
    pdf.write_bytes(files["x.pdf"])
    extracted = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout
    # whitespace, hyphenation and list bullets (Word's numbering, CSS markers in the PDF) are not text
    squash = re.compile(r"[\s\u00ad\u2010\u2022-]+")
    pdf_text = squash.sub("", extracted.decode("utf-8"))
    docx_text = squash.sub("", "".join(document_text(numbered_copy(data, output.profile, key))))
    assert pdf_text == docx_text


def test_sas_without_award_criteria_with_selection_and_talks(filled: Filled) -> None:
    """The variant without EMVI, filled for the route with selection and consultation talks (procedure 3)."""
    from tendergen.spec.standard import ContractClauses
    from tendergen.standard.context import UnitResolver
    from tendergen.standard.fill import fill_document

    project = filled.project
    spec = project.spec
    key = "inkoopdocument-zonder-emvi"
    resolver = UnitResolver(spec, spec.unit("wonen"), TemplateSet.for_project(project.layout.root), None, key)
    resolver.context["clauses"] = ContractClauses(selection="selectie-en-gesprekken")
    extra = {
        "aantal-na-selectie": "vijf",
        "tussentijdse-indiening": "een plan van aanpak",
        "werkwijze-afstemmingsgesprekken": "twee gesprekken per inschrijver",
        "beoordelingsmethode": "op volledigheid en juistheid",
        "datum-aanmelding": "1 maart 2024",
        "tijd-aanmelding": "12:00",
        "datum-aanmelding-1": "1 maart 2024",
        "tijd-aanmelding-1": "12:00",
        "datum-inschrijving": "1 mei 2024",
        "tijd-inschrijving": "12:00",
        "tijdstip-inschrijving": "12:00",
    }
    resolver.standard = resolver.standard.model_copy(update={"values": {**resolver.standard.values, **extra}})
    data = (project.layout.root / "templates" / "contractstandaard-wmo" / TEMPLATE_NAMES[key]).read_bytes()
    result = fill_document(
        load_profile("wmo", "1.2"), key, data, resolver, stamp_for(spec.programme.document_date).when
    )
    assert result.findings == [] and result.data is not None
    text = document_text(result.data)
    assert not [p for p in text if "[" in p or "VOORBEELDOPTIE" in p]
    chosen = {f.id: f.value for f in result.filled if f.kind == "choice"}
    assert chosen["procedure-zemvi"] == "procedure-3" and chosen["stap-5-zemvi"] == "gesprekken"
    talks = _prefix(_after(key, "[Tekstblok bij procedure 3 ZEMVI:]"))
    assert talks and any(p.startswith(talks) for p in text)
    assert "Stap 5: Afstemming contractvoorwaarden" in text  # the optional step, without its marker
    assert "Selectiecriteria" in text and "Niet van toepassing." not in text


def test_builder_makes_docx_pdf_and_report_targets(filled: Filled) -> None:
    from tendergen.render.builders import BuildSettings, StandardBuilder
    from tendergen.render.pdf_variants import PDF_A

    project = filled.project
    settings = BuildSettings(
        project, TemplateSet.for_project(project.layout.root), PDF_A, timeline_planning(project.timeline)
    )
    names = sorted(t.name for t in StandardBuilder(settings).targets())
    assert names == sorted(
        f"units/{u}/{u}-{d}"
        for u in WMO_UNITS
        for d in ("contractstandaard-inkoopdocument", "contractstandaard-overeenkomst", "contractstandaard-verslag")
    )


def test_read_back_reports_text_that_differs_from_the_plan(filled: Filled) -> None:
    from tendergen.standard.fill import verify

    key, data = filled.outputs["wonen"].documents[OVEREENKOMST]
    profile = load_profile("wmo", "1.2")
    blocks = document_blocks(open_document(data), profile.documents[key])
    planned = [(b.article, normalise(t)) for b in blocks if not b.in_toc for t in b.texts if normalise(t)]
    assert verify(profile, key, data, planned) == []
    changed = [*planned[:5], (planned[5][0], planned[5][1] + " (gewijzigd)"), *planned[6:]]
    findings = verify(profile, key, data, changed)
    assert [(f.kind, f.message) for f in findings] == [
        (
            "bug",
            "the filled document differs from its template outside the placeholders (paragraph 6); "
            "this is a bug in tendergen",
        )
    ]
