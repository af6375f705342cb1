"""`tendergen publish` (notices so far) and `tendergen standards`: the logic behind the thin click commands."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from tendergen.errors import TendergenError
from tendergen.project import load_spec
from tendergen.publish.notices import contract_notice, xsd_errors
from tendergen.publish.procurements import procurements
from tendergen.publish.schematron import validate_notice
from tendergen.publish.standards import fetch_sdk, require_sdk, sdk_version
from tendergen.schedule import timeline_for


class PublishRefused(TendergenError):
    """Publishing stopped before writing anything; the message lists every reason."""


def run_publish(programme_dir: Path, destination: Path, echo: Callable[[str], None]) -> int:
    """Check the programme, build and validate its eForms contract notices, and write them to ``destination``.

    Nothing is written when any check fails.
    """
    sdk = require_sdk()
    spec = load_spec(programme_dir)
    timeline = timeline_for(spec)
    reasons: list[str] = []
    if timeline is None:
        reasons.append(f"{programme_dir}: the programme has no schedule, so no notice dates")
    else:
        reasons.extend(f"timeline: {f.problem.format()}" for f in timeline.errors)
    notices = []
    for procurement in procurements(spec, timeline):
        try:
            notice = contract_notice(sdk, spec, procurement)
        except TendergenError as exc:
            reasons.append(str(exc))
            continue
        problems = [f"{notice.file_name}: XSD {e}" for e in xsd_errors(sdk, "cn", notice.xml)]
        if not problems:
            failed = validate_notice(sdk, notice.xml, procurement.dates["publicatie"])
            problems = [f"{notice.file_name}: Schematron {f.format()}" for f in failed if f.role == "ERROR"]
        reasons.extend(problems)
        notices.append(notice)
    if reasons:
        raise PublishRefused("publish refused:\n" + "\n".join(f"  {r}" for r in reasons))
    target = destination / spec.programme.id / "notices"
    target.mkdir(parents=True, exist_ok=True)
    entries = []
    for notice in notices:
        (target / notice.file_name).write_bytes(notice.xml)
        entries.append(
            {
                "file": f"notices/{notice.file_name}",
                "document_type": f"eforms-{notice.kind}-{notice.subtype}",
                "procedure": notice.procurement,
                "notice_id": notice.notice_id,
                "media_type": "application/xml",
                "size": len(notice.xml),
                "sha256": hashlib.sha256(notice.xml).hexdigest(),
            }
        )
        echo(f"wrote {target / notice.file_name}")
    manifest = {"programme": spec.programme.id, "eforms_sdk": sdk_version(sdk), "files": entries}
    (destination / spec.programme.id / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return 0


def run_standards(action: str, url: str | None, echo: Callable[[str], None]) -> int:
    if action == "fetch":
        echo(f"eForms SDK in {fetch_sdk(url=url)}")
    else:
        echo(str(require_sdk()))
    return 0
