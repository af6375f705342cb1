"""Working notes left in printed text.

Spec authors mark what they assumed with a YAML comment (``# aanname``), which no document prints. A note written
inside a value, e.g. ``(aanname: 2%)`` or ``(te onderzoeken)``, is printed as it stands in a leidraad or a
contract that bidders read; this check finds such notes in every text of the programme and its units.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel

from tendergen.errors import Problem
from tendergen.loader import Document, Path_

if TYPE_CHECKING:
    from tendergen.project import Spec

NOTE = re.compile(
    r"\((?:aanname|te onderzoeken|nog te bepalen|nader te bepalen|p\.?m\.?|todo|tbd)\b[^)]*\)"
    r"|\b(?:aanname|todo|tbd):",
    re.IGNORECASE,
)
"""A working note: in parentheses, or a leading ``aanname:``/``TODO:`` label."""


def _texts(value: object, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, str(key)))


def _notes(doc: Document, model: BaseModel) -> Iterator[Problem]:
    for path, text in _texts(model, ()):
        found = NOTE.search(text)
        if found is not None:
            message = (
                f"`{found.group(0)}` is a working note inside the text, and the documents would print it; state "
                "the fact, and keep the note as a YAML comment (`# aanname: …`)"
            )
            yield doc.problem(path, message, severity="warning")


def check_working_notes(spec: Spec) -> Iterator[Problem]:
    """Working notes in programme.yaml and every unit file."""
    yield from _notes(spec.programme_doc, spec.programme)
    for unit in spec.units:
        yield from _notes(spec.unit_docs[unit.id], unit)
