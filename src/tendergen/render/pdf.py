"""Print the finished HTML with WeasyPrint: tagged and archival at once (PDF/A-3a), fonts embedded.

Every PDF tendergen writes is PDF/A-3 at conformance level A, the accessible level: WeasyPrint writes the
structure tree (headings, paragraphs, lists, tables with their header cells, figures with their alt text), the
document language from ``<html lang>``, the title from ``<title>`` (shown instead of the file name), bookmarks from
the headings, an sRGB output intent and the XMP identification ``pdfaid:part=3``, ``pdfaid:conformance=A``.

:data:`PDF_UA` writes the same file and declares PDF/UA-1 as well (``pdfuaid:part=1``, with the XMP extension
schema PDF/A requires for a property outside its predefined schemas). WeasyPrint's own ``pdf/ua-1`` variant cannot
be combined with PDF/A: one variant per file, and its PDF/UA file has no output intent or ``pdfaid``. Its tags are
the same ones either way, so the combined file loses nothing. Neither claim is validated here (see the README).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from weasyprint import HTML

from tendergen.errors import RenderError
from tendergen.render.fetcher import BASE_URL, RefusedURL, TemplateFetcher
from tendergen.render.pdf_variants import PDF_A, PDF_UA, VARIANTS
from tendergen.render.subsetting import warn_once
from tendergen.render.templates import TemplateSet

__all__ = ["PDF_A", "PDF_UA", "VARIANTS", "to_pdf"]

_UA_IDENTIFICATION = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" \
pdfuaid:part="1"/>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>The part of ISO 14289 (PDF/UA) the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


def to_pdf(html: str, templates: TemplateSet, *, variant: str, source_date_epoch: int) -> bytes:
    """The PDF bytes for ``html``; only files from the template folders can be fetched."""
    if variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant `{variant}`; expected one of {', '.join(VARIANTS)}")
    warn_once()  # fonts are subset with fontTools when libharfbuzz-subset is missing: say so
    fetcher = TemplateFetcher(templates)
    finisher = _declare_pdf_ua if variant == PDF_UA else None
    with _source_date_epoch(source_date_epoch):
        try:
            document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
            data: bytes = document.write_pdf(pdf_variant=PDF_A, finisher=finisher)
        except RefusedURL as exc:
            raise RenderError(str(exc)) from None
    return data


def _declare_pdf_ua(document: Any, pdf: Any) -> None:
    """Add the PDF/UA-1 identification to the XMP packet WeasyPrint wrote for PDF/A-3a."""
    reference = pdf.catalog["Metadata"]  # b"12 0 R"
    number = int((reference.decode("ascii") if isinstance(reference, bytes) else str(reference)).split()[0])
    stream = pdf.objects[number]
    content = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in stream.stream)
    end = content.rindex(b"</rdf:RDF>")
    stream.stream = [content[:end] + _UA_IDENTIFICATION + content[end:]]


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """fontTools stamps subset fonts with SOURCE_DATE_EPOCH (else: now); pin it for the render, then
    restore."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
