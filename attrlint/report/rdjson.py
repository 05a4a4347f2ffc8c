"""Reviewdog Diagnostic Format (rdjson), for posting findings as review comments.

rdjson columns count UTF-8 bytes and its range end is exclusive; ours count characters with an
inclusive end, so columns are converted using the draft's text when the caller supplied it (for
ASCII lines both agree, and without the text character columns are the best we have).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from attrlint.model import Diagnostic, Severity
from attrlint.report import message_with_suggestion

if TYPE_CHECKING:
    from attrlint.report import ReportContext

_SEVERITY = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def render(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> str:
    result = {
        "source": {"name": "attrlint"},
        "diagnostics": [_diagnostic(d, ctx) for d in diagnostics],
    }
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def _diagnostic(d: Diagnostic, ctx: ReportContext) -> dict[str, Any]:
    start = {"line": d.line, "column": byte_column(ctx, d.path, d.line, d.column)}
    end = {"line": d.end_line, "column": byte_column(ctx, d.path, d.end_line, d.end_column + 1)}
    return {
        "message": message_with_suggestion(d),
        "location": {"path": d.path, "range": {"start": start, "end": end}},
        "severity": _SEVERITY[d.severity],
        "code": {"value": d.code},
    }


def byte_column(ctx: ReportContext, path: str, line: int, column: int) -> int:
    """1-based UTF-8 byte column of 1-based character ``column`` on ``line``."""
    text = ctx.source_line(path, line)
    if text is None:
        return column
    prefix = text[: column - 1]
    # Columns past the end of the line (a span reaching its line break) keep counting one per char.
    return len(prefix.encode("utf-8", "surrogatepass")) + max(column - 1 - len(prefix), 0) + 1
