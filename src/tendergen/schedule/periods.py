"""Lengths of time: adding them to dates and describing them in English (messages) and Dutch (documents)."""

from __future__ import annotations

import datetime as dt

from tendergen.schedule.calendar import DutchCalendar, add_months, months_between

UNITS = ("days", "working_days", "weeks", "months")

_EN = {
    "days": ("calendar day", "calendar days"),
    "working_days": ("working day", "working days"),
    "weeks": ("week", "weeks"),
    "months": ("month", "months"),
}
_NL = {
    "days": ("kalenderdag", "kalenderdagen"),
    "working_days": ("werkdag", "werkdagen"),
    "weeks": ("week", "weken"),
    "months": ("maand", "maanden"),
}


class DateOutOfRangeError(ValueError):
    """A computed date falls outside the years Python can represent (1 to 9999)."""


def advance(calendar: DutchCalendar, day: dt.date, unit: str, count: int, direction: int) -> dt.date:
    """``day`` moved ``count`` units forward (direction +1) or back (-1); :class:`DateOutOfRangeError` when
    that leaves the years 1 to 9999."""
    try:
        return _advance(calendar, day, unit, count, direction)
    except (OverflowError, ValueError):  # timedelta overflows; dt.date() says "year 10008 is out of range"
        raise DateOutOfRangeError(f"{day.isoformat()} moved by {describe_en(unit, count)}") from None


def _advance(calendar: DutchCalendar, day: dt.date, unit: str, count: int, direction: int) -> dt.date:
    if unit == "days":
        return day + dt.timedelta(days=direction * count)
    if unit == "weeks":
        return day + dt.timedelta(weeks=direction * count)
    if unit == "months":
        return add_months(day, direction * count)
    if unit == "working_days":
        return calendar.add_working_days(day, direction * count)
    raise ValueError(f"unknown unit {unit}")


def describe_en(unit: str, count: int) -> str:
    """``45 calendar days``, ``1 month``, ``10 working days``."""
    singular, plural = _EN[unit]
    return f"{count} {singular if count == 1 else plural}"


def describe_nl(unit: str, count: int) -> str:
    """``45 kalenderdagen``, ``1 maand``, ``10 werkdagen``."""
    singular, plural = _NL[unit]
    return f"{count} {singular if count == 1 else plural}"


def describe_distance(calendar: DutchCalendar, earlier: dt.date, later: dt.date, unit: str) -> str:
    """How far apart two dates are, in the unit of a rule (``37 days``, ``2 months and 3 days``)."""
    first, second = sorted((earlier, later))
    if unit == "months":
        months, days = months_between(first, second)
        parts = [describe_en("months", months)] if months else []
        if days or not parts:
            parts.append(f"{days} day" if days == 1 else f"{days} days")
        return " and ".join(parts)
    if unit == "working_days":
        count = sum(1 for n in range(1, (second - first).days + 1) if calendar.is_working_day(first + dt.timedelta(n)))
        return describe_en("working_days", count)
    days = (second - first).days
    return f"{days} day" if days == 1 else f"{days} days"
