"""Which citations a programme's tender pack prints unverified: the build warns per citation (``--strict`` fails).

Kept apart from the render path on purpose: it reads the templates the planned documents use (and everything
they include) and the procedures of the programme, so it needs no rendering and covers unchanged documents too.
"""

from __future__ import annotations

from tendergen.errors import Problem
from tendergen.project import Spec
from tendergen.render.plan import plan_documents
from tendergen.render.references import CitationUse, scan_citations, unverified_citations
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
    for name in sorted(names):
        path = templates.find(name)
        found = scan_citations(templates.display(path), path.read_text(encoding="utf-8"), procedures)
        for cid, places in found.items():
            uses.setdefault(cid, []).extend(places)
    return unverified_citations(uses, spec.programme.document_date)
