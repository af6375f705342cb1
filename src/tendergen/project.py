"""Load a project's programme: the spec (``programme.yaml`` plus ``units/*.yaml``), its Q&A rounds and its schedule.

:func:`load_project` is the one load every command uses. It reports every problem at once: the shape of every
file is checked, and the cross-field checks run on every file whose shape is valid even when another file has
errors, so three independent mistakes in three files give three located lines in one run. When everything is
valid it computes the planning (dates and rule outcomes) once, for every output that prints it.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from tendergen.errors import Problem, SpecError, UsageError
from tendergen.layout import PROGRAMME_FILE, UNITS_DIR, Layout, units_dir
from tendergen.loader import Document, load_document
from tendergen.parts import PartedUnit, expand, has_parts, view
from tendergen.spec import Programme, Unit
from tendergen.spec.unit import UnitFile
from tendergen.validation import validate_document

if TYPE_CHECKING:
    from tendergen.qa import QaRound
    from tendergen.schedule import Timeline

M = TypeVar("M", bound=BaseModel)

UNIT_SUFFIXES = (".yaml", ".yml")


@dataclass
class Spec:
    """A validated programme with its units, and the documents they came from (for locating problems)."""

    root: Path
    programme: Programme
    units: list[Unit]
    programme_doc: Document
    unit_docs: dict[str, Document]
    warnings: list[Problem] = field(default_factory=list)
    parted: list[PartedUnit] = field(default_factory=list)
    """The units with parts, as the overview and the index show them (``units`` holds one unit per part)."""

    def part_of(self, unit_id: str) -> PartedUnit | None:
        """The unit with parts that ``unit_id`` is a part of, if any."""
        return next((p for p in self.parted if any(v.unit_id == unit_id for v in p.parts)), None)

    @property
    def layout(self) -> Layout:
        """The project this programme belongs to."""
        return Layout.of_programme(self.root)

    @property
    def project_root(self) -> Path:
        """The folder that holds ``specs/``, ``schedules/``, ``templates/`` and ``output/``."""
        return self.layout.root

    def unit(self, unit_id: str) -> Unit:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)

    def units_of_tender(self, tender_id: str) -> list[Unit]:
        """Units that a grouped tender buys together, in spec order."""
        return [u for u in self.units if getattr(u.instrument, "tender", None) == tender_id]


@dataclass
class Project:
    """One programme as every command sees it: the checked spec, its Q&A rounds and its computed planning."""

    spec: Spec
    qa: list[QaRound]
    timeline: Timeline | None
    """None when the programme has no ``schedules/<id>.yaml``."""

    @property
    def layout(self) -> Layout:
        return self.spec.layout

    @property
    def warnings(self) -> list[Problem]:
        """Warnings of the spec and policy breaches of the planning."""
        found = list(self.spec.warnings)
        if self.timeline is not None:
            found.extend(f.problem for f in self.timeline.warnings)
        return found

    @property
    def breaches(self) -> list[Problem]:
        """Legal rules the planning breaks (errors: documents must not be made from such a plan)."""
        return [f.problem for f in self.timeline.errors] if self.timeline is not None else []


def find_programme_dir(path: Path) -> Path:
    """Accept a programme folder or its programme.yaml; raise UsageError otherwise."""
    if path.is_file() and path.name == PROGRAMME_FILE:
        return path.parent
    if path.is_dir() and (path / PROGRAMME_FILE).is_file():
        return path
    raise UsageError(f"{path}: not a programme folder (expected {PROGRAMME_FILE} in it)")


def discover_programmes(specs_dir: Path) -> list[Path]:
    """Every programme folder directly under ``specs_dir``, sorted by name."""
    if not specs_dir.is_dir():
        raise UsageError(f"{specs_dir}: no such folder; pass a programme folder")
    found = sorted(p for p in specs_dir.iterdir() if (p / PROGRAMME_FILE).is_file())
    if not found:
        raise UsageError(f"{specs_dir}: contains no programme folder with a {PROGRAMME_FILE}")
    return found


def unit_files(root: Path, problems: list[Problem] | None = None) -> list[Path]:
    """The unit files of a programme, sorted by name (the documents keep this order unless `order` is set).

    Every other entry of ``units/`` (a folder, a link, a pipe, a file of another kind) is reported in ``problems``:
    a unit that is not loaded must never vanish from the pack without a word. Hidden files (``.gitkeep``) are
    not entries of the programme.
    """
    folder = units_dir(root)
    if not folder.is_dir():
        return []
    found: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        why = _not_a_unit_file(path)
        if why is None:
            found.append(path)
        elif problems is not None:
            problems.append(Problem(str(path), 1, 1, "", why))
    return found


def _not_a_unit_file(path: Path) -> str | None:
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if stat.S_ISLNK(mode):
        return f"is a symbolic link; {UNITS_DIR}/ holds unit files only (copy the file instead)"
    if path.suffix not in UNIT_SUFFIXES:
        return f"not a unit file: {UNITS_DIR}/ holds only <id>.yaml files"
    if not stat.S_ISREG(mode):
        return f"not a regular file: {UNITS_DIR}/ holds only <id>.yaml files"
    return None


def load_spec(path: Path) -> Spec:
    """Load, validate and check one programme and its Q&A files; raise :class:`SpecError` with every error found.

    The schedule is not read (the fast path of the review commands); :func:`load_project` reads all three.
    """
    from tendergen.qa import load_rounds

    problems: list[Problem] = []
    spec = _spec(find_programme_dir(path), problems)
    if spec is not None:
        load_rounds(spec, problems, cross_check=not problems)
    if spec is None or problems:
        raise SpecError(problems)
    return spec


def load_project(path: Path) -> Project:
    """Load, validate and check a programme, its Q&A rounds and its schedule, and compute the planning.

    Raises :class:`SpecError` with every located error of all files. Warnings are on the result
    (:attr:`Project.warnings`), as are legal breaches of the planning (:attr:`Project.breaches`), which the
    commands that print the planning decide about.
    """
    from tendergen.qa import load_rounds
    from tendergen.schedule import build_timeline, load_schedule_file

    root = find_programme_dir(path)
    problems: list[Problem] = []
    spec = _spec(root, problems)
    spec_valid = spec is not None and not problems
    rounds: list[QaRound] = []
    if spec is not None:
        rounds = load_rounds(spec, problems, cross_check=spec_valid)
    layout = Layout.of_programme(root)
    programme_id = spec.programme.id if spec is not None else root.name
    schedule = load_schedule_file(layout.schedule_file(programme_id), problems)
    timeline = None
    if spec is not None and spec_valid and schedule is not None and not problems:
        try:
            timeline = build_timeline(spec, *schedule)
        except SpecError as exc:
            problems.extend(exc.problems)
    if spec is None or problems:
        raise SpecError(problems)
    return Project(spec, rounds, timeline)


def _spec(root: Path, problems: list[Problem]) -> Spec | None:
    """The spec of ``root`` with every unit whose shape is valid, checked; its problems go to ``problems``.

    None when ``programme.yaml`` itself cannot be loaded (then the units are still loaded and reported).
    """
    from tendergen.checks import check_spec

    programme_doc, programme = _load_one(root / PROGRAMME_FILE, Programme, problems)
    unit_docs: dict[str, Document] = {}
    units: list[Unit] = []
    files = unit_files(root, problems)
    if not files and not any(p.file.startswith(str(units_dir(root))) for p in problems):
        problems.append(Problem(str(units_dir(root)), 1, 1, "", "no unit files found; add units/<id>.yaml"))
    parted: list[PartedUnit] = []
    for file in files:
        for doc, unit in _load_unit(file, problems, parted):
            if unit.id not in unit_docs:
                unit_docs[unit.id] = doc
                units.append(unit)
            else:
                first = unit_docs[unit.id].file
                problems.append(doc.problem(("id",), f"unit id `{unit.id}` is already used by {first}"))
    if programme is None or programme_doc is None:
        return None
    spec = Spec(root, programme, units, programme_doc, unit_docs, parted=parted)
    # the parts of a unit share the unit's own fields: a problem there is found once per part, reported once
    found = list(dict.fromkeys(check_spec(spec)))
    problems.extend(p for p in found if p.severity == "error")
    spec.warnings = [p for p in found if p.severity == "warning"]
    return spec


def _load_unit(file: Path, problems: list[Problem], parted: list[PartedUnit]) -> list[tuple[Document, Unit]]:
    """The units of one unit file: the unit itself, or one derived unit per part of a unit with ``parts``."""
    doc = _read(file, problems)
    if doc is None:
        return []
    if not has_parts(doc):
        unit, found = validate_document(Unit, doc)
        problems.extend(found)
        return [(doc, unit)] if unit is not None else []
    whole, found = validate_document(UnitFile, doc)
    problems.extend(found)
    if whole is None:
        return []
    derived, why = expand(whole, doc)
    problems.extend(why)
    if derived:
        parted.append(view(whole))
    return [(part_doc, unit) for unit, part_doc in derived]


def _read(file: Path, problems: list[Problem]) -> Document | None:
    try:
        return load_document(file)
    except SpecError as exc:
        problems.extend(exc.problems)
    except OSError as exc:
        problems.append(Problem(str(file), 1, 1, "", f"cannot be read: {exc.strerror or exc}"))
    return None


def _load_one(file: Path, model: type[M], problems: list[Problem]) -> tuple[Document | None, M | None]:
    doc = _read(file, problems)
    if doc is None:
        return None, None
    value, found = validate_document(model, doc)
    problems.extend(found)
    return doc, value
