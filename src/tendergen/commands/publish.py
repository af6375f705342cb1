"""`tendergen publish`, `tendergen status` and `tendergen standards`: the logic behind the thin click commands."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import http.server
import json
import os
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tendergen.errors import TendergenError
from tendergen.project import Spec, load_project
from tendergen.publish import ocds
from tendergen.publish.adapters import Delivery, Publication, adapter, guess_adapter
from tendergen.publish.award import Award, award_files, load_award
from tendergen.publish.notices import Notice, award_notice, contract_notice, prior_information_notice, xsd_errors
from tendergen.publish.pack import PackFile, document_files, manifest_json
from tendergen.publish.pack_source import built_documents
from tendergen.publish.procurements import Procurement, procurements
from tendergen.publish.records import RECORDS_DIR, changes_since, snapshot
from tendergen.publish.schematron import validate_notice
from tendergen.publish.standards import fetch_sdk, find_ocds_zip, require_sdk, sdk_version
from tendergen.writer import write_text

LOTS_EXTENSION_ENV = "TENDERGEN_OCDS_LOTS_EXTENSION"
Echo = Callable[[str], None]


class PublishRefused(TendergenError):
    """Publishing stopped before anything was delivered; the message lists every reason."""


@dataclass
class Prepared:
    """A checked publication pack, ready for an adapter."""

    spec: Spec
    files: list[PackFile] = field(default_factory=list)
    notices: list[tuple[Procurement, Notice]] = field(default_factory=list)

    def publication(self) -> Publication:
        data = {f.path: f.data for f in self.files}
        names = tuple((p.reference or p.name, n.notice_id) for p, n in self.notices if n.kind == "cn")
        return Publication(self.spec.programme.id, data, {f.path: f.sha256 for f in self.files}, names)


def _check_notice(sdk: Path, notice: Notice, on: dt.date) -> list[str]:
    problems = [f"{notice.file_name}: XSD {e}" for e in xsd_errors(sdk, notice.kind, notice.xml)]
    if not problems:
        failed = validate_notice(sdk, notice.xml, on)
        problems = [f"{notice.file_name}: Schematron {f.format()}" for f in failed if f.role == "ERROR"]
    return problems


def _related_lots(procurement: Procurement, file: PackFile) -> tuple[str, ...]:
    """The OCDS lot ids a unit's document belongs to; none for a document of the whole procedure (or one lot)."""
    if file.unit is None or len(procurement.lots) < 2:
        return ()
    return tuple(lot.eforms_id for lot in procurement.lots if lot.unit.id == file.unit)


def _notice_ref(procurement: Procurement, notice: Notice) -> ocds.DocumentRef:
    """The prior information notice as the document of the OCDS planning release (it travels in the pack)."""
    return ocds.DocumentRef(
        id=f"{procurement.id}-{notice.kind}-{notice.subtype}",
        title=f"Vooraankondiging {procurement.name}",
        document_type="plannedProcurementNotice",
        url="",
        media_type="application/xml",
        sha256=hashlib.sha256(notice.xml).hexdigest(),
    )


