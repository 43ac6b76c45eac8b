"""Parsing in pieces gives exactly the one parse's data, or gives up (then the text is parsed
whole): checked on random documents made of the very things that could make a piece mean
something else than it does in the whole file."""

from __future__ import annotations

import json
import marshal
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import rtoml
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan.loader import pieces
from egovplan.loader.reader import parse
from egovplan.model.build import validate_projects

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from generate import roadmap as synthetic

IDS = ["a", "b", "c"]

#: Pieces of TOML: tables of projects (the same few ids, so that some repeat), their
#: sub-tables, other tables, `projects` written every way TOML allows, strings, arrays and
#: comments holding lines that look like headers, and errors.
BLOCKS = st.one_of(
    st.sampled_from(IDS).map(lambda i: f'[projects.{i}]\ntitle = "{i}"\n'),
    st.sampled_from(IDS).map(lambda i: f"[projects.{i}.x]\nk = 1\n"),
    st.sampled_from(IDS).map(lambda i: f"  [projects.{i}] # indented\nd = 2\n"),
    st.sampled_from(IDS).map(lambda i: f"[ projects . {i} ]\ne = 3\n"),
    st.sampled_from(IDS).map(lambda i: f'["projects".{i}]\nf = 4\n'),
    st.sampled_from(IDS).map(lambda i: f'[projects."{i}"]\ng = 5\n'),
    st.sampled_from(IDS).map(lambda i: f"[[projects.{i}.list]]\nh = 6\n"),
    st.sampled_from(IDS).map(lambda i: f'projects.{i}.title = "dotted"\n'),
    st.sampled_from(IDS).map(lambda i: f'projects = {{ {i} = {{ title = "inline" }} }}\n'),
    st.just("[projects]\n"),
    st.just('[[projects]]\ntitle = "array"\n'),
    st.just('[goals.g]\ntitle = "g"\n'),
    st.just('[roadmap]\nid = "r"\n'),
    st.just('format = 1\n'),
    st.just('s = """\n[projects.z]\ntitle = "fake"\n"""\n'),
    st.just("s2 = '''\n[goals.q]\n'''\n"),
    st.just('arr = [\n[1],\n"x",\n]\n'),
    st.just('arr2 = [\n  [projects.a],\n]\n'),
    st.just("# [projects.q] in a comment\n"),
    st.just('t = "\\n[projects.w]"\n'),
    st.just("x = \n"),  # a syntax error
    st.just('dup = 1\ndup = 2\n'),  # a duplicate key
    st.just('u = """never closed\n'),
    st.just("[projects.a]\r\ncr = 1\r\n"),
)


HEADS = st.sampled_from([
    "format = 1\n", '[roadmap]\nid = "r"\n', '[goals.g]\ntitle = "g"\n', "[projects]\n",
    'projects.p0.title = "dotted"\n', "# a comment\n",
])
HEADERS = ["[projects.{}]", "  [projects.{}]", "[ projects . {} ]", '[projects."{}"]',
           "[projects.{}] # a comment"]
LINES = ['depends_on = ["a", {{ id = "b", lag = 1 }}]', "x.k = 1", 'note = """\nmulti\n"""',
         'fake = """\n[projects.p3]\n[projects.p30.x]\n"""',  # lines that look like headers
         "n = [\n  1,\n  2,\n]", "uses = {{ team = 1.5 }}"]


