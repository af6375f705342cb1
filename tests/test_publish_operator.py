"""The operator in notices and schedules (issue 11, item 6): when a service bureau runs the procedure for the
authority (``authority.operator`` with task ``inkoopprocedure``), the eForms notices name it as the buyer's
procurement service provider (OPT-030 ``serv-prov``, OPT-300-Procedure-SProvider) and as the organisation that
receives the tenders, the OCDS release as the procuring entity; a schedule may name it as a milestone owner.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from standards import REPO, need_ocds_zip, need_sdk
from tendergen.errors import SpecError
from tendergen.project import load_project, load_spec
from tendergen.publish import ocds
from tendergen.publish.award import load_award
from tendergen.publish.notices import (
    NoticeError,
    award_notice,
    contract_notice,
    prior_information_notice,
    xsd_errors,
)
from tendergen.publish.procurements import procurements
from tendergen.publish.schematron import validate_notice
from tendergen.schedule import timeline_for
from test_publish_ocds import lots_extension  # noqa: F401  (the module fixture that serves the lots extension)

NS = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"}  # fmt: skip
PROGRAMME = "midden-holland-2025"
OPERATOR = """  operator:
    name: Servicebureau Jeugd en Wmo Midden-Holland
    tasks: [inkoopprocedure, contractering]
    identity:
      identifier: "12345678"
      street: Klein Amerika 20
      postal_code: 2802 RE
      city: Gouda
      nuts: NL364
      email: inkoop@servicebureau-mh.nl
      phone: +31 182 000 000
