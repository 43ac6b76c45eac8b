"""Line breaking for table cells holding Chinese, Japanese and Korean titles.

Rich wraps text at spaces only: a run of Chinese characters is one long "word", folded where it
is longer than the column. Folding keeps the space after the run, so a run that ends exactly at
the column's edge is followed by a line holding only that space (a blank line inside a title)
and a shorter last piece by a line starting with a space (Rich 15: `rich._wrap.divide_line`
chops the word together with its trailing space). `CellText` is a `rich.text.Text` whose lines
break as a reader of these scripts expects:

- a word (text between spaces) that fits on a line of its own moves whole to the next line, as
  in Rich, so a short Chinese phrase in an English title stays in one piece;
- a longer word breaks between any two Chinese or Japanese characters (ideographs, kana,
  full-width forms), which are written without spaces, filling the current line first; but not
  before closing punctuation (`、。，）」` …) nor after an opening bracket (`（「` …), the basic
  rule of Chinese and Japanese line breaking;
- Korean (Hangul) is written with spaces between words: its words, like Latin ones, break only
  where they are longer than a line, folded at the line's width;
- the spaces where a line breaks are dropped, never carried to the start of the next line
  (the ideographic space U+3000 is a space too); spaces a title starts with are dropped where
  its line must break;
- a character made of several code points (an emoji with a variation selector, emoji joined
  by a zero-width joiner, a letter with a combining accent) is never split, and is measured as
  Rich draws it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len as rich_cell_len
from rich.cells import get_character_cell_size
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod

class _Widths(dict[str, int]):
    """Each character's cells, as Rich measures it, looked up once."""

    def __missing__(self, character: str) -> int:
        width = self[character] = get_character_cell_size(character)
        return width


_WIDTHS = _Widths()


def cell_len(text: str) -> int:
    """`rich.cells.cell_len`, faster on text Rich has not measured before (each title of a
    large roadmap): Rich sums a cached call per character, this a dictionary lookup. Emoji
    joined by a zero-width joiner or followed by a variation selector are Rich's to measure
    (a test compares the two on any text)."""
    if text.isascii() and text.isprintable():
        return len(text)
    if "\u200d" in text or "\ufe0f" in text:
        return rich_cell_len(text)
    return sum(map(_WIDTHS.__getitem__, text))


#: No line starts with these (closing punctuation, small kana, the prolonged sound mark).
NO_BREAK_BEFORE = frozenset(
    "、。，．・：；？！）〕］｝〉》」』】〙〗〟’”ー…‥々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖ"
    "ァィゥェォッャュョヮヵヶ,.:;!?)]}%"
)
#: No line ends with these (opening brackets).
NO_BREAK_AFTER = frozenset("（〔［｛〈《「『【〘〖〝‘“([{")

_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))


def _breaks_anywhere(character: str) -> bool:
    """A wide character that is not Hangul: an ideograph, kana, a full-width form."""
    if get_character_cell_size(character) != 2:
        return False
    code = ord(character)
    return not any(low <= code <= high for low, high in _HANGUL)


#: Where words end: the space and the ideographic space (full width).
SPACES = frozenset(" \u3000")


def _words(text: str) -> list[tuple[int, int, int]]:
    """The words of one line: (start, end of the visible part, end with the spaces after it).
    Spaces the line starts with belong to its first word."""
    words: list[tuple[int, int, int]] = []
    length, position = len(text), 0
    while position < length:
        start = position
        if not words:
            while position < length and text[position] in SPACES:
                position += 1
        while position < length and text[position] not in SPACES:
            position += 1
        visible = position
        while position < length and text[position] in SPACES:
            position += 1
        words.append((start, visible, position))
    return words


def _is_regional(character: str) -> bool:
    """A regional indicator symbol (🇦 … 🇿), half of a flag."""
    return "\U0001F1E6" <= character <= "\U0001F1FF"


