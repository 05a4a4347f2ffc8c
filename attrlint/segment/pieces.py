"""The pieces segmentation builds blocks from: source lines, text builders, pieces and units.

A piece is a block's text with its (text offset, source offset, length) runs and the text
offsets of the spaces that stand for line breaks; a unit is the pieces sharing one paragraph
number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from attrlint.model import BlockKind

SegTuple = tuple[int, int, int]  # (start in text, source offset, length)

NEWLINE_RE = re.compile(r"\r\n|\r|\n")


class Lines:
    """Start offset and end offset (line break excluded) of every source line."""

    __slots__ = ("start", "end")

    def __init__(self, source: str) -> None:
        self.start = [0]
        self.end: list[int] = []
        for m in NEWLINE_RE.finditer(source):
            self.end.append(m.start())
            self.start.append(m.end())
        self.end.append(len(source))

    def __len__(self) -> int:
        return len(self.start)


class Builder:
    """Accumulates a block's text from source runs and line-break spaces."""

    __slots__ = ("parts", "segs", "length", "breaks")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segs: list[SegTuple] = []
        self.length = 0
        self.breaks: list[int] = []  # text offsets of spaces standing for line breaks

    def copy(self, source: str, src: int, n: int) -> None:
        if n <= 0:
            return
        self.parts.append(source[src : src + n])
        segs = self.segs
        if segs:
            s, ssrc, sn = segs[-1]
            if ssrc + sn == src and s + sn == self.length and (not self.breaks or self.breaks[-1] != s):
                segs[-1] = (s, ssrc, sn + n)
                self.length += n
                return
        segs.append((self.length, src, n))
        self.length += n

    def line_break(self, src: int) -> None:
        if self.length == 0 or self.breaks and self.breaks[-1] == self.length - 1:
            return  # never lead with a break or double one
        self.parts.append(" ")
        self.breaks.append(self.length)
        self.segs.append((self.length, src, 1))
        self.length += 1

    def text(self) -> str:
        if len(self.parts) != 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""


@dataclass(slots=True)
class Piece:
    kind: BlockKind
    text: str
    segs: list[SegTuple]
    breaks: list[int] = field(default_factory=list)
    container: int = -1


@dataclass(slots=True)
class Unit:
    """Blocks sharing one paragraph number; ``key`` is its source offset, for ordering."""

    key: int
    pieces: list[Piece]


def make_piece(kind: BlockKind, b: Builder, container: int = -1, keep_empty: bool = False) -> Piece | None:
    """The builder's text as a piece, outer whitespace trimmed; None if nothing is left."""
    text = b.text()
    lead = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    if end <= lead:
        return Piece(kind, "", [], [], container) if keep_empty else None
    if lead == 0 and end == len(text):
        return Piece(kind, text, b.segs, b.breaks, container)
    t, segs, breaks = _slice(text, b.segs, b.breaks, lead, end)
    return Piece(kind, t, segs, breaks, container)


def _slice(text: str, segs: list[SegTuple], breaks: list[int], a: int, b: int
           ) -> tuple[str, list[SegTuple], list[int]]:
    out = []
    for s, src, n in segs:
        e = s + n
        if e <= a or s >= b:
            continue
        lo, hi = max(s, a), min(e, b)
        out.append((lo - a, src + (lo - s), hi - lo))
    return text[a:b], out, [x - a for x in breaks if a <= x < b]


def split_piece(p: Piece, at: int, rest_from: int) -> tuple[Piece, Piece]:
    """``p`` cut into [0, at) and [rest_from, end), each trimmed of outer whitespace."""
    t1, s1, b1 = _slice(p.text, p.segs, p.breaks, 0, at)
    t2, s2, b2 = _slice(p.text, p.segs, p.breaks, rest_from, len(p.text))
    first = _trimmed(Piece(p.kind, t1, s1, b1, p.container))
    second = _trimmed(Piece(p.kind, t2, s2, b2, p.container))
    return first, second


def _trimmed(p: Piece) -> Piece:
    lead = len(p.text) - len(p.text.lstrip())
    end = len(p.text.rstrip())
    if lead == 0 and end == len(p.text):
        return p
    t, segs, breaks = _slice(p.text, p.segs, p.breaks, lead, max(end, lead))
    return Piece(p.kind, t, segs, breaks, p.container)

