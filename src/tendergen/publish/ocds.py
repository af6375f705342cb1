"""An OCDS 1.1.5 release package with the lots extension: one tender release per procedure, an award release for
each award record (same ``ocid``), built from the spec, the computed schedule and the published documents.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from tendergen.errors import TendergenError
from tendergen.project import Spec
from tendergen.publish.award import Award
from tendergen.publish.notices import AMSTERDAM, contract_nature, folder_id, procedure_operator
from tendergen.publish.procurements import Procurement, PublishedLot

OCDS_VERSION = "1.1"
# The lots extension, version 1.1.5, from its public repository (the address libcoveocds fetches it from).
LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"
)
_METHOD = {"openbaar": "open", "niet-openbaar": "selective", "sas": "open"}
_CATEGORY = {"works": "works", "supplies": "goods", "services": "services"}
_METHOD_DETAILS = {
    "openbaar": "Openbare procedure (Aanbestedingswet 2012)",
    "niet-openbaar": "Niet-openbare procedure (Aanbestedingswet 2012)",
    "sas": "Procedure voor sociale en andere specifieke diensten (Aanbestedingswet 2012, artikel 2.38 en 2.39)",
}


class OcdsError(TendergenError):
    """An OCDS release cannot be made from the spec."""


@dataclass(frozen=True)
class DocumentRef:
    """A document of the publication pack as an OCDS release lists it."""

    id: str
    title: str
    document_type: str
    url: str
    media_type: str
    sha256: str
    related_lots: tuple[str, ...] = ()


def _moment(day: dt.date, clock: dt.time = dt.time(0, 0)) -> str:
    return dt.datetime.combine(day, clock, tzinfo=AMSTERDAM).isoformat()


def _money(amount: Decimal | float | None) -> dict[str, Any] | None:
    return None if amount is None else {"amount": float(amount), "currency": "EUR"}


def ocid(spec: Spec, procurement: Procurement) -> str:
    publication = spec.programme.publication
    if publication is None or publication.ocid_prefix is None:
        raise OcdsError(f"{procurement.id}: OCDS needs publication.ocid_prefix (the prefix registered with OCP)")
    return f"{publication.ocid_prefix}-{folder_id(spec, procurement)}"


def _buyer(spec: Spec) -> dict[str, Any]:
    authority = spec.programme.authority
    identity = authority.identity
    if identity is None:
        raise OcdsError("OCDS needs authority.identity (KvK or OIN and address)")
    scheme, number = ("NL-KVK", identity.kvk) if identity.kvk else ("NL-OIN", identity.oin or "")
    return {
        "id": f"{scheme}-{number}",
        "name": authority.name,
        "identifier": {"scheme": scheme, "id": number, "legalName": authority.name},
        "address": {
            "streetAddress": identity.street,
            "locality": identity.city,
            "postalCode": identity.postal_code,
            "region": identity.nuts,
            "countryName": "Nederland",
        },
        "contactPoint": {"name": authority.contact.name, "email": str(authority.contact.email)},
        "roles": ["buyer"] if procedure_operator(spec) is not None else ["buyer", "procuringEntity"],
    }


def _operator(spec: Spec) -> dict[str, Any] | None:
    """The operator that runs the procedure, as the procuring entity (None when the buyer runs it)."""
    operator = procedure_operator(spec)
    if operator is None:
        return None
    identity = operator.identity
    if identity is None:
        raise OcdsError("OCDS needs authority.operator.identity (the operator runs the procedure)")
    scheme = "NL-KVK" if len(identity.identifier) == 8 else "NL-OIN"
    return {
        "id": f"{scheme}-{identity.identifier}",
        "name": operator.name,
        "identifier": {"scheme": scheme, "id": identity.identifier, "legalName": operator.name},
        "address": {
            **({"streetAddress": identity.street} if identity.street else {}),
            "locality": identity.city,
            "postalCode": identity.postal_code,
            "region": identity.nuts,
            "countryName": "Nederland",
        },
        "contactPoint": {"name": operator.name, "email": str(identity.email)},
        "roles": ["procuringEntity"],
    }


def _parties(spec: Spec, buyer: dict[str, Any]) -> list[dict[str, Any]]:
    operator = _operator(spec)
    return [buyer] if operator is None else [buyer, operator]


def _lot(lot: PublishedLot) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": lot.eforms_id, "title": lot.name, "description": lot.description}
    if lot.estimated_value is not None:
        entry["value"] = _money(lot.estimated_value)
    entry["status"] = "active"
    return entry


def _criteria_text(procurement: Procurement) -> str:
    parts = []
    for lot in procurement.lots:
        weights = ", ".join(f"{c.name} {c.weight:g}%" for c in lot.award_criteria)
        if weights:
            parts.append(f"{lot.eforms_id}: {weights}")
    return "; ".join(parts)


def _tender(spec: Spec, procurement: Procurement, buyer: dict[str, Any], status: str,
            documents: list[DocumentRef]) -> dict[str, Any]:  # fmt: skip
    """The tender block: of the tender release (status ``active``) or, anticipated, of the planning release."""
    dates = procurement.dates
    entity = _operator(spec) or buyer
    values = [lot.estimated_value for lot in procurement.lots if lot.estimated_value is not None]
    items = []
    for lot in procurement.lots:
        for index, code in enumerate(lot.cpv, start=1):
            items.append(
                {
                    "id": f"{lot.eforms_id}-{index}",
                    "description": lot.name,
                    "classification": {"scheme": "CPV", "id": code.split("-", 1)[0]},
                    "relatedLot": lot.eforms_id,
                }
            )
    enquiry_end = dates.get("vragen-deadline") or dates.get("nota-van-inlichtingen")
    tender: dict[str, Any] = {
        "id": procurement.reference or procurement.id,
        "title": procurement.name,
        "description": spec.programme.summary,
        "status": status,
        "procuringEntity": {"id": entity["id"], "name": entity["name"]},
        "items": items,
        "procurementMethod": _METHOD[procurement.procedure],
        "procurementMethodDetails": _METHOD_DETAILS[procurement.procedure],
        "mainProcurementCategory": _CATEGORY[contract_nature(procurement.units[0].cpv[0])],
        "awardCriteria": "ratedCriteria" if any(lot.award_criteria for lot in procurement.lots) else "priceOnly",
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": {
            "startDate": _moment(dates["publicatie"]),
            "endDate": _moment(dates["inschrijfdeadline"], dt.time(12, 0)),
        },
        "lots": [_lot(lot) for lot in procurement.lots],
        "documents": [
            {
                "id": doc.id,
                "documentType": doc.document_type,
                "title": doc.title,
                **({"url": doc.url} if doc.url else {}),
                "format": doc.media_type,
                "language": "nl",
                "description": f"SHA-256 {doc.sha256}",
                **({"relatedLots": list(doc.related_lots)} if doc.related_lots else {}),
            }
            for doc in documents
        ],
    }
    if len(values) == len(procurement.lots) and values:
        tender["value"] = _money(sum(values, start=Decimal(0)))
    criteria = _criteria_text(procurement)
    if criteria:
        tender["awardCriteriaDetails"] = criteria
    if enquiry_end is not None:
        tender["enquiryPeriod"] = {
            "startDate": _moment(dates["publicatie"]),
            "endDate": _moment(enquiry_end, dt.time(12, 0)),
        }
    if not documents:
        del tender["documents"]
    return tender


def tender_release(spec: Spec, procurement: Procurement, documents: list[DocumentRef]) -> dict[str, Any]:
    """The tender release of a procedure (tag ``tender``)."""
    dates = procurement.dates
    for needed in ("publicatie", "inschrijfdeadline"):
        if needed not in dates:
            raise OcdsError(f"{procurement.id}: the OCDS tender release needs a `{needed}` milestone in the schedule")
    buyer = _buyer(spec)
    process = ocid(spec, procurement)
    tender = _tender(spec, procurement, buyer, "active", documents)
    return {
        "ocid": process,
        "id": f"{process}-tender-{spec.programme.version}",
        "date": _moment(dates["publicatie"]),
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": _parties(spec, buyer),
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "language": "nl",
        "tender": tender,
    }


def planning_release(spec: Spec, procurement: Procurement, notice: DocumentRef) -> dict[str, Any]:
    """The planning release of a procedure announced by a prior information notice (tag ``planning``, tender status
    ``planned``), dated on the ``vooraankondiging`` milestone, with the same ``ocid`` as its later tender release.

    Its tender block holds the anticipated process: lots, items, value and the planned tender period; its one
    document is the prior information notice (``plannedProcurementNotice``).
    """
    dates = procurement.dates
    for needed in ("vooraankondiging", "publicatie", "inschrijfdeadline"):
        if needed not in dates:
            raise OcdsError(f"{procurement.id}: the OCDS planning release needs a `{needed}` milestone in the schedule")
    buyer = _buyer(spec)
    process = ocid(spec, procurement)
    tender = _tender(spec, procurement, buyer, "planned", [notice])
    return {
        "ocid": process,
        "id": f"{process}-planning-{dates['vooraankondiging'].isoformat()}",
        "date": _moment(dates["vooraankondiging"]),
        "tag": ["planning"],
        "initiationType": "tender",
        "parties": _parties(spec, buyer),
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "language": "nl",
        "tender": tender,
    }


def award_release(spec: Spec, procurement: Procurement, award: Award) -> dict[str, Any]:
    """The award release of a procedure (tag ``award``), with the same ``ocid`` as its tender release."""
    buyer = _buyer(spec)
    process = ocid(spec, procurement)
    by_key = {(f"{lot.unit.id}/{lot.lot_id}" if lot.lot_id else lot.unit.id): lot for lot in procurement.lots}
    parties: dict[str, dict[str, Any]] = {party["id"]: party for party in _parties(spec, buyer)}
    awards = []
    for result in award.lots:
        lot = by_key.get(result.lot)
        if lot is None:
            raise OcdsError(f"{procurement.id}: the award record names unknown lot {result.lot}")
        suppliers = []
        for winner in result.winners:
            party_id = f"NL-KVK-{winner.kvk}"
            parties.setdefault(
                party_id,
                {
                    "id": party_id,
                    "name": winner.name,
                    "identifier": {"scheme": "NL-KVK", "id": winner.kvk, "legalName": winner.name},
                    "address": {
                        **({"streetAddress": winner.street} if winner.street else {}),
                        "locality": winner.city,
                        "postalCode": winner.postal_code,
                        "region": winner.nuts,
                        "countryName": "Nederland",
                    },
                    "roles": ["supplier", "tenderer"],
                },
            )
            suppliers.append({"id": party_id, "name": winner.name})
        entry: dict[str, Any] = {
            "id": f"{process}-{lot.eforms_id}",
            "title": lot.name,
            "status": "active" if suppliers else "unsuccessful",
            "date": _moment(award.decision_date),
            "relatedLots": [lot.eforms_id],
        }
        if suppliers:
            entry["suppliers"] = suppliers
        if result.value is not None:
            entry["value"] = _money(result.value)
        awards.append(entry)
    return {
        "ocid": process,
        "id": f"{process}-award-{award.notice_date.isoformat()}",
        "date": _moment(award.notice_date),
        "tag": ["award"],
        "initiationType": "tender",
        "parties": list(parties.values()),
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "language": "nl",
        "awards": awards,
    }


def release_package(spec: Spec, releases: list[dict[str, Any]], published: dt.date, uri: str) -> dict[str, Any]:
    buyer = _buyer(spec)
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": [LOTS_EXTENSION],
        "publishedDate": _moment(published),
        "publisher": {"name": buyer["name"], "scheme": buyer["identifier"]["scheme"], "uid": buyer["identifier"]["id"]},
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "releases": releases,
    }


def dumps(package: dict[str, Any]) -> bytes:
    return (json.dumps(package, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def _cove(package: dict[str, Any], standard_zip: str) -> dict[str, Any]:
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    config = LibCoveOCDSConfig()
    config.config["context"] = "api"
    config.config["standard_zip"] = f"file://{standard_zip}"
    # libcoveocds writes the extended schema into its output folder: give it a temporary one.
    with tempfile.TemporaryDirectory(prefix="tendergen-ocds-") as folder:
        source = Path(folder) / "release-package.json"
        source.write_bytes(dumps(package))
        result: dict[str, Any] = ocds_json_output(folder, str(source), "1.1", lib_cove_ocds_config=config)
    return result


def validate_package(package: dict[str, Any], standard_zip: str) -> list[str]:
    """Problems libcoveocds finds, offline against ``standard_zip``: validation errors and values outside closed
    codelists both count. Needs the ``publish`` extra.

    Two passes: with the package's extensions (the schema with the lots extension), and without them, because
    libcoveocds 0.17 with a standard zip and an extension reports no closed-codelist values at all (and lists every
    release field as additional); the second pass checks the core codelists.
    """
    try:
        import libcoveocds  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise OcdsError("OCDS validation needs libcoveocds: pip install 'tendergen[publish]'") from exc
    extended = _cove(package, standard_zip)
    core = _cove({k: v for k, v in package.items() if k != "extensions"}, standard_zip)
    problems = [f"validation: {_error(e)}" for e in extended.get("validation_errors", [])]
    for error in core.get("validation_errors", []):
        line = f"validation: {_error(error)}"
        if line not in problems:
            problems.append(line)
    for result in (extended, core):
        for path, value in (result.get("additional_closed_codelist_values") or {}).items():
            line = f"closed codelist: {path}: {', '.join(map(str, value.get('values', [])))}"
            if line not in problems:
                problems.append(line)
    extensions = extended.get("extensions") or {}
    for url in extensions.get("invalid_extensions", []) or []:
        problems.append(f"extension: {url}")
    return problems


def _error(error: dict[str, Any]) -> str:
    return f"{error.get('path', '')}: {error.get('description', '')} ({error.get('value', '')!r})"
