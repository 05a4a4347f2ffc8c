"""Markdown tables: cells read from their source rows, with as few parser tokens kept as possible."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from attrlint.segment.contentmap import ContentMap
from attrlint.segment.pieces import Lines, SegTuple

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def _trim_chars() -> str | None:
    """The exact set markdown-it-py trims with (older releases used str.strip())."""
    try:
        from markdown_it.common.utils import MD_TRIM_CHARS
    except ImportError:  # pragma: no cover
        return None
    return MD_TRIM_CHARS


# A table's cells are read from its source rows (``row_cells``): of its tokens only the rows'
# line maps and the cells' inline content are used.
_UNUSED_TABLE_TOKENS = frozenset({"tr_close", "th_open", "th_close", "td_open", "td_close"})
CELLS = "attrlint.cells"  # tr_open meta: one [content, children] per cell


def lean_tables(md: MarkdownIt) -> None:
    """Keep only rows, with their cells' content, of the tokens the table rule pushes: a
    100,000-row table is a million tokens of about 400 bytes, most of the memory it takes."""
    ruler = md.block.ruler
    index = ruler.__find__("table")
    if index < 0:  # pragma: no cover - parser without tables
        return
    rule = ruler.__rules__[index]
    fn: Callable[..., bool] = rule.fn

    def table(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        push = state.push
        row: list[Any] = [None, None]  # the open row's token, the cell the rule is filling

        def settle() -> None:
            if row[1] is not None:  # filled in by now: keep its content, not the token
                row[0].meta.setdefault(CELLS, []).append([row[1].content, None])
                row[1] = None

        def lean_push(ttype: str, tag: str, nesting: int) -> Token:
            settle()
            token = push(ttype, tag, nesting)  # levels kept as the parser counts them
            if ttype == "tr_open":
                row[0] = token
            elif ttype == "inline" and row[0] is not None:
                row[1] = state.tokens.pop()
            elif ttype in _UNUSED_TABLE_TOKENS:
                state.tokens.pop()
            return token

        state.push = lean_push
        try:
            return fn(state, start_line, end_line, silent)
        finally:
            settle()
            del state.push

    ruler.at("table", table, {"alt": rule.alt})


def row_cells(source: str, lines: Lines, line: int) -> list[ContentMap | None]:
    """The cells of a table row as content maps, split like markdown-it's ``escapedSplit``."""
    s, e = lines.start[line], lines.end[line]
    raw = source[s:e]
    # A row never starts with ">" (that would open a blockquote), so what precedes the first
    # other character is container prefix and indentation.
    trim = _trim_chars()
    a = s + len(raw) - len(raw.lstrip(" \t>" + (trim or "")))
    b = s + len(raw.rstrip(trim or None))
    cells: list[list[tuple[int, int]]] = []
    pieces: list[tuple[int, int]] = []
    last = a
    p = source.find("|", a, b)
    while p >= 0:
        if p > a and source[p - 1] == "\\":
            pieces.append((last, p - 1))  # an escaped pipe is cell text, without its backslash
            last = p
        else:
            pieces.append((last, p))
            cells.append(pieces)
            pieces = []
            last = p + 1
        p = source.find("|", p + 1, b)
    pieces.append((last, b))
    cells.append(pieces)
    if cells and all(x == y for x, y in cells[0]):
        cells.pop(0)
    if cells and all(x == y for x, y in cells[-1]):
        cells.pop()
    return [cell_map(source, c) for c in cells]


def cell_map(source: str, pieces: list[tuple[int, int]]) -> ContentMap:
    runs: list[SegTuple] = []
    cpos = 0
    text_parts = []
    for x, y in pieces:
        if y > x:
            runs.append((cpos, x, y - x))
            text_parts.append(source[x:y])
            cpos += y - x
    cell = "".join(text_parts)
    trim = _trim_chars()
    lead = len(cell) - len(cell.lstrip(trim or None))
    # Content offsets of the trimmed cell are the untrimmed ones minus the leading trim.
    shifted = [(cs - lead, ss, n) for cs, ss, n in runs]
    trimmed: list[SegTuple] = []
    for cs, ss, n in shifted:
        if cs < 0:
            cut = min(-cs, n)
            cs, ss, n = 0, ss + cut, n - cut
        if n > 0:
            trimmed.append((cs, ss, n))
    return ContentMap(trimmed, {})
