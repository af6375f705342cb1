from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendergen.cli import cli
from tendergen.dutch import unit_term_list

INVALID = Path(__file__).parent / "fixtures" / "invalid"


def test_validate_ok(project: Callable[..., Path]) -> None:
    root = project()
    result = CliRunner().invoke(cli, ["validate", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "specs/regio-noord: OK\n"


def test_validate_defaults_to_every_programme_under_specs(project: Callable[..., Path]) -> None:
    project()
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0
    assert result.stdout == "specs/regio-noord: OK\n"


def test_validate_reports_every_problem_located_and_exits_1(project: Callable[..., Path]) -> None:
    root = project(overlay=INVALID / "several-problems-at-once")
    result = CliRunner().invoke(cli, ["validate", str(root)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "specs/regio-noord/units/test.yaml:1:1: name: required field is missing",
        "specs/regio-noord/units/test.yaml:2:11: domains[0]: text `jeugd` is not allowed; expected one of: "
        "jeugdwet, wmo, participatiewet, inburgering, wpg, onderwijs, schuldhulpverlening, welzijn; "
        "did you mean `jeugdwet`?",
        "specs/regio-noord/units/test.yaml:9:1: fundng: unknown key `fundng`; did you mean `funding`?",
        "specs/regio-noord: 3 error(s), 0 warning(s)",
    ]
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_validate_json_format(project: Callable[..., Path]) -> None:
    root = project(overlay=INVALID / "weights-sum-90")
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(root)])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["valid"] is False
    assert payload["programmes"][0]["problems"] == [
        {
            "file": "specs/regio-noord/units/test.yaml",
            "line": 14,
            "column": 1,
            "path": "award_criteria",
            "message": "award criterion weights sum to 90; they must sum to 100",
            "severity": "error",
        }
    ]


def test_validate_not_a_programme_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path}: not a programme folder (expected programme.yaml in it)\n"


def test_validate_without_specs_folder(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.stderr == "error: specs: no such folder; pass a programme folder\n"


def test_strict_fails_on_warnings(project: Callable[..., Path]) -> None:
    root = project()
    programme = root / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(
        text.replace(
            "procedure: sas, reference: RN-2026-01}",
            "procedure: sas}\n  - {id: leeg, name: Lege aanbesteding, procedure: openbaar}",
        ),
        encoding="utf-8",
    )
    relaxed = CliRunner().invoke(cli, ["validate", str(root)])
    assert relaxed.exit_code == 0
    assert relaxed.stderr == (
        "specs/regio-noord/programme.yaml:25:5: warning: tenders[1]: tender `leeg` groups 0 unit(s); "
        "a grouped tender needs at least two\n"
    )
    assert relaxed.stdout == "specs/regio-noord: OK (1 warning(s))\n"
    strict = CliRunner().invoke(cli, ["validate", "--strict", str(root)])
    assert strict.exit_code == 1


def test_init_scaffolds_a_programme_that_validates(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "regio-west"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "created specs/regio-west/programme.yaml",
        "created specs/regio-west/units/voorbeeld.yaml",
    ]
    first = (tmp_path / "specs/regio-west/units/voorbeeld.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schemas/unit.schema.json"
    assert CliRunner().invoke(cli, ["validate"]).exit_code == 0


def test_init_refuses_to_overwrite_and_bad_names(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init", "regio-west"]).exit_code == 0
    again = CliRunner().invoke(cli, ["init", "regio-west"])
    assert again.exit_code == 1
    assert again.stderr == "error: specs/regio-west already exists; choose another name or remove it first\n"
    bad = CliRunner().invoke(cli, ["init", "../evil"])
    assert bad.exit_code == 1
    assert bad.stderr == "error: `../evil` is not a valid programme id: use lowercase letters, digits and hyphens\n"


@pytest.mark.parametrize("word", sorted(unit_term_list()))
def test_init_offers_every_word_of_the_list(word: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "regio-west", "--unit-term", word])
    assert result.exit_code == 0, result.stderr
    programme = (tmp_path / "specs/regio-west/programme.yaml").read_text(encoding="utf-8")
    assert f"\nunit_term: {word}\nversion:" in programme  # a listed word needs no article or plural
    unit = (tmp_path / "specs/regio-west/units/voorbeeld.yaml").read_text(encoding="utf-8")
    this = "dit" if unit_term_list()[word][0] == "het" else "deze"
    assert f"description: Beschrijf wat {this} {word} omvat." in unit
    _valid_but_for_the_contract_standard()


def _valid_but_for_the_contract_standard() -> None:
    """A scaffold validates; its one warning asks the user to follow the Contractstandaard Wmo or say why not."""
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and "should follow the Contractstandaard Wmo" in warnings[0]


def test_init_accepts_another_word_with_its_article_and_plural(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    args = ["init", "regio-west", "--unit-term", "zorgveld", "--unit-article", "het", "--unit-plural", "zorgvelden"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    programme = (tmp_path / "specs/regio-west/programme.yaml").read_text(encoding="utf-8")
    assert "\nunit_term: zorgveld\nunit_article: het\nunit_plural: zorgvelden\nversion:" in programme
    unit = (tmp_path / "specs/regio-west/units/voorbeeld.yaml").read_text(encoding="utf-8")
    assert "description: Beschrijf wat dit zorgveld omvat." in unit
    _valid_but_for_the_contract_standard()


def test_init_refuses_another_word_without_its_grammar(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "regio-west", "--unit-term", "zorgveld", "--unit-article", "het"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: `zorgveld` is not in the word list (bundel, cluster, deelopdracht, domein, onderdeel, pakket, "
        "perceel, segment, taakveld, thema); give --unit-article and --unit-plural for it\n"
    )
    assert not (tmp_path / "specs").exists()
    bad = CliRunner().invoke(cli, ["init", "regio-west", "--unit-term", "Zorg Veld"])
    assert bad.stderr == "error: `Zorg Veld` is not a valid unit word: use lowercase letters, digits and hyphens\n"
