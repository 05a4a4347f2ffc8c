"""Text nested deeper than the Markdown parser goes, kept as plain text.

markdown-it stops at ``maxNesting`` levels (20: twenty ``>`` or ten list levels) and silently
drops everything below, so a draft of deeply nested quotes or lists was reported as clean. The
block parser is wrapped to record each range of lines it skips; those lines are then read as
plain text, each line its own block with its container markers (``>``, ``-``, ``1.``) and
indentation removed, so their figures and quotations are checked like any other.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from attrlint.model import BlockKind
from attrlint.segment.pieces import Builder, Lines, Unit, make_piece

SKIPPED = "attrlint.skipped_lines"
# markdown-it reads indentation one character at a time, and a nested list's indentation grows
# with its depth: a 2,000-level list is 4 MB of spaces. No container it parses (at most
# ``maxNesting`` levels, each a marker, a few spaces and up to three of indentation) starts
# near this column, so indentation beyond it decides nothing: the line stays inside the deepest
# container, and a code line stays a code line. Positions come from the source, not the copy.
INDENT_CAP = 512
_DEEP_INDENT_RE = re.compile(rf"^([ \t]{{{INDENT_CAP}}})[ \t]+", re.M)
# Container markers and indentation at the start of a line: "> > - 1. " …
_PREFIX_RE = re.compile(r"[ \t]*(?:(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*)*")


def capped_indentation(source: str) -> str:
    """The source with every line's indentation cut to ``INDENT_CAP`` characters, for the parser."""
    return _DEEP_INDENT_RE.sub(r"\1", source)


def recording(tokenize: Callable[..., None]) -> Callable[..., None]:
    """Wrap ``ParserBlock.tokenize`` to note in ``state.env`` the lines it skips for depth."""

    def tokenize_noting_skips(state: Any, start_line: int, end_line: int, *args: Any) -> None:
        if state.level >= state.md.options.maxNesting:
            # The parser skips [first content line, end_line) at this depth, unless the first
            # line already ends the nested block (less indented).
            line = state.skipEmptyLines(start_line)
            if line < end_line and state.sCount[line] >= state.blkIndent:
                state.env.setdefault(SKIPPED, []).append((line, end_line))
        tokenize(state, start_line, end_line, *args)

    return tokenize_noting_skips


def skipped_units(source: str, lines: Lines, env: dict[str, Any], parsed: list[Unit]) -> list[Unit]:
    """One unit per non-blank skipped line, as plain text, in the container of the parsed block
    that precedes it (skipped lines are always inside a blockquote or list)."""
    keys = [u.key for u in parsed]
    units: list[Unit] = []
    for first, end in _merged(env.get(SKIPPED, ())):
        before = bisect.bisect_right(keys, lines.start[first]) - 1 if first < len(lines) else -1
        container = next((p.container for p in parsed[before].pieces if p.container != -1), -1) if before >= 0 else -1
        for line in range(first, min(end, len(lines))):
            s, e = lines.start[line], lines.end[line]
            prefix = _PREFIX_RE.match(source, s, e)
            a = prefix.end() if prefix else s
            text_end = s + len(source[s:e].rstrip())
            if a >= text_end:
                continue
            marks = source[s:a]
            kind = BlockKind.BLOCKQUOTE if ">" in marks else BlockKind.LIST_ITEM if marks.strip() \
                else BlockKind.PARAGRAPH
            b = Builder()
            b.copy(source, a, text_end - a)
            piece = make_piece(kind, b, container)
            if piece:
                units.append(Unit(s, [piece]))
    return units


def _merged(ranges) -> list[tuple[int, int]]:
    """Ranges sorted with nested and overlapping ones merged (each line read once)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
