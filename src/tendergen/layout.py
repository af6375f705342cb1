"""Where a project keeps its files: specs, schedules, templates, Q&A rounds and output.

A project is a folder with ``specs/<programme>/`` (``programme.yaml``, ``units/*.yaml``, ``qa/*.yaml``),
``schedules/<programme>.yaml``, an optional ``templates/`` with overrides of the built-in templates, and
``output/`` where every command writes (git-ignored). Every command finds these places through :class:`Layout`,
so there is one default output root: the project's ``output/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROGRAMME_FILE = "programme.yaml"
UNITS_DIR = "units"
QA_DIR = "qa"
SPECS_DIR = "specs"
SCHEDULES_DIR = "schedules"
TEMPLATES_DIR = "templates"
OUTPUT_DIR = "output"


@dataclass(frozen=True)
class Layout:
    """The folders of one project, all derived from its root."""

    root: Path

    @classmethod
    def of_programme(cls, programme_dir: Path) -> Layout:
        """The project a programme folder belongs to: the folder holding ``specs/`` (or, for a programme folder
        not under a ``specs/`` folder, the programme folder's parent)."""
        parent = programme_dir.resolve().parent
        return cls(parent.parent if parent.name == SPECS_DIR else parent)

    @property
    def specs(self) -> Path:
        return self.root / SPECS_DIR

    @property
    def schedules(self) -> Path:
        return self.root / SCHEDULES_DIR

    @property
    def templates(self) -> Path:
        """The project's template overrides (may not exist)."""
        return self.root / TEMPLATES_DIR

    @property
    def output(self) -> Path:
        """The default output root of every command."""
        return self.root / OUTPUT_DIR

    def schedule_file(self, programme_id: str) -> Path:
        """``schedules/<programme-id>.yaml``."""
        return self.schedules / f"{programme_id}.yaml"

    def pack_dir(self, programme_id: str, output_root: Path | None = None) -> Path:
        """``<output root>/<programme-id>``: the pack of a programme (other commands write below it)."""
        return (output_root if output_root is not None else self.output) / programme_id


def units_dir(programme_dir: Path) -> Path:
    """``<programme>/units``."""
    return programme_dir / UNITS_DIR


def qa_dir(programme_dir: Path) -> Path:
    """``<programme>/qa``."""
    return programme_dir / QA_DIR
