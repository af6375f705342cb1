"""Legal and policy rules: each rule kept and broken, with the exact message, dates and citation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tendergen.schedule import Timeline
from test_schedule import copy_project, edit_unit, spec_errors, timeline_from

OPEN = """
programme: gemeente-2027
policy:
  roll_forward: {roll}
milestones:
  - id: publicatie
    type: publicatie
    date: {publication}
    owner: inkoop
    scope: {{unit: jeugdhulp}}
  - id: deadline
    type: inschrijfdeadline
    date: {deadline}
    owner: aanbieders
    scope: {{unit: jeugdhulp}}
"""


def open_plan(tmp_path: Path, deadline: str, *, publication: str = "2026-02-02", roll: str = "false") -> Timeline:
    text = OPEN.format(publication=publication, deadline=deadline, roll=roll)
    return timeline_from(copy_project(tmp_path), text)


def messages(timeline: Timeline) -> list[str]:
    return [f.message for f in timeline.findings]


def outcome(timeline: Timeline, rule: str) -> list[str]:
    return [c.outcome for c in timeline.checks if c.rule == rule]


# --------------------------------------------------------------------------- open procedure


def test_open_procedure_period_broken(tmp_path: Path) -> None:
    timeline = open_plan(tmp_path, "{after: publicatie, days: 39}")
    assert messages(timeline) == [
        "open procedure tender period: Uiterste datum inschrijving (2026-03-13) must be at least 40 "
        "calendar days "
        "(45 − 5 for electronic submission) after Publicatie aankondiging (2026-02-02), so on or after "
        "2026-03-14; "
        "it is 39 days after; source: Aanbestedingswet 2012 art. 2.71 lid 1; Aanbestedingswet 2012 art. "
        "2.74a "
        "(rule openbaar-inschrijftermijn)"
    ]
    finding = timeline.findings[0]
    assert finding.severity == "error"
    assert (finding.problem.line, finding.problem.column, finding.problem.path) == (
        12,
        11,
        "milestones[1].date",
    )
    assert finding.citation == "Aanbestedingswet 2012 art. 2.71 lid 1; Aanbestedingswet 2012 art. 2.74a"
    assert finding.dates == (("publicatie", dt.date(2026, 2, 2)), ("deadline", dt.date(2026, 3, 13)))


def test_open_procedure_period_kept(tmp_path: Path) -> None:
    timeline = open_plan(tmp_path, "{after: publicatie, days: 40}")
    assert timeline.findings == []
    assert outcome(timeline, "openbaar-inschrijftermijn") == ["ok"]


def test_open_procedure_adjustments_come_from_the_unit(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    edit_unit(
        root,
        "jeugdhulp",
        "procedure: openbaar}",
        "procedure: openbaar, electronic_submission: false, documents_fully_electronic: false}",
    )
    timeline = timeline_from(root, OPEN.format(publication="2026-02-02", deadline="2026-03-21", roll="false"))
    assert messages(timeline) == [
        "open procedure tender period: Uiterste datum inschrijving (2026-03-21) must be at least 50 "
        "calendar days "
        "(45 + 5 for documents not fully electronically available) after Publicatie aankondiging "
        "(2026-02-02), "
        "so on or after 2026-03-24; it is 47 days after; source: Aanbestedingswet 2012 art. 2.71 lid 1; "
        "Aanbestedingswet 2012 art. 2.72 (rule openbaar-inschrijftermijn)"
    ]


def test_roll_forward_extends_a_statutory_period_ending_on_a_sunday(tmp_path: Path) -> None:
    # 3 February + 40 days = Sunday 15 March 2026
    assert open_plan(tmp_path / "off", "2026-03-15", publication="2026-02-03").findings == []
    timeline = open_plan(tmp_path / "on", "2026-03-15", publication="2026-02-03", roll="true")
    assert messages(timeline) == [
        "open procedure tender period: Uiterste datum inschrijving (2026-03-15) must be at least 40 "
        "calendar days "
        "(45 − 5 for electronic submission) after Publicatie aankondiging (2026-02-03), so on or after "
        "2026-03-16 "
        "(2026-03-15 is a zondag; Algemene termijnenwet roll-forward); it is 40 days after; source: "
        "Aanbestedingswet 2012 art. 2.71 lid 1; Aanbestedingswet 2012 art. 2.74a (rule "
        "openbaar-inschrijftermijn)"
    ]


def test_rules_apply_only_within_their_validity(tmp_path: Path) -> None:
    # the 45-day rule of the 2016 amendment does not apply to a procedure published in January 2016
    timeline = open_plan(tmp_path, "{after: publicatie, days: 30}", publication="2016-01-04")
    assert timeline.findings == []
    assert outcome(timeline, "openbaar-inschrijftermijn") == []


# ------------------------------------------------------------------ nota van inlichtingen, standstill

PROCEDURE = """
programme: gemeente-2027
milestones:
  - id: publicatie
    type: publicatie
    date: 2026-02-02
    owner: inkoop
    scope: {{unit: jeugdhulp}}
  - id: nvi
    type: nota-van-inlichtingen
    date: {{before: deadline, days: {nvi}}}
    owner: inkoop
    scope: {{unit: jeugdhulp}}
  - id: deadline
    type: inschrijfdeadline
    date: 2026-03-18
    owner: aanbieders
    scope: {{unit: jeugdhulp}}
  - id: gunning
    type: gunningsbeslissing
    date: 2026-05-27
    owner: college
    scope: {{unit: jeugdhulp}}
  - id: alcatel
    type: einde-standstill
    date: {{after: gunning, days: {standstill}}}
    owner: inkoop
    scope: {{unit: jeugdhulp}}
  - id: getekend
    type: ondertekening
    date: {{after: gunning, days: {signing}}}
    owner: college
    scope: {{unit: jeugdhulp}}
  - id: aankondiging
    type: aankondiging-gunning
    date: {{after: getekend, days: {notice}}}
    owner: inkoop
    scope: {{unit: jeugdhulp}}
