"""Messages a planner reads: what is wrong, where, and what was probably meant."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egovplan import api
from tests.helpers import HEADER


def messages(body: str) -> list[str]:
    checked = api.check_bytes((HEADER + body).encode())
    return [f"{f.code}: {f.message}" for f in checked.findings]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[projects.a]\ntitle = "A"\nduration = 1\nfinsh_by = "2000-01"\n',
         "unknown-key: unknown key 'finsh_by' in projects.a; did you mean 'finish_by'?"),
        ('[projects.a]\ntitle = "A"\nduration = 1\n[projects.b]\ntitle = "B"\nduration = 1\n'
         'depends_on = [{ id = "a", typ = "SS" }]\n',
         "unknown-key: unknown key 'typ' in projects.b.depends_on[0]; did you mean 'type'?"),
        ('[projects.a]\ntitle = "A"\nduration = 1\n[projects.b]\ntitle = "B"\nduration = 1\n'
         'depends_on = [{ id = "a", type = "fs" }]\n',
         "invalid-value: projects.b.depends_on[0].type must be 'FS', 'SS', 'FF' or 'SF', "
         "not 'fs'; did you mean 'FS'?"),
        ('[projects.a]\ntitle = "A"\nduration = 1\n[projects.b]\ntitle = "B"\nduration = 1\n'
         'depends_on = [{ id = "a", lag = "2w" }]\n',
         "invalid-duration: projects.b.depends_on[0].lag: '2w' is not a lag: write whole months "
         "(2, -3) or a string such as \"2m\", \"-1q\", \"1y\""),
        ('[projects.a]\ntitle = "A"\nduration = -1\n',
         "invalid-duration: projects.a.duration: a duration cannot be negative (-1 month); only "
         "a lag may be (a lead)"),
        ('[projects.land-registry]\ntitle = "A"\nduration = 1\ndepends_on = ["land-survey"]\n',
         "unknown-project: unknown project 'land-survey' in the dependencies of 'land-registry'"),
        ('[projects.a]\ntitle = "A"\nduration = 1\nkind = "Support"\n',
         "invalid-value: projects.a.kind must be 'priority' or 'support', not 'Support'; "
         "did you mean 'support'?"),
        ('[projects.a]\ntitle = "A"\nduration = 1\ncost = inf\n',
         "invalid-value: projects.a.cost must be a finite number, not infinity"),
        # the string as written, not only its type
        ('[projects.a]\ntitle = "A"\nduration = 1\ncost = "250억"\n',
         "invalid-type: projects.a.cost must be a number, not the string '250억'"),
    ],
)
def test_message(body: str, expected: str) -> None:
    assert expected in messages(body)


def test_format_must_be_the_integer_one() -> None:
    found = api.check_bytes(b'format = "1"\n[roadmap]\nid = "a"\ntitle = "A"\nstart = "2000-01"\n')
    assert [(f.code, f.message) for f in found.findings] == [
        ("invalid-type", "format must be the integer 1, not the string '1'")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a final newline is not the end of the value ($ alone would let it through)
        ('[projects."a\\n"]\ntitle = "A"\nduration = 1\n',
         "invalid-id: projects.\"a\\u000a\": 'a\\n' is not a valid id"),
        ('[projects.a]\ntitle = "A"\nduration = "12m\\n"\n',
         "invalid-duration: projects.a.duration: '12m\\n' is not a duration"),
        ('[projects.a]\ntitle = "A"\nduration = 1\nnot_before = "2001-01\\n"\n',
         "invalid-month: projects.a.not_before: '2001-01\\n' is not a month"),
        # digits are ASCII digits, as the JSON Schema says
        ('[projects.a]\ntitle = "A"\nduration = 1\nnot_before = "２００１-０１"\n',
         "invalid-month: projects.a.not_before: '２００１-０１' is not a month"),
        ('[projects.a]\ntitle = "A"\nduration = "١٢m"\n',
         "invalid-duration: projects.a.duration: '١٢m' is not a duration"),
        # a control character is shown escaped, not as a line break or a blank
        ('[projects.a]\ntitle = "A"\nduration = "1\\tm"\n',
         "invalid-duration: projects.a.duration: '1\\tm' is not a duration"),
        ('[projects.a]\ntitle = "A"\nduration = 1\nphase = "p\\n"\n',
         "unknown-phase: unknown phase 'p\\n' for project 'a'"),
        ('[projects.a]\ntitle = "A"\nduration = 1\ndepends_on = ["b\\tx"]\n',
         "unknown-project: unknown project 'b\\tx' in the dependencies of 'a'"),
    ],
)
def test_values_are_matched_whole_and_in_ascii(body: str, expected: str) -> None:
    assert any(message.startswith(expected) for message in messages(body)), messages(body)


def test_an_unknown_measure_message_quotes_its_parts_clipped() -> None:
    """Every part of an unknown-measure message is clipped as the first is (a 100,000-
    character goal id was quoted whole after "there is no goal"), and a goal's measures are
    listed up to twenty."""
    goal, number = "g" * 100_000, "1" * 100_000
    measures = "".join(f'[goals.g.measures.{n}]\ntitle = "M"\n' for n in range(1, 31))
    found = messages('[goals.g]\ntitle = "G"\n' + measures
                     + f'[projects.a]\ntitle = "A"\nduration = 1\n'
                       f'serves = ["{goal}.1", "g.{number}"]\n')
    assert all(len(message) < 600 for message in found)
    assert found[0].endswith("there is no goal '" + "g" * 60 + "… (100,000 characters)'")
    assert found[1].endswith(", 20, … (30 in all))")


@pytest.mark.parametrize(("value", "said"), [
    ("1.0", "the number 1.0"), ("true", "a boolean"), ("{ a = 1 }", "a table"),
    ("[1]", "an array"), ("1979-05-27", "a TOML date or time"), ("10:00:00", "a TOML date or time"),
])
def test_a_wrong_type_is_said_in_toml_words(value: str, said: str) -> None:
    """Not Python's type names (`float`, `time`, `dict` were shown)."""
    text = f'format = {value}\n[roadmap]\nid = "r"\ntitle = 10:00:00\nstart = "2020-01"\n'
    found = [f.message for f in api.check_bytes(text.encode()).findings]
    assert f"format must be the integer 1, not {said}" in found
    assert ("roadmap.title must be a string, not a TOML date or time (write months as a "
            "string \"YYYY-MM\")") in found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the two slips a planner new to TOML makes most, each with what to write instead
        ('[projects.a]\ntitle = "A"\nduration = 1\nnot_before = 2025-01\n',
         'toml-syntax: TOML syntax: invalid date, expected `-` (MM-DD); a month is a string: '
         'write not_before = "2025-01"'),
        ('[projects.a]\ntitle = "A"\nduration = 1\nfinish_by = 2026-3  # the deadline\n',
         'toml-syntax: TOML syntax: invalid date, expected `-` (MM-DD); a month is a string: '
         'write finish_by = "2026-03"'),
        ('[projects.클라우드]\ntitle = "A"\nduration = 1\n',
         "toml-syntax: TOML syntax: invalid unquoted key, expected letters, numbers, `-`, `_`; "
         "a bare key takes ASCII letters, digits, '-' and '_': an id such as 'keullaudeu' (the "
         "name '클라우드' goes in its title)"),
        ('[projects.a]\ntitle = "A"\nduration = 1\n[projects.电子政务]\ntitle = "B"\n',
         "toml-syntax: TOML syntax: invalid unquoted key, expected letters, numbers, `-`, `_`; "
         "a bare key takes ASCII letters, digits, '-' and '_': give it an id of those, and the "
         "name in its title"),
        # quoted, the key parses: the id is what is wrong, with the id it makes
        ('[projects."클라우드"]\ntitle = "A"\nduration = 1\n',
         "invalid-id: projects.\"클라우드\": '클라우드' is not a valid id: use lowercase letters, "
         "digits, '.', '_' and '-', starting with a letter or digit; did you mean 'keullaudeu'?"),
        ('[projects."Land Registry"]\ntitle = "A"\nduration = 1\n',
         "invalid-id: projects.\"Land Registry\": 'Land Registry' is not a valid id: use "
         "lowercase letters, digits, '.', '_' and '-', starting with a letter or digit; did you "
         "mean 'land-registry'?"),
    ],
)
def test_what_to_write_instead(body: str, expected: str) -> None:
    assert messages(body) == [expected]


