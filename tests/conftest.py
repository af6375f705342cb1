from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tendergen.project import Project, load_project
from tendergen.render import BuildOptions, build_pack

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Copy a valid fixture programme into ``tmp_path/specs/<name>``, overlay files, and chdir to ``tmp_path``.

    Returns a factory: ``project("regio-noord", overlay=FIXTURES / "invalid" / "case")`` → the programme folder,
    relative to the new working directory, so messages show ``specs/<name>/…`` paths.
    """

    def make(name: str = "regio-noord", overlay: Path | None = None) -> Path:
        target = tmp_path / "specs" / name
        shutil.copytree(FIXTURES / "valid" / name, target)
        if overlay is not None:
            shutil.copytree(overlay, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
        monkeypatch.chdir(tmp_path)
        return Path("specs") / name

    return make


EXAMPLE_SPECS = REPO / "specs"
EXAMPLES = sorted(p.name for p in EXAMPLE_SPECS.glob("*") if (p / "programme.yaml").is_file())


@pytest.fixture(scope="session")
def example_pack(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Project, Path]]:
    """Build an example programme's pack once per test session: ``example_pack("alphen-2021")`` → (the loaded
    project, the pack folder). The project (spec and schedule) is copied into a temporary project folder first, so
    the build writes only below the test session's temporary folder. With pytest-xdist the workers share the
    session's folder and build each pack once between them (a lock file per pack)."""
    built: dict[str, tuple[Project, Path]] = {}
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base

    def get(name: str) -> tuple[Project, Path]:
        if name not in built:
            root = shared / f"example-{name}"
            with open(shared / f"example-{name}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not (root / "built").exists():
                    shutil.rmtree(root, ignore_errors=True)
                    shutil.copytree(EXAMPLE_SPECS / name, root / "specs" / name)
                    schedule = REPO / "schedules" / f"{name}.yaml"
                    if schedule.is_file():
                        (root / "schedules").mkdir()
                        shutil.copy(schedule, root / "schedules" / schedule.name)
                    build_pack(load_project(root / "specs" / name), BuildOptions(jobs=2))
                    (root / "built").touch()
            project = load_project(root / "specs" / name)
            built[name] = (project, project.layout.pack_dir(name))
        return built[name]

    return get
