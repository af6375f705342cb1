"""A Gantt chart of a timeline as deterministic SVG text (no randomness, no timestamps, fixed number formats).

Rows follow the timeline order (date, end, file order). The left column holds the label (wrapped when
long) and, for entries that are not programme-wide, the scope below it; milestones are diamonds, phases bars,
each coloured by owner with a legend at the bottom. The axis shows months (or quarters, or years for long
plans) with the years above them; an optional today-line is drawn when the date falls inside the plan.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from tendergen.schedule.calendar import format_nl
from tendergen.schedule.model import OWNER_LABELS
from tendergen.schedule.timeline import Entry, Timeline

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
WIDTH = 1120
MARGIN = 16
LABEL_CHAR = 6.9  # average advance of a 12 px DejaVu Sans character
SMALL_CHAR = 5.6  # at 10 px
MAX_LABEL_WIDTH = 380
MIN_LABEL_WIDTH = 180
LINE = 15
SCOPE_LINE = 13
ROW_PAD = 7
AXIS_HEIGHT = 44
TITLE_HEIGHT = 50
MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#6A3D9A",  # purple
    "#8C564B",  # brown
    "#1B3A6B",  # navy
    "#B2182B",  # red
    "#4D9221",  # green
    "#7F7F7F",  # grey
    "#BF812D",  # ochre
)
"""Colour-blind-safe colours first (Okabe-Ito), handed out to the owners a plan uses, in a fixed order."""


def owner_colours(entries: list[Entry]) -> dict[str, str]:
    """A colour per owner present in ``entries``: the most distinct colours go to the owners the plan uses."""
    present = [owner for owner in OWNER_LABELS if any(e.owner == owner for e in entries)]
    return dict(zip(present, PALETTE, strict=False))


@dataclass(frozen=True)
class _Row:
    entry: Entry
    lines: list[str]
    scope: str | None
    top: float
    height: float

    @property
    def middle(self) -> float:
        return self.top + self.height / 2


class _Scale:
    """Maps dates to x positions over whole months."""

    def __init__(self, first: dt.date, last: dt.date, left: float, right: float) -> None:
        self.start = dt.date(first.year, first.month, 1)
        self.stop = _next_month(dt.date(last.year, last.month, 1))
        self.left = left
        self.right = right
        self.per_day = (right - left) / (self.stop - self.start).days

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.start).days * self.per_day

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.stop


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _f(value: float) -> str:
    """Fixed, short number format so that the SVG text is stable."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _el(tag: str, **attrs: str | float) -> str:
    """An empty SVG element; attribute names use ``_`` for ``-`` (``stroke_width``)."""
    parts = [
        f'{name.replace("_", "-")}="{_f(v) if isinstance(v, float | int) else escape(v)}"' for name, v in attrs.items()
    ]
    return f"<{tag} {' '.join(parts)}/>"


def _text(x: float, y: float, content: str, *, size: float = 12, anchor: str = "start", fill: str = "#222222",
          weight: str = "normal") -> str:  # fmt: skip
    attrs = f'x="{_f(x)}" y="{_f(y)}" font-size="{_f(size)}" fill="{fill}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if weight != "normal":
        attrs += f' font-weight="{weight}"'
    return f"<text {attrs}>{escape(content)}</text>"


def _label_width(entries: list[Entry]) -> float:
    longest = max(len(e.label) for e in entries)
    return max(MIN_LABEL_WIDTH, min(MAX_LABEL_WIDTH, longest * LABEL_CHAR + 2 * MARGIN))


def _rows(entries: list[Entry], label_width: float, top: float, known: frozenset[str] = frozenset()) -> list[_Row]:
    chars = int((label_width - 2 * MARGIN) / LABEL_CHAR)
    small = int((label_width - 2 * MARGIN) / SMALL_CHAR)
    rows: list[_Row] = []
    y = top
    for entry in entries:
        lines = textwrap.wrap(entry.label, chars, break_long_words=True) or [entry.label]
        own = entry.scope_kind == "programme" or entry.scope in known
        scope = None if own else textwrap.shorten(entry.scope_label, small, placeholder="…")
        height = len(lines) * LINE + (SCOPE_LINE if scope else 0) + 2 * ROW_PAD
        rows.append(_Row(entry, lines, scope, y, height))
        y += height
    return rows


def _date_text(entry: Entry) -> str:
    if entry.end is None:
        return _short(entry.date)
    return f"{_short(entry.date)} – {_short(entry.end)}"


def _short(day: dt.date) -> str:
    return f"{day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"


