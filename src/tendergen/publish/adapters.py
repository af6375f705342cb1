"""Where a publication pack goes. Adapters are found through the entry point group ``tendergen.publish_adapters``;
tendergen ships ``dir``, ``zip``, ``http`` and ``tenderned-check``.

No adapter uploads to TenderNed: TenderNed has no public upload API (documents go in by hand, or through a
platform with an agreement and the buyer's aansluitnummer). ``tenderned-check`` only reads TenderNed's public
publication API to see whether a notice has appeared.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol

from tendergen.errors import TendergenError
from tendergen.publish.pack import write_zip
from tendergen.writer import write_bytes

GROUP = "tendergen.publish_adapters"
TOKEN_ENV = "TENDERGEN_PUBLISH_TOKEN"


class AdapterError(TendergenError):
    """A destination refused the pack or could not be reached."""


@dataclass(frozen=True)
class Publication:
    """What an adapter delivers: the files of the pack (path → bytes) and what to look for afterwards."""

    programme: str
    files: Mapping[str, bytes]
    sha256: Mapping[str, str]
    notices: tuple[tuple[str, str], ...] = ()  # (procedure name or reference, notice id)


@dataclass
class Delivery:
    """What an adapter did."""

    adapter: str
    destination: str
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)


class Adapter(Protocol):
    name: str

    def deliver(self, publication: Publication, destination: str) -> Delivery: ...


class DirAdapter:
    """Write the pack as a folder tree (``<destination>/<programme>/…``); unchanged files are left alone."""

    name = "dir"

    def deliver(self, publication: Publication, destination: str) -> Delivery:
        root = Path(destination) / publication.programme
        done = Delivery(self.name, str(root))
        for path, data in sorted(publication.files.items()):
            target = root / path
            if target.is_file() and target.read_bytes() == data:
                done.skipped.append(path)
                continue
            write_bytes(target, data)
            done.sent.append(path)
        return done


class ZipAdapter:
    """Write the pack as one deterministic zip (``<destination>/<programme>-publicatie.zip``, or the named .zip)."""

    name = "zip"

    def deliver(self, publication: Publication, destination: str) -> Delivery:
        target = Path(destination)
        if target.suffix != ".zip":
            target = target / f"{publication.programme}-publicatie.zip"
        write_zip(target, {f"{publication.programme}/{p}": d for p, d in publication.files.items()})
        return Delivery(self.name, str(target), sent=sorted(publication.files))


Sleep = Callable[[float], None]


class HttpAdapter:
    """Upload every file to a platform's HTTP API, idempotent by checksum.

    Protocol: ``HEAD <base>/files/<sha256>`` answers 200 when the platform holds that file already (then it is not
    sent); otherwise ``POST <base>/files`` sends it as ``multipart/form-data`` with the fields ``path``, ``sha256``
    and ``file``. A bearer token comes from ``TENDERGEN_PUBLISH_TOKEN``. Connection errors and 5xx answers are
    retried with exponential backoff, checking with HEAD before each retry, so a retried or resumed publish never
    sends a file the platform already has.
    """

    name = "http"

    def __init__(self, retries: int = 4, backoff: float = 0.5, timeout: float = 30.0, sleep: Sleep = time.sleep):
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep

    def _request(self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> int:
        request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
        token = os.environ.get(TOKEN_ENV)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    def _held(self, base: str, digest: str) -> bool:
        status = self._request("HEAD", f"{base}/files/{digest}")
        if status in (401, 403):
            raise AdapterError(f"{base}: access refused ({status}); set {TOKEN_ENV}")
        if status >= 500:
            raise OSError(f"HEAD answered {status}")
        return status == 200

    def _send(self, base: str, path: str, digest: str, data: bytes) -> int:
        boundary = f"tendergen-{uuid.uuid4().hex}"
        parts = []
        for name, value in (("path", path), ("sha256", digest)):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{Path(path).name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self._request("POST", f"{base}/files", b"".join(parts), headers)

    def deliver(self, publication: Publication, destination: str) -> Delivery:
        base = destination.rstrip("/")
        done = Delivery(self.name, base)
        for path, data in sorted(publication.files.items()):
            digest = publication.sha256[path]
            for attempt in range(self.retries + 1):
                try:
                    if self._held(base, digest):
                        (done.sent if attempt else done.skipped).append(path)
                        break
                    status = self._send(base, path, digest, data)
                    if status in (200, 201, 204):
                        done.sent.append(path)
                        break
                    if status < 500:
                        raise AdapterError(f"{base}: {path} refused with HTTP {status}")
                except OSError as exc:
                    if attempt == self.retries:
                        raise AdapterError(f"{base}: {path} not delivered after {attempt + 1} attempts: {exc}") from exc
                else:
                    if attempt == self.retries:
                        raise AdapterError(f"{base}: {path} not delivered after {attempt + 1} attempts: HTTP {status}")
                self.sleep(self.backoff * 2**attempt)
        return done


class TenderNedCheck:
    """Poll TenderNed's public read API for the programme's notices; uploads nothing.

    Reads ``<base>/papi/tenderned-rs-tns/v2/publicaties?search=<name>`` and looks for a publication whose
    ``aanbestedingNaam`` or ``kenmerk`` equals a notice's procedure name or reference. The query parameter and the
    field names are taken from the API's public listing and are not verified against its documentation here.
    """

    name = "tenderned-check"
    PATH = "/papi/tenderned-rs-tns/v2/publicaties"

    def __init__(self, attempts: int = 3, interval: float = 60.0, timeout: float = 30.0, sleep: Sleep = time.sleep):
        self.attempts = attempts
        self.interval = interval
        self.timeout = timeout
        self.sleep = sleep

    def _search(self, base: str, text: str) -> list[dict[str, Any]]:
        url = f"{base}{self.PATH}?{urllib.parse.urlencode({'search': text})}"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:
                body = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise AdapterError(f"{base}: cannot read the TenderNed publication API: {exc}") from exc
        content = body.get("content", []) if isinstance(body, dict) else body
        return [item for item in content if isinstance(item, dict)]

    def deliver(self, publication: Publication, destination: str) -> Delivery:
        base = destination.rstrip("/")
        done = Delivery(self.name, base)
        waiting = dict(publication.notices)
        for attempt in range(self.attempts):
            for text in list(waiting):
                for item in self._search(base, text):
                    if text in (item.get("aanbestedingNaam"), item.get("kenmerk")):
                        done.found.append(f"{text}: publicatie {item.get('publicatieId', '?')}")
                        waiting.pop(text)
                        break
            if not waiting or attempt == self.attempts - 1:
                break
            self.sleep(self.interval)
        done.skipped.extend(f"{text}: not yet on TenderNed" for text in waiting)
        return done


def adapter(name: str) -> Adapter:
    """The adapter registered under ``name`` in the entry point group ``tendergen.publish_adapters``."""
    found = {ep.name: ep for ep in entry_points(group=GROUP)}
    if name not in found:
        known = ", ".join(sorted(found)) or "none (is tendergen installed?)"
        raise AdapterError(f"unknown publish adapter `{name}`; known: {known}")
    made = found[name].load()()
    return made  # type: ignore[no-any-return]


def guess_adapter(destination: str) -> str:
    if destination.startswith(("http://", "https://")):
        return "http"
    return "zip" if destination.endswith(".zip") else "dir"
