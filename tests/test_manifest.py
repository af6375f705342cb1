"""The build manifest: the one authority on what is stale, and never a way to delete a file outside the pack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tendergen.project import load_project
from tendergen.render import BuildOptions, build_pack
from tendergen.render.manifest import MANIFEST, Entry, Manifest, remove_stale, sha256

KLEIN = Path(__file__).parent / "fixtures" / "render" / "klein"


def manifest_with(files: dict[str, str]) -> Manifest:
    return Manifest({"old": Entry("x", files)})


def test_only_files_inside_the_pack_with_the_recorded_digest_are_removed(tmp_path: Path) -> None:
    pack = tmp_path / "project" / "output" / "p"
    pack.mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    digest = sha256(b"keep me")
    (pack / "stale.pdf").write_bytes(b"old pdf")
    (pack / "edited.pdf").write_bytes(b"edited by hand")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "file.pdf").write_text("keep me", encoding="utf-8")
    (pack / "linked").symlink_to(outside)
    (pack / "link.pdf").symlink_to(victim)
    old = manifest_with(
        {
            "../../../victim.txt": digest,
            str(victim): digest,
            "linked/file.pdf": digest,
            "link.pdf": digest,
            "edited.pdf": sha256(b"as built"),
            "stale.pdf": sha256(b"old pdf"),
        }
    )
    removed = remove_stale(pack, old, Manifest())
    assert removed == ["stale.pdf"]
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (outside / "file.pdf").is_file()
    assert (pack / "edited.pdf").read_bytes() == b"edited by hand"
    assert (pack / "link.pdf").is_symlink()


def test_a_committed_manifest_naming_files_outside_deletes_nothing(tmp_path: Path) -> None:
    shutil.copytree(KLEIN, tmp_path / "specs" / "klein")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    pack = tmp_path / "output" / "klein"
    pack.mkdir(parents=True)
    entry = {"inputs": "0", "files": {"../../victim.txt": sha256(b"keep me"), str(victim): sha256(b"keep me")}}
    (pack / MANIFEST).write_text(json.dumps({"outputs": {"gone": entry}}), encoding="utf-8")
    report = build_pack(load_project(tmp_path / "specs" / "klein"), BuildOptions())
    assert report.removed == []
    assert victim.read_text(encoding="utf-8") == "keep me"
    written = json.loads((pack / MANIFEST).read_text(encoding="utf-8"))["outputs"]
    assert "gone" not in written
    assert set(written) == {
        "units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst",
        "units/toegang/toegang-opdrachtbrief",
        "programma-overzicht",
        "index.html",
    }


def test_an_old_manifest_with_documents_is_read(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text(
        json.dumps({"documents": {"a": {"inputs": "1", "files": {"a.pdf": "ff"}}}}), encoding="utf-8"
    )
    assert Manifest.load(tmp_path).outputs == {"a": Entry("1", {"a.pdf": "ff"}, "document")}
