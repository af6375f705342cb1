"""Render one document: template → finished HTML → PDF and DOCX. A pure function of its task (runs in
workers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tendergen.errors import RenderError
from tendergen.render.html import finish, serialize
from tendergen.render.pdf import to_pdf
from tendergen.render.templates import FieldRef, TemplateFailure, TemplateSet, environment
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
    formats: tuple[str, ...] = field(default=(".docx", ".pdf"))


@dataclass(frozen=True)
class RenderFailure:
    """Why a document failed, in a form the main process can locate in the spec."""

    name: str
    error: RenderError


def render_html(task: RenderTask) -> str:
    """The finished HTML of a task (numbered, with table of contents)."""
    env = environment(task.templates)
    html = env.render(task.template, task.context, task.roots)
    return serialize(finish(html))


def render_task(task: RenderTask) -> dict[str, bytes] | RenderFailure:
    """Render the task's outputs by suffix, or return the failure (never raises a RenderError)."""
    try:
        env = environment(task.templates)
        html = env.render(task.template, task.context, task.roots)
        try:
            tree = finish(html)
        except RenderError as exc:
            raise RenderError(
                f"{task.templates.display(task.templates.find(task.template))}: {exc}"
            ) from None
        outputs: dict[str, bytes] = {}
        if ".pdf" in task.formats:
            outputs[".pdf"] = to_pdf(
                serialize(tree),
                task.templates,
                variant=task.pdf_variant,
                source_date_epoch=task.source_date_epoch,
            )
        if ".docx" in task.formats:
            reference = task.templates.find("reference.docx").read_bytes()
            outputs[".docx"] = to_docx(tree, reference, task.timestamp)
        if ".html" in task.formats:
            outputs[".html"] = serialize(tree).encode("utf-8")
        return outputs
    except TemplateFailure as exc:
        return RenderFailure(task.name, exc)
    except RenderError as exc:
        return RenderFailure(task.name, exc)
