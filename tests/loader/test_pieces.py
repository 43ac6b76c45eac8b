"""Parsing in pieces gives exactly the one parse's data, or gives up (then the text is parsed
whole): checked on random documents made of the very things that could make a piece mean
something else than it does in the whole file."""

from __future__ import annotations

import sys
from typing import Any

import pytest
import rtoml
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan.loader import pieces
from egovplan.loader.reader import parse

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