def test_a_date_that_is_no_bare_month_gets_no_hint() -> None:
    found = messages('[projects.a]\ntitle = "A"\nduration = 1\nnot_before = 2025-01-01x\n')
    assert len(found) == 1
    assert found[0].startswith("toml-syntax: ")
    assert "a month is a string" not in found[0]


@pytest.mark.parametrize(("body", "hinted", "unhinted"), [
    # a field name in Korean is not an id: no "an id such as" (it said 'jemok')
    ('[projects.a]\n제목 = "A"\n', "", "an id such as"),
    # a month that is no month is not written back as one
    ('[projects.a]\ntitle = "A"\nduration = 1\nnot_before = 2025-13\n',
     'a month is a string "YYYY-MM" (months 01 to 12)', 'write not_before = "2025-13"'),
])
def test_hints_only_where_they_help(body: str, hinted: str, unhinted: str) -> None:
    found = messages(body)
    assert len(found) == 1
    assert found[0].startswith("toml-syntax: ")
    assert hinted in found[0]
    assert unhinted not in found[0]


def test_an_id_in_capitals_suggests_itself_lowercased() -> None:
    """`Stage.1` is `stage.1` lowercased, a slug: `stage-1` would be another id."""
    found = messages('[projects."Stage.1"]\ntitle = "A"\nduration = 1\n')
    assert found == ["invalid-id: projects.\"Stage.1\": 'Stage.1' is not a valid id: use "
                     "lowercase letters, digits, '.', '_' and '-', starting with a letter or "
                     "digit; did you mean 'stage.1'?"]


