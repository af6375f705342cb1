"""JSON Schema (draft 2020-12) of the spec files, for editors with the YAML language server."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from tendergen.qa import QaRound
from tendergen.schedule.model import Schedule
from tendergen.spec import Programme
from tendergen.spec.unit import UnitFile

MODELS: dict[str, type[BaseModel]] = {"programme": Programme, "unit": UnitFile, "schedule": Schedule, "qa": QaRound}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a ``programme``, ``unit``, ``schedule`` or ``qa`` file."""
    model = MODELS[kind]
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://tendergen.invalid/schema/{kind}.schema.json",
        **schema,
    }


def schema_json(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
