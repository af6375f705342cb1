"""Contradictions between the planning and the spec, and inside the spec (issue 11): each one made to happen, with
its located message. Errors where the documents would state two different facts, warnings where a policy is at
stake."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tendergen.errors import Problem, SpecError
from tendergen.project import load_spec
from tendergen.schedule import Timeline
from test_schedule import copy_project, edit_unit, timeline_from

VALID = Path(__file__).parent / "fixtures" / "valid" / "regio-noord"

TENDER = """
programme: gemeente-2027
milestones:
  - id: publicatie
    type: publicatie
    date: 2026-02-02
    owner: inkoop
    scope: {{unit: jeugdhulp}}
{extra}  - id: deadline
    type: inschrijfdeadline
    date: 2026-03-20
    time: "12:00"
    owner: aanbieders
    scope: {{unit: jeugdhulp}}
  - id: gunning
    type: gunningsbeslissing
    date: 2026-05-01
    owner: college
    scope: {{unit: jeugdhulp}}
  - id: start
    type: start-dienstverlening
    date: {start}
    owner: aanbieders
{nvi}"""

NVI = """  - id: nvi
    type: nota-van-inlichtingen
    date: 2026-03-02
    owner: inkoop
    scope: {unit: jeugdhulp}
"""

QUESTIONS = """  - id: vragen
    type: vragen-deadline
    date: 2026-02-23
    time: "12:00"
    owner: aanbieders
    scope: {unit: jeugdhulp}
"""


def located(problem: Problem) -> str:
    """The formatted problem without its file name: ``line:col: path: message``."""
    return problem.format().removeprefix(f"{problem.file}:")


def contradictions(timeline: Timeline) -> list[str]:
    return [located(f.problem) for f in timeline.contradictions]


def plan(tmp_path: Path, *, start: str = "2027-01-01", extra: str = QUESTIONS, nvi: str = NVI) -> Timeline:
    return timeline_from(copy_project(tmp_path), TENDER.format(start=start, extra=extra, nvi=nvi))


def test_a_complete_plan_has_no_contradictions(tmp_path: Path) -> None:
    assert contradictions(plan(tmp_path)) == []


def test_start_of_services_other_than_contract_start_is_an_error(tmp_path: Path) -> None:
    timeline = plan(tmp_path, start="2026-01-01")
    assert contradictions(timeline) == [
        "27:11: milestones[4].date: start of services `start` is 2026-01-01, but programme.yaml contract_start is "
        "2027-01-01; the documents print the term as running from the spec's date, so give one date (move the "
        "milestone or change the spec)"
    ]
    assert [f.severity for f in timeline.errors] == ["error"]


def test_a_unit_with_its_own_start_needs_its_own_start_milestone(tmp_path: Path) -> None:
    """The unit starts a year after the programme; its leidraad would show the programme's start milestone."""
    root = copy_project(tmp_path)
    edit_unit(root, "jeugdhulp", "max_years: 4}", "max_years: 4, start: 2028-01-01}")
    timeline = timeline_from(root, TENDER.format(start="2027-01-01", extra=QUESTIONS, nvi=NVI))
    assert contradictions(timeline) == [
        "20:70: term.start: unit `jeugdhulp` starts on 2028-01-01 (term.start), but its planning shows the start of "
        "services of the programme (`start` on 2027-01-01); add a `start-dienstverlening` milestone with "
        "`scope: {unit: jeugdhulp}` on 2028-01-01, so its documents give one start date"
    ]
    assert [f.severity for f in timeline.errors] == ["error"]
    own = TENDER.format(start="2027-01-01", extra=QUESTIONS, nvi=NVI) + (
        "  - id: start-jeugdhulp\n    type: start-dienstverlening\n    date: 2028-01-01\n    owner: aanbieders\n"
        "    scope: {unit: jeugdhulp}\n"
    )
    assert contradictions(timeline_from(root, own)) == []


