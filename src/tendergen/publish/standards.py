"""Where the eForms SDK and the OCDS standard zip live on this machine, and how to fetch the SDK.

Lookup order for the eForms SDK of a version: the environment variable ``TENDERGEN_EFORMS_SDK`` (a folder holding
the unpacked SDK), then the user cache ``$XDG_CACHE_HOME/tendergen/eforms-sdk/<version>`` (default ``~/.cache``),
filled by ``tendergen standards fetch``. The OCDS standard zip (for libcoveocds) comes from
``TENDERGEN_OCDS_STANDARD_ZIP`` or ``$XDG_CACHE_HOME/tendergen/ocds/standard-<version>.zip``.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath

from tendergen.errors import TendergenError

EFORMS_SDK_VERSION = "1.15.1"
OCDS_VERSION = "1.1.5"
SDK_ENV = "TENDERGEN_EFORMS_SDK"
OCDS_ENV = "TENDERGEN_OCDS_STANDARD_ZIP"
# The SDK's public release archive on GitHub (a zip of the repository at the release tag).
SDK_RELEASE_URL = "https://github.com/OP-TED/eForms-SDK/archive/refs/tags/{version}.zip"
# Folders of the SDK that tendergen reads; the rest of the archive (docs, tests) is not kept.
SDK_PARTS = ("schemas", "schematrons", "fields", "codelists", "notice-types", "examples", "VERSION")


class StandardsError(TendergenError):
    """A standard tendergen needs is not on this machine, or could not be fetched."""


def cache_root() -> Path:
    """The user cache folder of tendergen (``$XDG_CACHE_HOME/tendergen``, default ``~/.cache/tendergen``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tendergen"


def sdk_cache_dir(version: str = EFORMS_SDK_VERSION) -> Path:
    return cache_root() / "eforms-sdk" / version


def how_to_get_sdk(version: str = EFORMS_SDK_VERSION) -> str:
    return (
        f"the eForms SDK {version} is not available: run `tendergen standards fetch` (downloads "
        f"{SDK_RELEASE_URL.format(version=version)} into {sdk_cache_dir(version)}), or set {SDK_ENV} to an "
        "unpacked SDK folder"
    )


def _is_sdk(path: Path) -> bool:
    return (path / "schematrons" / "static" / "complete-validation.sch").is_file() and (
        path / "fields" / "fields.json"
    ).is_file()


def find_sdk(version: str = EFORMS_SDK_VERSION) -> Path | None:
    """The folder of the eForms SDK, or None when it is neither configured nor cached."""
    configured = os.environ.get(SDK_ENV)
    if configured:
        path = Path(configured).expanduser()
        return path if _is_sdk(path) else None
    cached = sdk_cache_dir(version)
    return cached if _is_sdk(cached) else None


def require_sdk(version: str = EFORMS_SDK_VERSION) -> Path:
    """The folder of the eForms SDK; raises with instructions when it is missing."""
    found = find_sdk(version)
    if found is None:
        configured = os.environ.get(SDK_ENV)
        if configured:
            raise StandardsError(f"{SDK_ENV}={configured} is not an unpacked eForms SDK (no schematrons/static)")
        raise StandardsError(how_to_get_sdk(version))
    return found


def sdk_version(sdk: Path) -> str:
    version_file = sdk / "VERSION"
    return version_file.read_text(encoding="utf-8").strip() if version_file.is_file() else "unknown"


def fetch_sdk(version: str = EFORMS_SDK_VERSION, url: str | None = None, timeout: float = 60.0) -> Path:
    """Download the SDK release zip and unpack the parts tendergen reads into the user cache; returns the folder."""
    source = url or SDK_RELEASE_URL.format(version=version)
    try:
        with urllib.request.urlopen(source, timeout=timeout) as response:
            data = response.read()
    except OSError as exc:
        raise StandardsError(f"cannot download the eForms SDK from {source}: {exc}") from exc
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise StandardsError(f"{source} did not return a zip archive") from exc
    target = sdk_cache_dir(version)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=target.parent))
    try:
        _unpack(archive, staging)
        if not _is_sdk(staging):
            raise StandardsError(
                f"{source} does not hold an eForms SDK (no schematrons/static/complete-validation.sch)"
            )
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def _unpack(archive: zipfile.ZipFile, target: Path) -> None:
    """Unpack the SDK parts, dropping the archive's top folder (``eForms-SDK-1.15.1/``); refuses unsafe paths."""
    names = [n for n in archive.namelist() if not n.endswith("/")]
    tops = {PurePosixPath(n).parts[0] for n in names}
    strip = 1 if len(tops) == 1 and not any(len(PurePosixPath(n).parts) == 1 for n in names) else 0
    for name in names:
        parts = PurePosixPath(name).parts[strip:]
        if not parts or parts[0] not in SDK_PARTS:
            continue
        if any(p in ("..", "") or p.startswith("/") for p in parts) or PurePosixPath(name).is_absolute():
            raise StandardsError(f"unsafe path in the SDK archive: {name}")
        dest = target.joinpath(*parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(name) as src, dest.open("wb") as out:
            shutil.copyfileobj(src, out)


def find_ocds_zip(version: str = OCDS_VERSION) -> Path | None:
    """The OCDS standard zip for libcoveocds (``--standard-zip``), or None."""
    configured = os.environ.get(OCDS_ENV)
    if configured:
        path = Path(configured).expanduser()
        return path if path.is_file() else None
    cached = cache_root() / "ocds" / f"standard-{version.replace('.', '__')}.zip"
    return cached if cached.is_file() else None


def require_ocds_zip(version: str = OCDS_VERSION) -> Path:
    found = find_ocds_zip(version)
    if found is None:
        raise StandardsError(
            f"the OCDS {version} standard zip is not available: set {OCDS_ENV} to the standard zip libcoveocds "
            f"accepts (--standard-zip), or place it at {cache_root() / 'ocds'}"
        )
    return found