def test_an_invalid_id_is_never_told_to_become_a_taken_one() -> None:
    """`Land Registry` beside `land-registry` would make a duplicate if renamed as first
    suggested; two invalid keys making the same id are told two different ones."""
    found = messages('[projects.land-registry]\ntitle = "A"\nduration = 1\n'
                     '[projects."Land Registry"]\ntitle = "B"\nduration = 1\n'
                     '[projects."land registry"]\ntitle = "C"\nduration = 1\n'
                     '[projects.land-registry-2]\ntitle = "D"\nduration = 1\n')
    hints = [message.rsplit("; ", 1)[-1] for message in found]
    assert hints == ["did you mean 'land-registry-3'?", "did you mean 'land-registry-4'?"]
    assert all(message.startswith("invalid-id: ") for message in found)


def test_a_long_id_is_cut_in_every_message() -> None:
    """A message quotes at most 80 characters of a key or value (docs/validation.md), ids
    included: a 3,000-character id gave lines of 3,000 to 6,000 characters."""
    long = "p" * 3000
    found = messages(f'[projects.{long}]\ntitle = "A"\nduration = 1\nkind = "x"\n'
                     f'depends_on = ["{long}"]\n')
    codes = sorted(message.split(":", 1)[0] for message in found)
    assert codes == ["invalid-value", "self-dependency"]
    assert all(len(message) < 300 for message in found), [len(m) for m in found]
    assert all("(3,000 characters)" in message for message in found)
    cycle = messages(f'[projects.{long}]\ntitle = "A"\nduration = 1\ndepends_on = ["b"]\n'
                     f'[projects.b]\ntitle = "B"\nduration = 1\ndepends_on = ["{long}"]\n')
    assert [message.split(":", 1)[0] for message in cycle] == ["dependency-cycle"]
    assert len(cycle[0]) < 400


def test_a_number_too_small_to_hold_is_quoted_as_written() -> None:
    """`capacity = 1e-400` reads as 0.0: the message said "not 0.0", a value never written."""
    found = messages('[resources.r]\ntitle = "R"\ncapacity = 1e-400\n'
                     '[resources.s]\ntitle = "S"\ncapacity = 0.0\n'
                     '[projects.a]\ntitle = "A"\nduration = 1\nuses = { r = 1, s = 1 }\n')
    assert found == [
        "invalid-value: resources.r.capacity must be more than 0, not 1e-400, a number too "
        "small to hold: it reads as 0",
        "invalid-value: resources.s.capacity must be more than 0, not 0.0"]


