"""The stable codes of the findings that reading and the schema produce, with what each finds.

The whole-roadmap checks (egovplan.checks) and the coverage gaps (egovplan.analysis.gaps)
document their codes in their docstrings; `all_codes` in the SARIF renderer puts the three
together, one rule per code.
"""

from __future__ import annotations

READING_AND_SCHEMA: dict[str, str] = {
    "too-large": "The file is larger than the size limit (--max-bytes).",
    "encoding": "The file is not UTF-8.",
    "toml-syntax": "The file is not valid TOML.",
    "too-deep": "Values are nested more than 80 levels deep.",
    "unknown-key": "A key the format does not have (typos are caught; 'x' tables are free).",
    "missing-key": "A required key is absent.",
    "invalid-type": "A value of the wrong TOML type.",
    "invalid-value": "A value out of range or not among the choices.",
    "invalid-id": "An id that is not a slug: lowercase letters, digits, '.', '_' and '-'.",
    "invalid-month": "A month that is not \"YYYY-MM\" with a month from 01 to 12.",
    "invalid-duration": "A duration that is not whole months or \"<n>m\", \"<n>q\", \"<n>y\".",
    "unsupported-format": "The format version is not 1.",
}
