"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

Escaping follows the Actions runner: in the message ``%``, CR and LF are percent-encoded; property
values (file, title) also encode ``:`` and ``,``, which would otherwise end the value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrlint.model import Diagnostic, Severity
from attrlint.printable import visible
from attrlint.report import message_with_suggestion

if TYPE_CHECKING:
    from attrlint.report import ReportContext

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> str:
    return "".join(annotation(d) + "\n" for d in diagnostics)


def annotation(d: Diagnostic) -> str:
    # Control characters from drafts and file names are made visible first (an escape sequence
    # would reach the log viewer); then the runner's own escaping applies.
    message = visible(d.message, line_breaks=True)
    suggestion = visible(d.suggestion, line_breaks=True) if d.suggestion else None
    props = {
        "file": visible(d.path),
        "line": d.line,
        "col": d.column,
        "endLine": d.end_line,
        "endColumn": d.end_column,
        "title": f"{d.code} {d.rule}",
    }
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    shown = message_with_suggestion(dataclasses.replace(d, message=message, suggestion=suggestion))
    return f"::{_COMMAND[d.severity]} {joined}::{escape_data(shown)}"


def escape_data(text: str) -> str:
    # "%" first, or the escapes added for CR/LF would be escaped again.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
