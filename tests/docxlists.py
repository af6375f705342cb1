"""The numbers Word shows in front of list paragraphs, computed from ``numbering.xml`` and ``w:numPr``.

A small resolver for tests, independent of tendergen's writer: it reads a DOCX as Word does (a paragraph's own
``w:numPr``, else its style's, through ``w:basedOn``; counters per list definition, a ``w:startOverride``
restarting a ``w:num``; a level restarting after any higher level; ``%N`` in ``w:lvlText`` replaced by the
counter of level N-1 in that level's format), so tests can read the document text a reader sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BULLET = "•"
_SUFFIX = {"tab": "\t", "space": " ", "nothing": ""}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"))
_ROMAN += ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _val(element: _Element | None, default: str | None = None) -> str | None:
    return default if element is None else element.get(f"{W}val", default)


@dataclass(frozen=True)
class Level:
    """One ``w:lvl`` of a list definition."""

    start: int
    fmt: str
    text: str
    suffix: str
    style: str | None


@dataclass(frozen=True)
class Label:
    """The number Word shows for a paragraph: its text and what follows it (tab, space or nothing)."""

    text: str
    suffix: str
    num_id: int
    ilvl: int


def number_text(value: int, fmt: str) -> str:
    """``value`` in a ``w:numFmt`` format."""
    if fmt == "decimal":
        return str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman, rest = "", value
        for amount, digits in _ROMAN:
            while rest >= amount:
                roman, rest = roman + digits, rest - amount
        return roman if fmt == "lowerRoman" else roman.upper()
    raise AssertionError(f"number format {fmt!r} is not known to the test resolver")


@dataclass
class ListNumbers:
    """The list labels of every body paragraph of a document (tables included), in document order."""

    document: Document
    labels: dict[_Element, Label] = field(default_factory=dict)

    def __post_init__(self) -> None:
        part = self.document.part
        try:
            numbering = part.part_related_by(RT.NUMBERING).element
        except KeyError:
            return
        levels: dict[int, dict[int, Level]] = {}
        for definition in numbering.findall(f"{W}abstractNum"):
            levels[int(definition.get(f"{W}abstractNumId"))] = {
                int(lvl.get(f"{W}ilvl")): Level(
                    int(_val(lvl.find(f"{W}start"), "0") or 0),
                    _val(lvl.find(f"{W}numFmt"), "decimal") or "decimal",
                    _val(lvl.find(f"{W}lvlText"), "") or "",
                    _val(lvl.find(f"{W}suff"), "tab") or "tab",
                    _val(lvl.find(f"{W}pStyle")),
                )
                for lvl in definition.findall(f"{W}lvl")
            }
        nums: dict[int, tuple[int, dict[int, int]]] = {}
        for num in numbering.findall(f"{W}num"):
            overrides = {
                int(o.get(f"{W}ilvl")): int(_val(o.find(f"{W}startOverride"), "1") or 1)
                for o in num.findall(f"{W}lvlOverride")
                if o.find(f"{W}startOverride") is not None
            }
            nums[int(num.get(f"{W}numId"))] = (int(_val(num.find(f"{W}abstractNumId"), "0") or 0), overrides)
        styles = {s.get(f"{W}styleId"): s for s in self.document.styles.element.findall(f"{W}style")}
        default = next((s.get(f"{W}styleId") for s in styles.values() if s.get(f"{W}default") in ("1", "true")), None)
        counters: dict[int, list[int | None]] = {}
        started: set[int] = set()
        for paragraph in self.document.element.body.iter(f"{W}p"):
            found = _num_pr(paragraph, styles, default)
            if found is None:
                continue
            num_id, ilvl, style = found
            if num_id == 0 or num_id not in nums:
                continue
            abstract, overrides = nums[num_id]
            definition = levels[abstract]
            if ilvl is None:
                ilvl = next((i for i, lvl in definition.items() if lvl.style == style), 0)
            state = counters.setdefault(abstract, [None] * 9)
            if num_id not in started:
                started.add(num_id)
                for level, start in overrides.items():
                    state[level] = start - 1
            level = definition[ilvl]
            current = state[ilvl]
            state[ilvl] = level.start if current is None else current + 1
            for deeper in range(ilvl + 1, 9):
                state[deeper] = None
            if level.fmt == "bullet":
                text = BULLET
            else:
                text = level.text
                for index in range(ilvl, -1, -1):
                    value = state[index]
                    if value is None:
                        value = state[index] = definition[index].start
                    text = text.replace(f"%{index + 1}", number_text(value, definition[index].fmt))
            self.labels[paragraph] = Label(text, _SUFFIX[level.suffix], num_id, ilvl)

    def label(self, paragraph: Paragraph) -> Label | None:
        """The label Word shows before ``paragraph``, if it is a list item."""
        return self.labels.get(paragraph._p)

    def text(self, paragraph: Paragraph) -> str:
        """The paragraph's text as a reader sees it: its list number first."""
        label = self.label(paragraph)
        return paragraph.text if label is None else f"{label.text}{label.suffix}{paragraph.text}"


def _num_pr(
    paragraph: _Element, styles: dict[str, _Element], default: str | None
) -> tuple[int, int | None, str | None] | None:
    """(numId, ilvl or None, style id) of a paragraph: its own numPr over its style chain's."""
    ppr = paragraph.find(f"{W}pPr")
    style = _val(ppr.find(f"{W}pStyle")) if ppr is not None else None
    style = style or default
    num_id: int | None = None
    ilvl: int | None = None
    chain: list[_Element] = [ppr] if ppr is not None else []
    seen: set[str] = set()
    current = style
    while current and current in styles and current not in seen:
        seen.add(current)
        element = styles[current]
        chain.append(element.find(f"{W}pPr"))
        current = _val(element.find(f"{W}basedOn"))
    for props in chain:
        numpr = props.find(f"{W}numPr") if props is not None else None
        if numpr is None:
            continue
        if num_id is None and numpr.find(f"{W}numId") is not None:
            num_id = int(_val(numpr.find(f"{W}numId"), "0") or 0)
        if ilvl is None and numpr.find(f"{W}ilvl") is not None:
            ilvl = int(_val(numpr.find(f"{W}ilvl"), "0") or 0)
    if num_id is None:
        return None
    return num_id, ilvl, style
