"""Dutch wording of spec changes for bidders: ``Gunningscriterium G2 (Samenwerking in de regio): weging 40% → 30%``.

The English change lines of ``tendergen diff`` name fields as they are in the YAML (``award_criteria[G2].weight``);
a nota van inlichtingen is a Dutch legal document, so it needs the Dutch name of every field
(``data/review/labels.yaml``), Dutch values (``€ 1.234,00``, ``1 maart 2026``, ``ja``) and the Dutch labels of
terms of art (``Taakgericht (lumpsum)``, from ``data/render/labels.yaml``, the same the documents print).

A change is read against the models it came from: the annotation of each field along the change's path says how a
value is shown (a ``Money`` field in euros, a ``Years`` field in years …), and the models give the name of a keyed
item (the criterion's name after its id).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import yaml
from pydantic import BaseModel

from tendergen.dutch import date_nl, eur, join_nl, months, number, pct, years
from tendergen.legal import data_text
from tendergen.render.references import labels as value_labels
from tendergen.review.changes import Change, Key
from tendergen.review.values import key_field
from tendergen.spec.types import Money, Percent, Quantity, Text, Years


@dataclass(frozen=True)
class Labels:
    """The Dutch names of fields, items, list members and value groups (``data/review/labels.yaml``)."""

    fields: dict[str, str]
    items: dict[str, dict[str, str]]
    members: dict[str, str]
    values: dict[str, str]
    formats: dict[str, str]


@cache
def dutch_labels() -> Labels:
    """The packaged label table."""
    data = yaml.safe_load(data_text("review", "labels.yaml"))
    return Labels(data["fields"], data["items"], data["members"], data["values"], data["formats"])


def describe_nl(change: Change, old: BaseModel | None, new: BaseModel | None, *, moved: str | None = None) -> str:
    """One change as a Dutch line; ``old``/``new`` are the root models (unit or programme) on both sides.

    ``moved`` is the phrase for a requirement that moved between units (``van segment Crisis naar segment
    Jeugd``); the caller knows both units.
    """
    subject = _Subject.walk(change.path, old, new)
    if change.kind == "moved":
        return f"{_cap(subject.item or subject.text)} verplaatst" + (f" {moved}" if moved else "")
    if change.member:
        return _member_line(change, subject)
    if change.kind == "changed":
        before = value_nl(change.old, subject.hint, subject.chain)
        after = value_nl(change.new, subject.hint, subject.chain)
        return f"{subject.lead()}{before} → {after}"
    value = change.new if change.kind == "added" else change.old
    shown = value_nl(value, subject.hint, subject.chain, skip=subject.shown_name)
    verb = "toegevoegd" if change.kind == "added" else "vervallen"
    if subject.ends_in_item:
        return f"{_cap(subject.text)} {verb}" + (f": {shown}" if shown else "")
    if subject.context:
        return f"{_cap(subject.context)}: {subject.leaf} {verb} ({shown})"
    return f"{_cap(subject.leaf)} {verb}: {shown}"


def _member_line(change: Change, subject: _Subject) -> str:
    value = change.new if change.kind == "added" else change.old
    member = dutch_labels().members.get(".".join(subject.chain), subject.leaf)
    shown = value_nl(value, _item_hint(subject.hint, 0), subject.chain)
    verb = "toegevoegd" if change.kind == "added" else "vervallen"
    if subject.context:
        return f"{_cap(subject.context)}: {member} {shown} {verb}"
    return f"{_cap(member)} {shown} {verb}"


# ---------------------------------------------------------------------- subjects


@dataclass
class _Subject:
    """What a change path names in Dutch: its context (``Gunningscriterium G2``), its leaf field (``weging``) and the
    annotation of the value at the end."""

    parts: list[str]
    chain: tuple[str, ...]
    hint: Any
    ends_in_item: bool
    item: str | None
    shown_name: str | None = None
    """The field whose value the item's label already shows (not repeated in the summary)."""

    @property
    def context(self) -> str:
        return ", ".join(self.parts[:-1])

    @property
    def leaf(self) -> str:
        return self.parts[-1] if self.parts else ""

    @property
    def text(self) -> str:
        return ", ".join(self.parts)

    def lead(self) -> str:
        """``Context: leaf `` or ``Leaf: `` — the part before the values."""
        if self.ends_in_item:
            return f"{_cap(self.text)}: "
        if self.context:
            return f"{_cap(self.context)}: {self.leaf} "
        return f"{_cap(self.leaf)}: "

    @classmethod
    def walk(cls, path: tuple[str | Key, ...], old: BaseModel | None, new: BaseModel | None) -> _Subject:
        table = dutch_labels()
        parts: list[str] = []
        base: list[str] = []  # the item the path is inside, if any
        chain: list[str] = []
        hint: Any = type(new if new is not None else old)
        nodes: list[Any] = [old, new]
        item: str | None = None
        name_field: str | None = None
        for step in path:
            if isinstance(step, Key):
                nodes = [_child(node, step) for node in nodes]
                spec = table.items.get(".".join(chain), {"label": parts[-1] if parts else ""})
                label = f"{spec['label']} {step.value}"
                name = _item_name(nodes, spec.get("name"))
                item = label + (f" ({name})" if name and name.lower() != label.lower() else "")
                parts = base = [item]
                name_field = spec.get("name")
                hint = _item_hint(hint, 1 if _is_mapping(hint) else 0)
                continue
            chain.append(step)
            dotted = ".".join(chain)
            if dotted in table.fields and len(chain) > 1:
                parts = [*base, table.fields[dotted]]
            else:
                parts.append(table.fields.get(step, step.replace("_", " ")))
            hint = _field_hint(hint, step, nodes)
            nodes = [getattr(node, step, None) if isinstance(node, BaseModel) else None for node in nodes]
        ends_in_item = bool(path) and isinstance(path[-1], Key)
        return cls(parts, tuple(chain), hint, ends_in_item, item, name_field if ends_in_item else None)


