"""The planning PDF: the house style's header and footer, tagged PDF/A, bookmarks, and a project override."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from tendergen.cli import cli
from tendergen.render.pdf import PDF_UA
from tendergen.render.templates import TemplateFailure, TemplateSet, builtin_template_dir
from tendergen.schedule.pdf import planning_html, planning_pdf
from test_schedule import copy_project, timeline_from


def _text(pdf: bytes) -> list[str]:
    """The text of every page, whitespace collapsed."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_planning_pdf_has_the_running_header_and_footer_of_the_pack(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    pdf = planning_pdf(timeline_from(root), TemplateSet.for_project(root))
    pages = _text(pdf)
    assert len(pages) == 4
    for number, text in enumerate(pages, start=1):  # page margins are extracted after the page's content
        header = "Gemeente Voorbeeld Inkoop sociaal domein Gemeente 2027 · Planning"
        footer = f"Versie concept 0.1 · 15 januari 2026 · Inkoop sociaal domein Gemeente 2027 Pagina {number} van 4"
        assert text.endswith(f"{header} {footer}"), text[-160:]
    assert "Planning Inkoop sociaal domein Gemeente 2027 Van 13 januari 2026 tot en met 1 januari 2027" in pages[0]


def test_planning_pdf_is_tagged_pdf_a_3a_with_language_title_and_bookmarks(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    reader = PdfReader(io.BytesIO(planning_pdf(timeline_from(root), TemplateSet.for_project(root))))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl" and catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    assert reader.metadata is not None and reader.metadata.title == "Planning Inkoop sociaal domein Gemeente 2027"
    xmp = reader.xmp_metadata
    assert xmp is not None
    packet = xmp.stream.get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in packet and 'pdfaid:conformance="A"' in packet
    top = reader.outline
    assert [item.title for item in top if not isinstance(item, list)] == [
        "Planning Inkoop sociaal domein Gemeente 2027"
    ]
    assert [item.title for item in top[1]] == [
        "Planning",
        "Toetsing aan wettelijke termijnen en eigen beleidsregels",
        "Kalender",
    ]


def test_planning_pdf_declares_pdf_ua_on_request(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    reader = PdfReader(io.BytesIO(planning_pdf(timeline_from(root), TemplateSet.for_project(root), variant=PDF_UA)))
    xmp = reader.xmp_metadata
    assert xmp is not None
    packet = xmp.stream.get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in packet and 'pdfaid:conformance="A"' in packet


def test_planning_html_marks_table_headers_and_describes_the_chart(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    html = planning_html(timeline_from(root), TemplateSet((builtin_template_dir(),)))
    assert '<html lang="nl">' in html
    assert html.count('<th scope="col">') == 10
    assert 'alt="Gantt-diagram van de planning: 13 januari 2026 tot en met 1 januari 2027"' in html


def test_a_project_template_overrides_the_planning_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path)
    source = (builtin_template_dir() / "planning.html.j2").read_text(encoding="utf-8")
    assert "<h2>Kalender</h2>" in source
    (root / "templates").mkdir()
    changed = source.replace("<h2>Kalender</h2>", "<h2>Feestdagen en termijnen</h2>")
    (root / "templates" / "planning.html.j2").write_text(changed, encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["timeline", "specs/gemeente-2027", "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = " ".join(_text((tmp_path / "out" / "planning.pdf").read_bytes()))
    assert "Feestdagen en termijnen De verschuiving naar de eerstvolgende werkdag" in text
    assert "Kalender" not in text


def test_the_planning_template_is_strict(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "planning.html.j2").write_text("<html><body>\n<p>{{ t.nope }}</p>\n</body></html>\n")
    with pytest.raises(TemplateFailure) as caught:
        planning_html(timeline_from(root), TemplateSet.for_project(root))
    assert str(caught.value).startswith("templates/planning.html.j2:2: ")
    assert "nope" in str(caught.value)
