"""Fixes for findings, as edits at source offsets: what the editor offers as quick fixes and what
``attrlint check --fix`` applies.

A fix is safe when it cannot change what the story says: writing a name the way the draft writes
it elsewhere (AT401) and retyping look-alike letters in Latin script (AT402). Crediting an
uncredited figure to the source the fact file names (AT101) is unsafe: it puts words in a
source's mouth, so it is only applied when asked (``--unsafe-fixes``), as ruff does.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from attrlint.facts import FactBase
from attrlint.model import Diagnostic
from attrlint.spans import CLOSING_QUOTES, SENTENCE_ENDS, sentence_end

_RETYPE = re.compile(r'^write "(?P<word>[^"]+)" with (?P<script>\w+) letters only$')


class Applicability(str, enum.Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class Edit:
    """Replace the draft text at offsets [start, end) with ``text`` (an insertion when start == end)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fix:
    """The edits that resolve one finding, a title for menus, and whether it is safe."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)

    def applies(self, unsafe: bool) -> bool:
        """Whether ``--fix`` applies it (safe ones), or ``--fix --unsafe-fixes`` (all)."""
        return unsafe or self.applicability is Applicability.SAFE


def credit_fix(text: str, figure_end: int, source: str) -> Fix:
    """Credit ``source`` at the end of the figure's sentence: "…, SOURCE said." — and for a quoted
    sentence, wire style: ``…troops," SOURCE said.``"""
    end = sentence_end(text, figure_end)
    title = f"Credit {source}: add \u201c{source} said\u201d"
    if end < len(text) and text[end] in SENTENCE_ENDS:
        after = end + 1
        if text[end] == "." and after < len(text) and text[after] in CLOSING_QUOTES:
            edit = Edit(end, after + 1, f",{text[after]} {source} said.")
        else:
            edit = Edit(end, end, f", {source} said")
    else:
        edit = Edit(end + 1, end + 1, f", {source} said")
    return Fix(title, (edit,), Applicability.UNSAFE)


def fixes_for(d: Diagnostic, text: str, span: tuple[int, int], facts: FactBase | None) -> list[Fix]:
    """The fixes a finding allows (none when its suggestion is not a mechanical edit).

    ``span`` is the finding's [start, end) in ``text`` (``attrlint.spans.diagnostic_span``)."""
    start, end = span
    written = text[start:end]
    if d.code == "AT101" and d.fact and facts is not None:
        fact = facts.fact(d.fact)
        if fact is not None:
            return [credit_fix(text, end, facts.display_name(fact.source))]
    if d.code == "AT401" and d.suggestion and written and " " not in d.suggestion.strip():
        word = d.suggestion.strip()
        if word != written:
            return [Fix(f"Write \u201c{word}\u201d as elsewhere in the draft", (Edit(start, end, word),),
                        Applicability.SAFE)]
    if d.code == "AT402" and d.suggestion:
        m = _RETYPE.match(d.suggestion)
        # Look-alike letters swap one for one: a replacement of another length is not that fix.
        if m and len(m["word"]) == len(written) and m["word"] != written:
            return [Fix(f"Retype \u201c{written}\u201d in {m['script']} letters", (Edit(start, end, m["word"]),),
                        Applicability.SAFE)]
    return []


def non_overlapping(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes that can be applied together: in text order, each one that neither overlaps nor
    touches an earlier one (two insertions at one place would be ambiguous). The rest wait for the
    next round, after a re-check, as ruff's fix loop does."""
    chosen: list[Fix] = []
    last_end = -1
    seen: set[tuple[Edit, ...]] = set()
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if fix.edits in seen:
            continue  # the same edit for two findings (one spelling wrong twice in one place)
        if fix.start <= last_end:
            continue
        chosen.append(fix)
        seen.add(fix.edits)
        last_end = fix.end
    return chosen


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied (given in any order)."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos:e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
