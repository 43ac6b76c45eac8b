"""Did-you-mean: close misspellings are suggested, mere look-alikes are not."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan.suggest import CUTOFF, closest


def edits(first: str, second: str) -> int:
    """The optimal-string-alignment distance, by its definition: insertions, deletions,
    substitutions and swaps of two neighbouring letters (the reference for `rapidfuzz`)."""
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
        # an IME's full-width letters and digits are read as ASCII
        ("ｃｌｏｕｄ", ["cloud", "clouds-2"], "cloud"),
        ("service.２", ["service.1", "service.2"], "service.2"),
        # two as close in every way: no guess
        ("service.3", ["service.1", "service.2"], None),
        ("p3", ["p1", "p2", "q3x"], None),
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


def reference(word: str, candidates: list[str]) -> str | None:
    """The rule `closest` implements, by brute force: of the candidates within a third of the
    word's letters in edits (at least one) that look alike by difflib's ratio, the fewest
    edits, then the longest shared beginning, then the likest, and none if two are likest;
    failing that, the one candidate a word of three letters or more begins."""
    import unicodedata

    def fold(text: str) -> str:
        return unicodedata.normalize("NFKC", text).casefold()

    folded = fold(word)
    by_folded: dict[str, str] = {}
    for candidate in candidates:
        by_folded.setdefault(fold(candidate), candidate)
    limit = max(1, len(folded) // 3)
    ranked = []
    for index, candidate in enumerate(by_folded):
        distance = edits(folded, candidate)
        shared = len(next((a for a in [folded[:n] for n in range(len(folded), -1, -1)]
                           if candidate.startswith(a)), ""))
        ratio = difflib.SequenceMatcher(None, candidate, folded).ratio()
        if distance <= limit and ratio >= CUTOFF:
            ranked.append((distance, -shared, -ratio, index, candidate))
    if ranked:
        ranked.sort()
        if len(ranked) > 1 and ranked[0][:3] == ranked[1][:3]:
            return None
        return by_folded[ranked[0][4]]
    begun = [c for c in by_folded if len(folded) >= 3 and c.startswith(folded)]
    return by_folded[begun[0]] if len(begun) == 1 else None


WORDS = st.text(st.sampled_from("abcde-_.1ＡｂＣ１"), min_size=0, max_size=9)


@settings(max_examples=400)
@given(WORDS, st.lists(WORDS, max_size=12))
def test_closest_follows_its_rule(word: str, candidates: list[str]) -> None:
    assert closest(word, candidates) == reference(word, candidates)


@settings(max_examples=300)
@given(WORDS, WORDS)
def test_rapidfuzz_counts_edits_as_the_definition_does(first: str, second: str) -> None:
    from rapidfuzz.distance import OSA

    assert OSA.distance(first, second) == edits(first, second)


def test_thousands_of_ids_are_searched_at_c_speed() -> None:
    """Not a timing: the count of Python-level likeness ratios taken. difflib compared every
    id (2,000 ratios a word); now only the closest few."""
    import egovplan.suggest as suggest

    ids = [f"agency-service-{n:04d}" for n in range(2000)]
    taken = []
    original = suggest._ratio
    try:
        suggest._ratio = lambda a, b: taken.append(b) or original(a, b)  # type: ignore[func-returns-value]
        assert closest("agency-services-0042", ids) == "agency-service-0042"
    finally:
        suggest._ratio = original
    assert len(taken) <= 5


def test_a_title_is_told_past_the_spelling_budget() -> None:
    """The spelling search is budgeted (it compares a word with every id); a title is a
    dictionary lookup, told for every word."""
    from egovplan.suggest import SuggestionBudget, Titles

    asked = []

    def entries() -> list[tuple[str, str | None]]:
        asked.append(1)
        return [("resident-registration", "주민등록 전산화"), ("b", None), ("c", "")]

    titles = Titles(entries)
    spent = SuggestionBudget(limit=0)
    assert spent("resident-registraton", ["resident-registration"], titles=titles) == ""
    assert spent("주민등록\u3000전산화", ["resident-registration"], titles=titles) == (
        "; did you mean 'resident-registration'? that is its title, not its id")
    assert spent("주민등록 전산화", ["resident-registration"], titles=titles,
                 exclude="resident-registration") == (
        "; that is the title of 'resident-registration' itself")
    assert asked == [1]  # the titles are read once, when first asked
