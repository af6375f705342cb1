"""The outputs of a pack, one builder each, in the spirit of Sphinx's ``Builder``.

A builder says what it would make (:meth:`Builder.targets`: every output with the digest of its inputs and a cost
estimate), makes one output on request (:meth:`Target.run`, a picklable call that returns the output's files by
name, so it can run in a worker process), and may add outputs once the others are known (:meth:`Builder.finish`:
the index lists every file with its digest). The pack (:mod:`tendergen.render.pack`) asks every builder, lets the
one manifest decide what is stale, runs the stale targets (in parallel, largest first) and writes.

A new kind of output (a form, a price sheet, a notice) is one more builder.
"""

from __future__ import annotations

import datetime as dt
import functools
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tendergen import __version__
from tendergen.catalogue import catalogue
from tendergen.errors import RenderError
from tendergen.project import Project, Spec
from tendergen.render.document import DocumentJob, RenderFailure, render_files
from tendergen.render.forms import FormJob, form_job, form_template_names, render_form
from tendergen.render.manifest import Manifest, sha256
from tendergen.render.pdf_variants import PDF_A
from tendergen.render.plan import PlannedDocument, Planning, build_context, context_digest, plan_documents
from tendergen.render.templates import TemplateSet, environment, template_digest
from tendergen.schedule import Timeline
from tendergen.stamp import Stamp, stamp_for

Files = dict[str, bytes]
"""An output's files: pack-relative name → bytes."""


@dataclass(frozen=True)
class Target:
    """One output a builder can make: its name in the manifest, the digest of everything it is made from, a cost
    estimate (larger runs first), and the call that makes it."""

    name: str
    builder: str
    digest: str
    run: Callable[[], Files]
    cost: int = 1


@dataclass(frozen=True)
class BuildSettings:
    """What every builder of one pack shares."""

    project: Project
    templates: TemplateSet
    pdf_variant: str
    planning: Planning

    @property
    def stamp(self) -> Stamp:
        return stamp_for(self.project.spec.programme.document_date)


class Builder(ABC):
    """Makes one kind of output of a pack."""

    name: str = ""
    parallel: bool = True
    """Its targets may run in worker processes."""

    def __init__(self, settings: BuildSettings) -> None:
        self.settings = settings

    @abstractmethod
    def targets(self) -> list[Target]:
        """Every output this builder makes for the pack, with its input digest."""

    def finish(self, manifest: Manifest, sizes: dict[str, int]) -> list[Target]:
        """Outputs that depend on the others (their final manifest and file sizes); none by default."""
        return []


def _asset_files(templates: TemplateSet) -> list[str]:
    """house.css, reference.docx, fonts and other files a document may pull in (all are hashed); the Word forms
    are not among them (each form hashes its own template)."""
    forms = {d.template for d in catalogue().documents.values() if d.writer == "form"}
    skip = form_template_names(templates, forms)
    return [
        name
        for name in templates.files()
        if not name.endswith((".j2", ".md")) and name not in skip and not name.startswith("contractstandaard-")
    ]


class RenderFailed(Exception):
    """A target failed in a worker; carries the failure so the pack can locate it."""

    def __init__(self, failure: RenderFailure) -> None:
        super().__init__(failure.name)
        self.failure = failure


def _document_files(job: DocumentJob) -> Files:
    result = render_files(job)
    if isinstance(result, RenderFailure):
        raise RenderFailed(result)
    return {f"{job.name}{suffix}": data for suffix, data in result.items()}


class DocumentBuilder(Builder):
    """The template documents of the catalogue (``writer: html``): leidraad, PvE, contracts, overview …"""

    name = "document"

    def targets(self) -> list[Target]:
        settings = self.settings
        spec = settings.project.spec
        env = environment(settings.templates)
        stamp = settings.stamp
        assets = _asset_files(settings.templates)
        found: list[Target] = []
        for planned in plan_documents(spec):
            job = self.job(planned)
            names = [*env.closure(planned.doc.template), *assets]
            inputs = (
                f"{context_digest(job.context)}:{template_digest(settings.templates, names)}:"
                f"{settings.pdf_variant}:{stamp.epoch}"
            )
            cost = len(planned.unit_ids) * (3 if planned.doc.scope != "unit" else 1)
            run = functools.partial(_document_files, job)
            found.append(Target(planned.name, self.name, sha256(inputs.encode()), run, cost))
        return found

    def job(self, planned: PlannedDocument, formats: tuple[str, ...] = ("docx", "pdf")) -> DocumentJob:
        """The render job of one planned document."""
        settings = self.settings
        stamp = settings.stamp
        context, roots = build_context(settings.project.spec, planned, settings.planning, stamp.when)
        return DocumentJob(
            planned.name,
            planned.doc.template,
            context,
            roots,
            settings.templates,
            settings.pdf_variant,
            stamp,
            formats,
        )


