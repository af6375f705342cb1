"""Dutch calendar arithmetic: Atw holidays, working days, months with month-end clamping, roll-forward.

A *non-working day* is a Saturday, a Sunday, an algemeen erkende feestdag of the Algemene termijnenwet
(art. 3 lid 1 and 2: from the ``holidays`` package, language nl, plus ``data/calendar/atw.yaml`` for the days
the package leaves out) or a day equalised with one by Staatscourant decision (art. 3 lid 3, also in that data
file). The same set of days drives working-day offsets and the Atw roll-forward, so they never disagree.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache

import holidays
import yaml
from pydantic import BaseModel, ConfigDict

from tendergen.dutch import date_nl, weekday_nl
from tendergen.legal import data_text

__all__ = ["DutchCalendar", "dutch_calendar", "format_nl", "quarter_end", "weekday_nl"]

ONE_DAY = dt.timedelta(days=1)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatutoryDay(_Data):
    """A fixed-date feestdag of Atw art. 3 that the holidays package does not list every year."""

    name: str
    month: int
    day: int
    source: str
    valid_from: dt.date


class EqualisedDay(_Data):
    date: dt.date
    name: str


class Decision(_Data):
    """One gelijkstelling decision (Atw art. 3 lid 3) with the days it equalised."""

    decision: str
    publication: str
    status: str
    days: list[EqualisedDay]


class AtwAct(_Data):
    """The Algemene termijnenwet itself: when it took effect and the articles the planning applies."""

    name: str
    in_force: dt.date
    publication: str
    roll_forward: str
    """Citation of the roll-forward to the next working day (art. 1 lid 1)."""
    min_working_days: str
    """Citation of the two-working-days rule (art. 2)."""
    min_period_days: int
    working_days: int
    verified: bool
    note: str


class AtwData(_Data):
    act: AtwAct
    covered_until: dt.date
    statutory: list[StatutoryDay]
    equalised: list[Decision]


@cache
def atw_data() -> AtwData:
    """The packaged Atw calendar additions (statutory days and equalised days)."""
    return AtwData.model_validate(yaml.safe_load(data_text("calendar", "atw.yaml")))


@dataclass(frozen=True)
class DayOff:
    """Why a weekday is not a working day: its Dutch name and the source that makes it so."""

    name: str
    source: str


class DutchCalendar:
    """Working days under the Algemene termijnenwet; all methods are pure functions of the date."""

    def __init__(self) -> None:
        self._years: dict[int, dict[dt.date, DayOff]] = {}

    def days_off(self, year: int) -> dict[dt.date, DayOff]:
        """Every feestdag and equalised day of ``year`` (weekends excluded unless they are feestdagen)."""
        if year not in self._years:
            self._years[year] = _days_off(year)
        return self._years[year]

    def day_off(self, day: dt.date) -> DayOff | None:
        """The feestdag or equalised day on ``day``, or None."""
        return self.days_off(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        """True on Monday to Friday unless the day is a feestdag or an equalised day."""
        return day.weekday() < 5 and day not in self.days_off(day.year)

    def describe(self, day: dt.date) -> str:
        """Dutch reason a day is not a working day (`zaterdag`, `Koningsdag` …), or an empty string."""
        off = self.day_off(day)
        if off is not None:
            return off.name
        if day.weekday() >= 5:
            return "zaterdag" if day.weekday() == 5 else "zondag"
        return ""

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it (Atw art. 1)."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (before it when ``count`` < 0); 0 gives ``day``."""
        step = ONE_DAY if count >= 0 else -ONE_DAY
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def statutory_end(self, start: dt.date, end: dt.date) -> tuple[dt.date, list[str]]:
        """The last day of a statutory period from ``start`` (not counted) to ``end`` under the Atw.

        Art. 1 lid 1: a period ending on a Saturday, Sunday or feestdag runs on to the next working day. Art. 2:
        a period of at least three days holds at least two working days, else it is extended until it does.
        Returns the end and an English note per article applied (empty when nothing moved).
        """
        act = atw_data().act
        notes: list[str] = []
        length = (end - start).days
        if not self.is_working_day(end):
            moved = self.next_working_day(end)
            notes.append(f"{end.isoformat()} is a {self.describe(end)}; {act.roll_forward}: {moved.isoformat()}")
            end = moved
        if length >= act.min_period_days:
            days = [start + dt.timedelta(days=n) for n in range(1, (end - start).days + 1)]
            working = sum(1 for day in days if self.is_working_day(day))
            if working < act.working_days:
                extended = self.add_working_days(end, act.working_days - working)
                notes.append(
                    f"the period holds {working} working day(s); {act.min_working_days} "
                    f"(at least {act.working_days}): {extended.isoformat()}"
                )
                end = extended
        return end, notes

    def non_working_days(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """Feestdagen and equalised days between ``start`` and ``end`` inclusive (weekends left out)."""
        found: list[tuple[dt.date, str]] = []
        for year in range(start.year, end.year + 1):
            for day, off in sorted(self.days_off(year).items()):
                if start <= day <= end:
                    found.append((day, off.name))
        return found


def _days_off(year: int) -> dict[dt.date, DayOff]:
    table: dict[dt.date, DayOff] = {}
    package = holidays.country_holidays("NL", years=year, language="nl")
    for day, name in sorted(package.items()):
        table[day] = DayOff(str(name), "Algemene termijnenwet art. 3 (holidays-pakket)")
    data = atw_data()
    for extra in data.statutory:
        day = dt.date(year, extra.month, extra.day)
        if day >= extra.valid_from and day not in table:
            table[day] = DayOff(extra.name, extra.source)
    for decision in data.equalised:
        for equal in decision.days:
            if equal.date.year == year and equal.date not in table:
                table[equal.date] = DayOff(equal.name, f"gelijkgesteld: {decision.decision}")
    return table


@cache
def dutch_calendar() -> DutchCalendar:
    """The shared calendar instance (holiday tables are computed once per year)."""
    return DutchCalendar()


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months; a day past the end of the target month clamps to its last day.

    2024-01-31 + 1 month = 2024-02-29 (leap year); 2023-01-31 + 1 month = 2023-02-28;
    2024-05-31 - 3 months = 2024-02-29.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def months_between(earlier: dt.date, later: dt.date) -> tuple[int, int]:
    """Whole months and remaining days from ``earlier`` to ``later`` (``later`` >= ``earlier``)."""
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    while months > 0 and add_months(earlier, months) > later:
        months -= 1
    return months, (later - add_months(earlier, months)).days


def format_nl(day: dt.date) -> str:
    """A Dutch date as documents print it: ``1 februari 2026`` (:func:`tendergen.dutch.date_nl`)."""
    return date_nl(day)


def quarter_end(day: dt.date) -> dt.date:
    """Last day of the calendar quarter that ``day`` falls in."""
    last_month = ((day.month - 1) // 3 + 1) * 3
    return dt.date(day.year, last_month, _stdlib_calendar.monthrange(day.year, last_month)[1])
