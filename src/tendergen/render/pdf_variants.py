"""The PDF variants tendergen writes (WeasyPrint's names), kept apart from the engine so that choosing one does
not load WeasyPrint."""

from __future__ import annotations

PDF_A = "pdf/a-3b"
PDF_UA = "pdf/ua-1"