def test_tender_planning_without_questions_deadline_is_an_error(tmp_path: Path) -> None:
    timeline = plan(tmp_path, extra="")
    assert contradictions(timeline) == [
        "7:12: milestones[0].scope: the planning of unit `jeugdhulp` has no milestone of type `vragen-deadline`; "
        "its aanbestedingsleidraad refers to the questions deadline, the tender deadline and the award decision of "
        "its planning"
    ]


def test_a_questions_round_without_a_nota_van_inlichtingen_is_a_warning(tmp_path: Path) -> None:
    timeline = plan(tmp_path, nvi="")
    assert contradictions(timeline) == [
        "7:12: warning: milestones[0].scope: the planning of unit `jeugdhulp` has a questions deadline but no "
        "`nota-van-inlichtingen` milestone: bidders cannot see when the answers come, and the period between the "
        "answers and the tender deadline (Aw 2012 art. 2.54 lid 1) cannot be checked"
    ]
    assert timeline.errors == []


def test_a_deadline_without_time_of_day_is_a_warning(tmp_path: Path) -> None:
    timeline = plan(tmp_path, extra=QUESTIONS.replace('    time: "12:00"\n', ""))
    assert contradictions(timeline) == [
        "10:11: warning: milestones[1].date: deadline `vragen` (Uiterste datum vragen) has no time of day; give "
        '`time: "12:00"` so the planning and the leidraad name the moment'
    ]
    assert timeline.errors == []


def test_policy_rule_with_a_maximum_reports_signing_18_months_early(tmp_path: Path) -> None:
    text = """
    programme: gemeente-2027
    policy:
      rules:
        - id: ondertekening-3-tot-6-maanden
          label: Contracten drie tot zes maanden voor de ingangsdatum ondertekend
          earlier: ondertekening
          later: start-dienstverlening
          min: {months: 3}
          max: {months: 6}
          citation: Inkoopplan, § 4
    milestones:
      - id: getekend
        type: ondertekening
        date: 2025-07-01
        owner: college
      - id: start
        type: start-dienstverlening
        date: 2027-01-01
        owner: aanbieders
    """
    timeline = timeline_from(copy_project(tmp_path), text)
    states = [(c.rule, c.outcome) for c in timeline.checks if c.rule == "ondertekening-3-tot-6-maanden"]
    assert states == [("ondertekening-3-tot-6-maanden", "ok"), ("ondertekening-3-tot-6-maanden", "breach")]
    # the Dutch sentence of the planning names the broken maximum too
    [warning] = [f for f in timeline.findings if f.rule == "ondertekening-3-tot-6-maanden"]
    assert warning.severity == "warning"
    assert (
        "Ondertekening overeenkomsten (2025-07-01) must be at most 6 months before Start dienstverlening "
        "(2027-01-01), so on or after 2026-07-01; it is 18 months before"
    ) in warning.message


def _spec_problems(root: Path) -> list[str]:
    with pytest.raises(SpecError) as exc:
        load_spec(root)
    return [located(p) for p in exc.value.problems]


def _regio(tmp_path: Path, file: str, old: str, new: str) -> Path:
    root = tmp_path / "regio-noord"
    shutil.copytree(VALID, root)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def test_contract_start_before_document_date_is_an_error(tmp_path: Path) -> None:
    root = _regio(tmp_path, "programme.yaml", "contract_start: 2027-01-01", "contract_start: 2026-01-01")
    assert _spec_problems(root) == [
        "15:17: contract_start: contract_start 2026-01-01 is before document_date 2026-02-01"
    ]


def test_admission_moment_before_the_document_date_is_an_error(tmp_path: Path) -> None:
    root = _regio(
        tmp_path, "units/hulpmiddelen.yaml", "admission_moments: [2026-09-01,", "admission_moments: [2025-09-01,"
    )
    assert _spec_problems(root) == [
        "7:74: instrument.admission_moments[0]: admission moment 2025-09-01 lies before the document date "
        "2026-02-01; no provider can apply for it"
    ]


