"""The publication pack of a built fixture: documents numbered as the leidraad lists them, and the lots each covers
in manifest.json."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import pytest

from tendergen.project import load_project
from tendergen.publish.pack import document_files, manifest_json
from tendergen.publish.pack_source import built_documents
from tendergen.publish.procurements import procurements
from tendergen.render import BuildOptions, build_pack

ALLES_REGIO = Path(__file__).parent / "fixtures" / "render" / "alles-regio"
ITEM = re.compile(r"^(het Programma van Eisen|de concept-overeenkomst) voor segment (.+);$")
KINDS = {"het Programma van Eisen": "programma-van-eisen", "de concept-overeenkomst": "concept-overeenkomst"}
# The forms the leidraad lists after the unit documents, in the pack's order, and what it lists last (the notas
# van inlichtingen are published later, not part of the pack).
FORMS = {
    "het inschrijfformulier;": ("inschrijfformulier", ".docx"),
    "het document „Eigen verklaring” met de aanwijzingen voor het Uniform Europees Aanbestedingsdocument (UEA);": (
        "eigen-verklaring",
        ".docx",
    ),
    "het vragenformulier;": ("vragenformulier", ".xlsx"),
}
PRICE_SHEET = re.compile(r"^het prijzenblad(?: voor (.+))?;$")  # the unit is named when the procedure has several
NOT_BUILT = ["de nota's van inlichtingen die tijdens de procedure worden gepubliceerd."]


def listed_form(item: str) -> tuple[str, str, str | None]:
    """(document type, suffix, unit name) of a form the leidraad lists."""
    sheet = PRICE_SHEET.match(item)
    if sheet:
        return ("prijzenblad", ".xlsx", sheet.group(1))
    kind, suffix = FORMS[item]
    return (kind, suffix, None)


def listed_documents(leidraad: Path) -> list[str]:
    """The bullet items under the leidraad's heading "Aanbestedingsstukken", from the built DOCX."""
    items: list[str] = []
    inside = False
    for paragraph in docx.Document(str(leidraad)).paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith("Heading"):
            inside = paragraph.text.endswith("Aanbestedingsstukken")
        elif inside and style == "List Bullet":
            items.append(paragraph.text)
    return items


@pytest.mark.slow
def test_pack_numbers_documents_as_the_leidraad_lists_them_with_their_lots(tmp_path: Path) -> None:
    shutil.copytree(ALLES_REGIO, tmp_path / "specs" / "alles-regio")
    project = load_project(tmp_path / "specs" / "alles-regio")
    build_pack(project, BuildOptions(jobs=2, output_root=tmp_path / "out"))
    documents = built_documents(project, tmp_path / "out")
    spec = project.spec
    found = {p.id: p for p in procurements(spec, None)}
    assert sorted(found) == ["hulpmiddelen", "specialistische-jeugdhulp"]
    for procurement in found.values():
        everything = document_files(spec, procurement, documents)
        assert [Path(f.path).name[:3] for f in everything] == [f"{n:02d}-" for n in range(1, len(everything) + 1)]
        files = [f for f in everything if f.path.endswith(".pdf")]
        forms = [f for f in everything if not f.path.endswith(".pdf")]
        assert everything == files + forms  # the documents to read, then the forms to fill in
        assert files[0].document_type == "aanbestedingsleidraad"
        leidraad = next(d for d in documents if d.files.get(".pdf") and d.kind == "aanbestedingsleidraad"
                        and procurement.id in (d.tender_id, *d.unit_ids))  # fmt: skip
        items = listed_documents(leidraad.files[".docx"])
        assert items[len(files) - 1 + len(forms) :] == NOT_BUILT
        listed = []
        for item in items[: len(files) - 1]:
            match = ITEM.match(item)
            assert match, item
            listed.append((KINDS[match.group(1)], match.group(2)))
        assert listed == [(f.document_type, spec.unit(f.unit or "").name) for f in files[1:]]
        form_items = items[len(files) - 1 : len(files) - 1 + len(forms)]
        several = len(procurement.units) > 1  # the leidraad names a price sheet's unit when there are several
        expected = [
            (f.document_type, Path(f.path).suffix, spec.unit(f.unit or "").name if f.unit and several else None)
            for f in forms
        ]
        assert [listed_form(item) for item in form_items] == expected
        assert "prijzenblad" in [f.document_type for f in forms]

    tender = document_files(spec, found["specialistische-jeugdhulp"], documents)
    manifest = {e["file"]: e for e in json.loads(manifest_json(spec, tender))["files"]}
    assert [(name, e["unit"], e["lot"]) for name, e in manifest.items() if name.endswith(".pdf")] == [
        ("specialistische-jeugdhulp/01-specialistische-jeugdhulp-aanbestedingsleidraad.pdf", None,
         ["behandeling/regionaal", "behandeling/lokaal"]),
        ("specialistische-jeugdhulp/02-behandeling-programma-van-eisen.pdf", "behandeling",
         ["behandeling/regionaal", "behandeling/lokaal"]),
        ("specialistische-jeugdhulp/03-behandeling-concept-overeenkomst.pdf", "behandeling",
         ["behandeling/regionaal", "behandeling/lokaal"]),
        ("specialistische-jeugdhulp/04-crisis-programma-van-eisen.pdf", "crisis", None),
        ("specialistische-jeugdhulp/05-crisis-concept-overeenkomst.pdf", "crisis", None),
    ]  # fmt: skip
