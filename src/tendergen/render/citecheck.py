"""Which citations a programme's tender pack prints unverified: the build warns per citation (``--strict`` fails).

Kept apart from the render path on purpose: it reads the templates the planned documents use (and everything
they include) and the procedures of the programme, so it needs no rendering and covers unchanged documents too.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from tendergen.errors import Problem
from tendergen.project import Spec
from tendergen.render.forms import find_form
from tendergen.render.plan import plan_documents
from tendergen.render.references import CitationUse, citation_table, scan_citations, unverified_citations
from tendergen.render.templates import TemplateSet, environment
from tendergen.spec.unit import Aanbesteding


def citation_warnings(spec: Spec) -> list[Problem]:
    """Located warnings for every unverified citation the documents of ``spec`` print on its document date."""
    templates = TemplateSet.for_project(spec.project_root)
    env = environment(templates)
    names: set[str] = set()
    for planned in plan_documents(spec):
        names.update(env.closure(planned.doc.template))
    procedures: set[str] = {t.procedure for t in spec.programme.tenders}
    for unit in spec.units:
        if isinstance(unit.instrument, Aanbesteding) and unit.instrument.procedure:
            procedures.add(unit.instrument.procedure)
    uses: dict[str, list[CitationUse]] = {}
    sources = [
        (templates.display(path), path.read_text(encoding="utf-8")) for path in map(templates.find, sorted(names))
    ]
    forms = sorted({find_form(templates, p.doc.template) for p in plan_documents(spec, ("form",))})
    sources.extend((templates.display(path), _form_text(path)) for path in forms)
    for display, text in sources:
        for cid, places in scan_citations(display, text, procedures).items():
            uses.setdefault(cid, []).extend(places)
    for citation in citation_table().citations:
        if citation.replaced_by and _field(spec.programme, citation.replaced_by) is not None:
            uses.pop(citation.id, None)  # the documents print the spec's fact instead
    return unverified_citations(uses, spec.programme.document_date)


def _field(model: object, dotted: str) -> object:
    value: object = model
    for name in dotted.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def _form_text(path: Path) -> str:
    """The Jinja source of a Word form: its body XML without the XML tags (docxtpl joins runs the same way)."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml)