def prepare(
    programme_dir: Path,
    award_paths: tuple[Path, ...] = (),
    pack_root: Path | None = None,
    lots_extension: str | None = None,
) -> Prepared:
    """Check spec, schedule, built documents, notices and OCDS; the pack to deliver, or every reason it cannot be."""
    sdk = require_sdk()
    project = load_project(programme_dir)
    spec, timeline = project.spec, project.timeline
    reasons: list[str] = []
    if timeline is None:
        reasons.append(f"{programme_dir}: the programme has no schedule, so no notice or OCDS dates")
    else:
        reasons.extend(f"timeline: {f.problem.format()}" for f in timeline.errors)
    found = procurements(spec, timeline)
    by_id = {p.id: p for p in found}
    awards: list[Award] = [load_award(p) for p in (*award_files(spec), *award_paths)]
    for award in awards:
        if award.procedure not in by_id:
            reasons.append(f"award record {award.procedure}: no EU procedure `{award.procedure}` in the programme")

    documents = built_documents(project, pack_root)
    stale = [d.name for d in documents if d.stale]
    if not any(d.files for d in documents):
        reasons.append(f"{spec.programme.id}: no built pack; run `tendergen build {programme_dir}` first")
    else:
        reasons.extend(f"{name}: stale (spec, schedule or templates changed); run `tendergen build`" for name in stale)

    prepared = Prepared(spec)
    releases: list[dict[str, Any]] = []
    for procurement in found:
        if "vooraankondiging" in procurement.dates:
            try:
                pin = prior_information_notice(sdk, spec, procurement)
                releases.append(ocds.planning_release(spec, procurement, _notice_ref(procurement, pin)))
            except TendergenError as exc:
                reasons.append(str(exc))
            else:
                reasons.extend(_check_notice(sdk, pin, procurement.dates["vooraankondiging"]))
                prepared.notices.append((procurement, pin))
        try:
            notice = contract_notice(sdk, spec, procurement)
        except TendergenError as exc:
            reasons.append(str(exc))
            continue
        reasons.extend(_check_notice(sdk, notice, procurement.dates["publicatie"]))
        prepared.notices.append((procurement, notice))
        files = document_files(spec, procurement, documents)
        if not files and not stale:
            reasons.append(f"{procurement.id}: no bidder documents in the built pack")
        prepared.files.extend(files)
        refs = [
            ocds.DocumentRef(
                id=f"{procurement.id}-{Path(f.path).stem[:2]}",
                title=Path(f.path).stem[3:],
                document_type="biddingDocuments",
                url=spec.programme.publication.documents_url if spec.programme.publication else "",
                media_type=f.media_type,
                sha256=f.sha256,
                related_lots=_related_lots(procurement, f),
            )
            for f in files
        ]
        try:
            releases.append(ocds.tender_release(spec, procurement, refs))
        except TendergenError as exc:
            reasons.append(str(exc))
    for award in awards:
        awarded = by_id.get(award.procedure)
        if awarded is None:
            continue
        try:
            notice = award_notice(sdk, spec, awarded, award)
            releases.append(ocds.award_release(spec, awarded, award))
        except TendergenError as exc:
            reasons.append(str(exc))
            continue
        reasons.extend(_check_notice(sdk, notice, award.notice_date))
        prepared.notices.append((awarded, notice))

    for procurement, notice in prepared.notices:
        prepared.files.append(
            PackFile(f"{procurement.id}/aankondigingen/{notice.file_name}", notice.xml, f"eforms-{notice.subtype}")
        )
    if releases and not reasons:
        published = min(p.dates["publicatie"] for p in found if "publicatie" in p.dates)
        uri = f"{spec.programme.publication.documents_url if spec.programme.publication else ''}"
        package = ocds.release_package(spec, releases, published, uri)
        standard = find_ocds_zip()
        if standard is not None:
            checked = dict(package)
            extension = lots_extension or os.environ.get(LOTS_EXTENSION_ENV)
            with _extension_url(extension) as (url, problem):
                if problem:
                    reasons.append(problem)
                else:
                    if url:
                        checked["extensions"] = [url]
                    reasons.extend(f"OCDS {p}" for p in ocds.validate_package(checked, str(standard)))
        prepared.files.append(PackFile("ocds/release-package.json", ocds.dumps(package), "ocds-release-package"))
    if reasons:
        raise PublishRefused("publish refused:\n" + "\n".join(f"  {r}" for r in reasons))
    prepared.files.append(PackFile("manifest.json", manifest_json(spec, prepared.files), "manifest"))
    return prepared


@contextlib.contextmanager
def _extension_url(extension: str | None) -> Iterator[tuple[str | None, str | None]]:
    """The lots extension as a URL libcoveocds can fetch: a URL as it is; a local copy (its folder, or its
    ``extension.json``) served for the check from a server on 127.0.0.1 that stops afterwards. Yields (url,
    problem)."""
    if not extension or urllib.parse.urlsplit(extension).scheme in ("http", "https"):
        yield extension, None
        return
    folder = Path(extension)
    folder = folder.parent if folder.name == "extension.json" else folder
    if not (folder / "extension.json").is_file():
        yield None, f"{LOTS_EXTENSION_ENV}: no extension.json in {folder}"
        return

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # the check prints its own result
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/extension.json", None
    finally:
        server.shutdown()
        server.server_close()


