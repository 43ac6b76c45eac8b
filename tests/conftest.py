"""Shared helpers: run the real `egovplan` entry point, and locate the repo's roadmap files."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import tomli_w

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def entry_point() -> list[str]:
    script = Path(sys.executable).with_name("egovplan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "egovplan"]


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            stdin: str | None = None) -> Run:
    """Run the installed console script as a user would, with no colour and a fixed width."""
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
    environment.pop("FORCE_COLOR", None)
    environment.pop("GITHUB_ACTIONS", None)
    environment.update(env or {})
    completed = subprocess.run(
        [*entry_point(), *args], capture_output=True, text=True, cwd=cwd or ROOT,
        env=environment, input=stdin, timeout=120, check=False, encoding="utf-8",
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture
def cli() -> type[Run]:
    return Run


def import_errors(run: Run, path: object) -> list[str]:
    """The findings `import` printed for `path`, each without the path (`line:col: …`), its
    closing summary left out."""
    prefix = f"{path}:"
    return [line.removeprefix(prefix) for line in run.err.splitlines()
            if line.startswith(prefix) and "not imported" not in line]


def assert_no_traceback(run: Run) -> None:
    assert "Traceback" not in run.err, run.err
    assert "Traceback" not in run.out, run.out


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "PATH": "/usr/bin:/bin", "HOME": str(repo)})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    path = tmp_path / "roadmaps" / "plan.toml"
    path.parent.mkdir()
    data = {"format": 1, "roadmap": {"id": "p", "title": "P", "start": "2000-01"},
            "projects": {"a": {"title": "A", "duration": 6}}}
    path.write_text(tomli_w.dumps(data))
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    data["projects"]["a"]["duration"] = 9
    path.write_text(tomli_w.dumps(data))
    return tmp_path
