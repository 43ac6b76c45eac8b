"""validate and gaps for CI: GitHub workflow commands, SARIF, directories, exit options."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from egovplan.findings import Finding
from egovplan.render.github import annotation, escape_data, escape_property
from egovplan.render.sarif import document

from ..conftest import ROOT, run_cli
from ..helpers import line_of

# a key holding `,`, `:` and a newline, so that the message holds them too
TRICKY = 'format = 1\n"odd, key: with\\nnewline" = 1\n'


@pytest.fixture
def tricky(tmp_path: Path) -> Path:
    folder = tmp_path / "a, b: c"
    folder.mkdir()
    path = folder / "x.toml"
    path.write_text(TRICKY)
    return path


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    finding = Finding("unknown-key", "error", "a: b, c\nd", "dir, x:y/f.toml", 3, 7)
    assert annotation(finding) == (
        "::error file=dir%2C x%3Ay/f.toml,line=3,col=7,title=egovplan unknown-key::"
        "a: b, c%0Ad")


def test_github_format_golden(tricky: Path) -> None:
    run = run_cli("validate", "--format", "github", str(tricky))
    assert run.code == 1
    escaped_path = escape_property(str(tricky))
    lines = run.out.splitlines()
    assert lines[0] == (f"::error file={escaped_path},line=1,col=1,title=egovplan "
                        "missing-key::the top level is missing the required key 'roadmap'")
    assert lines[1] == (
        f"::error file={escaped_path},line=2,col=1,title=egovplan unknown-key::unknown key "
        "'odd, key: with\\nnewline' in the top level; allowed here: format, $schema, roadmap, "
        "domains, resources, phases, goals, projects (and an 'x' table for your own data)")
    # the plain form of every finding follows, one line each
    # (the key's line break shown as `\n`, as messages show control characters)
    assert (f"{tricky}:2:1: error unknown-key: unknown key 'odd, key: with\\nnewline' in the "
            "top level") in run.out


def test_github_is_chosen_inside_github_actions(tricky: Path) -> None:
    run = run_cli("validate", str(tricky), env={"GITHUB_ACTIONS": "true"})
    assert run.out.startswith("::error file=")
    assert not run_cli("validate", str(tricky)).out.startswith("::")


def test_sarif_shape(tricky: Path) -> None:
    run = run_cli("validate", "--format", "sarif", str(tricky), "roadmaps/korea-egov.toml")
    assert run.code == 1
    sarif = json.loads(run.out)
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-2.1.0.json")
    (sarif_run,) = sarif["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "egovplan"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert {"unknown-key", "dependency-cycle", "numbering-hole"} <= set(rule_ids)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    results = sarif_run["results"]
    assert len(results) == 2
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note", "none"}
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert not uri.startswith("/") or uri.startswith("file://")
        assert location["region"]["startLine"] >= 1
        assert location["region"]["startColumn"] >= 1
        assert re.fullmatch(r"[0-9a-f]{32}", result["partialFingerprints"]["egovplanFinding/v1"])


def test_sarif_uris_are_relative_and_fingerprints_ignore_lines() -> None:
    here = Finding("unknown-project", "error", "m", str(ROOT / "roadmaps" / "x.toml"), 3, 1,
                   ("a", "b"))
    moved = Finding("unknown-project", "error", "m", "roadmaps/x.toml", 30, 5, ("a", "b"))
    import os

    old = Path.cwd()
    os.chdir(ROOT)
    try:
        first, second = document([here])["runs"][0]["results"], document([moved])["runs"][0][
            "results"]
    finally:
        os.chdir(old)
    uri = first[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "roadmaps/x.toml"
    assert first[0]["partialFingerprints"] == second[0]["partialFingerprints"]


def test_gaps_in_github_and_sarif() -> None:
    github = run_cli("gaps", "--format", "github", "roadmaps/korea-egov-seed.toml")
    line = line_of("roadmaps/korea-egov-seed.toml", "[goals.services]")
    assert (f"::error file=roadmaps/korea-egov-seed.toml,line={line},col=8,title=egovplan "
            "numbering-hole::goal 'services' numbers its measures 1, 2, 4: 3 is missing") in (
        github.out.splitlines())
    sarif = json.loads(run_cli("gaps", "--format", "sarif", "roadmaps/korea-egov-seed.toml").out)
    levels = {r["ruleId"]: r["level"] for r in sarif["runs"][0]["results"]}
    assert levels["numbering-hole"] == "error"
    assert levels["project-without-measures"] == "warning"


def test_directories_are_searched_with_a_summary() -> None:
    run = run_cli("validate", "roadmaps", "examples")
    assert run.code == 0, run.out + run.err
    count = len(list((ROOT / "roadmaps").glob("*.toml"))) + len(
        list((ROOT / "examples").glob("*.toml")))
    assert f"{count} files checked: {count} valid, 0 invalid" in run.out


def test_exit_zero_and_strict(tricky: Path) -> None:
    assert run_cli("validate", "--exit-zero", str(tricky)).code == 0
    assert run_cli("validate", "--exit-zero", "no-such.toml").code == 2
    assert run_cli("gaps", "--exit-zero", "roadmaps/korea-egov-seed.toml").code == 0
    assert run_cli("gaps", "examples/minimal.toml").code == 0
    assert run_cli("gaps", "--strict", "examples/minimal.toml").code == 1


def test_pre_commit_hooks_run_through_their_entry() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    by_id = {hook["id"]: hook for hook in hooks}
    hook = by_id["egovplan-validate"]
    assert hook["language"] == "python"
    files = sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("*.toml")
                   if re.search(hook["files"], str(p.relative_to(ROOT))))
    assert files == ["roadmaps/korea-egov-seed.toml", "roadmaps/korea-egov.toml"]
    program, *arguments = hook["entry"].split()
    assert program == "egovplan"
    run = run_cli(*arguments, *files)
    assert run.code == 0, run.out


@pytest.mark.parametrize(("env", "escapes"), [
    ({}, False),  # not a terminal, and NO_COLOR set
    ({"NO_COLOR": "", "TERM": "xterm-256color"}, False),  # still not a terminal
    ({"NO_COLOR": "", "TERM": "xterm-256color", "FORCE_COLOR": "1"}, True),
])
def test_colour_follows_the_environment(env: dict[str, str], escapes: bool) -> None:
    run = run_cli("schedule", "roadmaps/korea-egov.toml", env=env)
    assert ("\x1b[" in run.out) is escapes
    machine = run_cli("schedule", "--format", "json", "roadmaps/korea-egov.toml", env=env)
    assert "\x1b[" not in machine.out


def test_the_example_workflow_runs_its_egovplan_steps() -> None:
    workflow = yaml.safe_load((ROOT / "docs" / "examples" / "github-workflow.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    commands = [step["run"] for step in steps if str(step.get("run", "")).startswith("egovplan ")]
    assert len(commands) == 4
    outputs = {}
    for command in commands:
        words = command.split(">")[0].split()
        run = run_cli(*words[1:], env={"GITHUB_ACTIONS": "true"})
        outputs[words[1] + (" sarif" if "sarif" in words else "")] = run
        failing = words[1] == "gaps" and "--exit-zero" not in words
        assert run.code == (1 if failing else 0), (command, run.out)
    # the seed roadmap's gaps appear as annotations and in code scanning; the completed
    # roadmap validates
    line = line_of("roadmaps/korea-egov-seed.toml", "[goals.services]")
    assert f"::error file=roadmaps/korea-egov-seed.toml,line={line},col=8" in outputs["gaps"].out
    assert json.loads(outputs["validate sarif"].out)["runs"][0]["results"] == []
    gap_results = json.loads(outputs["gaps sarif"].out)["runs"][0]["results"]
    assert {result["ruleId"] for result in gap_results} >= {"numbering-hole", "declared-count"}
    # every step after the first check runs when a check failed, the comment too
    later = [step for step in steps if step.get("name", "").startswith(("Coverage", "SARIF",
                                                                        "Comment"))]
    assert len(later) == 4
    assert all(str(step.get("if", "")).startswith("always()") for step in later)
    uploads = [step for step in steps if "upload-sarif" in step.get("uses", "")]
    assert [step["with"]["category"] for step in uploads] == ["egovplan-validate",
                                                              "egovplan-gaps"]


def test_sarif_uris_are_percent_encoded() -> None:
    """A URI reference: no space, '%', ':' or ',' as written (a first segment with ':' would
    read as a scheme), non-ASCII as UTF-8 escapes."""
    from urllib.parse import unquote

    from egovplan.render.sarif import uri

    for path, expected in [("we,ird:dir/b%a d.toml", "we%2Cird%3Adir/b%25a%20d.toml"),
                           ("로드맵/계획.toml",
                            "%EB%A1%9C%EB%93%9C%EB%A7%B5/%EA%B3%84%ED%9A%8D.toml"),
                           ("roadmaps/korea-egov.toml", "roadmaps/korea-egov.toml")]:
        assert uri(path) == expected
        assert unquote(expected) == path


def test_mermaid_task_ids_are_one_to_one() -> None:
    from egovplan.render.mermaid import task_id

    ids = ["a.b", "a_b", "a-b", "a__b", "a_db", "a.d", "a._b"]
    assert len({task_id(project_id) for project_id in ids}) == len(ids)
    assert all(re.fullmatch(r"t_[a-z0-9_-]+", task_id(project_id)) for project_id in ids)


def test_sarif_fingerprints_hash_the_path_as_written() -> None:
    """Encoding the URI must not move GitHub's alerts: the fingerprint hashes the plain path
    (these values were computed before the URI was percent-encoded)."""
    from egovplan.render.sarif import fingerprint

    finding = Finding("unknown-project", "error", "m", "로드맵 dir/계획.toml", 3, 1, ("a", "b"))
    identity = "\x1f".join(["unknown-project", "로드맵 dir/계획.toml", "a\x1eb"])
    import hashlib

    assert fingerprint(finding) == hashlib.sha256(identity.encode()).hexdigest()[:32]


@pytest.mark.parametrize("output_format", ["text", "github"])
@pytest.mark.parametrize("command", ["validate", "gaps"])
def test_a_file_name_cannot_start_a_workflow_command(tmp_path: Path, output_format: str,
                                                     command: str) -> None:
    """A pull request can name a file `::error file=README.md,line=1::x.toml`: printed at the
    start of a plain line, GitHub Actions ran it as a command (an annotation on another file;
    `::stop-commands::` would silence every annotation after it). Every line now starts with
    `./` before such a name, which names the same file."""
    header = 'format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2024-01"\n'
    names = ["::error file=README.md,line=1::x.toml", " ::stop-commands::y.toml",
             "##[error]z.toml"]
    (tmp_path / names[0]).write_text(header + "zzzz = 1\n", encoding="utf-8")  # invalid
    (tmp_path / names[1]).write_text(header + "[projects.a]\ntitle = \"A\"\nduration = 1\n",
                                     encoding="utf-8")  # valid, with gaps
    (tmp_path / names[2]).write_text(header, encoding="utf-8")
    run = run_cli(command, "--format", output_format, ".", cwd=tmp_path)
    lines = (run.out + run.err).splitlines()
    plain = [line for line in lines if not line.startswith("::error ")
             and not line.startswith("::warning ")]
    assert not [line for line in plain if line.lstrip().startswith(("::", "##["))], lines
    assert any(line.startswith("./::error file=README.md,line=1::x.toml:") for line in plain)
    assert any(line.startswith("./ ::stop-commands::y.toml:") for line in plain)
    assert any(line.startswith("./##[error]z.toml:") for line in plain)


def test_a_diff_of_a_file_so_named_starts_no_workflow_command(tmp_path: Path) -> None:
    name = "::error file=README.md,line=1::x.toml"
    (tmp_path / name).write_bytes((ROOT / "examples" / "minimal.toml").read_bytes())
    (tmp_path / "b.toml").write_bytes((ROOT / "examples" / "minimal.toml").read_bytes())
    run = run_cli("diff", name, "b.toml", cwd=tmp_path)
    assert run.out.startswith(f"./{name} → b.toml"), run.out


def test_bare_months_keep_fingerprints_of_their_own(tmp_path: Path) -> None:
    """Two months written bare gave one message up to its "; ", so each was told apart by
    its order alone: quoting the first moved the second onto the first's alert."""
    path = tmp_path / "months.toml"
    header = 'format = 1\n[roadmap]\nid = "r"\ntitle = "R"\n'
    body = '[projects.a]\ntitle = "A"\nduration = 1\nnot_before = 2025-02\n'

    def prints(text: str) -> list[str]:
        path.write_text(text, encoding="utf-8")
        results = json.loads(run_cli("validate", "--format", "sarif", str(path)).out)[
            "runs"][0]["results"]
        return [r["partialFingerprints"]["egovplanFinding/v1"] for r in results]

    both = prints(header + "start = 2025-01\n" + body)
    one = prints(header + 'start = "2025-01"\n' + body)
    assert len(both) == 2
    assert one == both[1:]


