"""The fast paths of `validate` and of `schedule` in the machine formats: the same output and exit
code as through typer, without typer."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from egovplan.entry import PLAIN_GLYPHS, parse_schedule, parse_validate

from .conftest import ROOT, Run, entry_point, run_cli

THROUGH_TYPER = """
import sys
from egovplan import entry
from egovplan.cli import app
sys.argv = ["egovplan", *sys.argv[1:]]
try:
    app()
except SystemExit as done:
    entry.leave(entry._exit_code(done))
"""


def through_typer(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", **(env or {})}
    environment.pop("GITHUB_ACTIONS", None)
    done = subprocess.run([sys.executable, "-c", THROUGH_TYPER, *args], cwd=ROOT,
                          capture_output=True, text=True, env=environment, check=False)
    return done.returncode, done.stdout, done.stderr


def assert_same_both_ways(*args: str) -> Run:
    """The console script and the typer application give the same output and exit code;
    the console script's run."""
    fast = run_cli(*args)
    assert (fast.code, fast.out, fast.err) == through_typer(*args)
    return fast


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("entry") / "broken, with: a comma.toml"
    path.write_text('format = 1\n[roadmap]\nid = "b"\ntitle = "B"\nstart = "2000-13"\n'
                    '[projects.a]\ntitle = "A"\nduration = 2\ndepends_on = ["b"]\n',
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [
    ["roadmaps/korea-egov-seed.toml"],
    ["roadmaps", "examples/minimal.toml", "--strict"],
    ["--format", "json", "roadmaps/korea-egov.toml"],
    ["-f", "sarif", "examples"],
    ["--format=github", "--exit-zero", "roadmaps/korea-egov-seed.toml"],
    ["--max-bytes", "100", "roadmaps/korea-egov.toml"],
    ["--max-bytes=100000000", "--", "roadmaps/korea-egov.toml"],
    ["no-such-file.toml"],
    ["BROKEN", "--strict", "--format", "text"],
    ["BROKEN", "-f", "json"],
])
def test_the_fast_path_matches_typer(args: list[str], broken: Path) -> None:
    args = [str(broken) if a == "BROKEN" else a for a in args]
    assert parse_validate(args) is not None  # these forms do take the fast path
    assert_same_both_ways("validate", *args)


@pytest.mark.parametrize("args", [
    [], ["--help"], ["-h"], ["--strict"], ["--format", "yaml", "a.toml"], ["--format"],
    ["--max-bytes", "0", "a.toml"], ["--max-bytes", "x", "a.toml"], ["--bogus", "a.toml"],
    ["-", "a.toml"], ["-fjson", "a.toml"],
])
def test_other_forms_go_to_typer(args: list[str]) -> None:
    assert parse_validate(args) is None
    assert_same_both_ways("validate", *args)


def test_the_fast_path_imports_no_typer() -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys\n"
         "from egovplan import entry\n"
         "code = entry.parse_validate(['roadmaps/korea-egov.toml'])()\n"
         "print(code, 'typer' in sys.modules, 'rich' in sys.modules)"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 False False"


def test_a_huge_max_bytes_goes_to_typer() -> None:
    # int() refuses strings of more than 4,300 digits; typer reads them its own way
    assert parse_validate(["--max-bytes", "9" * 5000, "a.toml"]) is None
    assert parse_validate(["--max-bytes", "0" * 4400 + "5", "a.toml"]) is None


def test_a_file_name_too_long_is_a_usage_error_either_way() -> None:
    name = "a" * 300 + ".toml"
    fast = run_cli("validate", name)
    assert fast.code == 2
    assert fast.err == f"egovplan: error: {name}: cannot be read (File name too long)\n"
    assert through_typer("validate", name) == (fast.code, fast.out, fast.err)


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes")
def test_a_file_name_that_is_not_utf8_is_shown_replaced(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"bad\xff.toml")).write_bytes(
        (ROOT / "examples" / "minimal.toml").read_bytes())
    fast = run_cli("validate", "--format", "json", str(tmp_path))
    assert fast.code == 0, fast.err
    assert json.loads(fast.out)["files"][0]["path"] == f"{tmp_path}/bad\ufffd.toml"
    assert through_typer("validate", "--format", "json", str(tmp_path)) == (
        fast.code, fast.out, fast.err)


