"""`tendergen redline`: DOCX with tracked changes for the documents that changed between two git revisions."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document

from docxlists import ListNumbers
from gitrepo import commit, edit, make_repo
from tendergen.cli import cli
from tendergen.errors import SpecError
from tendergen.render.templates import builtin_template_dir
from tendergen.review.redline import INSTALL_HINT, range_name, redline
from tendergen.review.source import SideInfo

PROJECT = Path(__file__).parent / "fixtures" / "notice" / "project"
UNIT = "specs/regio-west/units/jeugdhulp.yaml"
PROGRAMME = "specs/regio-west/programme.yaml"
FOLDER = Path("output/regio-west/redline/HEAD~1..HEAD")
ALL_DOCUMENTS = [
    "units/jeugdhulp/jeugdhulp-aanbestedingsleidraad",
    "units/jeugdhulp/jeugdhulp-programma-van-eisen",
    "units/jeugdhulp/jeugdhulp-concept-overeenkomst",
    "units/welzijn/welzijn-subsidie-uitvraag",
    "units/welzijn/welzijn-concept-subsidiebeschikking",
    "programma-overzicht",
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The notice fixture project as a git repository with one commit, as the working directory."""
    return make_repo(PROJECT, tmp_path, monkeypatch)


def change_weights(repo: Path) -> None:
    edit(repo, UNIT, "weight: 60", "weight: 70")
    edit(repo, UNIT, "weight: 40", "weight: 30")
    commit(repo, "weights")