def clusters(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """The characters as shown between `start` and `end`: (start, end, cells) of each base
    character with the marks, joiners and variation selectors after it (and, after a
    zero-width joiner, the character it joins; a flag's two regional indicators together), so
    that no break falls inside an emoji."""
    clusters: list[tuple[int, int, int]] = []
    position = start
    while position < end:
        after = position + 1
        if _is_regional(text[position]) and after < end and _is_regional(text[after]):
            after += 1  # a flag: two letters of its country's code
        while after < end and (get_character_cell_size(text[after]) == 0
                               or text[after - 1] == "\u200d"):
            after += 1
        clusters.append((position, after, cell_len(text[position:after])))
        position = after
    return clusters


def _may_break(before: str, after: str) -> bool:
    """Whether a line may break between two characters of one word (their base characters)."""
    return ((_breaks_anywhere(before) or _breaks_anywhere(after))
            and after not in NO_BREAK_BEFORE and before not in NO_BREAK_AFTER)


def _segments(text: str, start: int, visible: int) -> list[list[tuple[int, int, int]]]:
    """A word's pieces that no line break may fall inside, each as its clusters."""
    segments: list[list[tuple[int, int, int]]] = []
    for cluster in clusters(text, start, visible):
        if segments and not _may_break(text[segments[-1][-1][0]], text[cluster[0]]):
            segments[-1].append(cluster)
        else:
            segments.append([cluster])
    return segments


def divide(text: str, width: int, *, fold: bool = True) -> list[int]:
    """The offsets at which `text` (one line, no tabs) breaks into lines of at most `width`
    cells (a single character wider than the line, or a long word not folded, stays whole).

    A word that fits on a line of its own moves whole to the next line, as Rich does. A longer
    one is broken: where it holds Chinese or Japanese, between those characters, filling the
    current line first; elsewhere it is folded at the line's width."""
    offsets: list[int] = []
    used = 0  # cells on the current line, with the spaces after its last word
    for start, visible, end in _words(text):
        size = cell_len(text[start:visible])
        if used + size <= width or (not fold and not used):
            used += cell_len(text[start:end])
            continue
        if size <= width or not fold:
            offsets.append(start)
            used = cell_len(text[start:end])
            continue
        for segment in _segments(text, start, visible):
            cells = sum(cluster[2] for cluster in segment)
            if used + cells > width and used:
                offsets.append(segment[0][0])
                used = 0
            if cells > width:  # no break allowed inside: fold at the line's width
                for cluster_start, _, cluster_cells in segment:
                    if used and used + cluster_cells > width:
                        offsets.append(cluster_start)
                        used = 0
                    used += cluster_cells
            else:
                used += cells
        used += cell_len(text[visible:end])  # the spaces after the word
    return offsets


def _narrowest(line: str) -> int:
    """The width of the line's widest piece no break may fall inside."""
    return max((sum(cluster[2] for cluster in segment)
                for start, visible, _ in _words(line)
                for segment in _segments(line, start, visible)), default=0)


class CellText(Text):
    """A `Text` that breaks its lines by `divide` (see the module's note)."""

    def wrap(
        self, console: Console, width: int, *, justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None, tab_size: int = 8, no_wrap: bool | None = None,
    ) -> Lines:
        if no_wrap or self.no_wrap or overflow == "ignore":
            return super().wrap(console, width, justify=justify, overflow=overflow,
                                tab_size=tab_size, no_wrap=no_wrap)
        wrap_overflow = overflow or self.overflow or "fold"
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            lead = len(line.plain) - len(line.plain.lstrip("".join(SPACES)))
            if lead and cell_len(line.plain) > width:  # spaces would start a blank line
                line = line[lead:]
            pieces = line.divide(divide(line.plain, width, fold=wrap_overflow == "fold"))
            for piece in pieces:
                piece.rstrip()
            pieces.justify(console, width, justify=justify or self.justify or "default",
                           overflow=wrap_overflow)
            for piece in pieces:
                piece.truncate(width, overflow=wrap_overflow)
            lines.extend(pieces)
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self.plain.splitlines()
        widest = max((cell_len(line) for line in lines), default=0)
        return Measurement(max(map(_narrowest, lines), default=widest), widest)

