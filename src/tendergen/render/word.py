"""Write the finished HTML tree as a DOCX on the house-style reference document (python-docx).

The tree is the document model: the same headings, clauses, lists and tables that WeasyPrint prints become
Word
paragraphs and tables with the reference document's styles, so no clause text exists twice. Only the small
HTML
subset described in ``templates/README.md`` is accepted; anything else is a :class:`RenderError`, not a
silent loss.

Numbers are Word's own: article headings (style ``Article Heading``) and clauses are levels 0 and 1 of one
multi-level list, every ordered list is a list of its own that starts at 1, and bullets in table cells are a
bullet list (body bullets take theirs from the ``List Bullet`` styles). The paragraphs carry ``w:numPr`` and
not the number as text, so a clause inserted in Word renumbers the clauses after it; the PDF prints the numbers
that :mod:`tendergen.render.html` computed from the same tree.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from docx import Document as open_docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Mm
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from tendergen.errors import RenderError
from tendergen.render.html import ARTICLE, DECIMAL, LETTERS, classes_of, text_of
from tendergen.render.image import picture_png
from tendergen.render.reference import (
    ARTICLE_HEADING,
    DECIMAL_LIST,
    LETTER_LIST,
    REQUIRED_STYLES,
    Lists,
    ensure_lists,
)
from tendergen.render.zipfix import normalize_zip

_CONTAINERS = {"div", "section", "main", "article", "header", "footer", "aside", "body"}
_INLINE = {"strong", "b", "em", "i", "span", "a", "br", "abbr", "small", "sup", "sub", "code"}
_HEADING_STYLES = {"h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3", "h4": "Heading 3"}
_TEXT_WIDTH_MM = 166
_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
_COVER_TOP_MM = 35
_LIST_DEFINITIONS = {DECIMAL: DECIMAL_LIST, LETTERS: LETTER_LIST}


@dataclass(frozen=True)
class Run:
    """A piece of inline text with its formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    line_break: bool = False


def to_docx(root: _Element, reference: bytes, timestamp: dt.datetime) -> bytes:
    """The DOCX bytes for a finished HTML tree, on the given reference document."""
    document = open_docx(io.BytesIO(reference))
    _check_styles(document)
    _clear_body(document)
    body = root.find("body")
    assert body is not None  # finish() guarantees a body
    writer = _Writer(document)
    writer.running(body)
    writer.blocks(body)
    _metadata(document, root, timestamp)
    _update_fields_on_open(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue(), timestamp)


def _check_styles(document: Document) -> None:
    names = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in names]
    if missing:
        raise RenderError(f"reference.docx lacks the style(s) {', '.join(missing)}; start from the built-in one")


