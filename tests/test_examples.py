"""The example programmes in specs/ validate cleanly and carry what their seed documents say."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tendergen.project import load_spec
from tendergen.spec.unit import Aanbesteding, Taakgericht

SPECS = Path(__file__).parent.parent / "specs"

EXPECTED = {
    "nieuwkoop-2021": ("bundel", 7),
    "alphen-2021": ("bundel", 6),
    "midden-holland-2025": ("segment", 9),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_validates_without_warnings(name: str) -> None:
    spec = load_spec(SPECS / name)
    unit_term, count = EXPECTED[name]
    assert spec.programme.unit_term == unit_term
    assert len(spec.units) == count
    assert spec.warnings == []


def test_nieuwkoop_jeugdhulp_is_a_lumpsum_with_subcontracting_quota() -> None:
    unit = load_spec(SPECS / "nieuwkoop-2021").unit("jeugdhulp")
    assert isinstance(unit.funding, Taakgericht)
    assert unit.funding.pgb_included is True
    assert unit.subcontracting is not None and unit.subcontracting.main_contractor is True
    assert unit.quota_pct == Decimal(10)


def test_midden_holland_crisis_is_available_day_and_night() -> None:
    spec = load_spec(SPECS / "midden-holland-2025")
    crisis = spec.unit("crisis")
    assert crisis.funding is not None and crisis.funding.availability is not None
    assert crisis.funding.availability.hours == "24/7"
    assert crisis.funding.availability.response_hours == 24
    assert spec.programme.contract_start.isoformat() == "2025-01-01"
    assert spec.programme.authority.members == [
        "Bodegraven-Reeuwijk",
        "Gouda",
        "Krimpenerwaard",
        "Waddinxveen",
        "Zuidplas",
    ]


def test_midden_holland_groups_segments_in_one_sas_tender() -> None:
    spec = load_spec(SPECS / "midden-holland-2025")
    [tender] = spec.programme.tenders
    assert tender.procedure == "sas"
    grouped = spec.units_of_tender(tender.id)
    assert len(grouped) >= 2
    assert all(isinstance(u.instrument, Aanbesteding) and u.instrument.procedure is None for u in grouped)
