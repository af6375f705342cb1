"""Images for the DOCX writer: data: URIs, the SVG rasterised to a deterministic PNG, and <figure> in a DOCX."""

from __future__ import annotations

import base64
import datetime as dt
import io

import docx
import pytest
from docx.shared import Mm

from tendergen.errors import RenderError
from tendergen.render.html import finish
from tendergen.render.image import data_uri, picture_png
from tendergen.render.templates import builtin_template_dir
from tendergen.render.word import to_docx

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50">'
    '<rect x="10" y="10" width="120" height="20" fill="#0072B2"/>'
    '<text x="140" y="25" font-family="DejaVu Sans" font-size="12">fase</text></svg>'
)
SVG_URI = "data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode()


def _png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_data_uri_base64_and_percent_encoded() -> None:
    assert data_uri(SVG_URI) == ("image/svg+xml", SVG.encode())
    assert data_uri("data:image/svg+xml,%3Csvg%2F%3E") == ("image/svg+xml", b"<svg/>")
    with pytest.raises(RenderError, match=r"must be a data: URI, not `chart\.svg`"):
        data_uri("chart.svg")
    with pytest.raises(RenderError, match="not valid base64"):
        data_uri("data:image/png;base64,***")


def test_svg_becomes_the_same_png_every_time_at_200_dpi() -> None:
    png = picture_png(SVG_URI, 50.8)  # two inches
    assert _png_size(png) == (400, 100)
    assert picture_png(SVG_URI, 50.8) == png
    assert picture_png("data:image/png;base64," + base64.b64encode(png).decode(), 10) == png  # placed as it is
    with pytest.raises(RenderError, match="cannot place an image of type `image/webp`"):
        picture_png("data:image/webp;base64,AAAA", 10)


def _docx(body: str) -> docx.document.Document:
    html = f'<!DOCTYPE html><html lang="nl"><head><title>t</title></head><body>{body}</body></html>'
    reference = (builtin_template_dir() / "reference.docx").read_bytes()
    data = to_docx(finish(html), reference, dt.datetime(2026, 1, 15, tzinfo=dt.UTC))
    return docx.Document(io.BytesIO(data))


def test_a_figure_is_an_inline_picture_with_alt_text_the_text_width_wide() -> None:
    document = _docx(f'<p>Voor</p><figure class="chart"><img src="{SVG_URI}" alt="Een fase als balk"></figure>')
    [shape] = document.inline_shapes
    assert shape.width == Mm(166) and abs(shape.height - Mm(166) // 4) < Mm(0.2)  # aspect ratio kept
    assert shape._inline.docPr.get("descr") == "Een fase als balk"
    assert [p.text for p in document.paragraphs] == ["Voor", ""]


@pytest.mark.parametrize(
    "figure",
    [
        f'<figure><img src="{SVG_URI}"></figure>',
        "<figure><p>geen afbeelding</p></figure>",
        f'<figure><img src="{SVG_URI}" alt="a"><img src="{SVG_URI}" alt="b"></figure>',
    ],
)
def test_a_figure_needs_exactly_one_image_with_alt_text(figure: str) -> None:
    with pytest.raises(RenderError, match=r"a <figure> holds exactly one <img> with alt text"):
        _docx(figure)
