"""Number of contractors and framework agreements (issue 10 item 4): the model's checks, each with its exact located
message, and the Aw 2012 art. 2.140 lid 3 rule as legal data."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from specedit import problems, variant
from tendergen.errors import SpecError
from tendergen.legal import contract_rules, framework_term_rule
from tendergen.project import load_spec
from tendergen.schedule.rules import legal_rules
from tendergen.spec.unit import Contractors, contractors_of

REPO = Path(__file__).resolve().parents[1]

FIXTURES = Path(__file__).parent / "fixtures" / "render"


def _warnings(root: Path) -> list[str]:
    return [p.format() for p in load_spec(root).warnings if "has no question" not in p.message]


def _variant(tmp_path: Path, fixture: str, file: str, old: str, new: str) -> Path:
    return variant(tmp_path, FIXTURES / fixture, file, old, new)


_problems = problems

BW = "units/beschermd-wonen.yaml"
BW_INSTRUMENT = "instrument: {kind: aanbesteding, procedure: niet-openbaar}"


def test_the_framework_term_rule_is_legal_data_with_article_lid_validity_and_reading() -> None:
    (rule,) = contract_rules().framework_terms
    assert rule.provision == "Aanbestedingswet 2012 art. 2.140 lid 3"
    assert rule.citation == "aw_framework_term"
    assert rule.max_years == Decimal(4)
    assert (rule.error, rule.warning) == (["openbaar", "niet-openbaar"], ["sas"])
    assert (rule.valid_from, rule.valid_to, rule.checked_against) == (dt.date(2016, 7, 1), None, dt.date(2025, 9, 1))
    assert rule.reading in {r.id for r in legal_rules().readings}
    assert framework_term_rule(dt.date(2016, 6, 30)) is None
    legal = Path(__file__).resolve().parents[2] / "shared" / "legal"  # the offline sources next to the repository
    text = next(legal.glob("aanbestedingswet-2012-*.txt"), None) if legal.is_dir() else None
    if text is not None:  # the article as it reads in the consolidated text the rule was checked against
        assert (
            "De looptijd van een raamovereenkomst is niet langer dan vier jaar, behalve in uitzonderingsgevallen die "
            "deugdelijk gemotiveerd zijn." in text.read_text(encoding="utf-8")
        )


def test_a_lot_number_refines_the_model_of_its_tender() -> None:
    tender = Contractors(framework=True, allocation="rangorde")
    assert contractors_of(3, tender) == Contractors(number="meerdere", maximum=3, framework=True, allocation="rangorde")
    assert contractors_of(1, tender) == Contractors(number="een", framework=True, allocation="rangorde")
    own = Contractors(number="alle-geschikten", allocation="toegang")
    assert contractors_of(own, tender) is own
    assert contractors_of(None, None) == Contractors()


def test_a_framework_longer_than_four_years_without_a_reason_is_an_error_in_a_restricted_procedure(
    tmp_path: Path,
) -> None:
    root = _variant(
        tmp_path,
        "procedures",
        BW,
        BW_INSTRUMENT,
        "instrument: {kind: aanbesteding, procedure: niet-openbaar, contractors: {framework: true}}",
    )
    assert _problems(root) == [
        f"{root / BW}:13:85: instrument.contractors.framework: the framework agreement runs up to 7 years (unit "
        "`beschermd-wonen` term.max_years, beschermd-wonen.yaml line 30), more than 4 years: Aanbestedingswet 2012 "
        "art. 2.140 lid 3 allows that only in soundly motivated exceptional cases; give framework_reason"
    ]


def test_a_stated_reason_clears_it(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        "procedures",
        BW,
        BW_INSTRUMENT,
        "instrument: {kind: aanbesteding, procedure: niet-openbaar, contractors: {framework: true, "
        "framework_reason: de woonvoorzieningen een investering vragen die in vier jaar niet terugverdiend "
        "wordt}}",
    )
    assert _warnings(root) == []


def test_in_a_sas_procedure_it_is_a_warning_by_the_recorded_reading(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        "procedures",
        BW,
        BW_INSTRUMENT,
        "instrument: {kind: aanbesteding, procedure: sas, contractors: {framework: true}}",
    )
    assert _warnings(root) == [
        f"{root / BW}:13:75: warning: instrument.contractors.framework: the framework agreement runs up to 7 years "
        "(unit `beschermd-wonen` term.max_years, beschermd-wonen.yaml line 30), more than 4 years: Aanbestedingswet "
        "2012 art. 2.140 lid 3 allows that only in soundly motivated exceptional cases; give framework_reason (in a "
        "sas procedure the article binds by the reading `raamovereenkomst-looptijd-sas` of the legal data)"
    ]


def test_a_national_procedure_gets_no_finding(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        "procedures",
        "units/re-integratie.yaml",
        "instrument: {kind: aanbesteding, procedure: meervoudig-onderhands}\n",
        "instrument: {kind: aanbesteding, procedure: meervoudig-onderhands, contractors: {framework: true}}\n",
    )
    path = root / "units/re-integratie.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("max_years: 4}", "max_years: 6}"), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("[1, 1]", "[1, 1, 1, 1]"), encoding="utf-8")
    assert _warnings(root) == []


def test_a_grouped_tender_is_checked_on_the_tender_with_the_longest_unit_term(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        "domeinen",
        "units/dagbesteding.yaml",
        "term: {initial_years: 3, extensions_years: [1], max_years: 4}",
        "term: {initial_years: 3, extensions_years: [1, 2], max_years: 6}",
    )
    assert _warnings(root) == [
        f"{root / 'programme.yaml'}:21:30: warning: tenders[0].contractors.framework: the framework agreement runs "
        "up to 6 years (unit `dagbesteding` term.max_years, dagbesteding.yaml line 16), more than 4 years: "
        "Aanbestedingswet 2012 art. 2.140 lid 3 allows that only in soundly motivated exceptional cases; give "
        "framework_reason (in a sas procedure the article binds by the reading `raamovereenkomst-looptijd-sas` of "
        "the legal data)"
    ]


def test_several_contractors_need_a_maximum_and_an_allocation(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        "procedures",
        BW,
        BW_INSTRUMENT,
        "instrument: {kind: aanbesteding, procedure: niet-openbaar, contractors: {number: meerdere}}",
    )
    assert _problems(root) == [
        f"{root / BW}:13:60: instrument.contractors: several contractors need an allocation: how clients are "
        "allocated among them",
        f"{root / BW}:13:82: instrument.contractors.number: `meerdere` contractors needs a maximum (the most "
        "contractors the award goes to)",
    ]


def test_fields_that_belong_to_another_choice_are_errors(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        "procedures",
        BW,
        BW_INSTRUMENT,
        "instrument: {kind: aanbesteding, procedure: niet-openbaar, contractors: {maximum: 3, "
        "threshold_points: 60, allocation: minicompetitie, framework_reason: omdat het kan}}",
    )
    assert _problems(root) == [
        f"{root / BW}:13:83: instrument.contractors.maximum: a maximum applies to `meerdere` contractors, not to `een`",
        f"{root / BW}:13:104: instrument.contractors.threshold_points: threshold_points applies to `alle-geschikten`, "
        "not to `een`",
        f"{root / BW}:13:120: instrument.contractors.allocation: allocation `minicompetitie` (a new competition "
        "among the contractors per order) needs a framework agreement (framework: true)",
        f"{root / BW}:13:154: instrument.contractors.framework_reason: framework_reason applies to a framework "
        "agreement only",
    ]


def test_all_above_a_threshold_without_one_is_a_warning(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        "procedures",
        BW,
        BW_INSTRUMENT,
        "instrument: {kind: aanbesteding, procedure: niet-openbaar, contractors: {number: alle-geschikten, "
        "allocation: toegang}}",
    )
    assert _warnings(root) == [
        f"{root / BW}:13:82: warning: instrument.contractors.number: `alle-geschikten` awards every bid above a "
        "threshold, but there is none: give threshold_points or a min_score on a quality criterion (otherwise every "
        "bid that meets the eisen is awarded)"
    ]


def test_a_lot_of_several_contractors_without_an_allocation_is_an_error(tmp_path: Path) -> None:
    root = _variant(tmp_path, "domeinen", "programme.yaml", "    contractors: {allocation: toegang}\n", "")
    assert _problems(root) == [
        f"{root / 'programme.yaml'}:45:22: tenders[1].lots[0].contractors: lot `regionaal` goes to up to 2 "
        "contractors: say how clients are allocated among them (allocation on the lot's contractors, or on the "
        "contractors it refines)",
        f"{root / 'programme.yaml'}:51:22: tenders[1].lots[1].contractors: lot `lokaal` goes to up to 6 "
        "contractors: say how clients are allocated among them (allocation on the lot's contractors, or on the "
        "contractors it refines)",
    ]


def test_a_unit_of_a_grouped_tender_with_lots_leaves_the_contractors_to_the_lots(tmp_path: Path) -> None:
    root = _variant(tmp_path, "domeinen", "units/begeleiding.yaml", "tender: wmo", "tender: wmo, contractors: {}")
    assert _problems(root) == [
        f"{root / 'units/begeleiding.yaml'}:9:47: instrument.contractors: unit of grouped tender `wmo`, which has "
        "lots: give contractors on the tender's lots in programme.yaml, not on the unit"
    ]


def test_a_lumpsum_awarded_to_several_contractors_is_an_error(tmp_path: Path) -> None:
    """Midden-Holland's SAS tender goes to up to twelve contractors per segment; its lumpsum segments set one."""
    root = tmp_path / "midden-holland-2025"
    shutil.copytree(REPO / "specs" / "midden-holland-2025", root)
    unit = root / "units" / "crisis.yaml"
    text = unit.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines(keepends=True) if line.startswith("  contractors: {number: een}"))
    unit.write_text(text.replace(line, ""), encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_spec(root)
    assert [p.format().split("/units/", 1)[1] for p in raised.value.problems] == [
        "crisis.yaml:35:5: funding.lumpsum: unit `crisis` is paid by one lumpsum, but tender `jeugd-wmo-2025` awards "
        "it to several contractors: each contract would promise the whole lumpsum; set `instrument.contractors: "
        "{number: een}` (one contractor, a combination or a main contractor) or divide the lumpsum over lots"
    ]


def test_paying_per_allocation_for_longer_than_four_years_reads_as_a_framework(tmp_path: Path) -> None:
    """An open procedure, tariffs per allocated service, no guaranteed volume, five years: art. 1.1 and 2.140 lid 3."""
    root = _variant(
        tmp_path,
        "alles-regio",
        "units/hulpmiddelen.yaml",
        ", contractors: {framework: true, framework_reason: de leverancier een depot met hulpmiddelen opbouwt dat hij "
        "in vier jaar niet terugverdient}",
        "",
    )
    found = [p.format().split("/units/", 1)[1] for p in load_spec(root).warnings if "raamovereenkomst" in p.message]
    assert found == [
        "hulpmiddelen.yaml:23:60: warning: term.max_years: unit `hulpmiddelen` is paid per allocated service with no "
        "guaranteed volume for up to 5 years: that reads as a raamovereenkomst (Aw 2012 art. 1.1), whose term "
        "Aanbestedingswet 2012 art. 2.140 lid 3 limits to 4 years unless soundly motivated; set `framework: true` "
        "with a `framework_reason` in `instrument.contractors`, or guarantee a minimum volume (funding.volume.min)"
    ]
