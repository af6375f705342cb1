"""The sandboxed, strict Jinja environment: built-in templates, overridable by a project's ``templates/``.

A value a template needs but the spec leaves out fails the build with the template, its line and the spec
field. Optional spec fields that are not set (``None`` in the model) become :class:`MissingField`: false in
a condition (``{% if unit.target_group %}``), but an error as soon as a template prints or uses them.
"""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    meta,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from tendergen import __version__
from tendergen.errors import RenderError
from tendergen.render.formatting import FILTERS, finalize
from tendergen.render.references import label

TEMPLATE_SUFFIX = ".html.j2"

# content digest of a template source → the names it refers to (None: it does not parse)
_REFERENCES: dict[str, tuple[str | None, ...] | None] = {}


def builtin_template_dir() -> Path:
    """The folder of the templates that ship inside the package."""
    return Path(str(resources.files("tendergen").joinpath("templates")))


@dataclass(frozen=True)
class TemplateSet:
    """Where templates and assets are looked up: the project's ``templates/`` first, then the built-in
    ones."""

    dirs: tuple[Path, ...]

    @classmethod
    def for_project(cls, project_root: Path) -> TemplateSet:
        """The project's ``templates/`` folder (when it exists) in front of the built-in templates."""
        project = project_root / "templates"
        dirs = (project.resolve(),) if project.is_dir() else ()
        return cls((*dirs, builtin_template_dir().resolve()))

    def find(self, name: str) -> Path:
        """The file that wins for ``name``: a project override or the built-in one."""
        for folder in self.dirs:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise RenderError(f"no template or asset named `{name}` in {', '.join(str(d) for d in self.dirs)}")

    def files(self) -> dict[str, Path]:
        """Every file by name (relative to its template folder), overrides winning."""
        found: dict[str, Path] = {}
        for folder in reversed(self.dirs):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    found[path.relative_to(folder).as_posix()] = path
        return found

    def display(self, path: str | Path) -> str:
        """A short name for a template file in messages."""
        text = str(path)
        for folder in self.dirs:
            if text.startswith(str(folder)):
                base = "templates" if folder != builtin_template_dir().resolve() else "tendergen/templates"
                return f"{base}/{Path(text).relative_to(folder).as_posix()}"
        return text


