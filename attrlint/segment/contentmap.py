"""Where each character of an inline token's content came from in the source.

markdown-it hands over a paragraph's or cell's content with container prefixes, indentation and
line breaks rewritten; a ``ContentMap`` maps offsets in that content back to source offsets,
run by run, so the text copied from it keeps exact positions.
"""

from __future__ import annotations

import bisect

from attrlint.segment.pieces import Builder, Lines, SegTuple


class ContentMap:
    """Maps offsets of an inline token's content to source offsets, run by run."""

    __slots__ = ("runs", "starts", "newlines", "i")

    def __init__(self, runs: list[SegTuple], newlines: dict[int, int]) -> None:
        self.runs = runs
        self.starts = [r[0] for r in runs]
        self.newlines = newlines  # content offset of "\n" -> source offset of the line break
        self.i = 0

    def copy(self, out: Builder, source: str, a: int, end: int) -> None:
        runs = self.runs
        i = self.i
        if i >= len(runs) or runs[i][0] > a:
            i = max(bisect.bisect_right(self.starts, a) - 1, 0)
        while a < end and i < len(runs):
            cs, ss, n = runs[i]
            if a >= cs + n:
                i += 1
                continue
            if a < cs:
                a = cs  # content with no source (tab expansion): nothing to copy
                if a >= end:
                    break
            hi = min(end, cs + n)
            out.copy(source, ss + (a - cs), hi - a)
            a = hi
        self.i = i

    def line_break(self, out: Builder, content_nl: int) -> None:
        src = self.newlines.get(content_nl)
        if src is not None:
            out.line_break(src)

    def gap(self, out: Builder, a: int) -> None:
        """A space standing for markup at content offset ``a`` that must keep its neighbours apart."""
        k = max(bisect.bisect_right(self.starts, a) - 1, 0)
        if k < len(self.runs) and self.runs[k][0] <= a < self.runs[k][0] + self.runs[k][2]:
            out.line_break(self.runs[k][1] + a - self.runs[k][0])


def line_runs(source: str, lines: Lines, content: str, first_line: int) -> ContentMap:
    """Map a paragraph-like content (lines joined by "\\n") onto source lines from ``first_line``.

    markdown-it builds each content line from a suffix of its source line (container prefixes
    and indentation removed, tabs partly expanded to spaces), trims the whole, and joins lines
    with "\\n"; so each line is found as the last occurrence within its source line, or, when
    its indentation differs from the source's (tabs expanded, or cut for the parser), its text
    after the indentation is.
    """
    runs: list[SegTuple] = []
    newlines: dict[int, int] = {}
    cpos = 0
    line = first_line
    count = len(lines)
    parts = content.split("\n")
    last = len(parts) - 1
    for k, cl in enumerate(parts):
        n = len(cl)
        if line < count:
            s, e = lines.start[line], lines.end[line]
            if n:
                p = source.rfind(cl, s, e)
                pad = 0
                if p < 0:
                    body = cl.lstrip(" \t")
                    pad = n - len(body)
                    p = source.rfind(body, s, e) if body else -1
                if p >= 0:
                    runs.append((cpos + pad, p, n - pad))
            if k < last:
                newlines[cpos + n] = e
        cpos += n + 1
        line += 1
    return ContentMap(runs, newlines)
