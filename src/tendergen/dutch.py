"""Dutch formatting of dates, amounts, numbers and running text (Babel, locale nl_NL): the one place where
tendergen writes Dutch values. The document templates use these as filters (:mod:`tendergen.render.formatting`);
the planning, the change notice and the review read them too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import yaml
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from tendergen.legal import data_text

LOCALE = "nl_NL"


def date_nl(value: dt.date) -> str:
    """A date as Dutch prose: ``1 januari 2026``."""
    return str(format_date(value, format="long", locale=LOCALE))


def weekday_nl(value: dt.date, *, short: bool = False) -> str:
    """The Dutch weekday: ``maandag``, or its two-letter abbreviation ``ma``."""
    name = str(format_date(value, format="EEEE", locale=LOCALE))
    return name[:2] if short else name


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


@dataclass(frozen=True)
class UnitWords:
    """The programme's word for a unit with the grammar the documents need."""

    word: str
    article: str
    plural: str

    @property
    def this(self) -> str:
        """``dit segment`` / ``deze bundel``."""
        return f"{'dit' if self.article == 'het' else 'deze'} {self.word}"

    @property
    def the(self) -> str:
        """``het segment`` / ``de bundel``."""
        return f"{self.article} {self.word}"

    @property
    def whole(self) -> str:
        """``het gehele segment`` / ``de gehele bundel``."""
        return f"{self.article} gehele {self.word}"


@cache
def unit_term_list() -> dict[str, tuple[str, str]]:
    """Known unit words with (article, plural), from ``data/render/unit-terms.yaml``."""
    data: dict[str, dict[str, str]] = yaml.safe_load(data_text("render", "unit-terms.yaml"))
    return {word: (entry["article"], entry["plural"]) for word, entry in data.items()}


def unit_words(word: str, article: str | None = None, plural: str | None = None) -> UnitWords | None:
    """The grammar of ``word``: the given article and plural, else the word list's; None when neither knows it."""
    known = unit_term_list().get(word)
    article = article or (known[0] if known else None)
    plural = plural or (known[1] if known else None)
    if article is None or plural is None:
        return None
    return UnitWords(word, article, plural)
