"""tendergen's performance, measured side by side in one run; every figure is a whole process.

    python benchmarks/run.py [--jobs 2] [--units 10,40,120] [--skip-scaling] [--skip-libreoffice]
                             [--scaling-only]

Prints, with the load average at the start and the end (CPU-seconds are the figure to compare on a busy
machine; wall time depends on what else runs):

1. midden-holland-2025 with ``tendergen build -j N``: cold, no-op, and one unit really edited (its
   description), in CPU-s (user + system of the process and its workers) and wall seconds;
2. CPU-s per PDF page of the cold build, against the engine floor: WeasyPrint alone printing the same
   finished HTML (with the same URL fetcher and PDF variant) in one process;
3. font subsetting by HarfBuzz against fontTools on that floor (when libharfbuzz-subset is installed);
4. against docxtpl + LibreOffice headless (the docassemble route), when ``soffice`` is on the PATH: the
   20-page grouped leidraad (tendergen: one process that loads the programme and renders that document;
   docxtpl: one process rendering tendergen's DOCX of it as its template, then ``soffice --convert-to pdf``),
   and the pack's DOCX files converted in one ``soffice`` call against tendergen's cold build;
5. a scaling series of generated programmes (midden-holland-2025's units cycled under new ids): cold build
   CPU-s, wall, peak memory (largest process, from ``wait4``'s rusage of the children) and the time of the
   programme overview's DOCX.

Works in temporary folders; nothing in the repository is written.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tendergen.render.document import DocumentJob

ROOT = Path(__file__).resolve().parent.parent
PROGRAMME = "midden-holland-2025"
LEIDRAAD = "tenders/jeugd-wmo-2025/jeugd-wmo-2025-aanbestedingsleidraad"
OVERVIEW = "programma-overzicht"


@dataclass(frozen=True)
class Usage:
    """What one child process (and the processes it waited for) used."""

    wall: float
    cpu: float
    peak_mb: float
    stdout: str

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.wall + other.wall, self.cpu + other.cpu, max(self.peak_mb, other.peak_mb), "")


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Usage:
    """Run ``command`` to the end; its wall time and the rusage ``wait4`` reports for it (the process and
    every process it waited for: workers, ``soffice.bin``)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{stderr}")
    return Usage(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout)


def tendergen(*args: str) -> list[str]:
    """The tendergen CLI of this interpreter."""
    return [sys.executable, "-m", "tendergen", *args]


def helper(*args: str) -> list[str]:
    """A measuring step of this script, in its own process."""
    return [sys.executable, str(Path(__file__).resolve()), "_helper", *args]


def line(label: str, usage: Usage, extra: str = "") -> None:
    """One result line: CPU-s first, then wall."""
    print(f"  {label:<44} {usage.cpu:7.2f} CPU-s {usage.wall:7.2f} s wall{extra}")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} cores)"


# ---------------------------------------------------------------------- projects


def example_project(target: Path) -> Path:
    """A copy of midden-holland-2025 with its schedule; returns the project root."""
    shutil.copytree(ROOT / "specs" / PROGRAMME, target / "specs" / PROGRAMME)
    (target / "schedules").mkdir()
    shutil.copy(ROOT / "schedules" / f"{PROGRAMME}.yaml", target / "schedules")
    return target


def generated_project(target: Path, count: int) -> Path:
    """midden-holland-2025 with ``count`` units: its own units, then copies of them under new ids."""
    example_project(target)
    units = target / "specs" / PROGRAMME / "units"
    originals = sorted(units.glob("*.yaml"))
    for index in range(max(0, count - len(originals))):
        source = originals[index % len(originals)]
        new_id = f"{source.stem}-{index:04d}"
        text = source.read_text(encoding="utf-8").replace(f"id: {source.stem}\n", f"id: {new_id}\n", 1)
        text = re.sub(r"(id: Q-[A-Z]+-)", rf"\g<1>{index:04d}-", text)  # requirement ids are programme-wide
        (units / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    for extra in sorted(units.glob("*.yaml"))[count:]:
        extra.unlink()
    return target


def edit_one_unit(project: Path) -> str:
    """Change the description of the first unit (a real edit, not a touch); return its id."""
    unit = sorted((project / "specs" / PROGRAMME / "units").glob("*.yaml"))[0]
    text = unit.read_text(encoding="utf-8")
    changed = text.replace("\ndescription: ", "\ndescription: Gewijzigd. ", 1)
    if changed == text:
        sys.exit(f"{unit}: no `description:` line to edit")
    unit.write_text(changed, encoding="utf-8")
    return unit.stem


def pdf_pages(folder: Path) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(path).pages) for path in folder.rglob("*.pdf"))


