"""The command line through the real entry point: exit codes, messages, never a traceback."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan import __version__

from .conftest import ROOT, assert_no_traceback, git, run_cli
from .helpers import line_of

SEED = "roadmaps/korea-egov-seed.toml"
FULL = "roadmaps/korea-egov.toml"


def test_version() -> None:
    run = run_cli("--version")
    assert run.code == 0
    assert run.out == f"egovplan {__version__}\n"


def test_no_arguments_shows_help_and_is_a_usage_error() -> None:
    run = run_cli()
    assert run.code == 2
    assert "validate" in run.out + run.err


def test_validate_repo_roadmaps_and_examples() -> None:
    files = sorted(str(p.relative_to(ROOT)) for p in [*(ROOT / "roadmaps").glob("*.toml"),
                                                      *(ROOT / "examples").glob("*.toml")])
    run = run_cli("validate", *files)
    assert run.code == 0, run.out + run.err
    assert f"{len(files)} files checked: {len(files)} valid" in run.out


def write(tmp_path: Path, name: str, content: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return str(path)


BAD = """\
format = 1
[roadmap]
id = "t"
title = "T"
start = "1987-13"
[projects.resident-registration]
title = "R"
duration = 12
[projects.b]
title = "B"
duration = "2y"
depends_on = ["resident-registraton"]
"""


def test_validate_reports_every_error_located_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", BAD)
    run = run_cli("validate", path)
    assert run.code == 1
    assert_no_traceback(run)
    assert f"{path}:5:9: error invalid-month: roadmap.start: '1987-13' is not a month" in run.out
    assert (f"{path}:12:15: error unknown-project: unknown project 'resident-registraton' in the "
            "dependencies of 'b'; did you mean 'resident-registration'?") in run.out
    assert f"{path}: invalid (2 errors, 0 warnings)" in run.out


def test_validate_json(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", BAD)
    run = run_cli("validate", "--format", "json", path, SEED)
    assert run.code == 1
    document = json.loads(run.out)
    first, second = document["files"]
    assert first["path"] == path
    assert first["valid"] is False
    assert [(f["code"], f["line"], f["column"], f["severity"]) for f in first["findings"]] == [
        ("invalid-month", 5, 9, "error"), ("unknown-project", 12, 15, "error")]
    assert second == {**second, "path": SEED, "valid": True, "findings": []}


@pytest.mark.parametrize(
    ("name", "content", "code", "fragment"),
    [
        ("empty.toml", b"", "missing-key", "missing the required key 'format'"),
        ("latin1.toml", 'format = 1\ntitle = "caf\xe9"\n'.encode("latin-1"), "encoding",
         "not UTF-8"),
        ("junk.toml", bytes(range(256)) * 4, "encoding", "not UTF-8"),
        ("nul.toml", b"format = 1\x00\n", "toml-syntax", "TOML syntax"),
        ("deep-array.toml", b"format = " + b"[" * 20_000 + b"]" * 20_000, "too-deep",
         "nested more than 80 levels"),
        ("deep-keys.toml", b"x." + b".".join([b"k"] * 20_000) + b" = 1\n", "too-deep",
         "more than 80 levels"),
        ("huge-int.toml", b"format = " + b"9" * 5000 + b"\n", "toml-syntax", "overflowed"),
        ("big-duration.toml",
         b'format = 1\n[roadmap]\nid = "a"\ntitle = "A"\nstart = "2000-01"\n'
         b'[projects.p]\ntitle = "P"\nduration = 99999999999999999999999999\n',
         "invalid-duration", "past the limit of 12000 months"),
        ("unclosed.toml", b'format = 1\n[roadmap\n', "toml-syntax", "TOML syntax"),
    ],
)
def test_hostile_bytes_give_a_finding_not_a_traceback(tmp_path: Path, name: str,
                                                      content: bytes, code: str,
                                                      fragment: str) -> None:
    path = write(tmp_path, name, content)
    run = run_cli("validate", "--format", "json", path)
    assert_no_traceback(run)
    assert run.code == 1, run.err
    findings = json.loads(run.out)["files"][0]["findings"]
    assert any(f["code"] == code and fragment in f["message"] for f in findings), findings
    assert all(f["line"] is None or f["line"] >= 1 for f in findings)


def test_too_large_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.toml", "# padding\n" * 1000)
    run = run_cli("validate", "--max-bytes", "100", path)
    assert run.code == 1
    assert "error too-large: the file is 10,000 bytes, over the limit of 100 bytes" in run.out


@pytest.mark.parametrize("stream", ["/dev/stdin", "/dev/zero"])
def test_a_stream_is_read_no_further_than_the_limit(stream: str) -> None:
    # /dev/zero never ends: reading it whole would exhaust memory
    run = run_cli("validate", "--max-bytes", "100", stream, stdin="# padding\n" * 1000)
    assert run.code == 1, run.err
    assert_no_traceback(run)
    assert "error too-large: the input is longer than the limit of 100 bytes" in run.out


@pytest.mark.parametrize("path", [SEED, "/dev/stdin"])
def test_a_huge_limit_allocates_nothing(path: str) -> None:
    run = run_cli("validate", "--max-bytes", str(1 << 40), path,
                  stdin=(ROOT / SEED).read_text(encoding="utf-8"))
    assert run.code == 0, run.out + run.err
    assert run.out.startswith(f"{path}: valid")


def test_a_directory_named_like_a_roadmap_is_not_a_roadmap(tmp_path: Path) -> None:
    (tmp_path / "folder.toml").mkdir()
    write(tmp_path, "plan.toml", (ROOT / SEED).read_text(encoding="utf-8"))
    run = run_cli("validate", str(tmp_path))
    assert run.code == 0, run.out + run.err
    assert "plan.toml: valid" in run.out
    assert "folder.toml" not in run.out + run.err


@pytest.mark.parametrize("command", ["validate", "gaps"])
def test_a_stray_entry_a_search_finds_is_passed_over(tmp_path: Path, command: str) -> None:
    """A link to a deleted file, or a named pipe (which would block the run), under a
    searched directory: noted and skipped; the other files are checked and the SARIF written
    (it stopped the whole run with exit 2 and no document, or hung)."""
    import os

    write(tmp_path, "plan.toml", (ROOT / SEED).read_text(encoding="utf-8")
          + '[projects.zz]\ntitle = "Z"\nduration = 1\ndepends_on = ["nope"]\n')
    (tmp_path / "old.toml").symlink_to("nowhere.toml")
    (tmp_path / "loop.toml").symlink_to("loop.toml")
    os.mkfifo(tmp_path / "pipe.toml")
    run = run_cli(command, "--format", "sarif", str(tmp_path))
    assert run.code == 1, run.err  # the unknown project
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(run.out)["runs"][0]["results"]}
    assert uris == {(tmp_path / "plan.toml").as_uri()}
    assert run.err.splitlines() == [
        f"egovplan: note: {tmp_path}/loop.toml: cannot be read (Too many levels of symbolic "
        "links); skipped",
        f"egovplan: note: {tmp_path}/old.toml: a link to 'nowhere.toml', which does not "
        "exist; skipped",
        f"egovplan: note: {tmp_path}/pipe.toml: not a regular file; skipped"]


def test_a_directory_too_deep_to_list_is_passed_over(tmp_path: Path) -> None:
    """A path longer than the system takes under a searched directory stopped the whole run
    with exit 3 ("internal error: OSError: File name too long"); it is noted and skipped, and
    the other files are checked, as `rglob` found them (hidden entries and links to
    directories left out)."""
    import os

    write(tmp_path, "plan.toml", (ROOT / SEED).read_text(encoding="utf-8"))
    (tmp_path / "sub" / ".hidden").mkdir(parents=True)
    write(tmp_path / "sub", "b.toml", (ROOT / SEED).read_text(encoding="utf-8"))
    write(tmp_path / "sub" / ".hidden", "c.toml", "not toml at all")
    write(tmp_path / "sub", ".d.toml", "not toml at all")
    (tmp_path / "linked").symlink_to(tmp_path / "sub")
    deep = tmp_path / "deep"
    deep.mkdir()
    os.chdir(deep)
    try:
        for _ in range(17):  # a path of over 4,096 bytes, made a step at a time
            Path("d" * 250).mkdir()
            os.chdir("d" * 250)
    finally:
        os.chdir(ROOT)
    run = run_cli("validate", str(tmp_path))
    assert run.code == 0, run.err
    assert [line.split(":")[0] for line in run.out.splitlines()[:2]] == [
        f"{tmp_path}/plan.toml", f"{tmp_path}/sub/b.toml"]
    assert "2 files checked" in run.out
    assert run.err.startswith(f"egovplan: note: {deep}/"), run.err
    assert run.err.endswith(": cannot be read (File name too long); skipped\n"), run.err


def test_a_link_found_beside_its_file_is_reported_as_the_file(tmp_path: Path) -> None:
    """`a-link.toml` → `z.toml`, both found by a search: the one report went on the link
    (first in sort order), which in git is a one-line blob, so an annotation landed on no line
    of the roadmap; it now goes on the file."""
    write(tmp_path, "z.toml", 'format = 1\n[roadmap]\nid = "t"\ntitle = "T"\n'
          'start = "2024-01"\nzzzz = 1\n')
    (tmp_path / "a-link.toml").symlink_to("z.toml")
    write(tmp_path, "m.toml", (ROOT / SEED).read_text(encoding="utf-8"))
    run = run_cli("validate", "--format", "github", str(tmp_path))
    assert run.code == 1
    assert run.out.startswith(f"::error file={tmp_path}/z.toml,line=6,")
    assert "a-link" not in run.out
    # the file at its own place in the sorted order, not the link's
    summaries = [line.split(":")[0] for line in run.out.splitlines()
                 if line.startswith(f"{tmp_path}/") and line.split(": ", 1)[1].startswith(
                     ("valid", "invalid"))]
    assert summaries == [f"{tmp_path}/m.toml", f"{tmp_path}/z.toml"]


def test_the_github_format_is_utf8_whatever_the_encoding_of_standard_output() -> None:
    """GitHub reads a step's log as UTF-8; on a runner whose standard output is cp1252
    (Windows) a Korean title made the whole `github` output fail, and the run exit 1."""
    wanted = run_cli("gaps", "--format", "github", "roadmaps/korea-egov-seed.toml")
    assert any(ord(char) > 127 for char in wanted.out)
    assert run_cli("gaps", "--format", "github", "roadmaps/korea-egov-seed.toml",
                   env={"PYTHONIOENCODING": "cp1252"}) == wanted
    validated = run_cli("validate", "--format", "github", "examples/multilingual.toml")
    assert run_cli("validate", "--format", "github", "examples/multilingual.toml",
                   env={"PYTHONIOENCODING": "ascii"}) == validated


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no-such-file.toml"], "no-such-file.toml: no such file"),
        (["validate", "docs"], "docs: a directory with no *.toml file in it"),
        (["schedule", "roadmaps"], "roadmaps: is a directory"),
        (["validate", "--format", "xml", SEED], "xml"),
        (["validate", "--no-such-option", SEED], "no-such-option"),
        (["schedule", "no-such-file.toml"], "no such file"),
        (["schedule", "--by", "month", FULL], "month"),
        (["risk", "--seed", "-5", "examples/estimates.toml"],
         "Invalid value for '--seed': must be 0 or more, not -5"),
        (["schedule", "--level", "--seed", "-5", "examples/resources.toml"],
         "Invalid value for '--seed': must be 0 or more, not -5"),
        (["critical-path", "--max-paths", "abc", FULL],
         "Invalid value for '--max-paths': must be a whole number, not 'abc'"),
        (["critical-path", "--max-paths", "1.5", FULL], "must be a whole number, not '1.5'"),
        (["schedule", "--level", "--effort", "0", "examples/resources.toml"],
         "Invalid value for '--effort': must be 1 or more, not 0"),
        (["schedule", "--level", "--exact", "--time-limit", "nan", "examples/resources.toml"],
         "Invalid value for '--time-limit': must be a number, not 'nan'"),
        (["schedule", "--level", "--exact", "--time-limit", "0", "examples/resources.toml"],
         "must be 0.01 or more, not 0"),
        (["risk", "-n", "20000000", "examples/estimates.toml"],
         "must be at most 10,000,000, not 20000000"),
        (["validate", "--max-bytes", "0", SEED],
         "Invalid value for '--max-bytes': must be 1 or more, not 0"),
        (["schedule", "--effort", "5", "examples/resources.toml"], "--effort needs --level"),
        (["schedule", "--seed", "3", "--effort", "2", "examples/resources.toml"],
         "--effort and --seed need --level"),
        (["schedule", "--level", "--time-limit", "2", "examples/resources.toml"],
         "--time-limit needs --exact"),
        (["export", "examples/resources.toml", "--to", "mermaid", "--view", "traceability"],
         "--view needs --to dot"),
        (["risk", "--effort", "5", "examples/estimates.toml"], "--effort needs --level"),
        # what --force allows (replacing a file) means nothing on standard output: said, not
        # silently ignored
        (["export", "examples/minimal.toml", "--to", "mermaid", "--force"],
         "--force needs --output FILE"),
        (["export", "examples/minimal.toml", "--to", "mermaid", "--force", "-o", "-"],
         "--force needs --output FILE"),
        (["import", "tests/importers/plan.csv", "--force"], "--force needs --output FILE"),
        # 1e400 reads as infinity: not "must be 0.01 or more"
        (["schedule", "--level", "--exact", "--time-limit", "1e400", "examples/resources.toml"],
         "must be a finite number, 0.01 or more, not 1e400"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    run = run_cli(*args)
    assert run.code == 2
    assert_no_traceback(run)
    assert message in run.err


def test_schedule_of_an_invalid_file_exits_1_with_the_findings(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", BAD)
    run = run_cli("schedule", path)
    assert run.code == 1
    assert "invalid-month" in run.err
    json_run = run_cli("schedule", "--format", "json", path)
    assert json_run.code == 1
    assert json.loads(json_run.out)["files"][0]["valid"] is False


def test_schedule_json_follows_the_contract() -> None:
    run = run_cli("schedule", "--format", "json", FULL)
    assert run.code == 0, run.err
    document = json.loads(run.out)
    assert {"roadmap", "start", "finish", "critical_path", "projects"} <= set(document)
    assert document["roadmap"] == "korea-egov"
    assert document["start"] == "1987-01"
    keys = {"id", "phase", "kind", "start", "finish", "duration", "total_float",
            "free_float", "critical"}
    for project in document["projects"]:
        assert keys <= set(project)
    assert document["critical_path"] == document["critical_paths"]["paths"][0]


def test_seed_schedule_agrees_with_the_document() -> None:
    document = json.loads(run_cli("schedule", "--format", "json", SEED).out)
    projects = {p["id"]: p for p in document["projects"]}
    services = ["resident-registration", "real-estate", "employment", "customs-clearance",
                "automobiles", "economic-statistics"]
    for service in services:
        assert projects[service]["kind"] == "priority"
        assert projects[service]["finish"] <= "1991-12", service
    for online in ["national-tax-online", "passport-online", "land-management-online"]:
        assert projects[online]["finish"] <= "1996-12"


@pytest.mark.parametrize("output_format", ["table", "json", "csv", "markdown"])
@pytest.mark.parametrize("roadmap", [SEED, FULL, "examples/dependencies.toml"])
def test_schedule_every_format_is_deterministic(output_format: str, roadmap: str) -> None:
    first = run_cli("schedule", "--format", output_format, roadmap)
    second = run_cli("schedule", "--format", output_format, roadmap)
    assert first.code == 0, first.err
    assert first.out == second.out
    assert first.out.strip()


@pytest.mark.parametrize("output_format", ["text", "json", "csv", "markdown"])
def test_critical_path_formats(output_format: str) -> None:
    run = run_cli("critical-path", "--format", output_format, FULL)
    assert run.code == 0, run.err
    if output_format == "json":
        document = json.loads(run.out)
        assert {"finish", "duration", "paths"} <= set(document)
        assert document["paths"]
        for path, steps in zip(document["paths"], document["steps"], strict=True):
            assert [step["id"] for step in steps] == path
            assert steps[0]["via"] is None
            assert all(step["via"]["type"] in {"FS", "SS", "FF", "SF"} for step in steps[1:])


def test_no_color_means_no_escape_codes() -> None:
    run = run_cli("schedule", FULL)
    assert run.code == 0
    assert "\x1b[" not in run.out


# -- gaps and trace ---------------------------------------------------------------------------

def test_gaps_of_the_seed_fail_and_group_by_goal() -> None:
    run = run_cli("gaps", SEED)
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].startswith("Goal services: ")
    line = line_of(SEED, "[goals.services]")
    assert (f"  {SEED}:{line}:8: error numbering-hole: goal 'services' numbers its measures "
            "1, 2, 4: 3 is missing") in lines
    # 3 goals and 11 measures declared, 2 and 6 held; 5 domains declared, 6 held
    assert f"{SEED}: 33 gaps (10 errors, 23 warnings)" in lines


def test_gaps_of_the_completed_roadmap_pass() -> None:
    run = run_cli("gaps", FULL)
    assert run.code == 0
    assert run.out.strip() == f"{FULL}: 0 gaps (0 errors, 0 warnings)"


def test_gaps_of_several_files_end_with_a_total(tmp_path: Path) -> None:
    run = run_cli("gaps", SEED, FULL)
    assert run.out.splitlines()[-1] == "2 files checked: 33 gaps (10 errors, 23 warnings)"
    bad = write(tmp_path, "bad.toml", BAD)
    run = run_cli("gaps", FULL, bad)
    assert run.out.splitlines()[-1] == (
        "2 files checked: 0 gaps (0 errors, 0 warnings); 1 invalid (not checked for gaps)")
    assert run.code == 1
    assert run_cli("gaps", FULL).out.strip() == f"{FULL}: 0 gaps (0 errors, 0 warnings)"


def test_gaps_json_and_markdown() -> None:
    document = json.loads(run_cli("gaps", "--format", "json", SEED, FULL).out)
    codes = {gap["code"] for gap in document["gaps"]}
    assert {"declared-count", "numbering-hole", "measure-without-projects"} <= codes
    assert all({"code", "severity", "subject", "message", "line"} <= set(gap)
               for gap in document["gaps"])
    assert [f["path"] for f in document["files"]] == [SEED, FULL]
    markdown = run_cli("gaps", "--format", "markdown", SEED).out
    assert "| `numbering-hole` | error | 1 |" in markdown


def test_gaps_markdown_says_which_files_were_not_checked(tmp_path: Path) -> None:
    """A comment made of `gaps --format markdown` names a file that does not validate, with
    its findings, rather than leaving it out."""
    bad = tmp_path / "bad_plan.toml"
    bad.write_text('format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2024-01"\n'
                   '[projects.a]\ntitle = "A"\nduration = -2\n', encoding="utf-8")
    run = run_cli("gaps", "--format", "markdown", SEED, str(bad))
    assert run.code == 1
    assert "# Coverage gaps: " in run.out
    assert f"# Not checked for gaps: `{bad}`\n\nThe file does not validate (1 error):" in run.out
    assert "- line 8: **error** `invalid-duration`: " in run.out


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    path = write(tmp_path, "warn.toml", """\
format = 1
[roadmap]
id = "w"
title = "W"
start = "2000-01"
[projects.a]
title = "A"
duration = 2
""")
    assert run_cli("gaps", path).code == 0
    assert run_cli("gaps", "--strict", path).code == 1


def test_ignore_suppresses_and_says_so() -> None:
    run = run_cli("gaps", "--ignore", "project-without-measures", "--ignore",
                  "domain-without-projects", SEED)
    assert "warning project-without-measures" not in run.out
    assert "warning domain-without-projects" not in run.out
    assert ("suppressed: domain-without-projects ×6 (--ignore), "
            "project-without-measures ×17 (--ignore)") in run.out
    assert run.code == 1  # the errors remain


def test_in_file_ignore(tmp_path: Path) -> None:
    path = write(tmp_path, "ignored.toml", """\
