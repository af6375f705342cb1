"""Compare two validated models field by field, matching list items by their id, never by position.

Rules:
- models of the same class: field by field, in model order;
- models of different classes (a discriminated union: ``funding.form``, ``instrument.kind``): the discriminator
  first, then every field of either class, a missing field counting as its default;
- lists of models: matched by ``id`` (or ``round``/``name``), so reordering is no change; items only on one side
  are added or removed, items on both sides are compared;
- lists of plain values: compared as multisets (each member added or removed), except :data:`ORDERED_LISTS`,
  whose order means something and which are compared whole;
- mappings: by key; plain values: by value (``10`` equals ``10.00``).
"""

from __future__ import annotations

import typing
from collections import Counter
from collections.abc import Hashable, Iterable
from typing import Any

from pydantic import BaseModel

from tendergen.review.changes import Change, ChangeKind, Key, Scope, Step
from tendergen.review.values import ValueKind, field_hints, key_field, show, summary, value_kind

# Plain lists whose order is part of their meaning: compared as a whole.
ORDERED_LISTS: frozenset[str] = frozenset({"extensions_years"})


def compare_models(old: BaseModel, new: BaseModel, *, scope: Scope = "unit") -> list[Change]:
    """Every difference between two models of the same spec file type."""
    walker = _Walker(scope)
    walker.model(old, new, ())
    return walker.changes


def compare_values(
    old: Any, new: Any, path: tuple[Step, ...], *, scope: Scope, kind: ValueKind = "plain"
) -> list[Change]:
    """Differences between two values at ``path`` (models, lists, mappings or plain values)."""
    walker = _Walker(scope)
    walker.value(old, new, path, None, kind)
    return walker.changes


