"""Property-based fuzzing: mutated example programmes, schedules and Q&A files give located errors or success.

Each case copies one example project (the three programmes in ``specs/`` with their ``schedules/``, and the
review fixture that has a Q&A round), mutates one of its files — a value's type or content, a key, the nesting,
the YAML syntax, the encoding, control characters — and loads it through the public API and through
``tendergen validate``. Allowed outcomes: success, or :class:`SpecError` whose every problem names an existing
file, a line and a column, and shows no raw control character. Anything else (another exception, exit code 3, a
traceback, a hang past the deadline) fails.

Profiles: ``ci`` (default, 40 cases per programme, about a minute in all) and ``long`` (``scripts/fuzz.py``;
``TENDERGEN_FUZZ_EXAMPLES`` cases per programme).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tendergen.cli import cli
from tendergen.errors import Problem, SpecError

REPO = Path(__file__).parent.parent
REVIEW = Path(__file__).parent / "fixtures" / "review" / "project"

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=dt.timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
    database=None,  # tests write nothing outside their temporary folders
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("TENDERGEN_FUZZ_EXAMPLES", "1000")),
    deadline=dt.timedelta(seconds=60),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
settings.load_profile(os.environ.get("TENDERGEN_FUZZ_PROFILE", "ci"))
CLI_EXAMPLES = max(15, settings.default.max_examples // 4)  # a CLI run costs more than an API call


def load_and_check(programme: Path) -> list[Problem]:
    """THE entry point the fuzzer drives: load, validate and check one programme and its schedule.

    Returns the problems (empty on success). Re-point this one function when the public API changes.
    """
    from tendergen.project import load_project

    try:
        load_project(programme)
    except SpecError as exc:
        return list(exc.problems)
    return []


# ---------------------------------------------------------------------------------------------- the projects

PROGRAMMES = {
    name: (REPO, f"specs/{name}", f"schedules/{name}.yaml")
    for name in ("alphen-2021", "midden-holland-2025", "nieuwkoop-2021")
}
PROGRAMMES["regio-zuid"] = (REVIEW, "specs/regio-zuid", "schedules/regio-zuid.yaml")


@contextmanager
def copied(name: str) -> Iterator[tuple[Path, list[Path]]]:
    """A temporary copy of one example project; the programme folder and its mutable files."""
    source, programme, schedule = PROGRAMMES[name]
    with tempfile.TemporaryDirectory(prefix="tendergen-fuzz-") as tmp:
        root = Path(tmp)
        shutil.copytree(source / programme, root / programme)
        if (source / schedule).is_file():
            (root / schedule).parent.mkdir(parents=True)
            shutil.copy(source / schedule, root / schedule)
        files = sorted((root / programme).rglob("*.yaml")) + sorted((root / "schedules").glob("*.yaml"))
        yield root / programme, files


# ---------------------------------------------------------------------------------------------- mutations

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x1b[31mrood\x1b[0m",
        "a\x00b",
        "\ufffe",
        "\u202egnirts",
        "x" * 20_000,
        "con",
        "../../etc/passwd",
        "{{ 7 * 7 }}",
        "<script>alert(1)</script>",
        "2026-02-30",
        "1e400",
        "é" * 50,
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([10**400, -1, 0, 2**63]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.text(max_size=30),
    NASTY_TEXT,
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def mutate_data(draw: st.DrawFn, data: Any) -> Any:
    """One structural mutation of the parsed YAML: replace, delete, rename, add, wrap or deepen a node."""
    paths = list(_paths(data))
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(["replace", "delete", "rename", "add", "wrap", "deepen", "duplicate"]))
    if not path:
        return draw(VALUES) if kind == "replace" else data
    parent = _parent(data, path)
    key = path[-1]
    if kind == "replace":
        parent[key] = draw(VALUES)
    elif kind == "delete":
        del parent[key]
    elif kind == "rename" and isinstance(parent, dict):
        parent[draw(st.text(max_size=12) | NASTY_TEXT)] = parent.pop(key)
    elif kind == "add" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=12) | NASTY_TEXT)] = draw(VALUES)
    elif kind == "wrap":
        parent[key] = [parent[key]]
    elif kind == "deepen":
        value = parent[key]
        for _ in range(draw(st.integers(1, 80))):
            value = {"x": value}
        parent[key] = value
    elif kind == "duplicate" and isinstance(parent, list):
        parent.extend([parent[key]] * draw(st.integers(1, 1200)))
    return data


def mutate_text(draw: st.DrawFn, raw: bytes) -> bytes:
    """One byte-level mutation: insert, delete or flip, truncate, re-encode, indent, or add YAML syntax."""
    kind = draw(st.sampled_from(["insert", "delete", "truncate", "encode", "indent", "syntax", "control"]))
    at = draw(st.integers(0, len(raw)))
    if kind == "insert":
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if kind == "delete":
        return raw[:at] + raw[at + draw(st.integers(1, 40)) :]
    if kind == "truncate":
        return raw[:at]
    if kind == "encode":
        encoding = draw(st.sampled_from(["utf-16", "latin-1", "cp1252", "utf-32"]))
        return raw.decode("utf-8").encode(encoding, errors="replace")
    if kind == "indent":
        lines = raw.split(b"\n")
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        lines[index] = b" " * draw(st.integers(1, 5)) + lines[index]
        return b"\n".join(lines)
    if kind == "syntax":
        token = draw(
            st.sampled_from([b"&a ", b"*a", b"!!python/object:os.system ", b"<<: *a\n", b"? ", b"- ", b"{", b"]"])
        )
        return raw[:at] + token + raw[at:]
    char = draw(st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufffe", "\ud800"]))
    return raw[:at] + char.encode("utf-8", errors="surrogatepass") + raw[at:]


def apply(draw: st.DrawFn, files: list[Path]) -> Path:
    """Mutate one of ``files`` in place; return it."""
    target = draw(st.sampled_from(files))
    raw = target.read_bytes()
    if draw(st.booleans()):
        data = yaml.safe_load(raw)
        mutated = mutate_data(draw, data)
        text = yaml.safe_dump(mutated, allow_unicode=draw(st.booleans()), sort_keys=False)
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
    else:
        target.write_bytes(mutate_text(draw, raw))
    return target


# ---------------------------------------------------------------------------------------------- properties


def assert_located(problems: list[Problem], root: Path) -> None:
    """Every problem names a file inside the project, a line and a column, and shows no raw control character."""
    for problem in problems:
        text = problem.format()
        assert problem.line >= 1 and problem.column >= 1, text
        assert problem.message, text
        assert (root / problem.file).exists() or Path(problem.file).exists(), text
        assert not any(ord(c) < 0x20 and c not in "\n\t" for c in text), repr(text)


@pytest.mark.parametrize("name", sorted(PROGRAMMES))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_programme_loads_or_gives_located_errors(name: str, data: st.DataObject) -> None:
    with copied(name) as (programme, files):
        apply(data.draw, files)
        cwd = Path.cwd()
        os.chdir(programme.parent.parent)
        try:
            problems = load_and_check(Path("specs") / programme.name)
            assert_located(problems, programme.parent.parent)
        finally:
            os.chdir(cwd)


@pytest.mark.parametrize("name", ["nieuwkoop-2021", "regio-zuid"])
@settings(max_examples=CLI_EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_programme_through_the_cli_exits_0_or_1(name: str, data: st.DataObject) -> None:
    with copied(name) as (programme, files):
        apply(data.draw, files)
        result = CliRunner().invoke(cli, ["validate", str(programme)])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
