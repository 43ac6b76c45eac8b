"""The starter roadmap `egovplan init` writes: valid, schedulable, and commented."""

from __future__ import annotations

import re
import unicodedata

import tomli_w

from egovplan.model.types import format_month


def slug(text: str, fallback: str = "roadmap") -> str:
    """An id made from free text: lowercase ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return made or fallback


def _string(value: str) -> str:
    """`value` as a TOML string literal."""
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


#: The months the starter roadmap spans (its phase and its deadline end in the last one).
STARTER_MONTHS = 24


def starter(title: str, start: int, file: str = "roadmap.toml") -> str:
    """The text of a starter roadmap beginning at month `start` (an absolute month number);
    `file`: its name as the comments' commands give it (a shell argument on one line)."""
    first, phase_end = format_month(start), format_month(start + STARTER_MONTHS - 1)
    return f'''# An egovplan roadmap (format 1). Check it:     egovplan validate {file}
# Schedule it:  egovplan schedule {file}      What is missing:  egovplan gaps {file}
# The format:   docs/format.md of egovplan, or `egovplan schema` for editors.
format = 1

[roadmap]
id = {_string(slug(title))}                # a slug: lowercase letters, digits, . _ -
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