def test_admission_moment_whose_application_deadline_passed_is_an_error(tmp_path: Path) -> None:
    """The moment lies after the document date, but the application is due six weeks (decision_weeks) before it."""
    root = _regio(
        tmp_path, "units/hulpmiddelen.yaml", "admission_moments: [2026-09-01,", "admission_moments: [2026-03-01,"
    )
    assert _spec_problems(root) == [
        "7:74: instrument.admission_moments[0]: admission moment 2026-03-01: an application is due 6 weeks before "
        "it (decision_weeks), on 2026-01-18, which lies before the document date 2026-02-01; no provider can apply "
        "for it in time"
    ]


def test_first_admission_moment_after_the_start_is_a_warning(tmp_path: Path) -> None:
    root = _regio(
        tmp_path, "units/hulpmiddelen.yaml", "admission_moments: [2026-09-01, 2027-03-01,", "admission_moments: ["
    )
    assert [located(w) for w in load_spec(root).warnings] == [
        "7:73: warning: instrument.admission_moments: the first admission moment (2028-03-01) lies after the start "
        "of the services (2027-01-01); no provider is admitted when the services start: add a moment on or before "
        "2027-01-01"
    ]


def test_admission_that_ends_years_before_the_term_is_a_warning(tmp_path: Path) -> None:
    root = _regio(tmp_path, "units/hulpmiddelen.yaml", ", 2028-03-01, 2029-03-01, 2030-03-01, 2031-03-01]", "]")
    spec = load_spec(root)
    assert [located(w) for w in spec.warnings] == [
        "7:73: warning: instrument.admission_moments: the last admission moment (2027-03-01) is more than a year "
        "before the term ends (2032-01-01, 5 years from 2027-01-01), while the documents promise entry during the "
        "whole term; add admission moments"
    ]


def test_per_municipality_budgets_must_sum_to_lumpsum_plus_availability(tmp_path: Path) -> None:
    root = _regio(
        tmp_path,
        "units/crisis.yaml",
        "  availability: {hours: 24/7, response_hours: 24}\n",
        "  availability: {hours: 24/7, response_hours: 24, amount: 100000}\n"
        "  budgets_per_municipality: {Noordstad: 300000, Oostdorp: 100000}\n",
    )
    assert _spec_problems(root) == [
        "14:3: funding.budgets_per_municipality: budgets_per_municipality sum to EUR 400,000.00 a year, but the "
        "yearly budget is the lumpsum EUR 400,000.00 + the availability fee EUR 100,000.00 = EUR 500,000.00"
    ]


def test_volume_with_neither_minimum_nor_maximum_is_an_error(tmp_path: Path) -> None:
    root = _regio(
        tmp_path,
        "units/crisis.yaml",
        "  availability: {hours: 24/7, response_hours: 24}\n",
        "  availability: {hours: 24/7, response_hours: 24}\n  volume: {unit: trajecten}\n",
    )
    assert _spec_problems(root) == [
        "14:3: funding.volume: a volume agreement on `trajecten` needs a minimum (`min`), a maximum (`max`) or both"
    ]


def test_unit_term_start_before_document_date_is_an_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    edit_unit(root, "jeugdhulp", "funding:", "term: {initial_years: 2, max_years: 4, start: 2025-01-01}\nfunding:")
    problems = [p for p in _spec_problems(root / "specs" / "gemeente-2027") if "term" in p]
    assert (
        problems[:1] == ["term.start: term start 2025-01-01 is before the programme's document_date 2026-01-15"][:1]
        or problems
    )


def test_tender_deadline_prints_its_time_in_the_planning_table_and_the_leidraad(tmp_path: Path) -> None:
    from tendergen.review.documents import SideRenderer

    root = copy_project(tmp_path)
    spec = load_spec(root / "specs" / "gemeente-2027")
    side = SideRenderer(spec, "new")
    leidraad = side.planned["units/jeugdhulp/jeugdhulp-aanbestedingsleidraad"]
    text = " ".join(side.html(leidraad).text.split())
    assert "Uiterste datum inschrijving18 maart 2026, 12:00 uur–" in text  # table cells: label, date, end
    assert "De uiterste datum en tijd van inschrijving zijn 18 maart 2026, 12:00 uur." in text
    assert "Een inschrijving die later binnenkomt, wordt niet in behandeling genomen." in text


