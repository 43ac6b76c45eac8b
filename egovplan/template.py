"""The starter roadmap `egovplan init` writes: valid, schedulable, and commented."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

import tomli_w

from egovplan.model.types import format_month


def slug(text: str, fallback: str = "roadmap") -> str:
    """An id made from free text: lowercase ASCII letters, digits and dashes; Hangul
    romanized (`전자정부 2030` → `jeonjajeongbu-2030`), accents dropped (`Café` → `cafe`);
    `fallback` where nothing is left (text in Chinese characters, say)."""
    ascii_text = "".join(
        char if char.isascii() else "" if unicodedata.category(char)[0] in "LM" else " "
        for char in unicodedata.normalize("NFKD", romanized(text)))  # a dash `–` parts words
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return made or fallback


# The Revised Romanization of Korean, letter by letter (each syllable on its own: no sound
# changes across syllables, so `주민등록` is `jumindeungrok`, not `jumindeungnok`).
_INITIALS = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()  # noqa: SIM905 - as tabled
_VOWELS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()  # noqa: SIM905
_FINALS = ["", *"k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()]  # noqa: SIM905
_SYLLABLES = range(0xAC00, 0xD7A4)


def romanized(text: str) -> str:
    """`text` with each Hangul syllable in the Revised Romanization's letters."""
    if text.isascii():
        return text
    out = []
    last_final = 0
    # composed first: a decomposed syllable (macOS file names, some pasted text) is jamo
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        if code in _SYLLABLES:
            initial, rest = divmod(code - 0xAC00, 21 * 28)
            vowel, final = divmod(rest, 28)
            # ㄹ after ㄹ is `ll` (`플랫폼` → `peullaetpom`); a silent ㅇ after a final
            # consonant gets the standard's hyphen, so that `안일` (an-il) is not `아닐` (anil)
            if initial == _RIEUL and last_final == _FINAL_RIEUL:
                first = "l"
            elif initial == _SILENT and last_final:
                first = "-"
            else:
                first = _INITIALS[initial].strip("-")
            out.append(first + _VOWELS[vowel] + _FINALS[final])
            last_final = final
        else:
            out.append(char)
            last_final = 0
    return "".join(out)


_RIEUL, _FINAL_RIEUL, _SILENT = 5, 8, 11


def suggested_id(text: str) -> str:
    """The id `text` was probably meant to be: itself lowercased where that is a slug
    (`Stage.1` → `stage.1`, where `slug` would make `stage-1`), else `slug`'s ("" if none)."""
    from egovplan.model.types import is_slug

    return text.lower() if is_slug(text.lower()) else slug(text, "")


def free_id(base: str, taken: Container[str], numbers: dict[str, int] | None = None) -> str:
    """`base`, or `base-N` with the first N from 2 that `taken` does not hold. `numbers`, where
    the caller adds each id it is given to `taken` (which then only grows), keeps per base the
    number its next variant is tried from: many names making one id (`Testing`, `X!?`) are
    numbered in one pass, not each from 2 again (the same ids)."""
    free, number = base, 2 if numbers is None else numbers.get(base, 2)
    while free in taken:
        free, number = f"{base}-{number}", number + 1
    if numbers is not None:
        numbers[base] = number
    return free


def letters_lost(text: str) -> str:
    """The letters of `text` that `slug` cannot carry into an id (Chinese characters, kana),
    in order, each once."""
    lost = {char: None for char in unicodedata.normalize("NFC", text)
            if not char.isascii() and unicodedata.category(char)[0] == "L"
            and ord(char) not in _SYLLABLES
            and not unicodedata.normalize("NFKD", char)[0].isascii()}
    return "".join(lost)


def _string(value: str) -> str:
    """`value` as a TOML string literal."""
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


#: The months the starter roadmap spans (its phase and its deadline end in the last one).
STARTER_MONTHS = 24


def starter(title: str, start: int, file: str = "roadmap.toml",
            roadmap_id: str | None = None) -> str:
    """The text of a starter roadmap beginning at month `start` (an absolute month number);
    `file`: its name as the comments' commands give it (a shell argument on one line); its id
    `roadmap_id`, or made from the title."""
    first, phase_end = format_month(start), format_month(start + STARTER_MONTHS - 1)
    return f'''# An egovplan roadmap (format 1). Check it:     egovplan validate {file}
# Schedule it:  egovplan schedule {file}      What is missing:  egovplan gaps {file}
# The format:   docs/format.md of egovplan, or `egovplan schema` for editors.
format = 1

[roadmap]
id = {_string(roadmap_id or slug(title))}                # a slug: lowercase letters, digits, . _ -
title = {_string(title)}
start = "{first}"                 # month 0 of the plan (YYYY-MM)
# declared = {{ goals = 1, measures = 2 }}   # what the source document promises, if one does

# Domains the projects serve: `id = "title"`.
[domains]
services = "Public services"

# A phase: a window of time (months inclusive). Phases may overlap.
[phases.phase-1]
title = "Phase 1"
start = "{first}"
end = "{phase_end}"

# A goal and its numbered measures; projects serve measures as "<goal>.<measure>".
[goals.services]
title = "Better services for citizens"

[goals.services.measures.1]
title = "One window for every civil application"

[goals.services.measures.2]
title = "Records shared between agencies"

# Projects. kind: "priority" (launched first) or "support" (given key support).
# duration: months (12), or "18m", "2q", "1y". depends_on: ids, or {{ id, type, lag }}.
[projects.shared-records]
title = "Share the core records between agencies"
kind = "priority"
phase = "phase-1"
serves = ["services.2"]
domains = ["services"]
duration = "1y"

[projects.one-window]
title = "A single window for civil applications"
kind = "support"
phase = "phase-1"
serves = ["services.1"]
domains = ["services"]
duration = 9
depends_on = [{{ id = "shared-records", type = "SS", lag = "1q" }}]   # starts a quarter later
finish_by = "{phase_end}"         # must finish in or before this month

# A milestone: duration 0.
[projects.launch]
title = "Launch"
duration = 0
depends_on = ["one-window"]
'''
