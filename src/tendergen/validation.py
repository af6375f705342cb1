"""Validate loaded YAML against the pydantic models and turn errors into located, readable problems."""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from tendergen.errors import Problem
from tendergen.loader import Document, Path_, printable

M = TypeVar("M", bound=BaseModel)

MAX_PROBLEMS = 200
"""Problems reported per file; the rest are counted. Nobody reads more, and formatting them costs time."""
MAX_SUGGESTIONS = 50
"""Unknown keys and values that get a "did you mean" search (one fuzzy match each)."""

_EXPECTED = {
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "decimal_type": "expected a number",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of keys to values",
    "model_type": "expected a mapping of keys to values",
    "model_attributes_type": "expected a mapping of keys to values",
    "date_type": "expected a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "expected a date without a time",
}


def validate_document(model: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    """Validate ``doc`` as ``model``; return the model (or None) and one problem per error."""
    problems = list(doc.problems)
    try:
        value = model.model_validate(doc.data)
    except ValidationError as exc:
        budget = _Budget()
        total = len(problems)
        for error in exc.errors(include_url=False):
            if doc.is_flagged(_data_path(doc.data, tuple(error["loc"]))):
                continue
            total += 1
            if len(problems) <= MAX_PROBLEMS:  # one more than shown, to locate the note
                problems.append(_to_problem(model, doc, error, budget))
        return None, cap_problems(problems, total)
    return (None if problems else value), cap_problems(problems, len(problems))


def cap_problems(problems: list[Problem], total: int) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` problems of a file, and a note, where the next one stands, of how many
    were left out."""
    if len(problems) <= MAX_PROBLEMS and total <= MAX_PROBLEMS:
        return problems
    ordered = sorted(problems)
    kept, first_left_out = ordered[:MAX_PROBLEMS], ordered[min(MAX_PROBLEMS, len(ordered) - 1)]
    note = f"{max(total - len(kept), 1):,} more problems not shown; fix the ones above and validate again"
    return [*kept, Problem(first_left_out.file, first_left_out.line, first_left_out.column, "", note)]


class _Budget:
    """How many "did you mean" searches are left for one file."""

    def __init__(self) -> None:
        self.left = MAX_SUGGESTIONS

    def suggest(self, word: str, choices: Sequence[str]) -> str:
        if self.left <= 0:
            return ""
        self.left -= 1
        return _suggest(word, choices)


def _to_problem(model: type[BaseModel], doc: Document, error: ErrorDetails, budget: _Budget) -> Problem:
    raw_loc = tuple(error["loc"])
    path = _data_path(doc.data, raw_loc)
    kind = error["type"]
    ctx = error.get("ctx", {})
    value = error.get("input")
    if kind == "missing":
        return doc.problem(path, "required field is missing", key=True)
    if kind == "extra_forbidden":
        allowed = _fields_at(model, raw_loc[:-1])
        name = str(path[-1])
        return doc.problem(path, f"unknown key `{printable(name)}`{budget.suggest(name, allowed)}", key=True)
    if kind == "union_tag_invalid":
        field = str(ctx.get("discriminator", "")).strip("'")
        expected = _split_choices(str(ctx.get("expected_tags", "")))
        tag = str(ctx.get("tag"))
        suggestion = budget.suggest(tag, expected)
        message = f"`{printable(tag)}` is not a valid {field}; expected one of: {', '.join(expected)}{suggestion}"
        return doc.problem((*path, field), message)
    if kind == "union_tag_not_found":
        field = str(ctx.get("discriminator", "")).strip("'")
        return doc.problem((*path, field), "required field is missing", key=True)
    if kind == "literal_error":
        expected = _split_choices(str(ctx.get("expected", "")))
        message = f"{_describe(value)} is not allowed; expected one of: {', '.join(expected)}"
        return doc.problem(path, message + budget.suggest(str(value), expected))
    return doc.problem(path, _message(kind, error["msg"], ctx, value))


def _message(kind: str, msg: str, ctx: dict[str, Any], value: Any) -> str:
    if kind in _EXPECTED:
        return f"{_EXPECTED[kind]}, found {_describe(value)}"
    if kind == "is_instance_of" and ctx.get("class") == "Decimal":
        return f"expected a number, found {_describe(value)}"
    if kind == "value_error":
        return printable(msg.removeprefix("Value error, "), 0)
    bounds = {"greater_than": "more than", "greater_than_equal": "at least", "less_than": "less than"}
    bounds["less_than_equal"] = "at most"
    for name, words in bounds.items():
        if kind == name:
            limit = next(iter(ctx.values()))
            return f"must be {words} {_plain(limit)}, found {_plain(value)}"
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return "must not be empty" if need == 1 else f"needs at least {need} items"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        length = len(value) if isinstance(value, str) else 0
        return f"text is {length:,} characters long; the limit is {ctx.get('max_length', 0):,}"
    if kind == "too_long":
        return f"has {ctx.get('actual_length', 0):,} items; the limit is {ctx.get('max_length', 0):,}"
    if kind == "decimal_max_places":
        return f"at most {ctx.get('decimal_places')} decimal places allowed, found {_plain(value)}"
    if kind == "string_pattern_mismatch":
        return f"{_describe(value)} does not have the expected form"
    return printable(msg, 0)


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f"text `{printable(value)}`"
    if isinstance(value, int | float):
        return f"number `{value}`"
    if isinstance(value, dt.date):
        return f"date `{value.isoformat()}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"`{printable(str(value))}`"  # pragma: no cover - the loader yields no other types


def _plain(value: Any) -> str:
    text = str(value)
    if text.startswith("Decimal('") and text.endswith("')"):  # pydantic gives decimal bounds as their repr
        text = text[len("Decimal('") : -2]
    return printable(text)


def _split_choices(text: str) -> list[str]:
    """Turn pydantic's "'a', 'b' or 'c'" into ['a', 'b', 'c']."""
    parts = text.replace(" or ", ", ").split(", ")
    return [part.strip().strip("'") for part in parts if part.strip()]


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _data_path(data: Any, loc: Path_) -> Path_:
    """Map a pydantic location to a path in the YAML data, dropping union tags and validator names."""
    path: list[str | int] = []
    node: Any = data
    for index, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif index == len(loc) - 1 and isinstance(node, dict):
            path.append(part)
    return tuple(path)


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str]:
    """Names of the fields allowed at ``loc`` (pydantic location, union tags included)."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap_optional(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap_optional(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return field.annotation if field else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in (typing.Union, types.UnionType):
        for member in args:
            if isinstance(member, type) and issubclass(member, BaseModel):
                for field in member.model_fields.values():
                    if typing.get_origin(field.annotation) is typing.Literal and part in typing.get_args(
                        field.annotation
                    ):
                        return member
    return None


def _unwrap_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _unwrap_optional(members[0])
    return annotation