def _form_files(job: FormJob) -> Files:
    try:
        return {f"{job.name}.docx": render_form(job)}
    except RenderError as exc:
        raise RenderFailed(RenderFailure(job.name, exc, job.display)) from None


class FormBuilder(Builder):
    """The Word forms a bidder fills in (``writer: form``), filled by docxtpl from ``<key>.docx`` templates."""

    name = "form"

    def targets(self) -> list[Target]:
        settings = self.settings
        spec = settings.project.spec
        found: list[Target] = []
        for planned in plan_documents(spec, ("form",)):
            job = form_job(spec, planned, settings.templates, settings.stamp)
            template = hashlib_file(job.template)
            inputs = f"{context_digest(job.context)}:{job.display}:{template}:{settings.stamp.epoch}:{__version__}"
            run = functools.partial(_form_files, job)
            found.append(Target(planned.name, self.name, sha256(inputs.encode()), run))
        return found


def hashlib_file(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return sha256(path.read_bytes())


def _sheet_files(name: str, make: Callable[[], bytes]) -> Files:
    return {f"{name}.xlsx": make()}


class SheetBuilder(Builder):
    """The spreadsheets a bidder fills in (``writer: sheet``): the prijzenblad of a unit with a price criterion and
    the vragenformulier of a procedure."""

    name = "sheet"

    def targets(self) -> list[Target]:
        from tendergen.render.sheets import prijzenblad, vragenformulier

        settings = self.settings
        spec = settings.project.spec
        programme = spec.programme
        stamp = settings.stamp
        found: list[Target] = []
        for planned in plan_documents(spec, ("sheet",)):
            units = [spec.unit(u) for u in planned.unit_ids]
            make: Callable[[], bytes]
            if planned.doc.key == "prijzenblad":
                make = functools.partial(prijzenblad, programme, units[0], stamp)
                data: object = {"programme": programme, "unit": units[0]}
            elif planned.doc.key == "vragenformulier":
                documents = _question_documents(spec, planned)
                make = functools.partial(vragenformulier, programme, planned.group, documents, stamp)
                data = {"programme": programme, "documents": documents, "title": planned.group}
            else:
                raise RenderError(f"no spreadsheet writer for document type `{planned.doc.key}`")
            inputs = f"{planned.doc.key}:{context_digest({'data': data})}:{stamp.epoch}:{__version__}"
            run = functools.partial(_sheet_files, planned.name, make)
            found.append(Target(planned.name, self.name, sha256(inputs.encode()), run))
        return found


def _question_documents(spec: Spec, planned: PlannedDocument) -> list[tuple[str, str]]:
    """(key, title) of the documents of this procedure that a question may be about, in pack order: only those
    the pack holds for its units (a prijzenblad only where price is scored), named with their unit when the
    procedure buys several."""
    mine = set(planned.unit_ids)
    several = len(mine) > 1
    words = spec.programme.words
    found: dict[tuple[str, str], str] = {}  # (key, title) → scope
    for other in plan_documents(spec, ("html", "form", "sheet")):
        if not mine & set(other.unit_ids) or not other.doc.for_bidders or other.doc.returned == "questions":
            continue
        title = other.title
        if several and other.doc.scope == "unit" and len(other.unit_ids) == 1:
            title = f"{title} ({words.word} {spec.unit(other.unit_ids[0]).name})"
        found.setdefault((other.doc.key, title), other.doc.scope)
    # the procedure's own documents (the leidraad, the forms) first, then each unit's
    ordered = sorted(found.items(), key=lambda item: item[1] != "procedure")
    return [(key, title) for (key, title), _ in ordered]


PLANNING_DIR = "planning"
PLANNING_STEM = f"{PLANNING_DIR}/planning"


def planning_outputs(
    timeline: Timeline, templates: TemplateSet, *, today: dt.date | None = None, variant: str | None = None
) -> dict[str, bytes]:
    """Every planning file by suffix (``.svg``, ``.pdf``, ``.ics``, ``.json``), rendered in memory."""
    from tendergen.schedule import gantt_svg
    from tendergen.schedule.export import ics_bytes, json_text
    from tendergen.schedule.pdf import planning_pdf

    return {
        ".svg": gantt_svg(timeline, today).encode("utf-8"),
        ".pdf": planning_pdf(timeline, templates, today, variant=variant or PDF_A),
        ".ics": ics_bytes(timeline),
        ".json": json_text(timeline).encode("utf-8"),
    }


def _planning_files(timeline: Timeline, templates: TemplateSet, variant: str) -> Files:
    files = planning_outputs(timeline, templates, variant=variant)
    return {f"{PLANNING_STEM}{suffix}": data for suffix, data in files.items()}


class PlanningBuilder(Builder):
    """The programme's planning: Gantt chart (SVG), PDF, iCalendar and JSON, when it has a schedule."""

    name = "planning"

    def targets(self) -> list[Target]:
        from tendergen.schedule.export import json_text

        timeline = self.settings.project.timeline
        doc = catalogue().documents.get("planning")
        if timeline is None or doc is None:
            return []
        templates = self.settings.templates
        names = (
            [*environment(templates).closure(doc.template), *_asset_files(templates)]
            if _has(templates, doc.template)
            else _asset_files(templates)
        )
        inputs = (
            f"{json_text(timeline)}:{template_digest(templates, names)}:{self.settings.pdf_variant}:"
            f"{self.settings.stamp.epoch}"
        )
        run = functools.partial(_planning_files, timeline, templates, self.settings.pdf_variant)
        return [Target(PLANNING_STEM, self.name, sha256(inputs.encode()), run, cost=2)]


def _has(templates: TemplateSet, name: str) -> bool:
    try:
        templates.find(name)
    except RenderError:
        return False
    return True


INDEX = "index.html"


class IndexBuilder(Builder):
    """``index.html``: every file of the pack with its format, size and digest; made after all the others."""

    name = "index"
    parallel = False

    def targets(self) -> list[Target]:
        return []

    def finish(self, manifest: Manifest, sizes: dict[str, int]) -> list[Target]:
        from tendergen.render.index import TEMPLATE, render_index

        settings = self.settings
        templates = settings.templates
        names = [*environment(templates).closure(TEMPLATE), *_asset_files(templates)]
        listed = sorted((name, digest, sizes[name]) for name, digest in manifest.digests().items())
        inputs = f"{context_digest({'programme': settings.project.spec.programme, 'files': listed})}:" + (
            f"{template_digest(templates, names)}:{__version__}"
        )
        spec = settings.project.spec

        def run() -> Files:
            return {INDEX: render_index(spec, templates, manifest, sizes).encode("utf-8")}

        return [Target(INDEX, self.name, sha256(inputs.encode()), run)]


def _report_files(name: str, data: bytes) -> Files:
    return {f"{name}.json": data}


class StandardBuilder(Builder):
    """The documents of a national contract standard (``writer: standard``) for every unit that uses it: the
    fitting inkoopdocument and the overeenkomst, filled in the user's copies of the official Word files, as DOCX
    and PDF, with a JSON report of every placeholder and the value used. The fill runs here, in the main process,
    so that every unfilled placeholder and every deviation from the standard of the whole programme is reported at
    once (a located error each); the PDFs are printed by the workers."""

    name = "standard"

    def targets(self) -> list[Target]:
        from tendergen.standard.build import REPORT, fill_unit, pdf_files, report_json
        from tendergen.standard.context import uses_standard

        settings = self.settings
        spec = settings.project.spec
        cat = catalogue()
        if REPORT not in cat.documents:
            return []
        found: list[Target] = []
        problems = []
        epoch = settings.stamp.epoch
        for unit in spec.units:
            if not uses_standard(spec, unit):
                continue
            instrument = unit.instrument
            scope = getattr(instrument, "tender", None) or unit.id
            out = fill_unit(spec, unit, settings.templates, settings.planning(spec, scope), settings.stamp.when)
            problems.extend(out.problems)
            if out.problems or out.profile is None:
                continue
            names = {p.doc.key: p.name for p in plan_documents(spec, ("standard",)) if p.unit_ids == (unit.id,)}
            for key, (profile_key, data) in out.documents.items():
                name = names[key]
                inputs = f"{sha256(data)}:{profile_key}:{settings.pdf_variant}:{epoch}:{__version__}"
                run = functools.partial(
                    pdf_files, name, profile_key, data, out.profile, settings.templates, settings.pdf_variant, epoch
                )
                found.append(Target(name, self.name, sha256(inputs.encode()), run, cost=3))
            report = report_json(out)
            name = names[REPORT]
            found.append(Target(name, self.name, sha256(report), functools.partial(_report_files, name, report)))
        if problems:
            raise RenderError("\n".join(p.format() for p in problems), problems)
        return found


BUILDERS: tuple[type[Builder], ...] = (
    DocumentBuilder,
    FormBuilder,
    SheetBuilder,
    StandardBuilder,
    PlanningBuilder,
    IndexBuilder,
)
"""The builders of ``tendergen build``, in the order their outputs are listed."""


def pack_builders(settings: BuildSettings) -> list[Builder]:
    """One instance of every builder for a pack."""
    return [cls(settings) for cls in BUILDERS]
