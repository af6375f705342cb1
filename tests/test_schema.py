from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from tendergen.cli import cli
from tendergen.schema import json_schema, schema_json

REPO = Path(__file__).parent.parent
PROGRAMMES = sorted(
    [p for p in (REPO / "specs").glob("*") if (p / "programme.yaml").is_file()]
    + [REPO / "tests/fixtures/valid/regio-noord"]
)


def _as_json(path: Path) -> Any:
    """YAML → JSON-compatible data (dates become ISO strings), as an editor's language server sees it."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def _files(programme: Path) -> list[tuple[str, Path]]:
    return [("programme", programme / "programme.yaml")] + [
        ("unit", unit) for unit in sorted((programme / "units").glob("*.yaml"))
    ]


def test_example_schedules_validate_against_the_json_schema() -> None:
    validator = jsonschema.Draft202012Validator(json_schema("schedule"))
    for path in sorted((REPO / "schedules").glob("*.yaml")):
        assert [e.message for e in validator.iter_errors(_as_json(path))] == [], path.name


@pytest.mark.parametrize("programme", PROGRAMMES, ids=lambda p: p.name)
def test_every_spec_file_validates_against_the_json_schema(programme: Path) -> None:
    for kind, path in _files(programme):
        validator = jsonschema.Draft202012Validator(json_schema(kind))
        errors = [
            f"{path.name}: {'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(_as_json(path))
        ]
        assert errors == []


def test_schemas_are_valid_draft_2020_12() -> None:
    for kind in ("programme", "unit", "schedule", "qa"):
        schema = json_schema(kind)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_rejects_what_the_model_rejects() -> None:
    validator = jsonschema.Draft202012Validator(json_schema("unit"))
    unit = _as_json(REPO / "tests/fixtures/valid/regio-noord/units/jeugd.yaml")
    unit["fundng"] = unit.pop("funding")
    unit["subcontracting"]["min_share_small_local_pct"] = 120
    errors = sorted(validator.iter_errors(unit), key=lambda e: list(e.path))
    assert [list(e.path) for e in errors] == [[], ["subcontracting"]]
    assert errors[0].message == "Additional properties are not allowed ('fundng' was unexpected)"
    assert "120 is greater than the maximum of 100" in _all_messages(errors[1])


def _all_messages(error: jsonschema.ValidationError) -> list[str]:
    return [error.message, *(m for child in error.context or [] for m in _all_messages(child))]


def test_every_field_has_a_description() -> None:
    for kind in ("programme", "unit", "schedule", "qa"):
        schema = json_schema(kind)
        for name, definition in [("root", schema), *schema.get("$defs", {}).items()]:
            for field, prop in definition.get("properties", {}).items():
                assert prop.get("description"), f"{kind}: {name}.{field} has no description"


def test_committed_schemas_are_up_to_date() -> None:
    for kind in ("programme", "unit", "schedule", "qa"):
        committed = (REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert committed == schema_json(kind), f"run: tendergen schema {kind} -o schemas/{kind}.schema.json"


def test_schema_command_writes_file(tmp_path: Path) -> None:
    out = tmp_path / "unit.schema.json"
    result = CliRunner().invoke(cli, ["schema", "unit", "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "Unit"
