"""Plain outputs of a timeline: the terminal table, iCalendar (ICS) and JSON. All deterministic."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from icalendar import Calendar, Event

from tendergen import __version__
from tendergen.schedule.timeline import Entry, Timeline

WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
UID_DOMAIN = "tendergen"


def _day(day: dt.date) -> str:
    return f"{WEEKDAYS_EN[day.weekday()]} {day.isoformat()}"


def table_text(timeline: Timeline) -> str:
    """The planning as an aligned text table (date, end, label, owner, scope, basis) for the terminal."""
    header = ("date", "end", "milestone / phase", "owner", "scope", "basis")
    rows = [header]
    for entry in timeline.milestones:
        basis = entry.basis if entry.end is None else f"{entry.basis}; end: {entry.end_basis}"
        end = _day(entry.end) if entry.end else ""
        rows.append((_day(entry.date), end, entry.label, entry.owner, entry.scope, basis))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(header[-1]))
    return "\n".join(lines) + "\n"


def summary_text(timeline: Timeline) -> str:
    """One line: how many rules were checked and how they came out."""
    kept = sum(1 for c in timeline.checks if c.outcome == "ok")
    waived = sum(1 for c in timeline.checks if c.outcome == "waived")
    errors, warnings = len(timeline.errors), len(timeline.warnings)
    text = f"{len(timeline.checks)} rule check(s): {kept} kept, {errors} error(s), {warnings} warning(s)"
    return text + (f", {waived} waived" if waived else "")


def uid(timeline: Timeline, entry: Entry) -> str:
    """A UID that stays the same when dates change, so calendar re-imports update instead of duplicating."""
    return f"{timeline.programme_id}.{entry.id}@{UID_DOMAIN}"


def ics_bytes(timeline: Timeline) -> bytes:
    """An iCalendar file with one all-day event per milestone and one spanning each phase.

    A phase's event runs from its first day to its last day inclusive: DTEND, which iCalendar treats as
    exclusive, is the day after the last day. Milestones and phases share one id space in the schedule, so
    their UIDs cannot collide. DTSTAMP is the programme's document date, not the time of the run, so the file
    is reproducible.
    """
    calendar = Calendar()
    calendar.add("prodid", f"-//tendergen {__version__}//planning//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", timeline.title)
    stamp = dt.datetime.combine(timeline.document_date, dt.time(0, 0), tzinfo=dt.UTC)
    for entry in timeline.milestones:
        last = entry.end if entry.end is not None else entry.date
        event = Event()
        event.add("uid", uid(timeline, entry))
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.date)
        event.add("dtend", last + dt.timedelta(days=1))
        scoped = entry.scope_kind != "programme"
        event.add("summary", f"{entry.label} ({entry.scope_label})" if scoped else entry.label)
        event.add("description", _description(entry))
        event.add("categories", [entry.type])  # the milestone type, or `fase`
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _description(entry: Entry) -> str:
    lines = [f"Eigenaar: {entry.owner_label}", f"Onderdeel: {entry.scope_label}"]
    if entry.end is None:
        lines.append(f"Datum: {entry.basis}")
    else:
        lines += [f"Begin: {entry.basis}", f"Einde: {entry.end_basis}"]
    if entry.note:
        lines.append(entry.note)
    return "\n".join(lines)


def timeline_data(timeline: Timeline) -> dict[str, Any]:
    """The timeline as plain data for other tools (dates as ISO strings)."""
    return {
        "generator": f"tendergen {__version__}",
        "programme": timeline.programme_id,
        "title": timeline.title,
        "authority": timeline.authority,
        "version": timeline.version,
        "document_date": timeline.document_date.isoformat(),
        "source": _project_path(timeline),
        "roll_forward": timeline.roll_forward,
        "milestones": [_entry_data(e) for e in timeline.milestones],
        "checks": [
            {
                "rule": c.rule,
                "label": c.label,
                "source": c.source,
                "scope": c.scope,
                "outcome": c.outcome,
                "severity": c.severity,
                "citation": c.citation,
                "detail": c.detail,
                "dates": {name: day.isoformat() for name, day in c.dates},
                "bound": c.bound.isoformat() if c.bound else None,
                "waiver_reason": c.waiver_reason,
                "by_analogy": c.by_analogy,
            }
            for c in timeline.checks
        ],
        "findings": [
            {
                **f.problem.as_dict(),
                "file": _project_path(timeline),
                "rule": f.rule,
                "citation": f.citation,
                "dates": {n: d.isoformat() for n, d in f.dates},
            }
            for f in timeline.findings
        ],
    }


def _project_path(timeline: Timeline) -> str:
    """The schedule file relative to the project root, so that the JSON does not depend on where it ran."""
    return f"schedules/{timeline.programme_id}.yaml"


def _entry_data(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "type": entry.type,
        "label": entry.label,
        "date": entry.date.isoformat(),
        "end": entry.end.isoformat() if entry.end else None,
        "owner": entry.owner,
        "scope": entry.scope,
        "scope_kind": entry.scope_kind,
        "basis": entry.basis,
        "end_basis": entry.end_basis or None,
        "note": entry.note,
    }


def json_text(timeline: Timeline) -> str:
    """:func:`timeline_data` as indented JSON text."""
    return json.dumps(timeline_data(timeline), indent=2, ensure_ascii=False) + "\n"
