"""Real Word numbering in the DOCX: articles and clauses are one multi-level list (``w:numPr``), ordered lists
restart at 1, table bullets are a bullet list; the numbers Word computes equal the numbers the PDF prints, and a
clause inserted in Word renumbers the ones after it. A project's reference document without the list
definitions gets them added.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from conftest import EXAMPLES
from docxlists import ListNumbers, W
from tendergen.project import Project
from tendergen.render.html import finish
from tendergen.render.reference import (
    ARTICLE_HEADING,
    ARTICLE_LIST,
    BULLET_LIST,
    DECIMAL_LIST,
    LETTER_LIST,
    build_reference_docx,
)
from tendergen.render.word import to_docx
from test_render import build, make_project, normalize, pdf_text

WHEN = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
DVO = "units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst"
OPDRACHTBRIEF = "units/toegang/toegang-opdrachtbrief"
LEADING_NUMBER = re.compile(r"^\s*(Artikel\s+)?\d+(\.\d+)*\.?\s")


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small programme (a DVO contract and an opdrachtbrief, both article documents), built once."""
    project = make_project(tmp_path_factory.mktemp("numbering"), "klein")
    return build(project, "klein").folder


def open_docx(path_or_bytes: Path | bytes) -> Document:
    if isinstance(path_or_bytes, bytes):
        return docx.Document(io.BytesIO(path_or_bytes))
    return docx.Document(str(path_or_bytes))


def num_pr(paragraph: Paragraph) -> tuple[int, int] | None:
    """The paragraph's own (numId, ilvl), not its style's."""
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None:
        return None
    return ppr.numPr.numId.val, ppr.numPr.ilvl.val


def numbering(document: Document) -> _Element:
    numbering_part: _Element = document.part.numbering_part.element
    return numbering_part


def name_of(abstract: _Element) -> str | None:
    name = abstract.find(qn("w:name"))
    return None if name is None else name.get(qn("w:val"))


def definition(document: Document, name: str) -> _Element:
    [found] = [a for a in numbering(document).findall(qn("w:abstractNum")) if name_of(a) == name]
    return found


def abstract_of(document: Document, num_id: int) -> int:
    [num] = [n for n in numbering(document).findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)]
    return int(num.find(qn("w:abstractNumId")).get(qn("w:val")))


def level_texts(element: _Element) -> list[str]:
    return [lvl.find(qn("w:lvlText")).get(qn("w:val")) for lvl in element.findall(qn("w:lvl"))]


def styled(document: Document, style: str) -> list[Paragraph]:
    return [p for p in document.paragraphs if p.style is not None and p.style.name == style]


def page(body: str, classes: str = "articles") -> str:
    return f'<!DOCTYPE html><html><head><title>t</title></head><body class="{classes}">{body}</body></html>'


ARTICLES = (
    '<h1 class="unnumbered">Partijen</h1><ol><li>A</li><li>B</li></ol>'
    '<h1>Looptijd</h1><ol class="clauses"><li>Eerste</li><li>Tweede <strong>vet</strong></li></ol>'
    "<p>tussenzin</p><ol><li>los</li></ol>"
    '<h1>Geschillen</h1><ol class="clauses"><li>Recht</li><li>Rechter</li></ol><ol type="a"><li>x</li><li>y</li></ol>'
    "<table><tr><td>cel<ul><li>punt een</li><li>punt twee</li></ul></td>"
    "<td>stappen<ol><li>eerst</li><li>dan</li></ol></td></tr></table>"
)


# ------------------------------------------------------------------------------------------ the built contract