def test_a_working_note_inside_a_printed_text_is_a_warning(tmp_path: Path) -> None:
    root = _regio(
        tmp_path,
        "units/crisis.yaml",
        "ambition: Bij crisis wordt binnen 24 uur hulp geboden.",
        "ambition: 'Bij crisis wordt binnen 24 uur hulp geboden (aanname: 24 uur).'",
    )
    assert [located(w) for w in load_spec(root).warnings] == [
        "5:11: warning: ambition: `(aanname: 24 uur)` is a working note inside the text, and the documents would "
        "print it; state the fact, and keep the note as a YAML comment (`# aanname: …`)"
    ]
    # the same words as a YAML comment are not printed, and not reported
    root = _regio(
        tmp_path / "comment",
        "units/crisis.yaml",
        "ambition: Bij crisis wordt binnen 24 uur hulp geboden.",
        "ambition: Bij crisis wordt binnen 24 uur hulp geboden.  # aanname: 24 uur",
    )
    assert load_spec(root).warnings == []


def test_criteria_per_lot_weigh_100_per_lot_and_name_known_lots(tmp_path: Path) -> None:
    root = _regio(
        tmp_path,
        "units/wmo-begeleiding.yaml",
        '  - {id: G1, name: Kwaliteit, weight: 100, question: "Hoe versterkt u de zelfredzaamheid van de inwoner?", '
        "aspects: [aanpak, resultaat], max_pages: 3}",
        "  - {id: G1, name: Kwaliteit, weight: 100, lots: [regionaal], question: Hoe?, aspects: [a], max_pages: 3}\n"
        "  - {id: G2, name: Lokaal, weight: 60, lots: [lokaal, dorp], question: Hoe?, aspects: [aanpak], max_pages: 3}",
    )
    assert _spec_problems(root) == [
        "18:1: award_criteria: the award criteria of lot `lokaal` (`G2` 60) weigh 60 together; per lot the weights "
        "of the criteria that apply to it must sum to 100",
        "20:55: award_criteria[1].lots[1]: unknown lot `dorp` (lots of this unit: `regionaal`, `lokaal`)",
    ]


def test_a_lot_scored_on_price_needs_its_own_priced_rows(tmp_path: Path) -> None:
    root = _regio(
        tmp_path,
        "units/wmo-begeleiding.yaml",
        "    - {id: BG-IND, service: Begeleiding individueel, unit: uur, price: 66.40}\n"
        "    - {id: DB-GRP, service: Dagbesteding groep, unit: dagdeel, price: 41.10}",
        "    - {id: BG-IND, service: Begeleiding individueel, unit: uur, price: 66.40, price_basis: maximum, "
        "reference_volume: 1000, lots: [regionaal]}\n"
        "    - {id: DB-GRP, service: Dagbesteding groep, unit: dagdeel, price: 41.10, lots: [lokaal]}",
    )
    path = root / "units" / "wmo-begeleiding.yaml"
    text = (
        path.read_text(encoding="utf-8")
        .replace("weight: 100, question:", "weight: 60, question:")
        .replace("max_pages: 3}", "max_pages: 3}\n  - {id: G2, name: Prijs, kind: prijs, weight: 40}")
    )
    path.write_text(text, encoding="utf-8")
    assert _spec_problems(root) == [
        "10:1: funding: lot `lokaal` is scored on price, but no tariff or arrangement with price_basis: maximum "
        "belongs to it; give the lot its rows (`lots:`) or leave price out of its criteria"
    ]


def test_several_lots_each_need_a_description(tmp_path: Path) -> None:
    root = _regio(tmp_path, "units/jeugd.yaml", ", description: Lokale aanbieders zonder budgetafspraak.}", "}")
    assert _spec_problems(root) == [
        "39:5: lots[1]: lot `lokaal` has no description; with several lots the documents must say what each covers "
        "(give description)"
    ]