# ---------------------------------------------------------------------- helpers (run in child processes)


def _tasks(programme: Path) -> list[DocumentJob]:
    """The render jobs of a programme's documents, as ``tendergen build`` plans them (the one place that uses the
    renderer's internals)."""
    from tendergen.project import load_project
    from tendergen.render.builders import BuildSettings, DocumentBuilder
    from tendergen.render.pdf_variants import PDF_A
    from tendergen.render.plan import plan_documents, timeline_planning
    from tendergen.render.templates import TemplateSet

    project = load_project(programme)
    templates = TemplateSet.for_project(project.layout.root)
    builder = DocumentBuilder(BuildSettings(project, templates, PDF_A, timeline_planning(project.timeline)))
    return [builder.job(planned) for planned in plan_documents(project.spec)]


def _finished_html(task: DocumentJob) -> str:
    from tendergen.render.html import finish, serialize
    from tendergen.render.templates import environment

    return serialize(finish(environment(task.templates).render(task.template, task.context, task.roots)))


def helper_html(programme: Path, out: Path) -> None:
    """Write each document's finished HTML (what tendergen hands WeasyPrint) and its settings."""
    out.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict[str, object]] = {}
    for number, task in enumerate(_tasks(programme)):
        name = f"{number:03d}.html"
        (out / name).write_text(_finished_html(task), encoding="utf-8")
        dirs = [str(d) for d in task.templates.dirs]
        index[name] = {"document": task.name, "dirs": dirs, "variant": task.pdf_variant}
        index[name]["epoch"] = task.stamp.epoch
    (out / "index.json").write_text(json.dumps(index), encoding="utf-8")


def helper_floor(html_dir: Path, subsetter: str) -> None:
    """WeasyPrint alone on the finished HTML files; prints each PDF's sha256 as JSON."""
    from weasyprint import HTML
    from weasyprint.pdf import fonts

    from tendergen.render.fetcher import BASE_URL, TemplateFetcher
    from tendergen.render.templates import TemplateSet

    if subsetter == "fonttools":
        fonts.harfbuzz_subset = None  # WeasyPrint 70 then subsets with fontTools
    index = json.loads((html_dir / "index.json").read_text(encoding="utf-8"))
    hashes = {}
    for name, meta in sorted(index.items()):
        os.environ["SOURCE_DATE_EPOCH"] = str(meta["epoch"])
        fetcher = TemplateFetcher(TemplateSet(tuple(Path(d) for d in meta["dirs"])))
        html = (html_dir / name).read_text(encoding="utf-8")
        data = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(pdf_variant=meta["variant"])
        hashes[meta["document"]] = hashlib.sha256(data).hexdigest()
    print(json.dumps(hashes))


def helper_one(programme: Path, document: str, out: Path) -> None:
    """tendergen on one document: load and check the programme, render that document (PDF and DOCX)."""
    from tendergen.render.document import render_files

    task = next(t for t in _tasks(programme) if t.name == document)
    result = render_files(task)
    if not isinstance(result, dict):
        sys.exit(str(result.error))
    out.mkdir(parents=True, exist_ok=True)
    for suffix, data in result.items():
        (out / f"tendergen{suffix}").write_bytes(data)


