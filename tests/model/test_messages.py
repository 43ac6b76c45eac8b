"""Messages a planner reads: what is wrong, where, and what was probably meant."""

from __future__ import annotations

import pytest

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
    ],
)
def test_message(body: str, expected: str) -> None:
    assert expected in messages(body)


def test_format_must_be_the_integer_one() -> None:
    found = api.check_bytes(b'format = "1"\n[roadmap]\nid = "a"\ntitle = "A"\nstart = "2000-01"\n')
    assert [(f.code, f.message) for f in found.findings] == [
        ("invalid-type", "format must be the integer 1, not a string")]


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