def test_many_keys_making_one_id_are_told_distinct_ids() -> None:
    """400 keys that all make `x` (`X!#`, `X!$` …): `x`, `x-2` … `x-400`, each once (numbered
    in one pass: it had tried every number again for each key)."""
    import itertools

    marks = "!#$%&()*+,:;<=>?@^`|~"
    keys = ["X" + a + b for a, b in itertools.product(marks, repeat=2)][:400]
    found = messages("".join(f'[projects."{key}"]\ntitle = "A"\nduration = 1\n'
                             for key in keys))
    hints = [message.rsplit("did you mean ", 1)[-1] for message in found]
    assert sorted(hints) == sorted(["'x'?"] + [f"'x-{n}'?" for n in range(2, 401)])


def test_a_title_written_where_an_id_belongs_suggests_that_id() -> None:
    """A planner writes the title of a project (phase, domain, resource, measure) where its id
    belongs; the message names the id with that title, compared without case, width or
    runs of spaces, and says so when the title is the project's own."""
    found = messages(
        '[goals.g]\ntitle = "G"\n[goals.g.measures.1]\ntitle = "전자정부 확대"\n'
        '[phases.p1]\ntitle = "기반 구축"\nstart = "2000-01"\nend = "2001-12"\n'
        '[domains]\nadmin = "행정 전산망"\n'
        '[resources.team]\ntitle = "Core Team"\ncapacity = 2\n'
        '[projects.resident-registration]\ntitle = "주민등록 전산화"\nduration = 3\n'
        '[projects.land-registry]\ntitle = "Land Registry Online"\nduration = 2\n'
        'depends_on = ["주민등록  전산화", "ＬＡＮＤ registry online"]\n'
        'serves = ["전자정부 확대"]\nphase = "기반 구축"\ndomains = ["행정 전산망"]\n'
        'uses = { "core team" = 1 }\n')
    assert found == [
        "unknown-project: unknown project '주민등록  전산화' in the dependencies of "
        "'land-registry'; did you mean 'resident-registration'? that is its title, not its id",
        "unknown-project: unknown project 'ＬＡＮＤ registry online' in the dependencies of "
        "'land-registry'; that is the title of 'land-registry' itself",
        "unknown-measure: unknown measure '전자정부 확대' served by 'land-registry': a measure "
        "reference is \"<goal>.<measure>\", e.g. \"services.1\"; did you mean 'g.1'? that is "
        "its title, not its id",
        "unknown-phase: unknown phase '기반 구축' for project 'land-registry'; did you mean "
        "'p1'? that is its title, not its id",
        "unknown-domain: unknown domain '행정 전산망' for project 'land-registry'; did you "
        "mean 'admin'? that is its title, not its id",
        "unknown-resource: unknown resource 'core team' used by project 'land-registry'; did "
        "you mean 'team'? that is its title, not its id",
    ], found


def test_a_title_two_projects_share_suggests_neither() -> None:
    found = messages('[projects.a]\ntitle = "Same"\nduration = 1\n'
                     '[projects.b]\ntitle = "Same"\nduration = 1\n'
                     '[projects.c]\ntitle = "C"\nduration = 1\ndepends_on = ["same"]\n')
    assert found == ["unknown-project: unknown project 'same' in the dependencies of 'c'"]


