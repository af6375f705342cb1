"""The command line: thin click commands that call the core and turn errors into exit codes.

Exit codes: 0 success, 1 user error (bad spec, failed check), 2 bad usage (click), 3 a bug in tendergen (with its
traceback), 130 interrupted.
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tendergen import __version__
from tendergen.errors import RenderError, SpecError, TendergenError

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_SPECS = Path("specs")
BUG_REPORT = (
    "tendergen {version} failed with an internal error (exit code 3): this is a bug in tendergen, not in your spec. "
    "Please report it with the traceback above, the command you ran and, if you can, the spec files involved."
)


def handle_errors(func: F) -> F:
    """Turn errors into exit codes: user mistakes print located lines on stderr and exit 1 (never a traceback),
    Ctrl-C exits 130, and anything else is a bug in tendergen: its traceback, a request to report it, exit 3."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (SpecError, RenderError) as exc:
            if isinstance(exc, RenderError) and not exc.problems:
                click.echo(f"error: {exc}", err=True)
                sys.exit(1)
            for problem in exc.problems:
                click.echo(problem.format(), err=True)
            errors = sum(1 for p in exc.problems if p.severity == "error")
            click.echo(f"{errors} error(s)", err=True)
            sys.exit(1)
        except TendergenError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception:
            click.echo(traceback.format_exc(), err=True, nl=False)
            click.echo(BUG_REPORT.format(version=__version__), err=True)
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


def output_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """An ``--output`` folder; an empty value would mean the working folder, which is never what was meant."""
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("is empty; name the output folder (default: the project's output/)")
    return Path(value)


def programme_dirs(paths: tuple[Path, ...]) -> list[Path]:
    """Programme folders named on the command line, or every programme under ./specs."""
    from tendergen.project import discover_programmes, find_programme_dir

    if not paths:
        return discover_programmes(DEFAULT_SPECS)
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not (path / "programme.yaml").exists() and any(path.glob("*/programme.yaml")):
            found.extend(discover_programmes(path))
        else:
            found.append(find_programme_dir(path))
    return found


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tendergen")
def cli() -> None:
    """Validate procurement specs and build tender packs."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@handle_errors
def validate(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Validate programme specs (default: every programme under ./specs)."""
    from tendergen.commands.validate import run_validate

    code = run_validate(programme_dirs(paths), fmt=fmt, strict=strict, echo=click.echo)
    sys.exit(code)


@cli.command()
@click.argument("kind", type=click.Choice(["programme", "unit", "schedule", "qa"]), default="unit")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file instead of stdout.")
@handle_errors
def schema(kind: str, output: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of a programme, unit, schedule or Q&A file, for editors."""
    from tendergen.schema import schema_json
    from tendergen.writer import write_text

    text = schema_json(kind)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text(output, text)
        click.echo(f"wrote {output}")


def _unit_terms() -> list[str]:
    """The unit words of tendergen's word list (data/render/unit-terms.yaml), for --unit-term."""
    from tendergen.dutch import unit_term_list

    return sorted(unit_term_list())


@cli.command()
@click.argument("name")
@click.option("--specs-dir", type=click.Path(path_type=Path), default=DEFAULT_SPECS, show_default=True)
@click.option(
    "--unit-term",
    default="segment",
    show_default=True,
    metavar="WORD",
    shell_complete=lambda ctx, param, incomplete: [w for w in _unit_terms() if w.startswith(incomplete)],
    help=f"The programme's word for a unit: {', '.join(_unit_terms())}; or any other word with --unit-article "
    "and --unit-plural.",
)
@click.option("--unit-article", type=click.Choice(["de", "het"]), help="Article of a word not in the list.")
@click.option("--unit-plural", metavar="TEXT", help="Plural of a word not in the list.")
@handle_errors
def init(name: str, specs_dir: Path, unit_term: str, unit_article: str | None, unit_plural: str | None) -> None:
    """Scaffold a new programme NAME under the specs folder; it validates as written."""
    from tendergen.scaffold import scaffold_programme

    for path in scaffold_programme(specs_dir, name, unit_term, unit_article, unit_plural):
        click.echo(f"created {path}")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(), callback=output_option, help="Output folder (default: output/<id>/planning)."
)
@click.option("--strict", is_flag=True, help="Fail on warnings (policy breaches) too.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Draw a today-line at YYYY-MM-DD.")
@handle_errors
def timeline(path: Path, output: Path | None, strict: bool, today: Any) -> None:
    """Compute and check the planning of a programme; write planning.svg/.pdf/.ics/.json."""
    from tendergen.commands.timeline import run_timeline

    day = today.date() if today is not None else None
    sys.exit(run_timeline(path, output=output, strict=strict, today=day, echo=click.echo))


@cli.command()
@click.argument("args", nargs=-1, metavar="A B [PATH]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a pull-request comment, json for tools.",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences, like git diff --exit-code.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when stdout is a terminal).")
@click.option("--textconv", is_flag=True, help="Print a normalised view of one YAML file (a git textconv driver).")
@handle_errors
def diff(args: tuple[str, ...], fmt: str, exit_code: bool, color: bool | None, textconv: bool) -> None:
    """What changed between two git revisions or folders A and B, in procurement terms.

    Programmes, units, requirements, criteria, tariffs, lots … are matched by id, so reordering is no change.
    PATH selects programme folders (default: every programme under specs/). A revision is read through git
    without a checkout; `tendergen diff HEAD .` compares the last commit with the work tree.
    """
    from tendergen.commands.diff import run_diff

    use_color = sys.stdout.isatty() if color is None else color
    code = run_diff(
        args, fmt=fmt, exit_code=exit_code, color=use_color, textconv=textconv, base=Path("."), echo=click.echo
    )
    sys.exit(code)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; list files that would change and exit 1 if any.")
