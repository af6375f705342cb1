"""The diff report as text (for a terminal), Markdown (for a pull-request comment) or JSON (for tools).

JSON structure (``"format": "tendergen-diff", "version": 1``; keys are stable, new keys may be added)::

    {"format", "version", "changed": bool, "count": int,
     "old": {"label", "kind": "git"|"directory", "commit"}, "new": {...},
     "programmes": [{"id", "title", "unit_term", "status": "added"|"removed"|"changed"|"unchanged",
                     "changes": [CHANGE], "units": [{"id", "name", "status", "changes": [CHANGE]}],
                     "schedule": {"computed": bool, "changes": [CHANGE]}, "qa": [CHANGE]}]}
    CHANGE = {"kind": "added"|"removed"|"changed"|"moved", "field": "quality[Q-CRI-03].text",
              "path": ["quality", "Q-CRI-03", "text"], "section": "quality", "subject", "old", "new",
              "old_text", "new_text", "member": bool, "note", "for_bidders": bool, "text"}

``old``/``new`` are the values as data (amounts and percentages as exact decimal strings, dates as ISO strings,
whole items as objects); ``text`` is the line the text output shows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import click

from tendergen.dutch import unit_words
from tendergen.review.changes import Change, ProgrammeDiff, Report, UnitDiff

Style = Callable[[str, str], str]

_COLOURS = {"added": "green", "removed": "red", "moved": "cyan", "changed": "yellow"}
_LONG = 80


def as_json(report: Report) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------- text


def as_text(report: Report, *, color: bool = False) -> str:
    """One header per changed programme, then one line per change, prefixed with what it belongs to."""
    lines: list[str] = []
    for programme in report.programmes:
        if programme.status == "unchanged":
            continue
        if lines:
            lines.append("")
        header = f"programme {programme.id} (“{programme.title}”)"
        if programme.status in ("added", "removed"):
            count = f"{len(programme.units)} {_plural(programme.unit_term, len(programme.units))}"
            header += f" {programme.status}: {count}"
        lines.append(click.style(header, bold=True) if color else header)
        lines.extend(f"  {line}" for line in _text_lines(programme, color))
    if not lines:
        return f"no changes between {report.old.label} and {report.new.label}\n"
    return "\n".join(lines) + "\n"


def _text_lines(programme: ProgrammeDiff, color: bool) -> Iterator[str]:
    if programme.status in ("added", "removed"):
        for unit in programme.units:
            yield f"{programme.unit_term} {unit.id}: {unit.changes[0].new_text or unit.changes[0].old_text}"
        return
    for change in programme.changes:
        yield _line("programme", change, color)
    for unit in programme.changed_units:
        for change in unit.changes:
            yield _line(f"{programme.unit_term} {unit.id}", change, color)
    for change in programme.schedule:
        yield _line("schedule", change, color)
    for change in programme.qa:
        yield _line("Q&A", change, color)


def _line(prefix: str, change: Change, color: bool) -> str:
    text = change.describe()
    if color and change.kind == "changed" and change.old_text and change.new_text:
        old = click.style(change.old_text, fg="red")
        new = click.style(change.new_text, fg="green")
        note = f" ({change.note})" if change.note else ""
        text = f"{change.subject} {old} → {new}{note}"
    elif color:
        text = click.style(text, fg=_COLOURS[change.kind])
    return f"{prefix}: {text}" if change.path else f"{prefix} {text}"


def _plural(term: str, count: int) -> str:
    if count == 1:
        return term
    words = unit_words(term)
    return words.plural if words is not None else term


# ---------------------------------------------------------------------- markdown


def as_markdown(report: Report) -> str:
    """Headings per programme and unit, one bullet per change; long prose as was/now sub-bullets."""
    changed = [p for p in report.programmes if p.status != "unchanged"]
    out = [f"## Spec changes: `{report.old.label}` → `{report.new.label}`", ""]
    if not changed:
        out.append(f"No changes in {len(report.programmes)} programme(s).")
        return "\n".join(out) + "\n"
    units = sum(len(p.changed_units) for p in changed)
    out.append(
        f"{report.count} change(s) in {len(changed)} of {len(report.programmes)} programme(s); "
        f"{units} unit(s) affected."
    )
    for programme in changed:
        out.extend(["", *_md_programme(programme)])
    return "\n".join(out) + "\n"


def _md_programme(programme: ProgrammeDiff) -> Iterator[str]:
    status = f" ({programme.status})" if programme.status in ("added", "removed") else ""
    yield f"### Programme `{programme.id}`: {_escape(programme.title)}{status}"
    term = programme.unit_term.capitalize()
    if programme.status in ("added", "removed"):
        yield ""
        for unit in programme.units:
            change = unit.changes[0]
            yield f"- {term} `{unit.id}`: {_escape(change.new_text or change.old_text or '')}"
        return
    if programme.changes:
        yield from _md_section("Programme", programme.changes)
    for unit in programme.changed_units:
        yield from _md_unit(term, unit)
    if programme.schedule:
        title = "Schedule" + (" (recomputed)" if programme.schedule_computed else "")
        yield from _md_section(title, programme.schedule)
    if programme.qa:
        yield from _md_section("Questions and answers", programme.qa)


def _md_unit(term: str, unit: UnitDiff) -> Iterator[str]:
    if unit.status in ("added", "removed"):
        change = unit.changes[0]
        yield ""
        yield f"#### {term} `{unit.id}`: {_escape(unit.name)} ({unit.status})"
        yield ""
        yield f"- {_escape(change.new_text or change.old_text or '')}"
        return
    yield from _md_section(f"{term} `{unit.id}`: {_escape(unit.name)}", unit.changes)


def _md_section(title: str, changes: list[Change]) -> Iterator[str]:
    yield ""
    yield f"#### {title}"
    yield ""
    for change in changes:
        yield from _md_change(change)


def _md_change(change: Change) -> Iterator[str]:
    subject = f"**{_escape(change.subject)}**"
    note = f" ({_escape(change.note)})" if change.note else ""
    old, new = _escape(change.old_text or ""), _escape(change.new_text or "")
    if change.kind == "changed" and (len(old) > _LONG or len(new) > _LONG):
        yield f"- {subject} changed{note}"
        yield f"  - was: {old}"
        yield f"  - now: {new}"
    elif change.kind == "changed":
        yield f"- {subject}: {old} → {new}{note}"
    elif change.member:
        yield f"- {subject}: {change.kind} {old or new}{note}"
    elif change.kind == "added":
        yield f"- {subject} added" + (f": {new}" if new else "") + note
    elif change.kind == "removed":
        yield f"- {subject} removed" + (f" (was {old})" if old else "") + note
    else:
        yield f"- {subject} moved{note}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _escape(text: str) -> str:
    """Escape Markdown so prose from the spec cannot format or link anything in the comment."""
    return _MD_SPECIAL.sub(r"\\\1", text)
