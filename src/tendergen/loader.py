"""Safe YAML loading that keeps the position of every node.

Specs are untrusted input: the loader accepts only the core YAML types (mappings, sequences, strings, numbers,
booleans, null and dates), rejects duplicate keys and language-specific tags, caps file size, nesting depth and the
number of nodes an alias may expand to, and requires UTF-8. Every value is returned together with the line and
column it came from, so later stages can point at the exact spot of a problem.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tendergen.errors import Problem, SpecError

try:  # libyaml is several times faster; fall back to the pure-Python loader
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]

_TAG_PREFIX = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG_PREFIX}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCTOR = SafeConstructor()
_KIND_NAMES = {
    f"{_TAG_PREFIX}timestamp": "date",
    f"{_TAG_PREFIX}int": "number",
    f"{_TAG_PREFIX}float": "number",
}


@dataclass
class Document:
    """A loaded YAML file: the plain data plus where every value and key stands in the file."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Problems the loader found but could recover from (bad tags, duplicate keys, invalid dates)."""
    flagged: set[Path_] = field(default_factory=set)
    """Paths whose value was rejected by the loader; validation skips errors under them."""

    def is_flagged(self, path: Path_) -> bool:
        return any(path[: len(flag)] == flag for flag in self.flagged)

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its key when ``key`` is true.

        A path that does not exist (a missing field) falls back to its nearest existing parent.
        """
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)

    def problem(self, path: Path_, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        line, column = self.locate(path, key=key)
        return Problem(self.file, line, column, format_path(path), message, severity)  # type: ignore[arg-type]


def format_path(path: Path_) -> str:
    """Render a data path the way users write it: ``quality[2].weight``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def load_document(path: Path, display: str | None = None) -> Document:
    """Load one YAML file.

    Fatal problems (unreadable, too large, not UTF-8, syntax error, empty, alias bomb, not a mapping) raise
    :class:`SpecError`. Recoverable ones (unsupported tags, duplicate keys, invalid dates) are kept in
    ``Document.problems`` so that validation can still report everything else in the file.
    """
    name = display or str(path)
    text = _read_text(path, name)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        raise SpecError([Problem(name, line, column, "", f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors are caught by _read_text
        raise SpecError([Problem(name, 1, 1, "", f"YAML error: {exc}")]) from None
    if root is None:
        raise SpecError([Problem(name, 1, 1, "", "file is empty; expected a mapping of keys to values")])
    builder = _Builder(name)
    data = builder.build(root, ())
    if builder.exploded:
        raise SpecError(builder.problems)
    doc = Document(name, data, builder.values, builder.keys, builder.problems, builder.flagged)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        raise SpecError([doc.problem((), f"expected a mapping of keys to values at the top level, found {kind}")])
    return doc


def _read_text(path: Path, name: str) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SpecError([Problem(name, 1, 1, "", f"cannot read file: {exc.strerror}")]) from None
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1_000_000
        raise SpecError([Problem(name, 1, 1, "", f"file is {size:,} bytes; the limit is {limit} MB")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        raise SpecError([Problem(name, line, column, "", message)]) from None
    return text.removeprefix("\ufeff")


class _Builder:
    """Turns a composed node graph into plain data, checking tags, keys and size as it goes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.flagged: set[Path_] = set()
        self.count = 0
        self.exploded = False

    def _report(self, node: Node, path: Path_, message: str) -> None:
        self.flagged.add(path)
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, format_path(path), message))

    def build(self, node: Node, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            if not self.exploded:
                self.exploded = True
                what = f"more than {MAX_NODES:,} nodes" if self.count > MAX_NODES else f"deeper than {MAX_DEPTH}"
                self._report(node, (), f"document expands to {what} (alias bomb or runaway nesting); refused")
            return None
        self.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if node.tag != f"{_TAG_PREFIX}seq":
                self._report(node, path, f"unsupported YAML tag `{_short_tag(node.tag)}`")
                return None
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any] | None:
        if node.tag != f"{_TAG_PREFIX}map":
            self._report(node, path, f"unsupported YAML tag `{_short_tag(node.tag)}`")
            return None
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG_PREFIX}merge":
                self._report(key_node, path, "merge keys (`<<`) are not supported; write the values out")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self._report(key_node, path, "a key must be a plain text value")
                continue
            key = str(key_node.value)
            child: Path_ = (*path, key)
            if key in seen:
                mark = key_node.start_mark
                message = f"duplicate key `{key}` (first defined at line {seen[key]})"
                self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, format_path(child), message))
                continue
            seen[key] = key_node.start_mark.line + 1
            self.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, child, depth + 1)
        return out

    def _scalar(self, node: Node, path: Path_) -> Hashable:
        if node.tag not in _SCALAR_TAGS:
            self._report(
                node,
                path,
                f"unsupported YAML tag `{_short_tag(node.tag)}`; only plain YAML values are allowed",
            )
            return None
        method = _CONSTRUCTOR.yaml_constructors[node.tag]
        try:
            return method(_CONSTRUCTOR, node)  # type: ignore[no-any-return]
        except (ValueError, ConstructorError, OverflowError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            kind = _KIND_NAMES.get(node.tag, node.tag.removeprefix(_TAG_PREFIX))
            self._report(node, path, f"invalid {kind} `{node.value}`: {reason}")
            return None


def _short_tag(tag: str | None) -> str:
    if tag is None:
        return "?"
    return "!!" + tag.removeprefix(_TAG_PREFIX) if tag.startswith(_TAG_PREFIX) else tag
