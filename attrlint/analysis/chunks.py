"""Paragraphs too long to parse whole, cut into sentence-aligned pieces.

A pasted transcript or a CMS export can put a whole story in one paragraph. spaCy's parse of a
block costs memory in proportion to its length, and several analysis steps look across a whole
block, so a paragraph longer than ``PIECE_CHARS`` is parsed as several blocks cut at sentence
ends outside quotations. Each later piece is marked ``continues`` so the analysis carries the
paragraph's state (the sentence credit that carries over, the speaker of a transcript turn or an
introduced statement, the last quotation's speaker) across the cut. Paragraphs up to
``PIECE_CHARS`` are never cut, which is nearly every paragraph of real copy.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from attrlint.analysis.quotes import quote_spans
from attrlint.model import Block, BlockKind, Document, Segment

PIECE_CHARS = 8_000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")
UNCUT = frozenset({BlockKind.CODE, BlockKind.FRONT_MATTER, BlockKind.HTML})


def cut_long_blocks(doc: Document, limit: int = PIECE_CHARS) -> None:
    """Replace every block longer than ``limit`` by its pieces (same paragraph and container)."""
    if all(len(b.text) <= limit for b in doc.blocks):
        return
    out: list[Block] = []
    for b in doc.blocks:
        if len(b.text) <= limit or b.kind in UNCUT:
            out.append(b)
            continue
        starts = [s.start for s in b.segments]
        cuts = cut_points(b.text, limit)
        for k, (start, end) in enumerate(zip([0, *cuts], [*cuts, len(b.text)], strict=True)):
            piece = slice_block(b, starts, start, end)
            piece.continues = k > 0
            out.append(piece)
    doc.blocks = out


def cut_points(text: str, limit: int) -> list[int]:
    """Offsets at which to cut ``text`` into pieces of at most ``limit`` characters: the last
    sentence end outside a quotation in the second half of the window, else the last sentence
    end, else the last space, else ``limit`` characters on."""
    quotes = [(a, b) for a, b, closed in quote_spans(text) if closed]
    quote_starts = [a for a, _ in quotes]
    cuts: list[int] = []
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        ends = [m.end() for m in _SENTENCE_END.finditer(text, start, window_end)]
        outside = [e for e in ends if e > start + limit // 2 and not _inside(e, quotes, quote_starts)]
        spaces = [m.end() for m in _SPACE.finditer(text, start + limit // 2, window_end)] if not ends else []
        cut = (outside or ends or spaces or [window_end])[-1]
        cuts.append(cut)
        start = cut
    return cuts


def _inside(offset: int, quotes: list[tuple[int, int]], quote_starts: list[int]) -> bool:
    k = bisect_right(quote_starts, offset) - 1
    return k >= 0 and quotes[k][0] < offset < quotes[k][1]


def slice_block(b: Block, starts: list[int], start: int, end: int) -> Block:
    """Block text [start, end) with its segments, found by bisection (a paragraph of 100,000
    lines has 100,000 line-break segments)."""
    segs = []
    for seg in b.segments[max(bisect_right(starts, start) - 1, 0):]:
        if seg.start >= end:
            break
        a, z = max(seg.start, start), min(seg.start + seg.length, end)
        if a < z:
            segs.append(Segment(a - start, seg.src + (a - seg.start), z - a))
    return Block(b.kind, b.text[start:end], segs, b.paragraph, b.container)
