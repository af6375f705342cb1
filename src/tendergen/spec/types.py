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

from tendergen.loader import code_point

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
_CPV = re.compile(r"^\d{8}-\d$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

MAX_ID_CHARS = 64
"""Ids become folder and file names (``units/<id>/<id>-programma-van-eisen.docx``); this keeps them far below the
255-byte name limit of common file systems."""
MAX_TEXT_CHARS = 10_000
"""One text value (a description, a requirement, an answer): some four pages of prose."""
MAX_AMOUNT = Decimal("1000000000000")
"""Amounts in euro: a thousand million euro is above any municipal budget; larger numbers are typing mistakes."""
MAX_QUANTITY = Decimal("1000000000")
# Names Windows reserves for devices in every folder: a pack with `units/con/` cannot be opened there.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
# Characters XML (and so DOCX and PDF text) cannot hold, or that no editor shows: control characters other
# than tab and newline, surrogates and noncharacters such as U+FFFE.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


class SpecModel(BaseModel):
    """Base of every spec model: unknown keys are errors and values are not silently converted."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, validate_default=True)


def _check_slug(value: str) -> str:
    if len(value) > MAX_ID_CHARS:
        raise ValueError(f"id is {len(value)} characters long; the limit is {MAX_ID_CHARS}")
    if value in _RESERVED:
        raise ValueError(f"`{value}` is not a valid id: Windows reserves it for a device; choose another name")
    if _SLUG.fullmatch(value):
        return value
    if "/" in value or "\\" in value or ".." in value:
        raise ValueError(f"`{value}` is not a valid id: it must not contain `/`, `\\` or `..`")
    raise ValueError(
        f"`{value}` is not a valid id: use lowercase letters, digits and single hyphens (e.g. `jeugd-ambulant`)"
    )


def _check_code(value: str) -> str:
    if len(value) > MAX_ID_CHARS:
        raise ValueError(f"code is {len(value)} characters long; the limit is {MAX_ID_CHARS}")
    if _CODE.fullmatch(value) and ".." not in value:
        return value
    raise ValueError(f"`{value}` is not a valid code: use letters, digits, `.`, `_` and `-` (e.g. `Q-CRI-01`)")


def _check_cpv(value: str) -> str:
    if _CPV.fullmatch(value):
        return value
    raise ValueError(f"`{value}` is not a CPV code: expected 8 digits, a hyphen and a check digit (e.g. `85311300-5`)")


def check_characters(value: str) -> str:
    """Refuse characters a document cannot hold (control characters, U+FFFE), naming the first one and where."""
    for index, char in enumerate(value):
        if _is_forbidden(char):
            shown = code_point(char)
            raise ValueError(
                f"contains {shown} at character {index + 1}; control characters and noncharacters cannot appear "
                "in a document"
            )
    return value


def _is_forbidden(char: str) -> bool:
    code = ord(char)
    if code < 0x20:
        return char not in _ALLOWED_CONTROLS
    if 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF:
        return True
    return (code & 0xFFFE) == 0xFFFE  # U+FFFE, U+FFFF and their copies in every plane


def _check_email(value: str) -> str:
    if len(value) > 254:  # the longest address SMTP can carry
        raise ValueError(f"e-mail address is {len(value)} characters long; the limit is 254")
    check_characters(value)
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


Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    Field(json_schema_extra={"pattern": _SLUG.pattern, "maxLength": MAX_ID_CHARS}),
]
Code = Annotated[str, AfterValidator(_check_code), Field(json_schema_extra={"pattern": _CODE.pattern})]
Cpv = Annotated[str, AfterValidator(_check_cpv), Field(json_schema_extra={"pattern": _CPV.pattern})]
Email = Annotated[str, AfterValidator(_check_email), Field(json_schema_extra={"pattern": _EMAIL.pattern})]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_CHARS),
    AfterValidator(check_characters),
]
Money = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    Field(ge=0, le=MAX_AMOUNT, decimal_places=2),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": int(MAX_AMOUNT)}),
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
    Decimal,
    BeforeValidator(_to_decimal),
    Field(ge=0, le=MAX_QUANTITY),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": int(MAX_QUANTITY)}),
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
