"""The scalar types of format 1: ids, months and durations.

Months are held as one integer, `year * 12 + (month - 1)`, so that month arithmetic is integer
arithmetic; durations are held in whole months whatever spelling the file used (`24`, `"24m"`,
`"8q"` and `"2y"` are the same value).
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
MONTH_PATTERN = r"^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])$"  # years 0001 to 9999
#: A duration string of at most 12,000 months (`MAX_MONTHS`), for the JSON Schema: up to
#: 12000m, 4000q or 1000y, leading zeros allowed (a test checks it against the parser).
_BOUNDED = (r"0*(?:(?:[0-9]{1,4}|1[01][0-9]{3}|12000)m|(?:[0-9]{1,3}|[1-3][0-9]{3}|4000)q"
            r"|(?:[0-9]{1,3}|1000)y)")
DURATION_PATTERN = rf"^{_BOUNDED}$"
LAG_PATTERN = rf"^-?{_BOUNDED}$"

#: No duration, lag or date offset may exceed this many months (1,000 years): larger values are
#: typing mistakes, and every date computed from them must stay within the years 1–9999.
MAX_MONTHS = 12_000

_SLUG = re.compile(SLUG_PATTERN)
# ASCII digits only (`\d` would take "２０２５"), matched whole (`$` alone would let a final
# newline through)
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DURATION = re.compile(r"(-?)([0-9]+)([mqy])")
_UNIT_MONTHS = {"m": 1, "q": 3, "y": 12}


#: A message quotes at most this many characters of a value (a 100,000-character value would
#: make a line as long in every CI log).
MAX_QUOTED = 80


def clipped(text: str) -> str:
    """`text`, or its first characters and `…` with how many there are in all."""
    if len(text) <= MAX_QUOTED:
        return text
    return f"{text[:MAX_QUOTED - 20]}… ({len(text):,} characters)"


def toml_type(value: object, *, month_hint: bool = True) -> str:
    """What a TOML value is, as a message says it: "a string", "the integer 5", "a table" (a
    date or time with a word on writing months, unless `month_hint` is false)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return f"the integer {value}" if abs(value) < 10**12 else "an integer"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):  # quoted, so that `cost = "250억"` shows what was written
        return f"the string '{shown(value)}'" if len(value) <= 40 else "a string"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if hasattr(value, "year") or hasattr(value, "hour"):  # a date, date-time or time
        hint = " (write months as a string \"YYYY-MM\")" if month_hint else ""
        return f"a TOML date or time{hint}"
    return "a value of another kind"


def shown(text: str) -> str:
    """`text` as a message quotes it: control characters escaped (`\\n`), so that a value
    with a newline or a tab in it shows what is wrong with it on one line; a long value cut."""
    text = clipped(text)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == " " else repr(char)[1:-1]
                   for char in text)


def is_slug(text: str) -> bool:
    return bool(_SLUG.fullmatch(text))


def _slug(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "an id must be a string")
    if not _SLUG.fullmatch(value):
        raise PydanticCustomError(
            "invalid_id",
            "'{value}' is not a valid id: use lowercase letters, digits, '.', '_' and '-', "
            "starting with a letter or digit{hint}",
            {"value": shown(value), "hint": _slug_hint(value)},
        )
    return value


def _slug_hint(value: str) -> str:
    """`; did you mean '…'?` with the id `value` makes (`Registry 2030` → `registry-2030`,
    `클라우드` → `keullaudeu`), where it makes one."""
    from egovplan.template import suggested_id  # only for a message

    made = suggested_id(value) if len(value) <= MAX_QUOTED else ""
    return f"; did you mean '{made}'?" if made else ""


#: The other ways a month gets written: `2025-1`, `2025/01`, `2025.01`, `2025-01-15`, `2025년
#: 1월`, `2025年1月` (after NFKC, which makes an IME's `２０２５－０１` ASCII).
_MONTH_SPELT = re.compile(
    r"([0-9]{4})\s*(?:[-/.]|년|年)\s*([0-9]{1,2})\s*(?:월|月)?"
    r"(?:\s*[-/.]\s*[0-9]{1,2}\s*(?:일|日)?)?\.?|([0-9]{4})([0-9]{2})")


#: The longest month or duration written otherwise that a guess is made for.
_LONGEST_SPELLING = 40


