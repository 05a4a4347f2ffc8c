"""Markdown into units with exact source positions (markdown-it-py for structure only).

Each inline token's raw content is located on its source lines (a content line is always a
suffix of its source line once container prefixes are gone), and the inline parser is
instrumented so every markup token records where it starts and ends in that content. Text is
then copied run by run, so CRLF, tabs and non-ASCII text keep exact offsets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from attrlint.model import BlockKind
from attrlint.segment.contentmap import ContentMap, line_runs
from attrlint.segment.nesting import capped_indentation, recording, skipped_units
from attrlint.segment.pieces import Builder, Lines, Piece, Unit, make_piece
from attrlint.segment.structure import caption_text
from attrlint.segment.tables import CELLS, lean_tables, row_cells

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Characters that make the inline parser produce anything but literal text and line breaks;
# content without them is copied directly (most news prose), which keeps big files fast.
_INLINE_SPECIAL_RE = re.compile(r"[\\`*_\[\]<]")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Imported here: plain-text drafts and fully cached runs never need the Markdown parser.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(footnote_plugin)
    # Entities and escapes must stay separate tokens so their source text can be kept as written.
    md.core.ruler.disable("text_join")
    md.inline.ruler.disable("footnote_inline")
    md.core.ruler.at("inline", _inline_core)
    md.block.tokenize = recording(md.block.tokenize)  # what it skips for depth is read as plain text
    lean_tables(md)
    for name in ("newline", "escape", "backticks", "link", "image", "footnote_ref", "autolink",
                 "html_inline", "entity"):
        _instrument(md, name)
    return md


def _instrument(md: MarkdownIt, name: str) -> None:
    """Make inline rule ``name`` record ``meta["span"] = (start, end)`` on the tokens it pushes."""
    ruler = md.inline.ruler
    index = ruler.__find__(name)
    if index < 0:  # pragma: no cover - plugin without that rule
        return
    rule = ruler.__rules__[index]
    fn: Callable[[Any, bool], bool] = rule.fn

    def recording(state: Any, silent: bool) -> bool:
        start = state.pos
        count = len(state.tokens)
        ok = fn(state, silent)
        if ok and not silent:
            for tok in state.tokens[count:]:
                # Text flushed from pending and tokens of nested rules are not this rule's.
                if tok.type != "text" and "span" not in tok.meta:
                    tok.meta["span"] = (start, state.pos)
        return ok

    ruler.at(name, recording, {"alt": rule.alt})


def _inline_core(state: Any) -> None:
    """The core "inline" rule, skipping the inline parser for content with no markup at all."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            if _INLINE_SPECIAL_RE.search(token.content):
                state.md.inline.parse(token.content, state.md, state.env, token.children)
            else:
                token.meta["plain"] = True
        elif token.type == "tr_open":
            for cell in token.meta.get(CELLS, ()):
                if _INLINE_SPECIAL_RE.search(cell[0]):
                    cell[1] = []
                    state.md.inline.parse(cell[0], state.md, state.env, cell[1])


@dataclass
class _InlineStats:
    images: int = 0
    plain: bool = False  # any visible text outside emphasis


def _render_inline(tok: Token, cmap: ContentMap, source: str, out: Builder,
                   captions: list[Builder], stats: _InlineStats) -> None:
    content = tok.content
    if tok.meta.get("plain") or not tok.children:
        _render_plain(content, cmap, source, out, stats)
    else:
        _render_tokens(tok.children, content, 0, cmap, source, out, captions, stats)


def _render_plain(c: str, cmap: ContentMap, source: str, out: Builder, stats: _InlineStats) -> None:
    # What the inline parser does to markup-free content: lines joined by a break, a line's
    # trailing spaces and the next line's leading spaces and tabs dropped.
    pos = 0
    n = len(c)
    while pos <= n:
        nl = c.find("\n", pos)
        end = n if nl < 0 else nl
        a = pos
        if pos:
            while a < end and c[a] in " \t":
                a += 1
        e = end
        if nl >= 0:
            while e > a and c[e - 1] == " ":
                e -= 1
        if e > a:
            cmap.copy(out, source, a, e)
            stats.plain = stats.plain or not c[a:e].isspace()
        if nl < 0:
            break
        cmap.line_break(out, nl)
        pos = nl + 1


