"""The two sides of a diff: a git revision (read through git plumbing, never checked out) or a folder.

A revision is materialised into a temporary folder with the same layout (only ``specs/`` — or the paths asked
for — and ``schedules/``), so the real loader and checks run on it unchanged. Problems found there are renamed to
``REV:path`` so the user sees which revision is broken.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tendergen.errors import Problem, SpecError, UsageError
from tendergen.layout import PROGRAMME_FILE
from tendergen.loader import MAX_FILE_BYTES, printable
from tendergen.review.changes import SideInfo

SPECS_DIR = "specs"
SCHEDULES_DIR = "schedules"
_BLOB_MODES = {"100644", "100755"}
# A repository's own config must not make tendergen run its commands: no fsmonitor hook (reading the index for
# `:path` revisions would start it), no pager, no external diff or textconv, no credential prompts.
_GIT_SAFETY = ("--no-pager", "-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false", "-c", "diff.external=")
_GIT_ENV_DROP = ("GIT_EXTERNAL_DIFF", "GIT_PAGER", "PAGER", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_SSH_COMMAND")


@dataclass(frozen=True)
class Side:
    """A side ready to load: ``root`` is a project folder (holding ``specs/`` and ``schedules/``)."""

    info: SideInfo
    root: Path
    paths: tuple[str, ...]
    """The PATHs (relative to ``root``) that hold the programmes to compare."""
    display: str | None = None
    """For a revision: the prefix that replaces ``root`` in file names (``HEAD~1:``); None for a folder."""

    def rename(self, problem: Problem) -> Problem:
        """Show a problem's file as the user knows it (``HEAD~1:specs/x/units/y.yaml`` for a revision)."""
        if self.display is None:
            return problem
        try:
            relative = Path(problem.file).resolve().relative_to(self.root.resolve())
        except ValueError:
            return problem
        return dataclasses.replace(problem, file=f"{self.display}{relative.as_posix()}")


@contextmanager
def open_side(arg: str, paths: list[str], base: Path) -> Iterator[Side]:
    """Open one side named on the command line; a revision lives in a temporary folder until the block ends.

    ``paths`` select programme folders relative to the project (default: ``specs``; for a folder side without a
    ``specs`` folder, the folder itself, so two programme folders or two specs folders can be compared too).
    """
    if arg.startswith("-"):
        shown = printable(arg)
        raise UsageError(f"`{shown}`: a revision must not start with `-`; write `./{shown}` for a folder")
    folder = base / arg
    revision = _resolve_revision(arg, base)
    if folder.is_dir() and revision is not None:
        raise UsageError(
            f"`{arg}` is both a folder and a git revision; write `./{arg}` for the folder or `{arg}^{{commit}}` "
            "for the revision"
        )
    if folder.is_dir():
        chosen = paths or ([SPECS_DIR] if (folder / SPECS_DIR).is_dir() else ["."])
        yield Side(SideInfo(arg, "directory"), folder, tuple(chosen))
        return
    if revision is None:
        raise UsageError(f"`{arg}` is neither a folder nor a git revision{_repo_hint(base)}")
    top, prefix = repo_location(base)
    with tempfile.TemporaryDirectory(prefix="tendergen-diff-") as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        chosen = paths or [SPECS_DIR]
        materialise(top, revision, prefix, [*chosen, SCHEDULES_DIR], root, f"{arg}:")
        yield Side(SideInfo(arg, "git", revision), root, tuple(chosen), f"{arg}:{prefix}")


def check_paths(paths: list[str]) -> None:
    """PATH arguments name folders inside the project: no absolute paths, no `..`."""
    for path in paths:
        if Path(path).is_absolute() or ".." in Path(path).parts:
            raise UsageError(f"{path}: PATH must be relative to the project folder, without `..`")


