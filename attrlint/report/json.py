"""One JSON array of the stable diagnostic objects (``Diagnostic.to_json``), for scripts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrlint.model import Diagnostic

if TYPE_CHECKING:
    from attrlint.report import ReportContext


def render(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"