def test_a_fingerprint_without_a_subject_ignores_hints_and_lists(tmp_path: Path) -> None:
    """A schema finding is identified by its message; its did-you-mean changed when another
    id was added (`land-registry` → `land-registry-2`), and an unknown key's list of allowed
    keys would change with egovplan: each closed the alert and opened a new one."""
    path = tmp_path / "same.toml"
    header = 'format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2024-01"\n'
    bad = '[projects."Land Registry"]\ntitle = "A"\nduration = 1\nzzzz = 1\n'

    def prints(text: str) -> dict[str, str]:
        path.write_text(text, encoding="utf-8")
        results = json.loads(run_cli("validate", "--format", "sarif", str(path)).out)[
            "runs"][0]["results"]
        return {r["ruleId"]: r["partialFingerprints"]["egovplanFinding/v1"] for r in results}

    alone = prints(header + bad)
    beside = prints(header + '[projects.land-registry]\ntitle = "L"\nduration = 1\n' + bad)
    assert set(alone) == {"invalid-id", "unknown-key"}
    assert alone == beside
    from egovplan.render.sarif import fingerprint

    one = Finding("unknown-key", "error", "unknown key 'zzzz' in projects.a; allowed here: a",
                  "x.toml", 1, 1)
    other = Finding("unknown-key", "error", "unknown key 'zzzz' in projects.a; allowed here: "
                    "a, b", "x.toml", 9, 1)
    different = Finding("unknown-key", "error", "unknown key 'zzzz' in projects.b; allowed "
                        "here: a", "x.toml", 1, 1)
    assert fingerprint(one) == fingerprint(other) != fingerprint(different)


