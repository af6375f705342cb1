"""Finish the HTML a template produced: numbering, table of contents, column widths and emptiness checks.

Both outputs read the finished tree: WeasyPrint prints it, the DOCX writer walks it. Numbers are computed once,
here, as text (``<span class="num">``) that the PDF prints. Where Word can number by itself the element also says
which list it belongs to (``data-list``), and the DOCX writer makes it a paragraph of a real Word list
(``w:numPr``) and leaves the text number out: article headings and clauses (one multi-level list, so a clause
inserted in Word renumbers the ones after it) and the ordered lists (each restarting at 1). Section numbers of
``<body class="numbered">`` stay text in both formats.

Conventions the templates follow (see ``templates/README.md``):

- ``<body class="numbered">``: ``h1``/``h2``/``h3`` are numbered 1, 1.1, 1.1.1.
- ``<body class="articles">``: every ``h1`` is ``Artikel N`` (``data-list="article"``); the items of
  ``<ol class="clauses">`` are ``N.1``, ``N.2``.
- any other ``<ol>`` is numbered ``1.``, ``2.`` (``data-list="decimal"``; ``type="a"``: ``a.``, ``b.``,
  ``data-list="lowerLetter"``).
- headings in ``.cover``, in ``nav`` or with class ``unnumbered`` are not numbered.
- ``<nav class="toc" data-depth="2">`` is filled with the headings ``h1`` (and ``h2`` for depth 2).
- ``<table data-widths="20 50 30">`` sets column widths in percent for both formats.
"""

from __future__ import annotations

import string

import lxml.html
from lxml.etree import _Element

from tendergen.errors import RenderError

_SKIP_ANCESTORS = ("cover", "toc", "running")

# ``data-list`` values: the Word list an element's number belongs to (its ``w:numFmt`` for ordered lists).
ARTICLE = "article"
DECIMAL = "decimal"
LETTERS = "lowerLetter"


def finish(html: str) -> _Element:
    """Parse the rendered HTML and apply numbering, table of contents and widths; check for empty content."""
    root: _Element = lxml.html.document_fromstring(html)
    body = root.find("body")
    if body is None:
        raise RenderError("the template produced no <body>")
    classes = set((body.get("class") or "").split())
    _number_lists(body, articles="articles" in classes)
    if "numbered" in classes:
        _number_sections(body)
    if "articles" in classes:
        _number_articles(body)
    _assign_ids(body)
    _fill_toc(body)
    _apply_widths(body)
    _check_not_empty(body)
    return root


def serialize(root: _Element) -> str:
    """The finished tree as an HTML string for WeasyPrint."""
    text: str = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    return text


