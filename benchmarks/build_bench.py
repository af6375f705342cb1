"""Build speed: cold build of the largest example programme, a no-op rebuild, and a one-unit change.

Usage: python benchmarks/build_bench.py [PROGRAMME_DIR] [-j N]
Without a folder it takes the programme under specs/ with the most units. Works on a copy in a temp folder.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tendergen.project import load_spec, unit_files
from tendergen.render import BuildOptions, build_pack

ROOT = Path(__file__).resolve().parent.parent


def largest_example() -> Path:
    """The example programme with the most unit files."""
    found = [p for p in sorted((ROOT / "specs").glob("*")) if (p / "programme.yaml").is_file()]
    if not found:
        sys.exit("no programme under specs/; pass a programme folder")
    return max(found, key=lambda p: len(unit_files(p)))


def timed(project: Path, name: str, jobs: int) -> tuple[float, list[str]]:
    """Seconds for one build (loading and validating included) and the files it wrote."""
    start = time.perf_counter()
    spec = load_spec(project / "specs" / name)
    report = build_pack(spec, BuildOptions(jobs=jobs))
    return time.perf_counter() - start, report.written


def change_one_unit(project: Path, name: str) -> str:
    """Append a sentence to the description of the first unit; return its id."""
    unit = unit_files(project / "specs" / name)[0]
    text = unit.read_text(encoding="utf-8").replace("\ndescription: ", "\ndescription: Gewijzigd. ", 1)
    unit.write_text(text, encoding="utf-8")
    return unit.stem


def main() -> None:
    """Run the three builds and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("programme", nargs="?", type=Path)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    source = (args.programme or largest_example()).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(source, project / "specs" / source.name)
        units = len(unit_files(source))
        cold, written = timed(project, source.name, args.jobs)
        print(f"{source.name}: {units} units, -j {args.jobs}")
        print(f"cold build:        {cold:6.2f} s  ({len(written)} files written)")
        noop, written = timed(project, source.name, args.jobs)
        print(f"no-op rebuild:     {noop:6.2f} s  ({len(written)} files written)")
        unit = change_one_unit(project, source.name)
        one, written = timed(project, source.name, args.jobs)
        print(f"one unit changed:  {one:6.2f} s  ({len(written)} files written; unit `{unit}`)")
        for name in written:
            print(f"  re-rendered {name}")


if __name__ == "__main__":
    main()
