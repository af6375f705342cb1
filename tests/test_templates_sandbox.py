"""The template sandbox: a template cannot change what other documents of the pack read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tendergen.errors import RenderError
from tendergen.project import load_project
from tendergen.render import BuildOptions, build_pack

KLEIN = Path(__file__).parent / "fixtures" / "render" / "klein"

MUTATING = """{%% extends "_base.html.j2" %%}
{%% block subject %%}{{ unit.name }}{%% endblock %%}
{%% block toc %%}{%% endblock %%}
{%% block content %%}
<h1>Poging</h1>
{%% set _ = %s %%}
<p>Klaar.</p>
{%% endblock %%}
"""


@pytest.mark.parametrize(
    "expression",
    ["programme.principles.append('X')", "programme.model_config.update({'frozen': False})", "units.pop()"],
)
def test_a_template_cannot_change_the_spec(tmp_path: Path, expression: str) -> None:
    shutil.copytree(KLEIN, tmp_path / "specs" / "klein")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "opdrachtbrief.html.j2").write_text(MUTATING % expression, encoding="utf-8")
    project = load_project(tmp_path / "specs" / "klein")
    principles = list(project.spec.programme.principles)
    with pytest.raises(RenderError) as caught:
        build_pack(project, BuildOptions())
    (problem,) = caught.value.problems
    assert problem.file == "templates/opdrachtbrief.html.j2"
    assert problem.line == 6
    assert "unsafe" in problem.message
    assert list(project.spec.programme.principles) == principles
    assert not (tmp_path / "output").exists()
