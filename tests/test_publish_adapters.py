"""Publish adapters: dir, zip, and http and tenderned-check against servers the tests start on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tendergen.publish.adapters import (
    AdapterError,
    DirAdapter,
    HttpAdapter,
    Publication,
    TenderNedCheck,
    ZipAdapter,
    adapter,
    guess_adapter,
)

FILES = {"a/01-leidraad.pdf": b"%PDF leidraad", "a/02-pve.pdf": b"%PDF pve", "manifest.json": b"{}\n"}


def publication() -> Publication:
    return Publication("prog", FILES, {p: hashlib.sha256(d).hexdigest() for p, d in FILES.items()}, (("Wmo", "n1"),))


@dataclass
class Platform:
    """A platform's upload API: holds files by checksum; can fail the n-th upload once."""

    held: dict[str, bytes] = field(default_factory=dict)
    posts: Counter[str] = field(default_factory=Counter)
    fail_on_post: int | None = None
    store_before_failing: bool = False
    tokens: list[str] = field(default_factory=list)
    count: int = 0


@pytest.fixture
def platform() -> Iterator[tuple[Platform, str]]:
    state = Platform()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            digest = self.path.rsplit("/", 1)[-1]
            self.send_response(200 if digest in state.held else 404)
            self.end_headers()

        def do_POST(self) -> None:
            state.tokens.append(self.headers.get("Authorization", ""))
            body = self.rfile.read(int(self.headers["Content-Length"]))
            boundary = self.headers["Content-Type"].split("boundary=", 1)[1].encode()
            fields = {}
            for part in body.split(b"--" + boundary)[1:-1]:
                head, _, value = part.partition(b"\r\n\r\n")
                name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
                fields[name] = value[:-2]
            digest = fields["sha256"].decode()
            assert hashlib.sha256(fields["file"]).hexdigest() == digest
            state.count += 1
            state.posts[fields["path"].decode()] += 1
            if state.fail_on_post == state.count:
                state.fail_on_post = None
                if state.store_before_failing:
                    state.held[digest] = fields["file"]
                self.send_response(503)
                self.end_headers()
                return
            state.held[digest] = fields["file"]
            self.send_response(201)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()


def test_http_failure_mid_upload_is_retried_and_each_file_is_held_once(
    platform: tuple[Platform, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    state, url = platform
    monkeypatch.setenv("TENDERGEN_PUBLISH_TOKEN", "secret")
    # the platform stores the second file but answers 503: the retry must see it held and not send it again
    state.fail_on_post = 2
    state.store_before_failing = True
    pauses: list[float] = []
    done = HttpAdapter(backoff=0.25, sleep=pauses.append).deliver(publication(), url)
    assert sorted(done.sent) == sorted(FILES)
    assert pauses == [0.25]
    assert state.posts == Counter({p: 1 for p in FILES})
    assert sorted(state.held.values()) == sorted(FILES.values())
    assert set(state.tokens) == {"Bearer secret"}


def test_http_failure_without_storing_is_sent_again(platform: tuple[Platform, str]) -> None:
    state, url = platform
    state.fail_on_post = 1
    pauses: list[float] = []
    HttpAdapter(backoff=0.1, sleep=pauses.append).deliver(publication(), url)
    assert state.posts == Counter({"a/01-leidraad.pdf": 2, "a/02-pve.pdf": 1, "manifest.json": 1})
    assert len(state.held) == 3


def test_http_resumed_publish_sends_nothing_twice(platform: tuple[Platform, str]) -> None:
    state, url = platform
    HttpAdapter(sleep=lambda _s: None).deliver(publication(), url)
    again = HttpAdapter(sleep=lambda _s: None).deliver(publication(), url)
    assert again.sent == []
    assert sorted(again.skipped) == sorted(FILES)
    assert state.posts == Counter({p: 1 for p in FILES})


def test_http_gives_up_after_the_retries() -> None:
    pauses: list[float] = []
    with pytest.raises(AdapterError, match=r"a/01-leidraad\.pdf not delivered after 3 attempts"):
        HttpAdapter(retries=2, backoff=1, timeout=2, sleep=pauses.append).deliver(publication(), "http://127.0.0.1:9/x")
    assert pauses == [1, 2]


def test_dir_adapter_writes_the_tree_and_leaves_unchanged_files(tmp_path: Path) -> None:
    first = DirAdapter().deliver(publication(), str(tmp_path))
    assert sorted(first.sent) == sorted(FILES)
    assert (tmp_path / "prog" / "a" / "01-leidraad.pdf").read_bytes() == b"%PDF leidraad"
    second = DirAdapter().deliver(publication(), str(tmp_path))
    assert second.sent == [] and sorted(second.skipped) == sorted(FILES)


def test_zip_adapter_is_deterministic(tmp_path: Path) -> None:
    one = Path(ZipAdapter().deliver(publication(), str(tmp_path / "one")).destination)
    two = Path(ZipAdapter().deliver(publication(), str(tmp_path / "two.zip")).destination)
    assert one.name == "prog-publicatie.zip"
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as archive:
        assert archive.namelist() == ["prog/a/01-leidraad.pdf", "prog/a/02-pve.pdf", "prog/manifest.json"]
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_tenderned_check_polls_until_the_notice_appears() -> None:
    calls: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            calls.append(self.path)
            items = [] if len(calls) < 2 else [{"publicatieId": "123", "aanbestedingNaam": "Wmo", "kenmerk": "K"}]
            body = json.dumps({"content": items}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        pauses: list[float] = []
        base = f"http://127.0.0.1:{server.server_address[1]}"
        done = TenderNedCheck(attempts=3, interval=5, sleep=pauses.append).deliver(publication(), base)
    finally:
        server.shutdown()
        server.server_close()
    assert done.found == ["Wmo: publicatie 123"]
    assert done.sent == [] and done.skipped == []
    assert pauses == [5]
    assert calls == ["/papi/tenderned-rs-tns/v2/publicaties?search=Wmo"] * 2


def test_adapters_come_from_entry_points() -> None:
    assert isinstance(adapter("zip"), ZipAdapter)
    with pytest.raises(AdapterError, match="unknown publish adapter `ftp`; known: dir, http, tenderned-check, zip"):
        adapter("ftp")
    assert [guess_adapter(d) for d in ("https://x", "out/p.zip", "out")] == ["http", "zip", "dir"]