@st.composite
def project_tables(draw: st.DrawFn, project_id: str) -> str:
    """A project's table as roadmaps write it, in any spelling of its header, sometimes with
    a sub-table."""
    lines = [draw(st.sampled_from(HEADERS)).format(project_id), f'title = "{project_id}"']
    lines += [line.format() for line in draw(st.lists(st.sampled_from(LINES), max_size=3,
                                                      unique=True))]
    if draw(st.integers(0, 7)) == 0:
        lines += [f"[projects.{project_id}.estimate]", "likely = 3"]
    return "\n".join(lines) + "\n"


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Mostly what pieces are for (tables of projects after the rest), with any of the blocks
    above put anywhere now and then."""
    ids = draw(st.lists(st.sampled_from([f"p{number}" for number in range(1, 40)]),
                        min_size=1, max_size=14, unique=True))
    blocks = draw(st.lists(HEADS, max_size=3, unique=True))
    blocks += [draw(project_tables(project_id)) for project_id in ids]
    for _ in range(draw(st.integers(0, 2))):
        blocks.insert(draw(st.integers(0, len(blocks))), draw(BLOCKS))
    return "".join(blocks)


def ordered(value: Any) -> Any:
    """A value with the order of every table's keys made part of it."""
    if isinstance(value, dict):
        return [(key, ordered(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [ordered(item) for item in value]
    return value


def whole(text: str) -> Any:
    try:
        return ordered(rtoml.loads(text))
    except rtoml.TomlParsingError:
        return "error"


@settings(max_examples=1500, deadline=None)
@given(documents(), st.integers(1, 60))
def test_pieces_give_the_whole_parse_or_give_up(text: str, piece: int) -> None:
    data = pieces.loads(text, piece)
    if data is not None:
        assert ordered(data) == whole(text), text


def test_pieces_give_up_where_the_whole_file_is_an_error() -> None:
    """Texts each piece of which is fine alone but the whole is not TOML."""
    for text in [
        # projects written inline, then extended by a header
        'projects = { a = { title = "a" } }\n[projects.b]\ntitle = "b"\n',
        # a project's table defined twice, in two pieces
        '[projects.a]\ntitle = "a"\n[projects.b]\ntitle = "b"\n[projects.a]\ntitle = "again"\n',
        # `[projects]` defined twice
        '[projects]\n[projects.a]\ntitle = "a"\n[projects]\n',
        # a multi-line string that a cut would split
        's = """\n[projects.a]\ntitle = "in the string"\n',
    ]:
        assert whole(text) == "error"
        assert pieces.loads(text, 1) is None, text


def test_pieces_keep_a_projects_tables_together() -> None:
    """Legal TOML whose pieces share a project's table: parsed whole, same data."""
    text = '[projects.a]\ntitle = "a"\n[projects.b]\ntitle = "b"\n[projects.a.x]\nk = 1\n'
    assert pieces.loads(text, 1) is None
    assert parse(text.encode() + b"#" * pieces.PIECE_CHARACTERS).data == rtoml.loads(text)


def test_roadmaps_are_parsed_in_pieces() -> None:
    """What pieces are for: the repository's roadmaps and the benchmark's, cut small, give
    the one parse's data (not `None`)."""
    texts = [(ROOT / "roadmaps" / "korea-egov.toml").read_text(encoding="utf-8"),
             synthetic(300, 1)]
    for text in texts:
        data = pieces.loads(text, 200)
        assert data is not None
        assert ordered(data) == whole(text)


def test_a_large_roadmap_is_parsed_in_pieces_by_the_reader() -> None:
    text = synthetic(6000, 3)
    assert len(text) > pieces.PIECE_CHARACTERS
    assert pieces.loads(text) is not None
    source = parse(text.encode())
    assert source.findings == []
    assert ordered(source.data) == whole(text)


def test_a_large_roadmap_with_an_error_is_reported_as_when_parsed_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces give up on a file with an error; the whole parse reports it, at its place."""
    text = synthetic(6000, 3) + '[projects.p5]\ntitle = "again"\n'
    line = text.count("\n") - 1
    in_pieces = parse(text.encode())
    monkeypatch.setattr(pieces, "PIECE_CHARACTERS", 1 << 40)
    whole_parse = parse(text.encode())
    assert in_pieces.data is None
    assert in_pieces.findings == whole_parse.findings
    assert [(f.code, f.line) for f in in_pieces.findings] == [("toml-syntax", line)]


def test_a_projects_sub_tables_stay_in_its_piece() -> None:
    """tomli-w (the importers) writes a project's `estimate` and `uses` as sub-tables: no cut
    falls before them, so such a roadmap is parsed in pieces, not whole."""
    import tomli_w

    data = {"format": 1, "projects": {
        f"p{number}": {"title": f"P{number}", "duration": 3, "estimate": {"likely": 3},
                       "uses": {"team": 1}} for number in range(200)}}
    text = tomli_w.dumps(data)
    assert "[projects.p7.estimate]" in text
    parsed = pieces.loads(text, 1)
    assert parsed is not None
    assert ordered(parsed) == whole(text) == ordered(data)


# -- the helper process, and validating piece by piece ---------------------------------------

@settings(max_examples=150, deadline=None)
@given(documents(), st.integers(1, 60))
def test_a_helper_process_gives_the_same_data(text: str, piece: int) -> None:
    """The pieces after the first, parsed in a helper process and sent back, make the same
    data as parsed here; and where pieces give up here, they give up with the helper."""
    alone = pieces.loads(text, piece)
    helped = pieces.load(text, piece, parallel=True)
    assert (None if helped is None else ordered(helped.data)) == (
        None if alone is None else ordered(alone)), text


def test_a_helper_sends_dates_and_odd_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    """What `marshal` cannot carry (TOML dates and times) travels by `pickle`; NaN, infinity
    and -0.0 arrive as written. A date-time with an offset cannot travel (`rtoml`'s time zone
    does not pickle): the helper says so, and that piece is parsed here."""
    def text(when: str) -> str:
        return "".join(f'[projects.p{n}]\ntitle = "{n}"\nx.when = {when}\nx.day = 1999-01-01\n'
                       f"x.odd = [nan, -inf, -0.0, {n}]\n" for n in range(50))

    local = text("2026-12-01T10:00:00")
    helped = pieces.load(local, 100, parallel=True)
    assert helped is not None
    assert repr(ordered(helped.data)) == repr(whole(local))
    offset = text("2026-12-01T10:00:00+09:00")
    head, _, tail = local.rpartition("2026-12-01T10:00:00\n")  # in the last piece
    one_offset = f"{head}2026-12-01T10:00:00Z\n{tail}"
    for mixed in (offset, one_offset):
        helped = pieces.load(mixed, 100, parallel=True)
        assert helped is not None
        assert repr(ordered(helped.data)) == repr(whole(mixed))
    monkeypatch.setattr(pieces, "PARALLEL", True)
    monkeypatch.setattr(pieces, "PIECE_CHARACTERS", 100)
    source = parse(offset.encode())
    assert source.cuts is not None
    assert repr(ordered(source.data)) == repr(whole(offset))


def test_a_later_piece_with_an_error_is_reported_as_when_parsed_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = synthetic(6000, 3)
    late = text.index("[projects.p5000]")
    broken = text[:late] + "title = \n" + text[late:]
    assert pieces.load(broken, parallel=True) is None
    monkeypatch.setattr(pieces, "PARALLEL", True)
    helped = parse(broken.encode())
    monkeypatch.setattr(pieces, "PIECE_CHARACTERS", 1 << 40)
    assert helped.data is None
    assert helped.findings == parse(broken.encode()).findings
    assert [f.code for f in helped.findings] == ["toml-syntax"]


def _started(monkeypatch: pytest.MonkeyPatch) -> list[pieces.Helper]:
    """The helpers `pieces.load` starts from now on."""
    started: list[pieces.Helper] = []
    original = pieces.Helper.start

    def start(text: str, spans: list[tuple[int, int]], job: pieces.Later | None = None,
              head: str | None = None, *, as_json: bool = False) -> pieces.Helper | None:
        helper = original(text, spans, job, head, as_json=as_json)
        if helper is not None:
            started.append(helper)
        return helper

    monkeypatch.setattr(pieces.Helper, "start", staticmethod(start))
    return started


def test_the_helper_is_waited_for_whatever_the_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    """After `load` returns, with data or giving up early (the first piece is not what pieces
    need: the helper is still parsing), no helper process is left behind."""
    started = _started(monkeypatch)
    fine = synthetic(3000, 3)
    early = 'projects = { a = { title = "a" } }\n' + fine.replace("[projects.", "[projects.q", 1)
    assert pieces.load(fine, 1000, parallel=True) is not None
    assert pieces.load(early, 1000, parallel=True) is None
    assert len(started) == 2
    # Ctrl-C, held back across the fork, is let through again
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())
    for helper in started:
        assert helper.stream.closed
        with pytest.raises(ChildProcessError):
            os.waitpid(helper.pid, os.WNOHANG)


def test_a_helper_that_stops_short_makes_load_give_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """A helper that dies (killed, out of memory) sends less than all pieces, or half a
    message: `load` gives up, and the reader parses the text whole."""
    text = synthetic(3000, 3)

    def cut_short(text: str, spans: list[tuple[int, int]], fd: int, job: Any = None,
                  asked: Any = None, head: str | None = None, *, as_json: bool = False) -> None:
        with os.fdopen(fd, "wb") as out:
            blob = marshal.dumps(rtoml.loads(head or text[slice(*spans[0])]))
            out.write(b"M" + len(blob).to_bytes(8, "little") + blob)
            out.write(b"M" + (1000).to_bytes(8, "little") + b"half")

    monkeypatch.setattr(pieces, "_send_pieces", cut_short)
    assert pieces.load(text, 1000, parallel=True) is None
    monkeypatch.setattr(pieces, "PARALLEL", True)
    monkeypatch.setattr(pieces, "PIECE_CHARACTERS", 1000)
    assert ordered(parse(text.encode()).data) == whole(text)


@pytest.mark.skipif(sys.platform != "linux", reason="pipe sizes are Linux's")
def test_the_helpers_pipe_holds_a_pieces_data() -> None:
    import fcntl

    read, write = os.pipe()
    try:
        before = fcntl.fcntl(write, fcntl.F_GETPIPE_SZ)
        pieces._widen(write)
        after = fcntl.fcntl(write, fcntl.F_GETPIPE_SZ)
    finally:
        os.close(read)
        os.close(write)
    maximum = int(Path("/proc/sys/fs/pipe-max-size").read_text(encoding="ascii"))
    if after != pieces.PIPE_BYTES:
        # refused (a lower limit, or a user's pipes already holding their allowance): the
        # pipe stays as it was, and egovplan works on with it
        assert after == before
        pytest.skip(f"this system refuses a pipe of {pieces.PIPE_BYTES} bytes (max {maximum})")
    with Path(os.devnull).open("rb") as not_a_pipe:
        pieces._widen(not_a_pipe.fileno())  # refused: nothing raised
    text = synthetic(6000, 1)
    piece = text[pieces._cuts(text, pieces.PIECE_CHARACTERS)[0]:][:pieces.PIECE_CHARACTERS]
    data = rtoml.loads(piece[:piece.rindex("\n[projects.")])
    assert len(marshal.dumps(data)) < pieces.PIPE_BYTES


def test_no_helper_is_forked_beside_threads() -> None:
    """Forking a process that runs threads could deadlock the helper: none is started."""
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert pieces.Helper.start("text", [(0, 4)]) is None
    finally:
        release.set()
        thread.join()


@pytest.mark.parametrize("parallel", [False, True])
def test_projects_validated_piece_by_piece_make_the_same_model(
        monkeypatch: pytest.MonkeyPatch, parallel: bool) -> None:
    """A large roadmap's projects validated as its pieces are parsed make the model (and the
    schedule) that validating the whole file makes."""
    from egovplan.analysis.report import schedule_report
    from egovplan.api import check_bytes
    from egovplan.render.schedule import to_json

    raw = synthetic(6000, 3).encode()
    monkeypatch.setattr(pieces, "PARALLEL", parallel)
    validated = parse(raw, validate=validate_projects)
    assert validated.projects is not None
    assert validated.data is not None
    assert list(validated.projects) == list(validated.data["projects"])
    in_pieces = check_bytes(raw)
    monkeypatch.setattr(pieces, "PIECE_CHARACTERS", 1 << 40)
    at_once = check_bytes(raw)
    assert in_pieces.roadmap is not None
    assert at_once.roadmap is not None
    assert in_pieces.roadmap == at_once.roadmap
    assert in_pieces.roadmap.model_fields_set == at_once.roadmap.model_fields_set
    assert to_json(schedule_report(in_pieces.roadmap)) == to_json(
        schedule_report(at_once.roadmap))


@pytest.mark.parametrize("parallel", [False, True])
def test_a_later_piece_with_schema_errors_is_reported_as_when_validated_whole(
        monkeypatch: pytest.MonkeyPatch, parallel: bool) -> None:
    """An invalid project in a later piece: piece by piece validation gives up, and the file's
    findings are the whole validation's, every one."""
    from egovplan.api import check_bytes

    text = synthetic(6000, 3)
    for number in (4000, 5500):
        table = text.index(f"[projects.p{number}]\n")
        text = text[:table] + text[table:].replace("duration = ", 'duratoin = "x"\nduration = ',
                                                   1)
    raw = text.encode()
    monkeypatch.setattr(pieces, "PARALLEL", parallel)
    assert parse(raw, validate=validate_projects).projects is None
    in_pieces = check_bytes(raw)
    monkeypatch.setattr(pieces, "PIECE_CHARACTERS", 1 << 40)
    at_once = check_bytes(raw)
    assert in_pieces.findings == at_once.findings
    assert [f.code for f in in_pieces.findings] == ["unknown-key", "unknown-key"]
    assert in_pieces.roadmap is None


def test_the_command_line_uses_the_helper_with_the_same_results(tmp_path: Path) -> None:
    """Through the real entry point (which allows the helper): a large valid roadmap's JSON
    schedule is the library's (no helper), byte for byte; a large file with schema errors in
    two later pieces gets the same findings as the library's whole validation."""
    from egovplan.analysis.report import schedule_report
    from egovplan.api import check_file
    from egovplan.render.schedule import to_json

    valid = tmp_path / "large.toml"
    text = synthetic(6000, 3)
    valid.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "egovplan"]
    ran = subprocess.run([*command, "schedule", "--format", "json", str(valid)],
                         capture_output=True, check=False)
    assert ran.returncode == 0, ran.stderr
    checked = check_file(valid)
    assert checked.roadmap is not None
    assert ran.stdout.decode() == to_json(schedule_report(checked.roadmap))

    invalid = tmp_path / "invalid.toml"
    for number in (3000, 5900):
        table = text.index(f"[projects.p{number}]\n")
        text = text[:table] + text[table:].replace("duration = ", "duration = -", 1)
    invalid.write_text(text, encoding="utf-8")
    ran = subprocess.run([*command, "validate", "--format", "json", str(invalid)],
                         capture_output=True, check=False)
    assert ran.returncode == 1
    found = [(f["code"], f["line"]) for f in json.loads(ran.stdout)["files"][0]["findings"]]
    expected = [(f.code, f.line) for f in check_file(invalid).findings]
    assert found == expected
    assert [code for code, _ in found] == ["invalid-duration", "invalid-duration"]


# -- the locator, piece by piece ----------------------------------------------------------------

def _same_positions(text: str, cuts: list[int]) -> None:
    """Every path the whole text's scan records (and paths just beside them: a child that
    is not there, a sibling that is not there) is found at the same place piece by piece."""
    from egovplan.loader.locator import Locator

    whole_text = Locator(text)
    scan = whole_text._scanned()
    paths = set(scan.keys) | set(scan.values)
    paths |= {(*path, "nowhere") for path in list(paths)}
    paths |= {(*path[:-1], "nowhere") for path in list(paths) if path}
    paths |= {("projects", "nowhere"), ("projects",), ("goals", "g", "measures"), (),
              ("projects", "z"), ("projects", "z", "title"), ("projects", "w")}  # in strings
    in_pieces = Locator(text, cuts)
    for path in sorted(paths, key=repr):
        for prefer_key in (False, True):
            assert in_pieces.nearest(path, prefer_key=prefer_key) == whole_text.nearest(
                path, prefer_key=prefer_key), (path, text)


@settings(max_examples=800, deadline=None)
@given(documents(), st.integers(1, 60))
def test_the_locator_finds_in_pieces_what_it_finds_in_the_whole(text: str, piece: int) -> None:
    parsed = pieces.load(text, piece)
    if parsed is not None:
        _same_positions(text, parsed.cuts)


def test_the_locator_scans_only_the_pieces_asked_about() -> None:
    """A finding about one project in a large roadmap scans its piece and the first, not the
    whole text; the positions are the whole scan's (also for roadmaps cut small)."""
    from egovplan.loader.locator import Locator

    text = synthetic(6000, 3)
    parsed = pieces.load(text, 200_000)
    assert parsed is not None
    assert len(parsed.cuts) > 4
    locator = Locator(text, parsed.cuts)
    last = ("projects", "p5999", "depends_on", 0)
    assert locator.nearest(last) == Locator(text).nearest(last)
    assert locator.nearest(("goals", "g1")) == Locator(text).nearest(("goals", "g1"))
    assert locator._scan is None
    assert sorted(locator._pieces) == [0, len(parsed.cuts)]
    for small in (synthetic(200, 5), (ROOT / "roadmaps" / "korea-egov.toml").read_text(
            encoding="utf-8")):
        cut_small = pieces.load(small, 300)
        assert cut_small is not None
        _same_positions(small, cut_small.cuts)


def test_a_line_that_only_looks_like_a_projects_header_does_not_mislead_the_locator() -> None:
    """A multi-line string in one piece holds a line `[projects.p9]`; p9's real table is in a
    later piece. Looked up where that line is, p9 is not there: it is found in the whole
    text's scan, at its real place."""
    from egovplan.loader.locator import Locator

    fake = '[projects.p1]\ntitle = "one"\nnote = """\n[projects.p9]\n"""\n'
    fillers = "".join(f'[projects.f{n}]\ntitle = "filler {n}"\n' for n in range(20))
    text = f"format = 1\n{fake}{fillers}[projects.p9]\ntitle = \"real\"\n"
    parsed = pieces.load(text, len(fake) + 20)
    assert parsed is not None
    assert parsed.data["projects"]["p9"] == {"title": "real"}
    real_line = text.count("\n", 0, text.rindex("title")) + 1
    located = Locator(text, parsed.cuts).nearest(("projects", "p9", "title"))
    assert located == Locator(text).nearest(("projects", "p9", "title"))
    assert located.line == real_line
    _same_positions(text, parsed.cuts)


# -- the helper's job, once its pieces are sent ----------------------------------------------


class Titles:
    """A job for the helper: kept and prepared, the titles of each piece's projects;
    finished, those titles joined with what it was asked with."""

    @staticmethod
    def keep(projects: dict[str, Any]) -> list[str]:
        return [project["title"] for project in projects.values()]

    @staticmethod
    def prepare(kept: list[str]) -> list[str]:
        return kept

    @staticmethod
    def finish(prepared: list[list[str]], asked: Any) -> bytes:
        return f"{asked}: {', '.join(title for piece in prepared for title in piece)}".encode()


def test_a_helper_with_a_job_keeps_what_it_needs_and_does_it_when_asked() -> None:
    text = synthetic(3000, 3)
    parsed = pieces.load(text, 20_000, validate=validate_projects, parallel=True,
                         later=Titles())
    assert parsed is not None
    assert parsed.helper is not None
    assert parsed.validated is not None
    ids = list(parsed.validated)
    # the helper parsed every piece, the first too: its job is about every project
    try:
        assert parsed.helper.ask(["asked", 1])
        assert not parsed.helper.ask("twice")  # one job
        answer = parsed.helper.answer()
    finally:
        parsed.helper.stop()
    titles = [parsed.validated[project_id].title for project_id in ids]
    assert answer == f"['asked', 1]: {', '.join(titles)}".encode()
    with pytest.raises(ChildProcessError):
        os.waitpid(parsed.helper.pid, os.WNOHANG)


def test_a_helper_not_asked_is_stopped_and_gives_no_answer() -> None:
    parsed = pieces.load(synthetic(3000, 3), 20_000, validate=validate_projects, parallel=True,
                         later=Titles())
    assert parsed is not None
    assert parsed.helper is not None
    assert not parsed.helper.ask([object()])  # nothing marshal cannot carry is sent …
    assert parsed.helper.answer() is None  # … and the helper, not asked, says it cannot
    parsed.helper.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(parsed.helper.pid, os.WNOHANG)


def test_a_job_that_raises_gives_no_answer() -> None:
    class Broken(Titles):
        @staticmethod
        def finish(prepared: list[list[str]], asked: Any) -> bytes:
            raise RuntimeError(asked)

    parsed = pieces.load(synthetic(3000, 3), 20_000, validate=validate_projects, parallel=True,
                         later=Broken())
    assert parsed is not None
    assert parsed.helper is not None
    try:
        assert parsed.helper.ask("x")
        assert parsed.helper.answer() is None
    finally:
        parsed.helper.stop()


def test_no_job_without_validation_for_invalid_pieces_or_past_the_size(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A job needs validated projects, and memory for them: no helper is kept when `load`
    validates nothing, when a piece is not valid (the file is reported whole), or past
    `LATER_CHARACTERS`; the helper is stopped then, as without a job."""
    started = _started(monkeypatch)
    text = synthetic(3000, 3)
    unvalidated = pieces.load(text, 20_000, parallel=True, later=Titles())
    assert unvalidated is not None
    assert unvalidated.helper is None
    invalid_text = text.replace("duration = ", "duration = -", 1000)
    invalid = pieces.load(invalid_text, 20_000, validate=validate_projects, parallel=True,
                          later=Titles())
    assert invalid is not None
    assert invalid.validated is None
    assert invalid.helper is None
    monkeypatch.setattr(pieces, "LATER_CHARACTERS", len(text) - 1)
    large = pieces.load(text, 20_000, validate=validate_projects, parallel=True,
                        later=Titles())
    assert large is not None
    assert large.helper is None
    assert [helper.job is None for helper in started] == [True, False, True]
    for helper in started:
        assert helper.stream.closed
        with pytest.raises(ChildProcessError):
            os.waitpid(helper.pid, os.WNOHANG)


# -- pieces sent as JSON ------------------------------------------------------------------------

#: Characters for titles and strings: any but the control characters (which TOML's basic
#: strings do not take raw) and surrogates (which no text holds).
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8) | st.sampled_from(
    ["null", ":null", "a,null", "[null]", "사업", "电子政务", "x\\u0000"])
def _basic_string(text: str) -> str:
    """`text` as a TOML basic string (JSON's escapes, but for characters past U+FFFF, which
    JSON writes as two escaped surrogates and TOML refuses: those are written as they are)."""
    return json.dumps(text, ensure_ascii=False)


SCALARS = st.one_of(
    st.integers(-(2**63), 2**63 - 1), st.floats(), st.booleans(), TEXT.map(_basic_string),
    st.sampled_from(["1999-01-01", "2026-12-01T10:00:00", "10:30:00", "nan", "-inf", "-0.0"]),
)


def _toml_value(value: Any) -> str:
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


VALUES = st.recursive(
    SCALARS.map(_toml_value),
    lambda inner: st.lists(inner, max_size=3).map(lambda items: f"[{', '.join(items)}]")
    | st.dictionaries(st.sampled_from(["k", "n", "v"]), inner, max_size=2).map(
        lambda table: "{ " + ", ".join(f"{k} = {v}" for k, v in table.items()) + " }"),
    max_leaves=6)


@st.composite
def json_roadmaps(draw: st.DrawFn) -> str:
    """Roadmaps whose projects hold every kind of TOML value: the ones JSON carries exactly,
    and the ones it does not (dates, times, NaN, ±inf), in titles, costs, uses, links and
    `x` tables; some projects not valid."""
    size = draw(st.integers(2, 24))
    broken = draw(st.booleans())  # values that validation refuses, now and then
    lines = ['format = 1\n[roadmap]\nid = "r"\ntitle = "R"\nstart = "2020-01"\n']
    for number in range(size):
        lines.append(f"[projects.p{number}]\ntitle = {_basic_string(draw(TEXT))}\n")
        durations = ["1", "0", "3", "12"] + (["2.0", "-1"] if broken else [])
        lines.append(f"duration = {draw(st.sampled_from(durations))}\n")
        amounts = st.integers(0, 9) | st.floats(0, 1e6)
        if draw(st.booleans()):
            cost = draw(amounts | st.floats() if broken else amounts)
            lines.append(f"cost = {_toml_value(cost)}\n")
        if draw(st.booleans()):
            amount = draw(amounts | VALUES) if broken else _toml_value(draw(amounts))
            lines.append(f"uses = {{ team = {_toml_value(amount)} }}\n")
        if number and draw(st.booleans()):
            pred = draw(st.integers(0, number - 1))
            lag = draw(st.sampled_from(["1", "-2", "0"] + (["1.5"] if broken else [])))
            lines.append(f'depends_on = ["p{pred}", {{ id = "p{pred}", lag = {lag}, '
                         f"x = {{ v = {draw(VALUES)} }} }}]\n")
        x = draw(st.sampled_from(["", "inline", "table"]))
        if x == "inline":
            lines.append(f"x = {{ v = {draw(VALUES)} }}\n")
        elif x == "table":
            lines.append(f"[projects.p{number}.x]\nw = {draw(VALUES)}\n")
    return "".join(lines)


@settings(max_examples=120, deadline=None)
@given(json_roadmaps(), st.integers(40, 400))
def test_pieces_sent_as_json_validate_to_the_same_projects(text: str, piece: int) -> None:
    """The helper sends the pieces after the first as JSON wherever JSON carries them
    exactly: validated from it, they make the same models (same types: `2.0` stays a float,
    `-0.0` its sign) as validating the parsed pieces; the data, once completed, is the one
    parse's; and a piece JSON cannot carry goes as before."""
    from egovplan.model.build import validate_projects_json

    alone = pieces.load(text, piece, validate=validate_projects)
    helped = pieces.load(text, piece, validate=validate_projects,
                         validate_json=validate_projects_json, parallel=True)
    assert (alone is None) == (helped is None)
    if alone is None or helped is None:
        return
    assert repr(helped.validated) == repr(alone.validated)
    if helped.complete is not None:
        assert helped.validated is not None  # an invalid piece's data is made at once
        helped.complete()
    assert repr(ordered(helped.data)) == repr(ordered(alone.data)) == repr(whole(text))


def test_json_carries_a_piece_only_where_it_reads_back_the_same() -> None:
    def piece(body: str) -> dict[str, Any]:
        return rtoml.loads(f"[projects.a]\ntitle = \"a\"\n{body}")

    exact = piece('x = { n = 1, f = 2.0, z = -0.0, s = "사업\\n", l = [1, "b", { k = true }] }')
    blob = pieces._json_of(exact)
    assert blob is not None
    assert repr(json.loads(blob)) == repr(exact["projects"])
    for inexact in ("x.when = 1999-01-01", "x.at = 10:30:00", "cost = nan", "x.l = [1, -inf]"):
        assert pieces._json_of(piece(inexact)) is None, inexact
    # "null" as a value never comes from TOML: a string that looks like it only costs JSON
    assert pieces._json_of(piece('agency = "x:null"')) is None
    assert pieces._json_of(piece('agency = "nullable"')) is not None
    assert pieces._json_of({"projects": {}, "goals": {}}) is None  # not what `load` takes


def test_an_invalid_header_beside_projects_sent_as_json_is_reported_as_when_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every piece's projects valid, the rest not: the whole file is validated (its projects
    sent as JSON made again as parsed first), with the findings of one parse."""
    from egovplan.api import check_bytes

    text = synthetic(6000, 3).replace('start = "', 'start = "0000-00', 1)
    monkeypatch.setattr(pieces, "PARALLEL", True)
    sent: list[bytes] = []
    original = pieces._Json.__init__

    def kept(self: Any, blob: bytes) -> None:
        sent.append(blob)
        original(self, blob)

    monkeypatch.setattr(pieces._Json, "__init__", kept)
    in_pieces = check_bytes(text.encode())
    assert sent  # the helper sent pieces as JSON
    monkeypatch.setattr(pieces, "PIECE_CHARACTERS", 1 << 40)
    at_once = check_bytes(text.encode())
    assert in_pieces.findings == at_once.findings
    assert in_pieces.findings
    assert in_pieces.roadmap is None
