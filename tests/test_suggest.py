"""Did-you-mean: close misspellings are suggested, mere look-alikes are not."""

from __future__ import annotations

import pytest

from egovplan.suggest import closest, edits


@pytest.mark.parametrize(
    ("word", "candidates", "expected"),
    [
        ("finsh_by", ["finish_by", "not_before", "title"], "finish_by"),
        ("resident-registraton", ["resident-registration", "real-estate"],
         "resident-registration"),
        ("bx", ["a", "b"], "b"),
        ("ax", ["x", "a", "a0"], "a"),  # as close as `x`, but sharing its beginning
        ("mial", ["mail", "land"], "mail"),
        ("fs", ["FS", "SS", "FF", "SF"], "FS"),
        ("Support", ["priority", "support"], "support"),
        ("kind", ["id", "type", "lag", "x"], None),
        ("zzz", ["alpha", "beta"], None),
    ],
)
def test_closest(word: str, candidates: list[str], expected: str | None) -> None:
    assert closest(word, candidates) == expected


def test_the_excluded_candidate_is_never_suggested() -> None:
    assert closest("land-registr", ["land-registry"], exclude="land-registry") is None


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [("", "abc", 3), ("abc", "abc", 0), ("abcd", "abdc", 1), ("kitten", "sitting", 3)],
)
def test_edits(first: str, second: str, distance: int) -> None:
    assert edits(first, second) == distance
    assert edits(second, first) == distance


def test_a_word_cut_short_suggests_the_one_word_it_begins() -> None:
    from egovplan.suggest import closest

    assert closest("prio", ["priority", "support"]) == "priority"
    assert closest("sup", ["priority", "support"]) == "support"
    assert closest("pr", ["priority", "support"]) is None  # too short to say
    assert closest("res", ["resident-registration", "real-estate", "resources"]) is None
