"""`tendergen diff`: semantic change lists between git revisions (fixture repositories in tmp_path) or folders."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gitrepo import edit, git, make_repo
from tendergen.cli import cli

PROJECT = Path(__file__).parent / "fixtures" / "review" / "project"
CRISIS = "specs/regio-zuid/units/crisis.yaml"
JEUGD = "specs/regio-zuid/units/jeugd.yaml"
PROGRAMME = "specs/regio-zuid/programme.yaml"


def tendergen(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the review fixture project, one commit, as the working directory."""
    return make_repo(PROJECT, tmp_path, monkeypatch)


Commit = Callable[[str], None]


@pytest.fixture
def commit(repo: Path) -> Commit:
    def make(message: str) -> None:
        git(repo, "commit", "-q", "-a", "-m", message)

    return make


def lines(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


# ---------------------------------------------------------------------- edits, additions, removals


def test_funding_form_quota_and_requirement_changes(repo: Path, commit: Commit) -> None:
    edit(
        repo,
        CRISIS,
        "  form: taakgericht\n  lumpsum:\n    amount: 400000\n    per: jaar\n",
        (
            "  form: inspanningsgericht\n  tariffs:\n    - id: CR-UUR\n      service: Crisisinzet\n"
            "      unit: uur\n      price: 95\n"
        ),
    )
    edit(repo, CRISIS, "min_share_small_local_pct: 10", "min_share_small_local_pct: 15")
    edit(
        repo,
        CRISIS,
        "  - id: Q-CRI-02",
        "  - id: Q-CRI-03\n    kind: eis\n    text: De crisisdienst is dag en nacht bereikbaar.\n  - id: Q-CRI-02",
    )
    edit(repo, CRISIS, "target: ≥ 95%", "target: ≥ 98%")
    edit(repo, CRISIS, "estimated_value: 3200000", "estimated_value: 3600000")
    commit("crisis inspanningsgericht")
    assert lines(tendergen("diff", "HEAD~1", "HEAD")) == [
        "programme regio-zuid (“Inkoop jeugdhulp Regio Zuid 2027”)",
        "  segment crisis: estimated_value € 3.200.000,00 → € 3.600.000,00",
        "  segment crisis: funding.form taakgericht → inspanningsgericht",
        "  segment crisis: tariff CR-UUR added: service Crisisinzet, unit uur, price € 95,00",
        "  segment crisis: funding.lumpsum removed (was amount € 400.000,00, per jaar)",
        "  segment crisis: quality requirement Q-CRI-03 added: kind eis, "
        "text “De crisisdienst is dag en nacht bereikbaar.”",
        "  segment crisis: quality requirement Q-CRI-02: target “≥ 95%” → “≥ 98%”",
        "  segment crisis: subcontracting quota 10% → 15%",
    ]


def test_removals_members_lots_and_ordered_lists(repo: Path, commit: Commit) -> None:
    edit(
        repo,
        JEUGD,
        "  - id: Q-JH-02\n    kind: wens\n    text: Ervaringsdeskundigen worden ingezet.\n"
        "    weight: 20\n    criterion: G1\n",
        "",
    )
    edit(repo, JEUGD, "price: 84.50", "price: 86.00")
    edit(repo, JEUGD, "municipalities: [Beekdal]", "municipalities: [Beekdal, Heiloo-Zuid]")
    edit(repo, JEUGD, "  - Hulp is zo licht als mogelijk en zo zwaar als nodig.\n", "  - Hulp sluit aan bij school.\n")
    edit(repo, JEUGD, "extensions_years: [2, 2]", "extensions_years: [2, 1]")
    edit(repo, JEUGD, "max_years: 8", "max_years: 7")
    edit(
        repo,
        CRISIS,
        "    - name: Deelovereenkomst jeugdhulp 2020-2026 (crisisdeel)\n      kind: contract\n      ends: 2026-12-31\n",
        "    - name: Subsidie crisisopvang 2024\n      kind: subsidie\n",
    )
    commit("jeugd")
    assert lines(tendergen("diff", "HEAD~1", "HEAD"))[1:] == [
        "  segment crisis: replaced contract Subsidie crisisopvang 2024 added: kind subsidie",
        "  segment crisis: replaced contract Deelovereenkomst jeugdhulp 2020-2026 (crisisdeel) removed "
        "(was kind contract, ends 2026-12-31)",
        "  segment jeugd: principles: “Hulp sluit aan bij school.” added",
        "  segment jeugd: principles: “Hulp is zo licht als mogelijk en zo zwaar als nodig.” removed",
        "  segment jeugd: tariff JH-UUR: price € 84,50 → € 86,00",
        "  segment jeugd: quality requirement Q-JH-02 removed "
        "(was kind wens, text “Ervaringsdeskundigen worden ingezet.”, weight 20%, criterion G1)",
        "  segment jeugd: term.extensions_years [2, 2] → [2, 1]",
        "  segment jeugd: term.max_years 8 → 7",
        "  segment jeugd: lot lokaal: municipalities: Heiloo-Zuid added",
    ]


def test_programme_fields_tenders_and_unit_term(repo: Path, commit: Commit) -> None:
    edit(repo, PROGRAMME, 'version: "1.0"', 'version: "1.1"')
    edit(repo, PROGRAMME, "    procedure: sas\n", "    procedure: sas\n    reference: RZ-2026-01\n")
    edit(
        repo,
        PROGRAMME,
        "members: [Zuidhaven, Beekdal, Heiloo-Zuid]",
        "members: [Zuidhaven, Beekdal, Heiloo-Zuid, Ravenstein]",
    )
    edit(repo, "specs/gemeente-west/units/huishouden.yaml", "price: 32.80", "price: 33.50")
    commit("programme")
    assert lines(tendergen("diff", "HEAD~1", "HEAD")) == [
        "programme gemeente-west (“Inkoop sociaal domein Gemeente West 2027”)",
        "  bundel huishouden: tariff HH-UUR: price € 32,80 → € 33,50",
        "",
        "programme regio-zuid (“Inkoop jeugdhulp Regio Zuid 2027”)",
        "  programme: authority.members: Ravenstein added",
        "  programme: version 1.0 → 1.1",
        "  programme: tender jeugd-specialistisch: reference added: RZ-2026-01",
    ]


def test_units_added_and_removed(repo: Path, commit: Commit) -> None:
    west = repo / "specs" / "gemeente-west" / "units"
    shutil.copy(west / "huishouden.yaml", west / "hulpmiddelen.yaml")
    edit(
        repo,
        "specs/gemeente-west/units/hulpmiddelen.yaml",
        "id: huishouden\nname: Hulp bij het huishouden",
        "id: hulpmiddelen\nname: Hulpmiddelen",
    )
    git(repo, "add", ".")
    git(repo, "rm", "-q", "specs/gemeente-west/units/welzijn.yaml")
    commit("bundels")
    assert lines(tendergen("diff", "HEAD~1", "HEAD")) == [
        "programme gemeente-west (“Inkoop sociaal domein Gemeente West 2027”)",
        "  bundel hulpmiddelen added: “Hulpmiddelen”, open-house, inspanningsgericht",
        "  bundel welzijn removed (was “Welzijn en preventie”, subsidie)",
    ]


def test_whole_programme_added(repo: Path, commit: Commit) -> None:
    shutil.copytree(repo / "specs" / "gemeente-west", repo / "specs" / "gemeente-oost")
    edit(
        repo,
        "specs/gemeente-oost/programme.yaml",
        "id: gemeente-west\ntitle: Inkoop sociaal domein Gemeente West",
        "id: gemeente-oost\ntitle: Inkoop sociaal domein Gemeente Oost",
    )
    git(repo, "add", ".")
    commit("oost")
    assert lines(tendergen("diff", "HEAD~1", "HEAD")) == [
        "programme gemeente-oost (“Inkoop sociaal domein Gemeente Oost 2027”) added: 2 bundels",
        "  bundel huishouden: “Hulp bij het huishouden”, open-house, inspanningsgericht",
        "  bundel welzijn: “Welzijn en preventie”, subsidie",
    ]


# ---------------------------------------------------------------------- matching by id


def test_reordering_alone_is_no_change(repo: Path, commit: Commit) -> None:
    crisis = repo / CRISIS
    text = crisis.read_text(encoding="utf-8")
    q1 = text[text.index("  - id: Q-CRI-01") : text.index("  - id: Q-CRI-02")]
    q2 = text[text.index("  - id: Q-CRI-02") : text.index("award_criteria:")]
    g1 = text[text.index("  - id: G1") : text.index("  - id: G2")]
    g2 = text[text.index("  - id: G2") : text.index("subcontracting:")]
    text = text.replace(q1 + q2, q2 + q1).replace(g1 + g2, g2 + g1)
    text = text.replace("included: [Crisisdienst 24/7, Crisisopvang]", "included: [Crisisopvang, Crisisdienst 24/7]")
    crisis.write_text(text.replace("    amount: 400000\n    per: jaar\n", "    per: jaar\n    amount: 400000.00\n"))
    edit(
        repo,
        JEUGD,
        "  - id: regionaal\n    name: Perceel regionaal\n"
        "    description: Regionale aanbieders met een budgetafspraak.\n"
        "    budget_agreement: true\n    municipalities: [Zuidhaven, Beekdal, Heiloo-Zuid]\n",
        "",
    )
    edit(
        repo,
        JEUGD,
        "    municipalities: [Beekdal]\n",
        "    municipalities: [Beekdal]\n  - id: regionaal\n    name: Perceel regionaal\n"
        "    description: Regionale aanbieders met een budgetafspraak.\n"
        "    budget_agreement: true\n    municipalities: [Heiloo-Zuid, Zuidhaven, Beekdal]\n",
    )
    edit(
        repo,
        PROGRAMME,
        "  - Zorg zo dichtbij als mogelijk.\n  - Elke gemeente betaalt voor haar eigen inwoners.\n",
        "  - Elke gemeente betaalt voor haar eigen inwoners.\n  - Zorg zo dichtbij als mogelijk.\n",
    )
    commit("reorder")
    assert git(repo, "diff", "--stat", "HEAD~1", "HEAD").count("|") == 3
    result = tendergen("diff", "--exit-code", "HEAD~1", "HEAD")
    assert result.exit_code == 0
    assert result.stdout == "no changes between HEAD~1 and HEAD\n"


def test_requirement_moved_between_units(repo: Path, commit: Commit) -> None:
    block = (
        "  - id: Q-CRI-01\n    kind: eis\n    text: Hulp wordt binnen 24 uur na aanmelding geboden.\n"
        "    evidence: Beschrijving werkwijze crisisdienst\n"
    )
    edit(repo, CRISIS, block, "")
    edit(repo, JEUGD, "award_criteria:\n", block.replace("24 uur", "48 uur") + "award_criteria:\n")
    commit("move")
    assert lines(tendergen("diff", "HEAD~1", "HEAD"))[1:] == [
        "  segment crisis: quality requirement Q-CRI-01 moved (to segment jeugd)",
        "  segment jeugd: quality requirement Q-CRI-01 moved (from segment crisis)",
        "  segment jeugd: quality requirement Q-CRI-01: text “Hulp wordt binnen 24 uur na aanmelding geboden.” "
        "→ “Hulp wordt binnen 48 uur na aanmelding geboden.”",
    ]


# ---------------------------------------------------------------------- schedule and Q&A


def test_schedule_and_qa_changes(repo: Path, commit: Commit) -> None:
    edit(repo, "schedules/regio-zuid.yaml", "date: 2026-04-15", "date: 2026-04-29")
    schedule = repo / "schedules" / "regio-zuid.yaml"
    text = schedule.read_text(encoding="utf-8")
    start = text.index("  - id: vragen")
    schedule.write_text(text[:start] + text[text.index("  - id: inschrijving") :], encoding="utf-8")
    edit(repo, "specs/regio-zuid/qa/ronde-1.yaml", "die jeugdhulp bieden.", "die zelf jeugdhulp bieden.")
    commit("planning")
    # Recomputed dates (`schedule: date of …`) come from tendergen.schedule when it is installed; see
    # test_diff_schedule.py. Here: the schedule file's own changes, matched by milestone id.
    found = lines(tendergen("diff", "HEAD~1", "HEAD"))[1:]
    assert [line for line in found if not line.startswith("  schedule: date of")] == [
        "  schedule: milestone inschrijving: date 2026-04-15 → 2026-04-29",
        "  schedule: milestone vragen removed (was id vragen, type vragen-deadline, label “Sluiting vragenronde”, "
        "date 2026-03-05, owner aanbieders, scope tender jeugd-specialistisch)",
        "  Q&A: question V-002: answer “Nee, de eis geldt voor professionals die jeugdhulp bieden.” "
        "→ “Nee, de eis geldt voor professionals die zelf jeugdhulp bieden.”",
    ]


# ---------------------------------------------------------------------- sides, paths, errors


def test_two_directories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(PROJECT, tmp_path / "oud")
    shutil.copytree(PROJECT, tmp_path / "nieuw")
    edit(tmp_path / "nieuw", CRISIS, "response_hours: 24", "response_hours: 12")
    monkeypatch.chdir(tmp_path)
    assert lines(tendergen("diff", "oud", "nieuw")) == [
        "programme regio-zuid (“Inkoop jeugdhulp Regio Zuid 2027”)",
        "  segment crisis: funding.availability.response_hours 24 → 12",
    ]
    programme_folders = tendergen("diff", "oud/specs/regio-zuid", "nieuw/specs/regio-zuid")
    assert lines(programme_folders)[1:] == ["  segment crisis: funding.availability.response_hours 24 → 12"]


def test_revision_against_work_tree_and_path_selection(repo: Path) -> None:
    edit(repo, CRISIS, "response_hours: 24", "response_hours: 12")
    edit(repo, "specs/gemeente-west/units/huishouden.yaml", "decision_weeks: 6", "decision_weeks: 4")
    everything = lines(tendergen("diff", "HEAD", "."))
    assert "  bundel huishouden: instrument.decision_weeks 6 → 4" in everything
    only_zuid = lines(tendergen("diff", "HEAD", ".", "specs/regio-zuid"))
    assert only_zuid == [
        "programme regio-zuid (“Inkoop jeugdhulp Regio Zuid 2027”)",
        "  segment crisis: funding.availability.response_hours 24 → 12",
    ]


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    root = tmp_path / "monorepo"
    shutil.copytree(PROJECT, root / "inkoop")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    edit(root / "inkoop", CRISIS, "response_hours: 24", "response_hours: 12")
    git(root, "commit", "-q", "-a", "-m", "two")
    monkeypatch.chdir(root / "inkoop")
    assert lines(tendergen("diff", "HEAD~1", "HEAD"))[1:] == [
        "  segment crisis: funding.availability.response_hours 24 → 12"
    ]


def test_exit_code_like_git(repo: Path, commit: Commit) -> None:
    assert tendergen("diff", "--exit-code", "HEAD", "HEAD").exit_code == 0
    edit(repo, CRISIS, "response_hours: 24", "response_hours: 12")
    commit("faster")
    assert tendergen("diff", "--exit-code", "HEAD~1", "HEAD").exit_code == 1
    assert tendergen("diff", "HEAD~1", "HEAD").exit_code == 0


def test_invalid_side_gives_located_errors_naming_the_revision(repo: Path, commit: Commit) -> None:
    edit(repo, CRISIS, "min_share_small_local_pct: 10", "min_share_small_local_pct: 120")
    edit(repo, CRISIS, "temporary_subcontracting: true", "temporary_subcontracting: ja")
    commit("broken")
    result = tendergen("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "HEAD:specs/regio-zuid/units/crisis.yaml:41:30: subcontracting.min_share_small_local_pct: "
        "must be at most 100, found 120",
        "HEAD:specs/regio-zuid/units/crisis.yaml:44:29: transition.temporary_subcontracting: "
        "expected true or false, found text `ja`",
        "2 error(s)",
    ]


def test_invalid_folder_side_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(PROJECT, tmp_path / "oud")
    shutil.copytree(PROJECT, tmp_path / "nieuw")
    edit(tmp_path / "oud", PROGRAMME, "unit_term: segment", "unit_term: segmnt")
    monkeypatch.chdir(tmp_path)
    result = tendergen("diff", "oud", "nieuw")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "oud/specs/regio-zuid/programme.yaml:12:12: unit_term: `segmnt` is not in the word list (`bundel`, "
        "`cluster`, `deelopdracht`, `domein`, `onderdeel`, `perceel`, `pakket`, `segment`, `thema`, `taakveld`); "
        "did you mean `segment`? Otherwise give unit_article and unit_plural for it"
    )