def dump(value: Any) -> Any:
    """A value as JSON-ready data (models through pydantic's JSON mode; decimals as exact strings)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [dump(item) for item in value]
    if isinstance(value, dict):
        return {str(key): dump(item) for key, item in value.items()}
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class _Walker:
    def __init__(self, scope: Scope) -> None:
        self.scope: Scope = scope
        self.changes: list[Change] = []

    # ------------------------------------------------------------------ recording

    def _emit(
        self, kind: ChangeKind, path: tuple[Step, ...], old: Any, new: Any, vkind: ValueKind, **extra: Any
    ) -> None:
        self.changes.append(
            Change(
                kind,
                path,
                old=dump(old) if kind != "added" else None,
                new=dump(new) if kind != "removed" else None,
                old_text=_text(old, vkind) if kind != "added" else None,
                new_text=_text(new, vkind) if kind != "removed" else None,
                scope=self.scope,
                **extra,
            )
        )

    # ------------------------------------------------------------------ dispatch

    def value(self, old: Any, new: Any, path: tuple[Step, ...], hint: Any, vkind: ValueKind) -> None:
        if old is None and new is None:
            return
        if old is None or new is None:
            if (old is None and _is_empty(new)) or (new is None and _is_empty(old)):
                return
            self._emit("added" if old is None else "removed", path, old, new, vkind)
        elif isinstance(old, BaseModel) and isinstance(new, BaseModel):
            self.model(old, new, path)
        elif isinstance(old, list) and isinstance(new, list):
            self.sequence(old, new, path, hint, vkind)
        elif isinstance(old, dict) and isinstance(new, dict):
            self.mapping(old, new, path, hint, vkind)
        elif not _same(old, new):
            self._emit("changed", path, old, new, vkind)

    def model(self, old: BaseModel, new: BaseModel, path: tuple[Step, ...]) -> None:
        old_cls, new_cls = type(old), type(new)
        if old_cls is new_cls:
            hints = field_hints(new_cls)
            for name in new_cls.model_fields:
                hint = hints[name]
                self.value(getattr(old, name), getattr(new, name), (*path, name), hint, value_kind(hint))
            return
        discriminator = _discriminator(old, new)
        names = list(new_cls.model_fields)
        names += [name for name in old_cls.model_fields if name not in new_cls.model_fields]
        if discriminator:
            names.remove(discriminator)
            self._emit(
                "changed", (*path, discriminator), getattr(old, discriminator), getattr(new, discriminator), "plain"
            )
        for name in names:
            hint = field_hints(new_cls).get(name) or field_hints(old_cls)[name]
            self.value(
                _field_or_default(old, name, new),
                _field_or_default(new, name, old),
                (*path, name),
                hint,
                value_kind(hint),
            )

    def sequence(self, old: list[Any], new: list[Any], path: tuple[Step, ...], hint: Any, vkind: ValueKind) -> None:
        items = [*old, *new]
        if items and all(isinstance(item, BaseModel) for item in items):
            self.keyed(_keyed(old), _keyed(new), path, _item_hint(hint, 0), vkind)
        elif path and path[-1] in ORDERED_LISTS:
            if not _same_list(old, new):
                self._emit("changed", path, old, new, vkind)
        else:
            self.multiset(old, new, path, vkind)

    def multiset(self, old: list[Any], new: list[Any], path: tuple[Step, ...], vkind: ValueKind) -> None:
        before, after = Counter(_hashable(v) for v in old), Counter(_hashable(v) for v in new)
        for value in _unique(new):
            for _ in range(after[_hashable(value)] - before[_hashable(value)]):
                self._emit("added", path, None, value, vkind, member=True)
        for value in _unique(old):
            for _ in range(before[_hashable(value)] - after[_hashable(value)]):
                self._emit("removed", path, value, None, vkind, member=True)

    def mapping(
        self, old: dict[Any, Any], new: dict[Any, Any], path: tuple[Step, ...], hint: Any, vkind: ValueKind
    ) -> None:
        self.keyed(
            {str(k): v for k, v in old.items()}, {str(k): v for k, v in new.items()}, path, _item_hint(hint, 1), vkind
        )

    def keyed(
        self, old: dict[str, Any], new: dict[str, Any], path: tuple[Step, ...], item_hint: Any, vkind: ValueKind
    ) -> None:
        for key in [*new, *(k for k in old if k not in new)]:
            here = (*path, Key(key))
            if key not in old:
                self._emit("added", here, None, new[key], vkind)
            elif key not in new:
                self._emit("removed", here, old[key], None, vkind)
            else:
                self.value(old[key], new[key], here, item_hint, vkind)


# ---------------------------------------------------------------------- helpers


def _text(value: Any, vkind: ValueKind) -> str | None:
    if isinstance(value, BaseModel):
        key = key_field(type(value))
        return summary(value, skip=key)
    return show(value, vkind)


def _discriminator(old: BaseModel, new: BaseModel) -> str | None:
    """The Literal field that tells the members of a union apart (``kind``, ``form``)."""
    for name, info in type(new).model_fields.items():
        is_tag = name in type(old).model_fields and typing.get_origin(info.annotation) is typing.Literal
        if is_tag and getattr(old, name) != getattr(new, name):
            return name
    return None


def _field_or_default(model: BaseModel, name: str, other: BaseModel) -> Any:
    """The field's value; a field the model's class lacks counts as the other class's default for it."""
    if name in type(model).model_fields:
        return getattr(model, name)
    info = type(other).model_fields[name]
    return None if info.is_required() else info.get_default(call_default_factory=True)


def _keyed(items: list[Any]) -> dict[str, Any]:
    """Items by their id; a repeated id (not valid in a spec, but possible in plain data) gets ``#2``, ``#3``."""
    out: dict[str, Any] = {}
    for item in items:
        key = key_field(type(item))
        base = str(getattr(item, key)) if key else "?"
        name, count = base, 1
        while name in out:
            count += 1
            name = f"{base}#{count}"
        out[name] = item
    return out


def _is_empty(value: Any) -> bool:
    return isinstance(value, list | dict) and not value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return bool(old == new)


def _same_list(old: list[Any], new: list[Any]) -> bool:
    return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))


def _hashable(value: Any) -> Hashable:
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, Hashable):
        return value
    return repr(value)


def _unique(values: Iterable[Any]) -> list[Any]:
    seen: set[Hashable] = set()
    out = []
    for value in values:
        if _hashable(value) not in seen:
            seen.add(_hashable(value))
            out.append(value)
    return out


def _unwrap(hint: Any) -> Any:
    """Strip Annotated and Optional from an annotation."""
    if typing.get_origin(hint) is typing.Annotated:
        hint = typing.get_args(hint)[0]
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is not None and len(args) == 1 and typing.get_origin(hint) not in (list, dict):
        return _unwrap(args[0])
    return hint


def _item_hint(hint: Any, index: int) -> Any:
    args = typing.get_args(_unwrap(hint))
    return args[index] if len(args) > index else None
