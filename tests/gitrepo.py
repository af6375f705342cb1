"""Fixture git repositories for the review tests (diff, redline, notice): made in tmp_path, isolated from the
user's git configuration."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity; return its output."""
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.nl", "-c", "commit.gpgsign=false"]
    return subprocess.run([*command, *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def edit(repo: Path, file: str, old: str, new: str) -> None:
    """Replace the first ``old`` in ``file`` by ``new``; fail when ``old`` is not there."""
    path = repo / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    """Commit everything in the work tree."""
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", message)


def make_repo(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ``project`` as a git repository with one commit, made the working directory."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("HOME", str(tmp_path))
    root = tmp_path / "repo"
    shutil.copytree(project, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    monkeypatch.chdir(root)
    return root
