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


def unplanned_copy(root: Path, programme: str, unit: str) -> Path:
    """A copy of an example programme under ``root`` whose schedule leaves out every milestone and phase of
    ``unit`` (a procedure the planning does not cover yet); returns the programme folder."""
    import shutil

    import yaml

    shutil.copytree(REPO / "specs" / programme, root / "specs" / programme)
    data = yaml.safe_load((REPO / "schedules" / f"{programme}.yaml").read_text(encoding="utf-8"))
    for key in ("milestones", "phases"):
        data[key] = [m for m in data.get(key, []) if (m.get("scope") or {}).get("unit") != unit]
    (root / "schedules").mkdir()
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (root / "schedules" / f"{programme}.yaml").write_text(text, encoding="utf-8")
    return root / "specs" / programme