def month_meant(value: Any) -> str | None:
    """The month `"YYYY-MM"` that `value` (a string or a number such as 202501) was most
    likely meant to be, where it reads as one; `None` otherwise."""
    import unicodedata

    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    if isinstance(value, str) and len(value) > _LONGEST_SPELLING:
        return None  # no month is written so long (and the pattern's blanks would backtrack)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = _MONTH_SPELT.fullmatch(text)
    if match is None:
        return None
    year, month = (int(match[1]), int(match[2])) if match[1] else (int(match[3]), int(match[4]))
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return None
    meant = f"{year:04d}-{month:02d}"
    return None if meant == value else meant


def _month_hint(value: Any) -> str:
    meant = month_meant(value)
    return f"; did you mean \"{meant}\"?" if meant else ""


#: The kinds as Korean or Chinese planners write them (the seed strategy's 优先 and 重点支持):
#: `import` reads them so, and `validate` suggests the kind they name.
LOCAL_KINDS = {"우선": "priority", "우선추진": "priority", "지원": "support",
               "중점지원": "support", "优先": "priority", "優先": "priority",
               "支持": "support", "重点支持": "support", "重點支持": "support"}


def parse_month(value: Any) -> int:
    """`"1987-01"` → its month number; anything else raises a pydantic error."""
    if not isinstance(value, str):
        if hasattr(value, "year") and hasattr(value, "month"):
            raise PydanticCustomError(
                "invalid_month",
                "a month is a string \"YYYY-MM\", not a TOML date: write \"{month}\"",
                {"month": f"{value.year:04d}-{value.month:02d}"},
            )
        raise PydanticCustomError("invalid_month",
                                  "a month must be a string \"YYYY-MM\"{hint}",
                                  {"hint": _month_hint(value)})
    match = _MONTH.fullmatch(value)
    if not match:
        raise PydanticCustomError(
            "invalid_month",
            "'{value}' is not a month: write \"YYYY-MM\", e.g. \"1987-01\"{hint}",
            {"value": shown(value), "hint": _month_hint(value)},
        )
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise PydanticCustomError(
            "invalid_month", "'{value}' is not a month: the month must be 01 to 12",
            {"value": shown(value)},
        )
    if year < 1:
        raise PydanticCustomError(
            "invalid_month", "'{value}' is not a month: the year must be 0001 to 9999",
            {"value": shown(value)},
        )
    return year * 12 + month - 1


@functools.cache
def format_month(number: int) -> str:
    """A month number as `YYYY-MM`."""
    year, month = divmod(number, 12)
    return f"{year:04d}-{month + 1:02d}"


#: Units as planners write them, in English, Korean and Chinese → the format's letter.
_UNIT_WORDS = {
    "m": "m", "mo": "m", "mos": "m", "month": "m", "months": "m", "개월": "m", "달": "m",
    "個月": "m", "个月": "m", "月": "m",
    "q": "q", "quarter": "q", "quarters": "q", "분기": "q", "季度": "q", "季": "q",
    "y": "y", "yr": "y", "yrs": "y", "year": "y", "years": "y", "년": "y", "年": "y",
}
_DURATION_PART = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([^\s0-9.,+-]*)\s*,?")


def duration_meant(value: str, *, allow_negative: bool) -> str | None:
    """How a duration (or lag) written otherwise (`18개월`, `6个月`, `18M`, `18 m`, `1.5y`,
    `1y6m`, `"18"`) is written in the format: `"18m"`, `"3y"`, or a bare `18`, quoted as
    TOML would take it; `None` when it does not read as whole months."""
    import unicodedata

    if len(value) > _LONGEST_SPELLING:
        return None
    text = unicodedata.normalize("NFKC", value).strip().casefold()
    sign = ""
    if text[:1] in ("-", "+"):
        sign, text = text[0], text[1:]
    parts: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _DURATION_PART.match(text, position)
        if match is None or match.end() == position:
            return None
        parts.append((match[1], match[2]))
        position = match.end()
    if not parts or (sign == "-" and not allow_negative):
        return None
    if any(len(number) > 12 for number, _ in parts):
        return None  # past any date, and past what a float holds exactly
    if len(parts) == 1 and not parts[0][1]:  # a bare number, quoted
        number = parts[0][0]
        if not number.isdigit() or int(number) > MAX_MONTHS:
            return None
        return f"{sign if sign == '-' else ''}{number}"
    months = 0.0
    units = []
    for number, word in parts:
        unit = _UNIT_WORDS.get(word)
        if unit is None:
            return None
        units.append(unit)
        months += float(number) * _UNIT_MONTHS[unit]
    if months != int(months):
        return None
    written = (f"{parts[0][0]}{units[0]}" if len(parts) == 1 and parts[0][0].isdigit()
               else f"{int(months)}m")
    meant = f"{'-' if sign == '-' else ''}{written}"
    try:  # only what the format takes (`"99999999999y"` is past any date)
        _months(meant, allow_negative=allow_negative)
    except PydanticCustomError:
        return None
    return None if meant == value else f'"{meant}"'


