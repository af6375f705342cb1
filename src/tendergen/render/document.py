"""Render one document: template → finished HTML → PDF and DOCX; a pure function of its task."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tendergen.errors import RenderError
from tendergen.render.html import finish, serialize
from tendergen.render.pdf import to_pdf
from tendergen.render.templates import FieldRef, TemplateSet, environment, reference_docx, time_limit
from tendergen.render.word import to_docx


@dataclass(frozen=True)
class RenderTask:
    """Everything one document needs; picklable so it can go to a worker process."""

    name: str
    template: str
    context: dict[str, Any]
    roots: dict[str, FieldRef]
    templates: TemplateSet
    pdf_variant: str
    timestamp: dt.datetime
    source_date_epoch: int


@dataclass(frozen=True)
class RenderFailure:
    """Why a document failed, in a form the main process can locate in the spec."""

    name: str
    error: RenderError


def render_task(task: RenderTask) -> dict[str, bytes] | RenderFailure:
    """The document's files by suffix (``.docx``, ``.pdf``), or why it failed (a RenderError is returned)."""
    try:
        with time_limit(what=task.name):  # SECURITY.md: render limits
            html = environment(task.templates).render(task.template, task.context, task.roots)
            try:
                tree = finish(html)
            except RenderError as exc:
                where = task.templates.display(task.templates.find(task.template))
                raise RenderError(f"{where}: {exc}") from None
            pdf = to_pdf(
                serialize(tree),
                task.templates,
                variant=task.pdf_variant,
                source_date_epoch=task.source_date_epoch,
            )
            docx = to_docx(tree, reference_docx(task.templates), task.timestamp)
            return {".docx": docx, ".pdf": pdf}
    except RenderError as exc:
        return RenderFailure(task.name, exc)
