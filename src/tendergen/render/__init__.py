"""Render the tender pack: documents per instrument as DOCX and PDF, the planning, a programme overview and an
index page.

Pipeline per document: Jinja template (sandboxed, strict) → HTML → finished tree (numbering, table of
contents) → PDF (WeasyPrint) and DOCX (python-docx on the house-style reference document). Every output comes from
a builder (:mod:`tendergen.render.builders`); one manifest decides what is stale.
"""

from __future__ import annotations

from tendergen.render.pack import BuildOptions, BuildReport, build_pack
from tendergen.render.plan import PlanningRow, PlanningView, planning_rows

__all__ = ["BuildOptions", "BuildReport", "PlanningRow", "PlanningView", "build_pack", "planning_rows"]
