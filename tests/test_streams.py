"""A standard output in non-blocking mode (as Node-based CI runners hand it out) gets every byte
of a large output, not the 64 KiB a full pipe took at first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import ROOT, entry_point, run_cli

sys.path.insert(0, str(ROOT / "bench"))

from generate import roadmap as synthetic


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("streams") / "large.toml"
    path.write_text(synthetic(1500, 3), encoding="utf-8")
    return path


def run_into_a_nonblocking_pipe(*args: str) -> tuple[int, bytes, bytes, bool]:
    """Run the console script with its stdout a non-blocking pipe that nobody reads for a
    while; the exit code, what arrived, stderr, and whether the pipe still does not block."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
    environment.pop("GITHUB_ACTIONS", None)
    process = subprocess.Popen([*entry_point(), *args], stdout=write_end,
                               stderr=subprocess.PIPE, cwd=ROOT, env=environment)
    time.sleep(1.0)  # let the pipe fill: a writer that does not wait drops the rest now
    chunks: list[bytes] = []

    def drain() -> None:
        while chunk := os.read(read_end, 1 << 16):
            chunks.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    assert process.stderr is not None
    with process.stderr:
        err = process.stderr.read()
    code = process.wait(timeout=120)
    still_nonblocking = not os.get_blocking(write_end)
    os.close(write_end)
    reader.join(timeout=60)
    os.close(read_end)
    return code, b"".join(chunks), err, still_nonblocking


@pytest.mark.parametrize("output_format", ["json", "markdown", "table"])
def test_a_large_output_arrives_whole(large: Path, output_format: str) -> None:
    code, out, err, still_nonblocking = run_into_a_nonblocking_pipe(
        "schedule", "--format", output_format, str(large))
    assert (code, err) == (0, b"")
    expected = run_cli("schedule", "--format", output_format, str(large))
    assert len(out) > 1 << 16  # more than a pipe holds
    assert out.decode("utf-8") == expected.out
    if output_format == "json":
        assert len(json.loads(out)["projects"]) == 1500
    assert still_nonblocking  # the parent's flag is left as it was


def test_findings_arrive_whole(tmp_path: Path) -> None:
    path = tmp_path / "many-errors.toml"
    lines = ['format = 1\n[roadmap]\nid = "e"\ntitle = "E"\nstart = "2000-01"\n']
    lines += [f'[projects.p{n}]\ntitle = "P"\nduration = 1\ndepends_on = ["nope{n}"]\n'
              for n in range(2000)]
    path.write_text("".join(lines), encoding="utf-8")
    code, out, err, _ = run_into_a_nonblocking_pipe("validate", "--format", "json", str(path))
    assert code == 1
    assert err == b""
    findings = json.loads(out)["files"][0]["findings"]
    assert sum(f["code"] == "unknown-project" for f in findings) == 2000


def run_in_a_terminal(*args: str, nonblocking: bool) -> tuple[int, bytes]:
    """Run the console script with stdout a pseudo-terminal (that blocks, or not)."""
    import pty

    master, slave = pty.openpty()
    os.set_blocking(slave, not nonblocking)
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
    environment.pop("GITHUB_ACTIONS", None)
    process = subprocess.Popen([*entry_point(), *args], stdout=slave,
                               stderr=subprocess.DEVNULL, cwd=ROOT, env=environment)
    os.close(slave)
    time.sleep(1.0)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # EIO: every copy of the terminal's other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    code = process.wait(timeout=120)
    os.close(master)
    return code, b"".join(chunks)


def test_a_nonblocking_terminal_is_still_a_terminal(large: Path) -> None:
    # what Rich sees decides the layout; a terminal's buffer is a few kilobytes
    args = ("schedule", str(large))
    code, shown = run_in_a_terminal(*args, nonblocking=True)
    assert (code, shown) == run_in_a_terminal(*args, nonblocking=False)
    assert len(shown) > 1 << 13
    assert b" \r\n" in shown  # lines padded to the table's width: Rich saw a terminal


def test_a_buffered_write_returns_what_went_out_and_an_unbuffered_one_waits() -> None:
    """Under a BufferedWriter a raw write may stop short once some bytes are out: the writer
    keeps the rest, so nothing is written twice if waiting is interrupted. With no buffer
    between it and the text layer (`python -u`) a write must wait until all is out."""
    from egovplan.streams import _PatientFile

    data = b"x" * (1 << 20)  # more than a pipe holds
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    try:
        written = _PatientFile(write_end, whole=False).write(data)
        assert 0 < written < len(data)
        received = [os.read(read_end, 1 << 20)]  # empty the pipe

        def drain() -> None:
            total = sum(map(len, received))
            while total < len(data):
                chunk = os.read(read_end, 1 << 16)
                received.append(chunk)
                total += len(chunk)

        reader = threading.Timer(0.5, drain)
        reader.start()
        assert _PatientFile(write_end, whole=True).write(data[written:]) == len(data) - written
        reader.join(timeout=30)
        assert b"".join(received) == data
    finally:
        os.close(read_end)
        os.close(write_end)


def test_unbuffered_streams_keep_their_order() -> None:
    """With PYTHONUNBUFFERED (common in CI images) `import`'s notes on stderr and the roadmap
    on stdout, sent to one non-blocking pipe, arrive in the order written, as through a
    blocking one: notes first."""
    outputs = []
    for nonblocking in (False, True):
        read_end, write_end = os.pipe()
        os.set_blocking(write_end, not nonblocking)
        environment = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
        process = subprocess.Popen([*entry_point(), "import", "tests/importers/plan.csv"],
                                   stdout=write_end, stderr=write_end, cwd=ROOT,
                                   env=environment)
        os.close(write_end)
        chunks = []
        while chunk := os.read(read_end, 1 << 16):
            chunks.append(chunk)
        os.close(read_end)
        assert process.wait(timeout=120) == 0
        outputs.append(b"".join(chunks))
    assert outputs[0].startswith(b"note: ")
    assert outputs[1] == outputs[0]


@pytest.mark.parametrize("unbuffered", [True, False])
@pytest.mark.parametrize("arguments", [["schedule", "--format", "json"],
                                       ["schedule", "--format", "csv"],
                                       ["trace", "--format", "json"]])
def test_a_reader_that_goes_away_makes_the_run_fail(large: Path, arguments: list[str],
                                                   unbuffered: bool) -> None:
    """`egovplan … | head -c 10`: the output is cut off, so the exit code is 1, and no
    traceback; buffered or not (unbuffered, the text layer took the pipe's first 64 KiB for
    the whole write and the run exited 0)."""
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
    environment.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        environment["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen([*entry_point(), *arguments, str(large)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                               env=environment)
    assert process.stdout is not None
    assert process.stderr is not None
    time.sleep(1.0)  # the pipe fills and the writer waits for room
    assert len(process.stdout.read(10)) == 10
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == 1
    assert err == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("arguments", [["schedule"], ["schedule", "--format", "json"],
                                       ["validate"]])
def test_a_full_disk_is_said_plainly(arguments: list[str]) -> None:
    """`> /dev/full`: exit 1 and one plain line, not an internal error."""
    with open("/dev/full", "w") as full:  # noqa: PTH123 - a device, not a path to build
        completed = subprocess.run([*entry_point(), *arguments, "roadmaps/korea-egov.toml"],
                                   stdout=full, stderr=subprocess.PIPE, cwd=ROOT,
                                   timeout=120, check=False)
    assert completed.returncode == 1
    assert completed.stderr.decode() == (
        "egovplan: error: cannot write the output: No space left on device\n")
