"""eForms contract notices (subtype 16, or 20 for the light regime) from the spec, and their XSD validation.

Every element is written through the SDK's field metadata (:mod:`tendergen.publish.eforms_meta`); the values come
from the programme (buyer identity, publication addresses), the procedure's units and lots, and the schedule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree

from tendergen.errors import TendergenError
from tendergen.project import Spec
from tendergen.publish.eforms_meta import NoticeWriter, metadata
from tendergen.publish.procurements import Procurement

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# UUIDs of notices and procedures are derived from these names, so a rebuild gives the same ids.
_CRITERION_TYPE = {"kwaliteit": "quality", "prijs": "price", "kosten": "cost"}
_PROCEDURE_CODE = {"openbaar": "open", "niet-openbaar": "restricted", "sas": "oth-single"}
# BT-88, the main features of a light-regime procedure (Aw 2012 art. 2.38 lid 1 and art. 2.39 lid 1).
SAS_FEATURES = (
    "Procedure voor sociale en andere specifieke diensten (artikel 2.38, eerste lid, en artikel 2.39, eerste lid, "
    "Aanbestedingswet 2012): de inschrijvingen worden getoetst aan de gestelde eisen en normen en beoordeeld op de "
    "gunningscriteria uit de aanbestedingsstukken."
)
SCHEMAS = {"cn": "UBL-ContractNotice-2.3.xsd", "can": "UBL-ContractAwardNotice-2.3.xsd",
           "pin": "UBL-PriorInformationNotice-2.3.xsd"}  # fmt: skip


class NoticeError(TendergenError):
    """A notice cannot be made from the spec (a value it needs is missing)."""


@dataclass(frozen=True)
class Notice:
    """One generated notice."""

    procurement: str
    kind: str
    subtype: str
    notice_id: str
    folder_id: str
    xml: bytes

    @property
    def file_name(self) -> str:
        return f"{self.procurement}-{self.kind}-{self.subtype}.xml"


def _offset(day: dt.date) -> str:
    offset = dt.datetime(day.year, day.month, day.day, 12, tzinfo=AMSTERDAM).strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def _date(day: dt.date) -> str:
    return f"{day.isoformat()}{_offset(day)}"


def _time(day: dt.date, clock: str) -> str:
    return f"{clock}{_offset(day)}"


def stable_uuid(name: str) -> str:
    """A random-looking version 4 UUID (as eForms requires) that is the same for the same name."""
    digest = hashlib.sha256(f"tendergen:{name}".encode()).digest()[:16]
    return str(uuid.UUID(bytes=digest, version=4))


def folder_id(spec: Spec, procurement: Procurement) -> str:
    return stable_uuid(f"{spec.programme.id}/{procurement.id}")


def customization_id(sdk: Path) -> str:
    """``eforms-sdk-1.15`` for SDK 1.15.x."""
    version = metadata(sdk).sdk_version.removeprefix("eforms-sdk-")
    return "eforms-sdk-" + ".".join(version.split(".")[:2])


def contract_nature(cpv: str) -> str:
    """works (CPV division 45), supplies (below 45) or services."""
    division = int(cpv[:2])
    return "works" if division == 45 else "supplies" if division < 45 else "services"


def _cpv(code: str) -> str:
    return code.split("-", 1)[0]


def contract_notice(sdk: Path, spec: Spec, procurement: Procurement) -> Notice:
    """The contract notice of a procedure: subtype 20 (cn-social) for SAS, else 16 (cn-standard)."""
    programme = spec.programme
    authority = programme.authority
    identity = authority.identity
    publication = programme.publication
    missing = [
        name for name, value in (("authority.identity", identity), ("publication", publication)) if value is None
    ]
    for milestone in ("publicatie", "inschrijfdeadline"):
        if milestone not in procurement.dates:
            missing.append(f"a `{milestone}` milestone for {procurement.id} in the schedule")
    if not procurement.units[0].cpv:
        missing.append(f"cpv of unit {procurement.units[0].id}")
    if missing:
        raise NoticeError(f"{procurement.id}: the contract notice needs {', '.join(missing)}")
    assert identity is not None and publication is not None
    subtype = "20" if procurement.light_regime else "16"
    issued = procurement.dates["publicatie"]
    deadline = procurement.dates["inschrijfdeadline"]
    w = NoticeWriter(metadata(sdk), "cn")
    root = w.root
    version = "01"
    notice_id = stable_uuid(f"{programme.id}/{procurement.id}/cn/{programme.version}")
    folder = folder_id(spec, procurement)

    w.field(root, "OPP-070-notice", subtype)
    buyer = w.node(root, "ND-Organization", new=True)
    w.field(buyer, "BT-505-Organization-Company", identity.website) if identity.website else None
    w.field(buyer, "OPT-200-Organization-Company", "ORG-0001")
    w.field(buyer, "BT-500-Organization-Company", authority.name)
    w.field(buyer, "BT-510(a)-Organization-Company", identity.street)
    w.field(buyer, "BT-513-Organization-Company", identity.city)
    w.field(buyer, "BT-512-Organization-Company", identity.postal_code)
    w.field(buyer, "BT-507-Organization-Company", identity.nuts)
    w.field(buyer, "BT-514-Organization-Company", "NLD")
    w.field(buyer, "BT-501-Organization-Company", identity.kvk or identity.oin or "")
    w.field(buyer, "BT-502-Organization-Company", authority.contact.name)
    w.field(buyer, "BT-503-Organization-Company", identity.phone)
    w.field(buyer, "BT-506-Organization-Company", str(authority.contact.email))
    review = publication.review_body
    body = w.node(root, "ND-Organization", new=True)
    w.field(body, "OPT-200-Organization-Company", "ORG-0002")
    w.field(body, "BT-500-Organization-Company", review.name)
    w.field(body, "BT-513-Organization-Company", review.city)
    w.field(body, "BT-512-Organization-Company", review.postal_code)
    w.field(body, "BT-507-Organization-Company", review.nuts)
    w.field(body, "BT-501-Organization-Company", review.identifier)
    w.field(body, "BT-514-Organization-Company", "NLD")
    if review.phone:
        w.field(body, "BT-503-Organization-Company", review.phone)
    if review.email:
        w.field(body, "BT-506-Organization-Company", str(review.email))

    w.field(root, "OPT-001-notice", "2.3")
    w.field(root, "OPT-002-notice", customization_id(sdk))
    w.field(root, "BT-701-notice", notice_id)
    w.field(root, "BT-04-notice", folder)
    w.field(root, "BT-05(a)-notice", _date(issued))
    w.field(root, "BT-05(b)-notice", _time(issued, "09:00:00"))
    w.field(root, "BT-757-notice", version)
    w.field(root, "BT-01-notice", "32014L0024")
    w.field(root, "BT-02-notice", "cn-social" if procurement.light_regime else "cn-standard", listName="competition")
    w.field(root, "BT-702(a)-notice", "NLD")

    party = root
    w.field(party, "BT-11-Procedure-Buyer", identity.legal_type)
    w.field(party, "BT-10-Procedure-Buyer", identity.activity)
    w.field(party, "OPT-300-Procedure-Buyer", "ORG-0001")

    w.field(root, "BT-806-Procedure", "epo-procurement-document")
    process = root
    w.field(process, "BT-105-Procedure", _PROCEDURE_CODE[procurement.procedure])
    if procurement.light_regime:
        w.field(process, "BT-88-Procedure", SAS_FEATURES)
    else:
        w.field(process, "BT-106-Procedure", "false")
    project = root
    if procurement.reference:
        w.field(project, "BT-22-Procedure", procurement.reference)
    w.field(project, "BT-21-Procedure", procurement.name)
    w.field(project, "BT-24-Procedure", programme.summary)
    w.field(project, "BT-23-Procedure", contract_nature(procurement.units[0].cpv[0]))
    main_cpv = procurement.units[0].cpv[0]
    w.field(project, "BT-262-Procedure", _cpv(main_cpv))
    place = root
    w.field(place, "BT-5071-Procedure", identity.nuts)
    w.field(place, "BT-5141-Procedure", "NLD")

    if len(procurement.lots) > 1:
        w.field(root, "BT-31-Procedure", str(len(procurement.lots)))
    for lot in procurement.lots:
        element = w.node(root, "ND-Lot", new=True)
        w.field(element, "BT-137-Lot", lot.eforms_id)
        lot_terms = element
        w.field(lot_terms, "BT-63-Lot", "allowed" if _variants(lot.unit) else "not-allowed")
        w.field(lot_terms, "BT-60-Lot", "no-eu-funds")
        docs = element
        w.field(docs, "OPT-140-Lot", procurement.reference or procurement.id)
        w.field(docs, "BT-14-Lot", "non-restricted-document")
        w.field(docs, "BT-15-Lot", publication.documents_url)
        w.field(lot_terms, "BT-71-Lot", "none")
        w.field(lot_terms, "BT-821-Lot", "epo-procurement-document")
        w.field(lot_terms, "BT-736-Lot", "no")
        w.field(lot_terms, "BT-743-Lot", "required")
        w.field(lot_terms, "BT-764-Lot", "not-allowed")
        if lot.award_criteria:
            criteria = element
            for criterion in lot.award_criteria:
                sub = w.node(criteria, "ND-LotAwardCriterion", new=True)
                w.field(sub, "BT-539-Lot", _CRITERION_TYPE[criterion.kind])
                w.field(sub, "BT-734-Lot", criterion.name)
                w.field(sub, "BT-540-Lot", criterion.description or criterion.name)
                weight = sub
                w.field(weight, "BT-5421-Lot", "per-exa")
                w.field(weight, "BT-541-Lot-WeightNumber", f"{criterion.weight:g}")
        w.field(lot_terms, "BT-18-Lot", publication.submission_url)
        w.field(lot_terms, "OPT-301-Lot-TenderReceipt", "ORG-0001", schemeName="organization")
        w.field(lot_terms, "BT-98-Lot", str(publication.tender_validity_days), unitCode="DAY")
        appeal = element
        w.field(appeal, "BT-99-Lot", publication.review_deadline)
        w.field(appeal, "OPT-301-Lot-ReviewOrg", "ORG-0002", schemeName="organization")
        w.field(lot_terms, "BT-97-Lot", "NLD")
        if not procurement.light_regime:
            w.field(lot_terms, "BT-92-Lot", "false")
            w.field(lot_terms, "BT-93-Lot", "true")
        lot_process = element
        w.field(lot_process, "BT-17-Lot", "required")
        if not procurement.light_regime:
            w.field(lot_process, "BT-115-Lot", "true")
        w.field(lot_process, "BT-131(d)-Lot", _date(deadline))
        w.field(lot_process, "BT-131(t)-Lot", _time(deadline, "12:00:00"))
        w.field(lot_process, "BT-767-Lot", "false")
        w.field(lot_process, "BT-765-Lot", "none")
        w.field(lot_process, "BT-766-Lot", "none")
        scope = element
        w.field(scope, "BT-22-Lot", lot.lot_id or lot.unit.id)
        w.field(scope, "BT-21-Lot", lot.name)
        w.field(scope, "BT-24-Lot", lot.description)
        w.field(scope, "BT-23-Lot", contract_nature(lot.cpv[0]))
        w.field(scope, "BT-262-Lot", _cpv(lot.cpv[0]))
        for extra in lot.cpv[1:]:
            w.field(w.node(scope, "ND-LotAdditionalClassification", new=True), "BT-263-Lot", _cpv(extra))
        if lot.estimated_value:
            w.field(scope, "BT-27-Lot", f"{lot.estimated_value:.2f}")
        lot_place = element
        w.field(lot_place, "BT-5071-Lot", identity.nuts)
        w.field(lot_place, "BT-5141-Lot", "NLD")
        term = lot.unit.term
        if term is not None:
            w.field(scope, "BT-36-Lot", f"{round(term.initial_years * 12)}", unitCode="MONTH")
    return Notice(procurement.id, "cn", subtype, notice_id, folder, w.finish())


def _variants(unit: object) -> bool:
    return bool(getattr(getattr(unit, "instrument", None), "variants_allowed", False))


@cache
def _schema(sdk: Path, kind: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(sdk / "schemas" / "maindoc" / SCHEMAS[kind])))


def xsd_errors(sdk: Path, kind: str, xml: bytes) -> list[str]:
    """XSD problems of a notice, as ``line N: message``; empty when it is valid."""
    schema = _schema(sdk, kind)
    document = etree.fromstring(xml)
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
