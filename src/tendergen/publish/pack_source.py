"""The one place publishing reads the built pack (``tendergen build``): which documents exist, their files, and
whether they are stale. Everything else in :mod:`tendergen.publish` goes through :func:`built_documents`.

It asks the build's own document builder for each document's input digest and the build manifest
(``.tendergen-build.json``) whether the files on disk still match it; the PDF variant is the default one (a pack
built with ``--pdf-ua`` counts as stale, so publish asks for the default build).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tendergen.catalogue import Writer
from tendergen.project import Project, Spec
from tendergen.render.builders import BuildSettings, DocumentBuilder, FormBuilder, SheetBuilder
from tendergen.render.manifest import Manifest
from tendergen.render.pack import pack_folder
from tendergen.render.pdf_variants import PDF_A
from tendergen.render.plan import plan_documents, timeline_planning
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


PUBLISHED_WRITERS: tuple[Writer, ...] = ("html", "form", "sheet")
"""The documents a publication pack can hold: the template documents and the forms and sheets bidders fill in."""


def pack_root(spec: Spec, output_root: Path | None = None) -> Path:
    """The folder ``tendergen build`` writes the programme's pack to."""
    return pack_folder(spec, output_root)


def built_documents(project: Project, output_root: Path | None = None) -> list[BuiltDocument]:
    """Every document, form and sheet the programme's pack should hold, in the build's order, with its files and
    whether the build's manifest still vouches for them (same input digest, files unchanged on disk)."""
    spec = project.spec
    folder = pack_folder(spec, output_root)
    templates = TemplateSet.for_project(spec.project_root)
    settings = BuildSettings(project, templates, PDF_A, timeline_planning(project.timeline))
    builders = (DocumentBuilder(settings), FormBuilder(settings), SheetBuilder(settings))
    targets = {t.name: t for builder in builders for t in builder.targets()}
    manifest = Manifest.load(folder)
    documents: list[BuiltDocument] = []
    for plan in plan_documents(spec, PUBLISHED_WRITERS):
        target = targets[plan.name]
        entry = manifest.outputs.get(plan.name)
        files: dict[str, Path] = {}
        if entry is not None:
            for file in sorted(entry.files):
                files[file[len(plan.name) :]] = folder / file
        documents.append(
            BuiltDocument(
                name=plan.name,
                kind=plan.doc.key,
                title=plan.doc.title,
                unit_ids=plan.unit_ids,
                tender_id=plan.tender_id,
                files=files,
                stale=not manifest.fresh(plan.name, target.digest, folder),
            )
        )
    return documents