@pytest.mark.parametrize("stem", [DVO, OPDRACHTBRIEF])
def test_articles_and_clauses_are_levels_of_one_word_list(pack: Path, stem: str) -> None:
    document = open_docx(pack / f"{stem}.docx")
    articles = definition(document, ARTICLE_LIST)
    assert level_texts(articles) == ["Artikel %1", "%1.%2"]
    assert [lvl.find(qn("w:pStyle")).get(qn("w:val")) for lvl in articles.findall(qn("w:lvl"))] == [
        "ArticleHeading",
        "Clause",
    ]
    headings, clauses = styled(document, ARTICLE_HEADING), styled(document, "Clause")
    assert len(headings) >= 5 and len(clauses) > len(headings)
    [article_num] = {num_pr(p)[0] for p in headings}  # type: ignore[index]
    assert abstract_of(document, article_num) == int(articles.get(qn("w:abstractNumId")))
    assert {num_pr(p) for p in headings} == {(article_num, 0)}
    assert {num_pr(p) for p in clauses} == {(article_num, 1)}
    # the number is Word's: no heading or clause carries it as text any more
    assert [p.text for p in headings + clauses if LEADING_NUMBER.match(p.text)] == []
    assert [p.text for p in headings if "Artikel" in p.text] == []
    # the styles are linked too, so a paragraph given the style in Word is numbered
    heading_style = document.styles[ARTICLE_HEADING]
    assert heading_style.base_style.name == "Heading 1"
    for style, level in ((heading_style, 0), (document.styles["Clause"], 1)):
        numpr = style.element.pPr.numPr
        assert (numpr.numId.val, numpr.ilvl.val) == (article_num, level)


def test_unnumbered_headings_stay_unnumbered(pack: Path) -> None:
    document = open_docx(pack / f"{DVO}.docx")
    numbers = ListNumbers(document)
    plain = [p for p in styled(document, "Heading 1")]
    assert [p.text for p in plain] == ["Partijen", "Overwegende dat", "Ondertekening"]
    assert [numbers.label(p) for p in plain] == [None, None, None]
    assert {num_pr(p) for p in plain} == {None}


def numbered_lines(path: Path) -> list[str]:
    """Each numbered paragraph of a DOCX as "<number Word computes> <its first four words>", in order."""
    document = open_docx(path)
    numbers = ListNumbers(document)
    lines = []
    for paragraph in document.paragraphs:
        label = numbers.label(paragraph)
        if label is not None and label.text != "•":
            lines.append(normalize(f"{label.text} {' '.join(paragraph.text.split()[:4])}"))
    return lines


def missing_in_pdf(lines: list[str], pdf: str) -> list[str]:
    """The lines that the PDF text does not hold in this order."""
    missing, position = [], 0
    for line in lines:
        found = pdf.find(line, position)
        if found < 0:
            missing.append(line)
        else:
            position = found + len(line)
    return missing


def test_the_numbers_word_computes_are_the_numbers_the_pdf_prints(pack: Path) -> None:
    for stem in (DVO, OPDRACHTBRIEF):
        expected = numbered_lines(pack / f"{stem}.docx")
        assert any(e.startswith("Artikel 3 ") for e in expected)
        assert any(re.match(r"[2-9]\.[2-9] ", e) for e in expected)  # a clause numbered under a later article
        if stem == DVO:
            assert any(e.startswith("a. ") for e in expected) and any(e.startswith("2. ") for e in expected)
        assert missing_in_pdf(expected, pdf_text(pack / f"{stem}.pdf")) == []


@pytest.mark.slow
@pytest.mark.parametrize("programme", EXAMPLES)
def test_every_list_number_of_the_example_packs_is_the_one_the_pdf_prints(
    programme: str, example_pack: Callable[[str], tuple[Project, Path]]
) -> None:
    _, folder = example_pack(programme)
    checked = 0
    for path in sorted(folder.rglob("*.docx")):
        if path.with_suffix(".pdf").is_file():  # the forms are DOCX only
            lines = numbered_lines(path)
            assert missing_in_pdf(lines, pdf_text(path.with_suffix(".pdf"))) == [], path.name
            checked += len(lines)
    assert checked > 300


def test_the_table_of_contents_lists_the_article_numbers(pack: Path) -> None:
    document = open_docx(pack / f"{DVO}.docx")
    numbers = ListNumbers(document)
    toc = [p.text for p in styled(document, "toc 1")]
    headings = [
        numbers.text(p).replace("\t", " ")
        for p in document.paragraphs
        if p.style.name in ("Heading 1", ARTICLE_HEADING)
    ]
    assert toc == [h for h in headings if h != "Ondertekening"]  # the signature page is `no-toc`
    assert toc[2:4] == ["Artikel 1 Definities", "Artikel 2 Onderwerp en reikwijdte"]
    instruction = "".join(t.text for t in document.element.body.iter(qn("w:instrText")))
    assert instruction == ' TOC \\o "1-2" \\h \\z \\u '