def test_a_reference_to_what_an_invalid_id_is_fixed_to_is_not_also_unknown() -> None:
    """`[projects.Cloud]` is an invalid id (did you mean 'cloud'?); a `depends_on` naming
    `cloud` is right once that is fixed, and was reported as unknown besides, tempting the
    planner to "fix" it to `Cloud`. A reference that matches nothing is still reported."""
    found = messages('[phases."Phase 1"]\nstart = "2000-01"\nend = "2000-12"\n'
                     '[projects.Cloud]\ntitle = "A"\nduration = 1\n'
                     '[projects."클라우드"]\ntitle = "B"\nduration = 1\n'
                     '[projects.b]\ntitle = "C"\nduration = 1\n'
                     'depends_on = ["cloud", "keullaudeu", "clowd"]\nphase = "phase-1"\n')
    assert [message.split(":")[0] for message in found] == [
        "invalid-id", "invalid-id", "invalid-id", "unknown-project"]
    assert found[-1] == "unknown-project: unknown project 'clowd' in the dependencies of 'b'"
    # an id the error numbers (its plain form taken) is the one not reported
    numbered = messages('[projects."Land Registry"]\ntitle = "L"\nduration = 1\n'
                        '[projects.land-registry]\ntitle = "R"\nduration = 1\n'
                        '[projects.b]\ntitle = "B"\nduration = 1\n'
                        'depends_on = ["land-registry-2"]\n')
    assert len(numbered) == 1
    assert numbered[0].endswith("did you mean 'land-registry-2'?")


def test_a_measure_reference_to_what_invalid_goal_and_measure_ids_are_fixed_to() -> None:
    """The same for measures: `[goals.Digital-Gov.measures.A1]` holds two invalid ids (did
    you mean 'digital-gov', 'a1'?); a project serving "digital-gov.a1" is right once both
    are fixed, and was also reported as serving an unknown measure of a goal that does not
    exist. Either form of either part is taken; a measure nothing writes is still reported."""
    body = ('[goals.Digital-Gov]\ntitle = "G"\n[goals.Digital-Gov.measures.A1]\ntitle = "M"\n'
            '[projects.p]\ntitle = "P"\nduration = 1\nserves = [{}]\n')
    for served in ('"digital-gov.a1"', '"Digital-Gov.a1"', '"digital-gov.A1"'):
        assert [message.split(":")[0] for message in messages(body.format(served))] == [
            "invalid-id", "invalid-id"], served
    found = messages(body.format('"digital-gov.a2"'))
    assert found[-1].startswith("unknown-measure: unknown measure 'digital-gov.a2'")
    assert len(found) == 3

@pytest.mark.parametrize(("line", "expected"), [
    ('not_before = "２００１－０１"', 'did you mean "2001-01"?'),
    ('not_before = "2001-1"', 'did you mean "2001-01"?'),
    ('not_before = "2001/01"', 'did you mean "2001-01"?'),
    ('not_before = "2001-01-15"', 'did you mean "2001-01"?'),
    ('not_before = "2001년 3월"', 'did you mean "2001-03"?'),
    ('not_before = "2001年3月"', 'did you mean "2001-03"?'),
    ("not_before = 200103", 'did you mean "2001-03"?'),
    ('not_before = "2001-13"', None),
    ('cost = 1\nfinish_by = "1.1.2001"', None),
    ('duration = "18개월"', 'did you mean "18m"?'),
    ('duration = "6个月"', 'did you mean "6m"?'),
    ('duration = "3년"', 'did you mean "3y"?'),
    ('duration = "18M"', 'did you mean "18m"?'),
    ('duration = "18 m"', 'did you mean "18m"?'),
    ('duration = "18"', "did you mean 18?"),
    ('duration = "1.5y"', 'did you mean "18m"?'),
    ('duration = "1y6m"', 'did you mean "18m"?'),
    ('duration = "１２m"', 'did you mean "12m"?'),
    ('duration = "1.5m"', None),
    ('duration = "3 weeks"', None),
    ('depends_on = [{ id = "b", lag = "-1 분기" }]', 'did you mean "-1q"?'),
])
def test_a_month_or_duration_written_otherwise_is_told_how_to_write_it(
        line: str, expected: str | None) -> None:
    """Months and durations as planners type them (an IME's full-width digits, Korean and
    Chinese units, a date for a month) are told the format's spelling; what does not read
    as one (a 13th month, fractions of a month, weeks) gets no guess."""
    key = line.split(" ")[0]
    body = ('[projects.b]\ntitle = "B"\nduration = 1\n[projects.a]\ntitle = "A"\n'
            + ("" if key == "duration" else "duration = 1\n") + line + "\n")
    found = messages(body)
    assert len(found) == 1, found
    if expected is None:
        assert "did you mean" not in found[0], found
    else:
        assert found[0].endswith("; " + expected), found


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=12),
       st.sampled_from(["{y}-{m}", "{y}/{m:02d}", "{y}.{m}", "{y}-{m:02d}-01", "{y}년 {m}월",
                        "{y}年{m}月", "{y}{m:02d}", " {y}-{m:02d} "]),
       st.booleans())
