"""Build a programme's pack: ask every builder what it makes, let the manifest decide what is stale, render the rest
(in parallel, largest first), then write.

Nothing is written until every output has rendered, so a failed build leaves the previous pack as it was. The new
pack is then assembled beside the old one and swapped in as a whole (:mod:`tendergen.render.swap`): a build killed
at any moment leaves the previous pack or the complete new one. Files the pack no longer holds are dropped where the
old manifest vouches for them.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tendergen.errors import Problem, RenderError, UsageError
from tendergen.project import Project, Spec
from tendergen.render.builders import (
    BuildSettings,
    Files,
    RenderFailed,
    Target,
    pack_builders,
)
from tendergen.render.document import RenderFailure
from tendergen.render.manifest import Entry, Manifest, inside, sha256
from tendergen.render.pdf_variants import PDF_A
from tendergen.render.plan import Planning, timeline_planning
from tendergen.render.subsetting import warn_once
from tendergen.render.swap import switch_pack
from tendergen.render.templates import TemplateFailure, TemplateSet

Progress = Callable[[int, int, str], None]


@dataclass
class BuildReport:
    """What a build did, file names relative to the pack folder."""

    programme: str
    folder: Path
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BuildOptions:
    """How to build: output root, parallel jobs, forced rebuild, PDF variant, and (for tests) a planning source
    other than the project's computed timeline."""

    output_root: Path | None = None
    jobs: int = 1
    force: bool = False
    pdf_variant: str = PDF_A
    planning: Planning | None = None


def pack_folder(spec: Spec, output: Path | None) -> Path:
    """``<output or project_root/output>/<programme-id>``."""
    return spec.layout.pack_dir(spec.programme.id, output)