def tendergen(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def summary(repo: Path, folder: Path = FOLDER) -> dict[str, str]:
    data = json.loads((repo / folder / "redline.json").read_text(encoding="utf-8"))
    return {d["name"]: d["status"] for d in data["documents"]}


def docx_files(repo: Path, folder: Path = FOLDER) -> list[str]:
    return sorted(p.relative_to(repo / folder).as_posix() for p in (repo / folder).rglob("*.docx"))


def revisions(xml: str) -> list[tuple[str, str, str, str]]:
    """(kind, author, date, text) of every w:ins and w:del in a document.xml."""
    found = []
    for match in re.finditer(r'<w:(ins|del) w:author="([^"]*)" w:id="\d+" w:date="([^"]*)">(.*?)</w:\1>', xml):
        text = "".join(re.findall(r"<w:(?:t|delText)[^>]*>([^<]*)<", match.group(4)))
        found.append((match.group(1), match.group(2), match.group(3), text))
    return found


class FakeEngine:
    """Stands in for docxodus where a test is about which documents are compared, not how."""

    def __init__(self) -> None:
        self.calls: list[tuple[bytes, bytes, str, dt.datetime]] = []

    def __call__(self, old: bytes, new: bytes, *, author: str, when: dt.datetime) -> bytes:
        self.calls.append((old, new, author, when))
        return new


# ---------------------------------------------------------------------- with the real engine


@pytest.fixture
def docxodus() -> None:
    pytest.importorskip("python_redlines", reason="the redline extra is not installed (pip install '.[redline]')")
    pytest.importorskip("python_redlines_docxodus", reason="the docxodus engine of python-redlines is not installed")


@pytest.mark.usefixtures("docxodus")
def test_changed_documents_get_native_tracked_changes(repo: Path) -> None:
    change_weights(repo)
    result = tendergen("redline", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"regio-west: 2 redline(s) → {FOLDER}",
        "  changed    units/jeugdhulp/jeugdhulp-aanbestedingsleidraad.docx",
        "  changed    units/jeugdhulp/jeugdhulp-programma-van-eisen.docx",
        "  unchanged  units/jeugdhulp/jeugdhulp-concept-overeenkomst",
        "  unchanged  units/welzijn/welzijn-subsidie-uitvraag",
        "  unchanged  units/welzijn/welzijn-concept-subsidiebeschikking",
        "  unchanged  programma-overzicht",
    ]
    assert docx_files(repo) == [
        "units/jeugdhulp/jeugdhulp-aanbestedingsleidraad.docx",
        "units/jeugdhulp/jeugdhulp-programma-van-eisen.docx",
    ]
    for name in docx_files(repo):
        xml = zipfile.ZipFile(repo / FOLDER / name).read("word/document.xml").decode("utf-8")
        stamp = "2026-02-02T00:00:00Z"  # the new side's document_date
        weights = [("ins", "tendergen", stamp, "70%"), ("del", "tendergen", stamp, "60%")]
        weights += [("ins", "tendergen", stamp, "30%"), ("del", "tendergen", stamp, "40%")]
        if name.endswith("aanbestedingsleidraad.docx"):
            # the criteria table, then the worked example of the assessment (8 / 10 × 70 = 56 punten) and the
            # weight under each criterion's question
            example = [("ins", "tendergen", stamp, "70%"), ("del", "tendergen", stamp, "60%")]
            example += [("ins", "tendergen", stamp, "70"), ("del", "tendergen", stamp, "60")]
            example += [("ins", "tendergen", stamp, "56"), ("del", "tendergen", stamp, "48")]
            assert revisions(xml) == weights + example + weights, name
        else:
            assert revisions(xml) == weights, name
        # the insertions sit in the rows of the award criteria, next to their names
        assert re.search(r"Samenwerking in de regio</w:t>.*?<w:ins [^>]*><w:r><w:t>30%", xml)


@pytest.mark.usefixtures("docxodus")
def test_two_runs_give_the_same_bytes(repo: Path, tmp_path: Path) -> None:
    change_weights(repo)
    assert tendergen("redline", "HEAD~1", "HEAD", "--output", str(tmp_path / "one")).exit_code == 0
    assert tendergen("redline", "HEAD~1", "HEAD", "--output", str(tmp_path / "two")).exit_code == 0
    one, two = tmp_path / "one" / "regio-west", tmp_path / "two" / "regio-west"
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert len(files) == 4  # two redlines, redline.json and the manifest
    for file in files:
        assert (one / file).read_bytes() == (two / file).read_bytes(), file


# ---------------------------------------------------------------------- which documents, without the engine


def test_a_new_version_and_date_alone_change_no_document(repo: Path) -> None:
    edit(repo, PROGRAMME, 'version: "1.0"', 'version: "1.1"')
    edit(repo, PROGRAMME, "document_date: 2026-02-02", "document_date: 2026-03-01")
    commit(repo, "version 1.1")
    engine = FakeEngine()
    [report] = redline("HEAD~1", "HEAD", [], base=Path("."), engine=engine)
    assert engine.calls == []
    assert [d.status for d in report.documents] == ["unchanged"] * 6
    assert docx_files(repo) == []
    assert summary(repo) == dict.fromkeys(ALL_DOCUMENTS, "unchanged")


def test_the_engine_gets_both_renders_with_a_fixed_author_and_date(repo: Path) -> None:
    edit(repo, PROGRAMME, "document_date: 2026-02-02", "document_date: 2026-03-01")
    edit(repo, UNIT, "min_share_small_local_pct: 10", "min_share_small_local_pct: 15")
    commit(repo, "quota")
    engine = FakeEngine()
    redline("HEAD~1", "HEAD", [], base=Path("."), engine=engine)
    assert [(author, when) for _o, _n, author, when in engine.calls] == [
        ("tendergen", dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    ] * 4
    old, new, _author, _when = engine.calls[0]
    assert "10%" in docx_text(old) and "15%" not in docx_text(old)
    assert "15%" in docx_text(new) and "1 maart 2026" in docx_text(new)
    assert summary(repo) == {
        **dict.fromkeys(ALL_DOCUMENTS, "changed"),
        "units/welzijn/welzijn-subsidie-uitvraag": "unchanged",
        "units/welzijn/welzijn-concept-subsidiebeschikking": "unchanged",
    }


def test_a_changed_project_template_in_the_revision_changes_its_document(repo: Path) -> None:
    source = (builtin_template_dir() / "subsidie-uitvraag.html.j2").read_text(encoding="utf-8")
    head, tail = source.rsplit("{% endblock %}", 1)
    (repo / "templates").mkdir()
    override = f"{head}<p>Aanvragen worden alleen digitaal ingediend.</p>\n{{% endblock %}}{tail}"
    (repo / "templates" / "subsidie-uitvraag.html.j2").write_text(override, encoding="utf-8")
    commit(repo, "template override")
    engine = FakeEngine()
    redline("HEAD~1", "HEAD", [], base=Path("."), engine=engine)
    assert docx_files(repo) == ["units/welzijn/welzijn-subsidie-uitvraag.docx"]
    assert "Aanvragen worden alleen digitaal ingediend." in docx_text(engine.calls[0][1])


def test_redlines_of_an_earlier_run_that_are_no_longer_changed_are_removed(repo: Path) -> None:
    change_weights(repo)
    redline("HEAD~1", "HEAD", [], base=Path("."), engine=FakeEngine())
    assert len(docx_files(repo)) == 2
    (repo / FOLDER / "notes.txt").write_text("mine", encoding="utf-8")
    edit(repo, "specs/regio-west/units/welzijn.yaml", "ceiling: 500000", "ceiling: 550000")
    commit(repo, "ceiling")
    [report] = redline("HEAD~1", "HEAD", [], base=Path("."), engine=FakeEngine())
    assert report.removed == [
        "units/jeugdhulp/jeugdhulp-aanbestedingsleidraad.docx",
        "units/jeugdhulp/jeugdhulp-programma-van-eisen.docx",
    ]
    assert docx_files(repo) == [
        "programma-overzicht.docx",
        "units/welzijn/welzijn-concept-subsidiebeschikking.docx",
        "units/welzijn/welzijn-subsidie-uitvraag.docx",
    ]
    assert (repo / FOLDER / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_folders_and_added_documents(repo: Path, tmp_path: Path) -> None:
    old, new = tmp_path / "oud", tmp_path / "nieuw"
    shutil.copytree(repo, old, ignore=shutil.ignore_patterns(".git"))
    shutil.copytree(repo, new, ignore=shutil.ignore_patterns(".git"))
    shutil.copy(new / UNIT, new / "specs/regio-west/units/crisis.yaml")
    edit(new, "specs/regio-west/units/crisis.yaml", "id: jeugdhulp\nname: Jeugdhulp", "id: crisis\nname: Crisis")
    edit(new, "specs/regio-west/units/crisis.yaml", "Q-JH-01", "Q-CR-01")
    edit(new, "specs/regio-west/units/crisis.yaml", "Q-JH-02", "Q-CR-02")
    [report] = redline(str(old), str(new), [], base=Path("."), engine=FakeEngine())
    assert [(d.name, d.status) for d in report.documents if d.status != "unchanged"] == [
        ("units/crisis/crisis-aanbestedingsleidraad", "added"),
        ("units/crisis/crisis-programma-van-eisen", "added"),
        ("units/crisis/crisis-concept-overeenkomst", "added"),
        ("programma-overzicht", "changed"),
    ]
    assert report.folder == Path("output/regio-west/redline") / range_name(str(old), str(new))


def test_range_names_are_safe_folder_names() -> None:
    assert range_name("HEAD~1", "HEAD") == "HEAD~1..HEAD"
    assert range_name("origin/main", "feature/nvi 2") == "origin-main..feature-nvi-2"
    assert range_name("../oud/", ".") == "oud..work-tree"
    assert SideInfo("HEAD", "git").label == "HEAD"


# ---------------------------------------------------------------------- errors


def test_a_missing_extra_is_one_clear_message(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    change_weights(repo)
    monkeypatch.setitem(sys.modules, "python_redlines", None)  # makes `import python_redlines` fail
    result = tendergen("redline", "HEAD~1", "HEAD")
    assert result.exit_code == 1
    assert result.stderr == f"error: {INSTALL_HINT}\n"
    assert INSTALL_HINT == (
        "tendergen redline needs the optional extra with python-redlines and its docxodus engine: "
        "pip install 'tendergen[redline]'"
    )
    assert not (repo / "output").exists()


def test_usage_and_invalid_revisions(repo: Path) -> None:
    result = tendergen("redline", "HEAD")
    assert result.exit_code == 1
    assert result.stderr == "error: expected two revisions or folders: tendergen redline A B [PATH]...\n"
    edit(repo, UNIT, "weight: 40", "weight: 30")
    commit(repo, "weights that do not sum to 100")
    with pytest.raises(SpecError) as caught:
        redline("HEAD~1", "HEAD", [], base=Path("."), engine=FakeEngine())
    assert [p.format() for p in caught.value.problems] == [
        "HEAD:specs/regio-west/units/jeugdhulp.yaml:28:1: award_criteria: award criterion weights sum to 90; "
        "they must sum to 100"
    ]


def docx_text(data: bytes) -> str:
    """The text of a DOCX as Word shows it, list numbers included (docxlists.py)."""
    document = Document(io.BytesIO(data))
    numbers = ListNumbers(document)
    texts = [numbers.text(p) for p in document.paragraphs]
    texts += [
        "\n".join(numbers.text(p) for p in cell.paragraphs)
        for table in document.tables
        for row in table.rows
        for cell in row.cells
    ]
    return "\n".join(texts)
