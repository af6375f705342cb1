"""eForms contract notices (subtype 16, or 20 for the light regime) from the spec, and their XSD validation.

Every element is written through the SDK's field metadata (:mod:`tendergen.publish.eforms_meta`); the values come
from the programme (buyer identity, publication addresses), the procedure's units and lots, and the schedule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree

from tendergen.errors import TendergenError
from tendergen.project import Spec
from tendergen.publish.award import Award, LotAward
from tendergen.publish.eforms_meta import NoticeWriter, metadata
from tendergen.publish.procurements import Procurement, PublishedLot
from tendergen.spec.programme import Operator

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


def _organisation(w: NoticeWriter, org_id: str, name: str, *, street: str | None, city: str, postal_code: str,
                  nuts: str, identifier: str, phone: str | None = None, email: str | None = None,
                  website: str | None = None, contact: str | None = None, size: str | None = None) -> None:  # fmt: skip
    org = w.node(w.root, "ND-Organization", new=True)
    if website:
        w.field(org, "BT-505-Organization-Company", website)
    if size:
        w.field(org, "BT-165-Organization-Company", size)
    w.field(org, "OPT-200-Organization-Company", org_id)
    w.field(org, "BT-500-Organization-Company", name)
    if street:
        w.field(org, "BT-510(a)-Organization-Company", street)
    w.field(org, "BT-513-Organization-Company", city)
    w.field(org, "BT-512-Organization-Company", postal_code)
    w.field(org, "BT-507-Organization-Company", nuts)
    w.field(org, "BT-514-Organization-Company", "NLD")
    w.field(org, "BT-501-Organization-Company", identifier)
    if contact:
        w.field(org, "BT-502-Organization-Company", contact)
    if phone:
        w.field(org, "BT-503-Organization-Company", phone)
    if email:
        w.field(org, "BT-506-Organization-Company", email)


OPERATOR_ORG = "ORG-0003"
"""The operator's organisation id when it runs the procedure (procurement service provider)."""


def procedure_operator(spec: Spec) -> Operator | None:
    """The operator (service bureau) that runs the tender procedures for the authority, if any."""
    operator = spec.programme.authority.operator
    return operator if operator is not None and operator.runs_procedures else None


def receiver(spec: Spec) -> str:
    """The organisation that answers questions and receives the tenders: the operator running the procedure, else
    the buyer."""
    return OPERATOR_ORG if procedure_operator(spec) is not None else "ORG-0001"


def first_free_org(spec: Spec) -> int:
    """The number of the first organisation id after the buyer, the review body and the operator."""
    return 4 if procedure_operator(spec) is not None else 3


def _service_provider(w: NoticeWriter, operator: Operator) -> None:
    """The operator as its own organisation and as the buyer's procurement service provider (OPT-030 serv-prov)."""
    identity = operator.identity
    assert identity is not None
    _organisation(w, OPERATOR_ORG, operator.name, street=identity.street, city=identity.city,
                  postal_code=identity.postal_code, nuts=identity.nuts, identifier=identity.identifier,
                  phone=identity.phone, email=str(identity.email), website=identity.website)  # fmt: skip
    provider = w.node(w.root, "ND-ServiceProviderParty", new=True)
    w.field(provider, "OPT-030-Procedure-SProvider", "serv-prov", listName="organisation-role")
    w.field(provider, "OPT-300-Procedure-SProvider", OPERATOR_ORG, schemeName="organization")


