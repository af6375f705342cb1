"""The catalogue: every instrument and every document type tendergen knows, as data.

Every stage reads this module instead of comparing strings: the checks (which instruments need a contract term or a
funding form), the planner of the pack (which documents a unit of an instrument gets), the Q&A files (which
document keys a question may name), the change notice (who the participants are, which documents reach them), the
index page, the council overview, the Dutch labels and the JSON Schemas.

Adding a document type is one :class:`DocumentType` entry here plus its template (``<key>.html.j2``) or writer;
adding an instrument is one :class:`InstrumentType` entry plus its model class in :mod:`tendergen.spec.unit`.
``CONTRIBUTING.md`` lists the exact steps. Tests (and extensions) may swap in an extended catalogue with
:func:`use_catalogue`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Literal

Audience = Literal["bidders", "counterparty", "internal", "council"]
"""Who reads a document: bidders (a public call), the one counterparty of a DVO, the own organisation, the council."""

Scope = Literal["unit", "procedure", "programme"]
"""What one copy of a document covers: one unit; one procedure (a grouped tender, or a unit tendered on its own);
the whole programme."""

Writer = Literal["html", "planning", "index", "form", "sheet", "standard"]
"""How a document is made: ``html`` is a Jinja template rendered to DOCX and PDF; ``planning`` the planning outputs
of the schedule; ``index`` the pack's index page; ``form`` a Word form filled by docxtpl from a ``<key>.docx``
template (the bidder completes and returns it); ``sheet`` a spreadsheet made by openpyxl (prijzenblad,
vragenformulier); ``standard`` a document of a national contract standard filled from the user's copy of its
official Word file (``tendergen.standard``)."""

Need = Literal["schedule", "planning", "price"]
"""What a document needs besides the spec: ``schedule`` — it exists only when the programme has a schedule;
``planning`` — its template receives the planning table of its procedure (None without a schedule); ``price`` —
it exists only for a unit with a price or cost award criterion."""

Returned = Literal["bid", "questions"]
"""When a bidder returns a form: with the bid (inschrijving, aanmelding, aanvraag) or in the question round."""

MadeBy = Literal["build", "notice"]
"""The command that writes the document."""


@dataclass(frozen=True)
class DocumentType:
    """One kind of document: its key (file names, Q&A ``document:``), Dutch title, audience, formats and maker."""

    key: str
    title: str
    audience: Audience
    scope: Scope
    short: str = ""
    """A short title for the running header; the title when empty."""
    formats: tuple[str, ...] = ("docx", "pdf")
    writer: Writer = "html"
    needs: tuple[Need, ...] = ()
    made_by: MadeBy = "build"
    template: str = ""
    """The template file of an ``html`` document (``<key>.html.j2`` when empty) or a ``form`` (``<key>.docx``)."""
    returned: Returned | None = None
    """The bidder fills the document in and returns it (with the bid, or in the question round)."""
    per_lot: bool = False
    """One copy per lot when the unit's grouped tender has lots (each copy shows only that lot's terms)."""
    replaces: tuple[str, ...] = ()
    """tendergen's own documents this one replaces for a unit that uses it (the national contract standard)."""

    def __post_init__(self) -> None:
        if not self.short:
            object.__setattr__(self, "short", self.title)
        if not self.template and self.writer == "html":
            object.__setattr__(self, "template", f"{self.key}.html.j2")
        if not self.template and self.writer == "form":
            object.__setattr__(self, "template", f"{self.key}.docx")

    @property
    def for_bidders(self) -> bool:
        """A document of a public call: a change to it is announced in a nota van inlichtingen."""
        return self.audience == "bidders"


@dataclass(frozen=True)
class InstrumentType:
    """One procurement instrument: its Dutch label, what the law and the pack require of it, and its documents."""

    kind: str
    label: str
    documents: tuple[str, ...]
    """The document keys every unit of this instrument gets, in pack order."""
    participants: str | None
    """What those who answer a public call are called (``inschrijvers``); None without a public call."""
    procurement: bool
    """The Aanbestedingswet 2012 governs it (a tender procedure)."""
    contract: bool
    """It ends in an agreement with a term (so the spec must give ``term``)."""
    funding_required: bool
    """The spec must give a funding form."""
    grant: bool
    """A subsidy under the Awb: a decision within a subsidy ceiling, not an agreement."""
    funding_absent: str
    """What the council overview says when the spec gives no funding form."""
    term_absent: str
    """What the council overview says when the spec gives no term."""
    submission: str | None = None
    """What participants hand in, as the index and forms name it (``de inschrijving``); None without a call."""

    @property
    def public_call(self) -> bool:
        """Providers answer a public call (tender, admission, subsidy call)."""
        return self.participants is not None