def test_every_month_written_otherwise_reads_back_as_itself(year: int, month: int,
                                                            spelling: str,
                                                            wide: bool) -> None:
    from egovplan.model.types import format_month, month_meant, parse_month

    written = spelling.format(y=f"{year:04d}", m=month)
    if wide:  # as an IME types it
        written = "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" or c == "-" else c
                          for c in written)
    canonical = format_month(year * 12 + month - 1)
    assert month_meant(written) == (None if written == canonical else canonical)
    assert parse_month(canonical) == year * 12 + month - 1


@given(st.integers(min_value=0, max_value=999), st.sampled_from(
    ["개월", "个月", "months", "M", "년", "年", "Y", "yrs", "분기", "季度", "Q"]),
       st.sampled_from(["", " "]), st.booleans(), st.booleans())
def test_every_duration_written_otherwise_reads_back_as_its_months(
        number: int, word: str, space: str, wide: bool, lag: bool) -> None:
    from egovplan.model.types import duration_meant, parse_duration, parse_lag

    factor = {"개월": 1, "个月": 1, "months": 1, "M": 1, "년": 12, "年": 12, "Y": 12,
              "yrs": 12, "분기": 3, "季度": 3, "Q": 3}[word]
    digits = str(number)
    if wide:
        digits = "".join(chr(ord(c) + 0xFEE0) for c in digits)
    meant = duration_meant(f"{digits}{space}{word}", allow_negative=lag)
    assert meant is not None
    assert meant.startswith('"')
    parse = parse_lag if lag else parse_duration
    assert parse(meant.strip('"')) == number * factor


def test_months_written_bare_are_all_found_with_what_follows_them() -> None:
    """Each bare month is read past as meant: the schema's errors and the checks' after them
    come in the same run; a syntax error of another kind after one is found too, at its own
    column on a line whose month was quoted."""
    found = messages('[projects.a]\ntitle = "A"\nduration = "2 years"\nnot_before = 2001-03\n'
                     'finish_by = 2001-1  # deadline\ndepends_on = ["zz"]\n')
    assert [message.split(":")[0] for message in found] == [
        "invalid-duration", "toml-syntax", "toml-syntax", "unknown-project"]
    assert found[2].endswith('write finish_by = "2001-01"')
    checked = api.check_bytes((HEADER + '[projects.a]\ntitle = "A"\nduration = 1\n'
                               'not_before = 2001-03 x\nfinish_by = 2001-13\n').encode())
    assert [(f.line, f.column, f.code) for f in checked.findings] == [(9, 14, "toml-syntax")]
    checked = api.check_bytes((HEADER + '[projects.a]\ntitle = "A"\nduration = 1\n'
                               'not_before = 2001-03 # c\n[projects.b]\ntitle = 5 5\n').encode())
    assert [(f.line, f.column, f.code) for f in checked.findings] == [
        (9, 14, "toml-syntax"), (11, 9, "toml-syntax")]


