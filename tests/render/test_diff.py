"""The diff's human formats: exact text for a small change; a huge diff kept under GitHub's
comment limit."""

from __future__ import annotations

import io
import json
import math
import re
import textwrap
from unittest import mock

import pytest
from rich.console import Console

from egovplan import api
from egovplan.render.diff import MARKDOWN_LIMIT, text, to_json, to_markdown
from tests.helpers import HEADER

OLD = HEADER + """
[phases.build]
start = "2000-01"
end = "2000-12"
[projects.registry]
title = "Registry"
phase = "build"
duration = 4
[projects.portal]
title = "Portal"
phase = "build"
duration = 3
depends_on = ["registry"]
"""

NEW = HEADER + """
[phases.build]
start = "2000-01"
end = "2000-12"
[projects.registry]
title = "Registry"
phase = "build"
duration = "6m"
[projects.web-portal]
title = "Portal"
phase = "build"
duration = 3
depends_on = [{ id = "registry", type = "FS", lag = 0 }]
[projects.launch]
title = "Launch"
duration = 0
depends_on = ["web-portal"]
"""


def test_text() -> None:
    result = api.diff(api.check_bytes(OLD.encode(), "old.toml"),
                      api.check_bytes(NEW.encode(), "new.toml"))
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(text(result, "old.toml", "new.toml"),
                                                          end="")
    assert out.getvalue() == textwrap.dedent("""\
        old.toml → new.toml
        1 added, 0 removed, 1 renamed, 1 changed; finish 2000-07 → 2000-09 (+2 months); 0 new gaps, 0 resolved
        + project launch: Launch
        → project portal renamed web-portal: Portal
        ~ project registry: Registry
            duration: 4 → 6

        Schedule
          finish: 2000-07 → 2000-09 (+2 months)
          critical path was: registry → portal
                        now: registry → web-portal → launch
          registry: 2000-01–2000-04 → 2000-01–2000-06 (start +0, finish +2)
          web-portal: 2000-05–2000-07 → 2000-07–2000-09 (start +2, finish +2)
        """)


def big(size: int, suffix: str) -> str:
    return HEADER + "".join(
        f'[projects.p{i}]\ntitle = "Project number {i} {suffix}"\nduration = {1 + i % 5}\n'
        for i in range(size))


def test_a_huge_diff_fits_in_one_comment() -> None:
    old = api.check_bytes(big(3000, "old").encode(), "old.toml")
    new = api.check_bytes(big(3000, "new").encode(), "new.toml")
    markdown = to_markdown(api.diff(old, new), "old.toml", "new.toml")
    assert len(markdown) < MARKDOWN_LIMIT
    assert "| changed | 3000 |" in markdown
    assert "This diff is too large for one comment; left out: Changed:" in markdown


OVERLAP = HEADER + """
[projects.a]
title = "A"
duration = 6
[projects.b]
title = "B"
duration = 6
depends_on = [{ id = "a", type = "SS", lag = 2 }, { id = "a", type = "FF", lag = 2 }]
[projects.d_1]
title = "Dash_board"
duration = 2
"""
#: one of b's two links dropped; d_1 given a deadline that makes it critical; a project
#: whose title holds an escape sequence and a line break
OVERLAP_NEW = OVERLAP.replace(', { id = "a", type = "FF", lag = 2 }', "") + """\
finish_by = "2000-02"
[projects.e]
title = "E\\u001b[31m red\\nline"
duration = 1
"""


def overlap_diff() -> api.RoadmapDiff:
    return api.diff(api.check_bytes(OVERLAP.encode(), "old.toml"),
                    api.check_bytes(OVERLAP_NEW.encode(), "new.toml"))


def test_text_shows_links_criticality_and_no_control_characters() -> None:
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(
        text(overlap_diff(), "old_plan.toml", "new.toml"), end="")
    assert out.getvalue() == textwrap.dedent("""\
        old_plan.toml → new.toml
        1 added, 0 removed, 0 renamed, 2 changed; finish unchanged (2000-08); 1 new gap, 0 resolved
        + project e: E\\x1b[31m red line
        ~ project b: B
            - no longer depends on a (FF+2m)
        ~ project d_1: Dash_board
            finish_by: — → 2000-02

        Schedule
          finish: 2000-08 (unchanged)
          became critical: d_1

        Gaps
          + warning project-without-measures: project 'e' (E\\x1b[31m red line) serves no measure
        """)


