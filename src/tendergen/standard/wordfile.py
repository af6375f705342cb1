"""The body of a Word file as a list of blocks (paragraphs and tables) with the article each belongs to, and the
few edits filling the standard needs: replace a span of a paragraph's text across its runs, remove blocks, insert
a paragraph after another, rewrite the cached table of contents, and ask Word to update its fields.

Only ``w:t`` text counts as a paragraph's text (tabs, field instructions and deleted text do not), so the offsets
of an edit are offsets into that text. A span that Word split over several runs is replaced in the first run it
touches (keeping that run's formatting); the text of the other runs it covers is removed and a run left empty is
dropped. Nothing else in the file is changed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

W_P = qn("w:p")
W_TBL = qn("w:tbl")
W_R = qn("w:r")
W_T = qn("w:t")
W_FLDCHAR = qn("w:fldChar")
W_INSTR = qn("w:instrText")
W_PPR = qn("w:pPr")
W_SDT = qn("w:sdt")
W_SDT_CONTENT = qn("w:sdtContent")
W_PSTYLE = qn("w:pStyle")
W_VAL = qn("w:val")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

COVER = "voorblad"
"""The block key of everything before the first heading (the cover page)."""

_ARTICLE = re.compile(r"^(?:\[[^\]]*\]\s*)?(?:Artikel\s+)?(\d+(?:\.(?:\d+|n))*)\.?(?=[\s:–-]|$)")
_NAMED = re.compile(r"^(?:\[[^\]]*\]\s*)?((?:Deel|Hoofdstuk|Bijlage)\s+\d+)\b")
_SUB_ARTICLE = re.compile(r"^(\d+\.\d+\.(?:\d+|n))$")
_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)


def normalise(text: str) -> str:
    """Text as compared and hashed: NFC, no-break spaces as spaces, whitespace collapsed, trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return " ".join(text.split())


