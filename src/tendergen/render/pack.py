"""Build a programme's pack: plan the documents, skip unchanged ones, render the rest (in parallel), then
write.

Nothing is written until every document has rendered, so a failed build leaves the previous pack as it was.
Each file is then replaced atomically through :mod:`tendergen.writer`, and the manifest is written last.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tendergen.errors import RenderError
from tendergen.project import Spec
from tendergen.render.document import RenderFailure, RenderTask, render_task
from tendergen.render.manifest import MANIFEST, Entry, Manifest, sha256
from tendergen.render.pdf import PDF_A
from tendergen.render.plan import (
    Planning,
    build_context,
    context_digest,
    plan_documents,
    planning_rows,
)
from tendergen.render.templates import TemplateFailure, TemplateSet, environment, template_digest
from tendergen.writer import write_bytes, write_text

Progress = Callable[[int, int, str], None]
INDEX = "index.html"


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
    """How to build: output root, parallel jobs, forced rebuild, PDF variant, planning adapter."""

    output_root: Path | None = None
    jobs: int = 1
    force: bool = False
    pdf_variant: str = PDF_A
    planning: Planning = planning_rows


def pack_folder(spec: Spec, output_root: Path | None) -> Path:
    """``<output_root or project_root/output>/<programme-id>``."""
    return (output_root or spec.project_root / "output") / spec.programme.id


def build_timestamp(spec: Spec) -> tuple[dt.datetime, int]:
    """The document date at midnight UTC (stamped in DOCX and PDF metadata) and the SOURCE_DATE_EPOCH to
    use."""
    date = spec.programme.document_date
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    epoch = int(env) if env.isdigit() else int(stamp.timestamp())
    return stamp, epoch


def build_pack(spec: Spec, options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build (or bring up to date) the pack of one validated programme."""
    folder = pack_folder(spec, options.output_root)
    templates = TemplateSet.for_project(spec.project_root)
    tasks, digests = _tasks(spec, templates, options)
    manifest = Manifest.load(folder)
    todo = [t for t in tasks if options.force or not manifest.fresh(t.name, digests[t.name], folder)]
    rendered = _render_all(spec, todo, options.jobs, progress)
    report = BuildReport(spec.programme.id, folder)
    new, outputs = _next_manifest(tasks, digests, manifest, rendered, report)
    index = _index(spec, templates, folder, new, outputs)
    # Everything rendered: only now replace files, each atomically, the manifest last.
    for file, data in outputs.items():
        write_bytes(folder / file, data)
    if index is not None:
        write_text(folder / INDEX, index)
        report.written.append(INDEX)
    else:
        report.skipped.append(INDEX)
    for stale in sorted(manifest.files() - new.files()):
        (folder / stale).unlink(missing_ok=True)
        report.removed.append(stale)
    write_text(folder / MANIFEST, new.to_json())
    return report


def _next_manifest(
    tasks: list[RenderTask],
    digests: dict[str, str],
    old: Manifest,
    rendered: dict[str, dict[str, bytes]],
    report: BuildReport,
) -> tuple[Manifest, dict[str, bytes]]:
    """The manifest after this build and the files to write (name → bytes)."""
    new = Manifest()
    outputs: dict[str, bytes] = {}
    for task in tasks:
        if task.name in rendered:
            files = {f"{task.name}{suffix}": data for suffix, data in sorted(rendered[task.name].items())}
            outputs.update(files)
            report.written.extend(files)
            new.documents[task.name] = Entry(digests[task.name], {f: sha256(d) for f, d in files.items()})
        else:
            new.documents[task.name] = old.documents[task.name]
            report.skipped.extend(sorted(old.documents[task.name].files))
    return new, outputs


def _tasks(spec: Spec, templates: TemplateSet, options: BuildOptions) -> tuple[list[RenderTask], dict[str, str]]:
    env = environment(templates)
    timestamp, epoch = build_timestamp(spec)
    tasks: list[RenderTask] = []
    digests: dict[str, str] = {}
    for planned in plan_documents(spec):
        context, roots = build_context(spec, planned, options.planning, timestamp)
        names = [*env.closure(planned.doc.template), *_asset_files(templates)]
        inputs = f"{context_digest(context)}:{template_digest(templates, names)}:{options.pdf_variant}:{epoch}"
        digests[planned.name] = sha256(inputs.encode())
        task = RenderTask(
            planned.name,
            planned.doc.template,
            context,
            roots,
            templates,
            options.pdf_variant,
            timestamp,
            epoch,
        )
        tasks.append(task)
    return tasks, digests


def _asset_files(templates: TemplateSet) -> list[str]:
    """house.css, reference.docx, fonts and other files a document may pull in (all are hashed)."""
    return [name for name in templates.files() if not name.endswith((".j2", ".md"))]


def _render_all(
    spec: Spec, tasks: list[RenderTask], jobs: int, progress: Progress | None
) -> dict[str, dict[str, bytes]]:
    done: dict[str, dict[str, bytes]] = {}
    failures: list[RenderFailure] = []
    for count, (task, result) in enumerate(_run(tasks, jobs), start=1):
        if isinstance(result, RenderFailure):
            failures.append(result)
        else:
            done[task.name] = result
        if progress is not None:
            progress(count, len(tasks), task.name)
    if failures:
        raise RenderError("\n".join(locate(spec, f) for f in sorted(failures, key=lambda f: f.name)))
    return done


def _run(tasks: list[RenderTask], jobs: int) -> Iterator[tuple[RenderTask, dict[str, bytes] | RenderFailure]]:
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield task, render_task(task)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
        futures = {pool.submit(render_task, task): task for task in tasks}
        for future in as_completed(futures):
            yield futures[future], future.result()


def locate(spec: Spec, failure: RenderFailure) -> str:
    """One line for a failed document; a missing spec field is located at its file, line and column."""
    error = failure.error
    if isinstance(error, TemplateFailure) and error.ref is not None:
        source = error.ref.source
        doc = spec.programme_doc if source == "programme" else spec.unit_docs[source.split(":", 1)[1]]
        where = f"{error.template}:{error.line}" if error.line else error.template
        message = f"not set, but template {where} needs it (rendering {failure.name})"
        return doc.problem(error.ref.path, message).format()
    return f"{failure.name}: {error}"


def _index(
    spec: Spec, templates: TemplateSet, folder: Path, manifest: Manifest, outputs: dict[str, bytes]
) -> str | None:
    """The new index page, or None when the one on disk is already up to date."""
    from tendergen.render.index import render_index

    sizes = {name: len(data) for name, data in outputs.items()}
    for name in manifest.files() - set(sizes):
        sizes[name] = (folder / name).stat().st_size
    html = render_index(spec, templates, manifest, sizes)
    path = folder / INDEX
    if path.is_file() and path.read_bytes() == html.encode("utf-8"):
        return None
    return html