def test_markdown_code_spans_and_change_markers() -> None:
    """Ids and file names in code spans unescaped (also a dependency's and those that became
    critical: once plain, escaped); a change line's leading '-' escaped (not a nested list);
    the schedule section present for a project that became critical."""
    markdown = to_markdown(overlap_diff(), "old_plan.toml", "new.toml")
    assert markdown == textwrap.dedent("""\
        ## Roadmap changes: `old_plan.toml` → `new.toml`

        | | |
        |---|--:|
        | added | 1 |
        | removed | 0 |
        | renamed | 0 |
        | changed | 2 |
        | finish | 2000-08 (unchanged) |
        | projects moved | 0 |
        | new gaps | 1 |
        | resolved gaps | 0 |

        ### Schedule

        - finish: 2000-08 (unchanged)
        - became critical: `d_1`

        ### New gaps

        - **warning** `project-without-measures`: project 'e' (E\\\\x1b\\[31m red line) serves no measure

        ### Added

        - project `e`: E\\\\x1b\\[31m red line

        ### Changed

        - project `b`: B
          - \\- no longer depends on `a` (FF+2m)
        - project `d_1`: Dash\\_board
          - finish\\_by: — → 2000-02
        """)


def test_a_code_span_holding_a_backtick_gets_a_longer_fence() -> None:
    from egovplan.render.diff import code

    assert code("plan.toml") == "`plan.toml`"
    assert code("a`b``c.toml") == "``` a`b``c.toml ```"


def test_a_cut_comment_never_ends_inside_an_item() -> None:
    """Every changed project that is listed comes with its changes."""
    old = api.check_bytes(big(3000, "old").encode(), "old.toml")
    new = api.check_bytes(big(3000, "new").encode(), "new.toml")
    markdown = to_markdown(api.diff(old, new), "old.toml", "new.toml")
    changed = markdown.split("### Changed\n\n")[1].split("\n\n>")[0].splitlines()
    assert changed[0].startswith("- project ")
    assert changed[-1].startswith("  - title: ")
    assert "left out: Changed: " in markdown
    assert " items." in markdown


def test_a_huge_cost_is_shown_with_the_digits_it_has() -> None:
    from egovplan.render.diff import _value

    assert _value(123456789012345678901234567890.0) == "1.2345678901234568e+29"
    assert _value(3.0) == "3"
    assert _value(12.5) == "12.5"


def test_user_data_booleans_are_shown_as_toml_writes_them() -> None:
    from egovplan.render.diff import _value

    assert _value({"approved": True, "budget": 0, "flags": [False, 1]}) == (
        "{approved = true, budget = 0, flags = [false, 1]}")


def test_a_cut_never_leaves_a_heading_or_a_table_header_alone() -> None:
    old = api.check_bytes(big(60, "").encode(), "old.toml")
    new = api.check_bytes(big(60, "").replace("duration = 1\n", "duration = 2\n").encode(),
                          "new.toml")
    result = api.diff(old, new)
    cuts = set()
    for limit in range(700, 6000, 50):
        markdown = to_markdown(result, "old.toml", "new.toml", limit=limit)
        assert len(markdown) <= limit
        lines = markdown.splitlines()
        for number, line in enumerate(lines):
            if line.startswith("### "):  # a heading has an item under it
                assert lines[number + 2].startswith(("- ", "|")), (limit, line)
            if line.startswith("|---|---|---|"):  # a table header has a row under it
                assert lines[number + 1].startswith("| `"), limit
        note = markdown.partition("left out: ")[2]
        cuts |= {part.split()[0] for part in note.split("; ") if part}
        if "Changed" in note:  # one item per changed project, headers and blanks not counted
            assert re.search(rf"Changed(: \d+ of | \(){len(result.changed)} items", note)
        assert result.schedule is not None
        if "Projects moved" in note:  # a row per moved project
            assert f"{len(result.schedule.moved)} items" in note
        if "Schedule" in note:  # the finish, and the projects with less float
            assert "Schedule: 1 of 2 items" in note
    assert {"Changed:", "Projects", "Schedule:"} <= cuts  # each kind of cut was tried


