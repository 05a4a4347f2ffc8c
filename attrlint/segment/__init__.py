"""Split a draft into blocks of prose, each character mapped back to its place in the source.

Markdown is parsed with markdown-it-py for structure only; character positions come from the
source itself. Each inline token's raw content is located on its source lines (a content line is
always a suffix of its source line once container prefixes are gone), and the inline parser is
instrumented so every markup token records where it starts and ends in that content. Text is
then copied run by run, so CRLF, tabs and non-ASCII text keep exact offsets. Plain text is split
on blank lines. Headline, byline, dateline and caption detection work on the resulting blocks.

Kinds beyond what the syntax says: the first heading, when it is the first content, is the
HEADLINE; in plain text the first paragraph is the HEADLINE when it is one line with no end
punctuation (policy §1), one line of at most 16 words, or a "title;" line plus a deck line (how
the PolNeAR texts write headlines). "By Name Name[, Agency]" lines are BYLINEs; a wire dateline
("ROME, Oct. 23 (Reuters) —") is split off the first prose paragraph as a DATELINE. Images' alt
text, paragraphs starting "Photo:"/"Caption:" or ending in a photo credit, and emphasised lines
next to an image are CAPTIONs. Plain-text subheads in capitals (alone, or run into a paragraph
after the lede: "WHAT COMES NEXT Investigators said …") are HEADINGs.

A line break inside a paragraph becomes one space in ``Block.text``; that space is a segment of
length 1 pointing at the first character of the line break (the ``\\r`` of ``\\r\\n``). Every
other character of a block's text is the source character its segment points at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from attrlint.model import Block, Segment
from attrlint.segment.markdown import markdown_units
from attrlint.segment.pieces import NEWLINE_RE, Lines
from attrlint.segment.plain import plain_units
from attrlint.segment.structure import split_bylines, split_dateline
from attrlint.segment.styled import segment_paragraphs

__all__ = ["iter_paragraph_chunks", "segment", "segment_paragraphs"]

_FENCE_RE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")


def segment(source: str, markdown: bool) -> list[Block]:
    """The blocks of ``source`` in document order (see the module docstring for the mapping).

    ``Block.paragraph`` numbers units in order: every block has its own number except that all
    cells of a table share one, a dateline shares its paragraph's, and image captions share the
    number of the paragraph holding the image. ``Block.container`` is an id shared by every block
    of one top-level blockquote, list or table (nested containers use the outermost id), else -1.
    """
    lines = Lines(source)
    units = markdown_units(source, lines) if markdown else plain_units(source, lines)
    units = [u for u in units if u.pieces]
    units.sort(key=lambda u: u.key)
    units = split_bylines(units)
    split_dateline(units)
    blocks: list[Block] = []
    for number, unit in enumerate(units):
        pieces, unit.pieces = unit.pieces, []
        for k, p in enumerate(pieces):
            # a tuple: a long table is hundreds of thousands of blocks of one segment each
            segs = tuple(Segment(s, src, n) for s, src, n in p.segs)
            blocks.append(Block(p.kind, p.text, segs, number, p.container))
            pieces[k] = None  # let it go now: a long table is hundreds of thousands of pieces
    return blocks


def iter_paragraph_chunks(source: str, max_chars: int = 200_000) -> Iterator[tuple[int, str]]:
    """Split ``source`` into (offset, chunk) pieces of about ``max_chars`` at blank lines.

    Cuts only after a blank line outside a fenced code block, so each chunk holds whole
    paragraphs; a paragraph longer than ``max_chars`` stays whole. ``segment`` itself is linear
    and does not need this; it is for callers that want bounded memory downstream (the NLP
    stage), at the price of document-level context (headline, dateline, link references).
    """
    if max_chars <= 0:
        raise ValueError("max_chars must be positive")
    chunk_start = 0
    cut = -1  # the latest offset just after a blank line, outside any fence
    fence: str | None = None
    pos = 0
    n = len(source)
    while pos < n:
        m = NEWLINE_RE.search(source, pos)
        line_end = m.start() if m else n
        next_pos = m.end() if m else n
        line = source[pos:line_end]
        fm = _FENCE_RE.match(line)
        if fence is None:
            if fm:
                fence = fm.group(1)
            elif not line.strip() and pos > chunk_start:
                cut = next_pos
        elif fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
            fence = None
        if line_end - chunk_start > max_chars and cut > chunk_start:
            yield chunk_start, source[chunk_start:cut]
            chunk_start = cut
        pos = next_pos
    if chunk_start < n:
        yield chunk_start, source[chunk_start:]
