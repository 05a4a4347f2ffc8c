"""Read a Word draft (``.docx``): the text of its paragraphs, one line per paragraph, and what
each paragraph is (heading, list item, quote, table cell …) from its paragraph style.

Positions in a ``.docx`` are reported as line = paragraph number (every paragraph of the body
counts, empty ones and table cells included, in document order) and column = character within
that paragraph, so a finding can be found in Word by its paragraph and the text it quotes.

Only the body (``word/document.xml``) and the style names (``word/styles.xml``) are read; headers,
footers, footnotes, comments, text boxes and deleted (tracked) text are left out. The file is
untrusted input: each part is read with a size cap whatever the zip directory claims (a zip bomb
stops at the cap), and XML with a document type declaration is refused, so no entity can be
defined, let alone expanded ("billion laughs") or fetched from outside.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

from attrlint.model import BlockKind

DOCUMENT_PART = "word/document.xml"
STYLES_PART = "word/styles.xml"
# The largest XML part read (uncompressed); a 500-page report is about 10 MB of document.xml.
MAX_PART_BYTES = 64 * 1024 * 1024

_W = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "http://purl.oclc.org/ooxml/wordprocessingml/main")  # transitional and strict OOXML
# Elements whose content is not body text: drawings and text boxes, embedded objects, deleted or
# moved-away text (tracked changes), and the alternative renderings of markup-compatibility blocks.
_SKIP = frozenset({"drawing", "pict", "object", "del", "moveFrom", "AlternateContent", "txbxContent"})
_HEADING_STYLE_RE = re.compile(r"(?:heading \d|title|subtitle)")


class WordFileError(Exception):
    """Why a ``.docx`` cannot be read, in words for the user (the caller adds the path)."""


@dataclass(frozen=True)
class WordText:
    """A Word draft as text: ``text`` has one line per paragraph; ``kinds[i]`` is line i's kind."""

    text: str
    kinds: tuple[str, ...]


def read_docx(data: bytes | IO[bytes]) -> WordText:
    """The paragraphs of a ``.docx`` (its bytes or a binary file object)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes | bytearray) else data) as zf:
            body = _part(zf, DOCUMENT_PART)
            if body is None:
                raise WordFileError("a zip archive without word/document.xml, not a Word document")
            styles_xml = _part(zf, STYLES_PART)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise WordFileError(f"damaged Word document ({exc})") from None
    styles = _Styles.parse(styles_xml) if styles_xml is not None else _Styles()
    walker = _Body(styles)
    _parse(body, DOCUMENT_PART, walker.start, walker.end, walker.chars)
    return WordText("\n".join(walker.lines), tuple(walker.kinds))


def _part(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise WordFileError(f"{name} is {info.file_size // (1024 * 1024)} MB uncompressed, over the "
                            f"{MAX_PART_BYTES // (1024 * 1024)} MB attrlint reads")
    with zf.open(info) as fh:
        # The directory's size may lie: never read more than the cap, whatever it says.
        data = fh.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise WordFileError(f"{name} unpacks to more than {MAX_PART_BYTES // (1024 * 1024)} MB")
    return data


def _parse(xml: bytes, part: str, start: Callable[[str, dict[str, str]], None],
           end: Callable[[str], None], chars: Callable[[str], None] | None = None) -> None:
    """Stream ``xml`` through expat; names arrive as ``"namespace local"``. A DTD is refused."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def no_dtd(*_args: object) -> None:
        raise WordFileError(f"{part} declares a document type, which Word never writes; not read")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if chars is not None:
        parser.CharacterDataHandler = chars
    parser.buffer_text = True
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        raise WordFileError(f"damaged Word document: {part} is not well-formed XML "
                            f"(line {exc.lineno}: {expat.errors.messages.get(exc.code, 'error')})") from None


def _local(name: str) -> tuple[bool, str]:
    """(is a WordprocessingML name, local name) of an expat ``"namespace local"`` name."""
    ns, _, local = name.rpartition(" ")
    return ns in _W, local


def _attr(attrs: dict[str, str], local: str) -> str | None:
    for key, value in attrs.items():
        if key.rpartition(" ")[2] == local:
            return value
    return None


