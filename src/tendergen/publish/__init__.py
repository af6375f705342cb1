"""Publishing: standards (eForms SDK, OCDS), notice validation, notices, OCDS releases, the pack and its adapters."""

from __future__ import annotations
