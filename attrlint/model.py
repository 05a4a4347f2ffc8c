"""The document model shared by every stage: blocks, sentences, figures, attributions, diagnostics.

All spans are character offsets into ``Document.source`` (the decoded file, BOM removed), so a
finding always maps back to the original file; ``Document.position`` turns an offset into a
1-based (line, column) pair.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


class BlockKind(str, enum.Enum):
    """What a block of the draft is; attribution rules only read prose kinds."""

    PARAGRAPH = "paragraph"
    HEADLINE = "headline"
    HEADING = "heading"
    DATELINE = "dateline"
    BYLINE = "byline"
    CAPTION = "caption"
    RUBRIC = "rubric"  # a label in front of a paragraph: "UPDATE:", "BREAKING:", "UPDATE 2 -"
    BLOCKQUOTE = "blockquote"
    LIST_ITEM = "list-item"
    TABLE_CELL = "table-cell"
    CODE = "code"
    FRONT_MATTER = "front-matter"
    HTML = "html"

    @property
    def is_prose(self) -> bool:
        """Blocks whose figures the attribution rules judge (policy §1: not headings, captions…)."""
        return self in _PROSE


_LINE_END = re.compile(r"\r\n?|\n")
_PROSE = {BlockKind.PARAGRAPH, BlockKind.BLOCKQUOTE, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL}


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of block text copied from the source: text[start:start+length] == source[src:src+length],
    except a one-character segment standing for a line break (a space mapped to its \\r or \\n)."""

    start: int
    src: int
    length: int


# Slots: a long table is hundreds of thousands of blocks, and per-object dicts doubled their memory.
@dataclass(slots=True)
class Block:
    """One unit of the draft (a paragraph, a heading, a table cell …) with its prose text.

    ``text`` drops markup (emphasis markers, link targets, blockquote prefixes) and turns line
    breaks inside a paragraph into spaces; ``segments`` maps every kept character back to the
    source. ``paragraph`` numbers paragraphs so carry-over rules can tell adjacency.
    """

    kind: BlockKind
    text: str
    segments: Sequence[Segment]
    paragraph: int
    # Blockquotes and lists nest; the id of the enclosing container (or -1) lets rules see that
    # a blockquote follows the sentence introducing it.
    container: int = -1
    # A later piece of a paragraph too long to parse whole (attrlint.analysis.chunks).
    continues: bool = False
    _starts: list[int] | None = field(default=None, repr=False, compare=False)

    def to_source(self, i: int) -> int:
        """Source offset of block-text offset ``i`` (an end offset maps to just after its char)."""
        if not self.segments:
            return 0
        if self._starts is None or len(self._starts) != len(self.segments):
            self._starts = [s.start for s in self.segments]
        starts = self._starts
        k = max(bisect.bisect_right(starts, i) - 1, 0)
        seg = self.segments[k]
        if i - seg.start > seg.length:
            return seg.src + seg.length
        return seg.src + (i - seg.start)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [a, b) of block-text span [start, end)."""
        if end <= start:
            a = self.to_source(start)
            return a, a
        return self.to_source(start), self.to_source(end - 1) + 1


@dataclass(frozen=True)
class NumberValue:
    """A normalised figure: an interval [low, high] plus how it was written.

    ``bound`` is "min" for "more than/at least", "max" for "up to/fewer than", else None.
    ``approx`` is set by "about", "some", "nearly" …; ``precision`` is the written rounding unit
    (1,500 → 100, 1,480 → 10, 4.2 → 0.1) used to compare approximations with facts.
    ``multiplier`` marks "twice", "doubled", "three times" (value = the factor).
    """

    low: float
    high: float
    approx: bool = False
    bound: str | None = None
    precision: float = 1.0
    percent: bool = False
    currency: str | None = None
    multiplier: bool = False

    @property
    def is_range(self) -> bool:
        return self.low != self.high


class Credit(str, enum.Enum):
    ATTRIBUTED = "attributed"
    VAGUE = "vague"
    NONE = "unattributed"
    # the figure is the record itself (policy §2: a vote's tally, a sentence, a closing price)
    PUBLIC_RECORD = "public record"


class How(str, enum.Enum):
    """The construction that credits a source (see ``attrlint.analysis.cues``)."""

    ACCORDING_TO = "according-to"  # "according to the ministry"
    CITING = "citing"  # "citing the ministry", "per the ministry", "as cited by the agency"
    VERB = "verb"  # a reporting verb and its subject: "the ministry said", "…, said Lee"
    IMPERSONAL = "impersonal"  # nobody named: "it is believed", "is estimated to"
    DOCUMENT = "document"  # a document speaks: "the poll found", "records show"
    NOUN = "noun"  # an attribution noun with its owner: "the ministry's estimate"
    IN_DOCUMENT = "in-document"  # "in the agency's report, …"
    BY_NOUN = "by-noun"  # "by one estimate", "by the union's count"
    ADVERB = "adverb"  # "reportedly", "allegedly": a report with nobody named
    INTRODUCTION = "introduction"  # "Moreau went on:" credits the block that follows
    CARRY_OVER = "carry-over"  # "That estimate …" continues the previous sentence's credit
    TRANSCRIPT = "transcript"  # a transcript turn: "OKAFOR: We moved …"
    SIGNATURE = "signature"  # a quotation signed with a dash: "…" ― Ada Moreau
    SOURCE_LINE = "source-line"  # "Source: Harbour Authority" under a table

    def __str__(self) -> str:
        return self.value


@dataclass
class Attribution:
    """A credited source: who (source span and text), by what cue, and how it was found."""

    source: str
    source_start: int
    source_end: int
    cue: str
    how: How
    vague: bool = False


@dataclass
class Sentence:
    """A sentence of a block; ``doc_span`` is the spaCy Span when the block was parsed."""

    block: Block
    index: int  # position in Document.sentences
    start: int  # block-text offsets
    end: int
    doc_span: Any = None
    attribution: Attribution | None = None
    # Every attribution construction found in the sentence (attrlint.analysis.cues.Cue objects).
    cues: list[Any] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.block.text[self.start : self.end]


@dataclass
class FigureMention:
    """A number in prose that states a quantity (policy §1), with its unit and credit."""

    text: str
    start: int  # source offsets of the figure itself (currency and % included)
    end: int
    value: NumberValue
    unit: str  # the counted noun, lemmatised and lower-case ("troop" for "troops"); "" if none
    sentence: Sentence
    credit: Credit = Credit.NONE
    attribution: Attribution | None = None
    # Words written before the figure that qualify it ("up to", "some") for messages.
    qualifier: str = ""
    # Why it is credited or not, in a reporter's words (``attrlint check --explain``).
    reason: str = ""

    @property
    def display(self) -> str:
        return f"{self.qualifier} {self.text}".strip()


@dataclass
class NotAFigure:
    """A written number the analysis set aside, and why (``attrlint check --explain``)."""

    text: str
    start: int  # source offsets
    end: int
    reason: str  # "not a figure: age", "not a claim: inside a condition"
    test: str  # the name of the test that applied


@dataclass
class Quote:
    """A direct quotation in a sentence (source offsets include the quote marks)."""

    start: int
    end: int
    sentence: Sentence
    speaker: Attribution | None = None
    # A quoted clause, not a scare-quoted phrase ("fake news"); only these need a speaker.
    full: bool = True
    # False when no closing mark ends it in its paragraph: a quotation running on into the next
    # paragraph opens that paragraph with a quote mark again (see ``analysis.quotes``).
    closed: bool = True
    # False when the quotation is woven into the reporter's sentence ("attacked “the hateful
    # ideology …”", "the complaint says they “participated personally …”") or follows a clause
    # that introduces it with a colon: that sentence already says whose words they are.
    opens_sentence: bool = True


@dataclass
class Document:
    """One draft, read and segmented; the NLP stage fills sentences, figures and quotes."""

    path: str
    source: str
    blocks: list[Block]
    markdown: bool
    line_starts: list[int] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    figures: list[FigureMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    not_figures: list[NotAFigure] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.line_starts:
            self.line_starts = line_starts(self.source)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count characters."""
        k = bisect.bisect_right(self.line_starts, offset) - 1
        return k + 1, offset - self.line_starts[k] + 1

    def end_position(self, start: int, end: int) -> tuple[int, int]:
        """1-based inclusive (line, column) of the last character of [start, end)."""
        return self.position(max(end - 1, start))

    def line_text(self, line: int) -> str:
        a = self.line_starts[line - 1]
        b = self.line_starts[line] if line < len(self.line_starts) else len(self.source)
        return self.source[a:b].rstrip("\r\n")


