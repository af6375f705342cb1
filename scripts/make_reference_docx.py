"""Regenerate the built-in DOCX house style, src/tendergen/templates/reference.docx (byte-identical every
run)."""

from __future__ import annotations

from pathlib import Path

from tendergen.render.reference import build_reference_docx
from tendergen.writer import write_bytes

TARGET = Path(__file__).resolve().parent.parent / "src" / "tendergen" / "templates" / "reference.docx"


def main() -> None:
    """Write the reference document and say where."""
    write_bytes(TARGET, build_reference_docx())
    print(f"wrote {TARGET}")  # noqa: T201 - a developer script reports what it wrote


if __name__ == "__main__":
    main()
