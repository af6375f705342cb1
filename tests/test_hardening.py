"""Hostile and broken inputs: each finding of issue 13 (outside templates) gives a located error, never a traceback.

Specs, schedules and command-line paths that once crashed tendergen or ran unbounded: unreadable files, devices,
control characters, oversized ids, texts, lists and amounts, dates out of range, and outputs that cannot be
written. Every test asserts the exact message.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendergen import loader
from tendergen.cli import cli
from tendergen.errors import Problem, SpecError, UsageError
from tendergen.loader import load_document, printable
from tendergen.project import load_spec
from tendergen.review.source import open_side
from tendergen.review.textconv import textconv
from tendergen.schedule import timeline_for
from tendergen.validation import MAX_PROBLEMS
from tendergen.writer import WriteError, write_text

Project = Callable[..., Path]


def problems_of(path: Path) -> list[str]:
    """The formatted problems ``load_spec`` raises for a programme folder."""
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    return [p.format() for p in caught.value.problems]


def replace_line(path: Path, start: str, line: str) -> None:
    """Replace the line of ``path`` that starts with ``start``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, text in enumerate(lines) if text.startswith(start))
    lines[index] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------- unreadable files


def test_unreadable_spec_file_is_a_located_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(SpecError) as caught:
        load_document(path)
    assert [p.format() for p in caught.value.problems] == [f"{path}:1:1: cannot read file: Permission denied"]


def test_folder_and_fifo_named_like_a_spec_are_refused_without_reading(tmp_path: Path) -> None:
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)  # opening it for reading would block forever
    for path, kind in ((folder, "a folder"), (fifo, "not a regular file")):
        with pytest.raises(SpecError) as caught:
            load_document(path)
        assert [p.format() for p in caught.value.problems] == [f"{path}:1:1: cannot read file: it is {kind}"]


def test_textconv_of_a_device_reads_nothing_of_it() -> None:
    started = time.monotonic()
    assert textconv(Path("/dev/zero")) == "(not a regular file: /dev/zero)\n"
    assert time.monotonic() - started < 5


def test_textconv_of_a_broken_file_shows_at_most_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 10)
    monkeypatch.setattr("tendergen.review.textconv.MAX_FILE_BYTES", 10)
    path = tmp_path / "big.yaml"
    path.write_text("a: [unclosed and long\n", encoding="utf-8")
    assert textconv(path) == "a: [unclos\n(file cut off after 10 bytes, the spec size limit)\n"


# ---------------------------------------------------------------------------------------------- characters


def test_control_character_in_prose_names_the_code_point(project: Project) -> None:
    root = project()
    replace_line(root / "programme.yaml", "title:", 'title: "Inkoop\\u0007 regio Noord\\uFFFE"')
    assert problems_of(root) == [
        f"{root}/programme.yaml:4:8: title: contains U+0007 (a control character) at character 7; control "
        "characters and noncharacters cannot appear in a document"
    ]


def test_noncharacter_in_prose_is_refused(project: Project) -> None:
    root = project()
    replace_line(root / "programme.yaml", "title:", 'title: "Inkoop regio Noord\\uFFFE"')
    assert problems_of(root) == [
        f"{root}/programme.yaml:4:8: title: contains U+FFFE (a noncharacter) at character 19; control "
        "characters and noncharacters cannot appear in a document"
    ]


def test_raw_control_character_in_a_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"a: 1\nb: x\x1by\n")
    with pytest.raises(SpecError) as caught:
        load_document(path)
    assert [p.format() for p in caught.value.problems] == [
        f"{path}:2:5: U+001B (ESCAPE) is not allowed in a YAML file; remove it"
    ]


def test_unknown_key_with_escape_sequences_is_not_echoed_raw(project: Project) -> None:
    root = project()
    with (root / "programme.yaml").open("a", encoding="utf-8") as handle:
        handle.write('"\\e[2J\\e[31mtitel": x\n"\\u202etitle2": y\n')
    messages = problems_of(root)
    assert messages[-2:] == [
        f"{root}/programme.yaml:{_lines(root / 'programme.yaml') - 1}:1: key `\\x1b[2J\\x1b[31mtitel` contains "
        "U+001B (ESCAPE); keys are plain text",
        f"{root}/programme.yaml:{_lines(root / 'programme.yaml')}:1: key `\\u202etitle2` contains "
        "U+202E (RIGHT-TO-LEFT OVERRIDE); keys are plain text",
    ]
    assert not any("\x1b" in m or "\u202e" in m for m in messages)


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_a_rejected_value_is_shown_escaped_and_shortened() -> None:
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert printable("x" * 100) == "x" * 80 + "…"
    problem = Problem("f.yaml", 1, 2, "a", "bad `\x1b[2J`")
    assert problem.format() == "f.yaml:1:2: a: bad `\\x1b[2J`"


