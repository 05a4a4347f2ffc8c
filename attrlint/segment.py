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

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from attrlint.model import Block, BlockKind, Segment

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SegTuple = tuple[int, int, int]  # (start in text, source offset, length)

_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
# Characters that make the inline parser produce anything but literal text and line breaks;
# content without them is copied directly (most news prose), which keeps big files fast.
_INLINE_SPECIAL_RE = re.compile(r"[\\`*_\[\]<]")
_FENCE_RE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")

# --- what the structural detectors look for -------------------------------------------------

# "CALVERA, Nov. 12 —", "KYIV, Ukraine (Reuters) -", "date 2024-10-23 ROME −", "Beirut (AFP) –".
_DATELINE_RE = re.compile(
    r"(?:(?:[Dd]ate:?\s+)?\d{4}-\d{1,2}-\d{1,2}\s+)?"
    r"(?P<place>[^\W\d_][\w'’.&]*(?:-[\w'’.&]+)*(?:[ \t][^\W\d_][\w'’.&]*(?:-[\w'’.&]+)*){0,4})"
    r"(?P<rest>(?:\s*,\s*[^\W_][\w'’.]*(?:[ \t][^\W_][\w'’.]*){0,3}){0,3})"
    r"(?P<agency>(?:\s*\([^\W\d_][^()\n]{0,39}\)){0,2})"
    r"(?P<dash>\s*(?:--|[\u2010-\u2015\u2212])|\s+-)\s+"
)
_DATELINE_MAX = 100
_BYLINE_RE = re.compile(r"(?:By|BY)\s+(?P<body>\S.{0,118}?)\s*\.?\s*")
_NAME_PARTICLES = frozenset({"de", "da", "del", "della", "der", "di", "du", "van", "von", "la", "le",
                             "al", "el", "bin", "ibn", "ben", "dos", "das", "y"})
