"""Do the example packs stay byte-identical? Build them and compare the sha256 of every file.

    python benchmarks/pack_hashes.py --against main        # this work tree against a git revision
    python benchmarks/pack_hashes.py --record before.json  # record the hashes of this work tree's packs ...
    python benchmarks/pack_hashes.py --check before.json   # ... and compare a later build with them

Why not a committed list of hashes checked by the test suite: the packs change whenever a template, a spec or
a legal data file changes, which is most commits, and the PDF bytes also depend on the installed WeasyPrint,
pydyf and HarfBuzz (fontTools subsets fonts differently). A committed list would be re-recorded at every such
change and so prove nothing. What must hold is narrower: a change that is meant to leave the documents alone
(a refactoring, a speed-up) leaves every byte alone. So this compares two builds on the same machine, with the
same libraries and the same ``SOURCE_DATE_EPOCH``: the work tree against a revision (exported with
``git archive``, run from its own ``src/`` with this interpreter), or a recorded run against a later one.
That two builds of the same input are identical is checked by the test suite
(``tests/test_render.py::test_two_builds_give_byte_identical_files``).

Exit code 1 when a file differs, is missing or is new; each is listed.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"


def build(project: Path, src: Path, output: Path, jobs: int) -> dict[str, str]:
    """Build every programme under ``project/specs`` with the tendergen in ``src``; sha256 per file."""
    env = {**os.environ, "PYTHONPATH": str(src), "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-m", "tendergen", "build", "specs", "-j", str(jobs), "--output", str(output)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"build in {project} failed:\n{result.stderr}")
    return {
        path.relative_to(output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def export(revision: str, target: Path) -> Path:
    """The files of ``revision`` under ``target`` (nothing in the repository changes)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=False)
    if archive.returncode != 0:
        sys.exit(f"git archive {revision}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def compare(old: dict[str, str], new: dict[str, str], old_name: str, new_name: str) -> int:
    """Print what differs; 1 when anything does."""
    changed = sorted(name for name in old.keys() & new.keys() if old[name] != new[name])
    missing = sorted(old.keys() - new.keys())
    added = sorted(new.keys() - old.keys())
    for name in changed:
        print(f"differs: {name}")
    for name in missing:
        print(f"only in {old_name}: {name}")
    for name in added:
        print(f"only in {new_name}: {name}")
    if changed or missing or added:
        print(f"{len(changed)} differ, {len(missing)} only in {old_name}, {len(added)} only in {new_name}")
        return 1
    print(f"{len(new)} files byte-identical ({old_name} and {new_name})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--against", metavar="REV", help="compare with the packs of a git revision")
    mode.add_argument("--record", type=Path, metavar="FILE", help="write the hashes to FILE (JSON)")
    mode.add_argument("--check", type=Path, metavar="FILE", help="compare with hashes recorded in FILE")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tendergen-hashes-") as tmp:
        work = Path(tmp)
        current = build(ROOT, ROOT / "src", work / "current", args.jobs)
        if args.record:
            args.record.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            print(f"{len(current)} hashes written to {args.record}")
            return 0
        if args.check:
            recorded = json.loads(args.check.read_text(encoding="utf-8"))
            return compare(recorded, current, str(args.check), "the work tree")
        other = export(args.against, work / "revision")
        hashes = build(other, other / "src", work / "revision-output", args.jobs)
        return compare(hashes, current, args.against, "the work tree")


if __name__ == "__main__":
    sys.exit(main())