def _header(w: NoticeWriter, sdk: Path, spec: Spec, subtype: str, notice_type: str, list_name: str,
            issued: dt.date, notice_id: str, folder: str | None) -> None:  # fmt: skip
    """Subtype, buyer (ORG-0001), review body (ORG-0002), the notice's ids and dates, the buyer's role.

    ``folder`` is the procedure identifier (BT-04); a pin-only notice has none (the procedure does not exist yet).
    """
    programme = spec.programme
    authority = programme.authority
    identity = authority.identity
    publication = programme.publication
    assert identity is not None and publication is not None
    root = w.root
    w.field(root, "OPP-070-notice", subtype)
    _organisation(w, "ORG-0001", authority.name, street=identity.street, city=identity.city,
                  postal_code=identity.postal_code, nuts=identity.nuts, identifier=identity.kvk or identity.oin or "",
                  phone=identity.phone, email=str(authority.contact.email), website=identity.website,
                  contact=authority.contact.name)  # fmt: skip
    review = publication.review_body
    _organisation(w, "ORG-0002", review.name, street=None, city=review.city, postal_code=review.postal_code,
                  nuts=review.nuts, identifier=review.identifier, phone=review.phone,
                  email=str(review.email) if review.email else None)  # fmt: skip
    w.field(root, "OPT-001-notice", "2.3")
    w.field(root, "OPT-002-notice", customization_id(sdk))
    w.field(root, "BT-701-notice", notice_id)
    if folder is not None:
        w.field(root, "BT-04-notice", folder)
    w.field(root, "BT-05(a)-notice", _date(issued))
    w.field(root, "BT-05(b)-notice", _time(issued, "09:00:00"))
    w.field(root, "BT-757-notice", "01")
    w.field(root, "BT-01-notice", "32014L0024")
    w.field(root, "BT-02-notice", notice_type, listName=list_name)
    w.field(root, "BT-702(a)-notice", "NLD")
    w.field(root, "BT-11-Procedure-Buyer", identity.legal_type)
    w.field(root, "BT-10-Procedure-Buyer", identity.activity)
    w.field(root, "OPT-300-Procedure-Buyer", "ORG-0001")
    operator = procedure_operator(spec)
    if operator is not None:
        _service_provider(w, operator)


def _needs(spec: Spec, procurement: Procurement, what: str, milestones: tuple[str, ...]) -> None:
    programme = spec.programme
    missing = [
        name
        for name, value in (
            ("authority.identity", programme.authority.identity),
            ("publication", programme.publication),
        )
        if value is None
    ]
    operator = procedure_operator(spec)
    if operator is not None and operator.identity is None:
        missing.append("authority.operator.identity (the operator runs the procedure)")
    for milestone in milestones:
        if milestone not in procurement.dates:
            missing.append(f"a `{milestone}` milestone for {procurement.id} in the schedule")
    if not procurement.units[0].cpv:
        missing.append(f"cpv of unit {procurement.units[0].id}")
    if missing:
        raise NoticeError(f"{procurement.id}: the {what} needs {', '.join(missing)}")


def contract_notice(sdk: Path, spec: Spec, procurement: Procurement) -> Notice:
    """The contract notice of a procedure: subtype 20 (cn-social) for SAS, else 16 (cn-standard)."""
    programme = spec.programme
    authority = programme.authority
    identity = authority.identity
    publication = programme.publication
    _needs(spec, procurement, "contract notice", ("publicatie", "inschrijfdeadline"))
    assert identity is not None and publication is not None
    subtype = "20" if procurement.light_regime else "16"
    issued = procurement.dates["publicatie"]
    deadline = procurement.dates["inschrijfdeadline"]
    w = NoticeWriter(metadata(sdk), "cn")
    root = w.root
    notice_id = stable_uuid(f"{programme.id}/{procurement.id}/cn/{programme.version}")
    folder = folder_id(spec, procurement)

    _header(w, sdk, spec, subtype, "cn-social" if procurement.light_regime else "cn-standard", "competition",
            issued, notice_id, folder)  # fmt: skip
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
        w.field(lot_terms, "OPT-301-Lot-TenderReceipt", receiver(spec), schemeName="organization")
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


def _lot_key(lot: PublishedLot) -> str:
    return f"{lot.unit.id}/{lot.lot_id}" if lot.lot_id else lot.unit.id