def _child(node: Any, key: Key) -> Any:
    """The item with id ``key`` of a list of models, or the value at ``key`` of a mapping."""
    if isinstance(node, dict):
        return node.get(key.value)
    if isinstance(node, list):
        for element in node:
            field = key_field(type(element)) if isinstance(element, BaseModel) else None
            if field and str(getattr(element, field)) == key.value:
                return element
    return None


def _item_name(nodes: list[Any], field: str | None) -> str | None:
    if field is None:
        return None
    for node in reversed(nodes):  # the new name wins
        if isinstance(node, BaseModel) and getattr(node, field, None):
            return str(getattr(node, field))
    return None


# ---------------------------------------------------------------------- annotations


def _unwrap(hint: Any) -> Any:
    """Strip ``Annotated`` and ``Optional``; keep unions of several models, lists and dicts."""
    while True:
        if typing.get_origin(hint) is typing.Annotated:
            hint = typing.get_args(hint)[0]
            continue
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            if len(args) == 1:
                hint = args[0]
                continue
        return hint


def _members(hint: Any) -> list[Any]:
    hint = _unwrap(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return [_unwrap(a) for a in typing.get_args(hint) if a is not type(None)]
    return [hint]


def _field_hint(hint: Any, name: str, nodes: list[Any]) -> Any:
    """The annotation of field ``name`` of the model (or union of models) ``hint``."""
    for node in reversed(nodes):  # the class of the actual value decides within a union
        if isinstance(node, BaseModel) and name in type(node).model_fields:
            return typing.get_type_hints(type(node), include_extras=True)[name]
    for member in _members(hint):
        if isinstance(member, type) and issubclass(member, BaseModel) and name in member.model_fields:
            return typing.get_type_hints(member, include_extras=True)[name]
    return None


def _is_mapping(hint: Any) -> bool:
    return typing.get_origin(_unwrap(hint)) is dict


def _item_hint(hint: Any, index: int) -> Any:
    args = typing.get_args(_unwrap(hint))
    return args[index] if len(args) > index else None


def _scalar_kind(hint: Any) -> str:
    """money, percent, years, quantity, text, date, bool, literal, int or plain."""
    if hint is None:
        return "plain"
    for candidate, kind in ((Money, "money"), (Percent, "percent"), (Years, "years"), (Quantity, "quantity")):
        if hint == candidate or _strip_none(hint) == candidate:
            return kind
    if hint == Text or _strip_none(hint) == Text:
        return "text"
    base = _unwrap(hint)
    if typing.get_origin(base) is typing.Literal:
        return "literal"
    if base is dt.date:
        return "date"
    if base is bool:
        return "bool"
    if base is int:
        return "int"
    return "plain"


def _strip_none(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


# ---------------------------------------------------------------------- values


def value_nl(value: Any, hint: Any, chain: tuple[str, ...] = (), *, skip: str | None = None) -> str:
    """A value (as change data: decimals as strings, dates ISO, models as dicts) the way the documents show it;
    ``skip`` leaves a field out of a model's summary."""
    if value is None:
        return "geen"
    model = _model_for(hint, value)
    if model is not None:
        return summary_nl(value, model, chain, skip=skip)
    base = _unwrap(hint)
    if isinstance(value, list):
        return join_nl(value_nl(item, _item_hint(hint, 0), chain) for item in value) if value else "geen"
    if isinstance(value, dict):
        inner = _item_hint(hint, 1)
        return ", ".join(f"{key} {value_nl(item, inner, chain)}" for key, item in value.items()) or "geen"
    return _scalar_nl(value, hint, base, chain)


def _scalar_nl(value: Any, hint: Any, base: Any, chain: tuple[str, ...]) -> str:
    kind = _scalar_kind(hint)
    table = dutch_labels()
    if kind in ("money", "percent", "years", "quantity"):
        amount = Decimal(str(value))
        return {"money": eur, "percent": pct, "years": years, "quantity": number}[kind](amount)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if kind == "date" and isinstance(value, str):
        return date_nl(dt.date.fromisoformat(value))
    if kind == "literal" or (chain and ".".join(chain) in table.values):
        group = table.values.get(".".join(chain))
        names = value_labels().get(group, {}) if group else {}
        return _running_text(names.get(str(value), str(value)))
    if kind == "int" and chain:
        return _with_unit(int(value), table.formats.get(chain[-1]))
    if isinstance(value, str) and kind == "text" and _is_prose(value):
        return f"“{value}”"
    return str(value)


def _is_prose(text: str) -> bool:
    """A sentence or a long text, quoted in a change line; a short value (``≥ 95%``, a name) is not."""
    return text.rstrip().endswith((".", "?", "!", ":")) or len(text) > 60


def _with_unit(value: int, unit: str | None) -> str:
    if unit == "months":
        return months(value)
    if unit == "weeks":
        return f"{value} {'week' if value == 1 else 'weken'}"
    if unit == "hours":
        return f"{value} uur"
    if unit == "pages":
        return f"{value} {'pagina' if value == 1 else 'pagina’s'}"
    return str(value)


def _model_for(hint: Any, value: Any) -> type[BaseModel] | None:
    """The model class of a value given as a dict (within a union, the member its discriminator names)."""
    if not isinstance(value, dict):
        return None
    candidates = [m for m in _members(hint) if isinstance(m, type) and issubclass(m, BaseModel)]
    for member in candidates:
        tags = {
            name: typing.get_args(info.annotation)
            for name, info in member.model_fields.items()
            if typing.get_origin(info.annotation) is typing.Literal
        }
        if all(value.get(name) in allowed for name, allowed in tags.items() if len(allowed) == 1):
            return member
    return candidates[0] if candidates else None


def summary_nl(
    data: dict[str, Any], model: type[BaseModel], chain: tuple[str, ...] = (), *, skip: str | None = None
) -> str:
    """A model given as data in one Dutch line: the fields that differ from their default, in model order."""
    table = dutch_labels()
    hints = typing.get_type_hints(model, include_extras=True)
    skipped = {key_field(model), skip}
    parts: list[str] = []
    for name, info in model.model_fields.items():
        value = data.get(name)
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        if name in skipped or value is None or value in ([], {}) or _same(value, default):
            continue
        sub = (*chain, name)
        label = table.fields.get(".".join(sub)) if len(sub) > 1 else None
        label = label or table.fields.get(name, name.replace("_", " "))
        shown = value_nl(value, hints[name], sub)
        parts.append(f"{label} ({shown})" if _model_for(hints[name], value) else f"{label} {shown}")
    return ", ".join(parts)


def _same(value: Any, default: Any) -> bool:
    if default is None:
        return False
    if isinstance(default, BaseModel):
        return bool(value == default.model_dump(mode="json"))
    if isinstance(default, Decimal):
        return Decimal(str(value)) == default if isinstance(value, str | int | float) else False
    return bool(value == default) and type(value) is type(default)


def _running_text(label: str) -> str:
    """A table label inside a sentence: ``Eis`` → ``eis``; abbreviations (``KPI``, ``OVA …``) stay as they are."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
