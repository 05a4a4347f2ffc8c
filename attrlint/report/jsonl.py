"""JSON Lines: one compact diagnostic object per line, so tools can stream and grep them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from attrlint.model import Diagnostic

if TYPE_CHECKING:
    from attrlint.report import ReportContext

# JSON allows these raw inside strings, but Python's str.splitlines() and some editors treat them
# as line breaks, which would split one record in two.
_LINE_SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029"})


def render(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> str:
    return "".join(pieces(diagnostics, ctx))


def pieces(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> Iterator[str]:
    records: Iterable[dict] = (d.to_json() for d in diagnostics)
    if ctx.explanations is not None:
        records = _explained(diagnostics, ctx)
    for r in records:
        yield json.dumps(r, ensure_ascii=False, separators=(",", ":")).translate(_LINE_SEPARATORS) + "\n"


def _explained(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> list[dict]:
    """--explain: a finding on a number gets an ``explain`` field; every other number gets a
    record of its own, which has ``figure``, ``verdict`` and ``explain`` but no ``code``."""
    verdicts = {(v.path, v.line, v.column, v.code): v for v in ctx.explanations or () if v.code}
    records: list[tuple[tuple, dict]] = []
    for d in diagnostics:
        record = d.to_json()
        v = verdicts.get((d.path, d.line, d.column, d.code))
        if v is not None:
            record["explain"] = v.reason
        records.append(((d.path, d.line, d.column, 0), record))
    for v in ctx.explanations or ():
        if not v.code:
            records.append(((v.path, v.line, v.column, 1), v.to_json()))
    return [r for _k, r in sorted(records, key=lambda kr: kr[0])]
