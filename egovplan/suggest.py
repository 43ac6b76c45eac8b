"""Did-you-mean suggestions for misspelt ids, keys and values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: How alike two words must be (difflib's ratio) for one to be suggested for the other: high
#: enough that `kind` does not suggest `id`, low enough that `finsh_by` suggests `finish_by`.
CUTOFF = 0.7


def closest(word: str, candidates: Iterable[str], *, exclude: str | None = None) -> str | None:
    """The candidate `word` was most likely meant to be, if any is close enough. Case is
    ignored in the comparison (`fs` suggests `FS`); `exclude` is never suggested."""
    by_folded: dict[str, str] = {}
    for candidate in candidates:
        if candidate != exclude:
            by_folded.setdefault(candidate.casefold(), candidate)
    matches = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=CUTOFF)
    return by_folded[matches[0]] if matches else None


def did_you_mean(word: str, candidates: Iterable[str], *, exclude: str | None = None) -> str:
    """`"; did you mean 'x'?"`, or nothing when no candidate is close."""
    match = closest(word, candidates, exclude=exclude)
    return f"; did you mean '{match}'?" if match else ""
