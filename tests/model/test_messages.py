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