def folder_pair(before: Side, after: Side) -> tuple[dict[str, Path], dict[str, Path]]:
    """The programme folders of both sides; UsageError when neither side has any."""
    old_folders, new_folders = programme_folders(before), programme_folders(after)
    if not old_folders and not new_folders:
        where = ", ".join(before.paths)
        raise UsageError(f"no programme folder under {where} in `{before.info.label}` or `{after.info.label}`")
    return old_folders, new_folders


def programme_folders(side: Side) -> dict[str, Path]:
    """Programme folders under each PATH of a side, by folder name (which is the programme id)."""
    found: dict[str, Path] = {}
    for path in side.paths:
        target = side.root / path
        if (target / PROGRAMME_FILE).is_file():
            found[target.name] = target
        elif target.is_dir():
            for child in sorted(target.iterdir()):
                if (child / PROGRAMME_FILE).is_file():
                    found[child.name] = child
    return found


# ---------------------------------------------------------------------- git plumbing


def _git(base: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {key: value for key, value in os.environ.items() if key not in _GIT_ENV_DROP}
    env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0"})
    command = ["git", *_GIT_SAFETY, "-C", str(base), *args]
    try:
        return subprocess.run(command, input=stdin, capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed; compare two folders instead") from None


def _resolve_revision(arg: str, base: Path) -> str | None:
    """The commit a revision names, or None when it names none (or ``base`` is not in a git repository)."""
    if arg.startswith("-"):
        return None
    result = _git(base, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{arg}^{{commit}}")
    if result.returncode != 0:
        return None
    return result.stdout.decode().strip()


def _repo_hint(base: Path) -> str:
    if _git(base, "rev-parse", "--show-toplevel").returncode != 0:
        return f" ({base.resolve()} is not inside a git repository)"
    return ""


def repo_location(base: Path) -> tuple[Path, str]:
    """The repository's top folder and the project's prefix inside it (``""`` or ``sub/dir/``)."""
    top = _git(base, "rev-parse", "--show-toplevel")
    prefix = _git(base, "rev-parse", "--show-prefix")
    return Path(top.stdout.decode().strip()), prefix.stdout.decode().strip()


def materialise(top: Path, commit: str, prefix: str, paths: list[str], root: Path, label: str) -> None:
    """Write the blobs under ``prefix/paths`` at ``commit`` into ``root``, keeping their relative layout."""
    specs = [_pathspec(prefix, path) for path in paths]
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs)
    if listing.returncode != 0:  # pragma: no cover - the commit was just resolved
        raise UsageError(f"git ls-tree failed: {listing.stderr.decode().strip()}")
    entries: list[tuple[str, str]] = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, name = record.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if kind == "blob" and mode in _BLOB_MODES:
            entries.append((sha, name.decode("utf-8", errors="surrogateescape")))
    for (_sha, path), data in zip(entries, _read_blobs(top, label, entries), strict=True):
        relative = PurePosixPath(path).relative_to(prefix) if prefix else PurePosixPath(path)
        if ".." in relative.parts or relative.is_absolute():  # pragma: no cover - git refuses such paths
            continue
        target = root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _pathspec(prefix: str, path: str) -> str:
    joined = PurePosixPath(prefix or ".") / PurePosixPath(path)
    parts = [part for part in joined.parts if part != "."]
    return ":(literal)" + ("/".join(parts) if parts else ".")


def _read_blobs(top: Path, label: str, entries: list[tuple[str, str]]) -> list[bytes]:
    """Read many blobs with one ``git cat-file --batch``; refuse any above the loader's size limit."""
    if not entries:
        return []
    result = _git(top, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha, _ in entries).encode())
    out: list[bytes] = []
    data, pos = result.stdout, 0
    too_big: list[Problem] = []
    for _sha, name in entries:
        end = data.index(b"\n", pos)
        header = data[pos:end].decode().split()
        size = int(header[2])
        start = end + 1
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 1_000_000
            too_big.append(Problem(f"{label}{name}", 1, 1, "", f"file is {size:,} bytes; the limit is {limit} MB"))
        out.append(data[start : start + size])
        pos = start + size + 1
    if too_big:
        raise SpecError(too_big)
    return out
