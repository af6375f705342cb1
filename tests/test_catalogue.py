"""The catalogue of instruments and document types: one entry plus a template adds a document to the pack."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from tendergen.catalogue import CATALOGUE, DocumentType, catalogue, use_catalogue
from tendergen.project import load_project
from tendergen.render import BuildOptions, build_pack
from tendergen.render.references import label
from tendergen.schema import schema_json

FIXTURES = Path(__file__).parent / "fixtures"
SRC = Path(__file__).parent.parent / "src" / "tendergen"

WERKPLAN = DocumentType("werkplan", "Werkplan", "internal", "unit")
TEMPLATE = """{% extends "_base.html.j2" %}
{% block subject %}{{ unit.name }}{% endblock %}
{% block toc %}{% endblock %}
{% block content %}
<h1>Opdracht</h1>
<p>{{ unit.instrument.executor }} voert het werkplan uit voor {{ programme.authority.name }}.</p>
{% endblock %}
"""


def test_every_instrument_names_known_documents_and_has_its_labels() -> None:
    CATALOGUE.check()
    for instrument in CATALOGUE.instruments.values():
        assert label(instrument.kind, "instrument") == instrument.label
        assert instrument.documents
        for document in CATALOGUE.documents_of(instrument.kind):
            if document.writer == "sheet":
                assert not document.template  # made by openpyxl, no template
                continue
            folder, suffix = ("forms/", ".docx") if document.writer == "form" else ("", ".html.j2")
            assert document.template == f"{document.key}{suffix}"
            assert (SRC / "templates" / f"{folder}{document.template}").is_file()


def test_instrument_names_appear_only_in_the_catalogue_and_the_model() -> None:
    names = [f'"{kind}"' for kind in CATALOGUE.instruments]
    allowed = {SRC / "catalogue.py", SRC / "spec" / "unit.py"}
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        if path not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(name in line for name in names)
    ]
    assert found == []


def test_templates_ask_the_catalogue_not_the_instrument_name() -> None:
    pattern = re.compile(r"instrument\.kind\s*(==|!=|in\b)")
    found = [
        f"{path.name}:{number}"
        for path in sorted((SRC / "templates").glob("*.j2"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []


def test_bidder_documents_come_from_public_calls() -> None:
    assert CATALOGUE.bidder_documents() == {
        "aanbestedingsleidraad",
        "programma-van-eisen",
        "concept-overeenkomst",
        "toelatingsdocument",
        "subsidie-uitvraag",
        "concept-subsidiebeschikking",
        # the forms bidders fill in and return
        "inschrijfformulier",
        "eigen-verklaring",
        "prijzenblad",
        "vragenformulier",
        "aanmeldformulier",
        "aanvraagformulier",
    }


def test_a_test_only_document_type_is_built_listed_and_accepted_in_qa(tmp_path: Path) -> None:
    """The proof of CONTRIBUTING.md: one catalogue entry and one template make a new document of the pack."""
    shutil.copytree(FIXTURES / "render" / "klein", tmp_path / "specs" / "klein")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "werkplan.html.j2").write_text(TEMPLATE, encoding="utf-8")
    qa = tmp_path / "specs" / "klein" / "qa"
    qa.mkdir()
    (qa / "ronde-1.yaml").write_text(
        "round: 1\ndate: 2026-03-01\nquestions:\n  - id: V-001\n    asked: 2026-02-20\n"
        "    question: Wie stelt het werkplan vast?\n    answer: Het college.\n    document: werkplan\n"
        "    unit: toegang\n",
        encoding="utf-8",
    )
    extended = catalogue().with_document(WERKPLAN, instruments=("inbesteding",))
    with use_catalogue(extended):
        project = load_project(tmp_path / "specs" / "klein")
        report = build_pack(project, BuildOptions())
        assert '"werkplan"' in schema_json("qa")
    assert "units/toegang/toegang-werkplan.pdf" in report.written
    assert "units/toegang/toegang-werkplan.docx" in report.written
    assert "units/schuldhulp/schuldhulp-werkplan.pdf" not in report.written  # a DVO unit does not get it
    pack = tmp_path / "output" / "klein"
    pdf = " ".join(page.extract_text() for page in PdfReader(pack / "units/toegang/toegang-werkplan.pdf").pages)
    assert "Sociaal team Klein voert het werkplan uit voor Gemeente Klein." in " ".join(pdf.split())
    paragraphs = [p.text for p in docx.Document(str(pack / "units/toegang/toegang-werkplan.docx")).paragraphs]
    assert "Sociaal team Klein voert het werkplan uit voor Gemeente Klein." in paragraphs
    index = (pack / "index.html").read_text(encoding="utf-8")
    assert "Werkplan" in index and "units/toegang/toegang-werkplan.pdf" in index
    manifest = json.loads((pack / ".tendergen-build.json").read_text(encoding="utf-8"))
    assert manifest["outputs"]["units/toegang/toegang-werkplan"]["builder"] == "document"


def test_without_the_entry_the_document_key_is_refused_in_qa(tmp_path: Path) -> None:
    from tendergen.errors import SpecError

    shutil.copytree(FIXTURES / "render" / "klein", tmp_path / "specs" / "klein")
    qa = tmp_path / "specs" / "klein" / "qa"
    qa.mkdir()
    (qa / "ronde-1.yaml").write_text(
        "round: 1\ndate: 2026-03-01\nquestions:\n  - id: V-001\n    asked: 2026-02-20\n"
        "    question: Wie?\n    answer: Het college.\n    document: werkplan\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        load_project(tmp_path / "specs" / "klein")
    message = caught.value.problems[0].message
    assert message.startswith("text `werkplan` is not allowed; expected one of: aanbestedingsleidraad,")
