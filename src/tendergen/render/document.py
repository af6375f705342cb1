"""Render one document: template → finished HTML → PDF and DOCX; a pure function of its job.

:func:`render_document` is the one render path: ``tendergen build`` calls it (in worker processes, through
:func:`render_files`), and so do the change notice and the redline. Field tracing (which spec fields a document
read) is an option of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml.etree import _Element

from tendergen.errors import RenderError
from tendergen.render.html import finish, serialize, text_of
from tendergen.render.templates import FieldRef, Read, TemplateSet, environment, reference_docx, time_limit
from tendergen.stamp import Stamp

DOCX = "docx"
PDF = "pdf"


@dataclass(frozen=True)
class DocumentJob:
    """Everything one document needs; picklable so it can go to a worker process."""

    name: str
    template: str
    context: dict[str, Any]
    roots: dict[str, FieldRef]
    templates: TemplateSet
    pdf_variant: str
    stamp: Stamp
    formats: tuple[str, ...] = (DOCX, PDF)


@dataclass(frozen=True)
class RenderedDocument:
    """A rendered document: its finished HTML tree, its files by suffix (``.docx``, ``.pdf``) and, when traced, the
    spec fields it read."""

    name: str
    tree: _Element
    files: dict[str, bytes] = field(default_factory=dict)
    reads: frozenset[Read] = frozenset()

    @property
    def text(self) -> str:
        """The visible text of the body (what a reader compares)."""
        body = self.tree.find("body")
        return text_of(body) if body is not None else ""


@dataclass(frozen=True)
class RenderFailure:
    """Why a document failed, in a form the main process can locate in the spec."""

    name: str
    error: RenderError
    template: str = ""
    """The document's template as messages show it (``templates/opdrachtbrief.html.j2``)."""


def render_document(job: DocumentJob, *, trace: bool = False) -> RenderedDocument:
    """Render ``job`` into its finished tree and the files of ``job.formats``; raise RenderError on failure.

    The render is bounded (SECURITY.md): the sandbox counts its operations, and :func:`time_limit` stops a document
    that takes longer than the limit per document.
    """
    with time_limit(what=job.name):
        env = environment(job.templates, trace=trace)
        html = env.render(job.template, job.context, job.roots)
        reads = frozenset(env.reads)
        try:
            tree = finish(html)
        except RenderError as exc:
            where = job.templates.display(job.templates.find(job.template))
            raise RenderError(f"{where}: {exc}") from None
        files: dict[str, bytes] = {}
        if PDF in job.formats:
            from tendergen.render.pdf import to_pdf  # WeasyPrint loads only when a PDF is made

            files[".pdf"] = to_pdf(
                serialize(tree), job.templates, variant=job.pdf_variant, source_date_epoch=job.stamp.epoch
            )
        if DOCX in job.formats:
            from tendergen.render.word import to_docx

            files[".docx"] = to_docx(tree, reference_docx(job.templates), job.stamp.when)
    return RenderedDocument(job.name, tree, dict(sorted(files.items())), reads)


def render_files(job: DocumentJob) -> dict[str, bytes] | RenderFailure:
    """The document's files by suffix, or why it failed (for worker processes: a RenderError is returned)."""
    try:
        return render_document(job).files
    except RenderError as exc:
        return RenderFailure(job.name, exc, _display(job))


def _display(job: DocumentJob) -> str:
    try:
        return job.templates.display(job.templates.find(job.template))
    except RenderError:
        return job.template