def text_of(element: _Element) -> str:
    """The visible text of an element with whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def classes_of(element: _Element) -> set[str]:
    """The class names of an element."""
    return set((element.get("class") or "").split())


def _skipped(element: _Element) -> bool:
    if "unnumbered" in classes_of(element):
        return True
    for ancestor in element.iterancestors():
        if classes_of(ancestor) & set(_SKIP_ANCESTORS) or ancestor.tag == "nav":
            return True
    return False


def _headings(body: _Element, tags: tuple[str, ...]) -> list[_Element]:
    return [h for h in body.iter(*tags) if not _skipped(h)]


def _prefix(element: _Element, number: str) -> None:
    span = lxml.html.Element("span")
    span.set("class", "num")
    span.text = number
    span.tail = " " + (element.text or "")
    element.text = None
    element.insert(0, span)


def _number_sections(body: _Element) -> None:
    counters = [0, 0, 0]
    for heading in _headings(body, ("h1", "h2", "h3")):
        level = int(heading.tag[1]) - 1
        counters[level] += 1
        for deeper in range(level + 1, 3):
            counters[deeper] = 0
        _prefix(heading, ".".join(str(n) for n in counters[: level + 1]))


def _number_articles(body: _Element) -> None:
    article = 0
    for element in body.iter("h1", "div"):
        if element.tag == "h1" and not _skipped(element):
            article += 1
            _prefix(element, f"Artikel {article}")
            element.set("data-list", ARTICLE)
        elif element.tag == "div" and "clauses" in classes_of(element):
            if article == 0:
                raise RenderError('clauses (<ol class="clauses">) appear before the first article heading (<h1>)')
            for index, item in enumerate(element.findall("div"), start=1):
                num = item.find("span")
                if num is not None:
                    num.text = f"{article}.{index}"


def _number_lists(body: _Element, *, articles: bool) -> None:
    """Turn every ``<ol>`` into ``div.list > div.item`` with the number as text (``N.M`` for clauses)."""
    for ol in list(body.iter("ol")):
        if any(a.tag == "nav" for a in ol.iterancestors()):
            continue
        clauses = "clauses" in classes_of(ol)
        if clauses and not articles:
            raise RenderError('<ol class="clauses"> is only allowed in a document with <body class="articles">')
        letters = ol.get("type") == "a"
        ol.tag = "div"
        ol.set("class", "clauses" if clauses else "list")
        ol.attrib.pop("type", None)
        if not clauses:
            ol.set("data-list", LETTERS if letters else DECIMAL)
        for index, li in enumerate(ol.findall("li"), start=1):
            li.tag = "div"
            li.set("class", "clause" if clauses else "item")
            label = "" if clauses else (f"{string.ascii_lowercase[(index - 1) % 26]}." if letters else f"{index}.")
            _prefix(li, label)


def _assign_ids(body: _Element) -> None:
    for index, heading in enumerate(body.iter("h1", "h2", "h3"), start=1):
        if heading.get("id") is None:
            heading.set("id", f"s{index}")


def _fill_toc(body: _Element) -> None:
    for nav in body.iter("nav"):
        if "toc" not in classes_of(nav):
            continue
        depth = int(nav.get("data-depth") or "1")
        tags = ("h1", "h2")[:depth]
        entries = [h for h in body.iter(*tags) if not _in_cover_or_nav(h) and "no-toc" not in classes_of(h)]
        if not entries:
            raise RenderError('the table of contents (<nav class="toc">) has no headings to list')
        title = lxml.html.Element("p")
        title.set("class", "toc-title")
        title.text = nav.get("data-title") or "Inhoud"
        nav.append(title)
        listing = lxml.html.Element("ul")
        nav.append(listing)
        for heading in entries:
            item = lxml.html.Element("li")
            item.set("class", f"toc-{heading.tag}")
            link = lxml.html.Element("a")
            link.set("href", f"#{heading.get('id')}")
            link.text = text_of(heading)
            item.append(link)
            listing.append(item)


def _in_cover_or_nav(element: _Element) -> bool:
    return any(a.tag == "nav" or classes_of(a) & set(_SKIP_ANCESTORS) for a in element.iterancestors())


def _apply_widths(body: _Element) -> None:
    for table in body.iter("table"):
        spec = table.get("data-widths")
        if not spec:
            continue
        widths = spec.split()
        if not all(w.isdigit() for w in widths):
            raise RenderError(f'<table data-widths="{spec}">: widths are whole percentages separated by spaces')
        group = lxml.html.Element("colgroup")
        for width in widths:
            col = lxml.html.Element("col")
            col.set("style", f"width: {width}%")
            group.append(col)
        table.insert(0, group)


def _check_not_empty(body: _Element) -> None:
    """An empty table or paragraph in a legal document is a defect: fail instead of publishing it."""
    for table in body.iter("table"):
        rows = [r for r in table.iter("tr") if r.getparent() is not None and r.getparent().tag != "thead"]
        if not rows:
            caption = text_of(table.find("caption")) if table.find("caption") is not None else ""
            raise RenderError(
                f"empty table {caption!r}: a template must state in a sentence that there is nothing to list"
            )
    for element in body.iter("p", "td", "li", "h1", "h2", "h3", "h4"):
        if not text_of(element) and not len(element.findall(".//img")):
            if element.tag == "td" and "empty-ok" in classes_of(element):
                continue
            context = text_of(element.getparent()) if element.getparent() is not None else ""
            raise RenderError(f"empty <{element.tag}> near {context[:80]!r}: a clause without text")
