"""Standard output and error that lose no byte to a non-blocking descriptor.

A program can be handed a standard output in non-blocking mode: a Node-based CI runner, an
asyncio parent or a terminal left that way by another program sets `O_NONBLOCK` on the open
file, and every process sharing it inherits the flag. Python's buffered streams then write
what the pipe takes and drop the rest without an error (a `write` of 200 KB returns 65,536
and the process exits 0): `egovplan schedule --format json` would hand a CI job a cut-off JSON
document and a success code.

Unbuffered (`python -u`, `PYTHONUNBUFFERED`), the same loss happens on a blocking pipe whose
reader goes away (`| head -c 10`): the kernel takes what the pipe holds and returns that count,
the text layer writes straight to the file and ignores the count, and the run exits 0 with its
output cut off. (Buffered, Python's own writer sends the rest, which fails.)

`wait_out_full_pipes` replaces such a stream (non-blocking; or an unbuffered pipe or socket)
with one whose writes go on until every byte is out: waiting (`select`) for room where the
descriptor does not block, and writing the rest after a short write, so that a reader gone is
a `BrokenPipeError` (egovplan exits 1). It does not clear the non-blocking flag itself: the
open file is shared with the parent, which set it on purpose. A buffered stream on a blocking
descriptor is left as it is (its writer accounts for a short write before an interruption, so
Ctrl-C never writes a byte twice), so an ordinary run pays an `fcntl` and an `fstat` call per
stream.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class _PatientFile(io.RawIOBase):
    """Writes that wait for room on a non-blocking descriptor instead of stopping short, and,
    with no buffered writer above them, write the rest after a short write (which makes a pipe
    whose reader is gone fail).

    Under a `BufferedWriter` (`whole=False`) a write returns as soon as some bytes are out, as
    a raw write may: the writer keeps the rest and calls again, so that bytes written before an
    interruption (Ctrl-C while waiting) are never written twice. With nothing between it and
    the text layer (`python -u`, `PYTHONUNBUFFERED`: `whole=True`) a write returns only once
    everything is out, since nobody would write the rest."""

    def __init__(self, fd: int, *, whole: bool) -> None:
        super().__init__()
        self._fd, self._whole = fd, whole

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: ReadableBuffer) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            try:
                done += os.write(self._fd, view[done:])
            except BlockingIOError:
                if done and not self._whole:
                    break
                import select

                select.select([], [self._fd], [])
        return done


def wait_out_full_pipes() -> None:
    """Make `sys.stdout` and `sys.stderr` write every byte (waiting for room when their
    descriptor does not block, failing when a pipe's reader is gone), buffered as they were.
    Call it before anything is written."""
    if os.name != "posix":  # `select` takes pipes on POSIX only
        return
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        buffered = isinstance(getattr(stream, "buffer", None), io.BufferedIOBase)
        try:
            fd = stream.fileno()
            mode = os.fstat(fd).st_mode
            pipe = stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)
            if os.get_blocking(fd) and (buffered or not pipe):
                continue
        except (AttributeError, OSError, ValueError):  # no descriptor: a harness's stream
            continue
        stream.flush()
        raw = _PatientFile(stream.fileno(), whole=not buffered)
        below: IO[bytes] = io.BufferedWriter(raw) if buffered else raw  # type: ignore[assignment]
        patient = io.TextIOWrapper(
            below,
            encoding=stream.encoding, errors=stream.errors,
            line_buffering=bool(stream.line_buffering),
            write_through=bool(getattr(stream, "write_through", False)),
        )
        setattr(sys, name, patient)