@pytest.mark.parametrize(("encoding", "expected"), [
    ("cp949", 'it may be cp949 (Korean: title = "전자정부 로드맵")'),
    ("gb18030", 'it may be gb18030 (Chinese, simplified: title = "电子政务路线图")'),
    ("big5", 'it may be big5 (Chinese, traditional: title = "電子政府路線圖，數位治理")'),
    ("utf-16", "it is UTF-16 (its byte-order mark says so); save the file as UTF-8"),
    ("utf-16-le", "it is UTF-16 (every other byte is 0); save the file as UTF-8"),
    ("utf-32-le", "it is UTF-32, or not a text file at all (most of its bytes are 0)"),
    ("latin-1", 'it may be cp1252 (Western European: title = "Gouvernement électronique")'),
])
def test_a_file_not_in_utf8_is_told_what_it_may_be(encoding: str, expected: str) -> None:
    """An editor on a Korean or Chinese Windows saves in the system's code page; what the
    file reads as in each that fits is shown, so that the planner sees which is right."""
    title = {"cp949": "전자정부 로드맵", "gb18030": "电子政务路线图",
             "big5": "電子政府路線圖，數位治理",  # its second bytes often ASCII: not Western
             "latin-1": "Gouvernement électronique"}.get(encoding, "전자정부 로드맵")
    text = HEADER.replace('title = "Test"', f'title = "{title}"')
    findings = api.check_bytes(text.encode(encoding)).findings
    assert len(findings) == 1
    assert findings[0].code == "encoding"
    assert expected in findings[0].message, findings[0].message
    if encoding.startswith("utf-"):
        assert (findings[0].line, findings[0].column) == (1, 1)


@pytest.mark.parametrize(("line", "column", "hint"), [
    ("［projects.app］", 1, "'［' (U+FF3B) is not TOML's: write '['"),
    ("【projects.app】", 1, "'【' (U+3010) is not TOML's: write '['"),
    ("cost ＝ 12", 6, "'＝' (U+FF1D) is not TOML's: write '='"),
    ("agency = “政务云”", 10, "'“' (U+201C) is not TOML's: write '\"'"),
    ("agency = 「乙」", 10, "'「' (U+300C) is not TOML's: write '\"'"),
    ("cost = １２", 8, "'１' (U+FF11) is not TOML's: write '1'"),
    ('domains = ["a"，"b"]', 15, "'，' (U+FF0C) is not TOML's: write ','"),
    ("cost\u3000= 12", 5, "the ideographic space (U+3000) is not TOML's: write a space"),
    ('agency = "a，\\"b" x', None, None),  # inside a string (an escaped quote too): no hint
    ("agency = 5 5 ＃ x", None, None),  # after where the parser stopped: not the cause
])
def test_punctuation_an_ime_typed_is_named(line: str, column: int | None,
                                           hint: str | None) -> None:
    """An IME's full-width or typographic punctuation got the parser's words alone, at a
    column sometimes past the end of the line; the character is now named, with what TOML
    takes, and pointed at."""
    checked = api.check_bytes((HEADER + '[projects.a]\ntitle = "A"\nduration = 1\n' + line
                               + "\n").encode())
    [finding] = checked.findings
    assert finding.code == "toml-syntax"
    assert finding.line == 9
    if hint is None:
        assert "is not TOML's" not in finding.message
    else:
        assert finding.message.endswith("; " + hint), finding.message
        assert finding.column == column


def test_a_key_written_under_a_later_header_is_told_where_it_belongs() -> None:
    """`duration` after `[projects.a.estimate]` belongs to the estimate (TOML's rule), which
    gave two errors that did not say why; the unknown key now says where it belongs."""
    text = ('[roadmap]\nid = "t"\ntitle = "T"\nstart = "2000-01"\nformat = 1\n'
            '[projects.a]\ntitle = "A"\n[projects.a.estimate]\noptimistic = 1\nlikely = 2\n'
            'pessimistic = 3\nduration = 2\nlikley = 2\n'
            '[projects.b]\ntitle = "B"\nduration = 1\nestimate = { optimistic = 1, likely = 1, '
            'pessimistic = 1, kind = "support" }\n')
    found = [f"{f.line}: {f.message}" for f in api.check_bytes(text.encode()).findings]
    assert found == [
        "1: the top level is missing the required key 'format'",
        "5: unknown key 'format' in roadmap: a key written under the [roadmap] header (line 1) "
        "belongs to that table, and 'format' is a key of the top level: write it above that "
        "header",
        "6: projects.a is missing the required key 'duration'",
        "12: unknown key 'duration' in projects.a.estimate: a key written under the "
        "[projects.a.estimate] header (line 8) belongs to that table, and 'duration' is a key "
        "of projects.a: write it above that header",
        "13: unknown key 'likley' in projects.a.estimate; did you mean 'likely'?",
        # an inline table has no header: the usual message
        "17: unknown key 'kind' in projects.b.estimate; allowed here: optimistic, likely, "
        "pessimistic (and an 'x' table for your own data)",
    ], found