_NAME_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-])*")
_AGENCY_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|[.&'’\-])*|&")
_CAPTION_PREFIX_RE = re.compile(r"(?i:photo|photograph|caption|pictured)\s*:")
_PHOTO_CREDIT_RE = re.compile(r"\((?:[^\W\d_][\w.&]*\s)?Photo\s*(?:/|by\b)[^()]*\)\s*$")
# Plain text has no heading syntax; wire copy marks subheads in capitals, alone ("GARLAND STEPS
# ASIDE.") or run into the paragraph ("SAVE A QUARTER Let's say …").
_RUNIN_HEADING_RE = re.compile(r"((?:[A-Z][A-Z'’\-]*)(?:[ \t][A-Z][A-Z'’\-]*)+)[ \t]+(?=[A-Z][a-z])")
_CAPS_HEADING_MIN_LETTERS = 6
_CAPS_HEADING_MAX_WORDS = 10
_END_PUNCT = ".!?…"
_CLOSERS = "\"'”’)]»"
# A first line this short is a headline even with a final period (PolNeAR ends every headline
# with one); a lede is practically never this short.
_HEADLINE_MAX_WORDS = 16


# --- public API -------------------------------------------------------------------------------


def segment(source: str, markdown: bool) -> list[Block]:
    """The blocks of ``source`` in document order (see the module docstring for the mapping).

    ``Block.paragraph`` numbers units in order: every block has its own number except that all
    cells of a table share one, a dateline shares its paragraph's, and image captions share the
    number of the paragraph holding the image. ``Block.container`` is an id shared by every block
    of one top-level blockquote, list or table (nested containers use the outermost id), else -1.
    """
    lines = _Lines(source)
    units = _markdown_units(source, lines) if markdown else _plain_units(source, lines)
    units = [u for u in units if u.pieces]
    units.sort(key=lambda u: u.key)
    units = _split_bylines(units)
    _split_dateline(units)
    blocks: list[Block] = []
    for number, unit in enumerate(units):
        for p in unit.pieces:
            segs = [Segment(s, src, n) for s, src, n in p.segs]
            blocks.append(Block(p.kind, p.text, segs, number, p.container))
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
        m = _NEWLINE_RE.search(source, pos)
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


# --- shared building blocks -------------------------------------------------------------------


class _Lines:
    """Start offset and end offset (line break excluded) of every source line."""

    __slots__ = ("start", "end")

    def __init__(self, source: str) -> None:
        self.start = [0]
        self.end: list[int] = []
        for m in _NEWLINE_RE.finditer(source):
            self.end.append(m.start())
            self.start.append(m.end())
        self.end.append(len(source))

    def __len__(self) -> int:
        return len(self.start)


class _Builder:
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


@dataclass
class _Piece:
    kind: BlockKind
    text: str
    segs: list[SegTuple]
    breaks: list[int] = field(default_factory=list)
    container: int = -1


@dataclass
class _Unit:
    """Blocks sharing one paragraph number; ``key`` is its source offset, for ordering."""

    key: int
    pieces: list[_Piece]


def _piece(kind: BlockKind, b: _Builder, container: int = -1, keep_empty: bool = False) -> _Piece | None:
    """The builder's text as a piece, outer whitespace trimmed; None if nothing is left."""
    text = b.text()
    lead = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    if end <= lead:
        return _Piece(kind, "", [], [], container) if keep_empty else None
    if lead == 0 and end == len(text):
        return _Piece(kind, text, b.segs, b.breaks, container)
    t, segs, breaks = _slice(text, b.segs, b.breaks, lead, end)
    return _Piece(kind, t, segs, breaks, container)


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


def _split_piece(p: _Piece, at: int, rest_from: int) -> tuple[_Piece, _Piece]:
    """``p`` cut into [0, at) and [rest_from, end), each trimmed of outer whitespace."""
    t1, s1, b1 = _slice(p.text, p.segs, p.breaks, 0, at)
    t2, s2, b2 = _slice(p.text, p.segs, p.breaks, rest_from, len(p.text))
    first = _trimmed(_Piece(p.kind, t1, s1, b1, p.container))
    second = _trimmed(_Piece(p.kind, t2, s2, b2, p.container))
    return first, second


def _trimmed(p: _Piece) -> _Piece:
    lead = len(p.text) - len(p.text.lstrip())
    end = len(p.text.rstrip())
    if lead == 0 and end == len(p.text):
        return p
    t, segs, breaks = _slice(p.text, p.segs, p.breaks, lead, max(end, lead))
    return _Piece(p.kind, t, segs, breaks, p.container)


def _caption_text(text: str) -> bool:
    return bool(_CAPTION_PREFIX_RE.match(text) or _PHOTO_CREDIT_RE.search(text))


# --- plain text -------------------------------------------------------------------------------


def _plain_units(source: str, lines: _Lines) -> list[_Unit]:
    groups: list[tuple[bool, list[tuple[int, int, int]]]] = []  # (is_byline, [(a, b, break)])
    current: list[tuple[int, int, int]] = []
    followed_by_blank: list[bool] = []
    for i in range(len(lines)):
        s, e = lines.start[i], lines.end[i]
        raw = source[s:e]
        body = raw.strip()
        if not body:
            if current:
                groups.append((False, current))
                followed_by_blank.append(True)
                current = []
            continue
        a = s + len(raw) - len(raw.lstrip())
        b = s + len(raw.rstrip())
        if _is_byline(body):
            if current:
                groups.append((False, current))
                followed_by_blank.append(False)
                current = []
            groups.append((True, [(a, b, e)]))
            followed_by_blank.append(True)
            continue
        current.append((a, b, e))
    if current:
        groups.append((False, current))
        followed_by_blank.append(False)

    units: list[_Unit] = []
    seen_paragraph = False  # run-in and capitals headings never stand in the lede
    for index, (is_byline, group) in enumerate(groups):
        b = _Builder()
        for k, (a, e, _) in enumerate(group):
            if k:
                b.line_break(group[k - 1][2])
            b.copy(source, a, e - a)
        text = b.text()
        if is_byline:
            kind = BlockKind.BYLINE
        elif index == 0 and len(groups) > 1 and _plain_headline(
                source, group, followed_by_blank[0] or groups[1][0]):
            kind = BlockKind.HEADLINE
        elif _caption_text(text):
            kind = BlockKind.CAPTION
        elif seen_paragraph and _is_caps_heading(text):
            kind = BlockKind.HEADING
        else:
            kind = BlockKind.PARAGRAPH
        piece = _Piece(kind, text, b.segs, b.breaks)
        pieces = [piece]
        if kind is BlockKind.PARAGRAPH and seen_paragraph:
            m = _RUNIN_HEADING_RE.match(text)
            if m and _letter_count(m.group(1)) >= _CAPS_HEADING_MIN_LETTERS:
                head, rest = _split_piece(piece, m.end(1), m.end())
                head.kind = BlockKind.HEADING
                pieces = [head, rest]
        seen_paragraph = seen_paragraph or kind is BlockKind.PARAGRAPH
        units.append(_Unit(group[0][0], pieces))
    return units


def _letter_count(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _is_caps_heading(text: str) -> bool:
    """A short paragraph in capitals ("GARLAND STEPS ASIDE.") is a subheading in plain text."""
    return (text.upper() == text and _letter_count(text) >= _CAPS_HEADING_MIN_LETTERS
            and len(text.split()) <= _CAPS_HEADING_MAX_WORDS)


def _plain_headline(source: str, group: list[tuple[int, int, int]], separated: bool) -> bool:
    """Policy §1: a first line with no end punctuation, followed by a blank line, is the headline.

    Also taken as headlines, as the PolNeAR texts write them: a single short line even with a
    final period, and a two-line "title; deck" pair whose first line ends in ";" or ":".
    """
    if not separated:
        return False
    first = source[group[0][0] : group[0][1]]
    if _dateline_match(first):
        return False
    if len(group) == 1:
        return not _ends_sentence(first) or len(first.split()) <= _HEADLINE_MAX_WORDS
    if len(group) == 2:
        second = source[group[1][0] : group[1][1]]
        return first[-1] in ";:" and len(first.split()) + len(second.split()) <= 2 * _HEADLINE_MAX_WORDS
    return False


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _END_PUNCT


# --- Markdown ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _trim_chars() -> str | None:
    """The exact set markdown-it-py trims with (older releases used str.strip())."""
    try:
        from markdown_it.common.utils import MD_TRIM_CHARS
    except ImportError:  # pragma: no cover
        return None
    return MD_TRIM_CHARS


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


class _ContentMap:
    """Maps offsets of an inline token's content to source offsets, run by run."""

    __slots__ = ("runs", "starts", "newlines", "i")

    def __init__(self, runs: list[SegTuple], newlines: dict[int, int]) -> None:
        self.runs = runs
        self.starts = [r[0] for r in runs]
        self.newlines = newlines  # content offset of "\n" -> source offset of the line break
        self.i = 0

    def copy(self, out: _Builder, source: str, a: int, end: int) -> None:
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

    def line_break(self, out: _Builder, content_nl: int) -> None:
        src = self.newlines.get(content_nl)
        if src is not None:
            out.line_break(src)


def _line_runs(source: str, lines: _Lines, content: str, first_line: int) -> _ContentMap:
    """Map a paragraph-like content (lines joined by "\\n") onto source lines from ``first_line``.

    markdown-it builds each content line from a suffix of its source line (container prefixes
    and indentation removed, tabs partly expanded to spaces), trims the whole, and joins lines
    with "\\n"; so each line is found as the last occurrence within its source line.
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
                    body = cl.lstrip(" ")
                    pad = n - len(body)
                    p = source.rfind(body, s, e) if body else -1
                if p >= 0:
                    runs.append((cpos + pad, p, n - pad))
            if k < last:
                newlines[cpos + n] = e
        cpos += n + 1
        line += 1
    return _ContentMap(runs, newlines)


@dataclass
class _InlineStats:
    images: int = 0
    plain: bool = False  # any visible text outside emphasis


def _render_inline(tok: Token, cmap: _ContentMap, source: str, out: _Builder,
                   captions: list[_Builder], stats: _InlineStats) -> None:
    content = tok.content
    if tok.meta.get("plain") or not tok.children:
        _render_plain(content, cmap, source, out, stats)
    else:
        _render_tokens(tok.children, content, 0, cmap, source, out, captions, stats)


def _render_plain(c: str, cmap: _ContentMap, source: str, out: _Builder, stats: _InlineStats) -> None:
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


def _render_tokens(children: list[Token], c: str, base: int, cmap: _ContentMap, source: str,
                   out: _Builder, captions: list[_Builder], stats: _InlineStats) -> None:
    """Copy the visible text of ``children`` (positions relative to ``base`` in ``c``) to ``out``.

    Kept: text, link text, entities as written, escaped characters. Dropped: emphasis markers,
    link and image targets, inline code, inline HTML, autolinks, footnote references. Image alt
    text goes to a builder of its own, appended to ``captions``.
    """
    cur = base
    depth = 0
    in_autolink = False
    for t in children:
        ty = t.type
        span = t.meta.get("span")
        if in_autolink:
            if ty == "link_close":
                in_autolink = False
                if span:
                    cur = base + span[1]
            continue
        if ty == "text":
            s = t.content
            if not s:
                continue
            p = c.find(s, cur)
            if p < 0:
                continue
            cmap.copy(out, source, p, p + len(s))
            if depth == 0 and not s.isspace():
                stats.plain = True
            cur = p + len(s)
        elif ty == "text_special":
            if span:
                a, e = base + span[0], base + span[1]
            else:
                a = c.find(t.markup, cur)
                e = a + len(t.markup)
                if a < 0:
                    continue
            if t.info == "escape":
                a += 1  # keep the escaped character, not the backslash
            cmap.copy(out, source, a, e)
            if depth == 0:
                stats.plain = True
            cur = e
        elif ty in ("softbreak", "hardbreak"):
            nl = c.find("\n", base + span[0] if span else cur)
            if nl >= 0:
                cmap.line_break(out, nl)
                cur = nl + 1
        elif ty in _EMPHASIS:
            p = c.find(t.markup, cur) if t.markup else -1
            if p >= 0:
                cur = p + len(t.markup)
            depth += _EMPHASIS[ty]
        elif ty == "link_open":
            if t.markup == "autolink":
                in_autolink = True
            elif span:
                cur = base + span[0] + 1
        elif ty == "link_close":
            if span:
                cur = base + span[1]
        elif ty == "image":
            cap = _Builder()
            alt_base = base + span[0] + 2 if span else cur
            _render_tokens(t.children or [], c, alt_base, cmap, source, cap, captions, _InlineStats())
            captions.append(cap)
            stats.images += 1
            if span:
                cur = base + span[1]
        elif span:
            cur = base + span[1]  # inline code, inline HTML, footnote references …
        elif t.content:
            p = c.find(t.content, cur)
            if p >= 0:
                cur = p + len(t.content)


_OPEN_CONTAINERS = {"blockquote_open": "quote", "bullet_list_open": "list", "ordered_list_open": "list"}
_CLOSE_CONTAINERS = {"blockquote_close", "bullet_list_close", "ordered_list_close"}


class _MarkdownWalk:
    """One pass over markdown-it's block tokens, producing units in token order."""

    def __init__(self, source: str, lines: _Lines) -> None:
        self.source = source
        self.lines = lines
        self.units: list[_Unit] = []
        self.stack: list[str] = []
        self.outer_id = -1
        self.next_id = 0
        self.seen_content = False
        self.prev_image_only = False

    def run(self, tokens: list[Token]) -> list[_Unit]:
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

    def _add(self, key: int, pieces: list[_Piece], content: bool = True, image_only: bool = False) -> None:
        self.units.append(_Unit(key, pieces))
        self.seen_content = self.seen_content or content
        self.prev_image_only = image_only

    # blocks

    def _raw(self, kind: BlockKind, first: int, count: int, content: str) -> None:
        """Code, HTML and front matter: the source lines themselves, line breaks included."""
        lines, source = self.lines, self.source
        last = min(first + count, len(lines)) - 1
        if count <= 0 or first > last:
            return
        b = _Builder()
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
                    body = cl.lstrip(" ")
                    p = source.rfind(body, s, e) if body else e
                p = p if p >= 0 else s
                b.copy(source, p, e - p)
                if line < last:
                    b.copy(source, e, lines.start[line + 1] - e)
        text = b.text()
        if not text.strip():
            return
        piece = _Piece(kind, text, b.segs, [], self.outer_id)
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
            cmap = _ContentMap([(0, p, len(inline.content))], {})
        else:
            cmap = _line_runs(self.source, self.lines, inline.content, line)
        out = _Builder()
        _render_inline(inline, cmap, self.source, out, [], _InlineStats())
        kind = BlockKind.HEADLINE if not self.seen_content else BlockKind.HEADING
        piece = _piece(kind, out, self.outer_id)
        if piece:
            self._add(s, [piece])

    def _paragraph(self, open_tok: Token, inline: Token) -> None:
        if not open_tok.map:
            return
        line = open_tok.map[0]
        cmap = _line_runs(self.source, self.lines, inline.content, line)
        out = _Builder()
        captions: list[_Builder] = []
        stats = _InlineStats()
        _render_inline(inline, cmap, self.source, out, captions, stats)
        container = self.outer_id
        pieces: list[_Piece] = []
        text = out.text()
        emphasised_only = not stats.plain and bool(text.strip())
        if stats.images and not text.strip():
            kind = None
        elif emphasised_only and (stats.images or self.prev_image_only):
            kind = BlockKind.CAPTION
        elif _caption_text(text.lstrip()):
            kind = BlockKind.CAPTION
        else:
            kind = self._prose_kind()
        if kind is not None:
            piece = _piece(kind, out, container)
            if piece:
                pieces.append(piece)
        for cap in captions:
            piece = _piece(BlockKind.CAPTION, cap, container)
            if piece:
                pieces.append(piece)
        pieces.sort(key=lambda p: p.segs[0][1] if p.segs else 0)
        if pieces:
            self._add(self.lines.start[line], pieces, image_only=kind is None)
        else:
            self.prev_image_only = kind is None

    def _table(self, tokens: list[Token], i: int) -> int:
        """All cells of the table opening at ``i``, one unit; returns the table_close index."""
        pieces: list[_Piece] = []
        start_line = tokens[i].map[0] if tokens[i].map else 0
        cells: list[_ContentMap | None] = []
        col = 0
        j = i + 1
        while j < len(tokens) and tokens[j].type != "table_close":
            t = tokens[j]
            if t.type == "tr_open":
                cells = _row_cells(self.source, self.lines, t.map[0]) if t.map else []
                col = 0
            elif t.type == "inline":
                cmap = cells[col] if col < len(cells) else None
                col += 1
                out = _Builder()
                if cmap is not None and t.content:
                    _render_inline(t, cmap, self.source, out, [], _InlineStats())
                piece = _piece(BlockKind.TABLE_CELL, out, self.outer_id, keep_empty=True)
                if piece:
                    pieces.append(piece)
            j += 1
        self._add(self.lines.start[start_line], pieces)
        return j


def _row_cells(source: str, lines: _Lines, line: int) -> list[_ContentMap | None]:
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
    return [_cell_map(source, c) for c in cells]


def _cell_map(source: str, pieces: list[tuple[int, int]]) -> _ContentMap:
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
    return _ContentMap(trimmed, {})


def _markdown_units(source: str, lines: _Lines) -> list[_Unit]:
    tokens = _markdown().parse(source, {})
    return _MarkdownWalk(source, lines).run(tokens)


# --- bylines, datelines -------------------------------------------------------------------------


def _is_byline(line: str) -> bool:
    """"By Firstname Lastname", optionally "and Other Name" and ", Agency" (a whole line)."""
    m = _BYLINE_RE.fullmatch(line)
    if not m:
        return False
    parts = [p.strip() for p in m.group("body").split(",")]
    if len(parts) > 3:
        return False
    for name in re.split(r"\s+(?:and|&)\s+", parts[0]):
        words = name.split()
        if not 2 <= len(words) <= 4:
            return False
        for k, w in enumerate(words):
            if not _NAME_WORD_RE.fullmatch(w):
                return False
            if not w[0].isupper() and not (k and w.lower() in _NAME_PARTICLES):
                return False
    for agency in parts[1:]:
        words = agency.split()
        if not 1 <= len(words) <= 5 or not all(_AGENCY_WORD_RE.fullmatch(w) for w in words):
            return False
    return True


def _split_bylines(units: list[_Unit]) -> list[_Unit]:
    """A top-level paragraph that is a byline, or whose first line is one, yields a BYLINE."""
    out: list[_Unit] = []
    for u in units:
        p = u.pieces[0]
        if len(u.pieces) != 1 or p.kind is not BlockKind.PARAGRAPH or p.container != -1:
            out.append(u)
            continue
        if _is_byline(p.text):
            p.kind = BlockKind.BYLINE
            out.append(u)
            continue
        if p.breaks and _is_byline(p.text[: p.breaks[0]]):
            head, rest = _split_piece(p, p.breaks[0], p.breaks[0] + 1)
            head.kind = BlockKind.BYLINE
            out.append(_Unit(u.key, [head]))
            out.append(_Unit(u.key, [rest]))
            continue
        out.append(u)
    return out


def _dateline_match(text: str) -> re.Match[str] | None:
    m = _DATELINE_RE.match(text)
    if not m or m.end() > _DATELINE_MAX:
        return None
    place = m.group("place")
    letters = [ch for ch in place if ch.isalpha()]
    if len(letters) < 2:
        return None
    if place.upper() != place:
        # A mixed-case place ("Beirut") counts only with an agency: "Beirut (AFP) –".
        if not m.group("agency") or not all(w[0].isupper() for w in place.split()):
            return None
    for phrase in m.group("rest").split(",")[1:]:
        phrase = phrase.strip()
        if not (phrase[:1].isupper() or phrase[:1].isdigit()):
            return None
    return m


def _split_dateline(units: list[_Unit]) -> None:
    """Split the dateline off the first prose paragraph, if it opens with one."""
    for u in units:
        k, p = next(((k, p) for k, p in enumerate(u.pieces) if p.kind.is_prose), (-1, None))
        if p is None:
            continue
        if p.kind is BlockKind.PARAGRAPH:
            m = _dateline_match(p.text)
            if m and m.end() < len(p.text):
                head, rest = _split_piece(p, m.end("dash"), m.end())
                head.kind = BlockKind.DATELINE
                u.pieces[k : k + 1] = [head, rest]
        return
