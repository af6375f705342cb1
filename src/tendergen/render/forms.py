"""Bidder forms: Word templates with Jinja tags filled by docxtpl (inschrijf-, aanmeld- and aanvraagformulier, eigen
verklaring).

An officer keeps a form in Word: the template is a ``.docx`` with Jinja tags in its paragraphs and tables
(``{{ tender.name }}``, ``{%tr for row in lots %}``) and Word content controls where the bidder types. Built-in
templates ship in ``tendergen/templates/forms/``; a project's ``templates/<key>.docx`` (or
``templates/forms/<key>.docx``) replaces one by name. The tags render in the same sandboxed, strict environment as
the HTML documents, so a tag naming an unset spec field fails with the template and the field.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from tendergen.errors import RenderError
from tendergen.project import Spec
from tendergen.render.plan import PlannedDocument, PlanningView, build_context
from tendergen.render.templates import (
    FieldRef,
    MissingFieldError,
    TemplateFailure,
    TemplateSet,
    environment,
    index_fields,
)
from tendergen.render.zipfix import normalize_zip
from tendergen.spec import Unit
from tendergen.spec.unit import Aanbesteding, Inspanningsgericht, Outputgericht, Taakgericht
from tendergen.stamp import Stamp

FORMS_DIR = "forms"


def find_form(templates: TemplateSet, filename: str) -> Path:
    """The form template ``filename``: a project's ``templates/<filename>`` or ``templates/forms/<filename>``
    first, then the built-in one."""
    for folder in templates.dirs:
        for candidate in (folder / filename, folder / FORMS_DIR / filename):
            if candidate.is_file():
                return candidate
    raise RenderError(f"no form template named `{filename}` in {', '.join(str(d) for d in templates.dirs)}")


def form_template_names(templates: TemplateSet, filenames: set[str]) -> set[str]:
    """The names (relative to their template folder) under which the form templates ``filenames`` may lie, so that
    the HTML documents do not count them among their assets."""
    return {name for name in templates.files() if Path(name).name in filenames and Path(name).suffix == ".docx"}


@dataclass(frozen=True)
class FormJob:
    """Everything one form needs; picklable so it can go to a worker process."""

    name: str
    template: Path
    display: str
    """The template as messages show it (``templates/inschrijfformulier.docx``)."""
    context: dict[str, Any]
    roots: dict[str, FieldRef]
    templates: TemplateSet
    stamp: Stamp


def _no_planning(spec: Spec, scope: str) -> PlanningView | None:
    return None


def form_context(spec: Spec, planned: PlannedDocument, stamp: Stamp) -> tuple[dict[str, Any], dict[str, FieldRef]]:
    """The context of a form: the documents' context plus the rows a form lists (lots, criteria, declarations)."""
    context, roots = build_context(spec, planned, _no_planning, stamp.when)
    units: list[Unit] = context["units"]
    context["lots"] = [
        {"unit": unit, "lot": lot}
        for unit in units
        for lot in (unit.lots or [None])  # type: ignore[list-item]
    ]
    context["criteria"] = [
        {"unit": unit, "c": c} for unit in units for c in unit.award_criteria if c.kind == "kwaliteit"
    ]
    context["price_units"] = [unit for unit in units if unit.price_criteria]
    context["quota_units"] = [unit for unit in units if unit.quota_pct]
    context["requirements"] = [
        {"unit": unit, "q": q} for unit in units for q in unit.quality if q.kind == "eis" and q.evidence
    ]
    tender = context.get("tender")
    procedure = context["legal"]["procedures"].get(tender.procedure) if tender is not None else None
    context["proc"] = procedure
    european = bool(procedure and procedure["european"])
    context["european"] = european
    # art. 5k applies from the date its citation is valid (data/legal/citations.yaml), in European procedures
    context["sanctions"] = european and "eu_sanctions_5k" in context["legal"]["cite"]
    asked = [u.instrument.conduct_certificate for u in units if isinstance(u.instrument, Aanbesteding)]
    context["conduct_certificate"] = any(european if a is None else a for a in asked)
    context["several"] = len(units) > 1
    return context, roots


def form_job(spec: Spec, planned: PlannedDocument, templates: TemplateSet, stamp: Stamp) -> FormJob:
    """The job of one planned form."""
    path = find_form(templates, planned.doc.template)
    context, roots = form_context(spec, planned, stamp)
    return FormJob(planned.name, path, templates.display(path), context, roots, templates, stamp)


def render_form(job: FormJob) -> bytes:
    """The filled form as DOCX bytes (deterministic); TemplateFailure names the template and the spec field."""
    from docxtpl import DocxTemplate

    env = environment(job.templates)
    template = DocxTemplate(str(job.template))
    env.refs = index_fields(job.context, job.roots)
    try:
        template.render(job.context, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        ref = exc.ref if isinstance(exc, MissingFieldError) else None
        raise TemplateFailure(job.display, None, str(exc) or type(exc).__name__, ref) from exc
    finally:
        env.refs = {}
    props = template.docx.core_properties
    when = job.stamp.when.replace(tzinfo=None)
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.last_modified_by = ""
    out = io.BytesIO()
    template.save(out)
    return normalize_zip(out.getvalue(), job.stamp.when)


# --------------------------------------------------------------------------- what a price sheet prices


@dataclass(frozen=True)
class PriceRow:
    """One row of a prijzenblad: a tariff, arrangement or lumpsum with its maximum (or fixed) price and the
    reference volume that weighs it."""

    code: str
    name: str
    unit: str
    price: Any
    offered: bool
    """The bidder offers a price at or below ``price`` (price_basis maximum); otherwise the price is fixed."""
    volume: Any
    lots: tuple[str, ...] = ()
    """The lots the row belongs to; empty: every lot."""


def price_rows(unit: Unit) -> list[PriceRow]:
    """The rows of a unit's prijzenblad, in the order of the spec."""
    funding = unit.funding
    if isinstance(funding, Inspanningsgericht):
        return [
            PriceRow(t.id, t.service, t.unit, t.price, t.price_basis == "maximum", t.reference_volume, tuple(t.lots))
            for t in funding.tariffs
        ]
    if isinstance(funding, Outputgericht):
        return [
            PriceRow(
                a.id, a.name, "arrangement", a.price, a.price_basis == "maximum", a.reference_volume, tuple(a.lots)
            )
            for a in funding.arrangements
        ]
    if isinstance(funding, Taakgericht) and funding.lumpsum is not None:
        lumpsum = funding.lumpsum
        return [PriceRow("LS", "Lumpsum", lumpsum.per, lumpsum.amount, lumpsum.price_basis == "maximum", 1)]
    return []


_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def fix_core_dates(data: bytes, stamp: Stamp) -> bytes:
    """An Office zip with the created/modified dates of ``docProps/core.xml`` set to the stamp, normalised."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    when = stamp.when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "docProps/core.xml":
                content = _CORE_DATES.sub(lambda m: m.group(1) + when + m.group(3), content)
            target.writestr(name, content)
    return normalize_zip(out.getvalue(), stamp.when)
