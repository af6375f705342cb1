"""A normalised text view of one spec file, for ``git diff`` (a textconv driver).

Every value becomes one line ``field.path: value``: keys in the model's order, list items keyed by their id and
sorted by it, plain lists sorted, numbers without trailing zeros, quotes and comments gone. A reordering, a
re-indentation or a change of quotes therefore shows no difference, and a real change shows as the one line
that holds it (``quality[Q-CRI-03].weight: 10`` → ``…: 15``). A file that does not load is shown as it is, so
``git diff`` keeps working on broken files.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tendergen.errors import SpecError
from tendergen.fmt import canonical_fields, item_model
from tendergen.loader import MAX_FILE_BYTES, load_document
from tendergen.review.compare import ORDERED_LISTS

_KEYS = ("id", "round", "name")


def textconv(path: Path) -> str:
    """The normalised view of ``path`` (the raw text when it does not load)."""
    try:
        doc = load_document(path)
    except SpecError:
        return _raw(path)
    lines = list(_lines(doc.data, "", _detect(doc.data), None))
    return "".join(f"{line}\n" for line in lines)


def _raw(path: Path) -> str:
    """A file that does not load, as text: at most the loader's size limit of it, and nothing of a device."""
    try:
        if not path.is_file():
            return f"(not a regular file: {path})\n"
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return f"(cannot read {path}: {exc.strerror})\n"
    text = raw[:MAX_FILE_BYTES].decode("utf-8", errors="replace")
    if len(raw) > MAX_FILE_BYTES:
        text += f"\n(file cut off after {MAX_FILE_BYTES:,} bytes, the spec size limit)\n"
    return text


def _detect(data: dict[str, Any]) -> type[BaseModel] | None:
    """Which spec file this is, from its content (git hands textconv a temporary file name)."""
    from tendergen.qa import QaRound
    from tendergen.spec import Programme, Unit
    from tendergen.spec.unit import UnitFile

    if "unit_term" in data:
        return Programme
    if "parts" in data:
        return UnitFile
    if "instrument" in data:
        return Unit
    if "questions" in data and "round" in data:
        return QaRound
    return None


def _lines(
    value: Any,
    path: str,
    model: type[BaseModel] | None,
    items: type[BaseModel] | None,
    *,
    free: bool = False,
    skip: str | None = None,
) -> Iterator[str]:
    if isinstance(value, dict):
        yield from _mapping(value, path, model, items, free=free, skip=skip)
    elif isinstance(value, list):
        yield from _sequence(value, path, items)
    else:
        yield f"{path}: {_scalar(value)}"


def _mapping(
    value: dict[str, Any],
    path: str,
    model: type[BaseModel] | None,
    items: type[BaseModel] | None,
    *,
    free: bool,
    skip: str | None,
) -> Iterator[str]:
    """A model's fields in canonical order (unknown keys after them, sorted); the key already in the path is left
    out (``quality[Q-1].kind``, not ``quality[Q-1].id``)."""
    if not value:
        yield f"{path}: {{}}"
        return
    known = [name for name in canonical_fields(model) if name in value] if model else []
    keys = known + sorted((k for k in value if k not in known), key=str)
    for key in keys:
        if key == skip:
            continue
        sub_model, sub_items = item_model(model, key, value[key])
        if free:
            sub_model = items
        child = f"{path}[{key}]" if free else (f"{path}.{key}" if path else str(key))
        yield from _lines(value[key], child, sub_model, sub_items, free=_is_free(model, key))


def _sequence(value: list[Any], path: str, items: type[BaseModel] | None) -> Iterator[str]:
    if not value:
        yield f"{path}: []"
        return
    key = _item_key(value)
    if key is not None:
        for item in sorted(value, key=lambda entry: str(entry[key])):
            yield from _lines(item, f"{path}[{item[key]}]", items, None, skip=key)
    elif path.rsplit(".", 1)[-1] in ORDERED_LISTS or any(isinstance(v, dict | list) for v in value):
        for index, item in enumerate(value):
            yield from _lines(item, f"{path}[{index}]", items, None)
    else:
        for text in sorted(_scalar(item) for item in value):
            yield f"{path}[]: {text}"


def _is_free(model: type[BaseModel] | None, key: str) -> bool:
    """The field holds a mapping with keys of the user's choosing (lot ids, municipality names)."""
    if model is None or key not in model.model_fields:
        return False
    return typing.get_origin(model.model_fields[key].annotation) is dict


def _item_key(value: list[Any]) -> str | None:
    """The key that identifies every item of a list of mappings, when each item has a distinct one."""
    if not all(isinstance(item, dict) for item in value):
        return None
    for key in _KEYS:
        ids = [item.get(key) for item in value]
        if all(isinstance(i, str | int) for i in ids) and len(set(ids)) == len(ids):
            return key
    return None


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{Decimal(str(value)).normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if "\n" in text or text != text.strip() or not text:
        return json.dumps(text, ensure_ascii=False)
    return text
