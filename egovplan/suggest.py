"""Did-you-mean suggestions for misspelt ids, keys and values.

`difflib` finds the few candidates that look alike; of those, one is suggested only if it is a
small number of edits away (a letter added, dropped, changed or two swapped, about one edit per
three letters). That suggests `b` for `bx` and `finish_by` for `finsh_by`, but not `id` for
`kind`, which merely share letters.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: How alike (difflib's ratio) a candidate must look to be considered at all.
CUTOFF = 0.6


def edits(first: str, second: str) -> int:
    """The optimal-string-alignment distance: insertions, deletions, substitutions and swaps
    of two neighbouring letters needed to turn one word into the other."""
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _shared_start(first: str, second: str) -> int:
    """How many letters the two words share at their beginning."""
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


def closest(word: str, candidates: Iterable[str], *, exclude: str | None = None) -> str | None:
    """The candidate `word` was most likely meant to be, if any is close enough. Case is
    ignored in the comparison (`fs` suggests `FS`); `exclude` is never suggested."""
    by_folded: dict[str, str] = {}
    for candidate in candidates:
        if candidate != exclude:
            by_folded.setdefault(candidate.casefold(), candidate)
    folded = word.casefold()
    limit = max(1, len(folded) // 3)
    alike = difflib.get_close_matches(folded, list(by_folded), n=5, cutoff=CUTOFF)
    # the fewest edits; among equals the longest shared beginning (slips are likelier at the
    # end of a word: `ax` suggests `a`, not `x`), then difflib's order
    near = [(edits(folded, match), -_shared_start(folded, match), rank, match)
            for rank, match in enumerate(alike)]
    near = [item for item in near if item[0] <= limit]
    if near:
        return by_folded[min(near)[3]]
    # a word cut short (`prio` for `priority`): the one candidate it begins
    if len(folded) >= 3:
        begun = [candidate for candidate in by_folded if candidate.startswith(folded)]
        if len(begun) == 1:
            return by_folded[begun[0]]
    return None


def did_you_mean(word: str, candidates: Iterable[str], *, exclude: str | None = None) -> str:
    """`"; did you mean 'x'?"`, or nothing when no candidate is close."""
    match = closest(word, candidates, exclude=exclude)
    return f"; did you mean '{match}'?" if match else ""


#: A did-you-mean search compares against every candidate; past this many in one file the
#: rest are reported without a suggestion, so a broken file stays fast to check.
MAX_SUGGESTIONS = 200


class SuggestionBudget:
    """`did_you_mean` for at most `MAX_SUGGESTIONS` words, then nothing."""

    def __init__(self, limit: int = MAX_SUGGESTIONS) -> None:
        self.left = limit

    def __call__(self, word: str, candidates: Iterable[str], *,
                 exclude: str | None = None) -> str:
        if self.left <= 0:
            return ""
        self.left -= 1
        return did_you_mean(word, candidates, exclude=exclude)
