"""Redlines: for every document whose text changed between two revisions, a DOCX with native Word tracked changes.

The two DOCX files come from the real renderer (:mod:`~tendergen.review.documents`); the comparison is done by
python-redlines with its docxodus engine (an optional extra, ``tendergen[redline]``: a 44 MB .NET binary), which
writes ``w:ins``/``w:del`` revisions. The revisions carry a fixed author and the new side's document date, and
the DOCX gets fixed zip timestamps, so the same two revisions give byte-identical redlines.

Output: ``<output>/<programme>/redline/<A>..<B>/<document>.docx`` plus ``redline.json`` listing every document
and its status; redlines of an earlier run that are no longer changed are removed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tendergen.errors import RenderError, UsageError
from tendergen.layout import Layout
from tendergen.render.manifest import MANIFEST, Entry, Manifest, remove_stale, sha256
from tendergen.render.zipfix import normalize_zip
from tendergen.review.documents import DocumentDiff, Pair, ProgrammeDocuments, compare_documents, open_pair
from tendergen.review.schedule import Planner
from tendergen.stamp import stamp_for
from tendergen.writer import write_bytes, write_text

AUTHOR = "tendergen"
SUMMARY = "redline.json"
INSTALL_HINT = (
    "tendergen redline needs the optional extra with python-redlines and its docxodus engine: "
    "pip install 'tendergen[redline]'"
)


class Engine(Protocol):
    """Compares two DOCX files into one with tracked changes."""

    def __call__(self, old: bytes, new: bytes, *, author: str, when: dt.datetime) -> bytes: ...


def docxodus_engine() -> Engine:
    """The python-redlines docxodus engine; a UsageError with the install command when the extra is missing."""
    try:
        from python_redlines import DocxodusEngine, EngineExecutionError, EngineNotInstalledError
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    try:
        engine = DocxodusEngine()
    except EngineNotInstalledError:
        raise UsageError(INSTALL_HINT) from None
    except OSError as exc:  # unsupported platform, or no writable cache folder for the binary
        raise UsageError(f"the docxodus redline engine cannot run here: {exc}") from None

    def run(old: bytes, new: bytes, *, author: str, when: dt.datetime) -> bytes:
        stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            data, _stdout, _stderr = engine.run_redline(author, old, new, date_time=stamp)
        except EngineExecutionError as exc:
            raise RenderError(f"the docxodus redline engine failed: {exc}") from None
        result: bytes = data
        return result

    return run


@dataclass
class RedlineReport:
    """What ``tendergen redline`` did for one programme; file names relative to ``folder``."""

    programme: str
    folder: Path
    documents: list[DocumentDiff]
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def of(self, status: str) -> list[DocumentDiff]:
        return [d for d in self.documents if d.status == status]


Progress = Callable[[str], None]


def redline(
    old: str,
    new: str,
    paths: list[str],
    *,
    base: Path,
    output: Path | None = None,
    engine: Engine | None = None,
    planner: Planner | None = None,
    progress: Progress | None = None,
) -> list[RedlineReport]:
    """Write a redline for every changed document of every programme on both sides; return what was done."""
    run = engine or docxodus_engine()  # fail on a missing extra before anything is rendered
    reports: list[RedlineReport] = []
    with open_pair(old, new, paths, base=base, planner=planner) as pair:
        for programme in pair.programmes:
            documents = compare_documents(pair, programme)
            folder = Layout(base).pack_dir(programme.id, output) / "redline" / range_name(old, new)
            files = _redlines(documents, run, progress)
            reports.append(_write(pair, documents, folder, files))
    return reports


def range_name(old: str, new: str) -> str:
    """``HEAD~1..HEAD``: the two sides as a folder name (characters outside a safe set become ``-``)."""

    def safe(label: str) -> str:
        cleaned = re.sub(r"[^A-Za-z0-9._~^@+-]+", "-", label.strip("/")).strip("-.")
        return cleaned or "work-tree"

    return f"{safe(old)}..{safe(new)}"


def _redlines(documents: ProgrammeDocuments, run: Engine, progress: Progress | None) -> dict[str, bytes]:
    """The redline DOCX of every changed document, by file name."""
    files: dict[str, bytes] = {}
    if documents.old is None or documents.new is None:
        return files
    when = stamp_for(documents.new.spec.programme.document_date).when
    for document in documents.documents:
        if document.status != "changed" or document.old is None or document.new is None:
            continue
        if progress is not None:
            progress(document.name)
        before = documents.old.docx(document.old.planned)
        after = documents.new.docx(document.new.planned)
        files[f"{document.name}.docx"] = normalize_zip(run(before, after, author=AUTHOR, when=when), when)
    return files


def _write(pair: Pair, documents: ProgrammeDocuments, folder: Path, files: dict[str, bytes]) -> RedlineReport:
    """Write the redlines (each atomically), remove those of an earlier run that are gone (where the folder's
    manifest vouches for them, as in the pack), then the manifest and the summary."""
    report = RedlineReport(documents.programme.id, folder, documents.documents)
    earlier = Manifest.load(folder)
    now = Manifest()
    for name, data in files.items():
        now.outputs[name.removesuffix(".docx")] = Entry(sha256(data), {name: sha256(data)}, "redline")
    for name, data in files.items():
        write_bytes(folder / name, data)
        report.written.append(name)
    report.removed = remove_stale(folder, earlier, now)
    write_text(folder / MANIFEST, now.to_json())
    write_text(folder / SUMMARY, json.dumps(_summary(pair, report), indent=2, ensure_ascii=False) + "\n")
    return report


def _summary(pair: Pair, report: RedlineReport) -> dict[str, Any]:
    written = set(report.written)
    return {
        "format": "tendergen-redline",
        "version": 1,
        "old": pair.old.info.as_dict(),
        "new": pair.new.info.as_dict(),
        "programme": report.programme,
        "documents": [
            {
                "name": d.name,
                "title": d.title,
                "status": d.status,
                "file": f"{d.name}.docx" if f"{d.name}.docx" in written else None,
            }
            for d in report.documents
        ],
    }