def award_notice(sdk: Path, spec: Spec, procurement: Procurement, award: Award) -> Notice:
    """The contract award notice of a procedure: subtype 33 (can-social) for SAS, else 29 (can-standard)."""
    _needs(spec, procurement, "award notice", ())
    known = {_lot_key(lot): lot for lot in procurement.lots}
    unknown = [result.lot for result in award.lots if result.lot not in known]
    named = {result.lot for result in award.lots}
    absent = [key for key in known if key not in named]
    if unknown or absent:
        parts = [f"names unknown lot(s) {', '.join(unknown)}"] if unknown else []
        parts += [f"has no result for lot(s) {', '.join(absent)}"] if absent else []
        raise NoticeError(f"{procurement.id}: the award record {' and '.join(parts)}; the lots are {', '.join(known)}")
    programme = spec.programme
    identity = programme.authority.identity
    publication = programme.publication
    assert identity is not None and publication is not None
    subtype = "33" if procurement.light_regime else "29"
    notice_id = stable_uuid(f"{programme.id}/{procurement.id}/can/{award.notice_date.isoformat()}")
    folder = folder_id(spec, procurement)
    w = NoticeWriter(metadata(sdk), "can")
    root = w.root

    results = {result.lot: result for result in award.lots}
    suppliers: dict[str, str] = {}
    for result in award.lots:
        for winner in result.winners:
            if winner.kvk not in suppliers:
                suppliers[winner.kvk] = f"ORG-{len(suppliers) + first_free_org(spec):04d}"
    # the notice result: one LotResult per lot, one tender and one contract per winner of a lot
    notice_result = w.node(root, "ND-NoticeResult")
    total = sum((r.value for r in award.lots if r.value is not None), start=Decimal(0))
    w.field(notice_result, "BT-161-NoticeResult", f"{total:.2f}")
    tenders: list[tuple[str, str, str, PublishedLot, LotAward]] = []
    for lot in procurement.lots:
        result = results[_lot_key(lot)]
        lot_result = w.node(notice_result, "ND-LotResult", new=True)
        w.field(lot_result, "OPT-322-LotResult", f"RES-{lot.number:04d}")
        w.field(lot_result, "BT-142-LotResult", "selec-w" if result.winners else "clos-nw")
        if not result.winners:
            w.field(lot_result, "BT-144-LotResult", "no-rece" if result.tenders.total == 0 else "all-rej")
        for winner in result.winners:
            tender_id = f"TEN-{len(tenders) + 1:04d}"
            contract_id = f"CON-{len(tenders) + 1:04d}"
            tenders.append((tender_id, contract_id, suppliers[winner.kvk], lot, result))
            w.field(w.node(lot_result, "ND-LotResultTenderReference", new=True), "OPT-320-LotResult", tender_id)
        if result.winners or result.tenders.total:
            for code, count in result.tenders.codes():
                stats = w.node(lot_result, "ND-ReceivedSubmissions", new=True)
                w.field(stats, "BT-760-LotResult", code)
                w.field(stats, "BT-759-LotResult", str(count))
        for _tender, contract_id, _org, tender_lot, _r in tenders:
            if tender_lot is lot:
                w.field(w.node(lot_result, "ND-LotResultContractReference", new=True), "OPT-315-LotResult", contract_id)
        w.field(lot_result, "BT-13713-LotResult", lot.eforms_id)
    for index, (tender_id, _contract, _org, lot, result) in enumerate(tenders, start=1):
        tender = w.node(notice_result, "ND-LotTender", new=True)
        w.field(tender, "OPT-321-Tender", tender_id)
        if result.value is not None and len(result.winners) == 1:
            w.field(tender, "BT-720-Tender", f"{result.value:.2f}")
        w.field(tender, "OPT-310-Tender", f"TPA-{index:04d}", schemeName="tendering-party")
        w.field(tender, "BT-773-Tender", "not-known")
        w.field(tender, "BT-3201-Tender", tender_id)
        w.field(tender, "BT-13714-Tender", lot.eforms_id, schemeName="Lot")
    for index, (tender_id, contract_id, _org, _lot, _result) in enumerate(tenders, start=1):
        contract = w.node(notice_result, "ND-SettledContract", new=True)
        w.field(contract, "OPT-316-Contract", contract_id)
        w.field(contract, "BT-145-Contract", _date(award.contract_date))
        w.field(contract, "BT-1451-Contract", _date(award.decision_date))
        w.field(contract, "BT-150-Contract", f"{procurement.reference or procurement.id}-{index}")
        w.field(contract, "BT-3202-Contract", tender_id)
    for index, (_tender, _contract, org, _lot, _result) in enumerate(tenders, start=1):
        party = w.node(notice_result, "ND-TenderingParty", new=True)
        w.field(party, "OPT-210-Tenderer", f"TPA-{index:04d}")
        w.field(w.node(party, "ND-Tenderer", new=True), "OPT-300-Tenderer", org, schemeName="organization")

    _header(w, sdk, spec, subtype, "can-social" if procurement.light_regime else "can-standard", "result",
            award.notice_date, notice_id, folder)  # fmt: skip
    written: set[str] = set()
    for result in award.lots:
        for winner in result.winners:
            if winner.kvk in written:
                continue
            written.add(winner.kvk)
            _organisation(w, suppliers[winner.kvk], winner.name, street=winner.street, city=winner.city,
                          postal_code=winner.postal_code, nuts=winner.nuts, identifier=winner.kvk,
                          email=str(winner.email) if winner.email else None, size=winner.size)  # fmt: skip

    w.field(root, "BT-105-Procedure", _PROCEDURE_CODE[procurement.procedure])
    if procurement.light_regime:
        w.field(root, "BT-88-Procedure", SAS_FEATURES)
    w.field(root, "BT-21-Procedure", procurement.name)
    w.field(root, "BT-24-Procedure", programme.summary)
    w.field(root, "BT-23-Procedure", contract_nature(procurement.units[0].cpv[0]))
    w.field(root, "BT-262-Procedure", _cpv(procurement.units[0].cpv[0]))
    w.field(root, "BT-5071-Procedure", identity.nuts)
    w.field(root, "BT-5141-Procedure", "NLD")
    for lot in procurement.lots:
        element = w.node(root, "ND-Lot", new=True)
        w.field(element, "BT-137-Lot", lot.eforms_id)
        w.field(element, "BT-60-Lot", "no-eu-funds")
        w.field(element, "BT-99-Lot", publication.review_deadline)
        w.field(element, "OPT-301-Lot-ReviewOrg", "ORG-0002", schemeName="organization")
        w.field(element, "BT-767-Lot", "false")
        if lot.award_criteria:
            for criterion in lot.award_criteria:
                sub = w.node(element, "ND-LotAwardCriterion", new=True)
                w.field(sub, "BT-539-Lot", _CRITERION_TYPE[criterion.kind])
                w.field(sub, "BT-734-Lot", criterion.name)
                w.field(sub, "BT-540-Lot", criterion.description or criterion.name)
                w.field(sub, "BT-5421-Lot", "per-exa")
                w.field(sub, "BT-541-Lot-WeightNumber", f"{criterion.weight:g}")
        if not procurement.light_regime:
            w.field(element, "BT-115-Lot", "true")
        w.field(element, "BT-765-Lot", "none")
        w.field(element, "BT-766-Lot", "none")
        w.field(element, "BT-22-Lot", lot.lot_id or lot.unit.id)
        w.field(element, "BT-21-Lot", lot.name)
        w.field(element, "BT-24-Lot", lot.description)
        w.field(element, "BT-23-Lot", contract_nature(lot.cpv[0]))
        w.field(element, "BT-262-Lot", _cpv(lot.cpv[0]))
        w.field(element, "BT-5071-Lot", identity.nuts)
        w.field(element, "BT-5141-Lot", "NLD")
    w.field(root, "OPT-999-notice", _date(award.decision_date))
    return Notice(procurement.id, "can", subtype, notice_id, folder, w.finish())


