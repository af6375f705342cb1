"""eForms contract notices of the example programmes: XSD and the Schematron phase of their subtype."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from standards import REPO, need_sdk, unplanned_copy
from tendergen.project import load_spec
from tendergen.publish.notices import NoticeError, contract_notice, xsd_errors
from tendergen.publish.procurements import procurements
from tendergen.publish.schematron import validate_notice
from tendergen.schedule import timeline_for

NS = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(
    ("programme", "procedure", "subtype", "lots"),
    [
        ("midden-holland-2025", "jeugd-wmo-2025", "20", 8),
        ("midden-holland-2025", "wmo-voorzieningen", "16", 3),
        ("nieuwkoop-2021", "jeugdhulp", "20", 1),
    ],
)
def test_contract_notice_passes_xsd_and_schematron(programme: str, procedure: str, subtype: str, lots: int) -> None:
    sdk = need_sdk()
    spec = load_spec(REPO / "specs" / programme)
    chosen = next(p for p in procurements(spec, timeline_for(spec)) if p.id == procedure)
    notice = contract_notice(sdk, spec, chosen)
    assert notice.subtype == subtype
    assert xsd_errors(sdk, "cn", notice.xml) == []
    failed = validate_notice(sdk, notice.xml, chosen.dates["publicatie"])
    assert [f.format() for f in failed] == []
    tree = etree.fromstring(notice.xml)
    assert tree.xpath("count(cac:ProcurementProjectLot)", namespaces=NS) == lots
    deadline = tree.xpath("string(//cac:TenderSubmissionDeadlinePeriod/cbc:EndDate)", namespaces=NS)
    assert deadline.startswith(chosen.dates["inschrijfdeadline"].isoformat())
    assert tree.xpath("string(cbc:ContractFolderID)", namespaces=NS) == notice.folder_id
    # the same spec gives the same bytes
    assert contract_notice(sdk, spec, chosen).xml == notice.xml


def test_light_regime_notice_names_the_features_and_weights() -> None:
    sdk = need_sdk()
    spec = load_spec(REPO / "specs" / "midden-holland-2025")
    chosen = next(p for p in procurements(spec, timeline_for(spec)) if p.id == "jeugd-wmo-2025")
    tree = etree.fromstring(contract_notice(sdk, spec, chosen).xml)
    assert tree.xpath("string(cbc:NoticeTypeCode)", namespaces=NS) == "cn-social"
    assert tree.xpath("string(cac:TenderingProcess/cbc:ProcedureCode)", namespaces=NS) == "oth-single"
    assert "artikel 2.38, eerste lid" in tree.xpath("string(cac:TenderingProcess/cbc:Description)", namespaces=NS)
    weights = tree.xpath("//*[local-name()='ParameterNumeric']/text()")
    assert weights and sum(float(w) for w in weights) == 100 * len(chosen.lots)


def test_procedure_without_schedule_dates_is_refused_with_the_reason(tmp_path: Path) -> None:
    sdk = need_sdk()
    spec = load_spec(unplanned_copy(tmp_path, "alphen-2021", "hulpmiddelen"))
    chosen = next(p for p in procurements(spec, timeline_for(spec)) if p.id == "hulpmiddelen")
    with pytest.raises(NoticeError) as caught:
        contract_notice(sdk, spec, chosen)
    assert str(caught.value) == (
        "hulpmiddelen: the contract notice needs a `publicatie` milestone for hulpmiddelen in the schedule, "
        "a `inschrijfdeadline` milestone for hulpmiddelen in the schedule"
    )


def test_xsd_errors_are_reported_with_their_line(tmp_path: Path) -> None:
    sdk = need_sdk()
    bad = b'<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"><x/></ContractNotice>'
    errors = xsd_errors(sdk, "cn", bad)
    assert errors and errors[0].startswith("line 1: Element '{urn:oasis:names:specification:ubl:schema:xsd:")
