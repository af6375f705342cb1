"""Every invalid fixture yields exactly the located messages in its expected.txt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tendergen.errors import SpecError
from tendergen.project import load_spec

INVALID = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_there_are_at_least_25_invalid_fixtures() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES)
def test_invalid_fixture_reports_expected_problems(case: str, project: Callable[..., Path]) -> None:
    root = project(overlay=INVALID / case)
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    with pytest.raises(SpecError) as exc:
        load_spec(root)
    assert [p.format() for p in exc.value.problems] == expected
