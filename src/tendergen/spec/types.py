"""Shared value types of the spec model: ids, money, percentages, CPV codes, and the strict base model."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
_CPV = re.compile(r"^\d{8}-\d$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SpecModel(BaseModel):
    """Base of every spec model: unknown keys are errors and values are not silently converted."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, validate_default=True)


def _check_slug(value: str) -> str:
    if _SLUG.fullmatch(value):
        return value
    if "/" in value or "\\" in value or ".." in value:
        raise ValueError(f"`{value}` is not a valid id: it must not contain `/`, `\\` or `..`")
    raise ValueError(
        f"`{value}` is not a valid id: use lowercase letters, digits and single hyphens (e.g. `jeugd-ambulant`)"
    )


def _check_code(value: str) -> str:
    if _CODE.fullmatch(value) and ".." not in value:
        return value
    raise ValueError(f"`{value}` is not a valid code: use letters, digits, `.`, `_` and `-` (e.g. `Q-CRI-01`)")


def _check_cpv(value: str) -> str:
    if _CPV.fullmatch(value):
        return value
    raise ValueError(f"`{value}` is not a CPV code: expected 8 digits, a hyphen and a check digit (e.g. `85311300-5`)")


def _check_email(value: str) -> str:
    if _EMAIL.fullmatch(value):
        return value
    raise ValueError(f"`{value}` is not an e-mail address (e.g. `inkoop@gemeente.nl`)")


def _to_decimal(value: Any) -> Any:
    """Accept YAML integers and decimals for amounts; keep strings and others for the type error."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        try:
            return Decimal(str(value))
        except InvalidOperation:  # pragma: no cover - str(float) is always a valid decimal
            return value
    return value


Slug = Annotated[str, AfterValidator(_check_slug), Field(json_schema_extra={"pattern": _SLUG.pattern})]
Code = Annotated[str, AfterValidator(_check_code), Field(json_schema_extra={"pattern": _CODE.pattern})]
Cpv = Annotated[str, AfterValidator(_check_cpv), Field(json_schema_extra={"pattern": _CPV.pattern})]
Email = Annotated[str, AfterValidator(_check_email), Field(json_schema_extra={"pattern": _EMAIL.pattern})]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Money = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    Field(ge=0, decimal_places=2),
    WithJsonSchema({"type": "number", "minimum": 0}),
]
Percent = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    Field(ge=0, le=100),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
]
Years = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    Field(gt=0, le=50),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 50}),
]
Quantity = Annotated[
    Decimal, BeforeValidator(_to_decimal), Field(ge=0), WithJsonSchema({"type": "number", "minimum": 0})
]

Period = Literal["jaar", "kwartaal", "maand", "looptijd"]
Frequency = Literal["maandelijks", "per-kwartaal", "halfjaarlijks", "jaarlijks", "eenmalig"]
Domain = Literal[
    "jeugdwet",
    "wmo",
    "participatiewet",
    "inburgering",
    "wpg",
    "onderwijs",
    "schuldhulpverlening",
    "welzijn",
]
Procedure = Literal["openbaar", "niet-openbaar", "sas", "meervoudig-onderhands", "enkelvoudig-onderhands"]
