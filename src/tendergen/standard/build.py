"""Make the documents of a contract standard for the units that use it: the fitting inkoopdocument variant and
the overeenkomst, filled from the spec in the user's copies of the official Word files, each as DOCX and PDF, and
a report of what every placeholder, choice and optional article became.

The PDF route is DOCX → HTML (mammoth) → WeasyPrint with the house style sheet, the same engine as every other
PDF of the pack; the README explains the choice. Every problem (a missing copy, a copy that deviates from the
standard, a placeholder the spec does not fill) is a located :class:`~tendergen.errors.Problem` at the unit's (or
programme's) ``contract_standard``.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
from dataclasses import dataclass, field

from tendergen.errors import Problem, RenderError
from tendergen.project import Spec
from tendergen.render.plan import PlanningView
from tendergen.render.templates import TemplateSet
from tendergen.spec import Unit
from tendergen.standard.context import INKOOPDOCUMENT, OVEREENKOMST, UnitResolver, effective_standard, variant_of
from tendergen.standard.fill import Filled, Finding, document_blocks, fill_document, open_document
from tendergen.standard.profile import Profile, load_profile
from tendergen.standard.wordfile import W_T

REPORT = "contractstandaard-verslag"
"""Catalogue key of the fill report."""


@dataclass
class StandardOutput:
    """The filled documents of one unit (catalogue key → DOCX bytes, with the profile document key), the report
    and the problems."""

    unit: str
    profile: Profile | None
    documents: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    filled: list[Filled] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _problem(spec: Spec, unit: Unit, where: str, path: tuple[str, ...], message: str) -> Problem:
    doc = spec.unit_docs[unit.id] if where == "unit" else spec.programme_doc
    return doc.problem(("contract_standard", *path), message)


def fill_unit(
    spec: Spec, unit: Unit, templates: TemplateSet, planning: PlanningView | None, when: dt.datetime
) -> StandardOutput:
    """Fill the standard's documents for ``unit`` (which uses the standard)."""
    standard, where = effective_standard(spec, unit)
    assert standard is not None and standard.version is not None
    out = StandardOutput(unit.id, None)
    try:
        profile = load_profile(standard.name, standard.version)
    except RenderError as exc:
        out.problems.append(_problem(spec, unit, where, ("version",), str(exc)))
        return out
    out.profile = profile
    for catalogue_key, key in ((INKOOPDOCUMENT, variant_of(unit)), (OVEREENKOMST, "overeenkomst")):
        doc = profile.documents[key]
        name = f"{profile.folder}/{doc.template}"
        try:
            data = templates.find(name).read_bytes()
        except RenderError:
            message = (
                f"templates/{name} is missing: put the official Word file of {profile.title} ({doc.title}) there, "
                f"as published by {profile.publisher}"
            )
            out.problems.append(_problem(spec, unit, where, ("version",), message))
            continue
        resolver = UnitResolver(spec, unit, templates, planning, key)
        result = fill_document(profile, key, data, resolver, when)
        out.filled.extend(result.filled)
        for finding in result.findings:
            out.problems.append(_finding_problem(spec, unit, where, profile, name, finding))
        if result.data is not None:
            out.documents[catalogue_key] = (key, result.data)
    return out


def _finding_problem(spec: Spec, unit: Unit, where: str, profile: Profile, name: str, finding: Finding) -> Problem:
    article = finding.article if finding.article[:1].isdigit() else finding.article.lower()
    place = f"templates/{name}, artikel {article}" if article[:1].isdigit() else f"templates/{name}, {article}"
    if finding.kind == "deviation":
        return _problem(spec, unit, where, ("version",), f"{place}: {finding.message}")
    if finding.kind == "bug":
        return _problem(spec, unit, where, (), f"{place}: {finding.message}")
    path: tuple[str, ...] = ("values",) if finding.field.startswith("contract_standard.values") else ()
    return _problem(spec, unit, where, path, f"{place}: {finding.message}")


def report_json(output: StandardOutput) -> bytes:
    """The fill report: every placeholder, choice, condition and optional article with the value used."""
    profile = output.profile
    data = {
        "standard": profile.title if profile else None,
        "unit": output.unit,
        "entries": [f.as_dict() for f in output.filled],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- PDF

_STYLE_MAP = "\n".join(
    f"p[style-name='{name} {n}'] => h{n}:fresh" for name in ("Kop", "heading", "Heading") for n in range(1, 7)
)


def numbered_copy(data: bytes, profile: Profile, key: str) -> bytes:
    """A copy of a filled DOCX with the article number written in front of every numbered heading, as Word shows
    it with its automatic heading numbering (documents numbered ``outline``); the others are returned as is."""
    doc = profile.documents[key]
    if doc.numbering != "outline":
        return data
    document = open_document(data)
    for block in document_blocks(document, doc):
        if block.level and not block.in_toc and block.article[:1].isdigit():
            texts = list(block.element.iter(W_T))
            if texts:
                texts[0].text = f"{block.article} {texts[0].text or ''}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_to_pdf(data: bytes, title: str, templates: TemplateSet, variant: str, epoch: int) -> bytes:
    """The PDF of a DOCX: mammoth's HTML in the house style, printed by WeasyPrint."""
    import mammoth

    result = mammoth.convert_to_html(io.BytesIO(data), style_map=_STYLE_MAP)
    body = result.value
    page = (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<link rel="stylesheet" href="house.css">\n</head>\n'
        f'<body class="contract-standard">\n{body}\n</body>\n</html>\n'
    )
    from tendergen.render.pdf import to_pdf

    return to_pdf(page, templates, variant=variant, source_date_epoch=epoch)


def pdf_files(
    name: str, key: str, data: bytes, profile: Profile, templates: TemplateSet, variant: str, epoch: int
) -> dict[str, bytes]:
    """The DOCX and PDF of one filled document by pack file name."""
    title = profile.documents[key].title
    pdf = docx_to_pdf(numbered_copy(data, profile, key), f"{title} – {profile.title}", templates, variant, epoch)
    return {f"{name}.docx": data, f"{name}.pdf": pdf}
