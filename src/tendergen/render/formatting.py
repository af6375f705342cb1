"""The Jinja filters of the document templates: the Dutch formatting of :mod:`tendergen.dutch`, and what a template
may print (:func:`finalize`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jinja2 import TemplateRuntimeError

from tendergen.dutch import (
    count_nl,
    date_nl,
    eur,
    join_nl,
    months,
    number,
    org_ref,
    pct,
    sentence,
    times_nl,
    upper_first,
    years,
)


def finalize(value: object) -> object:
    """Format what a template prints: Dutch numbers and dates; refuse empty values so no clause is left
    blank (a template error, located at its line like any other)."""
    if value is None:
        raise TemplateRuntimeError("a template printed an empty value (None); guard optional fields with `{% if … %}`")
    if isinstance(value, bool):
        raise TemplateRuntimeError(f"a template printed the truth value {value}; use it in a condition instead")
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, dt.date):
        return date_nl(value)
    return value


FILTERS = {
    "date_nl": date_nl,
    "eur": eur,
    "number": number,
    "pct": pct,
    "years": years,
    "months": months,
    "join_nl": join_nl,
    "count_nl": count_nl,
    "upper_first": upper_first,
    "sentence": sentence,
    "org_ref": org_ref,
    "times_nl": times_nl,
}


def term_end(start: dt.date, years_: Decimal | int) -> dt.date:
    """The last day of a term of ``years_`` starting on ``start`` (fractions count as whole months)."""
    total = int((Decimal(years_) * 12).to_integral_value())
    month_index = start.month - 1 + total
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, _days_in_month(year, month))
    return dt.date(year, month, day) - dt.timedelta(days=1)


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


FILTERS["term_end"] = term_end
