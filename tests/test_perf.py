"""The performance changes keep their meaning: memoised template references, cached engine setup."""

from __future__ import annotations

from pathlib import Path

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
