from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tendergen import loader
from tendergen.errors import SpecError
from tendergen.loader import format_path, load_document


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(exc: pytest.ExceptionInfo[SpecError]) -> list[str]:
    return [p.format() for p in exc.value.problems]


def test_positions_are_kept_for_values_and_keys(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a: 1\nb:\n  - x\n  - {c: 2024-03-01}\n"))
    assert doc.data == {"a": 1, "b": ["x", {"c": dt.date(2024, 3, 1)}]}
    assert doc.locate(("b", 1, "c")) == (4, 9)
    assert doc.locate(("b", 1, "c"), key=True) == (4, 6)
    assert doc.locate(("b", 0)) == (3, 5)


def test_missing_path_falls_back_to_nearest_parent(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a:\n  b: 1\n"))
    assert doc.locate(("a", "zz", "y")) == (2, 3)


def test_format_path() -> None:
    assert format_path(("quality", 2, "weight")) == "quality[2].weight"
    assert format_path(()) == ""


def test_keys_are_text_even_when_numeric(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "2025: a\ntrue: b\n"))
    assert doc.data == {"2025": "a", "true": "b"}


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: é\n".encode())
    assert load_document(path).data == {"a": "é"}


def test_recoverable_problems_are_collected_not_raised(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a: 2024-13-01\nb: !!binary aGk=\nb: 3\n"))
    assert [p.format() for p in doc.problems] == [
        f"{tmp_path / 'spec.yaml'}:1:4: a: invalid date `2024-13-01`: month must be in 1..12",
        f"{tmp_path / 'spec.yaml'}:2:4: b: unsupported YAML tag `!!binary`; only plain YAML values are allowed",
        f"{tmp_path / 'spec.yaml'}:3:1: b: duplicate key `b` (first defined at line 2)",
    ]
    assert doc.is_flagged(("a",)) and not doc.is_flagged(("c",))


def test_set_and_omap_tags_are_refused(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a: !!set {x, y}\nb: !!omap [x: 1]\n"))
    assert [p.message for p in doc.problems] == ["unsupported YAML tag `!!set`", "unsupported YAML tag `!!omap`"]


def test_custom_local_tag_is_refused(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a: !include other.yaml\n"))
    assert doc.problems[0].message == "unsupported YAML tag `!include`; only plain YAML values are allowed"


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1_000_000)
    path = write(tmp_path, "a: " + "x" * 1_000_001 + "\n")
    with pytest.raises(SpecError) as exc:
        load_document(path)
    assert messages(exc) == [f"{path}:1:1: file is 1,000,005 bytes; the limit is 1 MB"]


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "a: " + "[" * 80 + "]" * 80 + "\n")
    with pytest.raises(SpecError) as exc:
        load_document(path)
    assert exc.value.problems[0].message == (
        "document expands to deeper than 64 (alias bomb or runaway nesting); refused"
    )


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "a: &a [*a]\n")
    with pytest.raises(SpecError) as exc:
        load_document(path)
    assert "refused" in exc.value.problems[0].message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as exc:
        load_document(tmp_path / "nope.yaml")
    assert messages(exc) == [f"{tmp_path / 'nope.yaml'}:1:1: cannot read file: No such file or directory"]
