"""Q&A rounds (nota van inlichtingen): validated like the spec, cross-checked against it, loaded for the notice."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendergen.cli import cli
from tendergen.errors import SpecError
from tendergen.project import load_spec
from tendergen.qa import load_qa

PROJECT = Path(__file__).parent / "fixtures" / "review" / "project"
ROUND_1 = "specs/regio-zuid/qa/ronde-1.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(PROJECT, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(project: Path, name: str, text: str) -> None:
    (project / "specs" / "regio-zuid" / "qa" / name).write_text(text, encoding="utf-8")


def errors(project: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["validate", "specs/regio-zuid"])
    assert result.exit_code == 1, result.output
    return result.stderr.splitlines()[:-1]


def test_rounds_load_in_round_order(project: Path) -> None:
    write(
        project,
        "a-ronde-2.yaml",
        (
            "round: 2\ndate: 2026-03-20\nquestions:\n"
            "  - {id: V-010, asked: 2026-03-15, question: Is er een marktconsultatie?, answer: Nee.}\n"
        ),
    )
    rounds = load_qa(load_spec(Path("specs/regio-zuid")))
    assert [r.round for r in rounds] == [1, 2]
    first = rounds[0]
    assert first.date == dt.date(2026, 3, 10)
    assert first.title == "Eerste nota van inlichtingen"
    assert [(q.id, q.document, q.section, q.unit, q.requirement) for q in first.questions] == [
        ("V-001", "aanbestedingsleidraad", "3.4", "crisis", None),
        ("V-002", "programma-van-eisen", None, "jeugd", "Q-JH-01"),
    ]
    assert first.questions[0].answer.startswith("Ja, een combinatie mag inschrijven")


def test_a_programme_without_qa_has_no_rounds(project: Path) -> None:
    assert load_qa(load_spec(Path("specs/gemeente-west"))) == []


def test_located_model_errors(project: Path) -> None:
    write(
        project,
        "ronde-2.yaml",
        (
            "round: 2\n"
            "date: 2026-03-20\n"
            "questions:\n"
            "  - id: V-011\n"
            "    asked: 2026-03-15\n"
            "    question: Wat is de omvang?\n"
            "    documnet: aanbestedingsleidraad\n"
            "  - id: V-012\n"
            "    asked: 2026-03-16\n"
            "    question: Welke planning?\n"
            "    answer: Zie de leidraad.\n"
            "    document: leidraad\n"
        ),
    )
    assert errors(project) == [
        "specs/regio-zuid/qa/ronde-2.yaml:4:5: questions[0].answer: required field is missing",
        "specs/regio-zuid/qa/ronde-2.yaml:7:5: questions[0].documnet: unknown key `documnet`; did you mean `document`?",
        "specs/regio-zuid/qa/ronde-2.yaml:12:15: questions[1].document: text `leidraad` is not allowed; expected "
        "one of: aanbestedingsleidraad, programma-van-eisen, concept-overeenkomst, inschrijfformulier, "
        "eigen-verklaring, prijzenblad, vragenformulier, toelatingsdocument, aanmeldformulier, subsidie-uitvraag, "
        "concept-subsidiebeschikking, aanvraagformulier, concept-dienstverleningsovereenkomst, opdrachtbrief, "
        "planning",
    ]


def test_cross_checks_against_the_spec(project: Path) -> None:
    write(
        project,
        "ronde-2.yaml",
        (
            "round: 1\n"
            "date: 2026-03-20\n"
            "questions:\n"
            "  - {id: V-001, asked: 2026-03-15, question: Nogmaals?, answer: Ja.}\n"
            "  - {id: V-020, asked: 2026-03-21, question: Te laat?, answer: Ja.}\n"
            "  - {id: V-021, asked: 2026-03-15, question: Welk segment?, answer: Geen., unit: jeugdzorg}\n"
            "  - {id: V-022, asked: 2026-03-15, question: Welke eis?, answer: Q-CRI-01., unit: jeugd,"
            " requirement: Q-CRI-01}\n"
            "  - {id: V-023, asked: 2026-03-15, question: Welke eis?, answer: Geen., requirement: Q-XX-99}\n"
            "  - {id: V-024, asked: 2026-03-15, question: Welke aanbesteding?, answer: Geen., tender: wmo}\n"
        ),
    )
    assert errors(project) == [
        "specs/regio-zuid/qa/ronde-2.yaml:1:8: round: round 1 is already used by specs/regio-zuid/qa/ronde-1.yaml",
        "specs/regio-zuid/qa/ronde-2.yaml:4:10: questions[0].id: question id `V-001` is already used in "
        "specs/regio-zuid/qa/ronde-1.yaml",
        "specs/regio-zuid/qa/ronde-2.yaml:5:24: questions[1].asked: asked on 2026-03-21, after the round was "
        "published (2026-03-20)",
        "specs/regio-zuid/qa/ronde-2.yaml:6:82: questions[2].unit: no segment `jeugdzorg` in this programme; "
        "known: crisis, jeugd",
        "specs/regio-zuid/qa/ronde-2.yaml:7:103: questions[3].requirement: requirement `Q-CRI-01` belongs to segment "
        "`crisis`, not `jeugd`",
        "specs/regio-zuid/qa/ronde-2.yaml:8:86: questions[4].requirement: no quality requirement `Q-XX-99` in this "
        "programme",
        "specs/regio-zuid/qa/ronde-2.yaml:9:90: questions[5].tender: no tender `wmo` in programme.yaml tenders",
    ]


def test_document_must_belong_to_the_units_instrument(project: Path) -> None:
    west = project / "specs" / "gemeente-west"
    (west / "qa").mkdir()
    (west / "qa" / "ronde-1.yaml").write_text(
        "round: 1\ndate: 2026-05-01\nquestions:\n"
        "  - {id: V-1, asked: 2026-04-20, question: Welke eisen?, answer: Zie document., unit: welzijn,"
        " document: programma-van-eisen}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", "specs/gemeente-west"])
    assert result.stderr.splitlines()[0] == (
        "specs/gemeente-west/qa/ronde-1.yaml:4:106: questions[0].document: bundel `welzijn` (subsidie) has no "
        "programma-van-eisen; its documents: subsidie-uitvraag, concept-subsidiebeschikking, aanvraagformulier, "
        "planning"
    )


def test_broken_yaml_and_cross_checks_wait_for_a_valid_spec(project: Path) -> None:
    write(project, "ronde-2.yaml", "round: 2\ndate: 2026-03-20\nquestions: [\n")
    crisis = project / "specs/regio-zuid/units/crisis.yaml"
    crisis.write_text(crisis.read_text(encoding="utf-8").replace("name: Crisis", "name: 12"), encoding="utf-8")
    assert errors(project) == [
        "specs/regio-zuid/qa/ronde-2.yaml:4:1: YAML syntax error: did not find expected node content",
        "specs/regio-zuid/units/crisis.yaml:3:7: name: expected text, found number `12`",
    ]


def test_load_qa_raises_every_problem(project: Path) -> None:
    spec = load_spec(Path("specs/regio-zuid"))
    write(project, "ronde-2.yaml", "round: 0\ndate: 2026-03-20\nquestions: []\n")
    with pytest.raises(SpecError) as caught:
        load_qa(spec)
    assert [p.format() for p in caught.value.problems] == [
        "specs/regio-zuid/qa/ronde-2.yaml:1:8: round: must be at least 1, found 0",
        "specs/regio-zuid/qa/ronde-2.yaml:3:12: questions: must not be empty",
    ]
