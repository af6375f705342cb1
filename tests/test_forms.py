"""Bidder forms (docxtpl) and spreadsheets (openpyxl): what a bidder opens, fills in and returns."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from tendergen.errors import SpecError
from tendergen.project import Project, load_project
from tendergen.render.builders import BuildSettings, FormBuilder, RenderFailed, SheetBuilder
from tendergen.render.document import render_document
from tendergen.render.forms import find_form
from tendergen.render.pack import locate
from tendergen.render.plan import plan_documents, timeline_planning
from tendergen.render.templates import TemplateSet, builtin_template_dir

FIXTURES = Path(__file__).parent / "fixtures"
PROCEDURES = FIXTURES / "render" / "procedures"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _project(tmp_path: Path, templates: dict[str, bytes] | None = None) -> Project:
    """The procedures fixture copied into a project folder, with optional project templates."""
    shutil.copytree(PROCEDURES, tmp_path / "specs" / "procedures")
    for name, data in (templates or {}).items():
        (tmp_path / "templates").mkdir(exist_ok=True)
        (tmp_path / "templates" / name).write_bytes(data)
    return load_project(tmp_path / "specs" / "procedures")


def _settings(project: Project) -> BuildSettings:
    return BuildSettings(project, TemplateSet.for_project(project.layout.root), "pdfa", timeline_planning(None))


def _outputs(builder: type[FormBuilder] | type[SheetBuilder], project: Project) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for target in builder(_settings(project)).targets():
        files.update(target.run())
    return files


def _text(data: bytes) -> str:
    import io

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))


def _controls(data: bytes) -> list[str]:
    import io

    body = docx.Document(io.BytesIO(data)).element.body
    return [sdt.find(f"{W}sdtPr/{W}tag").get(f"{W}val") for sdt in body.iter(f"{W}sdt")]


def test_every_tender_unit_gets_forms_and_only_price_units_a_prijzenblad(tmp_path: Path) -> None:
    project = _project(tmp_path)
    names = {p.name for p in plan_documents(project.spec, ("form", "sheet"))}
    assert names == {
        "units/beschermd-wonen/beschermd-wonen-inschrijfformulier",
        "units/beschermd-wonen/beschermd-wonen-eigen-verklaring",
        "units/beschermd-wonen/beschermd-wonen-vragenformulier",
        "units/re-integratie/re-integratie-inschrijfformulier",
        "units/re-integratie/re-integratie-eigen-verklaring",
        "units/re-integratie/re-integratie-prijzenblad",
        "units/re-integratie/re-integratie-vragenformulier",
        "units/tolken/tolken-inschrijfformulier",
        "units/tolken/tolken-eigen-verklaring",
        "units/tolken/tolken-vragenformulier",
        "units/huishoudelijke-hulp/huishoudelijke-hulp-aanmeldformulier",
        "units/buurtwerk/buurtwerk-aanvraagformulier",
    }


def test_inschrijfformulier_lists_lots_criteria_declarations_and_has_content_controls(tmp_path: Path) -> None:
    files = _outputs(FormBuilder, _project(tmp_path))
    form = files["units/beschermd-wonen/beschermd-wonen-inschrijfformulier.docx"]
    text = _text(form)
    assert "Inschrijfformulier" in text
    assert "Beschermd wonen\nPerceel noord" in text
    assert "Beschermd wonen\nPerceel zuid" in text
    assert "G1 Visie op herstel" in text
    assert "u besteedt ten minste 10% van het budget aan kleine, lokale of specialistische aanbieders" in text
    # an openbare procedure: sanctions declaration and Gedragsverklaring aanbesteden apply
    assert "artikel 5k van Verordening (EU) nr. 833/2014" in text
    assert "niet ouder is dan twee jaar (artikel 1.20 Aanbestedingswet 2012)" in text
    assert "{{" not in text and "{%" not in text
    tags = _controls(form)
    assert {"naam", "kvk", "email", "combinatie", "derden", "quotum", "sancties", "ondertekenaar"} <= set(tags)
    assert tags.count("inschrijving") == 2  # one per lot
    # a national procedure: no sanctions declaration, no quota
    national = _text(files["units/re-integratie/re-integratie-inschrijfformulier.docx"])
    assert "833/2014" not in national
    assert "Vul het prijzenblad in (Excel)" in national
    assert "besteedt ten minste" not in national


def test_eigen_verklaring_follows_the_procedure(tmp_path: Path) -> None:
    files = _outputs(FormBuilder, _project(tmp_path))
    uea = _text(files["units/beschermd-wonen/beschermd-wonen-eigen-verklaring.docx"])
    assert "Uniform Europees Aanbestedingsdocument (artikel 2.84 en 2.85 Aanbestedingswet 2012)" in uea
    assert "Deel III\nA: de verplichte uitsluitingsgronden (artikel 2.86 Aanbestedingswet 2012)" in uea
    national = _text(files["units/re-integratie/re-integratie-eigen-verklaring.docx"])
    assert "op grond van artikel 1.19, eerste lid, Aanbestedingswet 2012" in national
    assert "Uniform Europees" not in national
    assert "verplicht" in _controls(files["units/re-integratie/re-integratie-eigen-verklaring.docx"])


def test_forms_are_deterministic(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first = _outputs(FormBuilder, project)
    assert first == _outputs(FormBuilder, project)
    assert _outputs(SheetBuilder, project) == _outputs(SheetBuilder, project)


def _edited_form(extra: str) -> bytes:
    import io

    document = docx.Document(str(builtin_template_dir() / "forms" / "inschrijfformulier.docx"))
    document.add_paragraph(extra)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_project_template_replaces_the_built_in_form(tmp_path: Path) -> None:
    project = _project(
        tmp_path, {"inschrijfformulier.docx": _edited_form("Huisstijl van {{ programme.authority.name }}")}
    )
    templates = TemplateSet.for_project(project.layout.root)
    assert find_form(templates, "inschrijfformulier.docx") == tmp_path / "templates" / "inschrijfformulier.docx"
    files = _outputs(FormBuilder, project)
    assert "Huisstijl van Gemeente Zuiderveld" in _text(files["units/tolken/tolken-inschrijfformulier.docx"])
    # the other forms keep the built-in template
    assert "Huisstijl" not in _text(files["units/tolken/tolken-eigen-verklaring.docx"])


def test_this_repositorys_house_template_adds_a_checklist(tmp_path: Path) -> None:
    house = Path(__file__).parent.parent / "templates" / "inschrijfformulier.docx"
    files = _outputs(FormBuilder, _project(tmp_path, {"inschrijfformulier.docx": house.read_bytes()}))
    text = _text(files["units/re-integratie/re-integratie-inschrijfformulier.docx"])
    assert "Controlelijst vóór het indienen" in text
    assert "Antwoord op G1 Plan van aanpak" in text and "Het prijzenblad (Excel)" in text
    assert "Het prijzenblad (Excel)" not in _text(files["units/tolken/tolken-inschrijfformulier.docx"])


@pytest.mark.slow
def test_example_pack_holds_forms_and_price_sheets_for_every_tender(example_pack) -> None:  # type: ignore[no-untyped-def]
    project, folder = example_pack("midden-holland-2025")
    spec = project.spec
    assert (folder / "tenders/jeugd-wmo-2025/jeugd-wmo-2025-inschrijfformulier.docx").is_file()
    assert (folder / "units/wmo-voorzieningen/wmo-voorzieningen-inschrijfformulier.docx").is_file()
    book = load_workbook(folder / "units/wmo-voorzieningen/wmo-voorzieningen-prijzenblad.xlsx")
    # each lot is scored on its own tariffs: one worksheet per lot, with only that lot's rows and its own total
    assert book.sheetnames == [
        "Hulpmiddelen Wmo",
        "Collectief en rolstoelgebonden",  # the name is longer than a worksheet name may be (31)
        "Calamiteitentoezicht Wmo",
    ]
    sheets = [book[name] for name in book.sheetnames]
    codes = [[row[0].value for row in sheet.iter_rows(min_row=8, max_row=9) if row[0].value] for sheet in sheets]
    assert codes == [["HM-HUUR"], ["CVV-RIT", "RGV-DAG"], ["CAL-MND"]]
    assert sheets[1]["G11"].value == "=SUM(G8:G9)"
    assert (
        sheets[1]["A1"].value
        == "Prijzenblad segment Wmo-voorzieningen · perceel Collectief en rolstoelgebonden vervoer"
    )
    assert (
        "Vul dit blad alleen in als u inschrijft op perceel Collectief en rolstoelgebonden vervoer."
        in sheets[1]["A3"].value
    )
    assert "Vaste tarieven" not in sheets[1]["A3"].value  # every tariff here is offered
    guide = _text((folder / "units/wmo-voorzieningen/wmo-voorzieningen-aanbestedingsleidraad.docx").read_bytes())
    assert (
        "G4\nOpvolging van alarmeringen\n60%\nKwaliteit; antwoord van ten hoogste 3 pagina's\nCalamiteitentoezicht Wmo"
        in guide
    )
    assert "G3\nPrijs\n40%\nPrijs\nalle percelen" in guide
    assert "De gewogen prijs wordt per perceel berekend: de som over de regels van dat perceel" in guide
    assert "laagste gewogen prijs van alle geldige inschrijvingen op dat perceel" in guide
    assert "de inschrijving met de meeste punten op de kwaliteitscriteria samen voor" in guide
    unit = spec.unit("wmo-voorzieningen")
    assert sorted(c for sheet in codes for c in sheet) == sorted(t.id for t in unit.funding.tariffs)  # type: ignore[union-attr]
    assert not list(folder.glob("units/crisis/*prijzenblad*"))  # no price criterion
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert '<a href="units/wmo-voorzieningen/wmo-voorzieningen-prijzenblad.xlsx">XLSX</a>' in index
    # the SAS tender, wmo-voorzieningen (its own tender), the open house and the subsidy
    assert index.count("<h3>In te dienen</h3>") == 4
    # each form is handed in with what its instrument asks for
    assert "<td>Aanmeldformulier</td><td>met de aanvraag tot toelating, ingevuld en ondertekend</td>" in index
    assert "<td>Aanvraagformulier</td><td>met de subsidieaanvraag, ingevuld en ondertekend</td>" in index
    assert "<td>Inschrijfformulier</td><td>met de inschrijving, ingevuld en ondertekend</td>" in index
    tender_form = _text((folder / "tenders/jeugd-wmo-2025/jeugd-wmo-2025-inschrijfformulier.docx").read_bytes())
    for unit_id in ("crisis", "behandeling"):
        for criterion in spec.unit(unit_id).award_criteria:
            if criterion.kind == "kwaliteit":
                assert f"{criterion.id} {criterion.name} (Segment {spec.unit(unit_id).name})" in tender_form
                assert f"Vraag: {criterion.question}" in tender_form


def _failure(project: Project, name: str) -> str:
    for target in FormBuilder(_settings(project)).targets():
        if target.name == name:
            with pytest.raises(RenderFailed) as caught:
                target.run()
            return locate(project.spec, caught.value.failure).format()
    raise AssertionError(name)


def test_an_unset_spec_field_in_a_form_is_located_at_the_spec(tmp_path: Path) -> None:
    project = _project(tmp_path, {"inschrijfformulier.docx": _edited_form("Doelgroep: {{ unit.target_group }}")})
    message = _failure(project, "units/tolken/tolken-inschrijfformulier")
    assert message == (
        f"{tmp_path}/specs/procedures/units/tolken.yaml:1:1: target_group: not set, but template "
        "templates/inschrijfformulier.docx needs it (rendering units/tolken/tolken-inschrijfformulier)"
    )


def test_an_undefined_variable_in_a_form_names_the_template(tmp_path: Path) -> None:
    project = _project(tmp_path, {"inschrijfformulier.docx": _edited_form("{{ inschrijver.naam }}")})
    message = _failure(project, "units/tolken/tolken-inschrijfformulier")
    assert message == (
        "templates/inschrijfformulier.docx: 'inschrijver' is undefined "
        "(rendering units/tolken/tolken-inschrijfformulier)"
    )


def test_prijzenblad_has_one_row_per_tariff_with_locked_formulas_and_open_inputs(tmp_path: Path) -> None:
    import io

    files = _outputs(SheetBuilder, _project(tmp_path))
    book = load_workbook(io.BytesIO(files["units/re-integratie/re-integratie-prijzenblad.xlsx"]))
    sheet = book["Prijzenblad"]
    assert [c.value for c in sheet[8]][:5] == ["RI-UUR", "Re-integratiebegeleiding", "uur", 78.5, 1500]
    assert sheet["G8"].value == '=IF(F8="","",F8*E8)'
    assert sheet["G10"].value == "=SUM(G8:G8)"
    assert sheet.protection.sheet is True
    assert sheet["F8"].protection.locked is False
    assert sheet["G8"].protection.locked is True and sheet["D8"].protection.locked is True
    (rule,) = sheet.data_validations.dataValidation
    assert (str(rule.sqref), rule.type, rule.formula1, rule.formula2) == ("F8", "decimal", "0", "$D$8")
    assert "× 40 punten" in sheet["A4"].value
    assert book.properties.created.date().isoformat() == "2026-05-04"


def test_vragenformulier_offers_the_documents_of_the_procedure(tmp_path: Path) -> None:
    import io

    files = _outputs(SheetBuilder, _project(tmp_path))
    book = load_workbook(io.BytesIO(files["units/tolken/tolken-vragenformulier.xlsx"]))
    listed = [(r[0].value, r[1].value) for r in book["Documenten"].iter_rows()]
    assert ("Aanbestedingsleidraad", "aanbestedingsleidraad") in listed
    assert ("Inschrijfformulier", "inschrijfformulier") in listed
    assert all(key != "vragenformulier" for _, key in listed)
    # tolken scores no price: its pack has no prijzenblad, so no question can be about one
    assert "prijzenblad" not in [key for _, key in listed]
    re_integratie = load_workbook(io.BytesIO(files["units/re-integratie/re-integratie-vragenformulier.xlsx"]))
    assert ("Prijzenblad", "prijzenblad") in [(r[0].value, r[1].value) for r in re_integratie["Documenten"].iter_rows()]
    sheet = book["Vragen"]
    assert sheet.protection.sheet is True
    assert sheet["D7"].protection.locked is False and sheet["A7"].protection.locked is True


def test_leidraad_explains_assessment_and_weighted_price(tmp_path: Path) -> None:
    from tendergen.render.builders import DocumentBuilder

    project = _project(tmp_path)
    builder = DocumentBuilder(_settings(project))
    planned = next(
        p for p in plan_documents(project.spec) if p.name == "units/re-integratie/re-integratie-aanbestedingsleidraad"
    )
    text = render_document(builder.job(planned, formats=())).text
    assert "punten = score / 10 × de weging van het criterium" in text
    assert "8 / 10 × 60 = 48 punten" in text
    assert (
        "De prijsscore is: laagste gewogen prijs van alle geldige inschrijvingen / gewogen prijs van de "
        "inschrijving × 40 punten." in text
    )
    assert (
        "De inschrijver dient de volgende stukken in via het aanbestedingsplatform: Inschrijfformulier (DOCX), "
        "ingevuld en ondertekend Eigen verklaring (DOCX), ingevuld en ondertekend Prijzenblad (XLSX), ingevuld "
        "Per kwaliteitscriterium een antwoord (PDF)" in text
    )


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_price_criterion_with_only_fixed_tariffs_fails_with_both_places(tmp_path: Path) -> None:
    shutil.copytree(PROCEDURES, tmp_path / "specs" / "procedures")
    unit = tmp_path / "specs" / "procedures" / "units" / "re-integratie.yaml"
    _rewrite(unit, ", price_basis: maximum, reference_volume: 1500", "")
    with pytest.raises(SpecError) as caught:
        load_project(tmp_path / "specs" / "procedures")
    assert [p.format() for p in caught.value.problems] == [
        f"{unit}:19:5: award_criteria[1]: price criterion `G2` scores an offered price, but `funding.tariffs` "
        "(line 13) fixes every price (price_basis: vast); set price_basis: maximum where bidders offer a price at "
        "or below it, or drop the price criterion"
    ]


def test_a_priced_tariff_needs_a_reference_volume(tmp_path: Path) -> None:
    shutil.copytree(PROCEDURES, tmp_path / "specs" / "procedures")
    unit = tmp_path / "specs" / "procedures" / "units" / "re-integratie.yaml"
    _rewrite(unit, ", reference_volume: 1500", "")
    with pytest.raises(SpecError) as caught:
        load_project(tmp_path / "specs" / "procedures")
    assert [p.format() for p in caught.value.problems] == [
        f"{unit}:14:7: funding.tariffs[0]: price criterion `G2` weighs offered prices by reference volumes; this "
        "row needs a reference_volume (fictief volume per year)"
    ]


def test_a_quality_criterion_without_a_question_is_a_warning(tmp_path: Path) -> None:
    project = _project(tmp_path)
    warnings = [p.format() for p in project.warnings if "has no question" in p.message]
    unit = tmp_path / "specs" / "procedures" / "units" / "tolken.yaml"
    assert (
        f"{unit}:16:5: warning: award_criteria[0]: quality criterion `G1` has no question: bidders cannot tell "
        "what is assessed (add question, aspects and max_pages)"
    ) in warnings


def test_sas_leidraad_applies_exclusion_grounds_and_award_criterion_by_analogy(example_pack) -> None:  # type: ignore[no-untyped-def]
    """Art. 2.39 lid 2 Aw 2012 applies only §§ 2.3.1.2, 2.3.2.1, 2.3.2.2, 2.3.3.1 and 2.3.8.9 to SAS: the exclusion
    grounds (§ 2.3.5.1) and the award criterion (§ 2.3.8.4) hold there by analogy; an open procedure cites them."""
    _, folder = example_pack("midden-holland-2025")
    sas = _text((folder / "tenders/jeugd-wmo-2025/jeugd-wmo-2025-aanbestedingsleidraad.docx").read_bytes())
    assert (
        "artikel 2.86 Aanbestedingswet 2012 (die de wet bij deze procedure niet voorschrijft; de aanbestedende dienst "
        "past ze naar analogie toe)"
    ) in sas
    assert "(naar analogie van artikel 2.114 Aanbestedingswet 2012)" in sas
    open_procedure = _text(
        (folder / "units/wmo-voorzieningen/wmo-voorzieningen-aanbestedingsleidraad.docx").read_bytes()
    )
    assert "beste prijs-kwaliteitverhouding (artikel 2.114 Aanbestedingswet 2012)" in open_procedure
    assert "naar analogie toe" not in open_procedure
