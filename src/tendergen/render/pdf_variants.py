"""The PDF variants tendergen writes, kept apart from the engine so that choosing one does not load WeasyPrint."""

from __future__ import annotations

PDF_A = "pdf/a-3a"
"""The default: PDF/A-3a, tagged (the accessible conformance level of PDF/A)."""
PDF_UA = "pdf/a-3a+pdf/ua-1"
"""PDF/A-3a that also declares PDF/UA-1 (``tendergen build --pdf-ua``)."""
VARIANTS = (PDF_A, PDF_UA)