def record(prepared: Prepared, delivery: Delivery, when: dt.datetime) -> Path:
    """Write the publish record into ``<programme>/published/`` and return its path."""
    spec = prepared.spec
    body = {
        "programme": spec.programme.id,
        "version": spec.programme.version,
        "published_at": when.isoformat(),
        "adapter": delivery.adapter,
        "destination": delivery.destination,
        "sent": delivery.sent,
        "unchanged": delivery.skipped,
        "found": delivery.found,
        "notices": [
            {"procedure": p.id, "kind": n.kind, "subtype": n.subtype, "notice_id": n.notice_id}
            for p, n in prepared.notices
        ],
        "files": {f.path: f.sha256 for f in prepared.files},
        "inputs": snapshot(spec),
    }
    target = spec.root / RECORDS_DIR / f"{when.strftime('%Y%m%dT%H%M%SZ')}-{delivery.adapter}.json"
    write_text(target, json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    return target


def run_publish(
    programme_dir: Path,
    destination: str,
    echo: Echo,
    via: str | None = None,
    award_paths: tuple[Path, ...] = (),
    pack_root: Path | None = None,
    now: dt.datetime | None = None,
) -> int:
    prepared = prepare(programme_dir, award_paths, pack_root)
    chosen = adapter(via or guess_adapter(destination))
    delivery = chosen.deliver(prepared.publication(), destination)
    when = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    path = record(prepared, delivery, when)
    echo(f"{delivery.adapter}: {len(delivery.sent)} sent, {len(delivery.skipped)} unchanged → {delivery.destination}")
    for line in delivery.found:
        echo(f"  found {line}")
    echo(f"record: {path}")
    return 0


def run_status(programme_dir: Path, echo: Echo, today: dt.date | None = None) -> int:
    """Past and next milestones, and what was published when."""
    project = load_project(programme_dir)
    spec, timeline = project.spec, project.timeline
    day = today or dt.date.today()
    echo(f"{spec.programme.title} (version {spec.programme.version}), {day.isoformat()}")
    if timeline is not None:
        milestones = [e for e in timeline.milestones if e.kind == "milestone"]
        past = [e for e in milestones if e.date <= day]
        coming = [e for e in milestones if e.date > day]
        echo("past milestones:" if past else "past milestones: none")
        for entry in past[-5:]:
            echo(f"  {entry.date.isoformat()}  {entry.label} ({entry.scope_label})")
        echo("next milestones:" if coming else "next milestones: none")
        for entry in coming[:5]:
            echo(f"  {entry.date.isoformat()}  {entry.label} ({entry.scope_label})")
    records = sorted((spec.root / RECORDS_DIR).glob("*.json")) if (spec.root / RECORDS_DIR).is_dir() else []
    echo("published:" if records else "published: never")
    for path in records:
        body = json.loads(path.read_text(encoding="utf-8"))
        notices = ", ".join(f"{n['kind']}-{n['subtype']} {n['procedure']}" for n in body.get("notices", []))
        echo(
            f"  {body['published_at']}  {body['adapter']} → {body['destination']}: {len(body['files'])} file(s), "
            f"version {body['version']}; notices: {notices or 'none'}"
        )
    if records:
        last = json.loads(records[-1].read_text(encoding="utf-8"))
        if last.get("version") != spec.programme.version:
            echo(f"the spec is at version {spec.programme.version}, published was version {last['version']}")
        inputs = last.get("inputs")
        if inputs is None:
            echo(f"changed since {last['published_at']}: unknown (the record predates input tracking)")
        else:
            changes = changes_since(spec, inputs)
            if changes.lines:
                echo(f"changed since {last['published_at']} ({changes.method}):")
                for line in changes.lines:
                    echo(f"  {line}")
            else:
                echo(f"changed since {last['published_at']} ({changes.method}): nothing")
    return 0


def run_standards(action: str, url: str | None, echo: Echo) -> int:
    if action == "fetch":
        echo(f"eForms SDK in {fetch_sdk(url=url)}")
    else:
        sdk = require_sdk()
        echo(f"eForms SDK {sdk_version(sdk)}: {sdk}")
        standard = find_ocds_zip()
        echo(f"OCDS standard zip: {standard}" if standard else "OCDS standard zip: not configured")
    return 0
