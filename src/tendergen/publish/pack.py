"""The publication pack: per procedure one folder with its bidder documents numbered in reading order, the notices,
the OCDS release package, a ``manifest.json`` with every file's type, unit, lot, version, media type, size and
SHA-256, and a deterministic zip of it all.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tendergen.catalogue import catalogue
from tendergen.project import Spec
from tendergen.publish.pack_source import BuiltDocument
from tendergen.publish.procurements import Procurement, PublishedLot

# The order a bidder reads a procedure's documents in, which is the order the leidraad lists them under
# "Aanbestedingsstukken" (templates/aanbestedingsleidraad.html.j2): the leidraad itself, then per unit, in the
# leidraad's unit order, the Programma van Eisen and the concept-overeenkomst(en), then the forms bidders fill in, in
# the catalogue's order (inschrijfformulier, eigen verklaring, prijzenblad per unit, vragenformulier).
READING_ORDER = ("aanbestedingsleidraad", "programma-van-eisen", "concept-overeenkomst")
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xml": "application/xml",
    ".json": "application/json",
}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class PackFile:
    """One file of the publication pack."""

    path: str  # relative to the pack folder, POSIX
    data: bytes
    document_type: str
    unit: str | None = None
    lots: tuple[str, ...] | None = None  # ``unit/lot`` keys of the lots the document covers; None: no lots
    version: str = ""

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(Path(self.path).suffix, "application/octet-stream")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def procedure_documents(procurement: Procurement, documents: list[BuiltDocument]) -> list[BuiltDocument]:
    """The bidder documents of a procedure in reading order: the leidraad, per unit its Programma van Eisen and
    contract(s), then the forms (the catalogue's ``form`` and ``sheet`` documents for bidders), each form of the
    procedure once and a unit's form (the prijzenblad) per unit."""
    units = [u.id for u in procurement.units]

    def of_procedure(d: BuiltDocument) -> bool:
        return d.tender_id == procurement.id or (d.tender_id is None and d.unit_ids == (procurement.id,))

    chosen: list[BuiltDocument] = [d for d in documents if d.kind == READING_ORDER[0] and of_procedure(d)]
    for unit in units:
        for kind in READING_ORDER[1:]:
            chosen.extend(d for d in documents if d.kind == kind and d.unit_ids == (unit,) and d.tender_id is None)
    cat = catalogue()
    kinds = [cat.document(k) for i in cat.instruments.values() if i.procurement for k in i.documents]
    for form in dict.fromkeys(k for k in kinds if k.writer in ("form", "sheet") and k.for_bidders):
        if form.scope == "unit":
            for unit in units:
                chosen.extend(d for d in documents if d.kind == form.key and d.unit_ids == (unit,))
        else:
            chosen.extend(d for d in documents if d.kind == form.key and of_procedure(d))
    return chosen


def covered_lots(procurement: Procurement, doc: BuiltDocument) -> tuple[PublishedLot, ...]:
    """The procedure's lots a document covers: those of the units it is made for."""
    return tuple(lot for lot in procurement.lots if lot.unit.id in doc.unit_ids)


def document_files(spec: Spec, procurement: Procurement, documents: list[BuiltDocument]) -> list[PackFile]:
    """The numbered bidder files of a procedure: ``<procedure>/NN-<name>.pdf`` (and DOCX/XLSX for forms).

    A file's ``lots`` are the ``unit/lot`` keys of the lots (percelen) of its units, None when they have none.
    """
    files: list[PackFile] = []
    for number, doc in enumerate(procedure_documents(procurement, documents), start=1):
        keys = tuple(f"{lot.unit.id}/{lot.lot_id}" for lot in covered_lots(procurement, doc) if lot.lot_id)
        stem = Path(doc.name).name
        kind = catalogue().document(doc.kind)
        suffixes = [".pdf"] if kind.writer == "html" else [f".{f}" for f in kind.formats]
        for suffix in suffixes:
            source = doc.files.get(suffix)
            if source is None:
                continue
            files.append(
                PackFile(
                    path=f"{procurement.id}/{number:02d}-{stem}{suffix}",
                    data=source.read_bytes(),
                    document_type=doc.kind,
                    unit=doc.unit_ids[0] if len(doc.unit_ids) == 1 else None,
                    lots=keys or None,
                    version=spec.programme.version,
                )
            )
    return files


def manifest_json(spec: Spec, files: list[PackFile]) -> bytes:
    entries = [
        {
            "file": f.path,
            "document_type": f.document_type,
            "unit": f.unit,
            "lot": list(f.lots) if f.lots is not None else None,
            "version": f.version,
            "media_type": f.media_type,
            "size": len(f.data),
            "sha256": f.sha256,
        }
        for f in sorted(files, key=lambda f: f.path)
    ]
    body = {"programme": spec.programme.id, "version": spec.programme.version, "files": entries}
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_zip(target: Path, files: dict[str, bytes]) -> None:
    """A zip whose bytes depend only on the files: sorted names, fixed timestamps and permissions."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name])