def test_markdown_critical_paths_are_code_spans() -> None:
    old = api.check_bytes(OLD.encode(), "old.toml")
    new = api.check_bytes(NEW.encode(), "new.toml")
    markdown = to_markdown(api.diff(old, new), "old.toml", "new.toml")
    lines = markdown.splitlines()
    at = lines.index("- critical path was: `registry` → `portal`")
    assert lines[at + 1] == "- critical path now: `registry` → `web-portal` → `launch`"


def test_markdown_neither_strikes_through_nor_mentions() -> None:
    """A title `~~strike~~ @octocat` in a pull-request comment was struck through and
    notified the GitHub user octocat on every diff."""
    from egovplan.render.schedule import md_escape

    assert md_escape("~~strike~~ @octocat") == "\\~\\~strike\\~\\~ @\u2060octocat"


def test_a_spec_that_reads_as_an_option_never_reaches_git() -> None:
    """`--output=/x:y` looked like REV:path and went to `git cat-file` as an option."""
    from tests.conftest import run_cli

    run = run_cli("diff", "--", "--output=/x:y", "roadmaps/korea-egov.toml")
    assert run.code == 2
    assert "--output=/x:y: not a file, nor a git revision REV:path" in run.err
    assert "usage: git" not in run.err


def test_values_that_would_read_alike_are_quoted() -> None:
    """`x = { v = "1" }` → `{ v = 1 }` printed the same on both sides, as did an absent agency
    and `agency = "—"`; such a change is written as TOML writes it."""
    from egovplan import api
    from egovplan.render.diff import text as diff_text

    head = 'format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2025-01"\n'
    old = head + '[projects.a]\ntitle = "A"\nduration = 1\nx = { v = "1", flag = "true" }\n'
    new = head + ('[projects.a]\ntitle = "A"\nduration = 2\nx = { v = 1, flag = true }\n'
                  'agency = "—"\n')
    text = diff_text(api.diff(api.check_bytes(old.encode(), "old.toml"),
                              api.check_bytes(new.encode(), "new.toml")), "old", "new").plain
    assert '    x: {v = "1", flag = "true"} → {v = 1, flag = true}\n' in text
    assert '    agency: (absent) → "—"\n' in text
    assert "    duration: 1 → 2\n" in text  # values that read apart stay as they were


def test_keys_that_would_read_alike_are_quoted() -> None:
    """`{ "k = 1, j" = 2 }` and `{ k = 1, j = 2 }` printed alike."""
    from egovplan.render.diff import _values

    assert _values({"k = 1, j": 2}, {"k": 1, "j": 2}) == ('{"k = 1, j" = 2}', "{k = 1, j = 2}",
                                                          True)



def test_the_roadmap_table_is_labelled_once() -> None:
    """`~ roadmap roadmap:` repeated the table's name as if it were an id."""
    old = api.check_bytes(OLD.encode(), "old.toml")
    new = api.check_bytes(OLD.replace('title = "Test"', 'title = "T2"', 1).encode(),
                          "new.toml")
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(text(api.diff(old, new), "old.toml",
                                                               "new.toml"), end="")
    assert "~ roadmap: T2" in out.getvalue().splitlines()
    assert "- roadmap: T2" in to_markdown(api.diff(old, new), "old.toml", "new.toml").splitlines()


HOLE = HEADER + """
[goals.g]
title = "G"
[goals.g.measures.1]
title = "M1"
{extra}[goals.g.measures.4]
title = "M4"
[projects.a]
title = "A"
duration = 2
serves = [{serves}]
"""