def _months(value: Any, *, allow_negative: bool) -> int:
    what = "a lag" if allow_negative else "a duration"
    examples = '(2, -3) or a string such as "2m", "-1q", "1y"' if allow_negative else (
        '(24) or a string such as "18m", "2q", "5y"')
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise PydanticCustomError(
            "invalid_duration", "{what} must be whole months {examples}",
            {"what": what, "examples": examples},
        )
    if isinstance(value, int):
        months = value
    else:
        match = _DURATION.fullmatch(value)
        if not match:
            meant = duration_meant(value, allow_negative=allow_negative)
            raise PydanticCustomError(
                "invalid_duration",
                "'{value}' is not {what}: write whole months {examples}{hint}",
                {"value": shown(value), "what": what, "examples": examples,
                 "hint": f"; did you mean {meant}?" if meant else ""},
            )
        sign, digits, unit = match.groups()
        if len(digits) > 9:  # beyond the limit below; do not convert a huge number
            raise PydanticCustomError(
                "invalid_duration",
                "'{value}' is past the limit of {limit} months (1,000 years) for {what}, "
                "which no real plan reaches: a typing mistake?",
                {"value": shown(value), "limit": MAX_MONTHS, "what": what},
            )
        months = int(sign + digits) * _UNIT_MONTHS[unit]
        if sign and not allow_negative and not months:  # as the schema says: no sign at all
            raise PydanticCustomError(
                "invalid_duration", "'{value}' is not a duration: a duration has no sign",
                {"value": shown(value)})
    if months < 0 and not allow_negative:
        raise PydanticCustomError(
            "invalid_duration",
            "a duration cannot be negative ({months} month{s}); only a lag may be (a lead)",
            {"months": months, "s": "" if months == -1 else "s"},
        )
    if abs(months) > MAX_MONTHS:
        raise PydanticCustomError(
            "invalid_duration",
            "{what} of {months} months is past the limit of {limit} months (1,000 years), "
            "which no real plan reaches: a typing mistake?",
            {"what": what, "months": months, "limit": MAX_MONTHS},
        )
    return months


def parse_duration(value: Any) -> int:
    return _months(value, allow_negative=False)


def parse_lag(value: Any) -> int:
    return _months(value, allow_negative=True)


Slug = Annotated[
    str, BeforeValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})
]
Month = Annotated[
    int,
    BeforeValidator(parse_month),
    WithJsonSchema({"type": "string", "pattern": MONTH_PATTERN, "examples": ["1987-01"]}),
]
# Durations and lags are unions so that a plain integer, by far the most common spelling, is
# checked natively by pydantic-core with no Python call (a third of the model's cost on a large
# roadmap); anything else goes to the Python parser, whose error is the one reported (see
# `egovplan.model.build`, which drops the native branch's error).
NATIVE_BRANCH = "constrained-int"
PARSER_BRANCH = "function-before["

Duration = Annotated[
    Annotated[int, Field(ge=0, le=MAX_MONTHS, strict=True)]
    | Annotated[int, BeforeValidator(parse_duration)],
    Field(union_mode="left_to_right"),
    WithJsonSchema({
        "oneOf": [
            {"type": "integer", "minimum": 0, "maximum": MAX_MONTHS},
            {"type": "string", "pattern": DURATION_PATTERN},
        ],
        "description": "months: 24, or \"18m\", \"2q\" (quarters), \"5y\" (years)",
    }),
]
Lag = Annotated[
    Annotated[int, Field(ge=-MAX_MONTHS, le=MAX_MONTHS, strict=True)]
    | Annotated[int, BeforeValidator(parse_lag)],
    Field(union_mode="left_to_right"),
    WithJsonSchema({
        "oneOf": [
            {"type": "integer", "minimum": -MAX_MONTHS, "maximum": MAX_MONTHS},
            {"type": "string", "pattern": LAG_PATTERN},
        ],
        "description": "months, negative for a lead: 2, \"-1q\"",
    }),
]
