"""Parsing a large roadmap in pieces: the same data as one parse, in half the time and memory.

`rtoml` builds Rust's whole document tree before it makes the Python objects, so a parse of a
24 MB roadmap peaks at about 850 MB, and half its time goes to the kernel handing it fresh
memory. A roadmap's bulk is its `[projects.<id>]` tables, so `loads` parses the text in pieces
of about a megabyte, each starting at such a header, and puts the pieces' projects together:
the memory of one piece's tree is reused by the next.

The result is the one parse's, or `None` (then the caller parses the whole text: its errors
are the ones reported, exactly as before). TOML lets a later part of a file change what an
earlier part means only through tables both name, so `loads` gives up unless:

- the first piece parses with a fresh `[projects.<probe>]` header after it: so it ends outside
  any string or array, and the `projects` table can still take new sub-tables (it was not
  written inline, `projects = { … }`, nor as an array of tables);
- every later piece parses alone, and each of its table headers (each line that starts with
  `[`, after any spaces) names a table under `projects.`, not `projects` itself, nor an array
  of tables: so each later piece only adds sub-tables of `projects`, and starts where the one
  before ends, outside any value;
- no two pieces name the same project (a project's tables are all in one piece: no cut
  falls before a header that names the same project as the header above it).

Any other file, and any file with a syntax error, is parsed whole: a large file with one
near its end costs nearly two parses. Tests compare the two on random documents built to break
exactly these rules (and a review compared them on 3.5 million generated documents).

Pieces also let two cores share the work. The caller may validate each piece's projects as
soon as it is parsed (`load`'s `validate`), and the command line lets every piece be parsed
by a forked helper process (`Helper`) meanwhile (the first while this process imports and
builds the validators): parsing (in the helper) and validating (here) then overlap. Given a
way to validate JSON too (`load`'s `validate_json`), the helper sends the pieces after the
first as JSON wherever JSON carries them exactly (`_json_of`), and they are validated from
it: this process then makes no Python objects of those projects as written (but when one is
not valid), in two thirds of the time of reading them back and validating those. A program
using egovplan as a library gets the
same results without the helper (`PARALLEL`); whatever goes wrong in the helper only makes
`load` give up, and the text is parsed whole.

Once it has sent its pieces, the helper is idle while this process builds the model, the graph
and the schedule. Given a job (`load`'s `later`, a `Later`), it keeps what the job needs of
each piece it parsed, prepares the job once all are sent, and waits to be asked to finish it
(`Helper.ask`): `egovplan schedule --format json` has it write the JSON rows of its projects
from their schedule (`egovplan.render.schedule.HelperRows`) while this process runs the
checks. Whatever goes wrong then only means no answer (`Helper.answer` gives `None`), and the
caller does the job itself.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import marshal
import os
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, NamedTuple, Protocol

#: The size of a piece, in characters (about a megabyte); a text no longer is parsed whole.
PIECE_CHARACTERS = 1 << 20
#: Whether `egovplan.loader.reader.parse` may start a helper process (`Helper`): the command
#: line allows it; a program using egovplan as a library (which may hold threads, or a large
#: heap of its own) does not fork unless it sets this.
PARALLEL = False


class Later(Protocol):
    """A job for the helper (`load`'s `later`), in three steps."""

    def keep(self, projects: dict[str, Any]) -> Any:
        """What the helper keeps of one piece's projects as parsed, once the piece is sent
        (the rest of the piece's data is let go)."""

    def prepare(self, kept: Any) -> Any:
        """What can be made of what was kept of one piece, once all are sent, before the
        helper is asked; raises when it cannot (the projects are not valid, say)."""

    def finish(self, prepared: list[Any], asked: Any) -> bytes:
        """The job's bytes, from what `prepare` made of each piece, in order, and what the
        helper is asked with."""


#: The helper's job, when it has one; set by the command line for `schedule --format json`.
LATER: Later | None = None
#: A helper given a job keeps the data of the pieces it parses until it prepares the job: on
#: `generate.py`'s 100,000-project roadmap, the helper's peak grows from 144 MB to 424 MB.
#: Past this many characters (some 150,000 such projects), the memory is worth more than the
#: time, and the helper takes no job.
LATER_CHARACTERS = 32 << 20
_HEADER = "\n[projects."
#: A line that starts a table header other than `[projects.<…>…]` (or a line inside a value
#: that looks like one: then the text is parsed whole too). Searched from the newline before
#: the second piece: a pattern that starts with a newline is found fast.
_OTHER_HEADER = re.compile(r"\n[ \t]*\[(?![ \t]*projects[ \t]*\.)")
_PROBE = "egovplan-piece-probe"
#: A header's first key after `[projects.`, as spelt.
_KEY = re.compile(r"[^.\]\n]*")


def _project(text: str, header: int) -> str | None:
    """The project key as spelt in the `[projects.…]` header at `header` (the newline before
    it), up to its first dot: the same for a project's table and its sub-tables
    (`[projects.a.estimate]`, as tomli-w writes them), which must stay in one piece. A quoted
    id with a dot is cut short, so two such projects may look like one: then no cut falls
    between them, which is only a missed cut."""
    if header < 0:
        return None
    # `_KEY` matches everywhere (at worst nothing)
    return _KEY.match(text, header + len(_HEADER)).group()  # type: ignore[union-attr]


def _cuts(text: str, piece: int) -> list[int]:
    """Where the pieces after the first start (each at a `[projects.` header's line)."""
    cuts = []
    position = piece
    while position < len(text):
        found = text.find(_HEADER, position)
        if found < 0:
            break
        if _project(text, found) == _project(text, text.rfind(_HEADER, 0, found)):
            position = found + 1  # a sub-table of the project above: its piece goes on
            continue
        cuts.append(found + 1)
        position = found + 1 + piece
    return cuts


class Parsed(NamedTuple):
    """A text parsed in pieces: its data, and what `validate` made of its projects."""

    #: The one parse's data; without the projects of the pieces validated from JSON until
    #: `complete` is called (when it is not `None`).
    data: dict[str, Any]
    #: The projects validated piece by piece; `None` when a piece failed validation (or no
    #: validation was asked for).
    validated: dict[str, Any] | None
    #: Where each piece after the first starts (a character offset): the same pieces let the
    #: locator scan only the piece a position is asked in (`egovplan.loader.locator`).
    cuts: list[int]
    #: The helper, given `later` and still at hand (else `None`): the caller asks it for its
    #: job (`Helper.ask`) or stops it (`Helper.stop`).
    helper: Helper | None = None
    #: When `data` lacks the projects of pieces that came as JSON and were valid (see
    #: `load`'s `validate_json`): puts them in, in order; `None` when `data` is whole.
    complete: Callable[[], None] | None = None


def loads(text: str, piece: int | None = None) -> dict[str, Any] | None:
    """The data of `text` parsed in pieces of about `piece` characters, or `None` when it
    cannot be parsed so (see the module's docstring)."""
    parsed = load(text, piece)
    if parsed is not None and parsed.complete is not None:
        parsed.complete()
    return None if parsed is None else parsed.data


def load(text: str, piece: int | None = None, *,
         validate: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None,
         validate_json: Callable[[bytes], dict[str, Any] | None] | None = None,
         parallel: bool = False,
         later: Later | None = None) -> Parsed | None:
    """`text` parsed in pieces (see the module's docstring), or `None` when it cannot be.

    `validate` is given each piece's projects, in order, as soon as they are parsed, and
    returns them validated, or `None` when they are not valid (then it is not called again).
    With `parallel`, every piece is parsed by a helper process (see `Helper`) while this one
    validates the pieces already parsed (and, before the first arrives, an empty table: the
    first validation imports and builds the validators). With `later` too (and
    `validate`, and a text of at most `LATER_CHARACTERS`), the helper keeps what `later`
    needs of each piece it sends (`Later.keep`), then prepares it (`Later.prepare`) and
    waits: `Parsed.helper` finishes it when asked (`Helper.ask`, `Helper.answer`), provided
    every piece was valid here.

    With `validate_json` too (which validates a piece's projects as `validate` does, from
    their JSON), the helper sends the pieces after the first as JSON wherever JSON carries
    them exactly (`_json_of`), and they are validated from it: no Python objects are made of
    them here but the validated ones (in two thirds of the time of reading them back and
    validating those). Their projects as parsed are then made only if they are needed: when
    a piece is not valid (before `load` returns), or when the caller asks
    (`Parsed.complete`)."""
    import rtoml

    cuts = _cuts(text, PIECE_CHARACTERS if piece is None else piece)
    if not cuts or _PROBE in text or _OTHER_HEADER.search(text, cuts[0] - 1) is not None:
        return None
    spans = list(zip(cuts, [*cuts[1:], len(text)], strict=True))
    job = None
    if later is not None and validate is not None and len(text) <= LATER_CHARACTERS:
        job = later
    head = f"{text[:cuts[0]]}[projects.{_PROBE}]\n"
    as_json = validate is not None and validate_json is not None
    helper = Helper.start(text, spans, job, head, as_json=as_json) if parallel else None
    kept = False
    try:
        results = helper.results() if helper is not None else iter([_HERE] * (len(spans) + 1))
        if helper is not None and validate is not None:
            validate({})  # while the helper parses the first piece
        data = next(results, None)
        if data is _HERE:
            data = rtoml.loads(head)
        if not isinstance(data, dict):
            return None
        projects = data.get("projects")
        if not isinstance(projects, dict) or projects.get(_PROBE) != {}:
            return None
        del projects[_PROBE]
        validated = None if validate is None else validate(projects)
        #: The ids of the projects so far (each piece's must be new); the pieces after the
        #: first whose projects as parsed are not yet in `projects` (from the first that came
        #: as JSON on, in order: `projects` keeps the file's order).
        ids = set(projects)
        later_parts: list[dict[str, Any] | _Json] = []
        done = 0
        for (start, end), more in zip(spans, results, strict=False):
            if more is _HERE:  # to be parsed here: no helper, or one that could not send it
                more = rtoml.loads(text[start:end])
            if more is None:
                return None
            done += 1
            if isinstance(more, _Json):
                valid = None
                if validate_json is not None and validated is not None:
                    valid = validate_json(more.blob)
                if valid is not None and validated is not None:  # its ids are the ones written
                    if not ids.isdisjoint(valid):
                        return None
                    ids.update(valid)
                    later_parts.append(more)
                    validated.update(valid)
                    continue
                validated = None  # not valid (or an earlier piece was not): as parsed
                more = {"projects": more.data()}
            added = more.get("projects") if isinstance(more, dict) else None
            if len(more) != 1 or not isinstance(added, dict) or not ids.isdisjoint(added):
                return None
            ids.update(added)
            if later_parts:
                later_parts.append(added)
            else:
                projects.update(added)
            if validate is not None and validated is not None:
                valid = validate(added)
                if valid is None:
                    validated = None
                else:
                    validated.update(valid)
        if done < len(spans):
            return None  # a helper that ended early (it never should)
        if validated is None:  # the caller validates the data whole: it needs all of it
            _complete(projects, later_parts)
        # a helper with a job is kept for it while the projects it holds are valid
        kept = helper is not None and helper.job is not None and validated is not None
    except rtoml.TomlParsingError:
        return None
    finally:
        if helper is not None and not kept:
            helper.stop()
    return Parsed(data, validated, cuts, helper if kept else None,
                  functools.partial(_complete, projects, later_parts) if later_parts else None)


def _complete(projects: dict[str, Any], later_parts: list[dict[str, Any] | _Json]) -> None:
    """`projects` given the projects of `later_parts` as parsed, in order (once)."""
    for part in later_parts:
        projects.update(part.data() if isinstance(part, _Json) else part)
    later_parts.clear()


class _Json:
    """A piece's projects as the helper sent them: JSON (see `_json_of`)."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def data(self) -> dict[str, Any]:
        """The projects as parsed: what `rtoml` gave the helper (`_json_of` sends nothing
        that JSON would change)."""
        from egovplan.render.jsonout import loads

        projects: dict[str, Any] = loads(self.blob)
        return projects


class Helper:
    """A forked process that parses the pieces and sends their data back through a pipe, so
    that parsing (in the helper) and validating (here) take one core each.

    Each piece's data travels as `marshal` (a tenth of the parse's time to write, a third to
    read), as JSON (a later piece's projects, when asked for and exact: `_json_of`), or as
    `pickle` when it holds a TOML date or time (which `marshal` cannot carry); a
    piece holding a date-time with an offset cannot travel at all (`rtoml`'s time zone cannot
    be pickled): the helper says so, and `load` parses that piece itself.
    Whatever goes wrong in the helper (a piece that does not parse, a helper killed) shows
    here as a missing piece: `load` then gives up, and the text is parsed whole. The helper
    leaves with `os._exit`: nothing of this process (its buffered output, its exit handlers)
    runs twice.

    Given a job, the helper keeps what the job needs of each piece, prepares the job once
    they are all sent, and waits on a second pipe for what to finish it with (`ask`); it
    sends the job's bytes after its pieces (`answer`).
    It leaves when this process closes that pipe without asking (`stop`, or this process
    gone)."""

    def __init__(self, pid: int, stream: BinaryIO, job: Later | None = None,
                 asking: int | None = None) -> None:
        self.pid = pid
        self.stream = stream
        self.job = job
        #: The pipe a job is asked through, until it is asked (or the helper stopped).
        self.asking = asking

    @classmethod
    def start(cls, text: str, spans: list[tuple[int, int]], job: Later | None = None,
              head: str | None = None, *, as_json: bool = False) -> Helper | None:
        """The helper, parsing already (`head`, when given, then each span of `text`; with
        `job` to do later; `as_json`: the pieces after the first sent as JSON where JSON
        carries them exactly); `None` where none can be started."""
        import signal
        import threading

        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None  # forking a process with threads could deadlock the helper
        try:
            read, write = os.pipe()
        except OSError:
            return None
        asked = asking = None
        if job is not None:
            try:
                asked, asking = os.pipe()
            except OSError:
                job = None  # the pieces all the same, and no job
            else:
                _widen(asking)
        _widen(write)
        # Ctrl-C is held back across the fork: in the helper before it is ready, it would
        # raise in a copy of this program (which would go on as if it were egovplan); here,
        # before the helper is known, it would leave the helper unreaped
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            for fd in (read, write, asked, asking):
                if fd is not None:
                    os.close(fd)
            return None
        if pid == 0:  # pragma: no cover - the helper (it leaves through os._exit)
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C simply ends it
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                os.close(read)
                if asking is not None:
                    os.close(asking)
                _send_pieces(text, spans, write, job, asked, head, as_json=as_json)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        if asked is not None:
            os.close(asked)
        helper = cls(pid, os.fdopen(read, "rb", buffering=1 << 20), job, asking)
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C held back arrives here
        except BaseException:
            helper.stop()
            raise
        return helper

    def results(self) -> Iterator[Any]:
        """Each piece's data, in order (the first, when the helper was given it, then the
        later ones); `_HERE` for a piece to be parsed here; `None` for a piece the helper did
        not send."""
        read = self.stream.read
        while True:
            header = read(9)
            if len(header) < 9:
                yield None
                return
            tag, size = header[:1], int.from_bytes(header[1:], "little")
            if tag == _DONE:
                return
            if tag == _SKIPPED:
                yield _HERE
                continue
            blob = read(size)
            if len(blob) < size or (tag not in _LOADERS and tag != _JSON):
                yield None
                return
            yield _Json(blob) if tag == _JSON else _LOADERS[tag](blob)

    def ask(self, argument: Any) -> bool:
        """Ask the helper to do its job with `argument` (which `marshal` can carry); whether
        it was asked (once at most: the pipe is closed after). It may wait while the helper
        is still validating its projects and the pipe is full."""
        if self.asking is None:
            return False
        asking, self.asking = self.asking, None
        try:
            with os.fdopen(asking, "wb") as out:
                # version 2: without references, twice as fast for a hundred thousand numbers
                # (the pipe's few more bytes cost less)
                blob = marshal.dumps(argument, 2)
                out.write(len(blob).to_bytes(8, "little") + blob)
        except (OSError, ValueError):  # a helper gone; something marshal cannot carry
            return False
        return True

    def answer(self) -> bytes | None:
        """The job's bytes, once the helper has done it; `None` when it could not (its
        projects were not valid, the job raised, the helper is gone). Read after its pieces:
        call it once `results` has given them all."""
        read = self.stream.read
        while True:
            header = read(9)
            if len(header) < 9:
                return None
            tag, size = header[:1], int.from_bytes(header[1:], "little")
            if tag != _DONE:
                break
        blob = read(size) if tag == _ANSWER else b""
        return blob if tag == _ANSWER and len(blob) == size else None

    def stop(self) -> None:
        """Close the pipes, end the helper if it is still at work, and wait for it."""
        import signal

        if self.asking is not None:
            os.close(self.asking)
            self.asking = None
        self.stream.close()
        with contextlib.suppress(OSError):
            if os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)


#: The pipe's capacity asked for: a piece's data (about 950 KB in `marshal` for a megabyte of
#: text) fits, so the helper writes it and goes on to the next piece while this process is
#: still validating the one before (in a pipe of the default 64 KB it waited for every read;
#: the parse of 100,000 projects took 0.1-0.3 s longer). Linux's default limit for an
#: unprivileged process is this megabyte.
PIPE_BYTES = 1 << 20


def _widen(pipe: int) -> None:
    """Ask for a pipe of `PIPE_BYTES` (Linux); where that is refused, it stays as it is."""
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


_MARSHAL, _PICKLE, _JSON, _SKIPPED, _DONE = b"M", b"P", b"J", b"S", b"."
#: After the pieces, from a helper with a job: its bytes, or that it could not do it.
_ANSWER, _FAILED = b"A", b"F"
#: A piece to be parsed by `load` itself.
_HERE = object()


def _unpickle(blob: bytes) -> Any:
    import pickle

    return pickle.loads(blob)  # noqa: S301 - written by the helper this process started


_LOADERS: dict[bytes, Callable[[bytes], Any]] = {_MARSHAL: marshal.loads, _PICKLE: _unpickle}


def _send_pieces(text: str, spans: list[tuple[int, int]], fd: int, job: Later | None = None,
                 asked: int | None = None, head: str | None = None, *,
                 as_json: bool = False) -> None:  # pragma: no cover - in the helper
    """The helper's work: parse `head` (the first piece with the probe's header), when given,
    then each span of `text`, and write each one's data to `fd` (or that it cannot be sent);
    stop at the first that does not parse (the reader sees a missing piece). Then, with a
    `job`, do it (`_do_job`) when asked through `asked`."""
    import pickle

    import rtoml

    kept: list[Any] = []
    pieces = itertools.chain([] if head is None else [head],
                             (text[start:end] for start, end in spans))
    with os.fdopen(fd, "wb", buffering=1 << 20) as out:
        for number, piece in enumerate(pieces):
            try:
                data = rtoml.loads(piece)
            except rtoml.TomlParsingError:
                return
            json = _json_of(data) if as_json and number > 0 else None
            try:
                tag, blob = (_JSON, json) if json is not None else (_MARSHAL, marshal.dumps(data))
            except ValueError:  # a date or time
                try:
                    tag, blob = _PICKLE, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
                except pickle.PicklingError:  # a date-time with an offset: rtoml's `TzInfo`
                    tag = _SKIPPED  # the reader parses this one itself
            if tag == _SKIPPED:
                out.write(_SKIPPED + bytes(8))
            else:
                out.write(tag + len(blob).to_bytes(8, "little"))
                out.write(blob)
            out.flush()
            if job is not None:
                # after the piece is sent, while egovplan reads it (the helper is waited for
                # otherwise): what the job needs, the rest let go (a piece `load` takes holds
                # just its projects, and the first the probe's; it gives up on any other, and
                # asks no job)
                projects = data.get("projects")
                if number == 0 and head is not None and isinstance(projects, dict):
                    projects.pop(_PROBE, None)
                kept.append(job.keep(projects) if isinstance(projects, dict) else None)
        out.write(_DONE + bytes(8))
        if job is not None and asked is not None:
            out.flush()
            answer = _do_job(job, kept, asked)
            if answer is not None:
                out.write(_ANSWER + len(answer).to_bytes(8, "little"))
                out.write(answer)
            else:
                out.write(_FAILED + bytes(8))


#: `null` as a value in JSON that `orjson` wrote: what it writes for NaN and ±inf (TOML has
#: no null). It may match inside a string too (a title "a:null"): that piece goes as `marshal`.
_NULL = re.compile(rb"[:,\[]null")


def _json_of(data: dict[str, Any]) -> bytes | None:
    """A later piece's projects as JSON (`orjson`), where reading that JSON gives exactly
    what `rtoml` parsed: not a piece holding a date or time (JSON has none: `compact`
    refuses them rather than write them as text), nor NaN or ±inf (which `orjson` writes as
    `null`; a piece with a string that reads `:null`, `,null` or `[null` is refused too, as
    the check cannot tell them apart), nor a piece that is not a `projects` table alone
    (which `load` refuses). `None` for those: the piece goes as before."""
    projects = data.get("projects")
    if len(data) != 1 or not isinstance(projects, dict):
        return None
    from egovplan.render.jsonout import compact

    try:
        blob = compact(projects)
    except TypeError:  # a date or time
        return None
    return None if _NULL.search(blob) else blob


def _do_job(job: Later, kept: list[Any], asked: int) -> bytes | None:  # pragma: no cover
    """In the helper: the job prepared from what was kept of each piece (let go once
    prepared); then, once asked through `asked`, the job's bytes. `None` when a piece was not
    what `load` takes, the job raises, or this process closes `asked` without asking."""
    prepared = []
    for number, held in enumerate(kept):
        kept[number] = None
        if held is None:
            return None
        try:
            prepared.append(job.prepare(held))
        except Exception:  # noqa: BLE001 - whatever it is, this process does the job itself
            return None
    # kept to the end: the helper leaves through `os._exit`, and freeing a hundred thousand
    # rows first would only make the answer later
    _KEPT.append(prepared)
    with os.fdopen(asked, "rb") as stream:
        header = stream.read(8)
        size = int.from_bytes(header, "little")
        blob = stream.read(size)
    if len(header) < 8 or len(blob) < size:
        return None  # not asked
    try:
        # written by the process that forked this one
        return job.finish(prepared, marshal.loads(blob))  # noqa: S302
    except Exception:  # noqa: BLE001 - whatever it is, this process does the job itself
        return None


#: What the helper holds until it leaves (see `_do_job`).
_KEPT: list[Any] = []