def test_ordinary_lists_restart_at_one(pack: Path) -> None:
    document = open_docx(pack / f"{DVO}.docx")
    numbers = ListNumbers(document)
    items = styled(document, "List Item")
    labels = [numbers.label(p) for p in items]
    assert all(label is not None for label in labels)
    first_of_each: dict[int, str] = {}
    for label in labels:
        assert label is not None
        first_of_each.setdefault(label.num_id, label.text)
    assert len(first_of_each) >= 2 and set(first_of_each.values()) <= {"1.", "a."}
    assert [numbers.text(p).split("\t")[0] for p in items[:5]] == ["1.", "2.", "a.", "b.", "c."]


def test_inserting_a_clause_in_word_renumbers_the_clauses_after_it(pack: Path, tmp_path: Path) -> None:
    document = open_docx(pack / f"{DVO}.docx")
    before = ListNumbers(document)
    clauses = styled(document, "Clause")
    labelled = [(before.label(p).text, p.text) for p in clauses]  # type: ignore[union-attr]
    index = next(i for i, (label, _) in enumerate(labelled) if label == "2.1")
    # what a user does in Word: a new paragraph after clause 2.1 that keeps its style and list
    inserted = copy.deepcopy(clauses[index]._p)
    for text in inserted.iter(qn("w:t")):
        text.text = ""
    next(inserted.iter(qn("w:t"))).text = "Een nieuw lid."
    clauses[index]._p.addnext(inserted)
    # and a new article before article 3, copied from the heading of article 2
    headings = styled(document, ARTICLE_HEADING)
    heading = copy.deepcopy(headings[1]._p)
    headings[2]._p.addprevious(heading)
    document.save(tmp_path / "edited.docx")
    edited = open_docx(tmp_path / "edited.docx")
    after = ListNumbers(edited)
    new = [(after.label(p).text, p.text) for p in styled(edited, "Clause")]  # type: ignore[union-attr]
    assert new[index + 1] == ("2.2", "Een nieuw lid.")
    old_second = labelled[index + 1]
    assert old_second[0] == "2.2" and new[index + 2] == ("2.3", old_second[1])
    article_labels = [after.label(p).text for p in styled(edited, ARTICLE_HEADING)]  # type: ignore[union-attr]
    assert article_labels == [f"Artikel {n}" for n in range(1, len(headings) + 2)]
    # the clauses of the old article 3 are now 4.1, 4.2 …
    old_three = [text for label, text in labelled if label.startswith("3.")]
    assert [label for label, text in new if text in old_three][: len(old_three)] == [
        f"4.{n}" for n in range(1, len(old_three) + 1)
    ]


# ------------------------------------------------------------------------------------------ the writer


def test_each_ordered_list_is_its_own_word_list_and_table_bullets_are_a_bullet_list() -> None:
    document = open_docx(to_docx(finish(page(ARTICLES)), build_reference_docx(), WHEN))
    numbers = ListNumbers(document)
    body = [numbers.text(p) for p in document.paragraphs if numbers.label(p) is not None]
    assert body == [
        "1.\tA",
        "2.\tB",
        "Artikel 1 Looptijd",
        "1.1\tEerste",
        "1.2\tTweede vet",
        "1.\tlos",
        "Artikel 2 Geschillen",
        "2.1\tRecht",
        "2.2\tRechter",
        "a.\tx",
        "b.\ty",
    ]
    items = styled(document, "List Item")
    ids = [num_pr(p)[0] for p in items]  # type: ignore[index]
    assert ids[0] == ids[1] and len({ids[0], ids[2], ids[3]}) == 3  # three lists
    for num_id in set(ids):
        [num] = [n for n in numbering(document).findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)]
        override = num.find(f"{W}lvlOverride/{W}startOverride")
        assert override is not None and override.get(qn("w:val")) == "1"
    assert abstract_of(document, ids[0]) == int(definition(document, DECIMAL_LIST).get(qn("w:abstractNumId")))
    assert abstract_of(document, ids[3]) == int(definition(document, LETTER_LIST).get(qn("w:abstractNumId")))
    cell = document.tables[0].cell(0, 0)
    assert [numbers.text(p) for p in cell.paragraphs] == ["cel", "•\tpunt een", "•\tpunt twee"]
    [bullets] = {num_pr(p)[0] for p in cell.paragraphs[1:]}  # type: ignore[index]
    assert abstract_of(document, bullets) == int(definition(document, BULLET_LIST).get(qn("w:abstractNumId")))
    assert "•" not in "".join(p.text for p in cell.paragraphs)
    steps = document.tables[0].cell(0, 1)  # an ordered list in a cell was left out of the DOCX before
    assert [numbers.text(p) for p in steps.paragraphs] == ["stappen", "1.\teerst", "2.\tdan"]


