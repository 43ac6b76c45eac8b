"""The locator maps key paths to the line and column where they are written."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan.loader.locator import Locator, Position, format_key_path

TEXT = textwrap.dedent('''\
    format = 1  # a comment
    [roadmap]
    id = "x"
    "quoted key" = 'v'
    [projects.b]
    title = """multi
    line ] } [ "
    """
    depends_on = ["a", { id = "c", type = "SS", lag = "-1q" },
       # a comment inside an array
       "d",]
    x.deep.key = [1, [2, 3]]
    when = 1979-05-27 07:32:00Z
    [goals.g.measures.1]
    title = '타이틀 ＝ "x"'
    note = "after wide text"
    [[arr]]
    a = 1
    [[arr]]
    a = 2
''')


@pytest.mark.parametrize(
    ("path", "key", "value"),
    [
        (("format",), (1, 1), (1, 10)),
        (("roadmap",), (2, 2), (2, 1)),
        (("roadmap", "id"), (3, 1), (3, 6)),
        (("roadmap", "quoted key"), (4, 1), (4, 16)),
        (("projects", "b"), (5, 11), (5, 1)),
        (("projects", "b", "title"), (6, 1), (6, 9)),
        (("projects", "b", "depends_on"), (9, 1), (9, 14)),
        (("projects", "b", "depends_on", 0), None, (9, 15)),
        (("projects", "b", "depends_on", 1), None, (9, 20)),
        (("projects", "b", "depends_on", 1, "type"), (9, 32), (9, 39)),
        (("projects", "b", "depends_on", 2), None, (11, 4)),
        (("projects", "b", "x", "deep", "key", 1, 0), None, (12, 19)),
        (("projects", "b", "when"), (13, 1), (13, 8)),
        (("goals", "g", "measures", "1"), (14, 19), (14, 1)),
        (("goals", "g", "measures", "1", "title"), (15, 1), (15, 9)),
        (("goals", "g", "measures", "1", "note"), (16, 1), (16, 8)),
        (("arr", 0, "a"), (18, 1), (18, 5)),
        (("arr", 1, "a"), (20, 1), (20, 5)),
    ],
)
def test_key_and_value_positions(path: tuple[str | int, ...], key: tuple[int, int] | None,
                                 value: tuple[int, int]) -> None:
    locator = Locator(TEXT)
    assert locator.key(path) == (None if key is None else Position(*key))
    assert locator.value(path) == Position(*value)


def test_nearest_falls_back_to_the_closest_ancestor() -> None:
    locator = Locator(TEXT)
    assert locator.nearest(("projects", "b", "depends_on", 0, "id")) == Position(9, 15)
    assert locator.nearest(("projects", "b", "missing")) == Position(5, 1)
    assert locator.nearest(("nowhere",)) == Position(1, 1)


def test_crlf_line_endings_count_lines_the_same() -> None:
    locator = Locator(TEXT.replace("\n", "\r\n"))
    assert locator.value(("roadmap", "id")) == Position(3, 6)


def test_deep_nesting_is_located_without_recursion() -> None:
    deep_array = Locator("a = " + "[" * 20_000 + "]" * 20_000)
    # the value of `a` (column 5) is level 1, so the value at level 101 is at column 105
    assert deep_array.first_deeper_than(100) == Position(1, 105)
    deep_keys = Locator("x." + ".".join(["k"] * 20_000) + " = 1")
    assert deep_keys.first_deeper_than(100).line == 1


def test_garbage_does_not_hang_or_raise() -> None:
    for text in ["[[[", "a = {", 'a = "unterminated', "= 1", "a.b. = ", "\x00\x01", "[a]]]"]:
        Locator(text).nearest(("a", "b"))


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (("projects", "b", "depends_on", 0, "id"), "projects.b.depends_on[0].id"),
        (("projects", "Bad Id"), 'projects."Bad Id"'),
        (("goals", "g", "measures", "1"), "goals.g.measures.1"),
    ],
)
def test_format_key_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_key_path(path) == text


@pytest.mark.parametrize(("text", "expected"), [
    ('[projects.a]\ntitle = "A"\nduration = 1\ntitle = "B"\n',
     "4:1: TOML syntax: projects.a.title is set twice, first on line 2: a key holds one value "
     "(remove one, or rename it)"),
    ('[projects.a]\ntitle = "A"\n[projects.b]\ntitle = "B"\n[projects.a]\nduration = 1\n',
     "5:11: TOML syntax: the table [projects.a] is written twice, first on line 1: write its "
     "keys under one header"),
    ("[t]\nx.y = 1\nx.z = 2\nx.y = 3\n",
     "4:3: TOML syntax: t.x.y is set twice, first on line 2: a key holds one value (remove one, "
     "or rename it)"),
    ("p = { a = 1, a = 2 }\n", "1:14: TOML syntax: duplicate key"),  # inline: rtoml's words
    # a table a dotted key made, opened again by a header (rtoml: "duplicate key", no line)
    ('[projects.a]\ntitle = "A"\nestimate.likely = 1\n[projects.a.estimate]\noptimistic = 1\n',
     "4:13: TOML syntax: the table [projects.a.estimate] was made by a dotted key on line 3, "
     "and a header cannot open it again: write its keys one way, all under the header or all "
     "as dotted keys"),
    ('[projects]\na.title = "A"\n[projects.a]\nduration = 1\n',
     "3:11: TOML syntax: the table [projects.a] was made by a dotted key on line 2, and a "
     "header cannot open it again: write its keys one way, all under the header or all as "
     "dotted keys"),
    ('roadmap.id = "t"\n[roadmap]\ntitle = "T"\n',
     "2:2: TOML syntax: the table [roadmap] was made by a dotted key on line 1, and a header "
     "cannot open it again: write its keys one way, all under the header or all as dotted "
     "keys"),
    # and the other way round: a dotted key adding to a table a header opened
    ('[projects.a.estimate]\nlikely = 1\n[projects.a]\ntitle = "A"\nestimate.optimistic = 1\n',
     "5:1: TOML syntax: the table [projects.a.estimate] has its header on line 1, and a "
     "dotted key outside it cannot add to it: write the key under that header"),
])
def test_a_duplicate_key_names_the_key_and_its_first_line(text: str, expected: str) -> None:
    from egovplan.loader.reader import parse

    (finding,) = parse(text.encode()).findings
    assert f"{finding.line}:{finding.column}: {finding.message}" == expected


def test_valid_toml_records_no_key_written_twice() -> None:
    """Dotted keys and headers that TOML allows together (a sub-table's header before its
    parent's; dotted keys extending their own table; arrays of tables) are not taken for
    keys written twice."""
    from egovplan.loader.locator import _Scan
    from tests.conftest import ROOT

    texts = [path.read_text(encoding="utf-8") for folder in ("roadmaps", "examples")
             for path in sorted((ROOT / folder).rglob("*.toml"))]
    texts.append('[a.b]\nx = 1\n[a]\ny.z = 1\ny.w = 2\n[a.c]\nv.u = 1\n[[r]]\nq.p = 1\n[[r]]\n'
                 'q.p = 2\n[r.s]\nt = 1\n')
    for text in texts:
        scan = _Scan(text)
        scan.run()
        assert scan.duplicates == [], text[:60]


def _state(text: str, *, plain_lines: bool) -> tuple[object, ...]:
    from egovplan.loader.locator import _Scan

    scan = _Scan(text, plain_lines=plain_lines)
    scan.run()
    return (scan.keys, scan.values, scan.duplicates, scan.deep_offsets, scan.max_depth,
            scan.arrays_of_tables)


def test_plain_lines_are_read_as_the_general_reader_reads_them() -> None:
    """The one-match reading of plain lines records exactly what the general reader does, on
    every TOML file of the repository (valid and invalid) and a generated roadmap."""
    from tests.conftest import ROOT

    texts = [path.read_bytes().decode("utf-8", "replace")
             for folder in ("roadmaps", "examples", "tests")
             for path in sorted((ROOT / folder).rglob("*.toml"))]
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import roadmap

    texts.append(roadmap(300, seed=3, estimates=True, resources=True))
    assert len(texts) > 100
    for text in texts:
        assert _state(text, plain_lines=True) == _state(text, plain_lines=False)


_KEYS = st.sampled_from(["a", "b", "title", "x-1", "2", '"q k"', "'lit'", "a.b", "a . c"])
_SCALARS = st.sampled_from([
    '"s"', '""', '"e\\"s#]"', "'l'", "''", "'''m'''", '"""m\nl"""', "1", "-2", "+3", "1_000",
    "1.5", "1e5", "-0.5E-3", "0x1F", "inf", "nan", "true", "false", "trueish", "1.5.3",
    "1979-05-27", "1979-05-27T07:32:00Z", "1979-05-27 07:32:00", "07:32:00", "2020-01-01T10:00x",
    '"a"x', "1#c", "[]", "[ ]", '["a"]', '["a", "b",]', '[ "a" , "b" ]', '["a",\n "b"]',
    '[1, "a"]', '[["a"]]', '{ id = "p" }', '{}', '["a" "b"]', '[,]', '"unterminated',
    '[{ id = "p" }, "q"]', '[{ id = "p", lag = -1 }, { id = "q", type = "FF", lag = 3 }, "r"]',
    '[{}]', '[ { } , "a" ]', '[{ a.b = 1 }]', '[{ id = "x = 1" }]', '[{ id = "p", }]',
    '[{ id = "p" } { id = "q" }]', '[{ a = 1, a = 2 }]', "[{ a = 'l', b = true }]",
    '[{ "q" = 1 }]', '[{ a = [1] }]', '[{ a = { b = 1 } }]', '[{ id = "p" },\n "q"]',
])
_GAPS = st.sampled_from(["", " ", "\t", "  "])
_ENDS = st.sampled_from(["\n", "\r\n", " # c\n", "\t#c\n", "", "x\n", " ,\n"])
_LINES = st.one_of(
    st.builds(lambda k, g1, g2, v, e: f"{k}{g1}={g2}{v}{e}", _KEYS, _GAPS, _GAPS, _SCALARS,
              _ENDS),
    st.builds(lambda k, e: f"[{k}]{e}", st.sampled_from(["t", "t.u", "projects.p", "t"]),
              _ENDS),
    st.builds(lambda k, e: f"[[{k}]]{e}", st.sampled_from(["arr", "arr.sub"]), _ENDS),
    st.sampled_from(["\n", "# comment\n", "  \n", "= 1\n", "]\n"]),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_LINES, max_size=12))
def test_plain_lines_agree_with_the_general_reader_on_any_lines(lines: list[str]) -> None:
    """Lines of every kind, TOML or not quite: both readings record the same."""
    text = "".join(lines)
    assert _state(text, plain_lines=True) == _state(text, plain_lines=False)


def test_a_quoted_key_with_a_hex_escape_is_found() -> None:
    """TOML 1.1's `\\xHH` escape (which the parser accepts) names the key it spells: findings
    under `projects."\\x61"` were put on the first project's header instead."""
    locator = Locator('[projects.b]\ntitle = "b"\n[projects."\\x61"]\n"\\x7a" = 1\n')
    assert locator.nearest(("projects", "a", "z"), prefer_key=True) == Position(4, 1)
    assert locator.nearest(("projects", "a")) == Position(3, 1)