def digest(texts: Sequence[str]) -> str:
    """SHA-256 (hex) of normalised paragraph texts, empty ones left out, joined by newlines."""
    joined = "\n".join(t for t in (normalise(x) for x in texts) if t)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def short_digest(text: str) -> str:
    """The first 12 hex digits of the SHA-256 of one normalised paragraph."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:12]


def paragraph_text(p: Any) -> str:
    """The ``w:t`` text of a paragraph (runs inside hyperlinks and simple fields included)."""
    return "".join(t.text or "" for t in p.iter(W_T))


@dataclass
class Block:
    """One body block: a paragraph or a table, with the article it belongs to."""

    element: Any
    kind: str
    """``p`` or ``tbl``."""
    level: int
    """Heading level (1–9), 0 for body text."""
    article: str
    """The key of its article (``2.5.2``, ``1.4``, ``Deel 1``, ``Definities``, ``voorblad``)."""
    location: str
    """Where it is, as precise as the document says (a numbered sub-article such as ``1.3.2`` within ``1.3``)."""
    in_toc: bool
    """Part of the cached result of the table-of-contents field."""

    @property
    def texts(self) -> list[str]:
        """Its paragraph texts (a table: every cell's paragraphs, row by row)."""
        if self.kind == "p":
            return [paragraph_text(self.element)]
        return [paragraph_text(p) for p in self.element.iter(W_P)]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


class StyleLevels:
    """Heading levels by paragraph style id, read from the styles part (``Heading 2``, ``Kop 2``, outline level)."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, int] = {}
        for style in document.styles:
            element = style.element
            style_id = element.get(qn("w:styleId")) or ""
            name = style.name or ""
            found = _HEADING_STYLE.match(name) or _HEADING_STYLE.match(style_id)
            outline = element.find(f"{W_PPR}/{qn('w:outlineLvl')}")
            if found:
                self.levels[style_id] = int(found.group(1))
            elif outline is not None and (outline.get(W_VAL) or "").isdigit():
                level = int(outline.get(W_VAL) or "9") + 1
                if level <= 9:
                    self.levels[style_id] = level

    def level(self, p: Any) -> int:
        properties = p.find(W_PPR)
        if properties is None:
            return 0
        outline = properties.find(qn("w:outlineLvl"))
        if outline is not None and (outline.get(W_VAL) or "").isdigit() and int(outline.get(W_VAL) or "9") < 9:
            return int(outline.get(W_VAL) or "0") + 1
        style = properties.find(W_PSTYLE)
        return self.levels.get(style.get(W_VAL) or "", 0) if style is not None else 0


def read_blocks(document: Any, *, numbering: str, unnumbered: Sequence[str]) -> list[Block]:
    """The body blocks of ``document`` with their articles.

    ``numbering`` ``text``: a heading names its number (``Artikel 1.4 – …``, ``Deel 2: …``); ``outline``: Word
    numbers the headings, so the number is counted from the heading levels, except for the headings whose text
    starts with one of ``unnumbered`` (Inhoudsopgave, Definities, Bijlage 1 …), which are keyed by that text.
    """
    levels = StyleLevels(document)
    blocks: list[Block] = []
    counters = [0] * 10
    article = COVER
    location = COVER
    seen: dict[str, int] = {}
    toc_depth = 0
    for element in _body_children(document.element.body):
        in_toc, toc_depth = _toc_state(element, toc_depth)
        level = levels.level(element) if element.tag == W_P else 0
        text = normalise(paragraph_text(element)) if element.tag == W_P else ""
        if level and text and not in_toc:
            key = _heading_key(text, level, numbering, unnumbered, counters)
            if key in seen:
                seen[key] += 1
                key = f"{key}#{seen[key]}"
            else:
                seen[key] = 1
            article = location = key
        elif element.tag == W_P and not in_toc:
            sub = _SUB_ARTICLE.match(text)
            if sub and sub.group(1).startswith(article.split("#")[0] + "."):
                location = sub.group(1)
        kind = "p" if element.tag == W_P else "tbl"
        blocks.append(Block(element, kind, level, article, location, in_toc))
    return blocks


def _body_children(body: Any) -> Iterator[Any]:
    """The paragraphs and tables of the body in order, also those inside content controls (``w:sdt``, which is
    where Word puts its table of contents)."""
    for element in body.iterchildren():
        if element.tag in (W_P, W_TBL):
            yield element
        elif element.tag == W_SDT:
            content = element.find(W_SDT_CONTENT)
            if content is not None:
                yield from _body_children(content)


def _heading_key(text: str, level: int, numbering: str, unnumbered: Sequence[str], counters: list[int]) -> str:
    plain = re.sub(r"^\[[^\]]*\]\s*", "", text)
    named = _NAMED.match(text)
    for prefix in unnumbered:
        if plain.lower().startswith(prefix.lower()):
            return named.group(1) if named else prefix
    if numbering == "outline":
        counters[level - 1] += 1
        for deeper in range(level, len(counters)):
            counters[deeper] = 0
        return ".".join(str(n) for n in counters[:level])
    found = _ARTICLE.match(text)
    if found:
        return found.group(1)
    if named:
        return named.group(1)
    return plain.split(":")[0].strip()


def _toc_state(element: Any, depth: int) -> tuple[bool, int]:
    """Whether ``element`` is (part of) the TOC field result, and the field depth after it."""
    inside = depth > 0
    for node in element.iter(W_FLDCHAR, W_INSTR):
        if node.tag == W_INSTR:
            if depth == 0 and (node.text or "").strip().upper().startswith("TOC"):
                depth = 1
                inside = True
            elif depth:
                continue
        else:
            kind = node.get(qn("w:fldCharType"))
            if depth and kind == "begin":
                depth += 1
            elif depth and kind == "end":
                depth -= 1
    return inside or depth > 0, depth


def _runs_of_texts(p: Any) -> list[tuple[Any, int, int]]:
    """Every ``w:t`` of a paragraph with its start and end offset in the paragraph text."""
    found = []
    offset = 0
    for t in p.iter(W_T):
        length = len(t.text or "")
        found.append((t, offset, offset + length))
        offset += length
    return found


def replace_span(p: Any, start: int, end: int, value: str) -> None:
    """Replace characters ``start:end`` of a paragraph's text by ``value``, in the run where the span starts."""
    texts = _runs_of_texts(p)
    if not texts:
        return
    first = next(
        (i for i, (_t, s, e) in enumerate(texts) if s <= start < e),
        next((i for i, (_t, s, e) in enumerate(texts) if s <= start <= e), len(texts) - 1),
    )
    for index in range(first, len(texts)):
        t, s, _e = texts[index]
        if s >= end and index != first:
            break
        old = t.text or ""
        local_start = max(start - s, 0)
        local_end = min(end - s, len(old))
        new = old[:local_start] + (value if index == first else "") + old[local_end:]
        if new != old:
            t.text = new
            t.set(XML_SPACE, "preserve")
            if not new:
                _drop_empty_run(t)


def _drop_empty_run(t: Any) -> None:
    run = t.getparent()
    if run is None or run.tag != W_R:
        return
    content = [child for child in run if child.tag != qn("w:rPr")]
    if content == [t]:
        parent = run.getparent()
        if parent is not None:
            parent.remove(run)


def remove(element: Any) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def insert_paragraph_after(anchor: Any, text: str) -> Any:
    """A new body-text paragraph after ``anchor`` holding ``text`` in one run."""
    p = etree.SubElement(anchor.getparent(), W_P)
    anchor.addnext(p)
    run = etree.SubElement(p, W_R)
    t = etree.SubElement(run, W_T)
    t.text = text
    t.set(XML_SPACE, "preserve")
    return p


def set_heading_text(p: Any, old: str, new: str) -> None:
    """Replace the whole text of a paragraph (``old``) by ``new``, keeping the first run's formatting."""
    replace_span(p, 0, len(old), new)


def rewrite_toc(blocks: Sequence[Block], entries: Sequence[tuple[int, str]]) -> bool:
    """Replace the cached entries of the TOC field by ``entries`` (level, text), one paragraph each, keeping the
    field's begin, instruction, separator and end runs; mark the field dirty so Word rebuilds it (with page
    numbers) on opening. False when the document has no TOC field."""
    toc = [b.element for b in blocks if b.in_toc and b.kind == "p"]
    if not toc:
        return False
    first, last = toc[0], toc[-1]
    begin = next((c for c in first.iter(W_FLDCHAR) if c.get(qn("w:fldCharType")) == "begin"), None)
    if begin is not None:
        begin.set(qn("w:dirty"), "true")
    field_runs = _field_head(first)
    end_run = _field_tail(last)
    if not field_runs or end_run is None or not entries:
        return True
    style = _toc_styles(first)
    anchor = first.getprevious()
    parent = first.getparent()
    position = parent.index(first)
    for element in toc:
        parent.remove(element)
    made = []
    for level, text in entries:
        p = etree.Element(W_P)
        properties = etree.SubElement(p, W_PPR)
        style_element = etree.SubElement(properties, W_PSTYLE)
        style_element.set(W_VAL, style.get(level, style.get(1, "TOC1")))
        run = etree.SubElement(p, W_R)
        t = etree.SubElement(run, W_T)
        t.text = text
        t.set(XML_SPACE, "preserve")
        made.append(p)
    for run in reversed(field_runs):
        made[0].insert(1, run)
    made[-1].append(end_run)
    for offset, p in enumerate(made):
        parent.insert(position + offset, p)
    del anchor
    return True


def _field_head(p: Any) -> list[Any]:
    """The runs of the TOC field up to and including its separator."""
    runs = []
    for run in p.iter(W_R):
        runs.append(run)
        char = run.find(W_FLDCHAR)
        if char is not None and char.get(qn("w:fldCharType")) == "separate":
            return runs
    return []


def _field_tail(p: Any) -> Any:
    for run in reversed(list(p.iter(W_R))):
        char = run.find(W_FLDCHAR)
        if char is not None and char.get(qn("w:fldCharType")) == "end":
            return run
    return None


def _toc_styles(p: Any) -> dict[int, str]:
    properties = p.find(W_PPR)
    style = properties.find(W_PSTYLE) if properties is not None else None
    name = style.get(W_VAL) if style is not None else "TOC1"
    base = re.sub(r"\d+$", "", name or "TOC")
    return {level: f"{base}{level}" for level in range(1, 10)}


def update_fields_on_open(document: Any) -> None:
    """``w:updateFields`` in the settings: Word updates every field (the table of contents) when it opens."""
    settings = document.settings.element
    found = settings.find(qn("w:updateFields"))
    if found is None:
        found = etree.SubElement(settings, qn("w:updateFields"))
    found.set(W_VAL, "true")


def bookmarks(document: Any) -> set[str]:
    return {b.get(qn("w:name")) or "" for b in document.element.body.iter(qn("w:bookmarkStart"))}


_REF = re.compile(r"^\s*(?:REF|PAGEREF|NOTEREF)\s+(\S+)", re.IGNORECASE)


def references(document: Any) -> Iterator[str]:
    """The bookmark names that REF, PAGEREF and NOTEREF fields point to (cross-references)."""
    for node in document.element.body.iter(W_INSTR):
        found = _REF.match(node.text or "")
        if found:
            yield found.group(1)
    for node in document.element.body.iter(qn("w:fldSimple")):
        found = _REF.match(node.get(qn("w:instr")) or "")
        if found:
            yield found.group(1)
