"""Units of the renderer: Dutch formatting, HTML finishing (numbering, TOC, emptiness), the URL fetcher,
the strict
template environment and the reproducible house-style reference document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tendergen.dutch import (
    count_nl,
    date_nl,
    eur,
    join_nl,
    org_ref,
    pct,
    sentence,
    times_nl,
    upper_first,
    years,
)
from tendergen.errors import RenderError
from tendergen.render.fetcher import BASE_URL, RefusedURL, TemplateFetcher
from tendergen.render.formatting import term_end
from tendergen.render.html import finish, serialize, text_of
from tendergen.render.reference import build_reference_docx
from tendergen.render.references import citation_table, citations_on, label, legal_context, policy_context
from tendergen.render.templates import TemplateSet, builtin_template_dir

# ------------------------------------------------------------------------------------------------ formatting


def test_dutch_dates_and_amounts() -> None:
    assert date_nl(dt.date(2026, 1, 1)) == "1 januari 2026"
    assert eur(Decimal("1234567")) == "€\xa01.234.567,00"
    assert eur(Decimal("18250.5")) == "€\xa018.250,50"
    assert pct(Decimal("12.5")) == "12,5%"
    assert years(Decimal("1.5")) == "1,5 jaar"
    assert join_nl(["a", "b", "c"]) == "a, b en c"
    assert join_nl(["a"]) == "a"


def test_prose_filters() -> None:
    assert count_nl(2) == "twee" and count_nl(13) == "13"
    assert times_nl(1) == "eenmaal" and times_nl(3) == "driemaal" and times_nl(7) == "7 keer"
    assert upper_first("de gemeente Gouda") == "De gemeente Gouda"
    assert sentence("  rapportage   per kwartaal") == "Rapportage per kwartaal."
    assert sentence("Klaar!") == "Klaar!"
    assert org_ref("Gemeente Alphen aan den Rijn") == "de gemeente Alphen aan den Rijn"
    assert org_ref("Regio Midden-Holland") == "Regio Midden-Holland"


@pytest.mark.parametrize(
    ("start", "length", "end"),
    [
        (dt.date(2027, 1, 1), Decimal(4), dt.date(2030, 12, 31)),
        (dt.date(2027, 1, 1), Decimal("1.5"), dt.date(2028, 6, 30)),
        (dt.date(2027, 3, 15), Decimal(1), dt.date(2028, 3, 14)),
    ],
)
def test_term_end_is_the_last_day_of_the_term(start: dt.date, length: Decimal, end: dt.date) -> None:
    assert term_end(start, length) == end


# ------------------------------------------------------------------------------------------------ legal data


def test_citations_and_procedures_come_from_data() -> None:
    cite = citations_on(dt.date(2026, 1, 15))
    assert cite["aw_standstill"].startswith("artikel 2.127 Aanbestedingswet 2012")
    legal = legal_context(dt.date(2026, 1, 15))
    assert legal["procedures"]["sas"]["basis"] == [cite["aw_sas"]]  # type: ignore[index]
    assert legal["periods"] == {"standstill_days": 20, "objection_weeks": 6}
    assert "avg" not in citations_on(dt.date(2018, 5, 24))  # not yet in force


def test_public_access_act_follows_the_document_date() -> None:
    assert citations_on(dt.date(2022, 4, 30))["public_access"] == "Wet openbaarheid van bestuur"
    assert citations_on(dt.date(2022, 5, 1))["public_access"] == "Wet open overheid"


def test_every_unverified_citation_says_why() -> None:
    unverified = [c for c in citation_table().citations if not c.verified]
    assert unverified, "the table marks what could not be checked"
    assert all(c.note for c in unverified), [c.id for c in unverified if not c.note]


def test_procedure_facts_by_procedure() -> None:
    procedures = legal_context(dt.date(2026, 6, 1))["procedures"]
    assert procedures["sas"]["declaration_prescribed"] is True  # type: ignore[index]  # art. 2.39 lid 3
    assert procedures["openbaar"]["declaration_prescribed"] is True  # type: ignore[index]
    assert procedures["enkelvoudig-onderhands"]["standstill_basis"] is None  # type: ignore[index]
    assert procedures["niet-openbaar"]["selection_phase"] is True  # type: ignore[index]


def test_policy_defaults_come_from_data() -> None:
    policy = policy_context()
    assert policy["bid_validity_days"] == 90
    assert policy["insurance_per_event"] == Decimal("2500000")
    assert [s["score"] for s in policy["score_scale"]] == [0, 2, 4, 6, 8, 10]  # type: ignore[attr-defined]


def test_label_refuses_an_unknown_value() -> None:
    assert label("taakgericht", "funding") == "Taakgericht (lumpsum)"
    with pytest.raises(ValueError, match="no Dutch label for `lumpsum` in group `funding`"):
        label("lumpsum", "funding")


# ------------------------------------------------------------------------------------------------ HTML
# finishing


def _page(body: str, classes: str = "numbered") -> str:
    return f'<!DOCTYPE html><html><head><title>t</title></head><body class="{classes}">{body}</body></html>'


def test_sections_are_numbered_and_listed_in_the_toc() -> None:
    toc = '<nav class="toc" data-depth="2"></nav>'
    html = _page(toc + "<h1>Inleiding</h1><h2>Doel</h2><h2>Opzet</h2><h1>Procedure</h1>")
    root = finish(html)
    headings = [text_of(h) for h in root.iter("h1", "h2")]
    assert headings == ["1 Inleiding", "1.1 Doel", "1.2 Opzet", "2 Procedure"]
    toc = [text_of(a) for a in root.find(".//nav").iter("a")]
    assert toc == headings
    assert 'href="#s1"' in serialize(root)


def test_articles_number_their_clauses() -> None:
    html = _page(
        '<h1 class="unnumbered">Partijen</h1><ol><li>A</li><li>B</li></ol>'
        '<h1>Looptijd</h1><ol class="clauses"><li>Eerste</li><li>Tweede</li></ol>'
        '<h1>Geschillen</h1><ol class="clauses"><li>Recht</li></ol><ol type="a"><li>x</li></ol>',
        "articles",
    )
    root = finish(html)
    assert [text_of(h) for h in root.iter("h1")] == ["Partijen", "Artikel 1 Looptijd", "Artikel 2 Geschillen"]
    items = [text_of(d) for d in root.iter("div") if d.get("class") in ("clause", "item")]
    assert items == ["1. A", "2. B", "1.1 Eerste", "1.2 Tweede", "2.1 Recht", "a. x"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<table><thead><tr><th>a</th></tr></thead><tbody></tbody></table>", "empty table"),
        ("<h1>Titel</h1><p>  </p>", "empty <p>"),
        ("<h1>Titel</h1><ul><li></li></ul>", "empty <li>"),
    ],
)
def test_empty_tables_and_clauses_fail(body: str, message: str) -> None:
    with pytest.raises(RenderError, match=message):
        finish(_page(body))


def test_clauses_outside_an_article_document_fail() -> None:
    with pytest.raises(RenderError, match='only allowed in a document with <body class="articles">'):
        finish(_page('<ol class="clauses"><li>x</li></ol>'))


# ------------------------------------------------------------------------------------------------ URL fetcher


@pytest.fixture
def fetcher(tmp_path: Path) -> TemplateFetcher:
    project = tmp_path / "templates"
    project.mkdir()
    (project / "logo.svg").write_text("<svg/>", encoding="utf-8")
    return TemplateFetcher(TemplateSet.for_project(tmp_path))


def test_fetcher_serves_template_files_project_first(fetcher: TemplateFetcher) -> None:
    assert fetcher.fetch(BASE_URL + "logo.svg").read() == b"<svg/>"
    css = fetcher.fetch(BASE_URL + "house.css").read()
    assert css == (builtin_template_dir() / "house.css").read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.css",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
        "file:///etc/passwd",
        BASE_URL + "../../etc/passwd",
        BASE_URL + "missing.png",
    ],
)
def test_fetcher_refuses_everything_else(fetcher: TemplateFetcher, url: str) -> None:
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


# ------------------------------------------------------------------------------------------------ templates


def test_sandbox_blocks_unsafe_attribute_access(tmp_path: Path) -> None:
    from tendergen.render.templates import DocumentEnvironment, TemplateFailure

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "evil.html.j2").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    env = DocumentEnvironment(TemplateSet.for_project(tmp_path))
    with pytest.raises(TemplateFailure) as caught:
        env.render("evil.html.j2", {}, {})
    assert str(caught.value) == "templates/evil.html.j2:1: access to attribute '__class__' of 'str' object is unsafe."


def test_reference_docx_in_the_package_is_what_the_generator_makes() -> None:
    committed = (builtin_template_dir() / "reference.docx").read_bytes()
    assert build_reference_docx() == committed, "run scripts/make_reference_docx.py"