@pytest.mark.parametrize(("kind", "hint"), [
    ("우선", "; did you mean 'priority'?"), ("지원", "; did you mean 'support'?"),
    ("优先", "; did you mean 'priority'?"), ("重点支持", "; did you mean 'support'?"),
    ("Milestone", "; a milestone is a project of duration = 0, of either kind"),
    ("priorty", "; did you mean 'priority'?"),
])
def test_a_kind_in_korean_or_chinese_is_told_the_kind(kind: str, hint: str) -> None:
    """The seed strategy's own words (优先, 重点支持), as `import` reads them."""
    found = messages(f'[projects.a]\ntitle = "A"\nduration = 1\nkind = "{kind}"\n')
    assert found == [f"invalid-value: projects.a.kind must be 'priority' or 'support', not "
                     f"'{kind}'{hint}"]


def test_a_dependency_naming_another_kind_of_entry_says_where_it_belongs() -> None:
    found = messages(
        '[domains]\nwelfare = "복지"\n[resources.staff]\ncapacity = 1\n'
        '[phases.p1]\nstart = "2000-01"\nend = "2000-12"\n'
        '[goals.service]\ntitle = "S"\n[goals.service.measures.1]\ntitle = "M"\n'
        '[projects.a]\ntitle = "A"\nduration = 1\n'
        'depends_on = ["service.1", "p1", "welfare", "staff"]\n')
    assert [message.split("; ", 1)[1] for message in found] == [
        "'service.1' is a measure: a project serving it says `serves = [\"service.1\"]`",
        "'p1' is a phase: a project in it says `phase = \"p1\"`",
        "'welfare' is a domain: a project in it says `domains = [\"welfare\"]`",
        "'staff' is a resource: a project using it says `uses = { staff = 1 }`",
    ]


def test_slips_are_read_past_only_where_the_error_is_theirs() -> None:
    """From a review: a month key's bare month only (`duration = 2025-01` is no month meant,
    and its quoting made a second, contradicting finding); an error the parser gives first
    on a slip's line, or one the mending made, is not repeated at a shifted column."""
    def found(body: str) -> list[tuple[int | None, int | None, str]]:
        return [(f.line, f.column, f.message) for f in api.check_bytes(body.encode()).findings]

    header = 'format = 1\n[roadmap]\nid = "r"\ntitle = "R"\n'
    assert found(header + 'start = "2025-01"\n[projects.a]\ntitle = "A"\nduration = 2025-01\n'
                 'cost = 2025-02\n') == [(8, 12, "TOML syntax: invalid date, expected `-` "
                                               "(MM-DD)")]
    assert [line for line, _, _ in found(header + 'start = 2025-01 # a\x01b\n')] == [5]
    unclosed = found(header + 'start = 2025-01\nsource = """\nstart = 2025-01')
    assert [(line, column) for line, column, _ in unclosed] == [(5, 9), (7, 16)]
    assert "a month is a string" not in unclosed[1][2]


def test_a_lookalike_read_inside_a_multiline_string_is_no_cause() -> None:
    checked = api.check_bytes((HEADER + 'source = """\nPhase【1】 done \\q\n"""\n').encode())
    [finding] = checked.findings
    assert (finding.line, finding.column) == (7, 16)
    assert "is not TOML's" not in finding.message


@pytest.mark.parametrize("value", ["1" * 400 + " months", "99999999999 years", "12001",
                                   "2025-01" + " " * 5000 + "x"])
def test_no_guess_past_what_the_format_takes(value: str) -> None:
    """A number past any float (an OverflowError: exit 3), a guess the format would refuse,
    and a long value (the pattern's blanks backtracked: a minute for 100,000 spaces)."""
    for key in ("duration", "not_before"):
        body = '[projects.a]\ntitle = "A"\n' + ("" if key == "duration" else "duration = 1\n")
        [message] = messages(body + f'{key} = "{value}"\n')
        assert "did you mean" not in message
