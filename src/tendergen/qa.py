"""Questions and answers of a nota van inlichtingen: ``specs/<programme>/qa/*.yaml``, one file per round.

A round file::

    round: 1
    date: 2026-03-10                  # publication date of the nota van inlichtingen
    title: Eerste nota van inlichtingen
    questions:
      - id: V-001
        asked: 2026-03-02             # date the question came in
        question: Mag een combinatie van aanbieders inschrijven?
        answer: Ja, zie paragraaf 3.4 van de leidraad.
        document: aanbestedingsleidraad
        section: "3.4"
        unit: jeugd

Files are validated like the spec (located errors) and cross-checked against it: the unit, tender and
requirement a question names exist, the document is one the unit's instrument produces, question ids and round
numbers are unique, and no question was asked after its round was published.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

from tendergen.catalogue import catalogue
from tendergen.errors import Problem, SpecError
from tendergen.layout import QA_DIR
from tendergen.loader import Document, load_document
from tendergen.spec.types import Code, Slug, SpecModel, Text
from tendergen.validation import validate_document

if TYPE_CHECKING:
    from tendergen.project import Spec


def _known_document(value: str) -> str:
    keys = catalogue().qa_documents()
    if value in keys:
        return value
    close = difflib.get_close_matches(value, keys, n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    raise ValueError(f"text `{value}` is not allowed; expected one of: {', '.join(keys)}{hint}")


class _DocumentKey:
    """A document key of the catalogue that a question may name (validated and listed in the JSON Schema from the
    catalogue in use, so that a new document type needs no change here)."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_known_document, core_schema.str_schema())

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {"type": "string", "enum": list(catalogue().qa_documents())}


DocumentKey = Annotated[str, _DocumentKey]


class Question(SpecModel):
    """One question from a bidder and the authority's answer."""

    id: Code = Field(description="Question id, unique across all rounds of the programme, e.g. `V-001`.")
    asked: dt.date = Field(description="Date the question was received.")
    question: Text = Field(description="The question as asked (anonymised).")
    answer: Text = Field(description="The authority's answer, as published in the nota van inlichtingen.")
    document: DocumentKey | None = Field(default=None, description="The document the question is about.")
    section: Text | None = Field(default=None, description="Paragraph or section of that document, e.g. `3.4`.")
    unit: Slug | None = Field(default=None, description="Id of the bundel or segment the question is about.")
    tender: Slug | None = Field(default=None, description="Id of the grouped tender the question is about.")
    requirement: Code | None = Field(default=None, description="Id of the quality requirement the question is about.")
    amends: bool = Field(
        default=False,
        description="The answer changes the tender documents (the notice lists it as a rectificatie).",
    )


class QaRound(SpecModel):
    """One round of questions and answers: one nota van inlichtingen."""

    round: int = Field(ge=1, le=99, description="Number of the round: 1 for the first nota van inlichtingen.")
    date: dt.date = Field(description="Publication date of the nota van inlichtingen.")
    title: Text | None = Field(default=None, description="Title, e.g. `Eerste nota van inlichtingen`.")
    questions: list[Question] = Field(min_length=1, description="The questions and answers of this round.")


def qa_files(root: Path) -> list[Path]:
    """The Q&A files of a programme folder, sorted by name."""
    folder = root / QA_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_qa(spec: Spec) -> list[QaRound]:
    """Every Q&A round of a loaded spec, by round number; raise :class:`SpecError` with every problem found."""
    rounds, problems = _load_rounds(spec, cross_check=True)
    if problems:
        raise SpecError(problems)
    return [qa_round for qa_round, _doc in rounds]


def load_rounds(spec: Spec, problems: list[Problem], *, cross_check: bool = True) -> list[QaRound]:
    """Every valid Q&A round of ``spec`` by round number; every problem goes to ``problems``."""
    rounds, found = _load_rounds(spec, cross_check=cross_check)
    problems.extend(found)
    return [qa_round for qa_round, _doc in rounds]


