"""Safe YAML loading that keeps the position of every node.

Specs are untrusted input: the loader accepts only the core YAML types (mappings, sequences, strings, numbers,
booleans, null and dates), rejects duplicate keys and language-specific tags, caps file size, nesting depth, the
number of nodes an alias may expand to, the items of one list or mapping, the characters of one text and of the
whole document, keeps dates within a sensible range, and requires UTF-8. Every value is returned together with the
line and column it came from, so later stages can point at the exact spot of a problem.

The limits (documented in SECURITY.md) are far above what a real procurement round needs and low enough that a
hostile or broken file is refused in well under a second instead of exhausting memory or time later.
"""

from __future__ import annotations

import datetime as dt
import stat
import unicodedata
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
MAX_ITEMS = 1_000
"""Items of one list or keys of one mapping (a unit with a thousand requirements is far beyond any real one)."""
MAX_KEY_CHARS = 200
MAX_DOCUMENT_CHARS = 2_000_000
"""Characters of all texts in a file together, aliases expanded (a file cannot say more than it holds)."""
MIN_DATE = dt.date(1950, 1, 1)
MAX_DATE = dt.date(2099, 12, 31)

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
        if len(text) > _PRESCAN_CHARS:
            _count_events(name, text)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        raise SpecError([Problem(name, line, column, "", f"YAML syntax error: {what}")]) from None
    except yaml.reader.ReaderError as exc:
        raise SpecError([_reader_problem(name, text, exc)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every other PyYAML error is a MarkedYAMLError
        raise SpecError([Problem(name, 1, 1, "", f"YAML error: {printable(str(exc))}")]) from None
    if root is None:
        raise SpecError([Problem(name, 1, 1, "", "file is empty; expected a mapping of keys to values")])
    builder = _Builder(name)
    data = builder.build(root, ())
    if builder.exploded or (data is None and builder.problems):
        raise SpecError(builder.problems)
    doc = Document(name, data, builder.values, builder.keys, builder.problems, builder.flagged)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        raise SpecError([doc.problem((), f"expected a mapping of keys to values at the top level, found {kind}")])
    return doc


def read_limited(path: Path, name: str) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_FILE_BYTES`; :class:`SpecError` otherwise.

    Folders, FIFOs and devices (``/dev/zero``) are refused before they are opened, and at most one byte more than
    the limit is ever read, so neither a blocking read nor an endless one can happen.
    """
    limit = MAX_FILE_BYTES // 1_000_000
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise SpecError([Problem(name, 1, 1, "", f"cannot read file: it is {kind}")])
        if info.st_size > MAX_FILE_BYTES:
            raise SpecError([Problem(name, 1, 1, "", f"file is {info.st_size:,} bytes; the limit is {limit} MB")])
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SpecError([Problem(name, 1, 1, "", f"cannot read file: {reason}")]) from None
    if len(raw) > MAX_FILE_BYTES:  # the file grew after stat()
        raise SpecError([Problem(name, 1, 1, "", f"file is over {limit} MB; the limit is {limit} MB")])
    return raw


_PRESCAN_CHARS = 200_000


def _count_events(name: str, text: str) -> None:
    """Refuse a large file with more nodes than :data:`MAX_NODES` before composing it.

    Parsing events is several times cheaper than composing the node graph, so a file of 146,000 one-line keys
    is refused in a fraction of the time composing it would take.
    """
    count = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent | yaml.AliasEvent):
            count += 1
            if count > MAX_NODES:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                message = f"document has more than {MAX_NODES:,} nodes; refused"
                raise SpecError([Problem(name, line, column, "", message)])


def _read_text(path: Path, name: str) -> str:
    raw = read_limited(path, name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        raise SpecError([Problem(name, line, column, "", message)]) from None
    return text.removeprefix("\ufeff")


def _reader_problem(name: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow in a file (a control character, U+FFFE), located by its position."""
    position = max(0, min(exc.position, len(text)))
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    message = f"{code_point(char)} is not allowed in a YAML file; remove it"
    return Problem(name, line, column, "", message)


def code_point(char: str) -> str:
    """``U+001B (ESCAPE)``, ``U+0007 (a control character)``: how messages name a character."""
    name = _CONTROL_NAMES.get(ord(char)) or unicodedata.name(char, "")
    if not name:
        kind = unicodedata.category(char)
        name = {"Cc": "a control character", "Cs": "a surrogate"}.get(kind, "a noncharacter" if kind == "Cn" else "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


_CONTROL_NAMES = {0: "NULL", 8: "BACKSPACE", 0x1B: "ESCAPE", 0x7F: "DELETE"}


def printable(text: str, limit: int = 80) -> str:
    """``text`` made safe to show on a terminal: control and format characters escaped, long text shortened.

    User text goes into messages (unknown keys, rejected values); an ESC sequence or a right-to-left override in
    it must not reach the terminal as it is.
    """
    shown = text if not limit or len(text) <= limit else text[:limit]
    escaped = "".join(_escape(char) for char in shown)
    return escaped if shown is text else f"{escaped}…"


def _escape(char: str) -> str:
    if unicodedata.category(char) not in _UNSAFE_CATEGORIES:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class _Builder:
    """Turns a composed node graph into plain data, checking tags, keys and size as it goes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.flagged: set[Path_] = set()
        self.count = 0
        self.chars = 0
        self.exploded = False

    def _report(self, node: Node, path: Path_, message: str) -> None:
        self.flagged.add(path)
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, format_path(path), message))

    def build(self, node: Node, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        if isinstance(node, ScalarNode):
            self.chars += len(node.value)
        if self.count > MAX_NODES or depth > MAX_DEPTH or self.chars > MAX_DOCUMENT_CHARS:
            if not self.exploded:
                self.exploded = True
                if self.count > MAX_NODES:
                    what = f"more than {MAX_NODES:,} nodes"
                elif depth > MAX_DEPTH:
                    what = f"deeper than {MAX_DEPTH}"
                else:
                    what = f"more than {MAX_DOCUMENT_CHARS:,} characters of text"
                self._report(node, (), f"document expands to {what} (alias bomb or runaway nesting); refused")
            return None
        self.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if node.tag != f"{_TAG_PREFIX}seq":
                self._report(node, path, f"unsupported YAML tag `{_short_tag(node.tag)}`")
                return None
            if len(node.value) > MAX_ITEMS:
                self._report(node, path, f"list has {len(node.value):,} items; the limit is {MAX_ITEMS:,}")
                return None
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any] | None:
        if node.tag != f"{_TAG_PREFIX}map":
            self._report(node, path, f"unsupported YAML tag `{_short_tag(node.tag)}`")
            return None
        if len(node.value) > MAX_ITEMS:
            self._report(node, path, f"mapping has {len(node.value):,} keys; the limit is {MAX_ITEMS:,}")
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
            bad_key = _key_problem(key)
            if bad_key:  # the key is left out; its siblings are still validated
                mark = key_node.start_mark
                self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, format_path(path), bad_key))
                continue
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
            value = method(_CONSTRUCTOR, node)
        except (ValueError, ConstructorError, OverflowError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            kind = _KIND_NAMES.get(node.tag, node.tag.removeprefix(_TAG_PREFIX))
            self._report(node, path, f"invalid {kind} `{printable(node.value)}`: {printable(reason)}")
            return None
        if isinstance(value, dt.date) and not MIN_DATE <= _day(value) <= MAX_DATE:
            self._report(node, path, f"date `{node.value}` is outside {MIN_DATE} to {MAX_DATE}; check the year")
            return None
        return value  # type: ignore[no-any-return]


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _key_problem(key: str) -> str:
    """Why a mapping key is refused outright (too long, or holding control characters), or ``""``."""
    if len(key) > MAX_KEY_CHARS:
        return f"key `{printable(key, 40)}` is {len(key):,} characters long; the limit is {MAX_KEY_CHARS}"
    bad = next((c for c in key if unicodedata.category(c) in _UNSAFE_CATEGORIES), None)
    if bad is not None:
        return f"key `{printable(key)}` contains {code_point(bad)}; keys are plain text"
    return ""


def _short_tag(tag: str | None) -> str:
    if tag is None:
        return "?"
    return "!!" + tag.removeprefix(_TAG_PREFIX) if tag.startswith(_TAG_PREFIX) else tag
