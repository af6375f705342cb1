"""The sandboxed, strict Jinja environment: built-in templates, overridable by a project's ``templates/``.

A value a template needs but the spec leaves out fails the build with the template, its line and the spec
field. Optional spec fields that are not set (``None`` in the model) become :class:`MissingField`: false in
a condition (``{% if unit.target_group %}``), but an error as soon as a template prints or uses them.

Templates are untrusted too (a project's ``templates/`` is edited by whoever edits the specs): every template
and asset is looked up inside the template folders *after* resolving links, so a link to ``/etc/passwd`` or a
linked folder is refused with the name of the link; and the work of one document is bounded
(:class:`RenderBudget`: sandbox operations, loop iterations, string sizes, output size and wall-clock time).
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import threading
import time
import traceback
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    meta,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from pydantic import BaseModel

from tendergen import __version__
from tendergen.errors import RenderError
from tendergen.render.formatting import FILTERS, finalize
from tendergen.render.references import label
from tendergen.spec.unit import contractors_of

TEMPLATE_SUFFIX = ".html.j2"
MAX_TEMPLATE_BYTES = 1_000_000
"""One template file; the built-in ones are below 40 kB."""
MAX_STEPS = 1_000_000
"""Sandbox operations (attribute and item lookups, calls, ``*``/``**``, loop iterations over ``range``) per
document; the largest example document (the grouped leidraad of midden-holland-2025) needs about 1,400."""
MAX_VALUE_CHARS = 5_000_000
"""The longest string or list a template may build with ``*`` (or ``**`` result digits)."""
MAX_HTML_CHARS = 20_000_000
"""The HTML one template may produce."""
RENDER_SECONDS = 120.0
"""Wall-clock time one document may take from template to PDF and DOCX."""

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
        """The project's ``templates/`` folder (when it exists) in front of the built-in templates.

        A ``templates`` link that leads out of the project is refused: it would let the build publish any folder
        the user can read.
        """
        project = project_root / "templates"
        dirs: tuple[Path, ...] = ()
        if project.is_dir():
            resolved = project.resolve()
            if project.is_symlink() and not resolved.is_relative_to(project_root.resolve()):
                raise TemplateFailure(
                    "templates", None, f"is a link to {resolved}, outside the project; copy the templates in instead"
                )
            dirs = (resolved,)
        return cls((*dirs, builtin_template_dir().resolve()))

    def find(self, name: str) -> Path:
        """The file that wins for ``name``: a project override or the built-in one (links resolved).

        Raises :class:`TemplateMissing` when no folder has it and :class:`TemplateRefused` when the name, or a
        link on the way to it, leads out of its template folder.
        """
        parts = Path(name).parts
        if not name or Path(name).is_absolute() or ".." in parts or "\\" in name or "\0" in name:
            raise TemplateRefused(name, "a template name must be a relative path inside the template folders")
        for folder in self.dirs:
            candidate = folder / name
            if not os.path.lexists(candidate):
                continue
            resolved = candidate.resolve()
            if not resolved.is_relative_to(folder):
                raise TemplateRefused(
                    name, f"{self.display(candidate)} is a link to {resolved}, outside the template folders"
                )
            if resolved.is_file():
                return resolved
        raise TemplateMissing(f"no template or asset named `{name}` in {', '.join(str(d) for d in self.dirs)}")

    def files(self) -> dict[str, Path]:
        """Every file by name (relative to its template folder), overrides winning; links that lead out of
        their folder, and linked folders, are left out (:meth:`find` refuses them by name)."""
        found: dict[str, Path] = {}
        for folder in reversed(self.dirs):
            for current, subdirs, names in os.walk(folder):  # never follows linked folders
                subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
                for file_name in sorted(names):
                    path = Path(current, file_name)
                    resolved = path.resolve()
                    if resolved.is_relative_to(folder) and resolved.is_file():
                        found[path.relative_to(folder).as_posix()] = resolved
        return dict(sorted(found.items()))

    def read_template(self, name: str) -> str:
        """The text of template ``name``; :class:`TemplateRefused` when it is too large or not UTF-8 text."""
        path = self.find(name)
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            limit = MAX_TEMPLATE_BYTES // 1_000_000
            raise TemplateRefused(name, f"{self.display(path)} is {size:,} bytes; the limit is {limit} MB")
        try:
            return path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateRefused(name, f"{self.display(path)} is not a UTF-8 text file") from None

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


class TemplateMissing(RenderError):
    """No template folder has the file asked for."""


class TemplateRefused(TemplateError):
    """A template or asset name that is refused: outside the template folders, too large, or not text.

    A Jinja error, so that an ``{% include %}`` of it is reported at the including template and line.
    """

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"refused `{name}`: {reason}")
        self.name = name
        self.reason = reason


class BudgetExceeded(TemplateError):
    """A document used more than its share of work (:class:`RenderBudget`)."""


class ContainedLoader(BaseLoader):
    """Load templates through :meth:`TemplateSet.find`: project overrides first, never out of the folders."""

    def __init__(self, templates: TemplateSet) -> None:
        self.templates = templates

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, its file name (for tracebacks) and an up-to-date check."""
        try:
            path = self.templates.find(template)
        except TemplateMissing:
            raise TemplateNotFound(template) from None
        source = self.templates.read_template(template)
        mtime = path.stat().st_mtime_ns

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime_ns == mtime
            except OSError:
                return False

        return source, str(path), uptodate

    def list_templates(self) -> list[str]:
        """Every template and asset name."""
        return sorted(self.templates.files())


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
    document of the pack reads (the spec models themselves are frozen). Every lookup, call and ``range`` step
    counts against a budget per document, and ``*``/``**`` may not build huge values (SECURITY.md).

    With ``trace``, it records which top-level spec field every attribute lookup falls under (:attr:`reads`), so
    that a change notice can list a change under exactly the documents that show it.
    """

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, templates: TemplateSet, *, trace: bool = False) -> None:
        super().__init__(
            loader=ContainedLoader(templates),
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
        self.filters["contractors"] = contractors_of
        self.filters["lot_names"] = lot_names
        self.globals["range"] = self._range
        self.budget = RenderBudget()

    def _range(self, *args: int) -> CountedRange:
        """The sandbox's ``range`` (at most 100,000 numbers), each number counted against the budget."""
        return CountedRange(safe_range(*args), self)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*`` and ``**`` with a bound on what they build: ``'x' * 10**10`` fails instead of eating memory."""
        self.budget.step()
        if operator == "*":
            for sized, count in ((left, right), (right, left)):
                size = len(sized) * count if _repeatable(sized, count) else 0
                if size > MAX_VALUE_CHARS:
                    raise BudgetExceeded(f"`*` would build {size:,} items; the limit is {MAX_VALUE_CHARS:,}")
            return left * right
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            digits = right * max(abs(left).bit_length(), 1) * 0.302
            if digits > MAX_VALUE_CHARS:
                raise BudgetExceeded(f"`**` would build a number of some {int(digits):,} digits")
        return left**right

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Every call in a template counts against the budget."""
        __self.budget.step()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Attribute lookup that turns unset optional spec fields into :class:`MissingField`."""
        self.budget.step()
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
        """Item lookup, counted against the budget (and traced)."""
        self.budget.step()
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
        """Render template ``name``; a failure of the template becomes a :class:`TemplateFailure` with template
        and line.

        Only Jinja's own errors (undefined values, sandbox refusals and budgets, a missing field), templates that
        nest without end and a render that runs out of memory are user errors; a ValueError or TypeError raised
        inside a template or filter is a bug and keeps its traceback.
        """
        self.refs = index_fields(context, roots)
        self.reads = set()
        self.budget = RenderBudget()
        try:
            html = self.get_template(name).render(context)
        except TemplateSyntaxError as exc:
            raise TemplateFailure(self.templates.display(exc.filename or name), exc.lineno, exc.message or "") from exc
        except TemplateNotFound as exc:
            template, line = _template_frame(exc, name, self.templates)
            raise TemplateFailure(template, line, f"template `{exc.name}` not found") from exc
        except RecursionError as exc:
            template, line = _template_frame(exc, name, self.templates)
            message = "templates nest too deeply (does a template include, import or call itself?)"
            raise TemplateFailure(template, line, message) from None
        except MemoryError:
            raise TemplateFailure(self.templates.display(name), None, "ran out of memory while rendering") from None
        except TemplateError as exc:
            template, line = _template_frame(exc, name, self.templates)
            ref = exc.ref if isinstance(exc, MissingFieldError) else None
            raise TemplateFailure(template, line, _message(exc), ref) from exc
        finally:
            self.refs = {}
        if len(html) > MAX_HTML_CHARS:
            message = f"produced {len(html):,} characters of HTML; the limit is {MAX_HTML_CHARS:,}"
            raise TemplateFailure(self.templates.display(name), None, message)
        return html

    def closure(self, name: str) -> list[str]:
        """``name`` and every template it extends, includes or imports (for the content hash)."""
        seen: list[str] = []
        todo = [(name, name)]
        while todo:
            current, parent = todo.pop()
            if current in seen:
                continue
            try:
                source = self.templates.read_template(current)
            except TemplateMissing:
                if current == name:
                    raise
                continue  # the render reports it at the line that includes it
            except TemplateRefused as exc:
                where = self.templates.display(self.templates.find(parent)) if parent != current else current
                raise TemplateFailure(where, None, str(exc)) from None
            seen.append(current)
            referenced = self._referenced(source)
            if referenced is None:
                continue  # a syntax error: the render reports it with its line
            if None in referenced:  # a computed template name: depend on all templates
                return sorted(n for n in self.templates.files() if n.endswith(".j2"))
            todo.extend((r, current) for r in referenced if r is not None)
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


def _repeatable(sized: object, count: object) -> bool:
    return isinstance(sized, str | list | tuple) and isinstance(count, int) and not isinstance(count, bool)


class CountedRange:
    """A ``range`` whose iteration counts against the render budget (two nested ``range(100000)`` loops are
    ten thousand million steps; they stop at the budget instead of running for hours)."""

    def __init__(self, numbers: range, env: DocumentEnvironment) -> None:
        self.numbers = numbers
        self.env = env

    def __iter__(self) -> Iterator[int]:
        for number in self.numbers:
            self.env.budget.step()
            yield number

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: int) -> int:
        return self.numbers[index]

    def __contains__(self, value: object) -> bool:
        return value in self.numbers


class RenderBudget:
    """The work one document may do in the sandbox: :data:`MAX_STEPS` operations and :data:`RENDER_SECONDS`.

    Counting is deterministic (the same template and spec fail at the same step); the clock is looked at every
    4,096 steps, so a template that is slow per step is stopped too.
    """

    def __init__(self, steps: int = MAX_STEPS, seconds: float = RENDER_SECONDS) -> None:
        self.left = steps
        self.limit = steps
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def step(self) -> None:
        """Count one operation; :class:`BudgetExceeded` when the budget is spent."""
        self.left -= 1
        if self.left & 0xFFF == 0:
            if self.left < 0:
                raise BudgetExceeded(
                    f"the template did more than {self.limit:,} operations (a runaway loop?); the limit is "
                    f"{self.limit:,} per document"
                )
            if time.monotonic() > self.deadline:
                raise BudgetExceeded(f"rendering took longer than {self.seconds:g} seconds; the limit per document")


class RenderTimeout(RenderError):
    """A document took longer than its time limit (:func:`time_limit`)."""


@contextmanager
def time_limit(seconds: float = RENDER_SECONDS, what: str = "the document") -> Iterator[None]:
    """Stop the block with :class:`RenderTimeout` after ``seconds`` of wall-clock time.

    Uses ``SIGALRM``, so it only acts in the main thread of a process on a Unix system (the build's workers are
    processes; their tasks run in the main thread) and only when no other timer is set; elsewhere it does
    nothing and the sandbox's :class:`RenderBudget` is the only bound. The alarm interrupts Python code, so a
    single long call into a C library (one layout pass of WeasyPrint) finishes before it acts.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    armed = [True]

    def expire(signum: int, frame: object) -> None:
        if armed[0]:  # a BaseException: libraries that catch Exception broadly cannot swallow it
            raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise RenderTimeout(f"{what} took longer than {seconds:g} seconds to render; the limit per document") from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Expired(BaseException):
    """Raised by the alarm of :func:`time_limit`; turned into :class:`RenderTimeout` when the block ends."""


def reference_docx(templates: TemplateSet) -> bytes:
    """The bytes of ``reference.docx`` (the Word styles), checked to be a Word document."""
    path = templates.find("reference.docx")
    where = templates.display(path)
    data = path.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        message = "is not a Word document (not a zip file); save it from Word as .docx"
        raise TemplateFailure(where, None, message) from None
    missing = sorted({"[Content_Types].xml", "word/document.xml", "word/styles.xml"} - names)
    if missing:
        raise TemplateFailure(where, None, f"is not a Word document: it lacks {', '.join(missing)}")
    return data


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
    try:
        found: tuple[str, int | None] = (templates.display(templates.find(name)), None)
    except (RenderError, TemplateRefused):
        found = (name, None)
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


def lot_names(ids: list[str], unit: Any, programme: Any) -> list[str]:
    """Template filter: the names of the lots with ``ids`` (of the unit, or of its grouped tender), in order."""
    names = {lot.id: lot.name for lot in programme.lots_of(unit)}
    return [names[i] for i in ids]
