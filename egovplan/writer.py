"""Writing output files safely: never over an existing file unless asked, never over the
roadmap being read, and atomically (a temporary file in the same folder, then a rename), so
that a reader never sees half a file and an interrupted run leaves the old one intact. A
symbolic link is written through (the link stays, the file it names is replaced); a device,
named pipe or socket (`/dev/null`, `/dev/stdout`, a FIFO) is written into, never replaced."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class RefusedError(Exception):
    """The file was not written; the message says why."""


def check_writable(path: Path, *, force: bool = False, protect: tuple[Path, ...] = ()) -> None:
    """Raise `RefusedError` if `write_atomically` would refuse `path`: callers check before
    doing the work whose result they would write."""
    try:
        _check(path, force=force, protect=protect)
    except OSError as error:  # a name too long, a folder that cannot be searched …
        raise RefusedError(f"{path}: cannot be written: {error.strerror or error}") from None


def _check(path: Path, *, force: bool, protect: tuple[Path, ...]) -> None:
    for protected in protect:
        if path.exists() and protected.exists() and path.samefile(protected):
            raise RefusedError(f"{path}: is the file being read; choose another output file")
    if path.is_dir():
        raise RefusedError(f"{path}: is a directory; give a file name")
    if _is_special(path):
        return  # written into, as a stream: nothing of the user's is replaced
    if path.exists() and not force:
        raise RefusedError(f"{path}: exists; use --force to replace it")
    folder = _target(path).parent
    if not folder.is_dir():
        raise RefusedError(f"{folder}: no such directory")


def _is_special(path: Path) -> bool:
    """Whether `path` is a device, a named pipe or a socket (`/dev/null`, `/dev/stdout`,
    a FIFO): something to write into, never to replace with a file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _target(path: Path) -> Path:
    """The file `path` names: through its symbolic links (a link is kept, and the file it
    points to replaced, as any editor saving through a link does)."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def write_atomically(path: Path, text: str, *, force: bool = False,
                     protect: tuple[Path, ...] = ()) -> None:
    """Write `text` (UTF-8) to `path`. Refuses to replace an existing file without `force`,
    and to write over any of the `protect` paths (the input) even with it."""
    check_writable(path, force=force, protect=protect)
    try:
        if _is_special(path):
            with path.open("w", encoding="utf-8", newline="") as stream:
                stream.write(text)
        else:
            _write(_target(path), text, force=force)
    except OSError as error:  # a name too long, no permission, no space left …
        raise RefusedError(f"{path}: cannot be written: {error.strerror or error}") from None


def _write(path: Path, text: str, *, force: bool) -> None:
    folder = path.parent if str(path.parent) else Path()
    # a short temporary name: the file's own may already be as long as a name can be
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".egovplan.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    Path(temporary).chmod(0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            with contextlib.suppress(OSError):  # the replaced file's permissions are kept
                Path(temporary).chmod(stat.S_IMODE(path.stat().st_mode))
            Path(temporary).replace(path)
        else:
            _put_if_absent(Path(temporary), path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise


def _put_if_absent(temporary: Path, path: Path) -> None:
    """Give `temporary` the name `path` unless a file has that name by now: the check above ran
    before the work, and a file may have appeared meanwhile. A hard link fails rather than
    replace one (then the temporary name goes); where the file system has no hard links, a
    last check and a rename leave only a moment's window."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise RefusedError(f"{path}: exists; use --force to replace it") from None
    except OSError:  # no hard links on this file system
        if path.exists():
            raise RefusedError(f"{path}: exists; use --force to replace it") from None
        temporary.replace(path)
    else:
        temporary.unlink()
