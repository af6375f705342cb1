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
from tendergen.schedule import schedule_path

TEMPLATE = "index.html.j2"

# What `tendergen build` writes to planning/ when the programme has a schedule (see commands/build.py).
PLANNING_FILES = [
    ("Planning met toetsing aan de wettelijke termijnen", "planning/planning.pdf", "PDF"),
    ("Gantt-diagram", "planning/planning.svg", "SVG"),
    ("Mijlpalen voor de agenda (iCalendar)", "planning/planning.ics", "ICS"),
    ("Berekende planning als gegevens", "planning/planning.json", "JSON"),
]


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
    """The documents of one unit, one grouped tender or the programme; ``anchor`` is its id on the page and
    ``see`` names (title, anchor) of the group holding the unit's leidraad, for a unit in a grouped tender."""

    title: str
    subtitle: str
    anchor: str
    documents: list[IndexEntry]
    see: tuple[str, str] | None = None


def render_index(spec: Spec, templates: TemplateSet, manifest: Manifest, sizes: dict[str, int]) -> str:
    """The HTML of the index page; ``sizes`` gives each file's size in bytes."""
    groups: dict[str, IndexGroup] = {}
    for planned in plan_documents(spec):
        entry = manifest.documents[planned.name]
        files = [
            IndexFile(name, Path(name).suffix.lstrip(".").upper(), max(1, round(sizes[name] / 1024)), digest)
            for name, digest in sorted(entry.files.items(), key=lambda item: item[0].endswith(".docx"))
        ]
        if planned.group not in groups:
            overview = planned.doc.key == "programma-overzicht"
            groups[planned.group] = _group(spec, planned.group, () if overview else planned.unit_ids, planned.tender_id)
        groups[planned.group].documents.append(IndexEntry(planned.doc.title, files))
    ordered = sorted(groups.values(), key=lambda g: _ORDER[g.anchor.split("-", 1)[0]])
    context = {
        "programme": spec.programme,
        "groups": ordered,
        "planning": PLANNING_FILES if schedule_path(spec).is_file() else [],
        "unit_word": spec.programme.unit_term,
        "generator": f"tendergen {__version__}",
    }
    return environment(templates).render(TEMPLATE, context, {"programme": FieldRef("programme", ())})


# The programme overview first, then the grouped tenders, then the units (each in plan order: sort is stable).
_ORDER = {"programma": 0, "aanbesteding": 1, "eenheid": 2}


def _group(spec: Spec, title: str, unit_ids: tuple[str, ...], tender_id: str | None) -> IndexGroup:
    if tender_id is not None:
        tender = next(t for t in spec.programme.tenders if t.id == tender_id)
        subtitle = f"{label(tender.procedure, 'procedure')}" + (
            f" · kenmerk {tender.reference}" if tender.reference else ""
        )
        return IndexGroup(title, subtitle, f"aanbesteding-{tender_id}", [])
    if not unit_ids:
        return IndexGroup(title, "Overzicht voor de gemeenteraad", "programma", [])
    unit = spec.unit(unit_ids[0])
    see = None
    grouped = getattr(unit.instrument, "tender", None)
    if grouped is not None:
        tender = next(t for t in spec.programme.tenders if t.id == grouped)
        see = (tender.name, f"aanbesteding-{tender.id}")
    return IndexGroup(title, _subtitle(spec, unit_ids), f"eenheid-{unit.id}", [], see)


def _subtitle(spec: Spec, unit_ids: tuple[str, ...]) -> str:
    unit = spec.unit(unit_ids[0])
    instrument = label(unit.instrument.kind, "instrument")
    procedure = getattr(unit.instrument, "procedure", None)
    if procedure is not None:
        instrument = f"{instrument} · {label(procedure, 'procedure')}"
    if unit.funding is None:
        return instrument
    return f"{instrument} · {label(unit.funding.form, 'funding')}"