# ---------------------------------------------------------------------------------------------- ids


@pytest.mark.parametrize("reserved", ["con", "nul", "aux", "com1", "lpt1", "prn"])
def test_windows_device_names_are_refused_as_unit_ids(project: Project, reserved: str) -> None:
    root = project()
    unit = root / "units" / "crisis.yaml"
    replace_line(unit, "id:", f"id: {reserved}")
    assert problems_of(root) == [
        f"{unit}:1:5: id: `{reserved}` is not a valid id: Windows reserves it for a device; choose another name"
    ]


def test_a_250_character_id_is_refused_before_it_becomes_a_file_name(project: Project) -> None:
    root = project()
    unit = root / "units" / "crisis.yaml"
    replace_line(unit, "id:", "id: " + "a" * 250)
    assert problems_of(root) == [f"{unit}:1:5: id: id is 250 characters long; the limit is 64"]


def test_lot_and_tender_ids_are_checked_too(project: Project) -> None:
    root = project()
    programme = root / "programme.yaml"
    programme.write_text(programme.read_text(encoding="utf-8").replace("id: jeugd-specialistisch", "id: aux"))
    unit = root / "units" / "jeugd.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("{id: lokaal,", "{id: lpt1,"), encoding="utf-8")
    messages = problems_of(root)
    reserved = "is not a valid id: Windows reserves it for a device; choose another name"
    assert f"{programme}:24:10: tenders[0].id: `aux` {reserved}" in messages
    assert f"{unit}:39:10: lots[1].id: `lpt1` {reserved}" in messages


# ---------------------------------------------------------------------------------------------- sizes and numbers


def test_amount_of_ten_to_the_400_is_refused(project: Project) -> None:
    root = project()
    unit = root / "units" / "crisis.yaml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("amount: 400000", "amount: 1" + "0" * 400), encoding="utf-8")
    assert problems_of(root) == [
        f"{unit}:12:21: funding.lumpsum.amount: must be at most 1000000000000, found 1{'0' * 79}…"
    ]


def test_text_over_the_limit_is_refused_quickly(project: Project) -> None:
    root = project()
    replace_line(root / "programme.yaml", "summary:", "summary: " + "woord " * 2000)
    started = time.monotonic()
    assert problems_of(root) == [
        f"{root}/programme.yaml:16:10: summary: text is 11,999 characters long; the limit is 10,000"
    ]
    assert time.monotonic() - started < 5


def test_a_list_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text("quality:\n" + "".join(f"  - {{id: Q-{i}, text: eis}}\n" for i in range(20_000)), encoding="utf-8")
    started = time.monotonic()
    doc = load_document(path)
    assert [p.format() for p in doc.problems] == [f"{path}:2:3: quality: list has 20,000 items; the limit is 1,000"]
    assert time.monotonic() - started < 5


def test_146000_unknown_keys_are_refused_in_a_moment(tmp_path: Path) -> None:
    path = tmp_path / "programme.yaml"
    path.write_text("".join(f"k{i}: 1\n" for i in range(146_000)), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(SpecError) as caught:
        load_document(path)
    assert [p.format() for p in caught.value.problems] == [
        f"{path}:100000:9: document has more than 200,000 nodes; refused"
    ]
    assert time.monotonic() - started < 5


def test_unknown_keys_are_capped_at_200_problems_and_a_count(project: Project) -> None:
    root = project()
    with (root / "programme.yaml").open("a", encoding="utf-8") as handle:
        handle.write("".join(f"onbekend{i}: 1\n" for i in range(900)))
    started = time.monotonic()
    messages = problems_of(root)
    assert time.monotonic() - started < 5
    assert len(messages) == MAX_PROBLEMS + 1
    first = _lines(root / "programme.yaml") - 899
    assert messages[0] == f"{root}/programme.yaml:{first}:1: onbekend0: unknown key `onbekend0`"
    assert messages[-1] == (
        f"{root}/programme.yaml:{first + 200}:1: 700 more problems not shown; fix the ones above and validate again"
    )


def test_a_string_bomb_through_aliases_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("a: &a " + "x" * 9_000 + "\nb: [" + ", ".join(["*a"] * 300) + "]\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_document(path)
    assert [p.message for p in caught.value.problems] == [
        "document expands to more than 2,000,000 characters of text (alias bomb or runaway nesting); refused"
    ]


# ---------------------------------------------------------------------------------------------- dates


def test_document_date_9999_12_31_is_refused_in_the_spec(project: Project) -> None:
    root = project()
    replace_line(root / "programme.yaml", "document_date:", "document_date: 9999-12-31")
    assert problems_of(root) == [
        f"{root}/programme.yaml:14:16: document_date: date `9999-12-31` is outside 1950-01-01 to 2099-12-31; "
        "check the year"
    ]


def test_zip_timestamps_clamp_to_what_a_zip_can_hold() -> None:
    import datetime as dt
    import io
    import zipfile

    from tendergen.render.zipfix import normalize_zip

    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
    fixed = normalize_zip(source.getvalue(), dt.datetime(9999, 12, 31))
    assert zipfile.ZipFile(io.BytesIO(fixed)).infolist()[0].date_time == (2107, 12, 31, 0, 0, 0)


SCHEDULE_HEAD = """\
programme: regio-noord
milestones:
  - id: start
    type: overig
    label: Start
    owner: inkoop
    date: 2098-01-01
"""


def _schedule(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "schedules" / "regio-noord.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SCHEDULE_HEAD + body, encoding="utf-8")
    return path


def _chain(count: int, months: int) -> str:
    lines = []
    previous = "start"
    for index in range(count):
        lines.append(
            f"  - {{id: m{index}, type: overig, label: M{index}, owner: inkoop, "
            f"date: {{after: {previous}, months: {months}}}}}\n"
        )
        previous = f"m{index}"
    return "".join(lines)


def test_schedule_date_computed_past_the_range_is_located(project: Project, tmp_path: Path) -> None:
    root = project()
    path = _schedule(tmp_path, _chain(1, 24))
    with pytest.raises(SpecError) as caught:
        timeline_for(load_spec(root))
    assert [p.format() for p in caught.value.problems] == [
        f"{path.relative_to(tmp_path)}:8:60: milestones[1].date: date computes to 2100-01-01, outside 1950-01-01 to "
        "2099-12-31; check the amounts"
    ]


def test_schedule_date_beyond_year_9999_is_located_not_an_overflow(project: Project, tmp_path: Path) -> None:
    root = project()
    path = _schedule(tmp_path, _chain(900, 120))
    with pytest.raises(SpecError) as caught:
        timeline_for(load_spec(root))
    messages = [p.format() for p in caught.value.problems]
    shown = path.relative_to(tmp_path)
    # m0 is 2108, the first date out of range; m789 is 9998; m790 cannot be computed; later ones depend on it.
    assert messages == [
        f"{shown}:8:60: milestones[1].date: date computes to 2108-01-01, outside 1950-01-01 to 2099-12-31; check "
        "the amounts",
        f"{shown}:798:64: milestones[791].date: date cannot be computed: 9998-01-01 moved by 120 months leaves the "
        "calendar; check the amounts",
    ]


# ---------------------------------------------------------------------------------------------- outputs


def test_output_through_a_file_is_a_write_error(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(WriteError) as caught:
        write_text(blocker / "sub" / "out.txt", "y")
    assert str(caught.value) == f"{blocker}/sub/out.txt: cannot write: {blocker} is a file, not a folder"


def test_output_onto_a_folder_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as caught:
        write_text(tmp_path, "y")
    assert str(caught.value) == f"{tmp_path}: cannot write: it is a folder; name a file"


def test_unwritable_folder_is_a_write_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tendergen.writer.tempfile.mkstemp", refuse)
    with pytest.raises(WriteError) as caught:
        write_text(tmp_path / "out.txt", "y")
    assert str(caught.value) == f"{tmp_path}/out.txt: cannot write: Permission denied (check the folder's permissions)"


def test_schema_into_a_folder_exits_1_with_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(cli, ["schema", "unit", "-o", "out"])
    assert result.exit_code == 1
    assert result.stderr == "error: out: cannot write: it is a folder; name a file\n"


# ---------------------------------------------------------------------------------------------- git


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@x"
    for args in (["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "x"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    return repo


def test_diff_does_not_run_the_repositorys_fsmonitor(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    marker = tmp_path / "fsmonitor-ran"
    hook = tmp_path / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n", encoding="utf-8")
    hook.chmod(0o755)
    subprocess.run(["git", "-C", str(repo), "config", "core.fsmonitor", str(hook)], check=True)
    (repo / "specs" / "x.txt").write_text("x", encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "specs/x.txt"], check=True, env={**os.environ, "PATH": "/usr/bin"})
    marker.unlink(missing_ok=True)  # `git add` above may run it; tendergen must not
    with pytest.raises(UsageError), open_side(":(top)specs/x.txt", [], repo):
        pass
    with open_side("HEAD", [], repo):
        pass
    assert not marker.exists()


def test_a_revision_starting_with_a_dash_is_refused(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    with pytest.raises(UsageError) as caught, open_side("--output=/tmp/x", [], repo):
        pass
    assert str(caught.value) == (
        "`--output=/tmp/x`: a revision must not start with `-`; write `./--output=/tmp/x` for a folder"
    )
