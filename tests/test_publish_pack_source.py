"""What publishing reads of the built pack: the build's own digests decide what is stale."""

from __future__ import annotations

import shutil
from pathlib import Path

from tendergen.project import load_project
from tendergen.publish.pack_source import built_documents
from tendergen.render import BuildOptions, build_pack

KLEIN = Path(__file__).parent / "fixtures" / "render" / "klein"


def test_a_built_pack_is_fresh_until_the_spec_changes(tmp_path: Path) -> None:
    shutil.copytree(KLEIN, tmp_path / "specs" / "klein")
    programme = tmp_path / "specs" / "klein"
    before = built_documents(load_project(programme))
    assert [d.files for d in before] == [{}, {}, {}]
    assert all(d.stale for d in before)
    build_pack(load_project(programme), BuildOptions())
    built = built_documents(load_project(programme))
    assert [(d.name, d.stale) for d in built] == [
        ("units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst", False),
        ("units/toegang/toegang-opdrachtbrief", False),
        ("programma-overzicht", False),
    ]
    assert sorted(built[1].files) == [".docx", ".pdf"]
    unit = programme / "units" / "toegang.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("Eén loket", "Eén nieuw loket"), encoding="utf-8")
    changed = built_documents(load_project(programme))
    assert [(d.name, d.stale) for d in changed] == [
        ("units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst", False),
        ("units/toegang/toegang-opdrachtbrief", True),
        ("programma-overzicht", True),
    ]
