"""The timeline PDF (Dutch): Gantt chart, planning table, rule checks and the calendar used.

The template is ``planning.html.j2`` next to the document templates, rendered by the same sandboxed, strict
environment (a project's ``templates/`` overrides it, and ``house.css``), and printed by the same PDF writer as
every document: tagged PDF/A-3a, DejaVu Sans only, nothing fetched but the template folders and the chart's
``data:`` URL. The PDF's creation and modification dates are the programme's document date, so the same inputs
give the same file.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from tendergen import __version__
from tendergen.render.html import finish, serialize
from tendergen.render.pdf import PDF_A, to_pdf
from tendergen.render.templates import TemplateSet, environment
from tendergen.schedule.calendar import dutch_calendar, format_nl, weekday_nl
from tendergen.schedule.compute import FIXED
from tendergen.schedule.gantt import gantt_svg, svg_size
from tendergen.schedule.timeline import Check, Timeline

TEMPLATE = "planning.html.j2"

_OUTCOMES = {
    ("ok", "error"): ("in orde", "ok"),
    ("ok", "warning"): ("in orde", "ok"),
    ("breach", "error"): ("overtreding", "breach"),
    ("breach", "warning"): ("waarschuwing", "warning"),
    ("waived", "error"): ("buiten toepassing", "waived"),
    ("waived", "warning"): ("buiten toepassing", "waived"),
}


def _check_row(check: Check, scopes: dict[str, str]) -> dict[str, str]:
    outcome, css = _OUTCOMES[(check.outcome, check.severity)]
    detail = check.detail_nl or check.detail
    if check.waiver_reason:
        detail += f" — buiten toepassing: {check.waiver_reason}"
    return {
        "label": check.label,
        "scope": scopes.get(check.scope, check.scope),
        "outcome": outcome,
        "css": css,
        "detail": detail,
        "citation": f"{check.citation} (naar analogie)" if check.by_analogy else check.citation,
    }


ROWS_PER_PAGE = 18
PAGE_WIDTH_MM = 273.0
"""Text width of the landscape page (house.css, ``@page planning``: 297 mm less 2 x 12 mm)."""
FIRST_PAGE_HEIGHT_MM = 150.0
"""Room for the chart under the title and subtitle on the first page (210 mm less 38 mm margins, less
the title)."""
PAGE_HEIGHT_MM = 168.0


def _charts(timeline: Timeline, today: dt.date | None) -> list[dict[str, str]]:
    """The Gantt chart in page-sized pieces of at most ROWS_PER_PAGE rows, each scaled to fit its page."""
    entries = timeline.milestones
    count = -(-len(entries) // ROWS_PER_PAGE)  # pages needed
    size = -(-len(entries) // count)  # rows per page, spread evenly
    pieces = [entries[i : i + size] for i in range(0, len(entries), size)]
    charts = []
    for index, piece in enumerate(pieces):
        svg = gantt_svg(timeline, today, entries=piece, heading=False)
        width, height = svg_size(svg)
        room = FIRST_PAGE_HEIGHT_MM if index == 0 else PAGE_HEIGHT_MM
        shown = min(PAGE_WIDTH_MM, room * width / height)
        charts.append(
            {
                "data": base64.b64encode(svg.encode("utf-8")).decode("ascii"),
                "width": f"{shown:.1f}",
                "first": format_nl(min(e.date for e in piece)),
                "last": format_nl(max(e.end or e.date for e in piece)),
            }
        )
    return charts


def _basis(text: str) -> str:
    """How a date was computed; nothing for a date that is simply given."""
    return "" if text == FIXED else text


def planning_html(timeline: Timeline, templates: TemplateSet, today: dt.date | None = None) -> str:
    """The finished HTML the PDF is made from (Dutch), from ``planning.html.j2`` in ``templates``."""
    charts = _charts(timeline, today)
    scopes = {e.scope: e.scope_label for e in timeline.milestones}
    rows = []
    for entry in timeline.milestones:
        when = f"{weekday_nl(entry.date, short=True)} {format_nl(entry.date)}"
        basis = _basis(entry.basis)
        if entry.end is not None:
            when += f" t/m {weekday_nl(entry.end, short=True)} {format_nl(entry.end)}"
            parts = [f"{side}: {_basis(text)}" for side, text in (("begin", entry.basis), ("einde", entry.end_basis))]
            basis = "; ".join(part for part in parts if not part.endswith(": "))
        row = {"when": when, "label": entry.label, "owner": entry.owner_label, "scope": entry.scope_label}
        rows.append({**row, "basis": basis, "note": entry.note})
    calendar = dutch_calendar()
    days_off = [
        f"{weekday_nl(d, short=True)} {format_nl(d)} ({name})"
        for d, name in calendar.non_working_days(timeline.start, timeline.finish)
        if d.weekday() < 5
    ]
    roll_text = (
        "De Algemene termijnenwet wordt toegepast: een termijn die op een zaterdag, zondag of feestdag "
        "eindigt, loopt door tot de eerstvolgende werkdag."
        if timeline.roll_forward
        else "De verschuiving naar de eerstvolgende werkdag uit de Algemene termijnenwet wordt in deze "
        "planning niet toegepast (beleidskeuze van het programma)."
    )
    context: dict[str, Any] = {
        "t": timeline,
        "doc": {"key": "planning", "title": "Planning", "short": "Planning"},
        "build": {
            "date": format_nl(timeline.document_date),
            "timestamp": dt.datetime.combine(timeline.document_date, dt.time(0, 0), tzinfo=dt.UTC).isoformat(),
            "generator": f"tendergen {__version__}",
        },
        "start": format_nl(timeline.start),
        "finish": format_nl(timeline.finish),
        "charts": charts,
        "rows": rows,
        "checks": [_check_row(c, scopes) for c in timeline.checks],
        "roll_text": roll_text,
        "covered": format_nl(timeline.calendar_covered_until) if timeline.calendar_covered_until else "",
        "days_off": days_off,
    }
    html = environment(templates).render(TEMPLATE, context, {})
    return serialize(finish(html))


def planning_pdf(
    timeline: Timeline, templates: TemplateSet, today: dt.date | None = None, *, variant: str = PDF_A
) -> bytes:
    """The timeline PDF as bytes (A4 landscape), printed like every document of the pack."""
    epoch = int(dt.datetime.combine(timeline.document_date, dt.time(0, 0), tzinfo=dt.UTC).timestamp())
    return to_pdf(planning_html(timeline, templates, today), templates, variant=variant, source_date_epoch=epoch)