def test_a_changed_gap_is_shown_as_one() -> None:
    old = api.check_bytes(HOLE.format(extra="", serves='"g.1", "g.4"').encode(), "old.toml")
    new = api.check_bytes(HOLE.format(extra='[goals.g.measures.3]\ntitle = "M3"\n',
                                      serves='"g.1", "g.3", "g.4"').encode(), "new.toml")
    result = api.diff(old, new)
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(text(result, "old.toml", "new.toml"),
                                                          end="")
    lines = out.getvalue().splitlines()
    assert lines[1].endswith("; 0 new gaps, 0 resolved, 1 changed")
    assert lines[-2:] == [
        "  ± error numbering-hole: goal 'g' numbers its measures 1, 3, 4: 2 is missing",
        "      was: goal 'g' numbers its measures 1, 4: 2–3 are missing"]
    markdown = to_markdown(result, "old.toml", "new.toml")
    assert "| changed gaps | 1 |" in markdown
    # the impact before the entities changed: the gap first, then what was added and changed
    assert markdown.split("| changed gaps | 1 |\n", 1)[1] == (
        "\n### Changed gaps\n\n"
        "- **error** `numbering-hole`: goal 'g' numbers its measures 1, 3, 4: 2 is missing\n"
        "  (was: goal 'g' numbers its measures 1, 4: 2–3 are missing)\n"
        "\n### Added\n\n- measure `g.3`: M3\n"
        "\n### Changed\n\n- project `a`: A\n  - serves: \\[g.1, g.4\\] → \\[g.1, g.3, g.4\\]\n")
    document = json.loads(to_json(result, "old.toml", "new.toml"))
    assert [gap["subject"] for gap in document["gaps"]["new"]] == [["g", "g.2"]]
    assert [gap["subject"] for gap in document["gaps"]["resolved"]] == [["g", "g.2", "g.3"]]
    assert [(pair["old"]["subject"], pair["new"]["subject"])
            for pair in document["gaps"]["changed"]] == [(["g", "g.2", "g.3"], ["g", "g.2"])]


def test_a_changed_gap_alone_is_shown_in_text() -> None:
    """Nothing new, nothing resolved, one run's peak changed: the text's Gaps section was left
    out (it looked only at new, resolved and ignored gaps)."""
    body = (HEADER + '[resources.r]\ncapacity = 10\n'
            '[projects.a]\ntitle = "A"\nduration = 2\nuses = {{ r = {amount} }}\n')
    old = api.check_bytes(body.format(amount=12).encode(), "old.toml")
    new = api.check_bytes(body.format(amount=13).encode(), "new.toml")
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(
        text(api.diff(old, new), "old.toml", "new.toml"), end="")
    lines = out.getvalue().splitlines()
    assert lines[1].endswith("; 0 new gaps, 0 resolved, 1 changed")
    assert lines[-3:] == [
        "Gaps",
        "  ± error over-capacity: resource 'r' is over capacity in 2000-01 – 2000-02 "
        "(2 months): up to 13 of 10 used, 3 over",
        "      was: resource 'r' is over capacity in 2000-01 – 2000-02 (2 months): up to 12 "
        "of 10 used, 2 over"]


@pytest.mark.parametrize(("before", "after", "text_line", "markdown_line"), [
    ('"Project A"', '"Project\\nA"', 'title: "Project A" → "Project\\nA"',
     'title: `"Project A"` → `"Project\\nA"`'),
    ('"Goal G"', '"Goal  G"', 'title: "Goal G" → "Goal  G"', 'title: `"Goal G"` → `"Goal  G"`'),
    ('"A"', '"A "', 'title: "A" → "A "', 'title: `"A"` → `"A "`'),
    ('"A"', '"B"', "title: A → B", "title: A → B"),
    ('"A\\fB"', '"A B"', 'title: "A\\fB" → "A B"', 'title: `"A\\fB"` → `"A B"`'),
    ('"A\u3000B"', '"A B"', 'title: "A\\u3000B" → "A B"', 'title: `"A\\u3000B"` → `"A B"`'),
])
def test_texts_that_differ_only_in_spaces_are_quoted_as_toml_writes_them(
        before: str, after: str, text_line: str, markdown_line: str) -> None:
    """A line break shown as a space, runs of spaces run together by Markdown, a trailing
    space: the change could not be seen. Such values are quoted, line breaks escaped, and in
    Markdown set in code spans (which keep their spaces)."""
    body = HEADER + '[projects.a]\ntitle = {title}\nduration = 1\n'
    result = api.diff(api.check_bytes(body.format(title=before).encode(), "old.toml"),
                      api.check_bytes(body.format(title=after).encode(), "new.toml"))
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(text(result, "old.toml", "new.toml"),
                                                          end="")
    assert f"    {text_line}" in out.getvalue().splitlines()
    assert f"  - {markdown_line}" in to_markdown(result, "old.toml", "new.toml").splitlines()


