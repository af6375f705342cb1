"""The performance changes keep their meaning: memoised template references, cached engine setup."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from tendergen.render.templates import DocumentEnvironment, TemplateSet


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_closure_follows_template_content_not_a_stale_memo(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    _write(folder, "doc.html.j2", '{% extends "a.html.j2" %}')
    _write(folder, "a.html.j2", '{% include "b.html.j2" %}')
    _write(folder, "b.html.j2", "b")
    _write(folder, "c.html.j2", "c")
    templates = TemplateSet((folder,))
    assert DocumentEnvironment(templates).closure("doc.html.j2") == ["a.html.j2", "b.html.j2", "doc.html.j2"]
    _write(folder, "a.html.j2", '{% include "c.html.j2" %}')
    assert DocumentEnvironment(templates).closure("doc.html.j2") == ["a.html.j2", "c.html.j2", "doc.html.j2"]


def test_closure_of_a_template_that_does_not_parse_is_the_template_itself(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    _write(folder, "doc.html.j2", '{% include "b.html.j2" %}{% if %}')
    _write(folder, "b.html.j2", "b")
    env = DocumentEnvironment(TemplateSet((folder,)))
    assert env.closure("doc.html.j2") == ["doc.html.j2"]
    assert env.closure("doc.html.j2") == ["doc.html.j2"]


def test_harfbuzz_check_agrees_with_weasyprint() -> None:
    from weasyprint.text import ffi

    from tendergen.render.subsetting import harfbuzz_subset_available

    weasyprint_uses_harfbuzz = ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))
    assert harfbuzz_subset_available() is weasyprint_uses_harfbuzz


def test_missing_harfbuzz_subset_is_reported_once_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from tendergen.render import subsetting

    monkeypatch.setattr(subsetting, "harfbuzz_subset_available", lambda: False)
    monkeypatch.setattr(subsetting, "_warned", False)
    stream = io.StringIO()
    subsetting.warn_once(stream)
    subsetting.warn_once(stream)
    assert stream.getvalue() == (
        "warning: libharfbuzz-subset (HarfBuzz >= 4.1.0) is not installed, so WeasyPrint subsets the embedded "
        "fonts with fontTools, which is slower; install it with `sudo apt-get install libharfbuzz-subset0`\n"
    )


def test_present_harfbuzz_subset_is_not_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from tendergen.render import subsetting

    monkeypatch.setattr(subsetting, "harfbuzz_subset_available", lambda: True)
    monkeypatch.setattr(subsetting, "_warned", False)
    stream = io.StringIO()
    subsetting.warn_once(stream)
    assert stream.getvalue() == ""


def test_a_parallel_build_without_harfbuzz_subset_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from tendergen.project import load_project
    from tendergen.render import BuildOptions, build_pack, subsetting

    monkeypatch.setattr(subsetting, "harfbuzz_subset_available", lambda: False)
    monkeypatch.setattr(subsetting, "_warned", False)
    shutil.copytree(Path(__file__).parent / "fixtures" / "render" / "klein", tmp_path / "specs" / "klein")
    report = build_pack(load_project(tmp_path / "specs" / "klein"), BuildOptions(jobs=2))
    assert len([name for name in report.written if name.endswith(".pdf")]) >= 2
    assert capfd.readouterr().err.count(subsetting.MESSAGE) == 1
