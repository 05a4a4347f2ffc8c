"""Positions: character offsets of a draft against LSP line/character positions in the agreed
encoding (UTF-16 code units unless the client offers UTF-8 or UTF-32)."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from lsprotocol import types

from attrlint.model import Diagnostic, Related, line_starts


def unit_counter(encoding: str | None) -> Callable[[str], int]:
    """How many code units of the agreed LSP position encoding a string takes."""
    if encoding == types.PositionEncodingKind.Utf8:
        return lambda s: len(s.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len
    # UTF-16, the LSP default: characters beyond the Basic Multilingual Plane take two units.
    return lambda s: len(s) + sum(1 for c in s if ord(c) > 0xFFFF)


class LineIndex:
    """Converts between character offsets of a text and LSP positions.

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` — the LSP's definition and the one
    ``Document.position`` uses for our 1-based columns, so the two always agree.
    """

    def __init__(self, text: str, units: Callable[[str], int]) -> None:
        self.text = text
        self.units = units
        self.starts = line_starts(text)

    def line_end(self, line: int) -> int:
        """Offset just before the line break of 0-based ``line``."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.starts[line] + len(self.text[self.starts[line]:end].rstrip("\r\n"))

    def offset_of(self, line: int, column: int) -> int:
        """Offset of 1-based ``line`` and character ``column`` (as in a Diagnostic)."""
        line = min(max(line, 1), len(self.starts))
        return min(self.starts[line - 1] + max(column, 1) - 1, len(self.text))

    def position(self, offset: int) -> types.Position:
        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self.starts, offset) - 1
        # An offset inside a line break (between \r and \n) is the end of its line.
        offset = min(offset, self.line_end(line))
        return types.Position(line=line, character=self.units(self.text[self.starts[line]:offset]))

    def offset(self, position: types.Position) -> int:
        """Offset of an LSP position; a character past the end of the line means the line end."""
        if position.line >= len(self.starts):
            return len(self.text)
        a, b = self.starts[position.line], self.line_end(position.line)
        count = 0
        for i in range(a, b):
            if count >= position.character:
                return i
            count += self.units(self.text[i])
        return b

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def span(self, d: Diagnostic) -> tuple[int, int]:
        """Offsets [start, end) of a finding (its end column is inclusive)."""
        start = self.offset_of(d.line, d.column)
        end = min(self.offset_of(d.end_line, d.end_column) + 1, len(self.text))
        return start, max(start, end)



def related_span(index: LineIndex, r: Related) -> tuple[int, int]:
    """Offsets [start, end) of a related place: the word it names, or an empty range at a point."""
    start = index.offset_of(r.line, r.column)
    if r.end_line is None or r.end_column is None:
        return start, start
    return start, max(start, min(index.offset_of(r.end_line, r.end_column) + 1, len(index.text)))