def _axis(scale: _Scale, top: float, bottom: float) -> list[str]:
    """Alternating month bands, month/quarter/year labels and year labels above them."""
    parts: list[str] = []
    months = (scale.stop.year - scale.start.year) * 12 + scale.stop.month - scale.start.month
    step = 1 if months <= 24 else (3 if months <= 60 else 12)
    day = scale.start
    index = 0
    while day < scale.stop:
        following = _next_month(day)
        x0, x1 = scale.x(day), scale.x(following)
        if index % 2 == 0:
            parts.append(_el("rect", x=x0, y=top, width=x1 - x0, height=bottom - top, fill="#F3F5F8"))
        if (day.month - 1) % step == 0:
            parts.append(_el("line", x1=x0, y1=top - 18, x2=x0, y2=bottom, stroke="#C9CED6", stroke_width=0.8))
            parts.append(_text(x0 + 3, top - 6, _tick_label(day, step), size=10, fill="#444444"))
        index += 1
        day = following
    parts.extend(_year_labels(scale, top - 24))
    return parts


def _tick_label(day: dt.date, step: int) -> str:
    if step == 1:
        return MONTHS_SHORT[day.month - 1]
    if step == 3:
        return f"K{(day.month - 1) // 3 + 1}"
    return str(day.year)


def _year_labels(scale: _Scale, y: float) -> list[str]:
    parts = []
    for year in range(scale.start.year, scale.stop.year + (1 if scale.stop.month > 1 else 0)):
        first = max(dt.date(year, 1, 1), scale.start)
        last = min(dt.date(year + 1, 1, 1), scale.stop)
        if last <= first:
            continue
        x0, x1 = scale.x(first), scale.x(last)
        parts.append(_el("line", x1=x0, y1=y - 14, x2=x0, y2=y + 6, stroke="#8A93A0", stroke_width=1))
        if x1 - x0 >= 34:
            parts.append(_text(x0 + 4, y, str(year), size=11, fill="#222222", weight="bold"))
    return parts


def _marker(row: _Row, scale: _Scale, colours: dict[str, str]) -> list[str]:
    entry = row.entry
    colour = colours[entry.owner]
    y = row.middle
    if entry.end is None:
        x = scale.x(entry.date) + scale.per_day / 2
        r = 6.5
        outline = f"M{_f(x)} {_f(y - r)} L{_f(x + r)} {_f(y)} L{_f(x)} {_f(y + r)} L{_f(x - r)} {_f(y)} Z"
        shape = _el("path", d=outline, fill=colour, stroke="#FFFFFF", stroke_width=1)
        x_end = x + r
        x_start = x - r
    else:
        x_start = scale.x(entry.date)
        x_end = max(scale.x(entry.end + dt.timedelta(days=1)), x_start + 3)
        shape = _el("rect", x=x_start, y=y - 6, width=x_end - x_start, height=12, rx=3, fill=colour, fill_opacity=0.85)
    label = _date_text(entry)
    width = len(label) * SMALL_CHAR
    if x_end + 6 + width <= scale.right:
        text = _text(x_end + 6, y + 3.5, label, size=10, fill="#333333")
    else:
        text = _text(x_start - 6, y + 3.5, label, size=10, fill="#333333", anchor="end")
    return [shape, text]


def _row_svg(row: _Row, scale: _Scale, width: float, colours: dict[str, str]) -> list[str]:
    entry = row.entry
    tooltip = f"{entry.label} — {_date_text(entry)} — {entry.owner_label}"
    if entry.scope_kind != "programme":
        tooltip += f" — {entry.scope_label}"
    parts = [f'<g id="row-{escape(entry.id)}"><title>{escape(tooltip)}</title>']
    bottom = row.top + row.height
    parts.append(_el("line", x1=MARGIN, y1=bottom, x2=width - MARGIN, y2=bottom, stroke="#E2E6EB", stroke_width=0.8))
    y = row.top + ROW_PAD + 11
    weight = "bold" if entry.kind == "milestone" and entry.type == "start-dienstverlening" else "normal"
    for line in row.lines:
        parts.append(_text(MARGIN, y, line, size=12, weight=weight))
        y += LINE
    if row.scope:
        parts.append(_text(MARGIN, y - 2, row.scope, size=10, fill="#6A7380"))
    parts.extend(_marker(row, scale, colours))
    parts.append("</g>")
    return parts


