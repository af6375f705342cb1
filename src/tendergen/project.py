"""Load a programme folder (``programme.yaml`` plus ``units/*.yaml``) into a checked :class:`Spec`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from tendergen.errors import Problem, SpecError, UsageError
from tendergen.loader import Document, load_document
from tendergen.spec import Programme, Unit
from tendergen.validation import validate_document

M = TypeVar("M", bound=BaseModel)

PROGRAMME_FILE = "programme.yaml"
UNITS_DIR = "units"


@dataclass
class Spec:
    """A validated programme with its units, and the documents they came from (for locating problems)."""

    root: Path
    programme: Programme
    units: list[Unit]
    programme_doc: Document
    unit_docs: dict[str, Document]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def project_root(self) -> Path:
        """The folder that holds ``specs/``, ``schedules/``, ``templates/`` and ``output/``."""
        parent = self.root.resolve().parent
        return parent.parent if parent.name == "specs" else parent

    def unit(self, unit_id: str) -> Unit:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)

    def units_of_tender(self, tender_id: str) -> list[Unit]:
        """Units that a grouped tender buys together, in spec order."""
        return [u for u in self.units if getattr(u.instrument, "tender", None) == tender_id]


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


def unit_files(root: Path) -> list[Path]:
    """The unit files of a programme, sorted by name (the documents keep this order unless `order` is set)."""
    folder = root / UNITS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_spec(path: Path) -> Spec:
    """Load, validate and check one programme and its Q&A files; raise :class:`SpecError` with every error found."""
    from tendergen.checks import check_spec
    from tendergen.qa import qa_problems

    root = find_programme_dir(path)
    problems: list[Problem] = []
    programme_doc, programme = _load_one(root / PROGRAMME_FILE, Programme, problems)
    unit_docs: dict[str, Document] = {}
    units: list[Unit] = []
    files = unit_files(root)
    if not files:
        problems.append(Problem(str(root / UNITS_DIR), 1, 1, "", "no unit files found; add units/<id>.yaml"))
    for file in files:
        doc, unit = _load_one(file, Unit, problems)
        if unit is not None and doc is not None and unit.id not in unit_docs:
            unit_docs[unit.id] = doc
            units.append(unit)
        elif unit is not None and doc is not None:
            first = unit_docs[unit.id].file
            problems.append(doc.problem(("id",), f"unit id `{unit.id}` is already used by {first}"))
    if programme is None or programme_doc is None:
        raise SpecError(problems)
    spec = Spec(root, programme, units, programme_doc, unit_docs)
    found = check_spec(spec) + qa_problems(spec, cross_check=not problems)
    problems.extend(p for p in found if p.severity == "error")
    if problems:
        raise SpecError(problems)
    spec.warnings = [p for p in found if p.severity == "warning"]
    return spec


def _load_one(file: Path, model: type[M], problems: list[Problem]) -> tuple[Document | None, M | None]:
    try:
        doc = load_document(file)
    except SpecError as exc:
        problems.extend(exc.problems)
        return None, None
    value, found = validate_document(model, doc)
    problems.extend(found)
    return doc, value