def unit_documents(kind: str) -> tuple[str, ...]:
    """The document keys a question about a unit of instrument ``kind`` may name: its own documents and the
    programme's planning."""
    cat = catalogue()
    shared = [k for k in cat.qa_documents() if cat.documents[k].scope == "programme"]
    return (*cat.instrument(kind).documents, *shared)


def qa_problems(spec: Spec, *, cross_check: bool = True) -> list[Problem]:
    """Every problem in the Q&A files of a spec (empty when there are none or all are valid).

    Without ``cross_check`` only the files themselves are checked: :func:`tendergen.project.load_spec` skips the
    cross-checks while the spec has errors, since a unit that failed to load would look unknown.
    """
    return _load_rounds(spec, cross_check=cross_check)[1]


def _load_rounds(spec: Spec, *, cross_check: bool) -> tuple[list[tuple[QaRound, Document]], list[Problem]]:
    problems: list[Problem] = []
    rounds: list[tuple[QaRound, Document]] = []
    for file in qa_files(spec.root):
        try:
            doc = load_document(file)
        except SpecError as exc:
            problems.extend(exc.problems)
            continue
        qa_round, found = validate_document(QaRound, doc)
        problems.extend(found)
        if qa_round is not None:
            rounds.append((qa_round, doc))
    if cross_check:
        problems.extend(_cross_check(spec, rounds))
    rounds.sort(key=lambda pair: pair[0].round)
    return rounds, problems


def _cross_check(spec: Spec, rounds: list[tuple[QaRound, Document]]) -> Iterator[Problem]:
    seen_rounds: dict[int, str] = {}
    seen_questions: dict[str, str] = {}
    for qa_round, doc in rounds:
        if qa_round.round in seen_rounds:
            message = f"round {qa_round.round} is already used by {seen_rounds[qa_round.round]}"
            yield doc.problem(("round",), message)
        seen_rounds.setdefault(qa_round.round, doc.file)
        for index, question in enumerate(qa_round.questions):
            path: tuple[str | int, ...] = ("questions", index)
            if question.id in seen_questions:
                yield doc.problem(
                    (*path, "id"), f"question id `{question.id}` is already used in {seen_questions[question.id]}"
                )
            seen_questions.setdefault(question.id, doc.file)
            yield from _check_question(spec, qa_round, question, doc, path)


def _check_question(
    spec: Spec, qa_round: QaRound, question: Question, doc: Document, path: tuple[str | int, ...]
) -> Iterator[Problem]:
    if question.asked > qa_round.date:
        message = f"asked on {question.asked}, after the round was published ({qa_round.date})"
        yield doc.problem((*path, "asked"), message)
    units = {unit.id: unit for unit in spec.units}
    unit = units.get(question.unit) if question.unit else None
    if question.unit and unit is None:
        known = ", ".join(units)
        yield doc.problem(
            (*path, "unit"), f"no {spec.programme.unit_term} `{question.unit}` in this programme; known: {known}"
        )
    tenders = [tender.id for tender in spec.programme.tenders]
    if question.tender and question.tender not in tenders:
        yield doc.problem((*path, "tender"), f"no tender `{question.tender}` in programme.yaml tenders")
    if question.requirement:
        owners = [u for u in spec.units if any(req.id == question.requirement for req in u.quality)]
        if not owners:
            yield doc.problem(
                (*path, "requirement"), f"no quality requirement `{question.requirement}` in this programme"
            )
        elif unit is not None and unit not in owners:
            term, owner = spec.programme.unit_term, owners[0].id
            message = f"requirement `{question.requirement}` belongs to {term} `{owner}`, not `{unit.id}`"
            yield doc.problem((*path, "requirement"), message)
    if question.document and unit is not None:
        allowed = unit_documents(unit.instrument.kind)
        if question.document not in allowed:
            message = (
                f"{spec.programme.unit_term} `{unit.id}` ({unit.instrument.kind}) has no {question.document}; "
                f"its documents: {', '.join(allowed)}"
            )
            yield doc.problem((*path, "document"), message)
