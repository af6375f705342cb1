"""Finding and fetching the eForms SDK: environment variable, user cache, download from a release zip."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tendergen.publish import standards
from tendergen.publish.standards import StandardsError, fetch_sdk, find_sdk, require_sdk


def sdk_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        top = "eForms-SDK-1.15.1/"
        archive.writestr(top + "VERSION", "1.15.1\n")
        archive.writestr(top + "schematrons/static/complete-validation.sch", "<schema/>")
        archive.writestr(top + "fields/fields.json", "{}")
        archive.writestr(top + "docs/unused.md", "not kept")
    return buffer.getvalue()


@pytest.fixture
def server() -> Iterator[str]:
    payload = sdk_zip()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/sdk.zip":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_missing_sdk_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(standards.SDK_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(StandardsError) as caught:
        require_sdk()
    assert str(caught.value) == (
        "the eForms SDK 1.15.1 is not available: run `tendergen standards fetch` (downloads "
        "https://github.com/OP-TED/eForms-SDK/archive/refs/tags/1.15.1.zip into "
        f"{tmp_path}/tendergen/eforms-sdk/1.15.1), or set TENDERGEN_EFORMS_SDK to an unpacked SDK folder"
    )


def test_env_var_that_is_no_sdk_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(standards.SDK_ENV, str(tmp_path))
    with pytest.raises(StandardsError, match="is not an unpacked eForms SDK"):
        require_sdk()


def test_fetch_fills_the_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: str) -> None:
    monkeypatch.delenv(standards.SDK_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    target = fetch_sdk(url=f"{server}/sdk.zip")
    assert target == tmp_path / "cache" / "tendergen" / "eforms-sdk" / "1.15.1"
    assert find_sdk() == target
    assert (target / "VERSION").read_text() == "1.15.1\n"
    assert not (target / "docs").exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ["1.15.1"]


def test_fetch_reports_a_download_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: str) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(StandardsError, match=r"cannot download the eForms SDK from http://127\.0\.0\.1:\d+/none\.zip"):
        fetch_sdk(url=f"{server}/none.zip")
    assert not (tmp_path / "tendergen" / "eforms-sdk" / "1.15.1").exists()