def test_repeated_findings_get_fingerprints_of_their_own(tmp_path: Path) -> None:
    """`depends_on = ["zz", "zz"]`: two findings with the same code, file and subject keep
    two alerts in code scanning; the first keeps the fingerprint it always had."""
    from egovplan.render.sarif import fingerprint

    path = tmp_path / "twice.toml"
    path.write_text('format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2024-01"\n'
                    '[projects.a]\ntitle = "A"\nduration = 1\ndepends_on = ["zz", "zz"]\n',
                    encoding="utf-8")
    run = run_cli("validate", "--format", "sarif", str(path))
    results = json.loads(run.out)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["egovplanFinding/v1"] for r in results
              if r["ruleId"] == "unknown-project"]
    assert len(prints) == 2
    assert len(set(prints)) == 2
    first = Finding("unknown-project", "error", "", str(path), 1, 1, ("a", "zz"))
    assert fingerprint(first) in prints


@pytest.mark.parametrize("command", ["validate", "gaps"])
@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_a_run_that_cannot_read_a_file_writes_no_document(command: str,
                                                         output_format: str) -> None:
    """Exit 2 and nothing on stdout: an uploaded SARIF with no results would close every open
    alert, and a JSON document would look like a clean run."""
    run = run_cli(command, "--format", output_format, "no-such-file.toml", "examples/minimal.toml")
    assert run.code == 2
    assert run.out == ""
    assert "no-such-file.toml: no such file" in run.err


