"""The timeline PDF (Dutch): Gantt chart, planning table, rule checks and the calendar used.

Rendered with WeasyPrint from HTML; no file or network is fetched (only the embedded data: URL of the chart).
The PDF's creation and modification dates are the programme's document date, so the same inputs give the same
file.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

from jinja2 import Environment, StrictUndefined

from tendergen.errors import RenderError
from tendergen.schedule.calendar import dutch_calendar, format_nl, weekday_nl
from tendergen.schedule.compute import FIXED
from tendergen.schedule.gantt import gantt_svg, svg_size
from tendergen.schedule.timeline import Check, Timeline

_TEMPLATE = """\
<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{{ t.title }}</title>
<meta name="author" content="{{ t.authority }}">
<meta name="generator" content="tendergen">
<meta name="dcterms.created" content="{{ created }}">
<meta name="dcterms.modified" content="{{ created }}">
<style>
@page { size: A4 landscape; margin: 12mm 12mm 14mm 12mm;
  @bottom-left { content: "{{ t.authority }} · {{ t.title }} · versie {{ t.version }}";
    font-size: 7.5pt; color: #666; }
  @bottom-right { content: "pagina " counter(page) " van " counter(pages); font-size: 7.5pt; color: #666; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 8.5pt; color: #222; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; }
h2 { font-size: 11pt; margin: 6mm 0 2mm 0; break-after: avoid; }
p.meta { color: #555; margin: 0 0 4mm 0; }
div.chart { break-inside: avoid; margin-bottom: 3mm; }
div.chart + div.chart { break-before: page; }
img.gantt { display: block; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; background: #E9EDF2; font-weight: bold; }
th, td { padding: 1.2mm 1.6mm; border-bottom: 0.3pt solid #C9CED6; vertical-align: top; }
tr { break-inside: avoid; }
td.date { white-space: nowrap; }
th.w-date { width: 19%; } th.w-label { width: 20%; } th.w-owner { width: 10%; } th.w-scope { width: 14%; }
th.w-rule { width: 20%; } th.w-outcome { width: 9%; } th.w-source { width: 16%; }
td.basis { color: #444; }
.ok { color: #1B6E20; }
.breach { color: #B71C1C; font-weight: bold; }
.warning { color: #A65C00; font-weight: bold; }
.waived { color: #555; }
.small { font-size: 7.5pt; color: #555; }
</style>
</head>
<body>
<h1>{{ t.title }}</h1>
<p class="meta">{{ t.authority }} · versie {{ t.version }} · {{ document_date }}
 · planning van {{ start }} tot en met {{ finish }}</p>
{% for chart in charts %}<div class="chart"><img class="gantt"
 src="data:image/svg+xml;base64,{{ chart.data }}" style="width: {{ chart.width }}mm"
 alt="Gantt-diagram van de planning ({{ loop.index }}/{{ charts|length }})"></div>
{% endfor %}
<h2>Planning</h2>
<table>
<thead><tr><th class="w-date">Datum</th><th class="w-label">Mijlpaal of fase</th>
<th class="w-owner">Eigenaar</th>
<th class="w-scope">Onderdeel</th><th>Toelichting</th></tr></thead>
<tbody>
{% for row in rows %}<tr>
<td class="date">{{ row.when }}</td><td>{{ row.label }}</td><td>{{ row.owner }}</td><td>{{ row.scope }}</td>
<td class="basis">{{ row.basis }}{% if row.note %}{% if row.basis %}<br>{% endif %}{{ row.note }}{% endif %}
</td>
</tr>{% endfor %}
</tbody>
</table>

<h2>Toetsing aan wettelijke termijnen en eigen beleidsregels</h2>
{% if checks %}<table>
<thead><tr><th class="w-rule">Regel</th><th class="w-scope">Onderdeel</th><th class="w-outcome">Uitkomst</th>
<th>Toelichting</th><th class="w-source">Bron</th></tr></thead>
<tbody>
{% for c in checks %}<tr>
<td>{{ c.label }}</td><td>{{ c.scope }}</td><td class="{{ c.css }}">{{ c.outcome }}</td>
<td>{{ c.detail }}</td>
<td class="small">{{ c.citation }}</td>
</tr>{% endfor %}
</tbody>
</table>{% else %}<p>Geen van de regels is op deze planning van toepassing.</p>{% endif %}

<h2>Kalender</h2>
<p>{{ roll_text }} Werkdagen zijn maandag tot en met vrijdag, behalve de algemeen erkende feestdagen en de
daarmee gelijkgestelde dagen van de Algemene termijnenwet{% if covered %} (gelijkgestelde dagen bekend tot en
met {{ covered }}){% endif %}.</p>
{% if days_off %}<p>Feestdagen en gelijkgestelde dagen op werkdagen in de planperiode:
{{ days_off|join(" · ") }}.</p>
{% endif %}
</body>
</html>
"""

_OUTCOMES = {
    ("ok", "error"): ("in orde", "ok"),
    ("ok", "warning"): ("in orde", "ok"),
    ("breach", "error"): ("overtreding", "breach"),
    ("breach", "warning"): ("waarschuwing", "warning"),
    ("waived", "error"): ("buiten toepassing", "waived"),
    ("waived", "warning"): ("buiten toepassing", "waived"),
}


def _environment() -> Environment:
    return Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


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
        "citation": check.citation,
    }


ROWS_PER_PAGE = 18
PAGE_WIDTH_MM = 273.0
FIRST_PAGE_HEIGHT_MM = 166.0
PAGE_HEIGHT_MM = 180.0


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
        charts.append({"data": base64.b64encode(svg.encode("utf-8")).decode("ascii"), "width": f"{shown:.1f}"})
    return charts


def _basis(text: str) -> str:
    """How a date was computed; nothing for a date that is simply given."""
    return "" if text == FIXED else text


def planning_html(timeline: Timeline, today: dt.date | None = None) -> str:
    """The HTML the PDF is made from (Dutch)."""
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
        "created": timeline.document_date.isoformat(),
        "document_date": format_nl(timeline.document_date),
        "start": format_nl(timeline.start),
        "finish": format_nl(timeline.finish),
        "charts": charts,
        "rows": rows,
        "checks": [_check_row(c, scopes) for c in timeline.checks],
        "roll_text": roll_text,
        "covered": format_nl(timeline.calendar_covered_until) if timeline.calendar_covered_until else "",
        "days_off": days_off,
    }
    return _environment().from_string(_TEMPLATE).render(context)


@contextlib.contextmanager
def _source_date_epoch(day: dt.date) -> Iterator[None]:
    """Pin SOURCE_DATE_EPOCH (unless the caller set it) while rendering: without HarfBuzz's subsetter,
    WeasyPrint subsets fonts with fontTools, which stamps the time into each font unless it is pinned."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    epoch = int(dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC).timestamp())
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _data_only_fetcher() -> Any:
    """A URL fetcher that allows the embedded chart (data: URL) and nothing else: no files, no network."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint >= 68
        return urls.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - older WeasyPrint
        if not url.startswith("data:"):
            raise RenderError(f"the planning PDF may not fetch {url}")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def planning_pdf(timeline: Timeline, today: dt.date | None = None) -> bytes:
    """The timeline PDF as bytes (A4 landscape)."""
    try:
        from weasyprint import HTML
    except ImportError as exc:  # pragma: no cover - weasyprint is a dependency
        raise RenderError(f"WeasyPrint is not available: {exc}") from None
    html = HTML(string=planning_html(timeline, today), url_fetcher=_data_only_fetcher())
    with _source_date_epoch(timeline.document_date):
        pdf = html.write_pdf()
    if pdf is None:  # pragma: no cover - write_pdf without target returns bytes
        raise RenderError("WeasyPrint returned no PDF")
    return bytes(pdf)