def test_version_is_the_same_without_typer() -> None:
    fast = run_cli("--version")
    assert (fast.code, fast.out, fast.err) == through_typer("--version")
    assert fast.out.startswith("egovplan ")


@pytest.mark.parametrize("args", [
    ["--format", "json", "roadmaps/korea-egov.toml"],
    ["-f", "csv", "roadmaps/korea-egov-seed.toml"],
    ["--format=markdown", "--by", "wave", "roadmaps/korea-egov.toml"],
    ["roadmaps/korea-egov.toml", "--format", "json", "--by=phase", "--max-paths", "0"],
    ["--no-gantt", "--format", "csv", "--max-paths=3", "--gantt", "examples/minimal.toml"],
    ["--format", "json", "--format", "csv", "roadmaps/korea-egov-seed.toml"],
    ["--max-bytes", "100", "--format", "json", "roadmaps/korea-egov.toml"],
    ["--max-bytes=100", "--format", "csv", "roadmaps/korea-egov.toml"],
    ["--format", "json", "--", "no-such-file.toml"],
    ["--format", "csv", "BROKEN"],
    ["--format", "json", "BROKEN"],
    ["--format", "markdown", "examples/multilingual.toml"],
])
def test_the_schedule_fast_path_matches_typer(args: list[str], broken: Path) -> None:
    args = [str(broken) if a == "BROKEN" else a for a in args]
    assert parse_schedule(args) is not None  # these forms do take the fast path
    fast = assert_same_both_ways("schedule", *args)
    assert fast.out or fast.err


@pytest.mark.parametrize("args", [
    ["roadmaps/korea-egov.toml"],  # the table: typer's console
    ["--format", "table", "roadmaps/korea-egov.toml"],
    ["--format", "json", "--level", "roadmaps/korea-egov.toml"],
    ["--format", "json", "--seed", "3", "roadmaps/korea-egov.toml"],  # refused: needs --level
    ["--format", "json"], ["--format", "json", "a.toml", "b.toml"], ["--help"],
    ["--format", "yaml", "a.toml"], ["--format", "json", "--by", "month", "a.toml"],
    ["--format", "json", "--max-paths", "-1", "a.toml"],
    ["--format", "json", "--max-paths", "+2", "roadmaps/korea-egov.toml"],
    ["--format", "json", "--max-bytes", "0", "a.toml"], ["--format", "json", "--by"],
    ["-fjson", "a.toml"], ["--format", "json", "-", "a.toml"], ["--format", "json", "--gantt=1"],
])
def test_other_schedule_forms_go_to_typer(args: list[str]) -> None:
    assert parse_schedule(args) is None
    assert_same_both_ways("schedule", *args)


def test_the_schedule_fast_path_imports_no_typer_and_no_pydantic_before_the_parse() -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys\n"
         "from egovplan import entry\n"
         "from egovplan.loader import reader\n"
         "parse = reader.parse\n"
         "def watched(*args, **kwargs):\n"
         "    print('pydantic' in sys.modules)\n"
         "    return parse(*args, **kwargs)\n"
         "reader.parse = watched\n"
         "import egovplan.api\n"
         "egovplan.api.parse = watched\n"
         "run = entry.parse_schedule(['--format', 'json', 'roadmaps/korea-egov.toml'])\n"
         "code = run()\n"
         "print(code, 'typer' in sys.modules, 'rich' in sys.modules)"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[0] == "False"  # a large file's helper starts before it
    assert done.stdout.splitlines()[-1] == "0 False False"


def _pydantic_imports_from_the_plugin_loader() -> set[str]:
    """Every name pydantic's own source takes from `pydantic.plugin._loader`."""
    import ast

    import pydantic

    names: set[str] = set()
    for source in Path(pydantic.__file__).parent.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("_loader"):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id == "_loader":
                names.add(node.attr)
    return names


def test_pydantic_asks_the_plugin_loader_only_for_what_the_command_line_gives() -> None:
    # if a pydantic release asks for more, the command line's loader would fetch it from the
    # real module (slower, but right): this test says it is time to look again
    assert _pydantic_imports_from_the_plugin_loader() == {"get_plugins"}


