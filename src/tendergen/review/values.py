"""How values and field paths read in a change list: euros, percentages, quoted prose, labelled ids.

The comparison works on the pydantic models, so every value keeps its type; the field annotations
(``Money``, ``Percent``, ``Text`` …) decide how a value is shown. Terms of art (``taakgericht``, ``sas``) are
shown as written in the spec.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

from tendergen.dutch import eur
from tendergen.spec.types import Money, Percent, Text

ValueKind = Literal["money", "percent", "text", "plain"]

# Keyed lists and single fields that have a name in procurement terms. A path is matched on its field names
# only (list keys left out): ("funding", "tariffs") labels every tariff as "tariff <id>".
ITEM_LABELS: Mapping[tuple[str, ...], str] = {
    ("quality",): "quality requirement",
    ("award_criteria",): "award criterion",
    ("funding", "tariffs"): "tariff",
    ("funding", "arrangements"): "arrangement",
    ("lots",): "lot",
    ("transition", "replaces"): "replaced contract",
    ("tenders",): "tender",
    ("questions",): "question",
    ("rounds",): "Q&A round",
    ("milestones",): "milestone",
    ("phases",): "phase",
    ("rules",): "rule",
}
FIELD_LABELS: Mapping[tuple[str, ...], str] = {
    ("subcontracting", "min_share_small_local_pct"): "subcontracting quota",
}

_NO_VALUE = "(none)"


@functools.cache
def field_hints(model: type[BaseModel]) -> dict[str, Any]:
    """The annotations of a model's fields, with their ``Annotated`` metadata (which tells Money from Percent)."""
    return typing.get_type_hints(model, include_extras=True)


def value_kind(annotation: Any) -> ValueKind:
    """How the values of a field are shown, from its annotation (Optional, list and dict are looked through)."""
    for candidate in _members(annotation):
        if candidate == Money:
            return "money"
        if candidate == Percent:
            return "percent"
        if candidate == Text:
            return "text"
    return "plain"


def _members(annotation: Any) -> list[Any]:
    """The annotation itself and, for unions and containers, the annotations inside it."""
    found = [annotation]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, dict, tuple):
        for arg in typing.get_args(annotation):
            found.extend(_members(arg))
    return found


def euros(value: Decimal) -> str:
    """Dutch notation (:func:`tendergen.dutch.eur`) with a plain space, for terminals and Markdown:
    ``€ 1.234.567,00``."""
    return eur(value).replace("\xa0", " ")


def number(value: Decimal) -> str:
    """A decimal without trailing zeros or exponent: ``12.5``, ``4``."""
    return f"{value.normalize():f}"


def show(value: Any, kind: ValueKind = "plain") -> str:
    """One value as people read it in a change list."""
    if value is None:
        return _NO_VALUE
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int) and kind == "money":
        return euros(Decimal(value))
    if isinstance(value, Decimal | int) and kind == "percent":
        return f"{number(Decimal(value))}%"
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return summary(value)
    if isinstance(value, list):
        return "[" + ", ".join(show(item, kind) for item in value) + "]"
    if isinstance(value, dict):
        return ", ".join(f"{key} {show(item, kind)}" for key, item in value.items()) if value else "none"
    if isinstance(value, str) and kind == "text" and any(ch.isspace() for ch in value):
        return f"“{value}”"
    return str(value)


def key_field(model: type[BaseModel]) -> str | None:
    """The field that identifies an item of a list of models: ``id``, else ``round``, else ``name``."""
    for name in ("id", "round", "name"):
        if name in model.model_fields:
            return name
    return None


def summary(model: BaseModel, *, skip: str | None = None) -> str:
    """A one-line account of a model: its fields that differ from their default, in model order."""
    parts: list[str] = []
    hints = field_hints(type(model))
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if name == skip or value is None or value in ([], {}) or value == info.get_default(call_default_factory=True):
            continue
        parts.append(f"{name} {_summary_value(value, value_kind(hints[name]))}")
    return ", ".join(parts)


def _summary_value(value: Any, kind: ValueKind) -> str:
    if isinstance(value, BaseModel):
        return f"({summary(value)})"
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        key = key_field(type(value[0]))
        return ", ".join(str(getattr(item, key)) if key else f"({summary(item)})" for item in value)
    return show(value, kind)
