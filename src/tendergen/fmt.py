"""``tendergen fmt``: canonical YAML for spec files, keeping every comment.

Canonical means:
- key order: the model's field order, with a union's discriminator (``kind``, ``form``) first and a subclass's own
  fields before the ones it shares with its siblings; unknown keys (which validation reports) keep their place
  after the known ones; list order and mapping keys of free-form mappings are left alone;
- indentation: two spaces for mappings, sequences indented two with the dash (``  - item``);
- quoting: plain when YAML reads the text back as the same text (in YAML 1.1, which the loader speaks, and in
  YAML 1.2) and the text does not look like a number (``"85311300-5"``), otherwise double quotes; block scalars
  (``>-``, ``|``) and flow collections (``{…}``, ``[…]``) stay;
  values YAML 1.1 reads as something other than written are written canonically (``yes`` → ``true``);
- no line wrapping, one newline at the end.

Formatting never changes what the loader reads: the result is loaded again and compared before it is written.
Comments move with the key they stand above, so ``# aanname`` stays with its value, and the first-line
``# yaml-language-server`` comment stays first.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import re
import tempfile
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.tokens import CommentToken

from tendergen.errors import Problem, SpecError, UsageError
from tendergen.layout import PROGRAMME_FILE, UNITS_DIR
from tendergen.loader import load_document
from tendergen.writer import write_text

_STR_TAG = "tag:yaml.org,2002:str"
# Text that looks like a number (a CPV code, `1.0`, `3.4`) is quoted, so no reader takes it for one.
_NUMBER_LIKE = re.compile(r"[+-]?\d[\d.:-]*")
_RESOLVER = yaml.resolver.Resolver()
_YAML_SUFFIXES = (".yaml", ".yml")


# ---------------------------------------------------------------------- which model a file follows


def model_for(path: Path) -> type[BaseModel] | None:
    """The model that orders a file's keys, from where the file lives (None: the file's own order is kept)."""
    from tendergen.layout import QA_DIR
    from tendergen.qa import QaRound
    from tendergen.spec import Programme, Unit

    if path.name == PROGRAMME_FILE:
        return Programme
    if path.parent.name == UNITS_DIR:
        return Unit
    if path.parent.name == QA_DIR:
        return QaRound
    if path.parent.name == "schedules":
        return _schedule_model()
    return None


def _schedule_model() -> type[BaseModel] | None:
    """The schedule model of ``tendergen.schedule``, when that module is there (else the order is kept)."""
    try:
        module = importlib.import_module("tendergen.schedule")
    except ImportError:
        return None
    model: type[BaseModel] = module.Schedule
    return model


def is_spec_file(path: Path) -> bool:
    """Files fmt knows: programme.yaml, units/*.yaml, qa/*.yaml and schedules/*.yaml."""
    if path.suffix not in _YAML_SUFFIXES:
        return False
    return path.name == PROGRAMME_FILE or path.parent.name in (UNITS_DIR, "qa", "schedules")


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The spec files named, or found under the folders named; a named file fmt does not know is an error."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            if not is_spec_file(path):
                raise UsageError(
                    f"{path}: not a spec file (fmt formats programme.yaml, units/*.yaml, qa/*.yaml, schedules/*.yaml)"
                )
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if _visible(p, path) and is_spec_file(p) and p.is_file()))
        else:
            raise UsageError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def _visible(path: Path, root: Path) -> bool:
    """Not inside a hidden folder (``.git``, ``.venv``) or the generated ``output/`` below ``root``."""
    parts = path.relative_to(root).parts[:-1]
    return not any(part.startswith(".") or part == "output" for part in parts)


# ---------------------------------------------------------------------- key order from the model


def canonical_fields(model: type[BaseModel]) -> list[str]:
    """Field order: single-value Literal fields (discriminators) first, then the class's own, then inherited."""
    names = list(model.model_fields)
    inherited = {
        name
        for base in model.__mro__[1:]
        if isinstance(base, type) and issubclass(base, BaseModel)
        for name in base.model_fields
    }
    tags = [n for n in names if _is_tag(model.model_fields[n].annotation)]
    own = [n for n in names if n not in inherited and n not in tags]
    return [*tags, *own, *(n for n in names if n in inherited and n not in tags)]


def _is_tag(annotation: Any) -> bool:
    return typing.get_origin(annotation) is typing.Literal and len(typing.get_args(annotation)) == 1


def child_model(annotation: Any, value: Any) -> tuple[type[BaseModel] | None, type[BaseModel] | None]:
    """For a field's annotation and value: the model of a mapping value, and the model of list items / map values."""
    for member in _flatten(annotation):
        origin = typing.get_origin(member)
        if origin is list and isinstance(value, list):
            return None, _pick(typing.get_args(member)[0], value[0] if value else None)
        if origin is dict and isinstance(value, dict):
            return None, _pick(typing.get_args(member)[1], next(iter(value.values()), None))
    if isinstance(value, dict):
        return _pick(annotation, value), None
    return None, None


def _pick(annotation: Any, value: Any) -> type[BaseModel] | None:
    """The model a mapping follows; for a discriminated union, the member whose tag the mapping carries."""
    models = [m for m in _flatten(annotation) if isinstance(m, type) and issubclass(m, BaseModel)]
    if len(models) == 1:
        return models[0]
    if not isinstance(value, dict):
        return None
    for model in models:
        for name, info in model.model_fields.items():
            if _is_tag(info.annotation) and value.get(name) == typing.get_args(info.annotation)[0]:
                return model
    return None


def _flatten(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Annotated:
        return _flatten(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, __import__("types").UnionType):
        return [m for arg in typing.get_args(annotation) for m in _flatten(arg)]
    return [annotation]


def item_model(
    model: type[BaseModel] | None, key: str, value: Any
) -> tuple[type[BaseModel] | None, type[BaseModel] | None]:
    """``child_model`` for the field ``key`` of ``model`` (nothing for unknown keys)."""
    if model is None or key not in model.model_fields:
        return None, None
    return child_model(model.model_fields[key].annotation, value)


# ---------------------------------------------------------------------- formatting


@dataclass(frozen=True)
class Outcome:
    """The result of formatting one file."""

    path: Path
    original: str
    formatted: str

    @property
    def changed(self) -> bool:
        return self.original != self.formatted


class _Emitter(RoundTripEmitter):
    """Double quotes wherever quotes are needed, for text YAML 1.1 would read as something else, and for text
    that looks like a number."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        if style == "'":
            return '"'
        if style == "" and str(self.event.ctag) == _STR_TAG and _needs_quotes(self.event.value):
            return '"'
        return style


def _needs_quotes(text: str) -> bool:
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag != _STR_TAG) or bool(_NUMBER_LIKE.fullmatch(text))


def _yaml() -> YAML:
    handler = YAML()
    handler.Emitter = _Emitter
    handler.indent(mapping=2, sequence=4, offset=2)
    handler.width = 1_000_000
    handler.preserve_quotes = False
    return handler


def format_file(path: Path) -> Outcome:
    """Format one file in memory; a file that does not load (syntax, duplicate keys, tags) is refused."""
    doc = load_document(path)
    if doc.problems:
        raise SpecError(doc.problems)
    original = path.read_bytes().decode("utf-8")
    text = original.removeprefix("\ufeff")
    try:
        tree = _yaml().load(text)
    except MarkedYAMLError as exc:  # pragma: no cover - the loader above refuses what ruamel refuses
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SpecError([Problem(str(path), line, column, "", f"YAML syntax error: {exc.problem}")]) from None
    except YAMLError as exc:  # pragma: no cover
        raise SpecError([Problem(str(path), 1, 1, "", f"YAML error: {exc}")]) from None
    _align(tree, doc.data)
    _order(tree, model_for(path))
    formatted = _dump(tree)
    _verify(path, doc.data, formatted)
    return Outcome(path, original, formatted)


def format_paths(paths: Iterable[Path], *, check: bool) -> list[Outcome]:
    """Format every file (all are checked before any is written); return the ones that changed."""
    outcomes = [format_file(path) for path in collect_files(paths)]
    changed = [o for o in outcomes if o.changed]
    if not check:
        for outcome in changed:
            write_text(outcome.path, outcome.formatted)
    return changed


def _dump(tree: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(tree, stream)
    return stream.getvalue().rstrip("\n") + "\n"


def _verify(path: Path, data: Any, formatted: str) -> None:
    """Load the result the way tendergen loads specs; it must read exactly as the original did."""
    with tempfile.TemporaryDirectory(prefix="tendergen-fmt-") as tmp:
        probe = Path(tmp) / path.name
        probe.write_text(formatted, encoding="utf-8")
        again = load_document(probe)
    if again.data != data or not _same_types(again.data, data):
        raise AssertionError(f"{path}: formatting would change the data; this is a bug in tendergen fmt")


def _same_types(a: Any, b: Any) -> bool:
    """Equal data can still differ in type (``1`` and ``true``); compare the types too."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_types(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_types(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b)


# ---------------------------------------------------------------------- scalars: read as the loader reads


def _align(node: Any, data: Any) -> None:
    """Make every ruamel scalar hold the value the loader (YAML 1.1) reads, so the dump means the same."""
    if isinstance(node, CommentedMap) and isinstance(data, dict):
        for (key, _value), data_key in zip(list(node.items()), data, strict=True):
            if not isinstance(key, str) or key != data_key:
                _rename(node, key, data_key)
            _align_child(node, data_key, data[data_key])
    elif isinstance(node, CommentedSeq) and isinstance(data, list):
        for index, item in enumerate(data):
            _align_child(node, index, item)


def _align_child(container: Any, key: Any, data: Any) -> None:
    current = container[key]
    if isinstance(current, CommentedMap | CommentedSeq):
        _align(current, data)
    elif not _same_scalar(current, data):
        container[key] = data


def _same_scalar(current: Any, data: Any) -> bool:
    if isinstance(data, bool) or isinstance(current, bool):
        return type(current) is type(data)
    if isinstance(data, str):
        return isinstance(current, str) and current == data
    if isinstance(data, int):
        return isinstance(current, int) and current == data
    if isinstance(data, float):
        return isinstance(current, float) and current == data
    if isinstance(data, dt.datetime) or isinstance(current, dt.datetime):
        return type(current) is type(data) and current == data
    if isinstance(data, dt.date):
        return isinstance(current, dt.date) and current == data
    return current is None and data is None


def _rename(node: CommentedMap, old: Any, new: str) -> None:
    position = list(node).index(old)
    comment = node.ca.items.pop(old, None)
    value = node.pop(old)
    node.insert(position, new, value)
    if comment is not None:
        node.ca.items[new] = comment


# ---------------------------------------------------------------------- key order, comments moving along


def _order(
    node: Any, model: type[BaseModel] | None, items: type[BaseModel] | None = None, *, in_sequence: bool = False
) -> None:
    if isinstance(node, CommentedSeq):
        for item in node:
            _order(item, items, in_sequence=True)
        return
    if not isinstance(node, CommentedMap):
        return
    if model is not None:
        _reorder(node, _wanted_order(node, model), in_sequence=in_sequence)
    for key in node:
        sub_model, sub_items = item_model(model, key, node[key]) if model else (None, None)
        if model is None and items is not None:  # a free-form mapping whose values follow a model
            sub_model, sub_items = items, None
        _order(node[key], sub_model, sub_items)


def _wanted_order(node: CommentedMap, model: type[BaseModel]) -> list[Any]:
    known = [name for name in canonical_fields(model) if name in node]
    return known + [key for key in node if key not in known]


def _reorder(node: CommentedMap, order: list[Any], *, in_sequence: bool = False) -> None:
    """Put the keys of ``node`` in ``order``; full-line comments above a key move with it.

    A comment above the new first key of a mapping that is a list item cannot stand between the dash and the key,
    so it goes above the second key instead (it is kept, next to its key).
    """
    keys = list(node)
    if keys == order:
        return
    above: dict[Any, str] = {}
    trailing = ""
    for index, key in enumerate(keys):
        rest = _split_tail(node, key)
        if index + 1 < len(keys):
            above[keys[index + 1]] = rest
        else:
            trailing = rest
    for key in order:
        node.move_to_end(key)
    for index, key in enumerate(order):
        if not above.get(key):
            continue
        target = order[1] if index == 0 and in_sequence and len(order) > 1 else key
        slot = node.ca.items.setdefault(target, [None, None, None, None])
        slot[1] = [*(slot[1] or []), CommentToken(above[key], CommentMark(0))]
    if trailing:
        _append_tail(node, order[-1], trailing)


def _tail_slot(container: Any, key: Any) -> tuple[list[Any], int] | None:
    """Where the comment after the entry ``container[key]`` (its last line) is kept, if anywhere yet."""
    value = container[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value) and not value.fa.flow_style():
        return _tail_slot(value, list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1)
    slot = container.ca.items.get(key)
    index = 2 if isinstance(container, CommentedMap) else 0
    if slot is None:
        return None
    return slot, index


def _split_tail(node: CommentedMap, key: Any) -> str:
    """Cut the full-line comments after an entry off its end-of-line comment; return them."""
    found = _tail_slot(node, key)
    if found is None:
        return ""
    slot, index = found
    token = slot[index]
    if not isinstance(token, CommentToken) or "\n" not in token.value:
        return ""
    eol, rest = token.value.split("\n", 1)
    token.value = eol + "\n"
    return rest


def _append_tail(node: CommentedMap, key: Any, text: str) -> None:
    found = _tail_slot(node, key)
    if found is not None and isinstance(found[0][found[1]], CommentToken):
        found[0][found[1]].value += text
        return
    container, last = _last_entry(node, key)
    slot = container.ca.items.setdefault(last, [None, None, None, None])
    index = 2 if isinstance(container, CommentedMap) else 0
    slot[index] = CommentToken("\n" + text, CommentMark(0))


def _last_entry(container: Any, key: Any) -> tuple[Any, Any]:
    value = container[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value) and not value.fa.flow_style():
        return _last_entry(value, list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1)
    return container, key