format = 1
[roadmap]
id = "w"
title = "W"
start = "2000-01"
ignore = ["project-without-measures"]
[projects.a]
title = "A"
duration = 2
""")
    run = run_cli("gaps", "--strict", path)
    assert run.code == 0
    assert "suppressed: project-without-measures ×1 (roadmap.ignore)" in run.out


def test_unknown_ignore_code_is_a_usage_error() -> None:
    run = run_cli("gaps", "--ignore", "numbering-holes", SEED)
    assert run.code == 2
    assert "did you mean 'numbering-hole'?" in run.err


def test_gaps_of_an_invalid_file(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", BAD)
    run = run_cli("gaps", path)
    assert run.code == 1
    assert "invalid-month" in run.err
    document = json.loads(run_cli("gaps", "--format", "json", path).out)
    assert document["invalid"][0]["findings"][0]["code"] == "invalid-month"


def test_validate_shows_the_gap_count() -> None:
    run = run_cli("validate", SEED)
    assert run.code == 0
    assert (f"{SEED}: valid; 33 coverage gaps (10 errors, 23 warnings): see "
            f"`egovplan gaps {SEED}`") in run.out
    document = json.loads(run_cli("validate", "--format", "json", SEED).out)
    assert document["files"][0]["gaps"] == {"errors": 10, "warnings": 23}


@pytest.mark.parametrize("output_format", ["text", "json", "markdown", "csv"])
def test_trace_formats(output_format: str) -> None:
    run = run_cli("trace", "--format", output_format, SEED)
    assert run.code == 0, run.err
    if output_format == "json":
        document = json.loads(run.out)
        assert document["coverage"] == {"measures_served": 0, "measures_held": 6,
                                        "measures_declared": 11, "goals_held": 2,
                                        "goals_declared": 3}
        assert [g["id"] for g in document["goals"]] == ["services", "efficiency"]
    if output_format == "text":
        assert "Coverage: 0 of 6 measures served (6 held of 11 declared)" in run.out


def test_trace_of_the_completed_roadmap_serves_every_measure() -> None:
    document = json.loads(run_cli("trace", "--format", "json", FULL).out)
    assert document["coverage"]["measures_served"] == 11
    assert all(measure["projects"] for goal in document["goals"]
               for measure in goal["measures"])
    served = {ref for project in document["projects"] for ref in project["serves"]}
    assert len(served) == 11


# -- diff --------------------------------------------------------------------------------------

def test_diff_seed_to_completed_in_three_formats() -> None:
    text = run_cli("diff", SEED, FULL)
    assert text.code == 0, text.err
    assert text.out.splitlines()[1].startswith("26 added, 0 removed, 0 renamed, 32 changed; "
                                               "finish 2002-01 → 2002-12 (+11 months)")
    assert "+ goal infrastructure: Build the infrastructure of e-government" in text.out
    document = json.loads(run_cli("diff", "--format", "json", SEED, FULL).out)
    assert {"added", "removed", "changed", "schedule", "gaps"} <= set(document)
    assert document["schedule"]["finish"] == {"old": "2002-01", "new": "2002-12",
                                              "delta_months": 11}
    assert set(document["schedule"]["critical_path"]) == {"old", "new", "changed"}
    assert {"new", "resolved"} <= set(document["gaps"])
    markdown = run_cli("diff", "--format", "markdown", SEED, FULL).out
    assert markdown.startswith(f"## Roadmap changes: `{SEED}` → `{FULL}`")
    assert "| added | 26 |" in markdown


def test_diff_of_a_file_with_itself_says_so_once() -> None:
    run = run_cli("diff", FULL, FULL)
    assert run.code == 0
    assert "finish unchanged (2002-12)" in run.out
    assert "No semantic changes." in run.out
    assert "Schedule" not in run.out
    assert "+0 months" not in run.out


def test_diff_exit_code() -> None:
    assert run_cli("diff", "--exit-code", FULL, FULL).code == 0
    assert run_cli("diff", "--exit-code", SEED, FULL).code == 1
    assert run_cli("diff", SEED, FULL).code == 0


def test_diff_of_an_invalid_side(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", BAD)
    run = run_cli("diff", FULL, path)
    assert run.code == 1
    assert "invalid-month" in run.err


@pytest.mark.parametrize("args", [["diff"], ["diff", SEED], ["diff", SEED, FULL, FULL],
                                  ["diff", "nowhere:x.toml", FULL], ["diff", "--git", "HEAD"]])
def test_diff_usage_errors(args: list[str]) -> None:
    run = run_cli(*args)
    assert run.code == 2, run.out + run.err
    assert_no_traceback(run)


def test_diff_reads_git_revisions(repo: Path) -> None:
    run = run_cli("diff", "--format", "json", "HEAD:roadmaps/plan.toml", "roadmaps/plan.toml",
                  cwd=repo)
    assert run.code == 0, run.err
    document = json.loads(run.out)
    assert document["old"] == "HEAD:roadmaps/plan.toml"
    assert document["changed"][0]["fields"] == [{"field": "duration", "old": 6, "new": 9}]
    inside = run_cli("diff", "--git", "HEAD", "plan.toml", "--exit-code", cwd=repo / "roadmaps")
    assert inside.code == 1, inside.err
    assert "duration: 6 → 9" in inside.out
    assert run_cli("diff", "--git", "no-such-rev", "plan.toml", cwd=repo / "roadmaps").code == 2
    # an absolute path, from another directory of the repository
    absolute = run_cli("diff", "--git", "HEAD", str(repo / "roadmaps" / "plan.toml"),
                       "--format", "json", cwd=repo / "roadmaps")
    assert json.loads(absolute.out)["old"] == "HEAD:roadmaps/plan.toml", absolute.err


def test_diff_json_of_a_git_file_whose_name_is_not_utf8(repo: Path) -> None:
    """The name is shown with U+FFFD on the git side as on the file side (JSON cannot carry
    the raw bytes), for a valid and for an invalid old side."""
    name = os.fsdecode(b"plan\xe9.toml")
    plan = repo / "roadmaps" / name
    plan.write_bytes((repo / "roadmaps" / "plan.toml").read_bytes())
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "second")
    plan.write_text(plan.read_text().replace("9", "12"))
    for args in (["--git", "HEAD", name], [f"HEAD:roadmaps/{name}", name]):
        run = run_cli("diff", "-f", "json", *args, cwd=repo / "roadmaps")
        assert run.code == 0, run.err
        document = json.loads(run.out)
        assert (document["old"], document["new"]) == (
            "HEAD:roadmaps/plan\ufffd.toml", "plan\ufffd.toml")
    plan.write_text("format = 2\n")
    git(repo, "commit", "-qam", "third")
    run = run_cli("diff", "-f", "json", f"HEAD:roadmaps/{name}", "plan.toml",
                  cwd=repo / "roadmaps")
    assert run.code == 1, run.err
    assert json.loads(run.out)["files"][0]["path"] == "HEAD:roadmaps/plan\ufffd.toml"


def test_diff_of_a_git_directory_is_a_usage_error(repo: Path) -> None:
    run = run_cli("diff", "HEAD:roadmaps", "roadmaps/plan.toml", cwd=repo)
    assert run.code == 2, run.out + run.err
    assert "HEAD:roadmaps: is a directory at that revision; name a roadmap file" in run.err


def test_a_git_symbolic_link_is_a_usage_error_naming_its_target(repo: Path) -> None:
    """git keeps a link as the text of its target, which was read as TOML ("key with no
    value"); the message names the file to read instead, from the top or from here."""
    (repo / "link.toml").symlink_to("roadmaps/plan.toml")
    (repo / "roadmaps" / "here.toml").symlink_to("plan.toml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "links")
    run = run_cli("diff", "HEAD:link.toml", "roadmaps/plan.toml", cwd=repo)
    assert run.code == 2, run.out + run.err
    assert ("HEAD:link.toml: is a symbolic link at that revision (to 'roadmaps/plan.toml'), "
            "which git keeps as the text of its target; name the file it points to: "
            "'HEAD:roadmaps/plan.toml'") in run.err
    run = run_cli("diff", "HEAD:./here.toml", "plan.toml", cwd=repo / "roadmaps")
    assert run.code == 2, run.out + run.err
    assert "name the file it points to: 'HEAD:./plan.toml'" in run.err
    assert run_cli("diff", "HEAD:./plan.toml", "plan.toml", cwd=repo / "roadmaps").code == 0
    (repo / "outside.toml").symlink_to("/etc/hostname")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a link outside")
    run = run_cli("diff", "HEAD:outside.toml", "roadmaps/plan.toml", cwd=repo)
    assert run.code == 2, run.out + run.err
    assert ("HEAD:outside.toml: is a symbolic link at that revision to '/etc/hostname', "
            "outside the repository") in run.err


def test_a_revision_path_from_a_subdirectory_suggests_dot_slash(repo: Path) -> None:
    """git reads `HEAD:plan.toml` from the repository's top, so from `roadmaps/` it names no
    file; git's own hint (`HEAD:./plan.toml`) was lost, as `cat-file` gives none."""
    run = run_cli("diff", "HEAD:plan.toml", "plan.toml", cwd=repo / "roadmaps")
    assert run.code == 2
    assert ("did you mean 'HEAD:./plan.toml'? (after ':' git reads a path from the top of the "
            "repository; './' reads it from the current directory)") in run.err
    assert run_cli("diff", "HEAD:./plan.toml", "plan.toml", cwd=repo / "roadmaps").code == 0
    missing = run_cli("diff", "HEAD:nothing.toml", "plan.toml", cwd=repo / "roadmaps")
    assert missing.code == 2
    assert "did you mean" not in missing.err


def test_a_revision_over_max_bytes_is_a_finding_as_a_file_is(repo: Path) -> None:
    """Exit 1 with `too-large` for both sides alike (the revision measured before it is read),
    not a usage error for one of them."""
    run = run_cli("diff", "--max-bytes", "10", "HEAD:roadmaps/plan.toml", "roadmaps/plan.toml",
                  cwd=repo)
    assert run.code == 1, run.out + run.err
    lines = [line for line in run.err.splitlines() if "too-large" in line]
    assert [line.split(":")[0] for line in lines] == ["HEAD", "roadmaps/plan.toml"]
    assert "at that revision, over the limit of 10 bytes" in lines[0]


def test_a_name_with_a_colon_outside_a_repository_says_what_it_is_not(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text("format = 1\n", encoding="utf-8")
    run = run_cli("diff", "plan:v2.toml", "x.toml", cwd=tmp_path)
    assert run.code == 2
    assert ("plan:v2.toml: no such file, and no git repository here to read it as a revision "
            "REV:path") in run.err


def test_diff_git_of_a_file_outside_the_repository(repo: Path, tmp_path_factory:
                                                   pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "plan.toml"
    outside.write_text((repo / "roadmaps" / "plan.toml").read_text(encoding="utf-8"),
                       encoding="utf-8")
    run = run_cli("diff", "--git", "HEAD", str(outside), cwd=repo)
    assert run.code == 2, run.out + run.err
    assert_no_traceback(run)
    assert "not inside the git repository" in run.err


@pytest.mark.parametrize("command", ["validate", "schedule"])
def test_a_missing_file_whose_name_is_not_utf8(command: str, tmp_path: Path) -> None:
    name = str(tmp_path) + "/bad\udcffname.toml"  # the byte 0xFF, as Python keeps it
    run = run_cli(command, name)
    assert run.code == 2
    assert "bad\ufffdname.toml: no such file" in run.err


@pytest.mark.parametrize("args", [["schedule", FULL], ["critical-path", FULL],
                                  ["schedule", "--level", "examples/resources.toml"],
                                  ["trace", FULL], ["risk", "examples/estimates.toml"]])
def test_piped_tables_have_no_trailing_spaces(args: list[str]) -> None:
    run = run_cli(*args)
    assert run.code == 0, run.err
    assert run.out.count("\n") > 5
    assert [line for line in run.out.splitlines() if line.endswith(" ")] == []


def test_forced_colour_lines_lose_trailing_spaces_too() -> None:
    run = run_cli("schedule", FULL, env={"FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "xterm"})
    assert "\x1b[" in run.out
    assert [line for line in run.out.splitlines()
            if re.search(r" (?:\x1b\[[0-9;]*m)*$", line)] == []


def test_a_file_that_reports_no_size_is_read_no_further_than_the_limit() -> None:
    from egovplan.loader.reader import read_bytes

    found = read_bytes(Path("/proc/self/maps"), 10)
    assert not isinstance(found, bytes)
    assert found.code == "too-large"



# -- user text never drives the terminal ------------------------------------------------------

HOSTILE = """\
format = 1
[roadmap]
id = "esc"
title = "Esc \\u001b[31mRED\\u001b[0m title"
start = "2025-01"
[goals.g]
title = "Goal \\u001b]0;pwned\\u0007"
[goals.g.measures.1]
title = "Measure\\u009b2J"
[phases.p1]
title = "Phase \\u001b[2J"
start = "2025-01"
end = "2025-12"
[projects.a]
title = "Bell\\u0007 and \\u001b]0;pwned\\u0007 osc\\nplan.toml:1:1: error fake: injected"
phase = "p1"
duration = 2
serves = ["g.1"]
[projects.b]
title = "\\tTab \\u001b[2J clear"
duration = 1
"""


@pytest.mark.parametrize("command", [
    ["schedule"], ["schedule", "--format", "markdown"], ["critical-path"], ["gaps"],
    ["gaps", "--format", "markdown"], ["trace"], ["trace", "--format", "markdown"],
    ["validate"], ["risk"], ["diff", "OTHER"], ["export", "--to", "markdown"],
    ["export", "--to", "mermaid"], ["export", "--to", "dot"], ["gaps", "--format", "github"],
])
def test_control_characters_in_titles_never_reach_the_terminal(
        tmp_path: Path, command: list[str]) -> None:
    """An escape sequence, a bell or a C1 control in a title is shown escaped (`\\x1b`), and a
    line break as a space: no title can recolour, clear or retitle the terminal, or start a
    line that passes for one of egovplan's findings."""
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    other = tmp_path / "other.toml"
    changed = 'duration = 3\nx = { "k\\u001b[44m" = 1 }\n'  # a user-data key too
    other.write_text(HOSTILE.replace('duration = 1\n', changed), encoding="utf-8")
    arguments = [str(other) if part == "OTHER" else part for part in command]
    run = run_cli(*arguments[:1], str(path), *arguments[1:])
    assert run.code in (0, 1), run.err
    output = run.out + run.err
    assert not [char for char in output if char in "\x1b\x07\x9b\t"], output
    assert not any(line.startswith("plan.toml:1:1") for line in output.splitlines())
    if command[0] not in ("validate", "risk"):  # (these two print no titles)
        assert "\\x1b" in output


def test_control_characters_in_file_names_and_imported_cells(tmp_path: Path) -> None:
    """A file name from a pull request, or a cell an import notes, is shown escaped too."""
    hostile = tmp_path / "plan\x1b[31m.toml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    for arguments in (["validate", str(hostile)], ["diff", str(hostile), str(hostile)]):
        run = run_cli(*arguments)
        assert run.code == 0, run.err
        assert "\x1b" not in run.out + run.err
        assert "plan\\x1b[31m.toml" in run.out + run.err
    sheet = tmp_path / "plan.csv"
    sheet.write_text("id,title,phase,duration\na,A,Ph\x1b]0;pwn\x07 one,2\n"
                     "b,B,ph\x1b]0;pwn\x07 One,2\n", encoding="utf-8")
    run = run_cli("import", str(sheet), "--start", "2025-01")
    assert run.code == 0, run.err
    assert not [char for char in run.err if char in "\x1b\x07"], run.err
    assert "are taken as one phase" in run.err


def test_gaps_of_dotted_measures_go_under_their_own_goal(tmp_path: Path) -> None:
    """Goal 'a' with measures 'b.c' and '1.1' beside a goal 'a.b': both gaps are goal a's."""
    path = tmp_path / "dots.toml"
    path.write_text(
        'format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2024-01"\n'
        '[goals.a]\ntitle = "Goal A"\n[goals.a.measures."b.c"]\ntitle = "M b.c"\n'
        '[goals.a.measures."1.1"]\ntitle = "M 1.1"\n'
        '[goals."a.b"]\ntitle = "Goal A.B"\n[goals."a.b".measures.d]\ntitle = "M d"\n'
        '[projects.p]\ntitle = "P"\nduration = 1\nserves = ["a.b.d"]\n', encoding="utf-8")
    run = run_cli("gaps", str(path))
    assert run.out.splitlines() == [
        "Goal a: Goal A",
        f"  {path}:8:19: error measure-without-projects: measure 'a.b.c' (M b.c) is served "
        "by no project",
        f"  {path}:10:19: error measure-without-projects: measure 'a.1.1' (M 1.1) is served "
        "by no project",
        f"{path}: 2 gaps (2 errors, 0 warnings)",
    ]


def test_a_huge_value_is_quoted_in_part(tmp_path: Path) -> None:
    """A 100,000-character value, or a 3,000-character key, is not copied whole into a
    message: its first characters and its length."""
    path = tmp_path / "long.toml"
    path.write_text('format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2024-01"\n'
                    f'[projects.a]\ntitle = "A"\nduration = "{"x" * 100_000}"\n'
                    f'kind = "{"p" * 5000}"\n{"k" * 3000} = 1\n', encoding="utf-8")
    run = run_cli("validate", str(path))
    assert run.code == 1
    lines = [line for line in run.out.splitlines() if ": error " in line]
    assert len(lines) == 3
    assert all(len(line) < 400 for line in lines)
    assert "… (100,000 characters)' is not a duration" in lines[0]
    assert "… (5,000 characters)'" in lines[1]
    assert "unknown key 'kkkk" in lines[2]
    assert "… (3,000 characters)'" in lines[2]


@pytest.mark.parametrize("args", [
    ["schedule", "roadmaps/korea-egov.toml"],
    ["schedule", "--level", "examples/resources.toml"],
    ["critical-path", "roadmaps/korea-egov.toml"],
    ["risk", "--iterations", "200", "examples/estimates.toml"],
])
def test_a_width_of_nothing_is_taken_as_no_width_given(args: list[str]) -> None:
    """`COLUMNS=0` made Rich lay out for a width of nothing: no output at all, exit 0."""
    wanted = run_cli(*args, env={"COLUMNS": "80"})
    assert wanted.code == 0
    assert wanted.out.count("\n") > 5
    for value in ("0", "00"):
        assert run_cli(*args, env={"COLUMNS": value}) == wanted


_TRAILING = re.compile(r"(?: |\x1b\[[0-9;]*m)+$")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "a", "\x1b[", "\x1b[0m", "\x1b[1;31m", "0", ";",
                                 "m", "[", "\x1b", "字"]), max_size=12).map("".join))
def test_trimmed_lines_lose_exactly_their_trailing_spaces_and_keep_codes(line: str) -> None:
    """The trimming stream peels spaces and colour codes off a line's end as the pattern
    `( |code)+$` finds them, keeping the codes."""
    from egovplan.cli import _TrimmedLines

    end = _TRAILING.search(line)
    wanted = line if end is None else (
        line[:end.start()] + "".join(re.findall(r"\x1b\[[0-9;]*m", end.group())))
    out = io.StringIO()
    stream = _TrimmedLines(out)
    stream.write(line + "\n")
    assert out.getvalue() == wanted + "\n"


def test_one_month_is_said_in_the_singular(tmp_path: Path) -> None:
    path = tmp_path / "one.toml"
    path.write_text('format = 1\n[roadmap]\nid = "one"\ntitle = "One"\nstart = "2025-01"\n'
                    '[projects.a]\ntitle = "A"\nduration = 1\n', encoding="utf-8")
    assert "Finish         2025-01 (1 month, 0.1 years)\n" in run_cli(
        "schedule", "--no-gantt", str(path)).out
    assert "- Finish: 2025-01 (1 month, 0.1 years)\n" in run_cli(
        "schedule", "-f", "markdown", str(path)).out
    assert "finish 2025-01 (1 month); 1 critical path." in run_cli("critical-path", str(path)).out
    assert "Finish 2025-01 (1 month); 1 critical path." in run_cli(
        "critical-path", "-f", "markdown", str(path)).out


@pytest.mark.parametrize("args", [
    ["schedule", ""], ["schedule", "-f", "json", ""], ["critical-path", ""],
    ["validate", ""], ["validate", "-f", "json", "", "roadmaps"], ["gaps", ""], ["trace", ""],
    ["import", ""], ["init", ""], ["diff", "", "roadmaps/korea-egov.toml"],
    ["diff", "--git", "HEAD", ""], ["export", "--to", "html", "roadmaps/korea-egov.toml", "-o", ""],
])
def test_an_empty_file_name_is_a_usage_error_not_the_current_directory(
        args: list[str]) -> None:
    """As a path, "" reads as ".": `validate ""` searched the current directory, and the
    other commands called the empty name a directory."""
    done = run_cli(*args)
    assert done.code == 2
    assert done.out == ""
    assert "a file name cannot be empty" in done.err
    assert "directory" not in done.err


@pytest.mark.parametrize("width", ["30", "40"])
def test_a_narrow_terminals_summary_folds_a_long_id_instead_of_cutting_it(
        tmp_path: Path, width: str) -> None:
    path = tmp_path / "long.toml"
    path.write_text('format = 1\n[roadmap]\nid = "l"\ntitle = "L"\nstart = "2025-01"\n'
                    '[projects.resident-registration-online]\ntitle = "R"\nduration = 3\n'
                    '[projects.tax]\ntitle = "T"\nduration = 1\n'
                    'depends_on = ["resident-registration-online"]\n', encoding="utf-8")
    out = run_cli("schedule", "--no-gantt", str(path), env={"COLUMNS": width}).out
    summary = out[out.index("Critical path"):].split("\n\n")[0]
    assert "…" not in summary
    joined = "".join(line[len("Critical path  "):].strip() for line in summary.splitlines())
    assert joined.replace(" ", "").startswith("resident-registration-online→tax")


@pytest.mark.parametrize(("args", "message"), [
    (["risk", "--seed", str(2**64), "-n", "10", "-f", "json", "examples/estimates.toml"],
     "Invalid value for '--seed': must be at most 18,446,744,073,709,551,615"),
    (["schedule", "--level", "--seed", str(2**64), "examples/resources.toml"],
     "Invalid value for '--seed': must be at most 18,446,744,073,709,551,615"),
    (["schedule", "--level", "--effort", "100001", "examples/resources.toml"],
     "Invalid value for '--effort': must be at most 100,000"),
])
def test_seeds_past_64_bits_and_endless_efforts_are_usage_errors(args: list[str],
                                                                 message: str) -> None:
    """A seed past 64 bits was an internal error in `risk`'s JSON; an effort of 10^20 passes
    ran for ever."""
    done = run_cli(*args)
    assert (done.code, done.out) == (2, "")
    assert message in done.err


def test_the_largest_seed_is_written_in_risks_json() -> None:
    done = run_cli("risk", "--seed", str(2**64 - 1), "-n", "10", "-f", "json",
                   "examples/estimates.toml")
    assert done.code == 0
    assert json.loads(done.out)["seed"] == 2**64 - 1


def test_a_file_named_twice_is_checked_once() -> None:
    """Through its directory and by two spellings of its path: one report (and in CI one
    annotation per finding, not three)."""
    run = run_cli("validate", "roadmaps", "roadmaps/korea-egov.toml", "./roadmaps/korea-egov.toml")
    assert run.code == 0, run.err
    assert run.out.count("roadmaps/korea-egov.toml: valid") == 1
    assert run.out.splitlines()[-1].startswith("2 files checked")


def test_text_is_shown_as_written_not_as_emoji_or_markup(tmp_path: Path) -> None:
    """Rich read `:100:` in `file:100:7` as an emoji (`💯`), and `:smile:` in a phase title;
    `[bold]` would have been markup."""
    head = ('format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2025-01"\n'
            'ignore = ["project-without-measures"]\n'
            '[phases.p]\ntitle = "P :smile: [bold]x[/bold]"\nstart = "2025-01"\n'
            'end = "2025-01"\n[resources.r]\ncapacity = 1\n'
            '[projects.b]\ntitle = "B"\nkind = "priority"\nduration = 1\nuses = { r = 1 }\n')
    padding = "#\n" * (98 - head.count("\n"))
    path = tmp_path / "l100.toml"
    path.write_text(head + padding + '[projects.a]\nphase = "p"\ntitle = "A"\nduration = 1\n'
                    'uses = { r = 1 }\n', encoding="utf-8")
    assert path.read_text(encoding="utf-8").splitlines()[99] == 'phase = "p"'
    run = run_cli("schedule", "--level", str(path))
    assert f"{path}:100:9: error phase-overrun: project 'a' finishes in 2025-02" in run.out
    assert "P :smile: [bold]x[/bold] (2025-01 – 2025-01)" in run.out
    assert "\U0001f4af" not in run.out
    assert "\U0001f604" not in run.out


def test_a_huge_terminal_width_is_capped() -> None:
    """`COLUMNS=100000` drew a chart that many cells wide (over a minute)."""
    from rich.cells import cell_len

    run = run_cli("schedule", "roadmaps/korea-egov.toml", env={"COLUMNS": "100000"})
    assert run.code == 0
    widths = [cell_len(line) for line in run.out.splitlines()]
    assert 900 < max(widths) <= 1000


def test_the_markdown_export_is_one_document_of_nested_sections() -> None:
    """Its parts were pasted with their own headings: several level-one headings (the gaps,
    the traceability) and each critical path at the level of the section holding it."""
    import itertools

    run = run_cli("export", "--to", "markdown", FULL)
    assert run.code == 0, run.err
    headings, fenced = [], False
    for line in run.out.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            headings.append(line)
    levels = [len(heading) - len(heading.lstrip("#")) for heading in headings]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    paths = headings.index(next(h for h in headings if h.startswith("## Critical paths of ")))
    assert headings[paths + 1] == "### Path 1"
    assert any(h.startswith("## Coverage gaps: ") for h in headings)
    assert "## Traceability" in headings


def test_two_files_shown_under_one_name_keep_their_own_gap_counts(tmp_path: Path) -> None:
    """`caf\\xe9.toml` and `caf\\xe8.toml` (names that are not UTF-8) both show as
    `caf\ufffd.toml`: the gap counts, looked up by the name shown, went to the other file (an
    invalid file showed a valid one's gaps, and carried a `gaps` object in JSON)."""
    import os

    write(tmp_path, os.fsdecode(b"caf\xe8.toml"), 'format = 1\n[roadmap]\nid = "t"\n'
          'title = "T"\nstart = "13"\n')
    write(tmp_path, os.fsdecode(b"caf\xe9.toml"), (ROOT / SEED).read_text(encoding="utf-8"))
    run = run_cli("validate", "--format", "json", str(tmp_path))
    files = json.loads(run.out)["files"]
    assert [(entry["valid"], "gaps" in entry) for entry in files] == [(False, False),
                                                                      (True, True)]
    assert files[0]["path"] == files[1]["path"]
    text = run_cli("validate", str(tmp_path)).out
    invalid_line = next(line for line in text.splitlines() if ": invalid" in line)
    assert "coverage gap" not in invalid_line
    assert any(": valid; " in line and "coverage gap" in line for line in text.splitlines())


def test_diff_of_one_stream_named_twice_says_so() -> None:
    """`cat plan.toml | egovplan diff /dev/stdin /dev/stdin`: the second read found the
    stream empty and reported a roadmap "missing the required key 'format'"."""
    text = (ROOT / "examples/minimal.toml").read_text(encoding="utf-8")
    run = run_cli("diff", "/dev/stdin", "/dev/stdin", stdin=text)
    assert run.code == 2
    assert run.err == ("egovplan: error: OLD and NEW are the same stream, '/dev/stdin', which "
                       "can be read only once (the second read would find it empty): save it "
                       "to a file\n")
    # one file named twice is read twice, and does not differ from itself
    same = run_cli("diff", "examples/minimal.toml", "examples/minimal.toml")
    assert (same.code, same.out.splitlines()[-1]) == (0, "No semantic changes.")


FAIL_ON = """format = 1
[roadmap]
id = "r"
title = "R"
start = "2000-01"
[goals.g]
title = "G"
[goals.g.measures.1]
title = "M"
[projects.a]
title = "{title}"
serves = ["g.1"]
duration = {months}
finish_by = "2000-06"
"""


@pytest.mark.parametrize(("title", "months", "errors", "gaps"), [
    ("A", 6, 0, 0),            # no change at all
    ("A renamed", 6, 0, 0),    # a harmless edit
    ("A", 8, 1, 1),            # the deadline is now missed: a new error
    ("A", 9, 1, 1),            # (and from 8 to 9 below: missed by more, a changed gap)
])
def test_diff_fail_on_new_gaps_for_ci(tmp_path: Path, title: str, months: int, errors: int,
                                      gaps: int) -> None:
    """`--fail-on new-errors` lets CI block a pull request that misses a deadline or overruns
    a phase without failing on every edit (`--exit-code` fails on any change)."""
    old = write(tmp_path, "old.toml", FAIL_ON.format(title="A", months=6))
    new = write(tmp_path, "new.toml", FAIL_ON.format(title=title, months=months))
    for choice, expected in (("new-errors", errors), ("new-gaps", gaps)):
        assert run_cli("diff", "--fail-on", choice, old, new).code == expected, choice
    if months == 9:  # a gap already there, made worse, fails too
        worse = run_cli("diff", "--fail-on", "new-errors", write(
            tmp_path, "eight.toml", FAIL_ON.format(title="A", months=8)), new)
        assert worse.code == 1
    # a warning alone (a project serving nothing) fails only new-gaps
    loose = write(tmp_path, "loose.toml", FAIL_ON.format(title="A", months=6).replace(
        'serves = ["g.1"]\n', "") + '[projects.b]\ntitle = "B"\nduration = 1\nserves = ["g.1"]\n')
    assert run_cli("diff", "--fail-on", "new-errors", old, loose).code == 0
    assert run_cli("diff", "--fail-on", "new-gaps", old, loose).code == 1
