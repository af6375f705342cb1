"""Interrupted builds: a build killed at any moment leaves the previous pack whole, no temporary files survive the
next run, and no worker outlives its build."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tendergen.render.manifest import Entry, Manifest
from tendergen.render.swap import staging_of, switch_pack

KLEIN = Path(__file__).parent / "fixtures" / "render" / "klein"
KILLS = 20
SEED = 20261202


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tendergen(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tendergen", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def klein(tmp_path: Path) -> Path:
    shutil.copytree(KLEIN, tmp_path / "specs" / "klein")
    return tmp_path


def test_the_switch_keeps_what_the_build_does_not_manage(tmp_path: Path) -> None:
    pack = tmp_path / "output" / "p"
    (pack / "notice").mkdir(parents=True)
    (pack / "notice" / "nota-1.pdf").write_bytes(b"notice")
    (pack / "a.pdf").write_bytes(b"old a")
    (pack / "gone.pdf").write_bytes(b"gone")
    (pack / ".a.pdf.x1y2.tmp").write_bytes(b"left by a killed writer")
    old = Manifest({"a": Entry("1", {"a.pdf": _sha(b"old a")}), "gone": Entry("1", {"gone.pdf": _sha(b"gone")})})
    new = Manifest({"a": Entry("2", {"a.pdf": _sha(b"new a")}), "b": Entry("1", {"b.pdf": _sha(b"b")})})
    removed = switch_pack(pack, old, new, {"a.pdf": b"new a", "b.pdf": b"b"})
    assert removed == ["gone.pdf"]
    assert sorted(digests(pack)) == [".tendergen-build.json", "a.pdf", "b.pdf", "notice/nota-1.pdf"]
    assert (pack / "a.pdf").read_bytes() == b"new a"
    assert not staging_of(pack).exists()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.slow
def test_twenty_seeded_kills_leave_the_previous_pack_whole(klein: Path) -> None:
    first = tendergen("build", "specs/klein", cwd=klein)
    assert first.wait(timeout=300) == 0
    pack = klein / "output" / "klein"
    before = digests(pack)
    started = time.monotonic()
    timed = tendergen("build", "specs/klein", "--force", cwd=klein)
    assert timed.wait(timeout=300) == 0
    duration = time.monotonic() - started
    assert digests(pack) == before  # deterministic: a forced rebuild gives the same bytes
    rng = random.Random(SEED)
    for _ in range(KILLS):
        build = tendergen("build", "specs/klein", "--force", cwd=klein)
        time.sleep(rng.uniform(0.05, duration))
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
        assert digests(pack) == before
    final = tendergen("build", "specs/klein", cwd=klein)
    assert final.wait(timeout=300) == 0
    assert digests(pack) == before
    leftovers = [p.name for p in (klein / "output").iterdir() if p.name != "klein"]
    assert leftovers == []
    assert not [p for p in pack.rglob("*.tmp")]


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_workers_end_with_a_killed_build(klein: Path) -> None:
    build = tendergen("build", "specs/klein", "-j", "2", "--force", cwd=klein)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while not workers and time.monotonic() < deadline:
        workers = _children(build.pid)
        time.sleep(0.05)
    if not workers:
        build.wait(timeout=300)
        pytest.skip("the build finished before its workers could be seen")
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=60)
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)]


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        found.update(int(c) for c in children)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_staging_folder_left_behind_is_removed_by_the_next_switch(tmp_path: Path) -> None:
    pack = tmp_path / "p"
    staging = staging_of(pack)
    staging.mkdir()
    (staging / "half.pdf").write_bytes(b"half")
    switch_pack(pack, Manifest(), Manifest({"a": Entry("1", {"a.pdf": _sha(b"a")})}), {"a.pdf": b"a"})
    assert not staging.exists()
    assert sorted(os.listdir(pack)) == [".tendergen-build.json", "a.pdf"]
