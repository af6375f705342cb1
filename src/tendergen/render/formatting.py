"""Dutch formatting of dates, amounts and numbers for the document templates (Babel, locale nl_NL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALE = "nl_NL"


def date_nl(value: dt.date) -> str:
    """A date as Dutch prose: ``1 januari 2026``."""
    return str(format_date(value, format="long", locale=LOCALE))


def eur(value: Decimal | int) -> str:
    """An amount in euros: ``€ 1.234.567,00`` (with a non-breaking space after the sign)."""
    return str(format_currency(value, "EUR", locale=LOCALE))


def number(value: Decimal | int) -> str:
    """A number with Dutch separators: ``1.234,5``."""
    return str(format_decimal(value, locale=LOCALE))


def pct(value: Decimal | int) -> str:
    """A percentage given in percent (10 → ``10%``, 12.5 → ``12,5%``)."""
    return f"{number(value)}%"


def years(value: Decimal | int) -> str:
    """A term in years: ``4 jaar``, ``1,5 jaar``."""
    return f"{number(value)} jaar"


def months(value: int) -> str:
    """A period in months: ``1 maand``, ``12 maanden``."""
    return f"{value} maand" if value == 1 else f"{value} maanden"


_WORDS = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf")
_TIMES = {1: "eenmaal", 2: "tweemaal", 3: "driemaal", 4: "viermaal", 5: "vijfmaal"}


def count_nl(value: int) -> str:
    """A count in running text: words up to twelve (``twee percelen``), digits above."""
    return _WORDS[value] if 0 <= value < len(_WORDS) else str(value)


def times_nl(value: int) -> str:
    """How many times, as Dutch prose: ``eenmaal``, ``tweemaal`` … ``6 keer``."""
    return _TIMES.get(value, f"{value} keer")


def upper_first(value: str) -> str:
    """The text with its first letter capitalised and the rest untouched (Jinja's ``capitalize`` lowercases
    the rest, which breaks names: ``de gemeente Gouda``)."""
    return value[:1].upper() + value[1:]


def org_ref(value: str) -> str:
    """An organisation's name as it reads inside a sentence: ``Gemeente Gouda`` becomes ``de gemeente Gouda``
    (other names, like ``Regio Midden-Holland``, are left as they are)."""
    text = str(value)
    return f"de gemeente {text[9:]}" if text.startswith("Gemeente ") else text


def sentence(value: str) -> str:
    """Spec prose as a sentence of its own: trimmed, first letter capitalised, ending in a full stop."""
    text = upper_first(" ".join(str(value).split()))
    return text if not text or text[-1] in ".!?" else f"{text}."


def join_nl(items: Iterable[object], last: str = "en") -> str:
    """Join items as Dutch prose: ``a, b en c``."""
    parts = [str(item) for item in items]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {last} {parts[-1]}"


def finalize(value: object) -> object:
    """Format what a template prints: Dutch numbers and dates; refuse empty values so no clause is left
    blank."""
    if value is None:
        raise ValueError("a template printed an empty value (None); guard optional fields with `{% if … %}`")
    if isinstance(value, bool):
        raise ValueError(f"a template printed the truth value {value}; use it in a condition instead")
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
