"""Findings as GitHub Actions workflow commands, so that they appear on the pull request at
their line (`::error file=…,line=…,col=…,title=…::message`).

GitHub shows only a few annotations per step, so the plain form of every finding follows.
"""

from __future__ import annotations

from collections.abc import Sequence

from egovplan.findings import Finding
from egovplan.render.safe import controls_escaped


def escape_data(text: str) -> str:
    """A message: `%`, CR and LF escaped as GitHub's toolkit escapes them, and any other control
    character as `\x1b` (the log would act on an escape sequence)."""
    text = controls_escaped(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: also `:` and `,`, which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = [f"file={escape_property(finding.path)}"]
    if finding.line is not None:
        properties += [f"line={finding.line}", f"col={finding.column or 1}"]
    properties.append(f"title={escape_property(f'egovplan {finding.code}')}")
    return f"::{finding.severity} {','.join(properties)}::{escape_data(finding.message)}"


def workflow_commands(findings: Sequence[Finding]) -> str:
    return "".join(annotation(finding) + "\n" for finding in findings)
