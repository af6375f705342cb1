"""The change notice for bidders: a nota van inlichtingen (with questions and answers) or a rectificatie (changes
only), as PDF and DOCX through the real render pipeline (template ``nota-van-inlichtingen.html.j2``).

What it says, per programme:

- per document that bidders receive (the documents of the aanbesteding, open-house and subsidie units, per
  :func:`tendergen.render.plan.plan_documents`) whose text changed between A and B: every change of the units
  and programme fields that document shows, in Dutch (:mod:`~tendergen.review.wording`); changed rows of its
  planning table; answers that amend it. What a document shows is what it read while rendering
  (:mod:`~tendergen.review.documents`), which is more exact than :attr:`Change.for_bidders` (a field the council
  overview alone prints never reaches a bidder document; one that a template prints always does). The version
  and document date are the notice's own cover facts, not change lines;
- explicitly, when nothing changed for bidders, and which documents stay as they were;
- the questions and answers of the Q&A rounds in B that are new or changed since A.

The notice is numbered (``--number``, else the highest round it publishes, else one more than the last round) and
dated (the latest round it publishes, else B's ``document_date``): never today, so two runs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tendergen import __version__
from tendergen.catalogue import catalogue
from tendergen.dutch import date_nl, join_nl
from tendergen.errors import RenderError
from tendergen.layout import Layout
from tendergen.project import Spec
from tendergen.qa import QaRound, Question
from tendergen.render.document import DocumentJob, render_document
from tendergen.render.pdf_variants import PDF_A
from tendergen.render.plan import PlanningRow, PlanningView, unit_word_context
from tendergen.render.templates import FieldRef, TemplateSet
from tendergen.review.changes import Change, Key, UnitDiff
from tendergen.review.documents import DocumentDiff, ProgrammeDocuments, compare_documents, open_pair
from tendergen.review.schedule import Planner
from tendergen.review.wording import describe_nl
from tendergen.stamp import stamp_for
from tendergen.writer import write_bytes

NOTICE_DOCUMENT = "nota-van-inlichtingen"
PROGRAMME_PART = "Algemeen"
# Printed on every page and stated by the notice itself (cover and introduction), so never a change line.
OWN_FIELDS: frozenset[str] = frozenset({"version", "document_date"})
PLANNING_PART = "Planning"


@dataclass(frozen=True)
class NoticeLine:
    """One change in a document: the part it concerns (``Segment Crisis``, ``Planning``) and the change."""

    part: str
    text: str


@dataclass(frozen=True)
class NoticeDocument:
    """A document bidders receive that changed, with its changes."""

    title: str
    group: str
    status: Literal["changed", "added", "removed"]
    lines: tuple[NoticeLine, ...]


@dataclass(frozen=True)
class NoticeQuestion:
    """A question and its answer as the notice prints them."""

    id: str
    asked: dt.date
    question: str
    answer: str
    about: str
    amends: bool
    listed: bool = False
    """An amending answer whose change is listed under a document in this notice."""


@dataclass(frozen=True)
class NoticeRound:
    number: int
    date: dt.date
    title: str | None
    questions: tuple[NoticeQuestion, ...]


@dataclass(frozen=True)
class Notice:
    """Everything the notice template prints, besides the programme."""

    kind: Literal["nota", "rectificatie"]
    number: int
    date: dt.date
    old_version: str
    old_date: dt.date
    parties: str
    """Who the notice addresses: ``inschrijvers``, ``inschrijvers en aanvragers`` …"""
    documents: tuple[NoticeDocument, ...]
    unchanged: tuple[str, ...]
    rounds: tuple[NoticeRound, ...]

    @property
    def title(self) -> str:
        word = "Nota van inlichtingen" if self.kind == "nota" else "Rectificatie"
        return f"{word} {self.number}"

    @property
    def stem(self) -> str:
        """The file name without suffix: ``nota-van-inlichtingen-2``."""
        return self.title.lower().replace(" ", "-")


@dataclass
class NoticeReport:
    """What ``tendergen notice`` wrote for one programme (or why it wrote nothing)."""

    programme: str
    notice: Notice | None
    files: list[Path]
    skipped: str | None = None


def notice(
    old: str,
    new: str,
    paths: list[str],
    *,
    base: Path,
    output: Path | None = None,
    number: int | None = None,
    planner: Planner | None = None,
) -> list[NoticeReport]:
    """Write the notice (PDF and DOCX) of every programme on both sides; render all before writing any."""
    reports: list[NoticeReport] = []
    pending: dict[Path, bytes] = {}
    with open_pair(old, new, paths, base=base, planner=planner) as pair:
        for programme in pair.programmes:
            if programme.old is None or programme.new is None:
                why = "new in " + new if programme.old is None else "not in " + new
                reports.append(NoticeReport(programme.id, None, [], f"{why}: nothing published to amend"))
                continue
            documents = compare_documents(pair, programme)
            if programme.diff.status == "unchanged" and all(d.status == "unchanged" for d in documents.documents):
                reports.append(NoticeReport(programme.id, None, [], f"nothing changed between {old} and {new}"))
                continue
            made = build_notice(documents, number=number)
            files = render_notice(made, programme.new.spec)
            folder = Layout(base).pack_dir(programme.id, output) / "notice"
            written = {folder / f"{made.stem}{suffix}": data for suffix, data in sorted(files.items())}
            pending.update(written)
            reports.append(NoticeReport(programme.id, made, sorted(written)))
    for path, data in pending.items():
        write_bytes(path, data)
    return reports


# ---------------------------------------------------------------------- what the notice says


def build_notice(documents: ProgrammeDocuments, *, number: int | None = None) -> Notice:
    """The notice of one programme present on both sides."""
    programme = documents.programme
    assert programme.old is not None and programme.new is not None
    old_spec, new_spec = programme.old.spec, programme.new.spec
    rounds = [r for r in programme.new.qa if r not in programme.old.qa]
    # Documents of DVO and inbesteding units (one counterparty, or the own organisation) and the council overview
    # never reach bidders; the catalogue says which do.
    bidder_keys = catalogue().bidder_documents()
    bidder_docs = [d for d in documents.documents if d.planned.doc.key in bidder_keys]
    lines = _Lines(old_spec, new_spec, documents, rounds)
    changed = [
        NoticeDocument(d.planned.doc.title, d.planned.group, d.status, tuple(lines.of(d)))
        for d in bidder_docs
        if d.status != "unchanged"
    ]
    unchanged = tuple(d.title for d in bidder_docs if d.status == "unchanged")
    listed = {line.part for document in changed for line in document.lines}
    all_rounds = [r.round for r in programme.new.qa]
    return Notice(
        kind="nota" if rounds else "rectificatie",
        number=number or (max(r.round for r in rounds) if rounds else max(all_rounds, default=0) + 1),
        date=max(r.date for r in rounds) if rounds else new_spec.programme.document_date,
        old_version=old_spec.programme.version,
        old_date=old_spec.programme.document_date,
        parties=_parties(new_spec),
        documents=tuple(changed),
        unchanged=unchanged,
        rounds=tuple(_round(new_spec, r, listed) for r in rounds),
    )


def _parties(spec: Spec) -> str:
    """Who answers the programme's public calls (``inschrijvers en aanvragers``), in catalogue order."""
    kinds = {unit.instrument.kind for unit in spec.units}
    words = [i.participants for i in catalogue().instruments.values() if i.kind in kinds and i.participants]
    return join_nl(words) if words else "inschrijvers"


