"""The console examples of README.md and docs/*.md are what egovplan prints.

Each ```console block is run command by command (`$ egovplan …`, from the repository's root,
at 100 columns, piped) and its output compared with what the block shows. A line holding only
`…` stands for any number of lines the docs leave out; a `…` inside a line, for any text (the
docs shorten a long line; egovplan's own `…`, ending a cut title, matches itself). Commands on
files that are not in the repository (`roadmap.toml`, `plan.xml`: the docs' stand-ins for the
reader's own) and other programs' (`tj3`) are not run.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess

import pytest

from .conftest import ROOT, entry_point

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)


def examples() -> list[tuple[str, str, list[str]]]:
    """(where, command, the output lines shown) of every runnable console example."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for block in BLOCK.finditer(text):
            line = text.count("\n", 0, block.start()) + 2
            command: str | None = None
            shown: list[str] = []
            start = line
            for offset, row in enumerate([*block.group(1).splitlines(), "$ "]):
                if not row.startswith("$ "):
                    shown.append(row)
                    continue
                if command is not None and _runnable(command):
                    found.append((f"{doc.relative_to(ROOT)}:{start}", command, shown))
                command, shown, start = row[2:].split("  #")[0].strip(), [], line + offset
    return found


def _runnable(command: str) -> bool:
    words = shlex.split(command)
    return (bool(words) and words[0] == "egovplan"
            and all((ROOT / word).exists() for word in words[1:]
                    if word.endswith((".toml", ".xml", ".csv"))))


def _pattern(line: str) -> re.Pattern[str]:
    return re.compile(".*?".join(re.escape(part) for part in line.rstrip().split("…")) + r"\Z")


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether `actual` is `shown` with each `…` line standing for any lines (none too)."""
    def at(i: int, j: int) -> bool:
        while i < len(shown):
            if shown[i].strip() == "…":
                return any(at(i + 1, k) for k in range(j, len(actual) + 1))
            if j >= len(actual) or not _pattern(shown[i]).match(actual[j].rstrip()):
                return False
            i, j = i + 1, j + 1
        return j == len(actual)

    return at(0, 0)


def test_the_matching_leaves_out_only_what_it_is_told_to() -> None:
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "…", "d"], ["a", "d"])
    assert matches(["x (…) y"], ["x (long text) y"])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a", "…"], ["b", "c"])
    assert not matches(["a"], ["a", "b"])
    assert not matches(["x (…) y"], ["x (long text) z"])


def test_the_docs_have_console_examples_to_check() -> None:
    assert len(examples()) >= 8


@pytest.mark.parametrize(("where", "command", "shown"), examples(),
                         ids=[where for where, _, _ in examples()])
def test_a_console_example_is_what_egovplan_prints(where: str, command: str,
                                                    shown: list[str]) -> None:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)  # `gaps` would print workflow commands there
    result = subprocess.run([*entry_point(), *shlex.split(command)[1:]], cwd=ROOT, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=300,
                            check=False)
    actual = (result.stdout + result.stderr).splitlines()
    assert matches(shown, actual), f"{where}: `{command}` printed otherwise:\n" + "\n".join(
        difflib.unified_diff(shown, actual, "shown", "printed", lineterm=""))