def helper_overview(programme: Path) -> None:
    """CPU-s of the programme overview's DOCX alone (python-docx on the finished tree)."""
    from tendergen.render.html import finish
    from tendergen.render.templates import environment
    from tendergen.render.word import to_docx

    task = next(t for t in _tasks(programme) if t.name == OVERVIEW)
    tree = finish(environment(task.templates).render(task.template, task.context, task.roots))
    reference = task.templates.find("reference.docx").read_bytes()
    start = time.process_time()
    to_docx(tree, reference, task.stamp.when)
    print(f"{time.process_time() - start:.3f}")


def helper_docxtpl(template: Path, out: Path) -> None:
    """docxtpl renders ``template`` (Jinja in the DOCX XML) and saves it."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template))
    document.render({"programme": PROGRAMME})
    document.save(str(out))


def helpers(argv: list[str]) -> None:
    name, *args = argv
    if name == "html":
        helper_html(Path(args[0]), Path(args[1]))
    elif name == "floor":
        helper_floor(Path(args[0]), args[1])
    elif name == "one":
        helper_one(Path(args[0]), args[1], Path(args[2]))
    elif name == "overview":
        helper_overview(Path(args[0]))
    elif name == "docxtpl":
        helper_docxtpl(Path(args[0]), Path(args[1]))
    else:
        sys.exit(f"unknown helper {name}")


# ---------------------------------------------------------------------- the benchmark


def builds(work: Path, jobs: int) -> tuple[Path, Usage, int]:
    """Cold, no-op and one-unit-edit builds; returns the project, the cold usage and its PDF pages."""
    project = example_project(work / "example")
    build = tendergen("build", f"specs/{PROGRAMME}", "-j", str(jobs))
    print(f"\n{PROGRAMME}, tendergen build -j {jobs}")
    cold = run(build, project)
    pages = pdf_pages(project / "output" / PROGRAMME)
    documents = len(list((project / "output" / PROGRAMME).rglob("*.docx")))
    line("cold", cold, f"   {documents} documents, {pages} PDF pages, peak {cold.peak_mb:.0f} MB")
    pristine = work / "cold"  # the cold pack and its inputs, for the steps after the edit
    shutil.copytree(project, pristine)
    line("no-op rebuild", run(build, project))
    unit = edit_one_unit(project)
    edit = run(build, project)
    rewritten = sum(1 for text in edit.stdout.splitlines() if text.strip().startswith("wrote ") and "pdf" in text)
    line(f"one unit edited (`{unit}`)", edit, f"   {rewritten} PDFs re-rendered")
    return pristine, cold, pages


def floor(work: Path, project: Path, cold: Usage, pages: int) -> None:
    html_dir = work / "html"
    run(helper("html", str(project / "specs" / PROGRAMME), str(html_dir)), ROOT)
    print("\nengine floor: WeasyPrint alone on the same finished HTML, one process")
    harfbuzz = run(helper("floor", str(html_dir), "harfbuzz"), ROOT)
    line("WeasyPrint, every document of the pack", harfbuzz, f"   {harfbuzz.cpu / pages:.3f} CPU-s per page")
    line("tendergen cold build (DOCX, planning too)", cold, f"   {cold.cpu / pages:.3f} CPU-s per page")
    print(f"  tendergen / floor: {cold.cpu / harfbuzz.cpu:.2f}x CPU")
    from tendergen.render.subsetting import harfbuzz_subset_available

    if not harfbuzz_subset_available():
        print("  font subsetting: libharfbuzz-subset is not installed; the floor above used fontTools")
        return
    again = run(helper("floor", str(html_dir), "harfbuzz"), ROOT)
    fonttools = run(helper("floor", str(html_dir), "fonttools"), ROOT)
    line("WeasyPrint, fonts subset by fontTools", fonttools, f"   {fonttools.cpu / harfbuzz.cpu:.2f}x HarfBuzz")
    same = json.loads(again.stdout) == json.loads(harfbuzz.stdout)
    differ = sum(1 for k, v in json.loads(fonttools.stdout).items() if json.loads(harfbuzz.stdout)[k] != v)
    print(f"  HarfBuzz PDFs identical in two runs: {'yes' if same else 'NO'}; ", end="")
    print(f"fontTools PDFs differ from HarfBuzz ones: {differ} of {len(json.loads(fonttools.stdout))} (expected)")


def libreoffice(work: Path, project: Path, cold: Usage, jobs: int) -> None:
    print("\nagainst docxtpl + LibreOffice headless")
    soffice = shutil.which("soffice")
    if soffice is None:
        print("  skipped: `soffice` is not on the PATH (Debian: apt-get install libreoffice-writer-nogui)")
        return
    if importlib.util.find_spec("docxtpl") is None:
        print("  skipped: docxtpl is not installed (pip install -e '.[bench]')")
        return
    profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"
    pack = project / "output" / PROGRAMME
    leidraad = pack / f"{LEIDRAAD}.docx"

    def convert(files: list[Path], out: Path) -> Usage:
        command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(out)]
        return run([*command, *map(str, files)], work)

    convert([leidraad], work / "lo-warmup")  # the first start creates the profile; not measured
    one = run(helper("one", str(project / "specs" / PROGRAMME), LEIDRAAD, str(work / "one")), ROOT)
    template = run(helper("docxtpl", str(leidraad), str(work / "docxtpl.docx")), ROOT)
    office = convert([work / "docxtpl.docx"], work / "lo-one")
    route = template + office
    pages = pdf_pages(work / "lo-one")
    line("tendergen, the grouped leidraad (PDF + DOCX)", one, f"   {pdf_pages(work / 'one')} pages")
    line("docxtpl render of the same document", template)
    line("soffice --convert-to pdf", office, f"   {pages} pages")
    print(f"  docxtpl + LibreOffice / tendergen: {route.cpu / one.cpu:.2f}x CPU, {route.wall / one.wall:.2f}x wall")
    documents = sorted(pack.rglob("*.docx"))
    batch = convert(documents, work / "lo-pack")
    line(f"soffice, the pack's {len(documents)} DOCX in one call", batch)
    line(f"tendergen cold build, -j {jobs}", cold)
    print(f"  LibreOffice batch / tendergen: {batch.cpu / cold.cpu:.2f}x CPU, {batch.wall / cold.wall:.2f}x wall")


def scaling(work: Path, sizes: list[int], jobs: int) -> None:
    print(f"\nscaling: generated programmes, cold tendergen build -j {jobs}")
    previous: tuple[int, Usage] | None = None
    for count in sizes:
        project = generated_project(work / f"units-{count}", count)
        build = run(tendergen("build", f"specs/{PROGRAMME}", "-j", str(jobs)), project)
        overview = float(run(helper("overview", str(project / "specs" / PROGRAMME)), ROOT).stdout)
        documents = len(list((project / "output" / PROGRAMME).rglob("*.docx")))
        extra = f"   {documents} documents, peak {build.peak_mb:.0f} MB, overview DOCX {overview:.2f} CPU-s"
        if previous is not None:
            extra += f", x{build.cpu / previous[1].cpu:.2f} CPU for x{count / previous[0]:.2f} units"
        line(f"{count} units", build, extra)
        previous = (count, build)
        shutil.rmtree(project)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_helper":
        helpers(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--units", default="10,40,120", help="sizes of the scaling series (comma-separated)")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--skip-libreoffice", action="store_true")
    parser.add_argument("--scaling-only", action="store_true", help="only the scaling series")
    args = parser.parse_args()
    print(f"load average at start: {load()}")
    with tempfile.TemporaryDirectory(prefix="tendergen-bench-") as tmp:
        work = Path(tmp)
        if args.scaling_only:
            scaling(work, [int(n) for n in args.units.split(",")], args.jobs)
            print(f"\nload average at end: {load()}")
            return
        project, cold, pages = builds(work, args.jobs)
        floor(work, project, cold, pages)
        if args.skip_libreoffice:
            print("\nagainst docxtpl + LibreOffice headless: skipped (--skip-libreoffice)")
        else:
            libreoffice(work, project, cold, args.jobs)
        if not args.skip_scaling:
            scaling(work, [int(n) for n in args.units.split(",")], args.jobs)
    print(f"\nload average at end: {load()}")


if __name__ == "__main__":
    main()