class _Lines:
    """The change lines of each changed document."""

    def __init__(self, old: Spec, new: Spec, documents: ProgrammeDocuments, rounds: list[QaRound]) -> None:
        self.old, self.new = old, new
        self.diff = documents.programme.diff
        self.units: dict[str, UnitDiff] = {u.id: u for u in self.diff.units}
        self.amending = [q for r in rounds for q in r.questions if q.amends]
        self.term = new.programme.unit_term

    def of(self, document: DocumentDiff) -> list[NoticeLine]:
        if document.status == "added":
            return [NoticeLine(document.planned.group, "Nieuw document.")]
        if document.status == "removed":
            return [NoticeLine(document.planned.group, "Dit document vervalt.")]
        found = [
            *self._programme(document),
            *self._units(document),
            *self._planning(document),
            *self._answers(document),
        ]
        unique = list(dict.fromkeys(found))
        if not unique:
            text = "De tekst van het document is aangepast; de specificatie van de opdracht is niet gewijzigd."
            unique = [NoticeLine(document.planned.group, text)]
        return unique

    def _programme(self, document: DocumentDiff) -> Iterator[NoticeLine]:
        for change in self.diff.changes:
            if change.section not in OWN_FIELDS and document.shows("programme", change.path):
                yield NoticeLine(PROGRAMME_PART, describe_nl(change, self.old.programme, self.new.programme))

    def _units(self, document: DocumentDiff) -> Iterator[NoticeLine]:
        unit_ids = [*(document.new.planned.unit_ids if document.new else ())]
        unit_ids += [u for u in (document.old.planned.unit_ids if document.old else ()) if u not in unit_ids]
        for unit_id in unit_ids:
            unit_diff = self.units.get(unit_id)
            if unit_diff is None:
                continue
            old, new = _unit(self.old, unit_id), _unit(self.new, unit_id)
            part = f"{self.term.capitalize()} {(new or old).name}"
            for change in unit_diff.changes:
                if not change.path:
                    verb = "toegevoegd" if change.kind == "added" else "vervallen"
                    yield NoticeLine(part, f"{part} {verb}")
                elif document.shows(f"unit:{unit_id}", change.path):
                    yield NoticeLine(part, describe_nl(change, old, new, moved=self._moved(change)))

    def _moved(self, change: Change) -> str | None:
        if change.kind != "moved" or not isinstance(change.path[-1], Key):
            return None
        req = change.path[-1].value
        before = next((u for u in self.old.units if any(r.id == req for r in u.quality)), None)
        after = next((u for u in self.new.units if any(r.id == req for r in u.quality)), None)
        if before is None or after is None:
            return None
        return f"van {self.term} {before.name} naar {self.term} {after.name}"

    def _planning(self, document: DocumentDiff) -> Iterator[NoticeLine]:
        before = document.old.planning if document.old else None
        after = document.new.planning if document.new else None
        for text in planning_changes(before, after):
            yield NoticeLine(PLANNING_PART, text)

    def _answers(self, document: DocumentDiff) -> Iterator[NoticeLine]:
        planned = document.planned
        for question in self.amending:
            if question.document != planned.doc.key:
                continue
            if question.unit and question.unit not in planned.unit_ids:
                continue
            if question.tender and question.tender != planned.tender_id:
                continue
            text = f"Gewijzigd naar aanleiding van het antwoord op vraag {question.id} (zie Vragen en antwoorden)."
            yield NoticeLine(_part(question.id), text)