def test_sarif_names_a_file_one_way_however_its_path_is_spelt(tmp_path: Path) -> None:
    """`../x.toml`, `a/../x.toml` and the absolute path of one file are one URI and one
    fingerprint (they were three alerts); a path outside the working directory is a `file:`
    URI, as its docstring always said."""
    import os

    from egovplan.render.sarif import fingerprint, uri

    (tmp_path / "sub").mkdir()
    target = tmp_path / "x.toml"
    old = Path.cwd()
    os.chdir(tmp_path / "sub")
    try:
        spellings = ["../x.toml", "../sub/../x.toml", str(target)]
        assert {uri(path) for path in spellings} == {target.resolve().as_uri()}
        prints = {fingerprint(Finding("toml-syntax", "error", "m", path, 1, 1, ()))
                  for path in spellings}
        assert len(prints) == 1
        os.chdir(tmp_path)
        assert {uri(path) for path in ["x.toml", "./x.toml", "sub/../x.toml", str(target)]} == {
            "x.toml"}
    finally:
        os.chdir(old)


def test_sarif_resolves_symlinked_directories_and_keeps_the_file_as_named(
        tmp_path: Path) -> None:
    """`here/x.toml` (`here` a link to `.`) is `x.toml`, in the URI and the fingerprint;
    `/dev/stdin` is itself, not the pipe it links to (another one each run); a file that is a
    link keeps its own name."""
    import os

    from egovplan.render.sarif import fingerprint, uri

    (tmp_path / "x.toml").write_text("", encoding="utf-8")
    (tmp_path / "here").symlink_to(".")
    (tmp_path / "alias.toml").symlink_to("x.toml")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        spellings = ["x.toml", "here/x.toml", "here/here/x.toml", str(tmp_path / "here/x.toml")]
        assert {uri(path) for path in spellings} == {"x.toml"}
        assert len({fingerprint(Finding("toml-syntax", "error", "m", path, 1, 1, ()))
                    for path in spellings}) == 1
        assert uri("here/alias.toml") == "alias.toml"
        # a linked directory pointing outside keeps the name it has here (GitHub reads the
        # checkout's paths), not the absolute path it resolves to
        outside = tmp_path.parent / f"{tmp_path.name}-outside"
        outside.mkdir()
        (tmp_path / "data").symlink_to(outside)
        assert uri("data/y.toml") == "data/y.toml"
        assert uri(str(tmp_path / "data" / "y.toml")) == "data/y.toml"
        # `..` after a link is what the system finds: the file beside the link's target, not
        # the checkout's `w.toml` (which `data/../w.toml` would be, read as text)
        assert uri("data/../w.toml") == (outside.parent / "w.toml").as_uri()
    finally:
        os.chdir(old)
    for stream in ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"):
        assert uri(stream) == f"file://{stream}"