def _without_lists(reference: bytes, *, drop_part: bool) -> bytes:
    """A project's reference document made before tendergen had list definitions: the house style without
    them (and, with ``drop_part``, without any numbering part)."""
    document = open_docx(reference)
    numbering_element = numbering(document)
    ours = {ARTICLE_LIST, DECIMAL_LIST, LETTER_LIST, BULLET_LIST}
    removed = set()
    for element in numbering_element.findall(qn("w:abstractNum")):
        if name_of(element) in ours:
            removed.add(element.get(qn("w:abstractNumId")))
            numbering_element.remove(element)
    for num in numbering_element.findall(qn("w:num")):
        if num.find(qn("w:abstractNumId")).get(qn("w:val")) in removed:
            numbering_element.remove(num)
    styles = document.styles.element
    styles.remove(document.styles[ARTICLE_HEADING].element)
    clause = document.styles["Clause"].element.pPr
    clause.remove(clause.numPr)
    if drop_part:
        for key, rel in list(document.part.rels.items()):
            if rel.reltype.endswith("/numbering"):
                del document.part.rels[key]
        for style in styles.findall(qn("w:style")):  # List Bullet pointed into the dropped part
            ppr = style.find(qn("w:pPr"))
            if ppr is not None and ppr.find(qn("w:numPr")) is not None:
                ppr.remove(ppr.find(qn("w:numPr")))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("drop_part", [False, True], ids=["other-lists", "no-numbering-part"])
def test_a_project_reference_without_the_list_definitions_gets_them(drop_part: bool) -> None:
    reference = _without_lists(build_reference_docx(), drop_part=drop_part)
    names = zipfile.ZipFile(io.BytesIO(reference)).namelist()
    assert ("word/numbering.xml" in names) is not drop_part
    assert ARTICLE_HEADING not in {s.name for s in open_docx(reference).styles}
    data = to_docx(finish(page(ARTICLES)), reference, WHEN)
    assert data == to_docx(finish(page(ARTICLES)), reference, WHEN)  # same inputs, same bytes
    document = open_docx(data)
    numbers = ListNumbers(document)
    assert [numbers.text(p) for p in document.paragraphs if numbers.label(p) is not None][2:5] == [
        "Artikel 1 Looptijd",
        "1.1\tEerste",
        "1.2\tTweede vet",
    ]
    assert level_texts(definition(document, ARTICLE_LIST)) == ["Artikel %1", "%1.%2"]
    assert document.styles[ARTICLE_HEADING].base_style.name == "Heading 1"
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering(document).findall(qn("w:abstractNum"))]
    assert len(ids) == len(set(ids)) and ids == sorted(ids)
    children = [c.tag for c in numbering(document)]
    assert children == sorted(children, key=lambda tag: tag != qn("w:abstractNum"))  # definitions before nums
    # the indent comes from the reference's own Clause style
    clause_level = definition(document, ARTICLE_LIST).findall(qn("w:lvl"))[1]
    assert clause_level.find(f"{W}pPr/{W}ind").get(qn("w:left")) == "680"


def test_a_document_without_lists_keeps_the_reference_numbering_as_it_is() -> None:
    reference = _without_lists(build_reference_docx(), drop_part=False)
    data = to_docx(finish(page("<h1>Inleiding</h1><p>tekst</p>", "numbered")), reference, WHEN)
    original = zipfile.ZipFile(io.BytesIO(reference)).read("word/numbering.xml")
    assert zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml") == original
    assert [p.text for p in open_docx(data).paragraphs] == ["1 Inleiding", "tekst"]  # section numbers stay text
