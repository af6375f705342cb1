"""`tendergen publish` end to end (with the built pack stood in for through pack_source) and `tendergen status`."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from standards import OCDS_ZIP, REPO, STANDARDS, need_sdk
from tendergen.cli import cli
from tendergen.commands import publish as command
from tendergen.project import Project
from tendergen.publish.pack_source import BuiltDocument
from tendergen.render.plan import plan_documents

PROGRAMME = "midden-holland-2025"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example programme and its schedule, so records are written under tmp_path."""
    shutil.copytree(REPO / "specs" / PROGRAMME, tmp_path / "specs" / PROGRAMME)
    (tmp_path / "schedules").mkdir()
    shutil.copy(REPO / "schedules" / f"{PROGRAMME}.yaml", tmp_path / "schedules" / f"{PROGRAMME}.yaml")
    return tmp_path / "specs" / PROGRAMME


def fake_pack(folder: Path, stale: set[str]) -> object:
    """Stand-in for pack_source.built_documents: every planned document as a small PDF and DOCX."""

    def built(project: Project, output_root: Path | None = None) -> list[BuiltDocument]:
        documents = []
        for plan in plan_documents(project.spec):
            files = {}
            for suffix in (".pdf", ".docx"):
                path = folder / f"{plan.name}{suffix}"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(f"{plan.name}{suffix}".encode())
                files[suffix] = path
            documents.append(
                BuiltDocument(
                    plan.name, plan.doc.key, plan.doc.title, plan.unit_ids, plan.tender_id, files, plan.name in stale
                )
            )
        return documents

    return built


@pytest.fixture
def standards_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TENDERGEN_EFORMS_SDK", str(need_sdk()))
    lots = STANDARDS / "ocds" / "lots-extension"
    if not OCDS_ZIP.is_file() or not (lots / "extension.json").is_file():
        pytest.skip(f"the OCDS standard zip or lots extension is not under {STANDARDS / 'ocds'}")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(lots)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("TENDERGEN_OCDS_STANDARD_ZIP", str(OCDS_ZIP))
    monkeypatch.setenv("TENDERGEN_OCDS_LOTS_EXTENSION", f"http://127.0.0.1:{server.server_address[1]}/extension.json")
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
@pytest.mark.usefixtures("standards_env")
def test_publish_to_a_folder_then_status(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(command, "built_documents", fake_pack(tmp_path / "build", set()))
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(cli, ["publish", str(project), "--to", str(out)])
    assert result.exit_code == 0, result.output
    folder = out / PROGRAMME
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    names = [f["file"] for f in manifest["files"]]
    assert names[:4] == [
        "jeugd-wmo-2025/01-jeugd-wmo-2025-aanbestedingsleidraad.pdf",
        "jeugd-wmo-2025/02-begeleiding-programma-van-eisen.pdf",
        "jeugd-wmo-2025/03-begeleiding-concept-overeenkomst.pdf",
        "jeugd-wmo-2025/04-behandeling-programma-van-eisen.pdf",
    ]
    assert "jeugd-wmo-2025/aankondigingen/jeugd-wmo-2025-cn-20.xml" in names
    assert "wmo-voorzieningen/aankondigingen/wmo-voorzieningen-cn-16.xml" in names
    assert "wmo-voorzieningen/aankondigingen/wmo-voorzieningen-can-29.xml" in names
    assert "ocds/release-package.json" in names
    for entry in manifest["files"]:
        data = (folder / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data)
    package = json.loads((folder / "ocds" / "release-package.json").read_text(encoding="utf-8"))
    assert [r["tag"] for r in package["releases"]] == [["tender"], ["tender"], ["award"]]
    records = sorted((project / "published").glob("*.json"))
    assert len(records) == 1
    record = json.loads(records[0].read_text(encoding="utf-8"))
    assert [(n["kind"], n["subtype"]) for n in record["notices"]] == [("cn", "20"), ("cn", "16"), ("can", "29")]
    status = runner.invoke(cli, ["status", str(project), "--today", "2024-04-01"])
    assert status.exit_code == 0, status.output
    lines = status.output.splitlines()
    assert (
        lines[lines.index("next milestones:") + 1]
        == "  2024-04-25  Uiterste datum inschrijving (SAS-procedure Jeugd en Wmo Midden-Holland 2025)"
    )
    assert lines[lines.index("published:") + 1].endswith(
        f"dir → {out / PROGRAMME}: {len(record['files'])} file(s), version 1.0; "
        "notices: cn-20 jeugd-wmo-2025, cn-16 wmo-voorzieningen, can-29 wmo-voorzieningen"
    )


@pytest.mark.usefixtures("standards_env")
def test_stale_document_is_refused(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = "units/wonen/wonen-programma-van-eisen"
    monkeypatch.setattr(command, "built_documents", fake_pack(tmp_path / "build", {stale}))
    result = CliRunner().invoke(cli, ["publish", str(project), "--to", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert (
        f"  {stale}: stale (spec, schedule or templates changed); run `tendergen build`" in result.output.splitlines()
    )
    assert not (tmp_path / "out").exists()
    assert not (project / "published").exists()


@pytest.mark.usefixtures("standards_env")
def test_missing_pack_is_refused(project: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["publish", str(project), "--to", str(tmp_path / "out"), "--pack", str(tmp_path)])
    assert result.exit_code == 1
    assert f"  {PROGRAMME}: no built pack; run `tendergen build {project}` first" in result.output.splitlines()