def test_the_command_line_looks_up_no_pydantic_plugins() -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys\n"
         "from egovplan import entry\n"
         "entry.leave = lambda code: print(code, 'importlib.metadata' in sys.modules,\n"
         "                                 'pydantic' in sys.modules)\n"
         "for command in (['validate', 'roadmaps/korea-egov.toml'],\n"
         "                ['schedule', '-f', 'json', 'roadmaps/korea-egov.toml'],\n"
         "                ['critical-path', 'roadmaps/korea-egov.toml']):\n"
         "    sys.argv = ['egovplan', *command]\n"
         "    entry.main()\n"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert [line for line in done.stdout.splitlines() if line.startswith("0 ")] == [
        "0 False True"] * 3


def test_the_command_lines_plugin_loader_finds_none_and_lends_the_rest() -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys\n"
         "from egovplan import entry\n"
         "entry.skip_pydantic_plugins()\n"
         "loader = sys.modules[entry.PLUGIN_LOADER]\n"
         "from pydantic import BaseModel\n"
         "class M(BaseModel):\n"
         "    x: int\n"
         "print(M(x=1).x, list(loader.get_plugins()), 'importlib.metadata' in sys.modules)\n"
         "print(loader.PYDANTIC_ENTRY_POINT_GROUP, 'importlib.metadata' in sys.modules)\n"
         "entry.skip_pydantic_plugins()  # a second call changes nothing\n"
         "print(sys.modules[entry.PLUGIN_LOADER] is loader)\n"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["1 [] False", "pydantic True", "True"]


def test_the_library_leaves_pydantic_plugins_alone() -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys, egovplan\n"
         "egovplan.load('roadmaps/korea-egov.toml')\n"
         "loader = sys.modules['pydantic.plugin._loader']\n"
         "print(loader.__file__.endswith('_loader.py'), 'importlib.metadata' in sys.modules)\n"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True"]  # pydantic's own loader, which looked


def test_a_max_paths_past_any_count_is_no_limit() -> None:
    huge = "9" * 18  # read by the entry point; typer reads longer ones
    for args in (["schedule", "-f", "json", "--max-paths", huge],
                 ["schedule", "-f", "json", "--max-paths", "9" * 19],
                 ["critical-path", "-f", "json", "--max-paths", str(2**63)]):
        done = run_cli(*args, "roadmaps/korea-egov.toml")
        assert done.code == 0, done.err
        paths = json.loads(done.out)
        paths = paths.get("critical_paths", paths)
        assert paths["truncated"] is False


def _shell(command: str) -> subprocess.CompletedProcess[str]:
    from .conftest import entry_point

    program = " ".join(f"'{part}'" for part in entry_point())
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run(["sh", "-c", command.replace("EGOVPLAN", program)], cwd=ROOT,
                          capture_output=True, text=True, env=environment, check=False)


@pytest.mark.skipif(os.name != "posix", reason="a POSIX shell closes the streams")
def test_a_closed_standard_output_is_a_write_error_not_a_traceback(tmp_path: Path) -> None:
    for command in ("EGOVPLAN validate roadmaps/korea-egov.toml >&-",
                    "EGOVPLAN schedule -f json roadmaps/korea-egov.toml >&-",
                    "EGOVPLAN schedule roadmaps/korea-egov.toml >&-"):
        done = _shell(command)
        assert (done.returncode, done.stdout) == (1, "")
        assert done.stderr == "egovplan: error: cannot write the output: Bad file descriptor\n"
    done = _shell("EGOVPLAN --version >&-; echo $?")
    assert done.stdout == "1\n"
    # a command that writes nothing to standard output runs as usual
    target = tmp_path / "out.csv"
    done = _shell(f"EGOVPLAN export roadmaps/korea-egov.toml --to csv -o '{target}' >&-")
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8-sig").startswith("id,")


