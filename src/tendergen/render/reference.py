"""The DOCX house style: build ``templates/reference.docx`` reproducibly from python-docx's default.

The reference document carries every style the DOCX writer uses (fonts, headings, clause and list indents,
the table style, header/footer, table-of-contents levels) and the page setup. It is committed in the package
so that a house-style change can be made in Word on a copy in a project's ``templates/`` folder; this module
(run through ``scripts/make_reference_docx.py``) regenerates the built-in one, and a test checks that the
committed file matches.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from tendergen.render.zipfix import normalize_zip

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x59, 0x59, 0x59)
TEXT_WIDTH = Mm(166)
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

# Styles the DOCX writer requires in any reference document (a project's own included).
REQUIRED_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Bullet 2",
    "Clause",
    "List Item",
    "Table Text",
    "Note",
    "TOC Heading",
    "toc 1",
    "toc 2",
    "Header",
    "Footer",
    "Tendergen Tabel",
)

_TABLE_STYLE = f"""<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="TendergenTabel">
  <w:name w:val="Tendergen Tabel"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="18"/></w:rPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="8EA9DB"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="8EA9DB"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="8EA9DB"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="8EA9DB"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="8EA9DB"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="8EA9DB"/>
    </w:tblBorders>
    <w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr>
  </w:tblStylePr>
</w:style>"""


def build_reference_docx() -> bytes:
    """The built-in reference document, byte for byte the same on every run."""
    document = Document()
    _page_setup(document)
    _base_styles(document)
    _heading_styles(document)
    _custom_styles(document)
    document.styles.element.append(parse_xml(_TABLE_STYLE))
    _drop_thumbnail(document)
    core = document.core_properties
    core.title, core.author, core.last_modified_by = "tendergen huisstijl", "tendergen", "tendergen"
    core.created = core.modified = core.last_printed = FIXED_DATE.replace(tzinfo=None)
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue(), FIXED_DATE)


def _page_setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.left_margin = section.right_margin = Mm(22)
    section.header_distance = section.footer_distance = Mm(10)


def _set_font(style: ParagraphStyle, size: float, *, bold: bool = False, color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        fonts.set(qn("w:cs"), FONT)


def _base_styles(document: DocxDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    rpr.find(qn("w:rFonts")).attrib.clear()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rpr.find(qn("w:rFonts")).set(qn(attr), FONT)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "nl-NL")
    lang.set(qn("w:eastAsia"), "nl-NL")
    normal = document.styles["Normal"]
    _set_font(normal, 10)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name in ("Header", "Footer"):
        style = document.styles[name]
        _set_font(style, 8, color=GREY)
        style.paragraph_format.tab_stops.clear_all()
        style.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    for name in ("List Bullet", "List Bullet 2"):
        document.styles[name].paragraph_format.space_after = Pt(3)
    _set_font(document.styles["Title"], 24, bold=True, color=ACCENT)
    _set_font(document.styles["Subtitle"], 14, color=GREY)
    _set_font(document.styles["TOC Heading"], 14, bold=True, color=ACCENT)


def _heading_styles(document: DocxDocument) -> None:
    for level, size, before in ((1, 14, 18), (2, 12, 12), (3, 10.5, 10)):
        style = document.styles[f"Heading {level}"]
        _set_font(style, size, bold=True, color=ACCENT)
        style.font.italic = False
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True


def _custom_styles(document: DocxDocument) -> None:
    styles = document.styles
    for name, indent in (("Clause", Mm(12)), ("List Item", Mm(8))):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.paragraph_format.left_indent = indent
        style.paragraph_format.first_line_indent = -indent
        style.paragraph_format.tab_stops.add_tab_stop(indent)
        style.paragraph_format.space_after = Pt(4)
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    _set_font(table_text, 9)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    _set_font(note, 9, color=GREY)
    note.font.italic = True
    for level in (1, 2):
        toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = styles["Normal"]
        toc.paragraph_format.left_indent = Mm(6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
        toc.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        toc.font.bold = level == 1


def _drop_thumbnail(document: DocxDocument) -> None:
    """python-docx's template carries a thumbnail of an empty page; a reference document should not."""
    rels = document.part.package.rels
    for key, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[key]