def prior_information_notice(sdk: Path, spec: Spec, procurement: Procurement) -> Notice:
    """The prior information notice of a procedure (subtype 4, pin-only), sent on the `vooraankondiging` milestone.

    It announces the procedure with the planned date of the contract notice (``publicatie``), its description,
    CPV codes, estimated value, duration and place, and one part per lot (one part ``PAR-0000`` without lots).
    Art. 2.71 lid 5 Aw 2012 lets a vooraankondiging shorten the tender period only when it holds the contract
    notice's information as far as available then (lid 6); award criteria and the tender deadline are not in it, so
    whether it suffices is the authority's call (the schedule's `vooraankondiging-termijn` rule checks the timing).
    """
    if procurement.light_regime:
        raise NoticeError(
            f"{procurement.id}: the vooraankondiging of a SAS procedure is a call for competition (art. 2.39 lid 1 "
            "onderdeel a Aw 2012; eForms subtype 23, pin-cfc-social), which tendergen does not make; publish a "
            "contract notice (`publicatie`) instead"
        )
    _needs(spec, procurement, "prior information notice", ("vooraankondiging", "publicatie"))
    programme = spec.programme
    identity = programme.authority.identity
    publication = programme.publication
    assert identity is not None and publication is not None
    issued = procurement.dates["vooraankondiging"]
    planned = procurement.dates["publicatie"]
    if issued >= planned:
        raise NoticeError(
            f"{procurement.id}: the vooraankondiging ({issued.isoformat()}) must come before the contract notice "
            f"({planned.isoformat()})"
        )
    w = NoticeWriter(metadata(sdk), "pin")
    root = w.root
    notice_id = stable_uuid(f"{programme.id}/{procurement.id}/pin/{issued.isoformat()}")
    folder = folder_id(spec, procurement)
    _header(w, sdk, spec, "4", "pin-only", "planning", issued, notice_id, None)
    w.field(root, "BT-127-notice", _date(planned))
    if procurement.reference:
        w.field(root, "BT-22-Procedure", procurement.reference)
    w.field(root, "BT-21-Procedure", procurement.name)
    w.field(root, "BT-24-Procedure", programme.summary)
    main_cpv = procurement.units[0].cpv[0]
    w.field(root, "BT-23-Procedure", contract_nature(main_cpv))
    values = [lot.estimated_value for lot in procurement.lots if lot.estimated_value is not None]
    if values and len(values) == len(procurement.lots):
        w.field(root, "BT-27-Procedure", f"{sum(values, start=Decimal(0)):.2f}")
    w.field(root, "BT-262-Procedure", _cpv(main_cpv))
    w.field(root, "BT-5071-Procedure", identity.nuts)
    w.field(root, "BT-5141-Procedure", "NLD")

    # One part per lot (PAR-0001 …), as the SDK's pin-only example with lots does; PAR-0000 for a single lot.
    parts = [(f"PAR-{lot.number:04d}", lot) for lot in procurement.lots] if len(procurement.lots) > 1 else []
    for part_id, lot in parts or [("PAR-0000", procurement.lots[0])]:
        part = w.node(root, "ND-Part", new=True)
        w.field(part, "BT-137-Part", part_id)
        w.field(part, "OPT-301-Part-AddInfo", receiver(spec), schemeName="organization")
        w.field(part, "OPT-301-Part-TenderReceipt", receiver(spec), schemeName="organization")
        w.field(part, "OPT-301-Part-ReviewOrg", "ORG-0002", schemeName="organization")
        w.field(part, "BT-14-Part", "non-restricted-document")
        w.field(part, "OPT-140-Part", procurement.reference or procurement.id)
        w.field(part, "BT-15-Part", publication.documents_url)
        w.field(part, "BT-21-Part", lot.name if parts else procurement.name)
        w.field(part, "BT-24-Part", lot.description if parts else programme.summary)
        w.field(part, "BT-23-Part", contract_nature(lot.cpv[0]))
        w.field(part, "BT-262-Part", _cpv(lot.cpv[0]))
        for extra in lot.cpv[1:]:
            w.field(w.node(part, "ND-PartAdditionalClassification", new=True), "BT-263-Part", _cpv(extra))
        if parts and lot.estimated_value:
            w.field(part, "BT-27-Part", f"{lot.estimated_value:.2f}")
        term = lot.unit.term
        if term is not None:
            w.field(part, "BT-36-Part", f"{round(term.initial_years * 12)}", unitCode="MONTH")
        w.field(part, "BT-5071-Part", identity.nuts)
        w.field(part, "BT-5141-Part", "NLD")
        w.field(part, "BT-115-Part", "true")
        w.field(part, "BT-765-Part", "none")
        w.field(part, "BT-766-Part", "none")
    return Notice(procurement.id, "pin", "4", notice_id, folder, w.finish())