@dataclass(frozen=True)
class Catalogue:
    """Instruments and documents by key."""

    instruments: Mapping[str, InstrumentType]
    documents: Mapping[str, DocumentType]
    _checked: bool = field(default=False, repr=False, compare=False)

    def instrument(self, kind: str) -> InstrumentType:
        """The instrument ``kind``; KeyError names the known ones."""
        try:
            return self.instruments[kind]
        except KeyError:
            raise KeyError(f"unknown instrument `{kind}`; known: {', '.join(self.instruments)}") from None

    def document(self, key: str) -> DocumentType:
        """The document type ``key``."""
        try:
            return self.documents[key]
        except KeyError:
            raise KeyError(f"unknown document type `{key}`; known: {', '.join(self.documents)}") from None

    def documents_of(self, kind: str) -> tuple[DocumentType, ...]:
        """The documents a unit of instrument ``kind`` gets."""
        return tuple(self.documents[key] for key in self.instrument(kind).documents)

    def programme_documents(self, writer: Writer | None = None) -> tuple[DocumentType, ...]:
        """Documents made once per programme by ``tendergen build`` (optionally of one writer)."""
        return tuple(
            d
            for d in self.documents.values()
            if d.scope == "programme" and d.made_by == "build" and (writer is None or d.writer == writer)
        )

    def qa_documents(self) -> tuple[str, ...]:
        """Document keys a question of a Q&A round may name: the documents of every instrument, and the planning."""
        keys = dict.fromkeys(key for instrument in self.instruments.values() for key in instrument.documents)
        keys.update(dict.fromkeys(d.key for d in self.documents.values() if d.writer == "planning"))
        return tuple(keys)

    def bidder_documents(self) -> frozenset[str]:
        """Keys of the documents that reach bidders of a public call (a nota van inlichtingen lists their
        changes)."""
        return frozenset(
            key
            for instrument in self.instruments.values()
            if instrument.public_call
            for key in instrument.documents
            if self.documents[key].for_bidders
        )

    def with_document(self, document: DocumentType, *, instruments: tuple[str, ...] = ()) -> Catalogue:
        """A copy with ``document`` added (after the existing ones) to the documents of ``instruments``."""
        documents = {**self.documents, document.key: document}
        changed = {
            kind: replace(item, documents=(*item.documents, document.key)) if kind in instruments else item
            for kind, item in self.instruments.items()
        }
        return Catalogue(changed, documents)

    def with_instrument(self, instrument: InstrumentType) -> Catalogue:
        """A copy with ``instrument`` added or replaced."""
        return Catalogue({**self.instruments, instrument.kind: instrument}, self.documents)

    def check(self) -> None:
        """Every instrument names known documents; raise ValueError otherwise (a programming error)."""
        for instrument in self.instruments.values():
            for key in instrument.documents:
                if key not in self.documents:
                    raise ValueError(f"instrument `{instrument.kind}` names unknown document `{key}`")


