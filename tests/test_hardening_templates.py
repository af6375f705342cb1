"""Hostile templates: links out of templates/, includes of binary files, recursion, runaway loops, string bombs,
and documents that try to reach the network or files outside the template folders (issue 13).

Every case fails the build with a message naming the template (and line where there is one); none publishes a
byte of the file it points at, and no request leaves the machine.
"""

from __future__ import annotations

import http.server
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tendergen.errors import RenderError
from tendergen.render import templates as templates_module
from tendergen.render.templates import RenderBudget, TemplateSet, time_limit
from test_render import FIXTURES, build, make_project

OPDRACHT = "units/toegang/toegang-opdrachtbrief"


@pytest.fixture
def klein(tmp_path: Path) -> Path:
    """A fresh project holding the small programme, with an empty templates/ folder."""
    project = make_project(tmp_path / "project", "klein")
    (project / "templates").mkdir()
    return project


def override(project: Path, body: str, name: str = "opdrachtbrief.html.j2") -> None:
    """A project template ``name`` that extends the base layout with ``body`` as its content."""
    text = (
        '{% extends "_base.html.j2" %}{% block subject %}{{ unit.name }}{% endblock %}\n'
        "{% block content %}<h1>Opdracht</h1>\n" + body + "\n{% endblock %}\n"
    )
    (project / "templates" / name).write_text(text, encoding="utf-8")


def build_error(project: Path) -> str:
    """The build's error; a document's render failure written as ``<document>: <where>: <message>`` for the
    assertions (a template refused while the build plans, before any document renders, names no document)."""
    with pytest.raises(RenderError) as caught:
        build(project, "klein")
    text = str(caught.value)
    where, found, document = text.rpartition(" (rendering ")
    return f"{document[:-1]}: {where}" if found else text


def no_pack_holds(project: Path, secret: bytes) -> None:
    for path in (project / "output").rglob("*") if (project / "output").exists() else []:
        if path.is_file():
            assert secret not in path.read_bytes(), path


# ---------------------------------------------------------------------------------------------- links


def test_an_override_that_links_to_etc_passwd_is_refused(klein: Path) -> None:
    (klein / "templates" / "opdrachtbrief.html.j2").symlink_to("/etc/passwd")
    assert build_error(klein) == (
        "opdrachtbrief.html.j2: refused `opdrachtbrief.html.j2`: templates/opdrachtbrief.html.j2 is a link to "
        "/etc/passwd, outside the template folders"
    )
    no_pack_holds(klein, b"root:")


def test_an_include_of_a_link_to_proc_environ_is_refused(klein: Path) -> None:
    (klein / "templates" / "env.j2").symlink_to("/proc/self/environ")
    override(klein, "<pre>{% include 'env.j2' %}</pre>")
    assert build_error(klein) == (
        "templates/opdrachtbrief.html.j2: refused `env.j2`: templates/env.j2 is a link to "
        f"/proc/{os.getpid()}/environ, outside the template folders"
    )
    no_pack_holds(klein, b"PATH=")


def test_a_linked_folder_is_refused_and_its_files_are_not_offered(klein: Path) -> None:
    (klein / "templates" / "sys").symlink_to("/etc")
    override(klein, "<pre>{% include 'sys/passwd' %}</pre>")
    assert build_error(klein) == (
        "templates/opdrachtbrief.html.j2: refused `sys/passwd`: templates/sys/passwd is a link to /etc/passwd, "
        "outside the template folders"
    )
    assert not any(name.startswith("sys/") for name in TemplateSet.for_project(klein).files())


def test_a_computed_include_of_a_link_is_refused_at_its_line(klein: Path) -> None:
    (klein / "templates" / "leak.html.j2").symlink_to("/etc/passwd")
    override(klein, "{% set name = 'leak' ~ '.html.j2' %}\n<pre>{% include name %}</pre>")
    assert build_error(klein) == (
        f"{OPDRACHT}: templates/opdrachtbrief.html.j2:4: refused `leak.html.j2`: templates/leak.html.j2 is a link "
        "to /etc/passwd, outside the template folders"
    )