def test_unknown_revision_and_ambiguous_name(repo: Path) -> None:
    unknown = tendergen("diff", "HEAD", "nope")
    assert unknown.exit_code == 1
    assert unknown.stderr == "error: `nope` is neither a folder nor a git revision\n"
    git(repo, "branch", "specs")
    ambiguous = tendergen("diff", "HEAD", "specs")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr == (
        "error: `specs` is both a folder and a git revision; write `./specs` for the folder or `specs^{commit}` "
        "for the revision\n"
    )
    assert tendergen("diff", "HEAD").exit_code == 1


def test_path_must_exist_on_a_side_and_stay_inside(repo: Path) -> None:
    missing = tendergen("diff", "HEAD", ".", "specs/regio-noord")
    assert missing.exit_code == 1
    assert missing.stderr == "error: no programme folder under specs/regio-noord in `HEAD` or `.`\n"
    outside = tendergen("diff", "HEAD", ".", "../elders")
    assert outside.stderr == "error: ../elders: PATH must be relative to the project folder, without `..`\n"


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    result = tendergen("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 1
    where = f"{tmp_path.resolve()} is not inside a git repository"
    assert result.stderr == f"error: `HEAD~1` is neither a folder nor a git revision ({where})\n"


def test_no_checkout_of_the_work_tree(repo: Path, commit: Commit) -> None:
    edit(repo, CRISIS, "response_hours: 24", "response_hours: 12")
    commit("two")
    edit(repo, CRISIS, "response_hours: 12", "response_hours: 6")  # uncommitted work must survive
    before = git(repo, "status", "--porcelain")
    assert lines(tendergen("diff", "HEAD~1", "HEAD"))[1:] == [
        "  segment crisis: funding.availability.response_hours 24 → 12"
    ]
    assert git(repo, "status", "--porcelain") == before
    assert "response_hours: 6" in (repo / CRISIS).read_text(encoding="utf-8")


# ---------------------------------------------------------------------- output formats


def _small_change(repo: Path, commit: Commit) -> None:
    edit(repo, CRISIS, "min_share_small_local_pct: 10", "min_share_small_local_pct: 15")
    edit(
        repo,
        JEUGD,
        "ambition: Jeugdigen groeien veilig en gezond op, zo thuis mogelijk.",
        "ambition: Jeugdigen groeien veilig en gezond op, zo thuis mogelijk en met hulp die aansluit bij school en "
        "gezin.",
    )
    edit(repo, "specs/gemeente-west/units/welzijn.yaml", "ceiling: 850000", "ceiling: 900000")
    commit("small")


def test_markdown_for_a_pull_request(repo: Path, commit: Commit) -> None:
    _small_change(repo, commit)
    result = tendergen("diff", "--format", "markdown", "HEAD~1", "HEAD")
    assert result.exit_code == 0
    assert result.stdout == (
        "## Spec changes: `HEAD~1` → `HEAD`\n"
        "\n"
        "3 change(s) in 2 of 2 programme(s); 3 unit(s) affected.\n"
        "\n"
        "### Programme `gemeente-west`: Inkoop sociaal domein Gemeente West 2027\n"
        "\n"
        "#### Bundel `welzijn`: Welzijn en preventie\n"
        "\n"
        "- **instrument.ceiling**: € 850.000,00 → € 900.000,00\n"
        "\n"
        "### Programme `regio-zuid`: Inkoop jeugdhulp Regio Zuid 2027\n"
        "\n"
        "#### Segment `crisis`: Crisis\n"
        "\n"
        "- **subcontracting quota**: 10% → 15%\n"
        "\n"
        "#### Segment `jeugd`: Jeugdhulp\n"
        "\n"
        "- **ambition** changed\n"
        "  - was: “Jeugdigen groeien veilig en gezond op, zo thuis mogelijk.”\n"
        "  - now: “Jeugdigen groeien veilig en gezond op, zo thuis mogelijk en met hulp die aansluit bij school en "
        "gezin.”\n"
    )


def test_markdown_escapes_prose(repo: Path, commit: Commit) -> None:
    edit(repo, CRISIS, "name: Crisis\n", "name: Crisis <b>*spoed*</b> [link](http://x)\n")
    commit("name")
    out = tendergen("diff", "--format", "markdown", "HEAD~1", "HEAD").stdout
    assert "#### Segment `crisis`: Crisis \\<b\\>\\*spoed\\*\\</b\\> \\[link\\](http://x)" in out
    assert "<b>" not in out


def test_json_structure(repo: Path, commit: Commit) -> None:
    _small_change(repo, commit)
    payload = json.loads(tendergen("diff", "--format", "json", "HEAD~1", "HEAD").stdout)
    assert payload["format"] == "tendergen-diff"
    assert payload["version"] == 1
    assert payload["changed"] is True
    assert payload["count"] == 3
    assert payload["old"]["label"] == "HEAD~1"
    assert payload["old"]["kind"] == "git"
    assert payload["old"]["commit"] == git(repo, "rev-parse", "HEAD~1").strip()
    zuid = next(p for p in payload["programmes"] if p["id"] == "regio-zuid")
    assert zuid["unit_term"] == "segment"
    crisis = next(u for u in zuid["units"] if u["id"] == "crisis")
    assert crisis["status"] == "changed"
    assert crisis["changes"] == [
        {
            "kind": "changed",
            "field": "subcontracting.min_share_small_local_pct",
            "path": ["subcontracting", "min_share_small_local_pct"],
            "section": "subcontracting",
            "subject": "subcontracting quota",
            "old": "10",
            "new": "15",
            "old_text": "10%",
            "new_text": "15%",
            "member": False,
            "note": None,
            "for_bidders": True,
            "text": "subcontracting quota 10% → 15%",
        }
    ]
    west = next(p for p in payload["programmes"] if p["id"] == "gemeente-west")
    assert [u["status"] for u in west["units"]] == ["unchanged", "changed"]
    assert west["schedule"]["changes"] == []


def test_json_item_values_and_bidder_flag(repo: Path, commit: Commit) -> None:
    edit(repo, CRISIS, "  - id: Q-CRI-02", "  - id: Q-CRI-03\n    kind: eis\n    text: Bereikbaar.\n  - id: Q-CRI-02")
    edit(repo, PROGRAMME, "summary: De regio koopt", "summary: Regio Zuid koopt")
    edit(repo, PROGRAMME, 'version: "1.0"', 'version: "1.1"')
    commit("json")
    payload = json.loads(tendergen("diff", "--format", "json", "HEAD~1", "HEAD").stdout)
    zuid = next(p for p in payload["programmes"] if p["id"] == "regio-zuid")
    # the summary is printed in the leidraad ("Achtergrond"), so bidders see it; the version is bookkeeping
    assert [(c["field"], c["for_bidders"]) for c in zuid["changes"]] == [("version", False), ("summary", True)]
    added = zuid["units"][0]["changes"][0]
    assert added["field"] == "quality[Q-CRI-03]"
    assert added["new"] == {
        "id": "Q-CRI-03",
        "kind": "eis",
        "text": "Bereikbaar.",
        "evidence": None,
        "weight": None,
        "criterion": None,
        "target": None,
        "frequency": None,
    }


def test_colour_only_when_asked_or_on_a_terminal(repo: Path, commit: Commit) -> None:
    _small_change(repo, commit)
    plain = tendergen("diff", "HEAD~1", "HEAD").stdout
    assert "\x1b[" not in plain
    coloured = CliRunner().invoke(cli, ["diff", "--color", "HEAD~1", "HEAD"], color=True).stdout
    assert "\x1b[1mprogramme regio-zuid" in coloured
    assert "subcontracting quota \x1b[31m10%\x1b[0m → \x1b[32m15%\x1b[0m" in coloured