_EMPHASIS = {"em_open": 1, "strong_open": 1, "s_open": 1, "em_close": -1, "strong_close": -1,
             "s_close": -1}


def _render_tokens(children: list[Token], c: str, base: int, cmap: ContentMap, source: str,
                   out: Builder, captions: list[Builder], stats: _InlineStats) -> None:
    """Copy the visible text of ``children`` (positions relative to ``base`` in ``c``) to ``out``.

    Kept: text, link text, entities as written, escaped characters. Dropped: emphasis markers,
    link and image targets, inline code, inline HTML, autolinks, footnote references. Image alt
    text goes to a builder of its own, appended to ``captions``.
    """
    walk = _InlineWalk(c, base, cmap, source, out, captions, stats)
    for t in children:
        walk.step(t)


@dataclass
class _InlineWalk:
    """The state of one pass over inline tokens: where in ``c`` the next token's text starts."""

    c: str
    base: int
    cmap: ContentMap
    source: str
    out: Builder
    captions: list[Builder]
    stats: _InlineStats
    cur: int = -1
    depth: int = 0
    in_autolink: bool = False

    def __post_init__(self) -> None:
        self.cur = self.base

    def step(self, t: Token) -> None:
        span = t.meta.get("span")
        if self.in_autolink:
            if t.type == "link_close":
                self.in_autolink = False
                self._skip_to(span, 1)
            return
        if t.type in _EMPHASIS:
            self._emphasis(t)
            return
        handler = _INLINE_HANDLERS.get(t.type)
        if handler is not None:
            handler(self, t, span)
        else:
            self._other(t, span)

    def _skip_to(self, span: Any, end: int) -> None:
        if span:
            self.cur = self.base + span[end]

    def _text(self, t: Token, span: Any) -> None:
        s = t.content
        p = self.c.find(s, self.cur) if s else -1
        if p < 0:
            return
        self.cmap.copy(self.out, self.source, p, p + len(s))
        if self.depth == 0 and not s.isspace():
            self.stats.plain = True
        self.cur = p + len(s)

    def _special(self, t: Token, span: Any) -> None:
        if span:
            a, e = self.base + span[0], self.base + span[1]
        else:
            a = self.c.find(t.markup, self.cur)
            e = a + len(t.markup)
            if a < 0:
                return
        if t.info == "escape":
            a += 1  # keep the escaped character, not the backslash
        self.cmap.copy(self.out, self.source, a, e)
        if self.depth == 0:
            self.stats.plain = True
        self.cur = e

    def _break(self, t: Token, span: Any) -> None:
        nl = self.c.find("\n", self.base + span[0] if span else self.cur)
        if nl >= 0:
            self.cmap.line_break(self.out, nl)
            self.cur = nl + 1

    def _emphasis(self, t: Token) -> None:
        p = self.c.find(t.markup, self.cur) if t.markup else -1
        if p >= 0:
            self.cur = p + len(t.markup)
        self.depth += _EMPHASIS[t.type]

    def _link_open(self, t: Token, span: Any) -> None:
        if t.markup == "autolink":
            self.in_autolink = True
        elif span:
            self.cur = self.base + span[0] + 1

    def _link_close(self, t: Token, span: Any) -> None:
        self._skip_to(span, 1)

    def _image(self, t: Token, span: Any) -> None:
        cap = Builder()
        alt_base = self.base + span[0] + 2 if span else self.cur
        _render_tokens(t.children or [], self.c, alt_base, self.cmap, self.source, cap, self.captions,
                       _InlineStats())
        self.captions.append(cap)
        self.stats.images += 1
        self._skip_to(span, 1)

    def _other(self, t: Token, span: Any) -> None:
        if span:
            if t.type == "html_inline" and _between_digits(self.out, self.c, self.base + span[1]):
                self.cmap.gap(self.out, self.base + span[0])  # "80<b>90</b>" is two numbers, never 8090
            self.cur = self.base + span[1]  # inline code, inline HTML, footnote references …
        elif t.content:
            p = self.c.find(t.content, self.cur)
            if p >= 0:
                self.cur = p + len(t.content)