def _part(question_id: str) -> str:
    return f"Vraag {question_id}"


def _unit(spec: Spec, unit_id: str) -> Any:
    return next((u for u in spec.units if u.id == unit_id), None)


def planning_changes(before: PlanningView | None, after: PlanningView | None) -> list[str]:
    """Rows of a planning table that were added, moved or dropped, matched by their label."""
    old = {row.label: row for row in (before.rows if before else ())}
    new = {row.label: row for row in (after.rows if after else ())}
    lines: list[str] = []
    for label, row in new.items():
        if label not in old:
            lines.append(f"{label}: {_when(row)} (nieuw)")
        elif (old[label].date, old[label].end) != (row.date, row.end):
            lines.append(f"{label}: {_when(old[label])} → {_when(row)}")
    lines.extend(f"{label} vervalt (was {_when(row)})" for label, row in old.items() if label not in new)
    return lines


def _when(row: PlanningRow) -> str:
    return date_nl(row.date) + (f" tot en met {date_nl(row.end)}" if row.end else "")


def _round(spec: Spec, qa_round: QaRound, listed: set[str]) -> NoticeRound:
    questions = tuple(
        NoticeQuestion(q.id, q.asked, q.question, q.answer, _about(spec, q), q.amends, _part(q.id) in listed)
        for q in qa_round.questions
    )
    return NoticeRound(qa_round.round, qa_round.date, qa_round.title, questions)


def _about(spec: Spec, question: Question) -> str:
    """What a question concerns: ``Aanbestedingsleidraad, paragraaf 3.4; Segment Crisis``."""
    where: list[str] = []
    if question.document:
        doc = catalogue().documents.get(question.document)
        where.append(doc.title if doc else question.document.capitalize())
    if question.section:
        where.append(f"paragraaf {question.section}" if question.section[:1].isdigit() else question.section)
    what: list[str] = []
    if question.unit:
        unit = _unit(spec, question.unit)
        what.append(f"{spec.programme.unit_term} {unit.name if unit else question.unit}")
    if question.tender:
        tender = next((t for t in spec.programme.tenders if t.id == question.tender), None)
        what.append(tender.name if tender else question.tender)
    if question.requirement:
        what.append(f"eis {question.requirement}")
    parts = [", ".join(where), ", ".join(what)]
    text = "; ".join(p for p in parts if p)
    return text[:1].upper() + text[1:] if text else "Algemeen"


# ---------------------------------------------------------------------- rendering


def render_notice(made: Notice, spec: Spec) -> dict[str, bytes]:
    """The notice as ``{".docx": …, ".pdf": …}``, rendered like every document of the pack."""
    programme = spec.programme
    stamp = stamp_for(made.date)
    doc = catalogue().document(NOTICE_DOCUMENT)
    context: dict[str, Any] = {
        "programme": programme,
        "units": [],
        "notice": made,
        "doc": {"key": doc.key, "title": made.title, "name": made.stem},
        **unit_word_context(programme.words),
        "instruments": catalogue().instruments,
        "build": {"date": made.date, "timestamp": stamp.when.isoformat(), "generator": f"tendergen {__version__}"},
    }
    job = DocumentJob(
        made.stem,
        doc.template,
        context,
        {"programme": FieldRef("programme", ())},
        TemplateSet.for_project(spec.project_root),
        PDF_A,
        stamp,
        tuple(doc.formats),
    )
    try:
        return render_document(job).files
    except RenderError as exc:
        raise RenderError(f"{made.stem}: {exc}") from None
