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
  period_options: {options}
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


ELECTRONIC = "[{option: electronic-submission}]"


def open_plan(
    tmp_path: Path, deadline: str, *, publication: str = "2026-02-02", roll: str = "false", options: str = "[]"
) -> Timeline:
    text = OPEN.format(publication=publication, deadline=deadline, roll=roll, options=options)
    return timeline_from(copy_project(tmp_path), text)


def messages(timeline: Timeline) -> list[str]:
    return [f.message for f in timeline.findings]


def outcome(timeline: Timeline, rule: str) -> list[str]:
    return [c.outcome for c in timeline.checks if c.rule == rule]


# --------------------------------------------------------------------------- open procedure


def test_open_procedure_period_broken(tmp_path: Path) -> None:
    timeline = open_plan(tmp_path, "{after: publicatie, days: 44}")
    assert messages(timeline) == [
        "open procedure tender period: Uiterste datum inschrijving (2026-03-18) must be at least 45 calendar "
        "days after Publicatie aankondiging (2026-02-02), so on or after 2026-03-19; it is 44 days after; "
        "source: Aanbestedingswet 2012 art. 2.71 lid 1 (rule openbaar-inschrijftermijn)"
    ]
    finding = timeline.findings[0]
    assert finding.severity == "error"
    assert (finding.problem.line, finding.problem.column, finding.problem.path) == (
        13,
        11,
        "milestones[1].date",
    )
    assert finding.citation == "Aanbestedingswet 2012 art. 2.71 lid 1"
    assert finding.dates == (("publicatie", dt.date(2026, 2, 2)), ("deadline", dt.date(2026, 3, 18)))


SUNDAY_15_MARCH = (
    "Uiterste datum inschrijving (2026-03-15) falls on a Sunday: bidders, the authority's helpdesk and "
    "e-procurement portals do not expect a deadline then; move it to a working day (rule deadline-op-vrije-dag)"
)


def test_electronic_submission_shortens_only_when_the_schedule_chooses_it(tmp_path: Path) -> None:
    # art. 2.74b: the authority *may* shorten by 5 days; electronic submission alone changes nothing
    assert outcome(
        open_plan(tmp_path / "plain", "{after: publicatie, days: 40}", publication="2026-02-04"),
        "openbaar-inschrijftermijn",
    ) == ["breach"]
    assert (
        open_plan(
            tmp_path / "kept", "{after: publicatie, days: 40}", publication="2026-02-04", options=ELECTRONIC
        ).findings
        == []
    )
    timeline = open_plan(
        tmp_path / "broken", "{after: publicatie, days: 39}", publication="2026-02-04", options=ELECTRONIC
    )
    assert messages(timeline) == [
        "open procedure tender period: Uiterste datum inschrijving (2026-03-15) must be at least 40 calendar "
        "days (45 − 5 for electronic submission accepted) after Publicatie aankondiging (2026-02-04), so on or "
        "after 2026-03-16; it is 39 days after; source: Aanbestedingswet 2012 art. 2.71 lid 1; "
        "Aanbestedingswet 2012 art. 2.74b (rule openbaar-inschrijftermijn)",
        SUNDAY_15_MARCH,
    ]
    check = next(c for c in timeline.checks if c.rule == "openbaar-inschrijftermijn")
    assert check.detail_nl == (
        "Uiterste datum inschrijving: gepland 15 maart 2026; vroegst 16 maart 2026 (ten minste 40 "
        "kalenderdagen (45 − 5) na Publicatie aankondiging)"
    )


def test_open_procedure_period_kept(tmp_path: Path) -> None:
    timeline = open_plan(tmp_path, "{after: publicatie, days: 45}")
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
    text = OPEN.format(publication="2026-02-02", deadline="2026-03-23", roll="false", options="[]")
    timeline = timeline_from(root, text)
    assert messages(timeline) == [
        "open procedure tender period: Uiterste datum inschrijving (2026-03-23) must be at least 50 "
        "calendar days "
        "(45 + 5 for documents not fully electronically available) after Publicatie aankondiging "
        "(2026-02-02), "
        "so on or after 2026-03-24; it is 49 days after; source: Aanbestedingswet 2012 art. 2.71 lid 1; "
        "Aanbestedingswet 2012 art. 2.72 lid 1 (rule openbaar-inschrijftermijn)"
    ]


