"""Print the finished HTML with WeasyPrint: PDF/A-3b by default, tagged PDF/UA-1 on request, fonts
embedded."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint import HTML

from tendergen.errors import RenderError
from tendergen.render.fetcher import BASE_URL, RefusedURL, TemplateFetcher
from tendergen.render.subsetting import warn_once
from tendergen.render.templates import TemplateSet

PDF_A = "pdf/a-3b"
PDF_UA = "pdf/ua-1"


def to_pdf(html: str, templates: TemplateSet, *, variant: str, source_date_epoch: int) -> bytes:
    """The PDF bytes for ``html``; only files from the template folders can be fetched."""
    warn_once()  # fonts are subset with fontTools when libharfbuzz-subset is missing: say so
    fetcher = TemplateFetcher(templates)
    with _source_date_epoch(source_date_epoch):
        try:
            document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
            data: bytes = document.write_pdf(pdf_variant=variant)
        except RefusedURL as exc:
            raise RenderError(str(exc)) from None
    return data


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
