"""The spec model: pydantic models for programme.yaml and the unit files."""

from __future__ import annotations

from tendergen.spec.programme import Authority, Financing, Programme, Tender
from tendergen.spec.unit import Unit

__all__ = ["Authority", "Financing", "Programme", "Tender", "Unit"]
