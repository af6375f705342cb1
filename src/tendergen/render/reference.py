"""The DOCX house style: build ``templates/reference.docx`` reproducibly from python-docx's default.

The reference document carries every style the DOCX writer uses (fonts, headings, clause and list indents,
the table style, header/footer, table-of-contents levels), the Word list definitions that number articles,
clauses and ordered lists (:func:`ensure_lists`), and the page setup. It is committed in the package
so that a house-style change can be made in Word on a copy in a project's ``templates/`` folder; this module
(run through ``scripts/make_reference_docx.py``) regenerates the built-in one, and a test checks that the
committed file matches.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from lxml.etree import _Element

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
    ensure_lists(document)
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


# ---------------------------------------------------------------------- Word lists (numbering.xml)

ARTICLE_HEADING = "Article Heading"
"""The paragraph style of a numbered article heading: Heading 1 as the first level of the article list."""

# The list definitions tendergen writes, found again by their ``w:name`` in a reference document that has them
# (the built-in one, or a project's copy of it edited in Word) and added to one that has not.
ARTICLE_LIST = "tendergen artikelen"
DECIMAL_LIST = "tendergen lijst 1."
LETTER_LIST = "tendergen lijst a."
BULLET_LIST = "tendergen opsomming"
_BULLET_INDENT = Mm(4)
_CLAUSE_INDENT = Mm(12)
_ITEM_INDENT = Mm(8)


@dataclass
class Lists:
    """The Word lists of one document: the article list (level 0 ``Artikel %1`` on :data:`ARTICLE_HEADING`,
    level 1 ``%1.%2`` on ``Clause``) and the definitions that every ordered list and table bullet refers to."""

    numbering: _Element
    articles: int
    """The ``w:numId`` of the article list (article headings at ``ilvl`` 0, clauses at ``ilvl`` 1)."""
    abstract: dict[str, int]
    """``w:abstractNumId`` by list name (:data:`DECIMAL_LIST`, :data:`LETTER_LIST`, :data:`BULLET_LIST` …)."""
    _bullets: int | None = None

    def restarted(self, name: str) -> int:
        """A new ``w:num`` of list ``name`` that starts at 1 again (Word continues a list across ``w:num``
        elements of one definition unless a ``startOverride`` says otherwise)."""
        num = _add_num(self.numbering, self.abstract[name])
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        return int(num.get(qn("w:numId")))

    def bullets(self) -> int:
        """The ``w:numId`` of the bullet list for items in table cells (one list; bullets do not count)."""
        if self._bullets is None:
            self._bullets = int(_add_num(self.numbering, self.abstract[BULLET_LIST]).get(qn("w:numId")))
        return self._bullets


def ensure_lists(document: DocxDocument) -> Lists:
    """Find tendergen's list definitions in the document's numbering part or add them (creating the part when
    the reference document has none), and link the article heading and clause styles to the article list.

    A definition already there (found by name) is used as it is, so a house style edited in Word keeps its
    indents; one that is missing is made with the indents of the document's own ``Clause`` and ``List Item``
    styles. Identifiers follow the highest ones present, so the same reference gives the same bytes.
    """
    numbering = _numbering_part(document).element
    clause = _indent(document, "Clause", _CLAUSE_INDENT)
    item = _indent(document, "List Item", _ITEM_INDENT)
    heading = _article_heading_style(document)
    levels = {
        ARTICLE_LIST: _article_levels(heading.style_id, document.styles["Clause"].style_id, clause),
        DECIMAL_LIST: [_level(0, "decimal", "%1.", item)],
        LETTER_LIST: [_level(0, "lowerLetter", "%1.", item)],
        BULLET_LIST: [_level(0, "bullet", "\u2022", int(_BULLET_INDENT.twips))],
    }
    abstract = {name: _abstract_num(numbering, name, lvls) for name, lvls in levels.items()}
    articles = _plain_num(numbering, abstract[ARTICLE_LIST])
    _link_style(heading.element, articles, 0)
    _link_style(document.styles["Clause"].element, articles, 1)
    return Lists(numbering, articles, abstract)


def _numbering_part(document: DocxDocument) -> NumberingPart:
    part = document.part
    try:
        found = part.part_related_by(RT.NUMBERING)
    except KeyError:
        element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
        created = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, part.package)
        part.relate_to(created, RT.NUMBERING)
        return created
    assert isinstance(found, NumberingPart)
    return found


def _indent(document: DocxDocument, style: str, default: Length) -> int:
    """The hanging indent (twips) of a list paragraph style: its left indent, or ``default``."""
    left = document.styles[style].paragraph_format.left_indent
    return int((left if left else default).twips)


def _article_heading_style(document: DocxDocument) -> ParagraphStyle:
    styles = document.styles
    names = {style.name for style in styles}
    if ARTICLE_HEADING in names:
        style = styles[ARTICLE_HEADING]
        assert isinstance(style, ParagraphStyle)
        return style
    style = styles.add_style(ARTICLE_HEADING, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = styles["Heading 1"]
    style.next_paragraph_style = styles["Normal"]
    style.quick_style = True
    outline = OxmlElement("w:outlineLvl")  # listed in the table of contents as a Heading 1 is
    outline.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().append(outline)
    return style


def _article_levels(heading: str, clause: str, indent: int) -> list[str]:
    return [
        _level(0, "decimal", "Artikel %1", 0, style=heading, suffix="space"),
        _level(1, "decimal", "%1.%2", indent, style=clause, bold=True),
    ]


def _level(
    ilvl: int, fmt: str, text: str, indent: int, *, style: str | None = None, suffix: str = "tab", bold: bool = False
) -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    tabs = f'<w:tabs><w:tab w:val="num" w:pos="{indent}"/></w:tabs>' if suffix == "tab" else ""
    run = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{style_xml}'
        f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr>{tabs}<w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr>{run}</w:lvl>'
    )


def _abstract_num(numbering: _Element, name: str, levels: list[str]) -> int:
    """The ``w:abstractNumId`` of the definition named ``name``, added after the others when absent."""
    existing = numbering.findall(qn("w:abstractNum"))
    for definition in existing:
        label = definition.find(qn("w:name"))
        if label is not None and label.get(qn("w:val")) == name:
            return int(definition.get(qn("w:abstractNumId")))
    ident = max((int(a.get(qn("w:abstractNumId"))) for a in existing), default=-1) + 1
    kind = "multilevel" if len(levels) > 1 else "singleLevel"
    nsid = f"{zlib.crc32(name.encode()):08X}"
    definition = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ident}"><w:nsid w:val="{nsid}"/>'
        f'<w:multiLevelType w:val="{kind}"/><w:name w:val="{name}"/>{"".join(levels)}</w:abstractNum>'
    )
    # schema order: numPicBullet*, abstractNum*, num*, numIdMacAtCleanup?
    if existing:
        existing[-1].addnext(definition)
    else:
        pictures = numbering.findall(qn("w:numPicBullet"))
        if pictures:
            pictures[-1].addnext(definition)
        else:
            numbering.insert(0, definition)
    return ident


def _plain_num(numbering: _Element, abstract: int) -> int:
    """The first ``w:num`` of definition ``abstract`` without overrides, added when there is none."""
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is not None and int(ref.get(qn("w:val"))) == abstract and num.find(qn("w:lvlOverride")) is None:
            return int(num.get(qn("w:numId")))
    return int(_add_num(numbering, abstract).get(qn("w:numId")))


def _add_num(numbering: _Element, abstract: int) -> _Element:
    nums = numbering.findall(qn("w:num"))
    ident = max((int(n.get(qn("w:numId"))) for n in nums), default=0) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(ident))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract))
    num.append(ref)
    if nums:
        nums[-1].addnext(num)
    else:
        definitions = numbering.findall(qn("w:abstractNum"))
        definitions[-1].addnext(num)
    return num


def _link_style(style: _Element, num: int, ilvl: int) -> None:
    """Give a paragraph style the list level, so a paragraph given that style in Word is numbered with it."""
    numpr = style.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = ilvl
    numpr.get_or_add_numId().val = num