@dataclass(frozen=True)
class FieldRef:
    """Where a spec object came from: ``programme`` or ``unit:<id>``, and its data path in that file."""

    source: str
    path: tuple[str | int, ...]

    def dotted(self) -> str:
        """The path as ``funding.lumpsum`` or ``quality[2].target``."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text


class MissingFieldError(UndefinedError):
    """A template used a spec field that is not set; ``ref`` says which one."""

    ref: FieldRef | None = None


def _error_for(ref: FieldRef | None) -> type[MissingFieldError]:
    # Undefined raises ``exc(message)``; a small subclass per missing field carries the field along.
    return type("MissingFieldError", (MissingFieldError,), {"ref": ref})


class MissingField(StrictUndefined):
    """An optional spec field that is not set: false in a condition, an error everywhere else."""

    __slots__ = ()

    def __init__(self, hint: str, obj: Any, name: str, ref: FieldRef | None) -> None:
        super().__init__(hint=hint, obj=obj, name=name, exc=_error_for(ref))

    def __bool__(self) -> bool:  # type: ignore[override]
        return False


class TemplateFailure(RenderError):
    """A template failed; carries the template, its line and the spec field (if one is to blame)."""

    def __init__(self, template: str, line: int | None, message: str, ref: FieldRef | None = None) -> None:
        # Exception args keep all four, so that the failure survives pickling from a worker process.
        Exception.__init__(self, template, line, message, ref)
        self.problems = []
        self.template = template
        self.line = line
        self.message = message
        self.ref = ref

    def __str__(self) -> str:
        where = f"{self.template}:{self.line}" if self.line else self.template
        return f"{where}: {self.message}"


# Properties of the spec models that templates read; the field each one is computed from.
_PROPERTY_FIELDS: dict[str, tuple[str, ...]] = {"quota_pct": ("subcontracting", "min_share_small_local_pct")}

Read = tuple[str, tuple[str, ...]]
"""A spec field a document read: its source (``programme``, ``unit:crisis``) and field names (list positions left
out): ``("unit:crisis", ("award_criteria", "weight"))``."""


class DocumentEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, strict environment that knows which spec field every model object came from.

    The sandbox is the immutable one: a template cannot change a list or dict it is given
    (``programme.principles.append(…)``, ``….model_config.update(…)``), so no document can change what another
    document of the pack reads (the spec models themselves are frozen).

    With ``trace``, it records which top-level spec field every attribute lookup falls under (:attr:`reads`), so
    that a change notice can list a change under exactly the documents that show it.
    """

    def __init__(self, templates: TemplateSet, *, trace: bool = False) -> None:
        super().__init__(
            loader=FileSystemLoader([str(d) for d in templates.dirs]),
            undefined=StrictUndefined,
            autoescape=True,
            finalize=finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.templates = templates
        self.trace = trace
        self.refs: dict[int, FieldRef] = {}
        self.reads: set[Read] = set()
        self.filters.update(FILTERS)
        self.filters["label"] = label

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Attribute lookup that turns unset optional spec fields into :class:`MissingField`."""
        if self.trace:
            self._note(obj, attribute)
        value = super().getattr(obj, attribute)
        if isinstance(obj, BaseModel) and attribute in type(obj).model_fields and value is None:
            ref = self.refs.get(id(obj))
            field = FieldRef(ref.source, (*ref.path, attribute)) if ref else None
            hint = f"spec field `{field.dotted() if field else attribute}` is not set"
            return MissingField(hint, obj, attribute, field)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        if self.trace and isinstance(argument, str):
            self._note(obj, argument)
        return super().getitem(obj, argument)

    def _note(self, obj: Any, attribute: str) -> None:
        if not isinstance(obj, BaseModel):
            return
        ref = self.refs.get(id(obj))
        if ref is None:
            return
        names = tuple(step for step in ref.path if isinstance(step, str))
        if attribute in type(obj).model_fields:
            self.reads.add((ref.source, (*names, attribute)))
        else:
            self.reads.add((ref.source, (*names, *_PROPERTY_FIELDS.get(attribute, (attribute,)))))

    def render(self, name: str, context: Mapping[str, Any], roots: Mapping[str, FieldRef]) -> str:
        """Render template ``name``; any failure becomes a :class:`TemplateFailure` with template and line."""
        self.refs = index_fields(context, roots)
        self.reads = set()
        try:
            return self.get_template(name).render(context)
        except TemplateSyntaxError as exc:
            raise TemplateFailure(self.templates.display(exc.filename or name), exc.lineno, exc.message or "") from exc
        except TemplateNotFound as exc:
            raise TemplateFailure(self.templates.display(name), None, f"template `{exc.name}` not found") from exc
        except TemplateError as exc:
            # Only Jinja's own errors (undefined values, sandbox refusals, a missing field) are user errors;
            # a ValueError or TypeError inside a template or filter is a bug and keeps its traceback.
            template, line = _template_frame(exc, name, self.templates)
            ref = exc.ref if isinstance(exc, MissingFieldError) else None
            raise TemplateFailure(template, line, _message(exc), ref) from exc
        finally:
            self.refs = {}

    def closure(self, name: str) -> list[str]:
        """``name`` and every template it extends, includes or imports (for the content hash)."""
        seen: list[str] = []
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.append(current)
            referenced = self._referenced(self.templates.find(current).read_text(encoding="utf-8"))
            if referenced is None:
                continue  # a syntax error: the render reports it with its line
            if None in referenced:  # a computed template name: depend on all templates
                return sorted(n for n in self.templates.files() if n.endswith(".j2"))
            todo.extend(r for r in referenced if r is not None)
        return sorted(seen)

    def _referenced(self, source: str) -> tuple[str | None, ...] | None:
        """The template names ``source`` refers to (``None`` for a computed one), or ``None`` when it does not
        parse; memoised per content digest, so a template shared by every document is parsed once per process
        (every DocumentEnvironment has the same syntax settings, so the memo is shared)."""
        key = hashlib.sha256(source.encode()).hexdigest()
        if key not in _REFERENCES:
            try:
                _REFERENCES[key] = tuple(meta.find_referenced_templates(self.parse(source)))
            except TemplateSyntaxError:
                _REFERENCES[key] = None
        return _REFERENCES[key]


@cache
def environment(templates: TemplateSet, *, trace: bool = False) -> DocumentEnvironment:
    """One environment per template set, tracing mode and process (templates compile once)."""
    return DocumentEnvironment(templates, trace=trace)


def index_fields(context: Mapping[str, Any], roots: Mapping[str, FieldRef]) -> dict[int, FieldRef]:
    """Map ``id()`` of every model, list and dict under the context roots to the spec field it came from."""
    refs: dict[int, FieldRef] = {}
    for key, ref in roots.items():
        value = context.get(key)
        if isinstance(value, list) and key == "units":
            continue
        _walk(value, ref, refs)
    for unit in context.get("units", []) or []:
        if isinstance(unit, BaseModel):
            _walk(unit, FieldRef(f"unit:{getattr(unit, 'id', '')}", ()), refs)
    return refs


def _walk(value: object, ref: FieldRef, refs: dict[int, FieldRef]) -> None:
    if isinstance(value, BaseModel):
        refs.setdefault(id(value), ref)
        for name in type(value).model_fields:
            _walk(getattr(value, name), FieldRef(ref.source, (*ref.path, name)), refs)
    elif isinstance(value, list):
        refs.setdefault(id(value), ref)
        for index, item in enumerate(value):
            _walk(item, FieldRef(ref.source, (*ref.path, index)), refs)
    elif isinstance(value, dict):
        refs.setdefault(id(value), ref)
        for key, item in value.items():
            _walk(item, FieldRef(ref.source, (*ref.path, str(key))), refs)


def _template_frame(exc: BaseException, name: str, templates: TemplateSet) -> tuple[str, int | None]:
    """The innermost template file and line in the traceback of ``exc``."""
    dirs = tuple(str(d) for d in templates.dirs)
    found: tuple[str, int | None] = (templates.display(templates.find(name)), None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(dirs) and frame.filename.endswith(".j2"):
            found = (templates.display(frame.filename), frame.lineno)
    return found


def _message(exc: BaseException) -> str:
    text = str(exc) if str(exc) else type(exc).__name__
    return text if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {text}"


def template_digest(templates: TemplateSet, names: Iterable[str]) -> str:
    """SHA-256 over the named template/asset files (name and content digest), in name order."""
    digest = hashlib.sha256(__version__.encode())
    for name in sorted(set(names)):
        path = templates.find(name)
        stat = path.stat()
        digest.update(f"{name}\0{_file_digest(path, stat.st_mtime_ns, stat.st_size)}\0".encode())
    return digest.hexdigest()


@cache
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    """Content digest of a file, cached per version of the file (fonts are hashed once, not per document)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