@pytest.mark.parametrize(("old", "new", "expected"), [
    ({"s": "1", "a": 1}, {"s": 1, "a": 2}, ('{s = "1", a = 1}', "{s = 1, a = 2}", True)),
    ({"k": {"s": "1"}, "a": 1}, {"k": {"s": 1}, "a": 2},
     ('{k = {s = "1"}, a = 1}', "{k = {s = 1}, a = 2}", True)),
    (["x", 1], ["x ", 2], ('["x", 1]', '["x ", 2]', True)),
    # 1 and 1.0 are one number, a nan equals a nan, and `true` does not read as `1`
    ({"n": 1, "a": 1}, {"n": 1.0, "a": 2}, ("{n = 1, a = 1}", "{n = 1, a = 2}", False)),
    ({"c": math.nan, "a": 1}, {"c": math.nan, "a": 2}, ("{c = nan, a = 1}", "{c = nan, a = 2}",
                                                         False)),
    ({"t": True, "a": 1}, {"t": 1, "a": 2}, ("{t = true, a = 1}", "{t = 1, a = 2}", False)),
    ({"k": [math.nan], "a": 1}, {"k": [math.nan], "a": 2},
     ("{k = [nan], a = 1}", "{k = [nan], a = 2}", False)),
])
def test_an_entry_that_reads_alike_inside_a_changed_table_is_quoted(
        old: object, new: object, expected: tuple[str, str, bool]) -> None:
    """`x = { s = "1", n = 1 }` → `{ s = 1, n = 2 }` showed `s = 1` on both sides."""
    from egovplan.render.diff import _values

    assert _values(old, new) == expected


def _text(result: api.RoadmapDiff) -> str:
    out = io.StringIO()
    Console(file=out, width=300, color_system=None).print(
        text(result, "old.toml", "new.toml"), end="")
    return out.getvalue()


SLACK = HEADER + """
[projects.long]
title = "Long"
duration = 10
[projects.short]
title = "Short"
duration = {short}
[projects.other]
title = "Other"
duration = {other}
"""


def test_less_float_and_the_number_of_critical_paths_are_reported() -> None:
    """A project lengthened off the critical path uses up its slack: the finish, the first
    critical path and the critical projects may not move, and the diff said nothing. Now it
    lists the projects with less float (old → new months), and says when the number of
    critical paths changed, in every format."""
    old = api.check_bytes(SLACK.format(short=4, other=10).encode(), "old.toml")
    new = api.check_bytes(SLACK.format(short=8, other=9).encode(), "new.toml")
    result = api.diff(old, new)
    lines = _text(result).splitlines()
    assert "  finish: 2000-10 (unchanged)" in lines
    assert "  critical paths: 2 → 1" in lines
    assert "  less float (months): short (6 → 2), other (0 → 1)" not in lines
    assert "  less float (months): short (6 → 2)" in lines  # `other` gained float
    assert "  no longer critical: other" in lines
    markdown = to_markdown(result, "old.toml", "new.toml")
    assert "- critical paths: 2 → 1\n" in markdown
    assert "- less float (months): `short` (6 → 2)\n" in markdown
    schedule = json.loads(to_json(result, "old.toml", "new.toml"))["schedule"]
    assert schedule["less_float"] == [{"id": "short", "old": 6, "new": 2}]
    assert schedule["critical_paths"] == {"old": 2, "new": 1}
    # a deadline that turns the float of a critical project negative is shown signed
    late = api.check_bytes(SLACK.format(short=4, other=10).replace(
        '[projects.long]\ntitle = "Long"\n', '[projects.long]\ntitle = "Long"\n'
        'finish_by = "2000-08"\n').encode(), "late.toml")
    assert "  less float (months): long (+0 → -2)" in _text(api.diff(old, late)).splitlines()


