"""The tender documents of two revisions, rendered with the real renderer and compared by their text.

Both sides are opened like ``tendergen diff`` opens them (:mod:`~tendergen.review.source`: a git revision is read
through git plumbing into a temporary folder, a folder is used as it is), with the project's ``templates/``
overrides of that revision, and loaded and compared with the same code (:mod:`~tendergen.review.diff`). Each
document of :func:`tendergen.render.plan.plan_documents` is then rendered as the build renders it (same context,
same sandboxed templates, same finished HTML tree, same DOCX writer), without the PDF.

A document has *changed* when its text differs. The version and document date are printed on every page, so a
new version alone would mark every document as changed: the old side is therefore compared as it reads under the
new side's version and date (its legal citations stay those valid on its own date). A document whose only
difference is the version and date is unchanged.

While rendering, the environment records which spec fields each document reads (``unit:crisis`` →
``award_criteria.weight``, list positions left out), so that a change notice can list a change under exactly the
documents that show it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lxml.etree import _Element

from tendergen.errors import Problem, RenderError, SpecError
from tendergen.project import Spec
from tendergen.render.document import DOCX, DocumentJob, render_document
from tendergen.render.html import text_of
from tendergen.render.pdf_variants import PDF_A
from tendergen.render.plan import PlannedDocument, PlanningView, build_context, plan_documents, timeline_planning
from tendergen.render.templates import Read, TemplateFailure, TemplateSet
from tendergen.review.changes import ProgrammeDiff
from tendergen.review.diff import Loaded, compare_programme, load_side
from tendergen.review.schedule import Planner
from tendergen.review.source import Side, check_paths, folder_pair, materialise, open_side, repo_location
from tendergen.schedule import timeline_for
from tendergen.stamp import stamp_for

TEMPLATES_DIR = "templates"

Status = Literal["changed", "unchanged", "added", "removed"]


@dataclass
class Programmes:
    """One programme on both sides: the loaded specs (None on a side without it) and their semantic diff."""

    id: str
    old: Loaded | None
    new: Loaded | None
    diff: ProgrammeDiff


@dataclass
class Pair:
    """Both sides of a comparison, loaded; valid while :func:`open_pair`'s block runs."""

    old: Side
    new: Side
    programmes: list[Programmes]


@contextmanager
def open_pair(old: str, new: str, paths: list[str], *, base: Path, planner: Planner | None) -> Iterator[Pair]:
    """Open, load and compare two revisions or folders; raise SpecError (naming the revision) when either is
    invalid."""
    check_paths(paths)
    with open_side(old, paths, base) as before, open_side(new, paths, base) as after:
        old_folders, new_folders = folder_pair(before, after)
        for side in (before, after):
            _add_templates(side, base)
        problems: list[Problem] = []
        old_loaded = load_side(before, old_folders, planner, problems)
        new_loaded = load_side(after, new_folders, planner, problems)
        if problems:
            raise SpecError(problems)
        programmes = []
        for pid in sorted({*old_loaded, *new_loaded}):
            a, b = old_loaded.get(pid), new_loaded.get(pid)
            programmes.append(Programmes(pid, a, b, compare_programme(a, b, computed=planner is not None)))
        yield Pair(before, after, programmes)


def _add_templates(side: Side, base: Path) -> None:
    """A revision's own ``templates/`` overrides (a folder side has them in place already)."""
    if side.info.commit is None:
        return
    top, prefix = repo_location(base)
    materialise(top, side.info.commit, prefix, [TEMPLATES_DIR], side.root, f"{side.info.label}:")


# ---------------------------------------------------------------------- rendering one side


@dataclass(frozen=True)
class Rendered:
    """A document rendered to its finished HTML tree, with what it read from the spec."""

    planned: PlannedDocument
    tree: _Element
    reads: frozenset[Read]
    planning: PlanningView | None

    @property
    def text(self) -> str:
        body = self.tree.find("body")
        return text_of(body) if body is not None else ""


