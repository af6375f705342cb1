"""`tendergen notice`: the nota van inlichtingen / rectificatie between two git revisions, as PDF and DOCX."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document
from pypdf import PdfReader

from gitrepo import commit, edit, make_repo
from tendergen.cli import cli
from tendergen.render.templates import builtin_template_dir

PROJECT = Path(__file__).parent / "fixtures" / "notice" / "project"
UNIT = "specs/regio-west/units/jeugdhulp.yaml"
PROGRAMME = "specs/regio-west/programme.yaml"
SCHEDULE = "schedules/regio-west.yaml"

ROUND_1 = """\
round: 1
date: 2026-03-23
title: Eerste nota van inlichtingen
questions:
  - id: V-001
    asked: 2026-03-09
    question: Kan de weging van de gunningscriteria worden heroverwogen?
    answer: Ja. Samenwerking in de regio weegt voortaan 30%, het plan van aanpak 70%.
    document: aanbestedingsleidraad
    unit: jeugdhulp
    amends: true
  - id: V-002
    asked: 2026-03-12
    question: Geldt eis Q-JH-01 ook voor ondersteunend personeel?
    answer: Nee, de eis geldt voor professionals die jeugdhulp bieden.
    document: programma-van-eisen
    section: "3.1"
    unit: jeugdhulp
    requirement: Q-JH-01
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The notice fixture project as a git repository with one commit, as the working directory."""
    return make_repo(PROJECT, tmp_path, monkeypatch)


def first_round(repo: Path) -> None:
    """What happens after the questions deadline: the answers, and the changes they bring."""
    edit(repo, UNIT, "weight: 60", "weight: 70")
    edit(repo, UNIT, "weight: 40", "weight: 30")
    edit(repo, UNIT, "min_share_small_local_pct: 10", "min_share_small_local_pct: 15")
    edit(repo, SCHEDULE, "date: 2026-04-15", "date: 2026-04-29")
    edit(repo, PROGRAMME, 'version: "1.0"', 'version: "1.1"')
    (repo / "specs/regio-west/qa").mkdir()
    (repo / "specs/regio-west/qa/ronde-1.yaml").write_text(ROUND_1, encoding="utf-8")
    commit(repo, "eerste nota van inlichtingen")


def tendergen(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_rows(path: Path) -> list[list[str]]:
    document = Document(str(path))
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def docx_paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.text]


LEIDRAAD_ROWS = [
    ["Onderdeel", "Wijziging"],
    ["Segment Jeugdhulp", "Gunningscriterium G1 (Kwaliteit van het plan van aanpak): weging 60% → 70%"],
    ["Segment Jeugdhulp", "Gunningscriterium G2 (Samenwerking in de regio): weging 40% → 30%"],
    ["Segment Jeugdhulp", "Onderaannemingsquotum: 10% → 15%"],
    ["Planning", "Inschrijfdeadline: 15 april 2026 → 29 april 2026"],
    ["Vraag V-001", "Gewijzigd naar aanleiding van het antwoord op vraag V-001 (zie Vragen en antwoorden)."],
]


def test_the_notice_lists_the_changes_per_document_and_the_questions(repo: Path) -> None:
    first_round(repo)
    result = tendergen("notice", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "regio-west: Nota van inlichtingen 1 (2026-03-23): 3 document(s) changed, 2 question(s)",
        "  Aanbestedingsleidraad – Segment Jeugdhulp: 5 change(s)",
        "  Programma van Eisen – Segment Jeugdhulp: 3 change(s)",
        "  Concept-overeenkomst – Segment Jeugdhulp: 1 change(s)",
        "  wrote output/regio-west/notice/nota-van-inlichtingen-1.docx",
        "  wrote output/regio-west/notice/nota-van-inlichtingen-1.pdf",
    ]
    docx = repo / "output/regio-west/notice/nota-van-inlichtingen-1.docx"
    rows = docx_rows(docx)
    assert rows[:6] == [
        ["Programma", "Inkoop jeugdhulp en welzijn Regio West 2027"],
        ["Nummer", "1"],
        ["Wijzigt", "versie 1.0 van 2 februari 2026"],
        ["Versie", "1.1"],
        ["Datum", "23 maart 2026"],  # the date of the Q&A round, not today
        ["Contact", "Team Inkoop Sociaal Domein, inkoop@regiowest.nl"],
    ]
    # only the changes each document shows: the contract draft has no award criteria and no planning
    assert rows[6:] == [
        *LEIDRAAD_ROWS,
        ["Onderdeel", "Wijziging"],
        *LEIDRAAD_ROWS[1:4],
        ["Onderdeel", "Wijziging"],
        LEIDRAAD_ROWS[3],
        ["Nr.", "Vraag en antwoord", "Betreft"],
        [
            "V-001",
            "Vraag: Kan de weging van de gunningscriteria worden heroverwogen?\n"
            "Antwoord: Ja. Samenwerking in de regio weegt voortaan 30%, het plan van aanpak 70%.\n"
            "Dit antwoord wijzigt de stukken; de wijziging staat onder Wijzigingen in de documenten.",
            "Aanbestedingsleidraad; segment Jeugdhulp\nOntvangen op 9 maart 2026",
        ],
        [
            "V-002",
            "Vraag: Geldt eis Q-JH-01 ook voor ondersteunend personeel?\n"
            "Antwoord: Nee, de eis geldt voor professionals die jeugdhulp bieden.",
            "Programma van Eisen, paragraaf 3.1; segment Jeugdhulp, eis Q-JH-01\nOntvangen op 12 maart 2026",
        ],
    ]
    paragraphs = docx_paragraphs(docx)
    assert paragraphs[paragraphs.index("2.1 Aanbestedingsleidraad – Segment Jeugdhulp") :] == [
        "2.1 Aanbestedingsleidraad – Segment Jeugdhulp",
        "2.2 Programma van Eisen – Segment Jeugdhulp",
        "2.3 Concept-overeenkomst – Segment Jeugdhulp",
        "Ongewijzigd blijven:",
        "Subsidie-uitvraag – Segment Welzijn",
        "Concept-subsidiebeschikking en uitvoeringsafspraken – Segment Welzijn",
        "3 Vragen en antwoorden",
        "3.1 Ronde 1: Eerste nota van inlichtingen",
        "Gepubliceerd op 23 maart 2026; 2 vragen.",
        "Vragen over deze nota van inlichtingen kunt u stellen aan Team Inkoop Sociaal Domein, inkoop@regiowest.nl.",
    ]
    text = " ".join(pdf_text(docx.with_suffix(".pdf")).split())
    for expected in [
        "Regio West 2027 · Nota van inlichtingen 1 Versie 1.1 · 23 maart 2026",  # running header and footer
        "2.1 Aanbestedingsleidraad – Segment Jeugdhulp",
        "Gunningscriterium G2 (Samenwerking in de regio): weging 40% → 30%",
        "Inschrijfdeadline: 15 april 2026 → 29 april 2026",
        "Ongewijzigd blijven: Subsidie-uitvraag – Segment Welzijn",
        "Kan de weging van de gunningscriteria worden heroverwogen?",
        "Antwoord: Nee, de eis geldt voor professionals die jeugdhulp bieden.",
        "paragraaf 3.1; segment Jeugdhulp, eis Q-JH-01",
    ]:
        assert expected in text, expected


def test_no_changes_for_bidders_is_said_in_so_many_words(repo: Path) -> None:
    edit(repo, PROGRAMME, "model: eigen-inwoners", "model: eigen-inwoners\n  description: Naar rato van inwoners.")
    edit(repo, PROGRAMME, 'version: "1.0"', 'version: "1.0.1"')
    edit(repo, PROGRAMME, "document_date: 2026-02-02", "document_date: 2026-02-09")
    commit(repo, "summary")
    result = tendergen("notice", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "regio-west: Rectificatie 1 (2026-02-09): no changes for bidders, 0 question(s)",
        "  wrote output/regio-west/notice/rectificatie-1.docx",
        "  wrote output/regio-west/notice/rectificatie-1.pdf",
    ]
    text = " ".join(pdf_text(repo / "output/regio-west/notice/rectificatie-1.pdf").split())
    assert "Er zijn geen wijzigingen in de documenten die voor inschrijvers en aanvragers van belang zijn." in text
    assert "Deze rectificatie bevat geen nieuwe vragen en antwoorden." in text
    paragraphs = docx_paragraphs(repo / "output/regio-west/notice/rectificatie-1.docx")
    assert (
        "Er zijn geen wijzigingen in de documenten die voor inschrijvers en aanvragers van belang zijn." in paragraphs
    )


def test_a_field_is_listed_under_the_documents_that_print_it(repo: Path) -> None:
    edit(repo, PROGRAMME, "summary: De regio koopt", "summary: Regio West koopt")
    edit(repo, "specs/regio-west/units/welzijn.yaml", "ceiling: 500000", "ceiling: 450000")
    commit(repo, "summary and ceiling")
    assert tendergen("notice", "HEAD~1", "HEAD", "--number", "3").exit_code == 0
    docx = repo / "output/regio-west/notice/rectificatie-3.docx"
    summary = "Samenvatting: “De regio koopt ambulante jeugdhulp in en subsidieert welzijnswerk.” → “Regio West koopt "
    summary += "ambulante jeugdhulp in en subsidieert welzijnswerk.”"
    assert docx_rows(docx)[1:] == [
        ["Nummer", "3"],
        ["Wijzigt", "versie 1.0 van 2 februari 2026"],
        ["Versie", "1.0"],
        ["Datum", "2 februari 2026"],
        ["Contact", "Team Inkoop Sociaal Domein, inkoop@regiowest.nl"],
        ["Onderdeel", "Wijziging"],
        ["Algemeen", summary],
        ["Onderdeel", "Wijziging"],
        ["Algemeen", summary],
        ["Segment Welzijn", "Subsidieplafond: €\xa0500.000,00 → €\xa0450.000,00"],
        ["Onderdeel", "Wijziging"],
        ["Segment Welzijn", "Subsidieplafond: €\xa0500.000,00 → €\xa0450.000,00"],
    ]  # amounts keep Babel's non-breaking space after € in the DOCX too
    assert docx_paragraphs(docx)[7:12] == [
        "2 Wijzigingen in de documenten",
        "De volgende documenten zijn gewijzigd. Bij een gewijzigde waarde staat de oude waarde vóór de pijl en de "
        "nieuwe erna.",
        "2.1 Aanbestedingsleidraad – Segment Jeugdhulp",
        "2.2 Subsidie-uitvraag – Segment Welzijn",
        "2.3 Concept-subsidiebeschikking en uitvoeringsafspraken – Segment Welzijn",
    ]


def test_a_changed_template_without_a_spec_change_is_said_so(repo: Path) -> None:
    source = (builtin_template_dir() / "subsidie-uitvraag.html.j2").read_text(encoding="utf-8")
    head, tail = source.rsplit("{% endblock %}", 1)
    (repo / "templates").mkdir()
    override = f"{head}<p>Aanvragen worden alleen digitaal ingediend.</p>\n{{% endblock %}}{tail}"
    (repo / "templates" / "subsidie-uitvraag.html.j2").write_text(override, encoding="utf-8")
    commit(repo, "template override")
    assert tendergen("notice", "HEAD~1", "HEAD").exit_code == 0
    rows = docx_rows(repo / "output/regio-west/notice/rectificatie-1.docx")
    assert rows[6:] == [
        ["Onderdeel", "Wijziging"],
        [
            "Segment Welzijn",
            "De tekst van het document is aangepast; de specificatie van de opdracht is niet gewijzigd.",
        ],
    ]


def test_two_runs_give_the_same_bytes(repo: Path, tmp_path: Path) -> None:
    first_round(repo)
    for name in ("one", "two"):
        assert tendergen("notice", "HEAD~1", "HEAD", "-o", str(tmp_path / name)).exit_code == 0
    for suffix in (".pdf", ".docx"):
        file = Path("regio-west/notice/nota-van-inlichtingen-1").with_suffix(suffix)
        assert (tmp_path / "one" / file).read_bytes() == (tmp_path / "two" / file).read_bytes(), suffix


def test_an_unchanged_programme_gets_no_notice(repo: Path) -> None:
    (repo / "README.md").write_text("anders\n", encoding="utf-8")
    commit(repo, "readme only")
    result = tendergen("notice", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.stdout == "regio-west: no notice (nothing changed between HEAD~1 and HEAD)\n"
    assert not (repo / "output").exists()
    result = tendergen("notice", "HEAD")
    assert result.exit_code == 1
    assert result.stderr == "error: expected two revisions or folders: tendergen notice A B [PATH]...\n"


def test_a_round_without_changes_is_a_nota_that_says_nothing_changed(repo: Path) -> None:
    (repo / "specs/regio-west/qa").mkdir()
    (repo / "specs/regio-west/qa/ronde-1.yaml").write_text(ROUND_1, encoding="utf-8")
    commit(repo, "questions, documents not yet amended")
    result = tendergen("notice", "HEAD~1", "HEAD")
    assert result.stdout.splitlines()[0] == (
        "regio-west: Nota van inlichtingen 1 (2026-03-23): no changes for bidders, 2 question(s)"
    )
    docx = repo / "output/regio-west/notice/nota-van-inlichtingen-1.docx"
    assert "Er zijn geen wijzigingen in de documenten die voor inschrijvers en aanvragers van belang zijn." in (
        docx_paragraphs(docx)
    )
    answer = docx_rows(docx)[7][1]
    assert answer.endswith("het plan van aanpak 70%.\nDit antwoord wijzigt de stukken.")