def test_resolved_gaps_keep_their_severity_so_the_two_directions_mirror() -> None:
    """`+ error phase-overrun: …` one way read `- phase-overrun: …` the other way."""
    clean = HEADER + '[phases.p]\nstart = "2000-01"\nend = "2000-03"\n' + \
        '[projects.a]\ntitle = "A"\nphase = "p"\nduration = {months}\n'
    old = api.check_bytes(clean.format(months=2).encode(), "old.toml")
    new = api.check_bytes(clean.format(months=5).encode(), "new.toml")
    forward = [line for line in _text(api.diff(old, new)).splitlines() if line.startswith("  +")]
    backward = [line for line in _text(api.diff(new, old)).splitlines()
                if line.startswith("  -")]
    assert forward
    assert [line.replace("  +", "  -", 1) for line in forward] == backward
    assert backward[0].startswith("  - error phase-overrun: ")
    markdown = to_markdown(api.diff(new, old), "new.toml", "old.toml")
    assert "### Resolved gaps\n\n- **error** `phase-overrun`: " in markdown


def test_a_value_holding_the_arrow_is_quoted() -> None:
    """`title: Financial network → Financial network → bank link` read two ways."""
    body = HEADER + '[projects.a]\ntitle = "{title}"\nduration = 1\n'
    old = api.check_bytes(body.format(title="Financial network").encode(), "old.toml")
    new = api.check_bytes(body.format(title="Financial network → bank link").encode(),
                          "new.toml")
    assert ('    title: "Financial network" → "Financial network → bank link"'
            in _text(api.diff(old, new)).splitlines())
    assert ('  - title: `"Financial network"` → `"Financial network → bank link"`'
            in to_markdown(api.diff(old, new), "old.toml", "new.toml").splitlines())


def test_a_text_in_another_unicode_form_is_said_to_be_so() -> None:
    """금융 written as decomposed jamo (NFD, as macOS or a PDF may give it) looks the same as
    the composed syllables on both sides of the arrow."""
    import unicodedata

    body = HEADER + '[projects.a]\ntitle = "{title}"\nduration = 1\n'
    composed = "Financial network (금융전산망)"
    decomposed = unicodedata.normalize("NFD", composed)
    old = api.check_bytes(body.format(title=composed).encode(), "old.toml")
    new = api.check_bytes(body.format(title=decomposed).encode(), "new.toml")
    line = next(line for line in _text(api.diff(old, new)).splitlines()
                if line.startswith("    title: "))
    assert line.endswith(" (the same text in another Unicode form: NFC → NFD; NFC is the "
                         "usual one)")
    assert "another Unicode form: NFC → NFD" in to_markdown(api.diff(old, new), "old.toml",
                                                             "new.toml")
    # a real change of one syllable gets no such note
    other = api.check_bytes(body.format(title="Financial network (금융정산망)").encode(),
                            "other.toml")
    assert "Unicode form" not in _text(api.diff(old, other))


def test_markdown_names_renamed_and_changed_entities_by_title_too() -> None:
    result = api.diff(api.check_bytes(OLD.encode(), "old.toml"),
                      api.check_bytes(NEW.encode(), "new.toml"))
    lines = to_markdown(result, "old.toml", "new.toml").splitlines()
    assert "- project `portal` → `web-portal`: Portal" in lines
    assert "- project `registry`: Registry" in lines


def test_a_rename_is_in_the_contracts_added_and_removed_lists_marked() -> None:
    """A reader of the contract's keys alone (`added`, `removed`, `changed`) saw no change at
    all where a project was renamed: by id it is one removed and one added."""
    result = api.diff(api.check_bytes(OLD.encode(), "old.toml"),
                      api.check_bytes(NEW.encode(), "new.toml"))
    document = json.loads(to_json(result, "old.toml", "new.toml"))
    assert document["renamed"] == [
        {"kind": "project", "old": "portal", "new": "web-portal", "title": "Portal"}]
    assert {"kind": "project", "id": "web-portal", "title": "Portal",
            "renamed_from": "portal"} in document["added"]
    assert document["removed"] == [
        {"kind": "project", "id": "portal", "title": "Portal", "renamed_to": "web-portal"}]
    assert [entry["id"] for entry in document["added"]] == ["launch", "web-portal"]


