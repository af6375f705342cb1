"""The checks of the national contract standard on the spec: the comply-or-explain warning and its data."""

from __future__ import annotations

import shutil
from pathlib import Path

from tendergen.checks import check_spec
from tendergen.project import load_project

REPO = Path(__file__).resolve().parents[1]


def _copy(tmp_path: Path, extra: str = "", date: str = "2024-12-02") -> Path:
    """A copy of Midden-Holland dated ``date`` (its first admission moment moved after it)."""
    programme = tmp_path / "specs" / "midden-holland-2025"
    shutil.copytree(REPO / "specs" / "midden-holland-2025", programme)
    unit = programme / "units" / "praktische-ondersteuning.yaml"
    moments = unit.read_text(encoding="utf-8")
    assert "[2024-07-01, 2025-01-01," in moments
    # the first moment whose application (8 weeks before it) can still be made after the document date
    unit.write_text(moments.replace("[2024-07-01, 2025-01-01,", "[2025-01-27,"), encoding="utf-8")
    text = (programme / "programme.yaml").read_text(encoding="utf-8")
    text = text.replace("document_date: 2024-02-15", f"document_date: {date}")
    (programme / "programme.yaml").write_text(text + extra, encoding="utf-8")
    return programme


def _standard_warnings(programme: Path) -> list[str]:
    spec = load_project(programme).spec
    return [p.format() for p in check_spec(spec) if "Contractstandaard" in p.message]


def test_wmo_maatwerk_through_sas_or_admission_without_the_standard_is_warned(tmp_path: Path) -> None:
    warnings = _standard_warnings(_copy(tmp_path))
    units = sorted(w.split("/units/")[1].split(".yaml")[0] for w in warnings)
    # wmo-voorzieningen is Wmo too, but bought in an open procedure; the Jeugd segments are not Wmo
    assert units == ["begeleiding", "dagbesteding-logeren", "praktische-ondersteuning", "wonen"]
    assert all(": warning: domains: a Wmo maatwerk unit bought " in w for w in warnings)
    assert any("through admission (open house) should follow the Contractstandaard Wmo" in w for w in warnings)


def test_a_stated_reason_silences_the_warning(tmp_path: Path) -> None:
    reason = "\ncontract_standard:\n  name: wmo\n  reason: de regio gebruikt in 2025 nog haar eigen overeenkomst\n"
    assert _standard_warnings(_copy(tmp_path, reason)) == []


def test_documents_dated_before_the_adoption_need_not_follow_the_standard(tmp_path: Path) -> None:
    assert _standard_warnings(_copy(tmp_path, date="2024-11-28")) == []


def test_unknown_version_and_value_keys_are_located_errors(tmp_path: Path) -> None:
    extra = "\ncontract_standard:\n  name: wmo\n  version: '9.9'\n"
    import pytest

    from tendergen.errors import SpecError

    with pytest.raises(SpecError) as raised:
        load_project(_copy(tmp_path / "a", extra))
    messages = [p.format() for p in raised.value.problems]
    assert any(
        m.endswith("contract_standard.version: no profile of the Contractstandaard Wmo version 9.9; known: 1.2")
        for m in messages
    )
    typo = "\ncontract_standard:\n  name: wmo\n  version: '1.2'\n  values:\n    klachtenlink: x\n"
    with pytest.raises(SpecError) as raised:
        load_project(_copy(tmp_path / "b", typo))
    assert [p.path for p in raised.value.problems] == ["contract_standard.values.klachtenlink"]


def test_version_or_reason_is_required(tmp_path: Path) -> None:
    import pytest

    from tendergen.errors import SpecError

    with pytest.raises(SpecError) as raised:
        load_project(_copy(tmp_path, "\ncontract_standard:\n  name: wmo\n"))
    assert any("give the standard's `version`" in p.message for p in raised.value.problems)


def test_a_unit_that_explains_keeps_tendergens_own_documents(tmp_path: Path) -> None:
    from tendergen.render.plan import plan_documents

    programme = _copy(tmp_path, "\ncontract_standard:\n  name: wmo\n  version: '1.2'\n")
    unit = programme / "units" / "wonen.yaml"
    reason = "\ncontract_standard:\n  name: wmo\n  reason: beschermd wonen volgt de regionale overeenkomst\n"
    unit.write_text(unit.read_text(encoding="utf-8") + reason, encoding="utf-8")
    names = {p.name for p in plan_documents(load_project(programme).spec, ("html", "standard"))}
    assert "units/wonen/wonen-concept-overeenkomst" in names
    assert "units/wonen/wonen-contractstandaard-overeenkomst" not in names
    assert "units/begeleiding/begeleiding-contractstandaard-overeenkomst" in names
    assert "units/begeleiding/begeleiding-concept-overeenkomst" not in names


def test_strict_turns_the_warning_into_a_failure(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tendergen.cli import cli

    programme = _copy(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--strict", "-o", str(tmp_path / "out"), str(programme)])
    assert result.exit_code == 1
    assert "should follow the Contractstandaard Wmo" in result.output
    assert "build failed: warnings with --strict; nothing written" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.pdf"))
