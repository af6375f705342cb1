"""``index.html``: the pack's table of contents for people, linking every document in both formats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tendergen import __version__
from tendergen.project import Spec
from tendergen.render.manifest import Manifest
from tendergen.render.plan import plan_documents
from tendergen.render.references import label
from tendergen.render.templates import FieldRef, TemplateSet, environment

TEMPLATE = "index.html.j2"


@dataclass(frozen=True)
class IndexFile:
    """One file of a document: its link, format and size."""

    href: str
    format: str
    size_kb: int
    sha256: str


@dataclass(frozen=True)
class IndexEntry:
    """One document with its files."""

    title: str
    files: list[IndexFile]


@dataclass(frozen=True)
class IndexGroup:
    """The documents of one unit, one grouped tender or the programme."""

    title: str
    subtitle: str
    documents: list[IndexEntry]


def render_index(spec: Spec, templates: TemplateSet, manifest: Manifest, sizes: dict[str, int]) -> str:
    """The HTML of the index page; ``sizes`` gives each file's size in bytes."""
    groups: dict[str, IndexGroup] = {}
    for planned in plan_documents(spec):
        entry = manifest.documents[planned.name]
        files = [
            IndexFile(name, Path(name).suffix.lstrip(".").upper(), max(1, round(sizes[name] / 1024)), digest)
            for name, digest in sorted(entry.files.items(), key=lambda item: item[0].endswith(".docx"))
        ]
        group = groups.setdefault(planned.group, IndexGroup(planned.group, _subtitle(spec, planned.unit_ids), []))
        group.documents.append(IndexEntry(planned.doc.title, files))
    context = {
        "programme": spec.programme,
        "groups": list(groups.values()),
        "generator": f"tendergen {__version__}",
    }
    return environment(templates).render(TEMPLATE, context, {"programme": FieldRef("programme", ())})


def _subtitle(spec: Spec, unit_ids: tuple[str, ...]) -> str:
    if len(unit_ids) != 1:
        return ""
    unit = spec.unit(unit_ids[0])
    instrument = label(unit.instrument.kind, "instrument")
    if unit.funding is None:
        return instrument
    return f"{instrument} · {label(unit.funding.form, 'funding')}"