"""


def _project(root: Path, operator: str = OPERATOR) -> Path:
    """A copy of the Midden-Holland example whose authority has ``operator``; returns the programme folder."""
    shutil.copytree(REPO / "specs" / PROGRAMME, root / "specs" / PROGRAMME)
    (root / "schedules").mkdir()
    shutil.copy(REPO / "schedules" / f"{PROGRAMME}.yaml", root / "schedules")
    path = root / "specs" / PROGRAMME / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "unit_term: segment\n"
    assert anchor in text
    path.write_text(text.replace(anchor, operator + anchor, 1), encoding="utf-8")
    return root / "specs" / PROGRAMME


def _procedure(folder: Path, procedure: str):  # type: ignore[no-untyped-def]
    spec = load_spec(folder)
    return spec, next(p for p in procurements(spec, timeline_for(spec)) if p.id == procedure)


def test_contract_notice_names_the_operator_as_procurement_service_provider(tmp_path: Path) -> None:
    sdk = need_sdk()
    spec, chosen = _procedure(_project(tmp_path), "wmo-voorzieningen")
    notice = contract_notice(sdk, spec, chosen)
    assert xsd_errors(sdk, "cn", notice.xml) == []
    assert [f.format() for f in validate_notice(sdk, notice.xml, chosen.dates["publicatie"])] == []
    tree = etree.fromstring(notice.xml)
    party = "cac:ContractingParty/cac:Party"
    assert tree.xpath(f"string({party}/cac:PartyIdentification/cbc:ID)", namespaces=NS) == "ORG-0001"
    provider = tree.xpath(f"{party}/cac:ServiceProviderParty", namespaces=NS)
    assert len(provider) == 1
    assert provider[0].xpath("string(cbc:ServiceTypeCode)", namespaces=NS) == "serv-prov"
    assert provider[0].xpath("string(cbc:ServiceTypeCode/@listName)", namespaces=NS) == "organisation-role"
    assert provider[0].xpath("string(cac:Party/cac:PartyIdentification/cbc:ID)", namespaces=NS) == "ORG-0003"
    names = tree.xpath("//efac:Company/cac:PartyName/cbc:Name/text()", namespaces=NS)
    assert names == ["Regio Midden-Holland", "Rechtbank Den Haag", "Servicebureau Jeugd en Wmo Midden-Holland"]
    receipts = tree.xpath("//cac:TenderRecipientParty/cac:PartyIdentification/cbc:ID/text()", namespaces=NS)
    assert receipts and set(receipts) == {"ORG-0003"}


def test_award_notice_numbers_the_suppliers_after_the_operator(tmp_path: Path) -> None:
    sdk = need_sdk()
    folder = _project(tmp_path)
    spec, chosen = _procedure(folder, "wmo-voorzieningen")
    award = load_award(folder / "awards" / "wmo-voorzieningen.yaml")
    notice = award_notice(sdk, spec, chosen, award)
    assert xsd_errors(sdk, "can", notice.xml) == []
    assert [f.format() for f in validate_notice(sdk, notice.xml, award.notice_date)] == []
    tree = etree.fromstring(notice.xml)
    ids = tree.xpath("//efac:Company/cac:PartyIdentification/cbc:ID/text()", namespaces=NS)
    assert ids[:3] == ["ORG-0001", "ORG-0002", "ORG-0003"]
    assert ids[3:] and all(int(i.removeprefix("ORG-")) >= 4 for i in ids[3:])
    assert len(set(ids)) == len(ids)


def test_operator_without_identity_is_refused_with_the_reason(tmp_path: Path) -> None:
    sdk = need_sdk()
    operator = "  operator:\n    name: Servicebureau Jeugd en Wmo Midden-Holland\n    tasks: [inkoopprocedure]\n"
    spec, chosen = _procedure(_project(tmp_path, operator), "wmo-voorzieningen")
    with pytest.raises(NoticeError) as exc:
        contract_notice(sdk, spec, chosen)
    assert str(exc.value) == (
        "wmo-voorzieningen: the contract notice needs authority.operator.identity (the operator runs the procedure)"
    )


def test_operator_that_does_not_run_the_procedure_is_not_in_the_notice(tmp_path: Path) -> None:
    sdk = need_sdk()
    operator = "  operator:\n    name: Servicebureau Jeugd en Wmo Midden-Holland\n    tasks: [contractering]\n"
    spec, chosen = _procedure(_project(tmp_path, operator), "wmo-voorzieningen")
    tree = etree.fromstring(contract_notice(sdk, spec, chosen).xml)
    assert tree.xpath("count(//cac:ServiceProviderParty)", namespaces=NS) == 0
    receipts = tree.xpath("//cac:TenderRecipientParty/cac:PartyIdentification/cbc:ID/text()", namespaces=NS)
    assert set(receipts) == {"ORG-0001"}


def test_ocds_names_the_operator_as_procuring_entity(tmp_path: Path, lots_extension: str) -> None:  # noqa: F811
    standard = need_ocds_zip()
    folder = _project(tmp_path)
    spec = load_spec(folder)
    found = procurements(spec, timeline_for(spec))
    award = load_award(folder / "awards" / "wmo-voorzieningen.yaml")
    releases = [ocds.tender_release(spec, p, []) for p in found]
    releases.append(ocds.award_release(spec, next(p for p in found if p.id == "wmo-voorzieningen"), award))
    built = ocds.release_package(spec, releases, found[0].dates["publicatie"], "https://www.tenderned.nl/ocds.json")
    assert ocds.validate_package(dict(built, extensions=[lots_extension]), str(standard)) == []
    tender = built["releases"][0]
    assert [(p["name"], p["roles"]) for p in tender["parties"]] == [
        ("Regio Midden-Holland", ["buyer"]),
        ("Servicebureau Jeugd en Wmo Midden-Holland", ["procuringEntity"]),
    ]
    assert tender["tender"]["procuringEntity"] == {
        "id": "NL-KVK-12345678",
        "name": "Servicebureau Jeugd en Wmo Midden-Holland",
    }
    assert tender["buyer"]["name"] == "Regio Midden-Holland"
    award_parties = built["releases"][-1]["parties"]
    assert [p["roles"] for p in award_parties[:2]] == [["buyer"], ["procuringEntity"]]


def _schedule_with_operator_owner(root: Path) -> Path:
    path = root / "schedules" / f"{PROGRAMME}.yaml"
    text = path.read_text(encoding="utf-8")
    old = '    date: 2022-11-22  # "tijdens de startbijeenkomst op 22 november"\n    owner: regio\n'
    assert old in text
    path.write_text(text.replace(old, old.replace("owner: regio", "owner: uitvoeringsorganisatie")), encoding="utf-8")
    return path


def test_schedule_owner_can_be_the_operator(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    _schedule_with_operator_owner(tmp_path)
    timeline = load_project(folder).timeline
    assert timeline is not None
    entry = next(e for e in timeline.milestones if e.id == "startbijeenkomst")
    assert (entry.owner, entry.owner_label) == ("uitvoeringsorganisatie", "Servicebureau Jeugd en Wmo Midden-Holland")


def test_operator_owner_without_an_operator_is_an_error(tmp_path: Path) -> None:
    folder = _project(tmp_path, operator="")
    path = _schedule_with_operator_owner(tmp_path)
    with pytest.raises(SpecError) as exc:
        load_project(folder)
    assert [p.format() for p in exc.value.problems] == [
        f"{path}:22:12: milestones[0].owner: owner `uitvoeringsorganisatie` is the programme's operator, but "
        "programme.yaml has no authority.operator; add the operator or choose another owner"
    ]


def test_leidraad_says_the_operator_runs_the_procedure(tmp_path: Path) -> None:
    from tendergen.render.builders import BuildSettings, DocumentBuilder
    from tendergen.render.document import render_document
    from tendergen.render.plan import plan_documents, timeline_planning
    from tendergen.render.templates import TemplateSet

    project = load_project(_project(tmp_path))
    settings = BuildSettings(project, TemplateSet.for_project(project.layout.root), "pdfa", timeline_planning(None))
    planned = next(
        p for p in plan_documents(project.spec) if p.name.endswith("wmo-voorzieningen-aanbestedingsleidraad")
    )
    text = " ".join(render_document(DocumentBuilder(settings).job(planned, formats=())).text.split())
    assert (
        "Servicebureau Jeugd en Wmo Midden-Holland voert deze aanbestedingsprocedure uit namens de aanbestedende "
        "dienst: het publiceert de aanbestedingsstukken, beantwoordt de vragen en ontvangt de inschrijvingen "
        "(inkoop@servicebureau-mh.nl). Opdrachtgever en partij bij de overeenkomst blijft de aanbestedende dienst, "
        "voor wie Servicebureau Jeugd en Wmo Midden-Holland de overeenkomsten sluit."
    ) in text


def test_prior_information_notice_names_the_operator_for_information_and_tenders(tmp_path: Path) -> None:
    from test_publish_pin import with_pin

    sdk = need_sdk()
    folder = with_pin(tmp_path)
    path = folder / "programme.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("unit_term: segment\n", OPERATOR + "unit_term: segment\n", 1),
        encoding="utf-8",
    )
    project = load_project(folder)
    assert project.timeline is not None
    chosen = next(p for p in procurements(project.spec, project.timeline) if p.id == "wmo-voorzieningen")
    notice = prior_information_notice(sdk, project.spec, chosen)
    assert xsd_errors(sdk, "pin", notice.xml) == []
    assert [f.format() for f in validate_notice(sdk, notice.xml, chosen.dates["vooraankondiging"])] == []
    tree = etree.fromstring(notice.xml)
    info = tree.xpath("//cac:AdditionalInformationParty/cac:PartyIdentification/cbc:ID/text()", namespaces=NS)
    receipt = tree.xpath("//cac:TenderRecipientParty/cac:PartyIdentification/cbc:ID/text()", namespaces=NS)
    assert info and set(info) == {"ORG-0003"} and receipt and set(receipt) == {"ORG-0003"}
    assert tree.xpath("string(//cac:ServiceProviderParty/cbc:ServiceTypeCode)", namespaces=NS) == "serv-prov"
