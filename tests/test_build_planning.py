"""The pack carries the programme's planning (Gantt chart, PDF, calendar, JSON) next to the documents; every
PDF is tagged PDF/A-3a and the leidraad's DOCX shows the Gantt chart too."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from docx.shared import Mm
from icalendar import Calendar

from tendergen.cli import cli

TIMELINE = Path(__file__).parent / "fixtures" / "timeline"
FILES = ["planning.ics", "planning.json", "planning.pdf", "planning.svg"]
LEIDRAAD = "units/jeugdhulp/jeugdhulp-aanbestedingsleidraad"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """The timeline fixture project, built once: the project folder and the result of the first build."""
    project = tmp_path_factory.mktemp("pack") / "project"
    shutil.copytree(TIMELINE, project)
    first = CliRunner().invoke(cli, ["build", str(project / "specs" / "gemeente-2027")])
    assert first.exit_code == 0, first.output
    return project, first


def poppler(tool: str, *args: str | Path) -> str:
    """The output of a poppler-utils tool (.ci/run installs them)."""
    if shutil.which(tool) is None:
        pytest.fail(f"`{tool}` is not installed: apt-get install poppler-utils")
    return subprocess.run([tool, *map(str, args)], check=True, capture_output=True, text=True, timeout=60).stdout


def test_build_writes_and_links_the_planning_and_skips_it_when_unchanged(pack: tuple[Path, Result]) -> None:
    project, first = pack
    programme = str(project / "specs" / "gemeente-2027")
    folder = project / "output" / "gemeente-2027"
    planning = folder / "planning"
    assert sorted(p.name for p in planning.iterdir()) == FILES
    data = json.loads((planning / "planning.json").read_text(encoding="utf-8"))
    dates = {m["id"]: m["date"] for m in data["milestones"]}
    assert dates["publicatie"] == "2026-02-01"
    events = Calendar.from_ical((planning / "planning.ics").read_bytes()).walk("VEVENT")
    assert len(events) == len(data["milestones"])  # milestones and phases
    assert "  wrote planning/planning.pdf" in first.stdout.splitlines()
    index = (project / "output" / "gemeente-2027" / "index.html").read_text(encoding="utf-8")
    assert [name for name in FILES if f'<a href="planning/{name}">' in index] == FILES

    before = {name: (planning / name).read_bytes() for name in FILES}
    leidraad = {suffix: (folder / f"{LEIDRAAD}{suffix}").read_bytes() for suffix in (".docx", ".pdf")}
    again = CliRunner().invoke(cli, ["build", programme])
    assert again.exit_code == 0
    assert "planning/" not in again.stdout
    forced = CliRunner().invoke(cli, ["build", "--force", programme])
    assert "  wrote planning/planning.pdf" in forced.stdout.splitlines()
    assert {name: (planning / name).read_bytes() for name in FILES} == before
    # the same bytes again, the rasterised chart in the DOCX included
    assert {suffix: (folder / f"{LEIDRAAD}{suffix}").read_bytes() for suffix in (".docx", ".pdf")} == leidraad


def test_every_pdf_of_the_pack_is_tagged_pdf_a_3a(pack: tuple[Path, Result]) -> None:
    project, _ = pack
    pdfs = sorted((project / "output" / "gemeente-2027").rglob("*.pdf"))
    assert len(pdfs) == 12 and project / "output/gemeente-2027/planning/planning.pdf" in pdfs
    for pdf in pdfs:
        info = poppler("pdfinfo", pdf)
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), pdf
        meta = poppler("pdfinfo", "-meta", pdf)
        assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="A"' in meta, pdf
    info = poppler("pdfinfo", project / "output" / "gemeente-2027" / f"{LEIDRAAD}.pdf")
    assert re.search(r"^Title:\s+Aanbestedingsleidraad – Segment Jeugdhulp$", info, re.MULTILINE)


def test_planning_pdf_uses_dejavu_sans_only(pack: tuple[Path, Result]) -> None:
    project, _ = pack
    table = poppler("pdffonts", project / "output" / "gemeente-2027" / "planning" / "planning.pdf")
    fonts = {line.split()[0].split("+", 1)[1] for line in table.splitlines()[2:]}
    assert fonts == {"DejaVu-Sans", "DejaVu-Sans-Bold"}  # no DejaVu Serif footer any more
    assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in table.splitlines()[2:])  # emb sub uni


def test_leidraad_docx_shows_the_gantt_chart_as_a_picture_with_alt_text(pack: tuple[Path, Result]) -> None:
    project, _ = pack
    document = docx.Document(str(project / "output" / "gemeente-2027" / f"{LEIDRAAD}.docx"))
    assert len(document.inline_shapes) == 1
    shape = document.inline_shapes[0]
    assert shape.width == Mm(166)  # the text width
    properties = shape._inline.docPr
    assert properties.get("descr") == "De planning van de tabel hierboven als Gantt-diagram"
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    image = document.part.related_parts[blip.embed]
    assert image.content_type == "image/png" and image.blob.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(image.blob[16:20], "big")
    assert width == 1307  # 166 mm at 200 dpi
    paragraphs = [p.text for p in document.paragraphs]
    caption = paragraphs.index("Planning (onder voorbehoud van wijzigingen via een nota van inlichtingen)")
    assert any(p._p is shape._inline.getparent().getparent().getparent() for p in document.paragraphs[caption:])


def test_leidraad_states_whether_the_termijnenwet_extends_deadlines(tmp_path: Path) -> None:
    from tendergen.project import load_spec
    from tendergen.render.plan import planning_rows

    project = tmp_path / "project"
    shutil.copytree(TIMELINE, project)
    spec = load_spec(project / "specs" / "gemeente-2027")
    view = planning_rows(spec, "jeugdhulp")
    assert view is not None and view.roll_forward is False
    assert view.rows[0].label == "Publicatie aankondiging" and view.chart_svg is not None
    schedule = project / "schedules" / "gemeente-2027.yaml"
    text = schedule.read_text(encoding="utf-8")
    assert "roll_forward: false" in text
    schedule.write_text(text.replace("roll_forward: false", "roll_forward: true"), encoding="utf-8")
    assert planning_rows(spec, "jeugdhulp").roll_forward is True  # type: ignore[union-attr]
