"""The prior information notice (eForms subtype 4, pin-only) of a procedure whose schedule has a vooraankondiging,
and the OCDS planning release that goes with it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from standards import REPO, need_sdk
from tendergen.cli import cli
from tendergen.commands import publish as command
from tendergen.project import load_project
from tendergen.publish.notices import NoticeError, prior_information_notice, xsd_errors
from tendergen.publish.procurements import procurements
from tendergen.publish.schematron import validate_notice
from test_publish_pipeline import fake_pack, standards_env

__all__ = ["standards_env"]
PROGRAMME = "midden-holland-2025"
NS = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}  # fmt: skip
PIN_MILESTONE = """milestones:
  - id: wmo-vooraankondiging
    type: vooraankondiging
    date: {day}
    owner: regio
    scope: {{{scope}}}
"""
PIN_OPTION = """policy:
  period_options:
    - option: prior-information-notice
      scope: {unit: wmo-voorzieningen}
"""


def with_pin(tmp_path: Path, day: str = "2024-11-15", scope: str = "unit: wmo-voorzieningen") -> Path:
    """A copy of the example programme whose open procedure (wmo-voorzieningen) is announced by a vooraankondiging."""
    shutil.copytree(REPO / "specs" / PROGRAMME, tmp_path / "specs" / PROGRAMME)
    (tmp_path / "schedules").mkdir()
    text = (REPO / "schedules" / f"{PROGRAMME}.yaml").read_text(encoding="utf-8")
    assert text.count("\nmilestones:\n") == 1 and text.count("\npolicy:\n") == 1
    text = text.replace("\nmilestones:\n", "\n" + PIN_MILESTONE.format(day=day, scope=scope)).replace(
        "\npolicy:\n", "\n" + PIN_OPTION
    )
    (tmp_path / "schedules" / f"{PROGRAMME}.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "specs" / PROGRAMME


@pytest.mark.slow
def test_prior_information_notice_passes_xsd_and_schematron_of_subtype_4(tmp_path: Path) -> None:
    sdk = need_sdk()
    project = load_project(with_pin(tmp_path))
    assert project.timeline is not None and project.timeline.errors == []
    chosen = next(p for p in procurements(project.spec, project.timeline) if p.id == "wmo-voorzieningen")
    assert chosen.dates["vooraankondiging"] == dt.date(2024, 11, 15)
    notice = prior_information_notice(sdk, project.spec, chosen)
    assert (notice.kind, notice.subtype, notice.file_name) == ("pin", "4", "wmo-voorzieningen-pin-4.xml")
    assert xsd_errors(sdk, "pin", notice.xml) == []
    assert [f.format() for f in validate_notice(sdk, notice.xml, dt.date(2024, 11, 15))] == []
    tree = etree.fromstring(notice.xml)
    assert tree.xpath("string(cbc:NoticeTypeCode)", namespaces=NS) == "pin-only"
    assert tree.xpath("string(cbc:IssueDate)", namespaces=NS) == "2024-11-15+01:00"
    assert tree.xpath("string(cbc:PlannedDate)", namespaces=NS) == "2025-03-03+01:00"  # the `publicatie` milestone
    assert tree.xpath("count(cbc:ContractFolderID)", namespaces=NS) == 0  # a pin-only notice opens no procedure
    # one part per lot, with the lot's name and value
    parts = tree.xpath("cac:ProcurementProjectLot", namespaces=NS)
    assert [p.xpath("string(cbc:ID)", namespaces=NS) for p in parts] == ["PAR-0001", "PAR-0002", "PAR-0003"]
    assert [p.xpath("string(cac:ProcurementProject/cbc:Name)", namespaces=NS) for p in parts] == [
        lot.name for lot in chosen.lots
    ]
    assert [
        p.xpath(
            "string(cac:ProcurementProject/cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount)", namespaces=NS
        )
        for p in parts
    ] == [f"{lot.estimated_value:.2f}" for lot in chosen.lots]
    assert prior_information_notice(sdk, project.spec, chosen).xml == notice.xml


def test_the_notice_the_schematron_rejects_is_reported() -> None:
    """The runner is not blind on subtype 4: a pin-only notice with a procedure identifier (BT-04) fails."""
    sdk = need_sdk()
    example = (sdk / "examples" / "notices" / "pin-only_24.xml").read_bytes()
    assert [f.id for f in validate_notice(sdk, example, dt.date(2020, 5, 5)) if f.role == "ERROR"] == []
    tree = etree.fromstring(example)
    planned = tree.find("cbc:PlannedDate", NS)
    assert planned is not None
    folder = etree.Element(f"{{{NS['cbc']}}}ContractFolderID")
    folder.text = "1e86a664-ae3c-41eb-8529-0242ac130003"
    planned.addnext(folder)
    failed = validate_notice(sdk, etree.tostring(tree), dt.date(2020, 5, 5))
    assert "BR-BT-00004-0007" in [f.id for f in failed if f.role == "ERROR"]


def test_a_vooraankondiging_after_the_publication_is_refused(tmp_path: Path) -> None:
    sdk = need_sdk()
    project = load_project(with_pin(tmp_path, day="2025-03-10"))
    chosen = next(p for p in procurements(project.spec, project.timeline) if p.id == "wmo-voorzieningen")
    with pytest.raises(NoticeError) as caught:
        prior_information_notice(sdk, project.spec, chosen)
    assert str(caught.value) == (
        "wmo-voorzieningen: the vooraankondiging (2025-03-10) must come before the contract notice (2025-03-03)"
    )


def test_a_sas_vooraankondiging_is_refused_as_no_pin_only(tmp_path: Path) -> None:
    sdk = need_sdk()
    project = load_project(with_pin(tmp_path, scope="tender: jeugd-wmo-2025"))
    chosen = next(p for p in procurements(project.spec, project.timeline) if p.id == "jeugd-wmo-2025")
    assert chosen.dates["vooraankondiging"] == dt.date(2024, 11, 15)
    with pytest.raises(NoticeError) as caught:
        prior_information_notice(sdk, project.spec, chosen)
    assert str(caught.value) == (
        "jeugd-wmo-2025: the vooraankondiging of a SAS procedure is a call for competition (art. 2.39 lid 1 "
        "onderdeel a Aw 2012; eForms subtype 23, pin-cfc-social), which tendergen does not make; publish a contract "
        "notice (`publicatie`) instead"
    )


@pytest.mark.slow
@pytest.mark.usefixtures("standards_env")
def test_publish_sends_the_pin_and_a_planning_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    programme = with_pin(tmp_path)
    monkeypatch.setattr(command, "built_documents", fake_pack(tmp_path / "build", set()))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["publish", str(programme), "--to", str(out)])
    assert result.exit_code == 0, result.output
    folder = out / PROGRAMME
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entry = next(
        f for f in manifest["files"] if f["file"] == "wmo-voorzieningen/aankondigingen/wmo-voorzieningen-pin-4.xml"
    )
    assert entry["document_type"] == "eforms-4"
    package = json.loads((folder / "ocds" / "release-package.json").read_text(encoding="utf-8"))
    tags = [(r["tag"], r["ocid"]) for r in package["releases"]]
    planning = next(r for r in package["releases"] if r["tag"] == ["planning"])
    tender = next(r for r in package["releases"] if r["tag"] == ["tender"] and r["ocid"] == planning["ocid"])
    assert [t for t, _ in tags] == [["tender"], ["planning"], ["tender"], ["award"]]
    assert planning["date"] == "2024-11-15T00:00:00+01:00"
    assert planning["tender"]["status"] == "planned" and tender["tender"]["status"] == "active"
    assert planning["tender"]["tenderPeriod"] == tender["tender"]["tenderPeriod"]
    pin_bytes = (folder / entry["file"]).read_bytes()
    assert planning["tender"]["documents"] == [
        {
            "id": "wmo-voorzieningen-pin-4",
            "documentType": "plannedProcurementNotice",
            "title": f"Vooraankondiging {tender['tender']['title']}",
            "format": "application/xml",
            "language": "nl",
            "description": f"SHA-256 {entry['sha256']}",
        }
    ]
    assert len(pin_bytes) == entry["size"]
    record = json.loads(next((programme / "published").glob("*.json")).read_text(encoding="utf-8"))
    assert [(n["procedure"], n["kind"], n["subtype"]) for n in record["notices"]] == [
        ("jeugd-wmo-2025", "cn", "20"),
        ("wmo-voorzieningen", "pin", "4"),
        ("wmo-voorzieningen", "cn", "16"),
        ("wmo-voorzieningen", "can", "29"),
    ]