@pytest.mark.skipif(os.name != "posix", reason="a POSIX shell closes the streams")
def test_a_closed_standard_error_keeps_the_exit_codes() -> None:
    assert _shell("EGOVPLAN validate roadmaps/korea-egov.toml 2>&-").returncode == 0
    assert _shell("EGOVPLAN validate no-such-file.toml 2>&-").returncode == 2
    assert _shell("EGOVPLAN validate tests/roadmaps/invalid/date-after-year-9999.toml 2>&-"
                  ).returncode == 1


#: Every command line whose output is UTF-8 by its format (JSON, SARIF, HTML, the CSV export
#: with its byte-order mark), each on a file with Korean or Chinese text in it.
UTF8_OUTPUTS = [
    ["schedule", "-f", "json", "examples/multilingual.toml"],
    ["schedule", "--level", "-f", "json", "examples/korea-egov-scenario.toml"],
    ["critical-path", "-f", "json", "roadmaps/korea-egov.toml"],
    ["validate", "-f", "sarif", "roadmaps/korea-egov-seed.toml"],
    ["gaps", "-f", "json", "roadmaps/korea-egov-seed.toml"],
    ["gaps", "-f", "sarif", "roadmaps/korea-egov-seed.toml"],
    ["trace", "-f", "json", "roadmaps/korea-egov.toml"],
    ["diff", "-f", "json", "roadmaps/korea-egov-seed.toml", "roadmaps/korea-egov.toml"],
    ["export", "--to", "html", "roadmaps/korea-egov.toml"],
    ["export", "--to", "csv", "roadmaps/korea-egov.toml"],
]


@pytest.mark.parametrize("args", UTF8_OUTPUTS, ids=" ".join)
def test_utf8_formats_are_written_as_utf8_whatever_the_encoding_of_standard_output(
        args: list[str]) -> None:
    wanted = run_cli(*args)
    assert wanted.code in (0, 1), wanted.err
    assert any(ord(char) > 127 for char in wanted.out)  # something ASCII could not carry
    assert run_cli(*args, env={"PYTHONIOENCODING": "ascii"}) == wanted


def test_an_invalid_files_json_findings_are_utf8_too(tmp_path: Path) -> None:
    path = tmp_path / "invalid.toml"
    path.write_text('format = 1\n[roadmap]\nid = "k"\ntitle = "K"\nstart = "2000-01"\n'
                    '[projects.a]\ntitle = "가"\nduration = 2\ndepends_on = ["전자"]\n',
                    encoding="utf-8")
    for command in (["schedule", "-f", "json"], ["critical-path", "-f", "json"],
                    ["schedule", "--level", "-f", "json"], ["diff", "-f", "json", str(path)],
                    ["validate", "-f", "json"], ["gaps", "-f", "json"],
                    ["trace", "-f", "json"], ["risk", "-f", "json"]):
        wanted = run_cli(*command, str(path))
        assert wanted.code == 1, wanted
        assert "전자" in wanted.out
        assert run_cli(*command, str(path), env={"PYTHONIOENCODING": "ascii"}) == wanted


@pytest.mark.parametrize("output_format", ["csv", "markdown"])
def test_output_the_terminals_encoding_cannot_carry_is_said_plainly(output_format: str) -> None:
    done = run_cli("schedule", "-f", output_format, "examples/multilingual.toml",
                   env={"PYTHONIOENCODING": "ascii"})
    assert (done.code, done.out) == (1, "")
    assert done.err == ("egovplan: error: cannot write the output in ascii, the encoding of "
                        "standard output: set PYTHONIOENCODING=utf-8 (or use --format json, "
                        "which is always UTF-8)\n")
    json_run = run_cli("schedule", "-f", "json", "examples/multilingual.toml",
                       env={"PYTHONIOENCODING": "ascii"})
    assert json_run.code == 0
    assert json.loads(json_run.out)["projects"]


@pytest.mark.parametrize("encoding", ["latin-1", "L1", "iso-8859-1", "cp1252"])
def test_an_encoding_spelt_otherwise_than_its_codec_is_said_plainly(encoding: str) -> None:
    """`latin-1` is the codec `iso8859-1`: a Korean title it cannot carry was an internal
    error (exit 3), where `ascii` is said plainly (exit 1)."""
    done = run_cli("schedule", "examples/multilingual.toml", env={"PYTHONIOENCODING": encoding})
    assert (done.code, done.out) == (1, "")
    assert done.err.startswith("egovplan: error: cannot write the output in "), done.err
    assert done.err.endswith(", the encoding of standard output: set PYTHONIOENCODING=utf-8 "
                             "(or use --format json, which is always UTF-8)\n"), done.err