def _clear_body(document: Document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


class _Writer:
    def __init__(self, document: Document) -> None:
        self.document = document
        self._style_ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}
        self._lists: Lists | None = None

    @property
    def lists(self) -> Lists:
        """The document's Word lists, found or added in the numbering part when the first list item is written
        (a document without lists keeps the reference's numbering part as it is)."""
        if self._lists is None:
            self._lists = ensure_lists(self.document)
            self._style_ids.clear()  # the article heading style may have been added
        return self._lists

    # ------------------------------------------------------------------ styles

    def style_id(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """The id python-docx would write for style ``name`` (``None`` for the default style), looked up once.

        python-docx resolves a style name on every assignment by searching the styles part; a document sets a
        few styles thousands of times.
        """
        key = (name, kind)
        if key not in self._style_ids:
            self._style_ids[key] = self.document.styles.get_style_id(name, kind)
        return self._style_ids[key]

    def add_paragraph(self, style: str | None = None, text: str = "", container: _Cell | None = None) -> Paragraph:
        """``add_paragraph(text, style)`` of the document (or of a table cell), with the cached style id."""
        paragraph = (self.document if container is None else container).add_paragraph(text)
        if style is not None:
            self.set_style(paragraph, style)
        return paragraph

    def set_style(self, paragraph: Paragraph, style: str) -> None:
        """``paragraph.style = style`` with the cached style id."""
        paragraph._p.style = self.style_id(style)

    # ------------------------------------------------------------------ header and footer

    def running(self, body: _Element) -> None:
        section = self.document.sections[0]
        has_cover = any("cover" in classes_of(e) for e in body.iter("section"))
        # Like the PDF: the cover page has the footer (page 1 of N) but no running header.
        section.different_first_page_header_footer = has_cover
        for element in body.iter("header", "footer"):
            classes = classes_of(element)
            if "running-header" in classes:
                self._running_paragraph(section.header.paragraphs[0], element)
                if has_cover:
                    self.set_style(section.first_page_header.paragraphs[0], "Header")
            elif "running-footer" in classes:
                self._running_paragraph(section.footer.paragraphs[0], element)
                if has_cover:
                    self._running_paragraph(section.first_page_footer.paragraphs[0], element)

    def _running_paragraph(self, paragraph: Paragraph, element: _Element) -> None:
        self.set_style(paragraph, "Header" if element.tag == "header" else "Footer")
        parts = element.findall("span")
        for index, span in enumerate(parts):
            if index:
                paragraph.add_run("\t")
            if "page-counter" in classes_of(span):
                paragraph.add_run(f"{span.get('data-page-label', '')} ")
                _field(paragraph, "PAGE", "1")
                paragraph.add_run(f" {span.get('data-of-label', '')} ")
                _field(paragraph, "NUMPAGES", "1")
            else:
                paragraph.add_run(text_of(span))

    # ------------------------------------------------------------------ blocks

    def blocks(self, parent: _Element, *, list_level: int = 0) -> None:
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            self.block(child, list_level=list_level)

    def block(self, element: _Element, *, list_level: int = 0) -> None:
        tag = element.tag
        classes = classes_of(element)
        if classes & {"running-header", "running-footer", "pdf-only"}:
            return  # page furniture and figures that repeat a table (charts) exist in the PDF only
        if tag == "h1" and element.get("data-list") == ARTICLE:
            articles = self.lists.articles  # first: it adds the article heading style where it is missing
            _number(self.paragraph(element, ARTICLE_HEADING, numbered=True), articles, 0)
        elif tag in _HEADING_STYLES:
            style = "Title" if tag == "h1" and _in_cover(element) else _HEADING_STYLES[tag]
            self.paragraph(element, style)
        elif tag == "p":
            self.paragraph(element, _paragraph_style(element))
        elif tag == "ul":
            for item in element.findall("li"):
                self.list_item(item, list_level)
        elif tag == "table":
            self.table(element)
        elif tag == "figure":
            self.figure(element)
        elif tag == "dl":
            self.definition_list(element)
        elif tag == "nav" and "toc" in classes:
            self.toc(element)
        elif tag == "div" and "clauses" in classes:
            for item in element.findall("div"):
                self.numbered(item, "Clause", self.lists.articles, 1)
        elif tag == "div" and "list" in classes:
            num = self.lists.restarted(_list_definition(element))
            for item in element.findall("div"):
                self.numbered(item, "List Item", num, 0)
        elif tag == "div" and "page-break" in classes:
            self.page_break()
        elif tag in _CONTAINERS:
            first = len(self.document.paragraphs) if "cover" in classes else 0
            self.blocks(element, list_level=list_level)
            if "cover" in classes:
                if len(self.document.paragraphs) > first:  # the cover starts lower on the page, as in the PDF
                    self.document.paragraphs[first].paragraph_format.space_before = Mm(_COVER_TOP_MM)
                self.page_break()
        elif tag == "hr":
            return
        else:
            raise RenderError(f"the DOCX writer does not support <{tag}> (see templates/README.md)")

    def paragraph(self, element: _Element, style: str, *, numbered: bool = False) -> Paragraph:
        """A paragraph of ``element``'s inline text; ``numbered``: without the text number (Word numbers it)."""
        paragraph = self.add_paragraph(style)
        runs = inline_runs(element, numbered=numbered)
        _add_runs(paragraph, _lstrip(runs) if numbered else runs)
        return paragraph

    def list_item(self, item: _Element, level: int) -> None:
        style = "List Bullet" if level == 0 else "List Bullet 2"
        paragraph = self.add_paragraph(style)
        _add_runs(paragraph, inline_runs(item, stop_at_blocks=True))
        self._nested(item, level + 1)

    def numbered(self, item: _Element, style: str, num: int, level: int) -> None:
        """A clause or list item: a paragraph of Word list ``num`` at ``level``, then its nested blocks."""
        paragraph = self.add_paragraph(style)
        _number(paragraph, num, level)
        _add_runs(paragraph, _lstrip(inline_runs(item, stop_at_blocks=True, numbered=True)))
        self._nested(item, 1)

    def _nested(self, item: _Element, level: int) -> None:
        for child in item:
            if not isinstance(child.tag, str) or child.tag in _INLINE:
                continue
            if child.tag == "ul":
                for sub in child.findall("li"):
                    self.list_item(sub, level)
            elif child.tag == "p":
                self.paragraph(child, "Normal").paragraph_format.left_indent = Mm(12)
            else:
                self.block(child, list_level=level)

    def table(self, element: _Element) -> None:
        rows = [tr for tr in element.iter("tr")]
        columns = max(sum(int(c.get("colspan", "1")) for c in _cells(tr)) for tr in rows)
        caption = element.find("caption")
        if caption is not None:
            self.paragraph(caption, "Note").paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=len(rows), cols=columns)
        table._tbl.tblStyle_val = self.style_id("Tendergen Tabel", WD_STYLE_TYPE.TABLE)
        table.autofit = False
        widths = _widths(element, columns)
        for tr, row in zip(rows, table._tbl.tr_lst, strict=True):
            header = tr.getparent() is not None and tr.getparent().tag == "thead"
            if header:
                _repeat_header(row)
            col = 0
            for cell_el in _cells(tr):
                span = int(cell_el.get("colspan", "1"))
                cell = _grid_cell(table, row, col)
                if span > 1:
                    cell = cell.merge(_grid_cell(table, row, col + span - 1))
                self._cell(cell, cell_el, bold=cell_el.tag == "th" and not header)
                col += span
        _set_widths(table, widths)
        _table_look(table, has_header=element.find("thead") is not None)
        self.add_paragraph("Normal").paragraph_format.space_after = 0

    def _cell(self, cell, element: _Element, *, bold: bool) -> None:  # type: ignore[no-untyped-def]
        paragraph = cell.paragraphs[0]
        self.set_style(paragraph, "Table Text")
        if "amount" in classes_of(element):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        runs = inline_runs(element, stop_at_blocks=True)
        _add_runs(paragraph, [Run(r.text, bold or r.bold, r.italic, r.line_break) for r in runs])
        for child in element:
            if child.tag == "ul":
                for li in child.findall("li"):
                    item = self.add_paragraph("Table Text", container=cell)
                    _number(item, self.lists.bullets(), 0)
                    _add_runs(item, inline_runs(li))
            elif child.tag == "div" and "list" in classes_of(child):
                num = self.lists.restarted(_list_definition(child))
                for entry in child.findall("div"):
                    item = self.add_paragraph("Table Text", container=cell)
                    _number(item, num, 0)
                    _add_runs(item, _lstrip(inline_runs(entry, numbered=True)))
            elif child.tag == "p":
                extra = self.add_paragraph("Table Text", container=cell)
                _add_runs(extra, inline_runs(child))

    def figure(self, element: _Element) -> None:
        """The figure's ``<img>`` (a ``data:`` URI; SVG becomes PNG) as an inline picture the text width wide,
        with the image's alt text as the picture's description."""
        images = element.findall(".//img")
        if len(images) != 1 or not images[0].get("alt"):
            raise RenderError("a <figure> holds exactly one <img> with alt text (see templates/README.md)")
        png = picture_png(images[0].get("src", ""), _TEXT_WIDTH_MM)
        paragraph = self.document.add_paragraph(style="Normal")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(_TEXT_WIDTH_MM))
        properties = shape._inline.docPr
        properties.set("descr", images[0].get("alt", ""))
        properties.set("name", f"Afbeelding {properties.get('id')}")

    def definition_list(self, element: _Element) -> None:
        terms = element.findall("dt")
        values = element.findall("dd")
        table = self.document.add_table(rows=len(terms), cols=2)
        table._tbl.tblStyle_val = self.style_id("Tendergen Tabel", WD_STYLE_TYPE.TABLE)
        for term, value, row in zip(terms, values, table._tbl.tr_lst, strict=True):
            self._cell(_grid_cell(table, row, 0), term, bold=True)
            self._cell(_grid_cell(table, row, 1), value, bold=False)
        _set_widths(table, [50, _TEXT_WIDTH_MM - 50])
        _table_look(table, has_header=False)

    def toc(self, nav: _Element) -> None:
        """A Word TOC field, pre-filled with the headings; Word refreshes it (with page numbers) on
        opening."""
        title = nav.find("p")
        self.add_paragraph("TOC Heading", text_of(title) if title is not None else "Inhoud")
        entries = nav.findall(".//li")
        for index, item in enumerate(entries):
            level = "toc 2" if "toc-h2" in classes_of(item) else "toc 1"
            paragraph = self.add_paragraph(level)
            if index == 0:
                _field_begin(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
            paragraph.add_run(text_of(item))
            if index == len(entries) - 1:
                _field_end(paragraph)
        self.page_break()

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# ---------------------------------------------------------------------- inline content


def inline_runs(element: _Element, *, stop_at_blocks: bool = False, numbered: bool = False) -> list[Run]:
    """The inline text of ``element`` as runs, with HTML whitespace collapsing; ``numbered``: without the
    number that :mod:`tendergen.render.html` put first (``<span class="num">``), which Word shows instead."""
    runs = list(_inline(element, bold=False, italic=False, stop_at_blocks=stop_at_blocks, top=True, skip=numbered))
    return _collapse(runs)


def _inline(
    element: _Element, *, bold: bool, italic: bool, stop_at_blocks: bool, top: bool, skip: bool = False
) -> Iterator[Run]:
    if element.text:
        yield Run(element.text, bold, italic)
    for child in element:
        if not isinstance(child.tag, str):
            if child.tail:
                yield Run(child.tail, bold, italic)
            continue
        if child.tag == "br":
            yield Run("", bold, italic, line_break=True)
        elif skip and top and child.tag == "span" and "num" in classes_of(child):
            pass  # the list number: the paragraph's w:numPr shows it
        elif child.tag in _INLINE:
            child_bold = bold or child.tag in ("strong", "b")
            child_italic = italic or child.tag in ("em", "i")
            yield from _inline(child, bold=child_bold, italic=child_italic, stop_at_blocks=stop_at_blocks, top=False)
        elif stop_at_blocks and top:
            continue
        else:
            raise RenderError(f"<{child.tag}> inside <{element.tag}> is not supported in the DOCX output")
        if child.tail:
            yield Run(child.tail, bold, italic)


def _collapse(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    previous_space = True
    for run in runs:
        if run.line_break:
            out.append(run)
            previous_space = True
            continue
        # HTML collapses ASCII whitespace only: the non-breaking space in "€ 1.234,00" must survive
        text = _ASCII_SPACE.sub(" ", run.text).strip(" ")
        if _ASCII_SPACE.fullmatch(run.text[:1]) and not previous_space and text:
            text = " " + text
        if _ASCII_SPACE.fullmatch(run.text[-1:]) and text:
            text += " "
        if text.strip() == "" and run.text:
            text = "" if previous_space else " "
        if text:
            out.append(Run(text, run.bold, run.italic))
            previous_space = text.endswith(" ")
    if out and not out[-1].line_break:
        last = out[-1]
        out[-1] = Run(last.text.rstrip(), last.bold, last.italic)
    return [r for r in out if r.text or r.line_break]


def _lstrip(runs: list[Run]) -> list[Run]:
    if runs and not runs[0].line_break:
        first = runs[0]
        runs = [Run(first.text.lstrip(), first.bold, first.italic), *runs[1:]]
    return runs


def _add_runs(paragraph: Paragraph, runs: list[Run]) -> None:
    for item in runs:
        if item.line_break:
            paragraph.add_run().add_break()
            continue
        run = paragraph.add_run(item.text)
        if item.bold:
            run.bold = True
        if item.italic:
            run.italic = True


def _number(paragraph: Paragraph, num: int, level: int) -> None:
    """Make ``paragraph`` an item of Word list ``num`` at ``level`` (``w:numPr``)."""
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = num


def _list_definition(element: _Element) -> str:
    """The list definition of an ordered list (``data-list`` from :mod:`tendergen.render.html`)."""
    kind = element.get("data-list") or DECIMAL
    if kind not in _LIST_DEFINITIONS:
        raise RenderError(f'an ordered list with data-list="{kind}" has no Word list definition')
    return _LIST_DEFINITIONS[kind]


def _paragraph_style(element: _Element) -> str:
    classes = classes_of(element)
    if "subtitle" in classes:
        return "Subtitle"
    if classes & {"note", "toc-title"}:
        return "Note"
    return "Normal"


def _in_cover(element: _Element) -> bool:
    return any("cover" in classes_of(a) for a in element.iterancestors())


# ---------------------------------------------------------------------- tables


def _cells(tr: _Element) -> list[_Element]:
    return [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]


def _widths(table: _Element, columns: int) -> list[float]:
    spec = (table.get("data-widths") or "").split()
    if len(spec) == columns:
        return [_TEXT_WIDTH_MM * int(w) / 100 for w in spec]
    return [_TEXT_WIDTH_MM / columns] * columns


def _grid_cell(table: Table, row: CT_Row, col: int) -> _Cell:
    """The cell of ``row`` at grid column ``col``, as ``table.cell(r, col)`` finds it (horizontal spans count
    their width), but from that row alone: ``Table.cell`` rebuilds the list of every cell on each call."""
    start = 0
    for tc in row.tc_lst:
        start += tc.grid_span
        if col < start:
            return _Cell(tc, table)
    raise IndexError(f"no cell at grid column {col}")


def _set_widths(table: Table, widths: list[float]) -> None:
    """Column widths in the grid (LibreOffice reads these) and on every cell (Word reads those)."""
    cells = table._cells  # built once; ``column.cells`` builds the whole list per column
    for index, width in enumerate(widths):
        table.columns[index].width = Mm(width)
        for cell in cells[index :: len(widths)]:
            cell.width = Mm(width)


def _repeat_header(row: CT_Row) -> None:
    tr_pr = row.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table_look(table: Table, *, has_header: bool) -> None:
    tbl_pr = table._tbl.tblPr
    look = OxmlElement("w:tblLook")
    look.set(qn("w:val"), "04A0" if has_header else "0480")
    look.set(qn("w:firstRow"), "1" if has_header else "0")
    look.set(qn("w:lastRow"), "0")
    look.set(qn("w:firstColumn"), "0")
    look.set(qn("w:lastColumn"), "0")
    look.set(qn("w:noHBand"), "1")
    look.set(qn("w:noVBand"), "1")
    for old in tbl_pr.findall(qn("w:tblLook")):
        tbl_pr.remove(old)
    tbl_pr.append(look)


# ---------------------------------------------------------------------- fields and metadata


def _field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    _field_begin(paragraph, instruction)
    paragraph.add_run(cached)
    _field_end(paragraph)


def _field_begin(paragraph: Paragraph, instruction: str) -> None:
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    paragraph.add_run()._r.append(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    paragraph.add_run()._r.append(separate)


def _field_end(paragraph: Paragraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _metadata(document: Document, root: _Element, timestamp: dt.datetime) -> None:
    head = root.find("head")
    meta = {m.get("name"): m.get("content") for m in head.iter("meta")} if head is not None else {}
    title = head.find("title") if head is not None else None
    core = document.core_properties
    core.title = text_of(title) if title is not None else ""
    core.author = meta.get("author") or ""
    core.subject = meta.get("description") or ""
    core.keywords = meta.get("keywords") or ""
    core.last_modified_by = meta.get("generator") or "tendergen"
    core.language = "nl-NL"
    core.revision = 1
    naive = timestamp.astimezone(dt.UTC).replace(tzinfo=None)
    core.created = core.modified = core.last_printed = naive
    core.category = meta.get("tendergen.document") or ""
    core.comments = ""


# w:settings is a schema sequence: updateFields must precede these elements or Word reports a damaged file.
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)  # fmt: skip


def _update_fields_on_open(document: Document) -> None:
    """Ask Word to refresh fields (table of contents, page numbers) when the document is opened."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    following = {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS} | {qn(f"m:{n}") for n in ("mathPr",)}
    for index, child in enumerate(settings):
        if child.tag in following:
            settings.insert(index, update)
            return
    settings.append(update)