_DOCUMENTS = (
    DocumentType("aanbestedingsleidraad", "Aanbestedingsleidraad", "bidders", "procedure", needs=("planning",)),
    DocumentType("programma-van-eisen", "Programma van Eisen", "bidders", "unit"),
    DocumentType("concept-overeenkomst", "Concept-overeenkomst", "bidders", "unit", per_lot=True),
    DocumentType("toelatingsdocument", "Toelatingsdocument", "bidders", "unit"),
    DocumentType("subsidie-uitvraag", "Subsidie-uitvraag", "bidders", "unit"),
    DocumentType(
        "concept-subsidiebeschikking",
        "Concept-subsidiebeschikking en uitvoeringsafspraken",
        "bidders",
        "unit",
        short="Concept-subsidiebeschikking",
    ),
    DocumentType(
        "concept-dienstverleningsovereenkomst",
        "Concept-dienstverleningsovereenkomst",
        "counterparty",
        "unit",
        short="Concept-DVO",
    ),
    DocumentType("opdrachtbrief", "Opdrachtbrief en uitvoeringsafspraken", "internal", "unit", short="Opdrachtbrief"),
    DocumentType("programma-overzicht", "Programma-overzicht", "council", "programme"),
    DocumentType(
        "planning",
        "Planning",
        "internal",
        "programme",
        formats=("svg", "pdf", "ics", "json"),
        writer="planning",
        needs=("schedule",),
        template="planning.html.j2",
    ),
    DocumentType(
        "inschrijfformulier",
        "Inschrijfformulier",
        "bidders",
        "procedure",
        formats=("docx",),
        writer="form",
        returned="bid",
    ),
    DocumentType(
        "eigen-verklaring",
        "Eigen verklaring",
        "bidders",
        "procedure",
        formats=("docx",),
        writer="form",
        returned="bid",
    ),
    DocumentType(
        "prijzenblad",
        "Prijzenblad",
        "bidders",
        "unit",
        formats=("xlsx",),
        writer="sheet",
        needs=("price",),
        returned="bid",
    ),
    DocumentType(
        "vragenformulier",
        "Vragenformulier",
        "bidders",
        "procedure",
        formats=("xlsx",),
        writer="sheet",
        returned="questions",
    ),
    DocumentType(
        "aanmeldformulier", "Aanmeldformulier", "bidders", "unit", formats=("docx",), writer="form", returned="bid"
    ),
    DocumentType(
        "aanvraagformulier", "Aanvraagformulier", "bidders", "unit", formats=("docx",), writer="form", returned="bid"
    ),
    # The national contract standard (issue 15): made instead of the leidraad or toelatingsdocument and the
    # concept-overeenkomst for a unit that sets `contract_standard`; planned by StandardBuilder, not per instrument.
    DocumentType(
        "contractstandaard-inkoopdocument",
        "Inkoopdocument (contractstandaard)",
        "bidders",
        "unit",
        writer="standard",
        replaces=("aanbestedingsleidraad", "toelatingsdocument"),
    ),
    DocumentType(
        "contractstandaard-overeenkomst",
        "Overeenkomst (contractstandaard)",
        "bidders",
        "unit",
        writer="standard",
        replaces=("concept-overeenkomst",),
    ),
    DocumentType(
        "contractstandaard-verslag",
        "Invulverslag contractstandaard",
        "internal",
        "unit",
        formats=("json",),
        writer="standard",
    ),
    DocumentType("index", "Inhoud van het pakket", "internal", "programme", formats=("html",), writer="index"),
    DocumentType("nota-van-inlichtingen", "Nota van inlichtingen", "bidders", "programme", made_by="notice"),
)

# Inbesteding is not procurement: the authority gives its own organisation (or its own entity) a written assignment
# with the agreements a contract would hold. DVO and inbesteding have no public call.
_INSTRUMENTS = (
    InstrumentType(
        "aanbesteding",
        "Aanbesteding",
        (
            "aanbestedingsleidraad",
            "programma-van-eisen",
            "concept-overeenkomst",
            "inschrijfformulier",
            "eigen-verklaring",
            "prijzenblad",
            "vragenformulier",
        ),
        participants="inschrijvers",
        procurement=True,
        contract=True,
        funding_required=True,
        grant=False,
        funding_absent="niet vastgelegd",
        term_absent="niet vastgelegd",
        submission="de inschrijving",
    ),
    InstrumentType(
        "open-house",
        "Open house (toelatingsprocedure)",
        ("toelatingsdocument", "concept-overeenkomst", "aanmeldformulier"),
        participants="aanbieders",
        procurement=False,
        contract=True,
        funding_required=True,
        grant=False,
        funding_absent="niet vastgelegd",
        term_absent="niet vastgelegd",
        submission="de aanvraag tot toelating",
    ),
    InstrumentType(
        "subsidie",
        "Subsidie",
        ("subsidie-uitvraag", "concept-subsidiebeschikking", "aanvraagformulier"),
        participants="aanvragers",
        procurement=False,
        contract=False,
        funding_required=False,
        grant=True,
        funding_absent="subsidie (Awb)",
        term_absent="per subsidieperiode",
        submission="de subsidieaanvraag",
    ),
    InstrumentType(
        "dvo",
        "Dienstverleningsovereenkomst (DVO)",
        ("concept-dienstverleningsovereenkomst",),
        participants=None,
        procurement=False,
        contract=True,
        funding_required=False,
        grant=False,
        funding_absent="kostenvergoeding volgens de DVO",
        term_absent="niet vastgelegd",
    ),
    InstrumentType(
        "inbesteding",
        "Inbesteding",
        ("opdrachtbrief",),
        participants=None,
        procurement=False,
        contract=False,
        funding_required=False,
        grant=False,
        funding_absent="gemeentelijke begroting",
        term_absent="doorlopend",
    ),
)

CATALOGUE = Catalogue({i.kind: i for i in _INSTRUMENTS}, {d.key: d for d in _DOCUMENTS})
CATALOGUE.check()

_active: list[Catalogue] = [CATALOGUE]


def catalogue() -> Catalogue:
    """The catalogue in use (the built-in one unless :func:`use_catalogue` swapped it)."""
    return _active[-1]


@contextmanager
def use_catalogue(replacement: Catalogue) -> Iterator[Catalogue]:
    """Use ``replacement`` inside the block (for tests and extensions)."""
    replacement.check()
    _active.append(replacement)
    try:
        yield replacement
    finally:
        _active.pop()
