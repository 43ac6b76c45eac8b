"""Output files: never over an existing file without --force, even one that appears while the
output is being built, and never half written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from egovplan import writer
from egovplan.writer import RefusedError, write_atomically

from .conftest import run_cli


def test_a_file_that_appears_after_the_check_is_not_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check before the work passed; the user's file came while the work ran."""
    path = tmp_path / "report.html"
    monkeypatch.setattr(writer, "check_writable", lambda *_, **__: None)
    path.write_text("IMPORTANT USER DATA", encoding="utf-8")
    with pytest.raises(RefusedError, match="exists; use --force to replace it"):
        write_atomically(path, "<html></html>")
    assert path.read_text(encoding="utf-8") == "IMPORTANT USER DATA"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temporary left


def test_without_hard_links_a_last_check_still_refuses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.html"
    monkeypatch.setattr(writer, "check_writable", lambda *_, **__: None)

    def no_links(*_: object) -> None:
        raise PermissionError("hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    write_atomically(path, "first")
    assert path.read_text(encoding="utf-8") == "first"
    with pytest.raises(RefusedError):
        write_atomically(path, "second")
    assert path.read_text(encoding="utf-8") == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_new_file_is_written_whole_and_force_replaces(tmp_path: Path) -> None:
    path = tmp_path / "out.toml"
    write_atomically(path, "a = 1\n")
    assert path.read_text(encoding="utf-8") == "a = 1\n"
    assert path.stat().st_nlink == 1  # the temporary name is gone
    with pytest.raises(RefusedError):
        write_atomically(path, "a = 2\n")
    write_atomically(path, "a = 2\n", force=True)
    assert path.read_text(encoding="utf-8") == "a = 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.toml"]


def test_force_keeps_the_replaced_files_permissions(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o664)
    write_atomically(path, "new", force=True)
    assert path.read_text(encoding="utf-8") == "new"
    assert path.stat().st_mode & 0o777 == 0o664


def test_dash_as_output_is_standard_output(tmp_path: Path) -> None:
    from .conftest import ROOT, run_cli

    run = run_cli("export", str(ROOT / "examples" / "dependencies.toml"), "--to", "csv",
                  "-o", "-", cwd=tmp_path)
    assert run.code == 0, run.err
    assert run.out.startswith("\ufeffid,title,")
    assert list(tmp_path.iterdir()) == []


def test_a_file_named_dash_is_written_when_its_path_says_so(tmp_path: Path) -> None:
    """`-o ./-` is a file named "-" (pathlib reads it as `-`, which once went to standard
    output); messages name it by its full path."""
    from .conftest import ROOT, run_cli

    source = str(ROOT / "examples" / "dependencies.toml")
    run = run_cli("export", source, "--to", "csv", "-o", "./-", cwd=tmp_path)
    assert run.code == 0, run.err
    assert run.out == ""
    assert run.err == f"wrote {tmp_path / '-'}\n"
    assert (tmp_path / "-").read_text(encoding="utf-8-sig").startswith("id,title,")
    again = run_cli("export", source, "--to", "csv", "-o", "./-", cwd=tmp_path)
    assert again.code == 2
    assert f"{tmp_path / '-'}: exists; use --force" in again.err


def test_a_name_as_long_as_a_name_can_be_is_written(tmp_path: Path) -> None:
    """The temporary name is short: a 254-byte name once made it 255+ bytes (exit 3)."""
    path = tmp_path / ("a" * 250 + ".csv")
    write_atomically(path, "x\n")
    assert path.read_text(encoding="utf-8") == "x\n"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_name_too_long_and_a_failed_write_are_refusals_not_crashes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(RefusedError, match="cannot be written: File name too long"):
        write_atomically(tmp_path / ("a" * 260 + ".csv"), "x\n")

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("egovplan.writer.os.fdopen", full)
    with pytest.raises(RefusedError, match=r"out\.csv: cannot be written: No space left on device"):
        write_atomically(tmp_path / "out.csv", "x\n")
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone too


def test_cli_long_output_name_is_a_usage_error(tmp_path: Path) -> None:
    run = run_cli("export", "examples/minimal.toml", "--to", "csv",
                  "-o", str(tmp_path / ("a" * 260 + ".csv")))
    assert run.code == 2, run.err
    assert "cannot be written: File name too long" in run.err


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    """`-o fifo --force` renamed a regular file over the pipe (and `-o /dev/null --force`,
    run as root, would have replaced the device): a device, pipe or socket is written into."""
    import os
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    write_atomically(pipe, "through the pipe\n", force=True)
    reader.join(timeout=10)
    assert received == ["through the pipe\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary left


def test_a_special_file_needs_no_force(tmp_path: Path) -> None:
    """Nothing of the user's is replaced by writing into /dev/null: no --force needed."""
    from .conftest import ROOT, run_cli

    run = run_cli("export", str(ROOT / "examples" / "minimal.toml"), "--to", "csv",
                  "-o", "/dev/null", cwd=tmp_path)
    assert run.code == 0, run.err
    assert Path("/dev/null").is_char_device()


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    """The link stays a link; the file it names is replaced (atomically, in its own folder),
    and only with --force."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "plan.csv"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "plan.csv"
    link.symlink_to(target)
    with pytest.raises(RefusedError, match="exists; use --force"):
        write_atomically(link, "new")
    write_atomically(link, "new", force=True)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["plan.csv"]


@pytest.mark.parametrize("command", [["init"], ["export", "examples/minimal.toml", "--to", "csv",
                                                "-o"]])
def test_a_name_ending_in_a_slash_is_no_file_name(tmp_path: Path, command: list[str]) -> None:
    """`newdir/` names a directory: a file `newdir` was written."""
    run = run_cli(*command, str(tmp_path / "newdir") + "/")
    assert run.code == 2
    assert "ends with '/', which names a directory: give the file's name" in " ".join(
        run.err.split())
    assert list(tmp_path.iterdir()) == []
