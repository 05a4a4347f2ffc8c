"""Blocks of a draft read from a word processor: one paragraph per line, its kind from its style."""

from __future__ import annotations

from collections.abc import Sequence

from attrlint.model import Block, BlockKind, Segment
from attrlint.segment.pieces import Builder, Lines, Unit, make_piece
from attrlint.segment.structure import split_bylines, split_dateline

_CONTAINERS = (BlockKind.LIST_ITEM, BlockKind.BLOCKQUOTE, BlockKind.TABLE_CELL)


def segment_paragraphs(source: str, kinds: Sequence[str]) -> list[Block]:
    """The blocks of a draft read from a word processor: line i of ``source`` is one paragraph,
    of kind ``kinds[i]`` (a ``BlockKind`` value, from its paragraph style).

    Structure comes from the styles, as it comes from the syntax in Markdown: the first heading,
    when it is the first content, is the HEADLINE; bylines and the dateline are found as in the
    other formats; consecutive list items, quotes or table cells share a container, and the cells
    of one table share a paragraph number.
    """
    lines = Lines(source)
    units: list[Unit] = []
    container, previous, seen_content = -1, None, False
    for i in range(min(len(lines), len(kinds))):
        kind = BlockKind(kinds[i])
        b = Builder()
        b.copy(source, lines.start[i], lines.end[i] - lines.start[i])
        container = (container if kind is previous else i) if kind in _CONTAINERS else -1
        previous = kind
        if kind is BlockKind.HEADING and not seen_content:
            kind = BlockKind.HEADLINE
        piece = make_piece(kind, b, container)
        if piece is None:
            continue
        seen_content = True
        if kind is BlockKind.TABLE_CELL and units and units[-1].pieces[-1].container == container:
            units[-1].pieces.append(piece)
        else:
            units.append(Unit(lines.start[i], [piece]))
    units = split_bylines(units)
    split_dateline(units)
    return [Block(p.kind, p.text, [Segment(s, src, n) for s, src, n in p.segs], number, p.container)
            for number, unit in enumerate(units) for p in unit.pieces]