def line_starts(text: str) -> list[int]:
    """Offsets where lines start; \\n, \\r\\n and a lone \\r all end a line."""
    # One regex pass: a loop over the characters took seconds on a 20 MB draft.
    return [0, *(m.end() for m in _LINE_END.finditer(text))]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class Related:
    """Another place a finding refers to (the earlier figure it disagrees with …)."""

    path: str
    line: int
    column: int
    message: str
    # The inclusive end of the place when it is a span (a word), else None: a point.
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One reported finding; positions 1-based, ``end_column`` inclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    message: str
    suggestion: str | None = None
    fact: str | None = None
    related: tuple[Related, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The stable JSON object (schema version 1): exactly these keys."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
            "fact": self.fact,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Diagnostic:
        return cls(
            path=d["path"], line=d["line"], column=d["column"], end_line=d["end_line"],
            end_column=d["end_column"], code=d["code"], rule=d["rule"],
            severity=Severity(d["severity"]), message=d["message"],
            suggestion=d.get("suggestion"), fact=d.get("fact"),
            related=tuple(Related(**r) for r in d.get("related", ())),
        )

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.end_line, self.end_column)


def _ascending(diagnostics: list[Diagnostic], strictly: bool) -> bool:
    # One pair of keys at a time: sorting a draft's 200,000 findings would build all their keys.
    prev = None
    for d in diagnostics:
        key = d.sort_key
        if prev is not None and (key <= prev if strictly else key < prev):
            return False
        prev = key
    return True


def sort_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """Sort findings in place by place and code; a list already in order is left as it is."""
    if not _ascending(diagnostics, strictly=False):
        diagnostics.sort(key=lambda d: d.sort_key)


def sorted_unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The findings without repeats, sorted by place and code (the list itself when it already is)."""
    if _ascending(diagnostics, strictly=True):
        return diagnostics
    return sorted(set(diagnostics), key=lambda d: d.sort_key)
