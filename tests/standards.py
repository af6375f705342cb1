"""Where the tests find the offline standards: ``<repo>/../shared/standards`` (CI clones shared/ beside the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STANDARDS = REPO.parent / "shared" / "standards"
EFORMS_SDK = STANDARDS / "eforms-sdk-1.15.1"
OCDS_ZIP = STANDARDS / "ocds" / "standard-1__1__5.zip"


def need_sdk() -> Path:
    if not (EFORMS_SDK / "schematrons" / "static" / "complete-validation.sch").is_file():
        pytest.skip(f"the eForms SDK 1.15.1 is not at {EFORMS_SDK} (shared/ beside the repository)")
    return EFORMS_SDK


def need_ocds_zip() -> Path:
    if not OCDS_ZIP.is_file():
        pytest.skip(f"the OCDS 1.1.5 standard zip is not at {OCDS_ZIP} (shared/ beside the repository)")
    return OCDS_ZIP