@handle_errors
def fmt(paths: tuple[Path, ...], check: bool) -> None:
    """Rewrite spec files in canonical form (key order, indentation, quoting), keeping comments.

    PATH may be a file or a folder (default: specs/ and schedules/).
    """
    from tendergen.commands.fmt import run_fmt

    sys.exit(run_fmt(paths, check=check, echo=click.echo))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(), callback=output_option, help="Output root (default: <project>/output)."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Documents rendered in parallel (processes).",
)
@click.option("--force", is_flag=True, help="Rebuild every document, also unchanged ones.")
@click.option("--pdf-ua", is_flag=True, help="Declare PDF/UA-1 as well as PDF/A-3a (every PDF is tagged either way).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one report on stdout (files written, problems located like validate's), for CI.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings (e.g. an unverified legal citation printed).")
@handle_errors
def build(
    paths: tuple[Path, ...], output: Path | None, jobs: int, force: bool, pdf_ua: bool, fmt: str, strict: bool
) -> None:
    """Validate programmes and build their tender packs (default: every programme under ./specs)."""
    from tendergen.commands.build import run_build

    dirs = programme_dirs(paths)
    code = run_build(
        dirs, output=output, jobs=jobs, force=force, pdf_ua=pdf_ua, echo=click.echo, fmt=fmt, strict=strict
    )
    sys.exit(code)


@cli.command()
@click.argument("args", nargs=-1, metavar="A B [PATH]...")
@click.option(
    "-o", "--output", type=click.Path(), callback=output_option, help="Output root (default: <project>/output)."
)
@handle_errors
def redline(args: tuple[str, ...], output: Path | None) -> None:
    """Word documents with tracked changes (w:ins/w:del) for every document that changed between A and B.

    A and B are git revisions or folders, as for `tendergen diff`. Both packs are rendered with the real
    renderer; a document counts as changed when its text differs (a new version number or date alone is no
    change). Writes <output>/<programme>/redline/<A>..<B>/<document>.docx. Needs the extra tendergen[redline].
    """
    from tendergen.commands.redline import run_redline

    sys.exit(run_redline(args, output=output, base=Path("."), echo=click.echo))


@cli.command()
@click.argument("args", nargs=-1, metavar="A B [PATH]...")
@click.option(
    "-o", "--output", type=click.Path(), callback=output_option, help="Output root (default: <project>/output)."
)
@click.option("--number", type=click.IntRange(min=1), help="Number of the notice (default: from the Q&A round).")
@handle_errors
def notice(args: tuple[str, ...], output: Path | None, number: int | None) -> None:
    """The nota van inlichtingen / rectificatie for bidders: what changed between A and B, per document, and the
    questions and answers of the new Q&A rounds in B.

    A and B are git revisions or folders, as for `tendergen diff`. Writes PDF and DOCX to
    <output>/<programme>/notice/. Dated by the Q&A round (else B's document_date), never today.
    """
    from tendergen.commands.notice import run_notice

    sys.exit(run_notice(args, output=output, number=number, base=Path("."), echo=click.echo))


# --- publishing (issue 12) -------------------------------------------------------------------------------------------
@cli.command()
@click.argument("programme", type=click.Path(path_type=Path))
@click.option("--to", "destination", required=True, help="Folder, .zip file or platform URL to deliver to.")
@click.option("--via", default=None, help="Adapter: dir, zip, http, tenderned-check (default: from --to).")
@click.option("--award", "awards", multiple=True, type=click.Path(path_type=Path), help="Award record (YAML).")
@click.option("--pack", "pack_root", type=click.Path(path_type=Path), default=None, help="Output root of the build.")
@handle_errors
def publish(
    programme: Path, destination: str, via: str | None, awards: tuple[Path, ...], pack_root: Path | None
) -> None:
    """Check a programme and its built pack, then deliver documents, notices and OCDS to a destination."""
    from tendergen.commands.publish import run_publish

    found = programme_dirs((programme,))[0]
    sys.exit(run_publish(found, destination, click.echo, via=via, award_paths=awards, pack_root=pack_root))


@cli.command()
@click.argument("programme", type=click.Path(path_type=Path))
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Date to report for.")
@handle_errors
def status(programme: Path, today: Any) -> None:
    """Past and next milestones, and what was published when."""
    from tendergen.commands.publish import run_status

    sys.exit(run_status(programme_dirs((programme,))[0], click.echo, today.date() if today else None))


@cli.command()
@click.argument("action", type=click.Choice(["fetch", "path"]))
@click.option("--url", default=None, help="Download the SDK zip from this address instead of its GitHub release.")
@handle_errors
def standards(action: str, url: str | None) -> None:
    """Fetch the eForms SDK into the user cache, or print where the standards are."""
    from tendergen.commands.publish import run_standards

    sys.exit(run_standards(action, url, echo=click.echo))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="tendergen")