def test_sarif_for_standard_input_is_the_same_every_run() -> None:
    text = Path("examples/minimal.toml").read_text(encoding="utf-8") + "[projects.a]\n"
    runs = [run_cli("validate", "--format", "sarif", "/dev/stdin", stdin=text)
            for _ in range(2)]
    assert runs[0].out == runs[1].out
    results = json.loads(runs[0].out)["runs"][0]["results"]
    assert results
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in results} == {"file:///dev/stdin"}


def test_a_file_over_the_limit_keeps_its_alert_as_it_grows() -> None:
    from egovplan.loader.reader import too_large
    from egovplan.render.sarif import fingerprint

    prints = {fingerprint(too_large("r.toml", f"the file is {size:,} bytes, over the limit of "
                                              "100 bytes")) for size in (101, 2_000, 30_000)}
    assert len(prints) == 1
    assert fingerprint(too_large("r.toml", "x")) != fingerprint(too_large("s.toml", "x"))


def test_a_message_fingerprint_leaves_out_the_lines_it_names() -> None:
    from egovplan.render.sarif import fingerprint

    def finding(line: int) -> Finding:
        return Finding("duplicate-key", "error",
                       f"key 'title' is written twice (first on line {line})", "r.toml",
                       line + 4, 1, ())

    assert fingerprint(finding(3)) == fingerprint(finding(30))


