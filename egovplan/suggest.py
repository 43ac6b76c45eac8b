"""Did-you-mean suggestions for misspelt ids, keys and values.

A candidate is suggested only if it is a small number of edits away (a letter added, dropped,
changed or two swapped — the optimal-string-alignment distance — about one edit per three
letters) and looks alike by `difflib`'s ratio. That suggests `b` for `bx` and `finish_by` for
`finsh_by`, but not `id` for `kind`, which merely share letters. The candidates within reach
are found by `rapidfuzz` (compiled: a broken file with thousands of ids stays fast to check).

A reference that is not an id at all but the title of what it means to name (a planner writes
`depends_on = ["주민등록 전산화"]` for the project titled so) gets that id suggested instead
(`Titles`): titles are compared with case, width (NFKC: an IME's full-width letters) and runs
of white space set aside.
"""

from __future__ import annotations

import difflib
import itertools
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

#: How alike (difflib's ratio) a candidate must look to be considered at all.
CUTOFF = 0.6


def _ratio(word: str, candidate: str) -> float:
    """difflib's likeness of two words, as `get_close_matches` measures it."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    matcher.set_seq1(candidate)
    return matcher.ratio()


def _shared_start(first: str, second: str) -> int:
    """How many letters the two words share at their beginning."""
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


def closest(word: str, candidates: Iterable[str], *, exclude: str | None = None) -> str | None:
    """The candidate `word` was most likely meant to be, if any is close enough and no other
    is as close. Case and width are ignored in the comparison (`fs` suggests `FS`, an IME's
    full-width `ｃｌｏｕｄ` `cloud`); `exclude` is never suggested."""
    by_folded: dict[str, str] = {}
    for candidate in candidates:
        if candidate != exclude:
            by_folded.setdefault(fold(candidate), candidate)
    folded = fold(word)
    limit = max(1, len(folded) // 3)
    choices = list(by_folded)
    # every candidate within `limit` edits, found at C speed (`rapidfuzz`: difflib compared
    # a word with every id in Python, 50 ms a word among 2,000 ids); the fewest edits first,
    # among equals the longest shared beginning (slips are likelier at the end of a word:
    # `ax` suggests `a`, not `x`), then the likest by difflib's ratio, which must reach
    # CUTOFF (`id` is not suggested for `kind`)
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    found = process.extract(folded, choices, scorer=OSA.distance, score_cutoff=limit,
                            limit=None)
    ranked = sorted((distance, -_shared_start(folded, match), index)
                    for match, distance, index in found)
    for _, group in itertools.groupby(ranked, key=lambda item: item[:2]):
        alike = sorted((-_ratio(folded, choices[index]), index) for *_, index in group)
        alike = [item for item in alike if -item[0] >= CUTOFF]
        if len(alike) > 1 and alike[0][0] == alike[1][0]:
            return None  # two as close in every way (`service.3` among `service.1` and `.2`)
        if alike:
            return by_folded[choices[alike[0][1]]]
    # a word cut short (`prio` for `priority`): the one candidate it begins
    if len(folded) >= 3:
        begun = [candidate for candidate in by_folded if candidate.startswith(folded)]
        if len(begun) == 1:
            return by_folded[begun[0]]
    return None


def fold(text: str) -> str:
    """`text` as suggestions compare it: NFKC (full-width letters and digits as ASCII), case
    folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def did_you_mean(word: str, candidates: Iterable[str], *, exclude: str | None = None) -> str:
    """`"; did you mean 'x'?"`, or nothing when no candidate is close."""
    match = closest(word, candidates, exclude=exclude)
    return f"; did you mean '{match}'?" if match else ""


#: A did-you-mean search compares against every candidate; past this many in one file the
#: rest are reported without a suggestion, so a broken file stays fast to check.
MAX_SUGGESTIONS = 200


class Titled(Protocol):
    @property
    def title(self) -> str | None: ...


def _title_key(text: str) -> str:
    """A title as titles are compared: NFKC, case folded, white space collapsed."""
    return " ".join(fold(text).split())


class Titles:
    """The ids of a table by their titles, read when first asked (from `entries`: each id
    with its title, `None` for none), to tell a reference that names a title which id has it.
    """

    def __init__(self, entries: Callable[[], Iterable[tuple[str, str | None]]]) -> None:
        self._entries = entries
        self._ids: dict[str, list[str]] | None = None

    @classmethod
    def of(cls, table: Mapping[str, Titled]) -> Titles:
        """The titles of a table of entries that have one (projects, phases, resources)."""
        return cls(lambda: ((key, entry.title) for key, entry in table.items()))

    def find(self, word: str) -> str | None:
        """The one id whose title `word` is; `None` when no title, or several, are."""
        if self._ids is None:
            self._ids = {}
            for entry_id, title in self._entries():
                if title:
                    self._ids.setdefault(_title_key(title), []).append(entry_id)
        found = self._ids.get(_title_key(word))
        return found[0] if found is not None and len(found) == 1 else None


def title_hint(word: str, titles: Titles, *, exclude: str | None = None) -> str:
    """`"; did you mean 'x'? that is its title, not its id"` when `word` is the title of one
    id `x` (and not an id itself); a title of `exclude` says so; else nothing."""
    found = titles.find(word)
    if found is None or found == word:
        return ""
    if found == exclude:
        return f"; that is the title of '{found}' itself"
    return f"; did you mean '{found}'? that is its title, not its id"


class SuggestionBudget:
    """`did_you_mean` for at most `MAX_SUGGESTIONS` words, then nothing. A word that is the
    title of one of `titles` is told that id first, past the budget too (a dictionary lookup,
    where a spelling search compares it with every id)."""

    def __init__(self, limit: int = MAX_SUGGESTIONS) -> None:
        self.left = limit

    def __call__(self, word: str, candidates: Iterable[str], *,
                 exclude: str | None = None, titles: Titles | None = None) -> str:
        if titles is not None and (hint := title_hint(word, titles, exclude=exclude)):
            return hint
        if self.left <= 0:
            return ""
        self.left -= 1
        return did_you_mean(word, candidates, exclude=exclude)
