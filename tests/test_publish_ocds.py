"""The OCDS release package: tender releases and an award release, valid with libcoveocds offline."""

from __future__ import annotations

import copy
import functools
import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from standards import REPO, STANDARDS, need_ocds_zip
from tendergen.project import load_spec
from tendergen.publish import ocds
from tendergen.publish.award import load_award
from tendergen.publish.procurements import procurements
from tendergen.schedule import timeline_for

LOTS = STANDARDS / "ocds" / "lots-extension"


@pytest.fixture(scope="module")
def lots_extension() -> Iterator[str]:
    """The lots extension served from the offline copy, as libcoveocds fetches extensions by URL."""
    if not (LOTS / "extension.json").is_file():
        pytest.skip(f"the OCDS lots extension is not at {LOTS}")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(LOTS)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/extension.json"
    finally:
        server.shutdown()
        server.server_close()


def package() -> dict[str, Any]:
    spec = load_spec(REPO / "specs" / "midden-holland-2025")
    found = procurements(spec, timeline_for(spec))
    award = load_award(REPO / "specs" / "midden-holland-2025" / "awards" / "wmo-voorzieningen.yaml")
    docs = [
        ocds.DocumentRef("D-01", "Aanbestedingsleidraad", "biddingDocuments", "https://www.tenderned.nl/x",
                         "application/pdf", "ab" * 32),
    ]  # fmt: skip
    releases = [ocds.tender_release(spec, p, docs) for p in found]
    releases.append(ocds.award_release(spec, next(p for p in found if p.id == "wmo-voorzieningen"), award))
    return ocds.release_package(spec, releases, found[0].dates["publicatie"], "https://www.tenderned.nl/ocds.json")


def test_release_package_is_valid_offline(lots_extension: str) -> None:
    standard = need_ocds_zip()
    built = package()
    assert built["extensions"] == [ocds.LOTS_EXTENSION]
    checked = dict(built, extensions=[lots_extension])
    assert ocds.validate_package(checked, str(standard)) == []
    tender, _other, award = built["releases"]
    assert tender["tender"]["tenderPeriod"] == {"startDate": "2024-02-15T00:00:00+01:00",
                                               "endDate": "2024-04-25T12:00:00+02:00"}  # fmt: skip
    assert tender["tender"]["enquiryPeriod"]["endDate"] == "2024-03-07T12:00:00+01:00"
    assert [lot["id"] for lot in tender["tender"]["lots"]] == [f"LOT-{n:04d}" for n in range(1, 9)]
    assert {i["classification"]["scheme"] for i in tender["tender"]["items"]} == {"CPV"}
    assert tender["tender"]["documents"][0]["description"] == "SHA-256 " + "ab" * 32
    assert award["ocid"] == built["releases"][1]["ocid"]
    assert [a["status"] for a in award["awards"]] == ["active", "active", "unsuccessful"]


def test_closed_codelist_value_is_a_failure(lots_extension: str) -> None:
    standard = need_ocds_zip()
    broken = copy.deepcopy(dict(package(), extensions=[lots_extension]))
    broken["releases"][0]["tender"]["status"] = "open-for-bids"
    problems = ocds.validate_package(broken, str(standard))
    assert any(p.startswith("closed codelist: ") and "open-for-bids" in p for p in problems), problems


def test_missing_ocid_prefix_is_refused() -> None:
    spec = load_spec(REPO / "specs" / "midden-holland-2025")
    found = procurements(spec, timeline_for(spec))
    assert spec.programme.publication is not None
    object.__setattr__(spec.programme.publication, "ocid_prefix", None)
    with pytest.raises(ocds.OcdsError, match=r"needs publication\.ocid_prefix"):
        ocds.tender_release(spec, found[0], [])
