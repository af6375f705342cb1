"""The one place publishing reads the built pack (``tendergen build``): which documents exist, their files, and
whether they are stale. Everything else in :mod:`tendergen.publish` goes through :func:`built_documents`.

Today this reads the build manifest (``.tendergen-build.json``) and recomputes each document's input digest the way
the build does; when the build's manifest and render path change, only this module has to follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tendergen.project import Spec
from tendergen.render.manifest import Manifest
from tendergen.render.pack import BuildOptions, _tasks, pack_folder
from tendergen.render.plan import plan_documents
from tendergen.render.templates import TemplateSet


@dataclass(frozen=True)
class BuiltDocument:
    """One document of the built pack."""

    name: str  # e.g. ``units/wonen/wonen-programma-van-eisen``
    kind: str  # document type key, e.g. ``programma-van-eisen``
    title: str
    unit_ids: tuple[str, ...]
    tender_id: str | None
    files: dict[str, Path]  # suffix (``.pdf``, ``.docx``) → file in the pack folder
    stale: bool  # spec, schedule or templates changed since it was built, or a file is missing or altered


def pack_root(spec: Spec, output_root: Path | None = None) -> Path:
    """The folder ``tendergen build`` writes the programme's pack to."""
    return pack_folder(spec, output_root)


def built_documents(spec: Spec, output_root: Path | None = None) -> list[BuiltDocument]:
    """Every document the programme's pack should hold, in the build's order, with its files and freshness."""
    folder = pack_folder(spec, output_root)
    templates = TemplateSet.for_project(spec.project_root)
    tasks, digests = _tasks(spec, templates, BuildOptions(output_root=output_root))
    manifest = Manifest.load(folder)
    planned = {p.name: p for p in plan_documents(spec)}
    documents: list[BuiltDocument] = []
    for task in tasks:
        plan = planned[task.name]
        entry = manifest.documents.get(task.name)
        files: dict[str, Path] = {}
        if entry is not None:
            for file in sorted(entry.files):
                files[file[len(task.name) :]] = folder / file
        documents.append(
            BuiltDocument(
                name=task.name,
                kind=plan.doc.key,
                title=plan.doc.title,
                unit_ids=plan.unit_ids,
                tender_id=plan.tender_id,
                files=files,
                stale=not manifest.fresh(task.name, digests[task.name], folder),
            )
        )
    return documents