def test_import_writes_its_toml_as_utf8_whatever_the_encoding_of_standard_output(
        tmp_path: Path) -> None:
    sheet = tmp_path / "korea.csv"
    assert run_cli("export", "--to", "csv", "roadmaps/korea-egov.toml", "-o", str(sheet)).code == 0
    wanted = run_cli("import", str(sheet))
    assert wanted.code == 0, wanted.err
    assert "전자" in wanted.out
    assert run_cli("import", str(sheet), env={"PYTHONIOENCODING": "ascii"}).out == wanted.out


def test_init_which_has_no_json_does_not_suggest_it() -> None:
    done = run_cli("init", "-", "--title", "전자정부", env={"PYTHONIOENCODING": "ascii"})
    assert (done.code, done.out) == (1, "")
    assert done.err == ("egovplan: error: cannot write the output in ascii, the encoding of "
                        "standard output: set PYTHONIOENCODING=utf-8\n")


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
@pytest.mark.parametrize("command", [
    ["schedule", "examples/dependencies.toml"],
    ["trace", "examples/goals-and-measures.toml"],
    ["diff", "examples/minimal.toml", "examples/phases.toml"],
    ["risk", "examples/estimates.toml", "-n", "300"],
    ["gaps", "examples/goals-and-measures.toml"],
])
def test_egovplans_own_marks_are_written_plainly_in_any_encoding(encoding: str,
                                                                  command: list[str]) -> None:
    """On a standard output that is not UTF-8 (a Windows console in cp1252, `LANG=C`), an
    English roadmap failed whole on egovplan's own arrows, dashes and chart marks after
    writing part of its output. They are written as ASCII, one character each (tables stay
    aligned), and everything else as it is."""
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb",
                   "PYTHONIOENCODING": encoding}
    done = subprocess.run([*entry_point(), *command], capture_output=True, cwd=ROOT,
                          env=environment, timeout=120, check=False)
    assert done.returncode in (0, 1), done.stderr
    assert b"cannot write the output" not in done.stderr
    text = done.stdout.decode(encoding)  # all of it in the encoding asked for
    wanted = run_cli(*command)
    assert wanted.code == done.returncode
    # the same words and numbers (Rich draws its own tables' borders in ASCII too)
    assert re.findall(r"[A-Za-z0-9]+", text) == re.findall(r"[A-Za-z0-9]+", wanted.out)
    assert not set(text) & {char for char in PLAIN_GLYPHS if not _carries(encoding, char)}


def _carries(encoding: str, char: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def test_a_finding_on_a_non_utf8_standard_error_is_escaped_not_lost(tmp_path: Path) -> None:
    """(From a review.) Standard error too was given the strict handler: a finding naming a
    Korean id was replaced by "cannot write the output in cp1252", which blamed standard
    output, where nothing had been written."""
    path = tmp_path / "ko.toml"
    path.write_text('format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2000-01"\n'
                    '[projects.a]\ntitle = "A"\nduration = 1\ndepends_on = ["없는사업"]\n',
                    encoding="utf-8")
    environment = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run([*entry_point(), "schedule", str(path)], capture_output=True,
                          env=environment, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stdout == b""
    assert (b"error unknown-project: unknown project '\\uc5c6\\ub294\\uc0ac\\uc5c5' in the "
            b"dependencies of 'a'") in done.stderr
    assert b"cannot write the output" not in done.stderr


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_orjson_is_imported_with_ctrl_c_held_back() -> None:
    """Interrupted in the middle of its import, orjson crashes the interpreter (a segfault):
    egovplan imports it with SIGINT blocked, and unblocks it right after."""
    code = (
        "import signal, sys\n"
        "def held(): return signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set())\n"
        "seen = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'orjson':\n"
        "            seen.append(held())\n"
        "sys.meta_path.insert(0, Watch())\n"
        "import egovplan.render.jsonout\n"
        "print(seen, held())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.split("\n")[0] == "[True] False"