def _legend(
    owners: list[str], colours: dict[str, str], y: float, width: float, labels: dict[str, str] | None = None
) -> tuple[list[str], float]:
    parts = [_text(MARGIN, y + 10, "Eigenaar:", size=11, fill="#222222", weight="bold")]
    x = MARGIN + 72.0
    for owner in owners:
        label = (labels or {}).get(owner, OWNER_LABELS[owner])
        item = 16 + len(label) * 6.3 + 18
        if x + item > width - MARGIN:
            x = MARGIN + 72.0
            y += 20
        parts.append(_el("rect", x=x, y=y, width=12, height=12, rx=2, fill=colours[owner]))
        parts.append(_text(x + 17, y + 10, label, size=11, fill="#222222"))
        x += item
    y += 22
    parts.append(f'<path d="M{MARGIN + 78} {_f(y + 6)} l6 -6 l6 6 l-6 6 Z" fill="#555555"/>')
    parts.append(_text(MARGIN + 92, y + 10, "mijlpaal", size=11, fill="#222222"))
    parts.append(_el("rect", x=MARGIN + 160, y=y, width=26, height=12, rx=3, fill="#555555", fill_opacity=0.85))
    parts.append(_text(MARGIN + 192, y + 10, "fase", size=11, fill="#222222"))
    return parts, y + 20


def _today(scale: _Scale, today: dt.date | None, top: float, bottom: float) -> list[str]:
    if today is None or not scale.contains(today):
        return []
    x = scale.x(today) + scale.per_day / 2
    return [
        _el(
            "line",
            x1=x,
            y1=top - 38,
            x2=x,
            y2=bottom,
            stroke="#C62828",
            stroke_width=1.5,
            stroke_dasharray="5 3",
        ),
        _text(
            min(max(x, scale.left + 70), scale.right - 70),  # keep the label inside the chart
            top - 42,
            f"vandaag {format_nl(today)}",
            size=10,
            fill="#C62828",
            anchor="middle",
            weight="bold",
        ),
    ]


def gantt_svg(
    timeline: Timeline,
    today: dt.date | None = None,
    *,
    entries: list[Entry] | None = None,
    heading: bool = True,
    fit: bool = False,
    known_scopes: frozenset[str] = frozenset(),
) -> str:
    """The Gantt chart of ``timeline`` as SVG text; ``today`` adds a dashed today-line when inside the plan.

    ``entries`` draws only those rows (on the time axis of the whole plan), for charts split over pages;
    ``heading=False`` leaves out the title lines when the page around the chart has its own heading; ``fit=True``
    draws ``entries`` on a time axis of their own (for one procedure's chart in a tender document), and
    ``known_scopes`` names the scopes (tender or unit ids) the surrounding document is about, which then get no
    scope line under their label. The
    output depends only on its arguments: the same input gives byte-identical SVG.
    """
    rows_of = timeline.milestones if entries is None else entries
    own = fit and bool(rows_of)
    label_width = _label_width(rows_of if own else timeline.milestones)  # the same for every piece of a split chart
    title_height = TITLE_HEIGHT if heading else 12
    axis_top = title_height + AXIS_HEIGHT + (12 if today is not None else 0)
    rows = _rows(rows_of, label_width, axis_top, known_scopes)
    chart_bottom = rows[-1].top + rows[-1].height if rows else axis_top
    start = min(e.date for e in rows_of) if own else timeline.start
    finish = max(e.end or e.date for e in rows_of) if own else timeline.finish
    scale = _Scale(start, finish, label_width, WIDTH - MARGIN)
    colours = owner_colours(timeline.milestones)  # the same colours on every piece of a split chart
    owners = [o for o in colours if any(e.owner == o for e in rows_of)]
    labels = {e.owner: e.owner_label for e in rows_of}  # the operator's owner prints the operator's name
    legend, height = _legend(owners, colours, chart_bottom + 16, WIDTH, labels)
    body = [_el("rect", x=0, y=0, width=WIDTH, height=height + MARGIN, fill="#FFFFFF")]
    if heading:
        period = f"{format_nl(timeline.start)} – {format_nl(timeline.finish)}"
        subtitle = f"{timeline.authority} · versie {timeline.version} · {period}"
        body += [
            _text(MARGIN, 24, timeline.title, size=16, weight="bold"),
            _text(MARGIN, 42, subtitle, size=11, fill="#555555"),
        ]
    body.extend(_axis(scale, axis_top, chart_bottom))
    for row in rows:
        body.extend(_row_svg(row, scale, WIDTH, colours))
    body.extend(_today(scale, today, axis_top, chart_bottom))
    body.extend(legend)
    total = _f(height + MARGIN)
    size = f'width="{WIDTH}" height="{total}" viewBox="0 0 {WIDTH} {total}"'
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} '
        f'font-family="{FONT}" role="img" aria-label="{escape(timeline.title)}">'
    )
    return "\n".join([head, f"<title>{escape(timeline.title)}</title>", *body, "</svg>"]) + "\n"


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height in px of an SVG made by :func:`gantt_svg`."""
    head = svg.split(">", 1)[0]
    width = float(head.split(' width="', 1)[1].split('"', 1)[0])
    height = float(head.split(' height="', 1)[1].split('"', 1)[0])
    return width, height
