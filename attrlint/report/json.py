"""One JSON array of the stable diagnostic objects (``Diagnostic.to_json``), for scripts."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from attrlint.model import Diagnostic

if TYPE_CHECKING:
    from attrlint.report import ReportContext


def render(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> str:
    return "".join(pieces(diagnostics, ctx))


def pieces(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> Iterator[str]:
    # One finding per line: as easy to read and grep as an indented array, and written by the C
    # encoder (``indent`` falls back to the pure-Python one, a third of a cached run's time).
    if not diagnostics:
        yield "[]\n"
        return
    yield "["
    sep = "\n  "
    for d in diagnostics:
        yield sep + json.dumps(d.to_json(), ensure_ascii=False)
        sep = ",\n  "
    yield "\n]\n"