def _comment_step(source: str) -> str:
    """The script of the step that comments the diff, in the example workflow or in the
    workflow docs/diff.md shows."""
    if source == "workflow":
        text = (ROOT / "docs" / "examples" / "github-workflow.yml").read_text(encoding="utf-8")
    else:
        doc = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
        text = doc.split("```yaml\n", 1)[1].split("\n```\n", 1)[0]
    workflow = yaml.safe_load(text)
    steps = next(iter(workflow["jobs"].values()))["steps"]
    return str(next(step for step in steps if step.get("name", "").startswith("Comment"))["run"])


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize("source", ["workflow", "docs/diff.md"])
def test_the_example_workflows_keep_one_diff_comment(tmp_path: Path, source: str,
                                                     big: bool) -> None:
    """The comment step, run by bash in a repository with a changed, a renamed (to a Korean
    name with quotes, which git quotes and escapes without -z) and a new roadmap and a
    stand-in `gh`: one comment holding every diff, posted by editing the last one (or
    creating it); too long for GitHub
    (`big`: 2,000 projects with Korean titles added), cut between lines under 65,000
    characters, with a note."""
    import os
    import shutil
    import subprocess
    import sys

    repo = tmp_path / "repo"
    (repo / "roadmaps").mkdir(parents=True)
    seed = (ROOT / "roadmaps" / "korea-egov.toml").read_text(encoding="utf-8")
    (repo / "roadmaps" / "national.toml").write_text(seed, encoding="utf-8")
    shutil.copy(ROOT / "examples" / "phases.toml", repo / "roadmaps" / "health.toml")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo,
                       check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "change")
    added = "".join(f'\n[projects.added-{n}]\ntitle = "추가 사업 {n}: 전자정부 서비스"\n'
                    f"duration = 3\n" for n in range(2000)) if big else ""
    (repo / "roadmaps" / "national.toml").write_text(
        seed.replace('title = "Korea e-Government', 'title = "Korea e-Gov', 1) + added,
        encoding="utf-8")
    git("mv", "roadmaps/health.toml", 'roadmaps/보건 "2030".toml')
    shutil.copy(ROOT / "examples" / "minimal.toml", repo / "roadmaps" / "new.toml")
    git("add", ".")
    git("commit", "-qm", "change")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(
        '#!/bin/sh\necho "$@" >> "$GH_LOG"\nwhile [ $# -gt 0 ]; do\n'
        '  if [ "$1" = --body-file ]; then cat "$2" > "$GH_BODY"; fi; shift\ndone\n',
        encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    env = {**os.environ, "BASE": "main", "PR": "7", "GH_LOG": str(tmp_path / "gh.log"),
           "GH_BODY": str(tmp_path / "body.md"), "NO_COLOR": "1",
           "PATH": f"{bin_dir}:{Path(sys.executable).parent}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-e", "-c", _comment_step(source)], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "gh.log").read_text() == ("pr comment 7 --edit-last --create-if-none "
                                                 "--body-file comment.md\n")
    body = (tmp_path / "body.md").read_text(encoding="utf-8")
    assert "## Roadmap changes: `main:roadmaps/national.toml` → `roadmaps/national.toml`" in body
    if big:
        assert len(body) <= 65_000
        kept, note = body.rsplit("\n\n", 1)
        assert note == "… cut here: every diff is in full in the job's log.\n"
        log = done.stdout
        assert log.startswith(kept + "\n")  # cut between two lines
        assert len(log) > 65_000
    else:
        assert ('## Roadmap changes: `main:roadmaps/health.toml` → `roadmaps/보건 "2030".toml`'
                in body)
        assert ("## New roadmap `roadmaps/new.toml`" in body) is (source == "docs/diff.md")
    assert done.stdout.startswith(body.rstrip("\n").split("\n", 1)[0])  # in the log too
