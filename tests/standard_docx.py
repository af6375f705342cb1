"""Turn the Markdown copies of the Contractstandaard Wmo into Word files at test time.

The standard's text may not be copied into the repository, so the tests read the Markdown copies from
``<repo>/../shared/reference/contractstandaarden-wmo/`` and build a DOCX the way the publisher's Word file is
built: headings as Heading 1–3 paragraphs, body text as Normal paragraphs, list items as List Bullet paragraphs,
tables as Word tables, the table of contents as a TOC field in a content control whose cached result holds the
entries. Inline markup
(``**bold**``, ``*italic*``, ``[text](url)``) becomes runs with that formatting, and a placeholder is split over
several runs with different formatting on purpose (``split_placeholders``), as Word does when someone edits one.


``markdown_paragraphs`` gives the plain text of every paragraph the helper writes, so a test can compare a filled
document against the Markdown it came from without reading the Markdown twice.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "contractstandaarden-wmo"

SOURCES = {
    "inkoopdocument-emvi": "Inkoopdocument-Wmo-met-Emvi.md",
    "inkoopdocument-zonder-emvi": "Inkoopdocument-Wmo-zonder-Emvi.md",
    "inkoopdocument-toelating": "Inkoopdocument-Wmo-Toelatingsprocedure.md",
    "overeenkomst": "Overeenkomst-Wmo-versie-1.md",
}
"""Profile document key → Markdown copy."""

_HEADING = re.compile(r"^(#{1,4})\s*(.*)$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_TABLE_SEPARATOR = re.compile(r"^\|\s*-{3}")
_LINK = re.compile(r"\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)?)\]\(([^)]*)\)")
_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*\s][^*]*\*)")
_TOC_LINE = re.compile(r"^\[(.*)\s(\d+)\]\(about:blank#[^)]*\)$")


@dataclass
class Block:
    """One paragraph (or table) the helper writes."""

    kind: str  # heading, para, bullet, table, toc
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)


def available() -> bool:
    """The Markdown copies are there (the tests skip without them)."""
    return all((REFERENCE / name).is_file() for name in SOURCES.values())


def _plain(text: str) -> str:
    """The text without Markdown markup."""
    text = _LINK.sub(lambda m: m.group(1), text)
    return re.sub(r"\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*", lambda m: m.group(1) or m.group(2), text)


def parse(markdown: str) -> list[Block]:
    """The blocks of a Markdown copy, in order (the first line, the file's own name, is left out)."""
    lines = markdown.splitlines()[1:]
    blocks: list[Block] = []
    table: list[list[str]] = []
    toc: Block | None = None
    for raw in [*lines, ""]:
        line = raw.rstrip()
        if line.startswith("|"):
            if not _TABLE_SEPARATOR.match(line):
                table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if table:
            blocks.append(Block("table", rows=table))
            table = []
        stripped = line.strip()
        if stripped.startswith(">"):
            stripped = stripped[1:].strip()
        if not stripped:
            continue
        toc_line = _TOC_LINE.match(stripped)
        if toc_line is not None:
            if toc is None:
                toc = Block("toc")
                blocks.append(toc)
            toc.entries.append(f"{_plain(toc_line.group(1))}\t{toc_line.group(2)}")
            continue
        heading = _HEADING.match(stripped)
        if heading is not None:
            text = _plain(heading.group(2)).strip()
            if text:  # the copies hold empty headings where the Word file has an empty numbered paragraph
                blocks.append(Block("heading", text, min(len(heading.group(1)), 3)))
            continue
        bullet = _BULLET.match(stripped)
        if bullet is not None:
            blocks.append(Block("bullet", bullet.group(1)))
            continue
        blocks.append(Block("para", stripped))
    return blocks


def markdown_paragraphs(key: str) -> list[str]:
    """The plain text of every body paragraph (headings, paragraphs, list items, table cells) of a copy, outside
    the table of contents."""
    found: list[str] = []
    for block in parse((REFERENCE / SOURCES[key]).read_text(encoding="utf-8")):
        if block.kind == "table":
            found.extend(_plain(cell) for row in block.rows for cell in row)
        elif block.kind != "toc":
            found.append(_plain(block.text))
    return found


def _add_runs(paragraph: Paragraph, text: str, split: bool, counter: list[int]) -> None:
    """Runs for ``text`` with its inline markup; placeholders split over runs when ``split``."""
    text = _LINK.sub(lambda m: m.group(1), text)
    for part in _INLINE.split(text):
        if not part:
            continue
        bold = part.startswith("**") and part.endswith("**")
        italic = not bold and part.startswith("*") and part.endswith("*") and len(part) > 1
        inner = part[2:-2] if bold else part[1:-1] if italic else part
        for piece, odd in _split_placeholders(inner, split, counter):
            run = paragraph.add_run(piece)
            run.bold = bold or None
            run.italic = (italic or odd) or None


def _split_placeholders(text: str, split: bool, counter: list[int]) -> list[tuple[str, bool]]:
    """Cut every placeholder of four characters or more in three runs, the middle one italic (Word's habit after
    an edit)."""
    if not split:
        return [(text, False)]
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in re.finditer(r"\[[^\[\]]{4,}\]", text):
        counter[0] += 1
        start, end = match.span()
        cut1 = start + 2
        cut2 = end - 2
        pieces.append((text[position:cut1], False))
        pieces.append((text[cut1:cut2], True))
        position = cut2
    pieces.append((text[position:], False))
    return [(piece, odd) for piece, odd in pieces if piece]


def _toc_field(document: object, entries: list[str]) -> None:
    """A TOC field whose cached result is ``entries`` (one TOC 1 paragraph each)."""
    body = document.element.body  # type: ignore[attr-defined]
    paragraphs = []
    for entry in entries or [""]:
        paragraph = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), "TOC1")
        properties.append(style)
        paragraph.append(properties)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = entry.replace("\t", " ")
        run.append(text)
        paragraph.append(run)
        paragraphs.append(paragraph)

    def field_run(kind: str) -> object:
        run = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
        return run

    first, last = paragraphs[0], paragraphs[-1]
    instruction = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-3" \\h \\z \\u '
    instruction.append(instr)
    first.insert(1, field_run("separate"))
    first.insert(1, instruction)
    first.insert(1, field_run("begin"))
    last.append(field_run("end"))
    # Word puts its table of contents in a content control
    control = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    control.append(content)
    for paragraph in paragraphs:
        content.append(paragraph)
    body.insert(len(body) - 1, control)  # before the final sectPr


def build_docx(key: str, *, split: bool = True, replace: dict[str, str] | None = None) -> bytes:
    """The Word file of one document of the standard, made from its Markdown copy (``replace``: text changes
    applied to the Markdown first, for the deviation tests)."""
    markdown = (REFERENCE / SOURCES[key]).read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in markdown, f"test text not found in {SOURCES[key]}"
        markdown = markdown.replace(old, new, 1)
    document = Document()
    counter = [0]
    for block in parse(markdown):
        if block.kind == "heading":
            paragraph = document.add_paragraph(style=f"Heading {block.level}")
            _add_runs(paragraph, block.text, split, counter)
        elif block.kind == "bullet":
            _add_runs(document.add_paragraph(style="List Bullet"), block.text, split, counter)
        elif block.kind == "para":
            _add_runs(document.add_paragraph(), block.text, split, counter)
        elif block.kind == "toc":
            _toc_field(document, block.entries)
        elif block.kind == "table":
            width = max(len(row) for row in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    target = table.cell(r, c).paragraphs[0]
                    _add_runs(target, cell, split, counter)
    document.core_properties.title = SOURCES[key].removesuffix(".md")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