"""


def procedure(tmp_path: Path, *, nvi: int = 10, standstill: int = 20, signing: int = 21, notice: int = 30) -> Timeline:
    text = PROCEDURE.format(nvi=nvi, standstill=standstill, signing=signing, notice=notice)
    return timeline_from(copy_project(tmp_path), text)


def test_every_procedure_rule_kept_at_its_limit(tmp_path: Path) -> None:
    timeline = procedure(tmp_path)
    assert timeline.findings == []
    for rule in ("nota-van-inlichtingen", "standstill", "standstill-ondertekening", "aankondiging-gunning"):
        assert outcome(timeline, rule) == ["ok"], rule


def test_nota_van_inlichtingen_too_late(tmp_path: Path) -> None:
    timeline = procedure(tmp_path, nvi=9)
    assert messages(timeline) == [
        "nota van inlichtingen deadline: Nota van inlichtingen (2026-03-09) must be at least 10 calendar "
        "days "
        "before Uiterste datum inschrijving (2026-03-18), so on or before 2026-03-08; it is 9 days before; "
        "source: Aanbestedingswet 2012 art. 2.54 lid 1 (rule nota-van-inlichtingen)"
    ]
    assert timeline.findings[0].problem.path == "milestones[1].date"


def test_standstill_too_short_and_contract_signed_during_it(tmp_path: Path) -> None:
    timeline = procedure(tmp_path, standstill=19, signing=20)
    assert messages(timeline) == [
        "standstill period: Einde Alcatel-termijn (2026-06-15) must be at least 20 calendar days after "
        "Gunningsbeslissing (2026-05-27), so on or after 2026-06-16; it is 19 days after; source: "
        "Aanbestedingswet 2012 art. 2.127 lid 2 en 3 (rule standstill)",
        "contract signed after the standstill period: Ondertekening overeenkomsten (2026-06-16) must be "
        "more than "
        "20 calendar days after Gunningsbeslissing (2026-05-27), so on or after 2026-06-17; it is 20 days "
        "after; "
        "source: Aanbestedingswet 2012 art. 2.127 lid 1 tot en met 3 (rule standstill-ondertekening)",
    ]


def test_award_notice_too_late(tmp_path: Path) -> None:
    timeline = procedure(tmp_path, notice=31)
    assert messages(timeline) == [
        "contract award notice: Aankondiging gegunde opdracht (2026-07-18) must be at most 30 calendar days "
        "after "
        "Ondertekening overeenkomsten (2026-06-17), so on or before 2026-07-17; it is 31 days after; source: "
        "Aanbestedingswet 2012 art. 2.134 lid 1 (rule aankondiging-gunning)"
    ]


# --------------------------------------------------------------------------- restricted procedure and waivers

RESTRICTED = """
programme: gemeente-2027
policy:
  waivers: {waivers}