class SideRenderer:
    """Renders the documents of one programme on one side through the build's own render path
    (:func:`tendergen.render.document.render_document`), with field tracing."""

    def __init__(self, spec: Spec, side: Side) -> None:
        self.spec = spec
        self.side = side
        self.templates = TemplateSet.for_project(spec.project_root)
        self.planning = timeline_planning(timeline_for(spec))  # computed once per side, not per document
        self.planned = {p.name: p for p in plan_documents(spec)}

    def job(self, planned: PlannedDocument, *, as_of: Spec | None = None, formats: tuple[str, ...] = ()) -> DocumentJob:
        """The build's job for a document; with ``as_of``, under that spec's version and document date (the law
        stays that of this side's own date)."""
        spec = self.spec
        stamp = stamp_for(spec.programme.document_date)
        if as_of is not None:
            update = {"version": as_of.programme.version, "document_date": as_of.programme.document_date}
            spec = dataclasses.replace(spec, programme=spec.programme.model_copy(update=update))
            stamp = stamp_for(as_of.programme.document_date)
        context, roots = build_context(
            spec, planned, self.planning, stamp.when, legal_date=self.spec.programme.document_date
        )
        return DocumentJob(planned.name, planned.doc.template, context, roots, self.templates, PDF_A, stamp, formats)

    def html(self, planned: PlannedDocument, *, as_of: Spec | None = None) -> Rendered:
        """The finished tree of a document and the spec fields it read."""
        job = self.job(planned, as_of=as_of)
        try:
            done = render_document(job, trace=True)
        except RenderError as exc:
            raise RenderError(self._locate(planned, exc)) from None
        return Rendered(planned, done.tree, done.reads, job.context.get("planning"))

    def docx(self, planned: PlannedDocument) -> bytes:
        """The DOCX the build writes for this document."""
        try:
            return render_document(self.job(planned, formats=(DOCX,))).files[".docx"]
        except RenderError as exc:
            raise RenderError(self._locate(planned, exc)) from None

    def _locate(self, planned: PlannedDocument, error: RenderError) -> str:
        """A failed document, named by its side; a missing spec field at its file, line and column."""
        if isinstance(error, TemplateFailure) and error.ref is not None:
            source = error.ref.source
            doc = self.spec.programme_doc if source == "programme" else self.spec.unit_docs[source.split(":", 1)[1]]
            where = f"{error.template}:{error.line}" if error.line else error.template
            message = f"not set, but template {where} needs it (rendering {planned.name})"
            return self.side.rename(doc.problem(error.ref.path, message)).format()
        return f"{self.side.info.label}: {planned.name}: {error}"


# ---------------------------------------------------------------------- comparing documents


@dataclass
class DocumentDiff:
    """One document of the pack on both sides."""

    name: str
    """Its path in the pack without suffix: ``units/crisis/crisis-programma-van-eisen``."""
    status: Status
    old: Rendered | None = None
    new: Rendered | None = None
    reads: frozenset[Read] = field(default_factory=frozenset)

    def shows(self, source: str, path: tuple[object, ...]) -> bool:
        """Whether the document read the field a change is at, or a field inside it (list keys left out).

        Reading only a container (``{% if unit.award_criteria %}``) does not show a change deeper inside it.
        """
        names = tuple(step for step in path if isinstance(step, str))
        return any(src == source and read[: len(names)] == names for src, read in self.reads)

    @property
    def planned(self) -> PlannedDocument:
        rendered = self.new or self.old
        assert rendered is not None
        return rendered.planned

    @property
    def title(self) -> str:
        """``Programma van Eisen – Segment Crisis``."""
        return f"{self.planned.doc.title} – {self.planned.group}"


@dataclass
class ProgrammeDocuments:
    """The documents of one programme on both sides, with their renderers (for DOCX output)."""

    programme: Programmes
    documents: list[DocumentDiff]
    old: SideRenderer | None
    new: SideRenderer | None


def compare_documents(pair: Pair, programme: Programmes) -> ProgrammeDocuments:
    """Render every document of a programme on both sides and compare their text (see the module doc)."""
    old = SideRenderer(programme.old.spec, pair.old) if programme.old else None
    new = SideRenderer(programme.new.spec, pair.new) if programme.new else None
    names = [
        *(new.planned if new else {}),
        *(n for n in (old.planned if old else {}) if not new or n not in new.planned),
    ]
    documents: list[DocumentDiff] = []
    for name in names:
        before = old.planned.get(name) if old else None
        after = new.planned.get(name) if new else None
        if before is None:
            assert new is not None and after is not None
            rendered = new.html(after)
            documents.append(DocumentDiff(name, "added", new=rendered, reads=rendered.reads))
        elif after is None:
            assert old is not None
            rendered = old.html(before)
            documents.append(DocumentDiff(name, "removed", old=rendered, reads=rendered.reads))
        else:
            assert old is not None and new is not None
            was, now = old.html(before, as_of=new.spec), new.html(after)
            status: Status = "unchanged" if was.text == now.text else "changed"
            documents.append(DocumentDiff(name, status, was, now, was.reads | now.reads))
    return ProgrammeDocuments(programme, documents, old, new)
