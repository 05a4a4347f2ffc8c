"""JSON Lines: one compact diagnostic object per line, so tools can stream and grep them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrlint.model import Diagnostic

if TYPE_CHECKING:
    from attrlint.report import ReportContext

# JSON allows these raw inside strings, but Python's str.splitlines() and some editors treat them
# as line breaks, which would split one record in two.
_LINE_SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029"})


def render(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> str:
    return "".join(
        json.dumps(d.to_json(), ensure_ascii=False, separators=(",", ":")).translate(_LINE_SEPARATORS) + "\n"
        for d in diagnostics
    )