def test_electronic_submission_option_needs_units_that_accept_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    edit_unit(root, "jeugdhulp", "procedure: openbaar}", "procedure: openbaar, electronic_submission: false}")
    text = OPEN.format(publication="2026-02-02", deadline="2026-03-23", roll="false", options=ELECTRONIC)
    assert spec_errors(root, text) == [
        "S:4:29: policy.period_options[0].option: unit `jeugdhulp` does not accept electronic submission "
        "(instrument.electronic_submission: false); Aanbestedingswet 2012 art. 2.74b allows the 5-day "
        "shortening only when it does"
    ]


def test_roll_forward_extends_a_statutory_period_ending_on_a_sunday(tmp_path: Path) -> None:
    # 3 February + 40 days = Sunday 15 March 2026
    off = open_plan(tmp_path / "off", "2026-03-15", publication="2026-02-03", options=ELECTRONIC)
    assert messages(off) == [SUNDAY_15_MARCH]  # not extended without roll-forward, but a Sunday deadline
    timeline = open_plan(tmp_path / "on", "2026-03-15", publication="2026-02-03", roll="true", options=ELECTRONIC)
    assert messages(timeline) == [
        "open procedure tender period: Uiterste datum inschrijving (2026-03-15) must be at least 40 "
        "calendar days (45 − 5 for electronic submission accepted) after Publicatie aankondiging (2026-02-03), "
        "so on or after 2026-03-16 (2026-03-15 is a zondag; Algemene termijnenwet art. 1 lid 1: 2026-03-16); "
        "it is 40 days after; source: Aanbestedingswet 2012 art. 2.71 lid 1; Aanbestedingswet 2012 art. 2.74b "
        "(rule openbaar-inschrijftermijn)",
        "Uiterste datum inschrijving (2026-03-15) is a fixed date on a zondag; with policy.roll_forward a "
        "statutory period ending that day runs on to 2026-03-16, but a fixed date is not moved, so the documents "
        "would print a date the law extends: set it to a working day; source: Algemene termijnenwet art. 1 lid 1 "
        "(rule atw-vaste-deadline)",
    ]
    assert [f.severity for f in timeline.findings] == ["error", "warning"]


def test_a_tender_deadline_on_a_saturday_is_warned_about_without_roll_forward(tmp_path: Path) -> None:
    timeline = open_plan(tmp_path, "2026-03-21")  # Saturday, 47 days after 2 February
    assert messages(timeline) == [
        "Uiterste datum inschrijving (2026-03-21) falls on a Saturday: bidders, the authority's helpdesk and "
        "e-procurement portals do not expect a deadline then; move it to a working day (rule deadline-op-vrije-dag)"
    ]
    assert timeline.findings[0].severity == "warning"
    assert timeline.findings[0].problem.path == "milestones[1].date"


def test_prior_information_notice_shortens_the_open_period_to_29_days(tmp_path: Path) -> None:
    pin = "[{option: prior-information-notice}, {option: electronic-submission}]"
    plan = OPEN.format(publication="2026-02-02", deadline="{after: publicatie, days: 23}", roll="false", options=pin)
    plan += (
        "  - id: vooraankondiging\n    type: vooraankondiging\n    date: {before: publicatie, days: 52}\n"
        "    owner: inkoop\n    scope: {unit: jeugdhulp}\n"
    )
    timeline = timeline_from(copy_project(tmp_path), plan)
    assert messages(timeline) == [
        "open procedure tender period: Uiterste datum inschrijving (2026-02-25) must be at least 24 calendar "
        "days (29 after a prior information notice − 5 for electronic submission accepted) after Publicatie "
        "aankondiging (2026-02-02), so on or after 2026-02-26; it is 23 days after; source: Aanbestedingswet "
        "2012 art. 2.71 lid 1; Aanbestedingswet 2012 art. 2.71 lid 5 en 6; Aanbestedingswet 2012 art. 2.74b "
        "(rule openbaar-inschrijftermijn)"
    ]
    assert outcome(timeline, "vooraankondiging-termijn") == ["ok", "ok"]
    assert outcome(timeline, "vooraankondiging-verplicht") == ["ok"]


