"""The own Schematron runner against the eForms SDK's examples and their reference reports."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from standards import need_sdk
from tendergen.publish import schematron
from tendergen.publish.schematron import SchematronError, compile_phase, validate_notice

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
# The day the rules with current-date() see; the SDK's examples date from 2023-2024.
ON = date(2024, 6, 1)


def reference(sdk: Path, name: str) -> tuple[str, Counter[str]]:
    report = etree.parse(str(sdk / "examples" / "reports" / f"{name}.svrl")).getroot()
    return report.get("phase", ""), Counter(f.get("id", "") for f in report.iter(f"{SVRL}failed-assert"))


def run(sdk: Path, name: str, phase: str) -> Counter[str]:
    notice = (sdk / "examples" / "notices" / f"{name}.xml").read_bytes()
    return Counter(f.id for f in validate_notice(sdk, notice, ON, phase=phase))


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    ["cn_24_open", "cn-social_24", "INVALID_cn_24_empty", "INVALID_cn_24_multiple", "INVALID_can_24_empty"],
)
def test_runner_reports_the_same_failed_asserts_as_the_sdk(name: str) -> None:
    sdk = need_sdk()
    phase, expected = reference(sdk, name)
    assert run(sdk, name, phase) == expected
    if name.startswith("INVALID"):
        assert expected, "an INVALID example must fail something, or the comparison proves nothing"


@pytest.mark.slow
def test_stale_reference_report_lacks_the_newer_scheme_rule() -> None:
    """INVALID_cn_24_stage-1: the report predates the rule that an organisation id carries @schemeName."""
    sdk = need_sdk()
    phase, expected = reference(sdk, "INVALID_cn_24_stage-1")
    got = run(sdk, "INVALID_cn_24_stage-1", phase)
    assert got - expected == Counter({"OPT-200-Organization-Company-Scheme_MA": 1})
    assert expected - got == Counter()
    notice = etree.parse(str(sdk / "examples" / "notices" / "INVALID_cn_24_stage-1.xml"))
    ns = {"efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
          "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
          "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}  # fmt: skip
    ids = notice.xpath("//efac:Organization/efac:Company/cac:PartyIdentification/cbc:ID", namespaces=ns)
    assert ids and all(i.get("schemeName") is None for i in ids)


@pytest.mark.slow
def test_failed_assert_carries_role_location_and_field() -> None:
    sdk = need_sdk()
    notice = (sdk / "examples" / "notices" / "INVALID_cn_24_empty.xml").read_bytes()
    failed = validate_notice(sdk, notice, ON)
    first = failed[0]
    assert first.role == "ERROR"
    assert first.location == "/ContractNotice[1]"
    assert all(f.id and f.pattern.startswith("EFORMS-validation-stage-") for f in failed)
    assert any(f.field for f in failed)


def test_current_date_is_the_date_passed_in() -> None:
    sdk = need_sdk()
    xslt = compile_phase(sdk / "schematrons" / "static", "eforms-16")
    assert "current-date()" not in xslt
    assert "$tg-date" in xslt


def test_unsupported_schematron_is_refused(tmp_path: Path) -> None:
    (tmp_path / "complete-validation.sch").write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<phase id="p"><active pattern="a"/></phase>'
        '<pattern id="a"><rule context="/*"><report test="true()">x</report></rule></pattern></schema>',
        encoding="utf-8",
    )
    with pytest.raises(SchematronError, match="`report` is not supported"):
        compile_phase(tmp_path, "p")


def test_own_schematron_rules_fire_first_rule_only(tmp_path: Path) -> None:
    """Of the rules of one pattern only the first whose context matches a node fires; patterns run in order."""
    (tmp_path / "complete-validation.sch").write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<ns prefix="x" uri="urn:x"/><let name="n" value="count(//x:b)"/>'
        '<phase id="p"><active pattern="a"/><active pattern="b"/></phase>'
        '<pattern id="a"><rule context="x:b[@k]"><assert id="A1" role="ERROR" test="false()">t</assert></rule>'
        '<rule context="x:b"><assert id="A2" role="WARN" test="$n = 1">t</assert></rule></pattern>'
        '<pattern id="b"><rule context="x:b/@k"><assert id="B1" role="ERROR" '
        'test="xs:date(.) ge current-date()">t</assert></rule></pattern></schema>',
        encoding="utf-8",
    )
    monkey_sdk = tmp_path / "sdk"
    (monkey_sdk / "schematrons").mkdir(parents=True)
    (monkey_sdk / "schematrons" / "static").symlink_to(tmp_path)
    doc = b'<r xmlns="urn:x"><b k="2024-05-01"/><b/><b k="2024-07-01"/></r>'
    cache = tmp_path / "cache"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(cache))
        failed = validate_notice(monkey_sdk, doc, ON, phase="p")
    assert [(f.id, f.role, f.location) for f in failed] == [
        ("A1", "ERROR", "/r[1]/b[1]"),
        ("A2", "WARN", "/r[1]/b[2]"),
        ("A1", "ERROR", "/r[1]/b[3]"),
        ("B1", "ERROR", "/r[1]/b[1]/@k"),
    ]
    assert (cache / "tendergen" / "schematron" / "unknown" / f"runner-{schematron.RUNNER_VERSION}" / "p.xsl").is_file()