milestones:
  - id: publicatie
    type: publicatie
    date: 2026-02-02
    owner: inkoop
    scope: {{unit: jeugdhulp}}
  - id: aanmelding
    type: aanmelddeadline
    date: {{after: publicatie, days: {requests}}}
    owner: aanbieders
    scope: {{unit: jeugdhulp}}
  - id: uitnodiging
    type: uitnodiging
    date: 2026-03-16
    owner: inkoop
    scope: {{unit: jeugdhulp}}
  - id: deadline
    type: inschrijfdeadline
    date: {{after: uitnodiging, days: {tenders}}}
    owner: aanbieders
    scope: {{unit: jeugdhulp}}
"""


def restricted(tmp_path: Path, *, requests: int, tenders: int, waivers: str = "[]") -> Timeline:
    root = copy_project(tmp_path)
    edit_unit(root, "jeugdhulp", "procedure: openbaar}", "procedure: niet-openbaar}")
    return timeline_from(root, RESTRICTED.format(requests=requests, tenders=tenders, waivers=waivers))


def test_restricted_procedure_periods(tmp_path: Path) -> None:
    assert restricted(tmp_path / "kept", requests=30, tenders=35).findings == []
    timeline = restricted(tmp_path / "broken", requests=29, tenders=34)
    assert messages(timeline) == [
        "restricted procedure period for requests to participate: Uiterste datum verzoeken tot deelneming "
        "(2026-03-03) must be at least 30 calendar days after Publicatie aankondiging (2026-02-02), so on "
        "or after "
        "2026-03-04; it is 29 days after; source: Aanbestedingswet 2012 art. 2.71 lid 2 "
        "(rule niet-openbaar-aanmeldtermijn)",
        "restricted procedure tender period: Uiterste datum inschrijving (2026-04-19) must be at least 35 "
        "calendar "
        "days (40 − 5 for electronic submission) after Uitnodiging tot inschrijving (2026-03-16), so on or "
        "after "
        "2026-04-20; it is 34 days after; source: Aanbestedingswet 2012 art. 2.74a lid 2; Aanbestedingswet "
        "2012 "
        "art. 2.74a (rule niet-openbaar-inschrijftermijn)",
    ]


def test_a_waiver_sets_a_waivable_rule_aside_with_its_reason(tmp_path: Path) -> None:
    reason = "termijn in overeenstemming met alle gegadigden vastgesteld"
    waivers = f"[{{rule: niet-openbaar-inschrijftermijn, scope: {{unit: jeugdhulp}}, reason: {reason}}}]"
    timeline = restricted(tmp_path, requests=30, tenders=14, waivers=waivers)
    assert timeline.findings == []
    waived = [c for c in timeline.checks if c.outcome == "waived"]
    assert [(c.rule, c.waiver_reason) for c in waived] == [("niet-openbaar-inschrijftermijn", reason)]


def test_only_waivable_rules_can_be_waived(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    text = RESTRICTED.format(
        requests=30, tenders=35, waivers="[{rule: standstill, reason: haast}, {rule: onbekend, reason: x}]"
    )
    errors = spec_errors(root, text)
    assert errors[0] == (
        "S:3:20: policy.waivers[0].rule: legal rule `standstill` cannot be waived "
        "(Aanbestedingswet 2012 art. 2.127 lid 2 en 3)"
    )
    assert errors[1].startswith("S:3:55: policy.waivers[1].rule: unknown legal rule `onbekend` (known: ")


# --------------------------------------------------------------------------- SAS notice duties

SAS = """
programme: gemeente-2027
milestones:
  - id: deadline
    type: inschrijfdeadline
    date: 2026-03-18
    owner: aanbieders
    scope: {tender: wmo}
  - id: getekend
    type: ondertekening
    date: 2026-06-17
    owner: college
    scope: {tender: wmo}
