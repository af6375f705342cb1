"""Images of a finished document for the DOCX writer: the ``data:`` URI of an ``<img>`` as PNG bytes.

python-docx places PNG, JPEG, GIF, BMP and TIFF but not SVG, so an SVG (the Gantt chart) is rasterised with
CairoSVG at :data:`DPI` for the width it gets in the document. Cairo writes no time or other run-dependent data
into a PNG, so the same SVG gives the same bytes on the same machine. The text of the chart is drawn with the
system's DejaVu Sans through fontconfig (the chart names it first); on a machine without it fontconfig picks
another sans-serif font.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote_to_bytes

from tendergen.errors import RenderError

DPI = 200
"""Resolution of a rasterised SVG at the size it is shown."""
_MM_PER_INCH = 25.4
_PLACEABLE = {"image/png", "image/jpeg", "image/gif"}


def data_uri(uri: str) -> tuple[str, bytes]:
    """The media type and bytes of a ``data:`` URI (base64 or percent-encoded)."""
    if not uri.startswith("data:") or "," not in uri:
        raise RenderError(f"an image in a document must be a data: URI, not `{uri[:60]}`")
    header, payload = uri[len("data:") :].split(",", 1)
    parts = header.split(";")
    mime = (parts[0] or "text/plain").strip().lower()
    try:
        data = base64.b64decode(payload, validate=True) if "base64" in parts[1:] else unquote_to_bytes(payload)
    except (binascii.Error, ValueError) as exc:
        raise RenderError(f"an image's data: URI is not valid base64: {exc}") from None
    return mime, data


def picture_png(uri: str, width_mm: float) -> bytes:
    """The image of ``uri`` as bytes python-docx can place: SVG rasterised to PNG ``width_mm`` wide at
    :data:`DPI`; PNG, JPEG and GIF as they are."""
    mime, data = data_uri(uri)
    if mime in _PLACEABLE:
        return data
    if mime != "image/svg+xml":
        raise RenderError(f"the DOCX writer cannot place an image of type `{mime}`")
    import cairosvg  # cairo is loaded only for documents with an SVG image

    width_px = round(width_mm / _MM_PER_INCH * DPI)
    try:
        png = cairosvg.svg2png(bytestring=data, output_width=width_px, unsafe=False)
    except Exception as exc:  # CairoSVG raises plain exceptions (XML, parse) for a broken SVG
        raise RenderError(f"the SVG image cannot be rasterised: {type(exc).__name__}: {exc}") from None
    if not isinstance(png, bytes):  # pragma: no cover - svg2png without write_to returns bytes
        raise RenderError("CairoSVG returned no PNG")
    return png
