"""The legal data held against the Aanbestedingswet 2012 text, and what the build says about unverified
citations that documents print."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

import tendergen
from tendergen.cli import cli
from tendergen.legal import threshold_table
from tendergen.project import load_spec
from tendergen.render.citecheck import citation_warnings
from tendergen.render.references import (
    citation_table,
    citations_on,
    legal_context,
    scan_citations,
    unverified_citations,
)
from tendergen.schedule.rules import legal_rules

FIXTURES = Path(__file__).parent / "fixtures" / "render"
ARTICLE = re.compile(r"art\. \d+\.\d+[a-c]?")


def test_every_citation_is_verified_with_its_article_or_says_why_not() -> None:
    for citation in citation_table().citations:
        assert citation.note, citation.id
        if citation.verified and citation.text.startswith("artikel"):
            assert citation.checked_against == dt.date(2025, 9, 1), citation.id
            assert ARTICLE.search(citation.note), citation.id
    unverified = {c.id for c in citation_table().citations if not c.verified}
    assert unverified == {
        "aw_national",
        "complaints_regulation",
        "open_house_case_law",
        "awb_subsidy",
        "awb_ceiling",
        "awb_decision_period",
        "awb_agreement",
        "awb_withdrawal",
        "awb_objection",
        "avg",
        "avg_processor",
        "avg_breach",
        "public_access",
        "termijnenwet",
        "eu_sanctions_5k",
        "wmo_meldcode",
        "wmo_reporting",
        "jw_reporting",
        "jw_meldcode",
        "wtza",
        "wnt",
    }


def test_every_statutory_rule_names_the_article_and_lid_it_was_read_in() -> None:
    for rule in legal_rules().rules:
        assert rule.checked_against == dt.date(2025, 9, 1), rule.id
        assert rule.citation.startswith("Aanbestedingswet 2012 art. "), rule.id
        assert "lid" in rule.citation or rule.citation.endswith("2.74b"), rule.id


def test_corrected_citations_as_printed() -> None:
    cite = citations_on(dt.date(2026, 3, 1))
    assert cite["aw_restricted"] == "artikel 2.27 en 2.71, tweede en vierde lid, Aanbestedingswet 2012"
    assert cite["aw_open"] == "artikel 2.26 en 2.71, eerste lid, Aanbestedingswet 2012"
    assert cite["aw_cooperation"] == "artikel 2.24c, eerste lid, Aanbestedingswet 2012"
    assert cite["aw_in_house"] == "artikel 2.24a, eerste lid, Aanbestedingswet 2012"
    assert cite["aw_framework_term"] == "artikel 2.140, derde lid, Aanbestedingswet 2012"
    termijnenwet = next(c for c in citation_table().citations if c.id == "termijnenwet")
    assert termijnenwet.valid_from == dt.date(1965, 4, 1)


def test_the_sas_and_national_procedures_prescribe_the_eigen_verklaring() -> None:
    procedures = legal_context(dt.date(2026, 3, 1))["procedures"]
    assert isinstance(procedures, dict)
    assert {key: (p["declaration_prescribed"], p["declaration_basis"]) for key, p in procedures.items()} == {
        "openbaar": (True, "artikel 2.84 en 2.85 Aanbestedingswet 2012"),
        "niet-openbaar": (True, "artikel 2.84 en 2.85 Aanbestedingswet 2012"),
        "sas": (True, "artikel 2.39, derde lid, Aanbestedingswet 2012"),
        "meervoudig-onderhands": (True, "artikel 1.19, eerste lid, Aanbestedingswet 2012"),
        "enkelvoudig-onderhands": (True, "artikel 1.19, eerste lid, Aanbestedingswet 2012"),
    }


def test_the_framework_term_reading_for_sas_is_recorded() -> None:
    (reading,) = [r for r in legal_rules().readings if r.id == "raamovereenkomst-looptijd-sas"]
    assert reading.provision == "Aanbestedingswet 2012 art. 2.140 lid 3"
    assert "behalve in uitzonderingsgevallen die deugdelijk gemotiveerd zijn" in reading.rule
    assert reading.reading.startswith("Yes on the text: art. 2.39 lid 2 limits only the paragraphs of chapter 2.3")


def test_threshold_articles_per_kind() -> None:
    assert threshold_table().articles == {
        "services_subcentral": "Aanbestedingswet 2012 art. 2.3",
        "works": "Aanbestedingswet 2012 art. 2.1",
        "social_services": "Aanbestedingswet 2012 art. 2.6a",
    }


# ------------------------------------------------------------------------------ unverified citations printed


def test_scan_finds_direct_citations_and_procedure_fields() -> None:
    source = "<p>{{ legal.cite.aw_open }}</p>\n<p>op grond van {{ proc.basis | join_nl }}</p>\n"
    assert scan_citations("t.html.j2", source, ["meervoudig-onderhands"]) == {
        "aw_open": [("t.html.j2", 1, 7)],
        "aw_national": [("t.html.j2", 2, 20)],
    }


def test_an_unverified_printed_citation_is_one_located_warning() -> None:
    uses = {
        "aw_open": [("a.html.j2", 1, 6)],
        "termijnenwet": [("b.html.j2", 9, 3), ("a.html.j2", 4, 7), ("a.html.j2", 2, 1)],
        "no_such_id": [("a.html.j2", 3, 1)],
    }
    (problem,) = unverified_citations(uses, dt.date(2026, 3, 1))
    assert problem.format() == (
        'a.html.j2:2:1: warning: legal.cite.termijnenwet: citation `termijnenwet` ("Algemene termijnenwet") is '
        "printed in a.html.j2, b.html.j2 but not verified: In force on 1 April 1965 (Wet van 25 juli 1964, "
        "Stb. 1964, 314) per secondary sources (Wikipedia); it used to say 1965-01-01. The act's text is not among "
        "the offline sources and no authoritative copy was found, so the articles the planning applies (art. 1 "
        "lid 1, art. 2, art. 3; data/calendar/atw.yaml) stay unverified; check it against the official text "
        "before publication (tendergen/data/legal/citations.yaml)"
    )


def test_the_citation_valid_on_the_document_date_is_the_one_checked() -> None:
    uses = {"public_access": [("a.html.j2", 1, 1)]}
    assert '("Wet openbaarheid van bestuur")' in unverified_citations(uses, dt.date(2021, 3, 1))[0].message
    assert '("Wet open overheid")' in unverified_citations(uses, dt.date(2026, 3, 1))[0].message


def _klein(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "klein", tmp_path / "specs" / "klein")
    return tmp_path


def test_build_strict_fails_on_an_unverified_citation_before_writing(tmp_path: Path) -> None:
    project = _klein(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(project / "specs" / "klein"), "--strict"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "build failed: warnings with --strict; nothing written"
    assert lines[0].startswith(
        "tendergen/templates/_contract.html.j2:259:95: warning: legal.cite.avg: citation `avg` "
        '("Algemene verordening gegevensbescherming (Verordening (EU) 2016/679)") is printed in '
        "tendergen/templates/_contract.html.j2 but not verified: "
    )
    assert not (project / "output").exists()


def test_a_project_override_that_prints_only_verified_citations_gets_no_warning(tmp_path: Path) -> None:
    project = _klein(tmp_path)
    spec = load_spec(project / "specs" / "klein")
    unverified = ("avg", "avg_breach", "avg_processor", "jw_meldcode", "jw_reporting", "public_access",
                  "wmo_meldcode", "wmo_reporting", "wnt", "wtza")  # fmt: skip
    assert [p.path for p in citation_warnings(spec)] == [f"legal.cite.{cid}" for cid in unverified]
    templates = project / "templates"
    templates.mkdir()
    # the authority's own privacy clauses: an override of the part that prints the AVG citations
    builtin = Path(tendergen.__file__).parent / "templates" / "_contract.html.j2"
    text = builtin.read_text(encoding="utf-8")
    for cid in unverified:
        placeholder = "{{ legal.cite." + cid + " }}"
        assert placeholder in text
        text = text.replace(placeholder, "de privacywetgeving")
    (templates / "_contract.html.j2").write_text(text, encoding="utf-8")
    assert citation_warnings(load_spec(project / "specs" / "klein")) == []