"""


def test_sas_notice_duties_missing(tmp_path: Path) -> None:
    timeline = timeline_from(copy_project(tmp_path), SAS)
    assert messages(timeline) == [
        "SAS notice duty (contract notice): the sas procedure of tender `wmo` has no milestone of type "
        "`publicatie` (Publicatie aankondiging); source: Aanbestedingswet 2012 art. 2.39; Richtlijn "
        "2014/24/EU "
        "art. 75 lid 1 (rule sas-aankondiging)",
        "SAS notice duty (award notice): the sas procedure of tender `wmo` has no milestone of type "
        "`aankondiging-gunning` (Aankondiging gegunde opdracht); source: Aanbestedingswet 2012 art. 2.39; "
        "Richtlijn 2014/24/EU art. 75 lid 2 (rule sas-aankondiging-gunning)",
    ]
    assert {f.problem.path for f in timeline.findings} == {"milestones[0].scope"}


def test_sas_award_notice_may_wait_for_the_end_of_the_quarter(tmp_path: Path) -> None:
    plan = SAS + (
        "  - id: publicatie\n    type: publicatie\n    date: 2026-02-02\n    owner: inkoop\n"
        "    scope: {tender: wmo}\n  - id: aankondiging\n    type: aankondiging-gunning\n"
        "    date: {after: getekend, days: DAYS}\n    owner: inkoop\n    scope: {tender: wmo}\n"
    )
    assert timeline_from(copy_project(tmp_path / "a"), plan.replace("DAYS", "43")).findings == []  # 30 July
    timeline = timeline_from(copy_project(tmp_path / "b"), plan.replace("DAYS", "44"))
    assert messages(timeline) == [
        "SAS award notice period: Aankondiging gegunde opdracht (2026-07-31) must be at most 30 calendar "
        "days "
        "after the end of the quarter of Ondertekening overeenkomsten (2026-06-30), so on or before "
        "2026-07-30; "
        "it is 31 days after; source: Richtlijn 2014/24/EU art. 75 lid 2 (rule "
        "sas-aankondiging-gunning-termijn)"
    ]


# --------------------------------------------------------------------------- policy rules and scopes

POLICY = """
programme: gemeente-2027
policy:
  rules:
    - id: ondertekening-voor-start
      label: Overeenkomsten ten minste 3 maanden voor de start ondertekend
      earlier: ondertekening
      later: start-dienstverlening
      min: {{months: 3}}
      citation: Strategische kaders inkoop 2025, § 6.2
milestones:
  - id: getekend
    type: ondertekening
    date: {signed}
    owner: college
    scope: {{tender: wmo}}
  - id: start
    type: start-dienstverlening
    date: 2027-01-01
    owner: aanbieders
"""


@pytest.mark.parametrize(("signed", "kept"), [("2026-10-01", True), ("2026-10-02", False)])
def test_policy_rule_is_a_warning(tmp_path: Path, signed: str, kept: bool) -> None:
    timeline = timeline_from(copy_project(tmp_path), POLICY.format(signed=signed))
    if kept:
        assert timeline.findings == []
        assert outcome(timeline, "ondertekening-voor-start") == ["ok"]
        return
    assert messages(timeline) == [
        "programme policy ondertekening-voor-start: Ondertekening overeenkomsten (2026-10-02) must be at "
        "least "
        "3 months before Start dienstverlening (2027-01-01), so on or before 2026-10-01; it is 2 months and "
        "30 days before; source: Strategische kaders inkoop 2025, § 6.2 (rule ondertekening-voor-start)"
    ]
    finding = timeline.findings[0]
    assert finding.severity == "warning"
    assert finding.format().split(": ", 1)[1].startswith("warning: milestones[0].date: programme policy")
    assert timeline.errors == [] and timeline.warnings == [finding]


def test_programme_wide_procedure_milestones_need_a_scope_when_procedures_differ(tmp_path: Path) -> None:
    text = """
    programme: gemeente-2027
    milestones:
      - id: publicatie
        type: publicatie
        date: 2026-02-02
        owner: inkoop
    """
    timeline = timeline_from(copy_project(tmp_path), text)
    assert messages(timeline) == [
        "programme-wide milestone `publicatie` (publicatie) cannot be checked against the procedure rules: "
        "the "
        "programme uses several procedures (openbaar, sas); give it a tender or unit scope"
    ]
    assert timeline.findings[0].severity == "warning"