def test_a_templates_folder_that_links_out_of_the_project_is_refused(klein: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (klein / "templates").rmdir()
    (klein / "templates").symlink_to(elsewhere)
    with pytest.raises(RenderError) as caught:
        TemplateSet.for_project(klein)
    assert str(caught.value) == (
        f"templates: is a link to {elsewhere}, outside the project; copy the templates in instead"
    )


def test_a_link_inside_the_template_folder_still_works(klein: Path) -> None:
    shutil.copy(FIXTURES / "overrides" / "programma-overzicht.html.j2", klein / "templates" / "mijn-overzicht.j2")
    (klein / "templates" / "programma-overzicht.html.j2").symlink_to("mijn-overzicht.j2")
    assert "programma-overzicht.pdf" in build(klein, "klein").written


# ---------------------------------------------------------------------------------------------- broken templates


def test_an_include_of_reference_docx_names_the_file(klein: Path) -> None:
    override(klein, "{% include 'reference.docx' %}")
    assert build_error(klein) == (
        "templates/opdrachtbrief.html.j2: refused `reference.docx`: tendergen/templates/reference.docx is not a "
        "UTF-8 text file"
    )


def test_a_reference_docx_that_is_no_zip_is_refused(klein: Path) -> None:
    (klein / "templates" / "reference.docx").write_bytes(b"not a zip")
    message = build_error(klein)
    assert message.endswith(
        "templates/reference.docx: is not a Word document (not a zip file); save it from Word as .docx"
    )


def test_template_recursion_names_the_template(klein: Path) -> None:
    (klein / "templates" / "loop.html.j2").write_text("x{% include 'loop.html.j2' %}", encoding="utf-8")
    override(klein, "{% include 'loop.html.j2' %}")
    assert build_error(klein) == (
        f"{OPDRACHT}: templates/loop.html.j2:1: templates nest too deeply (does a template include, import or call "
        "itself?)"
    )


@pytest.mark.parametrize("include", ["'nergens-toegang.j2'", "['nergens-' ~ unit.id ~ '.j2']"])
def test_a_missing_include_names_the_including_line(klein: Path, include: str) -> None:
    override(klein, "<p>a</p>\n{% include " + include + " %}")
    assert build_error(klein) == (
        f"{OPDRACHT}: templates/opdrachtbrief.html.j2:4: template `nergens-toegang.j2` not found"
    )


# ---------------------------------------------------------------------------------------------- bounded work


def test_two_nested_range_loops_stop_at_the_budget(klein: Path) -> None:
    override(klein, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    started = time.monotonic()
    assert build_error(klein) == (
        f"{OPDRACHT}: templates/opdrachtbrief.html.j2:3: the template did more than 1,000,000 operations (a runaway "
        "loop?); the limit is 1,000,000 per document"
    )
    assert time.monotonic() - started < 60


def test_a_string_bomb_in_a_template_is_refused(klein: Path) -> None:
    override(klein, "{{ 'x' * 10000 * 1000000 }}")
    assert build_error(klein) == (
        f"{OPDRACHT}: templates/opdrachtbrief.html.j2:3: `*` would build 10,000,000,000 items; the limit is 5,000,000"
    )


def test_a_power_bomb_in_a_template_is_refused(klein: Path) -> None:
    override(klein, "{{ 9 ** 99999999 }}")
    assert build_error(klein) == (
        f"{OPDRACHT}: templates/opdrachtbrief.html.j2:3: `**` would build a number of some 120,799,998 digits"
    )


def test_the_budget_also_watches_the_clock() -> None:
    budget = RenderBudget(steps=10**9, seconds=0.0)
    with pytest.raises(templates_module.BudgetExceeded) as caught:
        for _ in range(5000):
            budget.step()
    assert str(caught.value) == "rendering took longer than 0 seconds; the limit per document"


def test_time_limit_stops_a_slow_document() -> None:
    with pytest.raises(templates_module.RenderTimeout) as caught, time_limit(0.2, "units/x/x-document"):
        time.sleep(5)
    assert str(caught.value) == "units/x/x-document took longer than 0.2 seconds to render; the limit per document"


# ---------------------------------------------------------------------------------------------- no network


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012 - shared by the handler instances of one server

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request; its base URL and the list of requests."""
    _Recorder.requests = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.requests
    finally:
        httpd.shutdown()
        thread.join(timeout=5)
        httpd.server_close()


@pytest.mark.parametrize(
    ("markup", "refused"),
    [
        ('<img src="{base}/logo.png" alt="logo">', "{base}/logo.png"),
        ('<link rel="stylesheet" href="{base}/style.css">', "{base}/style.css"),
        ("<style>@import url('{base}/import.css');</style>", "{base}/import.css"),
    ],
)
def test_nothing_is_fetched_from_a_local_server(
    klein: Path, server: tuple[str, list[str]], markup: str, refused: str
) -> None:
    base, requests = server
    override(klein, markup.format(base=base))
    assert build_error(klein).startswith(
        f"{OPDRACHT}: templates/opdrachtbrief.html.j2: "
        f"refused to fetch `{refused.format(base=base)}`: documents may only use files from the template "
        "folders, not the network"
    )
    assert requests == []


def test_css_import_of_a_local_file_outside_the_templates_is_refused(klein: Path) -> None:
    override(klein, "<style>@import url('file:///etc/passwd');</style>")
    assert build_error(klein).startswith(
        f"{OPDRACHT}: templates/opdrachtbrief.html.j2: "
        f"refused to fetch `file:///etc/passwd`: only files inside the template folders may be used"
    )


def test_an_asset_that_links_out_of_the_templates_is_refused(klein: Path) -> None:
    (klein / "templates" / "logo.png").symlink_to("/etc/passwd")
    override(klein, '<img src="logo.png" alt="logo">')
    message = build_error(klein)
    assert message.startswith(
        f"{OPDRACHT}: templates/opdrachtbrief.html.j2: "
        f"refused to fetch `file:///__tendergen_templates__/logo.png`: templates/logo.png is a link to "
        "/etc/passwd, outside the template folders"
    )
    no_pack_holds(klein, b"root:")


def test_a_path_with_dots_is_refused_by_the_fetcher(klein: Path) -> None:
    override(klein, '<img src="../../../../etc/passwd" alt="x">')
    assert build_error(klein).startswith(
        f"{OPDRACHT}: templates/opdrachtbrief.html.j2: "
        f"refused to fetch `file:///etc/passwd`: only files inside the template folders may be used"
    )