def test_one_item_too_large_leaves_out_only_itself() -> None:
    """(From a review.) A critical path of 8,000 projects is one line that no comment holds:
    it took every section after it out of the comment (the new path, the projects moved,
    the change that caused it all); now only that line is left out."""
    chain = "".join(
        f'[projects.p{i}]\ntitle = "P{i}"\nduration = 1\n'
        + (f'depends_on = ["p{i - 1}"]\n' if i else "") for i in range(8000))
    old = api.check_bytes((HEADER + chain + '[projects.z]\ntitle = "Z"\nduration = 1\n')
                          .encode(), "old.toml")
    new = api.check_bytes((HEADER + chain + '[projects.z]\ntitle = "Z"\nduration = 9000\n')
                          .encode(), "new.toml")
    result = api.diff(old, new)
    markdown = to_markdown(result, "old.toml", "new.toml")
    assert len(markdown) <= MARKDOWN_LIMIT
    assert "- critical path now: `z`\n" in markdown
    assert "  - duration: 1 → 9000\n" in markdown  # the cause, under Changed
    # the path of 8,000 projects by its ends, and the projects no longer critical by the
    # first 50: each line one a comment holds
    assert ("- critical path was: `p0` → `p1` → `p2` → `p3` → `p4` → `p5` → `p6` → `p7` → "
            "`p8` → `p9` → … → `p7990` → ") in markdown
    assert "`p7999` (8,000 projects)\n" in markdown
    assert ", … and 7,950 more\n" in markdown
    assert "left out" not in markdown
    # an oversized entry is left out alone all the same
    from egovplan.render import diff as render_diff

    with mock.patch.object(render_diff, "MD_LISTED", 10**6), \
            mock.patch.object(render_diff, "MD_PATH_ENDS", 10**6):
        whole = to_markdown(result, "old.toml", "new.toml")
    assert "- critical path now: `z`\n" in whole
    assert "  - duration: 1 → 9000\n" in whole
    assert "left out: Schedule: 2 of 5 items." in whole


COSTS = HEADER + """
[projects.a]
title = "A"
duration = 1
cost = {a}
[projects.b]
title = "B"
duration = 1
cost = 250
"""


def test_the_total_cost_old_and_new_is_in_every_format() -> None:
    """A consultant's first question after the finish: what does the change cost? (A cost
    field changed was shown per project, never the total.)"""
    old = api.check_bytes(COSTS.format(a=1000).encode(), "old.toml")
    new = api.check_bytes(COSTS.format(a=1100.5).encode(), "new.toml")
    result = api.diff(old, new)
    assert _text(result).splitlines()[1] == (
        "0 added, 0 removed, 0 renamed, 1 changed; finish unchanged (2000-01); cost 1,250 → "
        "1,350.5 (+100.5); 0 new gaps, 0 resolved")
    assert "| cost | 1,250 → 1,350.5 (+100.5) |\n" in to_markdown(result, "old.toml", "new.toml")
    document = json.loads(to_json(result, "old.toml", "new.toml"))
    assert document["cost"] == {"old": 1250, "new": 1350.5, "delta": 100.5}
    # unchanged: not in the summary line, "(unchanged)" in the comment's table
    same = api.diff(old, api.check_bytes(COSTS.format(a=1000).encode(), "same.toml"))
    assert "cost" not in _text(same).splitlines()[1]
    assert "| cost | 1,250 (unchanged) |\n" in to_markdown(same, "old.toml", "same.toml")
    # no cost on either side: nothing said of costs
    plain = api.diff(api.check_bytes(OLD.encode(), "old.toml"),
                     api.check_bytes(NEW.encode(), "new.toml"))
    assert plain.cost is None
    assert "cost" not in json.loads(to_json(plain, "old.toml", "new.toml"))
    assert "| cost |" not in to_markdown(plain, "old.toml", "new.toml")
