"""``index.html``: the pack's table of contents for people, linking every document in both formats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tendergen import __version__
from tendergen.catalogue import catalogue
from tendergen.project import Spec
from tendergen.render.manifest import Manifest
from tendergen.render.plan import plan_documents
from tendergen.render.references import label
from tendergen.render.templates import FieldRef, TemplateSet, environment

TEMPLATE = "index.html.j2"

# How the index describes each planning file (the planning builder writes them when the programme has a schedule).
PLANNING_LABELS = {
    ".pdf": "Planning met toetsing aan de wettelijke termijnen",
    ".svg": "Gantt-diagram",
    ".ics": "Mijlpalen voor de agenda (iCalendar)",
    ".json": "Berekende planning als gegevens",
}
PLANNING_OUTPUT = "planning/planning"


@dataclass(frozen=True)
class IndexFile:
    """One file of a document: its link, format and size."""

    href: str
    format: str
    size_kb: int
    sha256: str


@dataclass(frozen=True)
class IndexEntry:
    """One document with its files; ``returned`` says when a bidder fills it in and returns it (``bid`` or
    ``questions``), None for a document only to read."""

    title: str
    files: list[IndexFile]
    returned: str | None = None
    submission: str | None = None
    """What the form is handed in with (``de inschrijving``, ``de aanvraag tot toelating``)."""


@dataclass(frozen=True)
class IndexGroup:
    """The documents of one unit, one grouped tender or the programme; ``anchor`` is its id on the page and
    ``see`` names (title, anchor) of the group holding the unit's leidraad, for a unit in a grouped tender."""

    title: str
    subtitle: str
    anchor: str
    documents: list[IndexEntry]
    see: tuple[str, str] | None = None
    order: int = 0
    """The programme first (0), then the grouped tenders (1), then the units (2)."""
    part_of: tuple[str, tuple[str, ...]] | None = None
    """For a part of a unit with parts: the unit's name and the names of all its parts."""


def render_index(spec: Spec, templates: TemplateSet, manifest: Manifest, sizes: dict[str, int]) -> str:
    """The HTML of the index page; ``sizes`` gives each file's size in bytes."""
    groups: dict[str, IndexGroup] = {}
    for planned in plan_documents(spec, ("standard", "html", "form", "sheet")):
        entry = manifest.outputs[planned.name]
        files = [
            IndexFile(name, Path(name).suffix.lstrip(".").upper(), max(1, round(sizes[name] / 1024)), digest)
            for name, digest in sorted(entry.files.items(), key=lambda item: item[0].endswith(".docx"))
        ]
        if planned.group not in groups:
            whole = planned.doc.scope == "programme"
            groups[planned.group] = _group(spec, planned.group, () if whole else planned.unit_ids, planned.tender_id)
        kinds = {spec.unit(u).instrument.kind for u in planned.unit_ids}
        submission = catalogue().instruments[kinds.pop()].submission if len(kinds) == 1 else None
        groups[planned.group].documents.append(IndexEntry(planned.title, files, planned.doc.returned, submission))
    ordered = sorted(groups.values(), key=lambda g: g.order)  # stable: plan order within each kind
    planning = manifest.outputs.get(PLANNING_OUTPUT)
    planning_files = [
        (text, f"{PLANNING_OUTPUT}{suffix}", suffix.lstrip(".").upper())
        for suffix, text in PLANNING_LABELS.items()
        if planning is not None and f"{PLANNING_OUTPUT}{suffix}" in planning.files
    ]
    context = {
        "programme": spec.programme,
        "groups": ordered,
        "planning": planning_files,
        "unit_word": spec.programme.unit_term,
        "unit_words": spec.programme.words.plural,
        "generator": f"tendergen {__version__}",
    }
    return environment(templates).render(TEMPLATE, context, {"programme": FieldRef("programme", ())})


def _group(spec: Spec, title: str, unit_ids: tuple[str, ...], tender_id: str | None) -> IndexGroup:
    if tender_id is not None:
        tender = next(t for t in spec.programme.tenders if t.id == tender_id)
        subtitle = f"{label(tender.procedure, 'procedure')}" + (
            f" · kenmerk {tender.reference}" if tender.reference else ""
        )
        return IndexGroup(title, subtitle, f"aanbesteding-{tender_id}", [], order=1)
    if not unit_ids:
        return IndexGroup(title, "Overzicht voor de gemeenteraad", "programma", [], order=0)
    unit = spec.unit(unit_ids[0])
    see = None
    grouped = getattr(unit.instrument, "tender", None)
    if grouped is not None:
        tender = next(t for t in spec.programme.tenders if t.id == grouped)
        see = (tender.name, f"aanbesteding-{tender.id}")
    whole = spec.part_of(unit.id)
    part_of = (whole.name, tuple(p.name for p in whole.parts)) if whole is not None else None
    return IndexGroup(title, _subtitle(spec, unit_ids), f"eenheid-{unit.id}", [], see, order=2, part_of=part_of)


def _subtitle(spec: Spec, unit_ids: tuple[str, ...]) -> str:
    unit = spec.unit(unit_ids[0])
    instrument = label(unit.instrument.kind, "instrument")
    procedure = getattr(unit.instrument, "procedure", None)
    if procedure is not None:
        instrument = f"{instrument} · {label(procedure, 'procedure')}"
    if unit.funding is None:
        return instrument
    return f"{instrument} · {label(unit.funding.form, 'funding')}"