def test_prior_information_notice_needs_its_milestone_52_days_ahead(tmp_path: Path) -> None:
    pin = "[{option: prior-information-notice}]"
    bare = OPEN.format(publication="2026-02-02", deadline="{after: publicatie, days: 29}", roll="false", options=pin)
    missing = timeline_from(copy_project(tmp_path / "missing"), bare)
    assert messages(missing) == [
        "prior information notice planned: the openbaar procedure of unit `jeugdhulp` has no milestone of type "
        "`vooraankondiging` (Vooraankondiging); source: Aanbestedingswet 2012 art. 2.71 lid 5 en 6 "
        "(rule vooraankondiging-verplicht)"
    ]
    late = bare + (
        "  - id: vooraankondiging\n    type: vooraankondiging\n    date: {before: publicatie, days: 51}\n"
        "    owner: inkoop\n    scope: {unit: jeugdhulp}\n"
    )
    assert messages(timeline_from(copy_project(tmp_path / "late"), late)) == [
        "prior information notice timing: Vooraankondiging (2025-12-13) must be at least 52 calendar days before "
        "Publicatie aankondiging (2026-02-02), so on or before 2025-12-12; it is 51 days before; source: "
        "Aanbestedingswet 2012 art. 2.71 lid 6 (rule vooraankondiging-termijn)"
    ]