def build_pack(project: Project, options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build (or bring up to date) the pack of one loaded programme."""
    folder = pack_folder(project.spec, options.output_root)
    check_pack_folder(project, folder)
    templates = TemplateSet.for_project(project.layout.root)
    planning = options.planning or timeline_planning(project.timeline)
    settings = BuildSettings(project, templates, options.pdf_variant, planning)
    builders = pack_builders(settings)
    old = Manifest.load(folder)
    targets = [target for builder in builders for target in builder.targets()]
    outdated = [t for t in targets if options.force or not old.fresh(t.name, t.digest, folder)]
    if outdated:
        warn_once()  # before the workers fork, so a missing HarfBuzz-subset is reported once, not per worker
    made = _run_all(project.spec, outdated, options.jobs, progress)
    report = BuildReport(project.spec.programme.id, folder)
    new, outputs = _next_manifest(targets, old, made, report)
    sizes = _sizes(folder, new, outputs)
    late = [t for builder in builders for t in builder.finish(new, sizes)]
    late_outdated = [t for t in late if options.force or not old.fresh(t.name, t.digest, folder)]
    made_late = _run_all(project.spec, late_outdated, 1, None)
    _, late_outputs = _next_manifest(late, old, made_late, report, into=new)
    outputs.update(late_outputs)
    # Everything rendered: only now is the pack replaced, as a whole (see tendergen.render.swap).
    for file in new.files():
        if inside(folder, file) is None:
            raise UsageError(
                f"{folder / file}: a folder on the way is a symbolic link; tendergen writes packs only "
                "into real folders (remove the link)"
            )
    report.removed = switch_pack(folder, old, new, outputs)
    return report


def check_pack_folder(project: Project, folder: Path) -> None:
    """Refuse a pack folder that would write over the project's own files or through a symbolic link."""
    layout = project.layout
    real = folder.resolve()
    for name, own in (("specs", layout.specs), ("schedules", layout.schedules), ("templates", layout.templates)):
        mine = own.resolve()
        if real == mine or mine in real.parents or real in mine.parents:
            raise UsageError(
                f"{folder}: the pack would be written into the project's {name}/ folder; choose another --output"
            )
    if real in layout.root.resolve().parents or real == layout.root.resolve():
        raise UsageError(f"{folder}: the pack would be written over the project folder; choose another --output")
    path = folder.absolute()
    for step in (path, *path.parents):
        if step == Path(step.anchor):
            break
        if step.exists() and not step.is_symlink() and not step.is_dir():
            raise UsageError(f"{folder}: {step} is a file, not a folder; choose another --output")
        if step.is_symlink():
            raise UsageError(
                f"{step} is a symbolic link (to {os.readlink(step)}); tendergen writes packs only into real "
                "folders: remove the link or pass --output"
            )
        if step == layout.root.absolute():
            break


def _next_manifest(
    targets: list[Target],
    old: Manifest,
    made: dict[str, Files],
    report: BuildReport,
    *,
    into: Manifest | None = None,
) -> tuple[Manifest, Files]:
    """The manifest after this build (added to ``into``) and the files to write (name → bytes)."""
    new = into if into is not None else Manifest()
    outputs: Files = {}
    for target in targets:
        if target.name in made:
            files = dict(sorted(made[target.name].items()))
            outputs.update(files)
            report.written.extend(files)
            new.outputs[target.name] = Entry(target.digest, {f: sha256(d) for f, d in files.items()}, target.builder)
        else:
            new.outputs[target.name] = old.outputs[target.name]
            report.skipped.extend(sorted(old.outputs[target.name].files))
    return new, outputs


def _sizes(folder: Path, manifest: Manifest, outputs: Files) -> dict[str, int]:
    sizes = {name: len(data) for name, data in outputs.items()}
    for name in manifest.files() - set(sizes):
        sizes[name] = (folder / name).stat().st_size
    return sizes


def _run_all(spec: Spec, targets: list[Target], jobs: int, progress: Progress | None) -> dict[str, Files]:
    done: dict[str, Files] = {}
    failures: list[RenderFailure] = []
    ordered = sorted(targets, key=lambda t: -t.cost)  # the largest first, so no worker is left alone at the end
    for count, (target, result) in enumerate(_run(ordered, jobs), start=1):
        if isinstance(result, RenderFailure):
            failures.append(result)
        else:
            done[target.name] = result
        if progress is not None:
            progress(count, len(targets), target.name)
    if failures:
        problems = [locate(spec, f) for f in sorted(failures, key=lambda f: f.name)]
        raise RenderError("\n".join(p.format() for p in problems), problems)
    return done


def _call(target: Target) -> Files | RenderFailure:
    try:
        return target.run()
    except RenderFailed as exc:
        return exc.failure
    except RenderError as exc:
        return RenderFailure(target.name, exc)


def _run(targets: list[Target], jobs: int) -> Iterator[tuple[Target, Files | RenderFailure]]:
    if jobs <= 1 or len(targets) <= 1:
        for target in targets:
            yield target, _call(target)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = min(jobs, len(targets))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent) as pool:
        futures = {pool.submit(_call, target): target for target in targets}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _die_with_parent() -> None:
    """A worker ends when the build process ends, even when that is killed (Linux: PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):  # no glibc: the workers end with the pool as before
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def locate(spec: Spec, failure: RenderFailure) -> Problem:
    """The located problem of a failed document: a missing spec field at its file, line and column; any other
    template failure at the template and its line."""
    error = failure.error
    if isinstance(error, TemplateFailure) and error.ref is not None:
        source = error.ref.source
        doc = spec.programme_doc if source == "programme" else spec.unit_docs[source.split(":", 1)[1]]
        where = f"{error.template}:{error.line}" if error.line else error.template
        message = f"not set, but template {where} needs it (rendering {failure.name})"
        return doc.problem(error.ref.path, message)
    if isinstance(error, TemplateFailure):
        return Problem(error.template, error.line or 0, 0, "", f"{error.message} (rendering {failure.name})")
    where = failure.template or failure.name
    text = str(error).removeprefix(f"{where}: ")
    return Problem(where, 0, 0, "", f"{text} (rendering {failure.name})")
