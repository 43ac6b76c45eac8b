"""Line breaking in table cells: CJK titles break between characters, never leave a blank line
or a line starting with a space, and every line fits its column."""

from __future__ import annotations

import textwrap
from itertools import pairwise

import pytest
import rich.cells
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from egovplan.render.terminal import schedule_view
from egovplan.render.wrap import NO_BREAK_AFTER, NO_BREAK_BEFORE, CellText, divide
from tests.helpers import report

from .test_terminal import render

CONSOLE = Console(width=80, color_system=None)


def lines(text: str, width: int) -> list[str]:
    return [line.plain for line in CellText(text).wrap(CONSOLE, width)]


def test_a_chinese_run_that_fills_the_line_leaves_no_blank_line() -> None:
    # Rich alone gives ['電子政府基本', '計劃推進事業', ' ', 'wordwordword']
    assert lines("電子政府基本計劃推進事業 wordwordword", 12) == [
        "電子政府基本", "計劃推進事業", "wordwordword"]
    assert lines("電子政府基本計劃推進事業 電子", 12) == ["電子政府基本", "計劃推進事業", "電子"]
    # and a folded Latin word carries no space to the next line (Rich: ' xx')
    assert lines("abcdefabcdefabcdefabcdef xx", 12) == ["abcdefabcdef", "abcdefabcdef", "xx"]


def test_a_long_chinese_run_fills_the_current_line_first() -> None:
    assert lines("ab 電子政府基本計劃推進事業 x", 12) == ["ab 電子政府", "基本計劃推進", "事業 x"]


def test_a_phrase_that_fits_a_line_moves_whole() -> None:
    assert lines("ab 電子政府", 8) == ["ab", "電子政府"]
    assert lines("ab 電子政府", 7) == ["ab 電子", "政府"]
    assert lines("Meteorological information (气象信息)", 16) == [
        "Meteorological", "information", "(气象信息)"]


def test_no_line_starts_with_closing_punctuation_or_ends_with_an_opening_bracket() -> None:
    assert lines("电子政务（第一阶段）建设，完成。", 12) == [
        "电子政务（第", "一阶段）建", "设，完成。"]


def test_korean_breaks_at_its_spaces() -> None:
    assert lines("전자정부 기본계획 추진 사업 행정정보화", 12) == [
        "전자정부", "기본계획", "추진 사업", "행정정보화"]


def test_emoji_and_accents_are_never_split_nor_lost() -> None:
    assert lines("Done✔\ufe0f✔\ufe0f✔\ufe0f", 8) == ["Done✔\ufe0f✔\ufe0f", "✔\ufe0f"]
    assert lines("漢字👩\u200d💻漢字", 6) == ["漢字👩\u200d💻", "漢字"]
    assert lines("Cafe\u0301 cafe\u0301", 5) == ["Cafe\u0301", "cafe\u0301"]


def test_leading_spaces_go_only_where_the_line_must_break() -> None:
    assert lines("    abc", 3) == ["abc"]
    assert lines("    abc", 10) == ["    abc"]
    assert lines("\t漢字漢字", 5) == ["漢字", "漢字"]
    assert lines("漢字\u3000漢字漢字", 6) == ["漢字", "漢字漢", "字"]  # an ideographic space


def test_the_narrowest_width_is_one_unbreakable_piece() -> None:
    assert CellText("電子政府 registry").__rich_measure__(CONSOLE, CONSOLE.options) == (8, 17)
    assert CellText("电子政务（第一").__rich_measure__(CONSOLE, CONSOLE.options) == (4, 14)


def test_a_schedule_table_with_chinese_titles() -> None:
    roadmap = """
[projects.plan]
title = "電子政府基本計劃推進事業 電子"
duration = 2

[projects.net]
title = "Backbone network 國家基幹電算網構築事業行政情報化"
duration = 3
depends_on = ["plan"]
"""
    text = render(schedule_view(report(roadmap), width=72, show_gantt=False))
    assert text == textwrap.dedent("""\
        Test (t)
        Start          2000-01
        Finish         2000-05 (5 months, 0.4 years)
        Projects       2 (0 milestones)
        Critical path  plan → net

        Wave 0

         Project           Kind       Start     Finish    Months   Float   Crit
         ──────────────────────────────────────────────────────────────────────
         plan              —          2000-01   2000-02        2       0    ●
         電子政府基本計
         劃推進事業 電子

        Wave 1

         Project           Kind       Start     Finish    Months   Float   Crit
         ──────────────────────────────────────────────────────────────────────
         net               —          2000-03   2000-05        3       0    ●
         Backbone
         network 國家基
         幹電算網構築事
         業行政情報化

        """)


#: Titles from the characters that matter: Latin, Hangul, ideographs, kana, punctuation that
#: binds, spaces (also several in a row, and the ideographic space), and characters of several
#: code points: emoji with a variation selector or joined by a zero-width joiner, a letter with
#: a combining accent.
CHARACTERS = st.sampled_from([*"ab z전자정部電子政府あア（）、。，「」(),. \u3000", "  ", "✔\ufe0f",
                              "⚠\ufe0f", "👩\u200d💻", "e\u0301"])
SPACES = " \u3000"


@settings(max_examples=500, deadline=None)
@example("ab 電子政府", 8)
@example("Done✔\ufe0f✔\ufe0f✔\ufe0f", 8)
@given(st.lists(CHARACTERS, max_size=40).map("".join), st.integers(min_value=1, max_value=30))
def test_every_line_fits_and_breaks_only_where_allowed(text: str, width: int) -> None:
    split_graphemes = getattr(rich.cells, "split_graphemes", None)
    if split_graphemes is None:
        pytest.skip("this Rich does not split graphemes")
    text = text.lstrip(SPACES)
    offsets = divide(text, width)
    if not text:
        assert offsets == []
        return
    graphemes = {start: text[start:end] for start, end, _ in split_graphemes(text)[0]}
    assert offsets == sorted(set(offsets))
    assert all(offset in graphemes and offset > 0 for offset in offsets)  # never inside one
    bounds = [0, *offsets, len(text)]
    pieces = [text[start:end] for start, end in pairwise(bounds)]
    assert "".join(pieces) == text
    for index, piece in enumerate(pieces):
        shown = piece.rstrip(SPACES)
        assert shown, "a blank line"
        assert shown[0] not in SPACES
        # a line is too wide only when it is one character wider than the column
        assert cell_len(shown) <= width or shown in graphemes.values()
        if index:
            offset = bounds[index]
            before = text[max(start for start in graphemes if start < offset)]
            after = text[offset]
            word_start = max((i + 1 for i in range(offset) if text[i] in SPACES), default=0)
            word_end = min((i for i in range(offset, len(text)) if text[i] in SPACES),
                           default=len(text))
            folded = cell_len(pieces[index - 1].rstrip(SPACES)) + cell_len(graphemes[offset]) \
                > width
            assert before in SPACES or text[offset - 1] in SPACES or folded or (
                after not in NO_BREAK_BEFORE and before not in NO_BREAK_AFTER), (before, after)
            # a word that fits on a line is never split
            assert text[offset - 1] in SPACES or cell_len(text[word_start:word_end]) > width
    if cell_len(text) <= width:
        assert offsets == []