def test_urgency_sets_15_days_and_drops_the_extension(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    edit_unit(root, "jeugdhulp", "procedure: openbaar}", "procedure: openbaar, documents_fully_electronic: false}")
    urgent = "[{option: urgency, reason: continuïteit van zorg na faillissement}]"
    plan = OPEN.format(publication="2026-02-02", deadline="{after: publicatie, days: 14}", roll="false", options=urgent)
    timeline = timeline_from(root, plan)
    # art. 2.72 lid 2: no +5 days under art. 2.74
    assert messages(timeline) == [
        "open procedure tender period: Uiterste datum inschrijving (2026-02-16) must be at least 15 calendar "
        "days (15 under substantiated urgency) after Publicatie aankondiging (2026-02-02), so on or after "
        "2026-02-17; it is 14 days after; source: Aanbestedingswet 2012 art. 2.71 lid 1; Aanbestedingswet 2012 "
        "art. 2.74 onderdeel a (rule openbaar-inschrijftermijn)"
    ]


def test_urgency_must_be_substantiated(tmp_path: Path) -> None:
    plan = OPEN.format(publication="2026-02-02", deadline="2026-03-23", roll="false", options="[{option: urgency}]")
    errors = spec_errors(copy_project(tmp_path), plan)
    assert errors == [
        "S:4:20: policy.period_options[0]: `urgency` needs a `reason`: art. 2.74 requires the urgency to be "
        "substantiated"
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
    date: 2026-01-30
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
  roll_forward: {roll}
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
    date: {invitation}
    owner: inkoop
    scope: {{unit: jeugdhulp}}
  - id: deadline
    type: inschrijfdeadline
    date: {{after: uitnodiging, days: {tenders}}}
    owner: aanbieders
    scope: {{unit: jeugdhulp}}
"""


def restricted(
    tmp_path: Path,
    *,
    requests: int,
    tenders: int,
    waivers: str = "[]",
    roll: str = "false",
    invitation: str = "2026-03-16",
) -> Timeline:
    root = copy_project(tmp_path)
    edit_unit(root, "jeugdhulp", "procedure: openbaar}", "procedure: niet-openbaar}")
    text = RESTRICTED.format(requests=requests, tenders=tenders, waivers=waivers, roll=roll, invitation=invitation)
    return timeline_from(root, text)


def test_restricted_procedure_periods(tmp_path: Path) -> None:
    assert restricted(tmp_path / "kept", requests=30, tenders=43).findings == []  # 42 days: Koningsdag
    timeline = restricted(tmp_path / "broken", requests=29, tenders=39)
    assert messages(timeline) == [
        "restricted procedure period for requests to participate: Uiterste datum verzoeken tot deelneming "
        "(2026-03-03) must be at least 30 calendar days after Publicatie aankondiging (2026-02-02), so on "
        "or after "
        "2026-03-04; it is 29 days after; source: Aanbestedingswet 2012 art. 2.71 lid 2 "
        "(rule niet-openbaar-aanmeldtermijn)",
        "restricted procedure tender period: Uiterste datum inschrijving (2026-04-24) must be at least 40 "
        "calendar days after Uitnodiging tot inschrijving (2026-03-16), so on or after 2026-04-25; it is 39 days "
        "after; source: Aanbestedingswet 2012 art. 2.71 lid 4 (rule niet-openbaar-inschrijftermijn)",
    ]


def test_a_40_day_minimum_ending_on_saturday_ends_on_monday_and_the_computed_date_agrees(tmp_path: Path) -> None:
    # 23 March + 40 days = Saturday 2 May 2026; with roll-forward the period and the computed date both run on
    # to Monday 4 May, so the rule and the roll-forward agree
    invitation = "2026-03-23"
    timeline = restricted(tmp_path / "computed", requests=30, tenders=40, roll="true", invitation=invitation)
    assert timeline.findings == []
    check = next(c for c in timeline.checks if c.rule == "niet-openbaar-inschrijftermijn")
    assert (check.outcome, check.bound) == ("ok", dt.date(2026, 5, 4))
    assert {e.id: e.date for e in timeline.milestones}["deadline"] == dt.date(2026, 5, 4)
    assert "(2026-05-02 is a zaterdag; Algemene termijnenwet art. 1 lid 1: 2026-05-04)" in check.detail
    off = restricted(tmp_path / "off", requests=30, tenders=40, invitation=invitation)
    assert [c.bound for c in off.checks if c.rule == "niet-openbaar-inschrijftermijn"] == [dt.date(2026, 5, 2)]
    assert messages(off) == [
        "Uiterste datum inschrijving (2026-05-02) falls on a Saturday: bidders, the authority's helpdesk and "
        "e-procurement portals do not expect a deadline then; move it to a working day (rule deadline-op-vrije-dag)"
    ]


def test_koningsdag_after_the_weekend_moves_the_end_of_the_period_to_tuesday(tmp_path: Path) -> None:
    # 16 March + 40 days = Saturday 25 April 2026; Monday 27 April is Koningsdag
    timeline = restricted(tmp_path, requests=30, tenders=40, roll="true")
    check = next(c for c in timeline.checks if c.rule == "niet-openbaar-inschrijftermijn")
    assert (check.outcome, check.bound) == ("ok", dt.date(2026, 4, 28))


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
        requests=30,
        tenders=35,
        waivers="[{rule: standstill, reason: haast}, {rule: onbekend, reason: x}]",
        roll="false",
        invitation="2026-03-16",
    )
    errors = spec_errors(root, text)
    assert errors[0] == (
        "S:4:20: policy.waivers[0].rule: legal rule `standstill` cannot be waived "
        "(Aanbestedingswet 2012 art. 2.127 lid 2 en 3)"
    )
    assert errors[1].startswith("S:4:55: policy.waivers[1].rule: unknown legal rule `onbekend` (known: ")


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
        "`publicatie` (Publicatie aankondiging) or `vooraankondiging` (Vooraankondiging); source: "
        "Aanbestedingswet 2012 art. 2.39 lid 1 onderdeel a (rule sas-aankondiging)",
        "SAS notice duty (award notice): the sas procedure of tender `wmo` has no milestone of type "
        "`aankondiging-gunning` (Aankondiging gegunde opdracht); source: Aanbestedingswet 2012 art. 2.39 lid 1 "
        "onderdeel e (rule sas-aankondiging-gunning)",
    ]
    assert {f.problem.path for f in timeline.findings} == {"milestones[0].scope"}


SAS_NOTICE = SAS + (
    "  - id: publicatie\n    type: publicatie\n    date: 2026-02-02\n    owner: inkoop\n"
    "    scope: {tender: wmo}\n  - id: aankondiging\n    type: aankondiging-gunning\n"
    "    date: {after: getekend, days: DAYS}\n    owner: inkoop\n    scope: {tender: wmo}\n"
)


def test_sas_award_notice_within_30_days_after_signing(tmp_path: Path) -> None:
    # art. 2.134 lid 1 applies to SAS through art. 2.39 lid 2 (§ 2.3.8.9)
    assert timeline_from(copy_project(tmp_path / "a"), SAS_NOTICE.replace("DAYS", "30")).findings == []
    timeline = timeline_from(copy_project(tmp_path / "b"), SAS_NOTICE.replace("DAYS", "31"))
    assert messages(timeline) == [
        "SAS award notice period: Aankondiging gegunde opdracht (2026-07-18) must be at most 30 calendar days "
        "after Ondertekening overeenkomsten (2026-06-17), so on or before 2026-07-17; it is 31 days after; "
        "source: Aanbestedingswet 2012 art. 2.134 lid 1 (rule sas-aankondiging-gunning-termijn)"
    ]


def test_sas_award_notices_bundled_per_quarter_when_the_schedule_chooses_it(tmp_path: Path) -> None:
    plan = SAS_NOTICE.replace(
        "programme: gemeente-2027\n",
        "programme: gemeente-2027\npolicy:\n"
        "  period_options: [{option: quarterly-award-notices, scope: {tender: wmo}}]\n",
    )
    assert timeline_from(copy_project(tmp_path / "a"), plan.replace("DAYS", "43")).findings == []  # 30 July
    timeline = timeline_from(copy_project(tmp_path / "b"), plan.replace("DAYS", "44"))
    assert messages(timeline) == [
        "SAS award notice period: Aankondiging gegunde opdracht (2026-07-31) must be at most 30 calendar "
        "days after the end of the quarter of Ondertekening overeenkomsten (2026-06-30), so on or before "
        "2026-07-30; it is 31 days after; source: Aanbestedingswet 2012 art. 2.134 lid 1; Aanbestedingswet "
        "2012 art. 2.134 lid 3 (rule sas-aankondiging-gunning-termijn)"
    ]


def test_quarterly_award_notices_need_a_sas_scope(tmp_path: Path) -> None:
    plan = SAS_NOTICE.replace("DAYS", "30").replace(
        "programme: gemeente-2027\n",
        "programme: gemeente-2027\npolicy:\n"
        "  period_options: [{option: quarterly-award-notices, scope: {unit: jeugdhulp}}]\n",
    )
    assert spec_errors(copy_project(tmp_path), plan) == [
        "S:3:29: policy.period_options[0].option: `quarterly-award-notices` is modelled for the sas procedure "
        "only (art. 2.134 lid 3 Aanbestedingswet 2012, social and other specific services); give the option a "
        "sas scope"
    ]


SAS_PROCEDURE = SAS + (
    "  - id: nvi\n    type: nota-van-inlichtingen\n    date: {before: deadline, days: NVI}\n    owner: inkoop\n"
    "    scope: {tender: wmo}\n  - id: gunning\n    type: gunningsbeslissing\n    date: 2026-05-27\n"
    "    owner: college\n    scope: {tender: wmo}\n  - id: alcatel\n    type: einde-standstill\n"
    "    date: {after: gunning, days: 19}\n    owner: inkoop\n    scope: {tender: wmo}\n"
)


def test_sas_nota_van_inlichtingen_ten_days_and_standstill_by_analogy(tmp_path: Path) -> None:
    timeline = timeline_from(copy_project(tmp_path), SAS_PROCEDURE.replace("NVI", "9"))
    relevant = [f for f in timeline.findings if f.rule in ("nota-van-inlichtingen", "standstill")]
    assert [f.message for f in relevant] == [
        "nota van inlichtingen deadline: Nota van inlichtingen (2026-03-09) must be at least 10 calendar days "
        "before Uiterste datum inschrijving (2026-03-18), so on or before 2026-03-08; it is 9 days before; "
        "source: Aanbestedingswet 2012 art. 2.54 lid 1 (rule nota-van-inlichtingen)",
        "standstill period (applied by analogy to the sas procedure): Einde Alcatel-termijn (2026-06-15) must be "
        "at least 20 calendar days after Gunningsbeslissing (2026-05-27), so on or after 2026-06-16; it is 19 "
        "days after; source: Aanbestedingswet 2012 art. 2.127 lid 2 en 3 (rule standstill)",
    ]
    assert [f.severity for f in relevant] == ["error", "warning"]


def test_urgency_does_not_apply_to_sas(tmp_path: Path) -> None:
    plan = SAS_PROCEDURE.replace("NVI", "4").replace(
        "programme: gemeente-2027\n",
        "programme: gemeente-2027\npolicy:\n"
        "  period_options: [{option: urgency, reason: spoed, scope: {tender: wmo}}]\n",
    )
    assert spec_errors(copy_project(tmp_path), plan) == [
        "S:3:29: policy.period_options[0].option: `urgency` does not apply to the sas procedure: art. 2.39 lid 2 "
        "Aanbestedingswet 2012 does not apply the period rules of § 2.3.2.3 to it; give the option a tender or "
        "unit scope"
    ]


def test_urgency_shortens_the_nota_van_inlichtingen_to_four_days(tmp_path: Path) -> None:
    urgent = "[{option: urgency, reason: spoed, scope: {unit: jeugdhulp}}]"
    text = PROCEDURE.format(nvi=4, standstill=20, signing=21, notice=30).replace(
        "programme: gemeente-2027\n", f"programme: gemeente-2027\npolicy:\n  period_options: {urgent}\n"
    )
    timeline = timeline_from(copy_project(tmp_path), text)
    assert timeline.findings == []
    check = next(c for c in timeline.checks if c.rule == "nota-van-inlichtingen")
    assert check.citation == "Aanbestedingswet 2012 art. 2.54 lid 1; Aanbestedingswet 2012 art. 2.54 lid 2"


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
    # the tender `wmo` planned with only a signing is a contradiction of its own (timeline.contradictions)
    assert [f for f in timeline.findings if f.severity == "error"] == []
    assert [f for f in timeline.warnings if f in timeline.findings] == [finding]


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


def test_the_prior_information_notice_floor_of_22_days_holds_under_any_reduction() -> None:
    # art. 2.71 lid 5: "in geen geval tot minder dan 22 dagen"; the packaged adjustments never reach it, so a
    # rule with a larger reduction shows the floor at work
    from tendergen.schedule.model import Gap
    from tendergen.schedule.rules import Adjustment, GapRule, OptionOverride, _period

    rule = GapRule(
        id="r",
        name="r",
        label="r",
        source="legal",
        earlier="publicatie",
        later="inschrijfdeadline",
        subject="later",
        bound="min",
        gap=Gap(days=45),
        citation="C",
        valid_from=None,
        valid_to=None,
        adjustments=(Adjustment(when="electronic_submission", days=-10, reason="a larger cut", citation="A"),),
        options=(
            OptionOverride(
                option="prior-information-notice",
                min=Gap(days=29),
                floor=Gap(days=22),
                reason="after a prior information notice",
                citation="P",
            ),
        ),
    )
    period = _period(rule, frozenset({"prior-information-notice"}), frozenset({"electronic_submission"}), "openbaar")
    assert (period.total, period.text, period.citations) == (
        22,
        "22 calendar days (29 after a prior information notice − 10 for a larger cut, not under 22)",
        ("P", "A"),
    )
    assert period.steps_nl == "29 − 10, niet minder dan 22"
    without = _period(rule, frozenset(), frozenset({"electronic_submission"}), "openbaar")
    assert (without.total, without.text) == (35, "35 calendar days (45 − 10 for a larger cut)")
