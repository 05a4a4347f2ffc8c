"""A draft as prose for the HTML page, with its findings marked in it.

Markdown is rendered with markdown-it (raw HTML off, so a draft's tags show as text; links keep
their words but lose their targets; images show their alt text: the page loads nothing). Plain
text and Word drafts are rendered from the segmenter's blocks: a paragraph per block, headings,
lists and quotes as the segmenter (or the Word styles) found them.

Marks are placed by source offsets, before rendering: each finding's start and end go into the
source as private-use characters carrying its number, which the renderer passes through as text;
afterwards every stretch of text between two such markers (or tags) is wrapped in the highlight
of the findings covering it. Cutting the text this way, rather than opening and closing one
element per finding, keeps the page well-formed when a finding overlaps emphasis, a line break
or another finding.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from attrlint.model import BlockKind, line_starts

_OPEN, _CLOSE, _END = "\ue000", "\ue001", "\ue002"
_DIGIT0 = 0xE010
# Characters a draft may not bring in: they would be read as markers (or as nothing at all).
_RESERVED_RE = re.compile("[\ue000-\ue01f]")
_MARKER_RE = re.compile(f"([{_OPEN}{_CLOSE}])([\ue010-\ue019]+){_END}")
_TAG_RE = re.compile(r"(<[^>]*>)")
# Closing one of these ends any mark still open: a finding never runs from one block into the next.
_BLOCK_END_RE = re.compile(r"</(?:p|h[1-6]|li|td|th|pre|blockquote)>")


@dataclass(frozen=True)
class Mark:
    """A finding to mark: its number on the page and its span in source offsets."""

    number: int
    start: int
    end: int


@dataclass
class Prose:
    """The rendered draft: its HTML, the findings actually shown in it, and the first source line
    of each block with an id (``{prefix}-L{line}``), for links to a line."""

    html: str
    shown: set[int] = field(default_factory=set)
    block_lines: list[int] = field(default_factory=list)


# Given the numbers of the findings covering a piece of text and the escaped piece: its markup.
Highlight = Callable[[list[int], str], str]


def render_draft(path: str, text: str, marks: Sequence[Mark], id_prefix: str, *, markdown: bool,
                 kinds: tuple[str, ...] | None, highlight: Highlight, opening: Callable[[int], str],
                 closing: Callable[[int, bool], str]) -> Prose:
    """``text`` as prose HTML with ``marks`` highlighted.

    ``highlight`` wraps a piece of text covered by findings; ``opening(n)`` is put where finding n
    starts, ``closing(n, empty)`` where it ends (``empty``: it covered no text, a pin).
    """
    clean = _RESERVED_RE.sub("\N{REPLACEMENT CHARACTER}", _visible(text))
    if markdown and kinds is None:
        body, lines = _markdown_html(_with_markers(clean, marks, 0, len(clean)), id_prefix)
    else:
        body, lines = _blocks_html(path, clean, marks, id_prefix, kinds)
    out, shown = _apply_marks(body, highlight, opening, closing)
    return Prose(out, shown, lines)


def _visible(text: str) -> str:
    """Control characters (other than tabs and line breaks) as U+FFFD, one for one."""
    return "".join("\N{REPLACEMENT CHARACTER}" if c not in "\t\r\n" and unicodedata.category(c) == "Cc" else c
                   for c in text)


def _marker(kind: str, number: int) -> str:
    return kind + "".join(chr(_DIGIT0 + int(d)) for d in str(number)) + _END


def _with_markers(text: str, marks: Sequence[Mark], a: int, b: int) -> str:
    """``text[a:b]`` with the markers of the marks that start or end inside it."""
    events: list[tuple[int, int, str]] = []
    for m in marks:
        empty = m.end <= m.start
        if a <= m.start <= b:
            events.append((m.start, 1, _marker(_OPEN, m.number)))
        if a <= m.end <= b or empty and a <= m.start <= b:
            # At one offset: ends of earlier marks, then starts, then pins' ends.
            events.append((max(m.end, m.start), 2 if empty else 0, _marker(_CLOSE, m.number)))
    events.sort()
    out: list[str] = []
    pos = a
    for offset, _, marker in events:
        out.append(text[pos:offset])
        out.append(marker)
        pos = offset
    out.append(text[pos:b])
    return "".join(out)


def _markdown_html(source: str, id_prefix: str) -> tuple[str, list[int]]:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable("table").use(front_matter_plugin)
    # Nothing is loaded or followed from the page: a link keeps its words, an image its alt text.
    md.add_render_rule("link_open", lambda *a: '<span class="link">')
    md.add_render_rule("link_close", lambda *a: "</span>")
    md.add_render_rule("image", _image)
    tokens = md.parse(source)
    lines: list[int] = []
    for tok in tokens:
        if tok.nesting == 1 and tok.map and tok.level == 0 or tok.type in ("fence", "code_block") and tok.level == 0:
            line = tok.map[0] + 1 if tok.map else 0
            if line and (not lines or lines[-1] != line):
                tok.attrSet("id", f"{id_prefix}-L{line}")
                lines.append(line)
    return md.renderer.render(tokens, md.options, {}), lines


def _image(renderer, tokens, idx, options, env) -> str:  # noqa: ANN001 - markdown-it's rule signature
    alt = "".join(t.content for t in tokens[idx].children or [])
    return f'<span class="image">[image: {html.escape(alt)}]</span>'


_TAGS = {
    BlockKind.HEADLINE: ("h1", ""), BlockKind.HEADING: ("h2", ""), BlockKind.BYLINE: ("p", "meta"),
    BlockKind.DATELINE: ("p", "meta"), BlockKind.CAPTION: ("p", "caption"),
    BlockKind.BLOCKQUOTE: ("blockquote", ""), BlockKind.LIST_ITEM: ("li", ""),
    BlockKind.TABLE_CELL: ("p", "cell"), BlockKind.CODE: ("pre", ""), BlockKind.HTML: ("p", "muted"),
    BlockKind.FRONT_MATTER: ("p", "muted"),
}


def _blocks_html(path: str, text: str, marks: Sequence[Mark], id_prefix: str,
                 kinds: tuple[str, ...] | None) -> tuple[str, list[int]]:
    """Plain text or a Word draft: one element per paragraph of the segmenter. A line break inside
    a plain-text paragraph is a space, as the segmenter reads it (wire copy wraps its lines)."""
    from attrlint.engine import build_document

    doc = build_document(path, text, markdown=False, kinds=kinds)
    starts = line_starts(text)
    units: dict[int, list] = {}
    for b in doc.blocks:
        if b.segments:
            units.setdefault(b.paragraph, []).append(b)
    out: list[str] = []
    lines: list[int] = []
    in_list = False
    for blocks in units.values():
        a = min(s.src for b in blocks for s in b.segments)
        z = max(s.src + s.length for b in blocks for s in b.segments)
        kind = next((b.kind for b in blocks if b.kind.is_prose), blocks[0].kind)
        tag, cls = _TAGS.get(kind, ("p", ""))
        if (tag == "li") != in_list:
            out.append("<ul>" if tag == "li" else "</ul>")
            in_list = tag == "li"
        line = _line_of(starts, a)
        lines.append(line)
        inner = html.escape(_with_markers(text, marks, a, z), quote=True)
        if kinds is not None:
            # Word: each line is a paragraph of its own (several only for a table's cells).
            inner = re.sub(r"\r\n|\r|\n", "<br>\n", inner)
        if tag == "blockquote":
            inner = f"<p>{inner}</p>"
        attrs = f' id="{id_prefix}-L{line}"' + (f' class="{cls}"' if cls else "")
        out.append(f"<{tag}{attrs}>{inner}</{tag}>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out), lines


def _line_of(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset)


def _apply_marks(body: str, highlight: Highlight, opening: Callable[[int], str],
                 closing: Callable[[int, bool], str]) -> tuple[str, set[int]]:
    """Replace the markers in rendered ``body`` by highlights (see the module docstring)."""
    out: list[str] = []
    active: list[int] = []
    covered: set[int] = set()  # open marks that have covered some text
    shown: set[int] = set()
    for part in _TAG_RE.split(body):
        if part.startswith("<"):
            if _BLOCK_END_RE.match(part):
                for n in active:
                    out.append(closing(n, n not in covered))
                active = []
            out.append(_RESERVED_RE.sub("", part))  # a marker inside an attribute means nothing
            continue
        pos = 0
        for m in _MARKER_RE.finditer(part):
            _text(part[pos:m.start()], active, covered, highlight, out)
            pos = m.end()
            number = int("".join(str(ord(c) - _DIGIT0) for c in m.group(2)))
            if m.group(1) == _OPEN:
                if number not in active:
                    active.append(number)
                    shown.add(number)
                    out.append(opening(number))
            elif number in active:
                active.remove(number)
                out.append(closing(number, number not in covered))
                covered.discard(number)
        _text(part[pos:], active, covered, highlight, out)
    return "".join(out), shown


def _text(piece: str, active: list[int], covered: set[int], highlight: Highlight, out: list[str]) -> None:
    if not piece:
        return
    if active and piece.strip():
        covered.update(active)
        out.append(highlight(list(active), piece))
    else:
        out.append(piece)
