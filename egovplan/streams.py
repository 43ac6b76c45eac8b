"""Standard output and error that lose no byte to a non-blocking descriptor.

A program can be handed a standard output in non-blocking mode: a Node-based CI runner, an
asyncio parent or a terminal left that way by another program sets `O_NONBLOCK` on the open
file, and every process sharing it inherits the flag. Python's buffered streams then write
what the pipe takes and drop the rest without an error (a `write` of 200 KB returns 65,536
and the process exits 0): `egovplan schedule --format json` would hand a CI job a cut-off JSON
document and a success code.

`wait_out_full_pipes` replaces such a stream with one whose writes wait (`select`) until the
pipe has room, as a blocking descriptor would. It does not clear the flag itself: the open file
is shared with the parent, which set it on purpose. Streams that block already are left as they
are, so an ordinary run pays one `fcntl` call per stream.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class _PatientFile(io.RawIOBase):
    """Writes to a non-blocking descriptor that wait for room instead of stopping short."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

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
                import select

                select.select([], [self._fd], [])
        return done


def wait_out_full_pipes() -> None:
    """Make `sys.stdout` and `sys.stderr` wait for room when their descriptor does not block.

    Call it before anything is written."""
    get_blocking = getattr(os, "get_blocking", None)  # not on Windows before Python 3.12
    if get_blocking is None:
        return
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            if get_blocking(stream.fileno()):
                continue
        except (AttributeError, OSError, ValueError):  # no descriptor: a harness's stream
            continue
        stream.flush()
        patient = io.TextIOWrapper(
            io.BufferedWriter(_PatientFile(stream.fileno())), encoding=stream.encoding,
            errors=stream.errors, line_buffering=bool(stream.line_buffering),
            write_through=bool(getattr(stream, "write_through", False)),
        )
        setattr(sys, name, patient)