@dataclass
class _Styles:
    """Paragraph style id -> kind, from each style's name, outline level and base style."""

    names: dict[str, str] = field(default_factory=dict)
    based_on: dict[str, str] = field(default_factory=dict)
    outline: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, xml: bytes) -> _Styles:
        styles = cls()
        current: list[str | None] = [None]

        def start(name: str, attrs: dict[str, str]) -> None:
            w, local = _local(name)
            if not w:
                return
            if local == "style":
                current[0] = _attr(attrs, "styleId")
            elif current[0] is not None and local in ("name", "basedOn", "outlineLvl"):
                value = _attr(attrs, "val") or ""
                if local == "name":
                    styles.names[current[0]] = value.lower()
                elif local == "basedOn":
                    styles.based_on[current[0]] = value
                elif value.isdigit() and int(value) < 9:  # level 9 means body text
                    styles.outline.add(current[0])

        def end(name: str) -> None:
            if _local(name) == (True, "style"):
                current[0] = None

        _parse(xml, STYLES_PART, start, end)
        return styles

    def kind(self, style_id: str | None) -> BlockKind | None:
        """The kind a paragraph style makes, following ``basedOn`` (a user's "My Heading")."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            name = self.names.get(style_id, style_id.lower())
            if _HEADING_STYLE_RE.fullmatch(name) or style_id in self.outline:
                return BlockKind.HEADING
            if name in ("quote", "intense quote"):
                return BlockKind.BLOCKQUOTE
            if name == "caption":
                return BlockKind.CAPTION
            if name.startswith(("list paragraph", "list bullet", "list number")):
                return BlockKind.LIST_ITEM
            style_id = self.based_on.get(style_id)
        return None


class _Body:
    """Collects paragraphs from ``word/document.xml`` events."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.lines: list[str] = []
        self.kinds: list[str] = []
        self.stack: list[str] = []  # local names of open WordprocessingML elements
        self.skip = 0  # depth inside content that is not body text
        self.tables = 0
        self.text: list[str] | None = None  # the open paragraph's text
        self.style: str | None = None
        self.listed = False
        self.heading = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        w, local = _local(name)
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(local if w else "")
        if self.skip or (not w and local == "AlternateContent") or (w and local in _SKIP):
            self.skip += 1
            return
        if not w:
            return
        if local == "p":
            if self.text is not None:  # a paragraph nested in one (a text box we did not skip)
                self.skip += 1
                return
            self.text, self.style, self.listed, self.heading = [], None, False, False
        elif local == "tbl":
            self.tables += 1
        elif self.text is None:
            return
        elif local == "pStyle":
            self.style = _attr(attrs, "val")
        elif local == "numPr":
            self.listed = True
        elif local == "outlineLvl":
            value = _attr(attrs, "val") or ""
            self.heading = value.isdigit() and int(value) < 9
        elif parent == "r":
            self._run_content(local)

    def _run_content(self, local: str) -> None:
        assert self.text is not None
        if local == "tab":
            self.text.append("\t")
        elif local in ("br", "cr"):
            # A manual line break stays inside the paragraph: one line per paragraph.
            self.text.append(" ")
        elif local == "noBreakHyphen":
            self.text.append("-")

    def end(self, name: str) -> None:
        local = self.stack.pop() if self.stack else ""
        if self.skip:
            self.skip -= 1
            return
        if local == "tbl":
            self.tables -= 1
        elif local == "p" and self.text is not None:
            self.lines.append(_one_line("".join(self.text)))
            self.kinds.append(self._kind().value)
            self.text = None

    def chars(self, data: str) -> None:
        if not self.skip and self.text is not None and self.stack and self.stack[-1] == "t":
            self.text.append(data)

    def _kind(self) -> BlockKind:
        if self.heading:
            return BlockKind.HEADING
        kind = self.styles.kind(self.style)
        if self.tables:
            return BlockKind.TABLE_CELL if kind is None or kind.is_prose else kind
        if kind is None and self.listed:
            return BlockKind.LIST_ITEM
        return kind or BlockKind.PARAGRAPH


def _one_line(text: str) -> str:
    # Line breaks typed into a text run (XML allows them) would shift every later paragraph's line.
    return re.sub(r"[\r\n\v\f\x85\u2028\u2029]", " ", text)
