"""Numbers as people and spreadsheets read them: whole numbers without a decimal point or an
exponent, others without float noise (`0.1 + 0.2` shows as 0.3) and without losing digits
(`:g` would show 1234567 as 1.23457e+06); and counts in words (`plural`)."""

from __future__ import annotations

import math

#: Whole numbers up to this size are written out in digits; larger ones with an exponent.
LARGEST_WRITTEN_OUT = 1e15

#: A month may use this fraction more than a capacity: room for the rounding of sums of
#: decimal amounts (`0.1 + 0.2` fits a capacity of `0.3`, 41952490.1 + 22205586.3 one of
#: 64158076.4: each amount is off by at most about 1e-16 of itself, so this covers thousands
#: at once), relative, so that it neither swamps a tiny capacity nor misses a large one's
#: (10,000,000,005 of 10,000,000,000 is over).
CAPACITY_TOLERANCE = 1e-12


def capacity_limit(capacity: float) -> float:
    """The most a month may use of a resource of this capacity (never infinite for a finite
    capacity: near the largest float, the capacity itself)."""
    limit = capacity + CAPACITY_TOLERANCE * abs(capacity)
    return limit if math.isfinite(limit) or not math.isfinite(capacity) else capacity


def grouped(value: float) -> str:
    """An amount with thousands separators, in digits up to 2⁵³, about 9 × 10¹⁵, past which a
    float holds no more whole digits (a budget in won: `2,663,690,476,190.48`, where
    `format_number` writes `2.66369047619e+12`), to 12 significant digits at least and no
    float noise (`0.1 + 0.2` is `0.3`); below 10⁻⁴, and past 2⁵³, as `format_number` writes
    it."""
    if not math.isfinite(value) or abs(value) >= 2.0**53 or (value and abs(value) < 1e-4):
        return format_number(value)
    # the digits before the point (for a fraction, minus its leading zeros after it)
    magnitude = math.floor(math.log10(abs(value))) + 1 if value else 1
    text = f"{value:,.{max(0, 12 - magnitude, 2 if magnitude > 10 else 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def plural(number: int, word: str) -> str:
    """`number` and `word`, with an "s" unless there is one: "1 month", "15 months"."""
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def format_number(value: float, *, exact: bool = False) -> str:
    """`value` for a message or a table (12 significant digits, so that float noise goes), or
    with `exact` every digit Python needs to read it back (for machine formats)."""
    if not math.isfinite(value):
        return "inf" if value > 0 else "-inf" if value < 0 else "nan"
    if abs(value) < LARGEST_WRITTEN_OUT and (value == int(value) or (
            not exact and round(value) and abs(value - round(value)) <= 1e-9)):
        return str(round(value))  # (a tiny value is not noise around 0: 1e-10 stays)
    return repr(float(value)) if exact else f"{value:.12g}"


def difference(value: float, base: float) -> float:
    """`value - base` without the float noise of the subtraction (about one unit in the
    16th significant digit of the larger): `10.0001 - 10` is `0.0001`, not
    `9.99999999998e-05`; rounded to 15 significant digits of the larger."""
    gap = value - base
    scale = max(abs(value), abs(base))
    if not math.isfinite(gap) or scale == 0 or gap == 0:
        return gap
    digits = 15 - (math.floor(math.log10(scale)) + 1)
    return round(gap, digits) if digits < 300 else gap


def eighths(value: float, full: float) -> int:
    """The eighths of a bar's cell (0-8) that `value` fills out of `full` (> 0), rounded, but
    at least one for any value above nothing: a month's use or a run that happened is never
    drawn as a blank."""
    filled = round(min(value / full, 1.0) * 8)  # (an infinite ratio, 1 / 1e-309, is full)
    return max(filled, 1) if value > 0 else 0