_INLINE_HANDLERS: dict[str, Callable[[_InlineWalk, Token, Any], None]] = {
    "text": _InlineWalk._text,
    "text_special": _InlineWalk._special,
    "softbreak": _InlineWalk._break,
    "hardbreak": _InlineWalk._break,
    "link_open": _InlineWalk._link_open,
    "link_close": _InlineWalk._link_close,
    "image": _InlineWalk._image,
}


def _between_digits(out: Builder, c: str, after: int) -> bool:
    return bool(out.parts) and out.parts[-1][-1:].isdigit() and after < len(c) and c[after].isdigit()


_OPEN_CONTAINERS = {"blockquote_open": "quote", "bullet_list_open": "list", "ordered_list_open": "list"}
_CLOSE_CONTAINERS = {"blockquote_close", "bullet_list_close", "ordered_list_close"}


class _MarkdownWalk:
    """One pass over markdown-it's block tokens, producing units in token order."""

    def __init__(self, source: str, lines: Lines) -> None:
        self.source = source
        self.lines = lines
        self.units: list[Unit] = []
        self.stack: list[str] = []
        self.outer_id = -1
        self.next_id = 0
        self.seen_content = False
        self.prev_image_only = False

    def run(self, tokens: list[Token]) -> list[Unit]:
        i = 0
        n = len(tokens)
        while i < n:
            t = tokens[i]
            ty = t.type
            if ty in _OPEN_CONTAINERS:
                self._open(_OPEN_CONTAINERS[ty])
            elif ty in _CLOSE_CONTAINERS:
                self._close()
            elif ty == "front_matter" and t.map:
                self._raw(BlockKind.FRONT_MATTER, t.map[0] + 1, t.map[1] - t.map[0] - 2, t.content)
            elif ty == "heading_open" and i + 1 < n:
                self._heading(t, tokens[i + 1])
                i += 1
            elif ty == "paragraph_open" and i + 1 < n:
                self._paragraph(t, tokens[i + 1])
                i += 1
            elif ty in ("fence", "code_block") and t.map:
                first = t.map[0] + 1 if ty == "fence" else t.map[0]
                self._raw(BlockKind.CODE, first, t.content.count("\n"), t.content)
            elif ty == "html_block" and t.map:
                self._raw(BlockKind.HTML, t.map[0], t.content.count("\n"), t.content)
            elif ty == "table_open":
                self._open("table")
                i = self._table(tokens, i)
                self._close()
            i += 1
        return self.units

    # containers

    def _open(self, kind: str) -> None:
        if not self.stack:
            self.outer_id = self.next_id
            self.next_id += 1
        self.stack.append(kind)

    def _close(self) -> None:
        if self.stack:
            self.stack.pop()
        if not self.stack:
            self.outer_id = -1

    def _prose_kind(self) -> BlockKind:
        # Anything inside a blockquote is quoted material, even a list item in it.
        if "quote" in self.stack:
            return BlockKind.BLOCKQUOTE
        return BlockKind.LIST_ITEM if "list" in self.stack else BlockKind.PARAGRAPH

    def _add(self, key: int, pieces: list[Piece], content: bool = True, image_only: bool = False) -> None:
        self.units.append(Unit(key, pieces))
        self.seen_content = self.seen_content or content
        self.prev_image_only = image_only

    # blocks

    def _raw(self, kind: BlockKind, first: int, count: int, content: str) -> None:
        """Code, HTML and front matter: the source lines themselves, line breaks included."""
        lines, source = self.lines, self.source
        last = min(first + count, len(lines)) - 1
        if count <= 0 or first > last:
            return
        b = Builder()
        if not self.stack:
            a, e = lines.start[first], lines.end[last]
            b.copy(source, a, e - a)
        else:
            content_lines = content.split("\n")
            for k, line in enumerate(range(first, last + 1)):
                s, e = lines.start[line], lines.end[line]
                # Each content line is a suffix of its source line, unless a tab was partly
                # expanded into spaces; then the part after those spaces is.
                cl = content_lines[k] if k < len(content_lines) else ""
                p = source.rfind(cl, s, e) if cl else e
                if p < 0:
                    body = cl.lstrip(" \t")
                    p = source.rfind(body, s, e) if body else e
                p = p if p >= 0 else s
                b.copy(source, p, e - p)
                if line < last:
                    b.copy(source, e, lines.start[line + 1] - e)
        text = b.text()
        if not text.strip():
            return
        piece = Piece(kind, text, b.segs, [], self.outer_id)
        structural = kind in (BlockKind.FRONT_MATTER, BlockKind.HTML)
        self._add(lines.start[first], [piece], content=not structural)

    def _heading(self, open_tok: Token, inline: Token) -> None:
        if not open_tok.map or not inline.content:
            return
        line = open_tok.map[0]
        s, e = self.lines.start[line], self.lines.end[line]
        if open_tok.markup.startswith("#"):
            hashes = self.source.find("#", s, e)
            p = self.source.find(inline.content, hashes + len(open_tok.markup), e) if hashes >= 0 else -1
            if p < 0:
                return
            cmap = ContentMap([(0, p, len(inline.content))], {})
        else:
            cmap = line_runs(self.source, self.lines, inline.content, line)
        out = Builder()
        _render_inline(inline, cmap, self.source, out, [], _InlineStats())
        kind = BlockKind.HEADLINE if not self.seen_content else BlockKind.HEADING
        piece = make_piece(kind, out, self.outer_id)
        if piece:
            self._add(s, [piece])

    def _paragraph(self, open_tok: Token, inline: Token) -> None:
        if not open_tok.map:
            return
        line = open_tok.map[0]
        cmap = line_runs(self.source, self.lines, inline.content, line)
        out = Builder()
        captions: list[Builder] = []
        stats = _InlineStats()
        _render_inline(inline, cmap, self.source, out, captions, stats)
        container = self.outer_id
        pieces: list[Piece] = []
        text = out.text()
        emphasised_only = not stats.plain and bool(text.strip())
        if stats.images and not text.strip():
            kind = None
        elif emphasised_only and (stats.images or self.prev_image_only):
            kind = BlockKind.CAPTION
        elif caption_text(text.lstrip()):
            kind = BlockKind.CAPTION
        else:
            kind = self._prose_kind()
        if kind is not None:
            piece = make_piece(kind, out, container)
            if piece:
                pieces.append(piece)
        for cap in captions:
            piece = make_piece(BlockKind.CAPTION, cap, container)
            if piece:
                pieces.append(piece)
        pieces.sort(key=lambda p: p.segs[0][1] if p.segs else 0)
        if pieces:
            self._add(self.lines.start[line], pieces, image_only=kind is None)
        else:
            self.prev_image_only = kind is None

    def _table(self, tokens: list[Token], i: int) -> int:
        """All cells of the table opening at ``i``, one unit; returns the table_close index."""
        pieces: list[Piece] = []
        start_line = tokens[i].map[0] if tokens[i].map else 0
        j = i + 1
        while j < len(tokens) and tokens[j].type != "table_close":
            t = tokens[j]
            if t.type == "tr_open":
                cells = row_cells(self.source, self.lines, t.map[0]) if t.map else []
                # taken, not read: a long table's cells are let go as their pieces are made
                for col, (content, children) in enumerate(t.meta.pop(CELLS, ())):
                    cmap = cells[col] if col < len(cells) else None
                    out = Builder()
                    if cmap is not None and content:
                        if children:
                            _render_tokens(children, content, 0, cmap, self.source, out, [], _InlineStats())
                        else:
                            _render_plain(content, cmap, self.source, out, _InlineStats())
                    piece = make_piece(BlockKind.TABLE_CELL, out, self.outer_id, keep_empty=True)
                    if piece:
                        pieces.append(piece)
                tokens[j] = None  # type: ignore[call-overload]  # the row token: nothing reads it again
            j += 1
        self._add(self.lines.start[start_line], pieces)
        return j


def markdown_units(source: str, lines: Lines) -> list[Unit]:
    env: dict[str, Any] = {}
    tokens = _markdown().parse(capped_indentation(source), env)
    units = _MarkdownWalk(source, lines).run(tokens)
    return units + skipped_units(source, lines, env, units) if env else units


